"""The MKBA calculator, driven the way a learner drives it: set a control, read the screen."""

from __future__ import annotations

import re
from unittest import mock

import pytest

from modules import mkba
from widgets import mkba as mkba_widgets
from widgets._common import format_euro, format_number
from widgets.mkba import MKBACalculator


def shown_npv(calc: MKBACalculator) -> str:
    """The NPV as printed in the result panel."""
    match = re.search(r"Netto contante waarde</dt><dd[^>]*><strong>(.*?)</strong>", calc.results.value)
    assert match, "the result panel shows no net present value"
    return match.group(1)


def test_starts_with_the_car_case_at_the_official_rate() -> None:
    calc = MKBACalculator()
    assert calc.case_choice.value == "auto"
    assert calc.rate.value == pytest.approx(2.25)
    assert calc.horizon.value == mkba.PRESETS["auto"].horizon
    assert calc.npv == pytest.approx(mkba.case_npv(mkba.PRESETS["auto"]))
    assert shown_npv(calc) == format_euro(calc.npv)
    assert "Tweedehands auto naar werk" in calc.description.value
    assert calc.message.text == ""


def test_moving_the_rate_slider_recomputes_with_that_rate() -> None:
    calc = MKBACalculator()
    calc.rate.value = 0.0
    undiscounted = calc.npv
    assert undiscounted == pytest.approx(mkba.case_npv(mkba.PRESETS["auto"], rate=0.0))
    calc.rate.value = 5.0
    assert calc.npv == pytest.approx(mkba.case_npv(mkba.PRESETS["auto"], rate=0.05))
    assert calc.npv < undiscounted  # benefits lie in the future, so a higher rate lowers the NPV
    assert "5,00\u00a0%" in calc.results.value


def test_every_control_change_goes_through_the_domain_model() -> None:
    calc = MKBACalculator()
    with mock.patch.object(mkba_widgets.mkba, "case_table", wraps=mkba.case_table) as spy:
        calc.horizon.value = 12
        calc.effect.value = 50.0
    assert spy.call_count == 2
    assert spy.call_args.kwargs == {"horizon": 12, "effect_size": 0.5}


def test_choosing_a_case_resets_the_horizon_and_redraws_the_actor_chart() -> None:
    calc = MKBACalculator()
    calc.case_choice.value = "schooluitval"
    case = mkba.PRESETS["schooluitval"]
    assert calc.horizon.value == case.horizon
    summary = mkba.actor_summary(mkba.case_table(case))
    assert calc.actor_chart.labels == tuple(summary.index)
    assert calc.actor_chart.values == pytest.approx(tuple(summary["saldo"]))
    # The wrong pocket: education pays, and is the only actor left with a loss.
    values = dict(zip(calc.actor_chart.labels, calc.actor_chart.values))
    assert values["onderwijs"] < 0 < values["gemeente"]
    assert "onderwijs" in calc.actor_view.value and "<svg" in calc.actor_view.value


def test_tornado_shows_widest_input_first_and_matches_the_model() -> None:
    calc = MKBACalculator("schooluitval")
    expected = mkba.tornado(mkba.PRESETS["schooluitval"])
    assert [bar.label for bar in calc.tornado_bars] == list(expected["invoer"])
    widths = [abs(bar.npv_high - bar.npv_low) for bar in calc.tornado_bars]
    assert widths == sorted(widths, reverse=True)
    assert "Discontovoet" in calc.tornado_view.value


def test_effect_size_zero_leaves_only_costs() -> None:
    calc = MKBACalculator("schooluitval")
    calc.effect.value = 0.0
    costs = sum(i.amount * (1 + i.end - i.start) for i in mkba.PRESETS["schooluitval"].items
                if not i.effect)
    assert calc.npv < 0
    assert calc.npv == pytest.approx(
        mkba.case_npv(mkba.PRESETS["schooluitval"], effect_size=0.0))
    assert calc.npv >= costs  # discounting can only shrink the costs of year 1
    assert calc.p_positive == 0.0


