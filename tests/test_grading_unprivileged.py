"""The hostile class again, graded by a trainer without root (as on a hub).

Without root the sandbox cannot switch to a uid of its own: bubblewrap then runs in an
unprivileged user namespace as the trainer (``grading/sandbox.py``). Every test of
``tests/test_grading_hostile.py`` is run here too (imported below), on a course graded
that way:

- run by a non-root user (a CI or a hub), the tests grade as themselves;
- run as root (CI), ``nbgrader`` runs as an unused uid with no passwd entry and no
  capabilities (``setpriv``), in a mount namespace where the parts of root's home the
  Python installation lives in are visible read-only and the rest of it is not: what a
  trainer whose Python is in a readable place has. The course and the trainer's home are
  that uid's own folders, so the learners' kernels have exactly the trainer's rights to
  hide them from.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grading import sandbox
from tests.grading_helpers import needs_sandbox, nbgrader_env, prepare_course
from tests.hostile import grade_hostile_class, hostile_assignments
from tests.test_grading_hostile import *  # noqa: F403 (the same tests, on the course graded below)

pytestmark = needs_sandbox

_CACHE: dict[str, dict] = {}


def _hidden_roots(paths: list[str]) -> dict[str, list[str]]:
    """Folders on the way to ``paths`` that others cannot enter, with the paths below them."""
    hidden: dict[str, list[str]] = {}
    for path in paths:
        for parent in reversed(Path(path).parents):
            if str(parent) != "/" and not os.stat(parent).st_mode & stat.S_IXOTH:
                hidden.setdefault(str(parent), []).append(path)
                break
    return hidden


def as_trainer(command: list[str], uid: int) -> list[str]:
    """``command`` run as ``uid`` without any privilege (root only; see the module docstring)."""
    needed = sorted({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.executable)}
                    | {os.path.realpath(p) for p in sandbox._package_dirs()})
    outer = [shutil.which("bwrap") or "bwrap", "--dev-bind", "/", "/", "--die-with-parent"]
    for folder, below in _hidden_roots(needed).items():
        outer += ["--perms", "0755", "--tmpfs", folder]
        for path in below:
            # bwrap would make the folders on the way 0700, closed to the trainer.
            between = [p for p in reversed(Path(path).parents) if Path(folder) in p.parents]
            for step in between:
                outer += ["--perms", "0755", "--dir", str(step)]
            outer += ["--ro-bind", path, path]
    return [*outer, "--", "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", *command]


def _give_to(path: Path, uid: int) -> None:
    os.chown(path, uid, uid)
    for entry in path.rglob("*"):
        os.chown(entry, uid, uid, follow_symlinks=False)


class Trainer:
    """Someone without root: their own uid, home and course folder."""

    def __init__(self, base: Path) -> None:
        self.root = os.getuid() == 0
        self.uid = sandbox.free_uid() if self.root else os.getuid()
        self.home = base / "thuis"
        self.home.mkdir(mode=0o700)
        self.env = {**nbgrader_env(), "HOME": str(self.home), "USER": "trainer", "LOGNAME": "trainer"}

    def command(self, command: list[str]) -> list[str]:
        return as_trainer(command, self.uid) if self.root else command

    def hand_over(self, path: Path) -> None:
        """What root prepared becomes the trainer's (a trainer owns their course)."""
        if self.root:
            _give_to(path, self.uid)

    def run(self, course: Path, *args: str) -> tuple[float, str]:
        """One nbgrader command as the trainer (the ``Runner`` of ``tests/hostile.py``)."""
        self.hand_over(course)
        start = time.perf_counter()
        result = subprocess.run(self.command([sys.executable, "-m", "nbgrader", *args]), cwd=course,
                                env=self.env, capture_output=True, text=True, timeout=600)
        log = result.stdout + result.stderr
        if result.returncode != 0:
            raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{log[-4000:]}")
        return time.perf_counter() - start, log


@pytest.fixture(scope="module")
def trainer():
    # Not under pytest's basetemp (root's, closed to others), nor under /tmp: the kernel has a
    # private /tmp of its own to write in, so writes to the course's path would land there.
    base = Path(tempfile.mkdtemp(prefix="asd-trainer-", dir="/var/tmp"))
    base.chmod(0o755)
    made = Trainer(base)
    made.hand_over(base)
    yield made
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module", params=hostile_assignments("unprivileged"))
def attacked(request, trainer) -> dict:  # noqa: F811 (replaces the imported fixture)
    """One course per assignment, graded by the trainer without root."""
    assignment = request.param
    if assignment not in _CACHE:
        course = trainer.home.parent / f"aanval-{assignment}"
        course.mkdir()
        release_dir, release, source = prepare_course(course, assignment)
        _CACHE[assignment] = grade_hostile_class(course, assignment, release_dir, release, source,
                                                 trainer.run, trainer.home)
        _CACHE[assignment]["trainer"] = trainer
    return _CACHE[assignment]


def test_the_sandbox_starts_for_a_trainer_without_root(trainer) -> None:
    check = subprocess.run(trainer.command([sys.executable, "-m", "grading.sandbox"]), env=trainer.env,
                           cwd=trainer.home, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "werkt" in check.stdout


def test_the_course_was_graded_by_the_trainer_not_by_root(attacked) -> None:
    trainer = attacked["trainer"]
    assert trainer.uid != 0
    graded = list((attacked["course"] / "autograded").rglob("*.ipynb"))
    assert graded
    assert {path.stat().st_uid for path in graded} == {trainer.uid}
