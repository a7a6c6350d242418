"""The inclusion simulators, driven the way a learner drives them: set a control, read the screen.

What a test reads is what the widget shows (the SVG in the chart area, the sentence, the
tables); what it compares with is computed here from ``modules.inclusie``, never typed.
"""

from __future__ import annotations

import html
import re
from unittest import mock

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from modules import facts, inclusie
from modules._validation import InvalidInput
from modules.cases import case_npv
from modules.discounting import DISCOUNT_RATE
from widgets import inclusie as inclusie_widgets
from widgets._common import LIVE_REGION_CLASS, WIDGET_CLASS, format_euro, format_percent
from widgets.inclusie import (
    SEED,
    WIDGET_HOUSEHOLDS,
    WIDGET_RUNS,
    CirkelSimulator,
    PadenSimulator,
)

NAMES = {key: group.naam for key, group in inclusie.GROUPS.items()}
TOTAL = inclusie_widgets.TOTAL_LABEL
MULTI = [key for key, group in inclusie.GROUPS.items() if group.vragen > 1]

DROPOUT = "Uitval: deel van de aanvragers dat afhaakt"
DAYS = "Dagen tot de hulp begint (mediaan van wie geholpen wordt)"
NON_TAKE_UP = "Niet-gebruik: deel dat geen hulp aanvraagt"
PROFILE = "Wie zijn de niet-gebruikers?"
HOURS = "Uren per week in de cirkel, alle deelnemers samen"
LINES = inclusie_widgets.LINE_LABELS


# ---------------------------------------------------------------------------------------
# Reading the screen, computing from the model
# ---------------------------------------------------------------------------------------


def svg_with_title(shown: str, title: str) -> str:
    """The one chart in the chart area whose title is ``title``."""
    found = [part for part in re.findall(r"<svg.*?</svg>", shown, re.S)
             if f"<title>{html.escape(title)}</title>" in part]
    assert len(found) == 1, f"{len(found)} charts titled {title!r}"
    return found[0]


def shown_bars(sim, title: str) -> dict[str, float]:
    """A bar chart as drawn: bar label -> the value on its data attribute."""
    svg = svg_with_title(sim.chart_view.value, title)
    return {html.unescape(label): float(value)
            for label, value in re.findall(r'<rect [^>]*data-label="([^"]+)" data-value="([^"]+)"', svg)}


def shown_bands(sim, title: str) -> dict[str, tuple[float, float]]:
    svg = svg_with_title(sim.chart_view.value, title)
    return {html.unescape(label): (float(low), float(high)) for label, low, high in
            re.findall(r'class="asd-band" data-label="([^"]+)" data-low="([^"]+)" data-high="([^"]+)"', svg)}


def shown_references(sim, title: str) -> dict[str, float]:
    svg = svg_with_title(sim.chart_view.value, title)
    return {html.unescape(label): float(value) for label, value in
            re.findall(r'class="asd-reference" data-label="([^"]+)" data-value="([^"]+)"', svg)}


def shown_lines(sim) -> dict[str, list[float]]:
    svg = svg_with_title(sim.chart_view.value, HOURS)
    return {html.unescape(label): [float(v) for v in values.split()]
            for label, values in re.findall(r'data-label="([^"]+)" data-values="([^"]+)"', svg)}


def model_means(support: inclusie.Support, measure: str) -> pd.Series:
    """The model's mean of ``measure`` per group at the widget's size, indexed by Dutch name."""
    bands = inclusie.pathway_bands(support, WIDGET_HOUSEHOLDS, WIDGET_RUNS, SEED)
    rows = bands[bands["maat"] == measure].set_index("groep")["gemiddelde"]
    return rows.rename(index={**NAMES, "totaal": TOTAL})


def model_bands(support: inclusie.Support, measure: str) -> pd.DataFrame:
    bands = inclusie.pathway_bands(support, WIDGET_HOUSEHOLDS, WIDGET_RUNS, SEED)
    rows = bands[bands["maat"] == measure].set_index("groep")[["laag", "hoog"]]
    return rows.rename(index={**NAMES, "totaal": TOTAL})


