"""Specification of ``modules.mkba``: discounting, NPV, BCR, IRR, actors and uncertainty.

Read top to bottom, this file states what the MKBA model promises:

1. known answers worked out by hand (or by a closed form computed here, never copied
   from the implementation's output);
2. which inputs are refused, with which exception and which Dutch message; invalid values
   are generated from the module's own constraints (``RATE``, ``HORIZON`` ...), so the
   tests follow a bound when it moves;
3. properties that must hold for any input (hypothesis);
4. case tables, presets and their sources.
"""

from __future__ import annotations

import inspect
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from modules import mkba
from modules._validation import Interval
from modules.mkba import (
    ACTORS,
    DISCOUNT_RATE,
    EFFECT_SIZE,
    HORIZON,
    PRESETS,
    RATE,
    TABLE_COLUMNS,
    Case,
    Item,
    actor_summary,
    netted_benefit_cost_ratio,
    case_npv,
    case_table,
    check_table,
    discount_factors,
    internal_rate_of_return,
    monte_carlo,
    net_present_value,
    npv_by_actor,
    present_value,
    simple_case,
    tornado,
    yearly_flows,
)

# YEAR (a year in a table or item) and DRAWS (Monte Carlo draws) are module constraints
# that are not in __all__; the tests still take their bounds from the module.
YEAR = mkba.YEAR
DRAWS = mkba.DRAWS

NAN = float("nan")
INF = float("inf")
BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"

# Property tests: no deadline (CI machines are slow and pandas' first call is slower).
PROPERTY = settings(deadline=None, max_examples=60)
PANDAS_PROPERTY = settings(deadline=None, max_examples=25)


# --------------------------------------------------------------------------------------
# Helpers: invalid values from constraints, small tables and cases
# --------------------------------------------------------------------------------------


def out_of_range(interval: Interval, integer: bool = False) -> list[float]:
    """Values of the right type outside ``interval``: open bounds, just beyond, far beyond.

    For an integer constraint "just beyond" is the next whole number, so the test hits
    the range check and not the whole-number check.
    """
    step = 1 if integer else None
    values = []
    if interval.low is not None:
        low = interval.low
        if not interval.low_closed:
            values.append(low)
        values.append(low - step if integer else float(np.nextafter(low, -INF)))
        values.append(low - 10)
    if interval.high is not None:
        high = interval.high
        if not interval.high_closed:
            values.append(high)
        values.append(high + step if integer else float(np.nextafter(high, INF)))
        values.append(high + 10)
    return values + [NAN, INF, -INF]


def not_whole(interval: Interval) -> list[float]:
    """Fractions inside an integer interval: right range, but not a whole number."""
    return [interval.low + 0.5, interval.high - 0.25]


WRONG_TYPES = ["0.05", None, True, False, [0.05], np.bool_(True)]
# For a horizon, None is not wrong: it means "the case's own horizon" or "the last year".
HORIZON_WRONG_TYPES = [value for value in WRONG_TYPES if value is not None]


def value_error(name: str, interval: Interval) -> str:
    """The parts every range message must carry: the input's name and its interval."""
    return rf"^'{re.escape(name)}' moet .*{re.escape(interval.describe())}"


def type_error(name: str) -> str:
    return rf"^'{re.escape(name)}' moet een getal zijn; ontvangen: "


def table(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def npv_by_hand(flows, rate):
    """Textbook NPV, written out as a loop (independent of the vectorised module code)."""
    total = 0.0
    for year, amount in enumerate(flows):
        total += amount / (1.0 + rate) ** year
    return total


def annuity_factor(rate, years):
    """Present value of 1 euro a year in years 1..years (closed form)."""
    if rate == 0:
        return float(years)
    return (1.0 - (1.0 + rate) ** -years) / rate


def bisect_root(f, low, high, tol=1e-14):
    """Plain bisection, for IRR values the test derives on its own."""
    f_low = f(low)
    assert f_low * f(high) < 0, "bracket does not contain a sign change"
    while high - low > tol:
        mid = (low + high) / 2
        if f_low * f(mid) <= 0:
            high = mid
        else:
            low, f_low = mid, f(mid)
    return (low + high) / 2


SAMPLE_CASE = Case(
    key="proef",
    title="Proefcasus",
    description="Een kleine casus voor de tests.",
    horizon=4,
    items=(
        Item("Investering", "gemeente", -1_000, 0, 0, low=0.8, high=1.2, source="aanname: test"),
        Item("Minder uitkering", "UWV", 300, 1, None, effect=True, low=0.5, high=1.5,
             source="aanname: test", counterpart="inwoner"),
        Item("Loon", "inwoner", 400, 1, None, effect=True, low=0.5, high=1.5, source="aanname: test"),
        Item("Reiskosten", "inwoner", -50, 1, 3, source="aanname: test"),
    ),
)
# The same case by hand: the transfer nets out, the rest is a year-0 cost, 400 euro of
# effect in years 1-4 and 50 euro of cost in years 1-3.
SAMPLE_FIXED_FLOWS = [-1_000, -50, -50, -50, 0]
SAMPLE_EFFECT_FLOWS = [0, 400, 400, 400, 400]


# --------------------------------------------------------------------------------------
# 1. Known answers
# --------------------------------------------------------------------------------------


def test_standard_discount_rate_is_the_official_two_and_a_quarter_percent():
    # Werkgroep Discontovoet (2020): 2.25 % real for every MKBA from 1 January 2021,
    # as a decimal per year (not 2.25), made of a -1 % risk-free part and a 3.25 % risk
    # premium; the standard rate before 2021 was 3 %. No discounting is the reference 0.
    assert DISCOUNT_RATE == 0.0225
    assert mkba.RISK_FREE_RATE == -0.01
    assert mkba.NO_DISCOUNTING == 0.0
    assert mkba.PREVIOUS_DISCOUNT_RATE == 0.03
    for rate in (DISCOUNT_RATE, mkba.RISK_FREE_RATE, mkba.NO_DISCOUNTING, mkba.PREVIOUS_DISCOUNT_RATE):
        assert rate in RATE


@pytest.mark.parametrize(
    "function",
    [present_value, discount_factors, net_present_value, netted_benefit_cost_ratio, actor_summary,
     npv_by_actor, case_npv, mkba.case_benefit_cost_ratio, mkba.break_even_effect_size, tornado,
     monte_carlo],
    ids=lambda f: f.__name__,
)
def test_every_rate_defaults_to_the_standard_rate(function):
    assert inspect.signature(function).parameters["rate"].default == DISCOUNT_RATE


def test_default_rate_is_used_when_none_is_given():
    assert present_value(1_000, 1) == pytest.approx(1_000 / 1.0225, rel=1e-12)
    assert net_present_value([0, 1_022.5]) == pytest.approx(1_000, rel=1e-12)


@pytest.mark.parametrize(
    ("amount", "year", "rate", "expected"),
    [
        (1_000, 1, 0.10, 909.0909090909091),  # 1000 / 1.1
        (1_210, 2, 0.10, 1_000.0),  # 1210 / 1.21
        (1_000, 0, 0.10, 1_000.0),  # year 0 is not discounted
        (1_000, 5, 0.0, 1_000.0),  # a zero rate discounts nothing
        (-2_000, 1, 0.25, -1_600.0),  # a cost stays a cost: -2000 / 1.25
        (1_000, 1, -0.5, 2_000.0),  # a negative rate makes the future worth more
        (1_024, 10, 1.0, 1.0),  # the top of RATE: 1024 / 2**10
    ],
)
def test_present_value_known_answers(amount, year, rate, expected):
    assert present_value(amount, year, rate) == pytest.approx(expected, rel=1e-12)


def test_present_value_returns_a_float():
    assert type(present_value(np.int64(1_000), np.int64(2), np.float64(0.1))) is float


def test_discount_factors_known_answer():
    factors = discount_factors(3, 0.10)
    assert factors.shape == (4,)
    assert factors == pytest.approx([1.0, 1 / 1.1, 1 / 1.21, 1 / 1.331], rel=1e-12)


def test_discount_factors_horizon_zero_is_just_year_zero():
    assert discount_factors(0, 0.10).tolist() == [1.0]


@pytest.mark.parametrize(
    ("flows", "rate", "expected"),
    [
        ([-100, 110], 0.10, 0.0),  # 110 / 1.1 = 100
        ([-1_000, 550, 605], 0.10, 0.0),  # 500 + 500
        ([-1_000, 550, 605], 0.0, 155.0),  # plain sum at rate 0
        ([-500], 0.10, -500.0),  # year 0 alone, undiscounted
        ([0, 0, 121], 0.10, 100.0),
        ([250, -110], 0.10, 150.0),
    ],
)
def test_net_present_value_known_answers(flows, rate, expected):
    assert net_present_value(flows, rate) == pytest.approx(expected, abs=1e-9)


def test_net_present_value_of_a_level_benefit_matches_the_annuity_formula():
    # 2000 euro now for 14,000 euro a year in years 1..10 at 2.25 %, by the closed form.
    expected = -2_000 + 14_000 * annuity_factor(0.0225, 10)
    assert net_present_value([-2_000] + [14_000] * 10) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("flows", "rate", "expected"),
    [
        ([-1_000, 550, 605], 0.10, 1.0),  # PV benefits 1000 = PV costs 1000
        ([-100, 50], 0.0, 0.5),
        ([-100, 30, -20, 110], 0.0, 140 / 120),  # several cost and benefit years
        ([-100, 110], 0.10, 1.0),
        ([-100, 220, -121], 0.10, 1.0),  # a later cost is discounted too: 200 / (100 + 100)
        ([-100, 0], 0.10, 0.0),  # no benefits at all
    ],
)
def test_benefit_cost_ratio_known_answers(flows, rate, expected):
    assert netted_benefit_cost_ratio(flows, rate) == pytest.approx(expected, rel=1e-12)


