"""Shared fixtures: the built book, and nbval collection of MyST markdown pages.

Book pages are MyST markdown notebooks (clean diffs, no committed outputs). nbval only
reads .ipynb, so markdown pages with a jupytext header are read through jupytext and run
by nbval like any notebook: every notebook in book/ and solutions/ is executed by
``make test``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build" / "html"


def _is_myst_notebook(path: Path) -> bool:
    if path.suffix != ".md":
        return False
    head = path.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "jupytext:" in head and "kernelspec:" in head


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    options = parent.config.option
    if not (getattr(options, "nbval", False) or getattr(options, "nbval_lax", False)):
        return None
    if ROOT / "book" in file_path.parents and _is_myst_notebook(file_path):
        from tests.nbval_myst import MystNotebookFile

        return MystNotebookFile.from_parent(parent, path=file_path)
    return None


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
