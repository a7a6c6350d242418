"""Inclusion: who gets help, who drops out and why; a mutual-support circle; fairness checks.

Three parts.

**Pathways.** :func:`simulate_pathways` follows households that are entitled to support
through the way a gemeente organises it (:class:`Support`): separate counters, each with
its own intake, referral and waiting list, or one plan with one coordinator. A household
first applies or not (non-take-up, :data:`PARAMETERS` ``niet_gebruik``, with outreach to
lower it); then, per counter, it waits and may drop out, and at every referral it may drop
out again. Drop-out per referral and per week of waiting grows as the household's
*doenvermogen* (capacity to act under stress; ``wrr-2017-weten-is-nog-geen-doen``) falls.
:func:`summarise_pathways` gives per group the intakes, the questions asked twice, the days
to help and the share that drops out; :func:`pathway_bands` runs many seeds and gives an
uncertainty band for each; :func:`non_take_up_profile` shows who never applied.

**A mutual-support circle** in the spirit of a Buurtcirkel (8 to 12 participants with a
question, a volunteer and a professional coach, for years; ``movisie-interventie-buurtcirkel``):
:func:`circle_years` lets help between participants grow while professional hours fall
towards a floor (they never vanish), and :func:`circle_case` values it as a case of the
shared model (:mod:`modules.cases`) so that :func:`circle_who_pays` shows who pays and who
benefits. A scenario, not a forecast.

**Fairness helpers** on any table of outcomes with a group column: :func:`rates_by_group`,
:func:`rate_ratios` and :func:`days_gap`.

Every figure that drives a result is in ``modules/data/inclusie.toml`` with its source, or
marked as a course assumption (*illustratief*), with how strong the evidence is
(:func:`parameter_table`). Evidence that is thin is said to be thin there.

Simplifications, stated once: a household's questions (life domains) each belong to one
counter; counters are visited one after another unless a coordinator refers in parallel; a
household that drops out does not come back within the simulation; every household of a
group has the same number of questions; waiting times are independent draws.

Units: days (dagen) for time to help, weeks inside the drop-out hazard, shares as fractions
(0.35 means 35 %), euro in prices of 2025. Errors follow the conventions in :mod:`modules`.

References
----------
inspectie-szw-2021-niet-gebruik-bijstand (non-take-up), wrr-2017-weten-is-nog-geen-doen
(doenvermogen), movisie-interventie-buurtcirkel (the circle); keys in ``book/references.bib``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from modules import facts
from modules._datafiles import check_fields, from_table, read_toml
from modules._validation import (InvalidInput, InvalidType, Interval, check_bool, check_instance, check_integer,
                                 check_number, format_value)
from modules.cases import Case, Item, actor_summary, case_table
from modules.discounting import DISCOUNT_RATE

__all__ = [
    "COUNTERS",
    "EVIDENCE",
    "GROUPS",
    "HOUSEHOLDS",
    "OUTCOMES",
    "PARAMETERS",
    "CIRCLE_PARAMETERS",
    "PARTICIPANTS",
    "RUNS",
    "SHARE",
    "WAITING_DAYS",
    "Circle",
    "Group",
    "Parameter",
    "Support",
    "circle_case",
    "circle_who_pays",
    "circle_years",
    "days_gap",
    "dropout_risk",
    "non_take_up_profile",
    "non_take_up_rates",
    "parameter_table",
    "pathway_bands",
    "rate_ratios",
    "rates_by_group",
    "simulate_pathways",
    "summarise_pathways",
]

# Constraints as data: the widgets build their controls from them, tests enumerate them.
#: How many separate counters a household with several questions meets (1: one roof).
COUNTERS = Interval(1, 6, unit="loketten")
#: Mean waiting time per counter before the intake.
WAITING_DAYS = Interval(0, 180, unit="dagen")
#: A share, such as the reach of outreach.
SHARE = Interval(0.0, 1.0, unit="(aandeel)")
#: Households per simulated run.
HOUSEHOLDS = Interval(10, 100_000, unit="huishoudens")
#: Runs (seeds) behind an uncertainty band.
RUNS = Interval(2, 500, unit="runs")
#: Participants of a circle; a Buurtcirkel has about 8 to 12.
PARTICIPANTS = Interval(4, 16, unit="deelnemers")
#: Hours of the professional coach per week for the whole circle.
COACH_HOURS = Interval(0, 20, unit="uur per week")
#: Volunteers of a circle.
VOLUNTEERS = Interval(0, 3, unit="vrijwilligers")
#: Years the scenario runs.
CIRCLE_YEARS = Interval(1, 10, unit="jaar")
_QUESTIONS = Interval(1, 4, unit="vragen")

#: What happens to a household, one of three; every household ends in exactly one.
OUTCOMES: tuple[str, ...] = ("geholpen", "uitgevallen", "niet aangevraagd")
#: How much the evidence behind a parameter carries.
EVIDENCE: tuple[str, ...] = ("stevig", "beperkt", "dun")
_STATUSES: tuple[str, ...] = ("bron", "afgeleid", "illustratief")
#: Most counters a household can meet: a household visits at most one counter per question.
_MAX_STEPS = int(_QUESTIONS.high)

DATA_FILE = resources.files("modules") / "data" / "inclusie.toml"


# ------------------------------------------------------------------ data: groups and parameters


@dataclass(frozen=True)
class Parameter:
    """One figure that drives a simulation, with its source and how strong the evidence is.

    Parameters
    ----------
    key : str
        Name in the data file.
    waarde : float
        The figure, in ``eenheid``.
    eenheid, omschrijving : str
        Dutch unit and description, for the table on the pages.
    bron : str
        Key in ``book/references.bib``; empty for a course assumption.
    status : str
        ``"bron"`` (the figure is in the source), ``"afgeleid"`` (computed from it) or
        ``"illustratief"`` (a course assumption).
    bewijs : str
        One of :data:`EVIDENCE`.
    toelichting : str
        Why this value, what the source does and does not say.

    Raises
    ------
    ValueError
        If the value is not a finite number, the status or evidence is unknown, or a
        figure marked ``bron`` or ``afgeleid`` has no source.

    Examples
    --------
    >>> PARAMETERS["niet_gebruik"].waarde, PARAMETERS["niet_gebruik"].status
    (0.35, 'bron')
    """

    key: str
    waarde: float
    eenheid: str
    omschrijving: str
    bron: str
    status: str
    bewijs: str
    toelichting: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "waarde", check_number("waarde", self.waarde))
        if self.status not in _STATUSES:
            raise InvalidInput("status", f"'status' moet een van {', '.join(_STATUSES)} zijn; "
                                         f"ontvangen: {format_value(self.status)}.")
        if self.bewijs not in EVIDENCE:
            raise InvalidInput("bewijs", f"'bewijs' moet een van {', '.join(EVIDENCE)} zijn; "
                                         f"ontvangen: {format_value(self.bewijs)}.")
        if self.status != "illustratief" and not self.bron.strip():
            raise InvalidInput("bron", f"'bron' ontbreekt: een figuur met status '{self.status}' "
                                       "heeft een bron (een sleutel in book/references.bib).")
        if not self.toelichting.strip():
            raise InvalidInput("toelichting", "'toelichting' mag niet leeg zijn: zeg waarom deze waarde.")


@dataclass(frozen=True)
class Group:
    """A group of households entitled to support.

    Parameters
    ----------
    key : str
        Name in the data file.
    naam, beschrijving : str
        Dutch name and one sentence on who they are.
    aandeel : float
        Share of the simulated households, in [0, 1]; the groups' shares add up to 1.
    vragen : int
        Life domains with a question, in [1, 4].
    doenvermogen : float
        Capacity to act under stress, in [0, 1].
    niet_gebruik : float
        Weight of the group's non-take-up relative to the others, in [0, 5].

    Examples
    --------
    >>> GROUPS["lvb"].vragen, GROUPS["lvb"].doenvermogen
    (3, 0.3)
    """

    key: str
    naam: str
    beschrijving: str
    aandeel: float
    vragen: int
    doenvermogen: float
    niet_gebruik: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "aandeel", check_number("aandeel", self.aandeel, SHARE))
        object.__setattr__(self, "vragen", check_integer("vragen", self.vragen, _QUESTIONS))
        object.__setattr__(self, "doenvermogen", check_number("doenvermogen", self.doenvermogen, SHARE))
        object.__setattr__(self, "niet_gebruik",
                           check_number("niet_gebruik", self.niet_gebruik, Interval(0, 5, unit="(gewicht)")))


def _load(path=DATA_FILE) -> tuple[dict[str, Group], dict[str, Parameter], dict[str, Parameter]]:
    """Groups, pathway parameters and circle parameters from the data file, checked."""
    data = read_toml(path, "groepen en parameters")
    sections = ("groepen", "parameters", "buurtcirkel")
    check_fields(str(path), data, sections, sections)
    groups = {key: from_table(Group, {"key": key, **table} if isinstance(table, dict) else table,
                              f"{path}, groep '{key}'")
              for key, table in data["groepen"].items()}
    if not groups:
        raise ValueError(f"{path}: er is geen enkele groep.")
    total = sum(g.aandeel for g in groups.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ValueError(f"{path}: de aandelen van de groepen tellen op tot {format_value(total)}, niet tot 1.")
    loaded = [{key: from_table(Parameter, {"key": key, **table} if isinstance(table, dict) else table,
                               f"{path}, {section} '{key}'")
               for key, table in data[section].items()}
              for section in ("parameters", "buurtcirkel")]
    return groups, loaded[0], loaded[1]


GROUPS, PARAMETERS, CIRCLE_PARAMETERS = _load()
_PATHWAY_KEYS = ("niet_gebruik", "uitval_per_overdracht", "uitval_per_week_wachten", "effect_doenvermogen",
                 "warme_overdracht", "contact_tijdens_wachten", "bereik_outreach",
                 "dubbele_vragen_per_intake", "spreiding_wachttijd", "spreiding_doenvermogen")
_CIRCLE_KEYS = ("onderlinge_hulp_max", "groei_per_jaar", "coachuren_half", "professionele_uren_start",
                "professionele_uren_vloer", "uurtarief_begeleiding", "uurtarief_coach",
                "vrijwilligersvergoeding", "opstartkosten")
for _keys, _loaded, _section in ((_PATHWAY_KEYS, PARAMETERS, "parameters"),
                                 (_CIRCLE_KEYS, CIRCLE_PARAMETERS, "buurtcirkel")):
    check_fields(f"{DATA_FILE}, [{_section}]", _loaded, _keys, _keys)


def parameter_table(section: str = "parameters") -> pd.DataFrame:
    """The parameters of a simulation as a Dutch table for the pages: value, source, evidence.

    Parameters
    ----------
    section : {"parameters", "buurtcirkel"}
        The pathway simulation's parameters or the circle's.

    Returns
    -------
    pandas.DataFrame
        Indexed by key; columns ``omschrijving``, ``waarde``, ``eenheid``, ``bron`` (empty
        for a course assumption), ``status``, ``bewijs`` and ``toelichting``.

    Raises
    ------
    ValueError
        If ``section`` is neither.

    Examples
    --------
    >>> row = parameter_table().loc["niet_gebruik"]
    >>> float(row["waarde"]), row["bron"]
    (0.35, 'inspectie-szw-2021-niet-gebruik-bijstand')
    """
    tables = {"parameters": PARAMETERS, "buurtcirkel": CIRCLE_PARAMETERS}
    if section not in tables:
        raise InvalidInput("section", f"'section' moet 'parameters' of 'buurtcirkel' zijn; "
                                      f"ontvangen: {format_value(section)}.")
    columns = ["omschrijving", "waarde", "eenheid", "bron", "status", "bewijs", "toelichting"]
    frame = pd.DataFrame([{c: getattr(p, c) for c in columns} for p in tables[section].values()],
                         index=list(tables[section]), columns=columns)
    frame.index.name = "parameter"
    return frame


def non_take_up_rates(groups: Mapping[str, Group] | None = None, average: float | None = None) -> pd.Series:
    """Non-take-up per group: the groups' weights scaled so that their average is the source's figure.

    Parameters
    ----------
    groups : mapping of str to Group, optional
        Default :data:`GROUPS`.
    average : float, optional
        The share of entitled households that does not apply, in [0, 1]; default the
        sourced ``niet_gebruik``.

    Returns
    -------
    pandas.Series
        Per group key, the share that never applies, in [0, 1]. Weighted by the groups'
        shares, it averages to ``average`` unless a group would pass 1 (then it is cut at 1).

    Examples
    --------
    >>> rates = non_take_up_rates()
    >>> round(float((rates * pd.Series({k: g.aandeel for k, g in GROUPS.items()})).sum()), 4)
    0.35
    >>> rates.idxmax()
    'zzp'
    """
    found = _check_groups(groups)
    mean = PARAMETERS["niet_gebruik"].waarde if average is None else check_number("average", average, SHARE)
    weight = sum(g.aandeel * g.niet_gebruik for g in found.values())
    if weight == 0:
        return pd.Series({k: 0.0 for k in found}, name="niet_gebruik")
    return pd.Series({k: min(1.0, mean * g.niet_gebruik / weight) for k, g in found.items()}, name="niet_gebruik")


def _check_groups(groups: Mapping[str, Group] | None) -> dict[str, Group]:
    if groups is None:
        return GROUPS
    if not isinstance(groups, Mapping) or not groups or not all(isinstance(g, Group) for g in groups.values()):
        raise InvalidType("groups", "'groups' moet een niet-lege verzameling groepen (Group) zijn; "
                                    f"ontvangen: {format_value(groups)}.")
    total = sum(g.aandeel for g in groups.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise InvalidInput("groups", f"'groups': de aandelen tellen op tot {format_value(total)}, niet tot 1.")
    return dict(groups)


# ------------------------------------------------------------------ pathways


@dataclass(frozen=True)
class Support:
    """How a gemeente organises support: counters, a coordinator, waiting and outreach.

    Parameters
    ----------
    loketten : int, default 3
        Separate counters a household with several questions meets, in [1, 6]; each has
        its own intake and waiting list. A household visits ``min(questions, loketten)``.
    coordinator : bool, default False
        One plan with one coordinator: one intake, after which the coordinator refers
        warmly and in parallel, and keeps contact while the household waits.
    wachttijd : float, default 28
        Mean waiting time per counter before its intake, in days, in [0, 180].
    outreach : float, default 0
        Share of the households that did not apply that outreach reaches, in [0, 1].

    Raises
    ------
    TypeError, ValueError
        If a value is of the wrong type or out of range.

    Examples
    --------
    >>> Support(loketten=1, coordinator=True).loketten
    1
    """

    loketten: int = 3
    coordinator: bool = False
    wachttijd: float = 28.0
    outreach: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "loketten", check_integer("loketten", self.loketten, COUNTERS))
        object.__setattr__(self, "coordinator", check_bool("coordinator", self.coordinator))
        object.__setattr__(self, "wachttijd", check_number("wachttijd", self.wachttijd, WAITING_DAYS))
        object.__setattr__(self, "outreach", check_number("outreach", self.outreach, SHARE))


def _value(key: str) -> float:
    return PARAMETERS[key].waarde


def dropout_risk(doenvermogen: float, overdrachten: int, wachtweken: float, coordinator: bool = False) -> float:
    """The chance that one household drops out: referrals and weeks of waiting, by doenvermogen.

    Every referral and every week of waiting is a chance to drop out; less doenvermogen
    makes each chance larger by the factor ``1 + effect_doenvermogen * (1 - doenvermogen)``.
    With a coordinator, referrals are warm and the coordinator keeps contact while the
    household waits (both lower the chance, by factors that are course assumptions).

    Parameters
    ----------
    doenvermogen : float
        Capacity to act under stress, in [0, 1].
    overdrachten : int
        Referrals from one counter to the next, in [0, 3].
    wachtweken : float
        Weeks of waiting in all, in [0, 120].
    coordinator : bool, default False
        One plan with one coordinator.

    Returns
    -------
    float
        The chance to drop out before help, in [0, 1). It never falls when referrals or
        waiting grow, or when doenvermogen falls.

    Raises
    ------
    TypeError, ValueError
        If a value is of the wrong type or out of range.

    Examples
    --------
    >>> round(dropout_risk(1.0, 0, 0.0), 3)
    0.0
    >>> dropout_risk(0.3, 2, 8.0) > dropout_risk(0.8, 2, 8.0)
    True
    """
    d = check_number("doenvermogen", doenvermogen, SHARE)
    k = check_integer("overdrachten", overdrachten, Interval(0, _MAX_STEPS - 1, unit="overdrachten"))
    weeks = check_number("wachtweken", wachtweken, Interval(0, 120, unit="weken"))
    hand, wait = _step_chances(np.array([d]), check_bool("coordinator", coordinator))
    stay = (1.0 - hand[0]) ** k * (1.0 - wait[0]) ** weeks
    return float(1.0 - stay)


def _step_chances(doenvermogen: np.ndarray, coordinator: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per household: the chance to drop out at one referral, and in one week of waiting."""
    multiplier = 1.0 + _value("effect_doenvermogen") * (1.0 - doenvermogen)
    hand = _value("uitval_per_overdracht") * (_value("warme_overdracht") if coordinator else 1.0)
    week = _value("uitval_per_week_wachten") * (_value("contact_tijdens_wachten") if coordinator else 1.0)
    # The chance per step grows with the multiplier as a hazard would (never above 1).
    return 1.0 - (1.0 - hand) ** multiplier, 1.0 - (1.0 - week) ** multiplier


