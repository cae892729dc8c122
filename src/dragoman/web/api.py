"""The JSON API behind the pages: any program can play a seat with its token
(`Authorization: Bearer TOKEN`), and an organiser can create exercises and follow them.
Documented at /docs and /openapi.json."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from dragoman.io.scenario_file import builtin_scenarios
from dragoman.negotiation.protocols.registry import protocol_names
from dragoman.strategies.registry import agent_names, mediator_names
from dragoman.web.access import Seated, hub_of, organiser, perform, seat_by_header
from dragoman.web.answers import outcome_of
from dragoman.web.exercises import create_exercise
from dragoman.web.spec import ActionIn, ExerciseIn, ExerciseOut, ProblemsOut, Value
from dragoman.web.state import (
    EventOut,
    GroupStatus,
    SeatState,
    group_status,
    seat_events,
    seat_state,
)
from dragoman.web.tools import Evaluation, Suggestion, evaluate, suggest

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])


async def _seat(request: Request) -> Seated:
    """The request's seat, found on the event loop (a look-up in memory once loaded)."""
    return seat_by_header(request)


SeatDep = Annotated[Seated, Depends(_seat)]
_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"model": ProblemsOut},
    409: {"model": ProblemsOut},
    422: {"model": ProblemsOut},
}


class Catalogue(BaseModel):
    """What an exercise can be made of."""

    scenarios: list[str]
    protocols: list[str]
    agents: list[str]
    mediators: list[str]


class ExerciseStatus(BaseModel):
    """An exercise as its organiser follows it."""

    exercise: int
    title: str
    groups: list[GroupStatus]


class ActionOut(BaseModel):
    """An accepted action: its position in the session, whether it was applied now (false:
    a retry of an action already applied, not applied again), and the seat's state after it."""

    seq: int
    applied: bool
    state: SeatState


class OutcomeIn(BaseModel):
    """An outcome, issue by issue."""

    outcome: dict[str, Value] = Field(max_length=1000)


class SuggestIn(BaseModel):
    """A registered mediator strategy to ask."""

    strategy: str = Field(max_length=60)


@router.get("/catalogue")
def catalogue() -> Catalogue:
    """The built-in scenarios, protocols and strategies."""
    return Catalogue(
        scenarios=list(builtin_scenarios()),
        protocols=list(protocol_names()),
        agents=agent_names(),
        mediators=mediator_names(),
    )


@router.post("/exercises", status_code=201, responses={422: {"model": ProblemsOut}})
def new_exercise(spec: ExerciseIn, request: Request) -> ExerciseOut:
    """Create an exercise for one or many groups: the organiser's link and, per group, one
    private invitation link per human seat."""
    return create_exercise(hub_of(request), spec, str(request.base_url))


@router.get("/exercises/{exercise_id}", responses=_REFUSED)
def exercise_status(exercise_id: int, request: Request) -> ExerciseStatus:
    """Every group's status (the organiser's token)."""
    exercise = organiser(request, exercise_id)
    hub = hub_of(request)
    groups = [group_status(hub.live(row.id)) for row in hub.store.sessions(exercise.id)]
    return ExerciseStatus(exercise=exercise.id, title=exercise.title, groups=groups)


@router.get("/exercises/{exercise_id}/groups/{group}/events", responses=_REFUSED)
def group_events(exercise_id: int, group: int, request: Request) -> list[dict[str, Any]]:
    """A group's whole event log, every event in full (the organiser's token)."""
    exercise = organiser(request, exercise_id)
    hub = hub_of(request)
    rows = [r for r in hub.store.sessions(exercise.id) if r.group == group]
    if not rows:
        raise HTTPException(404, "no such group")
    live = hub.live(rows[0].id)
    with live.lock:
        return [e.to_dict() for e in live.session.events]


@router.get("/seat", responses=_REFUSED)
async def my_state(seated: SeatDep) -> SeatState:
    """What your seat may know now: brief, clock, the request to answer, the current text."""
    with seated.live.lock:
        return seat_state(seated.live, seated.name)


@router.get("/seat/events", responses=_REFUSED)
async def my_events(
    seated: SeatDep, after: Annotated[int, Query(ge=0, le=10**9)] = 0
) -> list[EventOut]:
    """Your seat's timeline (events it may see), from the `after`-th on."""
    with seated.live.lock:
        return seat_events(seated.live, seated.name, after)


@router.post("/seat/actions", responses=_REFUSED)
def act(action: ActionIn, seated: SeatDep, request: Request) -> ActionOut:
    """Take an action; a retry with the same key is not applied twice."""
    accepted = perform(hub_of(request), seated, action)
    with seated.live.lock:
        state = seat_state(seated.live, seated.name)
    return ActionOut(seq=accepted.seq, applied=accepted.applied, state=state)


@router.post("/seat/evaluate", responses=_REFUSED)
def calculate(body: OutcomeIn, seated: SeatDep) -> Evaluation:
    """Your utility of an outcome, and the red lines of yours it breaches."""
    return evaluate(seated.view, outcome_of(seated.view, body.outcome))


@router.post("/seat/suggest", responses=_REFUSED)
def suggestion(body: SuggestIn, seated: SeatDep) -> Suggestion:
    """A mediator's suggestion from an automated mediator strategy, on your own view."""
    with seated.live.lock:
        return suggest(seated.view, body.strategy)
