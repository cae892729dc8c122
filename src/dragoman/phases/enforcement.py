"""Self-enforcement of a phased agreement: pure functions on the compliance game's arrays.

- `backward_induction(mover, defect, complete)`: the subgame-perfect plan of a game in which
  each move is comply-or-defect and defection ends the game. A party indifferent between
  complying and defecting complies (ties within `TIE`).
- `temptations(...)`: on the path of full compliance, how much more each move's mover gets by
  defecting than by complying to the end (decision-time units; > 0 means tempted).
- `minimal_guarantees(...)`: the smallest penalty per party and phase that makes full
  compliance subgame-perfect. Every node of this game lies on the compliance path (defection
  ends it), so full compliance is subgame-perfect exactly when no move is tempted; a penalty g
  on (party, phase) lowers that party's defection payoffs in the phase by detection × g, so the
  smallest one is max(0, temptation) / detection over the party's moves in the phase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dragoman._arrays import BoolArray, FloatArray, IntArray

__all__ = [
    "TIE",
    "Equilibrium",
    "backward_induction",
    "minimal_guarantees",
    "temptations",
]


#: Payoff differences at most this large count as ties (resolved in favour of compliance).
TIE = 1e-9


@dataclass(frozen=True)
class Equilibrium:
    """The subgame-perfect plan found by backward induction.

    `defects[m]`: whether the mover of move m defects if play reaches m. `values[m]`: the payoff
    vector from move m on under the plan (`values[-1]` is full compliance). `first_defection`:
    the move where play ends on the equilibrium path, or None if every party complies.
    """

    defects: BoolArray
    values: FloatArray
    first_defection: int | None

    @property
    def compliant(self) -> bool:
        """Whether full compliance is the subgame-perfect outcome."""
        return self.first_defection is None

    @property
    def payoffs(self) -> FloatArray:
        """The equilibrium payoff vector."""
        return np.asarray(self.values[0], dtype=np.float64)


def backward_induction(mover: IntArray, defect: FloatArray, complete: FloatArray) -> Equilibrium:
    """Solve the comply-or-defect chain from its last move back to its first.

    `mover` (moves,) names the party of each move, `defect` (moves, parties) the payoff vector
    if that move's mover defects, `complete` (parties,) the payoff vector of full compliance.
    """
    moves = len(mover)
    values = np.empty((moves + 1, len(complete)), dtype=np.float64)
    values[moves] = complete
    defects = np.zeros(moves, dtype=bool)
    for m in range(moves - 1, -1, -1):
        p = mover[m]
        defects[m] = defect[m, p] > values[m + 1, p] + TIE
        values[m] = defect[m] if defects[m] else values[m + 1]
    on_path = np.flatnonzero(defects)
    first = int(on_path[0]) if on_path.size else None
    return Equilibrium(defects, values, first)


def temptations(
    mover: IntArray, defect: FloatArray, complete: FloatArray, scale: FloatArray
) -> FloatArray:
    """Per move: the mover's defection payoff minus its full-compliance payoff, in the units of
    the move's own week (divided by its discount factor `scale`)."""
    rows = np.arange(len(mover))
    gap = defect[rows, mover] - complete[mover]
    return np.asarray(gap / scale, dtype=np.float64)


def minimal_guarantees(
    temptation: FloatArray,
    mover: IntArray,
    phase: IntArray,
    detection: FloatArray,
    shape: tuple[int, int],
    margin: float = 0.0,
) -> FloatArray:
    """(parties, phases): the smallest penalty on each party's defection at each phase that
    leaves no move tempted by more than -`margin`.

    `temptation` must be measured with no guarantee in force; `detection` (moves,) is the chance
    a violation at the move is established. With `margin` = the bound of the compliance noise,
    compliance holds for every noise draw (a robust guarantee).
    """
    needed = np.maximum(0.0, temptation + margin) / detection
    out = np.zeros(shape, dtype=np.float64)
    np.maximum.at(out, (mover, phase), needed)
    return out
