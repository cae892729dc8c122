"""Experiments at scale: tournaments of strategies over many scenarios, uncertainty studies of
sampled preference profiles, the batched engine for oblivious agents, and the backends they run
on (a local process pool, Ray). Names load lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dragoman._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time names load lazily
    from dragoman.experiments.config import TournamentConfig, config_schema, load_config
    from dragoman.experiments.tournament import TournamentResult, tournament

__getattr__, __dir__ = lazy_exports(__name__, __file__)  # __all__ too
