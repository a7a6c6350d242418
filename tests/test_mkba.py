"""Specification of ``modules.mkba``: the MKBA module's preset cases and its namespace.

Read top to bottom, this file states what the MKBA module itself promises:

1. its namespace: ``modules.mkba`` re-exports the shared machinery unchanged, so the MKBA
   pages, widget and assignment can read ``mkba.case_npv`` and friends from one place;
2. its presets (``PRESETS``): every figure has a source in ``book/references.bib`` or
   says what was assumed; each preset is a consistent case with uncertainty and more
   than one actor; the society NPV equals a year-by-year sum by hand, the per-actor
   NPVs add up to it, and it is the mean of the declared uncertainty (Monte Carlo);
3. the stories the presets tell: the wrong pocket (the gemeente saves the bijstand, a
   transfer that adds nothing for society), and the school case's ages.

The shared machinery has its own specifications, on small cases built by hand:
``tests/test_discounting.py`` (present value, NPV, BCR, IRR), ``tests/test_cases.py``
(items, corrections, case tables, actors) and ``tests/test_uncertainty.py`` (tornado,
Monte Carlo).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modules import cases, discounting, mkba, uncertainty
from modules.cases import ACTORS, HORIZON, case_npv, case_table, npv_by_actor, yearly_flows
from modules.discounting import DISCOUNT_RATE
from modules.mkba import PRESETS
from modules.uncertainty import monte_carlo
from tests.strategies import case_npv_by_hand, with_items

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"


# --------------------------------------------------------------------------------------
# 1. The namespace
# --------------------------------------------------------------------------------------

SHARED = [
    pytest.param(module, name, id=f"{module.__name__.rsplit('.', 1)[-1]}.{name}")
    for module in (discounting, cases, uncertainty) for name in module.__all__
]


@pytest.mark.parametrize(("module", "name"), SHARED)
def test_mkba_reexports_the_shared_api_unchanged(module, name):
    assert name in mkba.__all__
    assert getattr(mkba, name) is getattr(module, name)


def test_mkba_adds_only_its_own_names_to_the_shared_api():
    shared = {name for module in (discounting, cases, uncertainty) for name in module.__all__}
    own = set(mkba.__all__) - shared
    assert own == {"PRESETS", "HOURS_PER_WEEK", "AUTO_AGE", "SCHOOL_START_AGE", "school_age_table",
                   "AUTO_LOST_ALLOWANCES", "AUTO_CAR_COSTS", "auto_net_gain"}
    assert len(mkba.__all__) == len(set(mkba.__all__))  # no name twice


# --------------------------------------------------------------------------------------
# 2. Presets and their sources
# --------------------------------------------------------------------------------------


def read_bib_keys() -> set[str]:
    text = BIB.read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE))


def test_bibliography_parses():
    # Guards the source test below against a regex that silently finds nothing.
    keys = read_bib_keys()
    assert "werkgroep-discontovoet-2020" in keys and len(keys) >= 5


PRESET_ITEMS = [
    pytest.param(item, id=f"{key}:{item.post}") for key, case in PRESETS.items() for item in case.items
]
PRESET_ASSUMPTIONS = [
    pytest.param(correction, id=f"{key}:{name}")
    for key, case in PRESETS.items() for name, correction in case.corrections.items()
]


@pytest.mark.parametrize("item", PRESET_ITEMS + PRESET_ASSUMPTIONS)
def test_every_preset_figure_has_a_source_in_the_bibliography_or_an_assumption(item):
    keys = read_bib_keys()
    label = getattr(item, "post", None) or item.label
    parts = [part.strip() for part in item.source.split(";")]
    assert item.source.strip(), f"'{label}' heeft geen bron"
    for part in parts:
        assert part in keys or part.startswith("aanname"), (
            f"'{label}': bron '{part}' is geen sleutel in {BIB.name} en geen aanname"
        )


@pytest.mark.parametrize("key", PRESETS)
def test_presets_are_consistent_cases(key):
    case = PRESETS[key]
    assert case.key == key
    assert case.title and case.description
    assert case.horizon in HORIZON
    for item in case.items:
        assert item.actor in ACTORS
        assert item.counterpart is None or item.counterpart in ACTORS
    # Each preset shows uncertainty and who pays: something uncertain, more than one actor.
    assert any(item.uncertain for item in case.items)
    assert len({item.actor for item in case.items}) > 1


@pytest.mark.parametrize("key", PRESETS)
def test_a_preset_key_is_not_the_preset(key):
    with pytest.raises(TypeError, match=r"^'case' moet een Case zijn"):
        case_npv(key)
    assert case_npv(PRESETS[key]) == pytest.approx(case_npv(PRESETS[key], DISCOUNT_RATE))


@pytest.mark.parametrize("key", PRESETS)
@pytest.mark.parametrize("rate", [0.0, DISCOUNT_RATE, 0.03])
def test_preset_npv_equals_a_year_by_year_sum_by_hand(key, rate):
    case = PRESETS[key]
    assert case_npv(case, rate=rate) == pytest.approx(case_npv_by_hand(case, rate), rel=1e-6)


@pytest.mark.parametrize("key", PRESETS)
def test_preset_actor_npvs_add_up_to_the_society_npv(key):
    case = PRESETS[key]
    per_actor = npv_by_actor(case_table(case))
    assert per_actor.sum() == pytest.approx(case_npv(case), rel=1e-12)
    assert per_actor.index.tolist() == [a for a in ACTORS if a in per_actor.index]


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_the_central_npv_is_the_mean_of_the_declared_uncertainty(key):
    # The page's headline figure (case_npv) must be what the Monte Carlo averages to, not
    # the NPV at the most likely values: 20,000 draws put the mean within 4 standard errors.
    case = PRESETS[key]
    result = monte_carlo(case, n=20_000, seed=11)
    assert abs(result.mean - case_npv(case)) < 4 * result.standard_error


# --------------------------------------------------------------------------------------
# 3. The stories the presets tell
# --------------------------------------------------------------------------------------


def test_auto_preset_tells_the_wrong_pocket_story():
    # The gemeente pays for the car and the klantmanager but saves the bijstand; the saving
    # is a transfer from the inwoner, so for society it adds nothing.
    case = PRESETS["auto"]
    table = case_table(case)
    per_actor = npv_by_actor(table, rate=0.0)
    bijstand = table[table["post"].str.startswith("Bijstand")]
    saved = bijstand.loc[bijstand["actor"] == "gemeente", "bedrag"].sum()
    assert saved > 0
    assert bijstand.groupby("jaar")["bedrag"].sum().abs().max() < 1e-9
    assert per_actor["gemeente"] == pytest.approx(-2_000 - 800 + saved)
    without_transfers = with_items(case, keep=lambda item: item.counterpart is None)
    assert case_npv(without_transfers) == pytest.approx(case_npv(case))


def test_school_preset_pays_in_education_and_pays_back_elsewhere():
    # Wie betaalt (onderwijs) is niet wie het meeste terugziet (de jongere en het Rijk).
    per_actor = npv_by_actor(case_table(PRESETS["schooluitval"]))
    assert per_actor["onderwijs"] < 0
    assert per_actor["inwoner"] > 0 and per_actor["Rijk"] > 0
    assert per_actor.idxmin() == "onderwijs"


def test_school_age_table_gives_the_age_and_each_actors_amount_per_year():
    case = PRESETS["schooluitval"]
    wide = mkba.school_age_table()
    assert wide.index.tolist() == list(range(case.horizon + 1))
    assert (wide["leeftijd"] - wide.index).unique().tolist() == [mkba.SCHOOL_START_AGE]
    actors = [column for column in wide.columns if column != "leeftijd"]
    assert actors == [a for a in ACTORS if a in actors]
    # The actor columns add up, year by year, to the case's net flows.
    assert wide[actors].sum(axis=1).tolist() == pytest.approx(yearly_flows(case_table(case)).tolist(), abs=1e-6)


def test_the_car_case_values_lost_leisure_at_half_the_armoedeval_gain():
    # Rule of half: the leisure given up is worth half of what working gains in money.
    gain = mkba.auto_net_gain()
    leisure = next(i for i in PRESETS["auto"].items if i.post == "Verlies aan vrije tijd")
    assert 0 < gain < 10_000  # the armoedeval: far less than the net wage stays
    assert -leisure.amount == pytest.approx(gain / 2, abs=0.01)
