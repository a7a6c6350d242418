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
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from modules._validation import (
    InvalidInput,
    InvalidType,
    Interval,
    check_flows,
    check_integer,
    check_number,
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
    "Item",
    "Case",
    "MonteCarloResult",
    "present_value",
    "discount_factors",
    "net_present_value",
    "benefit_cost_ratio",
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
]

#: Standard real discount rate for Dutch MKBA's since 1 January 2021 (Werkgroep
#: Discontovoet 2020), as a decimal per year.
DISCOUNT_RATE: float = 0.0225
#: Risk-free part of the standard rate in the same report: 2.25 % is -1 % risk-free plus a
#: 3.25 % risk premium. Only for costs or benefits that are demonstrably free of risk.
RISK_FREE_RATE: float = -0.01
#: No discounting at all: the low end of the rate in sensitivity analysis, as a reference
#: point that shows how much of a result is due to discounting.
NO_DISCOUNTING: float = 0.0
#: Standard discount rate before 2021 (Werkgroep Discontovoet 2015), the high end in
#: sensitivity: it shows how much a result leans on the choice of rate.
PREVIOUS_DISCOUNT_RATE: float = 0.03

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

    Examples
    --------
    >>> discount_factors(2, 0.10).round(4).tolist()
    [1.0, 0.9091, 0.8264]
    """
    years = check_integer("horizon", horizon, YEAR)
    r = _check_rate(rate)
    return (1.0 + r) ** -np.arange(years + 1, dtype=float)


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
    return a / (1.0 + r) ** t


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


def benefit_cost_ratio(flows: Sequence[float], rate: float = DISCOUNT_RATE) -> float:
    """Benefit-cost ratio: present value of the positive years over that of the negative.

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

    Notes
    -----
    Computed on yearly *net* amounts, as the issue defines it: a year whose benefits exceed
    its costs counts as a benefit year. :func:`actor_summary` gives gross costs and benefits.

    Examples
    --------
    >>> round(benefit_cost_ratio([-2_000, 14_000, 14_000]), 2)
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
        Rate as a decimal per year, in (-1, 100]. When the flows change sign more than
        once there can be several such rates; this returns the one closest to zero.

    Raises
    ------
    ValueError
        If the flows do not change sign, or no rate in (-1, 100] makes the NPV zero.

    Examples
    --------
    >>> round(internal_rate_of_return([-1_000, 1_100]), 6)
    0.1
    """
    values = check_flows("flows", flows)
    if not (np.any(values < 0) and np.any(values > 0)):
        raise InvalidInput(
            "flows",
            "'flows' moet zowel een negatief als een positief bedrag bevatten; zonder "
            "tekenwisseling bestaat er geen interne rentevoet."
        )
    years = np.arange(values.size, dtype=float)

    def npv(rate: float) -> float:
        return float(np.sum(values * (1.0 + rate) ** -years))

    # Bracket every sign change on a grid that is dense near zero, then bisect each one.
    # The first part reaches towards -1 (almost everything lost), the last part up to 100.
    grid = np.concatenate([
        -1.0 + np.geomspace(1e-6, 0.01, 60)[:-1],
        np.linspace(-0.99, 1.0, 400),
        np.geomspace(1.0, 100.0, 200)[1:],
    ])
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
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
    """One cost or benefit of a case, repeated every year from ``start`` to ``end``.

    Parameters
    ----------
    post : str
        What the amount is, in Dutch (shown to learners).
    actor : str
        Who pays or receives it.
    amount : float
        Euro per year; benefit positive, cost negative.
    start, end : int
        First and last year (inclusive); ``end=None`` means up to the horizon.
    effect : bool
        True when the amount follows from the intervention's effect; the effect-size
        slider scales these, not the intervention's own costs.
    low, high : float
        Plausible range as multipliers of ``amount`` (for tornado and Monte Carlo).
    source : str
        Bibliography key of the figure's source, or a sentence starting with ``aanname``
        that says what was assumed and why. A figure without a source is a bug.
    counterpart : str, optional
        For a transfer (an allowance, a tax): the actor the money comes from. The case
        table then holds the amount for ``actor`` and its opposite for ``counterpart``,
        so it moves money between pockets and adds nothing for society as a whole.

    Raises
    ------
    TypeError
        If a number is of the wrong type.
    ValueError
        If a number is out of range, ``end`` is before ``start``, ``counterpart`` equals
        ``actor``, or ``source`` is empty.

    Examples
    --------
    >>> loon = Item("Loon", "inwoner", 27_537, start=1, effect=True, low=0.4,
    ...             source="szw-minimumloon-2026")
    >>> loon.uncertain
    True
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

    def __post_init__(self) -> None:
        check_number(f"amount van '{self.post}'", self.amount)
        start = check_integer(f"start van '{self.post}'", self.start, YEAR)
        object.__setattr__(self, "start", start)  # 2.0 from a slider becomes the year 2
        if self.end is not None:
            end = check_integer(f"end van '{self.post}'", self.end, Interval(start, 100, unit="jaar"))
            object.__setattr__(self, "end", end)
        check_number(f"low van '{self.post}'", self.low, Interval(0.0, 1.0, unit="(factor)"))
        check_number(f"high van '{self.post}'", self.high, Interval(1.0, 10.0, unit="(factor)"))
        if self.counterpart is not None and self.counterpart == self.actor:
            raise ValueError(f"Post '{self.post}': 'counterpart' moet een andere actor zijn dan 'actor'.")
        if not str(self.source).strip():
            raise ValueError(f"Post '{self.post}' heeft geen bron; elk bedrag heeft een bron of aanname.")

    @property
    def uncertain(self) -> bool:
        """Whether varying the item can change the NPV for society as a whole."""
        return self.counterpart is None and (self.low != 1.0 or self.high != 1.0)


