"""Hypothesis strategies for random small scenarios and seatings (shared by protocol tests)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from dragoman.model.scenario import Scenario


@st.composite
def scenarios(
    draw: st.DrawFn, mediators: int | None = None, direct: bool | None = None
) -> Scenario:
    """A random small scenario: 2-3 parties, 1-3 issues, random preferences and channels."""
    n_parties = draw(st.integers(2, 3))
    n_mediators = draw(st.integers(0, 2)) if mediators is None else mediators
    n_issues = draw(st.integers(1, 3))
    issues = []
    for i in range(n_issues):
        k = draw(st.integers(2, 5))
        if draw(st.booleans()):
            issues.append({"name": f"i{i}", "kind": "integer", "min": 0, "max": k - 1})
        else:
            issues.append(
                {"name": f"i{i}", "kind": "categorical", "values": [f"v{j}" for j in range(k)]}
            )
    parties: list[dict[str, Any]] = []
    for p in range(n_parties):
        raw = [draw(st.integers(1, 10)) for _ in issues]
        weights = {iss["name"]: w / sum(raw) for iss, w in zip(issues, raw, strict=True)}
        values: dict[str, Any] = {}
        for iss in issues:
            if iss["kind"] == "integer":
                values[iss["name"]] = {
                    "linear": draw(st.sampled_from(["increasing", "decreasing"]))
                }
            else:
                scores = [draw(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])) for _ in iss["values"]]
                values[iss["name"]] = {"scores": dict(zip(iss["values"], scores, strict=True))}
        prefs: dict[str, Any] = {
            "weights": weights,
            "values": values,
            "reservation_value": draw(st.sampled_from([0.0, 0.2, 0.4])),
            "discount_factor": draw(st.sampled_from([1.0, 0.9])),
        }
        if draw(st.booleans()):
            iss = issues[0]
            if iss["kind"] == "integer":
                prefs["red_lines"] = [{"issue": iss["name"], "min": 1}]
            else:
                prefs["red_lines"] = [{"issue": iss["name"], "forbidden": [iss["values"][0]]}]
        parties.append({"name": f"P{p}", "preferences": prefs})
    names = [p["name"] for p in parties]
    mediator_names = [f"M{m}" for m in range(n_mediators)]
    parties += [{"name": m, "role": "mediator"} for m in mediator_names]
    data: dict[str, Any] = {
        "metadata": {"title": "random"},
        "issues": issues,
        "parties": parties,
        "deadline_steps": draw(st.integers(5, 60)),
    }
    is_direct = draw(st.booleans()) if direct is None else direct
    if n_mediators and not is_direct:
        # indirect: parties talk only to mediators; each party reaches at least one mediator
        channels = []
        for p in names:
            reach = mediator_names[: draw(st.integers(1, n_mediators))]
            channels.append({"from": p, "to": reach})
        for m in mediator_names:
            others = [x for x in mediator_names if x != m]
            channels.append({"from": m, "to": names + others})
        data["channels"] = channels
    if draw(st.booleans()):
        half = data["deadline_steps"] // 2 or 1
        data["rounds"] = [{"name": "first", "steps": half}, {"name": "second", "steps": half}]
    return Scenario.from_data(data)
