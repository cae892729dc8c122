"""Seed streams and counter-based draws: the session's seat and the batched engine draw alike."""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dragoman.negotiation.streams import (
    counter_draw,
    counter_key,
    seed_stream,
    stream_generator,
    stream_keys,
)

WORD = st.integers(min_value=0, max_value=2**64 - 1)


@given(st.lists(st.tuples(WORD, st.integers(0, 10**6), st.integers(1, 2**32 - 1)), min_size=1))
def test_a_draw_is_the_same_on_ints_and_on_uint64_arrays(
    draws: list[tuple[int, int, int]],
) -> None:
    keys, counts, bounds = (
        np.array(column, dtype=np.uint64) for column in zip(*draws, strict=True)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning: the arithmetic wraps by design
        batch = counter_draw(keys, counts, bounds)
    one_by_one = [counter_draw(k, c, b) for k, c, b in draws]
    assert batch.dtype == np.uint64
    assert batch.tolist() == one_by_one
    assert all(0 <= x < b for x, (_, _, b) in zip(one_by_one, draws, strict=True))


def test_draws_are_close_to_uniform() -> None:
    """A chi-square test at 10 bins over 100,000 draws under one key (fixed: cannot flake)."""
    counts = counter_draw(
        np.full(100_000, 987654321, dtype=np.uint64),
        np.arange(100_000, dtype=np.uint64),
        np.full(100_000, 10, dtype=np.uint64),
    )
    observed = np.bincount(counts.astype(np.int64), minlength=10)
    chi2 = float(((observed - 10_000) ** 2 / 10_000).sum())
    assert chi2 < 27.9  # the 0.1% critical value at 9 degrees of freedom


def test_consecutive_keys_give_unrelated_draws() -> None:
    """Keys of neighbouring seeds do not draw the same sequences."""
    keys = [counter_key(stream_generator(seed, 0)) for seed in range(200)]
    firsts = [tuple(counter_draw(k, j, 1000) for j in range(5)) for k in keys]
    assert len(set(keys)) == 200
    assert len(set(firsts)) == 200


def test_the_key_of_a_lazy_stream_is_the_key_of_the_built_one() -> None:
    """The session's seats get lazy generators, the batched engine builds them: same key."""
    for seed, stream in [(0, 0), (7, 1), (2**40 + 3, 5)]:
        assert counter_key(seed_stream(seed, stream)) == counter_key(stream_generator(seed, stream))


@given(st.lists(st.integers(0, 2**63 - 1), min_size=1, max_size=50), st.integers(0, 40))
def test_keys_of_many_seeds_at_once_are_the_keys_of_each_stream(
    seeds: list[int], stream: int
) -> None:
    """The batched engine keys its rows at once; each key is the session seat's."""
    batch = stream_keys(np.array(seeds, dtype=np.int64), stream)
    assert batch.tolist() == [counter_key(stream_generator(s, stream)) for s in seeds]


def test_a_key_reads_the_whole_entropy() -> None:
    """Seeds that agree in their low 64 bits, or as sequences, still get their own keys; 5 and
    [5], one stream for numpy, get one key."""

    def key(entropy: int | list[int]) -> int:
        return counter_key(np.random.default_rng(np.random.SeedSequence(entropy)))

    assert len({key(e) for e in (5, 5 + 2**64, [5, 0], 2**200)}) == 4
    assert key(5) == key([5])