def _group_counts(groups: Mapping[str, Group], households: int) -> dict[str, int]:
    """Households per group by largest remainder, so the counts add up exactly."""
    exact = {k: g.aandeel * households for k, g in groups.items()}
    counts = {k: int(math.floor(v)) for k, v in exact.items()}
    left = households - sum(counts.values())
    for key in sorted(exact, key=lambda k: (counts[k] - exact[k], list(groups).index(k)))[:left]:
        counts[key] += 1
    return counts


def simulate_pathways(support: Support, households: int = 1_000, seed: int = 0,
                      groups: Mapping[str, Group] | None = None) -> pd.DataFrame:
    """Follow every household from entitlement to help, drop-out or no application.

    Parameters
    ----------
    support : Support
        How support is organised.
    households : int, default 1000
        Households in the run, in [10, 100,000]; split over the groups by their shares.
    seed : int, default 0
        Seed of the random draws, in [0, 2**32 - 1]: the same seed gives the same table.
    groups : mapping of str to Group, optional
        Default :data:`GROUPS`.

    Returns
    -------
    pandas.DataFrame
        One row per household: ``groep`` (key), ``doenvermogen``, ``vragen``,
        ``aangevraagd`` (bool), ``bereikt_door_outreach`` (bool), ``loketten`` (counters it
        needs), ``intakes`` (intakes it went through), ``overdrachten`` (referrals it
        went through), ``dubbele_vragen`` (questions it answered again),
        ``wachtdagen`` (days it waited in all), ``uitgevallen`` and ``geholpen`` (bool),
        ``dagen_tot_hulp`` (days from application to help; NaN unless helped) and
        ``uitkomst`` (one of :data:`OUTCOMES`).

    Raises
    ------
    TypeError, ValueError
        If an argument is of the wrong type or out of range.

    Examples
    --------
    >>> table = simulate_pathways(Support(), households=200, seed=1)
    >>> len(table), bool(table["uitkomst"].isin(OUTCOMES).all())
    (200, True)
    >>> table.equals(simulate_pathways(Support(), households=200, seed=1))
    True
    """
    s = check_instance("support", support, Support)
    n = check_integer("households", households, HOUSEHOLDS)
    check_integer("seed", seed, Interval(0, 2**32 - 1, unit=""))
    found = _check_groups(groups)
    keys, codes, p = _pathways(s, n, seed, found)
    intakes = p["intakes"]
    outcome = np.where(~p["applied"], OUTCOMES[2], np.where(p["dropped"], OUTCOMES[1], OUTCOMES[0]))
    return pd.DataFrame({
        "groep": np.array(keys)[codes],
        "doenvermogen": p["doenvermogen"],
        "vragen": p["questions"],
        "aangevraagd": p["applied"],
        "bereikt_door_outreach": p["reached"],
        "loketten": p["counters"],
        "intakes": intakes,
        "overdrachten": p["referrals"],
        "dubbele_vragen": p["again"],
        "wachtdagen": p["waited"],
        "uitgevallen": p["dropped"],
        "geholpen": p["helped"],
        "dagen_tot_hulp": np.where(p["helped"], p["waited"], np.nan),
        "uitkomst": outcome,
    })


