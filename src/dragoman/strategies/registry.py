"""The strategy registry: names to classes, filled by a decorator, built-ins found by scanning.

`@register` at a strategy's class is all it takes: no central list to edit. The built-in
strategies are the modules of `dragoman.strategies` and `dragoman.strategies.mediators`,
imported on the first look-up.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import math
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from dragoman.errors import DragomanError
from dragoman.negotiation.strategy import Agent, Mediator, Strategy
from dragoman.negotiation.traits import trait_problems

__all__ = [
    "Parameter",
    "StrategyError",
    "agent_names",
    "make_agent",
    "make_mediator",
    "mediator_names",
    "parameters_of",
    "parse_spec",
    "register",
    "strategy_class",
]

S = TypeVar("S", bound=type[Strategy])

_REGISTRY: dict[str, dict[str, type[Strategy]]] = {"agent": {}, "mediator": {}}
_PACKAGES = ("dragoman.strategies", "dragoman.strategies.mediators")
_discovered = False


class StrategyError(DragomanError):
    """An unknown strategy name or a bad parameter."""


def register(cls: S) -> S:
    """Class decorator: make a strategy available by its `name` (its `traits` checked)."""
    if not cls.name:
        raise TypeError(f"{cls.__qualname__} needs a non-empty `name` to be registered")
    problems = trait_problems(getattr(cls, "traits", None))
    if problems:
        raise TypeError(f"{cls.__qualname__}: {'; '.join(problems)}")
    table = _REGISTRY[cls.kind]
    if cls.name in table and table[cls.name] is not cls:
        raise TypeError(f"two {cls.kind}s are named {cls.name!r}")
    table[cls.name] = cls
    return cls


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True
    for package_name in _PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            if not module.name.startswith("_"):
                importlib.import_module(f"{package_name}.{module.name}")


def agent_names() -> list[str]:
    """Names of every registered agent strategy."""
    _discover()
    return sorted(_REGISTRY["agent"])


def mediator_names() -> list[str]:
    """Names of every registered mediator strategy."""
    _discover()
    return sorted(_REGISTRY["mediator"])


def strategy_class(kind: str, name: str) -> type[Strategy]:
    """The class registered as `name`; StrategyError with suggestions when there is none."""
    _discover()
    table = _REGISTRY[kind]
    if name not in table:
        close = difflib.get_close_matches(name, table, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise StrategyError(f"unknown {kind} {name!r} (known: {', '.join(sorted(table))}){hint}")
    return table[name]


def parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """`NAME[:k=v,...]` -> (name, parameters), numbers and booleans converted; a parameter
    given twice is refused (which value was meant cannot be told). Every spec is read here:
    the command line's, a tournament configuration's, the web app's."""
    name, _, rest = spec.partition(":")
    params: dict[str, Any] = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise StrategyError(f"bad parameter {item!r} in {spec!r}: write key=value")
        key = key.strip()
        if key in params:
            raise StrategyError(f"parameter {key!r} is given twice in {spec!r}: give it once")
        params[key] = _value(value.strip())
    return name.strip(), params


def _value(text: str) -> Any:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


_SIGNATURES: dict[type[Strategy], Mapping[str, inspect.Parameter]] = {}


def _parameters(cls: type[Strategy]) -> Mapping[str, inspect.Parameter]:
    """The parameters of a strategy's __init__ (looked up once per class)."""
    if cls not in _SIGNATURES:
        _SIGNATURES[cls] = inspect.signature(cls.__init__).parameters
    return _SIGNATURES[cls]


@dataclass(frozen=True)
class Parameter:
    """A strategy's parameter as `dragoman agents` lists it."""

    name: str
    default: str  # as it would be written after `=`; "" if required; "none" if None
    required: bool
    note: str  # the class's `parameter_notes` line ("" if it has none)


def parameters_of(cls: type[Strategy]) -> list[Parameter]:
    """The parameters of a strategy's __init__ in order, with defaults and notes."""
    found = []
    for name, p in _parameters(cls).items():
        if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        required = p.default is inspect.Parameter.empty
        default = "" if required else "none" if p.default is None else str(p.default)
        found.append(Parameter(name, default, required, cls.parameter_notes.get(name, "")))
    return found


