"""Write the nbgrader source assignment of the mgv module, "Een gesprek meten met de MITI".

``python -m grading.build_mgv_source`` writes ``solutions/mgv/mgv-opdracht.ipynb`` and
``solutions/mgv/opdracht-transcript.csv``, a copy of the coded transcript
``modules/data/mgv/opdracht-transcript.csv`` that the notebook reads. The notebook is
generated rather than edited by hand so that every figure in it comes from ``modules.mgv``
and every test cell has the same shape. This file holds only the module's content: the
case (a coded conversation between a counsellor and a father whose daughter skips school),
the tasks, the answers and the model answers, and the checks that what they say still
holds for the model and the transcript. The test cells of parts A to C (the visible and
hidden asserts) are data, in ``grading/checks/mgv.toml``; the figures and shared tables
they name come from ``check_values``. The cells, the nbgrader metadata, the "write it
yourself" guard, the points bookkeeping and the command line are shared, in
``grading/assignment_builder.py``. After a change, run this script and then
``python -m grading.release mgv`` (``tests/test_release_sync.py`` checks that
``solutions/`` and ``exercises/`` equal what they make).

The parts: A reading the transcript with pandas and counting the counsellor's MITI codes
(``tel_codes``), B the summary scores from those counts and their rating against the
thresholds (``samenvattende_scores``, ``beoordeling``), C change talk against sustain talk
(``verandertaal_balans``); 7 points of code, each function written by the learner and
guarded against ``modules.mgv``. D five autograded questions on reading the outcomes
(5 points; their wording is in ``grading/questions/mgv.toml``, their figures come from
``question_values``). E complex and double-sided reflections on three client statements,
graded by hand with the rubric ``RUBRIC`` (8 points, from ``grading/rubrics/mgv.toml``).
The trainer page ``book/mgv/trainershandleiding-beoordeling.md`` shows the rubric, the
anchor answers and the model answers from this file.

Grade ids (``mgv_<part>_<check>``) must never change once the assignment has been
released: the gradebook keys every score on them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import nbformat
import pandas as pd

from grading import assignment_builder as ab
from grading.assignment_builder import number_text as _number
from grading.assignment_builder import percent_text as _percent
from grading.assignment_builder import require as _require
from modules import mgv

ASSIGNMENT = "mgv"
NOTEBOOK_NAME = "mgv-opdracht.ipynb"
#: The coded transcript the learner reads, shipped next to the notebook.
CSV_NAME = "opdracht-transcript.csv"
SOURCE_DIR = ab.source_dir(ASSIGNMENT)

#: Every hidden block of parts A to C starts with this: a learner whose function uses
#: modules.mgv (directly, through an alias or through a helper of their own) gets no points
#: for it. The learning goal is the counting and the formulas themselves.
NO_MGV = ab.no_helper_guard(("modules", "mgv"))

#: The learner's keys of the summary scores (part B) -> the keys of ``mgv.miti_summary``.
SCORE_KEYS: dict[str, str] = {
    "aandeel_complexe_reflecties": "percent_complex_reflections",
    "reflecties_op_vragen": "reflection_to_question",
    "totaal_mi_consistent": "total_mi_adherent",
    "totaal_mi_inconsistent": "total_mi_non_adherent",
}
#: Question D2: the counts of another counsellor, who asks far more than he reflects.
LOW_RQ_COUNTS: dict[str, int] = {"Q": 10, "SR": 5, "CR": 1}


def transcript_csv_text() -> str:
    """The coded transcript of the assignment, exactly as ``solutions/`` holds it."""
    return (mgv.DATA_DIR / CSV_NAME).read_text(encoding="utf-8")


def read_transcript() -> pd.DataFrame:
    """The transcript as the learner's notebook reads it: ``pd.read_csv`` with no options."""
    return pd.read_csv(mgv.DATA_DIR / CSV_NAME)


# ------------------------------------------------------------------ figures from the model
#
# Every figure in the assignment (the tests, the questions, the model answers) is computed
# here from modules.mgv and the transcript when the builder runs. Where a sentence states a
# conclusion, ``_require`` checks it, so a change of the model or the transcript that makes
# the sentence untrue stops the build.


@dataclass(frozen=True)
class CaseFacts:
    """What the assignment and its model answers say about the transcript, from the model."""

    transcript: pd.DataFrame
    counts: dict[str, int]
    summary: dict[str, mgv.SummaryScore]
    balance: mgv.TalkBalance
    counsellor: int
    client: int
    confront: str
    persuade: str
    with_permission: str
    need: str
    low: dict[str, mgv.SummaryScore]

    def score(self, learner_key: str) -> mgv.SummaryScore:
        """A summary score by the key the learner uses (``SCORE_KEYS``)."""
        return self.summary[SCORE_KEYS[learner_key]]


