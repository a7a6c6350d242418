"""The MKBA assignment survives nbgrader's whole round trip with the scores it should get.

The fast tests check the source notebook's shape (what nbgrader and the feedback rely on).
The slow ones read the gradebook after one ``nbgrader autograde`` run over four
submissions (see ``tests/grading_helpers.py``): the model solution gets every autograded
point, the untouched release gets none and fails only on ``NotImplementedError``, an
endless loop costs one timeout and only its own part, and typical mistakes that pass the
visible checks are caught by the hidden ones.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from tests.grading_helpers import (  # noqa: F401 (graded_course is a fixture)
    ASSIGNMENT,
    INFINITE_LOOP_PART,
    MANUAL_GRADE_ID,
    MANUAL_SCORE,
    MISTAKES,
    NOTEBOOK,
    ROOT,
    GradedCourse,
    graded_course,
)

SOURCE = ROOT / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
CELL_ID = re.compile(r"^mkba_[a-z0-9_]+$")
TEST_ID = re.compile(r"^mkba_[a-z]_[a-z0-9]+$")


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _source() -> nbformat.NotebookNode:
    return nbformat.read(SOURCE, as_version=4)


def _test_cells(nb) -> list:
    return [c for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")]


def _points(nb) -> dict[str, float]:
    """Points of every autograded test cell, by grade id."""
    return {_meta(c)["grade_id"]: float(_meta(c)["points"]) for c in _test_cells(nb)}


def _part(grade_id: str) -> str:
    return grade_id.split("_")[1]


def _grades(course: GradedCourse, student: str) -> dict:
    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
        return {
            "score": submission.score,
            "max_score": submission.max_score,
            "grades": {
                g.name: {"auto": g.auto_score, "manual": g.manual_score,
                         "needs_manual": g.needs_manual_grade, "max": g.max_score}
                for g in submission.grades
            },
        }


# ---------------------------------------------------------------- the source notebook


def test_source_cells_follow_the_grading_conventions():
    nb = _source()
    ids = [_meta(c)["grade_id"] for c in nb.cells if _meta(c)]
    assert len(ids) == len(set(ids)), "grade ids must be unique"
    assert all(CELL_ID.match(i) for i in ids), [i for i in ids if not CELL_ID.match(i)]
    tests = _test_cells(nb)
    # mkba_<part>_<check>: the part letter is how scores are grouped per part.
    assert all(TEST_ID.match(_meta(c)["grade_id"]) for c in tests)
    assert len({_part(_meta(c)["grade_id"]) for c in tests}) >= 4, "at least four autograded parts"
    for cell in tests:
        grade_id = _meta(cell)["grade_id"]
        first, *rest = cell.source.split("\n")
        # The first line is the docstring that learners see in their feedback.
        assert re.fullmatch(r'"""Deel [A-Z]: [^"]+ Tip: [^"]+"""', first), grade_id
        assert ast.get_docstring(ast.parse(cell.source)) == first.strip('"'), grade_id
        assert not re.search(r"assert|Traceback|Error", first), f"{grade_id}: the feedback shows this line"
        body = "\n".join(rest)
        visible, hidden_start, after = body.partition("### BEGIN HIDDEN TESTS")
        assert hidden_start and "### END HIDDEN TESTS" in after, grade_id
        assert re.search(r'^assert .+, "[^"]+"$', visible, re.M), f"{grade_id}: a visible assert with a message"
        assert "assert " in after.split("### END HIDDEN TESTS")[0], f"{grade_id}: hidden asserts"


def test_written_answer_is_graded_by_hand():
    manual = [c for c in _source().cells if _meta(c).get("grade") and _meta(c).get("solution")]
    assert [c.cell_type for c in manual] == ["markdown"]
    assert _meta(manual[0])["grade_id"] == MANUAL_GRADE_ID and _meta(manual[0])["points"] > 0


def test_points_in_headings_add_up():
    """Each task heading "Deel X (N punten)" states the points its cells carry."""
    nb = _source()
    stated = {}
    for cell in nb.cells:
        match = re.search(r"^## Deel ([A-Z]) \((\d+) punten\)", cell.source, re.M)
        if cell.cell_type == "markdown" and match:
            stated[match.group(1).lower()] = int(match.group(2))
    carried: dict[str, float] = {}
    for cell in nb.cells:
        if _meta(cell).get("grade"):
            part = _part(_meta(cell)["grade_id"])
            carried[part] = carried.get(part, 0) + _meta(cell)["points"]
    assert stated == carried
    assert f"in totaal zijn het er {sum(stated.values())}" in nb.cells[0].source


def test_answer_cells_import_no_model_for_parts_a_and_b():
    """Parts A and B must be the learner's own arithmetic: the model solution shows how."""
    for cell in _source().cells:
        if _meta(cell).get("grade_id") in ("mkba_a_antwoord", "mkba_b_antwoord"):
            assert "modules" not in cell.source and "mkba" not in cell.source


