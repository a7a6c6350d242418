"""Send values between the learner's kernel and the grader as plain JSON, never as live objects.

A learner's notebook runs in an untrusted kernel (A), the hidden tests in a clean process
(B). B sends a function's arguments to A as data (:func:`dumps`, :func:`loads`), A sends
the result back as data. :func:`decode` rebuilds only plain types (None, bool, int, float,
str, bytes, Decimal, date, datetime, time, timedelta, list, tuple, set, frozenset, dict),
pandas and numpy objects through their public constructors, and dataclasses of the
course's ``modules`` package; so an object whose ``__eq__`` always says True, or a float
subclass, cannot get through. A is hostile: every tag, field, type, size and depth is
checked, anything else is a :class:`WaardeFout`. :func:`encode` never raises: what it
cannot send is 'onbekend', decoded as :class:`Onbekend`, which fails every use in a test
with a Dutch ``TypeError`` instead of passing by accident.

- A **subclass** of a supported builtin (``IntEnum``, ``namedtuple``, ``defaultdict``, a
  learner's ``class Getal(float)``) is read with the base type's own methods
  (``float.__repr__(x)``, ``list.__iter__(x)``), never one the subclass overrides, and comes
  back as the plain base type; numpy's own scalars become bool, int or float. Subclasses
  of pandas and numpy containers are 'onbekend'.
- Nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_ELEMENTS` values or a
  container that contains itself make the *whole* value 'onbekend' ("te diep", "te groot",
  "verwijst naar zichzelf"): a partial answer would mislead.
- An unsupported element of a list, tuple or dict value is 'onbekend' in place. Where a
  constructor checks the part (dict key, set element, dataclass field; index, name, dtype
  or non-object element of a pandas or numpy object) the whole container is 'onbekend'.
- A timezone-aware datetime comes back with a fixed UTC offset (the same instant).
  MultiIndex, complex numbers, periods and intervals are not supported.

This source is also executed in the learner's kernel: it imports only the standard library
at module level, pandas and numpy when a value needs them, and nothing of the course.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import decimal
import functools
import importlib
import json
import math
import re
import sys

__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_ELEMENTS", "Onbekend", "WaardeFout", "apply_inplace",
           "decode", "dumps", "encode", "loads"]

#: Containers within containers a value may have.
MAX_DEPTH = 40
#: Encoded values (every scalar, container and pandas element) in one value.
MAX_ELEMENTS = 1_000_000
#: Default longest text :func:`loads` parses.
MAX_CHARS = 5_000_000
#: Bytes a decoded numpy array may take: the sender picks its dtype ("<U100000000").
_MAX_BYTES = 200_000_000
_INT = re.compile(r"-?(?:0x[0-9a-f]+|[0-9]+)\Z")
# Public course modules and classes only: no dunders, so no "modules.__builtins__".
_MODULE = re.compile(r"modules(?:\.[A-Za-z][A-Za-z0-9_]*)*\Z")
_CLASS = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_NUMPY_KINDS = "biufUSO"
_PANDAS_KINDS = "biufMmO"
# Imported only when a value needs them: most values in the learner's kernel do not.
_pandas = functools.partial(importlib.import_module, "pandas")
_numpy = functools.partial(importlib.import_module, "numpy")


class WaardeFout(ValueError):
    """A received value is malformed, too large, or of a kind that may not be rebuilt."""


class Onbekend:
    """A value the learner's code produced that could not be sent, so cannot be checked.

    Comparing, arithmetic, truth, length, iterating, indexing, hashing, calling, a public
    attribute and conversion to a number raise a ``TypeError`` with a Dutch message naming
    the type. Names starting with ``_`` raise ``AttributeError``, as pandas, numpy and
    IPython probe for some (``_typ``, ``__array__``).

    Parameters
    ----------
    type_name : str
        Qualified name of the value's type where it was made.
    reason : str, default ""
        Why it could not be sent, in Dutch ("te diep"); empty for an unsupported type.
    """

    __slots__ = ("_type_name", "_reason")

    def __init__(self, type_name: str, reason: str = "") -> None:
        self._type_name = type_name
        self._reason = reason

    def __repr__(self) -> str:
        reason = f" ({self._reason})" if self._reason else ""
        return f"<niet na te kijken waarde van type {self._type_name}{reason}>"

    def __format__(self, spec: str) -> str:
        return self._refuse() if spec else repr(self)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        self._refuse()

    def _refuse(self, *args):
        reason = f" ({self._reason})" if self._reason else ""
        raise TypeError(f"Je code gaf een waarde van type {self._type_name} terug die niet kan worden "
                        f"nagekeken{reason}. Geef een getal, tekst, lijst, dict, dataclass of "
                        f"pandas-tabel terug.")


_BINARY = "add sub mul matmul truediv floordiv mod divmod pow lshift rshift and xor or".split()
for _name in ["eq", "ne", "lt", "le", "gt", "ge", "bool", "len", "iter", "reversed", "contains",
              "getitem", "setitem", "delitem", "hash", "call", "float", "int", "index", "complex",
              "round", "trunc", "floor", "ceil", "abs", "neg", "pos", "invert",
              *_BINARY, *(f"r{op}" for op in _BINARY)]:
    setattr(Onbekend, f"__{_name}__", Onbekend._refuse)
del _name


class _Limit(Exception):
    """A limit of the whole value was reached: the whole value becomes 'onbekend'."""


class _Refused(Exception):
    """A part a constructor would check cannot be sent: its container becomes 'onbekend'."""


def _type_name(value) -> str:
    try:
        module, name = type(value).__module__, type(value).__qualname__
        return (name if module == "builtins" else f"{module}.{name}")[:200]
    except Exception:  # a hostile metaclass; the name only serves the message
        return "?"


def _unknown(value, reason: str = "") -> dict:
    return {"t": "onbekend", "type": _type_name(value), "reden": reason}


def _int_text(x) -> str:
    try:
        return int.__repr__(x)
    except ValueError:  # more digits than sys.get_int_max_str_digits(); hex has no limit
        return int.__format__(x, "#x")


def _parse_int(text: str) -> int:
    if not _INT.match(text):
        raise ValueError(text)
    return int(text, 16) if "x" in text else int(text)


# (base type, tag, text of a value, parser of the text): subclasses go through the base
# type's own methods, and decoding checks the text reads exactly as encoding writes it.
_SCALARS = (
    (int, "int", _int_text, _parse_int),
    (float, "float", float.__repr__, float),
    (str, "str", str.__str__, str),
    (bytes, "bytes", lambda x: base64.b64encode(x).decode("ascii"), lambda v: base64.b64decode(v, validate=True)),
    (decimal.Decimal, "decimal", decimal.Decimal.__str__, decimal.Decimal),
    (_dt.datetime, "datetime", _dt.datetime.isoformat, _dt.datetime.fromisoformat),
    (_dt.date, "date", _dt.date.isoformat, _dt.date.fromisoformat),
    (_dt.time, "time", _dt.time.isoformat, _dt.time.fromisoformat),
)
_TEXTS = {tag: (text, parse) for _, tag, text, parse in _SCALARS} | {
    "timestamp": (lambda t: t.isoformat(), lambda v: _pandas().Timestamp(v)),
    "pd_timedelta": (lambda t: t.isoformat(), lambda v: _pandas().Timedelta(v)),
}
_SEQUENCES = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}
_CONSTANTS = {"none": lambda: None, "na": lambda: _pandas().NA, "nat": lambda: _pandas().NaT}


class _Encoder:
    def __init__(self) -> None:
        self.count = 0
        self.path: set[int] = set()  # ids of the values being encoded: meeting one again is a cycle

    def budget(self, extra: int) -> None:
        # Also before pandas' tolist(), so a huge array is refused before it is copied.
        if self.count + extra > MAX_ELEMENTS:
            raise _Limit("te groot")

    def value(self, x, depth: int) -> dict:
        self.count += 1
        self.budget(0)
        if depth > MAX_DEPTH:
            raise _Limit("te diep")
        if id(x) in self.path:
            raise _Limit("verwijst naar zichzelf")
        self.path.add(id(x))
        try:
            return self._value(x, type(x), depth)
        except _Limit:
            raise
        except RecursionError:  # called with little stack left: as if nested too deeply
            raise _Limit("te diep") from None
        except _Refused as refused:
            return _unknown(x, str(refused))
        except Exception:
            return _unknown(x, "fout bij het versturen")
        finally:
            self.path.discard(id(x))

    def _value(self, x, cls, depth: int) -> dict:
        if x is None:
            return {"t": "none"}
        if cls is bool:
            return {"t": "bool", "v": x}
        pd, np = sys.modules.get("pandas"), sys.modules.get("numpy")
        if pd is not None and (encoded := self._pandas(x, cls, depth, pd)) is not None:
            return encoded
        if np is not None and cls is np.ndarray:
            if x.dtype.kind not in _NUMPY_KINDS or x.dtype.fields or x.dtype.subdtype:
                raise _Refused(f"dtype {x.dtype} niet te versturen")
            self.budget(x.size)
            return {"t": "ndarray", "dtype": x.dtype.str, "shape": list(x.shape),
                    "v": self._elements(x.ravel().tolist(), x.dtype, depth)}
        if np is not None and isinstance(x, np.generic) and cls.__module__ == "numpy" and x.dtype.kind in "biuf":
            x = {"b": bool, "i": int, "u": int, "f": float}[x.dtype.kind](x)
            if type(x) is bool:
                return {"t": "bool", "v": x}
            cls = type(x)
        for base, tag, text, _ in _SCALARS:
            if issubclass(cls, base):
                return {"t": tag, "v": text(x)}
        if issubclass(cls, _dt.timedelta):
            return {"t": "timedelta", "v": list(_dt.timedelta.__reduce__(x)[1])}
        for tag, base in _SEQUENCES.items():
            if issubclass(cls, base):
                encoded = [self.value(item, depth + 1) for item in base.__iter__(x)]
                if tag in ("set", "frozenset"):
                    self._complete(encoded, "element")
                return {"t": tag, "v": encoded}
        if issubclass(cls, dict):
            pairs = [[self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in dict.items(x)]
            self._complete([k for k, _ in pairs], "sleutel")
            return {"t": "dict", "v": pairs}
        if dataclasses.is_dataclass(cls) and _MODULE.match(cls.__module__) and _CLASS.match(cls.__qualname__):
            fields = {f.name: self.value(getattr(x, f.name), depth + 1) for f in dataclasses.fields(cls) if f.init}
            self._complete(fields.values(), "veld")
            return {"t": "dataclass", "cls": f"{cls.__module__}.{cls.__qualname__}", "v": fields}
        return _unknown(x)

    @staticmethod
    def _complete(encoded, what: str) -> None:
        if any(e["t"] == "onbekend" for e in encoded):
            raise _Refused(f"{what} niet te versturen")

    def _elements(self, values: list, dtype, depth: int) -> list:
        encoded = [self.value(v, depth + 1) for v in values]
        if str(dtype) != "object":
            self._complete(encoded, "element")
        return encoded

    def _name(self, name, depth: int) -> dict:
        encoded = self.value(name, depth + 1)
        self._complete([encoded], "naam")
        return encoded

    def _pandas(self, x, cls, depth: int, pd) -> dict | None:
        if x is pd.NA or x is pd.NaT:
            return {"t": "na" if x is pd.NA else "nat"}
        if cls in (pd.Timestamp, pd.Timedelta):
            return {"t": "timestamp" if cls is pd.Timestamp else "pd_timedelta", "v": x.isoformat()}
        if cls is pd.Series:
            self.budget(len(x))
            return {"t": "series", "dtype": self._dtype(x.dtype, depth), "index": self._index(x.index, depth),
                    "v": self._elements(x.tolist(), x.dtype, depth), "name": self._name(x.name, depth)}
        if cls is pd.DataFrame:
            self.budget(x.size)
            columns = [x.iloc[:, i] for i in range(x.shape[1])]  # by position: labels may repeat
            data = [{"dtype": self._dtype(c.dtype, depth), "v": self._elements(c.tolist(), c.dtype, depth)}
                    for c in columns]
            return {"t": "frame", "columns": self._index(x.columns, depth),
                    "index": self._index(x.index, depth), "data": data}
        return self._index(x, depth) if issubclass(cls, pd.Index) else None

    def _index(self, index, depth: int) -> dict:
        pd = sys.modules["pandas"]
        if type(index) is pd.RangeIndex:
            return {"t": "range", "start": index.start, "stop": index.stop, "step": index.step,
                    "name": self._name(index.name, depth)}
        if type(index) is pd.MultiIndex or type(index).__module__.split(".")[0] != "pandas":
            raise _Refused("index niet te versturen")
        self.budget(len(index))
        labels = self._elements(index.tolist(), index.dtype, depth)
        self._complete(labels, "label")  # labels are hashed, so an Onbekend one cannot be rebuilt
        return {"t": "index", "dtype": self._dtype(index.dtype, depth), "v": labels,
                "name": self._name(index.name, depth), "freq": getattr(index, "freqstr", None)}

    def _dtype(self, dtype, depth: int):
        if isinstance(dtype, sys.modules["pandas"].CategoricalDtype):  # "category" loses the categories
            return {"categories": self._index(dtype.categories, depth + 1), "ordered": bool(dtype.ordered)}
        return str(dtype)


def encode(value) -> dict:
    """A JSON-able tagged structure of ``value``; never raises.

    Parameters
    ----------
    value : object
        Any value; the module docstring lists what is supported.

    Returns
    -------
    dict
        ``{"t": tag, ...}``, ``{"t": "onbekend", "type": ..., "reden": ...}`` if unsupported.
    """
    try:
        return _Encoder().value(value, 0)
    except Exception as error:  # a _Limit, or anything the encoder did not foresee
        return _unknown(value, str(error) if isinstance(error, _Limit) else "fout bij het versturen")


# The fields of each tag besides "t".
_FIELDS = dict.fromkeys(_CONSTANTS, ()) | dict.fromkeys([*_TEXTS, *_SEQUENCES, "bool", "timedelta", "dict"], ("v",)) | {
    "series": ("dtype", "index", "v", "name"), "frame": ("columns", "index", "data"),
    "index": ("dtype", "v", "name", "freq"), "range": ("start", "stop", "step", "name"),
    "ndarray": ("dtype", "shape", "v"), "dataclass": ("cls", "v"), "onbekend": ("type", "reden"),
}
_KINDS = {str: "tekst", list: "lijst", dict: "object", bool: "true of false", int: "geheel getal"}


def _field(node: dict, name: str, kind: type):
    value = node[name]
    if type(value) is not kind:
        raise WaardeFout(f"Veld '{name}' van '{node['t']}' moet {_KINDS[kind]} zijn.")
    return value


class _Decoder:
    def __init__(self) -> None:
        self.count = 0

    def value(self, node, depth: int):
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise WaardeFout(f"De waarde is te groot: meer dan {MAX_ELEMENTS} onderdelen.")
        if depth > MAX_DEPTH:
            raise WaardeFout(f"De waarde is te diep genest: meer dan {MAX_DEPTH} niveaus.")
        return self.dispatch(node, depth, _FIELDS)

    def dispatch(self, node, depth: int, tags):
        if type(node) is not dict:
            raise WaardeFout(f"Verwacht een object met een soort ('t'), niet {type(node).__name__}.")
        tag = node.get("t")
        if type(tag) is not str or tag not in tags:
            raise WaardeFout(f"Onbekende soort waarde: {str(tag)[:50]!r}.")
        if node.keys() != {"t", *_FIELDS[tag]}:
            raise WaardeFout(f"Een '{tag}' moet precies de velden {', '.join(_FIELDS[tag]) or 'geen'} hebben.")
        if tag in _CONSTANTS:
            return _CONSTANTS[tag]()
        if tag in _TEXTS:
            text, parse = _TEXTS[tag]
            value = _field(node, "v", str)
            try:
                result = parse(value)
                if text(result) == value:
                    return result
            except Exception:  # every parser has its own errors; all mean invalid text
                pass
            raise WaardeFout(f"Ongeldige waarde voor '{tag}': {value[:50]!r}.")
        if tag in _SEQUENCES:  # an unhashable set element is a TypeError, see decode()
            return _SEQUENCES[tag](self._items(node["v"], depth, tag))
        return getattr(self, f"_{tag}")(node, depth)

    def _items(self, items, depth: int, tag: str) -> list:
        if type(items) is not list:
            raise WaardeFout(f"Veld 'v' van '{tag}' moet een lijst zijn.")
        return [self.value(item, depth + 1) for item in items]

    def _bool(self, node, depth):
        return _field(node, "v", bool)

    def _timedelta(self, node, depth):
        parts = _field(node, "v", list)
        if len(parts) != 3 or any(type(p) is not int for p in parts):
            raise WaardeFout("Een 'timedelta' moet drie gehele getallen hebben.")
        return _build(_dt.timedelta, *parts)

    def _dict(self, node, depth):
        result = {}
        for pair in _field(node, "v", list):
            if type(pair) is not list or len(pair) != 2:
                raise WaardeFout("Elk paar van een 'dict' moet een lijst van sleutel en waarde zijn.")
            key, item = self.value(pair[0], depth + 1), self.value(pair[1], depth + 1)
            if key in result:
                raise WaardeFout("Een 'dict' heeft een sleutel twee keer.")
            result[key] = item
        return result

    def _onbekend(self, node, depth):
        type_name, reason = _field(node, "type", str), _field(node, "reden", str)
        if len(type_name) > 200 or len(reason) > 200:
            raise WaardeFout("Naam of reden van een 'onbekend' is te lang.")
        return Onbekend(type_name, reason)

    def _dataclass(self, node, depth):
        name, fields = _field(node, "cls", str), _field(node, "v", dict)
        module_name, _, class_name = name.rpartition(".")
        cls = None
        if _MODULE.match(module_name) and _CLASS.match(class_name):
            try:
                cls = getattr(importlib.import_module(module_name), class_name, None)
            except ImportError:
                pass
        # Also refused: a function (modules.schulden.simuleer), or a re-export from outside.
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and _MODULE.match(cls.__module__)):
            raise WaardeFout(f"'{name[:100]}' is geen dataclass van de cursus.")
        allowed = {f.name for f in dataclasses.fields(cls) if f.init}
        if not all(type(key) is str and key in allowed for key in fields):
            raise WaardeFout(f"Onbekend veld voor {name}.")
        return _build(cls, **{key: self.value(item, depth + 1) for key, item in fields.items()})

    def _elements(self, items, depth: int, dtype, tag: str):
        """Elements of a pandas or numpy object, ready for its constructor."""
        values = self._items(items, depth, tag)
        np = _numpy()
        if dtype == np.dtype(object):
            # One by one: given a list, numpy and pandas would unpack nested lists.
            array = np.empty(len(values), dtype=object)
            for i, item in enumerate(values):
                array[i] = item
            return array
        pd = _pandas()
        plain = (type(None), bool, int, float, str, bytes, decimal.Decimal, _dt.date, _dt.datetime, _dt.time,
                 _dt.timedelta, pd.Timestamp, pd.Timedelta, type(pd.NA), type(pd.NaT))
        if not all(type(v) in plain for v in values):
            raise WaardeFout(f"Elementen met dtype {dtype} moeten enkelvoudige waarden zijn.")
        return values

    def _pandas_dtype(self, spec, depth: int):
        pd, np = _pandas(), _numpy()
        if type(spec) is dict:
            if spec.keys() != {"categories", "ordered"} or type(spec["ordered"]) is not bool:
                raise WaardeFout("Een categorisch dtype moet precies 'categories' en 'ordered' hebben.")
            categories = self.dispatch(spec["categories"], depth + 1, ("index", "range"))
            return _build(pd.CategoricalDtype, categories, ordered=spec["ordered"])
        if type(spec) is not str or len(spec) > 100:
            raise WaardeFout("Een dtype moet een korte tekst zijn.")
        dtype = _build(pd.api.types.pandas_dtype, spec)
        # A numpy dtype string can ask for anything: "(1000000000,)f8" is 8 GB per element.
        if isinstance(dtype, np.dtype) and (dtype.kind not in _PANDAS_KINDS or dtype.itemsize > 16
                                            or dtype.subdtype or dtype.fields):
            raise WaardeFout(f"Het dtype {spec!r} is niet toegestaan.")
        return dtype

    def _range(self, node, depth):
        bounds = [_field(node, key, int) for key in ("start", "stop", "step")]
        if any(abs(b) >= 2**63 for b in bounds):
            raise WaardeFout("Een 'range' valt buiten het bereik.")
        return _build(_pandas().RangeIndex, *bounds, name=self.value(node["name"], depth + 1))

    def _index(self, node, depth):
        pd = _pandas()
        dtype, freq = self._pandas_dtype(node["dtype"], depth), node["freq"]
        values = self._elements(node["v"], depth, dtype, "index")
        name = self.value(node["name"], depth + 1)
        if freq is None:
            return _build(pd.Index, values, dtype=dtype, name=name)
        # A date_range keeps its frequency; the constructor checks that the labels follow it.
        if type(freq) is not str or len(freq) > 50 or dtype.kind not in "Mm":
            raise WaardeFout("Alleen een index van datums of tijdsduren kan een frequentie hebben.")
        kind = pd.DatetimeIndex if dtype.kind == "M" else pd.TimedeltaIndex
        return _build(kind, values, dtype=dtype, name=name, freq=freq)

    def _series(self, node, depth):
        dtype = self._pandas_dtype(node["dtype"], depth)
        index = self.dispatch(node["index"], depth, ("index", "range"))
        values = self._elements(node["v"], depth, dtype, "series")
        if len(values) != len(index):
            raise WaardeFout("Een 'series' heeft evenveel waarden als indexlabels nodig.")
        return _build(_pandas().Series, values, index=index, name=self.value(node["name"], depth + 1), dtype=dtype)

    def _frame(self, node, depth):
        pd = _pandas()
        columns = self.dispatch(node["columns"], depth, ("index", "range"))
        index = self.dispatch(node["index"], depth, ("index", "range"))
        data = _field(node, "data", list)
        if len(data) != len(columns):
            raise WaardeFout("Een 'frame' heeft evenveel kolommen als kolomnamen nodig.")
        arrays = {}
        for position, column in enumerate(data):
            if type(column) is not dict or column.keys() != {"dtype", "v"}:
                raise WaardeFout("Elke kolom van een 'frame' moet precies 'dtype' en 'v' hebben.")
            dtype = self._pandas_dtype(column["dtype"], depth)
            values = self._elements(column["v"], depth, dtype, "frame")
            if len(values) != len(index):
                raise WaardeFout("Elke kolom van een 'frame' heeft evenveel waarden als de index nodig.")
            # By position and as arrays: labels may repeat, and an array is not aligned on an index.
            arrays[position] = _build(pd.Series, values, dtype=dtype).array
        frame = _build(pd.DataFrame, arrays, index=index)
        frame.columns = columns
        return frame

    def _ndarray(self, node, depth):
        np = _numpy()
        spec, shape = _field(node, "dtype", str), _field(node, "shape", list)
        dtype = _build(np.dtype, spec[:100])
        if dtype.kind not in _NUMPY_KINDS or dtype.fields or dtype.subdtype:
            raise WaardeFout(f"Het dtype {spec[:100]!r} is niet toegestaan.")
        if len(shape) > 32 or any(type(n) is not int or not 0 <= n <= MAX_ELEMENTS for n in shape):
            raise WaardeFout("De vorm van een 'ndarray' is ongeldig.")
        values = self._elements(node["v"], depth, dtype, "ndarray")
        if len(values) != math.prod(shape) or dtype.itemsize * len(values) > _MAX_BYTES:
            raise WaardeFout("De vorm van een 'ndarray' past niet bij zijn waarden.")
        array = values if dtype.kind == "O" else _build(np.array, values, dtype=dtype)
        return array.reshape(shape)


def _build(constructor, *args, **kwargs):
    """Call a constructor; whatever it refuses is a :class:`WaardeFout`."""
    try:
        return constructor(*args, **kwargs)
    except Exception as error:
        raise WaardeFout(f"De waarde kon niet worden opgebouwd: {str(error)[:200]}") from None


def decode(data):
    """Rebuild a value from :func:`encode`'s structure, checking everything.

    Parameters
    ----------
    data : dict
        The tagged structure as parsed from JSON, from a possibly hostile sender.

    Returns
    -------
    object
        A plain value, a pandas or numpy object, a course dataclass or :class:`Onbekend`.

    Raises
    ------
    WaardeFout
        For whatever :func:`encode` would not produce or a constructor refuses.
    """
    try:
        return _Decoder().value(data, 0)
    except WaardeFout:
        raise
    except Exception as error:  # e.g. an unhashable set element: still a refusal
        raise WaardeFout(f"De waarde kon niet worden opgebouwd ({type(error).__name__}).") from None


def dumps(value) -> str:
    """:func:`encode` as compact JSON text, without NaN or Infinity; never raises.

    Parameters
    ----------
    value : object
        Any value.

    Returns
    -------
    str
        The JSON text.
    """
    return json.dumps(encode(value), allow_nan=False, separators=(",", ":"))


def _refuse_constant(name: str):
    raise WaardeFout(f"JSON mag geen {name} bevatten.")


def _object(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise WaardeFout("Een JSON-object heeft een sleutel twee keer.")
    return result


def loads(text: str, max_chars: int = MAX_CHARS):
    """Parse JSON text from :func:`dumps` and :func:`decode` it.

    Parameters
    ----------
    text : str
        The JSON text, from a possibly hostile sender.
    max_chars : int, default MAX_CHARS
        Longest text accepted.

    Returns
    -------
    object
        The rebuilt value.

    Raises
    ------
    WaardeFout
        For text that is too long, not JSON, nested too deeply or not a valid value.
    """
    if type(text) is not str:
        raise WaardeFout("De ontvangen waarde moet tekst zijn.")
    if len(text) > max_chars:
        raise WaardeFout(f"De ontvangen tekst is te lang: meer dan {max_chars} tekens.")
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_object)
    except WaardeFout:
        raise
    except RecursionError:
        raise WaardeFout("De ontvangen JSON is te diep genest.") from None
    except ValueError as error:
        raise WaardeFout(f"De ontvangen tekst is geen geldige JSON: {str(error)[:200]}") from None
    return decode(data)


def apply_inplace(original, new) -> bool:
    """Make ``original`` equal to ``new`` in place, as the called function changed its copy.

    Only the outer object is updated: a list gets the elements of ``new``.

    Parameters
    ----------
    original : object
        The argument as the caller holds it.
    new : object
        The argument's state after the call, as decoded.

    Returns
    -------
    bool
        True if ``original`` was updated; False for a type that cannot change in place
        (tuple, str, a number) or when ``new`` does not fit it.
    """
    if isinstance(original, list) and isinstance(new, list):
        original[:] = new
        return True
    if (isinstance(original, dict) and isinstance(new, dict)) or (
            isinstance(original, set) and isinstance(new, (set, frozenset))):
        original.clear()
        original.update(new)
        return True
    pd, np = sys.modules.get("pandas"), sys.modules.get("numpy")
    if pd is not None and isinstance(original, (pd.DataFrame, pd.Series)) and type(new) is type(original):
        # No public API replaces a frame's rows, columns and dtypes in place; pandas' own
        # inplace=True operations use _update_inplace.
        original._update_inplace(new.copy())
        if isinstance(original, pd.Series):
            original.name = new.name
        return True
    if np is not None and isinstance(original, np.ndarray) and isinstance(new, np.ndarray):
        if original.shape != new.shape or not original.flags.writeable:
            return False
        original[...] = new
        return True
    return False
