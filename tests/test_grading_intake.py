"""The intake (``grading/intake.py``): one broken submission harms no one else.

Unit tests build a small ``submitted/`` tree next to a copy of ``solutions/`` and
``exercises/`` (plus a fake assignment ``anders``, so "another assignment's notebook" is
tested even in a course with one assignment) and check every case of the intake, and that
no learner's file is lost: a learner's notebook is the release with the model answers
filled in, as an honest learner hands it in; deleted cells are put back (the original
kept), changed locked or test cells get one note per learner
(the cells themselves: ``tests/test_locked_cells.py``).
The end-to-end test hands in a victim, a renamed notebook and broken submissions for the
first assignment, runs the intake, ``nbgrader autograde`` and ``generate_feedback`` as
``make grade`` does, and checks that the victim and the renamed learner are fully graded
and get feedback, and that the report names every broken learner.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grading import intake, resubmit, sandbox
from grading.locked_cells import grade_id
from tests.grading_helpers import (
    ASSIGNMENTS,
    ROOT,
    fill_in,
    hand_in,
    meta,
    nbgrader_env,
    notebook_name,
    points,
    prepare_course,
    source_notebook,
    test_cells,
)

ASSIGNMENT = ASSIGNMENTS[0]
NOTEBOOK = f"{notebook_name(ASSIGNMENT)}.ipynb"
OTHER = "anders"


def _other_notebook() -> nbformat.NotebookNode:
    cell = new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "task": False,
        "grade_id": f"{OTHER}_a_antwoord", "schema_version": 3}})
    return new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                "language": "python"}})


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course folder with the real solutions/ and a fake second assignment."""
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (tmp_path / "solutions" / OTHER).mkdir()
    nbformat.write(_other_notebook(), tmp_path / "solutions" / OTHER / f"{OTHER}-opdracht.ipynb")
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (tmp_path / "submitted").mkdir()
    return tmp_path


def _release(course: Path) -> nbformat.NotebookNode:
    return nbformat.read(course / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)


def _model(course: Path) -> nbformat.NotebookNode:
    """The release with the model answers: what an honest learner hands in."""
    return fill_in(_release(course), source_notebook(ASSIGNMENT, course))


def _deleted(course: Path) -> tuple[nbformat.NotebookNode, list[str]]:
    """The model notebook without its first test cell and first part heading."""
    release = _release(course)
    test = grade_id(test_cells(release)[0])
    text = grade_id(next(c for c in release.cells if c.cell_type == "markdown" and meta(c).get("locked")
                         and c.source.startswith("## Deel")))
    nb = _model(course)
    nb.cells = [c for c in nb.cells if grade_id(c) not in (test, text)]
    return nb, sorted([test, text], key=[grade_id(c) for c in release.cells].index)


def _put(course: Path, relative: str, content: nbformat.NotebookNode | str) -> Path:
    path = course / "submitted" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        nbformat.write(content, path)
    return path


def _run(course: Path) -> dict[str, intake.LearnerReport]:
    return {r.learner: r for r in intake.intake(course, ASSIGNMENT)}


def _bookkeeping(path: Path) -> bool:
    """A file the intake writes to track versions (``tests/test_resubmit.py`` checks those)."""
    return path.name in (resubmit.TIMESTAMP, resubmit.RECORD) or resubmit.ARCHIVE in path.parts


def _contents(folder: Path) -> list[str]:
    """Hashes of every file under ``folder`` but the intake's bookkeeping (a multiset: moving
    keeps it, deleting does not)."""
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*")
                  if p.is_file() and not _bookkeeping(p))


def test_the_expected_notebook_is_in_order(course: Path) -> None:
    _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", _model(course))
    report = _run(course)["jan"]
    assert report.statuses == [intake.OK]
    assert report.ok


@pytest.mark.parametrize("name", [f"{notebook_name(ASSIGNMENT)} (1).ipynb", "Opdracht.ipynb"])
def test_a_lone_renamed_notebook_is_copied_to_the_expected_name(course: Path, name: str) -> None:
    original = _put(course, f"jan/{ASSIGNMENT}/{name}", _model(course))
    report = _run(course)["jan"]
    assert report.statuses == [intake.RENAMED]
    assert name in report.findings[0].message
    copy = original.parent / NOTEBOOK
    assert original.is_file(), "the original must be kept"
    assert copy.read_bytes() == original.read_bytes()
    # Run again (make grade twice): its own copy is not a second candidate.
    assert _run(course)["jan"].statuses == [intake.OK]


