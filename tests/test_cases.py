"""Specification of ``modules.cases``: case tables, actors, items, corrections and case NPV.

Read top to bottom, this file states what the case model every module shares promises:

1. known answers worked out by hand, on small cases built here (never on a module's
   presets): a simple case is an investment against an annuity; transfers move money
   between actors and add nothing for society; the gross benefit-cost ratio counts items,
   the netted one years; the break-even effect size; the effect corrections (dode
   gewicht, verdringing, uitdoving), whose expected fade is not the fade at its expected
   value, and a year-by-year sum of a corrected case;
2. which inputs are refused, with which exception and which Dutch message; invalid values
   are generated from the module's own constraints (``RATE``, ``HORIZON``, ``YEAR``,
   ``EFFECT_SIZE``), so the tests follow a bound when it moves; items, assumptions and
   cases refuse bad fields where they are made;
3. properties that must hold for any table or case (hypothesis): actor balances add up to
   the NPV of the yearly flows, the case NPV is the NPV of its table, transfers add
   nothing, the NPV is linear in the effect size and zero at the break-even point;
4. case tables: what :func:`check_table` accepts and refuses, and per-actor summaries.

Discounting is in ``tests/test_discounting.py``, tornado and Monte Carlo in
``tests/test_uncertainty.py``, the MKBA presets in ``tests/test_mkba.py``.
"""

from __future__ import annotations

import inspect
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from modules.cases import (
    ACTORS,
    EFFECT_SIZE,
    HORIZON,
    TABLE_COLUMNS,
    Assumption,
    Case,
    Item,
    actor_summary,
    break_even_effect_size,
    case_benefit_cost_ratio,
    case_npv,
    case_table,
    check_table,
    npv_by_actor,
    simple_case,
    yearly_flows,
)
from modules.discounting import DISCOUNT_RATE, RATE, YEAR, net_present_value, netted_benefit_cost_ratio
from tests.strategies import (
    ACCEPTED_RATES,
    CORRECTED_CASE,
    INF,
    NAN,
    PANDAS_PROPERTY,
    PROPERTY,
    SAMPLE_CASE,
    SAMPLE_EFFECT_FLOWS,
    SAMPLE_FIXED_FLOWS,
    Input,
    annuity_factor,
    case_npv_by_hand,
    case_rates,
    case_scale,
    cases,
    npv_by_hand,
    rates,
    refusal_tests,
    table,
    type_error,
    value_error,
    with_items,
    years,
)

# --------------------------------------------------------------------------------------
# 1. Known answers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "function", [actor_summary, npv_by_actor, case_npv, case_benefit_cost_ratio, break_even_effect_size],
    ids=lambda f: f.__name__,
)
def test_every_rate_defaults_to_the_standard_rate(function):
    assert inspect.signature(function).parameters["rate"].default == DISCOUNT_RATE


def test_benefit_cost_ratio_works_on_net_yearly_flows_not_gross_amounts():
    # Year 1 has a cost of 40 and a benefit of 100: a net benefit of 60. The netted BCR
    # divides net benefit years by net cost years: 60 / 100. The gross view
    # (actor_summary) gives 100 / 140: a different, also defensible number.
    t = table([("gemeente", "investering", 0, -100), ("gemeente", "uitvoering", 1, -40),
               ("inwoner", "baat", 1, 100)])
    flows = yearly_flows(t)
    assert flows.tolist() == [-100.0, 60.0]
    assert netted_benefit_cost_ratio(flows, rate=0.0) == pytest.approx(0.6)
    gross = actor_summary(t, rate=0.0)
    assert gross["baten"].sum() / -gross["kosten"].sum() == pytest.approx(100 / 140)


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


def test_sample_case_actors_carry_the_transfer_that_society_does_not_see():
    # At rate 0: the gemeente pays 1000; the UWV saves 4 * 300; the inwoner earns
    # 4 * 400, loses the 1200 of uitkering and pays 150 of travel.
    per_actor = npv_by_actor(case_table(SAMPLE_CASE), rate=0.0)
    assert per_actor.to_dict() == pytest.approx(
        {"gemeente": -1_000, "UWV": 1_200, "inwoner": 1_600 - 1_200 - 150})
    assert per_actor.index.tolist() == ["gemeente", "UWV", "inwoner"]  # the order of ACTORS
    assert per_actor.sum() == pytest.approx(case_npv(SAMPLE_CASE, 0.0))


