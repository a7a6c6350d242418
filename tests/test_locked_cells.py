"""Locked and test cells (``grading/locked_cells.py``): what a learner deleted comes back,
what a learner changed is named, and nbgrader no longer warns about honest learners.

The unit tests run on every assignment (``tests/discovery.py``), on its released notebook
with the model answers filled in, as an honest learner hands it in. The slow test grades
the MKBA assignment for real (intake, then ``nbgrader autograde`` in the sandbox): a
deleted test cell scores its points with the model answers and nothing with a wrong one,
a test cell replaced by ``pass`` is graded with the original test, and only the learner
who changed a cell leaves a checksum warning in the log.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader import utils
from nbgrader.converters import Autograde
from nbgrader.preprocessors import OverwriteCells
from traitlets.config.loader import PyFileConfigLoader

from grading import intake, locked_cells
from grading.locked_cells import QuietOverwriteCells, grade_id
from tests import discovery
from tests.grading_helpers import (
    ROOT,
    fill_in,
    hand_in,
    meta,
    nbgrader_env,
    notebook_name,
    prepare_course,
    run_nbgrader,
    source_notebook,
    test_cells,
)

ASSIGNMENTS = discovery.assignments()


def _release(assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "exercises" / assignment / f"{notebook_name(assignment)}.ipynb", as_version=4)


def _honest(assignment: str) -> nbformat.NotebookNode:
    return fill_in(_release(assignment), source_notebook(assignment))


def _without(nb: nbformat.NotebookNode, *ids: str) -> nbformat.NotebookNode:
    copy = nbformat.from_dict(nb)
    copy.cells = [c for c in copy.cells if grade_id(c) not in ids]
    assert len(copy.cells) == len(nb.cells) - len(ids), f"not every one of {ids} is in the notebook"
    return copy


def _cell(nb: nbformat.NotebookNode, gid: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if grade_id(c) == gid)


def _shape(nb: nbformat.NotebookNode) -> list[str]:
    """The notebook's cells as grade ids, and the first line of each cell without one."""
    return [grade_id(c) or c.source.split("\n")[0] for c in nb.cells]


def _kinds(release: nbformat.NotebookNode) -> dict[str, str]:
    """One cell of each kind a learner can delete, by kind."""
    cells = [c for c in release.cells if grade_id(c)]
    locked = [c for c in cells if meta(c).get("locked") and not meta(c).get("grade")]
    return {
        "bovenste cel": grade_id(release.cells[0]),
        "test": grade_id(test_cells(release)[0]),
        "tekst": grade_id(next(c for c in locked[1:] if c.cell_type == "markdown")),
        "code": grade_id(next(c for c in locked if c.cell_type == "code")),
        "antwoord": grade_id(next(c for c in cells if meta(c).get("solution") and c.cell_type == "code")),
    }


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_an_honest_notebook_misses_nothing_and_changed_nothing(assignment: str) -> None:
    learner, release = _honest(assignment), _release(assignment)
    before = nbformat.writes(learner)
    assert locked_cells.missing_cells(learner, release) == []
    assert locked_cells.changed_cells(learner, release) == []
    assert locked_cells.restore_missing(learner, release, "kopie.ipynb") == ([], {})
    assert nbformat.writes(learner) == before


