"""Typical coding mistakes in the MKBA assignment, for the grading round trip.

Found by ``tests/discovery.py`` (``mistakes("mkba")``); the generic round trip in
``tests/test_grading_roundtrip.py`` hands them in as the learner ``fouten`` and checks that
every one passes the visible checks and that exactly ``LOST`` loses its points.
"""

from __future__ import annotations

#: One typical mistake per part, each invisible to that part's visible asserts.
MISTAKES = {
    # A: ignores the rate argument, always discounts at 2.25 %.
    "mkba_a_antwoord": '''
def contante_waarde(bedrag, jaar, voet=0.0225):
    return bedrag / 1.0225 ** jaar
''',
    # B: right numbers, but taken from modules.mkba instead of computed.
    "mkba_b_antwoord": '''
from modules.mkba import net_present_value

def netto_contante_waarde(stromen, voet=0.0225):
    return net_present_value(list(stromen), voet)
''',
    # C: forgets to discount.
    "mkba_c_antwoord": '''
def saldo_per_actor(tabel, voet=0.0225):
    return tabel.groupby("actor")["bedrag"].sum()
''',
    # D: skips years without rows.
    "mkba_d_antwoord": '''
def stromen_per_jaar(tabel):
    return tabel.groupby("jaar")["bedrag"].sum().tolist()
''',
}

#: The test cells that must score zero for these mistakes (every other one keeps its points).
LOST = {"mkba_a_waarde", "mkba_a_eigen", "mkba_b_ncw", "mkba_c_saldo", "mkba_d_waarden"}

#: The answer cell that gets the endless loop: part B, so the loop costs B and nothing else.
INFINITE_LOOP_PART = "mkba_b_antwoord"
