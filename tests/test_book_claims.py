"""Conclusions the MKBA chapters state in words hold for the current presets.

Numbers on the pages are computed at build time, but a few conclusions are sentences.
If a preset changes, these tests say which sentence needs rewriting.
"""

from __future__ import annotations

import pytest

from modules import mkba

AUTO, SCHOOL = mkba.PRESETS["auto"], mkba.PRESETS["schooluitval"]


def test_school_case_never_has_costs_and_benefits_in_the_same_year() -> None:
    # 02-disconteren: "Voor schooluitval komen beide op hetzelfde getal uit ..."
    flows = mkba.yearly_flows(mkba.case_table(SCHOOL))
    assert mkba.case_benefit_cost_ratio(SCHOOL) == pytest.approx(mkba.benefit_cost_ratio(flows))


def test_school_keeps_a_negative_balance_whatever_the_municipality_pays_up_to_half() -> None:
    # 03-wie-betaalt: with half of the guidance paid by the gemeente the school stays negative,
    # because the school has no benefits of its own in this model.
    assert all(item.amount < 0 for item in SCHOOL.items if item.actor == "onderwijs")
    assert mkba.npv_by_actor(mkba.case_table(SCHOOL))["onderwijs"] < 0


def test_school_case_is_the_more_robust_one_at_fifteen_percent_of_the_effect() -> None:
    # 04-onzekerheid, exercise 2: school holds up best, and its break-even point is lower.
    chance = {key: mkba.monte_carlo(case, effect_size=0.15, seed=2021).p_positive
              for key, case in mkba.PRESETS.items()}
    assert chance["schooluitval"] > chance["auto"]
    assert mkba.break_even_effect_size(SCHOOL) < mkba.break_even_effect_size(AUTO) < 0.15


def test_wages_dominate_the_car_case_and_it_stays_positive_in_every_one_at_a_time_case() -> None:
    # 04-onzekerheid: the widest bar is the wage, and even its low end leaves a positive NPV.
    spread = mkba.tornado(AUTO)
    assert spread.loc[0, "invoer"].startswith("Brutoloon")
    assert (spread[["ncw_laag", "ncw_hoog"]] > 0).all().all()
