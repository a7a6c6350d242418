"""Social cost-benefit analysis (maatschappelijke kosten-batenanalyse, MKBA).

The model behind the MKBA module: discounting, net present value, benefit-cost ratio and
internal rate of return; costs and benefits per actor (who pays, who benefits); and
sensitivity analysis (one-at-a-time ranges for a tornado chart, and a seeded Monte Carlo).

Conventions, used by every function here:

- Amounts are in euro, at the price level of their source (see each preset's items).
  A benefit is positive, a cost is negative.
- Years are whole years counted from the base year 0. Year 0 is not discounted; an amount
  in year ``t`` is divided by ``(1 + rate) ** t``.
- A rate is a real discount rate as a decimal per year: 0.0225 means 2.25 % per year.
- Bad input raises ``TypeError`` (wrong type) or ``ValueError`` (wrong value) with a Dutch
  message that names the input and the allowed range, so widgets can show it as is.

References
----------
Werkgroep Discontovoet (2020). Rapport Werkgroep discontovoet 2020. Ministerie van
Financiën. The standard discount rate of 2.25 % applies to every MKBA started on or
after 1 January 2021.

Romijn, G. & Renes, G. (2013). Algemene leidraad voor maatschappelijke
kosten-batenanalyse. CPB / PBL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from modules import facts, income
from modules._validation import (
    InvalidInput,
    InvalidType,
    Interval,
    check_flows,
    check_integer,
    check_number,
    format_value,
)

__all__ = [
    "DISCOUNT_RATE",
    "RISK_FREE_RATE",
    "NO_DISCOUNTING",
    "PREVIOUS_DISCOUNT_RATE",
    "ACTORS",
    "TABLE_COLUMNS",
    "RATE",
    "HORIZON",
    "EFFECT_SIZE",
    "INVESTMENT",
    "YEARLY_BENEFIT",
    "Item",
    "Assumption",
    "CORRECTIONS",
    "Case",
    "MonteCarloResult",
    "present_value",
    "discount_factors",
    "net_present_value",
    "netted_benefit_cost_ratio",
    "sign_changes",
    "internal_rate_of_return",
    "check_table",
    "yearly_flows",
    "npv_by_actor",
    "actor_summary",
    "simple_case",
    "case_table",
    "case_npv",
    "case_benefit_cost_ratio",
    "break_even_effect_size",
    "tornado",
    "monte_carlo",
    "PRESETS",
    "HOURS_PER_WEEK",
    "school_age_table",
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

#: Actors that usually carry costs or benefits in the social domain, in display order.
ACTORS: tuple[str, ...] = (
    "gemeente",
    "UWV",
    "zorgverzekeraar",
    "Rijk",
    "onderwijs",
    "werkgever",
    "inwoner",
)

#: Columns of a case table: who (actor), what (post), when (jaar) and how much (bedrag).
TABLE_COLUMNS: tuple[str, ...] = ("actor", "post", "jaar", "bedrag")

# Constraints as data: the widget builds its sliders from them and the tests enumerate them.
RATE = Interval(-1.0, 1.0, low_closed=False, unit="(decimaal per jaar, 0,0225 = 2,25 %)")
HORIZON = Interval(1, 100, unit="jaar")
EFFECT_SIZE = Interval(0.0, 3.0, unit="(1 = het verwachte effect)")
YEAR = Interval(0, 100, unit="jaar")
DRAWS = Interval(1, 1_000_000, unit="trekkingen")
MULTIPLIER = Interval(0.0, 10.0, unit="(factor op het bedrag)")
INVESTMENT = Interval(0, 10_000_000, unit="euro")
YEARLY_BENEFIT = Interval(0, 10_000_000, unit="euro per jaar")


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


# --------------------------------------------------------------------------------------
# Who pays, who benefits: case tables
# --------------------------------------------------------------------------------------


def check_table(table: object) -> pd.DataFrame:
    """Validate a case table and return a clean copy.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per amount, with columns ``actor`` (str), ``post`` (str, what the amount
        is), ``jaar`` (int, in [0, 100]) and ``bedrag`` (euro, benefit positive, cost
        negative). Other columns, such as ``bron``, are kept.

    Returns
    -------
    pandas.DataFrame
        A copy with ``jaar`` as int and ``bedrag`` as float.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.
    ValueError
        If a column is missing, the table is empty, or a value is missing or out of range.

    Examples
    --------
    >>> t = check_table(pd.DataFrame({"actor": ["gemeente"], "post": ["auto"],
    ...                               "jaar": [0], "bedrag": [-2000]}))
    >>> t["bedrag"].tolist()
    [-2000.0]
    """
    if not isinstance(table, pd.DataFrame):
        raise InvalidType(
            "table",
            f"'table' moet een pandas DataFrame zijn met de kolommen "
            f"{', '.join(TABLE_COLUMNS)}; ontvangen: {type(table).__name__}."
        )
    missing = [c for c in TABLE_COLUMNS if c not in table.columns]
    if missing:
        raise InvalidInput(
            "table",
            f"'table' mist de kolom(men) {', '.join(missing)}; nodig zijn "
            f"{', '.join(TABLE_COLUMNS)}."
        )
    if table.empty:
        raise InvalidInput("table", "'table' is leeg; geef minstens één regel met een bedrag.")
    clean = table.copy()
    for column in ("actor", "post"):
        bad = clean[column].isna() | (clean[column].astype(str).str.strip() == "")
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InvalidInput("table", f"'table' heeft in regel {row} geen waarde in kolom '{column}'.")
    for column, interval in (("jaar", YEAR), ("bedrag", Interval())):
        numbers = pd.to_numeric(clean[column], errors="coerce")
        for row, (raw, value) in enumerate(zip(clean[column], numbers)):
            label = f"kolom '{column}', regel {row}"
            if isinstance(raw, (str, bytes, bool, np.bool_)) or pd.isna(value):
                raise InvalidInput(
                    "table",
                    f"'table' heeft in {label} geen geldig getal: {raw!r}. "
                    f"Toegestaan: {interval.describe()}."
                )
            if column == "jaar":
                check_integer(label, float(value), interval)
            else:
                check_number(label, float(value), interval)
        clean[column] = numbers.astype(int if column == "jaar" else float)
    return clean


def yearly_flows(table: pd.DataFrame, horizon: int | None = None) -> np.ndarray:
    """Net amount per year of a case table, summed over actors.

    Parameters
    ----------
    table : pandas.DataFrame
        A case table (see :func:`check_table`).
    horizon : int, optional
        Last year to include, in [0, 100]; years after it are left out. Default: the last
        year in the table.

    Returns
    -------
    numpy.ndarray
        Euro per year; element ``t`` is the net amount in year ``t``.

    Examples
    --------
    >>> t = pd.DataFrame({"actor": ["gemeente", "gemeente"], "post": ["auto", "bijstand"],
    ...                   "jaar": [0, 1], "bedrag": [-2000, 14000]})
    >>> yearly_flows(t).tolist()
    [-2000.0, 14000.0]
    """
    clean = check_table(table)
    last = int(clean["jaar"].max()) if horizon is None else check_integer("horizon", horizon, YEAR)
    kept = clean[clean["jaar"] <= last]
    return np.bincount(kept["jaar"], weights=kept["bedrag"], minlength=last + 1).astype(float)


def _ordered_actors(actors: Sequence[str]) -> list[str]:
    known = [a for a in ACTORS if a in set(actors)]
    return known + sorted(set(actors) - set(ACTORS))


def actor_summary(table: pd.DataFrame, rate: float = DISCOUNT_RATE) -> pd.DataFrame:
    """Present value of costs, benefits and balance per actor: who pays, who benefits.

    Parameters
    ----------
    table : pandas.DataFrame
        A case table (see :func:`check_table`).
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].

    Returns
    -------
    pandas.DataFrame
        Indexed by actor (in the order of :data:`ACTORS`), columns ``kosten`` (euro, zero or
        negative), ``baten`` (euro, zero or positive) and ``saldo`` (their sum).

    Examples
    --------
    >>> t = pd.DataFrame({"actor": ["onderwijs", "gemeente"], "post": ["begeleiding", "bijstand"],
    ...                   "jaar": [0, 1], "bedrag": [-3000, 4000]})
    >>> actor_summary(t, rate=0.0)["saldo"].to_dict()
    {'gemeente': 4000.0, 'onderwijs': -3000.0}
    """
    clean = check_table(table)
    r = _check_rate(rate)
    discounted = clean["bedrag"] * (1.0 + r) ** -clean["jaar"].astype(float)
    frame = pd.DataFrame(
        {
            "actor": clean["actor"].astype(str),
            "kosten": discounted.where(discounted < 0, 0.0),
            "baten": discounted.where(discounted > 0, 0.0),
        }
    )
    summary = frame.groupby("actor").sum()
    summary["saldo"] = summary["kosten"] + summary["baten"]
    summary = summary.loc[_ordered_actors(summary.index.tolist())]
    summary.index.name = "actor"
    return summary


def npv_by_actor(table: pd.DataFrame, rate: float = DISCOUNT_RATE) -> pd.Series:
    """Net present value per actor (the ``saldo`` column of :func:`actor_summary`).

    Parameters
    ----------
    table : pandas.DataFrame
        A case table (see :func:`check_table`).
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].

    Returns
    -------
    pandas.Series
        Net present value in euro per actor, in the order of :data:`ACTORS`.

    Examples
    --------
    >>> t = pd.DataFrame({"actor": ["gemeente", "inwoner"], "post": ["auto", "loon"],
    ...                   "jaar": [0, 0], "bedrag": [-2000, 500]})
    >>> npv_by_actor(t).to_dict()
    {'gemeente': -2000.0, 'inwoner': 500.0}
    """
    return actor_summary(table, rate)["saldo"].rename("netto contante waarde")


# --------------------------------------------------------------------------------------
# Cases: items with a source, expanded into tables
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One cost or benefit of a case, every year from ``start`` to ``end``.

    Parameters
    ----------
    post : str
        What the amount is, in Dutch (shown to learners).
    actor : str
        Who pays or receives it.
    amount : float
        Expected euro per year (the mean of its uncertainty), in prices of the case's
        price year; benefit positive, cost negative.
    start, end : int
        First and last year (inclusive); ``end=None`` means up to the horizon.
    effect : bool
        True when the amount follows from the intervention's effect: the effect size and
        the case's corrections (dode gewicht, verdringing, uitdoving) scale these, not the
        intervention's own costs.
    low, high : float
        Plausible range as multipliers of ``amount``, ``low`` in [0, 1] and ``high`` in
        [1, 10]. Tornado and Monte Carlo use them; the Monte Carlo draws a triangular
        distribution whose mean is exactly 1, so ``amount`` stays the expected value. Its
        mode ``3 - low - high`` must lie within the range.
    source : str
        Bibliography key of the figure's source, or a sentence starting with ``aanname``
        that says what was assumed and why. A figure without a source is a bug.
    counterpart : str, optional
        For a transfer (an allowance, a tax): the actor the money comes from. The case
        table then holds the amount for ``actor`` and its opposite for ``counterpart``,
        so it moves money between pockets and adds nothing for society as a whole.
    profile : tuple of float, optional
        Multipliers per year from ``start`` (the first for ``start``, the next for
        ``start + 1``, ...; the last repeats), each in [0, 10]: amounts that change with
        age, such as the youth minimum wage.

    Raises
    ------
    TypeError
        If a number is of the wrong type.
    ValueError
        If a number is out of range, the range has no triangular distribution with mean
        1, ``end`` is before ``start``, ``counterpart`` equals ``actor``, or ``source`` is
        empty.

    Examples
    --------
    >>> loon = Item("Nettoloon", "inwoner", 26_992, start=0, effect=True, low=0.5,
    ...             high=1.3, source="belastingdienst-tarieven-2025")
    >>> loon.uncertain, round(loon.mode, 2)
    (True, 1.2)
    """

    post: str
    actor: str
    amount: float
    start: int = 0
    end: int | None = None
    effect: bool = False
    low: float = 1.0
    high: float = 1.0
    source: str = ""
    counterpart: str | None = None
    profile: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        check_number(f"amount van '{self.post}'", self.amount)
        start = check_integer(f"start van '{self.post}'", self.start, YEAR)
        object.__setattr__(self, "start", start)  # 2.0 from a slider becomes the year 2
        if self.end is not None:
            end = check_integer(f"end van '{self.post}'", self.end, Interval(start, 100, unit="jaar"))
            object.__setattr__(self, "end", end)
        check_number(f"low van '{self.post}'", self.low, Interval(0.0, 1.0, unit="(factor)"))
        check_number(f"high van '{self.post}'", self.high, Interval(1.0, 10.0, unit="(factor)"))
        _check_mean_one(f"'{self.post}'", self.low, 1.0, self.high)
        if self.profile is not None:
            if not isinstance(self.profile, (tuple, list)) or len(self.profile) == 0:
                raise InvalidType("profile", f"'profile' van '{self.post}' moet een niet-lege reeks factoren zijn.")
            profile = tuple(check_number(f"profile van '{self.post}'", f, Interval(0.0, 10.0, unit="(factor)"))
                            for f in self.profile)
            object.__setattr__(self, "profile", profile)
        if self.counterpart is not None and self.counterpart == self.actor:
            raise ValueError(f"Post '{self.post}': 'counterpart' moet een andere actor zijn dan 'actor'.")
        if not str(self.source).strip():
            raise ValueError(f"Post '{self.post}' heeft geen bron; elk bedrag heeft een bron of aanname.")

    @property
    def uncertain(self) -> bool:
        """Whether varying the item can change the NPV for society as a whole."""
        return self.counterpart is None and (self.low != 1.0 or self.high != 1.0)

    @property
    def mode(self) -> float:
        """Most likely multiplier of the triangular distribution with mean 1."""
        return 3.0 - self.low - self.high

    def factor(self, year: int) -> float:
        """The profile's multiplier in ``year`` (1 without a profile)."""
        if self.profile is None:
            return 1.0
        return self.profile[min(max(year - self.start, 0), len(self.profile) - 1)]