def _only(table: pd.DataFrame, speaker: str, code: str) -> str:
    """The one utterance of ``speaker`` with ``code``; the questions quote it."""
    rows = table[(table["spreker"] == speaker) & (table["code"] == code)]
    _require(len(rows) == 1, f"the transcript has exactly one utterance coded {code}")
    return str(rows["uiting"].iloc[0])


def case_facts() -> CaseFacts:
    """Figures of the transcript, each checked against the sentences that use it."""
    table = read_transcript()
    _require(list(table.columns) == ["spreker", "uiting", "code"], "the transcript has the three columns")
    _require(set(table["spreker"]) == set(mgv.SPEAKERS), "both speakers speak")
    _require(bool(table["code"].notna().all()), "every utterance of the transcript has a code")
    counts = mgv.count_codes(table)
    summary = mgv.miti_summary(counts)
    balance = mgv.talk_balance(table)
    counsellor = int((table["spreker"] == "hulpverlener").sum())
    client = int((table["spreker"] == "cliënt").sum())
    _require(sum(counts.values()) == counsellor, "every counsellor utterance has one MITI code")
    pcr, rq = summary["percent_complex_reflections"], summary["reflection_to_question"]
    # Question D1 and the model answers: complex reflections fair, not good; R:Q good.
    _require(pcr.rating == "redelijk" and rq.rating == "goed",
             "the share of complex reflections is fair and the reflection-to-question ratio good")
    _require(summary["total_mi_non_adherent"].value == counts["PERSUADE"] + counts["CONFRONT"] >= 2,
             "there is MI-inconsistent behaviour, persuading and confronting")
    _require(counts["PERSUADE_WITH_PERMISSION"] >= 1, "the counsellor once persuades with permission (D5)")
    _require(balance.change_talk > balance.sustain_talk > 0, "more change talk than sustain talk, and some of both")
    where = {code: table.index[table["code"] == code] for code in ("PERSUADE", "CONFRONT")}
    _require(len(where["PERSUADE"]) == len(where["CONFRONT"]) == 1 and where["PERSUADE"][0] < where["CONFRONT"][0],
             "the counsellor persuades once, before the one confrontation (question D3 says 'eerder')")
    neutral = int((table.loc[table["spreker"] == "cliënt", "code"] == mgv.NEUTRAL_CLIENT_CODE).sum())
    _require(neutral > 0, "some client utterances are neutral: the share of change talk leaves them out (part C)")
    low = mgv.miti_summary(LOW_RQ_COUNTS)
    _require(low["reflection_to_question"].rating == "onder de drempel",
             "the counsellor of question D2 is below the threshold")
    return CaseFacts(
        transcript=table, counts=counts, summary=summary, balance=balance,
        counsellor=counsellor, client=client,
        confront=_only(table, "hulpverlener", "CONFRONT"),
        persuade=_only(table, "hulpverlener", "PERSUADE"),
        with_permission=_only(table, "hulpverlener", "PERSUADE_WITH_PERMISSION"),
        need=_only(table, "cliënt", "N+"),
        low=low,
    )


def _share_text(fraction: float) -> str:
    """A fraction as a Dutch percentage, for the texts: ``0.4167`` is ``42 procent``."""
    return _percent(fraction)


def learner_scores(f: CaseFacts) -> dict[str, float | int]:
    """Part B's answer for the transcript, by the learner's keys."""
    return {key: f.score(key).value for key in SCORE_KEYS}


def learner_ratings(f: CaseFacts) -> dict[str, str | None]:
    """``beoordeling`` of each score of the transcript, by the learner's keys."""
    return {key: f.score(key).rating for key in SCORE_KEYS}


def learner_balance(f: CaseFacts) -> dict[str, float | int | None]:
    """Part C's answer for the transcript."""
    b = f.balance
    return {"verandertaal": b.change_talk, "behoudtaal": b.sustain_talk,
            "aandeel_verandertaal": b.percent_change_talk}


def thresholds() -> dict[str, tuple[float, float]]:
    """The thresholds of the two count-based scores, by the learner's keys (``DREMPELS``)."""
    return {key: mgv.THRESHOLDS[model_key] for key, model_key in SCORE_KEYS.items()
            if model_key in mgv.THRESHOLDS}


# ------------------------------------------------------------------ the header and the case


#: The top of the opening cell; ``assemble_assignment`` adds how to work and hand in.
INTRO = """
# Opdracht mgv: een gesprek meten met de MITI

In deze opdracht meet je hoeveel een gesprek lijkt op motiverende gespreksvoering, zoals een codeur dat doet met de MITI 4.2.1.
Het gesprek is al gecodeerd: elke uiting van de hulpverlener heeft een gedragscode van de MITI, elke uiting van de cliënt een code voor verandertaal, behoudtaal of neutrale taal.
Het gesprek is geschreven voor deze cursus; het is geen opname van een echt gesprek.
Je telt de codes met pandas, rekent de samenvattende scores uit en vergelijkt ze met de drempels, en je zet de verandertaal van de cliënt af tegen zijn behoudtaal.
Daarna lees je de uitkomsten, en je schrijft zelf complexe en dubbelzijdige reflecties.
Hoe je codeert en rekent, staat in de hoofdstukken over reflecteren, verandertaal en de MITI van de module.
"""

