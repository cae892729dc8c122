"""Ctrl-C at any moment ends a `dragoman` command with exit code 130 and one line, never a
traceback: while Python is still importing the command (`dragoman.__main__` guards the
imports), and while it runs (`dragoman.app.shell.PlainGroup`, through the same
`dragoman.app.interrupt.interrupted`). Real processes, real SIGINTs, through `python -m
dragoman` and through the console script's target as pyproject.toml names it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def console_script(folder: Path) -> list[str]:
    """The `dragoman` console script as pip writes it for the target pyproject.toml names
    (`module:function`; an installed script keeps its old target until `pip install -e .`)."""
    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = target["dragoman"].split(":")
    script = folder / "dragoman"
    script.write_text(
        "import re\nimport sys\n"
        f"from {module} import {function}\n"
        "if __name__ == '__main__':\n"
        "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
        f"    sys.exit({function}())\n"
    )
    return [str(script)]


def interrupted_after(command: list[str], delay: float) -> tuple[int, list[str]]:
    """Run `command` (with `python -X importtime`), send SIGINT `delay` seconds after the
    package `dragoman` is imported (before that, Python starts itself and runs `runpy` or the
    script's own imports: no program can catch a Ctrl-C there; after it, the entry point's
    guard is up within a millisecond); the exit code and the stderr lines other than import
    times."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "80"}
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", *command, "analyze", "pie-split"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if line.split("|")[-1].strip() == "dragoman":  # at any depth of the imports
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(60), "".join(lines)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=120)
    reader.join(timeout=60)
    return code, [line for line in lines if not line.startswith("import time:")]


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.6])
@pytest.mark.parametrize("entry", ["python -m", "console script"])
def test_ctrl_c_at_an_early_moment_ends_with_130_and_one_line(
    tmp_path: Path, entry: str, delay: float
) -> None:
    command = ["-m", "dragoman"] if entry == "python -m" else console_script(tmp_path)
    code, told = interrupted_after(command, delay)
    assert "Traceback" not in "".join(told), "".join(told)
    if code == 0:  # it finished before the signal came: nothing to say
        assert told == [], told
    else:
        assert (code, told) == (130, ["interrupted\n"])


def test_ctrl_c_mid_negotiation_ends_with_130_and_the_same_line() -> None:
    args = ["-m", "dragoman", "negotiate", "gaza-ceasefire-2024", "--protocol", "single-text",
            "--steps", "100000"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "80"}
    process = subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None
    process.stdout.readline()  # the timeline has begun: the command runs
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err.decode()) == (130, "interrupted\n")


def _python(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run `code` as `python -m` runs a module (as `python -m dragoman` runs the command)."""
    (folder / "program.py").write_text(code)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(folder)])}
    args = [sys.executable, "-m", "program"]
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_a_ctrl_c_python_would_only_print_is_raised_again_where_it_can_be_handled(
    tmp_path: Path,
) -> None:
    ran = _python(
        "import signal\nfrom dragoman.app.interrupt import guard\nguard()\n"
        "class Resource:\n"
        "    def __del__(self):\n"
        "        signal.raise_signal(signal.SIGINT)  # lands in __del__: 'Exception ignored'\n"
        "try:\n"
        "    Resource()\n"
        "    for _ in range(10**7):\n"
        "        pass\n"
        "except KeyboardInterrupt:\n"
        "    print('handled')\n",
        tmp_path,
    )
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "handled\n", "")


def test_a_ctrl_c_handled_after_it_went_through_an_exec_still_exits_130(tmp_path: Path) -> None:
    ran = _python(  # dataclasses build their methods by exec(): Ctrl-C may land in one
        "from dragoman.app.interrupt import interrupted\n"
        "try:\n"
        "    exec('import signal; signal.raise_signal(signal.SIGINT)')\n"
        "except KeyboardInterrupt:\n"
        "    interrupted()\n",
        tmp_path,
    )
    assert (ran.returncode, ran.stderr) == (130, "interrupted\n")  # not killed by SIGINT (-2)
