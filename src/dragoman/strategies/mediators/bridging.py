"""Bridging mediator: searches texts "between" the positions the parties have taken (their
proposals, and in single-text talks the changes they asked for), issue by issue (for ordered
and numeric issues every value between the positions, for unordered ones the values
proposed), kept inside every reported red line (on an issue where no value between the
positions is, every value inside them), and proposes the Nash point of the reported
preferences inside that box (the largest product of reported gains; without a zone there, the
largest sum), or, without every party's report, the most balanced text between their latest
proposals; on spaces of any size (the bargaining problem of the box). A formal version of the
mediators' "bridging proposal" (e.g. the US text tabled in Doha in August 2024; Pruitt 1981 on
bridging solutions).

What we changed, and why: the box spans every position taken, not only the latest ones. As
the parties concede their latest proposals move, a box of them jumps about and so did its
text: no text stayed on the table long enough for every party to accept it. A box of every
position only grows, and its text settles (on the Nash point, once the box holds it). And
where every text of the box leaves a party at the least it can get (which a party conceding
over time accepts only when time is up), the proposal comes from outside the box."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman._arrays import BoolArray, FloatArray, OutcomeIds
from dragoman.limits import limit
from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import Hearing, reported_utilities
from dragoman.strategies.mediators._texts import (
    adopts,
    best_reported,
    leaves_at_least,
    limits,
    neutral_text,
)
from dragoman.strategies.registry import register
from dragoman.utility.candidates import SAMPLE_SEED, SAMPLE_SIZE, sample_digits
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.masks import product_mask

__all__ = ["Bridging"]


@register
class Bridging(Mediator):
    """Propose the best text inside the box spanned by the parties' latest proposals."""

    name: ClassVar[str] = "bridging"
    traits: ClassVar[Traits] = {
        "family": Family.BRIDGING,
        "source": "Pruitt 1981",
        "stochastic": False,
    }

    def __init__(self) -> None:
        self._hearing = Hearing()
        self._span: _Span | None = None  # the values between the positions heard so far
        self._last: tuple[bytes, int | None] = (b"", None)  # the last box and its text

    def compose(self, view: SeatView) -> int | None:
        heard = self._hearing.read(view)
        latest = heard.positions(1)
        space = view.public.outcome_space
        allowed = limits(heard)
        if len(latest) < 2:
            return int(space.index(neutral_text(allowed)))
        if self._span is None or self._span.epoch != heard.epoch:
            self._span = _Span(space, heard.epoch)
        between = self._span.spanned(heard)
        box = tuple(b & a if (b & a).any() else a for b, a in zip(between, allowed, strict=True))
        key = b"".join(np.packbits(m).tobytes() for m in box)
        utilities = reported_utilities(heard)
        if len(utilities) < len(view.public.parties):
            return _most_balanced(space, box, [texts[0] for texts in latest.values()])
        if key != self._last[0]:
            ordered = [utilities[p] for p in view.public.parties]
            self._last = (key, _bridge(space, ordered, box, allowed))
        return self._last[1]

    def adopt(
        self, view: SeatView, current: int | None, candidate: int, approvals: Mapping[str, bool]
    ) -> bool:
        return adopts(self._hearing.read(view), current, candidate, approvals)


def _bridge(
    space: OutcomeSpace,
    utilities: list[CompiledUtility],
    box: tuple[BoolArray, ...],
    allowed: tuple[BoolArray, ...],
) -> int | None:
    """The Nash point of the reports inside the box; if it leaves a party at the least it can
    get (every text of the box does: on an unordered issue a box holds only the values
    proposed), the one inside every reported red line, which then lies outside the box."""
    text = best_reported(utilities, box)
    if text is None:
        return None
    if leaves_at_least(utilities, space.digits(space.ids([text]))[0]):
        return best_reported(utilities, allowed)
    return text


class _Span:
    """Per issue, the values between the positions taken (ordered and numeric issues: every
    value in their range; unordered ones: the values proposed), grown by the positions new
    since the last look (of one hearing `epoch`)."""

    def __init__(self, space: OutcomeSpace, epoch: int) -> None:
        self.space, self.epoch = space, epoch
        self.ranged = [
            issue.is_numeric or getattr(issue, "ordered", False) for issue in space.issues
        ]
        self.masks = [np.zeros(issue.cardinality, dtype=bool) for issue in space.issues]
        self.counted = 0  # positions of the hearing taken in

    def spanned(self, hearing: Hearing) -> tuple[BoolArray, ...]:
        """The values between every position `hearing` holds."""
        new = hearing.taken(self.counted)
        if new:
            self.counted += len(new)
            digits = self.space.digits(self.space.ids(new))
            for i, mask in enumerate(self.masks):
                values = digits[:, i]
                if self.ranged[i]:
                    seen = np.flatnonzero(mask)
                    low, high = int(values.min()), int(values.max())
                    if seen.size:
                        low, high = min(low, int(seen[0])), max(high, int(seen[-1]))
                    mask[low : high + 1] = True
                else:
                    mask[values] = True
        return tuple(mask.copy() for mask in self.masks)


def _most_balanced(space: OutcomeSpace, box: tuple[BoolArray, ...], offers: list[int]) -> int:
    """The text of the box whose distances to the offers are most even (the whole box, or a
    uniform sample of it when it is too large to enumerate)."""
    size = math.prod(int(m.sum()) for m in box)
    if size <= limit("enumeration"):
        candidates = np.flatnonzero(product_mask(list(box))).astype(np.int64)
    else:
        digits = sample_digits(box, SAMPLE_SIZE, np.random.default_rng(SAMPLE_SEED))
        candidates = np.unique(space.index(digits))
    return int(candidates[int(np.argmin(_imbalance(space, candidates, offers)))])


def _imbalance(space: OutcomeSpace, box: OutcomeIds, offers: list[int]) -> FloatArray:
    """How unevenly each text's distance (in issue positions) is shared between the offers."""
    digits = space.digits(box).astype(np.float64)
    scale = np.maximum(space.radices - 1, 1).astype(np.float64)
    distances = [
        np.abs(digits - space.digits(space.ids([o]))[0]).__truediv__(scale).sum(axis=1)
        for o in offers
    ]
    d = np.stack(distances)
    return np.asarray(d.max(axis=0) - d.min(axis=0) + 1e-3 * d.sum(axis=0))
