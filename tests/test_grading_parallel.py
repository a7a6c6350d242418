"""Grading a group in parallel (``grading/parallel.py``): what nbgrader does, only sooner.

The end-to-end tests hand in one small mixed class of the MKBA assignment twice, in two
copies of the course: one graded with plain ``nbgrader autograde`` and ``nbgrader
generate_feedback``, the other with ``python -m grading.parallel`` as ``make grade`` runs
it. Every score of every cell and every feedback page must be the same. One learner breaks
the socket the tests' calls use (``grading/bridge.py``): the calls go one cell each, and
the model answers still get every point. Then the parallel
copy is graded again: nobody is graded twice, and a written answer the trainer graded in
the meantime keeps its score; a newer submission is graded again.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading import parallel
from grading.parallel import Outcome, Progress
from tests import discovery
from tests.grading_helpers import fill_in, hand_in, nbgrader_env, needs_sandbox, prepare_course, run_nbgrader

ASSIGNMENT = "mkba"
MISTAKES = discovery.mistakes(ASSIGNMENT).MISTAKES
#: A learner's code that makes every Python socket refuse to connect (the kernel's own
#: sockets are zmq's, not Python's: the notebook still runs).
SOCKET_REFUSED = """import socket


def _weiger(self, *args):
    raise OSError("geen verbinding")


socket.socket.connect = _weiger