def test_benefit_cost_ratio_works_on_net_yearly_flows_not_gross_amounts():
    # Year 1 has a cost of 40 and a benefit of 100: a net benefit of 60. The BCR as the
    # module defines it divides net benefit years by net cost years: 60 / 100. The gross
    # view (actor_summary) would give 100 / 140: a different, also defensible number.
    t = table([("gemeente", "investering", 0, -100), ("gemeente", "uitvoering", 1, -40),
               ("inwoner", "baat", 1, 100)])
    flows = yearly_flows(t)
    assert flows.tolist() == [-100.0, 60.0]
    assert netted_benefit_cost_ratio(flows, rate=0.0) == pytest.approx(0.6)
    gross = actor_summary(t, rate=0.0)
    assert gross["baten"].sum() / -gross["kosten"].sum() == pytest.approx(100 / 140)


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-1_000, 1_100], 0.10),
        ([-100, 121], 0.21),  # 1.21 = 1.1 ** 2, but earned in one year: 21 %
        ([-100, 0, 121], 0.10),  # ... and over two years: 10 %
        ([-1_000, 500], -0.5),  # losing money: a negative IRR
        ([-1_000, 5], -0.995),  # far below -0.99, still in (-1; 100]
        ([-1, 51], 50.0),  # far above 1, still in (-1; 100]
        ([1_000, -1_100], 0.10),  # a loan: the signs reversed give the same rate
    ],
)
def test_internal_rate_of_return_known_answers(flows, expected):
    assert internal_rate_of_return(flows) == pytest.approx(expected, abs=1e-9)


def test_internal_rate_of_return_of_an_annuity_matches_an_independent_bisection():
    # 1000 now, 400 a year for three years. Solve 400 * a(r, 3) = 1000 with the closed
    # annuity form and plain bisection, then compare; numpy-financial's irr gives 0.09701.
    own = bisect_root(lambda r: 400 * annuity_factor(r, 3) - 1_000, 0.01, 0.5)
    assert round(own, 4) == 0.0970  # the textbook answer: 9.70 %
    assert internal_rate_of_return([-1_000, 400, 400, 400]) == pytest.approx(own, abs=1e-9)


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        # The examples in numpy-financial's documentation of irr (rounded to 5 decimals).
        ([-100, 39, 59, 55, 20], 0.28095),
        ([-100, 0, 0, 74], -0.0955),
        ([-100, 100, 0, -7], -0.0833),
        ([-100, 100, 0, 7], 0.06206),
        ([-5, 10.5, 1, -8, 1], 0.0886),
    ],
)
def test_internal_rate_of_return_agrees_with_numpy_financial_examples(flows, expected):
    assert round(internal_rate_of_return(flows), 5) == expected


def test_internal_rate_of_return_picks_the_root_closest_to_zero():
    # -1 + 2.6 x - 1.65 x**2 with x = 1 / (1 + r) has roots x = 1/1.1 and x = 1/1.5:
    # rates 0.10 and 0.50. Both make the NPV zero; the documented choice is 0.10.
    flows = [-1, 2.6, -1.65]
    assert npv_by_hand(flows, 0.10) == pytest.approx(0, abs=1e-12)
    assert npv_by_hand(flows, 0.50) == pytest.approx(0, abs=1e-12)
    assert internal_rate_of_return(flows) == pytest.approx(0.10, abs=1e-9)


def test_simple_case_npv_is_the_investment_against_an_annuity():
    case = simple_case(2_000, 14_000, horizon=10)
    for rate in (0.0, DISCOUNT_RATE, 0.10):
        expected = -2_000 + 14_000 * annuity_factor(rate, 10)
        assert case_npv(case, rate) == pytest.approx(expected, rel=1e-12)


def test_simple_case_puts_the_cost_with_the_payer_and_the_benefit_with_the_beneficiary():
    case = simple_case(2_000, 14_000, payer="onderwijs", beneficiary="gemeente", horizon=3)
    per_actor = npv_by_actor(case_table(case), rate=0.0)
    assert per_actor.to_dict() == {"gemeente": 42_000.0, "onderwijs": -2_000.0}


def test_sample_case_npv_by_hand():
    for rate in (0.0, 0.05):
        expected = npv_by_hand(SAMPLE_FIXED_FLOWS, rate) + npv_by_hand(SAMPLE_EFFECT_FLOWS, rate)
        assert case_npv(SAMPLE_CASE, rate) == pytest.approx(expected, rel=1e-12)


def test_case_benefit_cost_ratio_is_gross_per_item_unlike_the_net_yearly_ratio():
    # At rate 0 the sample case has item costs 1000 + 3 * 50 = 1150 and wages 4 * 400 =
    # 1600 (the transfer counts for neither). Netted per year first, years 1-3 become
    # benefits of 350: net flows -1000, 350, 350, 350, 400, so the yearly ratio is 1450 / 1000.
    assert mkba.case_benefit_cost_ratio(SAMPLE_CASE, rate=0.0) == pytest.approx(1_600 / 1_150)
    flows = yearly_flows(case_table(SAMPLE_CASE))
    assert flows.tolist() == [-1_000, 350, 350, 350, 400]
    assert netted_benefit_cost_ratio(flows, rate=0.0) == pytest.approx(1_450 / 1_000)


def test_case_benefit_cost_ratio_of_a_simple_case_is_annuity_over_investment():
    case = simple_case(2_000, 300, horizon=10)
    expected = 300 * annuity_factor(0.05, 10) / 2_000
    assert mkba.case_benefit_cost_ratio(case, rate=0.05) == pytest.approx(expected, rel=1e-12)


def test_case_benefit_cost_ratio_needs_a_cost():
    only_benefits = Case("b", "t", "d", (Item("Loon", "inwoner", 100, source="aanname: test"),))
    with pytest.raises(ValueError, match=r"^De casus heeft geen kosten"):
        mkba.case_benefit_cost_ratio(only_benefits)
    # A transfer is a cost to one actor only, not to society: still no cost.
    with_transfer = Case("b", "t", "d", (
        *only_benefits.items,
        Item("Uitkering", "gemeente", -100, counterpart="inwoner", source="aanname: test"),
    ))
    with pytest.raises(ValueError, match=r"^De casus heeft geen kosten"):
        mkba.case_benefit_cost_ratio(with_transfer)


def test_break_even_effect_size_of_a_simple_case():
    # 2000 euro against 1000 a year for 4 years: at rate 0 half the effect breaks even;
    # at rate r the effect must cover 2000 / (1000 * annuity factor).
    case = simple_case(2_000, 1_000, horizon=4)
    assert mkba.break_even_effect_size(case, rate=0.0) == pytest.approx(0.5)
    assert mkba.break_even_effect_size(case, rate=0.05) == pytest.approx(2 / annuity_factor(0.05, 4))


def test_break_even_effect_size_of_the_sample_case_by_hand():
    # At rate 0: -1150 fixed, 1600 of effect, so the NPV is zero at 1150 / 1600.
    assert mkba.break_even_effect_size(SAMPLE_CASE, rate=0.0) == pytest.approx(1_150 / 1_600)