#: What the written part asks for, in the sentence on how to work (the default is an advice).
WRITTEN_TASK = "schrijf je reflecties"


def _case_cells(f: CaseFacts) -> list:
    """The imports, the codes and the thresholds; the learner reads the transcript in part A."""
    change, sustain = list(mgv.CHANGE_TALK_CODES), list(mgv.SUSTAIN_TALK_CODES)
    drempels = ",\n".join(f"    {key!r}: {tuple(float(x) for x in pair)!r}" for key, pair in thresholds().items())
    return [
        ab.locked_code("mgv_imports", """
import math

import pandas as pd
"""),
        ab.locked_markdown("mgv_casus_uitleg", f"""
## De casus

Een vader komt op gesprek bij een hulpverlener, omdat zijn dochter Naomi steeds vaker thuisblijft van school.
Hij werkt 's nachts als taxichauffeur en staat er thuis alleen voor.
Het veranderdoel, dat een codeur vooraf moet kennen: de vader gaat zelf aan de slag met het schoolverzuim van Naomi, bijvoorbeeld door met haar en met haar mentor te praten.

Het gecodeerde gesprek staat in het bestand `{CSV_NAME}`, in dezelfde map als dit notebook, met één regel per uiting ({f.counsellor + f.client} uitingen) en deze kolommen:

| kolom | betekenis |
|---|---|
| `spreker` | `hulpverlener` of `cliënt` |
| `uiting` | wat de spreker zegt |
| `code` | de code van de uiting |

De codes van de hulpverlener zijn de tien gedragscodes van de MITI 4.2.1: {", ".join(f"`{c}`" for c in mgv.MITI_CODES)}.
De codes van de cliënt zijn verandertaal ({", ".join(f"`{c}`" for c in change)}), behoudtaal ({", ".join(f"`{c}`" for c in sustain)}) en neutrale taal (`{mgv.NEUTRAL_CLIENT_CODE}`).
De letters komen van DARN-CAT: `D` is wens, `A` vermogen, `R` redenen, `N` noodzaak, `C` toezegging, `AT` bereidheid en `TS` stappen gezet.

De cel hieronder zet de codes en de drempels van de MITI klaar, zodat je ze niet hoeft over te typen.
"""),
        ab.locked_code("mgv_codes", f"""
# De tien gedragscodes van de MITI 4.2.1, voor de hulpverlener.
GEDRAGSCODES = {list(mgv.MITI_CODES)!r}

# De codes van de cliënt: verandertaal en behoudtaal. Neutrale taal heeft de code {mgv.NEUTRAL_CLIENT_CODE!r}.
VERANDERTAAL = {change!r}
BEHOUDTAAL = {sustain!r}

# De drempels voor redelijk en goed, per samenvattende score: (redelijk vanaf, goed vanaf).
DREMPELS = {{
{drempels},
}}
"""),
    ]


# ------------------------------------------------------------------ what the test cells name
#
# The test cells of parts A to C are data, in ``grading/checks/mgv.toml``. Where one needs
# a figure of the model or the transcript, or a table several of them share, it names a
# value of ``check_values`` as ``$name``.


#: A small transcript for the hidden tests of parts A and C: uncoded utterances (None, as
#: ``read_csv`` gives for an empty field), client codes, and codes of both kinds of talk.
EDGE_TABLE = """pd.DataFrame({
    "spreker": ["hulpverlener", "cliënt", "hulpverlener", "hulpverlener", "cliënt", "cliënt", "hulpverlener", "cliënt", "cliënt", "hulpverlener", "cliënt", "cliënt"],
    "uiting": ["Goedemiddag.", "Hallo.", "Wat brengt u hier?", "U twijfelt.", "Ik wil wel.", "Maar het lukt niet.", "U moet gewoon bellen.", "Ik bel niet.", "Ja.", "U bepaalt het zelf.", "Ik heb al gebeld.", "Ik ga morgen."],
    "code": [None, None, "Q", "CR", "D+", "A-", "PERSUADE", "C-", "FN", "EMPHASIZE", "TS+", "AT+"],
}, index=[10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21])"""

#: The small transcript of both visible tests of part C: one client utterance of sustain
#: talk, one of change talk, and one of the counsellor that does not count.
SMALL_CLIENT_TABLE = ('pd.DataFrame({"spreker": ["cliënt", "hulpverlener", "cliënt"], "uiting": ["Het lukt me niet.", '
                      '"Het is zwaar.", "Ik wil wel."], "code": ["A-", "CR", "D+"]})')

