"""The MKBA calculator, driven the way a learner drives it: set a control, read the screen."""

from __future__ import annotations

import html
import re
from unittest import mock

import pytest

from modules import mkba
from widgets import mkba as mkba_widgets
from widgets._common import LIVE_REGION_CLASS, WIDGET_CLASS, format_euro, format_number
from widgets.mkba import MKBACalculator

NBSP = "\u00a0"


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
    # The wrong pocket: education pays. (Who else gains or loses is the model's claim,
    # tested in tests/test_mkba.py; here the chart only has to show it.)
    values = dict(zip(calc.actor_chart.labels, calc.actor_chart.values))
    assert values["onderwijs"] < 0
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
    calc.investment.value = "10.000"
    calc.yearly_benefit.value = "2.000"
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
        ("investment", "-500", r"'Investering' moet liggen in \[0; 10\.000\.000\] euro; ontvangen: -500"),
        ("yearly_benefit", "20.000.000",
         r"'Opbrengst per jaar' moet liggen in \[0; 10\.000\.000\] euro per jaar"),
        ("investment", "1.5", r"^'Investering': '1\.5' is niet eenduidig: gebruik een komma voor "
                              r"decimalen.*Toegestaan: \[0; 10\.000\.000\] euro\.$"),
        ("investment", "abc", r"^'Investering': 'abc' is geen getal.*Toegestaan: \[0; 10\.000\.000\] euro"),
        ("investment", "", r"^'Investering': vul een getal in\. Toegestaan: \[0; 10\.000\.000\] euro"),
        ("investment", "1e5", r"^'Investering': '1e5' is geen getal"),
        ("investment", "-2.000", r"'Investering' moet liggen in \[0; 10\.000\.000\] euro; ontvangen: -2000"),
        ("yearly_benefit", "1,500", r"^'Opbrengst per jaar': '1,500' heeft 3 cijfers achter de komma.*"
                                    r"Bedoel je 1\.500\?.*euro per jaar\.$"),
    ],
)
def test_bad_input_shows_a_dutch_message_with_the_field_and_range(field, value, expected) -> None:
    calc = MKBACalculator("eigen")
    getattr(calc, field).value = value
    assert re.search(expected, calc.message.text), calc.message.text
    assert 'role="alert"' in calc.message.value  # announced to a screen reader
    assert "Traceback" not in calc.message.value
    assert calc.npv is None and calc.results.value == "" and calc.actor_view.value == ""
    assert calc.tornado_view.value == ""
    assert getattr(calc, field).value == value  # what the learner typed stays
    # The description still belongs to the chosen case, not to the one before it.
    assert "Eigen casus" in calc.description.value
    # Nothing is lost: correcting the field brings the results straight back.
    getattr(calc, field).value = "1.000"
    assert calc.message.text == ""
    assert calc.npv is not None


@pytest.mark.parametrize(("text", "amount"), [("1.500", 1500.0), ("3.000,50", 3000.5),
                                              ("4,5", 4.5), ("€ 2.000", 2000.0), ("1500", 1500.0)])
def test_dutch_amounts_are_read_as_a_dutch_reader_means_them(text, amount) -> None:
    calc = MKBACalculator("eigen")
    calc.investment.value = text
    case = mkba.simple_case(amount, 3_000.0, "gemeente", "inwoner", calc.horizon.value)
    expected = mkba.case_npv(case, rate=0.0225, horizon=calc.horizon.value)
    assert calc.message.text == ""
    assert calc.npv == pytest.approx(expected)
    assert shown_npv(calc) == format_euro(expected)
    assert calc.investment.value == text


def test_the_own_case_fields_accept_what_the_model_accepts() -> None:
    # The fields' ranges mirror modules.mkba.simple_case; if the model changes, this fails.
    for field, position in (("investment", 0), ("yearly_benefit", 1)):
        interval = getattr(mkba_widgets, {"investment": "INVESTMENT_RANGE",
                                          "yearly_benefit": "YEARLY_BENEFIT_RANGE"}[field])
        args = [1_000.0, 1_000.0, "gemeente", "inwoner", 5]
        for inside in (interval.low, interval.high):
            args[position] = float(inside)
            mkba.simple_case(*args)
        for outside in (interval.low - 1, interval.high + 1):
            args[position] = float(outside)
            with pytest.raises(ValueError) as info:
                mkba.simple_case(*args)
            assert interval.describe() in str(info.value)


def test_a_case_without_costs_explains_why_there_is_no_ratio() -> None:
    calc = MKBACalculator("eigen")
    calc.investment.value = "0"
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


def test_the_headline_is_the_models_expected_value_not_the_tables_flows() -> None:
    calc = MKBACalculator()
    with mock.patch.object(mkba_widgets.mkba, "case_npv", return_value=123_456.0) as npv, \
            mock.patch.object(mkba_widgets.mkba, "yearly_flows",
                              side_effect=AssertionError("not the headline")):
        calc.rate.value = 3.0
    assert npv.call_args.kwargs == {"rate": 0.03, "horizon": calc.horizon.value,
                                    "effect_size": 1.0}
    assert calc.npv == 123_456.0
    assert shown_npv(calc) == f"€{NBSP}123.456"
    assert calc.message.text == ""