def test_several_notebooks_are_reported_and_nothing_is_guessed(course: Path) -> None:
    model = _model(course)
    _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", model)
    changed = nbformat.from_dict(model)
    changed.cells[0].source += "\n\nnog een versie"
    _put(course, f"jan/{ASSIGNMENT}/kopie.ipynb", changed)
    _put(course, f"piet/{ASSIGNMENT}/versie1.ipynb", model)
    _put(course, f"piet/{ASSIGNMENT}/versie2.ipynb", changed)
    before = {p: p.read_bytes() for p in (course / "submitted").rglob("*") if p.is_file()}
    reports = _run(course)
    for learner in ("jan", "piet"):
        assert reports[learner].statuses == [intake.SEVERAL]
        assert "Houd er één over" in reports[learner].findings[0].action
    assert "kopie.ipynb" in reports["jan"].findings[0].message
    assert "versie1.ipynb" in reports["piet"].findings[0].message
    after = {p: p.read_bytes() for p in (course / "submitted").rglob("*") if p.is_file()}
    assert after == before, "with several notebooks nothing is copied or moved"


@pytest.mark.parametrize("content", ["", "{ dit is geen json", '{"a": 1}', "[]"],
                         ids=["leeg", "geen-json", "json-geen-notebook", "lijst"])
def test_an_unreadable_notebook_is_moved_aside(course: Path, content: str) -> None:
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", content)
    report = _run(course)["jan"]
    assert report.statuses == [intake.UNREADABLE]
    assert "opnieuw in te leveren" in report.findings[0].action
    assert not path.exists(), "nbgrader must not see it"
    moved = path.parent / intake.ASIDE / NOTEBOOK
    assert moved.read_text(encoding="utf-8") == content