# ---------------------------------------------------------------- after autograde


@pytest.mark.slow
def test_model_solution_gets_every_autograded_point(graded_course):
    points = _points(graded_course.source)
    result = _grades(graded_course, "model")
    for grade_id, maximum in points.items():
        assert result["grades"][grade_id]["auto"] == maximum, grade_id
    manual = result["grades"][MANUAL_GRADE_ID]
    assert manual["auto"] is None and manual["manual"] == MANUAL_SCORE
    assert result["score"] == pytest.approx(sum(points.values()) + MANUAL_SCORE)
    assert result["max_score"] == pytest.approx(sum(points.values()) + manual["max"])


@pytest.mark.slow
def test_untouched_release_scores_zero_and_fails_only_on_the_stubs(graded_course):
    result = _grades(graded_course, "leeg")
    assert result["score"] == 0
    assert all(g["auto"] == 0 for g in result["grades"].values())
    # The empty written answer is scored zero right away, not left for the trainer.
    assert result["grades"][MANUAL_GRADE_ID]["needs_manual"] is False
    errors = {o["ename"] for c in graded_course.autograded("leeg").cells
              for o in c.get("outputs", []) if o["output_type"] == "error"}
    assert errors == {"NotImplementedError"}


@pytest.mark.slow
def test_endless_loop_is_stopped_and_the_rest_still_graded(graded_course):
    points = _points(graded_course.source)
    result = _grades(graded_course, "oneindig")
    for grade_id, maximum in points.items():
        expected = 0 if _part(grade_id) == "b" else maximum
        assert result["grades"][grade_id]["auto"] == expected, grade_id
    assert result["grades"][MANUAL_GRADE_ID]["needs_manual"] is True
    looped = next(c for c in graded_course.autograded("oneindig").cells
                  if _meta(c).get("grade_id") == INFINITE_LOOP_PART)
    assert {o.get("ename") for o in looped.outputs} & {"KeyboardInterrupt", "CellTimeoutError"}
    # One run grades all four learners; without the per-cell timeout it would hang.
    assert graded_course.autograde_seconds < 2 * graded_course.timeout + 40


@pytest.mark.slow
def test_hidden_tests_catch_what_visible_tests_let_through(graded_course):
    # The same answers in the released notebook pass every visible check ...
    released = nbformat.from_dict(graded_course.submissions["fouten"])
    NotebookClient(released, timeout=60, allow_errors=True,
                   resources={"metadata": {"path": str(graded_course.root / "exercises" / ASSIGNMENT)}}).execute()
    failing = [_meta(c)["grade_id"] for c in _test_cells(released)
               if any(o["output_type"] == "error" for o in c.outputs)]
    assert failing == []
    # ... and the hidden checks take the points away, part by part.
    grades = _grades(graded_course, "fouten")["grades"]
    points = _points(graded_course.source)
    lost = {grade_id for grade_id in points if grades[grade_id]["auto"] == 0}
    assert lost == {"mkba_a_waarde", "mkba_a_eigen", "mkba_b_ncw", "mkba_c_saldo",
                    "mkba_d_lengte", "mkba_e_betaler"}
    assert {_part(g) for g in lost} == {_part(g) for g in MISTAKES}
    kept = set(points) - lost
    assert all(grades[g]["auto"] == points[g] for g in kept)
