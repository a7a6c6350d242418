"""The schuldenspiraal calculator, driven the way a learner drives it: set a control, read the screen."""

from __future__ import annotations

import re
from unittest import mock

import pandas as pd
import pytest

from modules import facts, schulden
from widgets import schulden as schulden_widgets
from widgets._common import LIVE_REGION_CLASS, WIDGET_CLASS, format_euro, format_number
from widgets.schulden import CUSTOM, SchuldenCalculator

NBSP = "\u00a0"


def model_comparison(key: str, wait: int) -> pd.DataFrame:
    household, creditors = schulden.preset(key)
    return schulden.vergelijk_hulp(household, creditors, wait)


def shown_comparison(calc: SchuldenCalculator) -> dict[str, tuple[str, str]]:
    """The comparison table as a learner reads it: row label -> (hulp nu, hulp later)."""
    rows = re.findall(r"<tr><th scope='row'[^>]*>(.*?)</th><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>",
                      calc.results.value)
    return {label: (now, later) for label, now, later in rows}


def series(calc: SchuldenCalculator) -> dict[str, list[float]]:
    """Every line of the chart SVG: label -> the values on its data attribute."""
    found = re.findall(r'data-label="([^"]+)" data-values="([^"]+)"', calc.chart_svg)
    return {label: [float(v) for v in values.split()] for label, values in found}


def make_own(calc: SchuldenCalculator, rows: list[tuple[str, str, str, int, bool]]) -> None:
    """Describe an own situation: keep the household, replace the creditors by ``rows``."""
    while calc.count > 1:
        calc.remove_creditor(calc.count - 1)
    for i, values in enumerate(rows):
        if i > 0:
            calc.add_creditor()
        calc.rows[i].set_values(values)


def test_starts_with_the_first_example_and_the_models_comparison() -> None:
    calc = SchuldenCalculator()
    assert calc.preset_choice.value == "alleenstaande_bijstand"
    assert calc.message.text == "" and not calc.stale
    wait = calc.wait.value
    pd.testing.assert_frame_equal(calc.comparison, model_comparison("alleenstaande_bijstand", wait))
    later = calc.comparison.iloc[1]
    shown = shown_comparison(calc)
    assert shown["Schuld als de hulp begint"][1] == format_euro(later["schuld_bij_hulp"])
    assert shown["Verloren aan kosten en rente"] == (format_euro(0), format_euro(later["kosten_en_rente"]))
    assert f"Hulp na {wait} maanden" in calc.results.value


def test_choosing_an_example_fills_every_field() -> None:
    calc = SchuldenCalculator()
    calc.preset_choice.value = "gezin_autolening"
    household, creditors = schulden.preset("gezin_autolening")
    assert calc.household_type.value == "gehuwden"
    assert calc.income.value == "2.150" and calc.income.number == household.netto_inkomen
    assert calc.fixed_costs.value == "1.600"
    assert calc.count == len(creditors) == 5
    for row, creditor in zip(calc.rows, creditors):
        assert row.name.value == creditor.naam
        assert row.kind.value == creditor.soort
        assert row.amount.number == creditor.hoofdsom
        assert row.court.value == (schulden_widgets.NEVER if creditor.executie_na is None
                                   else creditor.executie_na)
        assert row.layout.display is None
    assert calc.rows[5].layout.display == "none"
    assert "Echtpaar met kinderen" in calc.description.value
    pd.testing.assert_frame_equal(calc.comparison, model_comparison("gezin_autolening", calc.wait.value))
    # Back to a smaller example: the extra row is hidden again.
    calc.preset_choice.value = "alleenstaande_bijstand"
    assert calc.count == 4 and calc.rows[4].layout.display == "none"
    assert calc.income.value == "1.369,06"


