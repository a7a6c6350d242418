"""Specification of ``grading/waarden.py``: values cross between learner kernel and grader as data.

The hidden tests (process B) call a learner's functions in the learner's kernel (A) by
sending the arguments as JSON, and A sends the result back as JSON. The codec must:

- give back an equal value of the same type for everything it supports, pandas dtypes,
  index and names included;
- never hand B a live object of A's making: a hostile ``__eq__``, a float subclass, a
  forged dataclass naming ``os.system``; what cannot be sent is :class:`Onbekend`, which
  fails every use in a test with a Dutch ``TypeError``;
- refuse everything malformed, huge or deeply nested that A may send with
  :class:`WaardeFout`, and never with any other exception;
- copy a mutation of an argument back into the caller's object (``apply_inplace``);
- work when its source is executed inside the learner's kernel.
"""

from __future__ import annotations

import ast
import collections
import copy
import dataclasses
import datetime as dt
import enum
import inspect
import json
import math
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from grading import waarden
from grading.waarden import MAX_DEPTH, MAX_ELEMENTS, Onbekend, WaardeFout, apply_inplace, decode, dumps, encode, loads
from modules import schulden
from tests.strategies import PANDAS_PROPERTY, PROPERTY

SOURCE = Path(waarden.__file__).read_text(encoding="utf-8")


def roundtrip(value):
    """What B gets when A returns ``value``: through JSON text, as between two processes."""
    return loads(dumps(value))


def assert_same(back, value):
    """Equal and of exactly the same type, all the way down; NaN equals NaN, -0.0 is not 0.0."""
    assert type(back) is type(value), (back, value)
    if isinstance(value, (float, Decimal)):
        assert repr(back) == repr(value)
    elif isinstance(value, (list, tuple)):
        assert len(back) == len(value)
        for b, v in zip(back, value):
            assert_same(b, v)
    elif isinstance(value, dict):
        assert list(back) == list(value)  # the order of the keys too
        for key in value:
            assert_same(back[key], value[key])
    else:
        assert back == value


def unknown_reason(value) -> str:
    encoded = encode(value)
    assert encoded["t"] == "onbekend", encoded
    return encoded["reden"]


# --------------------------------------------------------------------------------------
# Round trip of every supported type
# --------------------------------------------------------------------------------------

SCALARS = [
    None, True, False, 0, -7, 2**200, -(10**5000),  # more digits than int("...") accepts
    0.1, -0.0, float("nan"), float("inf"), float("-inf"), 5e-324, 1.7976931348623157e308,
    "", "tekst met é en 😀", "\ud800", b"", b"\x00\xff",
    Decimal("1.10"), Decimal("-0"), Decimal("NaN"), Decimal("sNaN"), Decimal("1E+999"), Decimal("-Infinity"),
    dt.date(2024, 2, 29), dt.datetime(2024, 1, 2, 3, 4, 5, 6), dt.time(23, 59, 1),
    dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
    dt.timedelta(days=-1, seconds=5, microseconds=7),
    pd.Timestamp("2024-01-01 00:00:00.000000001"), pd.Timedelta("1 days 2 ns"),
]


@pytest.mark.parametrize("value", SCALARS, ids=lambda v: type(v).__name__)
def test_a_scalar_comes_back_equal_and_of_the_same_type(value):
    assert_same(roundtrip(value), value)


@pytest.mark.parametrize("value", [pd.NA, pd.NaT], ids=repr)
def test_pandas_missing_values_come_back_as_themselves(value):
    assert roundtrip(value) is value


def test_containers_keep_their_type_order_and_nesting():
    value = [1, (2.5, "a", ()), {"k": [None, {3: b"x"}], 7: (1,), (1, "t"): frozenset({4})}, {1, 2}, frozenset(), []]
    assert_same(roundtrip(value), value)


def test_sets_come_back_as_sets():
    assert_same(roundtrip({1, "a", (2, 3)}), {1, "a", (2, 3)})
    assert_same(roundtrip(frozenset({0.5})), frozenset({0.5}))


scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary()
           | st.decimals() | st.dates() | st.datetimes())
keys = st.integers() | st.text(max_size=8)
nested = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=5) | st.tuples(inner, inner)
                   | st.dictionaries(keys, inner, max_size=5) | st.frozensets(keys, max_size=4)),
    max_leaves=30,
)


@PROPERTY
@given(nested)
def test_property_nested_plain_values_come_back_equal(value):
    assert_same(roundtrip(value), value)


def test_the_text_is_strict_json_without_nan():
    text = dumps([float("nan"), float("inf")])
    json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name} in {text}"))


class Kleur(enum.IntEnum):
    ROOD = 1


Punt = collections.namedtuple("Punt", "x y")


@pytest.mark.parametrize(("value", "expected"), [
    (Kleur.ROOD, 1),
    (Punt(1, 2), (1, 2)),
    (collections.OrderedDict(a=1), {"a": 1}),
    (collections.defaultdict(list, a=[1]), {"a": [1]}),
    (collections.Counter("aab"), {"a": 2, "b": 1}),
    (np.float64(0.1), 0.1), (np.float32(0.5), 0.5), (np.int64(-3), -3), (np.uint8(200), 200),
    (np.bool_(True), True), (np.str_("tekst"), "tekst"), (np.bytes_(b"ab"), b"ab"),
    (np.timedelta64(1, "D"), Onbekend), (np.datetime64("2024-01-01"), Onbekend),
], ids=repr)
def test_subclasses_and_numpy_scalars_come_back_as_the_plain_base_type(value, expected):
    if expected is Onbekend:  # a numpy date or duration is not a number, and not supported
        assert isinstance(roundtrip(value), Onbekend)
    else:
        assert_same(roundtrip(value), expected)


