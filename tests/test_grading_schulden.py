"""The schulden assignment: what its answers say follows from the model, and its trainer page agrees.

The generic round trip (model solution, untouched release, endless loop, the typical coding
mistakes ``MISTAKES`` of ``tests/mistakes_schulden.py``, feedback) runs for every assignment
in ``test_grading_roundtrip.py`` and ``test_feedback.py``. Here: the content of "Schulden in
kaart". Parts A to E are code, F seven questions on reading the outcomes, G the written
advice.

- The answers of part F follow from ``modules.schulden``: recomputed here from the case as
  the learner's notebook builds it and from the figures the questions state, not from the
  builder's constants.
- The trainer page ``book/schulden/trainershandleiding-beoordeling.md`` agrees with the
  assignment: its rubric is the builder's ``RUBRIC`` and adds up to part G's points, and
  the points per part it shows are the points the notebook carries.

The further typical mistakes (``VARIANTS`` of ``tests/mistakes_schulden.py``, and the typical
wrong answer of each question of part F) are graded for every assignment that has them in
``test_grading_variants.py``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from grading import build_schulden_source as builder
from grading.assignment_builder import euro_text, number_text, percent_text
from modules import facts, schulden
from tests.grading_helpers import (
    ROOT,
    configured_timeout,
    manual_cells,
    meta as _meta,
    part as _part,
    solution_text,
    source_notebook,
    test_cells as _test_cells,
)

ASSIGNMENT = "schulden"
MANUAL_GRADE_ID = "schulden_g_advies"
TRAINER_PAGE = ROOT / "book" / "schulden" / "trainershandleiding-beoordeling.md"
CODE_PARTS = "abcde"


@lru_cache(maxsize=1)
def _source() -> nbformat.NotebookNode:
    return source_notebook(ASSIGNMENT)


def _cell(grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in _source().cells if _meta(c).get("grade_id") == grade_id)


def _points_per_part(nb: nbformat.NotebookNode) -> dict[str, float]:
    carried: dict[str, float] = {}
    for cell in nb.cells:
        if _meta(cell).get("grade"):
            part = _part(_meta(cell)["grade_id"])
            carried[part] = carried.get(part, 0) + _meta(cell)["points"]
    return carried


def _f_tests() -> list[str]:
    """The grade ids of part F's test cells, in notebook order (F1 first)."""
    return [_meta(c)["grade_id"] for c in _test_cells(_source()) if _part(_meta(c)["grade_id"]) == "f"]


def _answer(grade_id: str):
    """The model answer of a question of part F, as the solution cell assigns it."""
    body = _cell(f"{grade_id}_antwoord").source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    (line,) = body.strip().splitlines()
    variable, value = line.split(" = ")
    assert variable == f"antwoord_f{_f_tests().index(grade_id) + 1}"
    return eval(value)  # a literal written by the builder: a number, a letter or True/False


def _question(grade_id: str) -> str:
    return _cell(f"{grade_id}_vraag").source


def _options(grade_id: str) -> dict[str, str]:
    """The options of a multiple-choice question of part F, by letter, as the learner reads them."""
    return dict(re.findall(r"^- \*\*([a-h])\.\*\* (.+)$", _question(grade_id), re.M))


def _right(grade_id: str) -> str:
    return _options(grade_id)[_answer(grade_id)]


def _number(text: str) -> float:
    """A Dutch amount as the assignment writes it (``1.234,50``) as a float."""
    return float(text.replace(".", "").replace(",", "."))


