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

__getattr__, __dir__ = lazy_exports(__name__, __file__)  # __all__ too
