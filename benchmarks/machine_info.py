"""The machine a benchmark ran on, in one line (shared by the benchmark scripts)."""

from __future__ import annotations

import contextlib
import os
import platform

import numpy as np

__all__ = ["machine"]


def machine(negmas: str | None) -> str:
    """CPUs, RAM, and the versions that matter here (Python, numpy, NegMAS, BLAS core type)."""
    cpu = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as info:
        cpu = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), cpu)
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    blas = os.environ.get("OPENBLAS_CORETYPE", "unset")
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {ram_gb:.0f} GiB RAM; python {platform.python_version()},"
        f" numpy {np.__version__}, negmas {negmas or 'not importable'}; OPENBLAS_CORETYPE={blas}"
    )