# --------------------------------------------------------------------------------------
# pandas and numpy
# --------------------------------------------------------------------------------------

SERIES = {
    "int64": pd.Series([1, 2, 3]),
    "float64 with nan and -0.0": pd.Series([0.1, float("nan"), -0.0, float("inf")]),
    "object, mixed": pd.Series([1, "a", None, [1, 2], {"k": (3,)}, dt.date(2024, 1, 1)], dtype=object),
    "object, all lists": pd.Series([[1, 2], [3, 4]], dtype=object),
    "bool": pd.Series([True, False]),
    "Int64 with NA": pd.Series([1, None, 3], dtype="Int64"),
    "Float64 with NA": pd.Series([0.5, None], dtype="Float64"),
    "boolean with NA": pd.Series([True, None], dtype="boolean"),
    "str with missing": pd.Series(["a", None, "c"]),
    "string with NA": pd.Series(["a", None], dtype="string"),
    "float32": pd.Series([0.1, 2.5], dtype="float32"),
    "uint8": pd.Series([0, 255], dtype="uint8"),
    "datetime with NaT": pd.Series(pd.to_datetime(["2024-01-01 00:00", None, "2024-03-01 12:00"])),
    "datetime with timezone": pd.Series(pd.date_range("2024-03-30", periods=3, freq="D", tz="Europe/Amsterdam")),
    "timedelta": pd.Series(pd.to_timedelta(["1 days", "2 hours", None])),
    "category": pd.Series(["b", "a", "b"], dtype=pd.CategoricalDtype(["c", "b", "a"], ordered=True)),
    "string index": pd.Series([1.5, 2.5], index=["x", "y"]),
    "named index and series": pd.Series([1, 2], index=pd.Index(["a", "b"], name="sleutel"), name="waarde"),
    "integer name": pd.Series([1], name=0),
    "index 10, 11, 12": pd.Series([1, 2, 3], index=[10, 11, 12]),
    "repeated labels": pd.Series([1, 2], index=["a", "a"]),
    "stepped RangeIndex": pd.Series([1, 2], index=pd.RangeIndex(5, 9, 2, name="r")),
    "datetime index": pd.Series([1, 2], index=pd.to_datetime(["2024-01-01", "2024-01-02"])),
    "month-end index with its frequency": pd.Series([1, 2, 3], index=pd.date_range("2024-01-31", periods=3, freq="ME")),
    "timedelta index with its frequency": pd.Series([1, 2], index=pd.timedelta_range("1 day", periods=2, name="t")),
    "empty": pd.Series([], dtype="float64"),
}


def assert_series_same(back, series):
    pd.testing.assert_series_equal(back, series, check_exact=True, check_index_type=True, check_series_type=True)


@pytest.mark.parametrize("name", SERIES)
def test_a_series_comes_back_with_dtype_index_and_name(name):
    assert_series_same(roundtrip(SERIES[name]), SERIES[name])


FRAMES = {
    "mixed dtypes, index 10, 11, 12": pd.DataFrame(
        {"n": [1, 2, 3], "x": [0.5, None, 2.0], "s": ["a", None, "c"], "b": [True, False, True],
         "i": pd.array([1, None, 3], dtype="Int64"), "o": [[1], {"a": 1}, None]},
        index=pd.Index([10, 11, 12], name="rij")),
    "statutory interest table (dates in object columns)": schulden.rente_per_periode(
        1_000, dt.date(2023, 1, 1), dt.date(2024, 1, 1)),
    "repeated column labels": pd.DataFrame([[1, 2.5]], columns=["a", "a"]),
    "named integer columns": pd.DataFrame([[1, 2]], columns=pd.Index([2024, 2025], name="jaar")),
    "string index": pd.DataFrame({"v": [1, 2]}, index=["x", "y"]),
    "no columns": pd.DataFrame(index=[1, 2]),
    "no rows": pd.DataFrame({"a": pd.Series([], dtype="int64")}),
    "empty": pd.DataFrame(),
}


@pytest.mark.parametrize("name", FRAMES)
def test_a_dataframe_comes_back_with_columns_dtypes_and_index(name):
    back = roundtrip(FRAMES[name])
    pd.testing.assert_frame_equal(back, FRAMES[name], check_exact=True, check_index_type=True,
                                  check_column_type=True, check_frame_type=True)


@PANDAS_PROPERTY
@given(st.lists(st.tuples(st.integers(-2**63, 2**63 - 1), st.floats(), st.text(max_size=5)), max_size=20))
def test_property_a_frame_of_generated_rows_comes_back_equal(rows):
    frame = pd.DataFrame(rows, columns=["n", "x", "s"]).astype({"n": "int64", "x": "float64", "s": "str"})
    pd.testing.assert_frame_equal(roundtrip(frame), frame, check_exact=True, check_index_type=True)