def assert_close(shown: dict[str, float], expected: pd.Series) -> None:
    """Every bar as drawn (two decimals) is the model's value; no bar more, none less."""
    assert list(shown) == list(expected.index)
    assert list(shown.values()) == pytest.approx(list(expected), abs=0.005)


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.fixture(scope="module")
def default_sim() -> PadenSimulator:
    """One simulator at its start, for the tests that only read it."""
    return PadenSimulator()


# ---------------------------------------------------------------------------------------
# Pathways
# ---------------------------------------------------------------------------------------


def test_the_simulator_starts_with_the_models_default_organisation(default_sim) -> None:
    sim = default_sim
    assert sim.support == inclusie.Support()
    assert sim.message.text == "" and not sim.stale
    expected = inclusie.pathway_bands(inclusie.Support(), WIDGET_HOUSEHOLDS, WIDGET_RUNS, SEED)
    pd.testing.assert_frame_equal(sim.bands, expected)
    bars = shown_bars(sim, DROPOUT)
    assert list(bars) == [*NAMES.values(), TOTAL]
    assert_close(bars, model_means(inclusie.Support(), "uitval"))
    assert "Dit is de standaardinrichting" in sim.results.value


def test_the_controls_offer_exactly_the_models_ranges(default_sim) -> None:
    sim = default_sim
    assert (sim.counters.min, sim.counters.max) == (inclusie.COUNTERS.low, inclusie.COUNTERS.high)
    assert (sim.waiting.min, sim.waiting.max) == (inclusie.WAITING_DAYS.low, inclusie.WAITING_DAYS.high)
    assert (sim.outreach.min, sim.outreach.max) == (100 * inclusie.SHARE.low, 100 * inclusie.SHARE.high)
    assert isinstance(sim.coordinator, w.Checkbox) and sim.coordinator.description == "Eén plan, één coördinator"
    circle = CirkelSimulator()
    assert (circle.participants.min, circle.participants.max) == (inclusie.PARTICIPANTS.low, inclusie.PARTICIPANTS.high)
    assert (circle.volunteers.min, circle.volunteers.max) == (inclusie.VOLUNTEERS.low, inclusie.VOLUNTEERS.high)
    assert (circle.years_slider.min, circle.years_slider.max) == (inclusie.CIRCLE_YEARS.low, inclusie.CIRCLE_YEARS.high)
    assert circle.coach_hours.interval == inclusie.COACH_HOURS


def test_every_change_goes_through_the_model() -> None:
    sim = PadenSimulator()
    with mock.patch.object(inclusie_widgets.inclusie, "pathway_bands", wraps=inclusie.pathway_bands) as spy:
        sim.counters.value = 5
        sim.coordinator.value = True
        sim.waiting.value = 60
        sim.outreach.value = 40
    assert spy.call_count == 4
    support, households, runs, seed = spy.call_args.args
    assert support == inclusie.Support(loketten=5, coordinator=True, wachttijd=60, outreach=0.4)
    assert (households, runs, seed) == (WIDGET_HOUSEHOLDS, WIDGET_RUNS, SEED)


def test_turning_the_coordinator_on_lowers_the_shown_dropout_of_multi_question_groups() -> None:
    sim = PadenSimulator()
    before = shown_bars(sim, DROPOUT)
    sim.coordinator.value = True
    after = shown_bars(sim, DROPOUT)
    coordinated = inclusie.Support(coordinator=True)
    assert_close(after, model_means(coordinated, "uitval"))
    for key in MULTI:
        assert after[NAMES[key]] < before[NAMES[key]] - 0.05, key
    # The default's drop-out stays on screen as the reference stroke of every bar.
    assert shown_references(sim, DROPOUT) == pytest.approx(before, abs=0.005)
    assert "procentpunt minder uit dan bij de standaardinrichting" in sim.results.value


