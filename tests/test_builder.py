"""The shared part of the assignment builders: ``grading/assignment_builder.py``.

Every module's builder (``grading/build_<module>_source.py``) writes its notebook with
these cells, guards and checks, so they are tested here once, on small made-up
assignments; whether a module's committed notebook equals its builder's output is
``tests/test_release_sync.py``'s job.
"""

from __future__ import annotations

import json
import textwrap
import tomllib

import nbformat
import pytest

from grading import assignment_builder as ab
from grading.assignment_builder import (
    AssignmentBuilder,
    PointsError,
    Question,
    answer_code,
    answer_markdown,
    assemble_notebook,
    check_heading_points,
    choice_question,
    locked_code,
    locked_markdown,
    no_helper_guard,
    part_cells,
    plain_code,
    points_of,
    question_cells,
    question_key,
    rubric_markdown,
    rubric_points,
)
from grading.assignment_builder import test_cell as make_test_cell
from tests import discovery

NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}


def _meta(cell) -> dict:
    return cell.metadata["nbgrader"]


def _test(grade_id="toets_a_waarde", points=2, summary="Deel A: de waarde. Tip: reken zelf.",
          visible="assert True", hidden="assert 1 == 1", **kwargs):
    return make_test_cell(grade_id, points, summary, visible, hidden, **kwargs)


# ---------------------------------------------------------------- metadata and cells


def test_metadata_has_nbgraders_shape_and_schema_version():
    meta = _meta(locked_markdown("toets_kop", "# Kop"))
    assert set(meta) == NBGRADER_KEYS
    assert meta["schema_version"] == ab.SCHEMA_VERSION == 3
    assert (meta["locked"], meta["solution"], meta["grade"], meta["task"]) == (True, False, False, False)
    graded = _meta(_test())
    assert set(graded) == NBGRADER_KEYS | {"points"}
    assert (graded["locked"], graded["solution"], graded["grade"], graded["points"]) == (True, False, True, 2)


@pytest.mark.parametrize("cell, kind, locked, solution, grade", [
    (locked_markdown("toets_a_opgave", "tekst"), "markdown", True, False, False),
    (locked_code("toets_laden", "x = 1"), "code", True, False, False),
    (answer_code("toets_a_antwoord", "x = 1"), "code", False, True, False),
    (answer_markdown("toets_f_advies", 4, "advies"), "markdown", False, True, True),
])
def test_each_constructor_sets_its_cell_kind_and_flags(cell, kind, locked, solution, grade):
    meta = _meta(cell)
    assert cell.cell_type == kind
    assert (meta["locked"], meta["solution"], meta["grade"]) == (locked, solution, grade)
    assert ("points" in meta) == grade
    # The cell id is the grade id with hyphens: nbformat ids and nbgrader ids stay paired.
    assert cell.id == meta["grade_id"].replace("_", "-")


def test_a_plain_cell_has_no_nbgrader_metadata_and_sources_are_stripped():
    cell = plain_code("toets-controle", "\n\nprint(1)\n\n")
    assert "nbgrader" not in cell.metadata and cell.id == "toets-controle"
    assert cell.source == "print(1)"


def test_a_graded_cell_needs_points():
    with pytest.raises(ValueError, match="points"):
        answer_markdown("toets_f_advies", 0, "advies")


# ---------------------------------------------------------------- test cells


def test_test_cell_starts_with_the_summary_then_visible_then_hidden():
    lines = _test(visible="assert 2 > 1", hidden="assert 3 > 2").source.splitlines()
    assert lines == ['"""Deel A: de waarde. Tip: reken zelf."""', "assert 2 > 1",
                     "### BEGIN HIDDEN TESTS", "assert 3 > 2", "### END HIDDEN TESTS"]


@pytest.mark.parametrize("summary", [
    "Deel A: twee\nregels.",
    "Deel A: een regel\r",
    'Deel A: met """ erin.',
    "   ",
])
def test_test_cell_refuses_a_summary_that_is_not_one_line(summary):
    with pytest.raises(ValueError, match="one line"):
        _test(summary=summary)


def test_test_cell_puts_the_guard_at_the_top_of_the_hidden_block_only():
    guard = no_helper_guard(("modules", "mkba"))
    source = _test(hidden="assert not _leunt_op_mkba(f)", guard=guard).source
    hidden = source.split("### BEGIN HIDDEN TESTS\n")[1]
    assert hidden.startswith(guard.code)
    assert source.index(guard.code) > source.index("### BEGIN HIDDEN TESTS")
    assert guard.code not in _test(hidden="assert not _leunt_op_mkba(f)").source


def test_test_cell_refuses_a_guard_its_hidden_tests_never_call():
    with pytest.raises(ValueError, match="_leunt_op_mkba"):
        _test(hidden="assert 1 == 1", guard=no_helper_guard(("modules", "mkba")))


# ---------------------------------------------------------------- the "write it yourself" guard


def _leans(guard, learner: str, name: str = "f") -> bool:
    """Run the guard's code and the learner's code in a fresh namespace, as a kernel does."""
    namespace = {"__name__": "__main__"}
    exec(guard.code, namespace)
    exec(textwrap.dedent(learner), namespace)
    return namespace[guard.function](namespace[name])


MKBA = no_helper_guard(("modules", "mkba"))