def test_break_even_effect_size_needs_an_effect_that_matters():
    no_effect = Case("n", "t", "d", (Item("Auto", "gemeente", -2_000, 0, 0, source="aanname: test"),))
    with pytest.raises(ValueError, match=r"geen omslagpunt"):
        mkba.break_even_effect_size(no_effect)
    # An effect that is only a transfer changes nothing for society either.
    transfer_only = Case("n", "t", "d", (
        *no_effect.items,
        Item("Uitkering", "gemeente", 500, effect=True, counterpart="inwoner", source="aanname: test"),
    ))
    with pytest.raises(ValueError, match=r"geen omslagpunt"):
        mkba.break_even_effect_size(transfer_only)


def test_case_table_expands_items_per_year_and_writes_transfers_twice():
    t = case_table(SAMPLE_CASE, horizon=2)
    assert list(t.columns) == [*TABLE_COLUMNS, "bron"]
    uitkering = t[t["post"] == "Minder uitkering"]
    # Years 1 and 2, once for the UWV (+300) and once for the inwoner (-300).
    assert sorted(zip(uitkering["actor"], uitkering["jaar"], uitkering["bedrag"])) == [
        ("UWV", 1, 300.0), ("UWV", 2, 300.0), ("inwoner", 1, -300.0), ("inwoner", 2, -300.0),
    ]
    assert t[t["post"] == "Investering"]["jaar"].tolist() == [0]
    assert t["jaar"].max() == 2


def test_case_uses_its_own_horizon_unless_one_is_given():
    assert case_table(SAMPLE_CASE)["jaar"].max() == SAMPLE_CASE.horizon
    assert case_npv(SAMPLE_CASE, 0.0) == pytest.approx(sum(SAMPLE_FIXED_FLOWS) + 1_600)
    # A longer horizon adds years of the open-ended items only (Reiskosten ends in year 3).
    assert case_npv(SAMPLE_CASE, 0.0, horizon=6) == pytest.approx(sum(SAMPLE_FIXED_FLOWS) + 2_400)


# --------------------------------------------------------------------------------------
# 2. Refused inputs: exact exception type and the Dutch message
# --------------------------------------------------------------------------------------

FLOWS = [-100, 60, 60]
TABLE = table([("gemeente", "auto", 0, -2_000), ("inwoner", "loon", 1, 3_000)])

# Every public function that takes a discount rate, called with only the rate varied.
RATE_CALLS = {
    "present_value": lambda rate: present_value(1_000, 1, rate),
    "discount_factors": lambda rate: discount_factors(5, rate),
    "net_present_value": lambda rate: net_present_value(FLOWS, rate),
    "netted_benefit_cost_ratio": lambda rate: netted_benefit_cost_ratio(FLOWS, rate),
    "actor_summary": lambda rate: actor_summary(TABLE, rate),
    "npv_by_actor": lambda rate: npv_by_actor(TABLE, rate),
    "case_npv": lambda rate: case_npv(SAMPLE_CASE, rate),
    "case_benefit_cost_ratio": lambda rate: mkba.case_benefit_cost_ratio(SAMPLE_CASE, rate),
    "break_even_effect_size": lambda rate: mkba.break_even_effect_size(SAMPLE_CASE, rate),
    "tornado": lambda rate: tornado(SAMPLE_CASE, rate),
    "monte_carlo": lambda rate: monte_carlo(SAMPLE_CASE, n=10, rate=rate),
}


@pytest.mark.parametrize("value", out_of_range(RATE), ids=repr)
@pytest.mark.parametrize("function", RATE_CALLS)
def test_rate_out_of_range_is_refused(function, value):
    # Covers rate -1 (the open bound: 1 + r would be 0), below -1, above 1, NaN and ±inf.
    with pytest.raises(ValueError, match=value_error("rate", RATE)):
        RATE_CALLS[function](value)


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("function", RATE_CALLS)
def test_rate_of_the_wrong_type_is_refused(function, value):
    # "0.05" from a text field and True from a checkbox are caller bugs, never a rate.
    with pytest.raises(TypeError, match=type_error("rate")):
        RATE_CALLS[function](value)


@pytest.mark.parametrize("function", RATE_CALLS)
def test_rate_bounds_that_are_closed_are_accepted(function):
    # RATE includes its high end; both ends of the sensitivity range are fine too.
    for rate in (RATE.high, mkba.RISK_FREE_RATE, mkba.NO_DISCOUNTING, mkba.PREVIOUS_DISCOUNT_RATE, -0.5):
        RATE_CALLS[function](rate)


def test_rate_message_shows_the_interval_its_unit_and_the_value():
    with pytest.raises(ValueError) as info:
        present_value(1_000, 1, 2.25)  # a percentage where a decimal is meant
    message = str(info.value)
    assert message == f"'rate' moet liggen in {RATE.describe()}; ontvangen: 2,25."
    assert "(-1; 1]" in message and "0,0225 = 2,25 %" in message


# Every public function with a horizon in whole years (1 or more) after year 0.
HORIZON_CALLS = {
    "case_npv": lambda h: case_npv(SAMPLE_CASE, horizon=h),
    "case_benefit_cost_ratio": lambda h: mkba.case_benefit_cost_ratio(SAMPLE_CASE, horizon=h),
    "break_even_effect_size": lambda h: mkba.break_even_effect_size(SAMPLE_CASE, horizon=h),
    "case_table": lambda h: case_table(SAMPLE_CASE, horizon=h),
    "tornado": lambda h: tornado(SAMPLE_CASE, horizon=h),
    "monte_carlo": lambda h: monte_carlo(SAMPLE_CASE, n=10, horizon=h),
    "simple_case": lambda h: simple_case(1_000, 100, horizon=h),
}


@pytest.mark.parametrize("value", out_of_range(HORIZON, integer=True) + not_whole(HORIZON), ids=repr)
@pytest.mark.parametrize("function", HORIZON_CALLS)
def test_horizon_out_of_range_or_not_whole_is_refused(function, value):
    # Includes horizon 0: a case must look at least one year ahead.
    with pytest.raises(ValueError, match=value_error("horizon", HORIZON)):
        HORIZON_CALLS[function](value)


