"""Text that did not come from our own code, made safe to print: control characters shown as
visible marks (an ESC sequence in a party's name cannot retitle or clear a terminal) and rich
markup never parsed (`[/x]` cannot crash a print, `[bold]t` is shown as typed).

Every front end prints foreign text (titles, names, notes, file names, error texts, typed
lines, log contents) through `clean`, `literal` or `literal_text`; `LiteralConsole` is the
last guard, cleaning whatever text still reaches a console.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

__all__ = ["LiteralConsole", "clean", "json_literal", "literal", "literal_text"]

#: C0 controls but newline and tab, DEL, C1 controls, bidirectional overrides and isolates,
#: and the Unicode line and paragraph separators: none of them may reach a terminal raw.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _mark(match: re.Match[str]) -> str:
    """A visible stand-in of one character, so styled spans keep their places: the control
    picture of a C0 character ("\x1b" is shown as "␛") or DEL ("␡"), else "�"."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def clean(text: object) -> str:
    """`text` as a string with every control character replaced by a visible mark."""
    return _CONTROLS.sub(_mark, str(text))


def literal(text: object) -> str:
    """`text` cleaned and escaped, to embed in a string printed as rich markup."""
    return escape(clean(text))


def literal_text(text: object, style: str = "") -> Text:
    """`text` cleaned, as a rich `Text` (never parsed as markup) in `style`; a `Text` is
    cleaned in place, its styles kept."""
    if isinstance(text, Text):
        text.plain = clean(text.plain)  # same length: the spans stay where they were
        if style:
            text.stylize(style)
        return text
    return Text(clean(text), style=style)


def json_literal(text: str) -> str:
    """JSON text with every control character left raw by `json.dumps(ensure_ascii=False)`
    (DEL, C1, bidirectional marks) written as a `\\uXXXX` escape: the same JSON value."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class LiteralConsole(Console):
    """A console that cleans the text of everything it renders: rich's own control codes
    (styles, cursor moves) still work, no control character inside a text gets through."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _CONTROLS.search(segment.text):
                yield segment
            else:
                yield Segment(clean(segment.text), segment.style, segment.control)