LEANS_ON_MKBA = {
    "import inside": """
        def f(b, j, v=0.0225):
            import modules.mkba
            return modules.mkba.present_value(b, j, v)
    """,
    "from-import inside": """
        def f(b, j, v=0.0225):
            from modules.mkba import present_value
            return present_value(b, j, v)
    """,
    "from package inside": """
        def f(b, j, v=0.0225):
            from modules import mkba
            return mkba.present_value(b, j, v)
    """,
    "alias at the top": """
        import modules.mkba as rekenhulp
        def f(b, j, v=0.0225):
            return rekenhulp.present_value(b, j, v)
    """,
    "function imported at the top": """
        from modules.mkba import present_value as pv
        def f(b, j, v=0.0225):
            return pv(b, j, v)
    """,
    "through a helper": """
        import modules.mkba as m
        def hulp(b, j, v):
            return m.present_value(b, j, v)
        def f(b, j, v=0.0225):
            return hulp(b, j, v)
    """,
    "through a helper of a helper": """
        def hulp2(b, j, v):
            from modules.mkba import present_value
            return present_value(b, j, v)
        def hulp(b, j, v):
            return hulp2(b, j, v)
        def f(b, j, v=0.0225):
            return hulp(b, j, v)
    """,
    "inside a generator expression": """
        from modules import mkba
        def f(stromen, v=0.0225):
            return sum(mkba.present_value(b, j, v) for j, b in enumerate(stromen))
    """,
    "helper called in a comprehension": """
        import modules.mkba as m
        def hulp(b, j, v):
            return m.present_value(b, j, v)
        def f(stromen, v=0.0225):
            return sum([hulp(b, j, v) for j, b in enumerate(stromen)])
    """,
    "default argument": """
        from modules.mkba import present_value
        def f(b, j, v=0.0225, pv=present_value):
            return pv(b, j, v)
    """,
    "closure": """
        import modules.mkba as m
        def maak():
            rekenhulp = m
            def f(b, j, v=0.0225):
                return rekenhulp.present_value(b, j, v)
            return f
        f = maak()
    """,
    "another module of the package": """
        from modules import income
        def f(b, j, v=0.0225):
            return income.__name__ and b / (1 + v) ** j
    """,
}

WRITES_IT_ITSELF = {
    "plain arithmetic": """
        def f(b, j, v=0.0225):
            return b / (1 + v) ** j
    """,
    "own helper, math and a generator": """
        import math
        def hulp(b, j, v):
            return b / (1 + v) ** j
        def f(stromen, v=0.0225):
            return math.fsum(hulp(b, j, v) for j, b in enumerate(stromen))
    """,
    "recursive helpers": """
        def even(n):
            return n == 0 or oneven(n - 1)
        def oneven(n):
            return n != 0 and even(n - 1)
        def f(n):
            return even(n)
    """,
    "pandas": """
        import pandas as pd
        def f(tabel, v=0.0225):
            return (tabel["bedrag"] / (1 + v) ** tabel["jaar"]).groupby(tabel["actor"]).sum()
    """,
    "a name like the module's, as a string and a local": """
        def f(b, j, v=0.0225):
            tekst = "modules.mkba"
            uitkomst = b / (1 + v) ** j
            return uitkomst if tekst else 0
    """,
}


@pytest.mark.parametrize("learner", LEANS_ON_MKBA.values(), ids=LEANS_ON_MKBA.keys())
def test_guard_catches_a_function_that_leans_on_the_module(learner):
    assert _leans(MKBA, learner) is True


@pytest.mark.parametrize("learner", WRITES_IT_ITSELF.values(), ids=WRITES_IT_ITSELF.keys())
def test_guard_accepts_a_function_written_by_the_learner(learner):
    assert _leans(MKBA, learner) is False


class _Proxy:
    """What the clean grading process hands the guard: only the learner function's name."""

    asd_learner_name = "f"


@pytest.mark.parametrize("leans", [True, False], ids=["leans", "writes it itself"])
def test_in_the_clean_process_the_guard_reads_the_same_code_as_text(leans):
    from grading import eigen_werk

    namespace = {"__name__": "__main__"}
    exec(MKBA.code, namespace)
    for learner in (LEANS_ON_MKBA if leans else WRITES_IT_ITSELF).values():
        eigen_werk.set_context([textwrap.dedent(learner)], {})
        try:
            assert namespace[MKBA.function](_Proxy()) is leans, learner
        finally:
            eigen_werk.set_context([], {})


def test_guard_takes_the_forbidden_names_it_is_given():
    guard = no_helper_guard(("json",), function="_gebruikt_json")
    assert guard.function == "_gebruikt_json"
    assert _leans(guard, "import json as j\ndef f(x):\n    return j.dumps(x)\n") is True
    assert _leans(guard, "def f(x):\n    from json import dumps\n    return dumps(x)\n") is True
    # The MKBA guard's names are not this one's: modules.mkba is allowed here.
    assert _leans(guard, LEANS_ON_MKBA["alias at the top"]) is False
    assert _leans(guard, WRITES_IT_ITSELF["plain arithmetic"]) is False


def test_guard_names_its_function_after_the_module_and_refuses_what_is_no_name():
    assert no_helper_guard(("modules", "schulden")).function == "_leunt_op_schulden"
    for bad in (("modules", 'mkba"}; import os; {"'), ()):
        with pytest.raises(ValueError):
            no_helper_guard(bad)


# ---------------------------------------------------------------- points


def _graded(grade_id: str, points: float):
    return _test(grade_id=grade_id, points=points)