def _stated(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match, pattern
    return _number(match.group(1))


@lru_cache(maxsize=1)
def _learner() -> dict:
    """What the learner's kernel holds after the case and the model answers of parts A to E:
    ``huishouden``, the table ``schuldeisers``, ``naar_schuldeisers``, ``schuld_na``, ..."""
    namespace: dict = {}
    for cell in _source().cells:
        grade_id = _meta(cell).get("grade_id", "")
        if cell.cell_type != "code" or not grade_id:
            continue
        if grade_id in ("schulden_imports", "schulden_casus_laden") or (
                _meta(cell).get("solution") and _part(grade_id) in CODE_PARTS):
            exec(solution_text(cell), namespace)  # noqa: S102 (the course's own notebook)
    return namespace


def _household() -> schulden.Huishouden:
    return _learner()["huishouden"]


def _creditors() -> list[schulden.Schuldeiser]:
    learner = _learner()
    return learner["naar_schuldeisers"](learner["schuldeisers"])


def _wait() -> int:
    """The months the household waits, as question F1 states them."""
    return int(_stated(r"aan het eind van maand (\d+)", _question("schulden_f_schuld")))


def _compare():
    compare = schulden.vergelijk_hulp(_household(), _creditors(), _wait())
    return compare.loc["hulp nu"], compare.loc[f"hulp na {_wait()} maanden"]


# ---------------------------------------------------------------- the shape of the assignment


def test_answers_in_the_notebook_are_the_builders_answer_key():
    """The solution cells, the hidden checks and ``answer_key`` (which the round trip and the
    trainer page use) give the same answers; the typical wrong answer is never the right one."""
    key = builder.answer_key()
    assert sorted(key) == sorted(_f_tests())
    for grade_id, entry in key.items():
        assert _answer(grade_id) == entry["correct"], grade_id
        visible, hidden = _cell(grade_id).source.split("### BEGIN HIDDEN TESTS")
        if isinstance(entry["correct"], str):
            check = f'== "{entry["correct"]}"'
        elif isinstance(entry["correct"], bool):
            check = f"is {entry['correct']!r}"
        else:
            check = f", {entry['correct']!r}, abs_tol={entry['tolerance']!r})"
        assert check in hidden and check not in visible, grade_id
        if "tolerance" in entry:
            assert abs(entry["mistake"] - entry["correct"]) > entry["tolerance"], grade_id
        else:
            assert entry["mistake"] != entry["correct"], grade_id
        assert _meta(_cell(grade_id))["points"] == entry["points"] == 1, grade_id


def test_the_written_answer_is_the_advice_of_part_g():
    assert [_meta(c)["grade_id"] for c in manual_cells(_source())] == [MANUAL_GRADE_ID]


def test_at_most_half_of_the_points_come_from_writing_code():
    points = _points_per_part(_source())
    code = sum(points[p] for p in CODE_PARTS)
    assert set(points) == set("abcdefg")
    assert code <= sum(points.values()) / 2
    header = _source().cells[0].source
    assert f"In de delen A tot en met E schrijf je kleine stukjes code ({code:g} punten)" in header
    assert f"In deel F beantwoord je vragen over de uitkomsten ({points['f']:g} punten)" in header
    assert f"in deel G schrijf je een advies ({points['g']:g} punten)" in header


# ---------------------------------------------------------------- part F follows from the model


def test_the_case_states_the_repayment_capacity_of_the_model():
    """The case's income, protected income, repayment capacity and term are the model's."""
    household = _household()
    text = _cell("schulden_casus_uitleg").source
    protected = schulden.beslagvrije_voet(household.type)
    capacity = schulden.afloscapaciteit(household.type, household.netto_inkomen)
    assert math.isclose(capacity, round(household.netto_inkomen - protected, 2))
    assert 0 < capacity < household.netto_inkomen
    assert _stated(r"netto inkomen van ([\d.,]+) euro per maand", text) == household.netto_inkomen
    assert _stated(r"beslagvrije voet is ([\d.,]+) euro per maand", text) == protected
    assert _stated(r"afloscapaciteit: ([\d.,]+) euro per maand", text) == capacity
    assert _stated(r"schuldregeling duurt (\d+) maanden", text) == facts.value("looptijd_schuldregeling")
    assert _learner()["LOOPTIJD"] == facts.value("looptijd_schuldregeling")


def test_f1_is_the_total_debt_after_the_wait_with_every_cost():
    """F1: what ``schuld_na`` (part C's model answer) gives, summed; the model agrees month by month."""
    months = _wait()
    answer = _answer("schulden_f_schuld")
    by_learner = float(_learner()["schuld_na"](_household(), _learner()["schuldeisers"], months).sum())
    by_model = float(schulden.simuleer(_household(), _creditors(), maanden=months).totaal_per_maand().loc[months].sum())
    assert answer == pytest.approx(by_learner, abs=0.01) == pytest.approx(by_model, abs=0.01)
    principal = float(_learner()["schuldeisers"]["hoofdsom"].sum())
    assert answer > principal + 1_000  # the debt has grown, far beyond the tolerance of 1 euro
    assert f"antwoord_f1), {answer!r}, abs_tol=1.0)" in _cell("schulden_f_schuld").source


def test_f2_a_raise_goes_to_the_creditors_every_month_of_the_term():
    raise_ = _stated(r"stijgt met (\d+) euro per maand", _question("schulden_f_afloscapaciteit"))
    household = _household()
    term = int(facts.value("looptijd_schuldregeling"))
    before = schulden.afloscapaciteit(household.type, household.netto_inkomen)
    after = schulden.afloscapaciteit(household.type, household.netto_inkomen + raise_)
    assert after - before == pytest.approx(raise_)
    # What the creditors get more in the settlement (help now), all of it: debt is still forgiven.
    claims = {c.naam: c.hoofdsom for c in _creditors()}
    offer = {cap: schulden.schuldregeling(claims, cap)["aanbod"].sum() for cap in (before, after)}
    gain = offer[after] - offer[before]
    assert gain == pytest.approx(raise_ * term, abs=0.01)
    assert schulden.schuldregeling(claims, after)["kwijtgescholden"].sum() > 0
    assert _right("schulden_f_afloscapaciteit").startswith(f"{euro_text(gain, 1)} euro:")
    assert "blijft gelijk" in _options("schulden_f_afloscapaciteit")[builder.answer_key()["schulden_f_afloscapaciteit"]["mistake"]]


def test_f3_the_flat_fifteen_percent_is_more_than_the_staffel_allows():
    text = _question("schulden_f_staffel")
    principal = _stated(r"hoofdsom van ([\d.]+) euro", text)
    billed = _stated(r"rekent hij ([\d.,]+) euro incassokosten", text)
    creditor = next(c for c in _creditors() if c.hoofdsom == principal)
    assert "kan de btw verrekenen" in text and creditor.btw is False
    assert billed == pytest.approx(0.15 * principal)
    allowed = float(schulden.incassokosten(principal, btw=creditor.btw))
    # By hand: 15 % of the first 2,500, 10 % of the next 2,500, 5 % of the rest (below 10,000).
    assert 5_000 < principal <= 10_000
    assert allowed == pytest.approx(0.15 * 2_500 + 0.10 * 2_500 + 0.05 * (principal - 5_000))
    assert allowed < billed
    assert _right("schulden_f_staffel").startswith(f"Nee: de staffel geeft hoogstens {number_text(allowed, 2)} euro.")
    assert _options("schulden_f_staffel")[builder.answer_key()["schulden_f_staffel"]["mistake"]].startswith("Ja")


def test_f4_a_payment_goes_to_costs_and_interest_before_the_principal():
    text = _question("schulden_f_betaling")
    month = int(_stated(r"In maand (\d+)", text))
    costs = _stated(r"([\d.,]+) euro incassokosten", text)
    interest = _stated(r"([\d.,]+) euro rente", text)
    principal = _stated(r"de hoofdsom van ([\d.,]+) euro schuldig", text)
    payment = _stated(r"betaalt ([\d.,]+) euro", text)
    shop = next(c for c in _creditors() if "webwinkel" in c.naam.lower())
    owed = schulden.simuleer(_household(), _creditors(), maanden=month).schuld(month).loc[shop.naam]
    assert owed["incassokosten"] + owed["proceskosten"] + owed["verhogingen"] == pytest.approx(costs)
    assert owed["rente"] == pytest.approx(interest) and owed["hoofdsom"] == pytest.approx(principal)
    booked = schulden.boek_betaling(payment, kosten=costs, rente=interest, hoofdsom=principal)
    assert booked.kosten == booked.rente == 0 and booked.over == 0
    assert booked.hoofdsom == pytest.approx(principal - (payment - costs - interest))
    assert _right("schulden_f_betaling").endswith(
        f"de hoofdsom daalt maar met {number_text(principal - booked.hoofdsom, 2)} euro, "
        f"tot {number_text(booked.hoofdsom, 2)} euro.")


def test_f5_the_same_pot_over_a_larger_debt_gives_a_lower_percentage():
    now, later = _compare()
    text = _question("schulden_f_percentage")
    assert f"krijgt elke schuldeiser {percent_text(now['percentage_aanbod'])} van zijn vordering" in text
    assert f"na {_wait()} maanden wachten is dat {percent_text(later['percentage_aanbod'])}" in text
    pot = round(_household().afloscapaciteit * facts.value("looptijd_schuldregeling"), 2)
    assert now["aanbod"] == later["aanbod"] == pytest.approx(pot)
    assert later["schuld_bij_hulp"] > now["schuld_bij_hulp"]
    assert later["percentage_aanbod"] < now["percentage_aanbod"]
    assert f"groeit tot {euro_text(later['schuld_bij_hulp'])} euro" in _right("schulden_f_percentage")
    assert f"de pot gelijk blijft ({euro_text(pot)} euro)" in _right("schulden_f_percentage")
    # "Iets hoger dan je uitkomst bij vraag F1": the seizure stops in the month help starts.
    assert _answer("schulden_f_schuld") < later["schuld_bij_hulp"] < 1.05 * _answer("schulden_f_schuld")
    # The typical wrong answer blames the repayment capacity, which does not change.
    assert "afloscapaciteit" in _options("schulden_f_percentage")[builder.answer_key()["schulden_f_percentage"]["mistake"]]


def test_f6_creditors_receive_more_euros_in_all_when_the_household_waits():
    now, later = _compare()
    assert later["betaald_via_beslag"] > 0 == now["betaald_via_beslag"]
    assert later["schuldeisers_ontvangen"] == pytest.approx(later["betaald_via_beslag"] + later["aanbod"])
    assert _answer("schulden_f_ontvangen") is bool(later["schuldeisers_ontvangen"] > now["schuldeisers_ontvangen"]) is True


def test_f7_yet_they_get_back_less_of_their_principals():
    now, later = _compare()
    assert later["hoofdsom_terugbetaald"] < now["hoofdsom_terugbetaald"]
    right = _right("schulden_f_hoofdsom")
    assert right.startswith("Nee:")
    assert (f"bij hulp nu krijgen ze {percent_text(now['hoofdsom_terugbetaald'])} van de oorspronkelijke hoofdsommen terug, "
            f"na {_wait()} maanden wachten {percent_text(later['hoofdsom_terugbetaald'])}") in right


# ---------------------------------------------------------------- the trainer page


def _page() -> str:
    return TRAINER_PAGE.read_text(encoding="utf-8")


def _rubric_section() -> str:
    return _page().split("(schulden-beoordeling-rubric)=")[1].split("(schulden-beoordeling-formgrader)=")[0]


_DUTCH_COUNT = {2: "twee", 3: "drie", 4: "vier", 5: "vijf"}


def test_rubric_on_the_trainer_page_is_the_builders_rubric():
    """One row per criterion of ``RUBRIC``, with its points, adding up to part G's points."""
    section = _rubric_section()
    rows = re.findall(r"^\| \*\*(.+?)\*\* \((\d+) punt(?:en)?\) \|", section, re.M)
    assert [(name, int(points)) for name, points in rows] == [(t, p) for t, p, _ in builder.RUBRIC]
    total = sum(p for _, p, _ in builder.RUBRIC)
    assert _meta(_cell(MANUAL_GRADE_ID))["points"] == total == _points_per_part(_source())["g"]
    # The levels of the table run from 0 to the points of a criterion.
    heading = re.search(r"^\| Criterium \| (.+) \|$", section, re.M).group(1)
    assert [h.strip() for h in heading.split("|")] == ["onvoldoende (0 punten)", "voldoende (1 punt)", "goed (2 punten)"]
    assert {p for _, p, _ in builder.RUBRIC} == {2}
    assert f"{_DUTCH_COUNT[len(builder.RUBRIC)]} criteria van elk 0, 1 of 2 punten" in section
    # The learner reads the same criteria in part G.
    task = _cell("schulden_g_opgave").source
    assert re.findall(r"^- \*\*(.+?)\*\* \((\d+) punten\):", task, re.M) == [(t, str(p)) for t, p, _ in builder.RUBRIC]
    assert f"op {_DUTCH_COUNT[len(builder.RUBRIC)]} punten" in task


def test_anchor_answers_score_what_the_rubric_allows():
    """Each anchor's total is the sum of its per-criterion scores, each within 0 and the maximum."""
    section = _rubric_section()
    maxima = [p for _, p, _ in builder.RUBRIC]
    anchors = re.findall(r"^\*\*(Goed|Voldoende|Deels goed|Onvoldoende) \((\d+) punten(?:: ([^)]+))?\)\.\*\*$", section, re.M)
    assert [name for name, _, _ in anchors] == ["Goed", "Voldoende", "Deels goed", "Onvoldoende"]
    scores = {"Goed": maxima, "Onvoldoende": [0] * len(maxima)}
    for name, total, detail in anchors:
        if detail == "op elk criterium 1 punt":
            scores[name] = [1] * len(maxima)
        elif detail:
            scores[name] = [int(s) for s in re.split(r", | en ", detail)]
        assert len(scores[name]) == len(maxima) and all(0 <= s <= m for s, m in zip(scores[name], maxima)), name
        assert int(total) == sum(scores[name]), name


def test_points_the_page_writes_per_test_cell_add_up_to_the_part():
    """Under "Deel A" and "Deel D" the page names each test cell with its points."""
    section = _page().split("(schulden-beoordeling-code)=")[1].split("(schulden-beoordeling-vragen)=")[0]
    tests = {part: [c for c in _test_cells(_source()) if _part(_meta(c)["grade_id"]) == part] for part in CODE_PARTS}
    checked = set()
    for block in re.split(r"^### ", section, flags=re.M)[1:]:
        part = re.match(r"Deel ([A-E]):", block).group(1).lower()
        stated = [int(p) for p in re.findall(r"^- \*\*.+?\((\d+) punt(?:en)?\)\.\*\*", block, re.M)]
        if len(tests[part]) > 1:
            assert len(stated) == len(tests[part]), part
            checked.add(part)
        if stated:
            assert sum(stated) == _points_per_part(_source())[part], part
    assert checked == {"a", "d"}


def test_trainer_page_states_the_configured_timeout():
    assert f"Elke cel krijgt bij het nakijken hoogstens {configured_timeout()} seconden" in _page()


@pytest.fixture(scope="module")
def trainer_page() -> nbformat.NotebookNode:
    """The trainer page, executed as the book build executes it (a few seconds)."""
    nb = jupytext.read(TRAINER_PAGE)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(TRAINER_PAGE.parent)}}).execute()
    return nb