@dataclass(frozen=True)
class Case:
    """A small MKBA case: a title, a story and its items.

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
        Default number of years after year 0 the analysis looks ahead, in [1, 100].
    notes : tuple of str, optional
        Remarks shown with the case.

    Raises
    ------
    TypeError
        If ``items`` is not a sequence of :class:`Item`, or ``horizon`` is not a number.
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

    def __post_init__(self) -> None:
        items = self.items
        if not isinstance(items, (tuple, list)) or not all(isinstance(i, Item) for i in items):
            raise InvalidType(
                "items", f"'items' moet een reeks Item-objecten zijn; ontvangen: {items!r}."
            )
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "horizon", check_integer("horizon", self.horizon, HORIZON))


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
        Years after year 0, in [1, 100].

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
    cost = check_number("investment", investment, Interval(0, 10_000_000, unit="euro"))
    benefit = check_number("yearly_benefit", yearly_benefit, Interval(0, 10_000_000, unit="euro per jaar"))
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


def case_table(case: Case, horizon: int | None = None, effect_size: float = 1.0) -> pd.DataFrame:
    """Expand a case into a table with one row per item per year.

    Parameters
    ----------
    case : Case
        The case.
    horizon : int, optional
        Years after year 0, in [1, 100]; default ``case.horizon``.
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
    rows = []
    for item in c.items:
        amount = item.amount * (size if item.effect else 1.0)
        for year in _item_years(item, years):
            rows.append((item.actor, item.post, int(year), float(amount), item.source))
            if item.counterpart is not None:
                rows.append((item.counterpart, item.post, int(year), -float(amount), item.source))
    return pd.DataFrame(rows, columns=[*TABLE_COLUMNS, "bron"])


