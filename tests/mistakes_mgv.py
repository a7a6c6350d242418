"""Typical coding mistakes in the mgv assignment ("Een gesprek meten met de MITI").

What each name means and which tests hand them in: see the docstring of ``tests/discovery.py``.

A mistake that is the model answer with one line changed is written as that change
(``_model_with``), so it follows the model answer in ``grading/build_mgv_source.py``.
"""

from __future__ import annotations

from grading import assignment_builder as ab
from grading.build_mgv_source import BALANCE_ANSWER, SCORES_ANSWER
from tests.grading_helpers import solution_text


def _model_with(grade_id: str, model: str, line: str, changed: str) -> str:
    """The model answer of cell ``grade_id`` as a learner types it, with ``line`` changed."""
    assert model.count(f"\n{line}\n") == 1, f"{grade_id}: the model answer must have the line {line.strip()!r} once"
    return solution_text(ab.answer_code(grade_id, model.replace(f"\n{line}\n", f"\n{changed}\n")))


#: One typical mistake per code answer, each invisible to that part's visible asserts.
MISTAKES = {
    # A: counts every code in the table, the client's too (the counsellor's counts are right).
    "mgv_a_antwoord": '''
def tel_codes(tabel):
    return tabel["code"].value_counts().to_dict()
''',
    # B: writes 0 where a score cannot be computed (no questions, or no reflections).
    "mgv_b_antwoord": '''
def samenvattende_scores(tellingen):
    sr, cr, q = tellingen.get("SR", 0), tellingen.get("CR", 0), tellingen.get("Q", 0)
    return {
        "aandeel_complexe_reflecties": cr / (sr + cr) if sr + cr > 0 else 0,
        "reflecties_op_vragen": (sr + cr) / q if q > 0 else 0,
        "totaal_mi_consistent": tellingen.get("SEEK", 0) + tellingen.get("AF", 0) + tellingen.get("EMPHASIZE", 0),
        "totaal_mi_inconsistent": tellingen.get("CONFRONT", 0) + tellingen.get("PERSUADE", 0),
    }
''',
    # B: "above the threshold" instead of "from the threshold": exactly 40 percent is not fair.
    "mgv_b_oordeel": '''
def beoordeling(score, waarde):
    if score not in DREMPELS or waarde is None:
        return None
    redelijk, goed = DREMPELS[score]
    if waarde > goed:
        return "goed"
    if waarde > redelijk:
        return "redelijk"
    return "onder de drempel"
''',
    # C: the share of change talk over every client utterance, the neutral ones included.
    "mgv_c_antwoord": '''
def verandertaal_balans(tabel):
    codes = tabel.loc[tabel["spreker"] == "cliënt", "code"]
    verandertaal = int(codes.isin(VERANDERTAAL).sum())
    behoudtaal = int(codes.isin(BEHOUDTAAL).sum())
    return {
        "verandertaal": verandertaal,
        "behoudtaal": behoudtaal,
        "aandeel_verandertaal": verandertaal / len(codes) if len(codes) > 0 else None,
    }
''',
}

#: The test cells that must score zero for these mistakes (every other one keeps its points).
LOST = {"mgv_a_hulpverlener", "mgv_b_deling", "mgv_b_drempels", "mgv_c_aandeel"}

#: The answer cell that gets the endless loop: part C, which no other part needs.
INFINITE_LOOP_PART = "mgv_c_antwoord"

#: More typical mistakes: (answer cell, the wrong answer, the test cells it must cost).
VARIANTS = [
    # A: right numbers, but from modules.mgv instead of counting.
    ("mgv_a_antwoord", '''
from modules.mgv import count_codes

def tel_codes(tabel):
    return count_codes(tabel)
''', {"mgv_a_telling", "mgv_a_hulpverlener"}),
    # A: turns the empty fields into empty texts, and counts them as a code.
    ("mgv_a_antwoord", '''
def tel_codes(tabel):
    hulpverlener = tabel[tabel["spreker"] == "hulpverlener"]
    return hulpverlener["code"].fillna("").value_counts().to_dict()
''', {"mgv_a_hulpverlener"}),
    # B: counts persuading with permission as MI-inconsistent.
    ("mgv_b_antwoord", _model_with(
        "mgv_b_antwoord", SCORES_ANSWER,
        '        "totaal_mi_inconsistent": aantal("CONFRONT") + aantal("PERSUADE"),',
        '        "totaal_mi_inconsistent": aantal("CONFRONT") + aantal("PERSUADE") + aantal("PERSUADE_WITH_PERMISSION"),',
    ), {"mgv_b_scores"}),
    # B: the ratio upside down, questions per reflection.
    ("mgv_b_antwoord", _model_with(
        "mgv_b_antwoord", SCORES_ANSWER,
        '        "reflecties_op_vragen": reflecties / aantal("Q") if aantal("Q") > 0 else None,',
        '        "reflecties_op_vragen": aantal("Q") / reflecties if reflecties > 0 else None,',
    ), {"mgv_b_scores", "mgv_b_deling"}),
    # B: a score that cannot be computed is "onder de drempel" instead of None.
    ("mgv_b_oordeel", '''
def beoordeling(score, waarde):
    if score not in DREMPELS:
        return None
    redelijk, goed = DREMPELS[score]
    if waarde is not None and waarde >= goed:
        return "goed"
    if waarde is not None and waarde >= redelijk:
        return "redelijk"
    return "onder de drempel"
''', {"mgv_b_drempels"}),
    # C: everything that is not change talk counted as sustain talk, neutral talk too.
    ("mgv_c_antwoord", _model_with(
        "mgv_c_antwoord", BALANCE_ANSWER,
        "    behoudtaal = int(codes.isin(BEHOUDTAAL).sum())",
        "    behoudtaal = len(codes) - verandertaal",
    ), {"mgv_c_telling", "mgv_c_aandeel"}),
    # C: right numbers, but from modules.mgv.
    ("mgv_c_antwoord", '''
import modules.mgv as m

def verandertaal_balans(tabel):
    balans = m.talk_balance(tabel)
    return {"verandertaal": balans.change_talk, "behoudtaal": balans.sustain_talk,
            "aandeel_verandertaal": balans.percent_change_talk}
''', {"mgv_c_telling", "mgv_c_aandeel"}),
]