def _pathways(s: Support, n: int, seed: int, found: Mapping[str, Group]) -> tuple[list[str], np.ndarray, dict]:
    """The simulation itself, on checked input: group keys, each household's group code, arrays.

    Kept apart from :func:`simulate_pathways` so that :func:`pathway_bands` can run it many
    times without building a DataFrame per run (the widget redraws the band while a slider
    moves).
    """
    rng = np.random.default_rng(seed)
    counts = _group_counts(found, n)
    keys = list(found)
    codes = np.repeat(np.arange(len(keys)), [counts[k] for k in keys])
    group_d = np.array([found[k].doenvermogen for k in keys])[codes]
    questions = np.array([found[k].vragen for k in keys])[codes]
    rates = non_take_up_rates(found)
    not_applying = np.array([rates[k] for k in keys])[codes]

    # Every draw is made for every household and every possible step, whatever the
    # organisation: the same seed then compares organisations on the same households.
    d = np.clip(group_d + rng.normal(0.0, _value("spreiding_doenvermogen"), n), 0.0, 1.0)
    u_apply, u_reach, u_outreach = rng.random(n), rng.random(n), rng.random(n)
    shape = _value("spreiding_wachttijd")
    wait_factor = rng.gamma(shape, 1.0 / shape, (n, _MAX_STEPS))
    u_hand, u_wait = rng.random((n, _MAX_STEPS)), rng.random((n, _MAX_STEPS))

    reached = (u_apply < not_applying) & (u_reach < s.outreach)
    applied = (u_apply >= not_applying) | (reached & (u_outreach < _value("bereik_outreach")))
    counters = np.minimum(questions, s.loketten)
    hand, week = _step_chances(d, s.coordinator)

    # The weeks a household waits before each step. Without a coordinator it visits the
    # counters one after another. With one, step 0 is the plan's intake, and the other
    # counters are reached in parallel after it: the household waits once more, as long as
    # the longest of those waits (booked on step 1).
    needed = np.arange(_MAX_STEPS)[None, :] < counters[:, None]
    days = np.where(needed, s.wachttijd * wait_factor, 0.0)
    if s.coordinator:
        days = np.column_stack([days[:, 0], days[:, 1:].max(axis=1), np.zeros((n, _MAX_STEPS - 2))])

    # Step by step: a household sent on to step j > 0 may be lost at the referral, then
    # while it waits for step j's intake. A lost household goes no further.
    active = applied.copy()
    steps_done = np.zeros(n, dtype=int)
    waited = np.zeros(n)
    for j in range(_MAX_STEPS):
        at_step = active & needed[:, j]
        lost = at_step & (((j > 0) & (u_hand[:, j] < hand)) | (u_wait[:, j] >= (1.0 - week) ** (days[:, j] / 7.0)))
        done = at_step & ~lost
        waited += np.where(done, days[:, j], 0.0)
        steps_done += done
        active &= ~lost
    dropped = applied & ~active
    helped = applied & active
    intakes = np.minimum(steps_done, 1) if s.coordinator else steps_done
    # Referrals met: one into every step after the first that the household reached or was lost at.
    referrals = np.where(dropped, steps_done, np.maximum(counters - 1, 0)) * applied
    return keys, codes, {
        "doenvermogen": d, "questions": questions, "applied": applied, "reached": reached,
        "counters": counters, "intakes": intakes, "referrals": referrals,
        "again": np.maximum(intakes - 1, 0) * _value("dubbele_vragen_per_intake"),
        "waited": waited, "dropped": dropped, "helped": helped,
    }