def test_own_case_uses_the_entered_amounts_and_actors() -> None:
    calc = MKBACalculator()
    calc.case_choice.value = "eigen"
    assert calc.custom_box.layout.display is None  # the own-case fields are shown
    calc.investment.value = 10_000
    calc.yearly_benefit.value = 2_000
    calc.payer.value = "zorgverzekeraar"
    calc.beneficiary.value = "UWV"
    calc.horizon.value = 5
    calc.rate.value = 0.0
    assert calc.npv == pytest.approx(0.0)  # 5 years of 2,000 pay back 10,000 exactly
    values = dict(zip(calc.actor_chart.labels, calc.actor_chart.values))
    assert values == pytest.approx({"UWV": 10_000.0, "zorgverzekeraar": -10_000.0})
    assert calc.bcr == pytest.approx(1.0)
    assert format_number(1.0, 2) in calc.results.value


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("investment", -500.0, r"'Investering' moet liggen in \[0; 10\.000\.000\] euro; ontvangen: -500"),
        ("yearly_benefit", 2e7, r"'Opbrengst per jaar' moet liggen in \[0; 10\.000\.000\] euro per jaar"),
    ],
)
def test_bad_input_shows_a_dutch_message_with_the_field_and_range(field, value, expected) -> None:
    calc = MKBACalculator("eigen")
    getattr(calc, field).value = value
    assert re.search(expected, calc.message.text)
    assert "Traceback" not in calc.message.value
    assert calc.npv is None and calc.results.value == "" and calc.actor_view.value == ""
    # Nothing is lost: correcting the field brings the results straight back.
    getattr(calc, field).value = 1_000.0
    assert calc.message.text == ""
    assert calc.npv is not None


def test_a_case_without_costs_explains_why_there_is_no_ratio() -> None:
    calc = MKBACalculator("eigen")
    calc.investment.value = 0.0
    assert calc.bcr is None
    assert "niet te berekenen: de casus heeft geen kosten" in calc.results.value
    assert calc.message.text == ""


def test_an_unexpected_error_is_shown_in_dutch_never_as_a_traceback() -> None:
    calc = MKBACalculator()
    with mock.patch.object(mkba_widgets.mkba, "tornado", side_effect=ZeroDivisionError("boom")):
        calc.rate.value = 3.0
    assert calc.message.text.startswith("Er ging iets mis bij het rekenen.")
    assert "boom" not in calc.message.value and "Traceback" not in calc.message.value
    calc.rate.value = 2.0
    assert calc.message.text == "" and calc.npv is not None


def test_static_figures_draw_what_the_model_computes() -> None:
    import matplotlib

    matplotlib.use("Agg")
    case = mkba.PRESETS["auto"]
    summary = mkba.actor_summary(mkba.case_table(case))
    fig = mkba_widgets.plot_actors(summary)
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert bars == pytest.approx(list(summary["baten"]) + list(summary["kosten"]) + list(summary["saldo"]))
    result = mkba.monte_carlo(case, n=500, seed=3)
    fig = mkba_widgets.plot_npv_distribution(result)
    assert sum(p.get_height() for p in fig.axes[0].patches) == 500
    assert "kans op NCW > 0" in fig.axes[0].get_title()
    fig = mkba_widgets.plot_tornado(mkba.tornado(case))
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert labels == list(mkba.tornado(case)["invoer"])
    fig = mkba_widgets.plot_discount_factors(10, rates=(0.0, 0.05))
    lines = fig.axes[0].get_lines()
    assert lines[0].get_ydata()[-1] == pytest.approx(1.0)
    assert lines[1].get_ydata()[-1] == pytest.approx(1.05 ** -10)


def test_items_table_lists_every_item_with_its_source() -> None:
    case = mkba.PRESETS["auto"]
    table = mkba_widgets.items_table(case)
    assert list(table.index) == [item.post for item in case.items]
    assert all(table["bron (zie bibliografie)"].str.len() > 0)
    assert table.loc["Aankoop tweedehands auto", "jaren"] == "alleen jaar 0"
    assert "gemeente (van inwoner)" in set(table["actor"])
