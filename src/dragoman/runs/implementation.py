"""The phased implementation of an agreement, from Python: which agreement (given, read from a
file or a log, or chosen by a bargaining solution), then its assessment."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dragoman import arguments
from dragoman.errors import DragomanError
from dragoman.io.agreement_file import read_agreement, read_log_agreement
from dragoman.model.scenario import Scenario
from dragoman.phases.agreement import Agreement, agreement_from_mapping, choose_solution
from dragoman.phases.implementation import ImplementationAssessment, assess_implementation
from dragoman.phases.simulation import check_runs

__all__ = ["agreement_to_implement", "implement"]


def implement(
    scenario: Scenario,
    agreement: Agreement | Mapping[str, Any] | int | None = None,
    *,
    solution: str = "nash",
    runs: int = 100_000,
    seed: int = 0,
) -> ImplementationAssessment:
    """Incentives, self-enforcement, minimal guarantees, sequencing and simulated survival of
    `agreement`: an `Agreement`, a mapping {issue: value}, an outcome index, or None for the
    bargaining `solution` (the Nash point by default). `runs` and `seed` are checked first
    (`dragoman.arguments`: ArgumentError, as the CLI's --runs and --seed)."""
    runs, seed = check_runs(runs), arguments.seed(seed)
    if agreement is None:
        chosen = choose_solution(scenario, solution)
    elif isinstance(agreement, Agreement):
        chosen = agreement
    elif isinstance(agreement, int):
        outcome = scenario.outcome_space.outcome(agreement)
        chosen = agreement_from_mapping(scenario, outcome, f"outcome {agreement}")
    else:
        chosen = agreement_from_mapping(scenario, agreement, "the agreement given")
    return assess_implementation(scenario, chosen, runs=runs, seed=seed)


def agreement_to_implement(
    scenario: Scenario,
    *,
    agreement_file: str | Path | None = None,
    log: str | Path | None = None,
    solution: str = "nash",
) -> Agreement:
    """The agreement to implement: read from an agreement file, else from a negotiation log,
    else chosen by the bargaining `solution` (see `choose_solution` for its fallback)."""
    if agreement_file is not None and log is not None:
        raise DragomanError("give an agreement file or a log, not both")
    if agreement_file is not None:
        return read_agreement(scenario, agreement_file)
    if log is not None:
        return read_log_agreement(scenario, log)
    return choose_solution(scenario, solution)
