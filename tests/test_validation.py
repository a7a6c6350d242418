"""Specification of ``modules._validation``: the shared, Dutch input checks.

Every domain function validates through these helpers, so what is pinned down here is
the contract a learner or a widget sees: a ``TypeError`` for a wrong type (a bool is never
a number), a ``ValueError`` for NaN, infinity or a value outside its interval, and a Dutch
message that names the input, shows the allowed interval with its unit and repeats the
value received.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules._validation import (
    InvalidInput,
    InvalidType,
    Interval,
    check_flows,
    check_integer,
    check_number,
    format_value,
)

NAN = float("nan")
INF = float("inf")

# A spread of interval shapes: open and closed bounds, one-sided, unbounded, with a unit.
INTERVALS = [
    Interval(),
    Interval(-1.0, 1.0, low_closed=False, unit="(decimaal per jaar)"),
    Interval(1, 100, unit="jaar"),
    Interval(0.0, 3.0),
    Interval(0.0, None, low_closed=False),
    Interval(None, 10.0, high_closed=False, unit="euro"),
]


def outside(interval: Interval) -> list[float]:
    """Values of the right type that ``interval`` must reject, derived from its bounds.

    An open bound itself, the nearest float beyond a closed bound, and a value well beyond
    each bound: so the tests follow the constraint when someone changes a bound.
    """
    values = []
    if interval.low is not None:
        low = float(interval.low)
        values.append(low if not interval.low_closed else float(np.nextafter(low, -INF)))
        values.append(low - 1.0)
    if interval.high is not None:
        high = float(interval.high)
        values.append(high if not interval.high_closed else float(np.nextafter(high, INF)))
        values.append(high + 1.0)
    return values


def inside(interval: Interval) -> list[float]:
    """Values ``interval`` must accept: its closed bounds and a point strictly inside."""
    low = -1e6 if interval.low is None else float(interval.low)
    high = 1e6 if interval.high is None else float(interval.high)
    values = [(low + high) / 2]
    if interval.low is not None and interval.low_closed:
        values.append(low)
    if interval.high is not None and interval.high_closed:
        values.append(high)
    return values


def interval_cases(make):
    return [
        pytest.param(interval, value, id=f"{interval.describe()}|{value!r}")
        for interval in INTERVALS
        for value in make(interval)
    ]


# --------------------------------------------------------------------------------------
# Interval
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("interval", "value"), interval_cases(inside))
def test_interval_contains_its_closed_bounds_and_interior(interval, value):
    assert value in interval


@pytest.mark.parametrize(("interval", "value"), interval_cases(outside))
def test_interval_excludes_open_bounds_and_everything_beyond(interval, value):
    assert value not in interval


@pytest.mark.parametrize("interval", INTERVALS, ids=lambda i: i.describe())
def test_nan_is_in_no_interval(interval):
    # NaN compares False with everything, so a naive bounds check would let it through.
    assert NAN not in interval
    assert np.float64("nan") not in interval


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        # Brackets show whether a bound is included; infinity is always open.
        (Interval(), "(-∞; ∞)"),
        (Interval(-1.0, 1.0, low_closed=False), "(-1; 1]"),
        (Interval(0, 100, unit="jaar"), "[0; 100] jaar"),
        (Interval(0.0, 1.0, high_closed=False), "[0; 1)"),
        (Interval(None, 5), "(-∞; 5]"),
        (Interval(2, None), "[2; ∞)"),
        # Dutch decimal comma, and the unit after the interval.
        (Interval(0.5, 2.25, unit="euro"), "[0,5; 2,25] euro"),
    ],
)
def test_interval_describe_uses_dutch_notation(interval, text):
    assert interval.describe() == text


# --------------------------------------------------------------------------------------
# format_value
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0225, "0,0225"),
        (-2.5, "-2,5"),
        (0.1 + 0.2, "0,3"),  # no float noise (0.30000000000000004) in a learner's message
        (3, "3"),
        (np.int64(7), "7"),
        (100.0, "100"),
        # Whole numbers from 10,000 up get a dot between thousands: 10.000.000 reads
        # as ten million to a Dutch reader.
        (10_000_000, "10.000.000"),
        (12_345.0, "12.345"),
        (-25_000, "-25.000"),
        (9_999.0, "9999"),
        (NAN, "NaN (geen getal)"),
        (INF, "∞"),
        (-INF, "-∞"),
        # Not numbers: shown as Python shows them, so a string is recognisable as one.
        ("2.000", "'2.000'"),
        (True, "True"),
        (None, "None"),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


# --------------------------------------------------------------------------------------
# check_number
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [0, 1, -3, 0.5, np.float64(0.25), np.int32(2), np.float32(0.5), Fraction(1, 4)]
)
def test_check_number_accepts_real_numbers_and_returns_float(value):
    result = check_number("x", value)
    assert type(result) is float
    assert result == float(value)


@pytest.mark.parametrize(
    "value",
    ["0.05", "abc", b"1", None, [1.0], (1.0,), {"x": 1}, 1 + 0j, True, False, np.bool_(True)],
    ids=repr,
)
def test_check_number_rejects_non_numbers_with_type_error(value):
    # A bool is an int in Python, but True as an amount is a bug, not one euro.
    with pytest.raises(TypeError, match=r"^'bedrag' moet een getal zijn; ontvangen: "):
        check_number("bedrag", value)


@pytest.mark.parametrize("value", [NAN, INF, -INF, np.float64("nan")], ids=repr)
@pytest.mark.parametrize("interval", INTERVALS, ids=lambda i: i.describe())
def test_check_number_rejects_nan_and_infinity_in_any_interval(interval, value):
    # Even the unbounded interval refuses them: no result can be computed from them.
    pattern = rf"^'x' moet een eindig getal zijn in {re.escape(interval.describe())}; ontvangen: "
    with pytest.raises(ValueError, match=pattern):
        check_number("x", value, interval)


@pytest.mark.parametrize(("interval", "value"), interval_cases(outside))
def test_check_number_message_names_input_interval_and_value(interval, value):
    pattern = (
        rf"^'rate' moet liggen in {re.escape(interval.describe())}; "
        rf"ontvangen: {re.escape(format_value(value))}\.$"
    )
    with pytest.raises(ValueError, match=pattern):
        check_number("rate", value, interval)


@pytest.mark.parametrize(("interval", "value"), interval_cases(inside))
def test_check_number_accepts_values_inside_the_interval(interval, value):
    assert check_number("x", value, interval) == value


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(allow_nan=False, allow_infinity=False))
def test_check_number_agrees_with_interval_membership(bound, value):
    # Whatever the bound, check_number accepts exactly the values the interval contains.
    interval = Interval(bound, None, low_closed=False)
    if value in interval:
        assert check_number("x", value, interval) == value
    else:
        with pytest.raises(ValueError):
            check_number("x", value, interval)


# --------------------------------------------------------------------------------------
# check_integer
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [10, 10.0, np.int64(10), np.float64(10.0)])
def test_check_integer_accepts_integral_values_and_returns_int(value):
    # Sliders and pandas columns hand over 10.0; that is a whole number of years.
    result = check_integer("horizon", value, Interval(1, 100, unit="jaar"))
    assert type(result) is int
    assert result == 10


@pytest.mark.parametrize("value", [10.5, 1.000001, 99.9])
def test_check_integer_rejects_fractions_inside_the_interval(value):
    pattern = rf"^'horizon' moet een geheel getal zijn in \[1; 100\] jaar; ontvangen: {re.escape(format_value(value))}\.$"
    with pytest.raises(ValueError, match=pattern):
        check_integer("horizon", value, Interval(1, 100, unit="jaar"))


@pytest.mark.parametrize("value", [0, 101, -1, NAN, INF])
def test_check_integer_rejects_values_outside_the_interval(value):
    with pytest.raises(ValueError, match=r"^'horizon' moet .*\[1; 100\] jaar"):
        check_integer("horizon", value, Interval(1, 100, unit="jaar"))


@pytest.mark.parametrize("value", [True, "10", None, [10]], ids=repr)
def test_check_integer_rejects_non_numbers_with_type_error(value):
    with pytest.raises(TypeError, match=r"^'horizon' moet een getal zijn"):
        check_integer("horizon", value, Interval(1, 100))


# --------------------------------------------------------------------------------------
# check_flows
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "flows",
    [
        [-100, 60, 60],
        (-100, 60, 60),
        np.array([-100, 60, 60]),
        np.array([-100.0, 60.0, 60.0], dtype=np.float32),
        pd.Series([-100, 60, 60]),
        (x for x in (-100, 60, 60)),  # any iterable, also a generator
        [np.int64(-100), 60.0, Fraction(60)],
    ],
    ids=["list", "tuple", "int-array", "float32-array", "series", "generator", "mixed"],
)
def test_check_flows_accepts_any_one_dimensional_sequence_of_numbers(flows):
    result = check_flows("flows", flows)
    assert isinstance(result, np.ndarray)
    assert result.dtype == float
    assert result.tolist() == [-100.0, 60.0, 60.0]


def test_check_flows_accepts_a_single_year():
    assert check_flows("flows", [5]).tolist() == [5.0]


@pytest.mark.parametrize(
    "flows",
    ["100", b"100", 100, 100.0, None, True, np.float64(1.0), np.array(5.0)],
    ids=repr,
)
def test_check_flows_rejects_strings_and_scalars_with_type_error(flows):
    # A string is iterable, but "100" is not three amounts of 1, 0 and 0 euro.
    with pytest.raises(TypeError, match=r"^'flows' moet een reeks bedragen per jaar zijn"):
        check_flows("flows", flows)


@pytest.mark.parametrize("flows", [[], (), np.array([])], ids=["list", "tuple", "array"])
def test_check_flows_rejects_empty_sequences(flows):
    with pytest.raises(ValueError, match=r"^'flows' is leeg; geef minstens één bedrag \(jaar 0\)\.$"):
        check_flows("flows", flows)


@pytest.mark.parametrize(
    "flows",
    [[[1, 2], [3, 4]], [1, [2, 3]], [1, (2,)], np.array([[1.0, 2.0], [3.0, 4.0]])],
    ids=["nested-lists", "ragged", "tuple-inside", "2d-array"],
)
def test_check_flows_rejects_nested_sequences(flows):
    with pytest.raises(ValueError, match=r"^'flows' moet één bedrag per jaar bevatten, geen geneste reeks\.$"):
        check_flows("flows", flows)


@pytest.mark.parametrize(
    ("flows", "year"),
    [([1, "a"], 1), ([None, 1], 0), ([1, 2, True], 2), ([1, np.bool_(False)], 1), ([1, 2, 3, "4"], 3)],
    ids=["str", "None", "bool", "numpy-bool", "numeric-string"],
)
def test_check_flows_rejects_non_numbers_naming_the_year(flows, year):
    with pytest.raises(TypeError, match=rf"^'flows' bevat in jaar {year} geen getal: "):
        check_flows("flows", flows)


@pytest.mark.parametrize(
    ("flows", "year", "shown"),
    [([1, NAN], 1, "NaN (geen getal)"), ([INF], 0, "∞"), ([1, 2, -INF], 2, "-∞")],
)
def test_check_flows_rejects_nan_and_infinity_naming_the_year(flows, year, shown):
    pattern = rf"^'flows' bevat in jaar {year} een ongeldig bedrag: {re.escape(shown)}\."
    with pytest.raises(ValueError, match=pattern):
        check_flows("flows", flows)


def test_check_flows_does_not_modify_its_input():
    flows = np.array([-100.0, 60.0])
    result = check_flows("flows", flows)
    result[0] = 0.0
    assert flows[0] == -100.0


# --------------------------------------------------------------------------------------
# The exceptions carry the parameter name (widgets swap it for their field label)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "kind", "base"),
    [
        (lambda: check_number("rate", "x"), InvalidType, TypeError),
        (lambda: check_number("rate", 5.0, Interval(0, 1)), InvalidInput, ValueError),
        (lambda: check_integer("rate", 0.5, Interval(0, 1)), InvalidInput, ValueError),
        (lambda: check_flows("rate", []), InvalidInput, ValueError),
        (lambda: check_flows("rate", ["a"]), InvalidType, TypeError),
    ],
)
def test_errors_are_standard_exceptions_that_remember_the_parameter(call, kind, base):
    with pytest.raises(kind) as info:
        call()
    # Callers that only know the built-in exceptions still catch them.
    assert isinstance(info.value, base)
    assert info.value.parameter == "rate"
    # The widget shows its own field label in place of the parameter name, rest unchanged.
    message = str(info.value)
    assert message.startswith("'rate' ")
    assert info.value.for_label("Discontovoet") == "'Discontovoet' " + message[len("'rate' "):]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2026, "2026"), (2026.0, "2026"), (12_345, "12.345"), (12_345.0, "12.345"),
     (10_000_000, "10.000.000"), (-25_000, "-25.000"), (1234.5, "1234,5")],
)
def test_format_value_groups_thousands_only_from_ten_thousand(value, shown) -> None:
    # A year such as 2026 must not read as 2.026; an amount of 12345 reads as 12.345.
    assert format_value(value) == shown


@pytest.mark.parametrize("bad", ["12", None, True, [1.0], object()])
def test_a_non_number_is_both_a_type_error_and_a_value_error(bad) -> None:
    # The foundation issue's contract: every bad input raises ValueError with a Dutch
    # message; scikit-learn's convention: the wrong type raises TypeError. Both hold.
    with pytest.raises(ValueError, match=r"'rate' moet een getal zijn"):
        check_number("rate", bad)
    with pytest.raises(TypeError):
        check_number("rate", bad)