def _check_mean_one(label: str, low: float, mean: float, high: float) -> None:
    """A triangular distribution on [low, high] with this mean exists only for some ranges."""
    mode = 3.0 * mean - low - high
    if high > low and not (low - 1e-12 <= mode <= high + 1e-12):
        raise InvalidInput(
            "range",
            f"De bandbreedte van {label} ({format_value(low)} tot {format_value(high)}) past "
            f"niet bij de verwachte waarde {format_value(mean)}: die moet tussen "
            f"{format_value(round((2 * low + high) / 3, 3))} en "
            f"{format_value(round((low + 2 * high) / 3, 3))} "
            "liggen (een driehoeksverdeling met die verwachting bestaat anders niet). "
            "Kies een eerlijker bandbreedte rond de verwachting.",
        )


@dataclass(frozen=True)
class Assumption:
    """An uncertain share with a source: its expected value and a plausible range.

    The case's effect corrections are assumptions: the share that would have happened
    anyway (dode gewicht), the share of jobs another job seeker would otherwise have had
    (verdringing), and the share of the remaining effect lost each year (uitdoving).

    Parameters
    ----------
    label : str
        Dutch name, shown in tables and the tornado chart.
    value : float
        Expected share (the mean), in [0, 1).
    low, high : float
        Plausible range, ``0 <= low <= value <= high < 1``; the Monte Carlo draws a
        triangular distribution with mean ``value`` on it.
    source : str
        Bibliography key, or a sentence starting with ``aanname``.

    Examples
    --------
    >>> a = Assumption("Dode gewicht", 0.5, 0.3, 0.7, "aanname: voorbeeld")
    >>> a.uncertain, round(a.mode, 2)
    (True, 0.5)
    """

    label: str
    value: float
    low: float
    high: float
    source: str

    def __post_init__(self) -> None:
        share = Interval(0.0, 1.0, high_closed=False, unit="(aandeel)")
        for name in ("value", "low", "high"):
            check_number(f"{name} van '{self.label}'", getattr(self, name), share)
        if not self.low <= self.value <= self.high:
            raise InvalidInput(
                "range",
                f"'{self.label}': de verwachte waarde {format_value(self.value)} moet tussen "
                f"low ({format_value(self.low)}) en high ({format_value(self.high)}) liggen.",
            )
        _check_mean_one(f"'{self.label}'", self.low, self.value, self.high)
        if not str(self.source).strip():
            raise ValueError(f"Aanname '{self.label}' heeft geen bron; noem een bron of leg de aanname uit.")

    @property
    def uncertain(self) -> bool:
        """Whether the range is wider than a point."""
        return self.high > self.low

    @property
    def mode(self) -> float:
        """Most likely value of the triangular distribution with mean ``value``."""
        return 3.0 * self.value - self.low - self.high