@pytest.mark.parametrize("index", [
    pd.Index(["a", "b"], name="x"), pd.RangeIndex(2, 20, 3, name="r"), pd.RangeIndex(0), pd.Index([1.5, 2.5]),
    pd.to_datetime(["2024-01-01"]), pd.CategoricalIndex(["a", "b"]),
    pd.date_range("2024-01-01", periods=4, freq="W-MON", tz="Europe/Amsterdam"),
], ids=repr)
def test_an_index_comes_back_of_the_same_kind(index):
    back = roundtrip(index)
    pd.testing.assert_index_equal(back, index, exact=True, check_exact=True)
    assert getattr(back, "freq", None) == getattr(index, "freq", None)


@pytest.mark.parametrize("array", [
    np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.int8), np.array([True, False]),
    np.array(["ab", "c"]), np.array([b"ab"]), np.array(2.5), np.zeros((0, 3)),
    np.array([[1, 2], "a", None], dtype=object),
], ids=lambda a: f"{a.dtype}{a.shape}")
def test_a_numpy_array_comes_back_with_dtype_and_shape(array):
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype and back.shape == array.shape
    assert back.tolist() == array.tolist()


def test_an_unsupported_element_of_an_object_column_is_onbekend_in_place():
    back = roundtrip(pd.Series([1, complex(1, 2)], dtype=object))
    assert back.dtype == object and back[0] == 1 and isinstance(back[1], Onbekend)


@pytest.mark.parametrize("value", [
    pd.Series([1 + 2j]), pd.DataFrame({"c": [1j]}), pd.Series([1], index=pd.MultiIndex.from_tuples([(1, 2)])),
    pd.Series(pd.period_range("2024-01", periods=2, freq="M")), np.array([1j]),
    pd.Series([1], name=complex(1, 1)), pd.Series(["a"], dtype=pd.CategoricalDtype([1j, "a"])),
], ids=lambda v: type(v).__name__)
def test_a_pandas_or_numpy_object_with_an_unsupported_part_is_onbekend_as_a_whole(value):
    assert unknown_reason(value)
    assert isinstance(roundtrip(value), Onbekend)


# --------------------------------------------------------------------------------------
# Dataclasses: only the course's own
# --------------------------------------------------------------------------------------

def test_course_dataclasses_come_back_as_the_course_classes():
    household, creditors = schulden.preset("gezin_autolening")
    back_household, back_creditors = roundtrip((household, creditors))
    assert type(back_household) is schulden.Huishouden and back_household == household
    assert type(back_creditors) is tuple and back_creditors == creditors
    assert all(type(c) is schulden.Schuldeiser for c in back_creditors)
    assert encode(household) == {"t": "dataclass", "cls": "modules.schulden.Huishouden",
                                 "v": {"type": encode(household.type), "netto_inkomen": encode(household.netto_inkomen),
                                       "vaste_lasten": encode(household.vaste_lasten)}}


def test_a_simulation_with_its_tables_comes_back():
    household, creditors = schulden.preset("gezin_autolening")
    simulation = schulden.simuleer(household, creditors, maanden=24, hulp_na=6)
    back = roundtrip(simulation)
    assert type(back) is schulden.Simulatie
    for field in dataclasses.fields(simulation):
        original = getattr(simulation, field.name)
        if isinstance(original, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(back, field.name), original, check_exact=True)
        elif isinstance(original, pd.Series):
            pd.testing.assert_series_equal(getattr(back, field.name), original, check_exact=True)
        else:
            assert getattr(back, field.name) == original


@dataclasses.dataclass
class Eigen:
    waarde: int = 1


def test_a_dataclass_from_outside_the_course_is_onbekend():
    assert encode(Eigen())["t"] == "onbekend"
    assert isinstance(roundtrip(Eigen()), Onbekend)


def test_a_learner_class_claiming_a_course_module_comes_back_as_the_real_course_class():
    @dataclasses.dataclass(frozen=True)
    class Huishouden:  # defined by a learner, hostile __eq__, with the course's name
        type: str
        netto_inkomen: float
        vaste_lasten: float = 0.0

        def __eq__(self, other):
            return True

    Huishouden.__module__, Huishouden.__qualname__ = "modules.schulden", "Huishouden"
    back = roundtrip(Huishouden("alleenstaande", 1_500.0, 900.0))
    assert type(back) is schulden.Huishouden
    assert back == schulden.Huishouden("alleenstaande", 1_500.0, 900.0)
    assert back != schulden.Huishouden("alleenstaande", 1_600.0, 900.0)


FORGED_CLASSES = ["os.system", "builtins.eval", "modules.schulden.simuleer", "modules.schulden.date",
                  "modules.schulden.pd", "modules.__builtins__", "modules._validation.InvalidInput",
                  "modules.bestaat_niet.Klasse", "modules..Huishouden", "modules.schulden.Huishouden.__init__",
                  "modules", "subprocess.Popen", "modules.schulden.__class__"]


@pytest.mark.parametrize("name", FORGED_CLASSES)
def test_a_forged_dataclass_payload_is_refused(name):
    with pytest.raises(WaardeFout):
        decode({"t": "dataclass", "cls": name, "v": {"command": {"t": "str", "v": "echo pwned"}}})
    with pytest.raises(WaardeFout):
        decode({"t": "dataclass", "cls": name, "v": {}})