@pytest.mark.parametrize("kind", ["bovenste cel", "test", "tekst", "code", "antwoord", "alle"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_deleted_cell_comes_back_as_released_where_it_was(assignment: str, kind: str) -> None:
    release, honest = _release(assignment), _honest(assignment)
    kinds = _kinds(release)
    deleted = list(kinds.values()) if kind == "alle" else [kinds[kind]]
    if kind == "alle":  # and a cell whose neighbour is gone as well: the test after the answer
        deleted.append(grade_id(next(c for c in test_cells(release)
                                     if grade_id(c) not in deleted)))
    learner = _without(honest, *deleted)

    restored, kept_out = locked_cells.restore_missing(learner, release, ".niet-nagekeken/kopie.ipynb")

    assert sorted(restored) == sorted(deleted) and kept_out == {}
    assert _shape(learner) == _shape(release), "every cell is back in its place"
    for gid in deleted:
        cell, released = _cell(learner, gid), _cell(release, gid)
        assert cell.source == released.source, "as released (an answer cell: the empty stub)"
        assert cell.metadata["nbgrader"] == released.metadata["nbgrader"], "with the release's checksum"
        assert cell.metadata[locked_cells.RESTORED_KEY] == {"original": ".niet-nagekeken/kopie.ipynb"}
    assert [c for c in learner.cells if grade_id(c) not in deleted] == \
        [c for c in honest.cells if grade_id(c) not in deleted], "the learner's own cells are untouched"
    nbformat.validate(learner)
    assert locked_cells.restored_cells(learner).keys() == set(deleted)
    assert locked_cells.missing_cells(learner, release) == []
    assert locked_cells.changed_cells(learner, release) == []
    # Once more (make grade run twice): nothing to add.
    assert locked_cells.restore_missing(learner, release, "nog een kopie.ipynb") == ([], {})
    assert _shape(learner) == _shape(release)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_restored_cell_keeps_the_cell_ids_valid(assignment: str) -> None:
    release = _release(assignment)
    gid = _kinds(release)["test"]
    old = _without(_honest(assignment), gid)
    old.nbformat_minor = 4  # before cell ids (nbformat 4.5)
    for cell in old.cells:
        cell.pop("id", None)
    locked_cells.restore_missing(old, release, "kopie.ipynb")
    assert "id" not in _cell(old, gid)
    nbformat.validate(old)

    clash = _without(_honest(assignment), gid)
    clash.cells[0]["id"] = _cell(release, gid)["id"]
    locked_cells.restore_missing(clash, release, "kopie.ipynb")
    ids = [c["id"] for c in clash.cells]
    assert len(set(ids)) == len(ids)
    nbformat.validate(clash)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_an_answer_stub_never_replaces_an_answer_the_learner_wrote_elsewhere(assignment: str) -> None:
    release, source = _release(assignment), source_notebook(assignment)
    answer = next(c for c in release.cells if meta(c).get("solution") and c.cell_type == "code"
                  and any(isinstance(n, ast.FunctionDef) for n in ast.parse(c.source).body))
    gid = grade_id(answer)
    function = next(n.name for n in ast.parse(answer.source).body if isinstance(n, ast.FunctionDef))
    learner = _without(fill_in(release, source), gid)
    own = next(i for i, c in enumerate(learner.cells) if c.cell_type == "code" and grade_id(c) is None)
    learner.cells[own].source = "\n".join(
        line for line in _cell(source, gid).source.split("\n") if "SOLUTION" not in line)

    restored, kept_out = locked_cells.restore_missing(learner, release, "kopie.ipynb")

    assert restored == [] and kept_out == {gid: [function]}
    assert gid not in {grade_id(c) for c in learner.cells}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_only_really_changed_locked_and_test_cells_are_named(assignment: str) -> None:
    release = _release(assignment)
    kinds = _kinds(release)
    learner = _honest(assignment)
    _cell(learner, kinds["test"]).source = "pass"
    _cell(learner, kinds["tekst"]).source += "\n\nDit heb ik erbij gezet."
    _cell(learner, kinds["antwoord"]).source = "# mijn eigen, andere antwoord"
    assert locked_cells.changed_cells(learner, release) == [
        gid for gid in map(grade_id, release.cells) if gid in (kinds["test"], kinds["tekst"])]

    retyped = _honest(assignment)
    cell = _cell(retyped, kinds["tekst"])
    retyped.cells[retyped.cells.index(cell)] = nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata)
    assert locked_cells.changed_cells(retyped, release) == [kinds["tekst"]], "a changed cell type counts"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_last_copy_of_a_duplicated_cell_is_the_one_compared(assignment: str) -> None:
    # nbgrader's DeduplicateIds grades the last cell with a grade id and strips the others.
    release = _release(assignment)
    gid = _kinds(release)["test"]
    learner = _honest(assignment)
    index = learner.cells.index(_cell(learner, gid))
    changed = nbformat.from_dict(learner.cells[index])
    changed.source = "pass"
    learner.cells.insert(index, changed)
    assert locked_cells.changed_cells(learner, release) == []
    learner.cells[index], learner.cells[index + 1] = learner.cells[index + 1], learner.cells[index]
    assert locked_cells.changed_cells(learner, release) == [gid]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_label_says_what_the_cell_is_and_where(assignment: str) -> None:
    release = _release(assignment)
    kinds = _kinds(release)
    assert re.fullmatch(rf"{kinds['test']} \(test bij Deel [A-Z]\)", locked_cells.cell_label(release, kinds["test"]))
    assert re.fullmatch(rf"{kinds['antwoord']} \(antwoordcel bij Deel [A-Z]\)",
                        locked_cells.cell_label(release, kinds["antwoord"]))
    assert locked_cells.cell_label(release, kinds["bovenste cel"]).endswith("(tekst bovenaan)")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_gradebook_cell_without_its_hidden_tests_is_the_released_cell(assignment: str) -> None:
    # What QuietOverwriteCells relies on: a learner's untouched cell is exactly this.
    source, release = source_notebook(assignment), _release(assignment)
    hidden = 0
    for cell in source.cells:
        if locked_cells.is_protected(cell):
            released = _cell(release, grade_id(cell)).source
            assert locked_cells.release_version(cell.source) == released, grade_id(cell)
            hidden += released != cell.source
    assert hidden == len(test_cells(source)), "every test cell has hidden tests (what made nbgrader warn)"


def test_autograde_restores_flags_first_and_uses_the_quiet_overwrite_in_nbgraders_place() -> None:
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    default = Autograde.class_traits()["sanitize_preprocessors"].default()
    assert OverwriteCells in default
    expected = [locked_cells.RestoreCellFlags] + [
        QuietOverwriteCells if step is OverwriteCells else step for step in default]
    assert list(config.Autograde.sanitize_preprocessors) == expected


# ---------------------------------------------------------------- flags
_TEST = locked_cells.GradedCell("assert x == 1", "code", grade=True, locked=True, points=2.0)
_ANSWER = locked_cells.GradedCell("x = 1", "code", solution=True)


def _flagged(meta: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell("assert x == 1", metadata={"nbgrader": {"grade_id": "t", **meta}})


@pytest.mark.parametrize("meta, changed", [
    ({"grade": True, "locked": True, "solution": False, "points": 2}, []),
    ({"grade": True, "locked": True, "solution": False, "points": 2.0, "task": False}, []),
    ({"grade": False, "locked": True, "solution": False, "points": 2}, ["grade"]),
    ({"grade": True, "locked": True, "solution": True, "points": 2}, ["solution"]),
    ({"grade": "ja", "locked": True, "solution": False, "points": 2}, ["grade"]),
    ({"grade": True, "locked": True, "solution": False, "points": "veel"}, ["points"]),
    ({"grade": True, "locked": True, "solution": False, "points": float("nan")}, ["points"]),
    ({"grade": True, "locked": True, "solution": False}, ["points"]),
    ({"grade": True, "locked": False, "solution": False, "points": 200, "task": True}, ["locked", "task", "points"]),
])
def test_a_test_cells_flags_come_back_as_released(meta, changed) -> None:
    cell = _flagged({**meta, "checksum": "abc"})
    assert locked_cells.restore_flags(cell, _TEST) == changed
    assert cell.metadata.nbgrader == {**_TEST.metadata("t"), "checksum": "abc"}
    assert utils.is_grade(cell) and not utils.is_solution(cell) and utils.is_locked(cell)


def test_an_answer_cell_loses_points_and_locks_it_was_given() -> None:
    cell = _flagged({"solution": False, "grade": True, "locked": True, "points": 50})
    assert locked_cells.restore_flags(cell, _ANSWER) == ["grade", "solution", "locked", "points"]
    assert "points" not in cell.metadata.nbgrader
    assert utils.is_solution(cell) and not utils.is_grade(cell) and not utils.is_locked(cell)


def test_the_released_flags_give_nbgraders_checksum() -> None:
    # What OverwriteCells checks after the flags are back: otherwise "Inconsistent checksums".
    honest = _flagged(_TEST.metadata("t"))
    flipped = _flagged({"grade": False, "solution": True, "locked": False})
    locked_cells.restore_flags(flipped, _TEST)
    assert utils.compute_checksum(flipped) == utils.compute_checksum(honest)


def test_cells_with_metadata_the_assignment_lacks_are_found() -> None:
    nb = nbformat.v4.new_notebook(cells=[
        _flagged(_TEST.metadata("t")),
        nbformat.v4.new_code_cell("y", metadata={"nbgrader": {"grade": True, "grade_id": "nep"}}),
        nbformat.v4.new_code_cell("z", metadata={"nbgrader": {"locked": True}}),
        nbformat.v4.new_code_cell("w"),
    ])
    assert locked_cells.foreign_cells(nb, {"t"}) == [1, 2]
    assert locked_cells.foreign_cells(nb, {"t", None}) == [1, 2], "a cell without an id is never known"


# ---------------------------------------------------------------- graded for real

ASSIGNMENT = "mkba"


def _learner_log(log: str, learner: str) -> str:
    """The autograde log lines about one learner (nbgrader grades them one after another)."""
    found = re.search(rf"Sanitizing \S*/submitted/{re.escape(learner)}/.*?(?=Sanitizing \S*/submitted/|\Z)", log, re.S)
    assert found, f"no autograde log for {learner}"
    return found.group(0)


@pytest.mark.slow
def test_deleted_and_changed_cells_are_graded_with_the_original(tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    assert ASSIGNMENT in ASSIGNMENTS
    mistakes = discovery.mistakes(ASSIGNMENT)
    course = tmp_path
    release_dir, release, source = prepare_course(course, ASSIGNMENT)
    test_id, text_id = "mkba_a_waarde", "mkba_b_opgave"
    assert test_id in mistakes.LOST and mistakes.MISTAKES.get("mkba_a_antwoord")
    honest = fill_in(release, source)
    wrong = fill_in(release, source, {"mkba_a_antwoord": mistakes.MISTAKES["mkba_a_antwoord"].strip()})
    passed = nbformat.from_dict(wrong)
    _cell(passed, test_id).source = "pass"
    submissions = {
        "eerlijk": honest,
        "weg": _without(honest, test_id, text_id),
        "weg_fout": _without(wrong, test_id),
        "pass": passed,
    }
    hand_in(course, ASSIGNMENT, release_dir, submissions)
    notebook = f"{notebook_name(ASSIGNMENT)}.ipynb"
    handed_in = (course / "submitted" / "weg" / ASSIGNMENT / notebook).read_bytes()

    result = subprocess.run([sys.executable, "-m", "grading.intake", ASSIGNMENT], cwd=course,
                            env=nbgrader_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    _, log = run_nbgrader(course, "autograde", ASSIGNMENT)

    report = intake.report_path(course, ASSIGNMENT).read_text(encoding="utf-8")
    kept = f"submitted/weg/{ASSIGNMENT}/{intake.ASIDE}/{notebook_name(ASSIGNMENT)}.origineel.ipynb"
    assert re.search(rf"^weg: ontbrekende cellen: 2 vergrendelde cellen ontbraken en zijn teruggezet: "
                     rf"{test_id} \(test bij Deel A\), {text_id} \(tekst bij Deel B\); "
                     rf"het origineel staat in {re.escape(kept)}\.$", report, re.M), report
    assert (course / kept).read_bytes() == handed_in, "the learner's original is kept as handed in"
    assert re.search(rf"^pass: aangepaste cellen: cel {test_id} \(test bij Deel A\) was aangepast; "
                     "bij het nakijken telt de originele versie\\.$", report, re.M), report
    assert re.findall(r"^eerlijk: (.*)$", report, re.M) == [f"in orde: '{notebook}' wordt nagekeken."]

    points = float(meta(_cell(source, test_id))["points"])
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        def score(learner: str) -> float | None:
            return gradebook.find_grade(test_id, notebook_name(ASSIGNMENT), ASSIGNMENT, learner).auto_score

        assert score("eerlijk") == points
        assert score("weg") == points, "the restored test is graded, and passes with the model answer"
        assert score("weg_fout") == 0.0, "the restored test is graded, and fails with a wrong answer"
        assert score("pass") == 0.0, "graded with the original test, not with 'pass'"

    graded = nbformat.read(course / "autograded" / "weg" / ASSIGNMENT / notebook, as_version=4)
    assert _cell(graded, test_id).source == _cell(source, test_id).source, "with its hidden tests"
    assert _cell(graded, text_id).source == _cell(source, text_id).source

    for learner in ("eerlijk", "weg", "weg_fout"):
        assert "checksum" not in _learner_log(log, learner), f"a checksum warning for {learner}"
    warnings = re.findall(r"WARNING\] Attribute 'checksum' for cell (\S+)", _learner_log(log, "pass"))
    assert warnings == [test_id], "a really changed cell still gets nbgrader's warning"
