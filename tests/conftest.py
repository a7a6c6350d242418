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


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once per session with warnings as errors; return _build/html.

    Uses the same cache as ``make book``, so a test run after a build only re-executes
    pages that changed.
    """
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200,
    )
    log = result.stdout + result.stderr
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "last-build.log").write_text(log, encoding="utf-8")
    if result.returncode != 0:
        warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
        pytest.fail(
            "The book build failed (warnings are errors). Full log: _build/last-build.log, "
            "execution reports: _build/html/reports/\n" + "\n".join(warnings[:40]),
            pytrace=False,
        )
    return BUILD
