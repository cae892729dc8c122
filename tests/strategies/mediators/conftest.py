"""Scenarios for the mediator tests: a labour dispute (a union, management and a mediator, a
pension red line of the union's, hundreds of outcomes in the zone) and a three-party coalition
(a formateur mediating three parties, each with a red line). Both invented for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from dragoman import Scenario


def labour_dispute_data() -> dict[str, Any]:
    """The labour dispute as plain data (1,944 outcomes; the union rules out defined
    contribution pensions, which management prefers most)."""
    return {
        "metadata": {"title": "Labour dispute (test case)"},
        "issues": [
            {"name": "wage_increase", "kind": "integer", "min": 0, "max": 8, "unit": "%"},
            {
                "name": "pension",
                "kind": "categorical",
                "values": ["defined_benefit", "hybrid", "defined_contribution"],
            },
            {"name": "weekly_hours", "kind": "integer", "min": 35, "max": 40},
            {
                "name": "job_security",
                "kind": "categorical",
                "ordered": True,
                "values": ["none", "one_year", "three_years", "five_years"],
            },
            {
                "name": "overtime_rate",
                "kind": "categorical",
                "values": ["time_and_quarter", "time_and_half", "double_time"],
            },
        ],
        "parties": [
            {
                "name": "Union",
                "preferences": {
                    "weights": {
                        "wage_increase": 0.35,
                        "pension": 0.25,
                        "weekly_hours": 0.15,
                        "job_security": 0.15,
                        "overtime_rate": 0.1,
                    },
                    "values": {
                        "wage_increase": {"linear": "increasing"},
                        "pension": {
                            "scores": {
                                "defined_benefit": 1.0,
                                "hybrid": 0.6,
                                "defined_contribution": 0.0,
                            }
                        },
                        "weekly_hours": {"linear": "decreasing"},
                        "job_security": {
                            "scores": {
                                "none": 0.0,
                                "one_year": 0.4,
                                "three_years": 0.8,
                                "five_years": 1.0,
                            }
                        },
                        "overtime_rate": {
                            "scores": {
                                "time_and_quarter": 0.0,
                                "time_and_half": 0.5,
                                "double_time": 1.0,
                            }
                        },
                    },
                    "reservation_value": 0.3,
                    "red_lines": [{"issue": "pension", "forbidden": ["defined_contribution"]}],
                },
            },
            {
                "name": "Management",
                "preferences": {
                    "weights": {
                        "wage_increase": 0.35,
                        "pension": 0.3,
                        "weekly_hours": 0.1,
                        "job_security": 0.15,
                        "overtime_rate": 0.1,
                    },
                    "values": {
                        "wage_increase": {"linear": "decreasing"},
                        "pension": {
                            "scores": {
                                "defined_benefit": 0.0,
                                "hybrid": 0.5,
                                "defined_contribution": 1.0,
                            }
                        },
                        "weekly_hours": {"linear": "increasing"},
                        "job_security": {
                            "scores": {
                                "none": 1.0,
                                "one_year": 0.7,
                                "three_years": 0.4,
                                "five_years": 0.0,
                            }
                        },
                        "overtime_rate": {
                            "scores": {
                                "time_and_quarter": 1.0,
                                "time_and_half": 0.6,
                                "double_time": 0.0,
                            }
                        },
                    },
                    "reservation_value": 0.3,
                },
            },
            {"name": "Mediator", "role": "mediator"},
        ],
        "deadline_steps": 100,
    }


def coalition_data() -> dict[str, Any]:
    """Three parties forming a coalition, a formateur mediating; each party has a red line."""
    three = ["phase_out", "keep", "expand"]
    care = ["status_quo", "subsidised", "free"]
    ministry = ["to_liberals", "to_greens", "to_social_democrats"]

    def party(name: str, weights: list[float], values: dict[str, Any], red: dict[str, Any],
              rv: float) -> dict[str, Any]:  # fmt: skip
        issues = ["carbon_price", "top_tax_rate", "nuclear", "childcare", "digital_ministry"]
        return {
            "name": name,
            "preferences": {
                "weights": dict(zip(issues, weights, strict=True)),
                "values": values,
                "reservation_value": rv,
                "red_lines": [red],
            },
        }

    def scores(labels: list[str], values: list[float]) -> dict[str, Any]:
        return {"scores": dict(zip(labels, values, strict=True))}

    return {
        "metadata": {"title": "Three-party coalition (test case)"},
        "issues": [
            {"name": "carbon_price", "kind": "integer", "min": 0, "max": 100, "step": 20},
            {"name": "top_tax_rate", "kind": "integer", "min": 40, "max": 50, "step": 2},
            {"name": "nuclear", "kind": "categorical", "values": three},
            {"name": "childcare", "kind": "categorical", "values": care},
            {"name": "digital_ministry", "kind": "categorical", "values": ministry},
        ],
        "parties": [
            party(
                "Greens",
                [0.4, 0.1, 0.3, 0.1, 0.1],
                {
                    "carbon_price": {"linear": "increasing"},
                    "top_tax_rate": {"linear": "increasing"},
                    "nuclear": scores(three, [1.0, 0.4, 0.0]),
                    "childcare": scores(care, [0.0, 0.6, 1.0]),
                    "digital_ministry": scores(ministry, [0.2, 1.0, 0.4]),
                },
                {"issue": "nuclear", "forbidden": ["expand"]},
                0.3,
            ),
            party(
                "Liberals",
                [0.25, 0.4, 0.1, 0.05, 0.2],
                {
                    "carbon_price": {"linear": "decreasing"},
                    "top_tax_rate": {"linear": "decreasing"},
                    "nuclear": scores(three, [0.0, 0.7, 1.0]),
                    "childcare": scores(care, [1.0, 0.6, 0.0]),
                    "digital_ministry": scores(ministry, [1.0, 0.2, 0.3]),
                },
                {"issue": "top_tax_rate", "max": 46},
                0.3,
            ),
            party(
                "SocialDemocrats",
                [0.15, 0.25, 0.1, 0.4, 0.1],
                {
                    "carbon_price": {"points": [[0, 0.4], [40, 1.0], [100, 0.3]]},
                    "top_tax_rate": {"linear": "increasing"},
                    "nuclear": scores(three, [0.5, 1.0, 0.3]),
                    "childcare": scores(care, [0.0, 0.7, 1.0]),
                    "digital_ministry": scores(ministry, [0.3, 0.3, 1.0]),
                },
                {"issue": "childcare", "forbidden": ["status_quo"]},
                0.35,
            ),
            {"name": "Formateur", "role": "mediator"},
        ],
        "deadline_steps": 120,
    }


@pytest.fixture(scope="session")
def labour_dispute() -> Scenario:
    """The labour dispute (see `labour_dispute_data`)."""
    return Scenario.from_data(labour_dispute_data())


@pytest.fixture(scope="session")
def coalition() -> Scenario:
    """The coalition with the Greens' nuclear red line dropped (as users tried it)."""
    return Scenario.from_data(coalition_data()).without_red_lines([("Greens", "nuclear")])
