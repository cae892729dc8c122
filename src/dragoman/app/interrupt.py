"""How Ctrl-C ends a `dragoman` command, wherever it lands (while Python imports the command,
or while the command runs): one line, `interrupted`, on stderr and exit code 130, no traceback.

The standard library only: the entry point (`dragoman.__main__`) imports it before anything
else, and the command's group (`dragoman.app.shell.PlainGroup`) ends a run through it too.
A command that has more to say (what an interrupted tournament kept) says it and exits 130.
"""

from __future__ import annotations

import _thread
import sys
import time

from dragoman._lazy import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NoReturn

__all__ = [
    "INTERRUPTED",
    "STOPS",
    "Terminated",
    "guard",
    "interrupted",
    "stop_code",
    "stopped_word",
]

#: The exit code of a command ended by Ctrl-C: 128 + SIGINT, as a shell reports it.
INTERRUPTED = 130


class Terminated(SystemExit):
    """SIGTERM or SIGHUP, raised where the command runs (`dragoman.app.shell`): it ends the
    command as Ctrl-C does, with exit code 128 + the signal's number; a command that has
    more to say (what an interrupted tournament kept) catches it with KeyboardInterrupt."""

    def __init__(self, signum: int, word: str) -> None:
        super().__init__(128 + signum)
        #: how the command's last line names the stop ("terminated (SIGTERM)")
        self.word = word


#: What ends a command early, for `except STOPS:`: Ctrl-C, SIGTERM, SIGHUP.
STOPS = (KeyboardInterrupt, Terminated)


def stopped_word(stop: BaseException) -> str:
    """How a command's last line names what stopped it: "interrupted" for Ctrl-C."""
    return stop.word if isinstance(stop, Terminated) else "interrupted"


def stop_code(stop: BaseException) -> int:
    """The exit code of a command `stop` ended: 130 for Ctrl-C, 128 + the signal's else."""
    return int(stop.code or 1) if isinstance(stop, Terminated) else INTERRUPTED


def guard() -> None:
    """Let every Ctrl-C reach the command as a KeyboardInterrupt it can handle: one that
    lands in a weakref callback or a `__del__` (where Python prints it as "Exception ignored"
    with a traceback, and carries on; the import machinery runs such callbacks) is dropped
    silently and raised again in the main flow."""

    def unraisable(error: sys.UnraisableHookArgs) -> None:
        if error.exc_type is not None and issubclass(error.exc_type, KeyboardInterrupt):
            _interrupt_soon()
        else:
            sys.__unraisablehook__(error)

    sys.unraisablehook = unraisable


def _interrupt_soon() -> None:
    """SIGINT again 10 ms from now, from a helper thread, when the main thread is back in
    its own flow (raised at once, it would land in the hook that called this, and be
    ignored there)."""

    def later() -> None:
        time.sleep(0.01)
        _thread.interrupt_main()

    if not sys.is_finalizing():  # at Python's shutdown no thread starts, nothing is left to stop
        _thread.start_new_thread(later, ())


def interrupted() -> NoReturn:
    """End the command as Ctrl-C does: `interrupted` on stderr, exit code 130."""
    try:
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed or gone: the exit code says it alone
        pass
    # An interrupt that went through an exec() of a string (dataclasses make their methods
    # so) leaves a flag in CPython that ends the process by SIGINT (-2, not 130) although it
    # was handled; every exec() of a string clears that flag before it runs (pythonrun.c).
    exec("")
    raise SystemExit(INTERRUPTED)
