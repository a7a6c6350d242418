"""MKBA's assignment: what its answers say follows from the model, and part E's reasoning mistakes.

The generic round trip (model solution, untouched release, endless loop, typical coding
mistakes from ``tests/mistakes_mkba.py``, feedback) runs for every assignment in
``test_grading_roundtrip.py`` and ``test_feedback.py``. Here: MKBA's content. Parts A to D
are code, E interpretation, F the written advice; the answers of part E follow from
``modules.mkba``; the trainer guide agrees with the assignment; and a second autograde run
grades reasoning mistakes in part E (counting saved bijstand as a gain for society, reading
an internal rate of return without looking at sign changes, ...): each costs exactly its
own question's points, and answers in capitals still count.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbgrader.api import Gradebook

from grading import build_mkba_source as builder
from modules import mkba
from tests.grading_helpers import (  # noqa: F401 (graded_course is a fixture)
    ROOT,
    fill_in,
    graded_course,
    hand_in,
    meta as _meta,
    part as _part,
    points as _points,
    prepare_course,
    run_nbgrader,
    source_notebook,
)

ASSIGNMENT = "mkba"
NOTEBOOK = "mkba-opdracht"
CSV = "casus-schooluitval.csv"
MANUAL_GRADE_ID = "mkba_f_advies"


def _source() -> nbformat.NotebookNode:
    return source_notebook(ASSIGNMENT)


def _grades(course, student: str) -> dict:
    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
        return {
            "score": submission.score,
            "grades": {g.name: {"auto": g.auto_score} for g in submission.grades},
        }


def test_case_csv_equals_the_model_case_table():
    committed = (ROOT / "solutions" / ASSIGNMENT / CSV).read_text(encoding="utf-8")
    table = mkba.case_table(mkba.PRESETS["schooluitval"])
    assert committed == table.to_csv(index=False)
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(committed)), table)


def test_written_answer_is_the_advice_of_part_f():
    manual = [c for c in _source().cells if _meta(c).get("grade") and _meta(c).get("solution")]
    assert [_meta(c)["grade_id"] for c in manual] == [MANUAL_GRADE_ID]


def test_at_least_four_autograded_parts():
    assert len({_part(g) for g in _points(_source())}) >= 4


@pytest.mark.slow
@pytest.mark.parametrize("graded_course", [ASSIGNMENT], indirect=True)
def test_untouched_release_fails_with_a_name_error_only_in_part_e(graded_course):
    errors = [_meta(cell).get("grade_id") for cell in graded_course.autograded("leeg").cells
              for output in cell.get("outputs", []) if output.get("ename") == "NameError"]
    # A NameError only where an answer of part E was never given (its stub stops before it).
    assert all(str(g).startswith("mkba_e_") for g in errors)


def test_at_most_half_of_the_points_come_from_writing_code():
    """Parts A to D are code; part E (interpretation) and F (the written advice) are not."""
    nb = _source()
    points: dict[str, float] = {}
    for cell in nb.cells:
        if _meta(cell).get("grade"):
            part = _part(_meta(cell)["grade_id"])
            points[part] = points.get(part, 0) + _meta(cell)["points"]
    code = sum(points[p] for p in "abcd")
    assert code <= sum(points.values()) / 2
    assert f"In de delen A tot en met D schrijf je kleine stukjes code ({code:g} punten)" in nb.cells[0].source
    # Every interpretation question is autograded from a plain Python value, not from code.
    for cell in nb.cells:
        if _meta(cell).get("solution") and _part(_meta(cell)["grade_id"]) == "e":
            answer = solution_lines(cell)
            assert len(answer) == 1 and re.fullmatch(r"antwoord_e\d = (\"[a-h]\"|True|False)", answer[0]), answer


def test_answer_cells_import_no_model_for_parts_a_and_b():
    """Parts A and B must be the learner's own arithmetic: the model solution shows how."""
    for cell in _source().cells:
        if _meta(cell).get("grade_id") in ("mkba_a_antwoord", "mkba_b_antwoord"):
            assert "modules" not in cell.source and "mkba" not in cell.source