#: The case's effect corrections, in the order a practitioner applies them.
CORRECTIONS: tuple[str, ...] = ("deadweight", "displacement", "fade")


@dataclass(frozen=True)
class Case:
    """A small MKBA case: a title, a story, its items and its effect corrections.

    Parameters
    ----------
    key : str
        Short name, as in :data:`PRESETS`.
    title : str
        Title shown to learners (Dutch).
    description : str
        The story of the case (Dutch).
    items : tuple of Item
        The costs and benefits.
    horizon : int, default 10
        Default last year of the analysis, in [1, 100]: the years 0 up to and including
        ``horizon`` count.
    notes : tuple of str, optional
        Remarks shown with the case.
    deadweight, displacement, fade : Assumption, optional
        Effect corrections (Werkwijzer MKBA sociaal domein): in year ``t`` every effect
        item is multiplied by ``(1 - deadweight) * (1 - displacement) * (1 - fade) **
        (t - start)``. None means no correction.
    price_year : int, default modules.facts.PRICE_YEAR
        Price level of every amount.
    pro_memorie : tuple of str, optional
        Effects the case names but does not value in euro.

    Raises
    ------
    TypeError
        If ``items`` is not a sequence of :class:`Item`, a correction is not an
        :class:`Assumption`, or ``horizon`` is not a number.
    ValueError
        If ``horizon`` is not a whole number in [1, 100].

    Examples
    --------
    >>> case = Case("auto", "Auto", "Een auto voor werk.", (
    ...     Item("Auto", "gemeente", -2_000, 0, 0, source="boer-werkzaam"),), horizon=5)
    >>> case_npv(case)
    -2000.0
    """

    key: str
    title: str
    description: str
    items: tuple[Item, ...]
    horizon: int = 10
    notes: tuple[str, ...] = field(default_factory=tuple)
    deadweight: Assumption | None = None
    displacement: Assumption | None = None
    fade: Assumption | None = None
    price_year: int = facts.PRICE_YEAR
    pro_memorie: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        items = self.items
        if not isinstance(items, (tuple, list)) or not all(isinstance(i, Item) for i in items):
            raise InvalidType(
                "items", f"'items' moet een reeks Item-objecten zijn; ontvangen: {items!r}."
            )
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "horizon", check_integer("horizon", self.horizon, HORIZON))
        for name in CORRECTIONS:
            correction = getattr(self, name)
            if correction is not None and not isinstance(correction, Assumption):
                raise InvalidType(name, f"'{name}' moet een Assumption of None zijn; ontvangen: {correction!r}.")

    @property
    def corrections(self) -> dict[str, Assumption]:
        """The effect corrections the case has, by name, in :data:`CORRECTIONS` order."""
        return {name: getattr(self, name) for name in CORRECTIONS if getattr(self, name) is not None}


