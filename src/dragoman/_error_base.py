"""`DragomanError`, the base of every error Dragoman raises on purpose, alone in the foundation's
lowest module: `limits` (whose `LimitError` is one) imports it, and `errors` imports `limits`
to cap the problems an error lists, so neither imports the other in a cycle. Import it from
`dragoman.errors`, its public home."""

from __future__ import annotations

__all__ = ["DragomanError"]


class DragomanError(Exception):
    """Base of every error Dragoman raises on purpose (the CLI turns these into exit code 2)."""
