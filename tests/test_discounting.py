"""Specification of ``modules.discounting``: present value, NPV, netted BCR and IRR.

Read top to bottom, this file states what the discounting every module shares promises:

1. known answers worked out by hand (or by a closed form computed here, never copied
   from the implementation's output): the official rates, present values, discount
   factors, net present values, the netted benefit-cost ratio and internal rates of
   return, including the numpy-financial examples;
2. which inputs are refused, with which exception and which Dutch message; invalid values
   are generated from the module's own constraints (``RATE``, ``YEAR``), so the tests
   follow a bound when it moves;
3. properties that must hold for any flows and rate (hypothesis): the NPV is the
   textbook sum, linear in the flows, falls in the rate when later flows are benefits;
   year 0 is never discounted; the IRR is where the NPV is zero;
4. the internal rate of return's hard cases: double roots, rates near -1, and the
   sign-change rule that says when an IRR may be read against the discount rate.

Cases, actors and tables are in ``tests/test_cases.py``; the MKBA presets in
``tests/test_mkba.py``.
"""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from modules.discounting import (
    DISCOUNT_RATE,
    NO_DISCOUNTING,
    PREVIOUS_DISCOUNT_RATE,
    RATE,
    RISK_FREE_RATE,
    YEAR,
    discount_factors,
    internal_rate_of_return,
    net_present_value,
    netted_benefit_cost_ratio,
    present_value,
    sign_changes,
)
from tests.strategies import (
    ACCEPTED_RATES,
    INF,
    NAN,
    PROPERTY,
    Input,
    amounts,
    annuity_factor,
    npv_by_hand,
    rates,
    refusal_tests,
    scale_of,
    type_error,
)


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


# --------------------------------------------------------------------------------------
# 1. Known answers
# --------------------------------------------------------------------------------------


def test_standard_discount_rate_is_the_official_two_and_a_quarter_percent():
    # Werkgroep Discontovoet (2020): 2.25 % real for every MKBA from 1 January 2021,
    # as a decimal per year (not 2.25), made of a -1 % risk-free part and a 3.25 % risk
    # premium; the standard rate before 2021 was 3 %. No discounting is the reference 0.
    assert DISCOUNT_RATE == 0.0225
    assert RISK_FREE_RATE == -0.01
    assert NO_DISCOUNTING == 0.0
    assert PREVIOUS_DISCOUNT_RATE == 0.03
    for rate in (DISCOUNT_RATE, RISK_FREE_RATE, NO_DISCOUNTING, PREVIOUS_DISCOUNT_RATE):
        assert rate in RATE


@pytest.mark.parametrize(
    "function", [present_value, discount_factors, net_present_value, netted_benefit_cost_ratio],
    ids=lambda f: f.__name__,
)
def test_every_rate_defaults_to_the_standard_rate(function):
    assert inspect.signature(function).parameters["rate"].default == DISCOUNT_RATE


def test_default_rate_is_used_when_none_is_given():
    assert present_value(1_000, 1) == pytest.approx(1_000 / 1.0225, rel=1e-12)
    assert net_present_value([0, 1_022.5]) == pytest.approx(1_000, rel=1e-12)
    assert discount_factors(1)[1] == pytest.approx(1 / 1.0225, rel=1e-12)


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


# --------------------------------------------------------------------------------------
# 2. Refused inputs: exact exception type and the Dutch message
# --------------------------------------------------------------------------------------

FLOWS = [-100, 60, 60]

# Every function here that takes a discount rate, called with only the rate varied.
RATE_INPUTS = {
    "present_value": Input("rate", RATE, lambda rate: present_value(1_000, 1, rate)),
    "discount_factors": Input("rate", RATE, lambda rate: discount_factors(5, rate)),
    "net_present_value": Input("rate", RATE, lambda rate: net_present_value(FLOWS, rate)),
    "netted_benefit_cost_ratio": Input("rate", RATE, lambda rate: netted_benefit_cost_ratio(FLOWS, rate)),
}
# Out of range covers rate -1 (the open bound: 1 + r would be 0), below -1, above 1, NaN
# and ±inf; RATE includes its high end, and both ends of the sensitivity range are fine.
(test_rate_out_of_range_is_refused, test_rate_of_the_wrong_type_is_refused,
 test_rate_bounds_that_are_closed_are_accepted) = refusal_tests(
    RATE_INPUTS, also_accepted=ACCEPTED_RATES)

# A year, or a horizon that may be 0 (year 0 alone), uses the YEAR constraint. Covers a
# negative year (before the base year) and a non-integer year such as 1.5.
YEAR_INPUTS = {
    "present_value(year)": Input("year", YEAR, lambda y: present_value(1_000, y, 0.1), integer=True),
    "discount_factors(horizon)": Input("horizon", YEAR, lambda y: discount_factors(y, 0.1), integer=True),
}
(test_year_out_of_range_or_not_whole_is_refused, test_year_of_the_wrong_type_is_refused,
 test_year_bounds_are_accepted) = refusal_tests(YEAR_INPUTS)


def test_rate_message_shows_the_interval_its_unit_and_the_value():
    with pytest.raises(ValueError) as info:
        present_value(1_000, 1, 2.25)  # a percentage where a decimal is meant
    message = str(info.value)
    assert message == f"'rate' moet liggen in {RATE.describe()}; ontvangen: 2,25."
    assert "(-1; 1]" in message and "0,0225 = 2,25 %" in message


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
    "sign_changes": sign_changes,
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


# --------------------------------------------------------------------------------------
# 3. Properties
# --------------------------------------------------------------------------------------


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
@given(st.integers(0, 100), rates)
def test_discount_factors_are_the_present_values_of_one_euro(horizon, rate):
    factors = discount_factors(horizon, rate)
    assert len(factors) == horizon + 1
    for year in (0, horizon // 2, horizon):
        assert factors[year] == pytest.approx(present_value(1.0, year, rate), rel=1e-12)


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


# --------------------------------------------------------------------------------------
# 4. Internal rate of return: double roots, rates near -1, the sign-change rule
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
    assert sign_changes(flows) == changes


def test_the_irr_rule_holds_for_one_sign_change_and_fails_for_two():
    one = [-1_000, 300, 300, 300, 300]
    assert (internal_rate_of_return(one) > DISCOUNT_RATE) == (net_present_value(one) > 0)
    # Two changes: a large closing cost. The IRR closest to zero lies above the discount
    # rate, yet the NPV at the discount rate is negative: the rule does not hold here.
    two = [-1_000, 2_300, -1_320]
    assert sign_changes(two) == 2
    assert internal_rate_of_return(two) > DISCOUNT_RATE
    assert net_present_value(two) < 0
