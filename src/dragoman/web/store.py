"""Reading and writing the web app's records: exercises with their sessions and seats, the
accepted actions (unique per key) and the events. Each function is one short transaction."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from dragoman.web.db import ActionRow, EventRow, ExerciseRow, SeatRow, SessionRow

__all__ = ["Recorded", "Store", "new_token"]


def new_token() -> str:
    """An unguessable token (256 bits)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Recorded:
    """An action as stored."""

    seq: int
    key: str
    seat: str
    kind: str
    payload: Any


class Store:
    """The database behind the web app."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._seats: dict[str, SeatRow] = {}  # by token: a seat's row never changes
        # SQLite has one writer at a time and makes the others sleep and retry: writers queue
        # here instead (a server is one process). Other databases take concurrent writes.
        self._writing: AbstractContextManager[Any] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )

    # --- exercises ----------------------------------------------------------------------------
    def create_exercise(
        self, title: str, spec: dict[str, Any], text: str, groups: Sequence[tuple[int, list[str]]]
    ) -> int:
        """Store an exercise and, per group, its session (seed) and human seats; its id."""
        with self._writing, DbSession(self.engine) as db, db.begin():
            exercise = ExerciseRow(
                title=title[:300], spec=spec, scenario_text=text, organiser_token=new_token()
            )
            db.add(exercise)
            db.flush()
            for group, (seed, humans) in enumerate(groups, start=1):
                row = SessionRow(exercise_id=exercise.id, group=group, seed=seed)
                db.add(row)
                db.flush()
                for name in humans:
                    db.add(
                        SeatRow(session_id=row.id, name=name, token=new_token(), csrf=new_token())
                    )
            return exercise.id

    def exercise(self, exercise_id: int) -> ExerciseRow | None:
        """An exercise by id."""
        with DbSession(self.engine, expire_on_commit=False) as db:
            return db.get(ExerciseRow, exercise_id)

    def exercise_by_token(self, token: str) -> ExerciseRow | None:
        """The exercise whose organiser holds `token`."""
        with DbSession(self.engine, expire_on_commit=False) as db:
            return db.scalars(
                select(ExerciseRow).where(ExerciseRow.organiser_token == token)
            ).first()

    def sessions(self, exercise_id: int) -> list[SessionRow]:
        """The sessions of an exercise, by group."""
        with DbSession(self.engine, expire_on_commit=False) as db:
            query = select(SessionRow).where(SessionRow.exercise_id == exercise_id)
            return list(db.scalars(query.order_by(SessionRow.group)))

    def session(self, session_id: int) -> SessionRow | None:
        """A session by id."""
        with DbSession(self.engine, expire_on_commit=False) as db:
            return db.get(SessionRow, session_id)

    def seats(self, session_id: int) -> list[SeatRow]:
        """The human seats of a session."""
        with DbSession(self.engine, expire_on_commit=False) as db:
            query = select(SeatRow).where(SeatRow.session_id == session_id).order_by(SeatRow.id)
            return list(db.scalars(query))

    def seat(self, seat_id: int) -> SeatRow | None:
        """A seat by id."""
        with DbSession(self.engine, expire_on_commit=False) as db:
            return db.get(SeatRow, seat_id)

    def seat_by_token(self, token: str) -> SeatRow | None:
        """The seat whose holder has `token`."""
        found = self._seats.get(token)
        if found is None:
            with DbSession(self.engine, expire_on_commit=False) as db:
                found = db.scalars(select(SeatRow).where(SeatRow.token == token)).first()
            if found is not None:
                self._seats[token] = found
        return found

    # --- actions and events -------------------------------------------------------------------
    def actions(self, session_id: int) -> list[Recorded]:
        """Every accepted action of a session, in order."""
        with DbSession(self.engine) as db:
            query = select(ActionRow).where(ActionRow.session_id == session_id)
            rows = db.scalars(query.order_by(ActionRow.seq))
            return [Recorded(r.seq, r.key, r.seat, r.kind, r.payload) for r in rows]

    def add_action(
        self, session_id: int, action: Recorded, first: int, lines: Sequence[str]
    ) -> bool:
        """Store an action and the events it caused (events `first`, `first`+1, ...) in one
        transaction; False if its key (or its position) is taken: nothing is stored."""
        row = {"session_id": session_id, "seq": action.seq, "key": action.key,
               "seat": action.seat, "kind": action.kind, "payload": action.payload}  # fmt: skip
        events = [{"session_id": session_id, "seq": first + k, "line": line}
                  for k, line in enumerate(lines)]  # fmt: skip
        try:  # plain inserts: this is the hot path of every action
            with self._writing, self.engine.begin() as connection:
                connection.execute(insert(ActionRow), [row])
                if events:
                    connection.execute(insert(EventRow), events)
        except IntegrityError:
            return False
        return True

    def add_events(self, session_id: int, first: int, lines: Sequence[str]) -> None:
        """Store events `first`, `first`+1, ... of a session."""
        if not lines:
            return
        with self._writing, DbSession(self.engine) as db, db.begin():
            db.add_all(
                EventRow(session_id=session_id, seq=first + k, line=line)
                for k, line in enumerate(lines)
            )

    def event_lines(self, session_id: int) -> list[str]:
        """Every stored event of a session, in order, as JSON lines."""
        with DbSession(self.engine) as db:
            query = select(EventRow.line).where(EventRow.session_id == session_id)
            return list(db.scalars(query.order_by(EventRow.seq)))


def _events(session_id: int, first: int, lines: Sequence[str]) -> list[EventRow]:
    return [
        EventRow(session_id=session_id, seq=first + k, line=line) for k, line in enumerate(lines)
    ]