def test_points_of_counts_only_graded_cells():
    cells = [locked_markdown("toets_kop", "kop"), answer_code("toets_a_antwoord", "x = 1"),
             _graded("toets_a_een", 1), _graded("toets_a_twee", 2),
             answer_markdown("toets_f_advies", 3, "advies")]
    assert points_of(cells) == 6 and isinstance(points_of(cells), int)
    # Points left on a cell that is not graded (a task, an old grade) do not count.
    stale = nbformat.v4.new_markdown_cell("oud", metadata={"nbgrader": {"grade": False, "points": 5}})
    assert points_of([*cells, stale]) == 6
    assert points_of([_graded("toets_a_half", 0.5)]) == 0.5
    assert points_of([]) == 0


def test_part_cells_states_the_points_of_its_cells_in_its_heading():
    one = part_cells("toets_a_opgave", "A", "één bedrag", "Uitleg.", [_graded("toets_a_een", 1)])
    assert one[0].source == "## Deel A (1 punt): één bedrag\n\nUitleg."
    three = part_cells("toets_b_opgave", "B", "een reeks", "\nUitleg.\n",
                       [_graded("toets_b_een", 1), _graded("toets_b_twee", 2)])
    assert three[0].source.startswith("## Deel B (3 punten): een reeks\n\nUitleg.")
    assert _meta(three[0])["locked"] and len(three) == 3


def _notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def test_check_heading_points_returns_the_points_per_part():
    nb = _notebook(
        locked_markdown("toets_kop", "# Opdracht"),
        *part_cells("toets_a_opgave", "A", "a", "tekst", [_graded("toets_a_een", 1)]),
        *part_cells("toets_b_opgave", "B", "b", "tekst", [_graded("toets_b_een", 2), _graded("toets_b_twee", 0.5)]),
        locked_markdown("toets_einde", "## Klaar?"),
    )
    assert check_heading_points(nb) == {"A": 1, "B": 2.5}


def test_check_heading_points_refuses_a_heading_that_does_not_add_up():
    nb = _notebook(locked_markdown("toets_a_opgave", "## Deel A (2 punten): a"), _graded("toets_a_een", 1),
                   locked_markdown("toets_b_opgave", "## Deel B (1 punt): b"), _graded("toets_b_een", 1))
    with pytest.raises(PointsError, match="Deel A"):
        check_heading_points(nb)


def test_check_heading_points_refuses_points_before_the_first_part_and_a_part_twice():
    early = _notebook(_graded("toets_vooraf", 1), locked_markdown("toets_a_opgave", "## Deel A (1 punt): a"),
                      _graded("toets_a_een", 1))
    with pytest.raises(PointsError, match="before the first part"):
        check_heading_points(early)
    twice = _notebook(locked_markdown("toets_a_opgave", "## Deel A (1 punt): a"), _graded("toets_a_een", 1),
                      locked_markdown("toets_a_weer", "## Deel A (1 punt): a"), _graded("toets_a_twee", 1))
    with pytest.raises(PointsError, match="twice"):
        check_heading_points(twice)


def test_assemble_notebook_checks_points_ids_and_sets_the_metadata():
    cells = part_cells("toets_a_opgave", "A", "a", "tekst", [_graded("toets_a_een", 1)])
    nb = assemble_notebook(cells)
    assert nb.metadata == ab.NOTEBOOK_METADATA and nb.nbformat == 4
    nbformat.validate(nb)
    with pytest.raises(PointsError):
        assemble_notebook([locked_markdown("toets_a_opgave", "## Deel A (5 punten): a"), _graded("toets_a_een", 1)])
    with pytest.raises(ValueError, match="more than once: toets-x"):
        assemble_notebook([_graded("toets_x", 1), answer_code("toets_x", "x = 2")])


# ---------------------------------------------------------------- questions


def _question(**changes) -> Question:
    fields = dict(assignment="toets", part="E", number=2, check="keuze", title="Een keuze",
                  text="Welke?\n\n- **a.** ja\n- **b.** nee", correct="b", mistake="a", options=2,
                  summary="Deel E: vraag E2, een keuze. Tip: lees goed.", wrong="Dat is het niet.")
    return Question(**{**fields, **changes})


def test_question_cells_for_a_letter_question():
    question, answer, test = question_cells(_question())
    assert question.source.startswith("### Vraag E2: Een keuze\n")
    assert _meta(answer)["grade_id"] == "toets_e_keuze_antwoord" and _meta(answer)["solution"]
    assert 'antwoord_e2 = "b"' in answer.source.split("### BEGIN SOLUTION")[1]
    assert _meta(test)["grade_id"] == "toets_e_keuze" and _meta(test)["points"] == 1
    visible, hidden = test.source.split("### BEGIN HIDDEN TESTS")
    assert "('a', 'b')" in visible and '== "b"' in hidden and '"b"' not in visible


def test_question_cells_for_a_true_false_question_and_the_answer_key():
    q = _question(check="ja", correct=False, mistake=True, options=0)
    test = question_cells(q)[2]
    assert "isinstance(antwoord_e2, bool)" in test.source and "is False" in test.source
    assert question_key([q]) == {"toets_e_ja": {"variable": "antwoord_e2", "answer_id": "toets_e_ja_antwoord",
                                                "correct": False, "mistake": True, "points": 1}}


@pytest.mark.parametrize("changes", [dict(correct="c"), dict(mistake="b"), dict(options=0)])
def test_question_cells_refuse_an_answer_that_does_not_fit(changes):
    with pytest.raises(ValueError):
        question_cells(_question(**changes))