def test_moving_the_slider_changes_the_comparison_table_and_marker() -> None:
    calc = SchuldenCalculator()
    calc.wait.value = 12
    pd.testing.assert_frame_equal(calc.comparison, model_comparison("alleenstaande_bijstand", 12))
    assert list(calc.comparison.index) == ["hulp nu", "hulp na 12 maanden"]
    costs_12 = calc.comparison.iloc[1]["kosten_en_rente"]
    assert "Hulp na 12 maanden" in calc.results.value and "(maand 12)" in calc.table_view.value
    assert 'data-x="12"' in calc.chart_svg and calc.chart.marker == 12
    calc.wait.value = 36
    assert calc.comparison.iloc[1]["kosten_en_rente"] > costs_12  # waiting costs money
    assert format_euro(calc.comparison.iloc[1]["kosten_en_rente"]) in calc.summary
    assert 'data-x="36"' in calc.chart_svg


def test_every_change_goes_through_the_domain_model() -> None:
    calc = SchuldenCalculator()
    with mock.patch.object(schulden_widgets.schulden, "vergelijk_hulp",
                           wraps=schulden.vergelijk_hulp) as spy:
        calc.wait.value = 20
        calc.income.value = "1.500"
    assert spy.call_count == 2
    household, creditors, wait = spy.call_args.args
    assert wait == 20 and household.netto_inkomen == 1_500.0
    assert [c.naam for c in creditors] == [c.naam for c in schulden.preset("alleenstaande_bijstand")[1]]


def test_the_chart_draws_the_models_debt_per_kind_of_cost() -> None:
    calc = SchuldenCalculator()
    household, creditors = schulden.preset("alleenstaande_bijstand")
    per_month = schulden.simuleer(household, creditors, maanden=60).totaal_per_maand()
    lines = series(calc)
    assert set(lines) == {*schulden_widgets.POST_LABELS.values(), "totaal"}
    for post, label in schulden_widgets.POST_LABELS.items():
        assert lines[label] == pytest.approx(list(per_month[post]), abs=0.005)
    assert lines["totaal"] == pytest.approx(list(per_month.sum(axis=1)), abs=0.005)
    assert len(lines["totaal"]) == 61  # months 0 to 60
    assert 'role="img"' in calc.chart_svg and "<title>Schuld per maand als niemand helpt</title>" in calc.chart_svg
    assert calc.chart_view.value == calc.chart_svg


def test_a_cjib_creditor_shows_increases_and_a_private_one_does_not() -> None:
    calc = SchuldenCalculator()
    make_own(calc, [("Webwinkel", "particulier", "200", schulden_widgets.NEVER, False)])
    assert calc.message.text == ""
    assert set(series(calc)["verhogingen (CJIB)"]) == {0.0}
    calc.rows[0].kind.value = "cjib"
    lines = series(calc)["verhogingen (CJIB)"]
    # Wahv: +50 % after eight weeks, then +100 % of what is owed: three times the fine.
    assert lines[2] == pytest.approx(100.0) and lines[3] == pytest.approx(400.0)
    assert calc.table.loc["Webwinkel", "kosten"] == pytest.approx(400.0)
    assert calc.table.loc["Webwinkel", "rente"] == 0.0  # a fine bears no statutory interest


def test_the_creditor_table_is_the_claim_when_help_starts() -> None:
    calc = SchuldenCalculator("gezin_autolening")
    calc.wait.value = 24
    household, creditors = schulden.preset("gezin_autolening")
    sim = schulden.simuleer(household, creditors, maanden=24, hulp_na=24)
    assert list(calc.table.index) == [c.naam for c in creditors]
    assert list(calc.table["totaal"]) == list(sim.regeling["vordering"].reindex(calc.table.index))
    seized = sim.betaald.groupby("schuldeiser")["bedrag"].sum()
    assert calc.table["betaald via beslag"].sum() == pytest.approx(seized.sum())
    assert calc.table["betaald via beslag"].sum() == pytest.approx(calc.comparison.iloc[1]["betaald_via_beslag"])
    parts = sim.schuld().reindex(calc.table.index)
    assert list(calc.table["rente"]) == list(parts["rente"])
    loan = "Kredietverstrekker (auto)"
    assert format_number(calc.table.loc[loan, "totaal"]) in calc.table_view.value
    assert "in euro</caption>" in calc.table_view.value