@pytest.mark.parametrize("value", HORIZON_WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("function", HORIZON_CALLS)
def test_horizon_of_the_wrong_type_is_refused(function, value):
    with pytest.raises(TypeError, match=type_error("horizon")):
        HORIZON_CALLS[function](value)


@pytest.mark.parametrize("function", HORIZON_CALLS)
def test_horizon_bounds_are_accepted(function):
    for horizon in (HORIZON.low, HORIZON.high, float(HORIZON.low)):
        HORIZON_CALLS[function](horizon)


# Functions whose horizon or year may be 0 (year 0 alone) use the YEAR constraint.
YEAR_CALLS = {
    "present_value(year)": ("year", lambda y: present_value(1_000, y, 0.1)),
    "discount_factors(horizon)": ("horizon", lambda y: discount_factors(y, 0.1)),
    "yearly_flows(horizon)": ("horizon", lambda y: yearly_flows(TABLE, horizon=y)),
}


@pytest.mark.parametrize("value", out_of_range(YEAR, integer=True) + not_whole(YEAR), ids=repr)
@pytest.mark.parametrize("function", YEAR_CALLS)
def test_year_out_of_range_or_not_whole_is_refused(function, value):
    # Covers a negative year (before the base year) and a non-integer year such as 1.5.
    name, call = YEAR_CALLS[function]
    with pytest.raises(ValueError, match=value_error(name, YEAR)):
        call(value)


@pytest.mark.parametrize("function", YEAR_CALLS)
def test_year_of_the_wrong_type_is_refused(function):
    name, call = YEAR_CALLS[function]
    wrong = WRONG_TYPES if name == "year" or function.startswith("discount") else HORIZON_WRONG_TYPES
    for value in wrong:
        with pytest.raises(TypeError, match=type_error(name)):
            call(value)


EFFECT_CALLS = {
    "case_npv": lambda e: case_npv(SAMPLE_CASE, effect_size=e),
    "case_benefit_cost_ratio": lambda e: mkba.case_benefit_cost_ratio(SAMPLE_CASE, effect_size=e),
    "case_table": lambda e: case_table(SAMPLE_CASE, effect_size=e),
    "tornado": lambda e: tornado(SAMPLE_CASE, effect_size=e),
    "monte_carlo": lambda e: monte_carlo(SAMPLE_CASE, n=10, effect_size=e),
}


@pytest.mark.parametrize("value", out_of_range(EFFECT_SIZE), ids=repr)
@pytest.mark.parametrize("function", EFFECT_CALLS)
def test_effect_size_out_of_range_is_refused(function, value):
    with pytest.raises(ValueError, match=value_error("effect_size", EFFECT_SIZE)):
        EFFECT_CALLS[function](value)


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("function", EFFECT_CALLS)
def test_effect_size_of_the_wrong_type_is_refused(function, value):
    with pytest.raises(TypeError, match=type_error("effect_size")):
        EFFECT_CALLS[function](value)


def test_amount_must_be_a_finite_number():
    with pytest.raises(TypeError, match=type_error("amount")):
        present_value("1000", 1)
    with pytest.raises(TypeError, match=type_error("amount")):
        present_value(True, 1)
    with pytest.raises(ValueError, match=r"^'amount' moet een eindig getal zijn"):
        present_value(NAN, 1)


FLOW_CALLS = {
    "net_present_value": net_present_value,
    "netted_benefit_cost_ratio": netted_benefit_cost_ratio,
    "internal_rate_of_return": internal_rate_of_return,
}

BAD_FLOWS = [
    pytest.param([], ValueError, r"^'flows' is leeg", id="empty"),
    pytest.param(np.array([]), ValueError, r"^'flows' is leeg", id="empty-array"),
    pytest.param("-100, 110", TypeError, r"^'flows' moet een reeks bedragen per jaar zijn", id="string"),
    pytest.param(None, TypeError, r"^'flows' moet een reeks bedragen per jaar zijn", id="None"),
    pytest.param(110, TypeError, r"^'flows' moet een reeks bedragen per jaar zijn", id="scalar"),
    pytest.param([[-100, 110]], ValueError, r"^'flows' moet één bedrag per jaar bevatten", id="nested"),
    pytest.param([-100, None], TypeError, r"^'flows' bevat in jaar 1 geen getal", id="None-inside"),
    pytest.param([-100, "110"], TypeError, r"^'flows' bevat in jaar 1 geen getal", id="str-inside"),
    pytest.param([True, 110], TypeError, r"^'flows' bevat in jaar 0 geen getal", id="bool-inside"),
    pytest.param([-100, NAN], ValueError, r"^'flows' bevat in jaar 1 een ongeldig bedrag", id="NaN"),
    pytest.param([-100, INF], ValueError, r"^'flows' bevat in jaar 1 een ongeldig bedrag", id="inf"),
]


@pytest.mark.parametrize(("flows", "error", "pattern"), BAD_FLOWS)
@pytest.mark.parametrize("function", FLOW_CALLS)
def test_bad_flows_are_refused(function, flows, error, pattern):
    with pytest.raises(error, match=pattern):
        FLOW_CALLS[function](flows)


@pytest.mark.parametrize("function", ["net_present_value", "netted_benefit_cost_ratio"])
def test_flows_longer_than_the_last_allowed_year_are_refused_naming_flows(function):
    # Years run from 0 to YEAR.high; the message must blame 'flows', the input the
    # caller passed, not an internal 'horizon'.
    too_long = [-100] + [1] * int(YEAR.high + 1)
    with pytest.raises(ValueError, match=rf"^'flows' .*{re.escape(YEAR.describe())}"):
        FLOW_CALLS[function](too_long)
    FLOW_CALLS[function](too_long[:-1])  # exactly years 0..YEAR.high is fine


@pytest.mark.parametrize("flows", [[100, 50], [0, 0, 0], [5], [0, 10]])
def test_benefit_cost_ratio_needs_a_cost_year(flows):
    with pytest.raises(ValueError, match=r"^'flows' bevat geen jaar met netto kosten"):
        netted_benefit_cost_ratio(flows)


@pytest.mark.parametrize("flows", [[100, 50], [-100, -50], [0, 0], [-1], [0, 0, 5]])
def test_internal_rate_of_return_needs_a_sign_change(flows):
    with pytest.raises(ValueError, match=r"^'flows' moet zowel een negatief als een positief bedrag bevatten"):
        internal_rate_of_return(flows)


def test_internal_rate_of_return_refuses_when_no_rate_in_range_gives_zero():
    # -1 + 1000 / (1 + r) is zero at r = 999, outside (-1; 100].
    with pytest.raises(ValueError, match=r"Er is geen interne rentevoet in \(-1; 100\]"):
        internal_rate_of_return([-1, 1_000])


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        # Dutch thousands separator in the interval: 10.000.000 euro.
        (dict(investment=-1), ValueError, r"^'investment' moet liggen in \[0; 10\.000\.000\] euro; ontvangen: -1\.$"),
        (dict(investment="2000"), TypeError, type_error("investment")),
        (dict(yearly_benefit=NAN), ValueError, r"^'yearly_benefit' moet een eindig getal"),
        (dict(yearly_benefit=1e8), ValueError, r"^'yearly_benefit' moet liggen in"),
        (dict(payer="buurman"), ValueError, r"^'payer' moet een van gemeente, UWV, .* zijn"),
        (dict(beneficiary="Gemeente"), ValueError, r"^'beneficiary' moet een van gemeente"),
    ],
)
def test_simple_case_refuses_bad_input(kwargs, error, pattern):
    arguments = dict(investment=2_000, yearly_benefit=14_000) | kwargs
    with pytest.raises(error, match=pattern):
        simple_case(**arguments)


@pytest.mark.parametrize(
    "call",
    [lambda: case_npv("auto"), lambda: case_table(None), lambda: tornado({"key": "auto"}),
     lambda: monte_carlo(PRESETS["auto"].items)],
    ids=["case_npv", "case_table", "tornado", "monte_carlo"],
)
def test_case_functions_need_a_case(call):
    # A preset's key is not the preset: PRESETS["auto"] is.
    with pytest.raises(TypeError, match=r"^'case' moet een Case zijn"):
        call()


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        (dict(source=""), ValueError, r"heeft geen bron"),
        (dict(source="   "), ValueError, r"heeft geen bron"),
        (dict(counterpart="gemeente"), ValueError, r"'counterpart' moet een andere actor zijn"),
        (dict(amount=NAN), ValueError, r"^'amount van 'Post'' moet een eindig getal"),
        (dict(amount="12"), TypeError, r"^'amount van 'Post'' moet een getal zijn"),
        (dict(start=-1), ValueError, r"^'start van 'Post'' moet liggen in \[0; 100\] jaar"),
        (dict(start=1.5), ValueError, r"^'start van 'Post'' moet een geheel getal"),
        (dict(start=3, end=2), ValueError, r"^'end van 'Post'' moet liggen in \[3; 100\] jaar"),
        (dict(low=1.1), ValueError, r"^'low van 'Post'' moet liggen in \[0; 1\]"),
        (dict(high=0.9), ValueError, r"^'high van 'Post'' moet liggen in \[1; 10\]"),
    ],
)
def test_item_refuses_bad_fields(kwargs, error, pattern):
    fields = dict(post="Post", actor="gemeente", amount=100.0, source="aanname: test") | kwargs
    with pytest.raises(error, match=pattern):
        Item(**fields)


def test_item_accepts_whole_years_given_as_floats():
    # Sliders hand over 2.0; the item must then work in every calculation.
    item = Item("Post", "gemeente", 100, start=1.0, end=2.0, source="aanname: test")
    assert (item.start, item.end) == (1, 2)
    case = Case("k", "t", "d", (item,), horizon=3)
    assert case_npv(case, rate=0.0) == pytest.approx(200.0)
    assert case_table(case)["jaar"].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        (dict(horizon=0), ValueError, value_error("horizon", HORIZON)),
        (dict(horizon=2.5), ValueError, value_error("horizon", HORIZON)),
        (dict(horizon="5"), TypeError, type_error("horizon")),
        (dict(items=("geen item",)), TypeError, r"^'items' moet .*Item"),
        (dict(items=None), TypeError, r"^'items' moet .*Item"),
    ],
)
def test_case_refuses_bad_fields(kwargs, error, pattern):
    # A Case is public too: a bad horizon must fail where it is made, not deep inside numpy.
    fields = dict(key="k", title="t", description="d", items=SAMPLE_CASE.items) | kwargs
    with pytest.raises(error, match=pattern):
        Case(**fields)


def test_case_stores_items_as_a_tuple_and_the_horizon_as_an_int():
    case = Case("k", "t", "d", list(SAMPLE_CASE.items), horizon=4.0)
    assert case.items == SAMPLE_CASE.items and isinstance(case.items, tuple)
    assert case.horizon == 4 and isinstance(case.horizon, int)


