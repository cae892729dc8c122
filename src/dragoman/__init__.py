"""Dragoman: model, analyse and run mediated, multi-party, multi-issue negotiations.

The public API loads lazily: `import dragoman` is cheap, and `dragoman.analyze` imports the
analysis layer only when first used.
"""

from __future__ import annotations

from dragoman._lazy import TYPE_CHECKING, lazy_exports

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time names load lazily
    from dragoman.analysis.scenario import Analysis, analyze
    from dragoman.arguments import ArgumentError
    from dragoman.errors import DragomanError, Problem, ProtocolError, ScenarioError
    from dragoman.experiments.tournament import TournamentResult, tournament
    from dragoman.experiments.uncertainty import UncertaintyResult, uncertainty
    from dragoman.io.scenario_file import builtin_scenarios, load_scenario, parse_scenario
    from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue
    from dragoman.model.preferences import Preferences
    from dragoman.model.rectangles import HyperRectanglePreferences
    from dragoman.model.red_lines import RedLine
    from dragoman.model.scenario import Scenario
    from dragoman.model.sections import Party
    from dragoman.phases.agreement import Agreement
    from dragoman.phases.implementation import ImplementationAssessment
    from dragoman.runs.implementation import implement
    from dragoman.runs.negotiation import NegotiationResult, negotiate

__version__ = "0.1.0"

__getattr__, __dir__ = lazy_exports(__name__, __file__, extra=("__version__",))  # __all__ too
