"""ANAC 2014-style nonlinear GENIUS domains of any number of issues (test and benchmark helper).

The recipe is read off the shipped `y2014/10issuesDiscountedwithRV` (domain, `profile-1.xml`,
`profile-2.xml`; `../shared/data/anac`), so that 30- and 50-issue domains like the ones ANAC 2014
used can be made on demand:

* N integer issues, each 0..9; issue k (GENIUS index k = 1..N) is named `c1-i{N + 1 - k}`, as
  in the shipped domain (`c1-i10` has index 1);
* each profile: one `PlainUfun` (weight 1, aggregation `sum`) of 2·N `hyperRectangle`s (20 for
  10 issues); a rectangle constrains 1 to 4 distinct issues, chosen uniformly, with the shipped
  frequencies (1: 14, 2: 5, 3: 14, 4: 7 of the 40 rectangles), each by one closed `INCLUDES`
  range whose width follows the shipped widths (1: 8, 2: 6, 3: 3, 4: 2, 5: 4, 6: 21, 7: 15,
  8: 16, 9: 19 of 94 ranges), placed uniformly in 0..9; its `utility` is a whole number in
  1..99 (shipped: 2..98);
* `maxutility` is the largest sum any outcome reaches (635 and 750 in the shipped profiles,
  where GENIUS's `pareto.xml` has each party's best at exactly 1.0), found exactly here: by
  Helly's theorem for boxes, rectangles share an outcome iff every two of them do, so the best
  sum is a maximum-weight set of pairwise compatible rectangles (a small MIP, HiGHS);
* `discount_factor` 0.5 and `reservation` 0.75, as shipped.

`write_anac2014_domain(folder, issues, seed)` writes `{issues}issues-seed{seed}-domain.xml`,
`profile-1.xml` and `profile-2.xml` (the same bytes for the same arguments) and returns their
paths; `anac2014_scenario(...)` imports them (`dragoman.io.genius.load_genius`).
`shipped_rectangles(path)` reads a shipped profile's rectangles, to check the recipe against it.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent

import defusedxml.ElementTree as SafeET
import numpy as np

from dragoman.io.genius import load_genius
from dragoman.model.scenario import Scenario

__all__ = [
    "BOUNDS_PER_RECTANGLE",
    "RANGE_WIDTHS",
    "Profile2014",
    "Rectangle",
    "anac2014_scenario",
    "best_sum",
    "generate_profile",
    "shipped_rectangles",
    "write_anac2014_domain",
]

#: Values per issue (0..9) in the shipped domain.
VALUES = 10
#: How many issues a rectangle constrains, and how often (the shipped 40 rectangles).
BOUNDS_PER_RECTANGLE = {1: 14, 2: 5, 3: 14, 4: 7}
#: How wide a range is, and how often (the shipped 94 ranges).
RANGE_WIDTHS = {1: 8, 2: 6, 3: 3, 4: 2, 5: 4, 6: 21, 7: 15, 8: 16, 9: 19}
DISCOUNT, RESERVATION = 0.5, 0.75


@dataclass(frozen=True)
class Rectangle:
    """A hyper-rectangle: its utility, and closed ranges {GENIUS issue index: (min, max)}."""

    utility: int
    ranges: dict[int, tuple[int, int]]

    def meets(self, other: Rectangle) -> bool:
        """Whether some outcome lies in both (every shared issue's ranges overlap)."""
        return all(
            max(low, other.ranges[k][0]) <= min(high, other.ranges[k][1])
            for k, (low, high) in self.ranges.items()
            if k in other.ranges
        )


@dataclass(frozen=True)
class Profile2014:
    """One generated profile: its rectangles and the best sum they reach (its `maxutility`)."""

    rectangles: tuple[Rectangle, ...]
    max_utility: int


def _draw(rng: np.random.Generator, frequencies: dict[int, int]) -> int:
    keys = list(frequencies)
    weights = np.array([frequencies[k] for k in keys], dtype=float)
    return int(keys[rng.choice(len(keys), p=weights / weights.sum())])


def _rectangle(rng: np.random.Generator, issues: int) -> Rectangle:
    count = min(_draw(rng, BOUNDS_PER_RECTANGLE), issues)
    chosen = sorted(int(k) + 1 for k in rng.choice(issues, size=count, replace=False))
    ranges = {}
    for k in chosen:
        width = _draw(rng, RANGE_WIDTHS)
        low = int(rng.integers(0, VALUES - width + 1))
        ranges[k] = (low, low + width - 1)
    return Rectangle(int(rng.integers(1, 100)), ranges)


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence file descriptor 1 (HiGHS prints its banner there from C), then restore it."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def best_sum(rectangles: tuple[Rectangle, ...]) -> int:
    """The largest total utility of rectangles sharing one outcome (exact; see the module doc):
    maximise Σ uᵣ·xᵣ over binaries with xᵣ + xₛ <= 1 for every two rectangles that do not meet."""
    import highspy

    n = len(rectangles)
    clashes = [
        (r, s) for r, s in itertools.combinations(range(n), 2)
        if not rectangles[r].meets(rectangles[s])
    ]  # fmt: skip
    with _quiet_stdout():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    for rect in rectangles:
        highs.addCol(float(rect.utility), 0.0, 1.0, 0, np.array([], np.int32), np.array([]))
    highs.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    for r, s in clashes:
        highs.addRow(-inf, 1.0, 2, np.array([r, s], np.int32), np.array([1.0, 1.0]))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"the best sum was not proven optimal ({highs.getModelStatus()})")
    return round(highs.getInfo().objective_function_value)


