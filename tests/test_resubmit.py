"""Resubmissions (``grading/resubmit.py`` through ``grading/intake.py``): the newer counts,
the older is kept, a re-run changes nothing.

Unit tests check the timestamp format against nbgrader's own parser, the archive (a copy per
distinct content, never overwritten), the record and the timestamps :func:`resubmit.track`
writes, without nbgrader. The end-to-end test hands in a wrong MKBA answer, grades it, hands
in the model answers instead and checks that ``nbgrader autograde`` grades the new version
(it skipped it before), that the first version is kept, and that running intake and
autograde again changes no file and no score and adds no submission to the gradebook.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import parse_utc

from grading import intake, resubmit, sandbox
from tests.grading_helpers import (
    ASSIGNMENTS,
    fill_in,
    hand_in,
    nbgrader_env,
    notebook_name,
    points,
    prepare_course,
)
from tests.test_grading_intake import _model, _put, _run, course  # noqa: F401 (course is a fixture)

ASSIGNMENT = ASSIGNMENTS[0]
NOTEBOOK = f"{notebook_name(ASSIGNMENT)}.ipynb"
MOMENT = dt.datetime(2026, 11, 26, 8, 41, 3)
LATER = dt.datetime(2026, 11, 27, 9, 0, 0)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time: what "nothing changed" means."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _submission(tmp_path: Path, content: str = '{"versie": 1}') -> tuple[Path, Path, Path]:
    folder = tmp_path / "submitted" / "jan" / ASSIGNMENT
    folder.mkdir(parents=True)
    notebook = folder / NOTEBOOK
    notebook.write_text(content)
    return folder, notebook, tmp_path / "autograded" / "jan" / ASSIGNMENT


def _track(folder: Path, notebook: Path, graded: Path, handed_in: dt.datetime = MOMENT,
           now: dt.datetime = LATER) -> resubmit.Outcome:
    return resubmit.track(folder, [notebook], graded, handed_in, aside=intake.ASIDE, now=now)


def _graded(graded: Path, timestamp: str | None) -> None:
    """What autograde leaves: the folder, with the submission's timestamp.txt if it had one."""
    graded.mkdir(parents=True)
    if timestamp is not None:
        (graded / resubmit.TIMESTAMP).write_text(timestamp)


# ---------------------------------------------------------------- timestamps and archive

@pytest.mark.parametrize("moment", [MOMENT, MOMENT.replace(microsecond=123456),
                                    dt.datetime(2026, 11, 26, 9, 41, 3, tzinfo=dt.timezone(dt.timedelta(hours=1)))])
def test_the_timestamp_is_written_as_nbgrader_reads_it(moment: dt.datetime) -> None:
    text = resubmit.timestamp_text(moment)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC", text)
    expected = moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
    assert parse_utc(text) == expected


def test_an_unreadable_or_empty_timestamp_counts_as_missing(tmp_path: Path) -> None:
    (tmp_path / resubmit.TIMESTAMP).write_text("   ")
    assert resubmit.read_timestamp(tmp_path) is None
    (tmp_path / resubmit.TIMESTAMP).write_text("gisteren rond het middaguur")
    assert resubmit.read_timestamp(tmp_path) is None
    (tmp_path / resubmit.TIMESTAMP).write_text("2026-11-26 08:41:03.000000 UTC")
    assert resubmit.read_timestamp(tmp_path) == MOMENT


def test_the_archive_keeps_each_content_once_and_never_overwrites(tmp_path: Path) -> None:
    notebook = tmp_path / NOTEBOOK
    notebook.write_text("eerste")
    folder = tmp_path / "archief"
    first, written = resubmit.archive(notebook, folder, MOMENT)
    assert written and first.read_text() == "eerste"
    assert first.name == f"{notebook.stem}-2026-11-26T08-41-03Z-{resubmit.file_hash(notebook)[:8]}.ipynb"
    assert resubmit.archive(notebook, folder, LATER) == (first, False), "the same content is kept once"

    notebook.write_text("tweede")
    squatter = folder / f"{notebook.stem}-2026-11-26T08-41-03Z-{resubmit.file_hash(notebook)[:8]}.ipynb"
    squatter.write_text("iets anders met die naam")
    second, written = resubmit.archive(notebook, folder, MOMENT)
    assert written and second != squatter and second.read_text() == "tweede"
    assert squatter.read_text() == "iets anders met die naam", "never overwritten"
    assert first.read_text() == "eerste"


