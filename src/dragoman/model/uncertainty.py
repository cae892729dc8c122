"""The `uncertainty:` section of a scenario: which preference numbers are estimates, and how
uncertain each one is. A description only (sampling lives in `dragoman.experiments.sampling`).

    uncertainty:
      note: Illustrative ranges, the same treatment for both sides.
      parameters:
        - path: parties[Israel].preferences.reservation_value
          distribution: {kind: uniform, low: 0.3, high: 0.5}
        - path: parties[Hamas].preferences.weights
          distribution: {kind: dirichlet, concentration: 40}
        - path: parties[Hamas].preferences.red_lines
          distribution:
            kind: choice
            values: [[...the red lines as written...], []]
            probabilities: [0.7, 0.3]

A path starts at `parties[NAME]` (a party's name, or its position) and follows the
preferences' own keys: `reservation_value`, `discount_factor`, `weights` (a Dirichlet only),
`weights.ISSUE` (the other weights scaled to sum to 1 again, in proportion),
`values.ISSUE.scores.VALUE`, `red_lines` (a choice of red-line sets only); the checks are in
`dragoman.model.uncertainty_checks`. Every distribution maps unit-uniform coordinates to a
value (its quantile function), one coordinate per dimension, so plain Monte Carlo and Sobol
designs sample it alike.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, model_validator

from dragoman._words import plain
from dragoman.model.base import Description, Number, PositiveNumber

__all__ = [
    "AnyDistribution",
    "Choice",
    "Dirichlet",
    "Triangular",
    "TruncatedNormal",
    "UncertainParameter",
    "Uncertainty",
    "Uniform",
    "assign",
    "current",
    "field_key",
    "parse_path",
    "probes",
    "value_text",
]


class _Interval(Description):
    """A one-dimensional distribution on [low, high]."""

    low: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> _Interval:
        if not self.low < self.high:
            raise ValueError(
                f"low must be below high (got {plain(self.low)} and {plain(self.high)})"
            )
        return self

    def dims(self, given: Any) -> int:
        """Coordinates a value takes: one."""
        return 1


class Uniform(_Interval):
    """Every value in [low, high] alike."""

    kind: Literal["uniform"] = "uniform"

    def value(self, u: np.ndarray, given: Any) -> float:
        return float(self.low + (self.high - self.low) * u[0])


class TruncatedNormal(_Interval):
    """A normal distribution of `mean` and `sd`, cut to [low, high]."""

    kind: Literal["normal"] = "normal"
    mean: Number
    sd: Number = Field(gt=0)

    def value(self, u: np.ndarray, given: Any) -> float:
        a, b = (_phi(self.low, self.mean, self.sd), _phi(self.high, self.mean, self.sd))
        x = self.mean + self.sd * _normal_quantile(a + (b - a) * float(u[0]))
        return float(min(self.high, max(self.low, x)))


class Triangular(Description):
    """The triangular distribution on [low, high] peaking at `mode`."""

    kind: Literal["triangular"] = "triangular"
    low: Number
    mode: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError("need low <= mode <= high and low < high")
        return self

    def dims(self, given: Any) -> int:
        return 1

    def value(self, u: np.ndarray, given: Any) -> float:
        lo, mo, hi, p = self.low, self.mode, self.high, float(u[0])
        cut = (mo - lo) / (hi - lo)
        if p < cut:
            return float(lo + math.sqrt(p * (hi - lo) * (mo - lo)))
        return float(hi - math.sqrt((1.0 - p) * (hi - lo) * (hi - mo)))


class Choice(Description):
    """One of `values` (numbers, or red-line sets), with `probabilities` (default: alike)."""

    kind: Literal["choice"] = "choice"
    values: tuple[Any, ...] = Field(min_length=2)
    probabilities: tuple[Number, ...] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        p = self.probabilities
        if p is not None:
            if len(p) != len(self.values):
                raise ValueError(f"give one probability per value ({len(self.values)})")
            bad = [f"probabilities[{k}]: {plain(x)} is {'below 0' if x < 0 else 'above 1'}"
                   for k, x in enumerate(p) if not 0 <= x <= 1]  # fmt: skip
            if bad:  # each probability out of [0, 1] named, before their sum
                raise ValueError("; ".join(bad))
            if abs(sum(p) - 1.0) > 1e-9:
                raise ValueError(f"probabilities must sum to 1 (got {plain(sum(p))})")
        return self

    @property
    def numeric(self) -> bool:
        """Whether every value is a number (else: red-line sets)."""
        return all(isinstance(v, int | float) and not isinstance(v, bool) for v in self.values)

    def dims(self, given: Any) -> int:
        return 1

    def position(self, u: np.ndarray) -> int:
        """Which value the coordinate picks."""
        p = self.probabilities or (1.0 / len(self.values),) * len(self.values)
        edges = np.cumsum(p)
        found = int(np.searchsorted(edges, float(u[0]), side="right"))
        return min(len(self.values) - 1, found)

    def value(self, u: np.ndarray, given: Any) -> Any:
        return self.values[self.position(u)]


class Dirichlet(Description):
    """A weight vector around the weights as written: Dirichlet(concentration * w), or
    Dirichlet(alpha) when `alpha` gives one number per issue; every alpha must be >= 1 (the
    Gamma quantiles behind it are approximated, see `_gamma_quantile`)."""

    kind: Literal["dirichlet"] = "dirichlet"
    concentration: PositiveNumber | None = None
    alpha: dict[str, Number] | None = None

    @model_validator(mode="after")
    def _one(self) -> Dirichlet:
        if (self.concentration is None) == (self.alpha is None):
            raise ValueError("give either concentration or alpha")
        return self

    def parameters(self, given: dict[str, float]) -> dict[str, float]:
        """alpha per issue (issues of weight 0 keep weight 0); ValueError below 1."""
        alpha = self.parameters_unchecked(given)
        small = [k for k, a in alpha.items() if a < 1.0]
        if small:
            raise ValueError(
                f"alpha of {small[0]!r} is {plain(alpha[small[0]])}: each must be >= 1"
            )
        return alpha

    def faults(self, given: dict[str, float]) -> list[tuple[str, str]]:
        """Every fault as (field, message): each alpha below 1 at its own field, an alpha for
        an issue the weights do not have, an issue of positive weight without an alpha."""
        if self.alpha is None:
            alpha = self.parameters_unchecked(given)
            return [("concentration", f"alpha of {k!r} is {plain(a)} (concentration x weight "
                     f"{plain(given[k])}): each must be >= 1")
                    for k, a in alpha.items() if a < 1.0]  # fmt: skip
        out = [(f"alpha.{k}", f"alpha of {k!r} is {plain(a)}: each must be >= 1")
               for k, a in self.alpha.items() if a < 1.0]  # fmt: skip
        out += [(f"alpha.{k}", f"no weight {k!r} here (weights: {', '.join(given)})")
                for k in self.alpha if k not in given]  # fmt: skip
        out += [("alpha", f"no alpha for {k!r} (weight {plain(w)})")
                for k, w in given.items() if w > 0 and k not in self.alpha]  # fmt: skip
        return out

    def parameters_unchecked(self, given: dict[str, float]) -> dict[str, float]:
        """alpha per issue as given or from the concentration (issues of weight 0 left out)."""
        if self.alpha is not None:
            return dict(self.alpha)
        assert self.concentration is not None
        return {k: self.concentration * w for k, w in given.items() if w > 0}

    def dims(self, given: Any) -> int:
        return len(self.parameters(given))

    def value(self, u: np.ndarray, given: Any) -> dict[str, float]:
        """Gamma(alpha_k) quantiles of the coordinates, normalised (the Dirichlet's own
        construction, so each coordinate drives one weight)."""
        alpha = self.parameters(given)
        draws = [_gamma_quantile(a, float(x)) for a, x in zip(alpha.values(), u, strict=True)]
        total = sum(draws)
        weights = {k: d / total for k, d in zip(alpha, draws, strict=True)}
        return {k: weights.get(k, 0.0) for k in given}


AnyDistribution = Annotated[
    Uniform | TruncatedNormal | Triangular | Choice | Dirichlet, Field(discriminator="kind")
]


class UncertainParameter(Description):
    """One uncertain number (or weight vector, or red-line set) and its distribution."""

    path: str = Field(description="e.g. parties[Israel].preferences.reservation_value")
    distribution: AnyDistribution
    label: str | None = Field(None, description="A name for reports (default: the path).")

    @property
    def name(self) -> str:
        """How reports name it."""
        return self.label or self.path


class Uncertainty(Description):
    """The uncertain parameters of a scenario (see the module doc)."""

    note: str = ""
    parameters: tuple[UncertainParameter, ...] = Field(min_length=1)


_STEP = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]+)\])?$")


def parse_path(path: str) -> list[tuple[str, str | None]]:
    """`parties[Israel].preferences.weights` -> [("parties", "Israel"), ("preferences",
    None), ("weights", None)]; ValueError when a step is malformed."""
    steps = []
    for piece in path.split("."):
        match = _STEP.match(piece.strip())
        if match is None:
            raise ValueError(f"bad step {piece!r} in path {path!r}")
        steps.append((match.group(1), match.group(2)))
    return steps


def _phi(x: float, mean: float, sd: float) -> float:
    return 0.5 * (1.0 + math.erf((x - mean) / (sd * math.sqrt(2.0))))


#: Coefficients of Acklam's rational approximation of the normal quantile (relative error
#: below 1.2e-9 over (0, 1)).
_A = (-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
      -30.66479806614716, 2.506628277459239)  # fmt: skip
_B = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
      -13.28068155288572)  # fmt: skip
_C = (-7.784894002430293e-03, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
      4.374664141464968, 2.938163982698783)  # fmt: skip
_D = (7.784695709041462e-03, 0.3224671290700398, 2.445134137142996, 3.754408661907416)


def _normal_quantile(p: float) -> float:
    """The standard normal quantile at p (Acklam's approximation)."""
    p = min(max(p, 1e-300), 1.0 - 1e-16)
    if p < 0.02425 or p > 1.0 - 0.02425:
        q = math.sqrt(-2.0 * math.log(p if p < 0.5 else 1.0 - p))
        c, d = _C, _D
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0
        )
        return x if p < 0.5 else -x
    q = p - 0.5
    r = q * q
    a, b = _A, _B
    return (
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    )


