"""Cases of costs and benefits per actor: who pays, who benefits, and what is expected.

Shared by every module that builds a cost-benefit case: items with a source, effect
corrections (dode gewicht, verdringing, uitdoving) as uncertain assumptions, case tables
per actor and year, and the expected net present value for society.

Units, signs, years and errors follow the conventions in :mod:`modules`.

References
----------
Romijn, G. & Renes, G. (2013). Algemene leidraad voor maatschappelijke
kosten-batenanalyse. CPB / PBL.

Koopmans, C. et al. (2016). Werkwijzer voor kosten-batenanalyse in het sociale domein.
SEO Economisch Onderzoek.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from modules import facts
from modules._validation import (
    InvalidInput,
    InvalidType,
    Interval,
    check_instance,
    check_integer,
    check_number,
    format_value,
)
from modules.discounting import DISCOUNT_RATE, YEAR, _check_rate, _finite_factors

__all__ = [
    "ACTORS",
    "TABLE_COLUMNS",
    "HORIZON",
    "EFFECT_SIZE",
    "MULTIPLIER",
    "INVESTMENT",
    "YEARLY_BENEFIT",
    "CORRECTIONS",
    "Item",
    "Assumption",
    "Case",
    "check_table",
    "yearly_flows",
    "order_actors",
    "actor_summary",
    "npv_by_actor",
    "simple_case",
    "case_table",
    "case_npv",
    "case_benefit_cost_ratio",
    "break_even_effect_size",
]

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
# Constraints as data: widgets build their controls from them, tests enumerate them.
HORIZON = Interval(1, 100, unit="jaar")
EFFECT_SIZE = Interval(0.0, 3.0, unit="(1 = het verwachte effect)")
MULTIPLIER = Interval(0.0, 10.0, unit="(factor op het bedrag)")
INVESTMENT = Interval(0, 10_000_000, unit="euro")
YEARLY_BENEFIT = Interval(0, 10_000_000, unit="euro per jaar")


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


def order_actors(actors: Sequence[str]) -> list[str]:
    """Actors in display order: those of :data:`ACTORS` first, in its order, then the rest.

    Parameters
    ----------
    actors : sequence of str
        Actor names, possibly with repeats.

    Returns
    -------
    list of str
        Each name once; names not in :data:`ACTORS` follow alphabetically.

    Examples
    --------
    >>> order_actors(["inwoner", "bank", "gemeente", "inwoner"])
    ['gemeente', 'inwoner', 'bank']
    """
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
    summary = summary.loc[order_actors(summary.index.tolist())]
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
    >>> case_table(simple_case(2_000, 500, horizon=3), horizon=1)["jaar"].max()
    np.int64(1)
    """
    c = check_instance("case", case, Case)
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
    c = check_instance("case", case, Case)
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
    c = check_instance("case", case, Case)
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
    c = check_instance("case", case, Case)
    without = case_npv(c, rate, horizon, effect_size=0.0)
    with_effect = case_npv(c, rate, horizon, effect_size=1.0)
    if with_effect == without:
        raise InvalidInput(
            "case",
            "De effecten in deze casus veranderen de netto contante waarde niet; "
            "er is dan geen omslagpunt.",
        )
    return float(-without / (with_effect - without))