def _glued(nb) -> dict[str, str]:
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                values[name] = eval(output["data"]["application/papermill.record/text/plain"])  # a str's repr
    return values


def _tables(nb) -> list[str]:
    return [o["data"]["text/markdown"] for c in nb.cells for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {}) and o["data"]["text/markdown"].startswith("|")]


@pytest.mark.slow
def test_trainer_page_shows_the_points_per_part_of_the_notebook(trainer_page):
    carried = _points_per_part(_source())
    rows = re.findall(r"^\| ([A-G]) \| .+ \| (code|lezen|schrijven) \| (\d+) \|$", _tables(trainer_page)[0], re.M)
    assert {part.lower(): int(points) for part, _, points in rows} == carried
    assert {part.lower() for part, kind, _ in rows if kind == "code"} == set(CODE_PARTS)
    assert [part for part, kind, _ in rows if kind != "code"] == ["F", "G"]
    glued = _glued(trainer_page)
    code = sum(carried[p] for p in CODE_PARTS)
    assert (glued["sb-totaal"], glued["sb-code"], glued["sb-lezen"], glued["sb-punten-g"]) == (
        f"{sum(carried.values()):g}", f"{code:g}", f"{carried['f']:g}", f"{carried['g']:g}")


@pytest.mark.slow
def test_trainer_page_gives_the_answers_of_part_f(trainer_page):
    rows = re.findall(r"^\| (F\d) \| .+? \| (.+?) \| .+ \|$", _tables(trainer_page)[1], re.M)
    assert [label for label, _ in rows] == [f"F{i}" for i in range(1, len(_f_tests()) + 1)]
    for (label, shown), grade_id in zip(rows, _f_tests()):
        answer = _answer(grade_id)
        if isinstance(answer, bool):
            assert shown == f"`{answer}`", label
        elif isinstance(answer, str):
            assert shown == f"**{answer}**", label
        else:
            assert shown == f"{number_text(answer, 2)} (marge 1 euro)", label
    assert _glued(trainer_page)["sb-f1-komma"] == f"{_answer('schulden_f_schuld'):.2f}".replace(".", ",")
