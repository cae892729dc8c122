"""The analyst's report and the debrief, as one set of templates: the scenario's analysis
(frontier, solutions, the ZOPA and what blocks it), every party's preferences, the agreement
(or none) plotted against the frontier, the timeline, and the implementation analysis.

`build_report` gathers the data; `render_report` writes one self-contained page (plots as data
URIs). The web app's debrief shows the same `Report` with the same partial templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from dragoman.analysis.assess import AgreementAssessment, assess_agreement
from dragoman.analysis.results import Analysis
from dragoman.analysis.scenario import analyze
from dragoman.io.scenario_file import parse_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, Event, EventKind
from dragoman.phases.agreement import Agreement, agreement_from_mapping, choose_solution
from dragoman.phases.implementation import ImplementationAssessment, assess_implementation
from dragoman.render.brief import Brief, brief_of
from dragoman.render.html import data_uri, environment
from dragoman.render.plots import utility_space_png
from dragoman.render.timeline_lines import seat_labels
from dragoman.utility.scenario import compiled

__all__ = ["Report", "TimelineRow", "build_report", "render_report", "seating", "timeline_rows"]

#: Monte Carlo runs of the implementation analysis in a report (seconds, not minutes).
REPORT_RUNS = 20_000


@dataclass(frozen=True)
class TimelineRow:
    """One event in words: who to whom, the outcome in words, every party's utility of it."""

    step: int
    round: int
    kind: str
    sender: str
    receivers: str
    outcome: dict[str, str] | None
    utilities: dict[str, float] | None
    note: str = ""


@dataclass(frozen=True)
class Report:
    """Everything a report or a debrief shows."""

    title: str
    description: str
    parties: list[str]
    briefs: list[Brief]
    analysis: Analysis
    plot: str  # a data URI
    status: str | None  # how the negotiation ended (None: no negotiation shown)
    agreement: dict[str, str] | None
    assessment: AgreementAssessment | None
    timeline: list[TimelineRow] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)  # who sat where, as the viewer may see it
    implementation: ImplementationAssessment | None = None
    generated: str = ""

    @property
    def sections(self) -> list[str]:
        """The page's sections in order, by their ids: the outcome, the analysis, every
        party's preferences, then the timeline and the implementation when there is one."""
        shown = ["outcome", "analysis", "preferences"]
        if self.timeline:
            shown.append("timeline")
        if self.implementation is not None:
            shown.append("implementation")
        return shown


def timeline_rows(scenario: Scenario, events: Sequence[Event]) -> list[TimelineRow]:
    """The events in words, decoded in `scenario` (every party's utility of each outcome)."""
    space, utilities = scenario.outcome_space, compiled(scenario)
    rows = []
    for e in events:
        outcome = None if e.outcome is None else space.describe(e.outcome)
        values = None
        if e.outcome is not None:
            values = {
                p: float(u.utilities([e.outcome])[0])
                for p, u in zip(utilities.parties, utilities.utilities, strict=True)
            }
        rows.append(
            TimelineRow(
                e.step,
                e.round + 1,
                e.kind.value,
                e.sender,
                ", ".join(e.receivers),
                outcome,
                values,
                _note(e),
            )
        )
    return rows


def build_report(
    scenario: Scenario,
    events: Sequence[Event] = (),
    agreement: Agreement | None = None,
    runs: int = REPORT_RUNS,
    solution: str | None = None,
) -> Report:
    """The report of `scenario`: with a negotiation's `events` (its own scenario, from the
    start event, decodes them) and the implementation of `agreement` (default: the negotiated
    one, else the bargaining `solution`'s outcome if one is named)."""
    start = next((e for e in events if e.kind is EventKind.START), None)
    played = _played(scenario, start)
    analysis = analyze(played)
    end = next((e for e in reversed(events) if e.kind in END_KINDS), None)
    agreed = end.outcome if end is not None and end.kind is EventKind.AGREEMENT else None
    assessment = None if agreed is None else assess_agreement(played, agreed)
    marks = {} if assessment is None else {"agreement": assessment.utilities}
    space = played.outcome_space
    return Report(
        title=played.metadata.title,
        description=played.metadata.description,
        parties=[p.name for p in played.negotiators],
        briefs=[
            brief_of(p.name, p.preferences, space) for p in played.negotiators if p.preferences
        ],
        analysis=analysis,
        plot=data_uri(utility_space_png(played, analysis, marks)),
        status=None if end is None else end.kind.value,
        agreement=None if agreed is None else space.describe(agreed),
        assessment=assessment,
        timeline=timeline_rows(played, events),
        seats=[] if start is None else seating(played, start),
        implementation=_implementation(played, agreement, agreed, solution, runs),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def _implementation(
    played: Scenario,
    agreement: Agreement | None,
    agreed: int | None,
    solution: str | None,
    runs: int,
) -> ImplementationAssessment | None:
    """The implementation analysis of the agreement given, else the negotiated one, else the
    solution's; None without phases or without any of them."""
    if agreement is None and agreed is not None:
        values = played.outcome_space.values(agreed)
        agreement = agreement_from_mapping(played, values, "the negotiated agreement")
    if agreement is None and solution is not None:
        agreement = choose_solution(played, solution)
    if agreement is None or not played.phases:
        return None
    return assess_implementation(played, agreement, runs=runs)


def render_report(report: Report) -> str:
    """The report as one self-contained HTML page."""
    return environment().get_template("report.html").render(r=report)


def _played(scenario: Scenario, start: Event | None) -> Scenario:
    """The scenario the events were played in (the start event carries it), else `scenario`."""
    text = None if start is None else start.data.get("scenario")
    if not isinstance(text, str) or text == scenario.yaml_text:
        return scenario
    return parse_scenario(text, "the log's scenario")


def seating(scenario: Scenario, start: Event) -> list[str]:
    """Who sits at each seat of `scenario`, each strategy with its parameters, as the `start`
    event records it (or as a seat may see it: `seen_by`), in the scenario's order."""
    return seat_labels(start.data.get("seats"), [p.name for p in scenario.parties])


def _note(event: Event) -> str:
    """What else an event says, in a few words."""
    data = event.data
    if event.kind is EventKind.MESSAGE:
        return str(data.get("text", ""))
    if event.kind is EventKind.START:
        return f"{data.get('protocol', '')}, {data.get('total_steps', '')} steps"
    if event.kind is EventKind.REPORT:
        return "preferences reported"
    if event.kind is EventKind.ROUND:
        return str(data.get("name", ""))
    keys = ("source", "origin", "answer", "purpose", "by", "error")
    return ", ".join(f"{k}: {data[k]}" for k in keys if data.get(k))
