"""Conclusions the MKBA chapters state in words hold for the current presets.

Numbers on the pages are computed at build time (glue), but some conclusions are sentences:
"the gemeente does not earn its own costs back", "the IRR rule fails here". If a preset or
a rule in modules/facts.py changes, these tests say which sentence needs rewriting. Each
test names the page and quotes (in English) what the page says.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from modules import facts, income, mkba

ROOT = Path(__file__).resolve().parents[1]
AUTO, SCHOOL = mkba.PRESETS["auto"], mkba.PRESETS["schooluitval"]
CHAPTERS = sorted((ROOT / "book" / "mkba").glob("0*.md"))


def item(case: mkba.Case, prefix: str) -> mkba.Item:
    """The item whose name starts with ``prefix``, as the pages look it up."""
    return next(i for i in case.items if i.post.startswith(prefix))


def saldi(case: mkba.Case):
    return mkba.npv_by_actor(mkba.case_table(case))


def prose(path: Path) -> str:
    """A page without its code cells and glue keys: the text a learner reads as typed."""
    text = re.sub(r"```\{code-cell\}.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\{glue:text\}`[^`]*`", "", text)


# ------------------------------------------------------------------ every chapter


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_the_discount_rate_is_never_typed_in_the_prose(path: Path) -> None:
    # 02-disconteren and the others: every "2,25 procent" comes from mkba.DISCOUNT_RATE via
    # glue, so a new standard rate changes every page at once.
    rate = mkba.DISCOUNT_RATE
    typed = {f"{100 * rate:.2f}".replace(".", ","), f"{rate:.4f}".replace(".", ",")}
    found = [t for t in typed if t in prose(path)]
    assert found == [], f"{path.name} types the discount rate: {found}"


@pytest.mark.parametrize("path", [*CHAPTERS, ROOT / "book" / "mkba" / "index.md"], ids=lambda p: p.name)
def test_learner_pages_do_not_link_to_the_trainer_guide(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "trainershandleiding" not in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_the_undated_interview_figure_is_never_used_as_a_current_amount(path: Path) -> None:
    # 01-stappenplan quotes "13.000 tot 15.000 euro" as an illustration, without a year;
    # no page computes with it or with its middle.
    text = path.read_text(encoding="utf-8")
    assert "14_000" not in text and "14.000" not in text
    if "13.000 tot 15.000" in text:
        assert "zonder jaartal" in text


# ------------------------------------------------------------------ 01-stappenplan


def test_both_cases_pay_off_but_school_only_just() -> None:
    # "Beide casussen hebben een positieve netto contante waarde" and school has
    # "nauwelijks meer baten dan kosten".
    assert mkba.case_npv(AUTO) > 0 and mkba.case_npv(SCHOOL) > 0
    assert 1 < mkba.case_benefit_cost_ratio(SCHOOL) < 1.5 < mkba.case_benefit_cost_ratio(AUTO)


def test_the_corrections_apply_to_every_effect_item_including_car_costs_and_leisure() -> None:
    # "Het model past deze correcties toe op elke post met 'effect: ja', dus ook op de
    # kosten van de auto en de vrije tijd."
    table = mkba.case_table(AUTO)
    shares = []
    for prefix in ("Nettoloon", "Kosten van de auto", "Verlies aan vrije tijd"):
        post = item(AUTO, prefix)
        assert post.effect
        shares.append(table[table["post"] == post.post]["bedrag"].to_numpy() / post.amount)
    assert np.allclose(shares[0], shares[1]) and np.allclose(shares[0], shares[2])
    # Year 0: bruto 1, after deadweight and displacement (no fading yet).
    expected = (1 - AUTO.deadweight.value) * (1 - AUTO.displacement.value)
    assert shares[0][0] == pytest.approx(expected)
    assert np.all(np.diff(shares[0]) < 0)  # "in jaar N nog ...": the effect fades


def test_leisure_is_valued_at_half_of_the_net_gain() -> None:
    # 01 and 03: "de helft van wat de werkende er netto op vooruitgaat".
    gain = (item(AUTO, "Nettoloon").amount - item(AUTO, "Bijstand").amount
            - item(AUTO, "Minder huurtoeslag").amount + item(AUTO, "Kosten van de auto").amount)
    assert -item(AUTO, "Verlies aan vrije tijd").amount == pytest.approx(gain / 2, abs=0.01)


def test_health_crime_and_next_generation_are_pro_memorie() -> None:
    # 01: the table lists these as "nee, pro-memoriepost".
    named = " ".join(AUTO.pro_memorie + SCHOOL.pro_memorie).lower()
    for word in ("gezondheid", "criminaliteit", "generatie", "welzijn"):
        assert word in named


def test_less_deadweight_raises_the_npv_and_deadweight_is_a_top_assumption() -> None:
    # 01, exercise 4: with 30 % deadweight the NPV rises; "een van de aannames waar de
    # uitkomst het meest op rust".
    lower = replace(AUTO, deadweight=mkba.Assumption("Dode gewicht", 0.3, 0.1, 0.5, "aanname: test"))
    assert mkba.case_npv(lower) > mkba.case_npv(AUTO)
    top = mkba.tornado(AUTO)["invoer"].head(3).tolist()
    assert AUTO.deadweight.label in top


def test_a_shorter_horizon_keeps_the_car_positive_but_smaller() -> None:
    # 01, exercise 5: "De uitkomst blijft positief, maar ... hoe positief."
    assert 0 < mkba.case_npv(AUTO, horizon=2) < mkba.case_npv(AUTO)


# ------------------------------------------------------------------ 02-disconteren


def test_a_horizon_of_n_years_has_n_plus_one_amounts() -> None:
    for case in (AUTO, SCHOOL):
        assert len(mkba.yearly_flows(mkba.case_table(case))) == case.horizon + 1


def test_the_table_discounts_to_case_npv() -> None:
    # "De netto contante waarde van de tabel is precies wat case_npv uitrekent."
    for case in (AUTO, SCHOOL):
        flows = mkba.yearly_flows(mkba.case_table(case))
        assert mkba.net_present_value(flows) == pytest.approx(mkba.case_npv(case))


def test_late_benefits_make_school_the_more_rate_sensitive_case() -> None:
    # Denkvraag: school "wint relatief het meest bij een lage discontovoet".
    def relative_gain(case):
        return mkba.case_npv(case, rate=0.0) / mkba.case_npv(case)
    assert relative_gain(SCHOOL) > relative_gain(AUTO)


def test_school_flows_change_sign_once_and_the_irr_is_above_the_rate() -> None:
    # "Bij schooluitval is dat zo: sign_changes telt 1 tekenwisseling", IRR above the rate.
    flows = mkba.yearly_flows(mkba.case_table(SCHOOL))
    assert mkba.sign_changes(flows) == 1
    assert mkba.internal_rate_of_return(flows) > mkba.DISCOUNT_RATE


def test_the_closing_cost_example_breaks_the_irr_rule() -> None:
    # Leerwerkbedrijf: two sign changes, an IRR well above the rate, and yet a negative NPV.
    flows = [-100_000.0, 230_000.0, -132_000.0]
    assert mkba.sign_changes(flows) == 2
    assert mkba.internal_rate_of_return(flows) > 2 * mkba.DISCOUNT_RATE
    assert mkba.net_present_value(flows) < 0
    # "... alleen positief tussen twee voeten in": positive at 15 %, negative at 0 and 30 %.
    assert mkba.net_present_value(flows, rate=0.15) > 0
    assert mkba.net_present_value(flows, rate=0.0) < 0 and mkba.net_present_value(flows, rate=0.30) < 0


def test_without_the_closing_cost_the_rule_holds() -> None:
    # Exercise 5: one sign change, IRR 130 %, positive NPV.
    flows = [-100_000.0, 230_000.0, 0.0]
    assert mkba.sign_changes(flows) == 1
    assert mkba.internal_rate_of_return(flows) == pytest.approx(1.3)
    assert mkba.net_present_value(flows) > 0


def test_a_percentage_instead_of_a_decimal_is_refused() -> None:
    with pytest.raises(ValueError):
        mkba.net_present_value([-1.0, 2.0], rate=100 * mkba.DISCOUNT_RATE)


def test_the_rates_on_the_page_match_the_facts_table() -> None:
    # 02 glues these; the risk premium is the difference of the two.
    assert mkba.DISCOUNT_RATE == facts.value("discontovoet")
    assert mkba.RISK_FREE_RATE == facts.value("discontovoet_risicovrij")
    assert mkba.DISCOUNT_RATE - mkba.RISK_FREE_RATE == pytest.approx(facts.value("risicopremie"))


# ------------------------------------------------------------------ 03-wie-betaalt


def test_saved_bijstand_and_toeslagen_are_transfers_everywhere() -> None:
    # No page, check or model answer counts saved bijstand as a gain for society.
    for case in (AUTO, SCHOOL):
        for post in case.items:
            if "bijstand" in post.post.lower() or "toeslag" in post.post.lower():
                assert post.counterpart is not None, post.post


def test_the_employer_nets_zero_and_the_wage_splits_into_net_wage_and_taxes() -> None:
    # "De werkgever staat op nul": no employer row; labour costs = net wage + taxes.
    for case in (AUTO, SCHOOL):
        assert "werkgever" not in saldi(case).index
    job = income.work_income(mkba.AUTO_AGE, mkba.HOURS_PER_WEEK)
    assert item(AUTO, "Nettoloon").amount + item(AUTO, "Loonheffing").amount == pytest.approx(
        job.labour_costs, abs=0.02)


def test_the_poverty_trap_leaves_a_small_positive_gain() -> None:
    # Armoedeval: he keeps a small part of his net wage, and still gains in exercise 2.
    net = item(AUTO, "Nettoloon").amount
    kept = net - item(AUTO, "Bijstand").amount - item(AUTO, "Minder huurtoeslag").amount \
        + item(AUTO, "Kosten van de auto").amount
    assert 0 < kept < 0.5 * net
    dearer = net - item(AUTO, "Bijstand").amount - 2_400 - 4_000
    assert 0 < dearer < kept


def test_car_case_balances_add_up_and_every_actor_gains() -> None:
    balance = saldi(AUTO)
    assert balance.sum() == pytest.approx(mkba.case_npv(AUTO))
    assert (balance > 0).all()


def test_age_rules_decide_what_the_gemeente_saves() -> None:
    # "Tot en met 20 jaar bespaart de gemeente maar ...; op 21 blijft het klein;
    # pas op 27 jaar springt de besparing"; the young person's gain rises from 19 to 21
    # and falls at 27.
    table = mkba.school_age_table().set_index("leeftijd")
    limit = int(facts.value("bijstand_leeftijdsgrens_studiefinanciering"))
    assert limit == 27
    assert [income.minimum_wage_share(a) for a in (18, 19, 20, 21)] == [0.5, 0.6, 0.8, 1.0]
    assert income.bijstand_norm(20) < 0.5 * income.bijstand_norm(21)
    assert not income.bijstand_entitlement(26, True) and income.bijstand_entitlement(27, True)
    gemeente = table["gemeente"]
    assert 0 < gemeente[20] < gemeente[21] < gemeente[limit - 1] * 1.5
    assert gemeente[limit] > 3 * gemeente[limit - 1]
    assert table.loc[21, "inwoner"] > table.loc[19, "inwoner"]
    assert table.loc[limit, "inwoner"] < table.loc[limit - 1, "inwoner"]


def test_school_case_is_a_wrong_pocket_problem_for_every_public_payer() -> None:
    # "De school ... ziet er niets van terug"; "ook de gemeente verdient haar eigen kosten
    # niet terug"; "De jongere zelf wint het meest"; "Van de overheidspartijen ziet het Rijk
    # het meest terug"; "voor de overheid als geheel kost het project geld".
    balance = saldi(SCHOOL)
    assert balance["onderwijs"] < 0 and balance["gemeente"] < 0
    assert balance["inwoner"] == balance.max()
    assert balance["Rijk"] > 0 and balance["Rijk"] == balance[["gemeente", "Rijk", "onderwijs"]].max()
    assert balance[["gemeente", "Rijk", "onderwijs"]].sum() < 0 < mkba.case_npv(SCHOOL)


def _contribution(share: float) -> mkba.Item:
    """The gemeente's contribution to the school's guidance, as 03 builds it."""
    guidance = next(i for i in SCHOOL.items if i.actor == "onderwijs")
    return mkba.Item("Bijdrage van de gemeente aan de begeleiding", "onderwijs",
                     -share * guidance.amount, guidance.start, guidance.end,
                     source="aanname: test", counterpart="gemeente")


def test_a_full_contribution_squares_the_school_and_moves_the_problem_to_the_gemeente() -> None:
    with_it = replace(SCHOOL, items=SCHOOL.items + (_contribution(1.0),))
    before, after = saldi(SCHOOL), saldi(with_it)
    assert after["onderwijs"] == pytest.approx(0, abs=1e-6)
    assert after["gemeente"] < before["gemeente"] < 0
    assert mkba.case_npv(with_it) == pytest.approx(mkba.case_npv(SCHOOL))


def test_with_half_paid_by_the_gemeente_both_school_and_gemeente_stay_negative() -> None:
    # 03, exercise 4: the page ADDS an item with counterpart "gemeente" for half of the
    # guidance; then the school is still negative, and so is the gemeente.
    half = _contribution(0.5)
    with_half = replace(SCHOOL, items=SCHOOL.items + (half,))
    before, after = saldi(SCHOOL), saldi(with_half)
    paid = before["onderwijs"] / 2  # half of the guidance's present value (negative)
    assert after["onderwijs"] == pytest.approx(before["onderwijs"] - paid)
    assert after["gemeente"] == pytest.approx(before["gemeente"] + paid)
    assert after["onderwijs"] < 0 and after["gemeente"] < 0
    assert mkba.case_npv(with_half) == pytest.approx(mkba.case_npv(SCHOOL))


# ------------------------------------------------------------------ 04-onzekerheid


@pytest.mark.parametrize("key", list(mkba.PRESETS))
def test_the_central_figure_is_the_monte_carlo_mean(key: str) -> None:
    # "het gemiddelde van die trekkingen moet op de centrale uitkomst uitkomen, op een
    # kleine toevalsafwijking na": within three standard errors, for several seeds.
    case = mkba.PRESETS[key]
    for seed in (1, 2, 3, 2021):
        result = mkba.monte_carlo(case, n=20_000, seed=seed)
        assert abs(result.mean - mkba.case_npv(case)) < 3 * result.standard_error


@pytest.mark.parametrize("key", list(mkba.PRESETS))
def test_the_tornado_includes_the_corrections_and_the_rate(key: str) -> None:
    case = mkba.PRESETS[key]
    rows = set(mkba.tornado(case)["invoer"])
    assert {c.label for c in case.corrections.values()} <= rows
    assert "Discontovoet" in rows
    assert set(case.corrections) == {"deadweight", "displacement", "fade"}


def test_the_discount_rate_matters_relatively_more_for_school() -> None:
    # "bij schooluitval is die balk ... van de centrale uitkomst, bij de auto ...":
    # prevention's late benefits make the rate weigh more.
    def relative(case):
        frame = mkba.tornado(case)
        width = frame.loc[frame["invoer"] == "Discontovoet", "bandbreedte"].iloc[0]
        return width / abs(frame.attrs["basis"])
    assert relative(SCHOOL) > 5 * relative(AUTO)


def test_the_lowest_break_even_point_is_the_most_robust_at_half_the_effect() -> None:
    # Exercise 4: the case with the lowest omslagpunt keeps the highest chance at half the
    # effect; an omslagpunt above one half means a small chance.
    chance = {key: mkba.monte_carlo(case, effect_size=0.5, seed=2021).p_positive
              for key, case in mkba.PRESETS.items()}
    robust = min(mkba.PRESETS, key=lambda k: mkba.break_even_effect_size(mkba.PRESETS[k]))
    assert chance[robust] == max(chance.values())
    for key, case in mkba.PRESETS.items():
        if mkba.break_even_effect_size(case) > 0.5:
            assert mkba.case_npv(case, effect_size=0.5) < 0
            assert chance[key] < 0.2


def test_the_note_to_the_alderman_names_the_right_winners() -> None:
    # Model note: "De school en de gemeente betalen de begeleiding, de jongere zelf en het
    # Rijk krijgen het grootste deel van de baten".
    summary = mkba.actor_summary(mkba.case_table(SCHOOL))
    assert summary.loc["onderwijs", "kosten"] < 0 and summary.loc["gemeente", "kosten"] < 0
    benefits = summary["baten"]
    assert benefits["inwoner"] + benefits["Rijk"] > 0.5 * benefits.sum()