def test_more_waiting_days_raise_the_shown_days_to_help() -> None:
    sim = PadenSimulator()
    sim.waiting.value = 14
    short = shown_bars(sim, DAYS)
    sim.waiting.value = 90
    long = shown_bars(sim, DAYS)
    expected = model_means(inclusie.Support(wachttijd=90), "dagen_tot_hulp")
    assert_close(long, expected)
    assert all(long[name] > short[name] for name in long), (short, long)
    assert f"{round(long[TOTAL])} dagen" in svg_with_title(sim.chart_view.value, DAYS)


def test_outreach_lowers_the_shown_non_take_up() -> None:
    sim = PadenSimulator()
    without = shown_bars(sim, NON_TAKE_UP)
    sim.outreach.value = 80
    reached = shown_bars(sim, NON_TAKE_UP)
    expected = model_means(inclusie.Support(outreach=0.8), "niet_aangevraagd")
    assert_close(reached, expected)
    assert all(reached[name] < without[name] for name in reached), (without, reached)
    assert sim.outreach.value == 80 and sim.support.outreach == pytest.approx(0.8)


def test_who_the_non_users_are_is_the_models_profile() -> None:
    sim = PadenSimulator()
    sim.waiting.value = 50
    support = inclusie.Support(wachttijd=50)
    profile = inclusie.non_take_up_profile(inclusie.simulate_pathways(support, WIDGET_HOUSEHOLDS, SEED))
    pd.testing.assert_frame_equal(sim.profile, profile)
    bars = shown_bars(sim, PROFILE)
    strokes = shown_references(sim, PROFILE)
    for key, row in profile.iterrows():
        assert bars[row["naam"]] == pytest.approx(row["aandeel_niet_gebruikers"], abs=0.005)
        assert strokes[row["naam"]] == pytest.approx(row["aandeel_huishoudens"], abs=1e-4)
    assert "aandeel van alle huishoudens" in svg_with_title(sim.chart_view.value, PROFILE)


def test_the_band_is_drawn_as_whiskers_and_written_as_text(default_sim) -> None:
    sim = default_sim
    whiskers = shown_bands(sim, DROPOUT)
    expected = model_bands(inclusie.Support(), "uitval")
    for name, (low, high) in whiskers.items():
        assert (low, high) == pytest.approx(tuple(expected.loc[name]), abs=1e-4)
    assert set(whiskers) == set(shown_bars(sim, DROPOUT))
    lvb = inclusie.GROUPS["lvb"].naam
    row = re.search(rf"<th scope='row'>{re.escape(html.escape(lvb))}</th><td[^>]*>([^<]+)</td>", sim.table_html)
    mean = model_means(inclusie.Support(), "uitval")[lvb]
    low, high = expected.loc[lvb]
    assert html.unescape(row.group(1)) == (f"{format_percent(mean, 0)} ({format_percent(low, 0)} tot "
                                           f"{format_percent(high, 0)})")
    # The page says how many runs of how many households the band is made of.
    assert f"{WIDGET_RUNS} runs van {WIDGET_HOUSEHOLDS} huishoudens" in sim.band_note.value
    assert inclusie_widgets.BAND_LABEL in sim.chart_view.value


@pytest.mark.parametrize("support", [
    inclusie.Support(),
    inclusie.Support(coordinator=True),
    inclusie.Support(loketten=6, wachttijd=120),
    inclusie.Support(loketten=2, coordinator=True, wachttijd=7, outreach=0.5),
], ids=["standaard", "coordinator", "zes-loketten", "twee-loketten-outreach"])
def test_the_summary_names_the_worst_served_group_and_the_gap_to_the_best(support) -> None:
    sim = PadenSimulator()
    sim.counters.value = support.loketten
    sim.coordinator.value = support.coordinator
    sim.waiting.value = support.wachttijd
    sim.outreach.value = round(100 * support.outreach)
    assert sim.support == support
    dropout = model_means(support, "uitval").drop(TOTAL)
    worst, best = dropout.idxmax(), dropout.idxmin()
    assert sim.summary_text == (f"Van de aanvragers in de groep {worst} valt {format_percent(dropout[worst], 0)} "
                                f"uit, tegen {format_percent(dropout[best], 0)} bij {best}.")
    assert NAMES[sim.worst] == worst and NAMES[sim.best] == best
    assert html.escape(sim.summary_text) in sim.results.value


