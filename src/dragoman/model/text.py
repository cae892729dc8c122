"""A scenario as canonical YAML text: what files, event logs and exports embed.

`dragoman.io.scenario_file.parse_scenario` reads the text back to an equal scenario.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # pragma: no cover - annotations only; no import cycle at run time
    from pydantic import BaseModel

__all__ = ["scenario_yaml"]


def scenario_yaml(scenario: BaseModel) -> str:
    """The scenario as YAML: its fields in order, defaults left out, the issue kind and the
    kind of each uncertain parameter's distribution always written (they are unions' tags)."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data = {"format_version": getattr(scenario, "format_version", 1), **data}
    issues = zip(getattr(scenario, "issues", ()), data.get("issues", ()), strict=True)
    data["issues"] = [{"kind": issue.kind, **fields} for issue, fields in issues]
    uncertainty = getattr(scenario, "uncertainty", None)
    if uncertainty is not None:  # the distributions' kinds are tags too
        pairs = zip(uncertainty.parameters, data["uncertainty"]["parameters"], strict=True)
        for parameter, fields in pairs:
            fields["distribution"] = {
                "kind": parameter.distribution.kind,
                **fields.get("distribution", {}),
            }
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The safe dumper (C emitter when available: same text, faster), never writing aliases,
    which the scenario loader refuses."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