def solution_lines(cell) -> list[str]:
    body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    return [line.strip() for line in body.strip().splitlines()]


def _option_text(grade_id: str, letter: str) -> str:
    """The text of option ``letter`` of a question in part E, as the learner reads it."""
    question = next(c for c in _source().cells if _meta(c).get("grade_id") == f"{grade_id}_vraag")
    match = re.search(rf"^- \*\*{letter}\.\*\* (.+)$", question.source, re.M)
    assert match, (grade_id, letter)
    return match.group(1)


def _key(check: str) -> dict:
    return builder.answer_key()[f"mkba_e_{check}"]


def test_part_e_answers_in_the_notebook_are_the_answer_key():
    source = {_meta(c)["grade_id"]: c for c in _source().cells if _meta(c)}
    for grade_id, key in builder.answer_key().items():
        assert solution_lines(source[key["answer_id"]]) == [f"{key['variable']} = {key['correct']!r}".replace("'", '"')]
        hidden = source[grade_id].source.split("### BEGIN HIDDEN TESTS")[1]
        check = f'== "{key["correct"]}"' if isinstance(key["correct"], str) else f"is {key['correct']!r}"
        assert check in hidden and check not in source[grade_id].source.split("### BEGIN HIDDEN TESTS")[0]
        assert key["mistake"] != key["correct"]


def test_the_transfer_answer_is_the_post_that_nets_to_zero_in_the_case_table():
    table = pd.read_csv(ROOT / "solutions" / ASSIGNMENT / CSV)
    post = _option_text("mkba_e_overdracht", _key("overdracht")["correct"])
    rows = table[table["post"] == post]
    assert rows["actor"].nunique() == 2 and (rows.groupby("jaar")["bedrag"].sum().abs() < 1e-6).all()
    assert "bijstand" in post.lower()
    for letter in "abcd":
        if letter != _key("overdracht")["correct"]:
            other = table[table["post"] == _option_text("mkba_e_overdracht", letter)]
            assert not other.empty and other["actor"].nunique() == 1, letter


def test_no_answer_counts_saved_bijstand_as_a_gain_for_society():
    case = mkba.PRESETS["schooluitval"]
    table = mkba.case_table(case)
    society = mkba.case_npv(case)
    bijstand = table[table["post"].str.contains("bijstand", case=False) & (table["bedrag"] > 0)]
    counted_twice = society + mkba.npv_by_actor(bijstand)["gemeente"]
    right = _option_text("mkba_e_dubbeltelling", _key("dubbeltelling")["correct"])
    assert builder._euro(society) in right and "te hoog" in right
    # The model answer of part F names the NPV for society, never the NPV with the bijstand added.
    advice = next(c.source for c in _source().cells if _meta(c).get("grade_id") == MANUAL_GRADE_ID)
    assert f"ongeveer {builder._euro(society)} euro op" in advice
    assert builder._euro(counted_twice) not in advice
    assert "overdracht" in advice and "geen winst voor de samenleving" in advice


def test_model_advice_follows_chapter_3_on_who_pays_and_the_financing():
    """Chapter 3: the school pays and sees nothing back; a contribution is a transfer."""
    table = mkba.case_table(mkba.PRESETS["schooluitval"])
    saldo = mkba.npv_by_actor(table)
    advice = builder.model_advice()
    assert saldo.idxmin() == "onderwijs" and f"haar saldo is ongeveer {builder._euro(saldo['onderwijs'])} euro" in advice
    assert "verkeerde zak" in advice
    assert "netto contante waarde voor de samenleving blijft gelijk" in advice
    for actor in saldo.index:
        if saldo[actor] > 0:
            assert builder._euro(saldo[actor]) in advice, actor
    if saldo["gemeente"] + saldo["onderwijs"] > 0:
        assert "volledig" in advice and "De helft vergoeden is niet genoeg" in advice
    else:
        assert "gezamenlijk budget" in advice