def _choice(options, **changes) -> Question:
    fields = dict(correct="b", mistake="a", summary="Deel E: vraag E2, een keuze. Tip: lees goed.",
                  wrong="Dat is het niet.")
    return choice_question("toets", "E", 2, "keuze", "Een keuze", "\nWelke?\n", options,
                           **{**fields, **changes})


def test_choice_question_letters_and_counts_a_block_of_options():
    q = _choice("""
        ja

        nee
        misschien
    """)
    assert q.options == 3 and (q.correct, q.mistake) == ("b", "a")
    assert q.text == "\nWelke?\n\n- **a.** ja\n- **b.** nee\n- **c.** misschien\n"
    # The same question as one written out by hand, cell for cell.
    by_hand = _question(text=q.text, options=3)
    assert [c.source for c in question_cells(q)] == [c.source for c in question_cells(by_hand)]
    assert "('a', 'b', 'c')" in question_cells(q)[2].source


def test_choice_question_takes_a_sequence_of_options_and_its_points():
    q = _choice(["Post 1", "Post 2"], correct="a", mistake="b", points=2)
    assert q.options == 2 and q.text.endswith("- **a.** Post 1\n- **b.** Post 2\n") and q.points == 2


@pytest.mark.parametrize("options", ["alleen deze", "", list("abcdefghi")])
def test_choice_question_refuses_too_few_or_too_many_options(options):
    with pytest.raises(ValueError, match="options"):
        _choice(options)


def test_choice_question_refuses_a_letter_beyond_its_options():
    with pytest.raises(ValueError):
        question_cells(_choice("ja\nnee", correct="c"))


def test_reading_part_makes_its_questions_from_the_facts_with_a_sorted_key_and_its_cells():
    made = []

    def make(facts):
        made.append(facts)
        return [_question(number=1, check="zeta"), _question(number=2, check="alfa", points=2)]

    part = ab.ReadingPart("toets", "E", case_facts=lambda: "feiten", make=make)
    assert [q.check for q in part.questions("andere feiten")] == ["zeta", "alfa"]
    assert list(part.answer_key()) == ["toets_e_alfa", "toets_e_zeta"]
    assert made == ["andere feiten", "feiten"]  # case_facts() only when no facts are handed in
    cells = part.cells("feiten", "# Ruimte", "In dit deel beantwoord je {count} vragen.")
    assert cells[0].source == "## Deel E (3 punten): de uitkomsten lezen\n\nIn dit deel beantwoord je 2 vragen."
    assert [c.id for c in cells[:4]] == ["toets-e-opgave", "toets-e-kladblok", "toets-e-zeta-vraag", "toets-e-zeta-antwoord"]
    assert cells[1].source == "# Ruimte" and "nbgrader" not in cells[1].metadata
    assert len(cells) == 2 + 3 * 2


def test_reading_part_takes_either_a_question_file_or_questions_in_python():
    with pytest.raises(ValueError, match="either values"):
        ab.ReadingPart("toets", "E", case_facts=lambda: None)
    with pytest.raises(ValueError, match="either values"):
        ab.ReadingPart("toets", "E", case_facts=lambda: None, values=lambda f: {}, make=lambda f: [])


# ---------------------------------------------------------------- the written part

RUBRIC = (ab.Criterion("Uitleg", 2, "je legt uit."), ab.Criterion("Advies", 1, "je kiest."))


def test_a_criterion_is_a_tuple_of_title_points_and_text():
    title, points, text = RUBRIC[0]
    assert (title, points, text) == ("Uitleg", 2, "je legt uit.") == RUBRIC[0]


def test_rubric_markdown_and_points():
    assert rubric_markdown(RUBRIC) == "- **Uitleg** (2 punten): je legt uit.\n- **Advies** (1 punt): je kiest."
    assert rubric_points(RUBRIC) == 3 and rubric_points([]) == 0


def test_advice_part_states_the_rubric_and_grades_the_answer_by_it():
    heading, answer = ab.advice_part("toets", "F", "advies", "\nSchrijf een advies.\n", RUBRIC, "\nDoen.\n")
    assert heading.source == ("## Deel F (3 punten): advies\n\nSchrijf een advies.\n\n"
                              "Je trainer beoordeelt je advies op twee punten:\n\n" + rubric_markdown(RUBRIC))
    assert _meta(heading)["grade_id"] == "toets_f_opgave" and _meta(heading)["locked"]
    assert _meta(answer)["grade_id"] == "toets_f_advies" and answer.cell_type == "markdown"
    assert (_meta(answer)["points"], _meta(answer)["solution"], answer.source) == (3, True, "Doen.")


def test_advice_part_counts_its_criteria_in_words():
    one = ab.advice_part("toets", "G", "advies", "Schrijf.", RUBRIC[:1], "Doen.")[0].source
    assert "op één punt:\n" in one
    with pytest.raises(ValueError, match="criteria"):
        ab.advice_part("toets", "G", "advies", "Schrijf.", [], "Doen.")


# ---------------------------------------------------------------- questions and rubrics from data files