def test_case_benefit_cost_ratio_is_gross_per_item_unlike_the_net_yearly_ratio():
    # At rate 0 the sample case has item costs 1000 + 3 * 50 = 1150 and wages 4 * 400 =
    # 1600 (the transfer counts for neither). Netted per year first, years 1-3 become
    # benefits of 350: net flows -1000, 350, 350, 350, 400, so the yearly ratio is 1450 / 1000.
    assert case_benefit_cost_ratio(SAMPLE_CASE, rate=0.0) == pytest.approx(1_600 / 1_150)
    flows = yearly_flows(case_table(SAMPLE_CASE))
    assert flows.tolist() == [-1_000, 350, 350, 350, 400]
    assert netted_benefit_cost_ratio(flows, rate=0.0) == pytest.approx(1_450 / 1_000)


def test_case_benefit_cost_ratio_of_a_simple_case_is_annuity_over_investment():
    case = simple_case(2_000, 300, horizon=10)
    expected = 300 * annuity_factor(0.05, 10) / 2_000
    assert case_benefit_cost_ratio(case, rate=0.05) == pytest.approx(expected, rel=1e-12)


def test_case_benefit_cost_ratio_needs_a_cost():
    only_benefits = Case("b", "t", "d", (Item("Loon", "inwoner", 100, source="aanname: test"),))
    with pytest.raises(ValueError, match=r"^De casus heeft geen kosten"):
        case_benefit_cost_ratio(only_benefits)
    # A transfer is a cost to one actor only, not to society: still no cost.
    with_transfer = with_items(
        only_benefits, Item("Uitkering", "gemeente", -100, counterpart="inwoner", source="aanname: test"))
    with pytest.raises(ValueError, match=r"^De casus heeft geen kosten"):
        case_benefit_cost_ratio(with_transfer)


def test_break_even_effect_size_of_a_simple_case():
    # 2000 euro against 1000 a year for 4 years: at rate 0 half the effect breaks even;
    # at rate r the effect must cover 2000 / (1000 * annuity factor).
    case = simple_case(2_000, 1_000, horizon=4)
    assert break_even_effect_size(case, rate=0.0) == pytest.approx(0.5)
    assert break_even_effect_size(case, rate=0.05) == pytest.approx(2 / annuity_factor(0.05, 4))


def test_break_even_effect_size_of_the_sample_case_by_hand():
    # At rate 0: -1150 fixed, 1600 of effect, so the NPV is zero at 1150 / 1600.
    assert break_even_effect_size(SAMPLE_CASE, rate=0.0) == pytest.approx(1_150 / 1_600)


def test_break_even_effect_size_needs_an_effect_that_matters():
    no_effect = Case("n", "t", "d", (Item("Auto", "gemeente", -2_000, 0, 0, source="aanname: test"),))
    with pytest.raises(ValueError, match=r"geen omslagpunt"):
        break_even_effect_size(no_effect)
    # An effect that is only a transfer changes nothing for society either.
    transfer_only = with_items(
        no_effect,
        Item("Uitkering", "gemeente", 500, effect=True, counterpart="inwoner", source="aanname: test"))
    with pytest.raises(ValueError, match=r"geen omslagpunt"):
        break_even_effect_size(transfer_only)


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


def test_effect_size_scales_only_effect_items_of_the_sample_case():
    # Half the effect: the 400 a year of wages halves, the year-0 investment does not.
    expected = npv_by_hand(SAMPLE_FIXED_FLOWS, 0.0) + 0.5 * npv_by_hand(SAMPLE_EFFECT_FLOWS, 0.0)
    assert case_npv(SAMPLE_CASE, 0.0, effect_size=0.5) == pytest.approx(expected)


def test_corrections_scale_effects_and_the_expected_fade_is_not_the_fade_at_its_mean():
    # Dode gewicht 0.5 and verdringing 0.2 (both certain) leave 0.5 * 0.8 = 0.4 of the
    # effect. Uitdoving is triangular on [0.1, 0.4] with mode 0.1: mean 0.2, variance
    # (0.01 + 0.16 + 0.01 - 0.04 - 0.01 - 0.04) / 18 = 0.005. So E[1 - X] = 0.8 and
    # E[(1 - X)^2] = 0.8^2 + 0.005 = 0.645, not 0.64.
    case = Case("c", "t", "d", (
        Item("Loon", "inwoner", 1_000, 0, None, effect=True, source="aanname: test"),
        Item("Auto", "gemeente", -900, 0, 0, source="aanname: test"),
    ), horizon=2,
        deadweight=Assumption("Dode gewicht", 0.5, 0.5, 0.5, "aanname: test"),
        displacement=Assumption("Verdringing", 0.2, 0.2, 0.2, "aanname: test"),
        fade=Assumption("Uitdoving", 0.2, 0.1, 0.4, "aanname: test"))
    loon = case_table(case).query("post == 'Loon'")["bedrag"].tolist()
    assert loon == pytest.approx([400, 320, 258])
    assert case_npv(case, rate=0.0) == pytest.approx(400 + 320 + 258 - 900)
    # Corrections touch effects only: the car is not scaled.
    assert case_table(case).query("post == 'Auto'")["bedrag"].tolist() == [-900.0]
    assert case.corrections == {"deadweight": case.deadweight, "displacement": case.displacement,
                                "fade": case.fade}


