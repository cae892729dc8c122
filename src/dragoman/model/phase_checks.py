"""Cross-checks of a scenario's `phases:` and `implementation:` sections.

`Scenario.from_data` calls `check_phases` (through `dragoman.model.checks.cross_check`), so every
problem found here reaches the user like any other scenario fault: `file:line: path: message`.
Formulas are parsed here once, so a typo in an issue name is caught when the file is loaded, not
when an agreement is implemented.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Sequence

from dragoman.errors import Problem
from dragoman.model.formula import FormulaError, parse_formula
from dragoman.model.outcomes import AnyIssue
from dragoman.model.phases import Implementation, Phase
from dragoman.model.sections import Metadata, Party

__all__ = ["check_phases", "check_quantity"]

_QUANTITIES = ("complete", "defect", "cost", "betrayed")


def check_phases(
    issue_list: Sequence[AnyIssue],
    parties: Sequence[Party],
    phases: Sequence[Phase],
    implementation: Implementation | None,
    metadata: Metadata,
) -> Iterator[Problem]:
    """Every fault in the phases and implementation sections, each with its field path."""
    issues = [i.name for i in issue_list]
    s = _Sections(parties, phases, implementation, metadata)
    for k, phase in enumerate(phases):
        yield from _check_phase(s, k, phase, issues)
    names = [p.name for p in phases]
    for k, name in enumerate(names):
        if name in names[:k]:
            yield Problem(f"duplicate phase name {name!r}", f"phases[{k}].name")
    if implementation is not None:
        yield from _check_implementation(s, implementation, issues)


class _Sections:
    """The parts of a scenario the phase checks refer to."""

    def __init__(
        self,
        parties: Sequence[Party],
        phases: Sequence[Phase],
        implementation: Implementation | None,
        metadata: Metadata,
    ) -> None:
        self.parties, self.phases = tuple(parties), tuple(phases)
        self.implementation, self.metadata = implementation, metadata
        self.negotiators = tuple(p for p in parties if p.role == "party")
        self.mediators = tuple(p for p in parties if p.role == "mediator")


def check_quantity(value: float | str, issues: Iterable[str], path: str) -> Iterator[Problem]:
    """A problem if `value` is a formula that does not parse or names an unknown issue."""
    if isinstance(value, str):
        try:
            parse_formula(value, issues)
        except FormulaError as exc:
            yield Problem(str(exc), path)


def _check_phase(s: _Sections, k: int, phase: Phase, issues: list[str]) -> Iterator[Problem]:
    base = f"phases[{k}]"
    everyone = {p.name for p in s.parties}
    for j, commitment in enumerate(phase.commitments):
        path = f"{base}.commitments[{j}]"
        if commitment.party not in everyone:
            yield Problem(_unknown("party", commitment.party, everyone), f"{path}.party")
        if commitment.amount != "":
            yield from check_quantity(commitment.amount, issues, f"{path}.amount")
        yield from _check_template(commitment.text, commitment.amount != "", f"{path}.text")
    if phase.duration_weeks is not None:
        yield from check_quantity(phase.duration_weeks, issues, f"{base}.duration_weeks")
    elif s.implementation is not None:
        yield Problem(
            "required when the scenario has an implementation section (the simulation needs "
            "each phase's length)",
            f"{base}.duration_weeks",
        )
    if phase.batches == "weekly" and phase.duration_weeks is None:
        yield Problem("weekly batches need the phase's duration_weeks", f"{base}.batches")
    mediators = {p.name for p in s.mediators}
    for j, monitor in enumerate(phase.verified_by):
        if monitor not in everyone:
            yield Problem(_unknown("mediator", monitor, mediators), f"{base}.verified_by[{j}]")
        elif monitor not in mediators:
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


def _check_implementation(
    s: _Sections, imp: Implementation, issues: list[str]
) -> Iterator[Problem]:
    if not s.phases:
        yield Problem("an implementation section needs a phases section", "implementation")
    phases = {p.name for p in s.phases}
    parties = {p.name for p in s.negotiators}
    seen: set[tuple[str, str]] = set()
    for j, row in enumerate(imp.payoffs):
        path = f"implementation.payoffs[{j}]"
        yield from _check_party_phase(row.party, row.phase, parties, phases, path)
        if (row.party, row.phase) in seen:
            yield Problem(f"a second row for {row.party} in {row.phase!r}", path)
        seen.add((row.party, row.phase))
        for field in _QUANTITIES:
            yield from check_quantity(getattr(row, field), issues, f"{path}.{field}")
    everyone = {p.name for p in s.parties}
    for j, guarantee in enumerate(imp.guarantees):
        path = f"implementation.guarantees[{j}]"
        yield from _check_party_phase(guarantee.party, guarantee.phase, parties, phases, path)
        yield from check_quantity(guarantee.penalty, issues, f"{path}.penalty")
        for i, guarantor in enumerate(guarantee.by):
            if guarantor not in everyone:
                yield Problem(_unknown("party", guarantor, everyone), f"{path}.by[{i}]")
    yield from _check_spoilers(s, imp, phases)


def _check_party_phase(
    party: str, phase: str, parties: set[str], phases: set[str], path: str
) -> Iterator[Problem]:
    if party not in parties:
        yield Problem(_unknown("negotiating party", party, parties), f"{path}.party")
    if phase not in phases:
        yield Problem(_unknown("phase", phase, phases), f"{path}.phase")


def _check_spoilers(s: _Sections, imp: Implementation, phases: set[str]) -> Iterator[Problem]:
    sources = {source.id for source in s.metadata.sources}
    names: set[str] = set()
    for j, spoiler in enumerate(imp.spoilers):
        path = f"implementation.spoilers[{j}]"
        if spoiler.name in names:
            yield Problem(f"duplicate spoiler name {spoiler.name!r}", f"{path}.name")
        names.add(spoiler.name)
        for i, source in enumerate(spoiler.sources):
            if source not in sources:
                yield Problem(_unknown("source", source, sources), f"{path}.sources[{i}]")
        for i, phase in enumerate(spoiler.phases):
            if phase not in phases:
                yield Problem(_unknown("phase", phase, phases), f"{path}.phases[{i}]")


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    return f"unknown {kind} {name!r} (known: {', '.join(sorted(known)) or 'none'})"
