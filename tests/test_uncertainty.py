"""Specification of ``modules.uncertainty``: one-at-a-time tornado and a seeded Monte Carlo.

Read top to bottom, this file states what the uncertainty analysis every module shares
promises, on small cases built here (never on a module's presets):

1. the tornado by hand: one row per uncertain item and correction plus the discount
   rate, widest first, around the case's expected NPV; a transfer gets no row;
2. the Monte Carlo: reproducible for a seed, draws within the declared ranges, and its
   mean is the case's expected NPV (:func:`modules.cases.case_npv`), also for skewed
   ranges and uncertain corrections, where the NPV at the most likely values is not;
3. which inputs are refused, with which exception and which Dutch message; invalid values
   are generated from the constraints (``RATE``, ``HORIZON``, ``EFFECT_SIZE``,
   ``DRAWS``), so the tests follow a bound when it moves;
4. properties that must hold for any case (hypothesis).

Discounting is in ``tests/test_discounting.py``, the case model in
``tests/test_cases.py``, the MKBA presets in ``tests/test_mkba.py``.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from modules.cases import EFFECT_SIZE, HORIZON, Assumption, Case, Item, case_npv
from modules.discounting import DISCOUNT_RATE, NO_DISCOUNTING, PREVIOUS_DISCOUNT_RATE, RATE
from modules.uncertainty import DRAWS, MonteCarloResult, monte_carlo, tornado
from tests.strategies import (
    ACCEPTED_RATES,
    CORRECTED_CASE,
    NAN,
    PANDAS_PROPERTY,
    SAMPLE_CASE,
    SAMPLE_EFFECT_FLOWS,
    SAMPLE_FIXED_FLOWS,
    Input,
    case_npv_by_hand,
    case_rates,
    cases,
    refusal_tests,
    value_error,
    with_items,
    years,
)


@pytest.mark.parametrize("function", [tornado, monte_carlo], ids=lambda f: f.__name__)
def test_every_rate_defaults_to_the_standard_rate(function):
    assert inspect.signature(function).parameters["rate"].default == DISCOUNT_RATE


# --------------------------------------------------------------------------------------
# 1. Tornado
# --------------------------------------------------------------------------------------


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
    assert t.loc["Discontovoet", "laag"] == NO_DISCOUNTING
    assert t.loc["Discontovoet", "hoog"] == PREVIOUS_DISCOUNT_RATE
    assert t.loc["Discontovoet", "ncw_laag"] == pytest.approx(case_npv(SAMPLE_CASE, 0.0))
    assert t.loc["Discontovoet", "ncw_hoog"] == pytest.approx(case_npv(SAMPLE_CASE, 0.03))
    assert t.index[0] == "Loon (inwoner)"  # widest: 1600


def test_tornado_rows_for_the_corrections_by_hand():
    # Dode gewicht and verdringing scale every effect by (1 - share): at a share s instead
    # of the expected one, the effects' part of the NPV is scaled by (1 - s) / (1 - mean).
    # Uitdoving pinned at its low or high is the case with a certain fade of that size.
    case, rate = CORRECTED_CASE, 0.0
    fixed = case_npv_by_hand(with_items(case, keep=lambda item: not item.effect), rate)
    effects = case_npv_by_hand(case, rate) - fixed
    t = tornado(case, rate=rate).set_index("invoer")
    for correction in (case.deadweight, case.displacement):
        row = t.loc[correction.label]
        assert (row["laag"], row["hoog"]) == (correction.low, correction.high)
        expected = [fixed + effects * (1 - share) / (1 - correction.value)
                    for share in (correction.low, correction.high)]
        assert row[["ncw_laag", "ncw_hoog"]].tolist() == pytest.approx(expected, rel=1e-9)
    fade = case.fade
    pinned = [Case(case.key, case.title, case.description, case.items, case.horizon,
                   deadweight=case.deadweight, displacement=case.displacement,
                   fade=Assumption(fade.label, share, share, share, fade.source))
              for share in (fade.low, fade.high)]
    assert t.loc[fade.label, ["ncw_laag", "ncw_hoog"]].tolist() == pytest.approx(
        [case_npv_by_hand(c, rate) for c in pinned], rel=1e-9)
    # A lower fade keeps more of the effect: with the wages outweighing the lost leisure,
    # the NPV is higher at the low end.
    assert t.loc[fade.label, "ncw_laag"] > t.loc[fade.label, "ncw_hoog"]


def test_tornado_leaves_out_certain_corrections():
    certain = Case("c", "t", "d", SAMPLE_CASE.items, SAMPLE_CASE.horizon,
                   deadweight=Assumption("Dode gewicht", 0.5, 0.5, 0.5, "aanname: test"))
    assert "Dode gewicht" not in set(tornado(certain)["invoer"])
    assert len(tornado(certain)) == len(tornado(SAMPLE_CASE))


def test_tornado_rate_range_sets_the_rate_row():
    t = tornado(SAMPLE_CASE, rate_range=(0.01, 0.05)).set_index("invoer")
    assert t.loc["Discontovoet", ["laag", "hoog"]].tolist() == [0.01, 0.05]
    assert t.loc["Discontovoet", "ncw_hoog"] == pytest.approx(case_npv(SAMPLE_CASE, 0.05))


# --------------------------------------------------------------------------------------
# 2. Monte Carlo
# --------------------------------------------------------------------------------------


def test_monte_carlo_is_reproducible_for_a_seed_and_differs_across_seeds():
    a = monte_carlo(SAMPLE_CASE, n=500, seed=7)
    b = monte_carlo(SAMPLE_CASE, n=500, seed=7)
    c = monte_carlo(SAMPLE_CASE, n=500, seed=8)
    assert np.array_equal(a.npv, b.npv)
    assert not np.array_equal(a.npv, c.npv)
    assert a.seed == 7 and len(a.npv) == 500


def test_monte_carlo_result_summaries_by_hand():
    result = MonteCarloResult(npv=np.array([-100.0, 50.0, 150.0, 300.0]), seed=1)
    assert result.p_positive == 0.75
    assert result.mean == 100.0
    assert result.percentile(50) == 100.0  # halfway between 50 and 150
    # Squared deviations from 100: 40,000 + 2,500 + 2,500 + 40,000. The sample standard
    # deviation (ddof 1) over the root of 4 draws.
    assert result.standard_error == pytest.approx(np.sqrt(85_000 / 3) / 2)
    assert np.isnan(MonteCarloResult(npv=np.array([1.0]), seed=1).standard_error)


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
    assert abs(result.mean - case_npv(SAMPLE_CASE)) < 4 * result.standard_error


def test_the_central_npv_is_the_mean_of_uncertain_corrections_and_skewed_ranges():
    # The headline figure (case_npv) must be what the Monte Carlo averages to, not the
    # NPV at the most likely values: here every correction and two items are skewed.
    result = monte_carlo(CORRECTED_CASE, n=20_000, seed=11)
    assert abs(result.mean - case_npv(CORRECTED_CASE)) < 4 * result.standard_error
    at_the_modes = Case("m", "t", "d", CORRECTED_CASE.items, CORRECTED_CASE.horizon, **{
        name: Assumption(c.label, c.mode, c.mode, c.mode, c.source)
        for name, c in CORRECTED_CASE.corrections.items()})
    assert abs(result.mean - case_npv(at_the_modes)) > 4 * result.standard_error


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


# --------------------------------------------------------------------------------------
# 3. Refused inputs: exact exception type and the Dutch message
# --------------------------------------------------------------------------------------

RATE_INPUTS = {
    "tornado": Input("rate", RATE, lambda rate: tornado(SAMPLE_CASE, rate)),
    "monte_carlo": Input("rate", RATE, lambda rate: monte_carlo(SAMPLE_CASE, n=10, rate=rate)),
}
(test_rate_out_of_range_is_refused, test_rate_of_the_wrong_type_is_refused,
 test_rate_bounds_that_are_closed_are_accepted) = refusal_tests(
    RATE_INPUTS, also_accepted=ACCEPTED_RATES)

HORIZON_INPUTS = {
    "tornado": Input("horizon", HORIZON, lambda h: tornado(SAMPLE_CASE, horizon=h),
                     integer=True, none_means_default=True),
    "monte_carlo": Input("horizon", HORIZON, lambda h: monte_carlo(SAMPLE_CASE, n=10, horizon=h),
                         integer=True, none_means_default=True),
}
(test_horizon_out_of_range_or_not_whole_is_refused, test_horizon_of_the_wrong_type_is_refused,
 test_horizon_bounds_are_accepted) = refusal_tests(HORIZON_INPUTS)

EFFECT_INPUTS = {
    "tornado": Input("effect_size", EFFECT_SIZE, lambda e: tornado(SAMPLE_CASE, effect_size=e)),
    "monte_carlo": Input("effect_size", EFFECT_SIZE, lambda e: monte_carlo(SAMPLE_CASE, n=10, effect_size=e)),
}
(test_effect_size_out_of_range_is_refused, test_effect_size_of_the_wrong_type_is_refused,
 test_effect_size_bounds_are_accepted) = refusal_tests(EFFECT_INPUTS)


@pytest.mark.parametrize(
    "call",
    [lambda: tornado({"key": "proef"}), lambda: tornado("proef"),
     lambda: monte_carlo(SAMPLE_CASE.items), lambda: monte_carlo(None)],
    ids=["tornado-dict", "tornado-key", "monte_carlo-items", "monte_carlo-None"],
)
def test_uncertainty_functions_need_a_case(call):
    with pytest.raises(TypeError, match=r"^'case' moet een Case zijn"):
        call()


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
# 4. Properties
# --------------------------------------------------------------------------------------


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


@PANDAS_PROPERTY
@given(cases, st.sampled_from(["gemeente", "Rijk"]), st.floats(1, 1e5), years, case_rates)
def test_a_transfer_adds_no_tornado_row_and_no_monte_carlo_spread(case, payer, amount, start, rate):
    # A transfer is not uncertain for society, however wide its declared range.
    transfer = Item("overdracht", "inwoner", amount, start, None, source="aanname: test",
                    counterpart=payer, low=0.5, high=2.0)
    extended = with_items(case, transfer)
    assert tornado(extended, rate)["invoer"].tolist() == tornado(case, rate)["invoer"].tolist()
    assert np.array_equal(monte_carlo(extended, n=20, rate=rate, seed=5).npv,
                          monte_carlo(case, n=20, rate=rate, seed=5).npv)


@PANDAS_PROPERTY
@given(cases, st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_monte_carlo_share_positive_is_a_probability(case, n, seed):
    result = monte_carlo(case, n=n, seed=seed)
    assert 0.0 <= result.p_positive <= 1.0
    assert result.p_positive == pytest.approx(np.count_nonzero(result.npv > 0) / n)
    assert result.percentile(0) == result.npv.min()
    assert result.percentile(100) == result.npv.max()
    assert result.percentile(0) <= result.percentile(50) <= result.percentile(100)


@PANDAS_PROPERTY
@given(cases, case_rates)
def test_monte_carlo_of_a_case_without_uncertainty_is_its_npv_every_draw(case, rate):
    certain = with_items(case, keep=lambda item: not item.uncertain)
    assume(certain.items)
    result = monte_carlo(certain, n=5, rate=rate)
    scale = sum(abs(i.amount) for i in case.items) * (case.horizon + 1) * 1.25 ** case.horizon + 1.0
    assert result.npv == pytest.approx(np.full(5, case_npv(certain, rate)), abs=1e-9 * scale)
