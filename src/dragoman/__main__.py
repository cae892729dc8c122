"""The `dragoman` command's entry point: `python -m dragoman`, and the console script
(`dragoman = "dragoman.__main__:main"`). It imports the command line inside one guard, so Ctrl-C
at any moment, even while Python is still importing it, ends the command with exit code 130
and one line (`dragoman.app.interrupt`), never a traceback. Nothing heavy is imported before
the guard: the root package loads lazily, the interrupt module is the standard library.
"""

from __future__ import annotations

from dragoman.app.interrupt import guard, interrupted

__all__ = ["main"]


def main() -> None:
    """Import the command line and run it; Ctrl-C during either ends it as `interrupted`.
    Once the command is done (its exit code decided), a late Ctrl-C, during Python's own
    shutdown, is ignored rather than raised in the middle of the clean-up."""
    guard()
    try:
        from dragoman.app.cli import app

        app()
    except KeyboardInterrupt:
        interrupted()
    finally:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    main()
