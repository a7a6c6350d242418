"""Further typical mistakes of every assignment, graded once per assignment as ``make grade`` does.

For every assignment whose ``tests/mistakes_<name>.py`` has ``VARIANTS`` (found by
``tests/discovery.py``; see its docstring), a copy of the course is released and one learner
per variant is handed in: ``variant<i>`` types the i-th wrong answer of ``VARIANTS`` into its
answer cell. Where the builder has an ``answer_key()`` of autograded questions
(``grading/assignment_builder.py``'s ``question_key``), the same learner also gives the
typical wrong answer of the i-th question, in notebook order: code and questions are graded
independently, so one run grades both and each half is checked on its own. One more learner,
``eigen_vorm``, gives the right answers in a learner's own form: letters in capitals with
spaces around them, numbers rounded as far as the tolerance of the question allows.

Checked after the run:

- every variant costs exactly the test cells listed for it, all of its own part, and no
  other test cell outside the questions;
- every typical wrong answer of a question costs exactly that question;
- every lost cell fails on one AssertionError whose message is in the hidden part of the
  test cell, not in its visible part: the visible checks let the mistake through;
- the answers in the learner's own form lose nothing.

The generic round trip (``test_grading_roundtrip.py``) hands in ``MISTAKES``, one per answer
cell; what is about one assignment's content stays in ``test_grading_<name>.py``.
"""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests import discovery
from tests.grading_helpers import (
    built_once,
    code_answer_cells,
    fill_in,
    hand_in,
    meta,
    needs_sandbox,
    notebook_name,
    part,
    points,
    prepare_course,
    nbgrader_env,
    source_notebook,
    test_cells,
)

#: The assignments whose typical mistakes include ``VARIANTS``.
WITH_VARIANTS = [name for name in discovery.assignments()
                 if getattr(discovery.mistakes(name), "VARIANTS", None)]


def _variants(assignment: str) -> list[tuple[str, str, set[str]]]:
    return list(discovery.mistakes(assignment).VARIANTS)


def _answer_key(assignment: str) -> dict[str, dict[str, object]]:
    """The builder's autograded questions, or nothing if it has none."""
    answer_key = getattr(discovery.builder(assignment), "answer_key", None)
    return answer_key() if answer_key else {}


def _questions(assignment: str, source: nbformat.NotebookNode | None = None) -> list[str]:
    """The grade ids of the questions' test cells, in notebook order."""
    key = _answer_key(assignment)
    cells = test_cells(source if source is not None else source_notebook(assignment))
    return [meta(c)["grade_id"] for c in cells if meta(c)["grade_id"] in key]


def _assignment_line(variable: str, value: object) -> str:
    """The answer cell of a question as a learner types it: ``antwoord_d1 = "a"``."""
    return f"{variable} = {value!r}".replace("'", '"')


def _wrong_answer(entry: dict[str, object]) -> dict[str, str]:
    return {entry["answer_id"]: _assignment_line(entry["variable"], entry["mistake"])}


def _own_form(entry: dict[str, object]) -> str:
    """The right answer in a learner's form: a letter in capitals with spaces around it, a
    number rounded to as few decimals as its tolerance allows (1234 for a tolerance of 1)."""
    correct = entry["correct"]
    if isinstance(correct, bool):
        return _assignment_line(entry["variable"], correct)
    if isinstance(correct, str):
        return _assignment_line(entry["variable"], f" {correct.upper()} ")
    decimals = 0
    while 0.5 * 10 ** -decimals > entry["tolerance"]:
        decimals += 1
    rounded = round(correct, decimals) if decimals else round(correct)
    assert math.isclose(rounded, correct, abs_tol=entry["tolerance"])
    return _assignment_line(entry["variable"], rounded)


def _submissions(assignment: str, release, source) -> dict[str, tuple[nbformat.NotebookNode, set[str]]]:
    """Each learner with the test cells they must lose (see the module docstring)."""
    variants, key = _variants(assignment), _answer_key(assignment)
    questions = _questions(assignment, source)
    learners = {}
    for i in range(max(len(variants), len(questions))):
        replace, lost = {}, set()
        if i < len(variants):
            answer_cell, code, costs = variants[i]
            replace[answer_cell] = code.strip()
            lost |= set(costs)
        if i < len(questions):
            replace.update(_wrong_answer(key[questions[i]]))
            lost.add(questions[i])
        learners[f"variant{i + 1}"] = (fill_in(release, source, replace), lost)
    if key:
        own_form = {entry["answer_id"]: _own_form(entry) for entry in key.values()}
        learners["eigen_vorm"] = (fill_in(release, source, own_form), set())
    return learners


@dataclass
class VariantsCourse:
    """A course folder after one autograde run over the learners of ``_submissions``."""

    assignment: str
    root: Path
    source: nbformat.NotebookNode = field(repr=False)
    #: per learner, the test cells they must lose
    expected: dict[str, set[str]]
    questions: list[str]
    grades: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.points = points(self.source)
        self.cells = {meta(c)["grade_id"]: c for c in self.source.cells if meta(c)}
        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}") as gradebook:
            for student in self.expected:
                found = gradebook.find_submission_notebook(notebook_name(self.assignment), self.assignment, student)
                self.grades[student] = {g.name: g.auto_score for g in found.grades}

    def lost(self, student: str) -> set[str]:
        """The test cells that scored zero; every test cell scores all or nothing."""
        grades = self.grades[student]
        assert all(grades[g] in (0, self.points[g]) for g in self.points), student
        return {g for g in self.points if grades[g] == 0}

    def autograded(self, student: str) -> nbformat.NotebookNode:
        path = self.root / "autograded" / student / self.assignment / f"{notebook_name(self.assignment)}.ipynb"
        return nbformat.read(path, as_version=4)


