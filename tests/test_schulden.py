"""The schulden model: how debts grow and what a settlement offers, checked by hand.

Every expected amount here is worked out from the official rules (BIK staffel, art. 6:44,
6:96 and 6:119 BW, Wahv art. 23 and 25, Vbvv, Wsnp since 1 July 2023) and the dated
figures in ``modules/facts.py``, written out independently of the model code.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules import facts, schulden
from modules._validation import Interval
from modules.schulden import Huishouden, Schuldeiser
from tests.strategies import PROPERTY, Input, refusal_tests

# --------------------------------------------------------------------------- incassokosten


@pytest.mark.parametrize(("hoofdsom", "expected"), [
    (1, "40.00"),            # the minimum
    (266.66, "40.00"),       # 15 % is 39.999: still the minimum
    (266.67, "40.00"),       # 15 % is 40.0005: rounds to the minimum amount
    (300, "45.00"),
    (2_500, "375.00"),       # top of the first band
    (2_500.01, "375.00"),    # one cent into the second band adds 0.001
    (3_000, "425.00"),       # 375 + 10 % of 500
    (5_000, "625.00"),       # 375 + 250
    (10_000, "875.00"),      # 375 + 250 + 250
    (200_000, "2775.00"),    # + 1 % of 190,000
    (1_000_000, "6775.00"),  # + 0.5 % of 800,000: exactly the maximum
    (5_000_000, "6775.00"),  # capped
])
def test_incassokosten_follow_the_staffel_with_its_minimum_and_maximum(hoofdsom, expected):
    assert schulden.incassokosten(hoofdsom) == Decimal(expected)


@pytest.mark.parametrize(("hoofdsom", "expected"), [
    (100, "48.40"),       # 40 x 1.21
    (1_000, "181.50"),    # 150 x 1.21
    (3_000, "514.25"),    # 425 x 1.21
    (1_000_000, "8197.75"),
])
def test_a_creditor_that_cannot_deduct_vat_adds_21_percent(hoofdsom, expected):
    assert facts.value("btw_algemeen") == 0.21
    assert schulden.incassokosten(hoofdsom, btw=True) == Decimal(expected)


def test_incassokosten_take_decimal_int_and_float_alike_and_return_cents():
    results = {schulden.incassokosten(v) for v in (Decimal("1234.56"), 1234.56)}
    assert results == {Decimal("185.18")}  # 15 % of 1,234.56 = 185.184
    assert schulden.incassokosten(1_234) == Decimal("185.10")
    assert schulden.incassokosten(Decimal("0.1")).as_tuple().exponent == -2


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000000"), places=2))
@PROPERTY
def test_incassokosten_never_fall_as_the_principal_grows(hoofdsom):
    assert (schulden.incassokosten(hoofdsom)
            <= schulden.incassokosten(hoofdsom + Decimal("100"))
            <= Decimal("6775"))


@pytest.mark.parametrize(("value", "error"), [
    (0, ValueError), (-10, ValueError), (float("nan"), ValueError), (float("inf"), ValueError),
    (Decimal("NaN"), ValueError), (Decimal("-1"), ValueError),
    ("1000", TypeError), (None, TypeError), (True, TypeError),
])
def test_a_bad_principal_gets_a_dutch_message_naming_hoofdsom(value, error):
    with pytest.raises(error, match="^'hoofdsom' moet"):
        schulden.incassokosten(value)


def test_btw_must_be_true_or_false():
    with pytest.raises(TypeError, match="'btw' moet True of False zijn"):
        schulden.incassokosten(100, btw="ja")


# --------------------------------------------------------------------------- wettelijke rente


def test_interest_over_a_change_of_rate_uses_each_rate_for_its_days():
    # 2023: 4 % up to 30 June (181 days), 6 % from 1 July (184 days).
    expected = 1_000 * (0.04 * 181 + 0.06 * 184) / 365
    assert schulden.wettelijke_rente(1_000, date(2023, 1, 1), date(2024, 1, 1)) == round(expected, 2)


def test_after_a_full_year_the_interest_joins_the_base_also_across_rate_changes():
    # Year 1 (1-7-2022 to 1-7-2023): 2 % for 184 days, 4 % for 181 days.
    year1 = 1_000 * (0.02 * 184 + 0.04 * 181) / 365
    base = 1_000 + year1
    # Year 2: 6 % for 184 days (second half of 2023), 7 % for 182 days (first half of 2024).
    year2 = base * (0.06 * 184 + 0.07 * 182) / 365
    got = schulden.wettelijke_rente(1_000, date(2022, 7, 1), date(2024, 7, 1))
    assert got == round(year1 + year2, 2) == 97.02
    table = schulden.rente_per_periode(1_000, date(2022, 7, 1), date(2024, 7, 1))
    assert table["grondslag"].iloc[-1] == pytest.approx(base)
    assert table["dagen"].sum() == (date(2024, 7, 1) - date(2022, 7, 1)).days


def test_two_years_at_two_percent_compound_once():
    assert schulden.wettelijke_rente(1_000, date(2017, 1, 1), date(2019, 1, 1)) == 40.40


def test_no_days_no_interest():
    assert schulden.wettelijke_rente(500, date(2024, 3, 1), date(2024, 3, 1)) == 0.0


@pytest.mark.parametrize(("begin", "eind", "says"), [
    (date(2012, 6, 30), date(2013, 1, 1), "'begin' moet op of na 01-07-2012"),
    (date(2025, 1, 1), date(2026, 1, 2), "'eind' mag niet na 01-01-2026"),
    (date(2024, 1, 1), date(2023, 1, 1), "'eind' moet op of na 'begin'"),
])
def test_dates_outside_the_table_get_a_dutch_message(begin, eind, says):
    with pytest.raises(ValueError, match=says):
        schulden.wettelijke_rente(1_000, begin, eind)


def test_a_date_must_be_a_date():
    with pytest.raises(TypeError, match="'begin' moet een datum zijn"):
        schulden.wettelijke_rente(1_000, "2024-01-01", date(2025, 1, 1))


# --------------------------------------------------------------------------- art. 6:44 BW


@pytest.mark.parametrize(("bedrag", "expected"), [
    (100, (50.0, 30.0, 1_000.0, 0.0)),     # costs only
    (200, (0.0, 0.0, 980.0, 0.0)),         # costs, interest, then principal
    (1_300, (0.0, 0.0, 0.0, 120.0)),       # everything, with 120 left over
    (0, (150.0, 30.0, 1_000.0, 0.0)),
])
def test_a_payment_goes_to_costs_then_interest_then_principal(bedrag, expected):
    result = schulden.boek_betaling(bedrag, kosten=150, rente=30, hoofdsom=1_000)
    assert (result.kosten, result.rente, result.hoofdsom, result.over) == pytest.approx(expected)


def test_a_negative_payment_is_refused():
    with pytest.raises(ValueError, match="^'bedrag' moet"):
        schulden.boek_betaling(-1, 0, 0, 100)


# --------------------------------------------------------------------------- court and protection


@pytest.mark.parametrize(("vordering", "on", "expected"), [
    (500, None, 130), (500.01, None, 328), (1_500, None, 328), (2_400, None, 372),
    (4_000, None, 496), (12_500, None, 524), (12_500.01, None, 1_409),
    (480, date(2022, 6, 1), 128), (20_000, date(2023, 12, 31), 1_384),
])
def test_the_court_fee_follows_the_band_of_the_claim_on_its_date(vordering, on, expected):
    assert schulden.griffierecht(vordering, on) == expected


def test_no_court_fee_before_the_first_table():
    with pytest.raises(ValueError, match="vóór 01-01-2022"):
        schulden.griffierecht(100, date(2021, 6, 1))


@pytest.mark.parametrize(("kind", "expected"), [
    ("alleenstaande", 1_300.61),        # 95 % of 1,369.06
    ("alleenstaande_ouder", 1_300.61),  # the same norm since 2015
    ("gehuwden", 1_858.01),             # 95 % of 1,955.80
])
def test_the_beslagvrije_voet_is_95_percent_of_the_norm(kind, expected):
    assert schulden.beslagvrije_voet(kind) == expected


def test_the_beslagvrije_voet_did_not_exist_in_this_form_before_2021():
    with pytest.raises(ValueError, match="vóór"):
        schulden.beslagvrije_voet("alleenstaande", on=date(2020, 12, 31))


@pytest.mark.parametrize(("kind", "error", "says"), [
    ("student", ValueError, "'huishouden_type' moet een van alleenstaande"),
    (3, TypeError, "'huishouden_type' moet tekst zijn"),
])
def test_an_unknown_household_type_is_refused(kind, error, says):
    with pytest.raises(error, match=says):
        schulden.beslagvrije_voet(kind)


def test_repayment_capacity_is_income_above_the_protected_amount_never_negative():
    assert schulden.afloscapaciteit("alleenstaande", 1_500) == 199.39
    assert schulden.afloscapaciteit("gehuwden", 1_858.01) == 0.0
    assert schulden.afloscapaciteit("alleenstaande", 0) == 0.0


# --------------------------------------------------------------------------- pro rata and settlement


def test_pro_rata_shares_in_proportion_and_adds_up_to_the_cent():
    shares = schulden.pro_rata({"A": 100, "B": 100, "C": 100}, 100)
    assert shares.sum() == pytest.approx(100.0)
    assert sorted(shares) == [33.33, 33.33, 33.34]


def test_nobody_gets_more_than_its_claim():
    shares = schulden.pro_rata({"A": 300, "B": 100}, 1_000)
    assert shares.to_dict() == {"A": 300.0, "B": 100.0}


def test_zero_claims_get_nothing():
    assert schulden.pro_rata({"A": 0, "B": 0}, 50).to_dict() == {"A": 0.0, "B": 0.0}
    assert schulden.pro_rata({"A": 0, "B": 10}, 50).to_dict() == {"A": 0.0, "B": 10.0}


@given(st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=12),
       st.integers(min_value=0, max_value=2_000_000))
@PROPERTY
def test_pro_rata_adds_up_exactly_and_respects_every_claim(claims_cents, pot_cents):
    claims = {f"S{i}": c / 100 for i, c in enumerate(claims_cents)}
    shares = schulden.pro_rata(claims, pot_cents / 100)
    assert round(shares.sum() * 100) == min(pot_cents, sum(claims_cents))
    for name, claim in claims.items():
        assert 0 <= shares[name] <= claim
        # within a cent of the exact proportional share
        total = sum(claims_cents)
        if total:
            exact = min(pot_cents, total) * claim * 100 / total / 100
            assert abs(shares[name] - exact) <= 0.01 + 1e-9


@pytest.mark.parametrize(("claims", "says"), [
    ({}, "ten minste één schuldeiser"),
    ({"A": -5}, "'vordering van A' moet"),
    ([100, 200], "'vorderingen' moet per schuldeiser"),
])
def test_bad_claims_are_refused_in_dutch(claims, says):
    with pytest.raises(ValueError, match=says):
        schulden.pro_rata(claims, 10)


def test_the_settlement_lasts_18_months_since_july_2023_and_forgives_the_rest():
    assert facts.value("looptijd_schuldregeling") == 18
    table = schulden.schuldregeling({"Verhuurder": 3_000, "Energie": 1_000}, 100)
    assert table.loc["Verhuurder", "aanbod"] == 1_350.0  # 3/4 of 18 x 100
    assert table.loc["Energie", "aanbod"] == 450.0
    assert table["percentage"].tolist() == pytest.approx([0.45, 0.45])
    assert table.loc["Verhuurder", "kwijtgescholden"] == 1_650.0


def test_a_settlement_never_pays_more_than_is_owed():
    table = schulden.schuldregeling({"A": 500}, 100, looptijd=36)
    assert table.loc["A", "aanbod"] == 500.0
    assert table.loc["A", "kwijtgescholden"] == 0.0
    assert table.loc["A", "percentage"] == 1.0


# --------------------------------------------------------------------------- the simulation

MINIMUM = Huishouden("alleenstaande", 1_369.06, 950)  # capacity 68.45 per month


def test_month_by_month_a_private_claim_gets_costs_then_interest():
    creditor = Schuldeiser("Webwinkel", "particulier", 1_000)
    sim = schulden.simuleer(MINIMUM, [creditor], maanden=25)
    month0, month1 = sim.schuld(0).loc["Webwinkel"], sim.schuld(1).loc["Webwinkel"]
    assert month0["incassokosten"] == 0 and month0["rente"] == 0  # the 14-day letter is free
    assert month1["incassokosten"] == 150.0
    assert month1["rente"] == pytest.approx(1_000 * 0.06 / 12, abs=0.01)
    # After 12 months in default the year's interest (60) joins the base (art. 6:119 lid 2).
    year1 = 1_000 * 0.06
    assert sim.schuld(12).loc["Webwinkel", "rente"] == pytest.approx(year1, abs=0.01)
    assert sim.schuld(24).loc["Webwinkel", "rente"] == pytest.approx(year1 + 1_060 * 0.06, abs=0.01)


def test_going_to_court_adds_the_fee_the_summons_the_judgment_and_then_seizes_wages():
    creditor = Schuldeiser("Energie", "particulier", 640, executie_na=9)
    sim = schulden.simuleer(MINIMUM, [creditor], maanden=13)
    before = sim.schuld(8).loc["Energie"].sum() + 640 * 0.06 / 12
    # The claim at the summons is above 500 euro: the 500-1,500 band.
    assert sim.schuld(9).loc["Energie", "proceskosten"] == pytest.approx(
        schulden.griffierecht(before) + facts.value("btag_dagvaarding"))
    assert schulden.griffierecht(before) == 328
    assert sim.schuld(11).loc["Energie", "proceskosten"] == pytest.approx(
        328 + facts.value("btag_dagvaarding") + facts.value("btag_betekening_titel"))
    assert sim.betaald["maand"].min() == 12
    assert sim.betaald["bedrag"].iloc[0] == pytest.approx(1_369.06 - 1_300.61)


def test_a_seizure_pays_the_costs_first():
    creditor = Schuldeiser("Energie", "particulier", 640, executie_na=9)
    sim = schulden.simuleer(MINIMUM, [creditor], maanden=12)
    before = sim.schuld(11).loc["Energie"]
    after = sim.schuld(12).loc["Energie"]
    # The first 68.45 seized goes to the collection costs (96); interest and principal wait.
    assert before["incassokosten"] == float(schulden.incassokosten(640)) == 96.0
    assert after["incassokosten"] == pytest.approx(96.0 - 68.45)
    assert after["proceskosten"] == pytest.approx(before["proceskosten"] + facts.value("btag_loonbeslag"))
    assert after["hoofdsom"] == 640.0
    assert after["rente"] == pytest.approx(before["rente"] + 640 * 0.06 / 12, abs=0.01)


def test_the_cjib_triples_a_fine_in_two_reminders_without_interest_or_bik():
    fine = Schuldeiser("CJIB", "cjib", 110)
    sim = schulden.simuleer(MINIMUM, [fine], maanden=6)
    totals = [sim.schuld(m).loc["CJIB"].sum() for m in range(7)]
    assert totals[:4] == pytest.approx([110, 110, 165, 330])
    assert totals[6] == pytest.approx(330)
    assert sim.schuld().loc["CJIB", ["incassokosten", "rente"]].sum() == 0


def test_only_one_seizure_runs_at_a_time_first_come_first_served():
    first = Schuldeiser("Eerste", "particulier", 300, executie_na=2)
    second = Schuldeiser("Tweede", "particulier", 300, executie_na=3)
    sim = schulden.simuleer(MINIMUM, [second, first], maanden=30)
    by_month = sim.betaald.groupby("maand")["schuldeiser"].nunique()
    assert (by_month == 1).all()
    assert sim.betaald.iloc[0]["schuldeiser"] == "Eerste"
    paid_off = sim.betaald[sim.betaald["schuldeiser"] == "Eerste"]["maand"].max()
    assert sim.betaald[sim.betaald["schuldeiser"] == "Tweede"]["maand"].min() >= paid_off


def test_no_seizure_takes_income_below_the_protected_amount():
    poor = Huishouden("alleenstaande", 1_200)
    sim = schulden.simuleer(poor, [Schuldeiser("A", "particulier", 800, executie_na=2)], maanden=20)
    assert sim.betaald.empty


def test_help_freezes_the_claims_and_offers_18_months_of_capacity_pro_rata():
    household, creditors = schulden.preset("alleenstaande_bijstand")
    sim = schulden.simuleer(household, creditors, maanden=60, hulp_na=24)
    assert sim.posten["maand"].max() == 24
    owed = sim.schuld(24).sum(axis=1)
    assert sim.regeling["vordering"].to_dict() == pytest.approx(owed.round(2).to_dict())
    assert sim.regeling["aanbod"].sum() == pytest.approx(min(18 * 68.45, owed.sum()))


def test_help_now_offers_the_principal_waiting_makes_the_household_pay_the_costs():
    household, creditors = schulden.preset("alleenstaande_bijstand")
    table = schulden.vergelijk_hulp(household, creditors, 48)
    now, later = table.loc["hulp nu"], table.loc["hulp na 48 maanden"]
    principal = sum(c.hoofdsom for c in creditors)
    assert now["schuld_bij_hulp"] == principal and now["kosten_en_rente"] == 0
    assert now["aanbod"] == pytest.approx(18 * 68.45)
    assert now["kwijtgescholden"] == pytest.approx(principal - 18 * 68.45)
    assert later["kosten_en_rente"] > principal  # the costs outgrow the small debts
    assert later["schuldeisers_ontvangen"] > now["schuldeisers_ontvangen"]
    assert later["betaald_via_beslag"] + later["aanbod"] == pytest.approx(later["schuldeisers_ontvangen"])
    # Every euro that creditors received is the household's: principal, costs, interest.
    assert later["schuldeisers_ontvangen"] == pytest.approx(
        later["kosten_en_rente"] + principal - later["schuld_bij_hulp"] + later["aanbod"], abs=0.02)
    assert now["huishouden_houdt"] == later["huishouden_houdt"] == 1_300.61
    assert now["leefgeld"] == pytest.approx(1_300.61 - 950)  # after rent, energy, insurance


def test_without_capacity_everything_is_forgiven():
    poor = Huishouden("gehuwden", 1_500)
    table = schulden.vergelijk_hulp(poor, [Schuldeiser("A", "particulier", 900)], 0)
    assert table.loc["hulp nu", "aanbod"] == 0 and table.loc["hulp nu", "kwijtgescholden"] == 900


@pytest.mark.parametrize("name", list(schulden.PRESETS))
def test_every_preset_is_valid_and_grows_when_help_waits(name):
    household, creditors = schulden.preset(name)
    table = schulden.vergelijk_hulp(household, creditors, 48)
    assert table.loc["hulp na 48 maanden", "kosten_en_rente"] > 0
    assert household.afloscapaciteit >= 0


# --------------------------------------------------------------------------- the presets file

PRESET_FILE = """
[voorbeeld]
titel = "Een voorbeeld"
beschrijving = "Alleenstaande met een achterstand."
huishouden = { type = "alleenstaande", netto_inkomen = 1_400, vaste_lasten = 900 }
schuldeisers = [
    { naam = "Energieleverancier", soort = "particulier", hoofdsom = 640, executie_na = 9 },
    { naam = "CJIB", soort = "cjib", hoofdsom = 110, btw = false },
]
"""


def _load_presets(tmp_path, text=PRESET_FILE):
    path = tmp_path / "voorbeelden.toml"
    path.write_text(text, encoding="utf-8")
    return schulden._load_presets(path)


def test_a_presets_file_gives_households_and_creditors(tmp_path):
    assert _load_presets(tmp_path) == {"voorbeeld": {
        "titel": "Een voorbeeld",
        "beschrijving": "Alleenstaande met een achterstand.",
        "huishouden": Huishouden("alleenstaande", 1_400, 900),
        "schuldeisers": (Schuldeiser("Energieleverancier", "particulier", 640, executie_na=9),
                         Schuldeiser("CJIB", "cjib", 110)),
    }}


def test_the_presets_come_from_the_data_file_in_its_order():
    assert list(schulden.PRESETS) == ["alleenstaande_bijstand", "alleenstaande_ouder", "gezin_autolening"]
    assert schulden.PRESETS["alleenstaande_bijstand"]["huishouden"] == Huishouden("alleenstaande", 1_369.06, 950)
    assert schulden.PRESETS["gezin_autolening"]["schuldeisers"][0] == Schuldeiser(
        "Kredietverstrekker (auto)", "particulier", 6_500, executie_na=6)
    # A file left out of the package data is missing from a (non-editable) install.
    root = Path(__file__).resolve().parents[1]
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["modules"]
    relative = Path(str(schulden.PRESETS_FILE)).relative_to(root / "modules")
    assert any(relative.match(pattern) for pattern in patterns)


@pytest.mark.parametrize(("old", "new", "says"), [
    ("hoofdsom = 640", "hoofdsom = 0", r"voorbeeld 'voorbeeld', schuldeiser 1: 'hoofdsom' moet"),
    ("btw = false", 'btw = "nee"', r"voorbeeld 'voorbeeld', schuldeiser 2: 'btw'"),
    ("btw = false", "rente = 0.06", r"voorbeeld 'voorbeeld', schuldeiser 2: onbekend veld 'rente'"),
    ('naam = "CJIB", ', "", r"voorbeeld 'voorbeeld', schuldeiser 2: het veld 'naam' ontbreekt"),
    ("netto_inkomen = 1_400", "netto_inkomen = -1", r"voorbeeld 'voorbeeld', huishouden: 'netto_inkomen' moet"),
    ('type = "alleenstaande"', 'type = "student"', r"voorbeeld 'voorbeeld', huishouden: 'huishouden_type'"),
    ('titel = "Een voorbeeld"', 'titel = ""', r"voorbeeld 'voorbeeld': 'titel' moet een niet-lege tekst zijn"),
    ('titel = "Een voorbeeld"', 'naam = "Een voorbeeld"', r"voorbeeld 'voorbeeld': het veld 'titel' ontbreekt"),
    ("huishouden = {", "gezin = {", r"voorbeeld 'voorbeeld': het veld 'huishouden' ontbreekt"),
    ("[voorbeeld]", "[voorbeeld", r"het bestand met voorbeelden is niet te lezen"),
])
def test_a_bad_presets_file_is_refused_naming_the_file_the_example_and_the_field(tmp_path, old, new, says):
    assert old in PRESET_FILE  # else the case would test nothing
    with pytest.raises(ValueError, match=r"voorbeelden\.toml[,:] " + says):
        _load_presets(tmp_path, PRESET_FILE.replace(old, new, 1))


def test_a_presets_file_without_examples_or_creditors_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"voorbeelden\.toml: het bestand bevat geen voorbeelden"):
        _load_presets(tmp_path, "# nog niets\n")
    no_creditors = PRESET_FILE.split("schuldeisers = [")[0] + "schuldeisers = []\n"
    with pytest.raises(ValueError, match=r"voorbeelden\.toml, voorbeeld 'voorbeeld': 'schuldeisers' moet een niet-lege lijst"):
        _load_presets(tmp_path, no_creditors)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("make", "says"), [
    (lambda: Schuldeiser("", "particulier", 100), "'naam' van een schuldeiser"),
    (lambda: Schuldeiser("Bank", "bank", 100), "'soort' van Bank moet een van particulier, cjib"),
    (lambda: Schuldeiser("Bank", "particulier", 0), "'hoofdsom' moet"),
    (lambda: Schuldeiser("Bank", "particulier", 100, executie_na=1), "'executie_na' moet liggen in"),
    (lambda: Schuldeiser("CJIB", "cjib", 100, executie_na=3), r"'executie_na' moet liggen in \[4; 120\]"),
    (lambda: Huishouden("student", 1_000), "'huishouden_type'"),
    (lambda: Huishouden("alleenstaande", float("nan")), "'netto_inkomen' moet"),
    (lambda: Huishouden("alleenstaande", 1_000, -5), "'vaste_lasten' moet"),
])
def test_bad_households_and_creditors_get_dutch_messages(make, says):
    with pytest.raises(ValueError, match=says):
        make()


@pytest.mark.parametrize(("creditors", "says"), [
    ([], "1 tot en met 20 schuldeisers"),
    ([Schuldeiser(f"S{i}", "particulier", 10) for i in range(21)], "1 tot en met 20 schuldeisers"),
    ([Schuldeiser("A", "particulier", 10), Schuldeiser("A", "cjib", 10)], "'A' staat er vaker in"),
    ([{"naam": "A"}], "alleen schuldeisers"),
    (Schuldeiser("A", "particulier", 10), "een lijst van schuldeisers"),
])
def test_the_list_of_creditors_is_checked(creditors, says):
    with pytest.raises(ValueError, match=says):
        schulden.simuleer(MINIMUM, creditors)


def test_an_unknown_preset_is_refused():
    with pytest.raises(ValueError, match="'name' moet een van alleenstaande_bijstand"):
        schulden.preset("onbekend")


_ONE = [Schuldeiser("A", "particulier", 100)]
(test_numeric_inputs_out_of_range_are_refused,
 test_numeric_inputs_of_the_wrong_type_are_refused,
 test_numeric_inputs_accept_their_bounds) = refusal_tests({
    "maanden": Input("maanden", schulden.MAANDEN, lambda v: schulden.simuleer(MINIMUM, _ONE, maanden=v),
                     integer=True),
    "wachttijd": Input("wachttijd", schulden.WACHTTIJD,
                       lambda v: schulden.vergelijk_hulp(MINIMUM, _ONE, wachttijd=v), integer=True),
    "netto_inkomen": Input("netto_inkomen", schulden.INKOMEN,
                           lambda v: schulden.afloscapaciteit("alleenstaande", v)),
    "vaste_lasten": Input("vaste_lasten", schulden.VASTE_LASTEN,
                          lambda v: Huishouden("alleenstaande", 1_000, v)),
})


def test_help_cannot_come_after_the_end_of_the_simulation():
    with pytest.raises(ValueError, match=r"'hulp_na' moet liggen in \[0; 12\]"):
        schulden.simuleer(MINIMUM, _ONE, maanden=12, hulp_na=13)


def test_the_simulation_tables_are_long_and_complete():
    sim = schulden.simuleer(MINIMUM, _ONE, maanden=3)
    assert list(sim.posten.columns) == ["maand", "schuldeiser", "post", "bedrag"]
    assert len(sim.posten) == 4 * len(schulden.POSTEN)
    assert isinstance(sim.totaal_per_maand(), pd.DataFrame)
    assert list(sim.totaal_per_maand().columns) == list(schulden.POSTEN)


@pytest.mark.parametrize("key", ["btag_dagvaarding", "btag_betekening_titel", "btag_loonbeslag"])
def test_the_2025_bailiff_tariffs_are_the_2026_ones_before_their_stated_indexation(key):
    # Btag art. 14: the tariffs of 1 January 2026 are those of 2025 raised by 5.1629 %.
    in_2026 = facts.value(key, on=date(2026, 1, 1))
    assert facts.value(key, on=date(2025, 7, 1)) == pytest.approx(in_2026 / 1.051629, abs=0.005)
    assert facts.value(key, on=date(2024, 7, 1)) < facts.value(key, on=date(2025, 7, 1)) < in_2026


def test_the_bailiffs_summons_in_2024_is_the_published_tariff():
    assert facts.value("btag_dagvaarding", on=date(2024, 3, 1)) == 112.37
    assert facts.value("btag_loonbeslag", on=date(2024, 3, 1)) == 165.48
    assert facts.value("btag_betekening_titel", on=date(2026, 3, 1)) == 136.71