def test_the_summary_says_the_difference_in_plain_dutch() -> None:
    calc = SchuldenCalculator()
    calc.wait.value = 0
    assert calc.summary.startswith("De hulp begint meteen")
    assert calc.comparison.iloc[0].equals(calc.comparison.iloc[1])
    calc.wait.value = 1
    assert calc.summary.startswith("Wie 1 maand wacht")
    calc.wait.value = 30
    now, later = calc.comparison.iloc[0], calc.comparison.iloc[1]
    assert calc.summary.startswith("Wie 30 maanden wacht")
    assert format_euro(later["kosten_en_rente"]) in calc.summary
    received = later["schuldeisers_ontvangen"] - now["schuldeisers_ontvangen"]
    assert f"{format_euro(abs(received))} {'meer' if received >= 0 else 'minder'}" in calc.summary
    assert calc.summary in calc.results.value


def test_the_price_year_and_the_settlement_term_are_stated() -> None:
    calc = SchuldenCalculator()
    assert f"prijspeil {facts.PRICE_YEAR}" in calc.description.value
    assert "(18 maanden)" in calc.results.value  # looptijd_schuldregeling since 1 July 2023
    assert f"€{NBSP}1.301" in shown_comparison(calc)[
        "Huishouden houdt per maand tijdens de schuldregeling (18 maanden)"][0]


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        (lambda c: setattr(c.income, "value", "abc"), "income",
         r"^'Netto inkomen per maand': 'abc' is geen getal.*Toegestaan: \[0; 20\.000\] euro per maand\.$"),
        (lambda c: setattr(c.income, "value", "-5"), "income",
         r"^'Netto inkomen per maand' moet liggen in \[0; 20\.000\] euro per maand; ontvangen: -5"),
        (lambda c: setattr(c.fixed_costs, "value", "1.5"), "fixed_costs",
         r"^'Vaste lasten per maand': '1\.5' is niet eenduidig"),
        (lambda c: setattr(c.rows[1].amount, "value", ""), "rows[1].amount",
         r"^'Bedrag schuldeiser 2': vul een getal in\. Toegestaan: \(0; 1\.000\.000\.000\] euro\.$"),
        (lambda c: setattr(c.rows[1].amount, "value", "-100"), "rows[1].amount",
         r"^'Bedrag schuldeiser 2' moet liggen in \(0; 1\.000\.000\.000\] euro; ontvangen: -100"),
        (lambda c: setattr(c.rows[0].amount, "value", "twaalf"), "rows[0].amount",
         r"^'Bedrag schuldeiser 1': 'twaalf' is geen getal"),
        (lambda c: setattr(c.rows[2].name, "value", "Energieleverancier"), "rows[2].name",
         r"^'Schuldeisers': elke naam mag één keer voorkomen; 'Energieleverancier' staat er vaker in\."),
        (lambda c: setattr(c.rows[2].name, "value", "  "), "rows[2].name",
         r"^Schuldeiser 3: 'Naam' van een schuldeiser moet een niet-lege tekst zijn"),
        (lambda c: setattr(c.rows[3].court, "value", 3), "rows[3].court",
         r"^Schuldeiser 4: 'Rechter of dwangbevel in maand' moet liggen in \[4; 120\] maanden; "
         r"ontvangen: 3"),
    ],
    ids=["inkomen-tekst", "inkomen-negatief", "lasten-punt", "bedrag-leeg", "bedrag-negatief",
         "bedrag-tekst", "dubbele-naam", "lege-naam", "cjib-maand"],
)
def test_bad_input_names_the_field_keeps_the_text_and_the_last_good_output(change, field, expected) -> None:
    calc = SchuldenCalculator()
    good = calc.comparison.copy()
    good_html, good_chart = calc.results.value, calc.chart_svg
    change(calc)
    control = eval(f"calc.{field}", {"calc": calc})  # noqa: S307 - a fixed test expression
    typed = control.value
    assert re.search(expected, calc.message.text), calc.message.text
    assert 'role="alert"' in calc.message.value and "Traceback" not in calc.message.value
    # The last good output stays, said to be the last good one; what was typed stays too.
    assert calc.stale and "laatste invoer die wel klopte" in calc.stale_note.value
    pd.testing.assert_frame_equal(calc.comparison, good)
    assert calc.results.value == good_html and calc.chart_svg == good_chart
    assert control.value == typed
    # Putting the example back brings fresh results and clears the message.
    calc.preset_choice.value = "gezin_autolening"
    calc.preset_choice.value = "alleenstaande_bijstand"
    assert calc.message.text == "" and not calc.stale and calc.stale_note.value == ""


