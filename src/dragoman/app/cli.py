"""The `dragoman` command: a thin layer that parses arguments, calls the library, prints.

The app and what every command shares are in `dragoman.app.shell`; the commands, one module per
group, in `dragoman.app.commands` (importing them registers them).
"""

from __future__ import annotations

from dragoman.app.shell import app, plain_help

# the commands register in this order, which `dragoman --help` shows
# isort: off
from dragoman.app.commands import analysis, negotiation, implementation, interop, experiments, web

# isort: on

__all__ = ["app"]

_COMMANDS = (analysis, negotiation, implementation, interop, experiments, web)
plain_help(app)  # every command's help wrapped at spaces, whole
