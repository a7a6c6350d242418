"""Uncertainty of a case: one-at-a-time sensitivity (tornado) and a seeded Monte Carlo.

Shared by every module that reports how sure a result is. The Monte Carlo draws every
uncertain input from a triangular distribution whose mean is the input's expected value,
so the mean of the draws estimates :func:`modules.cases.case_npv`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from modules._validation import InvalidInput, InvalidType, Interval, check_instance, check_integer, check_number
from modules.cases import (
    CORRECTIONS,
    EFFECT_SIZE,
    HORIZON,
    Assumption,
    Case,
    _item_present_values,
    _item_years,
)
from modules.discounting import (
    DISCOUNT_RATE,
    NO_DISCOUNTING,
    PREVIOUS_DISCOUNT_RATE,
    RATE,
    _check_rate,
    _finite_factors,
)

__all__ = ["DRAWS", "tornado", "MonteCarloResult", "monte_carlo"]

DRAWS = Interval(1, 1_000_000, unit="trekkingen")


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
    >>> from modules.cases import simple_case
    >>> t = tornado(simple_case(2_000, 500, horizon=10))
    >>> bool((t["bandbreedte"].diff().dropna() <= 0).all())
    True
    """
    c = check_instance("case", case, Case)
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
    >>> from modules.cases import simple_case
    >>> result = monte_carlo(simple_case(2_000, 500, horizon=10), n=1_000, seed=1)
    >>> 0.0 <= result.p_positive <= 1.0
    True
    """
    c = check_instance("case", case, Case)
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