def _gamma_quantile(shape: float, p: float) -> float:
    """The quantile of Gamma(shape, 1) at p by the Wilson-Hilferty approximation (relative
    error below about 1 % for shape >= 1, which `Dirichlet` requires)."""
    z = _normal_quantile(p)
    return shape * max(0.0, 1.0 - 1.0 / (9.0 * shape) + z / (3.0 * math.sqrt(shape))) ** 3


def assign(parties: list[dict[str, Any]], path: str, value: Any) -> int:
    """Set the field at `path` in the parties' plain data (as `Party.model_dump` gives it);
    the position of the party changed. ValueError naming the step that does not exist."""
    k, parent, key = _parent(parties, path)
    parent[key] = value
    if parse_path(path)[2:] == [("weights", None), (key, None)]:
        _renormalised(parent, key)
    return k


def _renormalised(weights: dict[str, Any], fixed: str) -> None:
    """Scale the weights other than `fixed` so that all sum to 1 again (their proportions
    kept): what `weights.ISSUE` means. Left as is when the others are all 0."""
    others = sum(float(w) for k, w in weights.items() if k != fixed)
    if others > 0:
        scale = (1.0 - float(weights[fixed])) / others
        for k in weights:
            if k != fixed:
                weights[k] = float(weights[k]) * scale


