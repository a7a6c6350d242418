"""One graded copy of the course, shared by the grading and feedback tests.

``graded_course`` builds a temporary copy of the course (``nbgrader_config.py`` and
``solutions/``), releases the MKBA assignment, hands in three submissions, grades them in
one ``nbgrader autograde`` run, grades one written answer by hand (as a trainer would in
the formgrader) and generates feedback. That takes about half a minute, mostly the
infinite loop waiting for the per-cell timeout, so every test module that needs it
imports the fixture::

    from tests.grading_helpers import graded_course  # noqa: F401 (a fixture)

pytest registers a fixture once per module that imports it, so a session-scoped fixture
imported into two modules would still run twice; the module-level cache below makes the
second module reuse the first one's course.

The three learners:

``model``     the released notebook with the model solution typed into every answer cell
              (solution markers left out, as a learner would write it);
``leeg``      the released notebook, untouched;
``oneindig``  the model solution, except that the answer cell of part B starts with a loop
              that never ends, so that cell hits the timeout and ``netto_contante_waarde``
              never gets defined; everything after it must still be graded;
``fouten``    plausible mistakes (see ``MISTAKES``) that pass every visible check but not
              the hidden ones: what the hidden tests are for, and what a leaky feedback
              would give away in its tracebacks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "mkba"
NOTEBOOK = "mkba-opdracht"
CSV = "casus-schooluitval.csv"
STUDENTS = ("model", "leeg", "oneindig", "fouten")
MANUAL_GRADE_ID = "mkba_f_advies"
MANUAL_SCORE = 5.0
MANUAL_COMMENT = "Helder advies. Noem er ook bij hoe zeker het effect op de bijstand is."
INFINITE_LOOP_PART = "mkba_b_antwoord"
# One typical mistake per part, each invisible to that part's visible asserts.
MISTAKES = {
    # A: ignores the rate argument, always discounts at 2.25 %.
    "mkba_a_antwoord": '''
def contante_waarde(bedrag, jaar, voet=0.0225):
    return bedrag / 1.0225 ** jaar
''',
    # B: right numbers, but taken from modules.mkba instead of computed.
    "mkba_b_antwoord": '''
from modules.mkba import net_present_value

def netto_contante_waarde(stromen, voet=0.0225):
    return net_present_value(list(stromen), voet)
''',
    # C: forgets to discount.
    "mkba_c_antwoord": '''
def saldo_per_actor(tabel, voet=0.0225):
    return tabel.groupby("actor")["bedrag"].sum()
''',
    # D: skips years without rows.
    "mkba_d_antwoord": '''
def stromen_per_jaar(tabel):
    return tabel.groupby("jaar")["bedrag"].sum().tolist()
''',
}
SOLUTION_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


@dataclass
class GradedCourse:
    """A course folder after release, autograde, one manual grade and feedback."""

    root: Path
    autograde_seconds: float
    feedback_seconds: float
    autograde_log: str
    feedback_log: str
    timeout: int
    source: nbformat.NotebookNode = field(repr=False)
    submissions: dict[str, nbformat.NotebookNode] = field(repr=False)

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def autograded(self, student: str) -> nbformat.NotebookNode:
        path = self.root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        return nbformat.read(path, as_version=4)

    def feedback_html(self, student: str) -> str:
        path = self.root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html"
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


def configured_timeout() -> int:
    match = re.search(r"^c\.Execute\.timeout\s*=\s*(\d+)", (ROOT / "nbgrader_config.py").read_text(), re.M)
    assert match, "nbgrader_config.py sets no c.Execute.timeout"
    return int(match.group(1))


def build_graded_course(course: Path) -> GradedCourse:
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions", course / "solutions",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    run_nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")

    release_dir = course / "exercises" / ASSIGNMENT
    release = nbformat.read(release_dir / f"{NOTEBOOK}.ipynb", as_version=4)
    source = nbformat.read(course / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    model_b = next(solution_text(c) for c in source.cells
                   if c.metadata.get("nbgrader", {}).get("grade_id") == INFINITE_LOOP_PART)
    submissions = {
        "model": fill_in(release, source),
        "leeg": release,
        "oneindig": fill_in(release, source, {
            INFINITE_LOOP_PART: "while True:  # deze lus stopt nooit\n    pass\n\n" + model_b,
        }),
        "fouten": fill_in(release, source, {k: v.strip() for k, v in MISTAKES.items()}),
    }
    for student, nb in submissions.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")
        shutil.copy2(release_dir / CSV, folder / CSV)

    autograde_seconds, autograde_log = run_nbgrader(course, "autograde", ASSIGNMENT)

    # What a trainer does in the formgrader: score the written advice and comment on it.
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(MANUAL_GRADE_ID, NOTEBOOK, ASSIGNMENT, "model")
        grade.manual_score = MANUAL_SCORE
        grade.needs_manual_grade = False  # as the formgrader does when a score is saved
        comment = gradebook.find_comment(MANUAL_GRADE_ID, NOTEBOOK, ASSIGNMENT, "model")
        comment.manual_comment = MANUAL_COMMENT
        gradebook.db.commit()

    feedback_seconds, feedback_log = run_nbgrader(course, "generate_feedback", ASSIGNMENT)
    return GradedCourse(
        root=course,
        autograde_seconds=autograde_seconds,
        feedback_seconds=feedback_seconds,
        autograde_log=autograde_log,
        feedback_log=feedback_log,
        timeout=configured_timeout(),
        source=source,
        submissions=submissions,
    )


_CACHE: dict[str, GradedCourse | Exception] = {}


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> GradedCourse:
    """The graded course of this test session (built once, see the module docstring)."""
    key = str(tmp_path_factory.getbasetemp())
    if key not in _CACHE:
        try:
            _CACHE[key] = build_graded_course(tmp_path_factory.mktemp("cursus"))
        except Exception as error:  # a failed build must not be retried per module
            _CACHE[key] = error
            raise
    cached = _CACHE[key]
    if isinstance(cached, Exception):
        raise cached
    return cached
