"""The phases of a deal and the model of its implementation, as described in a scenario.

A phase's numbers (its length, a commitment's amount, a payoff) may be formulas over the agreed
issue values (`dragoman.model.formula`); `dragoman.phases` turns them into a schedule and
analyses it. Cross-checks of these sections are in `dragoman.model.phase_checks`.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from dragoman._words import number
from dragoman.limits import over
from dragoman.model.base import Description, Number, Whole

__all__ = [
    "Commitment",
    "Guarantee",
    "Implementation",
    "Phase",
    "PhasePayoff",
    "Quantity",
    "Spoiler",
]


def _number_or_formula(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a number or a formula over issue names (got {value!r})")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a finite number (got {value!r})")
    return value


def _whole_or_weekly(value: Any) -> Any:
    if value == "weekly":
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        too_many = over("batches", value)
        if too_many:
            raise ValueError(too_many)
        return value
    raise ValueError(f"expected a whole number of batches (>= 1) or 'weekly' (got {value!r})")


def _few_commitments(value: Any) -> Any:
    too_many = over("commitments", len(value)) if isinstance(value, list | tuple) else None
    if too_many:
        raise ValueError(too_many)
    return value


#: A number, or a formula over agreed issue values (`dragoman.model.formula`).
Quantity = Annotated[Number | str, BeforeValidator(_number_or_formula)]


class Commitment(Description):
    """Something a party does in a phase; `amount` may be a formula over agreed issue values."""

    party: str
    action: str
    amount: Quantity = ""
    text: str = Field(
        "", description="The commitment in words; '{amount}' is replaced by the agreed amount."
    )


class Phase(Description):
    """One phase of a phased agreement; `dragoman.phases` turns it into a schedule."""

    name: str = Field(min_length=1)
    duration_weeks: Quantity | None = Field(
        None, description="Weeks the phase lasts: a number or a formula over issue values."
    )
    description: str = ""
    commitments: Annotated[tuple[Commitment, ...], BeforeValidator(_few_commitments)] = ()
    preconditions: tuple[str, ...] = Field((), description="Further conditions, in words.")
    batches: Annotated[Whole | Literal["weekly"], BeforeValidator(_whole_or_weekly)] = Field(
        1, description="Exchanges carried out at once (1), in n batches, or one batch a week."
    )
    verified_by: tuple[str, ...] = Field(
        (), description="Monitors (mediators) who verify the phase before the next one starts."
    )

    @field_validator("duration_weeks")
    @classmethod
    def _positive(cls, value: float | str | None) -> float | str | None:
        if isinstance(value, int | float) and not 0 < value <= 520:
            raise ValueError(
                f"a phase must last more than 0 and at most 520 weeks (got {number(value)})"
            )
        return value


class PhasePayoff(Description):
    """One party's stakes in one phase (numbers or formulas), in the units of its utility."""

    party: str
    phase: str
    complete: Quantity = Field(0.0, description="Value of the phase being completed.")
    defect: Quantity = Field(0.0, description="Value of defecting at the phase.")
    cost: Quantity = Field(0.0, description="Cost of defecting (reputation, standing penalties).")
    betrayed: Quantity = Field(0.0, description="Value when another party defects at the phase.")
    note: str = ""


class Guarantee(Description):
    """A penalty (or forfeited escrow) a party incurs if it defects at a phase."""

    party: str
    phase: str
    penalty: Quantity
    by: tuple[str, ...] = Field((), description="The guarantors.")
    note: str = ""

    @field_validator("penalty")
    @classmethod
    def _not_negative(cls, value: float | str) -> float | str:
        if not isinstance(value, str) and value < 0:
            raise ValueError(f"a guarantee's penalty cannot be negative (got {number(value)})")
        return value


class Spoiler(Description):
    """A third party whose actions may cause escalation shocks during implementation."""

    name: str = Field(min_length=1)
    description: str = ""
    sources: tuple[str, ...] = ()
    weekly_probability: Number = Field(ge=0, le=1, description="Chance of a shock in a week.")
    deterrence: Number = Field(0.0, ge=0, le=1, description="Share of that chance deterred.")
    phases: tuple[str, ...] = Field((), description="Phases it is active in; empty: all.")


class Implementation(Description):
    """Payoffs, guarantees and spoilers of a phased agreement (`docs/phases.md`)."""

    assumptions: str = ""
    weekly_discount: Number = Field(1.0, gt=0, le=1)
    unverified_detection: Number = Field(
        1.0, gt=0, le=1, description="Chance a violation is established without a monitor."
    )
    absorption: Number = Field(
        0.0, ge=0, le=1, description="Chance mediators restore the deal after a shock/violation."
    )
    compliance_noise: Number = Field(0.0, ge=0, description="Bound of the uniform noise.")
    payoffs: tuple[PhasePayoff, ...] = ()
    guarantees: tuple[Guarantee, ...] = ()
    spoilers: tuple[Spoiler, ...] = ()