def test_a_dataclass_from_outside_the_course_reached_through_a_course_module_is_refused(monkeypatch):
    monkeypatch.setattr(schulden, "Vreemd", Eigen, raising=False)
    with pytest.raises(WaardeFout, match="geen dataclass van de cursus"):
        decode({"t": "dataclass", "cls": "modules.schulden.Vreemd", "v": {}})
    # Interval is the course's, but from a private module, which encode does not send either.
    assert encode(schulden.HOOFDSOM)["t"] == "onbekend"
    with pytest.raises(WaardeFout, match="geen dataclass van de cursus"):
        decode({"t": "dataclass", "cls": "modules.schulden.Interval", "v": {}})


@pytest.mark.parametrize("fields", [
    {"type": {"t": "str", "v": "alleenstaande"}},  # netto_inkomen missing
    {"type": {"t": "str", "v": "alleenstaande"}, "netto_inkomen": {"t": "int", "v": "-5"}},  # the class refuses
    {"type": {"t": "str", "v": "alleenstaande"}, "netto_inkomen": {"t": "int", "v": "5"}, "__class__": {"t": "none"}},
    {"type": {"t": "str", "v": "alleenstaande"}, "netto_inkomen": {"t": "onbekend", "type": "x", "reden": ""}},
])
def test_a_course_dataclass_with_wrong_fields_is_refused(fields):
    with pytest.raises(WaardeFout):
        decode({"t": "dataclass", "cls": "modules.schulden.Huishouden", "v": fields})


# --------------------------------------------------------------------------------------
# Hostile values from the learner's kernel
# --------------------------------------------------------------------------------------

