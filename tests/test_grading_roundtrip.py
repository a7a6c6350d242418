"""Every assignment survives nbgrader's whole round trip with the scores it should get.

Parametrised over every assignment in ``solutions/`` (``tests/discovery.py``): a new
module's assignment is checked with no edit here. The fast tests check the source
notebook's shape (what nbgrader and the feedback rely on). The slow ones read the gradebook
after one ``nbgrader autograde`` run per assignment (see ``tests/grading_helpers.py``): the
model solution gets every autograded point, the untouched release gets none and fails only
on its stubs, an endless loop is cut at the timeout and costs only what depends on it, and,
for an assignment with ``tests/mistakes_<name>.py``, typical coding mistakes that pass the
visible checks are caught by the hidden ones. What is about one assignment's content is in
``test_grading_<name>.py``. Timing is not asserted here; ``make bench`` measures it.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from tests.grading_helpers import (  # noqa: F401 (graded_course is a fixture)
    ASSIGNMENTS,
    MANUAL_SCORE,
    code_answer_cells,
    configured_timeout,
    graded_course,
    manual_cells,
    meta as _meta,
    part as _part,
    points as _points,
    solution_text,
    source_notebook,
    test_cells as _test_cells,
)


def _grades(course, student: str) -> dict:
    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission_notebook(course.notebook, course.assignment, student)
        return {
            "score": submission.score,
            "max_score": submission.max_score,
            "grades": {
                g.name: {"auto": g.auto_score, "manual": g.manual_score,
                         "needs_manual": g.needs_manual_grade, "max": g.max_score}
                for g in submission.grades
            },
        }


def _errors(cell) -> list[tuple[str, str]]:
    return [(o["ename"], o["evalue"]) for o in cell.get("outputs", []) if o["output_type"] == "error"]


# ---------------------------------------------------------------- the source notebook


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_cells_follow_the_grading_conventions(assignment):
    nb = source_notebook(assignment)
    cell_id = re.compile(rf"^{assignment}_[a-z0-9_]+$")
    test_id = re.compile(rf"^{assignment}_[a-z]_[a-z0-9]+$")
    ids = [_meta(c)["grade_id"] for c in nb.cells if _meta(c)]
    assert len(ids) == len(set(ids)), "grade ids must be unique"
    assert all(cell_id.match(i) for i in ids), [i for i in ids if not cell_id.match(i)]
    tests = _test_cells(nb)
    assert tests, "no autograded test cell"
    # <assignment>_<part>_<check>: the part letter is how scores are grouped per part.
    assert all(test_id.match(_meta(c)["grade_id"]) for c in tests)
    assert code_answer_cells(nb), "no code answer cell"
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


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_written_answers_are_graded_by_hand(assignment):
    for cell in manual_cells(source_notebook(assignment)):
        assert cell.cell_type == "markdown" and _meta(cell)["points"] > 0, _meta(cell)["grade_id"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_in_headings_add_up(assignment):
    """Each task heading "Deel X (N punten)" states the points its cells carry."""
    nb = source_notebook(assignment)
    stated = {}
    for cell in nb.cells:
        match = re.search(r"^## Deel ([A-Z]) \((\d+) punt(?:en)?\)", cell.source, re.M)
        if cell.cell_type == "markdown" and match:
            stated[match.group(1).lower()] = int(match.group(2))
    carried: dict[str, float] = {}
    for cell in nb.cells:
        if _meta(cell).get("grade"):
            part = _part(_meta(cell)["grade_id"])
            carried[part] = carried.get(part, 0) + _meta(cell)["points"]
    assert stated == carried
    assert f"in totaal zijn het er {sum(stated.values())}" in nb.cells[0].source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_header_states_the_configured_timeout(assignment):
    assert f"langer dan {configured_timeout()} seconden" in source_notebook(assignment).cells[0].source


# ---------------------------------------------------------------- after autograde


@pytest.mark.slow
def test_model_solution_gets_every_autograded_point(graded_course):
    points = _points(graded_course.source)
    result = _grades(graded_course, "model")
    for grade_id, maximum in points.items():
        assert result["grades"][grade_id]["auto"] == maximum, grade_id
    manual_points = sum(float(_meta(c)["points"]) for c in manual_cells(graded_course.source))
    if graded_course.manual_grade_id:
        manual = result["grades"][graded_course.manual_grade_id]
        assert manual["auto"] is None and manual["manual"] == min(MANUAL_SCORE, manual["max"])
        assert result["score"] == pytest.approx(sum(points.values()) + manual["manual"])
    assert result["max_score"] == pytest.approx(sum(points.values()) + manual_points)


@pytest.mark.slow
def test_untouched_release_scores_zero_and_fails_only_on_the_stubs(graded_course):
    result = _grades(graded_course, "leeg")
    assert result["score"] == 0
    assert all(g["auto"] == 0 for g in result["grades"].values())
    # An empty written answer is scored zero right away, not left for the trainer.
    for cell in manual_cells(graded_course.source):
        assert result["grades"][_meta(cell)["grade_id"]]["needs_manual"] is False
    errors = {name for cell in graded_course.autograded("leeg").cells for name, _ in _errors(cell)}
    assert errors <= {"NotImplementedError", "NameError"} and "NotImplementedError" in errors


@pytest.mark.slow
def test_endless_loop_is_stopped_and_the_rest_still_graded(graded_course):
    """The looped answer's part scores nothing; every other test keeps its points unless it
    needs a name that the looped answer would have defined (then it fails on that name)."""
    looped_id = graded_course.infinite_loop_part
    source_cell = next(c for c in graded_course.source.cells if _meta(c).get("grade_id") == looped_id)
    defined = {node.name for node in ast.parse(solution_text(source_cell)).body
               if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    defined |= {t.id for node in ast.parse(solution_text(source_cell)).body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    points = _points(graded_course.source)
    result = _grades(graded_course, "oneindig")
    graded = graded_course.autograded("oneindig")
    cells = {_meta(c).get("grade_id"): c for c in graded.cells if _meta(c)}
    kept_after = 0
    for grade_id, maximum in points.items():
        score = result["grades"][grade_id]["auto"]
        if _part(grade_id) == _part(looped_id):
            assert score == 0, grade_id
        elif score != maximum:
            names = {re.sub(r"name '(\w+)' is not defined", r"\1", value)
                     for name, value in _errors(cells[grade_id]) if name == "NameError"}
            assert names and names <= defined, f"{grade_id} lost points for another reason: {_errors(cells[grade_id])}"
        elif graded.cells.index(cells[grade_id]) > graded.cells.index(cells[looped_id]):
            kept_after += 1
    assert kept_after or not [g for g in points if graded.cells.index(cells[g]) > graded.cells.index(cells[looped_id])], \
        "nothing after the endless loop was graded"
    for cell in manual_cells(graded_course.source):
        assert result["grades"][_meta(cell)["grade_id"]]["needs_manual"] is True
    assert {name for name, _ in _errors(cells[looped_id])} & {"KeyboardInterrupt", "CellTimeoutError"}
    # How long grading takes is measured by `make bench`, not asserted here.


@pytest.mark.slow
def test_hidden_tests_catch_what_visible_tests_let_through(graded_course):
    if graded_course.mistakes is None:
        pytest.skip(f"no typical mistakes for {graded_course.assignment} (tests/mistakes_{graded_course.assignment}.py)")
    # The same answers in the released notebook pass every visible check ...
    released = nbformat.from_dict(graded_course.submissions["fouten"])
    NotebookClient(released, timeout=60, allow_errors=True,
                   resources={"metadata": {"path": str(graded_course.root / "exercises" / graded_course.assignment)}}
                   ).execute()
    failing = [_meta(c)["grade_id"] for c in _test_cells(released) if _errors(c)]
    assert failing == []
    # ... and the hidden checks take the points away, part by part.
    grades = _grades(graded_course, "fouten")["grades"]
    points = _points(graded_course.source)
    lost = {grade_id for grade_id in points if grades[grade_id]["auto"] == 0}
    assert lost == set(graded_course.mistakes.LOST)
    assert {_part(g) for g in lost} == {_part(g) for g in graded_course.mistakes.MISTAKES}
    kept = set(points) - lost
    assert all(grades[g]["auto"] == points[g] for g in kept)
