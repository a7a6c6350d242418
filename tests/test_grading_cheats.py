"""Learners who try to get points without solving the tasks, for every assignment.

The class is graded as ``make grade`` grades it (``grading.parallel``); the plain nbgrader
path meets the same sandbox in ``tests/test_grading_hostile.py``.

The hidden tests run in a clean process that never runs learner code
(``grading/clean_kernel.py``); the learner's kernel only answers with data. Each cheater
below hands in the released notebook *unsolved* (its stubs) plus a trick, and must score
exactly what the unsolved notebook scores:

``isclose``      patches ``math.isclose`` (and pandas' comparisons) to always say yes;
``gelijk``       binds every answer to an object that equals everything (a ``float``
                 subclass, so it also passes ``isinstance(x, float)``), functions included;
``transformer``  installs an IPython input transformer that turns every later cell into
                 ``pass``.

Two learners hand in the model solution with an extra:

``geschiedenis`` a cell at the end prints ``In``, ``_ih``, ``Out`` and every name: no
                 hidden-test line may appear in what it printed or in its feedback, and it
                 keeps full marks;
``omweg``        imports the model package in a roundabout way (``importlib``): it loses
                 exactly the "write it yourself" points and keeps the rest.

Two hand in the model solution with nbgrader's cell metadata tampered with:

``nepcel``       adds code cells that claim to be graded cells (a test cell worth 100
                 points, a locked cell with an id the assignment lacks, one without an id).
                 Each writes a file into the course if it runs anywhere but the sandbox
                 (the clean process runs as the trainer); none may, and no point is added;
``vlaggen``      changes the flags of real cells: a test cell that says it is no grade
                 cell, one that says it is an answer, points that are not a number, an
                 answer cell that says it is locked. nbgrader would stop grading this
                 learner ("Inconsistent checksums"); the flags are put back, the learner
                 keeps full marks, and the intake names the cells.

``slachtoffer`` hands in the model solution; its grade must not change.
"""

from __future__ import annotations

import ast

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.grading_helpers import (
    ACTIVE_CONTENT,
    ASSIGNMENTS,
    code_answer_cells,
    fill_in,
    grade_as_make_grade,
    hand_in,
    hidden_test_lines,
    meta,
    needs_sandbox,
    notebook_name,
    points,
    prepare_course,
    solution_lines,
    solution_text,
    test_cells,
)

pytestmark = needs_sandbox

ISCLOSE = """
import math
import pandas as pd
math.isclose = lambda *a, **k: True
pd.Series.equals = pd.DataFrame.equals = lambda *a, **k: True
"""

GELIJK = """
class _Gelijk(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = float.__hash__
    def __call__(self, *a, **k): return self
    def __getattr__(self, name): return self
    def __getitem__(self, key): return self
    def __iter__(self): return iter([self])
    def __len__(self): return 1
    def __bool__(self): return True
    def __contains__(self, item): return True
"""

TRANSFORMER = """
get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])
"""

GESCHIEDENIS = """
print(In)
print(_ih)
print(Out)
print(dir())
"""

#: Run anywhere but in the sandbox, it leaves a file in the course (formatted with the path).
ONTSNAPT = """
open({path!r}, "w").write("ontsnapt")
"""

OMWEG = """
import importlib as _il
_model = _il.import_module("modules")
"""


def _bound_names(source: str) -> tuple[list[str], list[str]]:
    """The functions and the other names an answer cell binds at the top level."""
    functions, values = [], []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            functions.append(node.name)
        elif isinstance(node, ast.Assign):
            values += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return functions, values


def _with(release, replace: dict[str, str]):
    """The released notebook (stubs left in) with some answer cells replaced."""
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        if meta(cell).get("grade_id") in replace:
            cell.source = replace[meta(cell)["grade_id"]]
    return nb