#: The hidden test mgv_b_drempels: counts whose scores lie on or around a threshold (the
#: first six have both ratios).
BOUNDARY_COUNTS: tuple[dict[str, int], ...] = (
    {"SR": 3, "CR": 2, "Q": 5}, {"SR": 1, "CR": 1, "Q": 1}, {"SR": 61, "CR": 39, "Q": 50},
    {"SR": 51, "CR": 49, "Q": 100}, {"SR": 4, "CR": 6, "Q": 5}, {"SR": 100, "CR": 99, "Q": 100},
    {"Q": 2, "AF": 1}, {"SR": 2, "CONFRONT": 1}, dict(LOW_RQ_COUNTS),
)
#: The hidden test mgv_b_deling: counts with a score that cannot be computed.
UNCOMPUTABLE_COUNTS: tuple[dict[str, int], ...] = (
    {"Q": 4, "AF": 1}, {"SR": 3, "CR": 3, "EMPHASIZE": 1}, {}, {"SR": 0, "CR": 0, "Q": 0, "GI": 2},
    {"CR": 2, "PERSUADE": 1},
)


def check_values(f: CaseFacts) -> dict[str, str]:
    """What the test cells of ``grading/checks/mgv.toml`` name as ``$name``, as Python text.

    The figures come from ``f`` (``case_facts()``); the header of the file lists every name.
    The cases of the hidden tests of part B are checked here for what those tests need.
    """
    for counts in BOUNDARY_COUNTS[:6]:
        _require(all(mgv.miti_summary(counts)[k].value is not None for k in ("percent_complex_reflections",
                                                                               "reflection_to_question")),
                 "the boundary cases of part B have both ratios")
    exact = [(key, mgv.miti_summary(c)[model_key].value) for c in BOUNDARY_COUNTS
             for key, model_key in SCORE_KEYS.items() if model_key in mgv.THRESHOLDS]
    _require(any(value == mgv.THRESHOLDS[SCORE_KEYS[key]][0] for key, value in exact if value is not None)
             and any(value == mgv.THRESHOLDS[SCORE_KEYS[key]][1] for key, value in exact if value is not None),
             "the hidden tests of beoordeling hit a fair and a good threshold exactly")
    _require(all(any(score.value is None for score in mgv.miti_summary(counts).values())
                 for counts in UNCOMPUTABLE_COUNTS),
             "every case of the hidden test mgv_b_deling has a score that cannot be computed")
    return {
        "csv_name": CSV_NAME,
        "counts": repr(f.counts),
        "learner_scores": repr(learner_scores(f)),
        "learner_ratings": repr(learner_ratings(f)),
        "score_keys": repr(SCORE_KEYS),
        "boundary_counts": repr(list(BOUNDARY_COUNTS)),
        "uncomputable_counts": repr(UNCOMPUTABLE_COUNTS),
        "change_talk": repr(f.balance.change_talk),
        "sustain_talk": repr(f.balance.sustain_talk),
        "percent_change_talk": repr(f.balance.percent_change_talk),
        "edge_table": EDGE_TABLE,
        "small_client_table": SMALL_CLIENT_TABLE,
    }


# ------------------------------------------------------------------ part A: counting the codes


def _part_a(f: CaseFacts, checks: ab.Checks) -> list:
    """Part A: read the transcript and count the counsellor's codes (code, guarded)."""
    _require(list(f.counts) == list(mgv.MITI_CODES), "the counts have every code, in the manual's order")
    cells = [
        ab.answer_code("mgv_a_inlezen", f"""
# Lees het transcript in met pandas, als tabel met de naam transcript.
### BEGIN SOLUTION
transcript = pd.read_csv("{CSV_NAME}")
### END SOLUTION
"""),
        ab.answer_code("mgv_a_antwoord", '''
def tel_codes(tabel):
    """Geef per gedragscode van de MITI hoe vaak de hulpverlener hem kreeg.

    tabel: DataFrame met de kolommen spreker, uiting en code, zoals transcript
    """
    ### BEGIN SOLUTION
    hulpverlener = tabel[tabel["spreker"] == "hulpverlener"]
    return hulpverlener["code"].value_counts().to_dict()
    ### END SOLUTION
'''),
        ab.plain_code("mgv-a-controle", """
# Controleer je antwoord: de eerste regels van het transcript, en de telling.
print(transcript.head())
tel_codes(transcript)
"""),
        checks["mgv_a_telling"],
        checks["mgv_a_hulpverlener"],
    ]
    return ab.part_cells("mgv_a_opgave", "A", "de gedragscodes tellen", f"""
Een codeur telt per gedragscode hoe vaak de hulpverlener die code kreeg. Dat doe jij nu met pandas.

1. Lees het bestand `{CSV_NAME}` in met `pd.read_csv` en noem de tabel `transcript`.
2. Schrijf de functie `tel_codes(tabel)`. Ze geeft per gedragscode van de MITI terug hoeveel uitingen van de hulpverlener die code hebben: een dict, zoals `{{"Q": 5, "SR": 7}}`, of een pandas `Series` met de codes als index.

- Tel alleen de uitingen van de hulpverlener: de codes van de cliënt horen niet in deze telling.
- Een uiting zonder code (een leeg vakje in de kolom `code`) tel je niet mee. In het transcript van de opdracht heeft elke uiting een code, maar bij het nakijken komt er een transcript met lege vakjes bij.
- Een code die niet voorkomt, mag je weglaten of met 0 opnemen.
- Verander de tabel zelf niet.

Schrijf de telling zelf, met pandas: je mag hier `modules.mgv` **niet** gebruiken, want dat rekent precies deze opgave voor je uit; de controles letten daarop.
""", cells)


