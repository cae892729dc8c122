"""The description layer: outcomes and issues, every kind of preferences, the scenario and its
phases, cross-checks and error messages. Plain validated data; nothing here computes utilities
(that is `dragoman.utility`). Names load lazily: importing one module loads only what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dragoman._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time names load lazily
    from dragoman.model.kinds import AnyPreferences, PreferencesBase, parse_preferences
    from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue
    from dragoman.model.phases import (
        Commitment,
        Guarantee,
        Implementation,
        Phase,
        PhasePayoff,
        Spoiler,
    )
    from dragoman.model.preferences import Affine, Interaction, IssueScoring, Preferences
    from dragoman.model.rectangles import Bound, HyperRectangle, HyperRectanglePreferences
    from dragoman.model.red_lines import RedLine
    from dragoman.model.scenario import Scenario
    from dragoman.model.sections import Channel, Fact, Metadata, Party, Round, SeatSpec, Source

_WHERE = {
    "AnyPreferences": "dragoman.model.kinds",
    "PreferencesBase": "dragoman.model.kinds",
    "parse_preferences": "dragoman.model.kinds",
    "CategoricalIssue": "dragoman.model.outcomes",
    "IntegerIssue": "dragoman.model.outcomes",
    "OutcomeSpace": "dragoman.model.outcomes",
    "RealIssue": "dragoman.model.outcomes",
    "Commitment": "dragoman.model.phases",
    "Guarantee": "dragoman.model.phases",
    "Implementation": "dragoman.model.phases",
    "Phase": "dragoman.model.phases",
    "PhasePayoff": "dragoman.model.phases",
    "Spoiler": "dragoman.model.phases",
    "Affine": "dragoman.model.preferences",
    "Interaction": "dragoman.model.preferences",
    "IssueScoring": "dragoman.model.preferences",
    "Preferences": "dragoman.model.preferences",
    "Bound": "dragoman.model.rectangles",
    "HyperRectangle": "dragoman.model.rectangles",
    "HyperRectanglePreferences": "dragoman.model.rectangles",
    "RedLine": "dragoman.model.red_lines",
    "Scenario": "dragoman.model.scenario",
    "Channel": "dragoman.model.sections",
    "Fact": "dragoman.model.sections",
    "Metadata": "dragoman.model.sections",
    "Party": "dragoman.model.sections",
    "Round": "dragoman.model.sections",
    "SeatSpec": "dragoman.model.sections",
    "Source": "dragoman.model.sections",
}
__all__ = sorted(_WHERE)
__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
