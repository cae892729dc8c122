"""The database: exercises, their sessions (one per group), seats with their tokens, the
accepted actions (with idempotency keys, unique per session) and the recorded events.

Any SQLAlchemy URL works; the default is a SQLite file. Actions are the record a session is
rebuilt from after a restart; events are the session's own record, stored as they happen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "DEFAULT_URL",
    "ActionRow",
    "Base",
    "EventRow",
    "ExerciseRow",
    "SeatRow",
    "SessionRow",
    "open_database",
]

#: The database when none is given: a SQLite file in the working folder (nothing to start).
DEFAULT_URL = "sqlite:///dragoman-web.db"


class Base(DeclarativeBase):
    """The tables' common base."""


def _now() -> datetime:
    return datetime.now(UTC)


class ExerciseRow(Base):
    """One exercise: a scenario, a protocol and who sits where, run for one or many groups."""

    __tablename__ = "exercises"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    scenario_text: Mapped[str] = mapped_column(Text)
    organiser_token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SessionRow(Base):
    """The session of one group of an exercise."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"), index=True)
    group: Mapped[int] = mapped_column(Integer)  # 1-based
    seed: Mapped[int] = mapped_column(Integer)


class SeatRow(Base):
    """A human seat of a session: its private token and its CSRF token for forms."""

    __tablename__ = "seats"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    csrf: Mapped[str] = mapped_column(String(64))


class ActionRow(Base):
    """An accepted action, in the session's order (`seq`); `key` makes a retry harmless."""

    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("session_id", "key", name="one_action_per_key"),
        UniqueConstraint("session_id", "seq", name="one_action_per_position"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(80))
    seat: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[Any] = mapped_column(JSON, nullable=True)


class EventRow(Base):
    """One event of a session, as its canonical JSON line."""

    __tablename__ = "events"
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[str] = mapped_column(Text)


def open_database(url: str) -> Engine:
    """An engine on `url` with every table created (SQLite: safe across threads, WAL)."""
    sqlite = url.startswith("sqlite")
    args: dict[str, Any] = {"check_same_thread": False, "timeout": 30} if sqlite else {}
    engine = create_engine(url, connect_args=args, pool_pre_ping=not sqlite)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    Base.metadata.create_all(engine)
    return engine


def _sqlite_pragmas(connection: Any, record: Any) -> None:
    """WAL keeps readers and the writer apart; with NORMAL sync a commit survives the
    process being killed (the log is the operating system's once written), not a power cut."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