def generate_profile(rng: np.random.Generator, issues: int) -> Profile2014:
    """A profile by the recipe: 2·issues rectangles and their exact best sum."""
    rectangles = tuple(_rectangle(rng, issues) for _ in range(2 * issues))
    return Profile2014(rectangles, best_sum(rectangles))


def _issue_elements(parent: Element, issues: int) -> None:
    for k in range(1, issues + 1):
        SubElement(
            parent, "issue", etype="integer", index=str(k), name=f"c1-i{issues + 1 - k}",
            type="integer", vtype="integer", lowerbound="0", upperbound=str(VALUES - 1),
        )  # fmt: skip


def _objective(parent: Element) -> Element:
    return SubElement(
        parent, "objective", description="", etype="objective", index="0", name="root",
        type="objective",
    )  # fmt: skip


def _profile_tree(
    profile: Profile2014, issues: int, reservation: float, discount: float
) -> ElementTree:
    root = Element("utility_space", type="nonlinear")
    objective = _objective(root)
    _issue_elements(objective, issues)
    utility = SubElement(objective, "utility", maxutility=str(profile.max_utility))
    ufun = SubElement(utility, "ufun", type="PlainUfun", weight="1", aggregation="sum")
    for rect in profile.rectangles:
        element = SubElement(ufun, "hyperRectangle", utility=str(rect.utility))
        for k, (low, high) in rect.ranges.items():
            SubElement(element, "INCLUDES", index=str(k), min=str(low), max=str(high))
    SubElement(root, "discount_factor", value=repr(float(discount)))
    SubElement(root, "reservation", value=repr(float(reservation)))
    return ElementTree(root)


def write_anac2014_domain(
    folder: str | Path,
    issues: int,
    seed: int = 0,
    reservation: float = RESERVATION,
    discount: float = DISCOUNT,
) -> tuple[Path, Path, Path]:
    """Write a domain and two profiles for `issues` issues into `folder` (created if missing);
    return (domain, profile 1, profile 2). `reservation` and `discount` default to the shipped
    0.75 and 0.5."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    template = Element("negotiation_template")
    space = SubElement(template, "utility_space", number_of_issues=str(issues))
    _issue_elements(_objective(space), issues)
    trees = [ElementTree(template)]
    for _ in range(2):
        profile = generate_profile(rng, issues)
        trees.append(_profile_tree(profile, issues, reservation, discount))
    names = (f"{issues}issues-seed{seed}-domain.xml", "profile-1.xml", "profile-2.xml")
    paths = (folder / names[0], folder / names[1], folder / names[2])
    for tree, path in zip(trees, paths, strict=True):
        indent(tree)
        tree.write(path, encoding="utf-8", xml_declaration=False)
    return paths


def anac2014_scenario(folder: str | Path, issues: int, seed: int = 0, **recipe: float) -> Scenario:
    """The scenario of a domain written by `write_anac2014_domain` (same arguments)."""
    domain, *profiles = write_anac2014_domain(folder, issues, seed, **recipe)
    return load_genius(domain, profiles)


def shipped_rectangles(path: str | Path) -> tuple[tuple[Rectangle, ...], int]:
    """The rectangles and the `maxutility` of a shipped ANAC 2014 profile (INCLUDES only, one
    top-level ufun of sum: what the shipped files hold)."""
    root = SafeET.parse(str(path)).getroot()
    utility = root.find("objective/utility")
    rectangles = tuple(
        Rectangle(
            int(float(r.get("utility"))),
            {int(b.get("index")): (int(b.get("min")), int(b.get("max"))) for b in r},
        )
        for r in utility.iter("hyperRectangle")
    )
    return rectangles, int(float(utility.get("maxutility")))