@pytest.mark.parametrize("rate", [0.0, DISCOUNT_RATE, 0.03])
def test_corrected_case_npv_equals_a_year_by_year_sum_by_hand(rate):
    # Profiles, skewed ranges, a transfer and all three corrections, against a written-out
    # sum that integrates the fade over its triangular density.
    assert case_npv(CORRECTED_CASE, rate=rate) == pytest.approx(case_npv_by_hand(CORRECTED_CASE, rate), rel=1e-6)


def test_a_profile_multiplies_the_amount_from_the_item_start_and_its_last_value_repeats():
    item = Item("Loon", "inwoner", 1_000, 2, None, profile=(0.5, 0.8), source="aanname: test")
    assert [item.factor(t) for t in range(5)] == [0.5, 0.5, 0.5, 0.8, 0.8]
    case = Case("p", "t", "d", (item,), horizon=4)
    assert case_table(case)["bedrag"].tolist() == [500.0, 800.0, 800.0]


# --------------------------------------------------------------------------------------
# 2. Refused inputs: exact exception type and the Dutch message
# --------------------------------------------------------------------------------------

TABLE = table([("gemeente", "auto", 0, -2_000), ("inwoner", "loon", 1, 3_000)])

# Every function here that takes a discount rate, called with only the rate varied.
RATE_INPUTS = {
    "actor_summary": Input("rate", RATE, lambda rate: actor_summary(TABLE, rate)),
    "npv_by_actor": Input("rate", RATE, lambda rate: npv_by_actor(TABLE, rate)),
    "case_npv": Input("rate", RATE, lambda rate: case_npv(SAMPLE_CASE, rate)),
    "case_benefit_cost_ratio": Input("rate", RATE, lambda rate: case_benefit_cost_ratio(SAMPLE_CASE, rate)),
    "break_even_effect_size": Input("rate", RATE, lambda rate: break_even_effect_size(SAMPLE_CASE, rate)),
}
(test_rate_out_of_range_is_refused, test_rate_of_the_wrong_type_is_refused,
 test_rate_bounds_that_are_closed_are_accepted) = refusal_tests(
    RATE_INPUTS, also_accepted=ACCEPTED_RATES)


def _horizon(call):
    return Input("horizon", HORIZON, call, integer=True, none_means_default=True)


# A horizon in whole years (1 or more) after year 0; refused includes horizon 0, since a
# case must look at least one year ahead. None means the case's own horizon.
HORIZON_INPUTS = {
    "case_npv": _horizon(lambda h: case_npv(SAMPLE_CASE, horizon=h)),
    "case_benefit_cost_ratio": _horizon(lambda h: case_benefit_cost_ratio(SAMPLE_CASE, horizon=h)),
    "break_even_effect_size": _horizon(lambda h: break_even_effect_size(SAMPLE_CASE, horizon=h)),
    "case_table": _horizon(lambda h: case_table(SAMPLE_CASE, horizon=h)),
    "simple_case": _horizon(lambda h: simple_case(1_000, 100, horizon=h)),
}
(test_horizon_out_of_range_or_not_whole_is_refused, test_horizon_of_the_wrong_type_is_refused,
 test_horizon_bounds_are_accepted) = refusal_tests(HORIZON_INPUTS)

# A table's horizon may be year 0 alone (YEAR); None means its last year.
YEAR_INPUTS = {
    "yearly_flows(horizon)": Input("horizon", YEAR, lambda y: yearly_flows(TABLE, horizon=y),
                                   integer=True, none_means_default=True),
}
(test_year_out_of_range_or_not_whole_is_refused, test_year_of_the_wrong_type_is_refused,
 test_year_bounds_are_accepted) = refusal_tests(YEAR_INPUTS)

EFFECT_INPUTS = {
    "case_npv": Input("effect_size", EFFECT_SIZE, lambda e: case_npv(SAMPLE_CASE, effect_size=e)),
    "case_benefit_cost_ratio": Input("effect_size", EFFECT_SIZE,
                                     lambda e: case_benefit_cost_ratio(SAMPLE_CASE, effect_size=e)),
    "case_table": Input("effect_size", EFFECT_SIZE, lambda e: case_table(SAMPLE_CASE, effect_size=e)),
}
(test_effect_size_out_of_range_is_refused, test_effect_size_of_the_wrong_type_is_refused,
 test_effect_size_bounds_are_accepted) = refusal_tests(EFFECT_INPUTS)


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