class AltijdGelijk:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class Getal(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__

    def __repr__(self):
        return "42.0"

    def __float__(self):
        return 42.0


class Lijst(list):
    def __eq__(self, other):
        return True

    def __iter__(self):
        return iter([42])


class Tekst(str):
    def __str__(self):
        return "juist"

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class Woordenboek(dict):
    def items(self):
        return [("juist", 42)]

    def __eq__(self, other):
        return True


def test_an_object_that_equals_everything_comes_back_as_onbekend():
    back = roundtrip(AltijdGelijk())
    assert type(back) is Onbekend
    with pytest.raises(TypeError, match="niet kan worden nagekeken"):
        assert back == 42


@pytest.mark.parametrize(("value", "expected"), [
    (Getal(1.5), 1.5), (Lijst([1, 2]), [1, 2]), (Tekst("fout"), "fout"), (Woordenboek(a=1), {"a": 1}),
    ([Getal(0.5), {Tekst("k"): Lijst([Getal(2.0)])}], [0.5, {"k": [2.0]}]),
], ids=lambda v: type(v).__name__)
def test_a_hostile_subclass_comes_back_as_the_plain_type_with_its_real_value(value, expected):
    back = roundtrip(value)
    assert_same(back, expected)
    assert back != [12345]


class Kapot:
    """Every method a careless encoder might call raises."""

    def __getattribute__(self, name):
        raise RuntimeError(name)

    def __eq__(self, other):
        raise RuntimeError("eq")

    def __hash__(self):
        raise RuntimeError("hash")

    def __iter__(self):
        raise RuntimeError("iter")

    def __len__(self):
        raise RuntimeError("len")

    def __repr__(self):
        raise RuntimeError("repr")


class Liegt:
    """Claims to be a float and a dataclass."""

    __class__ = float  # isinstance(x, float) is True; type(x) is still Liegt
    __dataclass_fields__ = {"x": None}


class MetNaam:
    """A type whose names are not what an encoder expects."""

    __module__ = None


MetNaam.__qualname__ = "x" * 10_000


AWKWARD = {  # made in the test: pytest itself would trip over Kapot as a parameter
    "raises on every method": Kapot, "lies about its class": Liegt, "odd type names": MetNaam,
    "in a list": lambda: [Kapot(), 1], "in a dict": lambda: {"k": Liegt()},
    "in an object series": lambda: pd.Series([AltijdGelijk()], dtype=object),
    "a function": lambda: (lambda: 1), "a module": lambda: sys, "a type": lambda: type, "object": lambda: object,
}


@pytest.mark.parametrize("name", AWKWARD)
def test_encoding_never_raises(name):
    text = dumps(AWKWARD[name]())
    assert isinstance(text, str)
    back = loads(text)
    assert isinstance(back, (Onbekend, list, dict, pd.Series))


def test_unhashable_onbekend_keys_make_the_whole_dict_onbekend():
    assert unknown_reason({AltijdGelijk(): 1}) == "sleutel niet te versturen"
    assert unknown_reason({1, AltijdGelijk()}) == "element niet te versturen"


def test_a_cyclic_list_or_dict_encodes_as_onbekend_without_hanging():
    cyclic = [1]
    cyclic.append(cyclic)
    assert unknown_reason(cyclic) == "verwijst naar zichzelf"
    mapping = {}
    mapping["self"] = [mapping]
    assert unknown_reason(mapping) == "verwijst naar zichzelf"


def test_a_shared_but_not_cyclic_part_is_sent_twice():
    shared = [1, 2]
    assert_same(roundtrip([shared, shared, (shared,)]), [[1, 2], [1, 2], ([1, 2],)])


def nested_lists(depth: int):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def test_nesting_up_to_max_depth_is_sent_and_deeper_is_onbekend_as_a_whole():
    assert_same(roundtrip(nested_lists(MAX_DEPTH)), nested_lists(MAX_DEPTH))
    assert unknown_reason(nested_lists(MAX_DEPTH + 1)) == "te diep"
    assert unknown_reason([1, nested_lists(MAX_DEPTH)]) == "te diep"
    assert isinstance(roundtrip(nested_lists(MAX_DEPTH + 1)), Onbekend)


def test_more_than_max_elements_is_onbekend_as_a_whole():
    assert unknown_reason([None] * MAX_ELEMENTS) == "te groot"  # the list itself counts too
    assert len(decode(encode([None] * (MAX_ELEMENTS - 1)))) == MAX_ELEMENTS - 1
    huge = np.broadcast_to(np.int8(0), (10**9,))  # no memory behind it: refused before copying
    assert unknown_reason(huge) == "te groot"
    assert unknown_reason(pd.Series(range(MAX_ELEMENTS))) == "te groot"


def test_a_small_value_with_exponentially_many_paths_is_onbekend(monkeypatch):
    monkeypatch.setattr(waarden, "MAX_ELEMENTS", 10_000)  # the real limit takes seconds to reach
    doubling = []
    for _ in range(30):  # 31 lists, 2**31 paths through them
        doubling = [doubling, doubling]
    assert unknown_reason(doubling) == "te groot"


def test_encoding_with_little_stack_left_makes_the_value_onbekend():
    def deep(n):
        return deep(n - 1) if n else (encode(nested_lists(MAX_DEPTH)), encode(1))

    nested, small = deep(sys.getrecursionlimit() - len(inspect.stack(0)) - 40)
    assert nested == {"t": "onbekend", "type": "list", "reden": "te diep"}
    assert small == {"t": "int", "v": "1"}


# --------------------------------------------------------------------------------------
# Onbekend: every use in a test fails with a Dutch TypeError
# --------------------------------------------------------------------------------------

USES = {
    "==": lambda x: x == 1, "== reflected": lambda x: 1 == x, "!=": lambda x: x != 1, "<": lambda x: x < 1,
    "<=": lambda x: x <= 1, ">": lambda x: x > 1, ">=": lambda x: 1 >= x, "bool": bool, "if": lambda x: 1 if x else 0,
    "not": lambda x: not x, "len": len, "iter": iter, "list": list, "in": lambda x: 1 in x, "[0]": lambda x: x[0],
    "['kolom']": lambda x: x["kolom"], "attribute": lambda x: x.hoofdsom, "method": lambda x: x.sum(),
    "+": lambda x: x + 1, "radd": lambda x: 1 + x, "-": lambda x: 2 - x, "*": lambda x: x * 2, "/": lambda x: x / 2,
    "//": lambda x: 2 // x, "%": lambda x: x % 2, "**": lambda x: x**2, "neg": lambda x: -x, "abs": abs,
    "float": float, "int": int, "index": lambda x: range(x), "round": round, "math.floor": math.floor,
    "hash": hash, "set": lambda x: {x}, "dict key": lambda x: {x: 1}, "call": lambda x: x(),
    "math.isclose": lambda x: math.isclose(x, 1), "approx ==": lambda x: x == pytest.approx(1),
    "== approx": lambda x: pytest.approx(1) == x, "format spec": lambda x: f"{x:.2f}",
    "in a list": lambda x: [x] == [1], "in a tuple": lambda x: (1, x) == (1, 2), "sorted": lambda x: sorted([x, 1]),
    "np.isclose": lambda x: np.isclose(x, 1.0),
}


@pytest.mark.parametrize("use", USES)
def test_every_use_of_onbekend_fails_with_a_dutch_type_error(use):
    value = roundtrip(AltijdGelijk())
    with pytest.raises(TypeError, match=r"niet kan worden nagekeken") as raised:
        USES[use](value)
    assert f"{__name__}.AltijdGelijk" in str(raised.value)


def test_onbekend_shows_itself_safely_in_dutch():
    value = loads(dumps([nested_lists(MAX_DEPTH + 5)]))
    assert repr(value) == "<niet na te kijken waarde van type list (te diep)>"
    assert str(value) == f"{value}" == repr(value)
    assert repr(Onbekend("Foo")) == "<niet na te kijken waarde van type Foo>"
    assert value is not None and isinstance(value, Onbekend)
    assert not hasattr(value, "_typ") and not hasattr(value, "__array__")  # pandas and numpy probe these
    assert copy.deepcopy([value])[0].__class__ is Onbekend


def test_onbekend_is_not_a_number_string_or_container():
    value = Onbekend("Foo")
    assert not isinstance(value, (int, float, str, list, dict, tuple, pd.Series))


# --------------------------------------------------------------------------------------
# Malformed data from a hostile sender: WaardeFout, and nothing else
# --------------------------------------------------------------------------------------

def frame(columns, index, data):
    return {"t": "frame", "columns": columns, "index": index, "data": data}


RANGE2 = {"t": "range", "start": 0, "stop": 2, "step": 1, "name": {"t": "none"}}
ONE = {"t": "int", "v": "1"}

HOSTILE = {
    "not an object": [], "a string": "x", "a number": 5, "null": None, "a float": 1.5,
    "no tag": {"v": "1"}, "unknown tag": {"t": "eval", "v": "__import__('os')"}, "tag not a string": {"t": 1},
    "missing field": {"t": "int"}, "extra field": {"t": "int", "v": "1", "x": 1},
    "int as a number": {"t": "int", "v": 1}, "int with underscores": {"t": "int", "v": "1_000"},
    "int with spaces": {"t": "int", "v": " 1"}, "int in uppercase hex": {"t": "int", "v": "0X1F"},
    "small int in hex": {"t": "int", "v": "0x1f"}, "int with too many digits": {"t": "int", "v": "9" * 5000},
    "float as a number": {"t": "float", "v": 1.5}, "float not as repr": {"t": "float", "v": "1e5"},
    "float NaN spelled otherwise": {"t": "float", "v": "NaN"}, "float garbage": {"t": "float", "v": "een"},
    "bool as text": {"t": "bool", "v": "true"}, "bool as 1": {"t": "bool", "v": 1},
    "str as null": {"t": "str", "v": None},
    "bad base64": {"t": "bytes", "v": "!!"}, "decimal garbage": {"t": "decimal", "v": "1,5"},
    "decimal not canonical": {"t": "decimal", "v": "1e2"}, "bad date": {"t": "date", "v": "2024-13-01"},
    "datetime as number": {"t": "datetime", "v": 0}, "timedelta overflow": {"t": "timedelta", "v": [10**10, 0, 0]},
    "timedelta of floats": {"t": "timedelta", "v": [1.0, 0, 0]}, "timestamp now": {"t": "timestamp", "v": "now"},
    "list as object": {"t": "list", "v": {}}, "list of non-objects": {"t": "list", "v": [1, 2]},
    "unhashable set element": {"t": "set", "v": [{"t": "list", "v": []}]},
    "onbekend in a set": {"t": "set", "v": [{"t": "onbekend", "type": "x", "reden": ""}]},
    "dict as object": {"t": "dict", "v": {"a": ONE}}, "dict pair of three": {"t": "dict", "v": [[ONE, ONE, ONE]]},
    "unhashable dict key": {"t": "dict", "v": [[{"t": "list", "v": []}, ONE]]},
    "repeated dict key": {"t": "dict", "v": [[ONE, ONE], [ONE, ONE]]},
    "onbekend with a long name": {"t": "onbekend", "type": "x" * 10_000, "reden": ""},
    "onbekend without reason": {"t": "onbekend", "type": "x"},
    "series index length differs": {"t": "series", "dtype": "int64", "index": RANGE2, "v": [ONE],
                                    "name": {"t": "none"}},
    "series dtype pandas rejects": {"t": "series", "dtype": "geen-dtype", "index": RANGE2, "v": [ONE, ONE],
                                    "name": {"t": "none"}},
    "series dtype of 8 GB per element": {"t": "series", "dtype": "(1000000000,)f8", "index": RANGE2, "v": [ONE, ONE],
                                         "name": {"t": "none"}},
    "series dtype as number": {"t": "series", "dtype": 5, "index": RANGE2, "v": [ONE, ONE], "name": {"t": "none"}},
    "series of lists as int64": {"t": "series", "dtype": "int64", "index": RANGE2,
                                 "v": [{"t": "list", "v": [ONE]}, ONE], "name": {"t": "none"}},
    "series int64 overflow": {"t": "series", "dtype": "int64", "index": {**RANGE2, "stop": 1},
                              "v": [{"t": "int", "v": str(2**70)}], "name": {"t": "none"}},
    "series text as float": {"t": "series", "dtype": "float64", "index": {**RANGE2, "stop": 1},
                             "v": [{"t": "str", "v": "x"}], "name": {"t": "none"}},
    "series index not an index": {"t": "series", "dtype": "int64", "index": {"t": "list", "v": [ONE]}, "v": [ONE],
                                  "name": {"t": "none"}},
    "series name unhashable": {"t": "series", "dtype": "int64", "index": {**RANGE2, "stop": 1}, "v": [ONE],
                               "name": {"t": "list", "v": []}},
    "categorical with extra key": {"t": "series", "dtype": {"categories": RANGE2, "ordered": False, "x": 1},
                                   "index": RANGE2, "v": [ONE, ONE], "name": {"t": "none"}},
    "frequency that the labels do not follow": {
        "t": "index", "dtype": "datetime64[us]", "name": {"t": "none"}, "freq": "D",
        "v": [{"t": "timestamp", "v": "2024-01-01T00:00:00"}, {"t": "timestamp", "v": "2024-01-03T00:00:00"}]},
    "frequency on an integer index": {"t": "index", "dtype": "int64", "name": {"t": "none"}, "freq": "D", "v": [ONE]},
    "frequency garbage": {"t": "index", "dtype": "datetime64[us]", "name": {"t": "none"}, "freq": "elke dag", "v": []},
    "range step 0": {**RANGE2, "step": 0}, "range start as text": {**RANGE2, "start": "0"},
    "range start as bool": {**RANGE2, "start": False}, "range too large": {**RANGE2, "stop": 2**64},
    "frame with more columns than labels": frame(RANGE2, RANGE2, [{"dtype": "int64", "v": [ONE, ONE]}]),
    "frame column too short": frame({**RANGE2, "stop": 1}, RANGE2, [{"dtype": "int64", "v": [ONE]}]),
    "frame column without dtype": frame({**RANGE2, "stop": 1}, RANGE2, [{"v": [ONE, ONE]}]),
    "ndarray shape mismatch": {"t": "ndarray", "dtype": "<i8", "shape": [3], "v": [ONE]},
    "ndarray negative shape": {"t": "ndarray", "dtype": "<i8", "shape": [-1], "v": []},
    "ndarray float shape": {"t": "ndarray", "dtype": "<i8", "shape": [1.0], "v": [ONE]},
    "ndarray complex": {"t": "ndarray", "dtype": "<c16", "shape": [1], "v": [ONE]},
    "ndarray structured": {"t": "ndarray", "dtype": "V8", "shape": [0], "v": []},
    "ndarray of 4 GB strings": {"t": "ndarray", "dtype": "<U1000000000", "shape": [1], "v": [{"t": "str", "v": "a"}]},
    "ndarray dtype garbage": {"t": "ndarray", "dtype": "geen", "shape": [0], "v": []},
    "ndarray too many dimensions": {"t": "ndarray", "dtype": "<i8", "shape": [1] * 40, "v": [ONE]},
}


@pytest.mark.parametrize("name", HOSTILE)
def test_malformed_data_is_refused_with_waardefout(name):
    with pytest.raises(WaardeFout):
        decode(HOSTILE[name])
    with pytest.raises(WaardeFout):
        loads(json.dumps(HOSTILE[name]))


def deep_payload(depth: int) -> dict:
    node = {"t": "none"}
    for _ in range(depth):
        node = {"t": "list", "v": [node]}
    return node


def test_nesting_deeper_than_max_depth_is_refused():
    expected = None
    for _ in range(MAX_DEPTH):
        expected = [expected]
    assert decode(deep_payload(MAX_DEPTH)) == expected
    with pytest.raises(WaardeFout, match="te diep"):
        decode(deep_payload(MAX_DEPTH + 1))


def test_100000_deep_nesting_is_refused_as_data_and_as_json_text():
    with pytest.raises(WaardeFout):
        decode(deep_payload(100_000))
    with pytest.raises(WaardeFout):
        loads("[" * 100_000 + "]" * 100_000)
    text = '{"t":"list","v":[' * 100_000 + '{"t":"none"}' + "]}" * 100_000
    with pytest.raises(WaardeFout):
        loads(text, max_chars=len(text))


def test_more_than_max_elements_is_refused():
    node = {"t": "none"}
    with pytest.raises(WaardeFout, match="te groot"):
        decode({"t": "list", "v": [node] * MAX_ELEMENTS})


@pytest.mark.parametrize("text", ['{"t":"float","v":NaN}', '{"t":"float","v":Infinity}', "-Infinity", "NaN"])
def test_bare_nan_and_infinity_in_json_are_refused(text):
    with pytest.raises(WaardeFout, match="NaN|Infinity"):
        loads(text)


@pytest.mark.parametrize("text", ['{"t":', "", "not json", '{"t":"int","t":"none"}', '{"t":"none"} extra',
                                  "1" * 5000, '"\\ud800"', "[" * 10])
def test_text_that_is_not_valid_json_is_refused(text):
    with pytest.raises(WaardeFout):
        loads(text)


def test_too_long_text_is_refused_before_parsing():
    with pytest.raises(WaardeFout, match="te lang"):
        loads(" " * (waarden.MAX_CHARS + 1))
    text = dumps(list(range(10)))
    assert loads(text, max_chars=len(text)) == list(range(10))
    with pytest.raises(WaardeFout, match="te lang"):
        loads(text, max_chars=len(text) - 1)


@pytest.mark.parametrize("text", [b'{"t":"none"}', None, 5])
def test_loads_accepts_only_text(text):
    with pytest.raises(WaardeFout):
        loads(text)


def rich_value():
    household, _ = schulden.preset("gezin_autolening")
    return [1, -0.0, "a", b"b", Decimal("1.5"), dt.date(2024, 1, 1), {"k": (None, {2})}, household,
            SERIES["category"], SERIES["Int64 with NA"], FRAMES["mixed dtypes, index 10, 11, 12"],
            np.arange(4).reshape(2, 2), pd.Index(["a"], name="n"), Onbekend("x")]


def paths(node, prefix=()):
    """Every place in a JSON structure, as a path of keys and positions."""
    yield prefix
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from paths(child, (*prefix, key))


RICH = encode(rich_value())
PLACES = list(paths(RICH))
json_leaf = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4)
             | st.sampled_from(["int64", "object", "Int64", "str", "category", "<f8", "|O", "list", "dict", "range",
                                "index", "onbekend", "nan", "-1", "modules.schulden.Huishouden"]))
