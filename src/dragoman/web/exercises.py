"""Creating an exercise: the scenario validated with the scenario schema, the red lines the
organiser drops, the seats checked by building the first group's session, then one session
per group stored with a private token per human seat and one for the organiser."""

from __future__ import annotations

from dragoman.errors import DragomanError, ScenarioError
from dragoman.io.scenario_file import builtin_scenarios, load_scenario, parse_scenario
from dragoman.model.scenario import Scenario
from dragoman.web.hub import Hub, setup_of
from dragoman.web.spec import ExerciseIn, ExerciseOut, GroupOut, Problem

__all__ = ["ExerciseError", "create_exercise", "problems_of"]


class ExerciseError(Exception):
    """An exercise that cannot be created; one problem per fault, located where known."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def problems_of(exc: DragomanError) -> list[Problem]:
    """A Dragoman error as located problems (file, line, field) for the client."""
    if isinstance(exc, ScenarioError):
        return [
            Problem(message=p.message, file=p.file or None, line=p.line, field=p.path or None)
            for p in exc.problems
        ]
    return [Problem(message=str(exc))]


def create_exercise(hub: Hub, spec: ExerciseIn, base_url: str) -> ExerciseOut:
    """Validate, store and start an exercise; its links (`ExerciseError` if invalid)."""
    try:
        text, scenario = _scenario(spec)
        drops = [_party_issue(d) for d in spec.drop_red_lines]
        played = scenario.without_red_lines(drops) if drops else scenario
        _check_seat_names(played, spec.seats)
        humans = [name for name, strategy in spec.seats.items() if strategy == "human"]
        stored = spec.model_dump(exclude={"scenario_yaml"})
        setup_of(played, stored, 1, humans).start()  # the seats are checked here
    except DragomanError as exc:
        raise ExerciseError(problems_of(exc)) from None
    store = hub.store
    groups = [(spec.seed + k, humans) for k in range(spec.groups)]
    exercise_id = store.create_exercise(played.metadata.title, stored, text, groups)
    hub.keep_scenario(exercise_id, played)
    for row in store.sessions(exercise_id):  # every group's session live from the start
        hub.live(row.id)
    return _links(hub, exercise_id, base_url.rstrip("/"))


def _check_seat_names(scenario: Scenario, seats: dict[str, str]) -> None:
    """Refuse a seat that is no party or mediator of the scenario (it would be left out)."""
    names = [p.name for p in scenario.parties]
    unknown = [name for name in seats if name not in names]
    if unknown:
        raise DragomanError(
            f"seats: {', '.join(unknown)}: no such party or mediator in "
            f"'{scenario.metadata.title}' ({', '.join(names)})"
        )


def _scenario(spec: ExerciseIn) -> tuple[str, Scenario]:
    """The scenario's text and its validated form."""
    if spec.scenario_yaml is not None:
        return spec.scenario_yaml, parse_scenario(spec.scenario_yaml, "uploaded scenario")
    assert spec.scenario is not None
    if spec.scenario not in builtin_scenarios():  # built-ins only: never a path on the server
        known = ", ".join(builtin_scenarios())
        raise ExerciseError(
            [
                Problem(
                    message=f"no built-in scenario {spec.scenario!r} (known: {known})",
                    field="scenario",
                )
            ]
        )
    scenario = load_scenario(spec.scenario)
    return scenario.yaml_text, scenario


def _party_issue(text: str) -> tuple[str, str]:
    party, sep, issue = text.partition(":")
    if not sep or not party.strip() or not issue.strip():
        raise ExerciseError(
            [
                Problem(
                    message=f"drop_red_lines: {text!r}: write PARTY:ISSUE", field="drop_red_lines"
                )
            ]
        )
    return party.strip(), issue.strip()


def _links(hub: Hub, exercise_id: int, base: str) -> ExerciseOut:
    store = hub.store
    exercise = store.exercise(exercise_id)
    assert exercise is not None
    groups, tokens = [], {}
    for row in store.sessions(exercise_id):
        seats = store.seats(row.id)
        groups.append(
            GroupOut(
                group=row.group,
                session=row.id,
                seats={s.name: f"{base}/join/{s.token}" for s in seats},
            )
        )
        tokens[str(row.group)] = {s.name: s.token for s in seats}
    return ExerciseOut(
        exercise=exercise_id,
        title=exercise.title,
        organiser=f"{base}/organise/{exercise.organiser_token}",
        organiser_token=exercise.organiser_token,
        groups=groups,
        tokens=tokens,
    )
