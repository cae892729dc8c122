"""Cross-checks of a scenario: every reference between its parts that does not resolve (an issue
named in a red line, a value in a score table, a party in a channel, a source of a fact), each a
`Problem` with the path of the faulty field. Kinds of preferences check their own fields
(`PreferencesBase.check`); the phases and implementation sections are checked in
`dragoman.model.phase_checks`. Strategies named in `seats` are checked where strategies are
known (`dragoman.strategies.seating.check_seats`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping

from dragoman.errors import Problem
from dragoman.model.outcomes import AnyIssue
from dragoman.model.partial import Parts
from dragoman.model.phase_checks import check_phases
from dragoman.model.red_lines import RedLine
from dragoman.model.sections import Metadata, Party

__all__ = ["cross_check", "preference_problems", "unknown"]


def cross_check(parts: Parts) -> list[Problem]:
    """Every reference between the scenario's sound parts that does not resolve, with its path;
    references that involve a part that failed validation are left for the next run."""
    problems = [*_check_names(parts), *_check_channels(parts), *preference_problems(parts)]
    problems += check_phases(parts)
    if parts.metadata is not None:
        problems += _check_sources(parts.metadata)
    return problems


def preference_problems(parts: Parts, only: Collection[int] | None = None) -> list[Problem]:
    """Every fault in the parties' preferences (of the parties at positions `only`, if
    given): their own fields and their red lines (the part of `cross_check` that a sampled
    profile, differing only there, must pass again)."""
    issues = parts.issue_names()
    chosen = [(k, p) for k, p in parts.parties.items() if only is None or k in only]
    return [p for k, party in chosen for p in _check_party(parts, issues, k, party)]


def unknown(kind: str, name: str, known: Iterable[str]) -> str:
    """The message for a name that refers to nothing, listing what it could have been."""
    return f"unknown {kind} {name!r} (known: {', '.join(sorted(known)) or 'none'})"


def _duplicates(names: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for k, name in names:
        if name in seen:
            yield k, name
        seen.add(name)


def _check_names(parts: Parts) -> Iterator[Problem]:
    for k, name in _duplicates((k, i.name) for k, i in parts.issues.items()):
        yield Problem(f"duplicate issue name {name!r}", f"issues[{k}].name")
    for k, name in _duplicates((k, p.name) for k, p in parts.parties.items()):
        yield Problem(f"duplicate party name {name!r}", f"parties[{k}].name")
    count = sum(p.role == "party" for p in parts.parties.values())
    if count < 2 and parts.whole("parties"):
        yield Problem(
            f"a negotiation needs at least 2 parties with role 'party' (got {count})", "parties"
        )


def _check_channels(parts: Parts) -> Iterator[Problem]:
    names = {p.name for p in parts.parties.values()} | (parts.failed_names.get("parties") or set())

    def unresolved(name: str) -> bool:
        return name not in names and not parts.unknowable("parties", name)

    for k, channel in parts.channels.items():
        if unresolved(channel.sender):
            yield Problem(unknown("party", channel.sender, names), f"channels[{k}].from")
        for j, receiver in enumerate(channel.receivers):
            if unresolved(receiver):
                yield Problem(unknown("party", receiver, names), f"channels[{k}].to[{j}]")
            elif receiver == channel.sender:
                yield Problem("a party cannot send to itself", f"channels[{k}].to[{j}]")


def _check_party(
    parts: Parts, by_name: Mapping[str, AnyIssue], k: int, party: Party
) -> Iterator[Problem]:
    prefs = party.preferences
    if prefs is None:
        return
    base = f"parties[{k}].preferences"
    yield from (p for p in prefs.check(by_name, base) if _judgeable(p, parts, by_name))
    for j, red_line in enumerate(prefs.red_lines):
        path = f"{base}.red_lines[{j}]"
        issue = by_name.get(red_line.issue)
        if issue is None:
            if not parts.unknowable("issues", red_line.issue):
                yield Problem(unknown("issue", red_line.issue, by_name), f"{path}.issue")
            continue
        yield from _check_red_line(red_line, issue, path)


def _check_red_line(red_line: RedLine, issue: AnyIssue, path: str) -> Iterator[Problem]:
    bad = False
    for field in ("allowed", "forbidden"):
        for v, value in enumerate(getattr(red_line, field) or ()):
            try:
                issue.index_of(value)
            except ValueError as exc:
                bad = True
                yield Problem(str(exc), f"{path}.{field}[{v}]")
    if bad:
        return
    try:
        if not red_line.mask(issue).any():
            yield Problem("the red line excludes every value of its issue", path)
    except ValueError as exc:
        yield Problem(str(exc), path)


def _judgeable(problem: Problem, parts: Parts, by_name: Mapping[str, AnyIssue]) -> bool:
    """False for a problem about an issue that may be one that failed validation."""
    failed = parts.failed_names.get("issues", frozenset())
    if failed is None:  # an issue without a readable name failed: any unknown one may be it
        return "unknown issue" not in problem.message
    segments = set(_segments(problem.path))
    return not any(
        n not in by_name and (n in segments or repr(n) in problem.message) for n in failed
    )


def _segments(path: str) -> list[str]:
    return path.replace("[", ".").replace("]", "").split(".")


def _check_sources(metadata: Metadata) -> Iterator[Problem]:
    ids = {source.id for source in metadata.sources}
    for k, fact in enumerate(metadata.facts):
        for j, source in enumerate(fact.sources):
            if source not in ids:
                yield Problem(unknown("source", source, ids), f"metadata.facts[{k}].sources[{j}]")