def test_reading_questions_agree_with_the_model():
    case = mkba.PRESETS["schooluitval"]
    flows = mkba.yearly_flows(mkba.case_table(case))
    # E3: half of the effect left, compared with the break-even point.
    e3 = _option_text("mkba_e_nulalternatief", _key("nulalternatief")["correct"])
    positive = mkba.break_even_effect_size(case) < builder.REMAINING_EFFECT_SHARE
    assert ("blijft positief" in e3) is positive and ("wordt negatief" in e3) is not positive
    # E4: above 1, about society as a whole.
    assert mkba.case_benefit_cost_ratio(case) > 1
    assert "samenleving als geheel" in _option_text("mkba_e_verhouding", _key("verhouding")["correct"])
    # E5: the IRR rule holds for the case (one sign change) and not for the example (two).
    assert builder.sign_change_count(flows) == 1 and mkba.internal_rate_of_return(flows) > mkba.DISCOUNT_RATE
    example = builder.TWO_SIGN_CHANGES
    assert mkba.internal_rate_of_return(example) > mkba.DISCOUNT_RATE > 0 > mkba.net_present_value(example)
    assert _option_text("mkba_e_rentevoet", _key("rentevoet")["correct"]) == "Alleen bij de casus schooluitval."
    # E6 and E7: the widest bar, and whether any one-at-a-time result is negative.
    spread = mkba.tornado(case)
    assert _option_text("mkba_e_tornado", _key("tornado")["correct"]) == spread.loc[0, "invoer"]
    assert _key("teken")["correct"] is bool((spread[["ncw_laag", "ncw_hoog"]] < 0).any().any())


def test_rubric_in_the_trainer_guide_matches_the_assignment():
    """The guide's analytic rubric has a row per criterion, with the points part F states."""
    guide = (ROOT / "book" / "mkba" / "trainershandleiding.md").read_text(encoding="utf-8")
    section = guide.split("(mkba-trainer-rubric)=")[1].split("\n## ")[1]
    rows = re.findall(r"^\| \*\*(.+?)\*\* \((\d+) punten\) \|", section, re.M)
    assert [(name, int(points)) for name, points in rows] == [(t, p) for t, p, _ in builder.RUBRIC]
    manual = next(c for c in _source().cells if _meta(c).get("grade_id") == MANUAL_GRADE_ID)
    assert _meta(manual)["points"] == sum(p for _, p, _ in builder.RUBRIC)
    heading = re.search(r"^\| Criterium \| (.+) \|$", section, re.M).group(1)
    assert [h.strip() for h in heading.split("|")] == ["onvoldoende (0 punten)", "voldoende (1 punt)", "goed (2 punten)"]


def _guide() -> str:
    return (ROOT / "book" / "mkba" / "trainershandleiding.md").read_text(encoding="utf-8")


def test_trainer_guide_lists_the_parts_with_their_points():
    rows = re.findall(r"^\| ([A-F]) \| .+ \| (code|lezen|schrijven) \| (\d+) \|$", _guide(), re.M)
    stated = {part.lower(): int(points) for part, _, points in rows}
    carried: dict[str, float] = {}
    for cell in _source().cells:
        if _meta(cell).get("grade"):
            part = _part(_meta(cell)["grade_id"])
            carried[part] = carried.get(part, 0) + _meta(cell)["points"]
    assert stated == carried
    assert {part.lower() for part, kind, _ in rows if kind == "code"} == set("abcd")


def test_session_plans_add_up_to_the_time_they_claim():
    """Every block's "van tot" matches its duration, the blocks join up, and the total is right."""
    guide = _guide().split("(mkba-trainer-sessieplan)=")[1].split("(mkba-trainer-rollenkaarten)=")[0]
    plans = {"### Eén bijeenkomst van drie uur": [180], "### Twee bijeenkomsten van twee uur": [120, 120]}
    for heading, lengths in plans.items():
        section = guide.split(heading)[1].split("###")[0]
        sessions, current = [], None
        for line in section.splitlines():
            block = re.search(r"\| (\d+) tot (\d+) \| (\d+) \|", line)
            total = re.search(r"\| \*\*Totaal\*\* \| \*\*(\d+)\*\* \|", line)
            if block:
                start, end, minutes = map(int, block.groups())
                assert end - start == minutes, line
                if current is None:
                    current = {"end": 0, "sum": 0}
                assert start == current["end"], line
                current["end"], current["sum"] = end, current["sum"] + minutes
            elif total:
                assert current and current["sum"] == int(total.group(1)) == current["end"]
                sessions.append(current["sum"])
                current = None
        assert sessions == lengths, heading
    assert "Voorbereiding thuis" in guide


