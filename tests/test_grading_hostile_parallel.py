"""The hostile class again, graded by ``make grade``'s grader, with kernels forked.

The parallel grader (:mod:`grading.parallel`) forks every learner's kernel from a
template for the run (:mod:`grading.kernel_template`) that gives each kernel its sandbox
itself, instead of starting it inside ``bwrap``. Every test of
``tests/test_grading_hostile.py`` is run here too (imported below) on a course graded that
way, so the forked kernels are held to the same attacks as the started ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.grading_helpers import grade_as_make_grade, needs_sandbox
from tests.hostile import graded_once, hostile_assignments
from tests.test_grading_hostile import *  # noqa: F403 (the same tests, on the course graded below)

pytestmark = needs_sandbox

_CACHE: dict[str, dict] = {}


def run_as_make_grade(course: Path, command: str, assignment: str) -> tuple[float, str]:
    """The ``Runner`` of ``tests/hostile.py``: autograde is the parallel grader, which writes
    the feedback too (so ``generate_feedback`` has nothing left to do)."""
    if command != "autograde":
        return 0.0, ""
    # One worker, as the plain suite grades one learner at a time: a gigabyte of output
    # must pass within the cell time limit while the rest of the test suite runs beside it.
    return grade_as_make_grade(course, assignment, workers=1)


@pytest.fixture(scope="module", params=hostile_assignments("forked"))
def attacked(request, tmp_path_factory) -> dict:  # noqa: F811 (replaces the imported fixture)
    """One course per assignment, graded by the parallel grader."""
    folder = tmp_path_factory.getbasetemp() / f"aanval-parallel-{request.param}"
    return graded_once(_CACHE, request.param, folder, run_as_make_grade)


@pytest.mark.skipif(os.getuid() != 0, reason="only a root grader forks kernels")
def test_every_kernel_was_forked_not_started(attacked) -> None:
    assert "Kernel not forked" not in attacked["log"]
    forked = attacked["log"].count("Kernel forked from the worker's template")
    assert forked == len(attacked["students"]), attacked["log"][-3000:]
    assert "nagekeken, met feedback" in attacked["log"]