def field_key(parties: list[dict[str, Any]], path: str) -> tuple[int, tuple[str, ...]]:
    """What a path names, however the party is written (name or position): the party's
    position and the steps inside its preferences (ValueError if there is no such field)."""
    k, _, _ = _parent(parties, path)
    return k, tuple(name for name, _ in parse_path(path)[2:])


def current(parties: list[dict[str, Any]], path: str) -> Any:
    """The value at `path` in the parties' plain data (ValueError if there is none)."""
    _, parent, key = _parent(parties, path)
    return parent[key]


def _parent(parties: list[dict[str, Any]], path: str) -> tuple[int, dict[str, Any], str]:
    """The position of the party `path` leads into, the field's parent and its key."""
    steps = parse_path(path)
    head, who = steps[0]
    if head != "parties" or who is None:
        raise ValueError("a path starts at parties[NAME]")
    k = next((k for k, p in enumerate(parties) if p.get("name") == who), None)
    if k is None and who.isdigit() and int(who) < len(parties):
        k = int(who)
    if k is None:
        raise ValueError(f"no party named {who!r}")
    party = parties[k]
    if len(steps) < 3 or steps[1] != ("preferences", None) or party.get("preferences") is None:
        raise ValueError("a path goes on into the party's preferences: parties[NAME].preferences.…")
    node: dict[str, Any] = party["preferences"]
    for name, key in steps[2:-1]:
        if key is not None or not isinstance(node.get(name), dict):
            raise ValueError(f"{name!r} is not a field holding fields here")
        node = node[name]
    last, key = steps[-1]
    if key is not None or last not in node:
        raise ValueError(f"no field {last!r} here (fields: {', '.join(map(str, node))})")
    return k, node, last


def probes(parameter: UncertainParameter, given: Any) -> list[tuple[str, str, Any]]:
    """Values of the parameter to validate a scenario with, each as (field of the
    distribution, how to name it, value): a range's ends as written, then its median, every
    choice, a weight vector with every draw at its lowest, median and highest."""
    d = parameter.distribution
    if isinstance(d, Choice):
        return [(f"values[{k}]", f"values[{k}]" + (f" = {value_text(v)}" if d.numeric else ""), v)
                for k, v in enumerate(d.values)]  # fmt: skip
    n = d.dims(given)
    middle = d.value(np.full(n, 0.5), given)
    if isinstance(d, Dirichlet):
        field = "concentration" if d.alpha is None else "alpha"
        return [(field, f"the weights {value_text(w)} ({at})", w) for at, w in (
            ("every draw at its lowest", d.value(np.full(n, 1e-6), given)),
            ("every draw at its median", middle),
            ("every draw at its highest", d.value(np.full(n, 1.0 - 1e-6), given)),
        )]  # fmt: skip
    return [("low", f"low = {plain(d.low)}", d.low), ("high", f"high = {plain(d.high)}", d.high),
            ("", f"the median {value_text(middle)}", middle)]  # fmt: skip


def value_text(value: Any) -> str:
    """A parameter's value in a message: numbers by `plain` (as written in the file, or
    visibly abbreviated when computed), weight vectors key by key, other values as Python
    writes them; at most 60 characters."""
    if isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = plain(value)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