# ------------------------------------------------------------------ part B: the summary scores

#: The model answer of ``samenvattende_scores`` (``tests/mistakes_mgv.py`` derives typical
#: mistakes from it).
SCORES_ANSWER = '''
def samenvattende_scores(tellingen):
    """Geef de vier samenvattende scores van de MITI die je uit de tellingen berekent.

    tellingen: dict of pandas Series met per gedragscode een aantal; een code die ontbreekt telt als 0
    """
    ### BEGIN SOLUTION
    def aantal(code):
        return tellingen.get(code, 0)

    reflecties = aantal("SR") + aantal("CR")
    return {
        "aandeel_complexe_reflecties": aantal("CR") / reflecties if reflecties > 0 else None,
        "reflecties_op_vragen": reflecties / aantal("Q") if aantal("Q") > 0 else None,
        "totaal_mi_consistent": aantal("SEEK") + aantal("AF") + aantal("EMPHASIZE"),
        "totaal_mi_inconsistent": aantal("CONFRONT") + aantal("PERSUADE"),
    }
    ### END SOLUTION
'''


def _part_b(checks: ab.Checks) -> list:
    """Part B: the summary scores and their rating (code, guarded)."""
    cells = [
        ab.answer_code("mgv_b_antwoord", SCORES_ANSWER),
        ab.answer_code("mgv_b_oordeel", '''
def beoordeling(score, waarde):
    """Geef "goed", "redelijk" of "onder de drempel" voor een samenvattende score, of None.

    score: de naam van de score, zoals "reflecties_op_vragen"
    waarde: de waarde van die score, of None als ze niet te berekenen is
    """
    ### BEGIN SOLUTION
    if score not in DREMPELS or waarde is None:
        return None
    redelijk, goed = DREMPELS[score]
    if waarde >= goed:
        return "goed"
    if waarde >= redelijk:
        return "redelijk"
    return "onder de drempel"
    ### END SOLUTION
'''),
        ab.plain_code("mgv-b-controle", """
# Controleer je antwoord: de samenvattende scores van het gesprek, elk met de beoordeling.
scores = samenvattende_scores(tel_codes(transcript))
for naam, waarde in scores.items():
    print(naam, waarde, beoordeling(naam, waarde))
"""),
        checks["mgv_b_scores"],
        checks["mgv_b_deling"],
        checks["mgv_b_drempels"],
    ]
    fair_pcr, good_pcr = mgv.THRESHOLDS["percent_complex_reflections"]
    fair_rq, good_rq = mgv.THRESHOLDS["reflection_to_question"]
    return ab.part_cells("mgv_b_opgave", "B", "de samenvattende scores", f"""
Uit de tellingen berekent een codeur de samenvattende scores van de MITI.
Twee scores hebben ook globale beoordelingen nodig (technisch en relationeel); die gebruik je hier niet.
De andere vier bereken je uit de tellingen:

| sleutel | score | formule |
|---|---|---|
| `aandeel_complexe_reflecties` | percentage complexe reflecties, als deel van 1 (0.4 is 40 procent) | CR / (SR + CR) |
| `reflecties_op_vragen` | verhouding reflecties op vragen | (SR + CR) / Q |
| `totaal_mi_consistent` | totaal MI-consistent | SEEK + AF + EMPHASIZE |
| `totaal_mi_inconsistent` | totaal MI-inconsistent | CONFRONT + PERSUADE |

1. Schrijf de functie `samenvattende_scores(tellingen)`. `tellingen` is een dict of een pandas `Series` zoals `tel_codes` die teruggeeft; een code die ontbreekt, telt als 0. Geef een dict terug met de vier sleutels uit de tabel.
   Een score die niet te berekenen is (zonder reflecties, of zonder vragen), is `None`.
2. Schrijf de functie `beoordeling(score, waarde)`. Ze geeft `"goed"`, `"redelijk"` of `"onder de drempel"` voor een score met drempels, en `None` voor een score zonder drempels of zonder waarde.
   De drempels staan in `DREMPELS`: het aandeel complexe reflecties is redelijk vanaf {_number(fair_pcr, 2)} en goed vanaf {_number(good_pcr, 2)}, de verhouding reflecties op vragen redelijk vanaf {_number(fair_rq, 0)} en goed vanaf {_number(good_rq, 0)}.
   Een score die precies op een drempel ligt, haalt die drempel.

Je mag je functie `tel_codes` uit deel A gebruiken, maar niet `modules.mgv`; de controles letten daarop.
""", cells)


