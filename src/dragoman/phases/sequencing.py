"""Sequencing alternatives of a schedule, to compare by the guarantees each one needs.

The same agreement can be carried out in different orders: every exchange of a phase at once
(front-loaded) or in weekly batches (interleaved), and with a shorter or longer first phase.
Stakes per phase stay as the scenario gives them; what changes is how much is on the table at
each move, and how far in the future (discounted) the later phases are.
"""

from __future__ import annotations

from dragoman._words import count
from dragoman.phases.schedule import Schedule

__all__ = ["PHASE1_SHIFT_WEEKS", "alternatives"]

#: How many weeks the "shorter" and "longer" first-phase variants differ by.
PHASE1_SHIFT_WEEKS = 2.0


def alternatives(schedule: Schedule) -> list[tuple[str, Schedule]]:
    """(label, schedule) pairs: as agreed first, then each distinct alternative."""
    found = [("as agreed", schedule)]
    if not schedule.phases or any(p.weeks is None for p in schedule.phases):
        return found
    front = interleaved = schedule
    for k in range(len(schedule.phases)):
        front = front.with_phase(k, batches=1)
        interleaved = interleaved.with_phase(k, batches="weekly")
    found += [
        ("front-loaded: each phase's exchanges at once", front),
        ("interleaved: weekly batches in every phase", interleaved),
    ]
    weeks = schedule.phases[0].weeks or 1.0
    for shift, word in ((-PHASE1_SHIFT_WEEKS, "shorter"), (PHASE1_SHIFT_WEEKS, "longer")):
        new = max(1.0, weeks + shift)
        if new != weeks:
            label = f"{schedule.phases[0].name} {word}: {count(new, 'week')}"
            found.append((label, schedule.with_phase(0, weeks=new)))
    distinct: list[tuple[str, Schedule]] = []
    for label, variant in found:
        if all(variant.phases != other.phases for _, other in distinct):
            distinct.append((label, variant))
    return distinct
