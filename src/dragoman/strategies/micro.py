"""MiCRO (de Jonge 2022, "An Analysis of the Linear Bilateral ANAC Domains Using the MiCRO
Benchmark Strategy", IJCAI-22): concede one outcome at a time, only as fast as the opponent.

Rules (from the paper): order the outcomes worth at least the reservation value by decreasing
own utility, w_0, w_1, ... Let m be the number of distinct proposals MiCRO has made (they are
w_0..w_{m-1}) and n the number of distinct proposals received (the opponent's offers; in
mediated talks the texts and relays put to it, `SeatView.proposals`). If n >= m (and some
w_m is left) MiCRO is ready to concede and proposes w_m; otherwise it repeats one of w_0..w_{m-1} at
random (counter-based draws from its seat stream, `negotiation.streams.counter_draw`, so the
lockstep form draws for a whole batch at once). It accepts an offer worth at least what it
would propose next: u(w_m) when ready to concede, else u(w_{m-1}), the lowest it has
proposed. No opponent model, no clock.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from dragoman._arrays import BoolArray, FloatArray, IntArray
from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.streams import counter_draw, counter_key, stream_keys
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import admissible_of, own_utility, ranked_of, rational_count
from dragoman.strategies.registry import register
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = ["MiCRO", "MiCROLockstep"]


@register
class MiCRO(Agent):
    """Concedes one distinct outcome per distinct outcome the opponent has offered."""

    name: ClassVar[str] = "micro"
    traits: ClassVar[Traits] = {
        "family": Family.RECIPROCAL,
        "source": "de Jonge 2022",
        "stochastic": True,
    }

    #: whether the class answers with MiCRO's own `propose` and `respond` (then `counter`
    #: reads the proposals received once for both)
    _plain: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._plain = (cls.propose, cls.respond, cls.counter) == (
            MiCRO.propose,
            MiCRO.respond,
            MiCRO.counter,
        )

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        super().setup(view, rng)
        self._made = 0  # m: distinct proposals made, always the prefix w_0..w_{m-1}
        self._heard_by: SeatView | None = None  # the view `_received` and `_rational` are of
        self._key: int | None = None  # of the draws, taken from the stream at the first
        self._drawn = 0

    def _ready(self, view: SeatView) -> bool:
        """Whether MiCRO would concede now: n >= m and an outcome above its RV is left."""
        if self._heard_by is not view:  # the distinct proposals received (n), read as they come
            self._heard_by, self._received, self._read = view, set(), 0
            self._rational = rational_count(view)
            utility = own_utility(view)
            self._admissible = admissible_of(utility)
            self._ranked, self._utilities = ranked_of(utility)
            self._rv = utility.reservation_value
        new = view.proposals(self._read)
        if new:
            self._received.update(new)
            self._read += len(new)
        return len(self._received) >= self._made and self._made < self._rational

    def propose(self, view: SeatView) -> int:
        return self._propose(view, self._ready(view))

    def _propose(self, view: SeatView, ready: bool) -> int:
        ranked = self._ranked  # `_ready` has just read the view
        if ready or self._made == 0:
            self._made += 1
            return ranked[self._made - 1]  # type: ignore[no-any-return]
        return ranked[self._draw()]  # type: ignore[no-any-return]

    def _draw(self) -> int:
        """One of 0..m-1 at random: the next counter-based draw of this seat."""
        if self._key is None:
            self._key = counter_key(self.rng)
        self._drawn += 1
        return counter_draw(self._key, self._drawn - 1, self._made)

    def respond(self, view: SeatView, offer: int) -> Response:
        return self._respond(view, offer, self._ready(view))

    def _respond(self, view: SeatView, offer: int, ready: bool) -> Response:
        k = self._made if ready else max(0, self._made - 1)
        # the offer's utility if inside the red lines (else NaN, which fails both tests)
        u = self._admissible[offer]
        good = u >= self._utilities[k]
        return Response.ACCEPT if good and u >= self._rv else Response.REJECT

    def counter(self, view: SeatView, offer: int) -> Response | int:
        """One turn: respond, and on a rejection propose, both on one reading of the
        proposals received (nothing arrives between the two)."""
        if not self._plain:
            return super().counter(view, offer)
        ready = self._ready(view)
        answer = self._respond(view, offer, ready)
        return self._propose(view, ready) if answer is Response.REJECT else answer

    def lockstep(self, view: SeatView, seeds: IntArray, stream: int) -> MiCROLockstep:
        """This rule over a batch of bilateral negotiations (`dragoman.strategies.lockstep`)."""
        return MiCROLockstep(own_utility(view), rational_count(view), seeds, stream)


class MiCROLockstep:
    """MiCRO in lockstep: per row m (distinct proposals made) and n (distinct offers heard);
    a repeated proposal is the row's next counter-based draw, under the key of the row's
    seat stream (`stream_keys`, the session's `counter_key`), keyed when the row first repeats."""

    def __init__(
        self, utility: CompiledUtility, rational: int, seeds: IntArray, stream: int
    ) -> None:
        self.utility, self.rational = utility, rational
        self.ranked, self.utilities = utility.ranking
        self.table: FloatArray = np.asarray(utility.table, dtype=np.float64)
        self.inside: BoolArray = np.asarray(utility.inside, dtype=bool)
        self.made: IntArray = np.zeros(seeds.size, dtype=np.int64)
        self.distinct: IntArray = np.zeros(seeds.size, dtype=np.int64)
        self._heard: set[int] = set()  # row * size + offer, for every offer heard
        self._seeds, self._stream = seeds, stream
        self.keys = np.zeros(seeds.size, dtype=np.uint64)
        self.keyed: BoolArray = np.zeros(seeds.size, dtype=bool)
        self.drawn = np.zeros(seeds.size, dtype=np.uint64)

    def _ready(self, rows: IntArray) -> BoolArray:
        made = self.made[rows]
        return (self.distinct[rows] >= made) & (made < self.rational)

    def _propose(self, rows: IntArray, ready: BoolArray) -> IntArray:
        made = self.made[rows]
        concede = ready | (made == 0)
        self.made[rows[concede]] += 1
        picks = np.where(concede, made, 0)
        repeat = rows[~concede]  # repeat one of w_0..w_{m-1} at random
        if repeat.size:
            self._key(repeat)
            count = self.drawn[repeat]
            self.drawn[repeat] = count + 1
            bound = made[~concede].astype(np.uint64)
            picks[~concede] = counter_draw(self.keys[repeat], count, bound).astype(np.int64)
        return np.asarray(self.ranked[picks], dtype=np.int64)

    def _key(self, rows: IntArray) -> None:
        """Key each of `rows` that has no key yet, as the session's seat is keyed."""
        new = rows[~self.keyed[rows]]
        if new.size:
            self.keys[new] = stream_keys(self._seeds[new], self._stream)
            self.keyed[new] = True

    def opening(self, rows: IntArray) -> IntArray:
        return self._propose(rows, self._ready(rows))

    def counter(self, t: int, rows: IntArray, standing: IntArray) -> tuple[BoolArray, IntArray]:
        ready = self._ready(rows)
        made = self.made[rows]
        k = np.where(ready, made, np.maximum(0, made - 1))
        u = self.table[standing]
        accept = (u >= self.utilities[k]) & self.inside[standing]
        accept &= u >= self.utility.reservation_value
        rejecting = ~accept
        return accept, self._propose(rows[rejecting], ready[rejecting])

    def hear(self, rows: IntArray, offers: IntArray) -> None:
        keys = (rows * self.table.size + offers).tolist()
        heard = self._heard
        new = np.array([key not in heard for key in keys], dtype=np.int64)
        heard.update(keys)
        self.distinct[rows] += new
