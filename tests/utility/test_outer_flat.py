"""Whole-space tables built column by column equal numpy's outer products exactly (the order
of every addition is the same), for sums and masks, long or short on either side."""

from __future__ import annotations

import numpy as np
import pytest

from dragoman._arrays import outer_flat


@pytest.mark.parametrize(("left", "right"), [(50, 3), (3, 50), (1, 1), (0, 4), (4, 0)])
def test_outer_flat_equals_outer_then_ravel(left: int, right: int) -> None:
    rng = np.random.default_rng(left * 100 + right)
    x, y = rng.random(left), rng.random(right)
    assert np.array_equal(outer_flat(np.add, x, y), np.add.outer(x, y).ravel())
    mask = outer_flat(np.logical_and, x > 0.5, y > 0.5)
    assert mask.dtype == bool
    assert np.array_equal(mask, np.logical_and.outer(x > 0.5, y > 0.5).ravel())
