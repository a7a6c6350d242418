"""Shared fixtures: the built book.

(nbval collection of the MyST markdown pages in book/ is the plugin tests/nbval_myst.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run: `make test` and CI give the same
# verdict for the same code. Explore new examples with `pytest --hypothesis-seed=N`.
settings.register_profile("course", derandomize=True)
settings.load_profile("course")

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build" / "html"
#: The trainers' edition (``make book-trainers``): jupyter-book writes X/_build/html.
TRAINERS_OUT = ROOT / "_build" / "trainers"
TRAINERS_BUILD = TRAINERS_OUT / "_build" / "html"


def build_edition(toc: str, log_name: str, path_output: Path | None = None) -> None:
    """Build one edition of the book with warnings as errors, as the Makefile does.

    Both editions share the execution cache (``book/_ext/asd_code_cache.py``), so a page
    executed for one is not executed again for the other.
    """
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    jb = Path(sys.executable).with_name("jupyter-book")
    command = [str(jb), "build", str(ROOT), "--toc", toc, "-W", "-n", "--keep-going"]
    if path_output is not None:
        command += ["--path-output", str(path_output)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=1200)
    log = result.stdout + result.stderr
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / log_name).write_text(log, encoding="utf-8")
    if result.returncode != 0:
        warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
        pytest.fail(
            f"The book build ({toc}) failed (warnings are errors). Full log: _build/{log_name}, "
            "execution reports: reports/ in the output folder\n" + "\n".join(warnings[:40]),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the learners' edition (what is published) once per session; return _build/html.

    Uses the same cache as ``make book``, so a test run after a build only re-executes
    pages that changed.
    """
    build_edition("_toc.yml", "last-build.log")
    return BUILD


@pytest.fixture(scope="session")
def built_trainers_book() -> Path:
    """Build the trainers' edition once per session, as ``make book-trainers`` does."""
    build_edition("_toc_trainers.yml", "last-build-trainers.log", TRAINERS_OUT)
    return TRAINERS_BUILD