"""


# ---------------------------------------------------------------- without grading


def test_the_group_is_every_learner_folder_with_this_assignment(tmp_path: Path) -> None:
    for learner, assignment in (("b", "mkba"), ("a", "mkba"), ("c", "schulden"), (".verborgen", "mkba")):
        (tmp_path / "submitted" / learner / assignment).mkdir(parents=True)
    (tmp_path / "submitted" / "los-bestand.ipynb").write_text("{}")
    assert parallel.learners(tmp_path, "mkba") == ["a", "b"]
    assert parallel.learners(tmp_path, "inclusie") == []
    assert parallel.learners(tmp_path / "nergens", "mkba") == []


def test_two_workers_more_than_cores_and_never_more_than_learners(monkeypatch) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert [parallel.default_workers(n) for n in (1, 2, 3, 40)] == [1, 2, 3, 4]


def test_the_progress_bar_counts_in_dutch_and_estimates_the_time_left() -> None:
    stream = io.StringIO()
    bar = Progress(4, stream, "mkba nakijken")
    assert bar.text() == "mkba nakijken [------------------------] 0/4 cursisten"
    bar.step()
    assert re.fullmatch(r"mkba nakijken \[#{6}-{18}\] 1/4 cursisten · nog ongeveer \d+ s", bar.text())
    for _ in range(3):
        bar.step()
    # Not a terminal: one line per tenth of the group, and the last one.
    assert stream.getvalue().splitlines()[-1] == "mkba nakijken [########################] 4/4 cursisten"
    assert len(stream.getvalue().splitlines()) == 4


def test_the_summary_names_who_failed_and_why_and_says_nothing_is_lost() -> None:
    outcomes = [Outcome("anna", True, 1.0), Outcome("bart", True, 0.1, skipped=True),
                Outcome("cor", False, 2.0, error="OperationalError: database is locked"),
                Outcome("dirk", True, 1.0, log="[WARNING] Test cell mkba_a_waarde could not be checked\n"
                                               "[WARNING] Config option `display_data_priority` not recognized\n")]
    text = parallel.summary(outcomes, 8.0, 3)
    assert "2 cursisten nagekeken, met feedback, in 8 s (2,00 s per cursist, 3 tegelijk)." in text
    assert "1 cursist was al nagekeken" in text and "blijven staan" in text
    assert "Let op bij dirk: Test cell mkba_a_waarde could not be checked" in text
    assert "display_data_priority" not in text
    assert "Niet gelukt bij 1 cursist;" in text and "er is niets verloren" in text
    assert "  - cor: OperationalError: database is locked" in text


def test_nothing_to_grade_is_said_and_is_no_failure(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert parallel.main(["mkba"]) == 0
    assert "Geen inzendingen voor mkba in submitted/" in capsys.readouterr().err


# ---------------------------------------------------------------- a class, two ways


def _scores(root: Path) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {(submission.student.id, grade.name): (grade.auto_score, grade.manual_score)
                for submission in gradebook.assignment_submissions(ASSIGNMENT)
                for notebook in submission.notebooks for grade in notebook.grades}


def _feedback(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): path.read_text(encoding="utf-8")
            for path in sorted((root / "feedback").rglob("*.html"))}


def _run(root: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=root, env=nbgrader_env(),
                          capture_output=True, text=True, timeout=900)


def _grade_parallel(root: Path) -> subprocess.CompletedProcess:
    """What make grade runs after generate_assignment: the intake, then the parallel grader."""
    intake = _run(root, "grading.intake", ASSIGNMENT)
    assert intake.returncode == 0, intake.stdout + intake.stderr
    return _run(root, "grading.parallel", ASSIGNMENT, "--workers", "3")


def _model_answer(source: nbformat.NotebookNode, grade_id: str) -> str:
    from tests.grading_helpers import meta, solution_text

    return next(solution_text(cell) for cell in source.cells if meta(cell).get("grade_id") == grade_id)


@pytest.fixture(scope="module")
def two_ways(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    plain = tmp_path_factory.mktemp("gewoon")
    release_dir, release, source = prepare_course(plain, ASSIGNMENT)
    model = fill_in(release, source)
    klas = {
        "model1": model, "model2": model, "leeg": release,
        "fouten": fill_in(release, source, {k: v.strip() for k, v in MISTAKES.items()}),
        "half": fill_in(release, source, {"mkba_a_antwoord": MISTAKES["mkba_a_antwoord"].strip()}),
        # Breaks the socket the tests' calls go through: they must go one cell each instead.
        "geen_socket": fill_in(release, source, {"mkba_a_antwoord": SOCKET_REFUSED
                                                 + _model_answer(source, "mkba_a_antwoord")}),
        # Removes the codec the kernel keeps after part A's tests: the bridge sends it again.
        # (Reaching into sys.modules costs the write-it-yourself checks, as it should.)
        "geen_codec": fill_in(release, source, {"mkba_b_antwoord": _model_answer(source, "mkba_b_antwoord")
                                                + "\n\nimport sys\nsys.modules.pop('_asd_waarden', None)\n"}),
    }
    hand_in(plain, ASSIGNMENT, release_dir, klas)
    fast = tmp_path_factory.mktemp("parallel")
    shutil.copytree(plain, fast, dirs_exist_ok=True)
    assert _run(plain, "grading.intake", ASSIGNMENT).returncode == 0
    run_nbgrader(plain, "autograde", ASSIGNMENT)
    run_nbgrader(plain, "generate_feedback", ASSIGNMENT)
    result = _grade_parallel(fast)
    return plain, fast, result


@needs_sandbox
def test_the_parallel_grader_gives_every_cell_the_score_plain_nbgrader_gives(two_ways) -> None:
    plain, fast, result = two_ways
    assert result.returncode == 0, result.stdout + result.stderr
    scores = _scores(fast)
    assert scores == _scores(plain)
    assert {learner for learner, _ in scores} == {"model1", "model2", "leeg", "fouten", "half", "geen_socket", "geen_codec"}
    # The class is mixed: not every learner has the same total.
    totals = {}
    for (learner, _), (auto, manual) in scores.items():
        totals[learner] = totals.get(learner, 0.0) + (manual if manual is not None else auto or 0.0)
    assert totals["model1"] == totals["model2"] == totals["geen_socket"] > totals["half"] > totals["leeg"]


@needs_sandbox
def test_the_parallel_grader_writes_the_feedback_plain_nbgrader_writes(two_ways) -> None:
    plain, fast, _ = two_ways
    pages = _feedback(fast)
    assert len(pages) == 7
    assert pages == _feedback(plain)


@needs_sandbox
def test_the_trainer_sees_a_summary_a_progress_bar_and_a_log(two_ways) -> None:
    _, fast, result = two_ways
    assert "7 cursisten nagekeken, met feedback" in result.stdout
    assert "mkba nakijken [########################] 7/7 cursisten" in result.stderr
    log = (fast / "feedback" / f"{ASSIGNMENT}-nakijklog.txt").read_text(encoding="utf-8")
    assert all(f"===== {learner} (in orde)" in log for learner in ("model1", "leeg", "half"))


@needs_sandbox
def test_grading_again_keeps_a_written_grade_and_regrades_only_a_newer_submission(two_ways) -> None:
    _, fast, _ = two_ways
    notebook = Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem
    with Gradebook(f"sqlite:///{fast / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade("mkba_f_advies", notebook, ASSIGNMENT, "model1")
        grade.manual_score, grade.needs_manual_grade = 4.0, False
        gradebook.db.commit()
    # "half" hands in again, now with the model answers; the intake sees the new version.
    folder = fast / "submitted" / "half" / ASSIGNMENT
    model = nbformat.read(fast / "submitted" / "model1" / ASSIGNMENT / f"{notebook}.ipynb", as_version=4)
    nbformat.write(model, folder / f"{notebook}.ipynb")
    before = _scores(fast)

    result = _grade_parallel(fast)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 cursist nagekeken" in result.stdout and "6 cursisten waren al nagekeken" in result.stdout
    after = _scores(fast)
    assert after[("model1", "mkba_f_advies")] == (before[("model1", "mkba_f_advies")][0], 4.0)
    assert {k: v for k, v in after.items() if k[0] != "half"} == {k: v for k, v in before.items() if k[0] != "half"}
    assert after[("half", "mkba_a_waarde")] == after[("model2", "mkba_a_waarde")] != before[("half", "mkba_a_waarde")]


@needs_sandbox
def test_a_learner_that_cannot_be_graded_is_named_and_stops_no_one_else(tmp_path: Path) -> None:
    release_dir, release, source = prepare_course(tmp_path, ASSIGNMENT)
    hand_in(tmp_path, ASSIGNMENT, release_dir, {"goed": fill_in(release, source), "kapot": release})
    notebook = Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem
    # Without the intake (which would move it aside): not a notebook at all.
    (tmp_path / "submitted" / "kapot" / ASSIGNMENT / f"{notebook}.ipynb").write_text('{"cells": [')

    result = _run(tmp_path, "grading.parallel", ASSIGNMENT)

    assert result.returncode == 1
    assert "1 cursist nagekeken" in result.stdout
    assert re.search(r"^  - kapot: .+", result.stdout, re.M), result.stdout
    assert (tmp_path / "feedback" / "goed" / ASSIGNMENT / f"{notebook}.html").is_file()
    assert (tmp_path / "submitted" / "kapot" / ASSIGNMENT / f"{notebook}.ipynb").read_text() == '{"cells": ['


@needs_sandbox
def test_a_kernel_that_lost_the_codec_is_sent_it_again_and_every_call_is_answered(two_ways) -> None:
    notebook = f"{Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem}.ipynb"
    for root in two_ways[:2]:
        graded = nbformat.read(root / "autograded" / "geen_codec" / ASSIGNMENT / notebook, as_version=4)
        errors = [output.evalue for cell in graded.cells if cell.cell_type == "code"
                  for output in cell.get("outputs", []) if output.get("output_type") == "error"]
        # Only the write-it-yourself checks fail (the learner reached into sys.modules);
        # every test of part B and later got its answers from the kernel.
        assert errors and all("gebruikt modules.mkba" in error for error in errors), errors


@needs_sandbox
def test_no_graded_notebook_holds_the_bridge_code_in_place_of_its_own_cells(two_ways) -> None:
    # "geen_socket" makes the tests' calls go one notebook cell each (the fallback).
    notebook = f"{Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem}.ipynb"
    for root in two_ways[:2]:
        for folder in sorted((root / "autograded").iterdir()):
            handed_in = nbformat.read(root / "submitted" / folder.name / ASSIGNMENT / notebook, as_version=4)
            graded = nbformat.read(folder / ASSIGNMENT / notebook, as_version=4)
            assert [(c.cell_type, c.get("id")) for c in graded.cells] == \
                [(c.cell_type, c.get("id")) for c in handed_in.cells], folder.name
            assert not any("_codec" in cell.source for cell in graded.cells), folder.name


# ---------------------------------------------------------------- the grades export


def _export(root: Path) -> list[dict[str, str]]:
    import csv

    run_nbgrader(root, "export", "--assignment", ASSIGNMENT, "--to", f"reports/{ASSIGNMENT}-cijfers.csv")
    text = (root / "reports" / f"{ASSIGNMENT}-cijfers.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@needs_sandbox
def test_the_grades_export_says_per_learner_whether_they_passed_in_dutch(two_ways) -> None:
    from grading.export import COLUMNS

    plain = two_ways[0]
    notebook = Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem
    with Gradebook(f"sqlite:///{plain / 'gradebook.db'}") as gradebook:
        # model2's written answer graded (as in the formgrader); a learner who handed in nothing.
        grade = gradebook.find_grade("mkba_f_advies", notebook, ASSIGNMENT, "model2")
        grade.manual_score, grade.needs_manual_grade = 5.0, False
        gradebook.add_student("afwezig")
        gradebook.db.commit()
        maximum = float(gradebook.find_assignment(ASSIGNMENT).max_score)
    rows = {row["cursist"]: row for row in _export(plain)}
    assert list(next(iter(rows.values()))) == list(COLUMNS)
    assert set(rows) == {"model1", "model2", "leeg", "fouten", "half", "geen_socket", "geen_codec", "afwezig"}
    scores = _scores(plain)
    model2 = sum(manual if manual is not None else auto or 0.0
                 for (learner, _), (auto, manual) in scores.items() if learner == "model2")
    assert rows["model2"]["punten"] == f"{model2:g}".replace(".", ",") and model2 == 19.0
    assert rows["model2"]["resultaat"] == "voldoende" and rows["model2"]["nog te beoordelen"] == "0"
    assert rows["model2"]["maximum"] == f"{maximum:g}" and rows["model2"]["cesuur"] == "11"
    assert rows["model2"]["percentage"] == "95" and rows["model2"]["te laat"] == "nee"
    # model1's written answer still waits: not a result yet, whatever the autograded points.
    assert (rows["model1"]["resultaat"], rows["model1"]["nog te beoordelen"]) == ("nog niet compleet", "1")
    assert rows["afwezig"]["resultaat"] == "niet ingeleverd" and rows["afwezig"]["punten"] == ""
    assert rows["leeg"]["resultaat"] in ("onvoldoende", "nog niet compleet")
