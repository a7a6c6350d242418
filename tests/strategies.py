"""Shared material of the model's specifications: strategies, settings, cases, contracts.

Imported by ``tests/test_discounting.py``, ``tests/test_cases.py``,
``tests/test_uncertainty.py`` and ``tests/test_mkba.py``, so that no two of them carry
their own copy:

- hypothesis settings and strategies (amounts, rates, items, cases);
- invalid values generated from a module's constraints (``RATE``, ``HORIZON`` ...), so
  the tests follow a bound when it moves;
- :func:`refusal_tests`, the contract every numeric input of a public function keeps:
  out of range or not whole is a ``ValueError``, the wrong type a ``TypeError``, each
  with a Dutch message that names the input (and the range); the closed bounds are fine;
- small hand-built cases and written-out reference sums, independent of the model code.

This file holds no tests of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings
from hypothesis import strategies as st

from modules._validation import Interval
from modules.cases import ACTORS, TABLE_COLUMNS, Assumption, Case, Item
from modules.discounting import NO_DISCOUNTING, PREVIOUS_DISCOUNT_RATE, RATE, RISK_FREE_RATE

NAN = float("nan")
INF = float("inf")

# Property tests: no deadline (CI machines are slow and pandas' first call is slower).
PROPERTY = settings(deadline=None, max_examples=60)
PANDAS_PROPERTY = settings(deadline=None, max_examples=25)


# --------------------------------------------------------------------------------------
# Invalid values from constraints, and the refusal contract
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


def closed_bounds(interval: Interval, integer: bool = False) -> list[float]:
    """The bounds ``interval`` includes; for an integer one also as floats (2.0 from a slider)."""
    bounds = [b for b, closed in ((interval.low, interval.low_closed), (interval.high, interval.high_closed))
              if b is not None and closed]
    return bounds + ([float(b) for b in bounds] if integer else [])


WRONG_TYPES = ["0.05", None, True, False, [0.05], np.bool_(True)]
#: Rates every function with a rate accepts besides the closed top of ``RATE``: both ends
#: of the sensitivity range, the risk-free rate and a negative rate.
ACCEPTED_RATES = (RISK_FREE_RATE, NO_DISCOUNTING, PREVIOUS_DISCOUNT_RATE, -0.5)


def value_error(name: str, interval: Interval) -> str:
    """The parts every range message must carry: the input's name and its interval."""
    return rf"^'{re.escape(name)}' moet .*{re.escape(interval.describe())}"


def type_error(name: str) -> str:
    return rf"^'{re.escape(name)}' moet een getal zijn; ontvangen: "


@dataclass(frozen=True)
class Input:
    """One numeric input of a public function, in a call that varies only that input.

    ``name`` is the input as the message names it; ``none_means_default`` is set where
    None is not wrong but means "the case's own horizon" or "the last year".
    """

    name: str
    interval: Interval
    call: Callable[[object], object]
    integer: bool = False
    none_means_default: bool = False

    def refused(self) -> list[float]:
        return out_of_range(self.interval, self.integer) + (not_whole(self.interval) if self.integer else [])

    def wrong_types(self) -> list[object]:
        return [v for v in WRONG_TYPES if not (v is None and self.none_means_default)]


def refusal_tests(inputs: Mapping[str, Input], also_accepted: Sequence[float] = ()):
    """The three contract tests for ``inputs`` (keyed by test id), to bind in a test module.

    Returns the tests "out of range (or not whole) is a ValueError naming input and
    range", "the wrong type is a TypeError naming the input" and "the closed bounds and
    ``also_accepted`` are accepted", parametrized over every input and value.
    """
    refused = [pytest.param(key, v, id=f"{key}-{v!r}") for key, i in inputs.items() for v in i.refused()]
    wrong = [pytest.param(key, v, id=f"{key}-{v!r}") for key, i in inputs.items() for v in i.wrong_types()]

    @pytest.mark.parametrize(("function", "value"), refused)
    def out_of_range_is_refused(function, value):
        given = inputs[function]
        with pytest.raises(ValueError, match=value_error(given.name, given.interval)):
            given.call(value)

    @pytest.mark.parametrize(("function", "value"), wrong)
    def wrong_type_is_refused(function, value):
        # "0.05" from a text field and True from a checkbox are caller bugs, never a number.
        given = inputs[function]
        with pytest.raises(TypeError, match=type_error(given.name)):
            given.call(value)

    @pytest.mark.parametrize("function", list(inputs))
    def bounds_are_accepted(function):
        given = inputs[function]
        for value in [*closed_bounds(given.interval, given.integer), *also_accepted]:
            given.call(value)

    return out_of_range_is_refused, wrong_type_is_refused, bounds_are_accepted