# ---------------------------------------------------------------- track, without nbgrader

def test_a_first_version_is_kept_recorded_and_gets_the_time_it_arrived(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    outcome = _track(folder, notebook, graded)
    assert not outcome.resubmitted and outcome.timestamp_written and not outcome.needs_force
    # The time the notebook arrived, not the (later) intake: an on-time submission stays on time.
    assert resubmit.read_timestamp(folder) == MOMENT
    kept = list((folder / intake.ASIDE / resubmit.ARCHIVE).iterdir())
    assert [p.read_bytes() for p in kept] == [notebook.read_bytes()]
    record = json.loads((folder / intake.ASIDE / resubmit.RECORD).read_text())
    assert record["notebooks"] == {NOTEBOOK: resubmit.file_hash(notebook)}
    assert record["timestamp"] == resubmit.timestamp_text(MOMENT)
    assert len(record["history"]) == 1


def test_a_time_in_the_future_is_capped_at_the_intake(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    _track(folder, notebook, graded, handed_in=LATER + dt.timedelta(days=3))
    assert resubmit.read_timestamp(folder) == LATER


def test_an_existing_timestamp_is_kept(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    (folder / resubmit.TIMESTAMP).write_text("2026-11-20 12:00:00.000000 UTC")
    assert not _track(folder, notebook, graded).timestamp_written
    assert (folder / resubmit.TIMESTAMP).read_text() == "2026-11-20 12:00:00.000000 UTC"


def test_tracking_again_without_a_new_version_changes_nothing(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    _track(folder, notebook, graded)
    _graded(graded, (folder / resubmit.TIMESTAMP).read_text())
    before = _snapshot(tmp_path)
    outcome = _track(folder, notebook, graded, now=LATER + dt.timedelta(days=1))
    assert outcome == resubmit.Outcome(graded_before=True)
    assert _snapshot(tmp_path) == before


def test_a_new_version_of_a_graded_learner_gets_a_newer_timestamp(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    _track(folder, notebook, graded)
    first_copy = next((folder / intake.ASIDE / resubmit.ARCHIVE).iterdir())
    _graded(graded, (folder / resubmit.TIMESTAMP).read_text())
    notebook.write_text('{"versie": 2}')
    # Copied in with its old modification time (cp -p): one second after the graded one.
    outcome = _track(folder, notebook, graded, handed_in=MOMENT - dt.timedelta(hours=1))
    assert outcome.resubmitted and outcome.graded_before and outcome.timestamp_written
    assert outcome.previous == [first_copy]
    assert resubmit.read_timestamp(folder) == MOMENT + dt.timedelta(seconds=1)
    assert resubmit.read_timestamp(folder) > resubmit.read_timestamp(graded)
    assert first_copy.read_text() == '{"versie": 1}'
    assert sorted(p.read_text() for p in first_copy.parent.iterdir()) == ['{"versie": 1}', '{"versie": 2}']
    record = json.loads((folder / intake.ASIDE / resubmit.RECORD).read_text())
    assert record["notebooks"] == {NOTEBOOK: resubmit.file_hash(notebook)}
    assert len(record["history"]) == 2


def test_a_new_version_saved_later_gets_its_own_time(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    _track(folder, notebook, graded)
    _graded(graded, (folder / resubmit.TIMESTAMP).read_text())
    notebook.write_text('{"versie": 2}')
    saved = MOMENT + dt.timedelta(hours=5)
    _track(folder, notebook, graded, handed_in=saved)
    assert resubmit.read_timestamp(folder) == saved


def test_a_newer_timestamp_from_collect_is_kept(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    _track(folder, notebook, graded)
    _graded(graded, (folder / resubmit.TIMESTAMP).read_text())
    notebook.write_text('{"versie": 2}')
    (folder / resubmit.TIMESTAMP).write_text("2026-11-26 20:00:00.000000 UTC")
    outcome = _track(folder, notebook, graded, handed_in=LATER)
    assert outcome.resubmitted and not outcome.timestamp_written
    assert (folder / resubmit.TIMESTAMP).read_text() == "2026-11-26 20:00:00.000000 UTC"


def test_a_new_version_not_yet_graded_keeps_its_timestamp(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    _track(folder, notebook, graded)
    notebook.write_text('{"versie": 2}')
    outcome = _track(folder, notebook, graded, handed_in=LATER)
    assert outcome.resubmitted and not outcome.graded_before and not outcome.timestamp_written
    assert resubmit.read_timestamp(folder) == MOMENT


def test_a_learner_graded_without_timestamps_needs_a_forced_regrade_once(tmp_path: Path) -> None:
    folder, notebook, graded = _submission(tmp_path)
    _graded(graded, None)  # graded before the intake kept records
    assert _track(folder, notebook, graded).needs_force
    assert not _track(folder, notebook, graded).needs_force, "said once"
    notebook.write_text('{"versie": 2}')
    outcome = _track(folder, notebook, graded)
    assert outcome.resubmitted and outcome.needs_force


# ---------------------------------------------------------------- through the intake, without nbgrader

def test_the_intake_writes_a_missing_timestamp_and_reports_a_new_version_once(course: Path) -> None:  # noqa: F811
    model = _model(course)
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", model)
    assert _run(course)["jan"].statuses == [intake.OK]
    timestamp = resubmit.read_timestamp(path.parent)
    assert timestamp == dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).replace(tzinfo=None)
    _graded(course / "autograded" / "jan" / ASSIGNMENT, (path.parent / resubmit.TIMESTAMP).read_text())

    first = path.read_bytes()
    answer = [c for c in model.cells if c.metadata.get("nbgrader", {}).get("solution")][-1]
    answer.source += "\n\nIk heb nog iets toegevoegd."
    nbformat.write(model, path)
    os.utime(path, (0, 0))  # an old modification time (cp -p): it must still count as newer
    report = _run(course)["jan"]
    assert report.statuses == [intake.OK, intake.RESUBMITTED]
    message = report.findings[1].message
    kept = course / "submitted" / "jan" / ASSIGNMENT / intake.ASIDE / resubmit.ARCHIVE
    old = next(p for p in kept.iterdir() if p.read_bytes() == first)
    assert f"de vorige staat in submitted/jan/{ASSIGNMENT}/{intake.ASIDE}/{resubmit.ARCHIVE}/{old.name}." in message
    assert "opnieuw nagekeken" in message and "formgrader" in report.findings[1].action
    assert resubmit.read_timestamp(path.parent) == timestamp + dt.timedelta(seconds=1)

    before = _snapshot(course / "submitted")
    assert _run(course)["jan"].statuses == [intake.OK], "a new version is reported once"
    assert _snapshot(course / "submitted") == before


def test_a_restored_notebook_is_archived_as_graded(course: Path) -> None:  # noqa: F811
    model = _model(course)
    model.cells = model.cells[1:]  # the first (locked) cell deleted: the intake puts it back
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", model)
    assert _run(course)["jan"].statuses == [intake.OK, intake.RESTORED]
    kept = list((path.parent / intake.ASIDE / resubmit.ARCHIVE).iterdir())
    assert [p.read_bytes() for p in kept] == [path.read_bytes()]
    before = _snapshot(course / "submitted")
    assert _run(course)["jan"].statuses == [intake.OK, intake.RESTORED]
    assert _snapshot(course / "submitted") == before


# ---------------------------------------------------------------- end to end

needs_sandbox = pytest.mark.skipif(
    sandbox.sandbox_problem() is not None and os.environ.get("CI") != "true",
    reason="the grading sandbox cannot start here (CI installs bubblewrap and runs this)",
)


def _make_grade(course: Path) -> tuple[str, str]:
    """Intake and autograde, as ``make grade`` runs them; their reports."""
    result = subprocess.run([sys.executable, "-m", "grading.intake", ASSIGNMENT], cwd=course,
                            env=nbgrader_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    graded = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], cwd=course,
                            env=nbgrader_env(), capture_output=True, text=True, timeout=600)
    log = graded.stdout + graded.stderr
    assert graded.returncode == 0, log[-3000:]
    return intake.report_path(course, ASSIGNMENT).read_text(encoding="utf-8"), log


def _gradebook(course: Path) -> dict[str, tuple[float, int, int]]:
    """Per learner: autograded score, number of submissions and of grades in the gradebook."""
    from nbgrader.api import Grade, Gradebook, SubmittedAssignment

    found = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in gradebook.students:
            notebook = gradebook.find_submission_notebook(notebook_name(ASSIGNMENT), ASSIGNMENT, student.id)
            score = sum(g.auto_score for g in notebook.grades if g.auto_score is not None)
            submissions = gradebook.db.query(SubmittedAssignment).filter(
                SubmittedAssignment.student_id == student.id).count()
            grades = sum(1 for g in gradebook.db.query(Grade).all() if g.student.id == student.id)
            found[student.id] = (score, submissions, grades)
    return found


@needs_sandbox
def test_a_resubmission_is_graded_again_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    from tests import discovery

    course = tmp_path
    release_dir, release, source = prepare_course(course, ASSIGNMENT)
    mistakes = discovery.mistakes(ASSIGNMENT)
    wrong = fill_in(release, source, {k: v.strip() for k, v in mistakes.MISTAKES.items()})
    model = fill_in(release, source)
    hand_in(course, ASSIGNMENT, release_dir, {"jan": wrong, "piet": model})
    jan = course / "submitted" / "jan" / ASSIGNMENT
    first = (jan / NOTEBOOK).read_bytes()
    assert not (jan / resubmit.TIMESTAMP).exists(), "handed in by hand, as a trainer does"
    full = sum(points(source).values())

    _, log = _make_grade(course)
    scores = _gradebook(course)
    assert scores["jan"][0] < full and scores["piet"][0] == pytest.approx(full), log[-3000:]
    for learner in ("jan", "piet"):  # the learner without timestamp.txt got one, and autograde kept it
        graded = course / "autograded" / learner / ASSIGNMENT
        assert resubmit.read_timestamp(graded) == resubmit.read_timestamp(graded.parent.parent.parent
                                                                         / "submitted" / learner / ASSIGNMENT)

    nbformat.write(model, jan / NOTEBOOK)  # jan hands in again, now with the model answers
    report, log = _make_grade(course)
    assert re.search(rf"^jan: {intake.RESUBMITTED}: .*opnieuw nagekeken", report, re.M), report
    assert not re.search(rf"^piet: {intake.RESUBMITTED}", report, re.M)
    assert re.search(r"Updating existing assignment: \S*autograded/jan/", log), log[-3000:]
    assert re.search(r"Skipping existing assignment: \S*autograded/piet/", log), log[-3000:]
    scores = _gradebook(course)
    assert scores["jan"][0] == pytest.approx(full), "the newer version counts"
    assert scores["jan"][1:] == scores["piet"][1:] and scores["jan"][1] == 1, "one submission, no duplicate grades"
    kept = sorted((jan / intake.ASIDE / resubmit.ARCHIVE).iterdir())
    assert [p.read_bytes() for p in kept if p.read_bytes() == first], "the first version is kept as handed in"
    assert len(kept) == 2

    submitted, graded = _snapshot(course / "submitted"), _snapshot(course / "autograded")
    report, log = _make_grade(course)
    assert intake.RESUBMITTED not in report
    assert "Updating existing" not in log and len(re.findall("Skipping existing assignment", log)) == 2, log[-3000:]
    assert _gradebook(course) == scores
    assert _snapshot(course / "submitted") == submitted, "no new archive copy, no timestamp change"
    assert _snapshot(course / "autograded") == graded
