"""The server's sessions: created from exercises, kept live in memory, rebuilt from the
database after a restart, and the one place an action is accepted.

Accepting an action: under the session's lock, an action whose key is already stored is not
applied again; otherwise it is checked, applied, and stored with the events it caused in one
transaction; only then is it accepted (the reply says so). A kill before the commit leaves no
trace of it but in memory, which the kill takes too: the client, unanswered, sends it again. A
failed commit drops the session from memory, so that it is rebuilt from what is stored.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from dragoman.io.scenario_file import parse_scenario
from dragoman.model.scenario import Scenario
from dragoman.web.broadcast import Channel
from dragoman.web.db import ExerciseRow
from dragoman.web.live import ActionError, LiveSession, Setup
from dragoman.web.store import Recorded, Store

__all__ = ["Accepted", "Hub", "setup_of"]

log = logging.getLogger("dragoman.web")


@dataclass(frozen=True)
class Accepted:
    """The result of an action: its position, and whether it was applied now (False: a retry
    of an action already applied)."""

    seq: int
    applied: bool


def setup_of(scenario: Scenario, spec: dict[str, Any], group: int, humans: list[str]) -> Setup:
    """The setup of group `group` (1-based) of an exercise."""
    roles = {p.name: p.role for p in scenario.parties}
    seats = {k: v for k, v in spec.get("seats", {}).items() if v != "human"}
    return Setup(
        scenario=scenario,
        protocol=spec["protocol"],
        agents={k: v for k, v in seats.items() if roles.get(k) == "party"},
        mediators={k: v for k, v in seats.items() if roles.get(k) == "mediator"},
        humans=tuple(humans),
        seed=int(spec.get("seed", 0)) + group - 1,
        steps=spec.get("steps"),
    )


def exercise_scenario(exercise: ExerciseRow) -> Scenario:
    """The exercise's scenario, with the red lines its spec drops."""
    scenario = parse_scenario(exercise.scenario_text, f"exercise {exercise.id}")
    drops = [tuple(d.split(":", 1)) for d in exercise.spec.get("drop_red_lines", [])]
    return scenario.without_red_lines([(p, i) for p, i in drops]) if drops else scenario


class Hub:
    """Every session the server has loaded, by id."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._live: dict[int, LiveSession] = {}
        self._loading: dict[int, threading.Lock] = {}  # sessions by id, exercises by -id
        self._scenarios: dict[int, Scenario] = {}
        self._channels: dict[int, Channel] = {}

    def exercise_channel(self, exercise_id: int) -> Channel:
        """The channel of an exercise: any of its sessions changed (the dashboard listens)."""
        with self._lock:
            return self._channels.setdefault(exercise_id, Channel())

    def keep_scenario(self, exercise_id: int, scenario: Scenario) -> None:
        """Remember an exercise's scenario as created (saves parsing it again)."""
        with self._lock:
            self._scenarios.setdefault(exercise_id, scenario)

    def scenario(self, exercise: ExerciseRow) -> Scenario:
        """The exercise's scenario, parsed once (every group shares its compiled form)."""
        with self._lock:
            found = self._scenarios.get(exercise.id)
            gate = self._loading.setdefault(-exercise.id, threading.Lock())
        if found is not None:
            return found
        with gate:  # parsed by one thread; the others wait for it
            with self._lock:
                found = self._scenarios.get(exercise.id)
            if found is None:
                found = exercise_scenario(exercise)
                with self._lock:
                    self._scenarios[exercise.id] = found
        return found

    def live(self, session_id: int) -> LiveSession:
        """The live session, rebuilt from its recorded actions if not loaded (KeyError: none)."""
        with self._lock:
            found = self._live.get(session_id)
            gate = self._loading.setdefault(session_id, threading.Lock())
        if found is not None:
            return found
        with gate:  # one thread rebuilds; the others wait for it
            with self._lock:
                found = self._live.get(session_id)
            if found is None:
                found = self._rebuild(session_id)
                with self._lock:
                    self._live[session_id] = found
        return found

    def already(self, live: LiveSession, seat: str, key: str) -> Accepted | None:
        """The action stored under `key` (a retry: not applied again), or None. The live
        session knows every key it applied, since it replays all that is stored."""
        done = live.keys.get(key)
        if done is None:
            return None
        if done.seat != seat:
            raise ActionError("this key belongs to another seat's action", 409)
        return Accepted(done.seq, applied=False)

    def act(self, live: LiveSession, seat: str, kind: str, payload: Any, key: str) -> Accepted:
        """Accept an action once per key (see the module doc); `ActionError` if refused."""
        with live.lock:
            done = self.already(live, seat, key)
            if done is not None:
                return done
            live.check(seat, kind, payload)
            action = Recorded(live.applied, key, seat, kind, payload)
            live.apply(action)
            events = live.session.events
            lines = [e.to_json() for e in events[live.stored :]]
            try:
                stored = self.store.add_action(live.id, action, live.stored, lines)
            except Exception:
                self._forget(live)
                raise
            if not stored:
                self._forget(live)
                raise ActionError("another action took this place; try again", 409)
            live.stored = len(events)
        live.channel.publish()
        self.exercise_channel(live.exercise_id).publish()
        return Accepted(action.seq, applied=True)

    def _forget(self, live: LiveSession) -> None:
        """Drop a session whose memory went ahead of the database (rebuilt when next asked)."""
        with self._lock:
            if self._live.get(live.id) is live:
                del self._live[live.id]

    def _rebuild(self, session_id: int) -> LiveSession:
        row = self.store.session(session_id)
        if row is None:
            raise KeyError(session_id)
        exercise = self.store.exercise(row.exercise_id)
        assert exercise is not None
        humans = [s.name for s in self.store.seats(session_id)]
        setup = setup_of(self.scenario(exercise), exercise.spec, row.group, humans)
        live = LiveSession(session_id, exercise.id, row.group, setup)
        live.replay(self.store.actions(session_id))
        self._store_events(live)
        return live

    def _store_events(self, live: LiveSession) -> None:
        """After a replay: store the events not yet stored (the start, for a new session);
        the stored ones must be the replayed ones."""
        stored = self.store.event_lines(live.id)
        replayed = [e.to_json() for e in live.session.events]
        if stored != replayed[: len(stored)]:
            log.error("session %s: the stored events differ from the replayed ones", live.id)
        self.store.add_events(live.id, len(stored), replayed[len(stored) :])
        live.stored = len(replayed)