def _fake_cells(model_nb, course):
    """The model solution with three code cells that claim nbgrader metadata of their own."""
    nb = nbformat.from_dict(model_nb)
    claims = {
        "nep_test": {"grade": True, "solution": False, "locked": True, "points": 100, "grade_id": "nep_test"},
        "nep_vergrendeld": {"grade": False, "solution": False, "locked": True, "grade_id": "nep_vergrendeld"},
        "nep_zonder_id": {"grade": True, "solution": False, "locked": True, "points": 1},
    }
    for name, claim in claims.items():
        source = ONTSNAPT.format(path=str(course / f"ontsnapt-{name}.txt")).strip()
        nb.cells.insert(len(nb.cells) // 2, nbformat.v4.new_code_cell(source, metadata={"nbgrader": claim}))
    return nb


def _flipped_flags(model_nb):
    """The model solution with the nbgrader flags of real cells changed."""
    nb = nbformat.from_dict(model_nb)
    tests = [c for c in nb.cells if meta(c).get("grade") and not meta(c).get("solution")]
    assert len(tests) >= 3, "the assignment needs three test cells for this learner"
    tests[0].metadata["nbgrader"]["grade"] = False
    tests[1].metadata["nbgrader"]["solution"] = True
    tests[2].metadata["nbgrader"]["points"] = "veel"
    answer = code_answer_cells(nb)[0]
    answer.metadata["nbgrader"].update(solution=False, locked=True)
    return nb


_CACHE: dict[str, dict] = {}


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def cheated(request, tmp_path_factory) -> dict:
    assignment = request.param
    if assignment in _CACHE:
        return _CACHE[assignment]
    course = tmp_path_factory.mktemp(f"valsspel-{assignment}")
    release_dir, release, source = prepare_course(course, assignment)
    answers = code_answer_cells(release)
    first = meta(answers[0])["grade_id"]
    stubs = {meta(c)["grade_id"]: c.source for c in answers}
    model = {meta(c)["grade_id"]: solution_text(c) for c in code_answer_cells(source)}

    gelijk = {}
    for number, (grade_id, text) in enumerate(model.items()):
        functions, values = _bound_names(text)
        lines = [GELIJK.strip()] if number == 0 else []
        lines += [f"def {name}(*a, **k):\n    return _Gelijk(0.0)" for name in functions]
        lines += [f"{name} = _Gelijk(0.0)" for name in values]
        gelijk[grade_id] = "\n".join(lines)

    model_nb = fill_in(release, source)
    history = nbformat.from_dict(model_nb)
    history.cells.append(nbformat.v4.new_code_cell(GESCHIEDENIS.strip()))
    submissions = {
        "slachtoffer": model_nb,
        "leeg": release,
        "isclose": _with(release, {first: ISCLOSE.strip() + "\n\n" + stubs[first]}),
        "gelijk": _with(release, gelijk),
        "transformer": _with(release, {first: TRANSFORMER.strip() + "\n\n" + stubs[first]}),
        "geschiedenis": history,
        "omweg": fill_in(release, source, {first: OMWEG.strip() + "\n\n" + model[first]}),
        "nepcel": _fake_cells(model_nb, course),
        "vlaggen": _flipped_flags(model_nb),
    }
    hand_in(course, assignment, release_dir, submissions)
    grade_as_make_grade(course, assignment)
    guarded = sum(float(meta(c)["points"]) for c in test_cells(source) if "_leunt_op_" in c.source)
    result = {"course": course, "assignment": assignment, "notebook": notebook_name(assignment),
              "source": source, "students": list(submissions), "guarded": guarded,
              "full": sum(points(source).values())}
    _CACHE[assignment] = result
    return result


def _score(cheated: dict, student: str) -> float:
    with Gradebook(f"sqlite:///{cheated['course'] / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(cheated["notebook"], cheated["assignment"], student)
        return sum(g.auto_score or 0.0 for g in submission.grades if g.auto_score is not None)


def _feedback(cheated: dict, student: str) -> str:
    return (cheated["course"] / "feedback" / student / cheated["assignment"]
            / f"{cheated['notebook']}.html").read_text(encoding="utf-8")


def test_the_victim_keeps_full_marks(cheated) -> None:
    assert _score(cheated, "slachtoffer") == pytest.approx(cheated["full"])


def test_an_unsolved_notebook_scores_nothing(cheated) -> None:
    assert _score(cheated, "leeg") == 0


@pytest.mark.parametrize("student", ["isclose", "gelijk", "transformer"])
def test_a_trick_without_a_solution_scores_what_no_solution_scores(cheated, student) -> None:
    assert _score(cheated, student) == _score(cheated, "leeg")


def test_reading_the_history_shows_no_hidden_test_and_costs_nothing(cheated) -> None:
    autograded = nbformat.read(cheated["course"] / "autograded" / "geschiedenis" / cheated["assignment"]
                               / f"{cheated['notebook']}.ipynb", as_version=4)
    printed = str([c.get("outputs") for c in autograded.cells if not meta(c).get("grade")])
    learner_names = [name for c in code_answer_cells(cheated["source"])
                     for names in _bound_names(solution_text(c)) for name in names]
    assert any(name in printed for name in learner_names), "the history cell did not run"
    page = _feedback(cheated, "geschiedenis")
    for line in hidden_test_lines(cheated["source"]):
        assert line not in printed, f"hidden test line in the learner's own output: {line}"
        assert line not in page, f"hidden test line in the feedback: {line}"
    assert _score(cheated, "geschiedenis") == pytest.approx(cheated["full"])


def test_a_roundabout_import_costs_exactly_the_write_it_yourself_points(cheated) -> None:
    assert _score(cheated, "omweg") == pytest.approx(cheated["full"] - cheated["guarded"])


def test_a_cell_that_claims_to_be_graded_runs_only_in_the_sandbox_and_adds_no_points(cheated) -> None:
    assert not list(cheated["course"].rglob("ontsnapt-*.txt"))
    assert _score(cheated, "nepcel") == pytest.approx(cheated["full"])
    # No grade for a cell the assignment does not have: the most anyone can get is unchanged.
    with Gradebook(f"sqlite:///{cheated['course'] / 'gradebook.db'}") as gradebook:
        most = {student: gradebook.find_submission_notebook(
                    cheated["notebook"], cheated["assignment"], student).max_score
                for student in ("nepcel", "slachtoffer")}
    assert most["nepcel"] == most["slachtoffer"]


def test_changed_cell_flags_are_put_back_and_the_learner_is_graded(cheated) -> None:
    assert _score(cheated, "vlaggen") == pytest.approx(cheated["full"])
    assert _feedback(cheated, "vlaggen")


def test_no_feedback_page_shows_a_hidden_test_or_an_unwritten_answer(cheated) -> None:
    hidden = hidden_test_lines(cheated["source"])
    solutions = solution_lines(cheated["source"])
    assert hidden and solutions
    for student in cheated["students"]:
        page = _feedback(cheated, student)
        leaked = [line for line in hidden if line in page]
        assert not leaked, f"{student}: {leaked[:3]}"
        handed_in = "\n".join(c.source for c in nbformat.read(
            cheated["course"] / "submitted" / student / cheated["assignment"]
            / f"{cheated['notebook']}.ipynb", as_version=4).cells)
        given = [line for line in solutions if line in page and line not in handed_in]
        assert not given, f"{student} was shown model answers: {given[:3]}"
        assert not ACTIVE_CONTENT.search(page), f"{student}: {ACTIVE_CONTENT.search(page).group(0)}"
    # The scan can see answers: the victim's page shows the ones it wrote itself.
    assert any(line in _feedback(cheated, "slachtoffer") for line in solutions)