def test_tornado_refuses_a_bad_rate_range():
    with pytest.raises(ValueError, match=value_error("rate_range[0]", RATE)):
        tornado(SAMPLE_CASE, rate_range=(-1.0, 0.03))
    with pytest.raises(ValueError, match=value_error("rate_range[1]", RATE)):
        tornado(SAMPLE_CASE, rate_range=(0.0, NAN))
    with pytest.raises(TypeError, match=r"^'rate_range' moet een paar"):
        tornado(SAMPLE_CASE, rate_range=0.03)
    with pytest.raises(ValueError, match=r"^'rate_range' moet een paar"):
        tornado(SAMPLE_CASE, rate_range=(0.0, 0.01, 0.03))


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        (dict(n=DRAWS.low - 1), ValueError, "n"),
        (dict(n=DRAWS.high + 1), ValueError, "n"),
        (dict(n=10.5), ValueError, "n"),
        (dict(n=True), TypeError, "n"),
        (dict(seed=-1), ValueError, "seed"),
        (dict(seed=2**32), ValueError, "seed"),
        (dict(seed=1.5), ValueError, "seed"),
        (dict(seed="1"), TypeError, "seed"),
    ],
)
def test_monte_carlo_refuses_bad_draws_and_seeds(kwargs, error, name):
    with pytest.raises(error, match=rf"^'{name}' moet "):
        monte_carlo(SAMPLE_CASE, **({"n": 10} | kwargs))


@pytest.mark.parametrize("q", [-1, 100.5, NAN])
def test_monte_carlo_percentile_refuses_q_outside_0_to_100(q):
    result = monte_carlo(SAMPLE_CASE, n=10)
    with pytest.raises(ValueError, match=r"^'q' moet .*\[0; 100\]"):
        result.percentile(q)


# --------------------------------------------------------------------------------------
# 3. Properties
# --------------------------------------------------------------------------------------

# No subnormal amounts: 1 / 2e-313 overflows, and such amounts mean nothing in euro.
amounts = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False)
# Rates from -0.5 up to the top of RATE. Rates near -1 make (1 + r) ** -t overflow for
# long flows; the properties below are about the ordinary range.
rates = st.floats(-0.5, RATE.high)


def scale_of(flows, rate):
    """Sum of the absolute discounted amounts: the size rounding errors are measured by."""
    return sum(abs(a) / (1 + rate) ** t for t, a in enumerate(flows)) + 1.0


@PROPERTY
@given(st.lists(amounts, min_size=1, max_size=30), rates)
def test_npv_equals_the_textbook_sum(flows, rate):
    assert net_present_value(flows, rate) == pytest.approx(
        npv_by_hand(flows, rate), abs=1e-12 * scale_of(flows, rate)
    )


@PROPERTY
@given(
    st.integers(1, 30).flatmap(lambda n: st.tuples(
        st.lists(amounts, min_size=n, max_size=n), st.lists(amounts, min_size=n, max_size=n))),
    st.floats(-10, 10),
    st.floats(-10, 10),
    rates,
)
def test_npv_is_linear_in_the_flows(pair, a, b, rate):
    f, g = (np.array(x) for x in pair)
    combined = net_present_value(a * f + b * g, rate)
    separate = a * net_present_value(f, rate) + b * net_present_value(g, rate)
    # Relative to the size of the terms; the floor covers subnormal factors such as 5e-324,
    # where floating point has no relative precision left.
    tolerance = 1e-12 * (abs(a) * scale_of(f, rate) + abs(b) * scale_of(g, rate)) + 1e-300
    assert combined == pytest.approx(separate, abs=tolerance)


@PROPERTY
@given(
    amounts,
    st.lists(st.floats(1, 1e6), min_size=1, max_size=30),
    st.floats(-0.5, 0.5),
    st.floats(1e-3, 0.5),
)
def test_npv_decreases_in_the_rate_when_all_later_flows_are_positive(first, later, rate, step):
    # A higher rate shrinks every later benefit; year 0 does not move.
    flows = [first, *later]
    assert net_present_value(flows, rate) > net_present_value(flows, rate + step)


@PROPERTY
@given(amounts, st.integers(0, 100), rates)
def test_present_value_of_year_zero_is_the_amount_itself(amount, horizon, rate):
    assert present_value(amount, 0, rate) == amount
    assert discount_factors(horizon, rate)[0] == 1.0


@PROPERTY
@given(amounts, st.integers(0, 30), rates)
def test_npv_of_a_single_amount_is_its_present_value(amount, year, rate):
    flows = [0.0] * year + [amount]
    assert net_present_value(flows, rate) == pytest.approx(present_value(amount, year, rate), rel=1e-12)


@PROPERTY
@given(
    st.floats(100, 1e6),
    st.lists(st.floats(0, 1), min_size=1, max_size=20),
    st.floats(-0.5, 1.0),
)
def test_npv_is_zero_at_the_irr_and_positive_only_below_it(cost, shares, rate):
    # One cost in year 0, then benefits (each at most the cost): one sign change, so
    # exactly one IRR, and it lies inside (-1; 100].
    assume(max(shares) >= 0.02)
    flows = [-cost, *(s * cost for s in shares)]
    irr = internal_rate_of_return(flows)
    assert -1 < irr <= 100
    assert abs(net_present_value(flows, irr)) <= 1e-9 * scale_of(flows, irr)
    assume(abs(rate - irr) > 1e-6)
    assert (net_present_value(flows, rate) > 0) == (rate < irr)


@PROPERTY
@given(st.floats(1, 1e6), st.lists(st.floats(0, 1e6), min_size=1, max_size=30), rates)
def test_bcr_above_one_exactly_when_npv_is_positive(cost, benefits, rate):
    flows = [-cost, *benefits]
    npv = net_present_value(flows, rate)
    bcr = netted_benefit_cost_ratio(flows, rate)
    # With one cost year: NPV = B - C and BCR = B / C, so NPV = C * (BCR - 1).
    assert npv == pytest.approx(cost * (bcr - 1), abs=1e-9 * scale_of(flows, rate))
    assume(abs(npv) > 1e-9 * scale_of(flows, rate))  # away from a rounding tie
    assert (bcr > 1) == (npv > 0)


@PROPERTY
@given(st.lists(amounts, min_size=1, max_size=30), rates)
def test_bcr_is_discounted_net_benefit_years_over_discounted_net_cost_years(flows, rate):
    # At least a tenth of a cent of cost: dividing by 1e-303 euro overflows to infinity.
    assume(any(x < -1e-3 for x in flows))
    benefits = npv_by_hand([max(x, 0.0) for x in flows], rate)
    costs = -npv_by_hand([min(x, 0.0) for x in flows], rate)
    bcr = netted_benefit_cost_ratio(flows, rate)
    assert bcr >= 0
    assert bcr == pytest.approx(benefits / costs, rel=1e-9)


actor_names = st.sampled_from([*ACTORS, "stichting", "buurthuis"])
rows = st.tuples(
    actor_names,
    st.sampled_from(["auto", "loon", "uitkering", "begeleiding"]),
    st.integers(0, 30),
    st.floats(-1e5, 1e5).map(lambda x: round(x, 2)),
)
tables = st.lists(rows, min_size=1, max_size=15).map(table)


@PANDAS_PROPERTY
@given(tables, rates)
def test_actor_npvs_add_up_to_the_npv_of_the_yearly_flows(t, rate):
    per_actor = npv_by_actor(t, rate)
    flows = yearly_flows(t)
    scale = (t["bedrag"].abs() * (1 + rate) ** -t["jaar"].astype(float)).sum() + 1.0
    assert per_actor.sum() == pytest.approx(net_present_value(flows, rate), abs=1e-10 * scale)


@PANDAS_PROPERTY
@given(tables, rates)
def test_actor_summary_splits_costs_and_benefits_and_keeps_actor_order(t, rate):
    summary = actor_summary(t, rate)
    assert list(summary.columns) == ["kosten", "baten", "saldo"]
    assert (summary["kosten"] <= 0).all() and (summary["baten"] >= 0).all()
    assert summary["saldo"].tolist() == pytest.approx((summary["kosten"] + summary["baten"]).tolist())
    # Known actors first in the order of ACTORS, then unknown ones alphabetically.
    present = set(t["actor"])
    expected = [a for a in ACTORS if a in present] + sorted(present - set(ACTORS))
    assert summary.index.tolist() == expected
    assert npv_by_actor(t, rate).tolist() == summary["saldo"].tolist()