def test_without_referrals_or_waiting_nobody_drops_out() -> None:
    sim = PadenSimulator()
    sim.counters.value = 1
    sim.waiting.value = 0
    assert set(shown_bars(sim, DROPOUT).values()) == {0.0}
    assert sim.summary_text == "In deze inrichting valt in geen enkele groep een aanvrager uit."


def test_reset_brings_back_the_default_with_one_recomputation() -> None:
    sim = PadenSimulator()
    sim.counters.value, sim.coordinator.value, sim.waiting.value, sim.outreach.value = 6, True, 100, 30
    with mock.patch.object(inclusie_widgets.inclusie, "pathway_bands", wraps=inclusie.pathway_bands) as spy:
        sim.reset_button.click()
    assert spy.call_count == 1
    assert sim.support == inclusie.Support()
    assert "Dit is de standaardinrichting" in sim.results.value


def test_a_refused_input_gives_a_dutch_message_with_the_fields_label_and_keeps_the_last_result() -> None:
    sim = PadenSimulator()
    good_results, good_charts = sim.results.value, sim.chart_view.value
    refusal = InvalidInput("wachttijd", "'wachttijd' moet liggen in [0; 180] dagen; ontvangen: 200.")
    with mock.patch.object(inclusie_widgets.inclusie, "pathway_bands", side_effect=refusal):
        sim.waiting.value = 60
    assert sim.message.text.startswith("'Wachttijd per loket' moet liggen in [0; 180] dagen")
    assert 'role="alert"' in sim.message.value and "Traceback" not in sim.message.value
    assert sim.stale and "laatste invoer die wel klopte" in sim.stale_note.value
    assert sim.results.value == good_results and sim.chart_view.value == good_charts
    with mock.patch.object(inclusie_widgets.inclusie, "pathway_bands", side_effect=RuntimeError("kapot")):
        sim.waiting.value = 61
    assert sim.message.text.startswith("Er ging iets mis bij het rekenen.") and "kapot" not in sim.message.text
    sim.waiting.value = 62
    assert sim.message.text == "" and not sim.stale and sim.support.wachttijd == 62


def test_the_simulator_is_accessible_and_one_per_page(default_sim) -> None:
    sim = default_sim
    assert {"asd-inclusie", WIDGET_CLASS} <= set(sim._dom_classes)
    assert LIVE_REGION_CLASS in sim.results._dom_classes
    notes = [c for c in sim.children if isinstance(c, w.HTML) and "asd-static-note" in c.value]
    assert len(notes) == 1
    for svg in re.findall(r"<svg.*?</svg>", sim.chart_view.value, re.S):
        assert 'role="img"' in svg and 'aria-label="' in svg and 'width="100%"' in svg


# ---------------------------------------------------------------------------------------
# The circle
# ---------------------------------------------------------------------------------------


def test_the_circle_starts_with_the_models_years_and_its_floor() -> None:
    sim = CirkelSimulator()
    circle = inclusie.Circle()
    assert sim.circle == circle and sim.message.text == ""
    years = inclusie.circle_years(circle)
    pd.testing.assert_frame_equal(sim.years, years)
    lines = shown_lines(sim)
    assert lines[LINES["onderlinge_hulp"]] == pytest.approx(list(years["onderlinge_hulp"]), abs=0.005)
    assert lines[LINES["professionele_uren"]] == pytest.approx(list(years["professionele_uren"]), abs=0.005)
    floor = inclusie.CIRCLE_PARAMETERS["professionele_uren_vloer"].waarde * circle.deelnemers
    floor_line = lines[LINES["ondergrens"]]
    assert floor_line == pytest.approx([floor] * len(years), abs=0.005)
    # The professional line falls, but stays above its floor.
    professional = lines[LINES["professionele_uren"]]
    assert professional == sorted(professional, reverse=True) and professional[-1] < professional[0]
    assert min(professional) > floor
    assert "ondergrens" in sim.summary_text