QUESTION_FILE = '''
[[question]]
number = 1
check = "schuld"
kind = "number"
title = "De schuld na {maanden} maanden"
text = """
Hoeveel is de schuld na {maanden} maanden?
"""
correct = "schuld"
mistake = "hoofdsom"
tolerance = 1.0
summary = "Deel F: vraag F1, de schuld. Tip: tel alles op."
wrong = "Nee."

[[question]]
number = 2
check = "keuze"
kind = "choice"
title = "Een keuze"
text = "Welke?"
options = ["ja, {bedrag} euro", "nee, {{niets}}"]
correct = "a"
mistake = "b"
summary = "Deel F: vraag F2, een keuze. Tip: lees goed."
wrong = "Dat is het niet."
points = 2

[[question]]
number = 3
check = "groeit"
kind = "true_false"
title = "Groeit de schuld?"
text = "Groeit de schuld?"
correct = false
summary = "Deel F: vraag F3, groei. Tip: kijk naar de tabel."
wrong = "Kijk nog eens."
'''
VALUES = {"maanden": 12, "schuld": 1234.5, "hoofdsom": 1000.0, "bedrag": "1.800"}

RUBRIC_FILE = '''
[[criterion]]
title = "Uitleg"
points = 2
text = "je legt uit."

[[criterion]]
title = "Advies"
points = 1
text = "je kiest."
'''


CHECK_FILE = """
[[check]]
grade_id = "toets_a_waarde"
points = 2
summary = "Deel A: de waarde. Tip: reken zelf."
visible = '''
assert waarde({"a": 1}) == 1, f"Geef {1} terug."
'''
hidden = '''
assert waarde($tabel) == $uitkomst
'''

[[check]]
grade_id = "toets_a_eigen"
points = 1
guard = true
summary = "Deel A: zelf geschreven. Tip: gebruik modules.toets niet."
visible = "assert callable(waarde)"
hidden = "assert not _leunt_op_toets(waarde), 'Niet voor $$5 te koop.'"
"""
CHECK_VALUES = {"tabel": repr({"b": 2}), "uitkomst": 2}
TOETS_GUARD = no_helper_guard(("modules", "toets"))


def _load_checks(tmp_path, text=CHECK_FILE, values=CHECK_VALUES, guard=TOETS_GUARD):
    (tmp_path / "toets.toml").write_text(text, encoding="utf-8")
    return ab.load_checks("toets", guard=guard, values=values, folder=tmp_path)


def _load_questions(tmp_path, text=QUESTION_FILE, values=VALUES):
    (tmp_path / "toets.toml").write_text(text, encoding="utf-8")
    return ab.load_questions("toets", "F", values, tmp_path)


def _load_rubric(tmp_path, text=RUBRIC_FILE):
    (tmp_path / "toets.toml").write_text(text, encoding="utf-8")
    return ab.load_rubric("toets", tmp_path)


def test_load_questions_fills_the_templates_and_builds_each_kind(tmp_path):
    number, choice, true_false = _load_questions(tmp_path)
    assert number == ab.NumberQuestion(
        "toets", "F", 1, "schuld", "De schuld na 12 maanden", "\nHoeveel is de schuld na 12 maanden?\n",
        correct=1234.5, mistake=1000.0, tolerance=1.0,
        summary="Deel F: vraag F1, de schuld. Tip: tel alles op.", wrong="Nee.")
    # Written in Python, as a builder did before its questions became data.
    assert choice == choice_question(
        "toets", "F", 2, "keuze", "Een keuze", "Welke?", ["ja, 1.800 euro", "nee, {niets}"],
        correct="a", mistake="b", summary="Deel F: vraag F2, een keuze. Tip: lees goed.",
        wrong="Dat is het niet.", points=2)
    assert true_false == Question(
        "toets", "F", 3, "groeit", "Groeit de schuld?", "\nGroeit de schuld?\n", correct=False,
        mistake=True, options=0, summary="Deel F: vraag F3, groei. Tip: kijk naar de tabel.",
        wrong="Kijk nog eens.")


def test_load_rubric_reads_the_criteria_in_order(tmp_path):
    assert _load_rubric(tmp_path) == RUBRIC


def test_load_checks_makes_each_test_cell_as_test_cell_does_with_the_builders_values(tmp_path):
    checks = _load_checks(tmp_path)
    assert list(checks) == ["toets_a_waarde", "toets_a_eigen"] and len(checks) == 2
    # Braces stay as they are (dicts, f-strings); only $name is replaced, and $$ is a $.
    assert checks["toets_a_waarde"] == make_test_cell(
        "toets_a_waarde", 2, "Deel A: de waarde. Tip: reken zelf.",
        'assert waarde({"a": 1}) == 1, f"Geef {1} terug."', "assert waarde({'b': 2}) == 2")
    assert checks["toets_a_eigen"] == make_test_cell(
        "toets_a_eigen", 1, "Deel A: zelf geschreven. Tip: gebruik modules.toets niet.",
        "assert callable(waarde)", "assert not _leunt_op_toets(waarde), 'Niet voor $5 te koop.'",
        guard=TOETS_GUARD)
    with pytest.raises(ab.ContentError, match=r"toets\.toml: there is no check 'toets_a_ander' \(it has: toets_a_waarde, toets_a_eigen\)"):
        checks["toets_a_ander"]


def test_load_checks_needs_no_values_or_guard_where_the_file_names_none(tmp_path):
    first = CHECK_FILE.split("\n\n[[check]]")[0].replace("$tabel) == $uitkomst", '{"b": 2}) == 2')
    assert list(_load_checks(tmp_path, first, values=None, guard=None)) == ["toets_a_waarde"]
    with pytest.raises(ab.ContentError, match=r"check 1 \('toets_a_waarde'\): 'hidden' uses \$tabel, a value the "
                                              r"builder does not give \(it gives: nothing\)"):
        _load_checks(tmp_path, values=None)
    with pytest.raises(ab.ContentError, match=r"check 2 \('toets_a_eigen'\): 'guard' is true, but the builder gives no guard"):
        _load_checks(tmp_path, guard=None)


