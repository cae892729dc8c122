"""Agreements read from files: an agreement file (a YAML or JSON mapping of every issue to its
agreed value) or the last session of a negotiation log.

```yaml
ceasefire_weeks: 6
hostages_phase1: 30
philadelphi_corridor: third_party_monitoring
...
```

Errors name the file, the line and the issue, as scenario errors do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from dragoman.errors import Problem
from dragoman.io.eventlog import read_events
from dragoman.io.eventlog_records import split_sessions
from dragoman.io.scenario_file import parse_scenario
from dragoman.io.yaml_lines import parse_yaml, read_bounded, yaml_problem
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.phases.agreement import Agreement, AgreementError, agreement_from_mapping

__all__ = ["read_agreement", "read_log_agreement", "recorded_scenario"]


def read_agreement(scenario: Scenario, path: str | Path) -> Agreement:
    """The agreement in the file at `path`, checked against `scenario`."""
    file = str(path)
    text = read_bounded(Path(path), "agreement_bytes", file, AgreementError)
    try:
        root, data = parse_yaml(text, "an agreement file")
    except yaml.YAMLError as exc:
        raise AgreementError([yaml_problem(exc, file, "YAML/JSON")]) from None
    if not isinstance(data, dict):
        raise AgreementError(
            [Problem("an agreement file must be a mapping of issue: value", file=file, line=1)]
        )
    lines = {}
    if isinstance(root, yaml.MappingNode):
        lines = {str(key.value): int(key.start_mark.line) + 1 for key, _ in root.value}
    return agreement_from_mapping(scenario, data, f"agreement in {file}", file, lines.get)


def read_log_agreement(scenario: Scenario, path: str | Path) -> Agreement:
    """The agreement of the last session in a negotiation log; AgreementError if it ended
    without one. The outcome is read in the log's own scenario, then matched to `scenario`."""
    log = str(path)
    sessions = split_sessions(read_events(path))
    if not sessions:
        raise AgreementError([Problem("the log holds no session", file=log)])
    info, session = sessions[-1]
    end = session[-1]
    if end.kind != EventKind.AGREEMENT or end.outcome is None:
        message = (
            f"session {info.session_id} ended without agreement ({info.status} after "
            f"{end.step} steps): nothing to implement"
        )
        raise AgreementError([Problem(message, file=log)])
    recorded = recorded_scenario(scenario, session, log)
    if not 0 <= end.outcome < recorded.outcome_space.size:
        raise AgreementError([Problem(f"agreed outcome {end.outcome} is out of range", file=log)])
    outcome = recorded.outcome_space.outcome(end.outcome)
    source = f"agreement of session {info.session_id} in {log}"
    return agreement_from_mapping(scenario, outcome, source, log)


def recorded_scenario(scenario: Scenario, session: Sequence[Event], log: str) -> Scenario:
    """The scenario a logged session was played on (its start event's text; `scenario` for
    a log without one); AgreementError in one line when its issues are not `scenario`'s, so
    a log is never read against the wrong scenario."""
    text = session[0].data.get("scenario") if session else None
    recorded = parse_scenario(text, log) if isinstance(text, str) else scenario
    if _issues(recorded) != _issues(scenario):
        message = (
            f"the log was recorded on '{recorded.metadata.title}', whose issues are not those "
            f"of '{scenario.metadata.title}': give the scenario it was recorded on"
        )
        raise AgreementError([Problem(message, file=log)])
    return recorded


def _issues(scenario: Scenario) -> list[tuple[str, tuple[str, ...]]]:
    return [(issue.name, tuple(issue.labels)) for issue in scenario.issues]
