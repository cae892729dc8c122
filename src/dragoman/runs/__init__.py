"""The public API's jobs: one negotiation (`negotiate`) and one implementation (`implement`),
returning results with named fields and no printing. Names load lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dragoman._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time names load lazily
    from dragoman.runs.implementation import agreement_to_implement, implement
    from dragoman.runs.negotiation import (
        NegotiationResult,
        negotiate,
        result_from_events,
        result_of,
        start_session,
    )

__getattr__, __dir__ = lazy_exports(__name__, __file__)  # __all__ too
