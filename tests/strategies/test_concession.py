"""The shared building blocks of strategies: acceptability, AC_next, the opponent's offers."""

from __future__ import annotations

import numpy as np
import pytest
from agent_sessions import ViewFactory, with_reservation

from dragoman import Scenario, load_scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.view import Clock, PublicScenario, SeatView
from dragoman.strategies import Response
from dragoman.strategies.concession import (
    ac_next,
    is_acceptable,
    opponent_offers,
    own_utility,
    rational_count,
)


@pytest.mark.parametrize(("rv", "count"), [(0.0, 101), (0.3, 71), (0.305, 70), (1.0, 1), (1.5, 0)])
def test_rational_count_is_the_prefix_worth_the_rv(
    pie: Scenario, make_view: ViewFactory, rv: float, count: int
) -> None:
    view = make_view(with_reservation(pie, 0, rv), "Alice")
    assert rational_count(view) == count


def test_acceptable_means_inside_red_lines_and_worth_the_rv(make_view: ViewFactory) -> None:
    basin = load_scenario("river-basin")
    view = make_view(basin, "Downstream")
    utility = own_utility(view)
    inside = utility.acceptable()
    worth = utility.table >= utility.reservation_value
    assert is_acceptable(view, int(np.flatnonzero(inside & worth)[0]))
    assert not is_acceptable(view, int(np.flatnonzero(inside & ~worth)[0]))  # below the RV
    assert not is_acceptable(view, int(np.flatnonzero(~inside & worth)[0]))  # beyond a red line


def test_ac_next_accepts_offers_at_least_as_good_as_the_next_one(
    pie: Scenario, make_view: ViewFactory
) -> None:
    view = make_view(with_reservation(pie, 0, 0.4), "Alice")
    assert ac_next(view, 60, 60) == Response.ACCEPT
    assert ac_next(view, 59, 60) == Response.REJECT
    assert ac_next(view, 30, 20) == Response.REJECT  # better than next, but below the RV


def test_opponent_offers_are_those_of_the_last_sender(make_view: ViewFactory) -> None:
    basin = load_scenario("river-basin")
    view = make_view(
        basin, "Upstream", received=[("Midstream", 1), ("Downstream", 2), ("Midstream", 3)]
    )
    assert opponent_offers(view) == [1, 3]
    assert opponent_offers(make_view(basin, "Upstream")) == []


def test_own_utility_refuses_a_mediators_view() -> None:
    basin = load_scenario("river-basin")
    view = SeatView("Commission", "mediator", PublicScenario.of(basin, 10), None, Clock())
    view.deliver(Event(0, 0, EventKind.OFFER, "Upstream", ("Commission",), 0))
    with pytest.raises(TypeError, match="no preferences"):
        own_utility(view)