def test_no_creditors_asks_for_one_and_adding_one_recovers() -> None:
    calc = SchuldenCalculator()
    for _ in range(calc.count):
        calc.remove_creditor(0)
    assert calc.count == 0
    assert calc.message.text.startswith("'Schuldeisers' moet 1 tot en met 6 schuldeisers bevatten; ontvangen: 0.")
    assert "Schuldeiser toevoegen" in calc.message.text
    assert calc.stale and calc.comparison is not None
    calc.add_creditor()
    assert calc.message.text.startswith("'Bedrag schuldeiser 1': vul een getal in")
    calc.rows[0].amount.value = "250"
    assert calc.message.text == "" and not calc.stale
    assert list(calc.table.index) == ["Schuldeiser 1"]


def test_removing_a_creditor_moves_the_rows_below_up_and_marks_the_situation_own() -> None:
    calc = SchuldenCalculator()
    below = [row.values() for row in calc.rows[2:4]]
    calc.remove_creditor(1)  # the telecom provider
    assert calc.preset_choice.value == CUSTOM and "Eigen situatie" in calc.description.value
    assert calc.count == 3 and calc.rows[3].layout.display == "none"
    assert [row.values() for row in calc.rows[1:3]] == below
    assert "Telecomaanbieder" not in calc.table.index
    assert calc.message.text == ""


def test_the_list_holds_at_most_six_creditors() -> None:
    calc = SchuldenCalculator()
    calc.add_creditor()
    calc.add_creditor()
    assert calc.count == 6 and calc.add_button.disabled
    calc.add_creditor()
    assert calc.count == 6
    calc.remove_creditor(5)
    assert not calc.add_button.disabled


def test_editing_a_field_makes_it_an_own_situation_and_recomputes() -> None:
    calc = SchuldenCalculator()
    calc.rows[0].btw.value = True
    assert calc.preset_choice.value == CUSTOM
    household, creditors = schulden.preset("alleenstaande_bijstand")
    changed = [schulden.Schuldeiser(c.naam, c.soort, c.hoofdsom, btw=(i == 0), executie_na=c.executie_na)
               for i, c in enumerate(creditors)]
    pd.testing.assert_frame_equal(calc.comparison,
                                  schulden.vergelijk_hulp(household, changed, calc.wait.value))
    # The own situation keeps the fields as they are: nothing typed is overwritten.
    assert calc.rows[0].btw.value is True and calc.income.value == "1.369,06"


def test_an_unexpected_error_is_shown_in_dutch_never_as_a_traceback() -> None:
    calc = SchuldenCalculator()
    with mock.patch.object(schulden_widgets.schulden, "vergelijk_hulp",
                           side_effect=ZeroDivisionError("boom")):
        calc.wait.value = 10
    assert calc.message.text.startswith("Er ging iets mis bij het rekenen.")
    assert "boom" not in calc.message.value and "Traceback" not in calc.message.value
    calc.wait.value = 11
    assert calc.message.text == "" and calc.comparison.index[1] == "hulp na 11 maanden"


