"""The dated figures and the income rules, checked against values worked out by hand.

Each expected value below was computed from the published rule (a percentage of the
adult minimum wage, a norm without holiday allowance divided by 0.95, the tax brackets
and credits), not read back from the table, so a typo in ``modules/facts.py`` fails here.
"""

from __future__ import annotations

from datetime import date

import pytest

from modules import facts, income, mkba


@pytest.mark.parametrize(("age", "expected"), [(18, 7.36), (19, 8.83), (20, 11.77), (21, 14.71), (40, 14.71)])
def test_minimum_wage_2026_by_age(age, expected):
    # 50, 60 and 80 percent of 14.71, rounded to the cent: 7.355 -> 7.36, 8.826 -> 8.83,
    # 11.768 -> 11.77 (the amounts SZW published for 1 January 2026).
    assert income.hourly_minimum_wage(age, on=date(2026, 1, 1)) == expected


def test_minimum_wage_changes_on_its_dates():
    assert facts.value("minimumuurloon", on=date(2025, 6, 30)) == 14.06
    assert facts.value("minimumuurloon", on=date(2025, 7, 1)) == 14.40
    assert facts.value("minimumuurloon", on=date(2026, 1, 1)) == 14.71


@pytest.mark.parametrize(("key", "without_holiday_pay", "with_holiday_pay"), [
    ("bijstandsnorm_alleenstaande", 1_300.61, 1_369.06),
    ("bijstandsnorm_gehuwden", 1_858.01, 1_955.80),
    ("bijstandsnorm_jongeren", 321.08, 337.98),
])
def test_bijstand_norms_of_july_2025_include_the_five_percent_holiday_allowance(
        key, without_holiday_pay, with_holiday_pay):
    # Participatiewet art. 19: the holiday allowance is 5 % of the norm including it, so
    # the norm with it is the norm without it divided by 0.95.
    assert round(without_holiday_pay / 0.95, 2) == with_holiday_pay
    assert facts.value(key, on=date(2025, 7, 1)) == with_holiday_pay


def test_the_standard_discount_rate_is_risk_free_plus_premium_in_both_regimes():
    for when, expected in ((date(2020, 12, 31), 0.03), (date(2021, 1, 1), 0.0225)):
        rate = facts.value("discontovoet", on=when)
        assert rate == expected
        assert rate == pytest.approx(facts.value("discontovoet_risicovrij", on=when)
                                     + facts.value("risicopremie", on=when))
    assert mkba.DISCOUNT_RATE == 0.0225 and mkba.RISK_FREE_RATE == -0.01
    assert mkba.PREVIOUS_DISCOUNT_RATE == 0.03


def test_net_wage_of_a_full_time_minimum_wage_job_in_2025_by_hand():
    # 14.40 x 36 h x 52 weeks x 1.08 holiday allowance = 29,113.34 gross.
    gross = 14.40 * 36 * 52 * 1.08
    brackets = 0.3582 * gross  # all in the first bracket (up to 38,441)
    general = 3_068 - 0.06337 * (gross - 28_406)
    labour = 5_220 + 0.02258 * (gross - 26_288)  # third segment of the arbeidskorting
    job = income.work_income(30, 36)
    assert job.gross == pytest.approx(gross)
    # The published segment constants (980, 5,220) are the rates' cumulative sums rounded
    # to the euro: the model, which adds the rates up, may differ by cents.
    assert job.net == pytest.approx(gross - (brackets - general - labour), abs=0.5)
    assert job.labour_costs == pytest.approx(gross * 1.1686)
    assert job.taxes_and_premiums == pytest.approx(job.labour_costs - job.net)
    assert job.bijstand == pytest.approx(12 * 1_369.06)


def test_labour_credit_is_continuous_at_its_kinks():
    for kink in (12_169, 26_288, 43_071):
        below, above = income.income_tax(kink - 0.01), income.income_tax(kink + 0.01)
        assert abs(above - below) < 1.0


def test_bijstand_for_the_young_follows_age_and_article_13():
    assert income.bijstand_norm(20) == 337.98 and income.bijstand_norm(21) == 1_369.06
    assert not income.bijstand_entitlement(26, can_study_with_student_finance=True)
    assert income.bijstand_entitlement(26, can_study_with_student_finance=False)
    assert income.bijstand_entitlement(27, can_study_with_student_finance=True)


def test_the_school_case_saves_the_gemeente_little_before_27():
    # Only a fifth of the young keep a right to bijstand before 27 (art. 13); from 27 all do.
    table = mkba.school_age_table()
    saved = table.set_index("leeftijd")["gemeente"]
    assert saved[26] < saved[27] / 3
    assert saved[19] < saved[21]  # jongerennorm below 21


def test_the_car_case_expected_npv_by_hand():
    # Society gains the labour costs (net wage + taxes and premiums) minus car costs and
    # lost leisure, every year, corrected for deadweight, displacement and fading; the
    # gemeente pays the car and the klantmanager in year 0. Fading is triangular, so the
    # expected factor of year t is E[(1 - f) ** t], here by a fine Riemann sum.
    job = income.work_income(30, 36)
    leisure = 0.5 * (job.net - job.bijstand - 1_200 - 3_000)
    yearly = job.net + job.taxes_and_premiums - 3_000 - leisure
    level = (1 - 0.55) * (1 - 0.2)
    low, mode, high = 0.1, 3 * 0.25 - 0.1 - 0.55, 0.55
    n = 400_000
    xs = [low + (high - low) * (i + 0.5) / n for i in range(0, n, 100)]
    weights = [(x - low) / (mode - low) if x <= mode else (high - x) / (high - mode) for x in xs]
    total_weight = sum(weights)
    npv = -2_000 - 800
    for t in range(6):
        expected_fade = sum(w * (1 - x) ** t for w, x in zip(weights, xs)) / total_weight
        npv += yearly * level * expected_fade / 1.0225 ** t
    assert mkba.case_npv(mkba.PRESETS["auto"]) == pytest.approx(npv, rel=1e-4)


def test_an_unknown_key_or_date_gets_a_dutch_message():
    with pytest.raises(ValueError, match="staat niet in de tabel"):
        facts.value("minimumdagloon")
    with pytest.raises(ValueError, match="vóór"):
        facts.value("minimumuurloon", on=date(2000, 1, 1))


def test_the_facts_table_shows_every_figure_valid_on_the_reference_date():
    table = facts.facts_table()
    assert table.loc["bijstandsnorm_alleenstaande", "waarde"] == 1_369.06
    assert set(table["bron"]) <= _bibliography_keys()


def _bibliography_keys() -> set[str]:
    import re
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "book" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,]+),", text, re.M))


def test_net_gain_from_work_is_net_wage_minus_bijstand_allowances_and_costs():
    job = income.work_income(30, 36)
    assert income.net_gain_from_work(job, 1_200, 3_000) == pytest.approx(job.net - 12 * 1_369.06 - 4_200)
    assert income.net_gain_from_work(job) == pytest.approx(job.net - job.bijstand)
    with pytest.raises(ValueError, match="work_costs"):
        income.net_gain_from_work(job, work_costs=-5)
    with pytest.raises(TypeError):
        income.net_gain_from_work(26_000.0)
