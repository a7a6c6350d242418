"""Input validation shared by every domain module.

Every public function in ``modules`` validates its inputs here, so that a learner or a
widget always gets the same kind of message: Dutch, naming the input, the allowed range
(brackets show whether a bound is included) with its unit, and the value received.

Constraints are data (:class:`Interval`), so tests can enumerate valid and invalid values
from them instead of repeating the bounds.

Wrong type raises ``InvalidType`` (a ``TypeError`` that is also a ``ValueError``); a value
of the right type outside its range, NaN or infinity raises ``InvalidInput`` (a
``ValueError``). A ``bool`` is never accepted as a number: ``True`` as an
amount is a bug in the caller, not one euro.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Iterable

import numpy as np

__all__ = [
    "InvalidInput",
    "InvalidType",
    "Interval",
    "check_number",
    "check_integer",
    "check_flows",
    "check_bool",
    "check_instance",
    "format_value",
]


class _NamedInputError:
    """Mixin: remembers which parameter was wrong, so a widget can use its own label."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter

    def for_label(self, label: str) -> str:
        """The same message, with the parameter name replaced by a widget's field label."""
        return str(self).replace(f"'{self.parameter}'", f"'{label}'", 1)


class InvalidInput(_NamedInputError, ValueError):
    """A value of the right type that is not allowed (out of range, NaN, empty).

    Parameters
    ----------
    parameter : str
        Name of the input that was wrong, as the caller knows it.
    message : str
        The Dutch message, starting with the quoted parameter name.

    Examples
    --------
    >>> error = InvalidInput("rate", "'rate' moet liggen in (-1; 1]; ontvangen: 2.")
    >>> error.for_label("Discontovoet")
    "'Discontovoet' moet liggen in (-1; 1]; ontvangen: 2."
    """



class InvalidType(_NamedInputError, TypeError, ValueError):
    """A value of the wrong type (a string or a bool where a number is meant).

    It is a ``TypeError`` (the wrong kind of value) and also a ``ValueError``, so callers
    that catch ``ValueError`` for every bad input (as the course's widgets and the
    issue's contract do) catch this one too.

    Parameters
    ----------
    parameter : str
        Name of the input that was wrong, as the caller knows it.
    message : str
        The Dutch message, starting with the quoted parameter name.

    Examples
    --------
    >>> isinstance(InvalidType("rate", "'rate' moet een getal zijn."), TypeError)
    True
    """



@dataclass(frozen=True)
class Interval:
    """A range of allowed values, with a unit for messages.

    Parameters
    ----------
    low, high : float or None, default None
        Bounds; ``None`` means unbounded on that side.
    low_closed, high_closed : bool, default True
        Whether the bound itself is allowed.
    unit : str, default ""
        Unit shown after the interval in messages, for example ``"jaar"``.

    Examples
    --------
    >>> rate = Interval(-1, 1, low_closed=False)
    >>> -1 in rate, 1 in rate, rate.describe()
    (False, True, '(-1; 1]')
    """

    low: float | None = None
    high: float | None = None
    low_closed: bool = True
    high_closed: bool = True
    unit: str = ""

    def __contains__(self, value: float) -> bool:
        if isinstance(value, float) and math.isnan(value):
            return False
        if self.low is not None:
            if value < self.low or (value == self.low and not self.low_closed):
                return False
        if self.high is not None:
            if value > self.high or (value == self.high and not self.high_closed):
                return False
        return True

    def describe(self) -> str:
        """The interval in Dutch notation, for example ``(-1; ∞)`` or ``[0; 100] jaar``."""
        left = "[" if self.low is not None and self.low_closed else "("
        right = "]" if self.high is not None and self.high_closed else ")"
        low = "-∞" if self.low is None else format_value(self.low)
        high = "∞" if self.high is None else format_value(self.high)
        text = f"{left}{low}; {high}{right}"
        return f"{text} {self.unit}".rstrip()