# ------------------------------------------------------------------ part C: change talk and sustain talk

#: The model answer of ``verandertaal_balans`` (``tests/mistakes_mgv.py`` derives a typical
#: mistake from it).
BALANCE_ANSWER = '''
def verandertaal_balans(tabel):
    """Tel de verandertaal en de behoudtaal van de cliënt, en geef het aandeel verandertaal.

    tabel: DataFrame met de kolommen spreker, uiting en code, zoals transcript
    """
    ### BEGIN SOLUTION
    codes = tabel.loc[tabel["spreker"] == "cliënt", "code"]
    verandertaal = int(codes.isin(VERANDERTAAL).sum())
    behoudtaal = int(codes.isin(BEHOUDTAAL).sum())
    samen = verandertaal + behoudtaal
    return {
        "verandertaal": verandertaal,
        "behoudtaal": behoudtaal,
        "aandeel_verandertaal": verandertaal / samen if samen > 0 else None,
    }
    ### END SOLUTION
'''

def _part_c(checks: ab.Checks) -> list:
    """Part C: change talk against sustain talk (code, guarded)."""
    cells = [
        ab.answer_code("mgv_c_antwoord", BALANCE_ANSWER),
        ab.plain_code("mgv-c-controle", """
# Controleer je antwoord: hoeveel verandertaal en behoudtaal, en het aandeel verandertaal.
verandertaal_balans(transcript)
"""),
        checks["mgv_c_telling"],
        checks["mgv_c_aandeel"],
    ]
    return ab.part_cells("mgv_c_opgave", "C", "verandertaal en behoudtaal", """
De MITI codeert alleen de hulpverlener, maar in dit transcript is ook de cliënt gecodeerd.
Zo zie je hoe vaak de vader vóór verandering sprak (verandertaal) en hoe vaak ertegen (behoudtaal).

Schrijf de functie `verandertaal_balans(tabel)`. Ze geeft een dict terug met drie sleutels:

- `verandertaal`: het aantal uitingen van de cliënt met een code uit `VERANDERTAAL`;
- `behoudtaal`: het aantal uitingen van de cliënt met een code uit `BEHOUDTAAL`;
- `aandeel_verandertaal`: de verandertaal gedeeld door verandertaal en behoudtaal samen, als deel van 1. Neutrale uitingen (`FN`) en uitingen zonder code tellen niet mee. Is er geen verandertaal en geen behoudtaal, dan is het aandeel `None`.

Tel alleen de uitingen van de cliënt, en verander de tabel zelf niet.
Schrijf de telling zelf: je mag hier `modules.mgv` **niet** gebruiken; de controles letten daarop.
""", cells)


# ------------------------------------------------------------------ part D: the questions


def question_values(f: CaseFacts) -> dict[str, object]:
    """The figures and quotes of part D's questions, from the transcript's ``case_facts()`` (``ab.ReadingPart.values``).

    The names are those ``grading/questions/mgv.toml`` uses.

    Examples
    --------
    >>> values = question_values(case_facts())
    >>> values["pcr_fair"], values["pcr_good"], values["rq_fair"]
    ('40 procent', '50 procent', '1')
    """
    fair_pcr, good_pcr = mgv.THRESHOLDS["percent_complex_reflections"]
    fair_rq, good_rq = mgv.THRESHOLDS["reflection_to_question"]
    low = f.low["reflection_to_question"]
    return {
        # D1: the ratings of the transcript's two scores with thresholds.
        "pcr_fair": _share_text(fair_pcr),
        "pcr_fair_number": _number(100 * fair_pcr, 0),
        "pcr_good": _share_text(good_pcr),
        "rq_fair": _number(fair_rq, 0),
        "rq_good": _number(good_rq, 0),
        # D2: another counsellor, who asks far more than he reflects.
        "low_q": LOW_RQ_COUNTS["Q"],
        "low_reflections": LOW_RQ_COUNTS["SR"] + LOW_RQ_COUNTS["CR"],
        "low_rq": _number(low.value, 1),
        "low_rq_percent": _share_text(low.value),
        # D3: the confrontation, and the one time the counsellor persuades without permission.
        "confront": f.confront,
        "persuade": f.persuade,
        # D4: a client utterance with "maar" in it that is change talk nevertheless.
        "need": f.need,
        # D5: persuading with permission.
        "with_permission": f.with_permission,
    }


#: Part D: its questions, from ``grading/questions/mgv.toml`` with the figures and quotes of
#: ``question_values``; ``questions(facts)`` and ``answer_key()`` serve the trainer page and
#: the tests.
READING = ab.ReadingPart(ASSIGNMENT, "D", case_facts, values=question_values)
questions, answer_key = READING.questions, READING.answer_key


