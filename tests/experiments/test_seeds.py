"""Seeds computed in bulk are numpy's own: the state SeedSequence(root, spawn_key=key)
generates, for many keys at once, at every size of root seed and key."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from dragoman.experiments.cells import cell_seed, cell_seeds
from dragoman.experiments.seeds import spawned_states


@pytest.mark.parametrize("root", [0, 1, 2**32 - 1, 2**32 + 5, 2**70 + 3, 2**130 + 11])
@pytest.mark.parametrize("width", [1, 2, 5])
def test_bulk_states_equal_seed_sequence(root: int, width: int) -> None:
    keys = np.random.default_rng(width).integers(0, 2**32, size=(200, width), dtype=np.uint64)
    keys[0] = 0
    keys[1] = 2**32 - 1
    want = [
        np.random.SeedSequence(root, spawn_key=tuple(int(k) for k in row)).generate_state(3)
        for row in keys
    ]
    assert (spawned_states(root, keys, 3) == np.array(want)).all()


def test_cell_seeds_in_bulk_equal_one_at_a_time() -> None:
    keys = [f"{k:024x}" for k in range(300)]
    assert cell_seeds(7, keys).tolist() == [cell_seed(7, k) for k in keys]
    digest_key = "abc"  # the documented derivation, written out
    digest = hashlib.blake2b(digest_key.encode(), digest_size=8).digest()
    spawn = (int.from_bytes(digest[:4], "big"), int.from_bytes(digest[4:], "big"))
    state = np.random.SeedSequence(7, spawn_key=spawn).generate_state(2, np.uint32)
    assert cell_seed(7, digest_key) == int(state[0]) << 31 | int(state[1]) >> 1


def test_bad_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="32-bit"):
        spawned_states(0, [[2**32]], 1)
    with pytest.raises(ValueError, match="non-negative"):
        spawned_states(-1, [[1]], 1)