def _item_present_values(case: Case, rate: float, horizon: int, effect_size: float) -> np.ndarray:
    """Present value of each item, in item order (validated inputs only)."""
    factors = (1.0 + rate) ** -np.arange(horizon + 1, dtype=float)
    values = np.empty(len(case.items))
    for i, item in enumerate(case.items):
        if item.counterpart is not None:  # a transfer nets out for society
            values[i] = 0.0
            continue
        scale = effect_size if item.effect else 1.0
        values[i] = item.amount * scale * factors[_item_years(item, horizon)].sum()
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

    Every uncertain item is set to ``low`` and ``high`` times its amount while the rest
    stays at its expected value; the discount rate is varied over ``rate_range``.

    Parameters
    ----------
    case : Case
        The case.
    rate : float, default DISCOUNT_RATE
        Central discount rate, decimal per year, in (-1, 1].
    horizon : int, optional
        Years after year 0, in [1, 100]; default ``case.horizon``.
    effect_size : float, default 1.0
        Multiplier on effect items, in [0, 3].
    rate_range : tuple of float, default (0.0, 0.03)
        Low and high discount rate: no discounting (a reference point) and the standard
        rate before 2021.

    Returns
    -------
    pandas.DataFrame
        One row per varied input, widest first, with columns ``invoer`` (label),
        ``laag`` and ``hoog`` (the input's values), ``ncw_laag`` and ``ncw_hoog``
        (NPV in euro) and ``bandbreedte`` (absolute difference, euro). The attribute
        ``attrs["basis"]`` holds the central NPV.

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
    for label, low, high in (("Discontovoet", low_rate, high_rate),):
        rows.append((
            label,
            low,
            high,
            float(_item_present_values(c, low, years, size).sum()),
            float(_item_present_values(c, high, years, size).sum()),
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

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile of the NPV in euro (``q`` in [0, 100])."""
        return float(np.percentile(self.npv, check_number("q", q, Interval(0, 100))))


def monte_carlo(
    case: Case,
    n: int = 10_000,
    rate: float = DISCOUNT_RATE,
    horizon: int | None = None,
    effect_size: float = 1.0,
    seed: int = 2021,
) -> MonteCarloResult:
    """Monte Carlo over uncertain items: the distribution of the NPV and P(NPV > 0).

    Each uncertain item's multiplier is drawn from a triangular distribution with mode 1
    between its ``low`` and ``high``, independently per item and per draw.

    Parameters
    ----------
    case : Case
        The case.
    n : int, default 10,000
        Number of draws, in [1, 1,000,000].
    rate : float, default DISCOUNT_RATE
        Discount rate, decimal per year, in (-1, 1].
    horizon : int, optional
        Years after year 0, in [1, 100]; default ``case.horizon``.
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
    The NPV is linear in each item's amount, so every draw is a dot product of the
    multipliers with the items' present values: one matrix product for all draws.

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
    values = _item_present_values(c, r, years, size)
    fixed = np.array([not item.uncertain for item in c.items])
    uncertain = [item for item in c.items if item.uncertain]
    rng = np.random.default_rng(random_seed)
    npv = np.full(draws, values[fixed].sum())
    if uncertain:
        low = np.array([item.low for item in uncertain])
        high = np.array([item.high for item in uncertain])
        multipliers = rng.triangular(low, np.ones_like(low), high, size=(draws, low.size))
        npv = npv + multipliers @ values[~fixed]
    return MonteCarloResult(npv=npv, seed=random_seed)


# --------------------------------------------------------------------------------------
# Preset cases, grounded in the course's seed cases. Every figure names its source
# (a key in book/references.bib) or says what was assumed.
# --------------------------------------------------------------------------------------

# Bijstand: the seed case puts a year of social assistance at 13,000 to 15,000 euro; we
# take the middle and let the range cover the rest.
_BIJSTAND_PER_JAAR = 14_000.0
# Gross minimum wage from 1 January 2026 (14.71 euro an hour, 21 and older) for a 36-hour
# week, 52 weeks, without holiday allowance: 14.71 * 36 * 52.
_MINIMUMLOON_PER_JAAR = round(14.71 * 36 * 52, 2)

PRESETS: Mapping[str, Case] = {
    "auto": Case(
        key="auto",
        title="Tweedehands auto naar werk",
        description=(
            "Een werkzoekende in de bijstand kan een baan krijgen, maar alleen met een auto. "
            "De gemeente koopt een tweedehands auto. Wat levert dat op, en voor wie?"
        ),
        horizon=5,
        items=(
            Item("Aankoop tweedehands auto", "gemeente", -2_000, 0, 0, low=0.75, high=1.5,
                 source="boer-werkzaam"),
            Item("Bijstandsuitkering die vervalt", "gemeente", _BIJSTAND_PER_JAAR, 0, None,
                 effect=True, low=0.4, high=1.07, source="boer-werkzaam", counterpart="inwoner"),
            Item("Brutoloon (minimumloon, 36 uur per week)", "inwoner", _MINIMUMLOON_PER_JAAR,
                 0, None, effect=True, low=0.4, high=1.0, source="szw-minimumloon-2026"),
            Item("Kosten van de auto (verzekering, brandstof, onderhoud)", "inwoner", -3_000,
                 0, None, low=0.7, high=1.5,
                 source="aanname: ongeveer 250 euro per maand voor een kleine tweedehands auto"),
        ),
        notes=(
            "De bijstand is een overdracht: wat de gemeente bespaart, verliest de inwoner. "
            "Voor de samenleving als geheel telt het loon (de productie) en de kosten van de auto.",
            "De bandbreedte van de effecten (0,4 tot 1) staat voor de kans dat de baan eerder stopt.",
        ),
    ),
    "schooluitval": Case(
        key="schooluitval",
        title="Voortijdig schoolverlaten voorkomen",
        description=(
            "Een school en de gemeente begeleiden samen een mbo-student die dreigt uit te "
            "vallen. De kosten vallen bij onderwijs en gemeente; de baten vallen later, "
            "vooral bij de gemeente en de jongere zelf."
        ),
        horizon=15,
        items=(
            Item("Extra begeleiding op school (twee jaar)", "onderwijs", -3_000, 0, 1,
                 low=0.8, high=1.3,
                 source="aanname: een halve dag begeleiding per week tegen een mbo-docenttarief"),
            Item("Coördinatie met jeugdhulp en leerplicht", "gemeente", -1_000, 0, 1,
                 low=0.8, high=1.5,
                 source="aanname: één coördinator voor veertig studenten"),
            Item("Minder kans op bijstand (verwachte besparing)", "gemeente",
                 0.25 * _BIJSTAND_PER_JAAR, 2, None, effect=True, low=0.2, high=1.6,
                 source="boer-werkzaam; aanname: 25 procentpunt minder kans op bijstand",
                 counterpart="inwoner"),
            Item("Hoger verwacht loon met diploma", "inwoner",
                 0.25 * _MINIMUMLOON_PER_JAAR, 2, None, effect=True, low=0.2, high=1.6,
                 source="szw-minimumloon-2026; aanname: 25 procentpunt meer kans op werk"),
        ),
        notes=(
            "Wie betaalt (onderwijs) is niet wie het meeste terugziet (gemeente en jongere): "
            "het probleem van de verkeerde zak.",
        ),
    ),
}