@PANDAS_PROPERTY
@given(tables, st.integers(0, 40))
def test_yearly_flows_sums_each_year_over_actors(t, horizon):
    flows = yearly_flows(t, horizon=horizon)
    assert len(flows) == horizon + 1
    for year, amount in enumerate(flows):
        assert amount == pytest.approx(t.loc[t["jaar"] == year, "bedrag"].sum(), abs=1e-6)
    # Without a horizon the series ends at the table's last year.
    assert len(yearly_flows(t)) == t["jaar"].max() + 1


years = st.integers(0, 12)


def _feasible_high(low: float, share: float) -> float:
    """A high end for which a triangular distribution with mean 1 exists on [low, high]."""
    lowest, highest = (3 - low) / 2, 3 - 2 * low
    return min(highest, lowest + share * (highest - lowest))


items = st.builds(
    lambda post, actor, amount, start, length, effect, low, high, other, transfer: Item(
        post, actor, amount, start, None if length is None else start + length, effect=effect,
        low=low, high=_feasible_high(low, high), source="aanname: test",
        counterpart=(other if other != actor else None) if transfer else None,
    ),
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(ACTORS),
    st.floats(-1e5, 1e5),
    years,
    st.none() | st.integers(0, 5),
    st.booleans(),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(ACTORS),
    st.booleans(),
)
cases = st.builds(
    lambda its, horizon: Case("h", "Hypothese", "Gegenereerd.", tuple(its), horizon=horizon),
    st.lists(items, min_size=1, max_size=6),
    st.integers(1, 15),
)


case_rates = st.floats(-0.2, 0.5)


def case_scale(case, rate=-0.2):
    """Upper bound on the size of any present value in ``case``: the rounding yardstick."""
    largest_factor = max(1.0, (1 + rate) ** -case.horizon)
    return sum(abs(i.amount) for i in case.items) * (case.horizon + 1) * largest_factor + 1.0


@PANDAS_PROPERTY
@given(cases, st.floats(-0.2, 0.5), st.floats(0, 3))
def test_case_npv_equals_npv_of_its_table(case, rate, effect_size):
    t = case_table(case, effect_size=effect_size)
    assume(not t.empty)  # items that all start after the horizon leave nothing
    expected = net_present_value(yearly_flows(t), rate)
    assert case_npv(case, rate, effect_size=effect_size) == pytest.approx(
        expected, abs=1e-9 * 3 * case_scale(case, rate)
    )


@PANDAS_PROPERTY
@given(cases, st.sampled_from(ACTORS), st.sampled_from(ACTORS), st.floats(1, 1e5), years, case_rates)
def test_a_transfer_adds_nothing_for_society_but_moves_money_between_actors(
    case, receiver, payer, amount, start, rate
):
    assume(receiver != payer)
    transfer = Item("overdracht", receiver, amount, start, None, source="aanname: test",
                    counterpart=payer, low=0.5, high=2.0)
    extended = Case(case.key, case.title, case.description, (*case.items, transfer), case.horizon)
    assert case_npv(extended, rate) == pytest.approx(case_npv(case, rate), abs=1e-9 * case_scale(case, rate))
    # A transfer is not uncertain for society: no tornado row, no Monte Carlo spread.
    assert len(tornado(extended, rate)) == len(tornado(case, rate))
    # Per actor it does count: the receiver gains what the payer loses.
    assume(start <= case.horizon)  # otherwise the transfer has no year inside the horizon
    pv = amount * sum((1 + rate) ** -t for t in range(start, case.horizon + 1))
    old = case_table(case)
    before = npv_by_actor(old, rate) if not old.empty else pd.Series(dtype=float)
    after = npv_by_actor(case_table(extended), rate)
    tolerance = 1e-9 * (case_scale(case, rate) + pv)
    assert after.get(receiver, 0.0) - before.get(receiver, 0.0) == pytest.approx(pv, abs=tolerance)
    assert after.get(payer, 0.0) - before.get(payer, 0.0) == pytest.approx(-pv, abs=tolerance)


@PANDAS_PROPERTY
@given(cases, case_rates)
def test_effect_size_zero_removes_every_effect_item(case, rate):
    without = Case(case.key, case.title, case.description,
                   tuple(i for i in case.items if not i.effect), case.horizon)
    tolerance = 1e-9 * case_scale(case, rate)
    assert case_npv(case, rate, effect_size=0) == pytest.approx(case_npv(without, rate), abs=tolerance)
    # Per actor too: the zeroed effect rows leave every actor's balance as without them.
    zeroed = case_table(case, effect_size=0)
    assume(not zeroed.empty)
    reference = case_table(without)
    expected = npv_by_actor(reference, rate) if not reference.empty else pd.Series(dtype=float)
    for actor, balance in npv_by_actor(zeroed, rate).items():
        assert balance == pytest.approx(expected.get(actor, 0.0), abs=tolerance)


@PROPERTY
@given(cases, case_rates, st.floats(0, 3))
def test_case_bcr_above_one_exactly_when_case_npv_is_positive(case, rate, size):
    # A real cost: not a transfer, inside the horizon, not scaled (or underflowed) to zero.
    has_cost = any(i.counterpart is None and i.start <= case.horizon
                   and i.amount * (size if i.effect else 1.0) < -1e-6 for i in case.items)
    assume(has_cost)
    npv = case_npv(case, rate, effect_size=size)
    assume(abs(npv) > 1e-9 * case_scale(case, rate))  # away from a rounding tie
    assert (mkba.case_benefit_cost_ratio(case, rate, effect_size=size) > 1) == (npv > 0)


@settings(PROPERTY, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases, case_rates)
def test_case_npv_is_zero_at_the_break_even_effect_size(case, rate):
    # Most random cases break even outside [0, 3]; those are filtered out on purpose.
    effect = case_npv(case, rate, effect_size=1) - case_npv(case, rate, effect_size=0)
    assume(abs(effect) > 1e-6 * case_scale(case, rate))  # the effect must matter
    size = mkba.break_even_effect_size(case, rate)
    assume(size in EFFECT_SIZE)  # only then can case_npv be asked about it
    assert abs(case_npv(case, rate, effect_size=size)) <= 1e-9 * 4 * case_scale(case, rate)


@PANDAS_PROPERTY
@given(cases, case_rates, st.floats(0, 3))
def test_case_npv_is_linear_in_the_effect_size(case, rate, size):
    base, full = case_npv(case, rate, effect_size=0), case_npv(case, rate, effect_size=1)
    assert case_npv(case, rate, effect_size=size) == pytest.approx(
        base + size * (full - base), abs=1e-9 * 4 * case_scale(case, rate)
    )


def test_effect_size_scales_only_effect_items_of_the_sample_case():
    # Half the effect: the 400 a year of wages halves, the year-0 investment does not.
    expected = npv_by_hand(SAMPLE_FIXED_FLOWS, 0.0) + 0.5 * npv_by_hand(SAMPLE_EFFECT_FLOWS, 0.0)
    assert case_npv(SAMPLE_CASE, 0.0, effect_size=0.5) == pytest.approx(expected)


# Tornado ------------------------------------------------------------------------------


@PANDAS_PROPERTY
@given(cases, st.floats(-0.2, 0.5), st.floats(0, 3))
def test_tornado_is_sorted_widest_first_around_the_case_npv(case, rate, effect_size):
    t = tornado(case, rate, effect_size=effect_size)
    assert t.attrs["basis"] == pytest.approx(case_npv(case, rate, effect_size=effect_size), rel=1e-12, abs=1e-9)
    widths = t["bandbreedte"].tolist()
    assert widths == sorted(widths, reverse=True)
    assert t["bandbreedte"].tolist() == pytest.approx((t["ncw_hoog"] - t["ncw_laag"]).abs().tolist())
    # One row per uncertain item that is not a transfer, plus the discount rate.
    uncertain = [i for i in case.items if i.counterpart is None and (i.low, i.high) != (1.0, 1.0)]
    assert len(t) == len(uncertain) + 1