@pytest.mark.parametrize("function", [case_npv, case_table, case_benefit_cost_ratio, break_even_effect_size],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("not_a_case", ["proef", None, {"key": "proef"}, SAMPLE_CASE.items], ids=repr)
def test_case_functions_need_a_case(function, not_a_case):
    # A case's key, a dict that looks like one or its items are not the case itself.
    with pytest.raises(TypeError, match=r"^'case' moet een Case zijn"):
        function(not_a_case)


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
        (dict(profile=()), TypeError, r"^'profile' van 'Post' moet een niet-lege reeks"),
        (dict(profile=(1.0, 11.0)), ValueError, r"^'profile van 'Post'' moet liggen in \[0; 10\]"),
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


def test_a_range_without_a_triangular_distribution_of_mean_one_is_refused_in_dutch():
    with pytest.raises(ValueError, match="driehoeksverdeling"):
        Item("Baat", "gemeente", 1_000, low=0.4, high=1.07, source="aanname: test")


@pytest.mark.parametrize(
    ("fields", "error", "pattern"),
    [
        ((0.5, 0.6, 0.9), ValueError, r"^'Aanname': de verwachte waarde 0,5 moet tussen low"),
        ((1.0, 0.5, 1.0), ValueError, r"^'value van 'Aanname'' moet liggen in \[0; 1\)"),
        ((0.5, -0.1, 0.9), ValueError, r"^'low van 'Aanname'' moet liggen in"),
        ((0.5, 0.4, "0.9"), TypeError, r"^'high van 'Aanname'' moet een getal zijn"),
        ((0.35, 0.3, 0.9), ValueError, r"driehoeksverdeling"),  # mode 1.05 - 1.2 < 0.3
    ],
)
def test_assumption_refuses_a_value_outside_its_range_or_an_impossible_mean(fields, error, pattern):
    with pytest.raises(error, match=pattern):
        Assumption("Aanname", *fields, source="aanname: test")


def test_assumption_needs_a_source():
    with pytest.raises(ValueError, match=r"heeft geen bron"):
        Assumption("Aanname", 0.5, 0.3, 0.7, " ")


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        (dict(horizon=0), ValueError, value_error("horizon", HORIZON)),
        (dict(horizon=2.5), ValueError, value_error("horizon", HORIZON)),
        (dict(horizon="5"), TypeError, type_error("horizon")),
        (dict(items=("geen item",)), TypeError, r"^'items' moet .*Item"),
        (dict(items=None), TypeError, r"^'items' moet .*Item"),
        (dict(fade=0.25), TypeError, r"^'fade' moet een Assumption of None zijn"),
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


# --------------------------------------------------------------------------------------
# 3. Properties
# --------------------------------------------------------------------------------------

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
    extended = with_items(case, transfer)
    assert case_npv(extended, rate) == pytest.approx(case_npv(case, rate), abs=1e-9 * case_scale(case, rate))
    assert not transfer.uncertain  # varying it changes nothing for society
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
    without = with_items(case, keep=lambda item: not item.effect)
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
    assert (case_benefit_cost_ratio(case, rate, effect_size=size) > 1) == (npv > 0)


@settings(PROPERTY, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases, case_rates)
def test_case_npv_is_zero_at_the_break_even_effect_size(case, rate):
    # Most random cases break even outside [0, 3]; those are filtered out on purpose.
    effect = case_npv(case, rate, effect_size=1) - case_npv(case, rate, effect_size=0)
    assume(abs(effect) > 1e-6 * case_scale(case, rate))  # the effect must matter
    size = break_even_effect_size(case, rate)
    assume(size in EFFECT_SIZE)  # only then can case_npv be asked about it
    assert abs(case_npv(case, rate, effect_size=size)) <= 1e-9 * 4 * case_scale(case, rate)


@PANDAS_PROPERTY
@given(cases, case_rates, st.floats(0, 3))
def test_case_npv_is_linear_in_the_effect_size(case, rate, size):
    base, full = case_npv(case, rate, effect_size=0), case_npv(case, rate, effect_size=1)
    assert case_npv(case, rate, effect_size=size) == pytest.approx(
        base + size * (full - base), abs=1e-9 * 4 * case_scale(case, rate)
    )


# --------------------------------------------------------------------------------------
# 4. Case tables
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
