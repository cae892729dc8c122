"""Boulware against Conceder, alternating offers, in Dragoman and in NegMAS, on every
undiscounted ANAC domain (first two profiles), on the same preferences (GENIUS's meaning).

Both engines reach agreement on every domain, Boulware ends up with at least Conceder's
utility, and the agreed utilities stay within 0.12 of each other. They are not equal, on
principle (docs/genius-semantics.md, "Strategies"): NegMAS's Boulware concedes as 1 - t**4 and
its Conceder as 1 - t**0.25, Dragoman's as Faratin's t**(1/e) with e = 0.2 and 2; NegMAS accepts
an offer inside its current aspiration band, Dragoman uses AC_next; a NegMAS step is a round
(both parties act), a Dragoman step one action.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from negmas import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism
from negmas_bridge import ANAC, FOLDERS, IDS, from_negmas, genius_ufuns

from dragoman.io.genius import find_genius_files, load_genius
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.negotiation.session import Session
from dragoman.strategies.seating import build_seats, parse_assignments
from dragoman.utility.scenario import compiled

pytestmark = pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")

STEPS = 100  # Dragoman: actions; NegMAS: rounds (the same time budget, t = step / STEPS)


def bilateral(folder: Path) -> Scenario:
    domain, profiles = find_genius_files(folder)
    return load_genius(domain, profiles[:2])


UNDISCOUNTED = [
    (f, i)
    for f, i in zip(FOLDERS, IDS, strict=True)
    if all(p.preferences and p.preferences.discount_factor == 1.0 for p in bilateral(f).negotiators)
]


def dragoman_run(scenario: Scenario) -> int | None:
    protocol = make_protocol("alternating")
    a, b = (p.name for p in scenario.negotiators)
    agents = parse_assignments([f"{a}=boulware", f"{b}=conceder"], "agent")
    seats = build_seats(scenario, protocol, agents, {}, [])
    return Session(scenario, protocol, seats, seed=0, total_steps=STEPS).run().agreement


def negmas_run(scenario: Scenario) -> int | None:
    space, ufuns = genius_ufuns(scenario)
    mechanism = SAOMechanism(outcome_space=space, n_steps=STEPS)
    mechanism.add(BoulwareTBNegotiator(name="boulware"), ufun=ufuns[0])
    mechanism.add(ConcederTBNegotiator(name="conceder"), ufun=ufuns[1])
    agreement: Any = mechanism.run().agreement
    if agreement is None:
        return None
    return int(from_negmas(scenario, [i.name for i in space.issues], [agreement])[0])


def test_every_undiscounted_domain_is_run() -> None:
    assert {i for _, i in UNDISCOUNTED} == {
        "other/IntegerDomain", "y2010/EnglandZimbabwe", "y2010/ItexvsCypress", "y2010/Travel",
        "y2011/Amsterdam", "y2011/Car", "y2011/Energy", "y2011/NiceOrDie",
        "y2015/group1-university", "y2015/group3-bank_robbery", "y2015/group5-car_domain",
    }  # fmt: skip


@pytest.mark.parametrize("folder", [f for f, _ in UNDISCOUNTED], ids=[i for _, i in UNDISCOUNTED])
def test_boulware_against_conceder_in_both_engines(folder: Path) -> None:
    scenario = bilateral(folder)
    ours, theirs = dragoman_run(scenario), negmas_run(scenario)
    assert ours is not None and theirs is not None  # the same agreement rate: every domain
    u = np.array(
        [[float(x.table[k]) for k in (ours, theirs)] for x in compiled(scenario).utilities]
    )
    assert np.all(u[0] >= u[1] - 1e-9)  # the Boulware side never gets less, in either engine
    assert np.all(np.abs(u[:, 0] - u[:, 1]) <= 0.12), u.round(3).tolist()
