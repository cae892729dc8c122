"""Shared test set-up: makes the helper modules in tests/ (brute_force, genius_domains) importable.

The tests directory has no __init__.py (pytest's default rootdir-relative imports), so the helper
modules beside this file are put on sys.path once, before any test module is imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