json_values = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["t", "v", "dtype", "name", "index"]), inner, max_size=3),
                           max_leaves=8)


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from(PLACES), json_values), min_size=1, max_size=3))
def test_property_any_corruption_of_a_valid_payload_decodes_or_raises_waardefout(changes):
    payload = copy.deepcopy(RICH)
    for place, replacement in changes:
        if not place:
            payload = replacement
            continue
        parent = payload
        try:
            for key in place[:-1]:
                parent = parent[key]
            parent[place[-1]] = replacement
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    try:
        decode(payload)
    except WaardeFout:
        pass


def test_the_rich_value_itself_comes_back():
    back = roundtrip(rich_value())
    assert len(back) == len(rich_value()) and isinstance(back[-1], Onbekend)
    assert_same(back[:8], rich_value()[:8])


# --------------------------------------------------------------------------------------
# A mutated argument goes back into the caller's object
# --------------------------------------------------------------------------------------

def call_in_kernel(function, argument):
    """What the grader does: send the argument, let the function change it, get its state back."""
    copy_in_kernel = loads(dumps(argument))
    function(copy_in_kernel)
    return loads(dumps(copy_in_kernel))


def test_a_list_changed_by_the_function_changes_in_the_caller():
    original = [3, 1, 2]
    assert apply_inplace(original, call_in_kernel(lambda lst: (lst.sort(), lst.append(4)), original))
    assert original == [1, 2, 3, 4]


