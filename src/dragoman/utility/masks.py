"""Red lines as per-issue masks: the only place their masks are built, intersected and applied.

A red line constrains one issue, so a party's red lines (and any set of red lines, e.g. all
parties' but one) are a boolean mask per issue; an outcome is acceptable when each of its values
passes its issue's mask. The whole-space mask is the outer product of the per-issue masks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from dragoman._arrays import BoolArray, outer_flat
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.red_lines import RedLine

__all__ = [
    "RedLineMask",
    "allowed_values",
    "passes",
    "product_mask",
    "red_line_masks",
]


class RedLineMask(NamedTuple):
    """A red line compiled: the position of its issue and which of its values it allows."""

    issue: int
    allowed: BoolArray


def red_line_masks(red_lines: Iterable[RedLine], space: OutcomeSpace) -> tuple[RedLineMask, ...]:
    """Each red line as the mask of the values it allows on its issue."""
    masks = []
    for red_line in red_lines:
        position = space.issue_position(red_line.issue)
        masks.append(RedLineMask(position, red_line.mask(space.issues[position])))
    return tuple(masks)


def allowed_values(
    radices: Sequence[int] | npt.NDArray[np.int64],
    masks: Iterable[RedLineMask],
    skip: Iterable[int] = (),
) -> tuple[BoolArray, ...]:
    """Per issue, the values every mask allows (masks numbered in `skip` left out)."""
    allowed = [np.ones(int(r), dtype=bool) for r in radices]
    skipped = set(skip)
    for k, mask in enumerate(masks):
        if k not in skipped:
            allowed[mask.issue] &= mask.allowed
    return tuple(allowed)


def passes(digits: npt.NDArray[np.integer], allowed: Sequence[BoolArray]) -> BoolArray:
    """For outcomes given as (..., issues) value positions: whether every value is allowed."""
    ok = np.ones(digits.shape[:-1], dtype=bool)
    for i, mask in enumerate(allowed):
        ok &= mask[digits[..., i]]
    return ok


def product_mask(per_issue: Sequence[BoolArray]) -> BoolArray:
    """Whole-space mask (mixed-radix order) of outcomes whose every issue value is allowed."""
    mask: BoolArray = np.asarray(per_issue[0], dtype=bool)
    for allowed in per_issue[1:]:
        mask = outer_flat(np.logical_and, mask, np.asarray(allowed, dtype=bool))
    return mask
