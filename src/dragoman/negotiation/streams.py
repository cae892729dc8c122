"""Random streams of a session: one per seat and one for the protocol, from one seed.

Stream k is `SeedSequence(seed, spawn_key=(k,))`; each numpy Generator is built only when first
drawn from (most seats never draw), so a session with many seats costs nothing for them.

`counter_draw` is for strategies that also play in lockstep over many negotiations: its n-th
draw is a pure function of a key (a hash of the seed and spawn key of the seat's stream) and
n, so the batched engine draws for every negotiation at once what each seat draws one by one.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

__all__ = [
    "LazyGenerator",
    "counter_draw",
    "counter_key",
    "seed_stream",
    "stream_generator",
    "stream_keys",
]

_MASK = (1 << 64) - 1
_GAMMA, _MIX1, _MIX2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB

#: A Python int, or a numpy uint64 array (every operation of `counter_draw` means the same on both).
Words = TypeVar("Words", int, npt.NDArray[Any])


class LazyGenerator:
    """A numpy Generator for one seed stream, created on first use."""

    def __init__(self, seed: int, stream: int) -> None:
        self._seed = seed
        self._stream = stream
        self._generator: np.random.Generator | None = None

    def __getattr__(self, name: str) -> Any:  # only for names not set above: Generator's
        if self._generator is None:
            self._generator = stream_generator(self._seed, self._stream)
        return getattr(self._generator, name)


def stream_generator(seed: int, stream: int) -> np.random.Generator:
    """The generator of stream `stream` of `seed`, built now (for code that draws at once)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream,)))


def seed_stream(seed: int, stream: int) -> np.random.Generator:
    """The generator of stream `stream` of `seed`, built on first use."""
    return cast(np.random.Generator, LazyGenerator(seed, stream))


def counter_key(rng: np.random.Generator) -> int:
    """A seat's key for `counter_draw`: a hash of the seed and spawn key of its stream's
    SeedSequence (not a draw: the key is fixed by the negotiation's seed and the seat)."""
    seq = rng.bit_generator.seed_seq
    if not isinstance(seq, np.random.SeedSequence):
        raise TypeError("counter-based draws need a generator built from a SeedSequence")
    words = [*_words(seq.entropy), *(int(k) for k in seq.spawn_key)]
    key = _GAMMA
    for word in words:
        key = _mix(key ^ word)
    return key


def stream_keys(seeds: npt.NDArray[np.int64], stream: int) -> npt.NDArray[np.uint64]:
    """`counter_key` of stream `stream` of every seed in `seeds` (each < 2**63), at once."""
    keys = _mix(np.asarray(seeds).astype(np.uint64) ^ np.uint64(_GAMMA))
    return _mix(keys ^ np.uint64(stream))


def counter_draw(key: Words, count: Words, bound: Words) -> Words:
    """The `count`-th draw (0, 1, ...) under `key` of an integer in [0, bound), bound < 2**32.

    SplitMix64's output function (Steele, Lea & Flood 2014) of key + (count + 1) * gamma, then
    Lemire's multiply-shift onto [0, bound): counter-based, as in Salmon et al. (2011, "Parallel
    random numbers: as easy as 1, 2, 3"). Works alike on Python ints and on uint64 arrays
    (wrapping arithmetic, masked for ints), so the session and the batched engine agree.
    """
    z = _mix((key + (count + 1) * _GAMMA) & _MASK)
    drawn: Words = ((z >> 32) * bound) >> 32  # (numpy's stubs type uint64 shifts as Any)
    return drawn


def _mix(z: Words) -> Words:
    """SplitMix64's finaliser (a bijection of 64-bit words), on an int or a uint64 array."""
    z = ((z ^ (z >> 30)) * _MIX1) & _MASK
    z = ((z ^ (z >> 27)) * _MIX2) & _MASK
    mixed: Words = z ^ (z >> 31)
    return mixed


def _words(entropy: object) -> list[int]:
    """A SeedSequence's entropy (an int or a sequence of ints) as 64-bit words, low first."""
    values = [entropy] if isinstance(entropy, int | np.integer) else list(entropy)  # type: ignore[call-overload]
    words = []
    for value in values:
        value = int(value)
        words.append(value & _MASK)
        while value > _MASK:
            value >>= 64
            words.append(value & _MASK)
    return words
