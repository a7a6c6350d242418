"""The mgv model: MITI 4.2.1 scores by hand, coded transcripts, and the simulated client.

Read as a specification. The MITI arithmetic is worked out by hand from the manual's
formulas and thresholds (moyers2014miti). The simulated client is held to the properties
the module promises, whatever its exact numbers: MI-consistent moves make change talk more
likely but always leave room for sustain talk (apodaca2016sequential, magill2018);
confronting never makes the client readier; reflections alone never reach planning; a
seed gives one conversation, and changing a later turn leaves the earlier ones as they
were. The scenario files are checked against the schema, and each real scenario must be
winnable with MI and not with its opposite.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules import mgv
from modules.mgv import ClientState, Option, Scenario, Turn
from tests.strategies import PANDAS_PROPERTY, PROPERTY

NAN = float("nan")
INF = float("inf")
GLOBALS = dict(cultivating_change_talk=4, softening_sustain_talk=3, partnership=4, empathy=4)

# ======================================================================================
# MITI 4.2.1 summary scores
# ======================================================================================


def test_the_worked_example_sr6_cr4_q5():
    # %CR = 4 / (6 + 4) = 0.40: exactly the fair threshold. R:Q = (6 + 4) / 5 = 2.0: good.
    scores = mgv.miti_summary({"SR": 6, "CR": 4, "Q": 5})
    assert scores["percent_complex_reflections"].value == 0.4
    assert scores["percent_complex_reflections"].rating == "redelijk"
    assert scores["reflection_to_question"].value == 2.0
    assert scores["reflection_to_question"].rating == "goed"


def test_the_summary_has_the_contracts_keys_in_order_with_dutch_labels():
    without = mgv.miti_summary({"SR": 1})
    assert list(without) == ["percent_complex_reflections", "reflection_to_question",
                             "total_mi_adherent", "total_mi_non_adherent"]
    with_globals = mgv.miti_summary({"SR": 1}, GLOBALS)
    assert list(with_globals) == ["technical_global", "relational_global", *without]
    assert {key: s.label for key, s in with_globals.items()} == mgv.SUMMARY_LABELS
    assert all(isinstance(s, mgv.SummaryScore) for s in with_globals.values())


def test_the_codes_and_global_keys_are_those_of_the_manual():
    assert mgv.MITI_CODES == ("GI", "PERSUADE", "PERSUADE_WITH_PERMISSION", "Q", "SR", "CR", "AF", "SEEK",
                              "EMPHASIZE", "CONFRONT")
    assert mgv.GLOBAL_KEYS == ("cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy")
    assert mgv.THRESHOLDS == {"technical_global": (3, 4), "relational_global": (3.5, 4),
                              "percent_complex_reflections": (0.4, 0.5), "reflection_to_question": (1, 2)}


def test_totals_of_adherent_and_non_adherent_behaviour_by_hand():
    counts = {"GI": 7, "PERSUADE": 2, "PERSUADE_WITH_PERMISSION": 3, "Q": 4, "SR": 1, "CR": 1,
              "AF": 2, "SEEK": 3, "EMPHASIZE": 1, "CONFRONT": 4}
    scores = mgv.miti_summary(counts)
    # MIA = SEEK + AF + EMPHASIZE = 3 + 2 + 1; MINA = CONFRONT + PERSUADE = 4 + 2. Giving
    # information and persuading with permission count in neither.
    assert scores["total_mi_adherent"] == mgv.SummaryScore(6, None, "Totaal MI-consistent gedrag")
    assert scores["total_mi_non_adherent"] == mgv.SummaryScore(6, None, "Totaal MI-inconsistent gedrag")
    assert isinstance(scores["total_mi_adherent"].value, int)


@pytest.mark.parametrize(("globals_", "technical", "relational"), [
    # technical = (cultivating + softening) / 2, relational = (partnership + empathy) / 2
    ((4, 4, 4, 4), (4.0, "goed"), (4.0, "goed")),               # both exactly at "good"
    ((3, 3, 4, 3), (3.0, "redelijk"), (3.5, "redelijk")),       # both exactly at "fair"
    ((3, 2, 3, 3), (2.5, "onder de drempel"), (3.0, "onder de drempel")),
    ((5, 3, 5, 2), (4.0, "goed"), (3.5, "redelijk")),
    ((4, 3, 4, 3), (3.5, "redelijk"), (3.5, "redelijk")),       # 3.5 is good for nothing technical
    ((1, 1, 1, 1), (1.0, "onder de drempel"), (1.0, "onder de drempel")),
    ((3.5, 4.5, 3.75, 3.25), (4.0, "goed"), (3.5, "redelijk")),  # averages of coders
])
def test_global_summary_scores_and_their_thresholds(globals_, technical, relational):
    scores = mgv.miti_summary({}, dict(zip(mgv.GLOBAL_KEYS, globals_)))
    assert (scores["technical_global"].value, scores["technical_global"].rating) == technical
    assert (scores["relational_global"].value, scores["relational_global"].rating) == relational


@pytest.mark.parametrize(("sr", "cr", "value", "rating"), [
    (1, 1, 0.5, "goed"),                 # exactly the good threshold
    (3, 2, 0.4, "redelijk"),             # exactly the fair threshold
    (2, 1, 1 / 3, "onder de drempel"),
    (0, 3, 1.0, "goed"),
    (3, 0, 0.0, "onder de drempel"),     # reflections, none complex: 0, not undefined
    (11, 9, 0.45, "redelijk"),
])
def test_percentage_complex_reflections(sr, cr, value, rating):
    score = mgv.miti_summary({"SR": sr, "CR": cr})["percent_complex_reflections"]
    assert score.value == pytest.approx(value)
    assert score.rating == rating


@pytest.mark.parametrize(("sr", "cr", "q", "value", "rating"), [
    (1, 1, 1, 2.0, "goed"),              # exactly 2:1
    (1, 0, 1, 1.0, "redelijk"),          # exactly 1:1
    (2, 1, 4, 0.75, "onder de drempel"),
    (0, 0, 3, 0.0, "onder de drempel"),  # questions, no reflections: 0, not undefined
    (5, 5, 4, 2.5, "goed"),
    (3, 0, 2, 1.5, "redelijk"),
])
def test_reflection_to_question_ratio(sr, cr, q, value, rating):
    score = mgv.miti_summary({"SR": sr, "CR": cr, "Q": q})["reflection_to_question"]
    assert (score.value, score.rating) == (pytest.approx(value), rating)


def test_undefined_ratios_are_none_not_a_division_by_zero():
    scores = mgv.miti_summary({})
    assert scores["percent_complex_reflections"] == mgv.SummaryScore(None, None, "Percentage complexe reflecties")
    assert scores["reflection_to_question"].value is None and scores["reflection_to_question"].rating is None
    assert scores["total_mi_adherent"].value == 0
    assert mgv.miti_summary({"Q": 0, "SR": 2})["reflection_to_question"].value is None
    assert mgv.miti_summary({"Q": 3})["percent_complex_reflections"].value is None


def test_counts_from_sliders_numpy_and_value_counts_are_accepted():
    as_floats = mgv.miti_summary({"SR": 6.0, "CR": np.int64(4), "Q": 5})
    as_series = mgv.miti_summary(pd.Series(["SR"] * 6 + ["CR"] * 4 + ["Q"] * 5).value_counts())
    assert as_floats == as_series == mgv.miti_summary({"SR": 6, "CR": 4, "Q": 5})


@pytest.mark.parametrize(("counts", "says"), [
    ({"SR": -1}, r"^'SR' moet liggen in \[0; ∞\) uitingen; ontvangen: -1"),
    ({"CR": 2.5}, r"^'CR' moet een geheel getal zijn in \[0; ∞\) uitingen; ontvangen: 2,5"),
    ({"Q": NAN}, r"^'Q' moet een eindig getal zijn in \[0; ∞\)"),
    ({"Q": INF}, r"^'Q' moet een eindig getal zijn"),
    ({"AF": True}, r"^'AF' moet een getal zijn"),
    ({"AF": np.bool_(False)}, r"^'AF' moet een getal zijn"),
    ({"SEEK": "3"}, r"^'SEEK' moet een getal zijn; ontvangen: '3'"),
    ({"SEEK": None}, r"^'SEEK' moet een getal zijn"),
    ({"XX": 1}, r"^'counts' bevat een onbekende code 'XX'; toegestaan: GI, PERSUADE, .*CONFRONT"),
    ({"sr": 1}, r"^'counts' bevat een onbekende code 'sr'"),
    ([("SR", 1)], r"^'counts' moet per MITI-code een aantal geven"),
    (None, r"^'counts' moet per MITI-code een aantal geven"),
])
def test_bad_counts_get_a_dutch_value_error_naming_the_code_and_range(counts, says):
    with pytest.raises(ValueError, match=says):
        mgv.miti_summary(counts)


@pytest.mark.parametrize(("scores", "says"), [
    ({**GLOBALS, "empathy": 0}, r"^'empathy' moet liggen in \[1; 5\] punten; ontvangen: 0"),
    ({**GLOBALS, "partnership": 5.5}, r"^'partnership' moet liggen in \[1; 5\] punten"),
    ({**GLOBALS, "partnership": 6}, r"^'partnership' moet liggen in \[1; 5\]"),
    ({**GLOBALS, "empathy": NAN}, r"^'empathy' moet een eindig getal zijn in \[1; 5\]"),
    ({**GLOBALS, "empathy": True}, r"^'empathy' moet een getal zijn"),
    ({**GLOBALS, "empathy": "4"}, r"^'empathy' moet een getal zijn"),
    ({k: v for k, v in GLOBALS.items() if k != "empathy"}, r"^'global_scores' mist empathy; geef alle vier"),
    ({}, r"^'global_scores' mist cultivating_change_talk, softening_sustain_talk, partnership, empathy"),
    ({**GLOBALS, "spirit": 3}, r"^'global_scores' bevat een onbekende score 'spirit'; toegestaan: "),
    ([4, 3, 4, 4], r"^'global_scores' moet per globale score een cijfer geven"),
])
def test_bad_global_scores_get_a_dutch_value_error(scores, says):
    with pytest.raises(ValueError, match=says):
        mgv.miti_summary({"SR": 1}, scores)


@given(st.dictionaries(st.sampled_from(mgv.MITI_CODES), st.integers(0, 500)))
@PROPERTY
def test_summary_follows_the_formulas_for_any_counts(counts):
    c = {code: counts.get(code, 0) for code in mgv.MITI_CODES}
    scores = mgv.miti_summary(counts)
    reflections = c["SR"] + c["CR"]
    if reflections:
        assert scores["percent_complex_reflections"].value == c["CR"] / reflections
        assert 0 <= scores["percent_complex_reflections"].value <= 1
    else:
        assert scores["percent_complex_reflections"].value is None
    assert scores["reflection_to_question"].value == (reflections / c["Q"] if c["Q"] else None)
    assert scores["total_mi_adherent"].value == c["SEEK"] + c["AF"] + c["EMPHASIZE"]
    assert scores["total_mi_non_adherent"].value == c["CONFRONT"] + c["PERSUADE"]
    for key, score in scores.items():
        assert score.rating in ((*mgv.RATINGS, None) if key in mgv.THRESHOLDS else (None,))


# ======================================================================================
# Coded transcripts
# ======================================================================================

TRANSCRIPT = pd.DataFrame({
    "spreker": ["hulpverlener", "cliënt", "hulpverlener", "cliënt", "hulpverlener", "cliënt",
                "hulpverlener", "cliënt", "hulpverlener", "cliënt"],
    "uiting": ["Wat brengt je hier?", "De huur, ik loop achter.", "Je maakt je zorgen.",
               "Ja, ik wil niet op straat staan.", "Je moet gewoon bellen.", "Dat lukt toch niet.",
               "Mm.", "Maar misschien kan mijn zus helpen.", "Jij weet wat bij je past.",
               "Ik bel morgen de woningcorporatie."],
    "code": ["Q", "FN", "CR", "D+", "PERSUADE", "A-", "", "A+", "EMPHASIZE", "C+"],
})


def test_count_codes_counts_counsellor_codes_and_gives_every_code():
    counts = mgv.count_codes(TRANSCRIPT)
    assert list(counts) == list(mgv.MITI_CODES)
    assert counts == {**dict.fromkeys(mgv.MITI_CODES, 0), "Q": 1, "CR": 1, "PERSUADE": 1, "EMPHASIZE": 1}
    summary = mgv.miti_summary(counts)
    assert summary["percent_complex_reflections"].value == 1.0 and summary["reflection_to_question"].value == 1.0


def test_a_transcript_file_reads_as_text_with_empty_codes_kept(tmp_path):
    path = tmp_path / "gesprek.csv"
    path.write_text('spreker,uiting,code\nhulpverlener,"Wat brengt u hier, vandaag?",Q\n'
                    "cliënt,Ik wil dat het ophoudt., D+\nhulpverlener,Hm.,\n", encoding="utf-8")
    table = mgv.load_transcript(path)
    assert table.to_dict("list") == {"spreker": ["hulpverlener", "cliënt", "hulpverlener"],
                                     "uiting": ["Wat brengt u hier, vandaag?", "Ik wil dat het ophoudt.", "Hm."],
                                     "code": ["Q", "D+", ""]}


@pytest.mark.parametrize("content, says", [
    ("spreker,uiting\nhulpverlener,Hallo\n", "mist de kolom(men) code"),
    ("spreker,uiting,code\nhulpverlener,Hallo,XYZ\n", "XYZ"),
])
def test_a_bad_transcript_file_gets_a_dutch_message(tmp_path, content, says):
    path = tmp_path / "gesprek.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(says)):
        mgv.load_transcript(path)


def test_every_code_has_a_dutch_name_and_the_course_transcripts_read():
    assert set(mgv.MITI_LABELS) == set(mgv.MITI_CODES)
    assert set(mgv.CLIENT_LABELS) == set(mgv.CLIENT_CODES)
    for path in sorted(mgv.DATA_DIR.glob("*.csv")):
        assert len(mgv.load_transcript(path)) >= 20, path.name


def test_talk_balance_by_hand():
    balance = mgv.talk_balance(TRANSCRIPT)
    # Client: FN, D+, A-, A+, C+ -> change talk 3, sustain talk 1, share 3 / 4.
    assert (balance.change_talk, balance.sustain_talk, balance.percent_change_talk) == (3, 1, 0.75)
    table = balance.cumulative
    assert list(table.columns) == ["uiting", "rij", "code", "verandertaal", "behoudtaal", "aandeel verandertaal"]
    assert table["uiting"].tolist() == [1, 2, 3, 4, 5]
    assert table["rij"].tolist() == [1, 3, 5, 7, 9]
    assert table["verandertaal"].tolist() == [0, 1, 1, 2, 3]
    assert table["behoudtaal"].tolist() == [0, 0, 1, 1, 1]
    shares = table["aandeel verandertaal"].tolist()
    assert math.isnan(shares[0]) and shares[1:] == [1.0, 0.5, 2 / 3, 0.75]


def test_uncoded_utterances_and_another_spelling_of_client_are_accepted():
    transcript = pd.DataFrame({"spreker": ["hulpverlener", "clie\u0308nt", " cliënt "],
                               "uiting": ["Hoe gaat het?", "Goed.", "Echt."], "code": [None, NAN, ""]})
    assert sum(mgv.count_codes(transcript).values()) == 0
    balance = mgv.talk_balance(transcript)
    assert (balance.change_talk, balance.sustain_talk, balance.percent_change_talk) == (0, 0, None)
    assert len(balance.cumulative) == 2


@pytest.mark.parametrize(("transcript", "error", "says"), [
    ([["hulpverlener", "Hoi", "Q"]], TypeError, r"^'transcript' moet een pandas DataFrame zijn"),
    (pd.DataFrame({"spreker": ["cliënt"], "uiting": ["Ja."]}), ValueError, r"^'transcript' mist de kolom 'code'"),
    (pd.DataFrame({"spreker": ["client"], "uiting": ["Ja."], "code": ["FN"]}), ValueError,
     r"^'spreker' in de rij met index 0 moet 'hulpverlener' of 'cliënt' zijn; ontvangen: 'client'"),
    (pd.DataFrame({"spreker": ["hulpverlener"], "uiting": ["Ja."], "code": ["D+"]}), ValueError,
     r"^'code' in de rij met index 0 \(hulpverlener\) moet een van GI, .* zijn, of leeg; ontvangen: 'D\+'"),
    (pd.DataFrame({"spreker": ["cliënt"], "uiting": ["Ja."], "code": ["CR"]}), ValueError,
     r"^'code' in de rij met index 0 \(cliënt\) moet een van D\+, .*FN zijn"),
    (pd.DataFrame({"spreker": ["cliënt"], "uiting": ["Ja."], "code": [3]}), TypeError,
     r"^'code' in de rij met index 0 moet tekst zijn"),
])
def test_a_bad_transcript_gets_a_dutch_message_naming_the_column(transcript, error, says):
    for function in (mgv.count_codes, mgv.talk_balance):
        with pytest.raises(error, match=says) as raised:
            function(transcript)
        assert isinstance(raised.value, ValueError)


rows = st.one_of(
    st.tuples(st.just("hulpverlener"), st.sampled_from([*mgv.MITI_CODES, ""])),
    st.tuples(st.just("cliënt"), st.sampled_from([*mgv.CLIENT_CODES, ""])),
)


@given(st.lists(rows, max_size=40))
@PANDAS_PROPERTY
def test_counting_a_transcript_agrees_with_a_plain_tally(coded):
    transcript = pd.DataFrame({"spreker": [s for s, _ in coded], "uiting": ["..."] * len(coded),
                               "code": [c for _, c in coded]})
    tally = Counter(c for s, c in coded if s == "hulpverlener" and c)
    assert mgv.count_codes(transcript) == {code: tally[code] for code in mgv.MITI_CODES}
    client = [c for s, c in coded if s == "cliënt"]
    balance = mgv.talk_balance(transcript)
    change = sum(c.endswith("+") for c in client)
    sustain = sum(c.endswith("-") for c in client)
    assert (balance.change_talk, balance.sustain_talk) == (change, sustain)
    assert balance.percent_change_talk == (change / (change + sustain) if change + sustain else None)
    assert len(balance.cumulative) == len(client)
    if client:
        assert balance.cumulative["verandertaal"].iloc[-1] == change
        assert balance.cumulative["verandertaal"].is_monotonic_increasing


# ======================================================================================
# Agreement with a reference coding
# ======================================================================================


def test_agreement_by_hand():
    coding = ["SR", "Q", "CR", "Q", "GI", "D+"]
    reference = ["CR", "Q", "CR", "SR", "GI", "D+"]
    table = mgv.agreement(coding, reference)
    assert list(table.columns) == ["referentie", "codering", "gelijk", "overeenstemming"]
    assert table.index.tolist() == ["GI", "Q", "SR", "CR", "D+", "totaal"]
    assert table.loc["Q"].tolist() == [1, 2, 1, 0.5]     # 1 alike of the 2 utterances either called Q
    assert table.loc["CR"].tolist() == [2, 1, 1, 0.5]
    assert table.loc["SR"].tolist() == [1, 1, 0, 0.0]    # both used SR once, never on the same utterance
    assert table.loc["GI"].tolist() == [1, 1, 1, 1.0]
    assert table.loc["totaal"].tolist() == [6, 6, 4, 4 / 6]


def test_agreement_names_uncoded_utterances():
    table = mgv.agreement(["", "Q"], [None, "Q"])
    assert table.index.tolist() == ["Q", "(geen code)", "totaal"]
    assert table.loc["totaal", "overeenstemming"] == 1.0


@pytest.mark.parametrize(("coding", "reference", "says"), [
    (["Q", "SR"], ["Q"], r"^'coding' moet even lang zijn als 'reference' \(1 codes\); ontvangen: 2 codes"),
    ([], [], r"^'reference' is leeg"),
    (["Q", "XX"], ["Q", "SR"], r"^'coding' bevat op plaats 1 een onbekende code 'XX'"),
    (["Q"], [7], r"^'reference' bevat op plaats 0 een onbekende code 7"),
    ("QSR", ["Q", "S", "R"], r"^'coding' moet een reeks codes zijn"),
])
def test_bad_codings_get_a_dutch_message(coding, reference, says):
    with pytest.raises(ValueError, match=says):
        mgv.agreement(coding, reference)


codes = st.sampled_from([*mgv.MITI_CODES, *mgv.CLIENT_CODES])


@given(st.lists(st.tuples(codes, codes), min_size=1, max_size=30))
@PANDAS_PROPERTY
def test_agreement_adds_up(pairs):
    coding, reference = [a for a, _ in pairs], [b for _, b in pairs]
    table = mgv.agreement(coding, reference)
    per_code = table.drop(index="totaal")
    assert per_code["referentie"].sum() == per_code["codering"].sum() == len(pairs)
    assert per_code["gelijk"].sum() == table.loc["totaal", "gelijk"] == sum(a == b for a, b in pairs)
    assert (per_code["gelijk"] <= per_code[["referentie", "codering"]].min(axis=1)).all()
    assert per_code["overeenstemming"].between(0, 1).all()
    perfect = mgv.agreement(reference, reference)
    assert (perfect["overeenstemming"] == 1.0).all()


# ======================================================================================
# The simulated client: state, types, validation
# ======================================================================================

states = st.builds(ClientState, st.floats(0, 1), st.floats(0, 1), st.floats(0, 10), st.floats(0, 10),
                   st.sampled_from(mgv.PROCESSES))
not_planning = st.builds(ClientState, st.floats(0, 1), st.floats(0, 1), st.floats(0, 10), st.floats(0, 10),
                         st.sampled_from(mgv.PROCESSES[:3]))
response_types = st.sampled_from(list(mgv.RESPONSE_TYPES))
seeds = st.integers(0, 2**32 - 1)
START = ClientState(0.2, 0.3, 4, 3)


def test_response_types_map_to_the_contracts_miti_codes():
    assert mgv.RESPONSE_TYPES == {
        "open_question": "Q", "closed_question": "Q", "simple_reflection": "SR", "complex_reflection": "CR",
        "summary": "CR", "affirmation": "AF", "seek_collaboration": "SEEK", "emphasize_autonomy": "EMPHASIZE",
        "advice_with_permission": "PERSUADE_WITH_PERMISSION", "giving_information": "GI",
        "advice_without_permission": "PERSUADE", "confrontation": "CONFRONT"}
    assert set(mgv.RESPONSE_LABELS) == set(mgv.RESPONSE_TYPES)
    assert not set(mgv.MI_CONSISTENT) & set(mgv.MI_INCONSISTENT)
    assert set(mgv.RESPONSE_TYPES) - set(mgv.MI_CONSISTENT) - set(mgv.MI_INCONSISTENT) == {
        "closed_question", "giving_information"}
    # MI-inconsistent response types are exactly those with a MITI non-adherent code.
    assert {mgv.RESPONSE_TYPES[t] for t in mgv.MI_INCONSISTENT} == {"PERSUADE", "CONFRONT"}
    assert mgv.PROCESSES == ("engageren", "focussen", "ontlokken", "plannen")
    assert mgv.TALK_KINDS == ("verandertaal", "behoudtaal", "onenigheid", "neutraal")


def test_a_client_starts_in_engaging_and_stores_floats():
    assert START == ClientState(0.2, 0.3, 4.0, 3.0, "engageren")
    assert isinstance(START.importance, float)


@pytest.mark.parametrize(("kwargs", "says"), [
    (dict(readiness=1.5), r"^'readiness' moet liggen in \[0; 1\]; ontvangen: 1,5"),
    (dict(readiness=-0.1), r"^'readiness' moet liggen in \[0; 1\]"),
    (dict(discord=NAN), r"^'discord' moet een eindig getal zijn in \[0; 1\]"),
    (dict(importance=11), r"^'importance' moet liggen in \[0; 10\] punten"),
    (dict(confidence=True), r"^'confidence' moet een getal zijn"),
    (dict(confidence="5"), r"^'confidence' moet een getal zijn"),
    (dict(process="afronden"), r"^'process' moet een van engageren, focussen, ontlokken, plannen zijn"),
])
def test_a_client_state_out_of_range_is_refused(kwargs, says):
    values = dict(readiness=0.2, discord=0.3, importance=4, confidence=3)
    values.update(kwargs)
    with pytest.raises(ValueError, match=says):
        ClientState(**values)


@pytest.mark.parametrize(("args", "error", "says"), [
    ((START, "reflection", np.random.default_rng(0)), ValueError,
     r"^'response_type' moet een van open_question, .*confrontation zijn; ontvangen: 'reflection'"),
    ((START, "CR", np.random.default_rng(0)), ValueError, r"^'response_type' moet een van"),
    ((START, "open_question", 42), TypeError, r"^'rng' moet een numpy Generator zijn"),
    ((START, "open_question", np.random.RandomState(0)), TypeError, r"^'rng' moet een numpy Generator zijn"),
    (((0.2, 0.3, 4, 3), "open_question", np.random.default_rng(0)), TypeError, r"^'state' moet een ClientState"),
])
def test_respond_refuses_bad_input_in_dutch(args, error, says):
    with pytest.raises(error, match=says) as raised:
        mgv.respond(*args)
    assert isinstance(raised.value, ValueError)


# ======================================================================================
# The simulated client: properties
# ======================================================================================


@given(states, response_types, seeds)
@PROPERTY
def test_respond_is_deterministic_for_a_generator_state(state, response_type, seed):
    first = mgv.respond(state, response_type, np.random.default_rng(seed))
    second = mgv.respond(state, response_type, np.random.default_rng(seed))
    assert first == second
    assert first[1] in mgv.TALK_KINDS


@given(states, st.lists(response_types, max_size=30), seeds)
@PROPERTY
def test_every_state_stays_in_range_for_any_sequence_of_responses(state, sequence, seed):
    rng = np.random.default_rng(seed)
    for response_type in sequence:
        before = state
        state, _ = mgv.respond(state, response_type, rng)
        assert 0 <= state.readiness <= 1 and 0 <= state.discord <= 1
        assert 0 <= state.importance <= 10 and 0 <= state.confidence <= 10
        assert state.process in mgv.PROCESSES
        # The processes build on each other: at most one step forward or back per turn.
        assert abs(mgv.PROCESSES.index(state.process) - mgv.PROCESSES.index(before.process)) <= 1


@given(states, st.lists(st.sampled_from(mgv.MI_INCONSISTENT), min_size=1, max_size=25), seeds)
@PROPERTY
def test_a_run_of_confrontations_and_unasked_advice_never_raises_readiness(state, sequence, seed):
    rng = np.random.default_rng(seed)
    for response_type in sequence:
        after, _ = mgv.respond(state, response_type, rng)
        assert after.readiness <= state.readiness
        # Nor does it move the conversation forward.
        assert mgv.PROCESSES.index(after.process) <= mgv.PROCESSES.index(state.process)
        state = after


@given(not_planning, st.lists(st.sampled_from([t for t in mgv.RESPONSE_TYPES if t not in mgv.PLANNING_MOVES]),
                              max_size=30), seeds)
@PROPERTY
def test_reflections_alone_never_reach_planning(state, sequence, seed):
    # Not only reflections: no run without a summary or an open question gets there.
    rng = np.random.default_rng(seed)
    for response_type in sequence:
        state, _ = mgv.respond(state, response_type, rng)
        assert state.process != "plannen"


def test_a_ready_client_reflected_to_the_end_waits_for_a_summary_to_plan():
    state = ClientState(0.9, 0.0, 8, 8, "ontlokken")
    rng = np.random.default_rng(3)
    for _ in range(50):
        state, _ = mgv.respond(state, "complex_reflection", rng)
    assert state.process == "ontlokken"
    assert state.readiness >= mgv.PLANNING_READINESS
    after, _ = mgv.respond(state, "summary", rng)
    assert after.process == "plannen"


def test_a_summary_does_not_plan_with_a_client_that_is_not_ready():
    state = ClientState(mgv.EVOKING_READINESS, 0.0, 4, 4, "ontlokken")
    assert mgv.respond(state, "summary", np.random.default_rng(0))[0].readiness < mgv.PLANNING_READINESS
    assert mgv.respond(state, "summary", np.random.default_rng(0))[0].process == "ontlokken"


def test_discord_takes_the_conversation_back_towards_engaging():
    state = ClientState(0.7, 0.1, 7, 7, "plannen")
    rng = np.random.default_rng(0)
    processes = []
    for _ in range(8):
        state, _ = mgv.respond(state, "confrontation", rng)
        processes.append(state.process)
    assert processes[-1] == "engageren"
    assert state.discord >= mgv.ENGAGED_DISCORD


def sustain_share(state: ClientState, response_type: str, draws: int = 4_000) -> float:
    """The share of sustain talk after ``response_type``, estimated over many generators."""
    talks = [mgv.respond(state, response_type, np.random.default_rng([seed, 1]))[1] for seed in range(draws)]
    return talks.count("behoudtaal") / draws


@pytest.mark.parametrize("response_type", mgv.MI_CONSISTENT)
def test_an_mi_consistent_response_still_evokes_sustain_talk(response_type):
    # apodaca2016sequential, magill2018: reflections and open questions evoke sustain talk
    # too. Even the readiest, calmest client, where it is least likely, voices some.
    ready = ClientState(1.0, 0.0, 10, 10, "ontlokken")
    share = sustain_share(ready, response_type)
    assert share > 0.02
    assert share == pytest.approx(mgv.talk_probabilities(ready, response_type)["behoudtaal"], abs=0.02)


@given(states, response_types)
@PROPERTY
def test_every_kind_of_talk_stays_possible(state, response_type):
    probabilities = mgv.talk_probabilities(state, response_type)
    assert list(probabilities) == list(mgv.TALK_KINDS)
    assert all(p > 0 for p in probabilities.values())
    assert sum(probabilities.values()) == pytest.approx(1.0)


@given(states)
@PROPERTY
def test_mi_consistent_responses_evoke_more_change_talk_and_less_sustain_talk_than_inconsistent(state):
    p = {t: mgv.talk_probabilities(state, t) for t in mgv.RESPONSE_TYPES}
    for good in mgv.MI_CONSISTENT:
        for bad in mgv.MI_INCONSISTENT:
            assert p[good]["verandertaal"] > p[bad]["verandertaal"]
            assert p[good]["onenigheid"] < p[bad]["onenigheid"]
            # Resistance (moyers2006therapist): sustain talk and discord together.
            assert (p[good]["behoudtaal"] + p[good]["onenigheid"]
                    < p[bad]["behoudtaal"] + p[bad]["onenigheid"])
    # apodaca2016sequential: change talk is more likely after affirmations, open questions and
    # reflections than after giving information or closed questions; sustain talk is more
    # likely after open questions and reflections than after affirmations, information or
    # closed questions.
    for evoking in ("affirmation", "open_question", "simple_reflection", "complex_reflection"):
        for flat in ("giving_information", "closed_question"):
            assert p[evoking]["verandertaal"] > p[flat]["verandertaal"]
    for evoking in ("open_question", "simple_reflection", "complex_reflection"):
        for other in ("affirmation", "giving_information", "closed_question"):
            assert p[evoking]["behoudtaal"] > p[other]["behoudtaal"]
    # A readier client voices more change talk after the same response.
    readier = ClientState(min(1.0, state.readiness + 0.2), state.discord, state.importance, state.confidence,
                          state.process)
    if readier.readiness > state.readiness:
        assert (mgv.talk_probabilities(readier, "open_question")["verandertaal"]
                > p["open_question"]["verandertaal"])


def test_over_many_conversations_mi_moves_raise_readiness_and_confrontation_lowers_it():
    def mean_final(response_type):
        finals = []
        for seed in range(200):
            state = START
            for turn in range(12):
                state, _ = mgv.respond(state, response_type, np.random.default_rng([seed, turn]))
            finals.append(state.readiness)
        return statistics.mean(finals)

    assert mean_final("complex_reflection") > mean_final("simple_reflection") > START.readiness
    assert mean_final("confrontation") < mean_final("closed_question") < mean_final("simple_reflection")


def test_respond_is_fast():
    rng = np.random.default_rng(0)
    state = START
    begin = time.perf_counter()
    for turn in range(2_000):
        state, _ = mgv.respond(state, list(mgv.RESPONSE_TYPES)[turn % 12], rng)
    assert (time.perf_counter() - begin) / 2_000 < 0.001  # well under 1 ms per response


# ======================================================================================
# Scenario files
# ======================================================================================

HEADER = """\
titel = "Proefgesprek"
beschrijving = "Een klein scenario voor de tests."
client = "Sam"
koppeling = "schulden"