def test_sliders_read_out_dutch_decimals_with_their_unit() -> None:
    calc = MKBACalculator()
    readouts = {name: getattr(calc, f"{name}_row").children[1] for name in ("rate", "horizon", "effect")}
    assert all(getattr(calc, name).readout is False for name in readouts)
    assert readouts["rate"].text == f"2,25{NBSP}%"
    assert readouts["horizon"].text == f"{mkba.PRESETS['auto'].horizon}{NBSP}jaar"
    assert readouts["effect"].text == f"100{NBSP}%"
    calc.rate.value = 3.5
    calc.horizon.value = 10
    calc.effect.value = 55.0
    assert f"3,50{NBSP}%" in readouts["rate"].value
    assert f"10{NBSP}jaar" in readouts["horizon"].value
    assert f"55{NBSP}%" in readouts["effect"].value
    assert 'data-unit="jaar" data-decimals="0"' in readouts["horizon"].value


def test_results_are_a_live_region_and_the_widget_can_be_locked_on_a_static_page() -> None:
    calc = MKBACalculator()
    assert LIVE_REGION_CLASS in calc.results._dom_classes
    assert WIDGET_CLASS in calc._dom_classes and "asd-mkba" in calc._dom_classes
    note = calc.children[1]
    assert "asd-static-note" in note.value and "display:none" in note.value


def test_the_actor_chart_shows_the_models_numbers_on_its_bars() -> None:
    calc = MKBACalculator("schooluitval")
    summary = mkba.actor_summary(mkba.case_table(mkba.PRESETS["schooluitval"]))
    shown = dict(re.findall(r'data-label="([^"]+)" data-value="(-?[\d.]+)"', calc.actor_view.value))
    assert set(shown) == set(summary.index)
    for actor, value in summary["saldo"].items():
        assert float(shown[actor]) == pytest.approx(value, abs=0.01)
    bars = re.findall(r'data-label="([^"]+)" data-low="(-?[\d.]+)" data-high="(-?[\d.]+)"',
                      calc.tornado_view.value)
    assert [b[0] for b in bars] == [bar.label for bar in calc.tornado_bars]
    assert 'role="img"' in calc.actor_view.value and "<title>Netto contante waarde per actor</title>" in calc.actor_view.value
    assert "<title>Gevoeligheid" in calc.tornado_view.value


def test_the_description_always_matches_the_chosen_case() -> None:
    calc = MKBACalculator()
    for key, case in mkba.PRESETS.items():
        calc.case_choice.value = key
        assert case.title in calc.description.value
        assert shown_npv(calc) == format_euro(mkba.case_npv(case, rate=calc.rate.value / 100,
                                                            horizon=calc.horizon.value))


def test_no_control_ever_produces_a_traceback() -> None:
    calc = MKBACalculator()
    texts = ["1.500", "3.000,50", "4,5", "1.5", "abc", "", "1e5", "-2.000", "€ 2.000",
             "10.000.000", "10.000.001", "1,500", "0"]
    with mock.patch.object(mkba_widgets.MessageBox, "run", autospec=True,
                           side_effect=mkba_widgets.MessageBox.run) as run, \
            mock.patch("widgets._common.log.exception") as unexpected:
        for _, key in calc.case_choice.options:
            calc.case_choice.value = key
            for slider in (calc.rate, calc.horizon, calc.effect):
                for value in (slider.min, slider.max, slider.value):
                    slider.value = value
                    assert "Traceback" not in calc.message.value
            if key == mkba_widgets.CUSTOM:
                for field in (calc.investment, calc.yearly_benefit):
                    for text in texts:
                        field.value = text
                        assert "Traceback" not in calc.message.value
                        assert (calc.npv is None) == bool(calc.message.text)
                    field.value = "1.000"
                for actor in mkba.ACTORS:
                    calc.payer.value = actor
                    calc.beneficiary.value = actor
    assert run.call_count > 50
    unexpected.assert_not_called()  # every message was a Dutch validation message


def test_dashboard_is_the_calculator_ready_for_a_page_of_its_own() -> None:
    board = mkba_widgets.dashboard()
    assert isinstance(board, MKBACalculator)
    assert board.layout.max_width == "100%"
    assert "asd-dashboard" in board._dom_classes
    assert board.npv == pytest.approx(mkba.case_npv(mkba.PRESETS["auto"]))


@pytest.mark.parametrize("key", sorted(mkba.PRESETS))
def test_the_case_description_states_the_price_year_and_the_pro_memorie_effects(key):
    calc = mkba_widgets.MKBACalculator(key)
    case = mkba.PRESETS[key]
    text = calc.description.value
    assert f"prijzen van {case.price_year}" in text
    for effect in case.pro_memorie:
        assert html.escape(effect[0].lower() + effect[1:]) in text
    calc.case_choice.value = mkba_widgets.CUSTOM
    assert "prijspeil" not in calc.description.value  # the learner's own amounts have no given year


@pytest.mark.parametrize(("share", "shown"), [
    (1.0, "meer dan 99"), (0.995, "meer dan 99"), (0.99, "99"), (0.5, "50"),
    (0.01, "1"), (0.004, "minder dan 1"), (0.0, "minder dan 1"),
])
def test_a_monte_carlo_share_is_never_shown_as_certainty(share, shown):
    text = mkba_widgets._chance_text(share)
    assert text.startswith(shown) and text.endswith("%")
    assert "100" not in text and not text.startswith("0")


def test_the_results_say_the_chance_holds_only_within_the_cases_ranges():
    calc = mkba_widgets.MKBACalculator("auto")
    assert "binnen de bandbreedtes van de casus" in calc.results.value
