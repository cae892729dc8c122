"""Hostile inputs for every entry point, built from real ones by mutation: scenario YAML (the
built-ins), GENIUS XML (real ANAC files in tests/data/genius), GeniusWeb JSON, event logs
(JSONL lines and SQLite rows of a recorded run), agreement files and lines typed at a seat.

Every choice goes through a `Chooser`, so the same generators serve the hypothesis suite
(`tests/fuzz/test_fuzz.py`, choices drawn by hypothesis) and the 10,000-input harness
(`tests/fuzz/harness.py`, choices from a seeded `random.Random`). A `Case` is the command line,
the files it reads and the lines typed; `{dir}` in an argument is the folder the files are in.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import math
import random
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

from dragoman import load_scenario

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "src" / "dragoman" / "scenarios"
GENIUS = ROOT / "tests" / "data" / "genius"


class Chooser(Protocol):
    """Where the generators' choices come from."""

    def pick(self, options: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int: ...


class RandomChooser:
    """Choices from a seeded `random.Random` (the harness)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


@dataclass
class Case:
    """One input: the CLI arguments, the files they name, the lines typed, and whether the
    input holds a value off its issue's grid that must be refused, never snapped."""

    target: str
    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    stdin: str | None = None
    off_grid: bool = False
    snap_marker: str = ""  # output text that would show an off-grid value was taken

    def write(self, folder: Path) -> list[str]:
        """Write the files into `folder`; the arguments with `{dir}` filled in."""
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        return [a.replace("{dir}", str(folder)) for a in self.args]


# ---- hostile atoms ------------------------------------------------------------------------

HOSTILE_TEXT = [
    "[/x]",
    "[bold]t",
    "\x1b]0;PWNED\x07\x1b[2J",
    "\x1b[31mred",
    "\x9b2J",
    "\u202eevil",
    "\x00nul",
    "\x7f",
    "",
    " ",
    "a\nb",
    "é😀",
    "x" * 3000,
    "[link=file:///etc/passwd]x[/link]",
    "%s{0}{amount:>99}",
    "\\",
]
HOSTILE_VALUE: list[Any] = [
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    -1,
    0,
    2**63,
    -(2**63) - 1,
    True,
    None,
    [],
    {},
    [1, [2, [3]]],
    {"a": {"b": []}},
    "many",
    0.333333,
    1.5,
    *HOSTILE_TEXT[:8],
]
#: Raw YAML/JSON tokens no safe dump writes: huge integers, deep nesting, unhashable keys.
RAW_TOKENS = [
    "9" * 5000,
    "-" + "9" * 4400,
    "[" * 3000 + "]" * 3000,
    "{a: " * 2000 + "1" + "}" * 2000,
    ".nan",
    ".inf",
    "-.inf",
    "1e999",
    "!!python/object/apply:os.system ['true']",
    "&a [*a, *a]",
    "0x7fffffffffffffffffff",
    "0o777777777777777777777777",
    "2001-12-14t21:59:43.10-05:00",
    "!!binary aGVsbG8=",
    "{[1, 2]: x}",
    "? [a, b]\n  : 1",
]


def hostile_value(c: Chooser) -> Any:
    return copy.deepcopy(c.pick(HOSTILE_VALUE))


# ---- generic mutation of nested data -------------------------------------------------------


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of `data` (dict keys and list positions)."""
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def mutate_data(data: Any, c: Chooser, rounds: int | None = None) -> Any:
    """`data` with one to three nodes replaced, deleted, renamed, duplicated or grown."""
    data = copy.deepcopy(data)
    for _ in range(rounds or c.integer(1, 3)):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return hostile_value(c)
        path = c.pick(paths)
        parent, last = _parent(data, path), path[-1]
        how = c.pick(["replace", "replace", "delete", "rename", "unknown", "grow", "text"])
        if how == "replace":
            parent[last] = hostile_value(c)
        elif how == "delete":
            del parent[last]
        elif how == "rename" and isinstance(parent, dict):
            parent[c.pick(HOSTILE_TEXT)] = parent.pop(last)
        elif how == "unknown" and isinstance(parent, dict):
            parent[f"unknown_{c.integer(0, 99)}"] = hostile_value(c)
        elif how == "grow" and isinstance(parent[last], list):
            parent[last] = parent[last] * c.integer(2, 40)
        elif (
            how == "grow" and isinstance(parent[last], int | float) and parent[last] == parent[last]
        ):
            parent[last] = parent[last] * c.pick([10, 1000, 10**6, -1])
        elif how == "text" and isinstance(parent[last], str):
            parent[last] = parent[last] + c.pick(HOSTILE_TEXT)
    return data


def mutate_text(text: str, c: Chooser) -> str:
    """`text` with a raw token spliced in, a slice cut, or characters flipped."""
    how = c.pick(["token", "token", "truncate", "flip", "duplicate"])
    if not text:
        return c.pick(RAW_TOKENS)
    at = c.integer(0, len(text) - 1)
    if how == "token":
        numbers = [m.span() for m in re.finditer(r"-?\d+(\.\d+)?", text)]
        start, end = c.pick(numbers) if numbers else (at, at)
        return text[:start] + c.pick(RAW_TOKENS) + text[end:]
    if how == "truncate":
        return text[:at]
    if how == "flip":
        chars = list(text)
        for _ in range(c.integer(1, 8)):
            k = c.integer(0, len(chars) - 1)
            chars[k] = chr(
                c.pick([0, 0x1B, 0x22, 0x3A, 0x5B, 0x7B, 0x80, 0xFFFF, ord(chars[k]) ^ 1])
            )
        return "".join(chars)
    return text[:at] + text[at : at + 200] * c.integer(2, 20) + text[at:]


def _dump_yaml(data: Any) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, RecursionError):
        return json.dumps(data, default=str)


# ---- scenario YAML ---------------------------------------------------------------------------

SMALL = ["pie-split", "discounted-split", "river-basin", "gaza-ceasefire-2024"]
SCENARIO_COMMANDS = [
    ["validate"],
    ["analyze", "--time-limit", "5"],
    ["negotiate", "--steps", "30", "--quiet"],
    ["implement", "--runs", "200"],
    ["validate", "--json"],
]


@functools.cache
def _builtin(name: str) -> Any:
    return yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))


def scenario_case(c: Chooser) -> Case:
    """A built-in scenario mutated as data (then sometimes as text), through one command."""
    data = mutate_data(_builtin(c.pick(SMALL)), c)
    text = _dump_yaml(data)
    if c.integer(0, 2) == 0:
        text = mutate_text(text, c)
    command = c.pick(SCENARIO_COMMANDS)
    return Case("scenario", [command[0], "{dir}/s.yaml", *command[1:]], {"s.yaml": _encode(text)})


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# ---- GENIUS XML ------------------------------------------------------------------------------

GENIUS_SETS = [
    ("laptop_domain.xml", "laptop_buyer_utility.xml", "laptop_seller_utility.xml"),
    ("IntegerDomain.xml", "IntegerDomain-prof1.xml", "IntegerDomain-prof2.xml"),
]
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
XML_TOKENS = [
    '<?xml version="1.0" encoding="x-unknown-8"?>\n',
    '<?xml version="1.0" encoding="utf-16"?>\n',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n',
    '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">\n',
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n',
]


def _xml_value(c: Chooser) -> str:
    value = c.pick([*map(str, HOSTILE_VALUE[:9]), *HOSTILE_TEXT, "1" * 5000, "-0", "1e-400"])
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def mutate_xml(text: str, c: Chooser) -> str:
    """A GENIUS file with attributes changed, elements repeated or nested deep, a prologue."""
    how = c.pick(["attribute", "attribute", "attribute", "element", "nest", "prologue", "text"])
    if how == "attribute":
        spans = [m.span(2) for m in _ATTRIBUTE.finditer(text)]
        for _ in range(c.integer(1, 3)):
            start, end = c.pick(spans)
            text = text[:start] + _xml_value(c) + text[end:]
            spans = [m.span(2) for m in _ATTRIBUTE.finditer(text)]
        return text
    if how == "element":
        items = [m.span() for m in re.finditer(r"<(item|issue|weight|evaluator)\b[^>]*>", text)]
        if items:
            start, end = c.pick(items)
            return text[:end] + text[start:end] * c.integer(1, 50) + text[end:]
    if how == "nest":
        depth = c.pick([50, 3000, 100_000])
        at = text.find("<objective")
        deep = "<objective>" * depth + "</objective>" * depth
        return text[:at] + deep + text[at:] if at >= 0 else deep
    if how == "prologue":
        return c.pick(XML_TOKENS) + text
    return mutate_text(text, c)


def genius_case(c: Chooser) -> Case:
    """A real GENIUS domain and its profiles, one or two files mutated, imported."""
    names = c.pick(GENIUS_SETS)
    files = {n: (GENIUS / n).read_text(encoding="utf-8") for n in names}
    for name in {c.pick(names) for _ in range(c.integer(1, 2))}:
        files[name] = mutate_xml(files[name], c)
    args = ["import", "genius", *(f"{{dir}}/{n}" for n in names)]
    if c.integer(0, 4) == 0:
        args += ["--real-levels", str(c.pick([2, 3, 1000]))]
    return Case("genius", args, {n: _encode(t) for n, t in files.items()})


# ---- GeniusWeb JSON --------------------------------------------------------------------------

WEB_DOMAIN: dict[str, Any] = {
    "name": "jobs",
    "issuesValues": {
        "lease car": {"values": ["yes", "no"]},
        "fte": {"values": ["0.6", "0.8", "1.0"]},
        "salary": {"range": {"low": 2000, "high": 4000, "step": 500}},
    },
}


def web_profile(name: str, flip: bool) -> dict[str, Any]:
    low, high = (1, 0) if flip else (0, 1)
    return {
        "LinearAdditiveUtilitySpace": {
            "name": name,
            "domain": WEB_DOMAIN,
            "issueWeights": {"lease car": 0.2, "fte": 0.3, "salary": 0.5},
            "issueUtilities": {
                "lease car": {"discreteutils": {"valueUtilities": {"yes": high, "no": low}}},
                "fte": {"discreteutils": {"valueUtilities": {"1.0": high, "0.6": low}}},
                "salary": {
                    "numberutils": {
                        "lowValue": 2000,
                        "lowUtility": low,
                        "highValue": 4000,
                        "highUtility": high,
                    }
                },
            },
            "reservationBid": {"issuevalues": {"lease car": "no", "fte": "0.8", "salary": 3000}},
        }
    }


def _json_text(data: Any) -> str:
    try:
        return json.dumps(data)
    except (ValueError, RecursionError):
        return "{}"


def geniusweb_case(c: Chooser) -> Case:
    """A GeniusWeb domain and two profiles, one file mutated as data or as text, imported."""
    files: dict[str, Any] = {
        "jobs.json": WEB_DOMAIN,
        "a.json": web_profile("a", False),
        "b.json": web_profile("b", True),
    }
    target = c.pick(list(files))
    texts = {n: _json_text(d) for n, d in files.items()}
    texts[target] = _json_text(mutate_data(files[target], c))
    if c.integer(0, 2) == 0:
        texts[target] = mutate_text(texts[target], c)
    args = ["import", "geniusweb", *(f"{{dir}}/{n}" for n in files)]
    return Case("geniusweb", args, {n: _encode(t) for n, t in texts.items()})


# ---- event logs ------------------------------------------------------------------------------

_RECORDED: dict[str, bytes] = {}


def recorded_log(suffix: str) -> bytes:
    """The bytes of a real log of a pie-split negotiation (recorded once per process)."""
    if suffix not in _RECORDED:
        import tempfile

        from dragoman.runs.negotiation import negotiate

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"run{suffix}"
            negotiate(load_scenario("pie-split"), steps=12, seed=3, log=path)
            _RECORDED[suffix] = path.read_bytes()
    return _RECORDED[suffix]


LOG_COMMANDS = [
    ["replay", "{log}"],
    ["implement", "pie-split", "--from-log", "{log}", "--runs", "50"],
]


def _mutate_jsonl(c: Chooser) -> bytes:
    lines = recorded_log(".jsonl").decode().splitlines()
    how = c.pick(["field", "field", "field", "text", "drop", "repeat"])
    k = c.integer(0, len(lines) - 1)
    if how == "field":
        lines[k] = _json_text(mutate_data(json.loads(lines[k]), c))
    elif how == "text":
        lines[k] = mutate_text(lines[k], c)
    elif how == "drop":
        del lines[k]
    else:
        lines[k:k] = [lines[k]] * c.integer(1, 30)
    return _encode("\n".join(lines) + "\n")


_SQL_COLUMNS = {
    "events": ["seq", "step", "round", "kind", "sender", "receivers_json", "outcome", "data_json"],
    "sessions": ["title", "protocol", "seed", "status", "event_count", "created_seq"],
}


def _sql_value(c: Chooser, old: Any) -> Any:
    if isinstance(old, str) and old.startswith(("{", "[")) and c.integer(0, 1):
        try:
            return _json_text(mutate_data(json.loads(old), c))
        except ValueError:
            pass
    value = hostile_value(c)
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return str(value)
    return value


def _mutate_sqlite(c: Chooser, folder: Path) -> bytes:
    path = folder / "mutating.db"
    path.write_bytes(recorded_log(".db"))
    if c.integer(0, 5) == 0:
        raw = bytearray(path.read_bytes())
        for _ in range(c.integer(1, 20)):
            raw[c.integer(0, len(raw) - 1)] = c.integer(0, 255)
        return bytes(raw)
    with sqlite3.connect(path) as db:
        table = c.pick(list(_SQL_COLUMNS))
        rows = db.execute(f"SELECT rowid, * FROM {table}").fetchall()
        names = ["rowid", *(d[0] for d in db.execute(f"SELECT * FROM {table}").description)]
        for _ in range(c.integer(1, 3)):
            row = c.pick(rows)
            column = c.pick(_SQL_COLUMNS[table])
            old = row[names.index(column)]
            if c.integer(0, 9) == 0:
                db.execute(f"DELETE FROM {table} WHERE rowid = ?", (row[0],))
                continue
            with contextlib.suppress(sqlite3.DatabaseError):  # a constraint may refuse it
                db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
                    (_sql_value(c, old), row[0]),
                )
    data = path.read_bytes()
    path.unlink()
    return data


def eventlog_case(c: Chooser, scratch: Path | None = None) -> Case:
    """A recorded log with lines (JSONL) or rows (SQLite) mutated, replayed or implemented."""
    command = c.pick(LOG_COMMANDS)
    if c.integer(0, 1) or scratch is None:
        name, data = "run.jsonl", _mutate_jsonl(c)
    else:
        name, data = "run.db", _mutate_sqlite(c, scratch)
    args = [a.replace("{log}", "{dir}/" + name) for a in command]
    return Case("eventlog", args, {name: data})


# ---- agreement files -------------------------------------------------------------------------


def _off_grid(issue: Any, c: Chooser) -> Any:
    """A value that is not on `issue`'s grid: non-finite, between grid points, or outside."""
    options: list[Any] = [math.nan, math.inf, -math.inf, "nan", "inf", "1e999"]
    if issue.is_numeric:
        values = [float(v) for v in issue.labels]
        if len(values) >= 2:
            options += [(values[0] + values[1]) / 2 + 1e-9, values[-1] + 1, values[0] - 1]
    else:
        options += [issue.labels[0] + " ", issue.labels[0].upper() + "x", 0, True]
    return c.pick(options)


@functools.cache
def _space(name: str) -> Any:
    return load_scenario(name).outcome_space


def agreement_case(c: Chooser) -> Case:
    """An agreement on a built-in scenario, mutated: an off-grid value (must be refused), or
    any other hostile change; implemented."""
    name = c.pick(SMALL)
    space = _space(name)
    labels = space.outcome(c.integer(0, space.size - 1))
    data: dict[str, Any] = dict(labels)
    off = c.integer(0, 2) == 0
    if off:
        issue = c.pick(space.issues)
        data[issue.name] = _off_grid(issue, c)
    else:
        data = mutate_data(data, c)
    as_json = c.integer(0, 1) == 0
    text = _json_text(data) if as_json else _dump_yaml(data)
    if not off and c.integer(0, 3) == 0:
        text = mutate_text(text, c)
    file = "agreement.json" if as_json else "agreement.yaml"
    args = ["implement", name, "--agreement", "{dir}/" + file, "--runs", "50"]
    return Case("agreement", args, {file: _encode(text)}, off_grid=off)


# ---- lines typed at a seat -------------------------------------------------------------------

WORDS = ["a", "accept", "r", "reject", "w", "walk away", "?", "help", "best", "same", "y", "n"]
HUMAN_ISSUE = "share_for_alice"


def _off_grid_line(c: Chooser) -> str:
    value = c.pick(["nan", "NaN", "inf", "-inf", "1e999", "50.5", "-1", "101", "0x10", "1e2x"])
    return f"{HUMAN_ISSUE}={value}"


def human_line(c: Chooser) -> str:
    """One line a person might type: a command, an edit (good or bad), hostile text."""
    how = c.pick(["word", "edit", "edit", "off", "hostile", "mixed"])
    if how == "word":
        return c.pick(WORDS)
    if how == "edit":
        return f"{HUMAN_ISSUE}={c.integer(-5, 105)}"
    if how == "off":
        return _off_grid_line(c)
    if how == "hostile":
        return c.pick(HOSTILE_TEXT).replace("\n", " ")
    return f"{c.pick(HOSTILE_TEXT)}={c.pick(HOSTILE_TEXT)}".replace("\n", " ")


def human_case(c: Chooser) -> Case:
    """Lines piped to a human seat (Alice proposes first, Bob is an agent); when every line is
    off the grid, nothing may be proposed: Alice's offer never appears."""
    off = c.integer(0, 2) == 0
    count = c.integer(1, 8)
    lines = [_off_grid_line(c) if off else human_line(c) for _ in range(count)]
    args = ["negotiate", "pie-split", "--human", "Alice", "--agent", "Bob=conceder", "--steps", "8"]
    return Case("human", args, stdin="\n".join(lines) + "\n", off_grid=off, snap_marker="Alice →")


# ---- the targets -----------------------------------------------------------------------------

TARGETS: dict[str, Callable[..., Case]] = {
    "scenario": scenario_case,
    "genius": genius_case,
    "geniusweb": geniusweb_case,
    "eventlog": eventlog_case,
    "agreement": agreement_case,
    "human": human_case,
}
