"""Typical coding mistakes in the inclusie assignment ("Wie wordt het slechtst bediend?").

What each name means and which tests hand them in: see the docstring of ``tests/discovery.py``.

A mistake that is the model answer with one line changed is written as that change
(``_model_with``), so it follows the model answer in ``grading/build_inclusie_source.py``.
"""

from __future__ import annotations

from grading import assignment_builder as ab
from grading.build_inclusie_source import DAYS_ANSWER, DROPOUT_ANSWER, WORST_SERVED_ANSWER
from tests.grading_helpers import solution_text


def _model_with(grade_id: str, model: str, line: str, changed: str) -> str:
    """The model answer of cell ``grade_id`` as a learner types it, with ``line`` changed."""
    assert model.count(f"\n{line}\n") == 1, f"{grade_id}: the model answer must have the line {line.strip()!r} once"
    return solution_text(ab.answer_code(grade_id, model.replace(f"\n{line}\n", f"\n{changed}\n")))


#: One typical mistake per code answer, each invisible to that part's visible asserts.
MISTAKES = {
    # A: drop-out over all households of the group, those who never applied included.
    "inclusie_a_antwoord": '''
def uitval_per_groep(tabel):
    return tabel.groupby("groep")["uitgevallen"].mean()
''',
    # B: the mean days to help instead of the median.
    "inclusie_b_antwoord": _model_with(
        "inclusie_b_antwoord", DAYS_ANSWER,
        '    dagen = geholpen.groupby("groep")["dagen_tot_hulp"].median()',
        '    dagen = geholpen.groupby("groep")["dagen_tot_hulp"].mean()',
    ),
    # C: the group with the most drop-out, forgetting non-take-up (the dataset's answer is
    # the same group; other tables are not).
    "inclusie_c_antwoord": '''
def slechtst_bediend(tabel):
    aanvragers = tabel[tabel["aangevraagd"]]
    return aanvragers.groupby("groep")["uitgevallen"].mean().idxmax()
''',
}

#: The test cells that must score zero for these mistakes (every other one keeps its points).
LOST = {"inclusie_a_uitval", "inclusie_a_groepen", "inclusie_b_dagen", "inclusie_c_ander"}

#: The answer cell that gets the endless loop: part C, which no other part needs.
INFINITE_LOOP_PART = "inclusie_c_antwoord"

#: More typical mistakes: (answer cell, the wrong answer, the test cells it must cost).
VARIANTS = [
    # A: right numbers, but from modules.inclusie instead of pandas.
    ("inclusie_a_antwoord", '''
from modules.inclusie import rates_by_group

def uitval_per_groep(tabel):
    return rates_by_group(tabel[tabel["aangevraagd"]], "uitgevallen")["aandeel"]
''', {"inclusie_a_uitval", "inclusie_a_groepen", "inclusie_a_tabel"}),
    # A: right numbers, but a helper column is added to the table the function gets.
    ("inclusie_a_antwoord", '''
def uitval_per_groep(tabel):
    tabel["uitval"] = tabel["uitgevallen"].astype(float)
    aanvragers = tabel[tabel["aangevraagd"]]
    return aanvragers.groupby("groep")["uitval"].mean()
''', {"inclusie_a_tabel"}),
    # B: the households not helped counted as 0 days.
    ("inclusie_b_antwoord", '''
def wachttijd_per_groep(tabel):
    dagen = tabel["dagen_tot_hulp"].fillna(0).groupby(tabel["groep"]).median()
    return pd.DataFrame({"dagen": dagen, "verschil": dagen - dagen.min()})
''', {"inclusie_b_dagen", "inclusie_b_leeg"}),
    # B: the days every applicant waited (wachtdagen), those who dropped out included.
    ("inclusie_b_antwoord", _model_with(
        "inclusie_b_antwoord", DAYS_ANSWER,
        '    dagen = geholpen.groupby("groep")["dagen_tot_hulp"].median()',
        '    dagen = tabel[tabel["aangevraagd"]].groupby("groep")["wachtdagen"].median()',
    ), {"inclusie_b_dagen", "inclusie_b_leeg"}),
    # B: the gap to the first group of the table instead of the fastest (in the small
    # visible table the first group is the fastest).
    ("inclusie_b_antwoord", _model_with(
        "inclusie_b_antwoord", DAYS_ANSWER,
        '    return pd.DataFrame({"dagen": dagen, "verschil": dagen - dagen.min()})',
        '    return pd.DataFrame({"dagen": dagen, "verschil": dagen - dagen.iloc[0]})',
    ), {"inclusie_b_verschil"}),
    # B: right numbers, but the rows without days are dropped from the table itself.
    ("inclusie_b_antwoord", '''
def wachttijd_per_groep(tabel):
    tabel.dropna(subset=["dagen_tot_hulp"], inplace=True)
    dagen = tabel.groupby("groep")["dagen_tot_hulp"].median()
    return pd.DataFrame({"dagen": dagen, "verschil": dagen - dagen.min()})
''', {"inclusie_b_leeg"}),
    # C: the group with the most non-take-up, forgetting drop-out.
    ("inclusie_c_antwoord", '''
def slechtst_bediend(tabel):
    return tabel.groupby("groep")["aangevraagd"].mean().idxmin()
''', {"inclusie_c_groep", "inclusie_c_ander"}),
    # C: the fewest households helped, not the smallest share (right for the dataset).
    ("inclusie_c_antwoord", _model_with(
        "inclusie_c_antwoord", WORST_SERVED_ANSWER,
        '    geholpen = tabel.groupby("groep")["geholpen"].mean()',
        '    geholpen = tabel.groupby("groep")["geholpen"].sum()',
    ), {"inclusie_c_ander"}),
    # C: right answer, but a column is added to the table the function gets.
    ("inclusie_c_antwoord", '''
def slechtst_bediend(tabel):
    tabel["hulp"] = tabel["geholpen"].astype(int)
    return tabel.groupby("groep")["hulp"].mean().idxmin()
''', {"inclusie_c_ander"}),
    # C: right answer, from modules.inclusie.
    ("inclusie_c_antwoord", '''
import modules.inclusie as m

def slechtst_bediend(tabel):
    return m.rates_by_group(tabel, "geholpen")["aandeel"].idxmin()
''', {"inclusie_c_groep", "inclusie_c_ander"}),
]