def test_more_coach_hours_raise_the_shown_mutual_help() -> None:
    sim = CirkelSimulator()
    sim.coach_hours.value = "2"
    little = shown_lines(sim)[LINES["onderlinge_hulp"]]
    sim.coach_hours.value = "8,5"
    more = shown_lines(sim)[LINES["onderlinge_hulp"]]
    expected = inclusie.circle_years(inclusie.Circle(coachuren=8.5))["onderlinge_hulp"]
    assert more == pytest.approx(list(expected), abs=0.005)
    assert all(b > a for a, b in zip(little[1:], more[1:])) and more[0] == little[0] == 0.0


def test_without_a_coach_no_circle_forms() -> None:
    sim = CirkelSimulator()
    sim.coach_hours.value = "0"
    assert set(shown_lines(sim)[LINES["onderlinge_hulp"]]) == {0.0}
    assert sim.summary_text.startswith("Zonder coachuren groeit er geen onderlinge hulp")


def test_who_pays_is_the_models_table_in_dutch_euro() -> None:
    sim = CirkelSimulator()
    sim.participants.value, sim.volunteers.value, sim.years_slider.value = 12, 2, 8
    circle = inclusie.Circle(deelnemers=12, vrijwilligers=2, jaren=8)
    summary = inclusie.circle_who_pays(circle, DISCOUNT_RATE)
    pd.testing.assert_frame_equal(sim.who_pays, summary)
    shown = text_of(sim.table_html)
    for actor, row in summary.iterrows():
        label = inclusie_widgets.ACTOR_LABELS[actor]
        assert f"{label} {format_euro(row['kosten'])} {format_euro(row['baten'])} {format_euro(row['saldo'])}" in \
            re.sub(r"[ \n\t]+", " ", shown)
    society = case_npv(inclusie.circle_case(circle), DISCOUNT_RATE)
    assert sim.society == pytest.approx(society) and format_euro(society) in shown
    assert f"prijspeil {facts.PRICE_YEAR}" in shown and "over 8 jaar" in shown
    bars = shown_bars(sim, "Saldo per actor (contante waarde)")
    assert bars[inclusie_widgets.ACTOR_LABELS["gemeente"]] == pytest.approx(summary.loc["gemeente", "saldo"], abs=0.005)
    assert format_euro(summary.loc["gemeente", "saldo"]) in sim.summary_text


def test_the_pro_memorie_items_and_the_scenario_note_are_shown() -> None:
    sim = CirkelSimulator()
    items = inclusie.circle_case(inclusie.Circle()).pro_memorie
    assert sim.pro_memorie == tuple(items) and items
    for item in items:
        assert f"<li>{html.escape(item)}</li>" in sim.table_html
    assert "Een scenario, geen voorspelling" in sim.table_html
    assert any("Een scenario, geen voorspelling" in c.value for c in sim.children if isinstance(c, w.HTML))


@pytest.mark.parametrize(("typed", "expected"), [
    ("veel", r"^'Coachuren per week': 'veel' is geen getal"),
    ("4.5", r"^'Coachuren per week': '4\.5' is niet eenduidig"),
    ("25", r"^'Coachuren per week' moet liggen in \[0; 20\] uur per week; ontvangen: 25"),
    ("", r"^'Coachuren per week': vul een getal in\."),
    ("4,25", r"^'Coachuren per week': '4,25' heeft 2 cijfers achter de komma"),
], ids=["tekst", "punt", "te-veel", "leeg", "decimalen"])
def test_a_bad_coach_hours_text_gives_a_dutch_message_and_keeps_the_last_result(typed, expected) -> None:
    sim = CirkelSimulator()
    good_chart, good_summary = sim.chart_view.value, sim.summary_text
    sim.coach_hours.value = typed  # no exception reaches the learner
    assert re.search(expected, sim.message.text), sim.message.text
    assert 'role="alert"' in sim.message.value and "Traceback" not in sim.message.value
    assert sim.stale and "laatste invoer die wel klopte" in sim.stale_note.value
    assert sim.chart_view.value == good_chart and sim.summary_text == good_summary
    assert sim.coach_hours.value == typed
    sim.coach_hours.value = "6"
    assert sim.message.text == "" and not sim.stale and sim.circle.coachuren == 6.0