def simple_case(
    investment: float,
    yearly_benefit: float,
    payer: str = "gemeente",
    beneficiary: str = "gemeente",
    horizon: int = 10,
) -> Case:
    """A case built by hand: one investment in year 0 and one yearly benefit after it.

    Parameters
    ----------
    investment : float
        Cost of the intervention in year 0, in euro, in [0, 10,000,000] (entered as a
        positive number; stored as a cost).
    yearly_benefit : float
        Expected benefit in euro per year, from year 1 up to the horizon, in
        [0, 10,000,000].
    payer, beneficiary : str
        Actors who pay and who benefit; one of :data:`ACTORS`.
    horizon : int, default 10
        Last year, in [1, 100].

    Returns
    -------
    Case
        Key ``"eigen"``; the benefit is an effect item with range 0.5 to 1.5.

    Examples
    --------
    >>> case = simple_case(2_000, 14_000, horizon=2)
    >>> case_table(case)["bedrag"].tolist()
    [-2000.0, 14000.0, 14000.0]
    """
    cost = check_number("investment", investment, INVESTMENT)
    benefit = check_number("yearly_benefit", yearly_benefit, YEARLY_BENEFIT)
    years = check_integer("horizon", horizon, HORIZON)
    for name, actor in (("payer", payer), ("beneficiary", beneficiary)):
        if actor not in ACTORS:
            raise InvalidInput(name, f"'{name}' moet een van {', '.join(ACTORS)} zijn; ontvangen: {actor!r}.")
    source = "aanname: eigen invoer van de cursist"
    return Case(
        key="eigen",
        title="Eigen casus",
        description="Een investering in jaar 0 en een jaarlijkse opbrengst vanaf jaar 1.",
        items=(
            Item("Investering", payer, -cost, 0, 0, source=source),
            Item("Jaarlijkse opbrengst", beneficiary, benefit, 1, None, effect=True,
                 low=0.5, high=1.5, source=source),
        ),
        horizon=years,
    )


def _check_case(case: object) -> Case:
    if not isinstance(case, Case):
        raise InvalidType("case", f"'case' moet een Case zijn; ontvangen: {type(case).__name__}.")
    return case


def _item_years(item: Item, horizon: int) -> np.ndarray:
    last = horizon if item.end is None else min(item.end, horizon)
    return np.arange(item.start, last + 1)


# Gauss-Legendre nodes: exact for polynomials up to degree 2n-1 = 127, so the expected
# value of (1 - fade) ** k over a triangular density (a polynomial of degree k + 1 on each
# side of the mode) is exact for every horizon up to 100 years.
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(64)


def _expected_powers(assumption: Assumption | None, last: int) -> np.ndarray:
    """E[(1 - X) ** k] for k = 0..last, X triangular with the assumption's mean and range."""
    k = np.arange(last + 1, dtype=float)
    if assumption is None:
        return np.ones(last + 1)
    a, c, b = assumption.low, assumption.mode, assumption.high
    if b == a:
        return (1.0 - a) ** k
    total = np.zeros(last + 1)
    for left, right, density in ((a, c, lambda x: 2 * (x - a) / ((b - a) * (c - a)) if c > a else 0 * x),
                                 (c, b, lambda x: 2 * (b - x) / ((b - a) * (b - c)) if b > c else 0 * x)):
        if right <= left:
            continue
        x = 0.5 * (right - left) * _GL_NODES + 0.5 * (right + left)
        w = 0.5 * (right - left) * _GL_WEIGHTS * density(x)
        total += ((1.0 - x)[None, :] ** k[:, None]) @ w
    return total


def _effect_multipliers(case: Case, last: int, fixed: Mapping[str, float] | None = None) -> np.ndarray:
    """Expected correction factor of an effect item k years after its start, k = 0..last.

    ``fixed`` pins a correction at a value (for the tornado's one-at-a-time rows).
    """
    fixed = fixed or {}
    level = 1.0
    for name in ("deadweight", "displacement"):
        correction = getattr(case, name)
        if name in fixed:
            level *= 1.0 - fixed[name]
        elif correction is not None:
            level *= 1.0 - correction.value
    if "fade" in fixed:
        powers = (1.0 - fixed["fade"]) ** np.arange(last + 1, dtype=float)
    else:
        powers = _expected_powers(case.fade, last)
    return level * powers


def _item_amounts(item: Item, years: np.ndarray, effect_size: float, effects: np.ndarray) -> np.ndarray:
    """Expected amount of one item in each of ``years``."""
    amounts = np.array([item.amount * item.factor(int(t)) for t in years], dtype=float)
    if item.effect:
        amounts = amounts * effect_size * effects[years - item.start]
    return amounts


def case_table(case: Case, horizon: int | None = None, effect_size: float = 1.0) -> pd.DataFrame:
    """Expand a case into a table with one row per item per year, at expected values.

    Effect items carry the case's corrections (their expected values), so discounting
    this table gives :func:`case_npv` and its per-actor balances add up to it.

    Parameters
    ----------
    case : Case
        The case.
    horizon : int, optional
        Last year, in [1, 100]; default ``case.horizon``.
    effect_size : float, default 1.0
        Multiplier on effect items, in [0, 3]: 1 is the expected effect, 0.5 half of it.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor``, ``post``, ``jaar``, ``bedrag`` (euro) and ``bron``.

    Examples
    --------
    >>> case_table(PRESETS["auto"], horizon=1)["jaar"].max()
    np.int64(1)
    """
    c = _check_case(case)
    years = c.horizon if horizon is None else check_integer("horizon", horizon, HORIZON)
    size = check_number("effect_size", effect_size, EFFECT_SIZE)
    effects = _effect_multipliers(c, years)
    rows = []
    for item in c.items:
        item_years = _item_years(item, years)
        for year, amount in zip(item_years, _item_amounts(item, item_years, size, effects)):
            rows.append((item.actor, item.post, int(year), float(amount), item.source))
            if item.counterpart is not None:
                rows.append((item.counterpart, item.post, int(year), -float(amount), item.source))
    return pd.DataFrame(rows, columns=[*TABLE_COLUMNS, "bron"])