def test_tornado_rows_by_hand_for_the_sample_case():
    t = tornado(SAMPLE_CASE, rate=0.0).set_index("invoer")
    basis = sum(SAMPLE_FIXED_FLOWS) + sum(SAMPLE_EFFECT_FLOWS)  # -1150 + 1600 = 450
    assert t.attrs["basis"] == pytest.approx(basis)
    # Investering -1000 at 0.8 and 1.2: the NPV moves by +200 and -200.
    assert t.loc["Investering (gemeente)", ["ncw_laag", "ncw_hoog"]].tolist() == pytest.approx([650, 250])
    # Wages 1600 at 0.5 and 1.5.
    assert t.loc["Loon (inwoner)", ["ncw_laag", "ncw_hoog"]].tolist() == pytest.approx([-350, 1250])
    # The transfer and the certain Reiskosten have no row.
    assert set(t.index) == {"Investering (gemeente)", "Loon (inwoner)", "Discontovoet"}
    # The rate row recomputes the case at both ends of the default range: no discounting
    # and the pre-2021 standard rate.
    assert t.loc["Discontovoet", "laag"] == mkba.NO_DISCOUNTING
    assert t.loc["Discontovoet", "hoog"] == mkba.PREVIOUS_DISCOUNT_RATE
    assert t.loc["Discontovoet", "ncw_laag"] == pytest.approx(case_npv(SAMPLE_CASE, 0.0))
    assert t.loc["Discontovoet", "ncw_hoog"] == pytest.approx(case_npv(SAMPLE_CASE, 0.03))
    assert t.index[0] == "Loon (inwoner)"  # widest: 1600


# Monte Carlo --------------------------------------------------------------------------


def test_monte_carlo_is_reproducible_for_a_seed_and_differs_across_seeds():
    a = monte_carlo(SAMPLE_CASE, n=500, seed=7)
    b = monte_carlo(SAMPLE_CASE, n=500, seed=7)
    c = monte_carlo(SAMPLE_CASE, n=500, seed=8)
    assert np.array_equal(a.npv, b.npv)
    assert not np.array_equal(a.npv, c.npv)
    assert a.seed == 7 and len(a.npv) == 500


@PANDAS_PROPERTY
@given(cases, st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_monte_carlo_share_positive_is_a_probability(case, n, seed):
    result = monte_carlo(case, n=n, seed=seed)
    assert 0.0 <= result.p_positive <= 1.0
    assert result.p_positive == pytest.approx(np.count_nonzero(result.npv > 0) / n)
    assert result.percentile(0) == result.npv.min()
    assert result.percentile(100) == result.npv.max()
    assert result.percentile(0) <= result.percentile(50) <= result.percentile(100)


def test_monte_carlo_without_uncertain_items_is_the_central_npv_every_draw():
    case = Case("vast", "t", "d", (Item("Loon", "inwoner", 100, 0, None, source="aanname: test"),), horizon=3)
    result = monte_carlo(case, n=50)
    assert np.allclose(result.npv, case_npv(case))
    assert result.p_positive == 1.0


def test_monte_carlo_draws_stay_within_the_item_ranges():
    # Every multiplier lies in [low, high], so every NPV lies between the extremes.
    pvs = {i.post: case_npv(Case("x", "t", "d", (i,), SAMPLE_CASE.horizon)) for i in SAMPLE_CASE.items}
    low = pvs["Reiskosten"] + 1.2 * pvs["Investering"] + 0.5 * pvs["Loon"]
    high = pvs["Reiskosten"] + 0.8 * pvs["Investering"] + 1.5 * pvs["Loon"]
    npv = monte_carlo(SAMPLE_CASE, n=2_000).npv
    assert low - 1e-9 <= npv.min() and npv.max() <= high + 1e-9


def test_monte_carlo_mean_is_the_central_npv_when_ranges_are_symmetric():
    # SAMPLE_CASE's uncertain items have ranges 1 ± 0.2 and 1 ± 0.5: a triangular
    # distribution with mode 1 then has mean 1, so the mean NPV is the central NPV.
    result = monte_carlo(SAMPLE_CASE, n=20_000, seed=3)
    standard_error = result.npv.std() / math.sqrt(len(result.npv))
    assert abs(result.mean - case_npv(SAMPLE_CASE)) < 4 * standard_error


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_the_central_npv_is_the_mean_of_the_declared_uncertainty(key):
    # The page's headline figure (case_npv) must be what the Monte Carlo averages to, not
    # the NPV at the most likely values: 20,000 draws put the mean within 4 standard errors.
    case = PRESETS[key]
    result = monte_carlo(case, n=20_000, seed=11)
    assert abs(result.mean - case_npv(case)) < 4 * result.standard_error


def test_a_skewed_range_keeps_the_amount_as_the_expected_value():
    # low 0.5, high 2.0: the triangular mode is 0.5, its mean is 1. The mode-based NPV would
    # be half the amount; the expected NPV is the amount itself.
    item = Item("Baat", "gemeente", 1_000, 0, 0, low=0.5, high=2.0, source="aanname: test")
    case = Case("x", "t", "d", (item,), horizon=1)
    assert item.mode == pytest.approx(0.5)
    assert case_npv(case) == pytest.approx(1_000)
    result = monte_carlo(case, n=50_000, seed=3)
    assert result.mean == pytest.approx(1_000, abs=4 * result.standard_error)
    assert result.percentile(50) < 1_000  # most draws lie below the mean: the range is skewed


def test_a_range_without_a_triangular_distribution_of_mean_one_is_refused_in_dutch():
    with pytest.raises(ValueError, match="driehoeksverdeling"):
        Item("Baat", "gemeente", 1_000, low=0.4, high=1.07, source="aanname: test")


# --------------------------------------------------------------------------------------
# 4. Case tables, presets and their sources
# --------------------------------------------------------------------------------------


def test_check_table_returns_a_clean_copy_with_typed_columns():
    raw = pd.DataFrame({"actor": ["gemeente"], "post": ["auto"], "jaar": [0.0], "bedrag": [-2000],
                        "bron": ["boer-werkzaam"]})
    clean = check_table(raw)
    assert clean["jaar"].dtype.kind == "i" and clean["bedrag"].dtype.kind == "f"
    assert list(clean.columns) == [*TABLE_COLUMNS, "bron"]  # extra columns are kept
    clean.loc[0, "bedrag"] = 0.0
    assert raw.loc[0, "bedrag"] == -2000  # the caller's table is untouched


def test_check_table_needs_a_dataframe():
    with pytest.raises(TypeError, match=r"^'table' moet een pandas DataFrame zijn met de kolommen actor, post, jaar, bedrag"):
        check_table([("gemeente", "auto", 0, -2000)])


@pytest.mark.parametrize("column", TABLE_COLUMNS)
def test_check_table_names_a_missing_column(column):
    t = TABLE.drop(columns=column)
    with pytest.raises(ValueError, match=rf"^'table' mist de kolom\(men\) {column}; nodig zijn actor, post, jaar, bedrag"):
        check_table(t)


def test_check_table_refuses_an_empty_table():
    with pytest.raises(ValueError, match=r"^'table' is leeg"):
        check_table(table([]))


@pytest.mark.parametrize("column", ["actor", "post"])
@pytest.mark.parametrize("value", [None, NAN, "", "  "], ids=repr)
def test_check_table_needs_an_actor_and_a_post_on_every_row(column, value):
    t = TABLE.copy().astype({column: object})
    t.loc[1, column] = value
    with pytest.raises(ValueError, match=rf"^'table' heeft in regel 1 geen waarde in kolom '{column}'"):
        check_table(t)


@pytest.mark.parametrize(
    ("column", "value", "pattern"),
    [
        ("bedrag", NAN, r"'table' heeft in kolom 'bedrag', regel 1 geen geldig getal"),
        ("bedrag", None, r"'table' heeft in kolom 'bedrag', regel 1 geen geldig getal"),
        ("bedrag", "abc", r"'table' heeft in kolom 'bedrag', regel 1 geen geldig getal"),
        # Dutch "2.000" means two thousand; reading it as 2 euro would be silently wrong.
        ("bedrag", "2.000", r"'table' heeft in kolom 'bedrag', regel 1 geen geldig getal"),
        ("bedrag", "2000", r"'table' heeft in kolom 'bedrag', regel 1 geen geldig getal"),
        ("bedrag", True, r"'table' heeft in kolom 'bedrag', regel 1 geen geldig getal"),
        ("bedrag", INF, r"kolom 'bedrag', regel 1.* moet een eindig getal zijn"),
        ("jaar", NAN, r"'table' heeft in kolom 'jaar', regel 1 geen geldig getal"),
        ("jaar", "1", r"'table' heeft in kolom 'jaar', regel 1 geen geldig getal"),
        ("jaar", True, r"'table' heeft in kolom 'jaar', regel 1 geen geldig getal"),
        ("jaar", 1.5, rf"kolom 'jaar', regel 1.* moet een geheel getal zijn in {re.escape(YEAR.describe())}"),
        ("jaar", -1, rf"kolom 'jaar', regel 1.* moet liggen in {re.escape(YEAR.describe())}"),
        ("jaar", YEAR.high + 1, rf"kolom 'jaar', regel 1.* moet liggen in {re.escape(YEAR.describe())}"),
    ],
)
def test_check_table_refuses_bad_numbers_naming_column_and_row(column, value, pattern):
    t = TABLE.copy().astype({column: object})
    t.loc[1, column] = value
    with pytest.raises(ValueError, match=pattern):
        check_table(t)


@pytest.mark.parametrize(
    "function", [yearly_flows, actor_summary, npv_by_actor], ids=lambda f: f.__name__
)
def test_table_functions_validate_their_table(function):
    with pytest.raises(ValueError, match=r"^'table' mist de kolom\(men\) bedrag"):
        function(TABLE.drop(columns="bedrag"))


def test_actor_summary_known_answer_and_order():
    t = table([
        ("inwoner", "loon", 1, 1_100), ("stichting", "vrijwilligers", 0, -50),
        ("gemeente", "auto", 0, -2_000), ("gemeente", "bijstand", 1, 1_210),
        ("gemeente", "beheer", 2, -121), ("UWV", "uitkering", 2, 242), ("buurthuis", "ruimte", 0, -10),
    ])
    summary = actor_summary(t, rate=0.10)
    # Known actors in the order of ACTORS, then others alphabetically.
    assert summary.index.tolist() == ["gemeente", "UWV", "inwoner", "buurthuis", "stichting"]
    assert summary.loc["gemeente"].tolist() == pytest.approx([-2_000 - 100, 1_100, -1_000])
    assert summary.loc["UWV"].tolist() == pytest.approx([0, 200, 200])
    assert summary.loc["inwoner", "saldo"] == pytest.approx(1_000)


def read_bib_keys() -> set[str]:
    text = BIB.read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE))