# ---------------------------------------------------------------------------------------
# Dashboard, page helpers and static figures
# ---------------------------------------------------------------------------------------


def test_the_dashboard_holds_both_simulations_and_fills_its_page() -> None:
    board = inclusie_widgets.dashboard()
    assert "asd-dashboard" in board._dom_classes and board.layout.width == "100%"
    assert isinstance(board.paths, PadenSimulator) and isinstance(board.circle, CirkelSimulator)
    assert board.paths in board.children and board.circle in board.children
    # The browser tests find a module's widget by ".asd-inclusie.asd-widget": one per page.
    assert "asd-inclusie" in board.paths._dom_classes and "asd-inclusie" not in board.circle._dom_classes
    assert WIDGET_CLASS in board.circle._dom_classes and LIVE_REGION_CLASS in board.circle.results._dom_classes
    notes = [c for sim in (board.paths, board.circle) for c in sim.children
             if isinstance(c, w.HTML) and "asd-static-note" in c.value]
    assert len(notes) == 1


def test_the_parameter_table_lists_every_parameter_with_its_source_and_evidence() -> None:
    for section in ("parameters", "buurtcirkel"):
        shown = inclusie_widgets.parameter_table_html(section)
        table = inclusie.parameter_table(section)
        assert shown.count("<tr>") == len(table) + 1
        for _, row in table.iterrows():
            assert html.escape(row["omschrijving"]) in shown
            assert html.escape(row["bron"] or "geen") in shown
        assert "<caption" in shown and "scope='col'>Bewijs</th>" in shown
    assert "inspectie-szw-2021-niet-gebruik-bijstand" in inclusie_widgets.parameter_table_html()


def test_the_static_dropout_figure_draws_the_models_bands_for_both_organisations() -> None:
    fig = inclusie_widgets.plot_uitval_per_groep(households=300, runs=4)
    try:
        ax = fig.axes[0]
        bars = [p for p in ax.patches]
        assert len(bars) == 2 * (len(NAMES) + 1)
        for i, support in enumerate((inclusie.Support(), inclusie.Support(coordinator=True))):
            bands = inclusie.pathway_bands(support, 300, 4, SEED)
            means = bands[bands["maat"] == "uitval"]["gemiddelde"].to_numpy()
            widths = [bar.get_width() for bar in bars[i * len(means):(i + 1) * len(means)]]
            assert widths == pytest.approx(list(means))
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == [*NAMES.values(), TOTAL]
        assert "coördinator" in ax.get_title() and "uitval" in ax.get_xlabel()
    finally:
        plt.close(fig)


def test_the_static_circle_figure_draws_the_models_years_and_the_floor() -> None:
    circle = inclusie.Circle(deelnemers=12, coachuren=6)
    fig = inclusie_widgets.plot_buurtcirkel(circle)
    try:
        ax = fig.axes[0]
        years = inclusie.circle_years(circle)
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert list(lines[LINES["onderlinge_hulp"]].get_ydata()) == pytest.approx(list(years["onderlinge_hulp"]))
        assert list(lines[LINES["professionele_uren"]].get_ydata()) == pytest.approx(list(years["professionele_uren"]))
        floor = inclusie.CIRCLE_PARAMETERS["professionele_uren_vloer"].waarde * 12
        assert np.unique(lines[LINES["ondergrens"]].get_ydata()) == pytest.approx([floor])
        assert any("ondergrens" in t.get_text() for t in ax.texts)
        assert "geen voorspelling" in ax.get_title()
    finally:
        plt.close(fig)
