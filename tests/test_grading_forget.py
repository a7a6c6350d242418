"""Forgetting a cohort (``grading/forget.py``): exactly the learners' data goes, the course stays.

One small course is built once, as a trainer would: the MKBA assignment released, two
learners imported from a plain zip (``grading/submissions_import.py``), the intake,
``nbgrader autograde`` and ``generate_feedback`` run, one comment typed as in the formgrader.
That is also the end-to-end test of the import: both imported learners are graded and get
feedback. One learner also has (faked, cheap) data of a second assignment, in every place
and in the gradebook, so that forgetting one assignment can be seen to leave the other.
Every test works on its own copy of that course.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SAWarning

from grading import forget, intake
from grading import submissions_import as si
from tests import lms_samples as lms
from tests.grading_helpers import ROOT, fill_in, meta, needs_sandbox, nbgrader_env, prepare_course, run_nbgrader

ASSIGNMENT = lms.ASSIGNMENT
NOTEBOOK = lms.NOTEBOOK
OTHER = "schulden"
JAN, PIET = "jan-4711", "piet-0815"  # distinctive, so the gradebook's bytes can be searched for them
LEARNER_DATA = ("submitted", "autograded", "feedback", "imports", "reports")

#: For the tests on the graded course (the sandbox grades it); the Makefile and git tests need neither.
graded = [pytest.mark.slow, needs_sandbox]


def on_graded_course(test):
    for mark in graded:
        test = mark(test)
    return test


def _build(course: Path) -> Path:
    from nbgrader.api import Gradebook

    course.mkdir(parents=True)
    release_dir, release, source = prepare_course(course, ASSIGNMENT)
    download = course.parent / "download.zip"
    download.write_bytes(lms.zip_of({f"{JAN}.ipynb": nbformat.writes(fill_in(release, source)).encode(),
                                     f"{PIET}.ipynb": (release_dir / NOTEBOOK).read_bytes()}))
    assert si.main([ASSIGNMENT, str(download), "--course", str(course)]) == 0
    result = subprocess.run([sys.executable, "-m", "grading.intake", ASSIGNMENT], cwd=course, env=nbgrader_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    run_nbgrader(course, "autograde", ASSIGNMENT)
    manual = next(c for c in source.cells if meta(c).get("solution") and meta(c).get("grade"))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        comment = gradebook.find_comment(meta(manual)["grade_id"], Path(NOTEBOOK).stem, ASSIGNMENT, JAN)
        comment.manual_comment = "Goed onderbouwd advies."
        gradebook.db.commit()
        # A second assignment for jan only, everywhere (its grading is not what is tested here).
        gradebook.update_or_create_assignment(OTHER)
        with warnings.catch_warnings():  # nbgrader's add_submission trips SQLAlchemy's autoflush warning
            warnings.simplefilter("ignore", SAWarning)
            gradebook.add_submission(OTHER, JAN)
    run_nbgrader(course, "generate_feedback", ASSIGNMENT)
    for folder in ("submitted", "autograded", "feedback"):
        other = course / folder / JAN / OTHER
        other.mkdir(parents=True)
        (other / "schulden-opdracht.ipynb").write_text("{}")
    (course / "imports" / OTHER).mkdir(parents=True)
    (course / "imports" / OTHER / "deelnemers.csv").write_text(f"cursist,platform\n{JAN},map\n")
    (course / "feedback" / f"{OTHER}-import.txt").write_text(f"{JAN}: nieuw\n")
    (course / "reports" / ASSIGNMENT).mkdir(parents=True)
    (course / "reports" / ASSIGNMENT / "cijfers.csv").write_text(f"{JAN},7\n{PIET},4\n")
    (course / "reports" / f"{ASSIGNMENT}-overzicht.csv").write_text(f"{JAN},7\n{PIET},4\n")
    (course / "reports" / f"{OTHER}-overzicht.csv").write_text(f"{JAN},8\n")
    # nbgrader 0.9 writes no log file unless configured (NbGrader.logfile); older setups did.
    (course / ".nbgrader.log").write_text(f"[AutogradeApp | INFO] Grading {PIET}\n")
    return course


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("vergeten") / "cursus")


@pytest.fixture
def course(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "cursus"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def _files(root: Path, *tops: str) -> dict[str, str]:
    found = {}
    for top in tops:
        base = root / top
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            if path.is_file():
                found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _course_itself(root: Path) -> dict[str, str]:
    return _files(root, "solutions", "exercises", "nbgrader_config.py")


def _gradebook(root: Path) -> dict[str, list[str]]:
    """Students with their assignments, and what is left in the grade and comment tables."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        students = {s.id: sorted(sub.assignment.name for sub in s.submissions) for s in gradebook.students}
        assignments = sorted(a.name for a in gradebook.assignments)
    connection = sqlite3.connect(root / "gradebook.db")
    try:
        counts = {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
                  for table in ("grade", "comment", "submitted_notebook", "submitted_assignment")}
    finally:
        connection.close()
    return {"students": students, "assignments": assignments, "counts": counts}