def _item_present_values(case: Case, rate: float, horizon: int, effect_size: float,
                         fixed: Mapping[str, float] | None = None) -> np.ndarray:
    """Expected present value of each item for society, in item order (validated inputs)."""
    factors = _finite_factors((1.0 + rate) ** -np.arange(horizon + 1, dtype=float), rate)
    effects = _effect_multipliers(case, horizon, fixed)
    values = np.empty(len(case.items))
    for i, item in enumerate(case.items):
        if item.counterpart is not None:  # a transfer nets out for society
            values[i] = 0.0
            continue
        years = _item_years(item, horizon)
        values[i] = float(_item_amounts(item, years, effect_size, effects) @ factors[years])
    return values


def case_npv(
    case: Case,
    rate: float = DISCOUNT_RATE,
    horizon: int | None = None,
    effect_size: float = 1.0,
) -> float:
    """Net present value of a case for society as a whole (all actors), in euro.

    Transfers between actors (items with a ``counterpart``) add nothing.

    Parameters
    ----------
    case : Case
        The case.
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].
    horizon : int, optional
        Years after year 0, in [1, 100]; default ``case.horizon``.
    effect_size : float, default 1.0
        Multiplier on effect items, in [0, 3].

    Returns
    -------
    float
        Net present value in euro.

    Examples
    --------
    >>> round(case_npv(simple_case(2_000, 14_000, horizon=2), rate=0.0))
    26000
    """
    c = _check_case(case)
    r = _check_rate(rate)
    years = c.horizon if horizon is None else check_integer("horizon", horizon, HORIZON)
    size = check_number("effect_size", effect_size, EFFECT_SIZE)
    return float(_item_present_values(c, r, years, size).sum())


def case_benefit_cost_ratio(
    case: Case,
    rate: float = DISCOUNT_RATE,
    horizon: int | None = None,
    effect_size: float = 1.0,
) -> float:
    """Gross benefit-cost ratio of a case for society: PV of all benefits over all costs.

    Unlike :func:`benefit_cost_ratio`, which nets each year first, this adds up every
    benefit item and every cost item separately, leaving out transfers (they are a cost
    to one actor and the same benefit to another).

    Parameters
    ----------
    case : Case
        The case; it must hold at least one cost item that is not a transfer.
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].
    horizon : int, optional
        Years after year 0, in [1, 100]; default ``case.horizon``.
    effect_size : float, default 1.0
        Multiplier on effect items, in [0, 3].

    Returns
    -------
    float
        Dimensionless; above 1 means the benefits outweigh the costs.

    Raises
    ------
    ValueError
        If the case has no cost (its present value of costs is zero).

    Examples
    --------
    >>> round(case_benefit_cost_ratio(simple_case(2_000, 14_000, horizon=2), rate=0.0), 1)
    14.0
    """
    c = _check_case(case)
    r = _check_rate(rate)
    years = c.horizon if horizon is None else check_integer("horizon", horizon, HORIZON)
    size = check_number("effect_size", effect_size, EFFECT_SIZE)
    values = _item_present_values(c, r, years, size)
    costs = -values[values < 0].sum()
    if costs == 0:
        raise InvalidInput(
            "case",
            "De casus heeft geen kosten; de baten-kostenverhouding deelt door de kosten "
            "en is dan niet gedefinieerd.",
        )
    return float(values[values > 0].sum() / costs)


def break_even_effect_size(
    case: Case,
    rate: float = DISCOUNT_RATE,
    horizon: int | None = None,
) -> float:
    """Effect size at which a case's NPV for society is exactly zero (the omslagpunt).

    Parameters
    ----------
    case : Case
        The case; it must have at least one effect item that is not a transfer.
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].
    horizon : int, optional
        Years after year 0, in [1, 100]; default ``case.horizon``.

    Returns
    -------
    float
        Share of the expected effect (1 = the expected effect) needed to break even. Below
        0 means the case pays off even without any effect; above 1 that it needs more than
        the expected effect.

    Raises
    ------
    ValueError
        If the effects add nothing to the NPV, so no effect size changes the outcome.

    Notes
    -----
    The NPV is linear in the effect size :math:`e`: :math:`NCW(e) = NCW(0) + e (NCW(1) - NCW(0))`,
    so the break-even point is :math:`-NCW(0) / (NCW(1) - NCW(0))`.

    Examples
    --------
    >>> round(break_even_effect_size(simple_case(2_000, 1_000, horizon=4), rate=0.0), 2)
    0.5
    """
    c = _check_case(case)
    without = case_npv(c, rate, horizon, effect_size=0.0)
    with_effect = case_npv(c, rate, horizon, effect_size=1.0)
    if with_effect == without:
        raise InvalidInput(
            "case",
            "De effecten in deze casus veranderen de netto contante waarde niet; "
            "er is dan geen omslagpunt.",
        )
    return float(-without / (with_effect - without))


# --------------------------------------------------------------------------------------
# Uncertainty
# --------------------------------------------------------------------------------------


