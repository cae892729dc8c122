"""Cross-checks of a scenario: every reference between its parts that does not resolve (an issue
named in a red line, a value in a score table, a party in a channel, a source of a fact), each a
`Problem` with the path of the faulty field. Kinds of preferences check their own fields
(`PreferencesBase.check`); the phases and implementation sections are checked in
`dragoman.model.phase_checks`. Strategies named in `seats` are checked where strategies are
known (`dragoman.strategies.seating.check_seats`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from dragoman.errors import Problem
from dragoman.model.outcomes import AnyIssue
from dragoman.model.phase_checks import check_phases
from dragoman.model.phases import Implementation, Phase
from dragoman.model.sections import Channel, Metadata, Party

__all__ = ["cross_check", "unknown"]


def cross_check(
    issues: Sequence[AnyIssue],
    parties: Sequence[Party],
    channels: Sequence[Channel] | None,
    metadata: Metadata,
    phases: Sequence[Phase] = (),
    implementation: Implementation | None = None,
) -> list[Problem]:
    """Every reference between the scenario's sections that does not resolve, with its path."""
    return [
        *_check_names(issues, parties),
        *_check_channels(parties, channels or ()),
        *(p for k, party in enumerate(parties) for p in _check_party(issues, k, party)),
        *check_phases(issues, parties, phases, implementation, metadata),
        *_check_sources(metadata),
    ]


def unknown(kind: str, name: str, known: Iterable[str]) -> str:
    """The message for a name that refers to nothing, listing what it could have been."""
    return f"unknown {kind} {name!r} (known: {', '.join(sorted(known)) or 'none'})"


def _duplicates(names: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for k, name in enumerate(names):
        if name in seen:
            yield k, name
        seen.add(name)


def _check_names(issues: Sequence[AnyIssue], parties: Sequence[Party]) -> Iterator[Problem]:
    for k, name in _duplicates([i.name for i in issues]):
        yield Problem(f"duplicate issue name {name!r}", f"issues[{k}].name")
    for k, name in _duplicates([p.name for p in parties]):
        yield Problem(f"duplicate party name {name!r}", f"parties[{k}].name")
    count = sum(p.role == "party" for p in parties)
    if count < 2:
        yield Problem(
            f"a negotiation needs at least 2 parties with role 'party' (got {count})", "parties"
        )


def _check_channels(parties: Sequence[Party], channels: Sequence[Channel]) -> Iterator[Problem]:
    names = {p.name for p in parties}
    for k, channel in enumerate(channels):
        if channel.sender not in names:
            yield Problem(unknown("party", channel.sender, names), f"channels[{k}].from")
        for j, receiver in enumerate(channel.receivers):
            if receiver not in names:
                yield Problem(unknown("party", receiver, names), f"channels[{k}].to[{j}]")
            elif receiver == channel.sender:
                yield Problem("a party cannot send to itself", f"channels[{k}].to[{j}]")


def _check_party(issues: Sequence[AnyIssue], k: int, party: Party) -> Iterator[Problem]:
    prefs = party.preferences
    if prefs is None:
        return
    base = f"parties[{k}].preferences"
    by_name = {i.name: i for i in issues}
    yield from prefs.check(by_name, base)
    for j, red_line in enumerate(prefs.red_lines):
        path = f"{base}.red_lines[{j}]"
        issue = by_name.get(red_line.issue)
        if issue is None:
            yield Problem(unknown("issue", red_line.issue, by_name), f"{path}.issue")
            continue
        bad = False
        for field in ("allowed", "forbidden"):
            for v, value in enumerate(getattr(red_line, field) or ()):
                try:
                    issue.index_of(value)
                except ValueError as exc:
                    bad = True
                    yield Problem(str(exc), f"{path}.{field}[{v}]")
        if bad:
            continue
        try:
            if not red_line.mask(issue).any():
                yield Problem("the red line excludes every value of its issue", path)
        except ValueError as exc:
            yield Problem(str(exc), path)


def _check_sources(metadata: Metadata) -> Iterator[Problem]:
    ids = {source.id for source in metadata.sources}
    for k, fact in enumerate(metadata.facts):
        for j, source in enumerate(fact.sources):
            if source not in ids:
                yield Problem(unknown("source", source, ids), f"metadata.facts[{k}].sources[{j}]")
