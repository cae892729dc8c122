"""Linear-additive preferences compiled: a weighted score table per issue, each interaction a
two-issue box worth its bonus, the utility capped at 1 under GENIUS semantics."""

from __future__ import annotations

import math

import numpy as np

from dragoman._arrays import FloatArray
from dragoman.model.outcomes import AnyIssue, OutcomeSpace
from dragoman.model.preferences import Interaction, Preferences
from dragoman.utility.kinds import compiles
from dragoman.utility.terms import Aggregate, Box, UtilityTerms

__all__ = ["compile_linear"]


@compiles(Preferences)
def compile_linear(preferences: Preferences, space: OutcomeSpace) -> UtilityTerms:
    """Per-issue weighted scores; interactions as boxes; cap 1 with weights as written."""
    unary = tuple(_weighted_scores(preferences, issue) for issue in space.issues)
    boxes = tuple(_interaction(i, space) for i in preferences.interactions)
    cap = 1.0 if preferences.weights_as_written else math.inf
    return UtilityTerms(unary, tree=Aggregate(boxes=boxes) if boxes else None, cap=cap)


def _weighted_scores(preferences: Preferences, issue: AnyIssue) -> FloatArray:
    weight = preferences.weights.get(issue.name, 0.0)
    scoring = preferences.values.get(issue.name)
    if scoring is None:
        if weight > 0:
            raise ValueError(f"issue {issue.name!r} has a weight but no scoring")
        return np.zeros(issue.cardinality)
    return weight * scoring.vector(issue)


def _interaction(interaction: Interaction, space: OutcomeSpace) -> Box:
    """The bonus as a box: worth it where both named values occur together."""
    axes, masks = [], []
    for name, value in sorted(interaction.when.items(), key=lambda kv: space.issue_position(kv[0])):
        position = space.issue_position(name)
        issue = space.issues[position]
        mask = np.zeros(issue.cardinality, dtype=bool)
        mask[issue.index_of(value)] = True
        axes.append(position)
        masks.append(mask)
    return Box(interaction.bonus, tuple(axes), tuple(masks))