def test_moving_aside_never_overwrites(course: Path) -> None:
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", "")
    _run(course)
    _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", "{ tweede poging")
    _run(course)
    aside = sorted(p.read_text() for p in (path.parent / intake.ASIDE).iterdir())
    assert aside == ["", "{ tweede poging"]


def test_another_assignments_notebook_is_moved_aside(course: Path) -> None:
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", _other_notebook())
    blank = _put(course, f"piet/{ASSIGNMENT}/{NOTEBOOK}", new_notebook())
    reports = _run(course)
    assert reports["jan"].statuses == [intake.OTHER]
    assert f"'{OTHER}'" in reports["jan"].findings[0].message
    assert reports["piet"].statuses == [intake.OTHER], "a notebook without grade ids is not this assignment"
    for moved in (path, blank):
        assert not moved.exists()
        assert (moved.parent / intake.ASIDE / NOTEBOOK).is_file()


@pytest.mark.parametrize("where", [NOTEBOOK, f"Downloads/{NOTEBOOK}", f"{ASSIGNMENT}/{ASSIGNMENT}/{NOTEBOOK}",
                                   "Downloads/Untitled.ipynb"])
def test_a_notebook_in_the_wrong_place_is_reported_not_moved(course: Path, where: str) -> None:
    path = _put(course, f"jan/{where}", _model(course))
    report = _run(course)["jan"]
    assert intake.MISPLACED in report.statuses
    finding = report.findings[report.statuses.index(intake.MISPLACED)]
    assert f"submitted/jan/{where}" in finding.message
    assert f"submitted/jan/{ASSIGNMENT}/" in finding.action and NOTEBOOK in finding.action
    assert path.is_file(), "a misplaced notebook is not moved"


def test_another_assignments_folder_is_not_the_wrong_place(course: Path) -> None:
    _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", _model(course))
    _put(course, f"jan/{OTHER}/{OTHER}-opdracht.ipynb", _other_notebook())
    assert _run(course)["jan"].statuses == [intake.OK]


def test_invalid_and_duplicate_learner_names_are_reported(course: Path) -> None:
    for learner in ("Jan", "jan", "Piet Jansen", "klaas"):
        _put(course, f"{learner}/{ASSIGNMENT}/{NOTEBOOK}", _model(course))
    reports = _run(course)
    assert reports["Jan"].statuses[0] == intake.DUPLICATE
    assert reports["jan"].statuses[0] == intake.DUPLICATE
    assert "'Jan'" in reports["jan"].findings[0].message
    assert reports["Piet Jansen"].statuses[0] == intake.INVALID_NAME
    assert reports["klaas"].statuses == [intake.OK]


def test_a_learner_without_this_assignment_is_reported(course: Path) -> None:
    _put(course, f"jan/{OTHER}/{OTHER}-opdracht.ipynb", _other_notebook())
    (course / "submitted" / "piet" / ASSIGNMENT).mkdir(parents=True)
    reports = _run(course)
    assert reports["jan"].statuses == [intake.NOTHING]
    assert reports["piet"].statuses == [intake.NOTHING]


def test_the_command_writes_the_report_and_loses_no_file(course: Path) -> None:
    model = _model(course)
    _put(course, f"goed/{ASSIGNMENT}/{NOTEBOOK}", model)
    _put(course, f"leeg/{ASSIGNMENT}/{NOTEBOOK}", "")
    _put(course, f"hernoemd/{ASSIGNMENT}/Opdracht.ipynb", model)
    _put(course, f"verdwaald/{NOTEBOOK}", model)
    before = _contents(course / "submitted")
    result = subprocess.run([sys.executable, "-m", "grading.intake", ASSIGNMENT], cwd=course,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = intake.report_path(course, ASSIGNMENT).read_text(encoding="utf-8")
    assert text in result.stdout
    assert re.search(r"^goed: in orde", text, re.M)
    assert re.search(r"^leeg: kan niet worden gelezen", text, re.M)
    assert re.search(r"^hernoemd: hernoemd", text, re.M)
    assert re.search(r"^verdwaald: verkeerde plek", text, re.M)
    after = _contents(course / "submitted")
    assert set(before) <= set(after) and len(after) == len(before) + 1  # plus the renamed copy


def test_deleted_locked_cells_are_put_back_and_the_original_kept(course: Path) -> None:
    nb, deleted = _deleted(course)
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    handed_in = path.read_bytes()

    report = _run(course)["jan"]

    assert report.statuses == [intake.OK, intake.RESTORED]
    kept = path.parent / intake.ASIDE / f"{notebook_name(ASSIGNMENT)}.origineel.ipynb"
    message = report.findings[1].message
    assert message.startswith("2 vergrendelde cellen ontbraken en zijn teruggezet: ")
    assert all(gid in message for gid in deleted)
    assert message.endswith(f"het origineel staat in submitted/jan/{ASSIGNMENT}/{intake.ASIDE}/{kept.name}.")
    assert kept.read_bytes() == handed_in, "the learner's original, as handed in"
    restored = nbformat.read(path, as_version=4)
    assert [grade_id(c) for c in restored.cells] == [grade_id(c) for c in _release(course).cells]

    # make grade twice: the same report, no second copy, no cell twice.
    again = _run(course)["jan"]
    assert [(f.status, f.message) for f in again.findings] == [(f.status, f.message) for f in report.findings]
    assert [p.name for p in kept.parent.iterdir() if not _bookkeeping(p)] == [kept.name]
    assert nbformat.read(path, as_version=4) == restored


def test_a_new_hand_in_never_overwrites_a_kept_original(course: Path) -> None:
    nb, deleted = _deleted(course)
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    first = path.read_bytes()
    _run(course)
    nb.cells = nb.cells[1:]  # a second hand-in, now without its first cell as well
    _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    second = path.read_bytes()
    report = _run(course)["jan"]
    aside = path.parent / intake.ASIDE
    stem = f"{notebook_name(ASSIGNMENT)}.origineel"
    assert (aside / f"{stem}.ipynb").read_bytes() == first
    assert (aside / f"{stem} (2).ipynb").read_bytes() == second
    assert f"{stem} (2).ipynb" in report.findings[1].message
    assert report.findings[1].message.startswith("3 vergrendelde cellen")


def test_a_deleted_answer_cell_comes_back_empty_and_the_trainer_is_told(course: Path) -> None:
    release = _release(course)
    answer = next(c for c in release.cells if meta(c).get("solution"))
    nb = _model(course)
    nb.cells = [c for c in nb.cells if grade_id(c) != grade_id(answer)]
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    report = _run(course)["jan"]
    assert report.statuses == [intake.OK, intake.RESTORED]
    assert f"{grade_id(answer)} (antwoordcel bij " in report.findings[1].message
    assert ", leeg)" in report.findings[1].message
    assert "in het origineel" in report.findings[1].action
    restored = nbformat.read(path, as_version=4)
    assert next(c for c in restored.cells if grade_id(c) == grade_id(answer)).source == answer.source


def test_a_renamed_notebook_with_deleted_cells_stays_one_notebook(course: Path) -> None:
    nb, deleted = _deleted(course)
    original = _put(course, f"jan/{ASSIGNMENT}/Opdracht.ipynb", nb)
    assert _run(course)["jan"].statuses == [intake.RENAMED, intake.RESTORED]
    # Run again: the renamed original equals the kept original, so it is no second notebook.
    assert _run(course)["jan"].statuses == [intake.OK, intake.RESTORED]
    assert original.is_file()


def test_a_changed_test_cell_gets_one_note_and_the_notebook_is_untouched(course: Path) -> None:
    release = _release(course)
    test = grade_id(test_cells(release)[0])
    text = grade_id(next(c for c in release.cells if c.cell_type == "markdown" and meta(c).get("locked")
                         and c.source.startswith("## Deel")))
    nb = _model(course)
    for cell in nb.cells:
        if grade_id(cell) == test:
            cell.source = "pass"
        elif grade_id(cell) == text:
            cell.source += "\n\nMijn aantekening."
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    _put(course, f"piet/{ASSIGNMENT}/{NOTEBOOK}", _model(course))
    before = path.read_bytes()
    reports = _run(course)
    assert reports["jan"].statuses == [intake.OK, intake.CHANGED]
    message = reports["jan"].findings[1].message
    assert message.startswith("2 cellen waren aangepast: ")
    assert message.endswith("; bij het nakijken telt de originele versie.")
    assert test in message and text in message
    assert path.read_bytes() == before, "nbgrader grades with the original; the learner's file stays as it is"
    assert all(_bookkeeping(p) for p in (path.parent / intake.ASIDE).iterdir())
    assert reports["piet"].statuses == [intake.OK], "an honest learner gets no note"


def test_changed_grading_flags_are_named_and_an_answer_keeps_its_text(course: Path) -> None:
    release = _release(course)
    test = grade_id(test_cells(release)[0])
    answer = grade_id(next(c for c in release.cells if meta(c).get("solution") and c.cell_type == "code"))
    nb = _model(course)
    for cell in nb.cells:
        if grade_id(cell) == test:
            cell.metadata["nbgrader"]["points"] = 1000
        elif grade_id(cell) == answer:
            cell.metadata["nbgrader"].update(solution=False, locked=True)
    _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    report = _run(course)["jan"]
    assert report.statuses == [intake.OK, intake.CHANGED]
    message = report.findings[1].message
    assert message.startswith("2 cellen waren aangepast: ") and test in message and answer in message
    assert message.endswith("(van een antwoordcel alleen de nakijkinstellingen, het antwoord telt).")


def test_a_cell_the_learner_marked_as_graded_is_named_by_its_number(course: Path) -> None:
    nb = _model(course)
    nb.cells.insert(2, new_code_cell("x = 1", metadata={"nbgrader": {"grade": True, "grade_id": "nep", "points": 9}}))
    nb.cells.insert(4, new_code_cell("y = 2", metadata={"nbgrader": {"locked": True}}))
    _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    report = _run(course)["jan"]
    assert report.statuses == [intake.OK, intake.CHANGED]
    assert report.findings[1].message == (
        "cellen 3, 5 zijn door de cursist als nakijkcel gemarkeerd, maar horen niet bij de opdracht; "
        "bij het nakijken tellen ze als gewone code van de cursist.")


def test_without_a_release_the_cells_are_not_checked_and_the_report_says_so(
        course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    nb, _ = _deleted(course)
    shutil.rmtree(course / "exercises")
    path = _put(course, f"jan/{ASSIGNMENT}/{NOTEBOOK}", nb)
    before = path.read_bytes()
    monkeypatch.chdir(course)
    assert intake.main([ASSIGNMENT]) == 0
    text = intake.report_path(course, ASSIGNMENT).read_text(encoding="utf-8")
    assert re.search(r"^jan: in orde", text, re.M)
    assert f"Let op: geen vrijgegeven versie van {NOTEBOOK}" in text
    assert path.read_bytes() == before


def test_an_unknown_assignment_is_refused(course: Path) -> None:
    assert intake.main(["bestaat-niet"]) == 2


def test_make_grade_runs_the_intake_and_goes_on_after_a_failed_autograde() -> None:
    recipe = re.search(r"^grade:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    lines = [line.strip() for line in recipe.splitlines()]
    intake_line = next(i for i, line in enumerate(lines) if "grading.intake $(MODULE)" in line)
    # grading.parallel autogrades and writes the feedback, learner by learner.
    grading = next(i for i, line in enumerate(lines) if "grading.parallel $(MODULE)" in line)
    report = next(i for i, line in enumerate(lines) if "grading.report $(MODULE)" in line)
    generate = next(i for i, line in enumerate(lines) if "generate_assignment" in line)
    assert generate < intake_line < grading < report
    assert "||" in lines[grading] or lines[grading].startswith("-")
    assert not any("nbgrader autograde" in line for line in lines)


# ---------------------------------------------------------------- end to end

needs_sandbox = pytest.mark.skipif(
    sandbox.sandbox_problem() is not None and os.environ.get("CI") != "true",
    reason="the grading sandbox cannot start here (CI installs bubblewrap and runs this)",
)


@needs_sandbox
def test_broken_submissions_cost_no_one_else_anything(tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    course = tmp_path
    release_dir, release, source = prepare_course(course, ASSIGNMENT)
    model = fill_in(release, source)
    hand_in(course, ASSIGNMENT, release_dir, {"slachtoffer": model, "hernoemd": model, "leeg": model,
                                              "kapot": model, "verdwaald": model, "anders": model})
    submitted = course / "submitted"
    (submitted / "hernoemd" / ASSIGNMENT / NOTEBOOK).rename(
        submitted / "hernoemd" / ASSIGNMENT / f"{notebook_name(ASSIGNMENT)} (1).ipynb")
    (submitted / "leeg" / ASSIGNMENT / NOTEBOOK).write_text("")
    (submitted / "kapot" / ASSIGNMENT / NOTEBOOK).write_text('{"cells": [')
    nested = submitted / "verdwaald" / ASSIGNMENT / ASSIGNMENT
    nested.mkdir()
    (submitted / "verdwaald" / ASSIGNMENT / NOTEBOOK).rename(nested / NOTEBOOK)
    other = next((a for a in ASSIGNMENTS if a != ASSIGNMENT), None)
    foreign = source_notebook(other, course) if other else _other_notebook()
    nbformat.write(foreign, submitted / "anders" / ASSIGNMENT / NOTEBOOK)
    before = _contents(submitted)

    result = subprocess.run([sys.executable, "-m", "grading.intake", ASSIGNMENT], cwd=course,
                            env=nbgrader_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # As make grade runs it; it may exit non-zero for a learner whose notebook was moved aside.
    graded = subprocess.run([sys.executable, "-m", "grading.parallel", ASSIGNMENT], cwd=course,
                            env=nbgrader_env(), capture_output=True, text=True, timeout=600)
    log = graded.stdout + graded.stderr + (course / "feedback" / f"{ASSIGNMENT}-nakijklog.txt").read_text()

    full = sum(points(source).values())
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for learner in ("slachtoffer", "hernoemd"):
            submission = gradebook.find_submission_notebook(notebook_name(ASSIGNMENT), ASSIGNMENT, learner)
            score = sum(g.auto_score or 0.0 for g in submission.grades if g.auto_score is not None)
            assert score == pytest.approx(full), f"{learner} lost points:\n{log[-3000:]}"
            page = course / "feedback" / learner / ASSIGNMENT / f"{notebook_name(ASSIGNMENT)}.html"
            assert page.is_file(), f"no feedback for {learner}:\n{log[-3000:]}"

    text = intake.report_path(course, ASSIGNMENT).read_text(encoding="utf-8")
    expected = {"leeg": "kan niet worden gelezen", "kapot": "kan niet worden gelezen",
                "verdwaald": "verkeerde plek", "anders": "andere opdracht", "hernoemd": "hernoemd",
                "slachtoffer": "in orde"}
    for learner, reason in expected.items():
        assert re.search(rf"^{learner}: {reason}", text, re.M), f"{learner} not reported as {reason}:\n{text}"
    if other:
        assert f"'{other}'" in text

    after = _contents(submitted)
    missing = [h for h in set(before) if before.count(h) > after.count(h)]
    assert not missing, "a learner's file was lost"