def test_a_check_the_builder_never_uses_is_reported(tmp_path):
    checks = _load_checks(tmp_path)
    only_one = part_cells("toets_a_opgave", "A", "a", "tekst", [checks["toets_a_waarde"]])
    assert checks.unused(only_one) == ["toets_a_eigen"]
    with pytest.raises(ab.ContentError, match=r"toets\.toml: the check 'toets_a_eigen' is never used"):
        assemble_notebook(only_one, checks=checks)
    with pytest.raises(ab.ContentError, match=r"the check 'toets_a_eigen' is never used"):
        ab.assemble_assignment("toets", "# Opdracht", [], only_one, _part("B", 1), _part("C", 1),
                               hidden_checks="andere getallen", checks=checks)
    both = part_cells("toets_a_opgave", "A", "a", "tekst", [checks["toets_a_waarde"], checks["toets_a_eigen"]])
    assert checks.unused(both) == []
    assemble_notebook(both, checks=checks)


#: A content file with one edit, and what the refusal says after the file's name.
BAD_CONTENT = [
    ("questions", "De schuld na {maanden}", "De schuld na {jaren}", r"question 1 \('schuld'\): 'title' uses \{jaren\}"),
    ("questions", '"ja, {bedrag} euro"', '"ja, {bedrag euro"', r"question 2 \('keuze'\): 'options\[0\]' is no valid template"),
    ("questions", 'kind = "number"', 'kind = "open"', r"question 1: 'kind' must be one of number, choice, true_false"),
    ("questions", 'wrong = "Nee."\n', "", r"question 1: the field 'wrong' is missing"),
    ("questions", "points = 2", "hint = 2", r"question 2: unknown field 'hint'"),
    ("questions", "points = 2", "points = 0", r"question 2 \('keuze'\): 'points' must be a whole number above 0"),
    ("questions", 'correct = "a"', 'correct = "c"', r"question 2 \('keuze'\): 'correct' must be one of the letters a, b"),
    ("questions", 'mistake = "b"', 'mistake = "a"', r"question 2 \('keuze'\): 'mistake' must be another letter"),
    ("questions", 'correct = "schuld"', 'correct = "totaal"', r"question 1 \('schuld'\): 'correct' must name a number"),
    ("questions", 'mistake = "hoofdsom"', 'mistake = "schuld"', r"question 1: toets_f_schuld: the mistake must lie outside the tolerance"),
    ("questions", "correct = false", 'correct = "nee"', r"question 3 \('groeit'\): 'correct' must be true or false"),
    ("questions", 'wrong = "Nee."', "wrong = 'Zeg \"nee\".'", r"question 1 \('schuld'\): 'wrong' stands in a one-line Python string"),
    ("questions", "number = 3", "number = 4", r"question 3: 'number' must be 3"),
    ("questions", 'check = "groeit"', 'check = "keuze"', r"the check 'keuze' stands at more than one question"),
    ("questions", 'check = "groeit"', 'check = "Groeit!"', r"question 3: 'check' must be a grade-id part"),
    ("questions", 'summary = "Deel F: vraag F3', 'summary = "Deel F:\\nvraag F3', r"question 3: toets_f_groeit: the summary must be one line"),
    ("questions", "[[question]]\nnumber = 1", "[[question]\nnumber = 1", r"cannot read it"),
    ("rubric", "points = 2", "points = 0", r"criterion 1: 'points' must be a whole number above 0, not 0"),
    ("rubric", "points = 2", "points = 1.5", r"criterion 1: 'points' must be a whole number above 0, not 1.5"),
    ("rubric", "points = 2", 'points = "2"', r"criterion 1: 'points' must be a whole number above 0, not '2'"),
    ("rubric", "points = 1", "points = true", r"criterion 2: 'points' must be a whole number above 0, not True"),
    ("rubric", 'title = "Advies"', 'title = " "', r"criterion 2: 'title' must be a non-empty text"),
    ("rubric", 'text = "je kiest."', "", r"criterion 2: the field 'text' is missing"),
    ("rubric", "points = 1", "punten = 1", r"criterion 2: the field 'points' is missing"),
    ("rubric", 'text = "je legt uit."', 'text = "je legt uit."\nvoorbeeld = "x"', r"criterion 1: unknown field 'voorbeeld'"),
    ("rubric", "[[criterion]]", "[[criteria]]", r"unknown field 'criteria' \(known: criterion\)"),
    ("rubric", "[[criterion]]\ntitle = \"Uitleg\"", "[criterion\ntitle = \"Uitleg\"", r"cannot read it"),
    ("checks", "points = 2\n", "", r"check 1: the field 'points' is missing"),
    ("checks", "points = 2", "points = 2\nweight = 1", r"check 1: unknown field 'weight' \(known: grade_id, points, summary, visible, hidden, guard\)"),
    ("checks", "points = 2", 'points = "2"', r"check 1 \('toets_a_waarde'\): 'points' must be a whole number above 0, not '2'"),
    ("checks", "points = 1", "points = 0.5", r"check 2 \('toets_a_eigen'\): 'points' must be a whole number above 0, not 0.5"),
    ("checks", "guard = true", 'guard = "ja"', r"check 2 \('toets_a_eigen'\): 'guard' must be true or false, not 'ja'"),
    ("checks", 'visible = "assert callable(waarde)"', "visible = 3", r"check 2 \('toets_a_eigen'\): 'visible' must be a non-empty text, not 3"),
    ("checks", 'grade_id = "toets_a_eigen"', "grade_id = 7", r"check 2: 'grade_id' must be a grade id that starts with 'toets_'"),
    ("checks", 'grade_id = "toets_a_eigen"', 'grade_id = "mkba_a_eigen"', r"check 2: 'grade_id' must be a grade id that starts with 'toets_'"),
    ("checks", 'grade_id = "toets_a_eigen"', 'grade_id = "toets_a_waarde"', r"the grade id 'toets_a_waarde' stands at more than one check"),
    ("checks", "$uitkomst", "$antwoord", r"check 1 \('toets_a_waarde'\): 'hidden' uses \$antwoord, a value the builder does not give \(it gives: tabel, uitkomst\)"),
    ("checks", "$$5", "$5", r"check 2 \('toets_a_eigen'\): 'hidden' has a \$ that names no value .*write \$\$ for a literal \$"),
    ("checks", "_leunt_op_toets(waarde)", "waarde is None", r"check 2 \('toets_a_eigen'\): toets_a_eigen: the hidden tests never call _leunt_op_toets"),
    ("checks", 'summary = "Deel A: de waarde.', 'summary = "Deel A:\\nde waarde.', r"check 1 \('toets_a_waarde'\): toets_a_waarde: the summary must be one line"),
    ("checks", "[[check]]\ngrade_id = \"toets_a_eigen\"", "[[checks]]\ngrade_id = \"toets_a_eigen\"", r"unknown field 'checks' \(known: check\)"),
    ("checks", "[[check]]\ngrade_id = \"toets_a_waarde\"", "[check\ngrade_id = \"toets_a_waarde\"", r"cannot read it"),
]