def _forget(course: Path, *args: str) -> int:
    return forget.main([*args, "--course", str(course)])


@on_graded_course
def test_the_imported_class_was_graded(built: Path) -> None:
    # The end-to-end run of the import: both learners graded, both got feedback.
    for learner in (JAN, PIET):
        assert (built / "feedback" / learner / ASSIGNMENT / f"{Path(NOTEBOOK).stem}.html").is_file()
    assert _gradebook(built)["students"] == {JAN: [ASSIGNMENT, OTHER], PIET: [ASSIGNMENT]}
    assert (built / "feedback" / f"{ASSIGNMENT}-import.txt").is_file()
    assert intake.report_path(built, ASSIGNMENT).is_file()


@on_graded_course
def test_without_ja_nothing_is_deleted(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(course, *LEARNER_DATA, "gradebook.db", "solutions", "exercises")
    assert _forget(course) == 0
    out = capsys.readouterr().out
    assert _files(course, *LEARNER_DATA, "gradebook.db", "solutions", "exercises") == before
    assert out.startswith("Dit wordt verwijderd (alle opdrachten, alle cursisten):")
    assert f"  submitted/{JAN}/ (" in out and f"gradebook.db: cursist {PIET}" in out
    assert "Er is nog niets verwijderd. Verwijder het met: make forget-cohort CONFIRM=ja" in out


@pytest.fixture
def sqlite_keeps_deleted_rows() -> Iterator[None]:
    """Connections as most SQLite builds make them: deleted rows stay in the file's free space.

    Debian's SQLite is built with SECURE_DELETE and zeroes them itself; macOS's and the
    python.org builds do not. forget must not rely on either.
    """
    def secure_delete_off(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA secure_delete = OFF")

    event.listen(Engine, "connect", secure_delete_off)
    yield
    event.remove(Engine, "connect", secure_delete_off)


@on_graded_course
def test_forgetting_everything_leaves_only_the_course(course: Path, capsys: pytest.CaptureFixture[str],
                                                      sqlite_keeps_deleted_rows: None) -> None:
    itself = _course_itself(course)
    assert _forget(course, "--ja") == 0
    out = capsys.readouterr().out
    assert out.startswith("Verwijderd (alle opdrachten, alle cursisten):")
    assert _files(course, *LEARNER_DATA) == {}
    assert not (course / ".nbgrader.log").exists()
    book = _gradebook(course)
    assert book["students"] == {}
    assert book["counts"] == {"grade": 0, "comment": 0, "submitted_notebook": 0, "submitted_assignment": 0}
    assert ASSIGNMENT in book["assignments"], "the assignment itself (notebooks, cells) is the course, not learner data"
    data = (course / "gradebook.db").read_bytes()
    assert JAN.encode() not in data and PIET.encode() not in data, "deleted rows must not linger in the file"
    assert b"Goed onderbouwd advies" not in data
    assert _course_itself(course) == itself


@on_graded_course
def test_forgetting_one_assignment_leaves_the_other(course: Path) -> None:
    itself = _course_itself(course)
    others = _files(course, f"submitted/{JAN}/{OTHER}", f"autograded/{JAN}/{OTHER}", f"feedback/{JAN}/{OTHER}",
                    f"imports/{OTHER}", f"feedback/{OTHER}-import.txt", f"reports/{OTHER}-overzicht.csv")
    assert len(others) == 6

    assert _forget(course, ASSIGNMENT, "--ja") == 0

    assert _files(course, *LEARNER_DATA) == others
    assert not (course / "submitted" / PIET).exists(), "a learner folder left empty goes too"
    book = _gradebook(course)
    assert book["students"] == {JAN: [OTHER]}, "piet had only this assignment; jan keeps the other"
    assert book["counts"]["grade"] == 0 and book["counts"]["comment"] == 0
    assert ASSIGNMENT in book["assignments"]
    assert _course_itself(course) == itself


@on_graded_course
def test_forgetting_one_learner(course: Path) -> None:
    itself = _course_itself(course)
    jan_files = {k: v for k, v in _files(course, *LEARNER_DATA).items() if f"/{JAN}/" in f"/{k}"}

    assert _forget(course, "--cursist", PIET, "--ja") == 0

    left = _files(course, *LEARNER_DATA)
    assert not any(PIET in path for path in left)
    assert jan_files.items() <= left.items(), "jan's own folders are untouched"
    for named in (f"feedback/{ASSIGNMENT}-import.txt", f"feedback/{ASSIGNMENT}-inname.txt",
                  f"reports/{ASSIGNMENT}-overzicht.csv", f"reports/{ASSIGNMENT}/cijfers.csv"):
        assert named not in left, f"{named} names piet"
    assert f"reports/{OTHER}-overzicht.csv" in left and f"feedback/{OTHER}-import.txt" in left
    mapping = (course / "imports" / ASSIGNMENT / "deelnemers.csv").read_text(encoding="utf-8")
    assert JAN in mapping and PIET not in mapping
    book = _gradebook(course)
    assert book["students"] == {JAN: [ASSIGNMENT, OTHER]}
    assert book["counts"]["comment"] > 0, "jan's grades and comments stay"
    assert _course_itself(course) == itself


@on_graded_course
def test_a_link_is_removed_never_followed(course: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "belangrijk.txt").write_text("niet van de cursus")
    (course / "submitted" / "kees").symlink_to(elsewhere, target_is_directory=True)
    (course / "reports" / "link.csv").symlink_to(elsewhere / "belangrijk.txt")
    assert _forget(course, "--ja") == 0
    assert (elsewhere / "belangrijk.txt").read_text() == "niet van de cursus"
    assert not (course / "submitted" / "kees").is_symlink() and not (course / "reports" / "link.csv").is_symlink()


def test_nothing_found_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert forget.main(["--course", str(tmp_path), "--ja"]) == 0
    assert "Er is niets verwijderd" in capsys.readouterr().out


def _make_n(*args: str) -> str:
    result = subprocess.run(["make", "-n", "-C", str(ROOT), "forget-cohort", *args], capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k not in ("MODULE", "CONFIRM", "CURSIST")},
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if "grading.forget" in line)


def test_make_forget_cohort_deletes_only_with_confirm_ja() -> None:
    assert re.search(r"-m grading\.forget\s*$", _make_n()), "no MODULE given: every assignment, and only shown"
    assert "--ja" not in _make_n("CONFIRM=nee")
    assert re.search(r"-m grading\.forget mkba\s+--ja$", _make_n("MODULE=mkba", "CONFIRM=ja"))
    assert "--cursist a --cursist b" in _make_n("CURSIST=a b")


@pytest.mark.parametrize("path", ["submitted/jan/mkba/mkba-opdracht.ipynb", "autograded/jan/mkba/x.ipynb",
                                  "feedback/jan/mkba/x.html", "feedback/mkba-import.txt",
                                  "imports/mkba/deelnemers.csv", "reports/mkba-overzicht.csv", "gradebook.db",
                                  ".nbgrader.log", "grades.csv", "downloads/canvas.zip", "mkba-submissions.zip"])
def test_learner_data_stays_out_of_git(path: str) -> None:
    result = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "--no-index", path], timeout=60)
    assert result.returncode == 0, f"{path} would enter git"
