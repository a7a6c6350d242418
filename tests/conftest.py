"""Shared fixtures: the built book; and how the suite is spread over parallel workers.

(nbval collection of the MyST markdown pages in book/ is the plugin tests/nbval_myst.py.)

``make test`` runs pytest-xdist workers with ``--dist loadfile``: all tests of one file run
on one worker, in order. That keeps the cells of a notebook together (nbval runs them in
order in one kernel) and the tests of one file on the expensive fixture they share (a
graded course, a Voila server). (``--dist loadgroup`` with ``xdist_group`` markers was
tried: in this setup the workers never add the group to the test ids, so notebook cells
were scattered over workers and failed.)

The book is built once per run for all workers: a file lock makes the others wait, then
reuse the finished build (``build_once``).
"""

from __future__ import annotations


import fcntl
import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
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


#: One id for the whole test run, the same in every xdist worker.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


@contextmanager
def file_lock(path: Path):
    """An exclusive lock on ``path`` across processes (``fcntl.flock``; released on exit)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_once(toc: str, log_name: str, path_output: Path | None = None) -> None:
    """``build_edition`` once per test run, however many workers ask for it.

    Both editions share the execution cache, so every build holds one lock
    (``_build/.book-build.lock``); a marker file per edition records the run that built it
    and whether the build passed. A worker that finds this run's marker reuses the build,
    or fails with the same message, without building again.
    """
    marker = ROOT / "_build" / f".{Path(log_name).stem}.run.json"
    with file_lock(ROOT / "_build" / ".book-build.lock"):
        if marker.is_file():
            done = json.loads(marker.read_text(encoding="utf-8"))
            if done.get("run") == RUN_ID:
                if not done["ok"]:
                    pytest.fail(done["message"], pytrace=False)
                return
        try:
            build_edition(toc, log_name, path_output)
        except pytest.fail.Exception as failure:
            marker.write_text(json.dumps({"run": RUN_ID, "ok": False, "message": str(failure)}), encoding="utf-8")
            raise
        marker.write_text(json.dumps({"run": RUN_ID, "ok": True}), encoding="utf-8")


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the learners' edition (what is published) once per run; return _build/html.

    Uses the same cache as ``make book``, so a test run after a build only re-executes
    pages that changed.
    """
    build_once("_toc.yml", "last-build.log")
    return BUILD


@pytest.fixture(scope="session")
def built_trainers_book() -> Path:
    """Build the trainers' edition once per run, as ``make book-trainers`` does."""
    build_once("_toc_trainers.yml", "last-build-trainers.log", TRAINERS_OUT)
    return TRAINERS_BUILD


