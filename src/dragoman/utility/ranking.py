"""Ranking outcomes by one party's utility, best first: the component every utility kind uses.

On an enumerable space the ranking is exhaustive (every outcome inside the party's red lines);
on a larger one it ranks candidates: the public sample plus the party's local optima
(`dragoman.utility.candidates`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dragoman._arrays import BoolArray, FloatArray, OutcomeIds
from dragoman.model.outcomes import OutcomeSpace
from dragoman.utility.candidates import Evaluate, search_candidates
from dragoman.utility.masks import product_mask

__all__ = ["rank", "rank_outcomes"]


def rank(
    space: OutcomeSpace,
    allowed: Sequence[BoolArray],
    evaluate: Evaluate,
    table: FloatArray | None,
) -> tuple[OutcomeIds, FloatArray]:
    """Outcomes inside `allowed` best first by utility, and their utilities (read-only).

    With the whole-space `table`, every such outcome; without it (huge spaces), the candidates.
    """
    if table is not None:
        inside = np.flatnonzero(product_mask(allowed)).astype(np.int64)
        return rank_outcomes(inside, table[inside])
    candidates, values = search_candidates(space, evaluate, allowed)
    return rank_outcomes(candidates, values)


def rank_outcomes(outcomes: OutcomeIds, values: npt.ArrayLike) -> tuple[OutcomeIds, FloatArray]:
    """`outcomes` best first by `values` (ties in index order), both read-only.

    The same order as a stable argsort of -values, at the speed of the default (SIMD) sort:
    ties are put in order by sorting the unique keys group * n + position.
    """
    values = np.asarray(values, dtype=np.float64)
    order = np.argsort(-values)
    ordered = values[order]
    same = ordered[1:] == ordered[:-1]
    if same.any():
        group = np.concatenate(([0], np.cumsum(~same)))
        order = np.sort(group * values.size + order) % values.size
    ranked, utilities = outcomes[order], values[order]
    ranked.flags.writeable = False
    utilities.flags.writeable = False
    return ranked, utilities