# ---------------------------------------------------------------- part E: reasoning mistakes

_MC_FORMAT = "Geef één letter: a, b, c of d."
_BOOL_FORMAT = "Geef True (ja) of False (nee), zonder aanhalingstekens."


def _answer(variable: str, value) -> str:
    return f"{variable} = {value!r}"


def _part_e_submissions(release, source) -> dict[str, nbformat.NotebookNode]:
    key = builder.answer_key()
    mistakes = {k["answer_id"]: _answer(k["variable"], k["mistake"]) for k in key.values()}
    capitals = {k["answer_id"]: _answer(k["variable"], f" {k['correct'].upper()} " if isinstance(k["correct"], str) else k["correct"])
                for k in key.values()}
    invalid = {k["answer_id"]: _answer(k["variable"], f"{k['correct']})" if isinstance(k["correct"], str) else ("ja" if k["correct"] else "nee"))
               for k in key.values()}
    bijstand = key["mkba_e_dubbeltelling"]
    return {
        # Every question of part E answered with its typical mistake, the rest right.
        "denkfouten": fill_in(release, source, mistakes),
        # Only one mistake: the saved bijstand counted as a gain for society.
        "bijstand": fill_in(release, source, {bijstand["answer_id"]: _answer(bijstand["variable"], bijstand["mistake"])}),
        # The right answers in capitals and with spaces around them still count.
        "hoofdletters": fill_in(release, source, capitals),
        # Right in substance, wrong in form ("b)" or "ja"): the visible checks say so.
        "ongeldig": fill_in(release, source, invalid),
    }


@pytest.fixture(scope="module")
def part_e_course(tmp_path_factory):
    """One autograde run over four submissions that differ from the model only in part E."""
    course = tmp_path_factory.mktemp("cursus-deel-e")
    release_dir, release, source = prepare_course(course, ASSIGNMENT)
    hand_in(course, ASSIGNMENT, release_dir, _part_e_submissions(release, source))
    run_nbgrader(course, "autograde", ASSIGNMENT)

    class _Course:
        root = course
        db_url = f"sqlite:///{course / 'gradebook.db'}"
        points = _points(source)

        def autograded(self, student):
            return nbformat.read(Path(course) / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)

    return _Course()


def _lost(course, student: str) -> set[str]:
    grades = _grades(course, student)["grades"]
    assert all(grades[g]["auto"] in (0, course.points[g]) for g in course.points)
    return {g for g in course.points if grades[g]["auto"] == 0}


@pytest.mark.slow
def test_each_reasoning_mistake_costs_exactly_its_own_question(part_e_course):
    assert _lost(part_e_course, "denkfouten") == set(builder.answer_key())


@pytest.mark.slow
def test_counting_saved_bijstand_as_a_social_gain_costs_that_question_only(part_e_course):
    assert _lost(part_e_course, "bijstand") == {"mkba_e_dubbeltelling"}
    result = _grades(part_e_course, "bijstand")
    assert result["score"] == sum(part_e_course.points.values()) - part_e_course.points["mkba_e_dubbeltelling"]


@pytest.mark.slow
def test_letters_count_whatever_their_case(part_e_course):
    assert _lost(part_e_course, "hoofdletters") == set()


@pytest.mark.slow
def test_answers_in_the_wrong_form_get_a_dutch_message(part_e_course):
    assert _lost(part_e_course, "ongeldig") == set(builder.answer_key())
    messages = {}
    for cell in part_e_course.autograded("ongeldig").cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                messages[_meta(cell)["grade_id"]] = (output["ename"], output["evalue"])
    for grade_id, key in builder.answer_key().items():
        expected = _MC_FORMAT if isinstance(key["correct"], str) else _BOOL_FORMAT
        assert messages[grade_id] == ("AssertionError", expected), grade_id