def test_a_dict_and_a_set_changed_by_the_function_change_in_the_caller():
    mapping, numbers = {"a": 1, "b": 2}, {1, 2}
    identity = id(mapping), id(numbers)
    assert apply_inplace(mapping, call_in_kernel(lambda d: (d.pop("a"), d.update(c=3)), mapping))
    assert apply_inplace(numbers, call_in_kernel(lambda s: s.add(3), numbers))
    assert mapping == {"b": 2, "c": 3} and numbers == {1, 2, 3}
    assert (id(mapping), id(numbers)) == identity


def test_a_column_added_by_the_function_is_visible_in_the_callers_dataframe():
    original = pd.DataFrame({"bedrag": [100.0, 250.0]}, index=["a", "b"])
    seen_by_caller = original

    def add_column(frame):
        frame["btw"] = frame["bedrag"] * 0.21
        frame.loc["c"] = [1.0, 0.21]

    assert apply_inplace(original, call_in_kernel(add_column, original))
    assert seen_by_caller is original
    expected = pd.DataFrame({"bedrag": [100.0, 250.0, 1.0], "btw": [21.0, 52.5, 0.21]}, index=["a", "b", "c"])
    pd.testing.assert_frame_equal(original, expected, check_exact=True)


def test_a_series_and_an_array_changed_by_the_function_change_in_the_caller():
    series, array = pd.Series([1, 2], name="n"), np.array([1.0, 2.0])
    assert apply_inplace(series, call_in_kernel(lambda s: s.__setitem__(0, 10), series))
    assert apply_inplace(array, call_in_kernel(lambda a: a.__imul__(2), array))
    pd.testing.assert_series_equal(series, pd.Series([10, 2], name="n"))
    assert array.tolist() == [2.0, 4.0]


