"""Discounting: present value, net present value and internal rate of return.

Shared by every module that weighs amounts in different years. The standard rates come
from the dated facts table (:mod:`modules.facts`).

Units, signs, years and errors follow the conventions in :mod:`modules`.

References
----------
Werkgroep Discontovoet (2020). Rapport Werkgroep discontovoet 2020. Ministerie van
Financiën. The standard discount rate of 2.25 % applies to every MKBA started on or
after 1 January 2021.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

import numpy as np

from modules import facts
from modules._validation import InvalidInput, Interval, check_flows, check_integer, check_number

__all__ = [
    "DISCOUNT_RATE",
    "RISK_FREE_RATE",
    "NO_DISCOUNTING",
    "PREVIOUS_DISCOUNT_RATE",
    "RATE",
    "PLAUSIBLE_RATE",
    "YEAR",
    "discount_factors",
    "present_value",
    "net_present_value",
    "netted_benefit_cost_ratio",
    "sign_changes",
    "internal_rate_of_return",
]

#: Standard real discount rate for Dutch MKBA's since 1 January 2021 (Werkgroep
#: Discontovoet 2020), as a decimal per year.
DISCOUNT_RATE: float = facts.value("discontovoet", date(2021, 1, 1))
#: Risk-free part of the standard rate in the same report: 2.25 % is -1 % risk-free plus a
#: 3.25 % risk premium. Only for costs or benefits that are demonstrably free of risk.
RISK_FREE_RATE: float = facts.value("discontovoet_risicovrij", date(2021, 1, 1))
#: No discounting at all: the low end of the rate in sensitivity analysis, as a reference
#: point that shows how much of a result is due to discounting.
NO_DISCOUNTING: float = 0.0
#: Standard discount rate before 2021 (Werkgroep Discontovoet 2015), the high end in
#: sensitivity: it shows how much a result leans on the choice of rate.
PREVIOUS_DISCOUNT_RATE: float = facts.value("discontovoet", date(2020, 12, 31))
# Constraints as data: widgets build their controls from them, tests enumerate them.
RATE = Interval(-1.0, 1.0, low_closed=False, unit="(decimaal per jaar, 0,0225 = 2,25 %)")
#: The rates a learner explores with a slider: from the risk-free rate up to 10 % a year.
PLAUSIBLE_RATE = Interval(RISK_FREE_RATE, 0.10, unit="(decimaal per jaar)")
YEAR = Interval(0, 100, unit="jaar")


def _check_rate(rate: object) -> float:
    return check_number("rate", rate, RATE)


def _flow_factors(values: np.ndarray, rate: object) -> np.ndarray:
    """Discount factors for validated flows; the message names 'flows' if they run too long."""
    last = values.size - 1
    if last > YEAR.high:
        raise InvalidInput(
            "flows",
            f"'flows' loopt tot en met jaar {last}; toegestaan zijn de jaren {YEAR.describe()}.",
        )
    return discount_factors(last, rate)


def _finite_factors(factors: np.ndarray, rate: float) -> np.ndarray:
    """Refuse factors that overflow: a rate near -1 over a long horizon gives inf, not a number."""
    if not np.all(np.isfinite(factors)):
        raise InvalidInput(
            "rate",
            f"'rate' ligt met {rate!r} zo dicht bij -1 dat de discontofactor over deze horizon "
            "oneindig groot wordt; kies een discontovoet verder van -1 of een kortere horizon.",
        )
    return factors


def discount_factors(horizon: int, rate: float = DISCOUNT_RATE) -> np.ndarray:
    """Discount factor of every year from 0 up to and including ``horizon``.

    Parameters
    ----------
    horizon : int
        Last year, in years after the base year; in [0, 100].
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].

    Returns
    -------
    numpy.ndarray
        Array of length ``horizon + 1``; element ``t`` is ``1 / (1 + rate) ** t``.

    Raises
    ------
    ValueError
        If the rate lies so close to -1 that a factor is no longer a finite number.

    Examples
    --------
    >>> discount_factors(2, 0.10).round(4).tolist()
    [1.0, 0.9091, 0.8264]
    """
    years = check_integer("horizon", horizon, YEAR)
    r = _check_rate(rate)
    with np.errstate(over="ignore"):
        factors = (1.0 + r) ** -np.arange(years + 1, dtype=float)
    return _finite_factors(factors, r)


def present_value(amount: float, year: int, rate: float = DISCOUNT_RATE) -> float:
    """Present value in year 0 of one amount in a later year.

    Parameters
    ----------
    amount : float
        Amount in euro; positive for a benefit, negative for a cost.
    year : int
        Year in which the amount falls, counted from the base year 0; in [0, 100].
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].

    Returns
    -------
    float
        The present value in euro.

    Raises
    ------
    TypeError
        If an argument is not a number.
    ValueError
        If an argument is NaN, infinite or out of range.

    Notes
    -----
    :math:`PV = A / (1 + r)^t`.

    Examples
    --------
    A year of social assistance saved (14,000 euro) three years from now:

    >>> round(present_value(14_000, 3), 2)
    13095.98
    """
    a = check_number("amount", amount)
    t = check_integer("year", year, YEAR)
    r = _check_rate(rate)
    with np.errstate(over="ignore"):
        factor = _finite_factors(np.array([np.float64(1.0 + r) ** -float(t)]), r)[0]
    return float(a * factor)


def net_present_value(flows: Sequence[float], rate: float = DISCOUNT_RATE) -> float:
    """Net present value (netto contante waarde) of yearly net amounts.

    Parameters
    ----------
    flows : sequence of float
        Net amount in euro per year; ``flows[t]`` falls in year ``t`` and ``flows[0]`` is
        not discounted. At least one element; no NaN.
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].

    Returns
    -------
    float
        Net present value in euro.

    Notes
    -----
    :math:`NCW = \\sum_{t=0}^{T} F_t / (1 + r)^t`.

    Examples
    --------
    A 2,000 euro car now, 14,000 euro of social assistance saved in each of two years:

    >>> round(net_present_value([-2_000, 14_000, 14_000]), 2)
    25082.57
    """
    values = check_flows("flows", flows)
    factors = _flow_factors(values, rate)
    return float(values @ factors)


def netted_benefit_cost_ratio(flows: Sequence[float], rate: float = DISCOUNT_RATE) -> float:
    """Ratio of the positive to the negative years AFTER netting each year: not the usual BCR.

    Parameters
    ----------
    flows : sequence of float
        Net amount in euro per year, as in :func:`net_present_value`. At least one year
        must be negative.
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].

    Returns
    -------
    float
        Dimensionless ratio; above 1 means the benefits outweigh the costs.

    Raises
    ------
    ValueError
        If no year has a negative net amount (the ratio would divide by zero).

    Warnings
    --------
    This is **not** the benefit-cost ratio practitioners report. Netting costs against
    benefits within a year first makes the ratio depend on how items fall in years (a case
    whose every year is positive has no ratio at all). Report
    :func:`case_benefit_cost_ratio`: the present value of all gross benefits over that of
    all gross costs. This function exists to show the difference.

    Examples
    --------
    >>> round(netted_benefit_cost_ratio([-2_000, 14_000, 14_000]), 2)
    13.54
    """
    values = check_flows("flows", flows)
    factors = _flow_factors(values, rate)
    discounted = values * factors
    costs = -discounted[discounted < 0].sum()
    if costs == 0:
        raise InvalidInput(
            "flows",
            "'flows' bevat geen jaar met netto kosten (een negatief bedrag); "
            "de baten-kostenverhouding deelt door de kosten en is dan niet gedefinieerd."
        )
    return float(discounted[discounted > 0].sum() / costs)


def sign_changes(flows: Sequence[float]) -> int:
    """Number of times the yearly amounts change sign, zeros skipped.

    The rule "an internal rate of return above the discount rate means a positive net
    present value" holds only for flows that change sign exactly once, from costs to
    benefits. With more changes there can be several rates of return, or none.

    Parameters
    ----------
    flows : sequence of float
        Net amount in euro per year, as in :func:`net_present_value`.

    Returns
    -------
    int
        How often consecutive non-zero amounts differ in sign.

    Examples
    --------
    >>> sign_changes([-1_000, 0, 600, 600]), sign_changes([-1_000, 2_500, -1_540])
    (1, 2)
    """
    values = check_flows("flows", flows)
    signs = np.sign(values[values != 0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def internal_rate_of_return(flows: Sequence[float]) -> float:
    """Internal rate of return: the discount rate at which the net present value is zero.

    Parameters
    ----------
    flows : sequence of float
        Net amount in euro per year, as in :func:`net_present_value`. Must contain both a
        negative and a positive amount.

    Returns
    -------
    float
        Rate as a decimal per year, in (-1, 100]. When there are several such rates (the
        flows change sign more than once, see :func:`sign_changes`), the one closest to
        zero. A rate at which the net present value touches zero without changing sign
        (a double root, as for ``[1, -2, 1]``) is found too.

    Raises
    ------
    ValueError
        If the flows do not change sign, or no rate in (-1, 100] makes the NPV zero.

    Notes
    -----
    Read an internal rate of return against the discount rate only when
    ``sign_changes(flows) == 1`` and the costs come first: then the net present value
    falls as the rate rises, and "rate of return above the discount rate" means "positive
    net present value". For other flows decide on the net present value.

    Examples
    --------
    >>> round(internal_rate_of_return([-1_000, 1_100]), 6)
    0.1
    >>> abs(round(internal_rate_of_return([1, -2, 1]), 6))
    0.0
    """
    values = check_flows("flows", flows)
    if not (np.any(values < 0) and np.any(values > 0)):
        raise InvalidInput(
            "flows",
            "'flows' moet zowel een negatief als een positief bedrag bevatten; zonder "
            "tekenwisseling bestaat er geen interne rentevoet."
        )
    years = np.arange(values.size, dtype=float)
    scale = float(np.abs(values).sum())

    def npv(rate: float) -> float:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return float(np.sum(values * (1.0 + rate) ** -years))

    # Bracket every sign change on a grid that is dense near zero, then bisect each one.
    # The first part reaches towards -1 (almost everything lost), the last part up to 100.
    grid = np.concatenate([
        -1.0 + np.geomspace(1e-6, 0.01, 60)[:-1],
        np.linspace(-0.99, 1.0, 400),
        np.geomspace(1.0, 100.0, 200)[1:],
    ])
    curve = np.array([npv(r) for r in grid])
    roots = []
    for i in range(grid.size - 1):
        a, b = grid[i], grid[i + 1]
        fa, fb = curve[i], curve[i + 1]
        if not (np.isfinite(fa) and np.isfinite(fb)):
            continue
        if fa == 0:
            roots.append(a)
            continue
        if fa * fb < 0:
            for _ in range(200):
                mid = 0.5 * (a + b)
                fm = npv(mid)
                if fa * fm <= 0:
                    b = mid
                else:
                    a, fa = mid, fm
                if b - a < 1e-13:
                    break
            roots.append(0.5 * (a + b))
    if curve[-1] == 0:
        roots.append(grid[-1])
    # A double root touches zero without a sign change: look for a local minimum of |NPV|
    # between neighbours of the same sign, narrow it down, and keep it if NPV is zero there.
    size = np.abs(curve)
    for i in range(1, grid.size - 1):
        neighbours = curve[i - 1], curve[i + 1]
        if not np.all(np.isfinite([curve[i], *neighbours])):
            continue
        if neighbours[0] * neighbours[1] <= 0 or size[i] > min(size[i - 1], size[i + 1]):
            continue
        a, b = grid[i - 1], grid[i + 1]
        golden = (np.sqrt(5.0) - 1.0) / 2.0
        for _ in range(200):
            c, d = b - golden * (b - a), a + golden * (b - a)
            if abs(npv(c)) < abs(npv(d)):
                b = d
            else:
                a = c
            if b - a < 1e-12:
                break
        best = 0.5 * (a + b)
        if abs(npv(best)) <= 1e-9 * scale and not any(abs(best - r) < 1e-6 for r in roots):
            roots.append(best)
    if not roots:
        raise InvalidInput(
            "flows",
            "Er is geen interne rentevoet in (-1; 100] waarbij de netto contante waarde "
            "nul wordt; controleer 'flows'."
        )
    return float(min(roots, key=abs))


