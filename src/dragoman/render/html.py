"""HTML pages from Jinja2 templates, autoescaped (every text from a scenario, a person or a
log is escaped) and cleaned of control characters (`render.literal`: autoescaping leaves an
ESC or a bidi override in place), with the filters the pages share: numbers whole or visibly
abbreviated."""

from __future__ import annotations

import base64
from typing import Any

import jinja2
from markupsafe import Markup

from dragoman._words import percent as share_of
from dragoman._words import shown
from dragoman.render.literal import clean

__all__ = ["data_uri", "environment", "number"]


def number(value: Any, digits: int = 3) -> str:
    """A number on a page, whole or visibly abbreviated (`_words.shown`)."""
    return shown(value, digits)


def percent(value: Any) -> str:
    """A share as a percentage, one decimal, visibly abbreviated (`_words.percent`)."""
    return share_of(value)


def data_uri(png: bytes) -> str:
    """PNG bytes as a data URI (a self-contained page embeds its plots so)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _literal(value: Any) -> Any:
    """Every text a template prints, cleaned before it is escaped; markup the templates built
    themselves (macros, `|safe`) is left alone, its own texts were cleaned as they went in."""
    return clean(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def environment(*loaders: jinja2.BaseLoader) -> jinja2.Environment:
    """The template environment: `loaders` first (e.g. the web app's pages), then the
    report templates of this package; autoescaping on for every template."""
    chain = jinja2.ChoiceLoader([*loaders, jinja2.PackageLoader("dragoman.render", "templates")])
    env = jinja2.Environment(
        loader=chain,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_literal,
    )
    env.filters["num"] = number
    env.filters["pct"] = percent
    return env