@pytest.mark.parametrize(("kind", "old", "new", "says"), BAD_CONTENT)
def test_a_bad_content_file_is_refused_naming_the_file_the_entry_and_the_field(tmp_path, kind, old, new, says):
    good, load = {"questions": (QUESTION_FILE, _load_questions), "rubric": (RUBRIC_FILE, _load_rubric),
                  "checks": (CHECK_FILE, _load_checks)}[kind]
    assert old in good  # else the case would test nothing
    with pytest.raises(ab.ContentError, match=r"toets\.toml(: |, )" + says):
        load(tmp_path, good.replace(old, new, 1))


def test_load_questions_refuses_a_missing_or_empty_file(tmp_path):
    with pytest.raises(ab.ContentError, match=r"toets\.toml: cannot read it"):
        ab.load_questions("toets", "F", VALUES, tmp_path)
    with pytest.raises(ab.ContentError, match=r"toets\.toml: the field 'question' is missing"):
        _load_questions(tmp_path, "# nog geen vragen\n")


def test_load_rubric_needs_one_to_eight_criteria(tmp_path):
    criterion = RUBRIC_FILE.split("\n\n")[0] + "\n\n"
    assert len(_load_rubric(tmp_path, criterion * 8)) == 8
    with pytest.raises(ab.ContentError, match=r"toets\.toml: 'criterion' needs 1 to 8 \[\[criterion\]\] tables, not 9"):
        _load_rubric(tmp_path, criterion * 9)
    with pytest.raises(ab.ContentError, match=r"toets\.toml: 'criterion' needs 1 to 8 .*, not 0"):
        _load_rubric(tmp_path, "criterion = []\n")


def _check_files() -> list[str]:
    return sorted(path.stem for path in ab.CHECKS.glob("*.toml"))