def _part_d(f: CaseFacts) -> list:
    """Part D: reading the outcomes, one autograded question per cell group."""
    scratch = "# Ruimte om te rekenen, bijvoorbeeld:\nsamenvattende_scores(tel_codes(transcript))"
    return READING.cells(f, scratch, """
Een hulpverlener die een MITI-uitslag krijgt, moet die goed kunnen lezen: wat zeggen de scores, en welke uitingen horen bij welke code?
In dit deel beantwoord je {count} vragen over de uitslag van het gesprek, over een ander gesprek en over uitingen uit het transcript.
Elke vraag is 1 punt waard.

Je antwoordt met één letter tussen aanhalingstekens, bijvoorbeeld `antwoord_d1 = "a"`.
De zichtbare controle kijkt alleen of je antwoord de goede vorm heeft; of het juist is, zie je pas in je feedback.

Rekenen mag in de lege cel hieronder, met je functies uit de delen A tot en met C. In het transcript kun je een uiting opzoeken, bijvoorbeeld met `transcript[transcript["code"] == "CR"]`.
""")


# ------------------------------------------------------------------ part E: the reflections

#: The criteria of the written reflections (part E), from ``grading/rubrics/mgv.toml``. The
#: trainer page's analytic rubric has one row per criterion with these titles and points.
RUBRIC: tuple[ab.Criterion, ...] = ab.load_rubric(ASSIGNMENT)
REFLECTION_POINTS = ab.rubric_points(RUBRIC)

#: The three client statements of part E: (who says it, where, what). Written for this
#: course; the third is ambivalent, for the double-sided reflection.
STATEMENTS: tuple[tuple[str, str], ...] = (
    ("Marja (52), bij de schuldhulpverlening",
     "Ik heb alle brieven van de deurwaarder ongeopend in een la gestopt. Als ik ze niet zie, kan ik tenminste nog slapen."),
    ("Meneer De Boer (78), weduwnaar, tegen de ouderenadviseur van de gemeente",
     "Mijn dochter vindt dat ik naar die koffieochtend in het buurthuis moet. Ik ken daar niemand, en ik ga echt niet met vreemden zitten kletsen."),
    ("Jayden (17), tegen zijn jongerencoach",
     "Iedereen zegt dat ik die opleiding moet afmaken. Ik wil ook wel een diploma, maar ik loop al zo ver achter dat ik 's ochtends denk: waarom zou ik nog gaan?"),
)
#: The statement that also gets a double-sided reflection (1-based).
DOUBLE_SIDED = 3


def statements_markdown() -> str:
    """The three statements as the task and the trainer page show them."""
    return "\n".join(f'{number}. {who}: "{text}"' for number, (who, text) in enumerate(STATEMENTS, start=1))


def answer_layout() -> str:
    """The layout the learner fills in, one block per statement."""
    lines = []
    for number in range(1, len(STATEMENTS) + 1):
        lines.append(f"**Uitspraak {number}.** Complexe reflectie: ... Toelichting: ...")
        if number == DOUBLE_SIDED:
            lines.append(f"**Uitspraak {number}, dubbelzijdig.** Dubbelzijdige reflectie: ... Toelichting: ...")
    return "\n".join(f"    {line}" for line in lines)


#: Anchor answers of part E below the model answer: (level, points, the answer, why).
ANCHORS: tuple[tuple[str, int, str, str], ...] = (
    ("Voldoende", 4, """
**Uitspraak 1.** Complexe reflectie: "U legt de brieven weg, zodat u kunt slapen." Toelichting: ik laat merken dat ik luister.

**Uitspraak 2.** Complexe reflectie: "U ervaart een sociale drempel bij het groepsaanbod." Toelichting: ik benoem zijn gevoel.

**Uitspraak 3.** Complexe reflectie: "De moed is je in de schoenen gezonken. Misschien kun je met je mentor een inhaalplan maken?" Toelichting: ik benoem het gevoel en geef een tip.

**Uitspraak 3, dubbelzijdig.** Dubbelzijdige reflectie: "Je wilt een diploma, maar je loopt te ver achter." Toelichting: ik noem beide kanten.
""", "Op elk criterium 1 punt. Betekenis: bij uitspraak 2 en 3 komt er een gevoel bij, bij uitspraak 1 niet (dat is een eenvoudige reflectie), en de toelichtingen zeggen niet welk gevoel of welke betekenis. Geen vraag of advies: bij uitspraak 3 zit er een advies en een vraag achter de reflectie. Dubbelzijdig: beide kanten staan er, maar verbonden met 'maar', en de behoudtaal staat achteraan. Taal: 'sociale drempel' en 'groepsaanbod' zijn woorden van de hulpverlener, niet van meneer De Boer."),
    ("Onvoldoende", 0, """
**Uitspraak 1.** "Waarom maakt u ze niet gewoon open? Dan weet u tenminste waar u staat."

**Uitspraak 2.** "Uw dochter heeft gelijk: contact met anderen is goed voor u."

**Uitspraak 3.** "Je hebt een motivatieprobleem."
""", "Geen enkele reactie is een reflectie: een vraag met een advies erin, een oordeel dat de dochter gelijk geeft, en een etiket. De dubbelzijdige reflectie en de toelichtingen ontbreken. Geef in je opmerking één concrete stap, bijvoorbeeld: 'Begin je reflectie met \"U ...\" of \"Je ...\" en zeg wat de cliënt volgens jou voelt of belangrijk vindt, met een punt aan het eind.'"),
)


