"""Typical coding mistakes in the schulden assignment ("Schulden in kaart").

What each name means and which tests hand them in: see the docstring of ``tests/discovery.py``.
"""

from __future__ import annotations

#: The start of ``bik`` that two mistakes share: the first four bands of the staffel, right.
_BIK_SCHIJVEN = '''
def bik(hoofdsom, btw=False):
    kosten = 0.0
    rest = hoofdsom
    for grootte, deel in [(2_500, 0.15), (2_500, 0.10), (5_000, 0.05), (190_000, 0.01)]:
        stuk = min(rest, grootte)
        kosten += stuk * deel
        rest -= stuk
'''

#: One typical mistake per code part, each invisible to that part's visible asserts.
MISTAKES = {
    # A: forgets the minimum of 40 euro (right staffel and VAT above it).
    "schulden_a_antwoord": _BIK_SCHIJVEN + '''\
    kosten = round(min(kosten + rest * 0.005, 6_775), 2)
    if btw:
        kosten = round(kosten * 1.21, 2)
    return kosten
''',
    # B: ignores the btw column (the case has no creditor with VAT).
    "schulden_b_antwoord": '''
def met_incassokosten(tabel):
    uitkomst = tabel.copy()
    uitkomst["incassokosten"] = [
        float(schulden.incassokosten(hoofdsom)) if soort == "particulier" else 0.0
        for soort, hoofdsom in zip(uitkomst["soort"], uitkomst["hoofdsom"])
    ]
    return uitkomst
''',
    # C: adds up the debt of every month instead of taking the last one (right in month 0).
    "schulden_c_antwoord": '''
def schuld_na(huishouden, tabel, maanden):
    simulatie = schulden.simuleer(huishouden, naar_schuldeisers(tabel), maanden=maanden)
    return simulatie.posten.groupby("schuldeiser")["bedrag"].sum()
''',
    # D: rounds every share to the cent on its own, so the shares miss the pot by a cent or two.
    "schulden_d_antwoord": '''
def aanbod(vorderingen, afloscapaciteit, looptijd=LOOPTIJD):
    pot = min(afloscapaciteit * looptijd, vorderingen.sum())
    if vorderingen.sum() == 0:
        return vorderingen * 0.0
    return (vorderingen / vorderingen.sum() * pot).round(2)
''',
    # E: forgets the CJIB's increases among the costs.
    "schulden_e_antwoord": '''
def kosten_boven_hoofdsom(schuld):
    kosten = schuld["incassokosten"] + schuld["proceskosten"] + schuld["rente"]
    return sorted(schuld.index[kosten > schuld["hoofdsom"]])
''',
}

#: The test cells that must score zero for these mistakes (every other one keeps its points).
LOST = {"schulden_a_minimum", "schulden_b_kolom", "schulden_c_schuld", "schulden_d_som",
        "schulden_e_kosten"}

#: The answer cell that gets the endless loop: part C, which no other part needs.
INFINITE_LOOP_PART = "schulden_c_antwoord"

#: More typical mistakes: (answer cell, the wrong answer, the test cells it must cost).
VARIANTS = [
    # A: 15 percent of the whole principal (right below 2,500 euro, and capped at the maximum).
    ("schulden_a_antwoord", '''
def bik(hoofdsom, btw=False):
    kosten = round(min(max(hoofdsom * 0.15, 40), 6_775), 2)
    if btw:
        kosten = round(kosten * 1.21, 2)
    return kosten
''', {"schulden_a_staffel"}),
    # A: right numbers, but from modules.schulden instead of the staffel.
    ("schulden_a_antwoord", '''
from modules.schulden import incassokosten

def bik(hoofdsom, btw=False):
    return float(incassokosten(hoofdsom, btw))
''', {"schulden_a_staffel", "schulden_a_minimum"}),
    # A: VAT on the staffel amount before the minimum (48.40 becomes 40 on a small claim).
    ("schulden_a_antwoord", _BIK_SCHIJVEN + '''\
    kosten += rest * 0.005
    if btw:
        kosten = kosten * 1.21
    return round(min(max(kosten, 40), 6_775), 2)
''', {"schulden_a_minimum"}),
    # C: only what is left of the principal, without costs and interest.
    ("schulden_c_antwoord", '''
def schuld_na(huishouden, tabel, maanden):
    simulatie = schulden.simuleer(huishouden, naar_schuldeisers(tabel), maanden=maanden)
    return simulatie.schuld(maanden)["hoofdsom"]
''', {"schulden_c_schuld"}),
    # D: the exact shares from modules.schulden.
    ("schulden_d_antwoord", '''
def aanbod(vorderingen, afloscapaciteit, looptijd=LOOPTIJD):
    return schulden.pro_rata(vorderingen.to_dict(), afloscapaciteit * looptijd)
''', {"schulden_d_verdeling"}),
    # D: the pot is not capped at the claims, so a creditor can get more than it is owed.
    ("schulden_d_antwoord", '''
import math

def aanbod(vorderingen, afloscapaciteit, looptijd=LOOPTIJD):
    centen = (vorderingen * 100).round().astype(int)
    pot = round(afloscapaciteit * looptijd * 100)
    if centen.sum() == 0:
        return centen * 0.0
    precies = pot * centen / centen.sum()
    deel = precies.apply(math.floor)
    over = int(pot - deel.sum())
    restjes = (precies - deel).sort_values(ascending=False, kind="stable")
    deel[restjes.index[:over]] += 1
    return deel / 100
''', {"schulden_d_verdeling", "schulden_d_som"}),
    # E: "at least as high" instead of "higher".
    ("schulden_e_antwoord", '''
def kosten_boven_hoofdsom(schuld):
    kosten = schuld[["incassokosten", "proceskosten", "verhogingen", "rente"]].sum(axis=1)
    return sorted(schuld.index[kosten >= schuld["hoofdsom"]])
''', {"schulden_e_kosten"}),
]