def test_bibliography_parses():
    # Guards the source test below against a regex that silently finds nothing.
    keys = read_bib_keys()
    assert "werkgroep-discontovoet-2020" in keys and len(keys) >= 5


PRESET_ITEMS = [
    pytest.param(item, id=f"{key}:{item.post}") for key, case in PRESETS.items() for item in case.items
]


@pytest.mark.parametrize("item", PRESET_ITEMS)
def test_every_preset_figure_has_a_source_in_the_bibliography_or_an_assumption(item):
    keys = read_bib_keys()
    parts = [part.strip() for part in item.source.split(";")]
    assert item.source.strip(), f"'{item.post}' heeft geen bron"
    for part in parts:
        assert part in keys or part.startswith("aanname"), (
            f"'{item.post}': bron '{part}' is geen sleutel in {BIB.name} en geen aanname"
        )


@pytest.mark.parametrize("key", PRESETS)
def test_presets_are_consistent_cases(key):
    case = PRESETS[key]
    assert case.key == key
    assert case.title and case.description
    assert case.horizon in HORIZON
    for item in case.items:
        assert item.actor in ACTORS
        assert item.counterpart is None or item.counterpart in ACTORS
    # Each preset shows uncertainty and who pays: something uncertain, more than one actor.
    assert any(item.uncertain for item in case.items)
    assert len({item.actor for item in case.items}) > 1


def _expected_power_by_integration(correction, k: int) -> float:
    """E[(1 - X) ** k] for a triangular X with the correction's mean, by a dense trapezoid sum."""
    if correction is None:
        return 1.0
    low, mode, high = correction.low, correction.mode, correction.high
    x = np.linspace(low, high, 200_001)
    density = np.where(x <= mode, (x - low) / max(mode - low, 1e-300),
                       (high - x) / max(high - mode, 1e-300)) * 2 / (high - low)
    return float(np.trapezoid((1 - x) ** k * density, x))


def _npv_by_hand(case, rate: float) -> float:
    """Expected NPV for society, written out year by year without the model's helpers."""
    level = 1.0
    for correction in (case.deadweight, case.displacement):
        level *= 1.0 - (correction.value if correction else 0.0)
    total = 0.0
    for item in case.items:
        if item.counterpart is not None:
            continue
        last = case.horizon if item.end is None else min(item.end, case.horizon)
        for year in range(item.start, last + 1):
            k = year - item.start
            scale = item.profile[min(k, len(item.profile) - 1)] if item.profile else 1.0
            amount = item.amount * scale
            if item.effect:
                amount *= level * _expected_power_by_integration(case.fade, k)
            total += amount / (1 + rate) ** year
    return total


@pytest.mark.parametrize("key", PRESETS)
@pytest.mark.parametrize("rate", [0.0, DISCOUNT_RATE, 0.03])
def test_preset_npv_equals_a_year_by_year_sum_by_hand(key, rate):
    case = PRESETS[key]
    assert case_npv(case, rate=rate) == pytest.approx(_npv_by_hand(case, rate), rel=1e-6)


@pytest.mark.parametrize("key", PRESETS)
def test_preset_actor_npvs_add_up_to_the_society_npv(key):
    case = PRESETS[key]
    per_actor = npv_by_actor(case_table(case))
    assert per_actor.sum() == pytest.approx(case_npv(case), rel=1e-12)
    assert per_actor.index.tolist() == [a for a in ACTORS if a in per_actor.index]


def test_auto_preset_tells_the_wrong_pocket_story():
    # The gemeente pays for the car and the klantmanager but saves the bijstand; the saving
    # is a transfer from the inwoner, so for society it adds nothing.
    case = PRESETS["auto"]
    table = case_table(case)
    per_actor = npv_by_actor(table, rate=0.0)
    bijstand = table[table["post"].str.startswith("Bijstand")]
    saved = bijstand.loc[bijstand["actor"] == "gemeente", "bedrag"].sum()
    assert saved > 0
    assert bijstand.groupby("jaar")["bedrag"].sum().abs().max() < 1e-9
    assert per_actor["gemeente"] == pytest.approx(-2_000 - 800 + saved)
    without_transfers = Case("x", "t", "d", tuple(i for i in case.items if i.counterpart is None),
                             case.horizon, deadweight=case.deadweight,
                             displacement=case.displacement, fade=case.fade)
    assert case_npv(without_transfers) == pytest.approx(case_npv(case))


# --------------------------------------------------------------------------------------
# 5. Internal rate of return: double roots, rates near -1, the sign-change rule
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("flows", [[1, -2, 1], [-1, 2, -1], [4, -4, 1]])
def test_irr_finds_a_double_root_where_the_npv_touches_zero(flows):
    # [1, -2, 1] is (1 - 1/(1+r))^2: zero at r = 0 without changing sign; [4, -4, 1] is
    # (2 - 1/(1+r))^2: zero at r = -0.5.
    rate = internal_rate_of_return(flows)
    assert net_present_value(flows, rate) == pytest.approx(0, abs=1e-9)


def test_a_rate_near_minus_one_over_a_long_horizon_is_refused_in_dutch_not_inf():
    with pytest.raises(ValueError, match="te dicht bij -1|zo dicht bij -1"):
        net_present_value([1.0] * 101, rate=-0.9999)
    with pytest.raises(ValueError, match="dicht bij -1"):
        discount_factors(100, -0.9999)
    with pytest.raises(ValueError, match="dicht bij -1"):
        present_value(1.0, 100, -0.9999)


@pytest.mark.parametrize(("flows", "changes"), [
    ([-1_000, 600, 600], 1), ([-1_000, 0, 0, 2_000], 1), ([-1_000, 2_500, -1_540], 2),
    ([100, 100], 0), ([-5, 0, 5, 0, -5, 5], 3),
])
def test_sign_changes_counts_changes_between_non_zero_amounts(flows, changes):
    assert mkba.sign_changes(flows) == changes


def test_the_irr_rule_holds_for_one_sign_change_and_fails_for_two():
    one = [-1_000, 300, 300, 300, 300]
    assert (internal_rate_of_return(one) > DISCOUNT_RATE) == (net_present_value(one) > 0)
    # Two changes: a large closing cost. The IRR closest to zero lies above the discount
    # rate, yet the NPV at the discount rate is negative: the rule does not hold here.
    two = [-1_000, 2_300, -1_320]
    assert mkba.sign_changes(two) == 2
    assert internal_rate_of_return(two) > DISCOUNT_RATE
    assert net_present_value(two) < 0