# --------------------------------------------------------------------------------------
# Reference sums, written out independently of the model code
# --------------------------------------------------------------------------------------


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


def scale_of(flows, rate):
    """Sum of the absolute discounted amounts: the size rounding errors are measured by."""
    return sum(abs(a) / (1 + rate) ** t for t, a in enumerate(flows)) + 1.0


def expected_power_by_integration(correction, k: int) -> float:
    """E[(1 - X) ** k] for a triangular X with the correction's mean, by a dense trapezoid sum."""
    if correction is None:
        return 1.0
    low, mode, high = correction.low, correction.mode, correction.high
    if high == low:
        return (1.0 - low) ** k
    x = np.linspace(low, high, 200_001)
    density = np.where(x <= mode, (x - low) / max(mode - low, 1e-300),
                       (high - x) / max(high - mode, 1e-300)) * 2 / (high - low)
    return float(np.trapezoid((1 - x) ** k * density, x))


def case_npv_by_hand(case: Case, rate: float) -> float:
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
                amount *= level * expected_power_by_integration(case.fade, k)
            total += amount / (1 + rate) ** year
    return total


# --------------------------------------------------------------------------------------
# Small cases by hand
# --------------------------------------------------------------------------------------

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

# A case with all three effect corrections, skewed ranges and an age profile: what the
# presets use, small enough to check by a year-by-year sum (:func:`case_npv_by_hand`).
CORRECTED_CASE = Case(
    "gecorrigeerd", "Gecorrigeerde proefcasus",
    "Begeleiding nu, loon later, met dode gewicht, verdringing en uitdoving.",
    horizon=8,
    items=(
        Item("Begeleiding", "onderwijs", -3_000, 0, 1, low=0.8, high=1.3, source="aanname: test"),
        Item("Loon", "inwoner", 2_000, 2, None, effect=True, low=0.5, high=1.5,
             profile=(0.5, 0.8, 1.0), source="aanname: test"),
        Item("Minder bijstand", "gemeente", 1_000, 2, None, effect=True, counterpart="inwoner",
             source="aanname: test"),
        Item("Vrije tijd", "inwoner", -500, 2, None, effect=True, low=0.0, high=2.0,
             source="aanname: test"),
    ),
    deadweight=Assumption("Dode gewicht", 0.5, 0.3, 0.8, "aanname: test"),
    displacement=Assumption("Verdringing", 0.2, 0.0, 0.5, "aanname: test"),
    fade=Assumption("Uitdoving", 0.25, 0.1, 0.55, "aanname: test"),
)


# --------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------

# No subnormal amounts: 1 / 2e-313 overflows, and such amounts mean nothing in euro.
amounts = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False)
# Rates from -0.5 up to the top of RATE. Rates near -1 make (1 + r) ** -t overflow for
# long flows; the properties are about the ordinary range.
rates = st.floats(-0.5, RATE.high)
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


def with_items(case: Case, *extra: Item, keep: Callable[[Item], bool] = lambda item: True) -> Case:
    """``case`` with the items ``keep`` selects plus ``extra``: same horizon and corrections."""
    return Case(case.key, case.title, case.description,
                (*(i for i in case.items if keep(i)), *extra), case.horizon,
                deadweight=case.deadweight, displacement=case.displacement, fade=case.fade)
