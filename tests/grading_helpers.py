"""Graded copies of the course, one per assignment, shared by the grading and feedback tests.

``graded_course`` is parametrised over every assignment in ``solutions/`` (found by
``tests/discovery.py``): for each it builds a temporary copy of the course
(``nbgrader_config.py`` and ``solutions/``), releases the assignment, hands in the
submissions below, grades them as ``make grade`` does (``python -m grading.parallel``),
grades the first written answer of ``model`` by hand (as a trainer would in the formgrader)
and generates the feedback again (``make feedback``).
That takes about half a minute, mostly the infinite loop waiting for the per-cell timeout,
so every test module that needs it imports the fixture::

    from tests.grading_helpers import graded_course  # noqa: F401 (a fixture)

pytest registers a fixture once per module that imports it, so a session-scoped fixture
imported into two modules would still run twice; the module-level cache below makes the
second module reuse the first one's course. Under pytest-xdist every test that uses it runs
on one worker (``tests/conftest.py`` groups them), so it is built once per run.

The learners:

``model``     the released notebook with the model solution typed into every answer cell
              (solution markers left out, as a learner would write it);
``leeg``      the released notebook, untouched;
``oneindig``  the model solution, except that one code answer cell (``INFINITE_LOOP_PART``
              of ``tests/mistakes_<name>.py``, or else the first code answer cell) starts
              with a loop that never ends, so that cell hits the timeout; everything after
              it must still be graded;
``fouten``    only for an assignment with ``tests/mistakes_<name>.py``: its ``MISTAKES``,
              plausible mistakes that pass every visible check but not the hidden ones:
              what the hidden tests are for, and what a leaky feedback would give away in
              its tracebacks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import nbformat
import pytest

from grading import sandbox
from tests import discovery

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = discovery.assignments()
#: For a test module that grades hostile notebooks: it needs the sandbox, which CI installs.
needs_sandbox = pytest.mark.skipif(
    sandbox.sandbox_problem() is not None and os.environ.get("CI") != "true",
    reason="the grading sandbox cannot start here (CI installs bubblewrap and runs this)",
)
STUDENTS = ("model", "leeg", "oneindig", "fouten")
MANUAL_SCORE = 5.0
MANUAL_COMMENT = "Helder advies. Noem er ook bij hoe zeker het effect op de bijstand is."
SOLUTION_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def notebook_name(assignment: str) -> str:
    """The assignment's notebook without ``.ipynb`` (from its builder's ``NOTEBOOK_NAME``)."""
    return Path(discovery.builder(assignment).NOTEBOOK_NAME).stem


def source_notebook(assignment: str, root: Path = ROOT) -> nbformat.NotebookNode:
    path = root / "solutions" / assignment / f"{notebook_name(assignment)}.ipynb"
    return nbformat.read(path, as_version=4)


def test_cells(nb) -> list:
    """The autograded test cells."""
    return [c for c in nb.cells if meta(c).get("grade") and not meta(c).get("solution")]


test_cells.__test__ = False  # a helper, not a test


def manual_cells(nb) -> list:
    """The answer cells a trainer grades by hand."""
    return [c for c in nb.cells if meta(c).get("grade") and meta(c).get("solution")]


def code_answer_cells(nb) -> list:
    return [c for c in nb.cells if meta(c).get("solution") and not meta(c).get("grade") and c.cell_type == "code"]


def points(nb) -> dict[str, float]:
    """Points of every autograded test cell, by grade id."""
    return {meta(c)["grade_id"]: float(meta(c)["points"]) for c in test_cells(nb)}


def part(grade_id: str) -> str:
    """The part letter of a grade id ``<assignment>_<part>_<check>``."""
    return grade_id.split("_")[1]


def infinite_loop_part(assignment: str, source: nbformat.NotebookNode) -> str:
    """The answer cell that gets the endless loop (see the module docstring)."""
    mistakes = discovery.mistakes(assignment)
    chosen = getattr(mistakes, "INFINITE_LOOP_PART", None)
    return chosen or meta(code_answer_cells(source)[0])["grade_id"]


@dataclass
class GradedCourse:
    """A course folder after release, autograde, one manual grade and feedback."""

    assignment: str
    notebook: str
    root: Path
    autograde_seconds: float
    feedback_seconds: float
    autograde_log: str
    feedback_log: str
    timeout: int
    source: nbformat.NotebookNode = field(repr=False)
    submissions: dict[str, nbformat.NotebookNode] = field(repr=False)
    #: grade id of the written answer graded by hand for ``model`` (None: there is none)
    manual_grade_id: str | None = None
    infinite_loop_part: str = ""
    mistakes: ModuleType | None = field(default=None, repr=False)

    @property
    def students(self) -> list[str]:
        return list(self.submissions)

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def autograded(self, student: str) -> nbformat.NotebookNode:
        path = self.root / "autograded" / student / self.assignment / f"{self.notebook}.ipynb"
        return nbformat.read(path, as_version=4)

    def feedback_html(self, student: str) -> str:
        path = self.root / "feedback" / student / self.assignment / f"{self.notebook}.html"
        return path.read_text(encoding="utf-8")


def nbgrader_env() -> dict[str, str]:
    """nbgrader runs ``alembic`` from PATH: put this interpreter's bin/ first."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def run_nbgrader(course: Path, *args: str) -> tuple[float, str]:
    """Run one nbgrader command in ``course``; return its duration and its log."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course, env=nbgrader_env(), capture_output=True, text=True, timeout=600,
    )
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{log[-4000:]}")
    return seconds, log


def grade_as_make_grade(course: Path, assignment: str, workers: int | None = None) -> tuple[float, str]:
    """Autograde every learner of ``course`` and write their feedback as ``make grade`` does
    (``python -m grading.parallel``); return its duration and its output with its log."""
    from grading.parallel import log_path

    start = time.perf_counter()
    command = [sys.executable, "-m", "grading.parallel", assignment]
    if workers is not None:
        command += ["--workers", str(workers)]
    result = subprocess.run(command, cwd=course, env=nbgrader_env(), capture_output=True,
                            text=True, timeout=900)
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    if log_path(course, assignment).is_file():
        log += log_path(course, assignment).read_text(encoding="utf-8")
    if result.returncode != 0:
        raise AssertionError(f"grading.parallel {assignment} failed ({result.returncode}):\n{log[-4000:]}")
    return seconds, log


def solution_text(cell: nbformat.NotebookNode) -> str:
    """A source answer cell as a learner would type it: without the solution markers."""
    lines = [line for line in cell.source.split("\n") if not SOLUTION_MARKER.match(line)]
    return "\n".join(lines)


def fill_in(release: nbformat.NotebookNode, source: nbformat.NotebookNode,
            replace: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The released notebook with the model answers (and any ``replace``ments) filled in."""
    answers = {
        cell.metadata["nbgrader"]["grade_id"]: solution_text(cell)
        for cell in source.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
    unknown = set(replace or {}) - set(answers)
    # A replacement for an answer cell the assignment no longer has would be ignored
    # silently, and the test that relies on it would test nothing.
    assert not unknown, f"no answer cell with grade id {sorted(unknown)}"
    answers.update(replace or {})
    filled = nbformat.from_dict(release)
    for cell in filled.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[grade_id]
    return filled


def hidden_test_lines(source_nb) -> set[str]:
    """Lines of the hidden tests worth looking for in what a learner sees (not trivial ones)."""
    lines = set()
    for cell in test_cells(source_nb):
        hidden = cell.source.split("### BEGIN HIDDEN TESTS", 1)[-1].split("### END HIDDEN TESTS")[0]
        lines |= {line.strip() for line in hidden.splitlines() if len(line.strip()) > 25}
    return lines


def solution_lines(source_nb) -> set[str]:
    """Lines of the model answers worth looking for in what a learner sees."""
    lines = set()
    for cell in code_answer_cells(source_nb):
        lines |= {line.strip() for line in solution_text(cell).splitlines()
                  if len(line.strip()) > 25 and not line.strip().startswith(("#", '"""', "def "))}
    return lines


#: What would make a feedback page active: script, handlers, javascript: links, frames.
ACTIVE_CONTENT = re.compile(r"<script|\son[a-z]+\s*=|javascript:|<iframe|<object|<embed", re.I)


def configured_timeout() -> int:
    match = re.search(r"^c\.Execute\.timeout\s*=\s*(\d+)", (ROOT / "nbgrader_config.py").read_text(), re.M)
    assert match, "nbgrader_config.py sets no c.Execute.timeout"
    return int(match.group(1))


def prepare_course(course: Path, assignment: str) -> tuple[Path, nbformat.NotebookNode, nbformat.NotebookNode]:
    """Copy the course into ``course`` and release ``assignment``; return the release folder,
    the released notebook and the source notebook."""
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions", course / "solutions",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    run_nbgrader(course, "generate_assignment", assignment, "--force")
    release_dir = course / "exercises" / assignment
    name = notebook_name(assignment)
    release = nbformat.read(release_dir / f"{name}.ipynb", as_version=4)
    return release_dir, release, source_notebook(assignment, course)


def hand_in(course: Path, assignment: str, release_dir: Path, submissions: dict[str, nbformat.NotebookNode]) -> None:
    """Put each learner's notebook, with the assignment's other released files, in submitted/."""
    name = notebook_name(assignment)
    for student, nb in submissions.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{name}.ipynb")
        for extra in release_dir.iterdir():
            if extra.is_file() and extra.name != f"{name}.ipynb":
                shutil.copy2(extra, folder / extra.name)


def build_graded_course(course: Path, assignment: str) -> GradedCourse:
    release_dir, release, source = prepare_course(course, assignment)
    notebook = notebook_name(assignment)
    mistakes = discovery.mistakes(assignment)
    loop_part = infinite_loop_part(assignment, source)
    model_answer = next(solution_text(c) for c in source.cells if meta(c).get("grade_id") == loop_part)
    submissions = {
        "model": fill_in(release, source),
        "leeg": release,
        "oneindig": fill_in(release, source, {
            loop_part: "while True:  # deze lus stopt nooit\n    pass\n\n" + model_answer,
        }),
    }
    if mistakes is not None:
        submissions["fouten"] = fill_in(release, source, {k: v.strip() for k, v in mistakes.MISTAKES.items()})
    hand_in(course, assignment, release_dir, submissions)

    # As make grade grades: every learner at once, with feedback (tests/test_grading_parallel.py
    # shows the scores and pages are nbgrader's own); the feedback is written again below.
    autograde_seconds, autograde_log = grade_as_make_grade(course, assignment)

    # What a trainer does in the formgrader: score the written answer and comment on it.
    from nbgrader.api import Gradebook

    manual = manual_cells(source)
    manual_grade_id = meta(manual[0])["grade_id"] if manual else None
    if manual_grade_id:
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            grade = gradebook.find_grade(manual_grade_id, notebook, assignment, "model")
            grade.manual_score = min(MANUAL_SCORE, float(meta(manual[0])["points"]))
            grade.needs_manual_grade = False  # as the formgrader does when a score is saved
            comment = gradebook.find_comment(manual_grade_id, notebook, assignment, "model")
            comment.manual_comment = MANUAL_COMMENT
            gradebook.db.commit()

    # make feedback: again, now with the trainer's score and comment.
    feedback_seconds, feedback_log = run_nbgrader(course, "generate_feedback", assignment, "--force")
    return GradedCourse(
        assignment=assignment,
        notebook=notebook,
        root=course,
        autograde_seconds=autograde_seconds,
        feedback_seconds=feedback_seconds,
        autograde_log=autograde_log,
        feedback_log=feedback_log,
        timeout=configured_timeout(),
        source=source,
        submissions=submissions,
        manual_grade_id=manual_grade_id,
        infinite_loop_part=loop_part,
        mistakes=mistakes,
    )


_CACHE: dict[tuple[str, str], object] = {}
_Built = TypeVar("_Built")


def built_once(tmp_path_factory: pytest.TempPathFactory, folder: str, build: Callable[[Path], _Built]) -> _Built:
    """``build`` a course in a new temporary folder ``folder``, once per test session.

    Later calls (from another test module, or for a fixture that pytest sets up again) get
    the same result; a failed build raises the same error again instead of being retried.
    """
    key = (str(tmp_path_factory.getbasetemp()), folder)
    if key not in _CACHE:
        try:
            _CACHE[key] = build(tmp_path_factory.mktemp(folder))
        except Exception as error:  # a failed build must not be retried per module
            _CACHE[key] = error
            raise
    cached = _CACHE[key]
    if isinstance(cached, Exception):
        raise cached
    return cached


@pytest.fixture(scope="session", params=ASSIGNMENTS)
def graded_course(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> GradedCourse:
    """The graded course of one assignment in this test session (built once, see the module docstring)."""
    return built_once(tmp_path_factory, f"cursus-{request.param}",
                      lambda course: build_graded_course(course, request.param))
