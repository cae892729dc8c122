"""Shared test set-up: makes the helper modules in tests/ (brute_force, genius_domains) importable,
and lets Ctrl-C reach the commands the tests start.

The tests directory has no __init__.py (pytest's default rootdir-relative imports), so the helper
modules beside this file are put on sys.path once, before any test module is imported.

A suite started in the background of a script (`make test &`, a CI step run so) inherits SIGINT
ignored, and so would every command a test starts: Python keeps an ignored SIGINT ignored, so a
test's Ctrl-C would never arrive and the command would run to its end. The tests that send
SIGINT test what a foreground command does, so the suite takes SIGINT back as Python's own.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