def grade_variants(course: Path, assignment: str) -> VariantsCourse:
    """Release ``assignment`` in ``course``, hand in the learners of ``_submissions`` and
    grade them as ``make grade`` does (``python -m grading.parallel``: the same scores as
    ``nbgrader autograde``, see ``tests/test_grading_parallel.py``)."""
    release_dir, release, source = prepare_course(course, assignment)
    learners = _submissions(assignment, release, source)
    hand_in(course, assignment, release_dir, {name: nb for name, (nb, _) in learners.items()})
    graded = subprocess.run([sys.executable, "-m", "grading.parallel", assignment], cwd=course,
                            env=nbgrader_env(), capture_output=True, text=True, timeout=1800)
    assert graded.returncode == 0, graded.stdout + graded.stderr[-3000:]
    return VariantsCourse(assignment, course, source, {name: lost for name, (_, lost) in learners.items()},
                          _questions(assignment, source))


@pytest.fixture(scope="module", params=WITH_VARIANTS)
def variants_course(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> VariantsCourse:
    """The graded course of one assignment, built once per test run.

    The tests per variant and per question select the assignment by indirect
    parametrisation, which pytest does not group by assignment (it sets the fixture up again
    for each of them): ``built_once`` makes every one of them reuse the one autograde run.
    """
    return built_once(tmp_path_factory, f"cursus-{request.param}-varianten",
                      lambda course: grade_variants(course, request.param))


# ---------------------------------------------------------------- what the mistakes files say


def test_some_assignment_has_variants():
    assert WITH_VARIANTS, "no tests/mistakes_<name>.py has VARIANTS: this file tests nothing"


@pytest.mark.parametrize("assignment", WITH_VARIANTS)
def test_each_variant_names_a_code_answer_and_test_cells_of_its_part(assignment):
    source = source_notebook(assignment)
    answers = {meta(c)["grade_id"] for c in code_answer_cells(source)}
    tests = {meta(c)["grade_id"] for c in test_cells(source)} - set(_questions(assignment, source))
    for answer_cell, _, costs in _variants(assignment):
        assert answer_cell in answers, answer_cell
        assert costs and set(costs) <= tests, (answer_cell, sorted(set(costs) - tests))
        assert {part(g) for g in costs} == {part(answer_cell)}, answer_cell


# ---------------------------------------------------------------- one autograde run per assignment


def _variant_cases() -> list:
    return [pytest.param(name, i, id=f"{name}-variant{i + 1}: {cell} costs {sorted(costs)}")
            for name in WITH_VARIANTS for i, (cell, _, costs) in enumerate(_variants(name))]


def _question_cases() -> list:
    return [pytest.param(name, i, id=f"{name}-variant{i + 1}: {grade_id}")
            for name in WITH_VARIANTS for i, grade_id in enumerate(_questions(name))]


@pytest.mark.slow
@needs_sandbox
@pytest.mark.parametrize(("variants_course", "index"), _variant_cases(), indirect=["variants_course"])
def test_each_variant_costs_exactly_its_listed_cells(variants_course, index):
    _, _, costs = _variants(variants_course.assignment)[index]
    lost = variants_course.lost(f"variant{index + 1}")
    assert lost - set(variants_course.questions) == set(costs)


@pytest.mark.slow
@needs_sandbox
@pytest.mark.parametrize(("variants_course", "index"), _question_cases(), indirect=["variants_course"])
def test_each_wrong_answer_costs_exactly_its_own_question(variants_course, index):
    lost = variants_course.lost(f"variant{index + 1}")
    assert lost & set(variants_course.questions) == {variants_course.questions[index]}


@pytest.mark.slow
@needs_sandbox
def test_every_mistake_is_caught_by_a_hidden_check_not_a_visible_one(variants_course):
    """Each lost cell fails on an assert of its hidden part: the visible checks let it through."""
    for student, expected in variants_course.expected.items():
        assert variants_course.lost(student) == expected, student
        graded = {meta(c).get("grade_id"): c for c in variants_course.autograded(student).cells if meta(c)}
        for grade_id in expected:
            errors = [(o["ename"], o["evalue"]) for o in graded[grade_id].get("outputs", []) if o["output_type"] == "error"]
            assert len(errors) == 1 and errors[0][0] == "AssertionError", (student, grade_id, errors)
            visible, hidden = variants_course.cells[grade_id].source.split("### BEGIN HIDDEN TESTS")
            message = f'"{errors[0][1]}"'
            assert message in hidden and message not in visible, (student, grade_id, errors)


@pytest.mark.slow
@needs_sandbox
def test_right_answers_in_the_learners_own_form_still_count(variants_course):
    """Letters in capitals with spaces around them, numbers rounded within the tolerance."""
    if "eigen_vorm" not in variants_course.expected:
        pytest.skip(f"{variants_course.assignment} has no autograded questions")
    assert variants_course.lost("eigen_vorm") == set()