def tornado(
    case: Case,
    rate: float = DISCOUNT_RATE,
    horizon: int | None = None,
    effect_size: float = 1.0,
    rate_range: tuple[float, float] = (NO_DISCOUNTING, PREVIOUS_DISCOUNT_RATE),
) -> pd.DataFrame:
    """One-at-a-time sensitivity: the NPV when each uncertain input is at its low or high.

    Every uncertain item is set to ``low`` and ``high`` times its amount, and every
    uncertain effect correction to its low and high share, while the rest stays at its
    expected value; the discount rate is varied over ``rate_range``.

    Parameters
    ----------
    case : Case
        The case.
    rate : float, default DISCOUNT_RATE
        Central discount rate, decimal per year, in (-1, 1].
    horizon : int, optional
        Last year, in [1, 100]; default ``case.horizon``.
    effect_size : float, default 1.0
        Multiplier on effect items, in [0, 3].
    rate_range : tuple of float, default (0.0, 0.03)
        Low and high discount rate: no discounting (a reference point) and the standard
        rate before 2021.

    Returns
    -------
    pandas.DataFrame
        One row per varied input, widest first, with columns ``invoer`` (label),
        ``laag`` and ``hoog`` (the input's values: a multiplier, a share or a rate),
        ``ncw_laag`` and ``ncw_hoog`` (NPV in euro) and ``bandbreedte`` (absolute
        difference, euro). The attribute ``attrs["basis"]`` holds the expected NPV.

    Examples
    --------
    >>> t = tornado(PRESETS["auto"])
    >>> bool((t["bandbreedte"].diff().dropna() <= 0).all())
    True
    """
    c = _check_case(case)
    r = _check_rate(rate)
    years = c.horizon if horizon is None else check_integer("horizon", horizon, HORIZON)
    size = check_number("effect_size", effect_size, EFFECT_SIZE)
    if not isinstance(rate_range, (tuple, list, np.ndarray)):
        raise InvalidType(
            "rate_range",
            f"'rate_range' moet een paar discontovoeten (laag, hoog) zijn; ontvangen: {rate_range!r}.",
        )
    if len(rate_range) != 2:
        raise InvalidInput(
            "rate_range",
            f"'rate_range' moet een paar discontovoeten (laag, hoog) zijn; ontvangen: {rate_range!r}.",
        )
    low_rate = check_number("rate_range[0]", rate_range[0], RATE)
    high_rate = check_number("rate_range[1]", rate_range[1], RATE)
    values = _item_present_values(c, r, years, size)
    base = float(values.sum())
    rows = []
    for i, item in enumerate(c.items):
        if not item.uncertain:
            continue
        rows.append((
            f"{item.post} ({item.actor})",
            item.low,
            item.high,
            base + values[i] * (item.low - 1.0),
            base + values[i] * (item.high - 1.0),
        ))
    for name, correction in c.corrections.items():
        if not correction.uncertain:
            continue
        rows.append((
            correction.label,
            correction.low,
            correction.high,
            float(_item_present_values(c, r, years, size, {name: correction.low}).sum()),
            float(_item_present_values(c, r, years, size, {name: correction.high}).sum()),
        ))
    rows.append((
        "Discontovoet",
        low_rate,
        high_rate,
        float(_item_present_values(c, low_rate, years, size).sum()),
        float(_item_present_values(c, high_rate, years, size).sum()),
    ))
    frame = pd.DataFrame(rows, columns=["invoer", "laag", "hoog", "ncw_laag", "ncw_hoog"])
    frame["bandbreedte"] = (frame["ncw_hoog"] - frame["ncw_laag"]).abs()
    frame = frame.sort_values("bandbreedte", ascending=False, kind="stable").reset_index(drop=True)
    frame.attrs["basis"] = base
    return frame


