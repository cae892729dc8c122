"""The base of every description: frozen, no unknown fields, and no NaN or infinite numbers
(a number from a file must be finite: NaN would silently match nothing, or everything)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Description"]


class Description(BaseModel):
    """A validated, immutable part of a scenario."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