def _build(kind: str, name: str, params: dict[str, Any]) -> Strategy:
    # parameters with their types (1, 1.0 and True are equal keys, but not the same value)
    key = (kind, name, tuple((k, type(v), v) for k, v in params.items()))
    try:
        known = _BUILT.get(key)
        keyable = True
    except TypeError:  # a parameter that cannot be a key: checked every time
        known, keyable = None, False
    if known is None or _REGISTRY[kind].get(name) is not known[0]:  # (registered anew)
        known = _checked(kind, name, params)
        if keyable and len(_BUILT) < 4096:
            _BUILT[key] = known  # this kind, name and parameters pass: checked once
    cls, checked = known
    try:
        return cls(**checked)
    except (TypeError, ValueError) as exc:
        raise StrategyError(f"{kind} {name!r}: {exc}") from None


#: (kind, name, parameters) -> the class and the checked parameters: what `_checked` found
_BUILT: dict[tuple[str, str, tuple[Any, ...]], tuple[type[Strategy], dict[str, Any]]] = {}


def _checked(kind: str, name: str, params: dict[str, Any]) -> tuple[type[Strategy], dict[str, Any]]:
    """The strategy class of `name` and the parameters checked against its __init__."""
    cls = strategy_class(kind, name)
    accepted = _parameters(cls)
    unknown = [k for k in params if k not in accepted or k == "self"]
    if unknown:
        known = [k for k in accepted if k not in ("self", "args", "kwargs")]
        raise StrategyError(
            f"unknown parameter {unknown[0]!r} for {kind} {name!r} "
            f"(parameters: {', '.join(known) or 'none'})"
        )
    missing = [
        k
        for k, p in accepted.items()
        if k != "self"
        and p.default is inspect.Parameter.empty
        and k not in params
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if missing:
        raise StrategyError(
            f"{kind} {name!r} needs parameter {missing[0]!r}: write {name}:{missing[0]}=VALUE"
        )
    checked = {
        key: _checked_number(kind, name, key, value, str(accepted[key].annotation))
        for key, value in params.items()
    }
    return cls, checked


def _checked_number(kind: str, name: str, key: str, value: Any, annotation: str) -> Any:
    """A parameter declared as a number must be a finite number, and one declared as a whole
    number (`int`, not `float`) a whole one: 2.7 is refused rather than cut to 2, 3.0 is 3."""
    if not ("float" in annotation or "int" in annotation) or "str" in annotation:
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StrategyError(
            f"parameter {key!r} of {kind} {name!r} must be a number (got {value!r})"
        )
    if not math.isfinite(value):
        raise StrategyError(f"parameter {key!r} of {kind} {name!r} must be finite (got {value!r})")
    if "float" in annotation or isinstance(value, int):
        return value
    if not value.is_integer():
        raise StrategyError(
            f"parameter {key!r} of {kind} {name!r} must be a whole number (got {value!r})"
        )
    return int(value)


def _spec_and_params(spec: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The name and parameters of a spec and extra keyword parameters; a parameter in both
    is given twice, and refused like one written twice in the spec."""
    name, parsed = parse_spec(spec)
    twice = [key for key in params if key in parsed]
    if twice:
        raise StrategyError(
            f"parameter {twice[0]!r} is given twice (in {spec!r} and as "
            f"{twice[0]}={params[twice[0]]!r}): give it once"
        )
    return name, {**parsed, **params}


def make_agent(spec: str, **params: Any) -> Agent:
    """An agent from `NAME[:k=v,...]` and extra keyword parameters (a scenario seat's
    `params`), none of them given twice."""
    agent = _build("agent", *_spec_and_params(spec, params))
    assert isinstance(agent, Agent)
    return agent


def make_mediator(spec: str, **params: Any) -> Mediator:
    """A mediator from `NAME[:k=v,...]` and extra keyword parameters, none given twice."""
    mediator = _build("mediator", *_spec_and_params(spec, params))
    assert isinstance(mediator, Mediator)
    return mediator