@pytest.mark.parametrize(("original", "new"), [
    ((1, 2), (1, 2, 3)), ("tekst", "tekst!"), (5, 6), (1.5, 2.5), (None, None), (frozenset({1}), frozenset({2})),
    ([1], Onbekend("list")), ({"a": 1}, [("a", 1)]), (pd.DataFrame({"a": [1]}), pd.Series([1])),
    (np.zeros(2), np.zeros(3)),
], ids=repr)
def test_apply_inplace_is_false_for_what_cannot_change_in_place(original, new):
    before = copy.deepcopy(original)
    assert apply_inplace(original, new) is False
    if isinstance(original, pd.DataFrame):
        pd.testing.assert_frame_equal(original, before)
    elif isinstance(original, np.ndarray):
        assert original.tolist() == before.tolist()
    else:
        assert original == before


# --------------------------------------------------------------------------------------
# The source runs inside the learner's kernel
# --------------------------------------------------------------------------------------

def test_the_source_imports_only_the_standard_library_at_module_level():
    tree = ast.parse(SOURCE)
    imported = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            imported.add(node.module.split(".")[0])
    assert imported and imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)


def test_the_source_works_when_executed_into_a_fresh_module():
    kernel = types.ModuleType("waarden_in_de_kernel")
    exec(compile(SOURCE, "waarden.py", "exec"), kernel.__dict__)
    household, creditors = schulden.preset("gezin_autolening")
    value = [FRAMES["mixed dtypes, index 10, 11, 12"], (household, creditors), AltijdGelijk(), Getal(2.5)]
    # The kernel's copy encodes, the grader's module decodes, and the other way round.
    back = loads(kernel.dumps(value))
    pd.testing.assert_frame_equal(back[0], value[0], check_exact=True)
    assert back[1] == (household, creditors) and isinstance(back[2], Onbekend) and type(back[3]) is float
    in_kernel = kernel.loads(dumps(value))
    assert isinstance(in_kernel[2], kernel.Onbekend) and in_kernel[1] == (household, creditors)
    with pytest.raises(kernel.WaardeFout):
        kernel.loads('{"t":"eval"}')
    assert issubclass(kernel.WaardeFout, ValueError)


def test_the_source_does_not_import_pandas_or_numpy_until_a_value_needs_them():
    script = ("import sys, types\n"
              "module = types.ModuleType('w')\n"
              f"exec(compile(open({waarden.__file__!r}).read(), 'w', 'exec'), module.__dict__)\n"
              "assert module.loads(module.dumps([1, 'a', {2: 0.5}])) == [1, 'a', {2: 0.5}]\n"
              "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules, 'imported early'\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
