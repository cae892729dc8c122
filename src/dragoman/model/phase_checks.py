"""Cross-checks of a scenario's `phases:` and `implementation:` sections.

`Scenario.from_data` calls `check_phases` (through `dragoman.model.checks.cross_check`), so every
problem found here reaches the user like any other scenario fault: `file:line: path: message`.
Formulas are parsed here once, so a typo in an issue name is caught when the file is loaded, not
when an agreement is implemented; and a formula is evaluated at every combination of values of
the issues it names (up to `EVALUATED_AT_MOST` of them), so one that divides by zero or is not
finite for some outcome is refused, naming that outcome. Beyond that, such an outcome is
refused when an agreement reaching it is implemented (`dragoman.phases.schedule`).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Iterator

from dragoman.errors import Problem
from dragoman.model.formula import Formula, FormulaError, parse_formula, value_at
from dragoman.model.partial import Parts
from dragoman.model.phases import Implementation, Phase

__all__ = ["EVALUATED_AT_MOST", "check_phases", "check_quantity"]

#: A formula is evaluated at every combination of its issues' values when there are at most this
#: many (about 5 µs each); beyond, at the agreed values only, when implemented.
EVALUATED_AT_MOST = 10_000

_QUANTITIES = ("complete", "defect", "cost", "betrayed")


def check_phases(parts: Parts) -> Iterator[Problem]:
    """Every fault in the phases and implementation sections that the sound parts show, each
    with its field path; a reference to an item that failed validation (a party, a phase, an
    issue) is left unjudged, so a fault is reported once, where it is."""
    s = _Sections(parts)
    for k, phase in parts.phases.items():
        yield from _check_phase(s, k, phase)
    seen: set[str] = set()
    for k, phase in parts.phases.items():
        if phase.name in seen:
            yield Problem(f"duplicate phase name {phase.name!r}", f"phases[{k}].name")
        seen.add(phase.name)
    if parts.implementation is not None:
        yield from _check_implementation(s, parts.implementation)


class _Sections:
    """The sound parts of a scenario the phase checks refer to, and what cannot be judged."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.issues = parts.issue_names()
        self.parties = tuple(parts.parties.values())
        self.phases = tuple(parts.phases.values())
        self.implementation, self.metadata = parts.implementation, parts.metadata
        self.negotiators = tuple(p for p in self.parties if p.role == "party")
        self.mediators = tuple(p for p in self.parties if p.role == "mediator")
        #: every party's name, those that failed validation included (judged there)
        self.everyone = {p.name for p in self.parties} | (
            parts.failed_names.get("parties") or set()
        )
        #: the names formulas may use: sound issues and those that failed (judged there)
        self.names = {*self.issues, *(parts.failed_names.get("issues") or ())}
        self._failures: dict[tuple[str, bool], str | None] = {}  # by formula, once each

    def unknown_party(self, name: str, known: Iterable[str]) -> bool:
        """Whether `name` is not in `known` and not possibly a party that failed validation."""
        return name not in known and not self.parts.unknowable("parties", name)

    def quantity(self, value: float | str, path: str, amount: bool = False) -> Iterator[Problem]:
        """The faults of a number or formula (an unknown name that may be an issue that
        failed validation is not one), its value at every outcome included (`amount`: a
        commitment's, where a categorical issue's name alone is its text)."""
        problems = list(check_quantity(value, self.names, path))
        for problem in problems:
            if not (problem.message.startswith("unknown name") and self._nameless_failed()):
                yield problem
        if isinstance(value, str) and not problems:
            found = self._failure(parse_formula(value, self.names), amount)
            if found is not None:
                yield Problem(f"{found} (the formula must have a value at every outcome)", path)

    def _failure(self, formula: Formula, amount: bool) -> str | None:
        """Why `formula` has no value at some outcome, if it has not at the first one where
        it fails (None: it has one everywhere, or its issues have too many combinations, or
        one failed validation)."""
        issues = [self.issues.get(name) for name in sorted(formula.names)]
        known = [i for i in issues if i is not None]
        if len(known) < len(issues) or math.prod(i.cardinality for i in known) > EVALUATED_AT_MOST:
            return None
        key = (formula.text, amount)
        if key not in self._failures:
            choices = {i.name: [value_at(i, k) for k in range(i.cardinality)] for i in known}
            error = formula.first_failure(choices, amount)
            self._failures[key] = None if error is None else str(error)
        return self._failures[key]

    def _nameless_failed(self) -> bool:
        return self.parts.failed_names.get("issues", frozenset()) is None


def check_quantity(value: float | str, issues: Iterable[str], path: str) -> Iterator[Problem]:
    """A problem if `value` is a formula that does not parse or names an unknown issue."""
    if isinstance(value, str):
        try:
            parse_formula(value, issues)
        except FormulaError as exc:
            yield Problem(str(exc), path)


