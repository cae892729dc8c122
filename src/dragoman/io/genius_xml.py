"""Safe reading of GENIUS XML: defusedxml, line numbers, and one-line errors naming file and line.

GENIUS files are plain XML: no DTD, no entities. Anything else is refused before it can do harm:
an entity declaration (internal: the "billion laughs" expansion bomb; external: XXE, reading
local files or URLs) stops the parse at once; a document type declaration is refused too.
Every element remembers the line it starts on, so errors point into the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml.common import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from dragoman._words import number
from dragoman.errors import DragomanError, Problem, listed
from dragoman.limits import limit, over, refusal

__all__ = [
    "GeniusError",
    "GeniusProblemsError",
    "MalformedXmlError",
    "UnsafeXmlError",
    "XmlFile",
    "read_xml",
]


class GeniusError(DragomanError):
    """A GENIUS (or GeniusWeb) file that cannot be read or written: one line naming the file,
    the line where known, the element or field, and what is wrong."""

    def __init__(self, file: str | Path, message: str, line: int | None = None) -> None:
        self.file, self.line, self.detail = str(file), line, message
        self.problems = [Problem(message, file=str(file), line=line)]
        where = f"{file}:{line}" if line is not None else str(file)
        super().__init__(f"{where}: {message}".replace("\n", " "))


class GeniusProblemsError(GeniusError):
    """GENIUS / GeniusWeb files that make no valid scenario, or a scenario they cannot
    express: every problem found at once, each with its file (or scenario field)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.file, self.line = problems[0].file, problems[0].line
        self.detail = "\n".join(p.message for p in problems)
        DragomanError.__init__(self, listed(problems))


class UnsafeXmlError(GeniusError):
    """XML refused for safety: an entity declaration (XXE, expansion bombs) or a DTD."""


class MalformedXmlError(GeniusError):
    """A file that is not well-formed XML. `root` is the tag of its root element where the
    parse got that far (else None); `markup` says whether the file starts like XML at all
    (GENIUS's `pareto.xml`, plain text, does not): what a folder's reader needs to tell a
    broken profile (an error) from a file that is no GENIUS file (skipped with a note)."""

    def __init__(
        self, file: str | Path, message: str, line: int | None, root: str | None, markup: bool
    ) -> None:
        super().__init__(file, message, line)
        self.root, self.markup = root, markup


@dataclass
class XmlFile:
    """A parsed XML file: its root element and the line each element starts on."""

    path: Path
    root: Element
    lines: dict[int, int] = field(default_factory=dict)  # id(element) -> line

    def line(self, element: Element) -> int | None:
        """The line `element` starts on."""
        return self.lines.get(id(element))

    def error(self, element: Element | None, message: str) -> GeniusError:
        """A GeniusError at `element` (its line, its tag and name in the message)."""
        if element is None:
            return GeniusError(self.path, message)
        return GeniusError(self.path, f"{describe(element)}: {message}", self.line(element))

    def number(self, element: Element, attribute: str) -> float:
        """A numeric attribute, or a GeniusError naming the element and the attribute."""
        text = element.get(attribute)
        try:
            value = float(text)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise self.error(element, f"needs a numeric {attribute!r} (got {text!r})") from None
        if not math.isfinite(value):
            raise self.error(element, f"needs a finite {attribute!r} (got {text!r})")
        return value

    def integer(self, element: Element, attribute: str) -> int:
        """A whole-number attribute (e.g. an index or an integer bound)."""
        value = self.number(element, attribute)
        if not value.is_integer():
            raise self.error(element, f"{attribute!r} must be a whole number (got {number(value)})")
        return int(value)


def describe(element: Element) -> str:
    """`<issue index=3 name='colour'>`: an element as the errors name it."""
    shown = [f"{key}={element.get(key)!r}" for key in ("index", "name") if element.get(key)]
    return f"<{' '.join([element.tag, *shown])}>"


class _OverLimitError(Exception):
    """An XML file nested deeper, or holding more elements, than the limits allow."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _LineBuilder(TreeBuilder):
    """A tree builder that notes the line each element starts on, and stops at the limits
    'depth' and 'nodes' (so no later walk of the tree can recurse too deeply)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.expat: Any = None
        self.depth = 0
        self.most = (limit("depth"), limit("nodes"))
        self.root: str | None = None  # the root element's tag, once the parse reaches it

    def start(self, tag: Any, attrs: Any) -> Element:
        line = int(self.expat.CurrentLineNumber)
        self.depth += 1
        for name, found, most in (("depth", self.depth, self.most[0]),
                                  ("nodes", len(self.lines) + 1, self.most[1])):  # fmt: skip
            if found > most:
                raise _OverLimitError(refusal(name, found), line)
        element = super().start(tag, attrs)
        self.lines[id(element)] = line
        if self.root is None:
            self.root = str(tag)
        return element

    def end(self, tag: Any) -> Element:
        self.depth -= 1
        return super().end(tag)


class _Parser(DefusedXMLParser):  # type: ignore[misc]
    """defusedxml's parser that also notes whether a DTD was declared (refused after parsing,
    so that entity declarations inside it get their own, more specific, error)."""

    def __init__(self, target: _LineBuilder) -> None:
        super().__init__(target=target, forbid_dtd=False, forbid_entities=True)
        self.declared_dtd: tuple[str, str | None] | None = None
        self.parser.StartDoctypeDeclHandler = self._on_doctype
        target.expat = self.parser

    def _on_doctype(self, name: str, sysid: str | None, pubid: str | None, _: bool) -> None:
        self.declared_dtd = (name, sysid or pubid)


def read_xml(path: Path) -> XmlFile:
    """Parse a GENIUS XML file safely; GeniusError (one line) for anything unsafe or broken."""
    try:
        too_big = over("xml_bytes", path.stat().st_size)
        if too_big:
            raise GeniusError(path, too_big)
        data = path.read_bytes()
    except OSError as exc:
        raise GeniusError(path, f"cannot read the file ({exc.strerror or exc})") from None
    builder = _LineBuilder()
    parser = _Parser(builder)
    try:
        parser.feed(data)
        root = parser.close()
    except EntitiesForbidden as exc:
        raise UnsafeXmlError(path, _entity_message(exc)) from None
    except ExternalReferenceForbidden as exc:
        raise UnsafeXmlError(path, f"refused: external reference {exc.sysid!r} (XXE)") from None
    except DefusedXmlException as exc:
        raise UnsafeXmlError(path, f"refused unsafe XML ({type(exc).__name__})") from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise MalformedXmlError(
            path,
            f"not well-formed XML ({str(exc).split(':')[0]})",
            line,
            builder.root,
            data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"),
        ) from None
    except _OverLimitError as exc:
        raise GeniusError(path, str(exc), exc.line) from None
    except (LookupError, ValueError) as exc:  # an encoding Python does not know (or expat's)
        raise GeniusError(path, f"cannot decode the XML: {_first_line(exc)}", 1) from None
    if parser.declared_dtd is not None:
        name, external = parser.declared_dtd
        what = f"an external DTD {external!r}" if external else f"a DTD (<!DOCTYPE {name}>)"
        raise UnsafeXmlError(path, f"refused: {what}; GENIUS files have no DTD")
    return XmlFile(path, root, builder.lines)


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _entity_message(exc: EntitiesForbidden) -> str:
    if exc.sysid or exc.pubid:
        return (
            f"refused: external entity {exc.name!r} ({exc.sysid or exc.pubid}): "
            "XML external entities (XXE) are not allowed"
        )
    return (
        f"refused: entity declaration {exc.name!r}: entity expansion "
        "('billion laughs' bombs) is not allowed"
    )