def format_value(value: object) -> str:
    """Show a value the Dutch way in a message: decimal comma, no float noise.

    Parameters
    ----------
    value : object
        The value to show; anything that is not a real number is shown with ``repr``.

    Returns
    -------
    str
        Decimal comma, a dot between thousands for whole numbers from 10,000 up, ``∞``
        for infinity and ``NaN (geen getal)`` for NaN.

    Examples
    --------
    >>> format_value(0.0225), format_value(10_000_000), format_value("2.000")
    ('0,0225', '10.000.000', "'2.000'")
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return repr(value)
    whole = isinstance(value, numbers.Integral) or (
        isinstance(value, float) and math.isfinite(value) and value.is_integer()
    )
    if whole:
        # Dutch thousands separator from 10.000 on (so 10000000 reads as 10.000.000), but
        # not below it, where a number is as likely a year (2026) as an amount.
        number = int(value)
        return f"{number:,}".replace(",", ".") if abs(number) >= 10_000 else str(number)
    if math.isnan(value):
        return "NaN (geen getal)"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:.10g}".replace(".", ",")


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_number(name: str, value: object, interval: Interval = Interval()) -> float:
    """Return ``value`` as a float, or raise with a Dutch message naming ``name``.

    Parameters
    ----------
    name : str
        The parameter name as the caller knows it, used in the message.
    value : object
        The value to check.
    interval : Interval, optional
        The allowed range; unbounded by default. NaN and infinity are never allowed.

    Returns
    -------
    float
        The value, converted to ``float``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (a bool is not a number here).
    ValueError
        If ``value`` is NaN, infinite or outside ``interval``.

    Examples
    --------
    >>> check_number("rate", 0.0225, Interval(-1, None, low_closed=False))
    0.0225
    """
    if not _is_number(value):
        raise InvalidType(
            name,
            f"'{name}' moet een getal zijn; ontvangen: {value!r} ({type(value).__name__})."
        )
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise InvalidInput(
            name,
            f"'{name}' moet een eindig getal zijn in {interval.describe()}; "
            f"ontvangen: {format_value(number)}."
        )
    if number not in interval:
        raise InvalidInput(
            name,
            f"'{name}' moet liggen in {interval.describe()}; ontvangen: {format_value(value)}."
        )
    return number


def check_integer(name: str, value: object, interval: Interval = Interval()) -> int:
    """Return ``value`` as an int, or raise with a Dutch message naming ``name``.

    A float with an integral value (``5.0``) is accepted, because sliders and pandas
    columns hand those over; ``5.5`` is not.

    Parameters
    ----------
    name : str
        The parameter name as the caller knows it, used in the message.
    value : object
        The value to check.
    interval : Interval, optional
        The allowed range; unbounded by default.

    Returns
    -------
    int
        The value, converted to ``int``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (a bool is not a number here).
    ValueError
        If ``value`` is NaN, infinite, outside ``interval`` or not a whole number.

    Examples
    --------
    >>> check_integer("horizon", 10.0, Interval(1, 100, unit="jaar"))
    10
    """
    number = check_number(name, value, interval)
    if not float(number).is_integer():
        raise InvalidInput(
            name,
            f"'{name}' moet een geheel getal zijn in {interval.describe()}; "
            f"ontvangen: {format_value(value)}."
        )
    return int(number)


def check_flows(name: str, flows: object) -> np.ndarray:
    """Return a yearly series of amounts as a 1-D float array, or raise in Dutch.

    Parameters
    ----------
    name : str
        Parameter name used in messages.
    flows : sequence of float
        Amounts in euro; element ``t`` is the amount in year ``t``.

    Returns
    -------
    numpy.ndarray
        1-D float array with at least one element, every element finite.

    Raises
    ------
    TypeError
        If ``flows`` is a string, a scalar, or holds something that is not a number.
    ValueError
        If ``flows`` is empty, not one-dimensional, or holds NaN or infinity.

    Examples
    --------
    >>> check_flows("flows", [-100, 60, 60]).tolist()
    [-100.0, 60.0, 60.0]
    """
    if (
        isinstance(flows, (str, bytes))
        or _is_number(flows)
        or not isinstance(flows, (Iterable, np.ndarray))
        or (isinstance(flows, np.ndarray) and flows.ndim == 0)
    ):
        raise InvalidType(
            name,
            f"'{name}' moet een reeks bedragen per jaar zijn (bijvoorbeeld een lijst); "
            f"ontvangen: {flows!r}."
        )
    values = list(flows.tolist() if isinstance(flows, np.ndarray) else flows)
    if len(values) == 0:
        raise InvalidInput(name, f"'{name}' is leeg; geef minstens één bedrag (jaar 0).")
    for year, value in enumerate(values):
        if isinstance(value, (list, tuple, np.ndarray)):
            raise InvalidInput(name, f"'{name}' moet één bedrag per jaar bevatten, geen geneste reeks.")
        if not _is_number(value):
            raise InvalidType(
                name,
                f"'{name}' bevat in jaar {year} geen getal: {value!r}. "
                "Elk jaar moet een bedrag in euro zijn."
            )
        if math.isnan(value) or math.isinf(value):
            raise InvalidInput(
                name,
                f"'{name}' bevat in jaar {year} een ongeldig bedrag: {format_value(value)}. "
                "Elk bedrag moet een eindig getal zijn."
            )
    return np.asarray(values, dtype=float)


def check_instance(name: str, value: object, kind: type):
    """Return ``value`` if it is a ``kind``, or raise ``InvalidType`` naming ``name``.

    Parameters
    ----------
    name : str
        The parameter name as the caller knows it, used in the message.
    value : object
        The value to check.
    kind : type
        The class it must be (a dataclass of the model, such as ``Case``).

    Returns
    -------
    object
        ``value`` itself.

    Raises
    ------
    TypeError
        If ``value`` is not a ``kind`` (also a ``ValueError``, see :class:`InvalidType`).

    Examples
    --------
    >>> check_instance("rate", 0.03, float)
    0.03
    >>> check_instance("rate", "3%", float)
    Traceback (most recent call last):
    ...
    modules._validation.InvalidType: 'rate' moet een float zijn; ontvangen: str.
    """
    if not isinstance(value, kind):
        raise InvalidType(name, f"'{name}' moet een {kind.__name__} zijn; ontvangen: {type(value).__name__}.")
    return value


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` as a bool, or raise ``InvalidType`` naming ``name``.

    Only ``True`` and ``False`` (also numpy's) are accepted: ``"ja"`` or ``1`` from a
    caller is a bug, not a choice.

    Parameters
    ----------
    name : str
        The parameter name as the caller knows it, used in the message.
    value : object
        The value to check.

    Returns
    -------
    bool
        The value as a plain Python bool.

    Raises
    ------
    TypeError
        If ``value`` is not a bool (also a ``ValueError``, see :class:`InvalidType`).

    Examples
    --------
    >>> check_bool("coordinator", np.True_)
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidType(name, f"'{name}' moet True of False zijn; ontvangen: {format_value(value)}.")
    return bool(value)