def model_reflections() -> str:
    """Model answer of part E (also the anchor answer for "goed" on the trainer page)."""
    return """
**Uitspraak 1.** Complexe reflectie: "Die brieven maken u zo onrustig dat wegleggen nu het enige is wat u nog een beetje rust geeft." Toelichting: ik benoem het gevoel onder het wegleggen (onrust) en wat Marja ermee beschermt (haar nachtrust), zonder oordeel over de ongeopende brieven.

**Uitspraak 2.** Complexe reflectie: "U bepaalt liever zelf hoe u uw dagen invult, ook al bedoelt uw dochter het goed." Toelichting: ik benoem wat er onder zijn "echt niet" zit: hij wil zelf kiezen, en daar hoeft hij zich dan niet meer tegen te verdedigen.

**Uitspraak 3.** Complexe reflectie: "Hoe verder je achterloopt, hoe zinlozer het voelt om 's ochtends nog te gaan." Toelichting: ik benoem de moedeloosheid achter "waarom zou ik nog gaan", in plaats van de vraag te beantwoorden.

**Uitspraak 3, dubbelzijdig.** Dubbelzijdige reflectie: "De achterstand voelt zo groot dat gaan soms zinloos lijkt, en tegelijk wil je dat diploma wel, voor jezelf." Toelichting: ik geef beide kanten van zijn twijfel terug, verbonden met "en", met zijn eigen wens als laatste; "voor jezelf" maakt het zijn reden, niet die van "iedereen".
"""


def _part_e() -> list:
    """Part E: the reflections, graded by hand with the rubric."""
    _require(any(f"uitspraak {DOUBLE_SIDED}" in text for _, _, text in RUBRIC),
             "the rubric names the statement that gets the double-sided reflection")
    count = len(RUBRIC)
    unit = "punt" if count == 1 else "punten"
    task = f"""
Een complexe reflectie geeft terug wat de cliënt zei, en voegt er iets aan toe: een gevoel, een waarde die eronder ligt, of de volgende zin van het verhaal.
Een dubbelzijdige reflectie geeft beide kanten van de twijfel terug. Hieronder staan drie uitspraken van cliënten in het sociaal domein:

{statements_markdown()}

Schrijf in de cel hieronder bij elke uitspraak een complexe reflectie, en bij uitspraak {DOUBLE_SIDED} daarnaast een dubbelzijdige reflectie.
Zet onder elke reflectie in één zin wat ze toevoegt aan wat de cliënt letterlijk zei.
Spreek de cliënt aan zoals een hulpverlener dat zou doen: de volwassenen met u, Jayden met je. Gebruik deze opbouw, en dubbelklik op de cel om te schrijven:

{answer_layout()}

Je trainer beoordeelt je reflecties op {ab.COUNT_WORDS[count]} {unit}:

{ab.rubric_markdown(RUBRIC)}
"""
    return ab.part_cells("mgv_e_opgave", "E", "zelf reflecteren", task,
                         [ab.answer_markdown("mgv_e_reflecties", REFLECTION_POINTS, model_reflections())])


# ------------------------------------------------------------------ the notebook


def build_notebook() -> nbformat.NotebookNode:
    """The source assignment, solutions and hidden tests included."""
    f = case_facts()
    checks = ab.load_checks(ASSIGNMENT, guard=NO_MGV, values=check_values(f))
    code = [*_part_a(f, checks), *_part_b(checks), *_part_c(checks)]
    return ab.assemble_assignment(
        ASSIGNMENT, INTRO, _case_cells(f), code, _part_d(f), _part_e(),
        hidden_checks="een ander transcript, lege vakjes in de kolom code, tellingen waarin codes ontbreken en scores precies op een drempel",
        written_task=WRITTEN_TASK, checks=checks,
    )


BUILDER = ab.AssignmentBuilder(ASSIGNMENT, NOTEBOOK_NAME, build_notebook,
                               extra_files=lambda: {CSV_NAME: transcript_csv_text()}, description=__doc__)
notebook_text, write, main = BUILDER.notebook_text, BUILDER.write, BUILDER.main

if __name__ == "__main__":
    sys.exit(main())