def _check_phase(s: _Sections, k: int, phase: Phase) -> Iterator[Problem]:
    base = f"phases[{k}]"
    everyone = s.everyone
    for j, commitment in enumerate(phase.commitments):
        path = f"{base}.commitments[{j}]"
        if s.unknown_party(commitment.party, everyone):
            yield Problem(_unknown("party", commitment.party, everyone), f"{path}.party")
        if commitment.amount != "":
            yield from s.quantity(commitment.amount, f"{path}.amount", amount=True)
        yield from _check_template(commitment.text, commitment.amount != "", f"{path}.text")
    if phase.duration_weeks is not None:
        yield from s.quantity(phase.duration_weeks, f"{base}.duration_weeks")
    elif s.implementation is not None:
        yield Problem(
            "required when the scenario has an implementation section (the simulation needs "
            "each phase's length)",
            f"{base}.duration_weeks",
        )
    if phase.batches == "weekly" and phase.duration_weeks is None:
        yield Problem("weekly batches need the phase's duration_weeks", f"{base}.batches")
    mediators = {p.name for p in s.mediators}
    negotiators = {p.name for p in s.negotiators}
    for j, monitor in enumerate(phase.verified_by):
        if s.unknown_party(monitor, everyone):
            yield Problem(_unknown("mediator", monitor, mediators), f"{base}.verified_by[{j}]")
        elif monitor in negotiators:
            yield Problem(
                f"a monitor must be a mediator ({monitor!r} is a negotiating party)",
                f"{base}.verified_by[{j}]",
            )


#: A padding of `{amount}` (`{amount:>12}`): alignment and a width under 100, nothing else.
_PADDING = re.compile(r"[<>^]?\d{0,2}")


def _check_template(text: str, has_amount: bool, path: str) -> Iterator[Problem]:
    """The words of a commitment may hold `{amount}` (or `{amount:>N}`, padded to N < 100
    characters) and nothing else in braces: no other format spec can crash or flood a report."""
    try:
        fields = [(f, s, c) for _, f, s, c in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        yield Problem(f"unbalanced braces ({exc}); write '{{{{' for a literal brace", path)
        return
    for field, spec, conversion in fields:
        if field != "amount":
            yield Problem(f"only {{amount}} may appear in braces (got {{{field[:40]}}})", path)
        elif conversion or not _PADDING.fullmatch(spec or ""):
            shown = f"!{conversion}" if conversion else f":{(spec or '')[:40]}"
            yield Problem(
                f"{{amount}} takes only a padding such as {{amount:>12}} (got {{amount{shown}}})",
                path,
            )
        elif not has_amount:
            yield Problem("the text uses {amount} but the commitment has no amount", path)


def _check_implementation(s: _Sections, imp: Implementation) -> Iterator[Problem]:
    if not s.phases and s.parts.whole("phases"):
        yield Problem("an implementation section needs a phases section", "implementation")
    seen: set[tuple[str, str]] = set()
    for j, row in enumerate(imp.payoffs):
        path = f"implementation.payoffs[{j}]"
        yield from _check_party_phase(s, row.party, row.phase, path)
        if (row.party, row.phase) in seen:
            yield Problem(f"a second row for {row.party} in {row.phase!r}", path)
        seen.add((row.party, row.phase))
        for field in _QUANTITIES:
            yield from s.quantity(getattr(row, field), f"{path}.{field}")
    everyone = s.everyone
    for j, guarantee in enumerate(imp.guarantees):
        path = f"implementation.guarantees[{j}]"
        yield from _check_party_phase(s, guarantee.party, guarantee.phase, path)
        yield from s.quantity(guarantee.penalty, f"{path}.penalty")
        for i, guarantor in enumerate(guarantee.by):
            if s.unknown_party(guarantor, everyone):
                yield Problem(_unknown("party", guarantor, everyone), f"{path}.by[{i}]")
    yield from _check_spoilers(s, imp)


def _check_party_phase(s: _Sections, party: str, phase: str, path: str) -> Iterator[Problem]:
    parties = {p.name for p in s.negotiators}
    phases = {p.name for p in s.phases}
    mediator = party in {p.name for p in s.mediators}
    if party not in parties and (mediator or s.unknown_party(party, parties)):
        yield Problem(_unknown("negotiating party", party, parties), f"{path}.party")
    if phase not in phases and not s.parts.unknowable("phases", phase):
        yield Problem(_unknown("phase", phase, phases), f"{path}.phase")


def _check_spoilers(s: _Sections, imp: Implementation) -> Iterator[Problem]:
    phases = {p.name for p in s.phases}
    names: set[str] = set()
    for j, spoiler in enumerate(imp.spoilers):
        path = f"implementation.spoilers[{j}]"
        if spoiler.name in names:
            yield Problem(f"duplicate spoiler name {spoiler.name!r}", f"{path}.name")
        names.add(spoiler.name)
        if s.metadata is not None:  # else its sources are unknown: not judged
            sources = {source.id for source in s.metadata.sources}
            for i, source in enumerate(spoiler.sources):
                if source not in sources:
                    yield Problem(_unknown("source", source, sources), f"{path}.sources[{i}]")
        for i, phase in enumerate(spoiler.phases):
            if phase not in phases and not s.parts.unknowable("phases", phase):
                yield Problem(_unknown("phase", phase, phases), f"{path}.phases[{i}]")


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    return f"unknown {kind} {name!r} (known: {', '.join(sorted(known)) or 'none'})"
