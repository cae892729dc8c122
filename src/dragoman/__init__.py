"""Dragoman: model, analyse and run mediated, multi-party, multi-issue negotiations."""

from dragoman.analysis import analyze
from dragoman.errors import DragomanError, Problem, ScenarioError
from dragoman.io.scenario_file import builtin_scenarios, load_scenario, parse_scenario
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue
from dragoman.model.preferences import LinearAdditiveUtility, Preferences, RedLine
from dragoman.model.scenario import Party, Scenario

__version__ = "0.1.0"

__all__ = [
    "CategoricalIssue",
    "DragomanError",
    "IntegerIssue",
    "LinearAdditiveUtility",
    "OutcomeSpace",
    "Party",
    "Preferences",
    "Problem",
    "RealIssue",
    "RedLine",
    "Scenario",
    "ScenarioError",
    "__version__",
    "analyze",
    "builtin_scenarios",
    "load_scenario",
    "parse_scenario",
]