[start]
readiness = 0.2
discord = 0.3
importance = 4
confidence = 3
"""
TURN = """
[[beurt]]
client = "Beurt {n}: ik weet het niet."
{options}
[beurt.reacties]
verandertaal = ["Ik wil het wel ({n})."]
behoudtaal = ["Het heeft geen zin ({n}).", "Laat maar ({n})."]
onenigheid = ["Daar heb jij niets mee te maken ({n})."]
neutraal = ["Hm ({n})."]
"""
OPTION = """[[beurt.optie]]
tekst = "Antwoord {i} in beurt {n}."
type = "{type}"
"""
#: Per turn the option types: every response type once or more, a mix in every turn.
PROEF_TYPES = [
    ("complex_reflection", "advice_without_permission", "closed_question"),
    ("simple_reflection", "confrontation", "giving_information"),
    ("affirmation", "complex_reflection", "closed_question", "advice_without_permission"),
    ("emphasize_autonomy", "confrontation", "simple_reflection"),
    ("complex_reflection", "giving_information", "seek_collaboration"),
    ("open_question", "closed_question", "advice_without_permission"),
    ("complex_reflection", "advice_with_permission", "confrontation"),
    ("affirmation", "simple_reflection", "giving_information"),
    ("summary", "complex_reflection", "advice_without_permission"),
    ("open_question", "summary", "closed_question", "confrontation"),
]


def proef_toml(types=PROEF_TYPES) -> str:
    turns = []
    for n, row in enumerate(types, start=1):
        options = "".join(OPTION.format(i=i, n=n, type=t) for i, t in enumerate(row, start=1))
        turns.append(TURN.format(n=n, options=options))
    return HEADER + "".join(turns)


@pytest.fixture(scope="module")
def proef(tmp_path_factory) -> Scenario:
    path = tmp_path_factory.mktemp("mgv") / "proef.toml"
    path.write_text(proef_toml(), encoding="utf-8")
    return mgv.load_scenario(path)


def test_the_loader_reads_the_schema(proef):
    assert (proef.key, proef.title, proef.client_name, proef.link) == ("proef", "Proefgesprek", "Sam", "schulden")
    assert proef.start == ClientState(0.2, 0.3, 4, 3, "engageren")
    assert len(proef.turns) == 10
    first = proef.turns[0]
    assert first.client == "Beurt 1: ik weet het niet."
    assert first.options == (Option("Antwoord 1 in beurt 1.", "complex_reflection"),
                             Option("Antwoord 2 in beurt 1.", "advice_without_permission"),
                             Option("Antwoord 3 in beurt 1.", "closed_question"))
    assert first.replies["behoudtaal"] == ("Het heeft geen zin (1).", "Laat maar (1).")
    assert list(first.replies) == list(mgv.TALK_KINDS)
    assert len(proef.turns[2].options) == 4


def test_koppeling_is_optional(tmp_path):
    path = tmp_path / "zonder.toml"
    path.write_text(proef_toml().replace('koppeling = "schulden"\n', ""), encoding="utf-8")
    assert mgv.load_scenario(path).link is None


def _option_block(n, i, type_):
    return f'[[beurt.optie]]\ntekst = "Antwoord {i} in beurt {n}."\ntype = "{type_}"\n'


@pytest.mark.parametrize(("change", "field", "says"), [
    (lambda t: t.replace('type = "summary"', 'type = "samenvatting"', 1),
     "beurt[9].optie[1].type", "moet een van open_question, "),
    (lambda t: t.replace(_option_block(2, 3, "giving_information"), "", 1),
     "beurt[2].optie", "moet 3 of 4 opties hebben ([[beurt.optie]]); ontvangen: 2"),
    (lambda t: t.replace(_option_block(3, 4, "advice_without_permission"),
                         _option_block(3, 4, "advice_without_permission") + _option_block(3, 5, "summary"), 1),
     "beurt[3].optie", "moet 3 of 4 opties hebben ([[beurt.optie]]); ontvangen: 5"),
    (lambda t: t.replace('onenigheid = ["Daar heb jij niets mee te maken (4)."]\n', "", 1),
     "beurt[4].reacties.onenigheid", "ontbreekt"),
    (lambda t: t.replace('neutraal = ["Hm (5)."]', "neutraal = []", 1),
     "beurt[5].reacties.neutraal", "moet een lijst met minstens één tekst zijn"),
    (lambda t: t.replace('neutraal = ["Hm (5)."]', 'neutraal = ["Hm."]\nboos = ["Nee!"]', 1),
     "beurt[5].reacties.boos", "is een onbekend veld; toegestaan: verandertaal, behoudtaal, onenigheid, neutraal"),
    (lambda t: t.replace("readiness = 0.2", "readiness = 1.2"), "start.readiness", "moet liggen in [0; 1]"),
    (lambda t: t.replace("importance = 4", "importance = 11"), "start.importance", "moet liggen in [0; 10]"),
    (lambda t: t.replace("discord = 0.3", 'discord = "laag"'), "start.discord", "moet een getal zijn"),
    (lambda t: t.replace("confidence = 3\n", ""), "start.confidence", "ontbreekt"),
    (lambda t: t.replace('titel = "Proefgesprek"\n', ""), "titel", "ontbreekt"),
    (lambda t: t.replace('client = "Sam"', 'client = ""'), "client", "moet een niet-lege tekst zijn"),
    (lambda t: t.replace('tekst = "Antwoord 2 in beurt 7."', 'tekst = "  "'),
     "beurt[7].optie[2].tekst", "moet een niet-lege tekst zijn"),
    (lambda t: t.replace("[start]", 'fase = "plannen"\n[start]'), "fase", "is een onbekend veld"),
    (lambda t: t.split("\n[[beurt]]")[0] + "".join("\n[[beurt]]" + b for b in t.split("\n[[beurt]]")[1:10]),
     "beurt", "moet minstens 10 beurten hebben ([[beurt]]); ontvangen: 9"),
])
def test_a_bad_scenario_file_gets_a_dutch_message_naming_file_and_field(tmp_path, change, field, says):
    path = tmp_path / "kapot.toml"
    path.write_text(change(proef_toml()), encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        mgv.load_scenario(path)
    message = str(raised.value)
    assert message.startswith(f"kapot.toml: '{field}' ")
    assert says in message


def test_a_file_that_is_not_toml_names_the_file(tmp_path):
    path = tmp_path / "stuk.toml"
    path.write_text('titel = "open', encoding="utf-8")
    with pytest.raises(ValueError, match=r"^stuk\.toml: geen geldige TOML"):
        mgv.load_scenario(path)


def test_load_scenarios_reads_a_folder_sorted_by_key(tmp_path):
    for name in ("zeta", "alfa"):
        (tmp_path / f"{name}.toml").write_text(proef_toml(), encoding="utf-8")
    (tmp_path / "notitie.txt").write_text("geen scenario", encoding="utf-8")
    assert list(mgv.load_scenarios(tmp_path)) == ["alfa", "zeta"]
    assert mgv.load_scenarios(tmp_path / "bestaat-niet") == {}


def test_scenarios_holds_every_file_of_the_data_folder_sorted():
    assert list(mgv.SCENARIOS) == sorted(p.stem for p in Path(mgv.DATA_DIR).glob("*.toml"))


# ======================================================================================
# Replaying a conversation
# ======================================================================================


def test_a_replay_chains_its_steps(proef):
    choices = [0, 1, 2, 0, 1, 2, 0, 1, 2, 3]
    conversation = mgv.simulate(proef, choices, seed=5)
    assert (conversation.scenario, conversation.seed, conversation.finished) == ("proef", 5, True)
    state = proef.start
    for number, (step, choice) in enumerate(zip(conversation.steps, choices), start=1):
        turn = proef.turns[number - 1]
        assert step.turn == number
        assert step.option == turn.options[choice]
        assert step.code == mgv.RESPONSE_TYPES[step.option.response_type]
        assert step.reply in turn.replies[step.talk]
        assert step.before == state
        # The step is exactly one respond() with the turn's own generator.
        assert (step.after, step.talk) == mgv.respond(state, step.option.response_type,
                                                      np.random.default_rng([5, number - 1]))
        state = step.after
    assert conversation.final == state


def test_a_conversation_so_far_and_an_empty_one(proef):
    assert not mgv.simulate(proef, [0, 0, 0]).finished
    empty = mgv.simulate(proef, [])
    assert (empty.steps, empty.finished, empty.final) == ((), False, proef.start)


choice_lists = st.lists(st.integers(0, 2), max_size=10)


@given(choice_lists, seeds)
@PROPERTY
def test_the_same_seed_gives_the_same_conversation(proef, choices, seed):
    assert mgv.simulate(proef, choices, seed) == mgv.simulate(proef, choices, seed)


@given(st.lists(st.integers(0, 2), min_size=1, max_size=10), st.data(), seeds)
@PROPERTY
def test_a_rewind_leaves_the_earlier_turns_as_they_were(proef, choices, data, seed):
    k = data.draw(st.integers(0, len(choices) - 1), label="turn changed")
    other = data.draw(st.integers(0, 2).filter(lambda c: c != choices[k]), label="other choice")
    original = mgv.simulate(proef, choices, seed)
    rewound = mgv.simulate(proef, choices[:k] + [other], seed)
    assert rewound.steps[:k] == original.steps[:k]
    assert rewound.steps[k].option != original.steps[k].option
    assert rewound.steps[k].before == original.steps[k].before


@pytest.mark.parametrize(("args", "kwargs", "error", "says"), [
    (("bestaat-niet", [0]), {}, ValueError, r"^'scenario' moet een Scenario zijn of een van "),
    ((None, [0]), {}, ValueError, r"^'scenario' moet een Scenario zijn"),
    (("PROEF", [0] * 11), {}, ValueError, r"^'choices' heeft 11 keuzes, maar het scenario 'proef' heeft maar 10"),
    (("PROEF", [0, 3]), {}, ValueError, r"^'choices\[1\]' moet liggen in \[0; 2\]; ontvangen: 3"),
    (("PROEF", [-1]), {}, ValueError, r"^'choices\[0\]' moet liggen in \[0; 2\]"),
    (("PROEF", [0, 0, 4]), {}, ValueError, r"^'choices\[2\]' moet liggen in \[0; 3\]; ontvangen: 4"),
    (("PROEF", [1.5]), {}, ValueError, r"^'choices\[0\]' moet een geheel getal zijn"),
    (("PROEF", [True]), {}, TypeError, r"^'choices\[0\]' moet een getal zijn"),
    (("PROEF", "012"), {}, TypeError, r"^'choices' moet een reeks keuzes zijn"),
    (("PROEF", 2), {}, TypeError, r"^'choices' moet een reeks keuzes zijn"),
    (("PROEF", [0]), {"seed": -1}, ValueError, r"^'seed' moet liggen in \[0; ∞\)"),
    (("PROEF", [0]), {"seed": 1.5}, ValueError, r"^'seed' moet een geheel getal zijn"),
    (("PROEF", [0]), {"seed": "1"}, TypeError, r"^'seed' moet een getal zijn"),
])
def test_simulate_refuses_bad_input_in_dutch(proef, args, kwargs, error, says):
    scenario, choices = args
    with pytest.raises(error, match=says) as raised:
        mgv.simulate(proef if scenario == "PROEF" else scenario, choices, **kwargs)
    assert isinstance(raised.value, ValueError)


def test_a_full_replay_is_fast(proef):
    choices = [0] * len(proef.turns)
    timings = []
    for _ in range(20):
        begin = time.perf_counter()
        mgv.simulate(proef, choices, seed=1)
        timings.append(time.perf_counter() - begin)
    assert statistics.median(timings) < 0.1  # the bench target for a 12-turn replay


# ======================================================================================
# Looking back: feedback, two paths side by side
# ======================================================================================


def test_feedback_scores_the_learners_choices(proef):
    conversation = mgv.simulate(proef, [0, 0, 1, 2, 0, 0, 0, 0, 0, 1], seed=2)
    feedback = mgv.conversation_feedback(conversation)
    expected = Counter(step.code for step in conversation.steps)
    assert feedback.counts == {code: expected[code] for code in mgv.MITI_CODES}
    assert feedback.summary == mgv.miti_summary(feedback.counts)
    assert "technical_global" not in feedback.summary
    assert feedback.reached_planning == any(s.after.process == "plannen" for s in conversation.steps)


@given(st.lists(st.integers(0, 2), max_size=10), seeds)
@PROPERTY
def test_key_turns_are_the_largest_moves_in_readiness_in_turn_order(proef, choices, seed):
    conversation = mgv.simulate(proef, choices, seed)
    key_turns = mgv.conversation_feedback(conversation).key_turns
    change = {s.turn: abs(s.after.readiness - s.before.readiness) for s in conversation.steps}
    assert len(key_turns) == min(3, sum(1 for c in change.values() if c > 0))
    assert [s.turn for s in key_turns] == sorted(s.turn for s in key_turns)
    chosen = {s.turn for s in key_turns}
    if chosen:
        assert min(change[t] for t in chosen) >= max((c for t, c in change.items() if t not in chosen), default=0)


def test_the_message_of_an_empty_conversation_says_where_to_start(proef):
    feedback = mgv.conversation_feedback(mgv.simulate(proef, []))
    assert feedback.key_turns == () and not feedback.reached_planning
    assert "Volgende stap: kies bij beurt 1 een antwoord" in feedback.message


def test_the_message_sends_the_learner_back_to_the_first_mi_inconsistent_turn(proef):
    feedback = mgv.conversation_feedback(mgv.simulate(proef, [0, 0, 0, 1, 0, 2], seed=0))
    # Turn 4 offers a confrontation as its second option; turn 6 unasked advice as its third.
    assert "In beurt 4 en 6 gaf je ongevraagd advies of confronteerde je" in feedback.message
    assert "Volgende stap: ga terug naar beurt 4" in feedback.message


@pytest.mark.parametrize(("choices", "says"), [
    ([2, 2, 2, 0, 1, 1, 1, 2], "Je stelde meer vragen dan je reflecteerde. Volgende stap: beantwoord"),
    ([0, 0, 0, 2, 2, 1, 1, 1], "Van je reflecties was 25 % complex. Volgende stap: kies vaker een complexe"),
])
def test_the_message_names_the_weakest_skill_as_the_next_step(proef, choices, says):
    # [2, 2, 2, 0, 1, 1, 1, 2]: three closed questions, no reflection: R:Q = 0 / 3.
    # [0, 0, 0, 2, 2, 1, 1, 1]: reflections CR, SR, SR, SR (1 of 4 complex) and one
    # closed question: R:Q = 4 is good, %CR = 25 % is below the threshold. No MI-inconsistent
    # choice, which would come first.
    assert says in mgv.conversation_feedback(mgv.simulate(proef, choices)).message


def test_the_message_of_a_planning_conversation_says_so(proef):
    # Proef's turns 9 and 10 first: a summary, then a closed question, with a ready client.
    ready = Scenario("klaar", "Klaar", "Een cliënt die er klaar voor is.", "Sam",
                     ClientState(0.9, 0.0, 9, 9, "ontlokken"), proef.turns[8:] + proef.turns[:8], None)
    conversation = mgv.simulate(ready, [0, 2], seed=0)
    feedback = mgv.conversation_feedback(conversation)
    assert feedback.reached_planning and "In beurt 1 kwam het gesprek in de fase plannen." in feedback.message
    assert "Volgende stap:" in feedback.message


def test_compare_paths_finds_the_first_different_choice(proef):
    a = mgv.simulate(proef, [0, 0, 0, 0, 0], seed=3)
    b = mgv.simulate(proef, [0, 0, 0, 2, 0, 1], seed=3)
    table = mgv.compare_paths(a, b)
    assert list(table.columns) == ["beurt", "keuze A", "keuze B", "code A", "code B", "cliënttaal A",
                                   "cliënttaal B", "reactie A", "reactie B", "bereidheid A", "bereidheid B",
                                   "andere keuze"]
    assert table["beurt"].tolist() == [1, 2, 3, 4, 5, 6]
    # Turn 5 is the same choice again; turn 6 is played in b only.
    assert table.loc[table["andere keuze"], "beurt"].tolist() == [4, 6]
    assert table.loc[:2, "bereidheid A"].tolist() == table.loc[:2, "bereidheid B"].tolist()
    assert table.loc[3, "keuze A"] == "Antwoord 1 in beurt 4." and table.loc[3, "keuze B"] == "Antwoord 3 in beurt 4."
    assert pd.isna(table.loc[5, "keuze A"]) and math.isnan(table.loc[5, "bereidheid A"])
    assert not mgv.compare_paths(a, a)["andere keuze"].any()


def test_compare_paths_refuses_two_scenarios(proef):
    other = Scenario("ander", "Ander", "Ander scenario.", "Sam", proef.start, proef.turns, None)
    with pytest.raises(ValueError, match=r"^'b' moet in hetzelfde scenario zijn als 'a' \('proef'\)"):
        mgv.compare_paths(mgv.simulate(proef, [0]), mgv.simulate(other, [0]))
    with pytest.raises(TypeError, match=r"^'a' moet een Conversation zijn"):
        mgv.compare_paths([0], mgv.simulate(proef, [0]))


# ======================================================================================
# The course's scenarios (modules/data/mgv/*.toml)
# ======================================================================================

REAL = list(mgv.SCENARIOS)
#: A learner who knows MI: the strongest MI-consistent option, and the move into planning
#: (a summary, else an open key question) as soon as the client is ready for it.
PREFERENCE = ("complex_reflection", "emphasize_autonomy", "affirmation", "summary", "open_question",
              "seek_collaboration", "simple_reflection", "advice_with_permission", "closed_question",
              "giving_information", "advice_without_permission", "confrontation")


def play(scenario: Scenario, seed: int, pick) -> mgv.Conversation:
    choices: list[int] = []
    state = scenario.start
    for turn in scenario.turns:
        choices.append(pick(turn, state))
        state = mgv.simulate(scenario, choices, seed).final
    return mgv.simulate(scenario, choices, seed)


def mi_pick(turn: Turn, state: ClientState) -> int:
    types = [o.response_type for o in turn.options]
    ready = (state.process == "ontlokken" and state.readiness >= mgv.PLANNING_READINESS
             and state.discord < mgv.PLANNING_DISCORD)
    if ready:
        for move in mgv.PLANNING_MOVES:
            if move in types:
                return types.index(move)
    return min(range(len(types)), key=lambda i: PREFERENCE.index(types[i]))


def worst_pick(turn: Turn, state: ClientState) -> int:
    types = [o.response_type for o in turn.options]
    return max(range(len(types)), key=lambda i: PREFERENCE.index(types[i]))


@pytest.mark.parametrize("key", REAL)
def test_a_course_scenario_keeps_the_content_rules(key):
    scenario = mgv.SCENARIOS[key]
    assert len(scenario.turns) >= 12  # the bench replays a 12-turn scenario
    used = {o.response_type for turn in scenario.turns for o in turn.options}
    assert used == set(mgv.RESPONSE_TYPES), f"{key}: never offered {sorted(set(mgv.RESPONSE_TYPES) - used)}"
    weaker = {*mgv.MI_INCONSISTENT, "closed_question", "giving_information", "simple_reflection"}
    for number, turn in enumerate(scenario.turns, start=1):
        types = [o.response_type for o in turn.options]
        assert set(types) & set(mgv.MI_CONSISTENT), f"{key}, beurt {number}: no MI-consistent option"
        assert set(types) & weaker, f"{key}, beurt {number}: no MI-inconsistent or weaker option"
        assert len({o.text for o in turn.options}) == len(turn.options), f"{key}, beurt {number}: same text twice"
    late = scenario.turns[len(scenario.turns) // 2:]
    assert any({"summary", "open_question"} & {o.response_type for o in t.options} for t in late)


@pytest.mark.parametrize("key", REAL)
def test_a_course_scenario_is_won_with_mi_and_lost_without(key):
    scenario = mgv.SCENARIOS[key]
    seeds_ = range(20)
    with_mi = [play(scenario, seed, mi_pick) for seed in seeds_]
    without = [play(scenario, seed, worst_pick) for seed in seeds_]
    planned = sum(any(s.after.process == "plannen" for s in c.steps) for c in with_mi)
    assert planned >= 10, f"{key}: MI reaches planning in only {planned} of 20 conversations"
    assert not any(s.after.process == "plannen" for c in without for s in c.steps)
    assert (statistics.mean(c.final.readiness for c in with_mi)
            > scenario.start.readiness
            > statistics.mean(c.final.readiness for c in without))


@pytest.mark.parametrize("key", REAL)
def test_a_course_scenario_replays_by_key_within_the_bench_target(key):
    scenario = mgv.SCENARIOS[key]
    choices = [0] * len(scenario.turns)
    assert mgv.simulate(key, choices, 1) == mgv.simulate(scenario, choices, 1)
    timings = []
    for seed in range(10):
        begin = time.perf_counter()
        mgv.simulate(key, choices, seed)
        timings.append(time.perf_counter() - begin)
    assert statistics.median(timings) < 0.1
