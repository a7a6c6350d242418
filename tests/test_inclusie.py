"""The inclusie model: pathways through support, non-take-up, the circle, fairness helpers.

Read as a specification. The pathway simulation is held to the properties the module
promises, whatever its exact numbers: a seed gives one table; every household ends in
exactly one outcome and no household is lost or counted twice; more referrals or more
waiting never lower drop-out, all else equal, and neither does less doenvermogen; the
non-take-up of the groups averages to the sourced figure; a coordinator means one intake
and no question asked twice. The figures that drive the result carry a source in
``book/references.bib`` or say they are a course assumption, and how strong the evidence
is. The circle's professional hours fall but never vanish, and its money flows through the
shared case model. The fairness helpers are checked against sums written out by hand.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules import cases, inclusie
from modules.inclusie import Circle, Support
from tests.strategies import PROPERTY, Input, refusal_tests

BIB = (Path(__file__).resolve().parents[1] / "book" / "references.bib").read_text(encoding="utf-8")
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", BIB, flags=re.MULTILINE))
DATA = inclusie.DATA_FILE.read_text(encoding="utf-8")
SIZE = 2_000


def run(support: Support = Support(), seed: int = 0, households: int = SIZE) -> pd.DataFrame:
    return inclusie.simulate_pathways(support, households=households, seed=seed)


# ======================================================================================
# Sources: every figure that drives a result has one, or says it is an assumption
# ======================================================================================


def test_every_cited_source_is_in_the_bibliography():
    table = pd.concat([inclusie.parameter_table("parameters"), inclusie.parameter_table("buurtcirkel")])
    cited = {key for key in table["bron"] if key}
    assert cited, "no parameter cites anything: the check would pass vacuously"
    assert cited <= BIB_KEYS, f"not in book/references.bib: {sorted(cited - BIB_KEYS)}"


def test_the_circle_is_a_scenario_every_figure_of_it_a_course_assumption():
    # No Dutch cost-benefit study of a Buurtcirkel exists: the scenario must not pretend one does.
    assert set(inclusie.parameter_table("buurtcirkel")["status"]) == {"illustratief"}


@pytest.mark.parametrize("key", ["niet_gebruik", "uitval_per_overdracht", "uitval_per_week_wachten"])
def test_the_parameters_that_drive_the_result_carry_a_source(key):
    # The issue names them: drop-out per hand-off, the effect of waiting, non-take-up.
    assert inclusie.PARAMETERS[key].bron in BIB_KEYS


def test_non_take_up_is_the_inspectie_szw_figure_for_bijstand_in_2018():
    parameter = inclusie.PARAMETERS["niet_gebruik"]
    assert (parameter.waarde, parameter.status) == (0.35, "bron")
    assert parameter.bron == "inspectie-szw-2021-niet-gebruik-bijstand"
    assert "1 januari 2018" in parameter.toelichting


def test_thin_evidence_for_one_plan_one_coordinator_is_said_to_be_thin():
    for key in ("warme_overdracht", "contact_tijdens_wachten"):
        assert inclusie.PARAMETERS[key].bewijs == "dun"
        assert inclusie.PARAMETERS[key].status == "illustratief"


def test_a_course_assumption_says_so_and_why():
    for table in (inclusie.PARAMETERS, inclusie.CIRCLE_PARAMETERS):
        for parameter in table.values():
            assert parameter.toelichting.strip()
            if not parameter.bron:
                assert parameter.status == "illustratief", parameter.key


def _edit(old: str, new: str, says: str, name: str):
    return pytest.param(old, new, says, id=name)


@pytest.mark.parametrize(("old", "new", "says"), [
    _edit("aandeel = 0.35\n", "aandeel = 0.45\n", r"aandelen van de groepen tellen op tot 1,1",
          "shares-do-not-add-up"),
    _edit("vragen = 3\n", "vragen = 5\n", r"groep 'alleenstaande_ouder': 'vragen' moet liggen in \[1; 4\]",
          "questions-out-of-range"),
    _edit("doenvermogen = 0.8\n", "doenvermogen = '0.8'\n",
          r"groep 'een_vraag': 'doenvermogen' moet een getal zijn", "text-for-a-number"),
    _edit("niet_gebruik = 1.0\n", "niet_gebruik = 1.0\nkleur = 'rood'\n",
          r"groep 'een_vraag': onbekend veld 'kleur'", "unknown-field-in-a-group"),
    _edit('status = "bron"', 'status = "zeker"', r"parameters 'niet_gebruik': 'status' moet een van",
          "unknown-status"),
    _edit('bewijs = "stevig"', 'bewijs = "heel sterk"', r"parameters 'niet_gebruik': 'bewijs' moet een van",
          "unknown-strength-of-evidence"),
    _edit('bron = "inspectie-szw-2021-niet-gebruik-bijstand"', 'bron = ""',
          r"parameters 'niet_gebruik': 'bron' ontbreekt", "sourced-figure-without-source"),
    _edit("[buurtcirkel.opstartkosten]", "[buurtcirkel_extra.opstartkosten]",
          r"onbekend veld 'buurtcirkel_extra'", "unknown-table"),
    _edit("waarde = 0.35\n", "", r"parameters 'niet_gebruik': het veld 'waarde' ontbreekt", "missing-value"),
])
def test_a_bad_data_file_is_refused_naming_the_file_the_table_and_the_field(tmp_path, old, new, says):
    assert old in DATA  # else the case would test nothing
    path = tmp_path / "inclusie.toml"
    path.write_text(DATA.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"inclusie\.toml.*" + says):
        inclusie._load(path)


def test_a_data_file_that_is_not_toml_or_empty_is_refused(tmp_path):
    path = tmp_path / "inclusie.toml"
    path.write_text("[groepen\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"inclusie\.toml: het bestand met groepen en parameters is niet te lezen"):
        inclusie._load(path)
    path.write_text("# leeg\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"inclusie\.toml: het bestand bevat geen groepen en parameters"):
        inclusie._load(path)


# ======================================================================================
# Non-take-up
# ======================================================================================


def test_the_groups_non_take_up_averages_to_the_sourced_figure():
    rates = inclusie.non_take_up_rates()
    shares = pd.Series({k: g.aandeel for k, g in inclusie.GROUPS.items()})
    assert (rates * shares).sum() == pytest.approx(0.35)
    # Direction from the source: the young and the self-employed apply less often.
    assert rates["zzp"] > rates["een_vraag"] and rates["jongere"] > rates["een_vraag"]


def test_in_a_large_run_about_the_sourced_share_never_applies():
    table = run(households=50_000)
    assert (~table["aangevraagd"]).mean() == pytest.approx(0.35, abs=0.01)


def test_outreach_lowers_non_take_up_by_the_share_it_reaches_and_convinces():
    without = (~run(households=50_000)["aangevraagd"]).mean()
    full = (~run(Support(outreach=1.0), households=50_000)["aangevraagd"]).mean()
    convinced = inclusie.PARAMETERS["bereik_outreach"].waarde
    assert full == pytest.approx(without * (1 - convinced), abs=0.01)


def test_the_profile_shows_who_the_non_users_are():
    profile = inclusie.non_take_up_profile(run())
    assert profile["huishoudens"].sum() == SIZE
    assert profile["aandeel_niet_gebruikers"].sum() == pytest.approx(1.0)
    assert profile.loc["zzp", "naam"] == inclusie.GROUPS["zzp"].naam
    # Over-represented among the non-users: a larger share of them than of all households.
    assert profile.loc["zzp", "aandeel_niet_gebruikers"] > profile.loc["zzp", "aandeel_huishoudens"]
    assert profile.loc["alleenstaande_ouder", "aandeel_niet_gebruikers"] < profile.loc["alleenstaande_ouder", "aandeel_huishoudens"]


# ======================================================================================
# Pathways: reproducible, conserving, monotonic
# ======================================================================================


def test_a_seed_gives_one_table_and_another_seed_another():
    assert run(seed=7).equals(run(seed=7))
    assert not run(seed=7).equals(run(seed=8))


def test_every_household_ends_in_exactly_one_outcome_and_none_is_lost_or_counted_twice():
    table = run(Support(loketten=4, wachttijd=60))
    assert len(table) == SIZE
    flags = table[["geholpen", "uitgevallen"]].astype(int).sum(axis=1) + (~table["aangevraagd"]).astype(int)
    assert (flags == 1).all()
    assert table["uitkomst"].value_counts().sum() == SIZE
    assert (table["uitkomst"] == "geholpen").sum() == table["geholpen"].sum()


def test_the_groups_get_their_share_of_the_households_exactly():
    counts = run(households=1_001)["groep"].value_counts()
    assert counts.sum() == 1_001
    for key, group in inclusie.GROUPS.items():
        assert abs(counts[key] - group.aandeel * 1_001) < 1


def test_a_household_that_did_not_apply_has_no_intake_no_waiting_and_no_days_to_help():
    outside = run()[lambda t: ~t["aangevraagd"]]
    assert len(outside) > 0
    assert (outside[["intakes", "overdrachten", "dubbele_vragen", "wachtdagen"]] == 0).all().all()
    assert outside["dagen_tot_hulp"].isna().all()


def test_days_to_help_are_known_exactly_for_the_households_helped():
    table = run()
    assert table.loc[table["geholpen"], "dagen_tot_hulp"].notna().all()
    assert table.loc[~table["geholpen"], "dagen_tot_hulp"].isna().all()
    assert (table["dagen_tot_hulp"].dropna() >= 0).all()


def test_separate_counters_mean_an_intake_per_counter_and_questions_asked_again():
    table = run(Support(loketten=6, wachttijd=0))
    helped = table[table["geholpen"]]
    assert (helped["intakes"] == helped["vragen"]).all()
    assert (helped["overdrachten"] == helped["vragen"] - 1).all()
    again = inclusie.PARAMETERS["dubbele_vragen_per_intake"].waarde
    assert (helped["dubbele_vragen"] == (helped["vragen"] - 1) * again).all()


def test_a_coordinator_means_one_intake_and_no_question_asked_twice():
    table = run(Support(loketten=4, coordinator=True))
    applied = table[table["aangevraagd"]]
    assert applied["intakes"].max() == 1
    assert (applied["dubbele_vragen"] == 0).all()


def test_without_waiting_nobody_waits():
    assert (run(Support(wachttijd=0))["wachtdagen"] == 0).all()


@given(counters=st.integers(1, 5), coordinator=st.booleans(), wait=st.floats(0, 179), seed=st.integers(0, 50))
@PROPERTY
def test_another_counter_never_lowers_drop_out_all_else_equal(counters, coordinator, wait, seed):
    fewer = run(Support(counters, coordinator, wait), seed=seed, households=300)
    more = run(Support(counters + 1, coordinator, wait), seed=seed, households=300)
    # Per household, not just on average: the same household meets one more chance to drop out.
    assert not (fewer["uitgevallen"] & ~more["uitgevallen"]).any()


@given(counters=st.integers(1, 6), coordinator=st.booleans(), wait=st.floats(0, 170), seed=st.integers(0, 50))
@PROPERTY
def test_longer_waiting_never_lowers_drop_out_all_else_equal(counters, coordinator, wait, seed):
    shorter = run(Support(counters, coordinator, wait), seed=seed, households=300)
    longer = run(Support(counters, coordinator, wait + 10), seed=seed, households=300)
    assert not (shorter["uitgevallen"] & ~longer["uitgevallen"]).any()


@given(d=st.floats(0, 1), referrals=st.integers(0, 2), weeks=st.floats(0, 100), coordinator=st.booleans())
@PROPERTY
def test_the_risk_of_one_household_never_falls_with_more_referrals_more_waiting_or_less_doenvermogen(
        d, referrals, weeks, coordinator):
    risk = inclusie.dropout_risk(d, referrals, weeks, coordinator)
    assert 0 <= risk < 1
    assert inclusie.dropout_risk(d, referrals + 1, weeks, coordinator) >= risk
    assert inclusie.dropout_risk(d, referrals, weeks + 1, coordinator) >= risk
    assert inclusie.dropout_risk(max(d - 0.1, 0.0), referrals, weeks, coordinator) >= risk


def test_the_risk_follows_the_sourced_figures_by_hand():
    hand = inclusie.PARAMETERS["uitval_per_overdracht"].waarde
    week = inclusie.PARAMETERS["uitval_per_week_wachten"].waarde
    # Ample doenvermogen: the multiplier is 1 and the chances are the figures themselves.
    assert inclusie.dropout_risk(1.0, 1, 0.0) == pytest.approx(hand)
    assert inclusie.dropout_risk(1.0, 0, 4.0) == pytest.approx(1 - (1 - week) ** 4)
    assert inclusie.dropout_risk(1.0, 2, 3.0) == pytest.approx(1 - (1 - hand) ** 2 * (1 - week) ** 3)
    # No doenvermogen doubles the hazard (effect 1): the chance to stay is squared.
    effect = inclusie.PARAMETERS["effect_doenvermogen"].waarde
    assert inclusie.dropout_risk(0.0, 1, 0.0) == pytest.approx(1 - (1 - hand) ** (1 + effect))
    warm = inclusie.PARAMETERS["warme_overdracht"].waarde
    assert inclusie.dropout_risk(1.0, 1, 0.0, coordinator=True) == pytest.approx(hand * warm)


def test_groups_with_more_questions_and_less_doenvermogen_drop_out_more_often():
    summary = inclusie.summarise_pathways(run(households=20_000))
    assert summary.loc["lvb", "uitval"] > summary.loc["alleenstaande_ouder", "uitval"] > summary.loc["een_vraag", "uitval"]


def test_a_coordinator_narrows_the_gap_between_groups():
    def gap(support):
        uitval = inclusie.summarise_pathways(run(support, households=20_000))["uitval"].drop("totaal")
        return uitval.max() - uitval.min()
    assert gap(Support(coordinator=True)) < gap(Support(coordinator=False))


# ======================================================================================
# Summaries and bands
# ======================================================================================


def test_the_summary_counts_by_hand():
    table = run()
    summary = inclusie.summarise_pathways(table)
    lvb = table[table["groep"] == "lvb"]
    applied = lvb[lvb["aangevraagd"]]
    assert summary.loc["lvb", "huishoudens"] == len(lvb)
    assert summary.loc["lvb", "niet_aangevraagd"] == pytest.approx((~lvb["aangevraagd"]).mean())
    assert summary.loc["lvb", "uitval"] == pytest.approx(applied["uitgevallen"].mean())
    assert summary.loc["lvb", "intakes"] == pytest.approx(applied["intakes"].mean())
    assert summary.loc["lvb", "dagen_tot_hulp"] == pytest.approx(lvb.loc[lvb["geholpen"], "dagen_tot_hulp"].median())
    assert summary.loc["totaal", "huishoudens"] == SIZE


def test_the_band_holds_the_mean_and_is_reproducible():
    bands = inclusie.pathway_bands(Support(), households=300, runs=8)
    assert set(bands["maat"]) == set(inclusie.PATHWAY_MEASURES)
    assert set(bands["groep"]) == {*inclusie.GROUPS, "totaal"}
    known = bands.dropna()
    assert (known["laag"] <= known["gemiddelde"] + 1e-12).all() and (known["gemiddelde"] <= known["hoog"] + 1e-12).all()
    assert bands.equals(inclusie.pathway_bands(Support(), households=300, runs=8))
    wide = bands.query("maat == 'uitval' and groep == 'zzp'").iloc[0]
    assert wide.hoog > wide.laag  # a small group moves by chance: the band is not a point


def test_the_band_narrows_when_the_runs_are_larger():
    def width(households):
        row = inclusie.pathway_bands(Support(), households=households, runs=20).query(
            "maat == 'uitval' and groep == 'totaal'").iloc[0]
        return row.hoog - row.laag
    assert width(4_000) < width(200)


# ======================================================================================
# Bad input
# ======================================================================================

(test_out_of_range_is_refused_naming_the_input_and_its_range, test_the_wrong_type_is_refused,
 test_the_closed_bounds_are_accepted) = refusal_tests({
    "loketten": Input("loketten", inclusie.COUNTERS, lambda v: Support(loketten=v), integer=True),
    "wachttijd": Input("wachttijd", inclusie.WAITING_DAYS, lambda v: Support(wachttijd=v)),
    "outreach": Input("outreach", inclusie.SHARE, lambda v: Support(outreach=v)),
    "households": Input("households", inclusie.HOUSEHOLDS,
                        lambda v: inclusie.simulate_pathways(Support(), households=v), integer=True),
    "runs": Input("runs", inclusie.RUNS, lambda v: inclusie.pathway_bands(Support(), households=10, runs=v),
                  integer=True),
    "deelnemers": Input("deelnemers", inclusie.PARTICIPANTS, lambda v: Circle(deelnemers=v), integer=True),
    "coachuren": Input("coachuren", inclusie.COACH_HOURS, lambda v: Circle(coachuren=v)),
    "vrijwilligers": Input("vrijwilligers", inclusie.VOLUNTEERS, lambda v: Circle(vrijwilligers=v), integer=True),
    "jaren": Input("jaren", inclusie.CIRCLE_YEARS, lambda v: Circle(jaren=v), integer=True),
    "doenvermogen": Input("doenvermogen", inclusie.SHARE, lambda v: inclusie.dropout_risk(v, 1, 1.0)),
})


@pytest.mark.parametrize(("call", "says"), [
    (lambda: Support(coordinator="ja"), r"^'coordinator' moet True of False zijn"),
    (lambda: inclusie.simulate_pathways("loketten"), r"^'support' moet een Support zijn"),
    (lambda: inclusie.simulate_pathways(Support(), seed=-1), r"^'seed' moet liggen in"),
    (lambda: inclusie.simulate_pathways(Support(), groups={}), r"^'groups' moet een niet-lege verzameling"),
    (lambda: inclusie.simulate_pathways(Support(), groups={"a": inclusie.GROUPS["lvb"]}),
     r"^'groups': de aandelen tellen op tot 0,15, niet tot 1"),
    (lambda: inclusie.summarise_pathways(pd.DataFrame({"groep": ["a"]})), r"^'table' mist de kolom 'aangevraagd'"),
    (lambda: inclusie.summarise_pathways([1, 2]), r"^'table' moet een pandas DataFrame zijn"),
    (lambda: inclusie.circle_years(5), r"^'circle' moet een Circle zijn"),
    (lambda: inclusie.parameter_table("kosten"), r"^'section' moet 'parameters' of 'buurtcirkel' zijn"),
    (lambda: inclusie.dropout_risk(0.5, 4, 1.0), r"^'overdrachten' moet liggen in \[0; 3\]"),
])
def test_other_bad_input_gets_a_dutch_message_naming_the_input(call, says):
    with pytest.raises(ValueError, match=says):
        call()


# ======================================================================================
# The circle: a scenario through the shared case model
# ======================================================================================


def test_help_between_participants_grows_and_professional_hours_fall_but_never_vanish():
    years = inclusie.circle_years(Circle(deelnemers=12, coachuren=20, jaren=10))
    floor = inclusie.CIRCLE_PARAMETERS["professionele_uren_vloer"].waarde
    assert years["onderlinge_hulp"].iloc[0] == 0 and years["onderlinge_hulp"].is_monotonic_increasing
    assert years["professionele_uren_per_deelnemer"].is_monotonic_decreasing
    assert (years["professionele_uren_per_deelnemer"] > floor).all()
    assert years["professionele_uren_per_deelnemer"].iloc[-1] == pytest.approx(floor, abs=0.05)


def test_without_a_coach_no_circle_forms():
    years = inclusie.circle_years(Circle(coachuren=0))
    start = inclusie.CIRCLE_PARAMETERS["professionele_uren_start"].waarde
    assert (years["onderlinge_hulp"] == 0).all()
    assert (years["professionele_uren_per_deelnemer"] == start).all()
    assert inclusie.circle_who_pays(Circle(coachuren=0), rate=0.0).loc["gemeente", "baten"] == 0


def test_more_coach_hours_per_participant_make_the_circle_grow_faster():
    def first_year(**kwargs):
        return inclusie.circle_years(Circle(**kwargs))["onderlinge_hulp"].iloc[1] / Circle(**kwargs).deelnemers
    assert first_year(coachuren=6) > first_year(coachuren=4) > first_year(coachuren=2)
    assert first_year(deelnemers=8, coachuren=4) > first_year(deelnemers=12, coachuren=4)


def test_the_circles_money_by_hand():
    circle = Circle(deelnemers=10, coachuren=4, vrijwilligers=1, jaren=3)
    p = {k: v.waarde for k, v in inclusie.CIRCLE_PARAMETERS.items()}
    years = inclusie.circle_years(circle)
    saved = sum((years["professionele_uren"].iloc[0] - years["professionele_uren"].iloc[t]) * 52
                * p["uurtarief_begeleiding"] for t in (1, 2, 3))
    coach = 3 * 4 * 52 * p["uurtarief_coach"]
    allowance = 3 * p["vrijwilligersvergoeding"]
    summary = inclusie.circle_who_pays(circle, rate=0.0)
    assert summary.loc["gemeente", "kosten"] == pytest.approx(-(p["opstartkosten"] + coach + allowance))
    assert summary.loc["gemeente", "baten"] == pytest.approx(saved)
    assert summary.loc["inwoner", "baten"] == pytest.approx(allowance)


def test_the_volunteers_allowance_moves_money_and_adds_nothing_for_society():
    def society(volunteers):
        return cases.case_npv(inclusie.circle_case(Circle(vrijwilligers=volunteers)))
    assert society(0) == pytest.approx(society(3))


def test_the_circle_is_a_case_of_the_shared_model_with_its_sources_and_pro_memorie():
    case = inclusie.circle_case(Circle())
    assert isinstance(case, cases.Case)
    assert case.pro_memorie and all(item.source for item in case.items)
    assert set(cases.case_table(case)["actor"]) <= set(cases.ACTORS)


# ======================================================================================
# Fairness helpers, against sums by hand
# ======================================================================================

OUTCOMES = pd.DataFrame({
    "groep": ["a", "a", "a", "a", "b", "b", "c", "c", "c"],
    "uitgevallen": [True, False, False, False, True, True, False, True, False],
    "dagen_tot_hulp": [10.0, 20.0, 30.0, np.nan, np.nan, np.nan, 40.0, np.nan, 80.0],
})


def test_rates_by_group_by_hand():
    rates = inclusie.rates_by_group(OUTCOMES, "uitgevallen")
    assert rates.to_dict("index") == {
        "a": {"aantal": 4, "met_uitkomst": 1, "aandeel": 0.25},
        "b": {"aantal": 2, "met_uitkomst": 2, "aandeel": 1.0},
        "c": {"aantal": 3, "met_uitkomst": 1, "aandeel": pytest.approx(1 / 3)},
    }


def test_rate_ratios_compare_with_the_best_served_group_or_a_chosen_one():
    assert inclusie.rate_ratios(OUTCOMES, "uitgevallen").to_dict() == {"a": 1.0, "b": 4.0, "c": pytest.approx(4 / 3)}
    assert inclusie.rate_ratios(OUTCOMES, "uitgevallen", reference="b")["a"] == pytest.approx(0.25)


def test_a_ratio_against_a_zero_rate_is_infinite_not_an_error():
    table = pd.DataFrame({"groep": ["a", "b", "c"], "uit": [0, 1, 0]})
    assert inclusie.rate_ratios(table, "uit").to_dict() == {"a": 1.0, "b": math.inf, "c": 1.0}


def test_days_gap_by_hand_leaves_out_who_was_not_helped():
    gap = inclusie.days_gap(OUTCOMES)
    assert gap.loc["a", "dagen"] == 20.0 and gap.loc["c", "dagen"] == 60.0
    assert gap.loc["c", "verschil"] == 40.0 and gap.loc["a", "verschil"] == 0.0
    assert math.isnan(gap.loc["b", "dagen"])
    assert gap[["met_dagen", "zonder_dagen"]].to_dict("index")["b"] == {"met_dagen": 0, "zonder_dagen": 2}
    assert inclusie.days_gap(OUTCOMES, statistic="gemiddelde").loc["a", "dagen"] == 20.0


def test_the_helpers_read_the_models_own_table():
    table = run()
    rates = inclusie.rates_by_group(table, "uitgevallen")
    assert rates["aantal"].sum() == SIZE
    assert inclusie.days_gap(table).loc[:, "verschil"].min() == 0


@pytest.mark.parametrize(("call", "says"), [
    (lambda: inclusie.rates_by_group("tabel", "uitgevallen"), r"^'table' moet een pandas DataFrame zijn"),
    (lambda: inclusie.rates_by_group(OUTCOMES.iloc[:0], "uitgevallen"), r"^'table' is leeg"),
    (lambda: inclusie.rates_by_group(OUTCOMES, "uitval"), r"^'outcome' moet een kolom van de tabel zijn .*'uitval'"),
    (lambda: inclusie.rates_by_group(OUTCOMES, "uitgevallen", group="wijk"), r"^'group' moet een kolom"),
    (lambda: inclusie.rates_by_group(OUTCOMES, "dagen_tot_hulp"), r"^'outcome': de kolom 'dagen_tot_hulp' heeft lege waarden"),
    (lambda: inclusie.rates_by_group(OUTCOMES.assign(x=2), "x"), r"^'outcome': de kolom 'x' moet ja/nee zijn"),
    (lambda: inclusie.rates_by_group(OUTCOMES.assign(groep=[None] + ["a"] * 8), "uitgevallen"),
     r"^'group': de kolom 'groep' heeft lege waarden"),
    (lambda: inclusie.rate_ratios(OUTCOMES, "uitgevallen", reference="z"), r"^'reference' moet een van de groepen zijn \(a, b, c\)"),
    (lambda: inclusie.days_gap(OUTCOMES, statistic="modus"), r"^'statistic' moet 'mediaan' of 'gemiddelde' zijn"),
    (lambda: inclusie.days_gap(OUTCOMES.assign(dagen_tot_hulp=-1.0)), r"^'days': .* geen negatieve of oneindige dagen"),
    (lambda: inclusie.days_gap(OUTCOMES.assign(dagen_tot_hulp="tien")), r"^'days': de kolom 'dagen_tot_hulp' moet getallen bevatten"),
])
def test_the_helpers_refuse_bad_tables_in_dutch(call, says):
    with pytest.raises(ValueError, match=says):
        call()
