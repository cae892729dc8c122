"""Random streams of a session: one per seat and one for the protocol, from one seed.

Stream k is `SeedSequence(seed, spawn_key=(k,))`; each numpy Generator is built only when first
drawn from (most seats never draw), so a session with many seats costs nothing for them.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np

__all__ = ["LazyGenerator", "seed_stream", "stream_generator"]


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