@dataclass(frozen=True)
class MonteCarloResult:
    """Outcome of :func:`monte_carlo`: the NPV of every draw and its summary.

    Parameters
    ----------
    npv : numpy.ndarray
        Net present value of every draw, in euro.
    seed : int
        Seed the draws were made with; the same seed gives the same draws.

    Examples
    --------
    >>> result = MonteCarloResult(npv=np.array([-100.0, 50.0, 150.0, 200.0]), seed=1)
    >>> result.p_positive
    0.75
    """

    npv: np.ndarray
    seed: int

    @property
    def p_positive(self) -> float:
        """Share of draws with a net present value above zero, in [0, 1]."""
        return float(np.mean(self.npv > 0))

    @property
    def mean(self) -> float:
        """Mean NPV in euro."""
        return float(self.npv.mean())

    @property
    def standard_error(self) -> float:
        """Standard error of :attr:`mean` in euro: how far the mean may lie from the expected NPV."""
        return float(self.npv.std(ddof=1) / np.sqrt(self.npv.size)) if self.npv.size > 1 else float("nan")

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile of the NPV in euro (``q`` in [0, 100])."""
        return float(np.percentile(self.npv, check_number("q", q, Interval(0, 100))))


def _triangular(rng: np.random.Generator, low: np.ndarray, mode: np.ndarray, high: np.ndarray,
                draws: int) -> np.ndarray:
    """Triangular draws per column; a column without spread is its constant value."""
    out = np.repeat(low[None, :], draws, axis=0).astype(float)
    spread = high > low
    if spread.any():
        out[:, spread] = rng.triangular(low[spread], np.clip(mode[spread], low[spread], high[spread]),
                                        high[spread], size=(draws, int(spread.sum())))
    return out


def monte_carlo(
    case: Case,
    n: int = 10_000,
    rate: float = DISCOUNT_RATE,
    horizon: int | None = None,
    effect_size: float = 1.0,
    seed: int = 2021,
) -> MonteCarloResult:
    """Monte Carlo over the case's uncertainty: the distribution of the NPV and P(NPV > 0).

    Each uncertain item's multiplier is drawn from a triangular distribution on its
    ``low`` to ``high`` with mean 1, and each uncertain correction from a triangular
    distribution with its expected share as mean; independently per input and per draw.
    The mean of the draws therefore estimates :func:`case_npv`.

    Parameters
    ----------
    case : Case
        The case.
    n : int, default 10,000
        Number of draws, in [1, 1,000,000].
    rate : float, default DISCOUNT_RATE
        Discount rate, decimal per year, in (-1, 1].
    horizon : int, optional
        Last year, in [1, 100]; default ``case.horizon``.
    effect_size : float, default 1.0
        Multiplier on effect items, in [0, 3].
    seed : int, default 2021
        Seed of the random generator; the same seed gives the same draws.

    Returns
    -------
    MonteCarloResult
        ``npv`` holds ``n`` net present values in euro.

    Notes
    -----
    The NPV is linear in each item's multiplier and in the two level corrections, so the
    draws are matrix products; only the fading effect needs a power per draw and year.

    Examples
    --------
    >>> result = monte_carlo(PRESETS["auto"], n=1_000, seed=1)
    >>> 0.0 <= result.p_positive <= 1.0
    True
    """
    c = _check_case(case)
    draws = check_integer("n", n, DRAWS)
    r = _check_rate(rate)
    years = c.horizon if horizon is None else check_integer("horizon", horizon, HORIZON)
    size = check_number("effect_size", effect_size, EFFECT_SIZE)
    random_seed = check_integer("seed", seed, Interval(0, 2**32 - 1))
    rng = np.random.default_rng(random_seed)
    items = [item for item in c.items if item.counterpart is None]
    multipliers = _triangular(rng, np.array([i.low for i in items]), np.array([i.mode for i in items]),
                              np.array([i.high for i in items]), draws)

    def draw(correction: Assumption | None) -> np.ndarray:
        if correction is None:
            return np.zeros(draws)
        return _triangular(rng, np.array([correction.low]), np.array([correction.mode]),
                           np.array([correction.high]), draws)[:, 0]

    deadweight, displacement, fade = (draw(getattr(c, name)) for name in CORRECTIONS)
    level = (1.0 - deadweight) * (1.0 - displacement)
    factors = _finite_factors((1.0 + r) ** -np.arange(years + 1, dtype=float), r)
    # (1 - fade) ** k for k = 0..years, by a running product (much faster than powers).
    fade_powers = np.empty((draws, years + 1))
    fade_powers[:, 0] = 1.0
    if years:
        fade_powers[:, 1:] = np.cumprod(np.broadcast_to((1.0 - fade)[:, None], (draws, years)), axis=1)
    npv = np.zeros(draws)
    for column, item in enumerate(items):
        item_years = _item_years(item, years)
        amounts = np.array([item.amount * item.factor(int(t)) for t in item_years], dtype=float)
        weights = amounts * factors[item_years]
        if item.effect:
            # Item years run on from its start, so their fade powers are a leading slice.
            value = size * level * (fade_powers[:, : item_years.size] @ weights)
        else:
            value = np.full(draws, weights.sum())
        npv += multipliers[:, column] * value
    return MonteCarloResult(npv=npv, seed=random_seed)


# --------------------------------------------------------------------------------------
# Preset cases, grounded in the course's seed cases. Every amount is in prices of
# modules.facts.REFERENCE_DATE (prijspeil modules.facts.PRICE_YEAR) and names its source
# (a key in book/references.bib) or says what was assumed.
# --------------------------------------------------------------------------------------

#: Contract hours of the preset jobs: a common full-time week in collective agreements.
HOURS_PER_WEEK = 36
_HOURS_SOURCE = "aanname: een voltijdbaan van 36 uur per week tegen het minimumloon"

#: The car case's job seeker: a single adult in bijstand.
AUTO_AGE = 30
#: The school case's student: 17 in year 0; guidance in years 0 and 1, effects from year 2.
SCHOOL_START_AGE = 17
SCHOOL_EFFECT_START = 2
#: Share of young people without a diploma who could NOT study with student finance and
#: so keep a right to bijstand before 27 (Participatiewet art. 13).
SCHOOL_BIJSTAND_SHARE_UNDER_27 = 0.2
#: Difference in the chance of having work with and without a startkwalificatie, ten years
#: after leaving mbo: 91 against 70 percent (CBS 2020).
SCHOOL_WORK_GAIN = 0.91 - 0.70
#: Fewer young people on bijstand with a diploma (assumption, see the item's source).
SCHOOL_BIJSTAND_GAIN = 0.10


def _auto_case() -> Case:
    job = income.work_income(AUTO_AGE, HOURS_PER_WEEK)
    toeslagen = 1_200.0
    car_costs = 3_000.0
    # Rule of half: someone who takes the job values the leisure given up at less than
    # what they gain net, and more than nothing.
    leisure = 0.5 * (job.net - job.bijstand - toeslagen - car_costs)
    wage_source = "belastingdienst-tarieven-2025; szw-minimumloon-2025; " + _HOURS_SOURCE
    return Case(
        key="auto",
        title="Tweedehands auto naar werk",
        description=(
            "Een alleenstaande werkzoekende van 30 in de bijstand kan een baan tegen het "
            "minimumloon krijgen, maar alleen met een auto. De gemeente koopt een "
            "tweedehands auto. Wat levert dat op, en voor wie?"
        ),
        horizon=5,
        items=(
            Item("Aankoop tweedehands auto", "gemeente", -2_000, 0, 0, low=0.75, high=1.5,
                 source="boer-werkzaam; aanname: het bedrag uit het interview heeft geen "
                        "prijsjaar en dient als illustratie, hier genomen als prijspeil 2025"),
            Item("Uitvoeringskosten: klantmanager regelt de auto en begeleidt", "gemeente", -800,
                 0, 0, low=0.5, high=2.0,
                 source="aanname: 10 uur van een klantmanager tegen een integraal uurtarief van 80 euro"),
            Item("Nettoloon", "inwoner", round(job.net, 2), 0, None, effect=True,
                 source=wage_source),
            Item("Loonheffing, premies en werkgeverslasten", "Rijk", round(job.taxes_and_premiums, 2),
                 0, None, effect=True, source=wage_source + "; randstad-premies-2025"),
            Item("Bijstandsuitkering die vervalt", "gemeente", round(job.bijstand, 2), 0, None,
                 effect=True, counterpart="inwoner", source="szw-normbedragen-participatiewet-2025"),
            Item("Minder huurtoeslag en zorgtoeslag", "Rijk", toeslagen, 0, None, effect=True,
                 counterpart="inwoner",
                 source="aanname: ongeveer 100 euro per maand minder toeslag bij een inkomen op "
                        "minimumloonniveau, na te rekenen met de proefberekening van Dienst Toeslagen"),
            Item("Kosten van de auto (verzekering, brandstof, onderhoud)", "inwoner", -car_costs,
                 0, None, effect=True, low=0.7, high=1.5,
                 source="aanname: ongeveer 250 euro per maand voor een kleine tweedehands auto"),
            Item("Verlies aan vrije tijd", "inwoner", -round(leisure, 2), 0, None, effect=True,
                 low=0.0, high=2.0,
                 source="aanname: de helft van wat de inwoner er netto op vooruitgaat (regel van "
                        "de helft), tussen nul en het hele netto voordeel"),
        ),
        deadweight=Assumption(
            "Dode gewicht: ook zonder auto werk gevonden", 0.55, 0.3, 0.9,
            "boer-werkzaam; aanname: van wie zich meldt, komt ruim de helft nooit in de bijstand"),
        displacement=Assumption(
            "Verdringing: de baan was anders naar een andere werkzoekende gegaan", 0.2, 0.0, 0.5,
            "koopmans-werkwijzer-sociaal-domein-2016; aanname: op korte termijn een vijfde, "
            "op lange termijn kleiner"),
        fade=Assumption(
            "Uitdoving: deel van het effect dat elk jaar wegvalt", 0.25, 0.1, 0.55,
            "cbs-uitstroom-bijstand-2023; aanname: na anderhalf jaar werkt 72 procent nog, en "
            "wie zonder auto in de bijstand bleef, vindt later deels alsnog werk"),
        notes=(
            "De bijstand en de toeslagen zijn overdrachten: wat gemeente en Rijk besparen, "
            "verliest de inwoner. Voor de samenleving telt de productie (loonkosten: nettoloon "
            "plus belastingen en premies), min de kosten van de auto en de vrije tijd.",
        ),
        pro_memorie=(
            "Gezondheid en welzijn van de werkende (eigenwaarde, structuur, contacten)",
            "Minder inzet van de klantmanager in latere jaren",
            "Effecten op kinderen en andere gezinsleden",
        ),
    )


def _school_case() -> Case:
    ages = range(SCHOOL_START_AGE + SCHOOL_EFFECT_START, SCHOOL_START_AGE + 101)
    jobs = {age: income.work_income(age, HOURS_PER_WEEK) for age in ages[:20]}
    adult = jobs[max(jobs)]
    limit = int(facts.value("bijstand_leeftijdsgrens_studiefinanciering"))

    def bijstand_share(age: int) -> float:
        return 1.0 if age >= limit else SCHOOL_BIJSTAND_SHARE_UNDER_27

    net = [SCHOOL_WORK_GAIN * jobs[a].net for a in jobs]
    taxes = [SCHOOL_WORK_GAIN * jobs[a].taxes_and_premiums for a in jobs]
    bijstand = [SCHOOL_BIJSTAND_GAIN * bijstand_share(a) * jobs[a].bijstand for a in jobs]
    leisure = [0.5 * max(0.0, n - b) for n, b in zip(net, bijstand)]

    def profile(values: list[float]) -> tuple[float, ...]:
        return tuple(round(v / values[-1], 6) for v in values)

    age_source = ("wml-minimumjeugdloon; szw-minimumloon-2025; belastingdienst-tarieven-2025; "
                  "cbs-startkwalificatie-2020; aanname: met diploma 21 procentpunt meer kans op werk "
                  "(91 tegen 70 procent, tien jaar na het mbo), 36 uur per week tegen het minimumloon")
    first = SCHOOL_EFFECT_START
    return Case(
        key="schooluitval",
        title="Voortijdig schoolverlaten voorkomen",
        description=(
            "Een school en de gemeente begeleiden samen een mbo-student van 17 die dreigt "
            "uit te vallen. De kosten vallen bij onderwijs en gemeente; de baten vallen later, "
            "vooral bij de jongere zelf en het Rijk, en bij de gemeente pas echt vanaf 27 jaar."
        ),
        horizon=15,
        items=(
            Item("Extra begeleiding op school (twee jaar)", "onderwijs", -3_000, 0, 1,
                 low=0.8, high=1.3,
                 source="aanname: een halve dag begeleiding per week tegen een mbo-docenttarief"),
            Item("Uitvoeringskosten: coördinatie met jeugdhulp en leerplicht", "gemeente", -1_000,
                 0, 1, low=0.75, high=1.5,
                 source="aanname: één coördinator voor veertig studenten"),
            Item("Nettoloon door meer kans op werk", "inwoner", round(net[-1], 2), first, None,
                 effect=True, profile=profile(net), source=age_source),
            Item("Loonheffing, premies en werkgeverslasten", "Rijk", round(taxes[-1], 2), first,
                 None, effect=True, profile=profile(taxes),
                 source=age_source + "; randstad-premies-2025"),
            Item("Minder bijstand (verwachte besparing)", "gemeente", round(bijstand[-1], 2), first,
                 None, effect=True, counterpart="inwoner", profile=profile(bijstand),
                 source="szw-normbedragen-participatiewet-2025; participatiewet; aanname: 10 "
                        "procentpunt minder kans op bijstand, en onder 27 heeft maar een vijfde recht "
                        "omdat wie kan studeren met studiefinanciering geen algemene bijstand krijgt"),
            Item("Verlies aan vrije tijd", "inwoner", -round(leisure[-1], 2), first, None,
                 effect=True, low=0.0, high=2.0, profile=profile(leisure),
                 source="aanname: de helft van wat de jongere er netto op vooruitgaat (regel van de helft)"),
        ),
        deadweight=Assumption(
            "Dode gewicht: zonder begeleiding toch een diploma, of met begeleiding toch niet",
            0.75, 0.6, 0.9,
            "aanname: een kwart van de begeleide studenten haalt dankzij de begeleiding een diploma"),
        displacement=Assumption(
            "Verdringing: de baan was anders naar een andere jongere gegaan", 0.1, 0.0, 0.3,
            "koopmans-werkwijzer-sociaal-domein-2016; aanname: klein op de lange termijn"),
        fade=Assumption(
            "Uitdoving: wie uitviel, haalt later alsnog een diploma", 0.03, 0.0, 0.06,
            "cbs-startkwalificatie-2020; aanname: ongeveer een kwart haalt binnen tien jaar alsnog "
            "een startkwalificatie, zo'n 3 procent per jaar"),
        notes=(
            "Wie betaalt (onderwijs) is niet wie het meeste terugziet (de jongere en het Rijk): "
            "het probleem van de verkeerde zak.",
            "De gemeente bespaart op bijstand vooral vanaf 27 jaar: jonger heeft wie kan studeren "
            "met studiefinanciering geen recht op algemene bijstand (Participatiewet artikel 13).",
        ),
        pro_memorie=(
            "Gezondheid en welzijn van de jongere",
            "Minder criminaliteit",
            "Effecten op een volgende generatie",
        ),
    )


PRESETS: Mapping[str, Case] = {
    "auto": _auto_case(),
    "schooluitval": _school_case(),
}


def school_age_table(case: Case | None = None) -> pd.DataFrame:
    """Per year of the school case: the age and the expected amounts per actor.

    Parameters
    ----------
    case : Case, optional
        Default ``PRESETS["schooluitval"]``; the first year is age
        :data:`SCHOOL_START_AGE`.

    Returns
    -------
    pandas.DataFrame
        Indexed by year, a column ``leeftijd`` and one column per actor with its expected
        net amount in euro (transfers included), at the case's expected effect.

    Examples
    --------
    >>> table = school_age_table()
    >>> int(table.loc[0, "leeftijd"]), int(table.loc[10, "leeftijd"])
    (17, 27)
    """
    c = PRESETS["schooluitval"] if case is None else _check_case(case)
    table = case_table(c)
    wide = table.pivot_table(index="jaar", columns="actor", values="bedrag", aggfunc="sum",
                             fill_value=0.0)
    wide = wide[_ordered_actors(list(wide.columns))]
    wide.insert(0, "leeftijd", wide.index + SCHOOL_START_AGE)
    wide.columns.name = None
    return wide
