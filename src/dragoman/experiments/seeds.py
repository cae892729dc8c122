"""Seeds of many cells at once: the state `numpy.random.SeedSequence(root, spawn_key=key)`
generates, computed for a whole array of spawn keys with numpy, so that a tournament of a
million cells derives its seeds in milliseconds instead of building a million SeedSequence
objects. The numbers are numpy's own (its documented mixing algorithm, a port of Melissa
O'Neill's seed_seq; `tests/experiments/test_seeds.py` holds them equal to SeedSequence).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["spawned_states"]

_MASK = 0xFFFFFFFF
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_POOL = 4  # SeedSequence's default pool size (32-bit words)

U32 = npt.NDArray[np.uint32]


def _words(value: int) -> list[int]:
    """An entropy integer as numpy coerces it: 32-bit words, least significant first."""
    if value < 0:
        raise ValueError(f"a seed must be non-negative (got {value})")
    words = [value & _MASK]
    value >>= 32
    while value:
        words.append(value & _MASK)
        value >>= 32
    return words


class _Hash:
    """The running hash constant of SeedSequence's mixing, shared by every row."""

    def __init__(self, start: int, multiplier: int) -> None:
        self.const, self.multiplier = start, multiplier

    def __call__(self, value: U32) -> U32:
        value = value ^ np.uint32(self.const)
        self.const = (self.const * self.multiplier) & _MASK
        value = value * np.uint32(self.const)
        return value ^ (value >> np.uint32(16))


def _mix(x: U32, y: U32) -> U32:
    result: U32 = np.uint32(_MIX_L) * x - np.uint32(_MIX_R) * y
    return result ^ (result >> np.uint32(16))


def spawned_states(root: int, keys: npt.ArrayLike, words: int) -> U32:
    """(n, words) uint32: row i is `SeedSequence(root, spawn_key=tuple(keys[i]))
    .generate_state(words)`, for an (n, k) array of spawn keys (each element < 2**32)."""
    spawn = np.asarray(keys, dtype=np.uint64)
    if spawn.ndim != 2 or spawn.shape[1] == 0 or (spawn > _MASK).any():
        raise ValueError("spawn keys must be an (n, k >= 1) array of 32-bit words")
    n = spawn.shape[0]
    run = _words(root)
    run += [0] * (_POOL - len(run))  # a spawned sequence pads its run entropy to the pool
    entropy = [np.full(n, w, np.uint32) for w in run]
    entropy += [spawn[:, j].astype(np.uint32) for j in range(spawn.shape[1])]
    hashmix = _Hash(_INIT_A, _MULT_A)
    pool = [hashmix(entropy[i]) for i in range(_POOL)]
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                pool[dst] = _mix(pool[dst], hashmix(pool[src]))
    for src in range(_POOL, len(entropy)):
        for dst in range(_POOL):
            pool[dst] = _mix(pool[dst], hashmix(entropy[src]))
    out = _Hash(_INIT_B, _MULT_B)
    return np.stack([out(pool[i % _POOL]) for i in range(words)], axis=1)