def test_no_control_ever_produces_a_traceback() -> None:
    calc = SchuldenCalculator()
    texts = ["1.500", "3.000,50", "1.5", "abc", "", "1e5", "-2.000", "€ 2.000", "0", "20.000,01"]
    with mock.patch("widgets._common.log.exception") as unexpected:
        for key in schulden.PRESETS:
            calc.preset_choice.value = key
            for value in (calc.wait.min, calc.wait.max):
                calc.wait.value = value
            for field in (calc.income, calc.fixed_costs, calc.rows[0].amount):
                for text in texts:
                    field.value = text
                    assert "Traceback" not in calc.message.value
                    if field.number is None:  # text the field cannot use is always explained
                        assert field.error and calc.message.text
            for kind in schulden.SOORTEN:
                calc.rows[0].kind.value = kind
                for month in (schulden_widgets.NEVER, 2, 4, 60):
                    calc.rows[0].court.value = month
                    assert "Traceback" not in calc.message.value
            for household_type in schulden.HUISHOUDTYPES:
                calc.household_type.value = household_type
    unexpected.assert_not_called()  # every message was a Dutch validation message


def test_the_controls_offer_the_models_choices_in_dutch() -> None:
    calc = SchuldenCalculator()
    assert (calc.wait.min, calc.wait.max) == (schulden.WACHTTIJD.low, schulden.WACHTTIJD.high)
    assert [value for _, value in calc.household_type.options] == list(schulden.HUISHOUDTYPES)
    assert [label for label, _ in calc.household_type.options] == [
        "alleenstaande", "alleenstaande ouder", "gehuwden of samenwonenden"]
    assert [label for label, _ in calc.rows[0].kind.options] == ["Particulier", "CJIB"]
    assert [value for _, value in calc.rows[0].kind.options] == list(schulden.SOORTEN)
    assert calc.rows[0].court.options[0][0] == "nooit"
    assert calc.rows[0].court.options[1][1] == schulden.EXECUTIE_NA.low
    assert [p["titel"] for p in schulden.PRESETS.values()] == [label for label, _ in calc.preset_choice.options][:-1]
    assert set(schulden_widgets.POST_LABELS) == set(schulden.POSTEN)
    assert calc.wait_row.children[1].text == f"{calc.wait.value}{NBSP}maanden"


def test_the_dashboard_is_the_calculator_ready_for_a_page_of_its_own() -> None:
    board = schulden_widgets.dashboard()
    assert isinstance(board, SchuldenCalculator) and board.comparison is not None
    # Classes the course's script and styles look for: the root (locked on a static page,
    # full width on a dashboard), the results (announced when they change) and the note.
    assert {"asd-dashboard", "asd-schulden", WIDGET_CLASS} <= set(board._dom_classes)
    assert board.layout.width == "100%" and LIVE_REGION_CLASS in board.results._dom_classes
    assert 'class="asd-static-note" style="display:none"' in board.children[1].value


def test_the_static_figure_draws_the_models_debt_per_kind_of_cost() -> None:
    import matplotlib

    matplotlib.use("Agg")
    fig = schulden_widgets.plot_schuldgroei("alleenstaande_ouder", maanden=36)
    ax = fig.axes[0]
    household, creditors = schulden.preset("alleenstaande_ouder")
    per_month = schulden.simuleer(household, creditors, maanden=36).totaal_per_maand()
    lines = {line.get_label(): line for line in ax.get_lines()}
    for post, label in schulden_widgets.POST_LABELS.items():
        assert list(lines[label].get_ydata()) == pytest.approx(list(per_month[post]))
    assert list(lines["totaal"].get_ydata()) == pytest.approx(list(per_month.sum(axis=1)))
    assert ax.get_title().startswith("Alleenstaande ouder met deeltijdbaan")
    assert ax.get_xlabel() == "maanden na de eerste gemiste betaling"
    assert f"prijspeil {facts.PRICE_YEAR}" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "totaal"


def test_what_is_left_after_the_fixed_costs_is_shown_and_a_shortfall_is_called_one() -> None:
    calc = SchuldenCalculator()
    kept = calc.comparison.iloc[0]["huishouden_houdt"]
    calc.fixed_costs.set_number(950)
    assert f"blijft er {format_euro(kept - 950)} per maand over" in calc.results.value
    calc.fixed_costs.set_number(kept + 100)
    assert f"komt het huishouden {format_euro(100)} per maand tekort" in calc.results.value