@pytest.mark.parametrize("name", _check_files())
def test_every_test_cell_of_a_code_part_is_a_check_of_its_file(name):
    """The builder writes no test cell in Python: each comes from its check file, in the
    file's order, or is a question's. (The build itself refuses a check it does not use.)"""
    builder = discovery.builder(name)
    nb = builder.build_notebook()
    questions = set(builder.answer_key()) if hasattr(builder, "answer_key") else set()
    tests = [_meta(c)["grade_id"] for c in nb.cells
             if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    rows = tomllib.loads((ab.CHECKS / f"{name}.toml").read_text(encoding="utf-8"))["check"]
    assert [t for t in tests if t not in questions] == [row["grade_id"] for row in rows]


@pytest.mark.parametrize("name", _check_files())
def test_a_builder_refuses_a_check_it_never_uses(name, tmp_path, monkeypatch):
    text = (ab.CHECKS / f"{name}.toml").read_text(encoding="utf-8")
    (tmp_path / f"{name}.toml").write_text(text + f'''
[[check]]
grade_id = "{name}_z_vergeten"
points = 1
summary = "Deel Z: vergeten. Tip: geen."
visible = "assert True"
hidden = "assert True"
''', encoding="utf-8")
    monkeypatch.setattr(ab, "CHECKS", tmp_path)
    with pytest.raises(ab.ContentError, match=rf"{name}\.toml: the check '{name}_z_vergeten' is never used"):
        discovery.builder(name).build_notebook()


def test_the_course_has_check_files():
    assert set(_check_files()) >= {"mgv", "mkba", "schulden"}


@pytest.mark.parametrize("folder", ["checks", "rubrics", "questions"])
def test_every_content_file_belongs_to_a_builder_and_is_package_data(folder):
    files = sorted((ab.ROOT / "grading" / folder).glob("*"))
    assert files, f"grading/{folder} is empty"
    patterns = tomllib.loads((ab.ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["grading"]
    for path in files:
        assert path.stem in discovery.builders(), f"{path.name}: no grading/build_{path.stem}_source.py reads it"
        # A file left out of the package data is missing from a (non-editable) install.
        assert any(path.relative_to(ab.ROOT / "grading").match(p) for p in patterns), path.name


# ---------------------------------------------------------------- writing and the command line


def _toy_build():
    return assemble_notebook([
        locked_markdown("toets_kop", "# Toets"),
        *part_cells("toets_a_opgave", "A", "a", "tekst", [answer_code("toets_a_antwoord", "x = 1"),
                                                          _graded("toets_a_een", 1)]),
    ])


TOY = AssignmentBuilder("toets", "toets-opdracht.ipynb", _toy_build,
                        extra_files=lambda: {"tabel.csv": "a,b\n1,2\n"},
                        description="Write the toy assignment.\n\nMore text.")


def test_cli_writes_the_notebook_and_its_files_into_dest(tmp_path, capsys):
    dest = tmp_path / "nieuw" / "toets"
    assert TOY.main(["--dest", str(dest)]) == 0
    assert sorted(p.name for p in dest.iterdir()) == ["tabel.csv", "toets-opdracht.ipynb"]
    assert (dest / "toets-opdracht.ipynb").read_text(encoding="utf-8") == TOY.notebook_text()
    assert (dest / "tabel.csv").read_bytes() == b"a,b\n1,2\n"
    assert f"wrote {dest / 'tabel.csv'}" in capsys.readouterr().out
    nb = nbformat.read(dest / "toets-opdracht.ipynb", as_version=4)
    assert [c.id for c in nb.cells] == ["toets-kop", "toets-a-opgave", "toets-a-antwoord", "toets-a-een"]


def test_write_returns_the_paths_and_the_text_ends_with_one_newline(tmp_path):
    paths = TOY.write(tmp_path)
    assert paths == [tmp_path / "toets-opdracht.ipynb", tmp_path / "tabel.csv"]
    text = TOY.notebook_text()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert json.loads(text)["metadata"] == ab.NOTEBOOK_METADATA
    assert TOY.source_dir == ab.ROOT / "solutions" / "toets"


def test_cli_help_names_the_default_folder(capsys):
    with pytest.raises(SystemExit):
        TOY.main(["--help"])
    out = capsys.readouterr().out
    assert "Write the toy assignment." in out and "solutions/toets" in out


# ---------------------------------------------------------------- Dutch numbers


@pytest.mark.parametrize("call, expected", [
    (lambda: ab.euro_text(-12_345.6), "-12.300"),
    (lambda: ab.euro_text(-20), "0"),
    (lambda: ab.euro_text(1_234.5, 10), "1.230"),
    (lambda: ab.number_text(1_234.56, 1), "1.234,6"),
    (lambda: ab.percent_text(0.0225, 2), "2,25 procent"),
])
def test_dutch_number_texts(call, expected):
    assert call() == expected


# ---------------------------------------------------------------- shared: whole assignments


def _part(letter, points):
    grade = letter.lower()
    test = _test(f"toets_{grade}_x", points, f"Deel {letter}: x. Tip: y.")
    return part_cells(f"toets_{grade}_opgave", letter, "titel", "Doe dit.", [test])


def test_assemble_assignment_opens_with_the_parts_and_their_points():
    nb = ab.assemble_assignment("toets", "# Opdracht toets\n\nWat je doet.", [plain_code("casus", "x = 1")],
                                [*_part("A", 1), *_part("B", 2)], _part("C", 3), _part("D", 4),
                                hidden_checks="andere getallen")
    ids = [cell.id for cell in nb.cells]
    assert ids[:3] == ["toets-kop", "naam", "casus"] and ids[-1] == "toets-einde"
    head = nb.cells[0].source
    assert head.startswith("# Opdracht toets\n\nWat je doet.\n\n**Zo werk je**")
    assert "delen A tot en met D" in head and "in totaal zijn het er 10" in head
    assert "In de delen A tot en met B schrijf je kleine stukjes code (3 punten)." in head
    assert "In deel C beantwoord je vragen over de uitkomsten (3 punten), en in deel D" in head
    assert "bijvoorbeeld met andere getallen, en bij deel C" in head
    assert head.endswith(ab.BEFORE_HANDING_IN.strip())


def test_assemble_assignment_refuses_mostly_code():
    with pytest.raises(ab.ConclusionError):
        ab.assemble_assignment("toets", "# Opdracht", [], _part("A", 5), _part("B", 1), _part("C", 1),
                               hidden_checks="andere getallen")


def test_number_question_cells_and_key():
    q = ab.NumberQuestion("toets", "F", 1, "schuld", "De schuld", "Hoeveel?", correct=1234.5,
                          mistake=1000.0, tolerance=1.0, summary="Deel F: vraag F1. Tip: tel.",
                          wrong="Nee.")
    question, answer, test = question_cells(q)
    assert (question.id, answer.id, test.id) == ("toets-f-schuld-vraag", "toets-f-schuld-antwoord", "toets-f-schuld")
    assert "antwoord_f1 = 1234.5" in answer.source
    assert "abs_tol=1.0" in test.source and _meta(test)["points"] == 1
    assert question_key([q])["toets_f_schuld"]["tolerance"] == 1.0
    with pytest.raises(ValueError, match="tolerance"):
        (ab.NumberQuestion("toets", "F", 1, "schuld", "T", "?", correct=10.0, mistake=10.5,
                                         tolerance=1.0, summary="Deel F. Tip: x.", wrong="Nee."))