#: The figures :func:`summarise_pathways` gives per group, with their Dutch labels.
PATHWAY_MEASURES: dict[str, str] = {
    "niet_aangevraagd": "Niet aangevraagd (aandeel van alle huishoudens)",
    "intakes": "Intakes per aanvrager",
    "dubbele_vragen": "Dubbel gestelde vragen per aanvrager",
    "dagen_tot_hulp": "Dagen tot hulp (mediaan van wie geholpen is)",
    "uitval": "Uitval (aandeel van de aanvragers)",
    "geholpen": "Geholpen (aandeel van alle huishoudens)",
}
_TABLE_COLUMNS = ("groep", "aangevraagd", "intakes", "dubbele_vragen", "uitgevallen", "geholpen", "dagen_tot_hulp")


def _check_frame(name: str, table: object, columns: Iterable[str]) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise InvalidType(name, f"'{name}' moet een pandas DataFrame zijn; ontvangen: {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InvalidInput(name, f"'{name}' mist de kolom '{missing[0]}'; nodig zijn: {', '.join(columns)}.")
    if table.empty:
        raise InvalidInput(name, f"'{name}' is leeg: er is geen enkele regel om te tellen.")
    return table


def summarise_pathways(table: pd.DataFrame) -> pd.DataFrame:
    """Per group: households, non-take-up, intakes, questions asked twice, days to help, drop-out.

    Parameters
    ----------
    table : pandas.DataFrame
        A table of :func:`simulate_pathways`.

    Returns
    -------
    pandas.DataFrame
        Indexed by group key (in the order the groups first appear), with ``huishoudens``
        and the columns of :data:`PATHWAY_MEASURES`. Intakes and questions asked twice are
        means over the households that applied; days to help is the median over the
        households helped (NaN if none was); drop-out is a share of those that applied.
        A row ``totaal`` gives the same over all households.

    Raises
    ------
    TypeError, ValueError
        If ``table`` is not a DataFrame with the columns of a pathway table, or is empty.

    Examples
    --------
    >>> summary = summarise_pathways(simulate_pathways(Support(), households=500))
    >>> list(summary.columns)[:3]
    ['huishoudens', 'niet_aangevraagd', 'intakes']
    >>> int(summary.loc["totaal", "huishoudens"])
    500
    """
    t = _check_frame("table", table, _TABLE_COLUMNS)
    codes, keys = pd.factorize(t["groep"], sort=False)
    matrix = _summary_matrix(
        codes, len(keys), t["aangevraagd"].to_numpy(dtype=bool), t["geholpen"].to_numpy(dtype=bool),
        t["uitgevallen"].to_numpy(dtype=bool), t["intakes"].to_numpy(dtype=float),
        t["dubbele_vragen"].to_numpy(dtype=float), t["dagen_tot_hulp"].to_numpy(dtype=float))
    result = pd.DataFrame(matrix, columns=["huishoudens", *PATHWAY_MEASURES],
                          index=pd.Index([*keys, "totaal"], name="groep"))
    result["huishoudens"] = result["huishoudens"].astype(int)
    return result


def _summary_matrix(codes: np.ndarray, groups: int, applied: np.ndarray, helped: np.ndarray,
                    dropped: np.ndarray, intakes: np.ndarray, again: np.ndarray,
                    days: np.ndarray) -> np.ndarray:
    """Rows: the groups, then all households; columns: households and :data:`PATHWAY_MEASURES`."""

    def per_group(values: np.ndarray) -> np.ndarray:
        # Sums per group with the total appended: numpy, because a pandas groupby per
        # measure made the widget's uncertainty band too slow to redraw while dragging.
        return np.append(np.bincount(codes, weights=values, minlength=groups), values.sum())

    households = per_group(np.ones(len(codes)))
    applicants = per_group(applied.astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        known = np.where(applicants > 0, applicants, np.nan)
        medians = [float(np.median(days[(codes == g) & helped])) if ((codes == g) & helped).any() else math.nan
                   for g in range(groups)]
        medians.append(float(np.median(days[helped])) if helped.any() else math.nan)
        measures = {
            "niet_aangevraagd": 1.0 - applicants / households,
            "intakes": per_group(np.where(applied, intakes, 0.0)) / known,
            "dubbele_vragen": per_group(np.where(applied, again, 0.0)) / known,
            "dagen_tot_hulp": np.array(medians),
            "uitval": per_group((dropped & applied).astype(float)) / known,
            "geholpen": per_group(helped.astype(float)) / households,
        }
    return np.column_stack([households, *(measures[m] for m in PATHWAY_MEASURES)])


def pathway_bands(support: Support, households: int = 1_000, runs: int = 20, seed: int = 0,
                  groups: Mapping[str, Group] | None = None) -> pd.DataFrame:
    """Each group's figures over many runs: the mean and a band from the 5th to the 95th percentile.

    Parameters
    ----------
    support : Support
        How support is organised.
    households : int, default 1000
        Households per run, in [10, 100,000].
    runs : int, default 20
        Runs, each with its own seed (``seed``, ``seed + 1``, ...), in [2, 500].
    seed : int, default 0
        The first seed.
    groups : mapping of str to Group, optional
        Default :data:`GROUPS`.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per group (and ``totaal``) and measure of
        :data:`PATHWAY_MEASURES`: columns ``groep``, ``maat``, ``gemiddelde``, ``laag`` and
        ``hoog``. The band shows how much a figure moves by chance alone, at this size.

    Raises
    ------
    TypeError, ValueError
        If an argument is of the wrong type or out of range.

    Examples
    --------
    >>> bands = pathway_bands(Support(), households=200, runs=5)
    >>> row = bands.query("groep == 'totaal' and maat == 'uitval'").iloc[0]
    >>> bool(row.laag <= row.gemiddelde <= row.hoog)
    True
    """
    count = check_integer("runs", runs, RUNS)
    first = check_integer("seed", seed, Interval(0, 2**32 - 1 - count, unit=""))
    s = check_instance("support", support, Support)
    n = check_integer("households", households, HOUSEHOLDS)
    found = _check_groups(groups)
    runs_ = []
    for r in range(count):
        keys, codes, p = _pathways(s, n, first + r, found)
        runs_.append(_summary_matrix(codes, len(keys), p["applied"], p["helped"], p["dropped"],
                                     p["intakes"].astype(float), p["again"], np.where(p["helped"], p["waited"], np.nan)))
    measures = list(PATHWAY_MEASURES)
    stacked = np.stack(runs_)[:, :, 1:]  # run, group, measure (without the household count)
    with warnings.catch_warnings():
        # A group nobody in a run applied for has no drop-out: NaN, left out of its band.
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(stacked, axis=0)
        low, high = np.nanpercentile(stacked, [5, 95], axis=0)
    groups_index = pd.Index([*keys, "totaal"])
    return pd.DataFrame({
        "groep": np.repeat(groups_index.to_numpy(dtype=object), len(measures)).astype(str),
        "maat": measures * len(groups_index),
        "gemiddelde": mean.ravel(),
        "laag": low.ravel(),
        "hoog": high.ravel(),
    })


def non_take_up_profile(table: pd.DataFrame, groups: Mapping[str, Group] | None = None) -> pd.DataFrame:
    """Who never applied: each group's share of the households and of the non-users.

    Parameters
    ----------
    table : pandas.DataFrame
        A table of :func:`simulate_pathways`.
    groups : mapping of str to Group, optional
        For the Dutch names; default :data:`GROUPS`.

    Returns
    -------
    pandas.DataFrame
        Indexed by group key: ``naam``, ``huishoudens``, ``niet_aangevraagd`` (count),
        ``aandeel_huishoudens`` and ``aandeel_niet_gebruikers`` (shares of all households
        and of all non-users), ``niet_gebruik`` (the group's own non-take-up rate) and
        ``bereikt_door_outreach`` (count). A group over-represented among non-users has a
        larger share of the non-users than of the households.

    Raises
    ------
    TypeError, ValueError
        If ``table`` is not a pathway table.

    Examples
    --------
    >>> profile = non_take_up_profile(simulate_pathways(Support(), households=2_000))
    >>> bool(profile.loc["zzp", "aandeel_niet_gebruikers"] > profile.loc["zzp", "aandeel_huishoudens"])
    True
    """
    t = _check_frame("table", table, ("groep", "aangevraagd", "bereikt_door_outreach"))
    found = _check_groups(groups)
    non_users = ~t["aangevraagd"].astype(bool)
    per_group = t.assign(niet=non_users).groupby("groep", sort=False)
    frame = pd.DataFrame({
        "huishoudens": per_group.size(),
        "niet_aangevraagd": per_group["niet"].sum(),
        "bereikt_door_outreach": per_group["bereikt_door_outreach"].sum(),
    })
    frame.insert(0, "naam", [found[k].naam if k in found else k for k in frame.index])
    frame["aandeel_huishoudens"] = frame["huishoudens"] / len(t)
    total_non = max(int(non_users.sum()), 1)
    frame["aandeel_niet_gebruikers"] = frame["niet_aangevraagd"] / total_non
    frame["niet_gebruik"] = frame["niet_aangevraagd"] / frame["huishoudens"]
    frame.index.name = "groep"
    return frame


# ------------------------------------------------------------------ the circle


@dataclass(frozen=True)
class Circle:
    """A mutual-support circle: participants, a volunteer, a professional coach, for some years.

    Parameters
    ----------
    deelnemers : int, default 10
        Participants with a support question, in [4, 16] (a Buurtcirkel has about 8 to 12).
    coachuren : float, default 4
        Hours of the professional coach per week for the whole circle, in [0, 20].
    vrijwilligers : int, default 1
        Volunteers, in [0, 3].
    jaren : int, default 5
        Years of the scenario, in [1, 10].

    Raises
    ------
    TypeError, ValueError
        If a value is of the wrong type or out of range.

    Examples
    --------
    >>> Circle(deelnemers=12, coachuren=6).jaren
    5
    """

    deelnemers: int = 10
    coachuren: float = 4.0
    vrijwilligers: int = 1
    jaren: int = 5

    def __post_init__(self) -> None:
        object.__setattr__(self, "deelnemers", check_integer("deelnemers", self.deelnemers, PARTICIPANTS))
        object.__setattr__(self, "coachuren", check_number("coachuren", self.coachuren, COACH_HOURS))
        object.__setattr__(self, "vrijwilligers", check_integer("vrijwilligers", self.vrijwilligers, VOLUNTEERS))
        object.__setattr__(self, "jaren", check_integer("jaren", self.jaren, CIRCLE_YEARS))


def _circle(key: str) -> float:
    return CIRCLE_PARAMETERS[key].waarde


def circle_years(circle: Circle) -> pd.DataFrame:
    """Year by year: help between participants grows, professional hours fall towards a floor.

    The help between participants grows towards its maximum as ``1 - exp(-g * t)``, where
    the growth ``g`` rises with the coach hours per participant, with diminishing returns;
    without a coach no circle forms. Professional hours fall in step with that help, but
    never below the floor: crises, assessments and specialist questions remain. Every
    figure is a course assumption (:func:`parameter_table` ``"buurtcirkel"``): a scenario,
    not a forecast.

    Parameters
    ----------
    circle : Circle
        The circle.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``jaar`` (0 to the circle's years; year 0 is before the circle starts):
        ``onderlinge_hulp`` (hours per week, all participants together),
        ``professionele_uren`` (hours per week, all participants together),
        ``professionele_uren_per_deelnemer`` and ``coachuren`` (hours per week).

    Raises
    ------
    TypeError
        If ``circle`` is not a :class:`Circle`.

    Examples
    --------
    >>> years = circle_years(Circle())
    >>> bool(years["onderlinge_hulp"].is_monotonic_increasing)
    True
    >>> bool((years["professionele_uren_per_deelnemer"] >= 0.75).all())
    True
    """
    c = check_instance("circle", circle, Circle)
    per_participant = c.coachuren / c.deelnemers
    half = _circle("coachuren_half")
    growth = _circle("groei_per_jaar") * 2.0 * per_participant / (per_participant + half)
    years = np.arange(c.jaren + 1)
    reached = 1.0 - np.exp(-growth * years)  # share of the maximum help, 0 in year 0
    start, floor = _circle("professionele_uren_start"), _circle("professionele_uren_vloer")
    professional = start - (start - floor) * reached
    frame = pd.DataFrame({
        "onderlinge_hulp": c.deelnemers * _circle("onderlinge_hulp_max") * reached,
        "professionele_uren": c.deelnemers * professional,
        "professionele_uren_per_deelnemer": professional,
        "coachuren": np.where(years > 0, c.coachuren, 0.0),
    }, index=pd.Index(years, name="jaar"))
    return frame


def circle_case(circle: Circle) -> Case:
    """The circle as a case of the shared model: who pays for the coach, who saves on support.

    Costs: start-up (year 0) and the coach (gemeente), the volunteers' allowance (from the
    gemeente to the volunteer: a transfer, nothing for society as a whole). Benefit: the
    professional support hours the circle saves compared with year 0 (gemeente, Wmo). Not
    valued in euro (pro memorie): the participants' help to each other, their wellbeing and
    network, the volunteers' time. Amounts in prices of 2025.

    Parameters
    ----------
    circle : Circle
        The circle.

    Returns
    -------
    modules.cases.Case
        Key ``"buurtcirkel"``, horizon the circle's years; every item's source names the
        assumption (:func:`parameter_table` ``"buurtcirkel"``).

    Raises
    ------
    TypeError
        If ``circle`` is not a :class:`Circle`.

    Examples
    --------
    >>> case = circle_case(Circle(jaren=3))
    >>> case.horizon, sorted({item.actor for item in case.items})
    (3, ['gemeente', 'inwoner'])
    """
    c = check_instance("circle", circle, Circle)
    years = circle_years(c)
    saved = (years["professionele_uren"].iloc[0] - years["professionele_uren"]) * 52 * _circle("uurtarief_begeleiding")
    first = saved.iloc[1] if c.jaren >= 1 and saved.iloc[1] > 0 else 1.0
    profile = tuple(float(v / first) for v in saved.iloc[1:]) if saved.iloc[1] > 0 else (0.0,)

    def note(key: str) -> str:
        p = CIRCLE_PARAMETERS[key]
        return p.bron if p.bron else f"aanname: {p.omschrijving.lower()} ({format_value(p.waarde)} {p.eenheid})"

    items = [
        Item("Opstart: werving en training", "gemeente", -_circle("opstartkosten"), 0, 0, source=note("opstartkosten")),
        Item("Coach van de cirkel", "gemeente", -c.coachuren * 52 * _circle("uurtarief_coach"), 1, None,
             source=note("uurtarief_coach")),
        Item("Bespaarde individuele begeleiding (Wmo)", "gemeente", float(first if saved.iloc[1] > 0 else 0.0),
             1, None, effect=True, low=0.5, high=1.5, profile=profile, source=note("uurtarief_begeleiding")),
    ]
    if c.vrijwilligers:
        items.append(Item("Vrijwilligersvergoeding", "inwoner", c.vrijwilligers * _circle("vrijwilligersvergoeding"),
                          1, None, counterpart="gemeente", source=note("vrijwilligersvergoeding")))
    return Case(
        key="buurtcirkel",
        title="Buurtcirkel",
        description=(f"Een cirkel van {c.deelnemers} deelnemers met {c.vrijwilligers} vrijwilliger(s) en "
                     f"{format_value(c.coachuren)} coachuur per week, {c.jaren} jaar lang."),
        items=tuple(items),
        horizon=c.jaren,
        price_year=facts.PRICE_YEAR,
        pro_memorie=("Hulp van deelnemers aan elkaar", "Welzijn en netwerk van de deelnemers",
                     "Tijd van de vrijwilligers"),
    )


def circle_who_pays(circle: Circle, rate: float = DISCOUNT_RATE) -> pd.DataFrame:
    """Present value of costs, benefits and balance per actor of the circle's case.

    Parameters
    ----------
    circle : Circle
        The circle.
    rate : float, default DISCOUNT_RATE
        Real discount rate as a decimal per year, in (-1, 1].

    Returns
    -------
    pandas.DataFrame
        As :func:`modules.cases.actor_summary`: indexed by actor, ``kosten``, ``baten``
        and ``saldo`` in euro (prices of 2025).

    Examples
    --------
    >>> summary = circle_who_pays(Circle(vrijwilligers=0), rate=0.0)
    >>> list(summary.index)
    ['gemeente']
    """
    return actor_summary(case_table(circle_case(circle)), rate)


# ------------------------------------------------------------------ fairness helpers


def _check_column(table: pd.DataFrame, name: str, column: object) -> str:
    if not isinstance(column, str) or column not in table.columns:
        raise InvalidInput(name, f"'{name}' moet een kolom van de tabel zijn ({', '.join(map(str, table.columns))}); "
                                 f"ontvangen: {format_value(column)}.")
    return column


def _check_outcome(table: object, outcome: object, group: object) -> tuple[pd.DataFrame, str, str]:
    t = _check_frame("table", table, ())
    out = _check_column(t, "outcome", outcome)
    grp = _check_column(t, "group", group)
    values = t[out]
    if values.isna().any():
        raise InvalidInput("outcome", f"'outcome': de kolom '{out}' heeft lege waarden; vul ze in of laat die regels weg.")
    if not (pd.api.types.is_bool_dtype(values) or set(pd.unique(values)) <= {0, 1}):
        raise InvalidInput("outcome", f"'outcome': de kolom '{out}' moet ja/nee zijn (True/False of 1/0).")
    if t[grp].isna().any():
        raise InvalidInput("group", f"'group': de kolom '{grp}' heeft lege waarden; elke regel hoort bij een groep.")
    return t, out, grp


def rates_by_group(table: pd.DataFrame, outcome: str, group: str = "groep") -> pd.DataFrame:
    """How often an outcome occurs per group: count, number with the outcome and the rate.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per household (or person).
    outcome : str
        A yes/no column (True/False or 1/0), e.g. ``"uitgevallen"``.
    group : str, default "groep"
        The column with the group.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted): ``aantal`` (rows), ``met_uitkomst`` and ``aandeel``
        (a fraction).

    Raises
    ------
    TypeError, ValueError
        If ``table`` is not a non-empty DataFrame, a column does not exist, the outcome is
        not yes/no or has empty values, or a group is empty.

    Examples
    --------
    >>> t = pd.DataFrame({"groep": ["a", "a", "b", "b"], "uitgevallen": [True, False, True, True]})
    >>> rates_by_group(t, "uitgevallen")["aandeel"].to_dict()
    {'a': 0.5, 'b': 1.0}
    """
    t, out, grp = _check_outcome(table, outcome, group)
    per_group = t.groupby(grp)[out]
    frame = pd.DataFrame({"aantal": per_group.size(), "met_uitkomst": per_group.sum().astype(int)})
    frame["aandeel"] = frame["met_uitkomst"] / frame["aantal"]
    return frame


def rate_ratios(table: pd.DataFrame, outcome: str, group: str = "groep", reference: str | None = None) -> pd.Series:
    """Each group's rate of an outcome divided by the reference group's rate.

    For an outcome to avoid (drop-out, non-take-up) a ratio of 2 means: twice as often as
    in the reference group. Read it with the counts: a ratio between small groups moves a
    lot by chance.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per household.
    outcome : str
        A yes/no column.
    group : str, default "groep"
        The column with the group.
    reference : str, optional
        The group to compare with; default the group with the lowest rate.

    Returns
    -------
    pandas.Series
        Per group, its rate divided by the reference rate; 1 for the reference itself.
        If the reference rate is 0, a group with a positive rate gets infinity and a group
        with rate 0 gets 1.

    Raises
    ------
    TypeError, ValueError
        As :func:`rates_by_group`, or if ``reference`` is not one of the groups.

    Examples
    --------
    >>> t = pd.DataFrame({"groep": ["a", "a", "b", "b"], "uitgevallen": [True, False, True, True]})
    >>> rate_ratios(t, "uitgevallen").to_dict()
    {'a': 1.0, 'b': 2.0}
    """
    rates = rates_by_group(table, outcome, group)["aandeel"]
    if reference is None:
        ref = rates.idxmin()
    elif reference in rates.index:
        ref = reference
    else:
        raise InvalidInput("reference", f"'reference' moet een van de groepen zijn ({', '.join(map(str, rates.index))}); "
                                        f"ontvangen: {format_value(reference)}.")
    base = rates[ref]
    if base == 0:
        ratios = rates.map(lambda r: 1.0 if r == 0 else math.inf)
    else:
        ratios = rates / base
    ratios.name = "verhouding"
    return ratios


def days_gap(table: pd.DataFrame, days: str = "dagen_tot_hulp", group: str = "groep",
             statistic: str = "mediaan") -> pd.DataFrame:
    """Days to help per group, and how many days each group waits longer than the fastest.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per household.
    days : str, default "dagen_tot_hulp"
        A column of days (numbers, at least 0); empty values (a household not helped) are
        left out, and counted in ``zonder_dagen``.
    group : str, default "groep"
        The column with the group.
    statistic : {"mediaan", "gemiddelde"}
        Which middle to compare; the median is the default because a few very long
        waits pull the mean up.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted): ``dagen`` (the statistic), ``verschil`` (days more than
        the fastest group, 0 for that group), ``met_dagen`` and ``zonder_dagen`` (rows with
        and without a number of days). A group without any days gets NaN.

    Raises
    ------
    TypeError, ValueError
        If ``table`` is not a non-empty DataFrame, a column does not exist, the days are not
        numbers or are negative, a group is empty, or ``statistic`` is unknown.

    Examples
    --------
    >>> t = pd.DataFrame({"groep": ["a", "a", "b", "b"], "dagen_tot_hulp": [10.0, 20.0, 40.0, None]})
    >>> days_gap(t)[["dagen", "verschil"]].to_dict("index")
    {'a': {'dagen': 15.0, 'verschil': 0.0}, 'b': {'dagen': 40.0, 'verschil': 25.0}}
    """
    t = _check_frame("table", table, ())
    col = _check_column(t, "days", days)
    grp = _check_column(t, "group", group)
    if statistic not in ("mediaan", "gemiddelde"):
        raise InvalidInput("statistic", f"'statistic' moet 'mediaan' of 'gemiddelde' zijn; ontvangen: {format_value(statistic)}.")
    if not pd.api.types.is_numeric_dtype(t[col]) or pd.api.types.is_bool_dtype(t[col]):
        raise InvalidInput("days", f"'days': de kolom '{col}' moet getallen bevatten (dagen).")
    if (t[col].dropna() < 0).any() or np.isinf(t[col].dropna().to_numpy(dtype=float)).any():
        raise InvalidInput("days", f"'days': de kolom '{col}' mag geen negatieve of oneindige dagen bevatten.")
    if t[grp].isna().any():
        raise InvalidInput("group", f"'group': de kolom '{grp}' heeft lege waarden; elke regel hoort bij een groep.")
    per_group = t.groupby(grp)[col]
    middle = per_group.median() if statistic == "mediaan" else per_group.mean()
    frame = pd.DataFrame({"dagen": middle.astype(float)})
    frame["verschil"] = frame["dagen"] - frame["dagen"].min()
    frame["met_dagen"] = per_group.count()
    frame["zonder_dagen"] = per_group.size() - frame["met_dagen"]
    return frame
