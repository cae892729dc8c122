"""Literal text (dragoman.render.literal): control characters shown as visible marks, markup
never parsed, a console that lets no control character of a text through."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dragoman.render.literal import LiteralConsole, clean, json_literal, literal, literal_text

HOSTILE = "T [/x] [bold]t \x1b]0;PWNED\x07\x1b[2J \x9b2J \u202eevil \x7f\x00"


def test_clean_marks_every_control_character_and_keeps_newlines_and_tabs() -> None:
    assert clean("a\x1b[2Jb") == "a␛[2Jb"
    assert clean("\x00\x07\x7f") == "␀␇␡"
    assert clean("\x9b\u202e\u2066") == "\ufffd" * 3
    assert clean("line\nnext\tcell") == "line\nnext\tcell"
    assert len(clean(HOSTILE)) == len(HOSTILE)  # one mark per character: spans keep places
    assert not any(ch in clean(HOSTILE) for ch in "\x1b\x07\x9b\u202e\x7f\x00")


def _printed(*renderables: object, console_class: type[Console] = Console) -> str:
    out = io.StringIO()
    console = console_class(file=out, width=200, color_system="truecolor", force_terminal=True)
    console.print(*renderables)
    return out.getvalue()


def test_literal_markup_is_shown_as_typed_and_never_crashes() -> None:
    out = io.StringIO()
    Console(file=out, width=200, highlight=False).print(f"[bold]{literal(HOSTILE)}[/bold]")
    shown = out.getvalue()
    assert "[/x] [bold]t" in shown
    assert "PWNED" in shown and "␛]0;PWNED" in shown


def test_literal_text_is_never_markup_and_keeps_its_styles() -> None:
    styled = Text.assemble(("name\x1b[2J", "bold"), " rest")
    cleaned = literal_text(styled)
    assert cleaned.plain == "name␛[2J rest"
    assert cleaned.spans[0].end == len("name␛[2J")
    assert literal_text("[/x]", "red").plain == "[/x]"


def test_a_plain_console_passes_escapes_the_literal_console_does_not() -> None:
    table = Table("issue")
    table.add_row(Text(HOSTILE))
    assert "\x1b]0;PWNED" in _printed(table)  # rich alone lets a text drive the terminal
    shown = _printed(table, console_class=LiteralConsole)
    assert "\x1b]0;" not in shown and "\x1b[2J" not in shown
    assert "\x1b[" in _printed(Text("styled", style="bold"), console_class=LiteralConsole)


@pytest.mark.parametrize("text", ['{"a": "\\u001b"}', '{"a": "\x9b\u202e\x7f"}'])
def test_json_literal_escapes_what_json_dumps_leaves_raw(text: str) -> None:
    import json

    escaped = json_literal(text)
    assert json.loads(escaped) == json.loads(text)
    assert not any(ch in escaped for ch in "\x9b\u202e\x7f")


def test_html_templates_print_texts_escaped_and_cleaned() -> None:
    import jinja2

    from dragoman.render.html import environment

    env = environment(jinja2.DictLoader({"t": "<p>{{ name }}</p>{{ [name]|join }}"}))
    html = env.get_template("t").render(name="a\x1b[2J<b>[/x]\u202e")
    assert html.startswith("<p>a␛[2J&lt;b&gt;[/x]\ufffd</p>")
    assert "\x1b" not in html and "\u202e" not in html and "<b>" not in html
