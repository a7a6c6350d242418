"""Write the nbgrader source assignment of the MKBA module and its case table.

``python -m grading.build_mkba_source`` writes ``solutions/mkba/mkba-opdracht.ipynb`` and
``solutions/mkba/casus-schooluitval.csv``. The notebook is generated rather than edited by
hand because every test cell shares the same shape (a one-line docstring that learners see
in their feedback, visible asserts, hidden asserts) and several hidden blocks share one
helper: writing them from one place keeps them consistent. ``tests/test_release_sync.py``
checks that the committed files equal this script's output, so edit this script, run it,
then run ``python -m grading.release``.

Grade ids (``mkba_<part>_<check>``) must never change once the assignment has been
released: the gradebook keys every score on them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from modules import mkba

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "mkba"
NOTEBOOK_NAME = "mkba-opdracht.ipynb"
CSV_NAME = "casus-schooluitval.csv"
CASE_KEY = "schooluitval"
SOURCE_DIR = ROOT / "solutions" / ASSIGNMENT

SCHEMA_VERSION = 3

# Shared by the hidden blocks that enforce "write it yourself": a learner who calls
# modules.mkba (directly, through an alias or through a helper of their own) gets no
# points for that check. It sits inside each hidden block because a test cell that fails
# early must not leave later cells without it.
_NO_MKBA_HELPER = '''\
import inspect as _inspect
import types as _types

def _leunt_op_mkba(functie, _gezien=None):
    gezien = set() if _gezien is None else _gezien
    if functie in gezien:
        return False
    gezien.add(functie)
    if {"modules", "mkba"} & set(functie.__code__.co_names):
        return True
    verwijzingen = _inspect.getclosurevars(functie)
    for waarde in [*verwijzingen.globals.values(), *verwijzingen.nonlocals.values()]:
        if isinstance(waarde, _types.ModuleType):
            herkomst = waarde.__name__
        else:
            herkomst = getattr(waarde, "__module__", "") or ""
        if herkomst == "modules" or herkomst.startswith("modules."):
            return True
        if isinstance(waarde, _types.FunctionType) and waarde.__module__ == "__main__":
            if _leunt_op_mkba(waarde, gezien):
                return True
    return False
'''


def case_csv_text() -> str:
    """The case table of the assignment, exactly as ``solutions/`` holds it."""
    return mkba.case_table(mkba.PRESETS[CASE_KEY]).to_csv(index=False)


def _nbgrader(grade_id: str, *, locked: bool = False, solution: bool = False,
              grade: bool = False, points: float | None = None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell_id(grade_id: str) -> str:
    return grade_id.replace("_", "-")


def locked_markdown(grade_id: str, text: str):
    """A read-only instruction cell."""
    return new_markdown_cell(text.strip(), id=_cell_id(grade_id),
                             metadata=_nbgrader(grade_id, locked=True))


def locked_code(grade_id: str, source: str):
    """A read-only code cell: autograde puts the original back, so learners cannot break it."""
    return new_code_cell(source.strip(), id=_cell_id(grade_id),
                         metadata=_nbgrader(grade_id, locked=True))


def plain_code(cell_id: str, source: str):
    """An ordinary cell the learner may change (the name field, the check cells)."""
    return new_code_cell(source.strip(), id=cell_id)


def answer_code(grade_id: str, source: str):
    """The learner's answer; the body between the solution markers becomes the stub."""
    return new_code_cell(source.strip(), id=_cell_id(grade_id),
                         metadata=_nbgrader(grade_id, solution=True))


def answer_markdown(grade_id: str, points: float, text: str):
    """A written answer, graded by hand; the whole text becomes the stub."""
    return new_markdown_cell(text.strip(), id=_cell_id(grade_id),
                             metadata=_nbgrader(grade_id, solution=True, grade=True, points=points))


def test_cell(grade_id: str, points: float, summary: str, visible: str, hidden: str,
              *, no_mkba: bool = False):
    """An autograded test cell.

    ``summary`` becomes the docstring on the first line: the only part of the cell that
    learners see in their feedback, so it names the part and ends with a tip.
    """
    if "\n" in summary or '"""' in summary:
        raise ValueError(f"{grade_id}: the summary must be one line without triple quotes")
    hidden_block = (_NO_MKBA_HELPER + "\n" if no_mkba else "") + hidden.strip()
    source = "\n".join([
        f'"""{summary}"""',
        visible.strip(),
        "### BEGIN HIDDEN TESTS",
        hidden_block,
        "### END HIDDEN TESTS",
    ])
    return new_code_cell(source, id=_cell_id(grade_id),
                         metadata=_nbgrader(grade_id, grade=True, locked=True, points=points))


def _euro(amount: float, step: int = 100) -> str:
    """An amount rounded to ``step`` euro, with a Dutch thousands separator."""
    rounded = int(round(abs(amount) / step) * step)
    return f"{rounded:,}".replace(",", ".")


def _model_advice() -> str:
    """Model answer for part F, with the figures the model solution computes."""
    table = mkba.case_table(mkba.PRESETS[CASE_KEY])
    society = mkba.net_present_value(mkba.yearly_flows(table))
    per_actor = mkba.npv_by_actor(table)
    horizon = int(table["jaar"].max())
    return f"""
**Advies: laat de gemeente meebetalen aan de begeleiding.**

Per begeleide student levert de aanpak de samenleving naar verwachting ongeveer {_euro(society)} euro op, omgerekend naar vandaag.
Dat is de netto contante waarde over {horizon} jaar, met de voorgeschreven discontovoet van 2,25 procent per jaar.
De baten zijn dus veel groter dan de kosten.

De verdeling is scheef.
De school betaalt de extra begeleiding en houdt daar per saldo een tekort van ongeveer {_euro(per_actor["onderwijs"])} euro aan over.
De gemeente betaalt alleen de coördinatie, maar wint per saldo ongeveer {_euro(per_actor["gemeente"])} euro, vooral omdat minder jongeren in de bijstand komen.
De jongere zelf gaat er per saldo ongeveer {_euro(per_actor["inwoner"])} euro op vooruit door een hoger verwacht loon.
Wie betaalt, is dus niet wie de baten krijgt: het probleem van de verkeerde zak.
Zonder afspraak heeft de school weinig reden om de begeleiding vol te houden.

Mijn voorstel: de gemeente draagt een deel van de kosten van de school, bijvoorbeeld de helft, en betaalt dat uit de verwachte besparing op de bijstand.
Spreek daarbij af dat school en gemeente na twee jaar samen bekijken hoeveel studenten hun diploma halen.

Een belangrijke onzekerheid is het effect zelf: de baten rusten op de aanname dat de kans op bijstand en op werk met 25 procentpunt verandert.
Valt dat effect kleiner uit, dan worden alle baten kleiner.
Een gevoeligheidsanalyse laat zien hoe klein het effect mag worden voordat de aanpak niet meer loont.
"""


def build_notebook() -> nbformat.NotebookNode:
    """The source assignment, solutions and hidden tests included."""
    cells = [
        locked_markdown("mkba_kop", """
# Opdracht MKBA: schooluitval voorkomen

In deze opdracht reken je zelf een kleine maatschappelijke kosten-batenanalyse (MKBA) door.
De casus ken je uit de lessen: een school en de gemeente begeleiden samen een mbo-student die dreigt uit te vallen.
Je berekent wat de aanpak vandaag waard is, je zoekt uit wie de kosten draagt en wie de baten krijgt, en je schrijft een kort advies aan de wethouder.

**Zo werk je**

- Werk de delen A tot en met F op volgorde af. Bij elk deel staat hoeveel punten je kunt halen; in totaal zijn het er 20.
- Schrijf je code op de plek van `# SCHRIJF HIER JE CODE` en haal de regel `raise NotImplementedError()` weg.
- Onder elk antwoord staat een cel waarmee je je uitkomst bekijkt, en daarna een of meer testcellen.
  Draait een testcel zonder foutmelding, dan kloppen de zichtbare controles.
  Bij het nakijken komen er verborgen controles bij, bijvoorbeeld met andere bedragen of een andere discontovoet: werk dus ook zorgvuldig als de zichtbare controles al slagen.
- Verander de testcellen niet. Bij het nakijken worden ze teruggezet naar het origineel.

**Voordat je inlevert**

Herstart de kernel en voer alle cellen opnieuw uit (in JupyterLab: menu *Kernel*, dan *Restart Kernel and Run All Cells*).
Zo weet je zeker dat je notebook van boven naar beneden werkt, net als bij het nakijken.
Een cel die langer dan 20 seconden rekent, wordt bij het nakijken afgebroken.

Vul hieronder tussen de aanhalingstekens je naam in.
"""),
        plain_code("naam", 'NAAM = ""'),
        locked_code("mkba_imports", """
import math

import pandas as pd
"""),
        locked_markdown("mkba_casus_uitleg", f"""
## De casus

Het bestand `{CSV_NAME}` bevat één regel per bedrag per jaar, met deze kolommen:

| kolom | betekenis |
|---|---|
| `actor` | wie het bedrag betaalt of ontvangt: de gemeente, de school (`onderwijs`) of de jongere zelf (`inwoner`) |
| `post` | waar het bedrag voor staat |
| `jaar` | het jaar, geteld vanaf het startjaar 0 |
| `bedrag` | het bedrag in euro: een baat is positief, een kost is negatief |
| `bron` | waar het bedrag vandaan komt, of welke aanname erachter zit |

In jaar 0 begint de begeleiding.
De bijstand die de gemeente uitspaart, staat er twee keer in: als baat bij de gemeente en als even groot verlies bij de jongere.
Zo'n overdracht verschuift geld tussen partijen; voor de samenleving als geheel valt hij weg.

Je rekent met een discontovoet van 2,25 procent per jaar, als decimaal getal 0,0225.
Dat is de standaard voor een MKBA die op of na 1 januari 2021 begint (Werkgroep Discontovoet, 2020).
Let op: in Python schrijf je een decimaal getal met een punt, dus `0.0225`.
"""),
        locked_code("mkba_casus_laden", f"""
casus = pd.read_csv("{CSV_NAME}")
casus.head(8)
"""),
        # ---------------------------------------------------------------- part A
        locked_markdown("mkba_a_opgave", """
## Deel A (3 punten): de contante waarde van één bedrag

Een euro die je pas over een paar jaar krijgt, is vandaag minder waard dan een euro nu.
Met de contante waarde reken je een bedrag uit een later jaar terug naar jaar 0: je deelt het bedrag door (1 + voet) tot de macht jaar.

Schrijf de functie `contante_waarde(bedrag, jaar, voet=0.0225)`.
Ze geeft de contante waarde in euro terug als kommagetal (`float`).

- `bedrag`: het bedrag in euro; een kost is negatief.
- `jaar`: het jaar waarin het bedrag valt, geteld vanaf jaar 0. Een bedrag in jaar 0 verandert niet.
- `voet`: de discontovoet als decimaal getal per jaar, standaard 0,0225.

Schrijf de berekening zelf. Je mag hier `modules.mkba` **niet** importeren of gebruiken; een van de controles let daarop.
"""),
        answer_code("mkba_a_antwoord", '''
def contante_waarde(bedrag, jaar, voet=0.0225):
    """Geef de contante waarde in jaar 0 van een bedrag dat in een later jaar valt.

    bedrag: het bedrag in euro (een kost is negatief, een baat positief)
    jaar: het jaar waarin het bedrag valt, geteld vanaf jaar 0
    voet: de discontovoet als decimaal getal per jaar (0.0225 is 2,25 procent)
    """
    ### BEGIN SOLUTION
    return bedrag / (1 + voet) ** jaar
    ### END SOLUTION
'''),
        plain_code("mkba-a-controle", """
# Controleer je antwoord: 14.000 euro bijstand die over drie jaar wegvalt, is vandaag minder waard.
contante_waarde(14_000, 3)
"""),
        test_cell(
            "mkba_a_waarde", 2,
            "Deel A: de contante waarde van één bedrag. "
            "Tip: deel het bedrag door (1 + voet) tot de macht jaar.",
            visible="""
assert contante_waarde(1_000, 5) < 1_000, "Een bedrag dat pas over vijf jaar valt, is vandaag minder waard dan het bedrag zelf."
assert isinstance(contante_waarde(1_000, 5), float), "Geef een kommagetal (float) terug."
""",
            hidden="""
import modules.mkba as _mkba
for _bedrag in (14_000, -3_000, 0.5, 0):
    for _jaar in (0, 1, 3, 15):
        for _voet in (0.0, 0.0225, 0.03, 0.1):
            assert math.isclose(contante_waarde(_bedrag, _jaar, _voet), _mkba.present_value(_bedrag, _jaar, _voet), rel_tol=1e-9, abs_tol=1e-9), "De contante waarde klopt niet voor een ander bedrag, jaar of voet."
assert math.isclose(contante_waarde(14_000, 3), _mkba.present_value(14_000, 3, _mkba.DISCOUNT_RATE), rel_tol=1e-9), "De standaardwaarde van voet klopt niet."
""",
        ),
        test_cell(
            "mkba_a_eigen", 1,
            "Deel A: je eigen berekening, zonder modules.mkba. "
            "Tip: reken met /, + en ** en roep geen functie uit modules.mkba aan.",
            visible="""
assert contante_waarde(1_000, 0) == 1_000, "Een bedrag in jaar 0 blijft gelijk: je deelt dan door (1 + voet) tot de macht 0, en dat is 1."
""",
            hidden="""
assert not _leunt_op_mkba(contante_waarde), "contante_waarde gebruikt modules.mkba."
assert math.isclose(contante_waarde(2_000, 2, 0.1), 2_000 / 1.1 ** 2, rel_tol=1e-9), "De berekening klopt niet bij een voet van 10 procent."
assert math.isclose(contante_waarde(-2_000, 0, 0.5), -2_000), "Een kost in jaar 0 hoort niet gedisconteerd te worden."
""",
            no_mkba=True,
        ),
        # ---------------------------------------------------------------- part B
        locked_markdown("mkba_b_opgave", """
## Deel B (3 punten): de netto contante waarde van een reeks jaarbedragen

Een MKBA telt de contante waarden van alle jaren bij elkaar op. Die som heet de netto contante waarde.
Het eerste bedrag in de reeks hoort bij jaar 0, het tweede bij jaar 1, enzovoort.

Schrijf de functie `netto_contante_waarde(stromen, voet=0.0225)`.

- `stromen`: een lijst (of een andere reeks) met het netto bedrag in euro per jaar.
- `voet`: de discontovoet als decimaal getal per jaar, standaard 0,0225.

De functie geeft de netto contante waarde in euro terug.
Gebruik gerust je functie `contante_waarde` uit deel A. Ook hier mag je `modules.mkba` **niet** gebruiken.
"""),
        answer_code("mkba_b_antwoord", '''
def netto_contante_waarde(stromen, voet=0.0225):
    """Geef de netto contante waarde in euro van een reeks jaarbedragen.

    stromen: het netto bedrag in euro per jaar; het eerste bedrag valt in jaar 0
    voet: de discontovoet als decimaal getal per jaar
    """
    ### BEGIN SOLUTION
    totaal = 0.0
    for jaar, bedrag in enumerate(stromen):
        totaal += contante_waarde(bedrag, jaar, voet)
    return totaal
    ### END SOLUTION
'''),
        plain_code("mkba-b-controle", """
# Controleer je antwoord: een auto van 2.000 euro nu, en daarna twee jaar lang 14.000 euro minder bijstand.
netto_contante_waarde([-2_000, 14_000, 14_000])
"""),
        test_cell(
            "mkba_b_ncw", 2,
            "Deel B: de netto contante waarde van een reeks. "
            "Tip: tel voor elk jaar de contante waarde op; met enumerate krijg je bij elk bedrag zijn jaar.",
            visible="""
assert math.isclose(netto_contante_waarde([-100, 60, 40], voet=0), 0, abs_tol=1e-9), "Met voet 0 is de netto contante waarde gewoon de som van de bedragen."
assert netto_contante_waarde([-100, 60, 40]) < 0, "Met een positieve voet tellen latere baten minder zwaar, dus deze reeks komt onder nul uit."
""",
            hidden="""
import modules.mkba as _mkba
_reeksen = ([-2_000, 14_000, 14_000], [-4_000, -4_000] + [6_884.28] * 14, [100.0] * 30, [0, 0, 0, -500], [-1_000, 1_100])
for _reeks in _reeksen:
    for _voet in (0.0225, 0.0, 0.03, 0.1):
        assert math.isclose(netto_contante_waarde(_reeks, _voet), _mkba.net_present_value(_reeks, _voet), rel_tol=1e-9, abs_tol=1e-6), "De netto contante waarde klopt niet voor een andere reeks of voet."
assert math.isclose(netto_contante_waarde((-2_000, 14_000)), _mkba.net_present_value([-2_000, 14_000]), rel_tol=1e-9), "Een tuple moet ook werken, en de standaardvoet is 0,0225."
assert not _leunt_op_mkba(netto_contante_waarde), "netto_contante_waarde gebruikt modules.mkba."
""",
            no_mkba=True,
        ),
        test_cell(
            "mkba_b_jaar0", 1,
            "Deel B: het eerste bedrag valt in jaar 0. "
            "Tip: begin bij jaar 0 te tellen en disconteer dat eerste bedrag niet.",
            visible="""
assert netto_contante_waarde([500]) == 500, "Een reeks met alleen een bedrag in jaar 0 verandert niet door disconteren."
""",
            hidden="""
for _voet in (0.0225, 0.1, 0.5):
    assert math.isclose(netto_contante_waarde([750, 0, 0], _voet), 750), "Het bedrag van jaar 0 telt volledig mee."
    assert math.isclose(netto_contante_waarde([0, 1_000], _voet), 1_000 / (1 + _voet)), "Het tweede bedrag valt in jaar 1."
    assert math.isclose(netto_contante_waarde([0, 0, 0, 1_000], _voet), 1_000 / (1 + _voet) ** 3), "Het vierde bedrag valt in jaar 3."
""",
        ),
        # ---------------------------------------------------------------- part C
        locked_markdown("mkba_c_opgave", """
## Deel C (3 punten): wie wint en wie verliest?

Een MKBA kijkt niet alleen naar het totaal, maar ook naar de verdeling: welke actor houdt er per saldo iets aan over, en welke betaalt?
Schrijf met pandas de functie `saldo_per_actor(tabel, voet=0.0225)`.

- `tabel` is een tabel zoals `casus`, met in elk geval de kolommen `actor`, `jaar` en `bedrag`.
- Disconteer elke regel met zijn eigen jaar, en tel daarna per actor op, bijvoorbeeld met `groupby`.
- Geef een pandas `Series` terug met de actoren als index en het gedisconteerde saldo in euro als waarde.
- Verander de tabel zelf niet. Wil je een kolom toevoegen, doe dat dan in een kopie (`tabel.copy()`).

Je mag je eigen functies uit deel A en B gebruiken, maar niet `modules.mkba`.
"""),
        answer_code("mkba_c_antwoord", '''
def saldo_per_actor(tabel, voet=0.0225):
    """Geef per actor het gedisconteerde saldo in euro, als pandas Series.

    tabel: DataFrame met de kolommen actor, jaar en bedrag
    voet: de discontovoet als decimaal getal per jaar
    """
    ### BEGIN SOLUTION
    gedisconteerd = tabel["bedrag"] / (1 + voet) ** tabel["jaar"]
    return gedisconteerd.groupby(tabel["actor"]).sum()
    ### END SOLUTION
'''),
        plain_code("mkba-c-controle", """
# Controleer je antwoord: het saldo per actor, afgerond op hele euro's.
saldo_per_actor(casus).round(0)
"""),
        test_cell(
            "mkba_c_vorm", 1,
            "Deel C: een Series met één saldo per actor. "
            "Tip: groepeer met groupby op de kolom actor en tel op met sum.",
            visible="""
assert isinstance(saldo_per_actor(casus), pd.Series), "Geef een pandas Series terug, geen DataFrame en geen los getal."
""",
            hidden="""
_casus = pd.read_csv("casus-schooluitval.csv")
_uitkomst = saldo_per_actor(_casus)
assert sorted(_uitkomst.index) == sorted(_casus["actor"].unique()), "De index moet precies de actoren uit de tabel bevatten, elk één keer."
assert not _uitkomst.isna().any(), "Er mogen geen lege waarden in de uitkomst staan."
_klein = pd.DataFrame({"actor": ["werkgever", "Rijk", "werkgever"], "post": ["a", "b", "c"], "jaar": [0, 1, 2], "bedrag": [-10.0, 20.0, 30.0]})
_kopie = _klein.copy()
assert sorted(saldo_per_actor(_klein).index) == ["Rijk", "werkgever"], "Ook bij een andere tabel hoort er één saldo per actor te zijn."
assert _klein.equals(_kopie), "saldo_per_actor mag de tabel zelf niet veranderen."
""",
        ),
        test_cell(
            "mkba_c_saldo", 2,
            "Deel C: de gedisconteerde saldi per actor. "
            "Tip: disconteer eerst elke regel met zijn eigen jaar en tel daarna per actor op.",
            visible="""
assert math.isclose(saldo_per_actor(casus, voet=0).sum(), casus["bedrag"].sum()), "Met voet 0 zijn de saldi samen precies de som van de kolom bedrag."
""",
            hidden="""
import modules.mkba as _mkba
_casus = pd.read_csv("casus-schooluitval.csv")
for _voet in (0.0225, 0.0, 0.03, 0.1):
    _verwacht = _mkba.npv_by_actor(_casus, _voet)
    _uitkomst = saldo_per_actor(_casus, _voet)
    for _actor, _saldo in _verwacht.items():
        assert math.isclose(float(_uitkomst[_actor]), _saldo, rel_tol=1e-9, abs_tol=1e-6), "Het saldo van een actor klopt niet."
_verwacht = _mkba.npv_by_actor(_casus)
for _actor, _saldo in _verwacht.items():
    assert math.isclose(float(saldo_per_actor(_casus)[_actor]), _saldo, rel_tol=1e-9), "De standaardvoet klopt niet."
_geschud = _casus.sample(frac=1.0, random_state=7).reset_index(drop=True)
for _actor, _saldo in _verwacht.items():
    assert math.isclose(float(saldo_per_actor(_geschud)[_actor]), _saldo, rel_tol=1e-9), "De volgorde van de regels mag niet uitmaken."
assert not _leunt_op_mkba(saldo_per_actor), "saldo_per_actor gebruikt modules.mkba."
""",
            no_mkba=True,
        ),
        # ---------------------------------------------------------------- part D
        locked_markdown("mkba_d_opgave", """
## Deel D (3 punten): de netto stroom per jaar

Voor de samenleving als geheel tel je alles bij elkaar: per jaar de bedragen van alle actoren samen.
Schrijf de functie `stromen_per_jaar(tabel)`.

- Ze geeft een lijst terug met het netto bedrag in euro voor elk jaar, van jaar 0 tot en met het laatste jaar in de tabel.
- Een jaar zonder regels in de tabel telt mee met 0 euro.

Met de uitkomst en je functie uit deel B bereken je de netto contante waarde van de hele casus.
Ook hier mag je `modules.mkba` niet gebruiken.
"""),
        answer_code("mkba_d_antwoord", '''
def stromen_per_jaar(tabel):
    """Geef een lijst met het netto bedrag in euro per jaar, van jaar 0 tot en met het laatste jaar.

    tabel: DataFrame met de kolommen jaar en bedrag
    """
    ### BEGIN SOLUTION
    per_jaar = tabel.groupby("jaar")["bedrag"].sum()
    alle_jaren = range(int(tabel["jaar"].max()) + 1)
    return per_jaar.reindex(alle_jaren, fill_value=0.0).tolist()
    ### END SOLUTION
'''),
        plain_code("mkba-d-controle", """
# Controleer je antwoord: de netto stroom per jaar, en de netto contante waarde van de hele casus.
print(stromen_per_jaar(casus))
netto_contante_waarde(stromen_per_jaar(casus))
"""),
        test_cell(
            "mkba_d_lengte", 1,
            "Deel D: één bedrag per jaar, ook voor jaren zonder regels. "
            "Tip: vul ontbrekende jaren aan met 0, bijvoorbeeld met reindex en fill_value=0.",
            visible="""
assert len(stromen_per_jaar(casus)) == casus["jaar"].max() + 1, "Geef één bedrag voor elk jaar, van jaar 0 tot en met het laatste jaar."
""",
            hidden="""
_gat = pd.DataFrame({"actor": ["gemeente", "inwoner", "gemeente"], "post": ["a", "b", "c"], "jaar": [3, 0, 3], "bedrag": [10.0, -5.0, 2.5]})
_uitkomst = [float(_x) for _x in stromen_per_jaar(_gat)]
assert len(_uitkomst) == 4, "Van jaar 0 tot en met jaar 3 zijn vier jaren."
assert _uitkomst[1] == 0 and _uitkomst[2] == 0, "Een jaar zonder regels telt mee met 0 euro."
_laat = pd.DataFrame({"actor": ["gemeente"], "post": ["a"], "jaar": [2], "bedrag": [7.0]})
assert [float(_x) for _x in stromen_per_jaar(_laat)] == [0.0, 0.0, 7.0], "Ook als de tabel pas na jaar 0 begint, start de lijst bij jaar 0."
""",
        ),
        test_cell(
            "mkba_d_waarden", 2,
            "Deel D: de netto bedragen per jaar. "
            "Tip: groepeer op de kolom jaar en tel de bedragen van alle actoren samen op.",
            visible="""
assert math.isclose(sum(stromen_per_jaar(casus)), casus["bedrag"].sum()), "Samen zijn de jaarbedragen precies de som van de kolom bedrag."
""",
            hidden="""
import modules.mkba as _mkba
_casus = pd.read_csv("casus-schooluitval.csv")
_verwacht = _mkba.yearly_flows(_casus)
_uitkomst = [float(_x) for _x in stromen_per_jaar(_casus)]
assert len(_uitkomst) == len(_verwacht), "Het aantal jaren klopt niet."
for _jaar, _bedrag in enumerate(_verwacht):
    assert math.isclose(_uitkomst[_jaar], _bedrag, rel_tol=1e-9, abs_tol=1e-6), "Het netto bedrag van een jaar klopt niet."
_klein = pd.DataFrame({"actor": ["gemeente", "inwoner", "onderwijs"], "post": ["a", "b", "c"], "jaar": [1, 1, 0], "bedrag": [-10.0, 4.0, 6.0]})
assert [float(_x) for _x in stromen_per_jaar(_klein)] == [6.0, -6.0], "Tel per jaar de bedragen van alle actoren op."
assert not _leunt_op_mkba(stromen_per_jaar), "stromen_per_jaar gebruikt modules.mkba."
""",
            no_mkba=True,
        ),
        # ---------------------------------------------------------------- part E
        locked_markdown("mkba_e_opgave", """
## Deel E (2 punten): het probleem van de verkeerde zak

Vaak betaalt de ene partij, terwijl een andere partij de baten krijgt.
Dat heet het probleem van de verkeerde zak: wie moet investeren, ziet de opbrengst niet terug in de eigen begroting.

Schrijf de functie `grootste_betaler(tabel, voet=0.0225)`.
Ze geeft de naam (als tekst) van de actor met het laagste gedisconteerde saldo: de partij die er per saldo het meest op achteruitgaat.
Gebruik je functie `saldo_per_actor` uit deel C; `modules.mkba` mag je niet gebruiken.
"""),
        answer_code("mkba_e_antwoord", '''
def grootste_betaler(tabel, voet=0.0225):
    """Geef de naam van de actor met het laagste gedisconteerde saldo.

    tabel: DataFrame met de kolommen actor, jaar en bedrag
    voet: de discontovoet als decimaal getal per jaar
    """
    ### BEGIN SOLUTION
    return str(saldo_per_actor(tabel, voet).idxmin())
    ### END SOLUTION
'''),
        plain_code("mkba-e-controle", """
# Controleer je antwoord: wie gaat er in de casus per saldo het meest op achteruit?
grootste_betaler(casus)
"""),
        test_cell(
            "mkba_e_betaler", 2,
            "Deel E: de actor die per saldo het meest betaalt. "
            "Tip: zoek in de uitkomst van saldo_per_actor het laagste saldo op, bijvoorbeeld met idxmin.",
            visible="""
assert grootste_betaler(casus) in set(casus["actor"]), "Geef de naam van een actor uit de kolom actor terug, als tekst."
""",
            hidden="""
import modules.mkba as _mkba
_casus = pd.read_csv("casus-schooluitval.csv")
assert isinstance(grootste_betaler(_casus), str), "Geef de naam als tekst (str) terug."
assert grootste_betaler(_casus) == _mkba.npv_by_actor(_casus).idxmin(), "In de casus is dat een andere actor."
_tabel = pd.DataFrame({"actor": ["gemeente", "werkgever", "inwoner"], "post": ["a", "b", "c"], "jaar": [0, 10, 1], "bedrag": [-1_000.0, -1_100.0, 5_000.0]})
assert grootste_betaler(_tabel, 0.0) == "werkgever", "Zonder disconteren betaalt hier de werkgever het meest."
assert grootste_betaler(_tabel) == "gemeente", "Met de standaardvoet weegt een kost over tien jaar minder zwaar."
assert not _leunt_op_mkba(grootste_betaler), "grootste_betaler gebruikt modules.mkba."
""",
            no_mkba=True,
        ),
        # ---------------------------------------------------------------- part F
        locked_markdown("mkba_f_opgave", """
## Deel F (6 punten): advies aan de wethouder

De wethouder van onderwijs en jeugd vraagt of de gemeente moet meebetalen aan de begeleiding op school.
Schrijf in de cel hieronder een kort advies in gewone taal, van ongeveer 150 tot 250 woorden.
Gebruik je uitkomsten uit de delen A tot en met E. Dubbelklik op de cel om te schrijven.

Je trainer beoordeelt je advies op drie punten:

- **2 punten**: je noemt de netto contante waarde voor de samenleving als geheel en legt uit wat dat getal betekent.
- **2 punten**: je laat zien wie de kosten draagt en wie de baten krijgt, en je legt uit waarom dat een probleem van de verkeerde zak is.
- **2 punten**: je doet een concreet voorstel, bijvoorbeeld over het verdelen van de kosten, en je noemt ten minste één onzekerheid in de berekening.
"""),
        answer_markdown("mkba_f_advies", 6, _model_advice()),
        locked_markdown("mkba_einde", """
## Klaar?

Herstart de kernel en voer alle cellen opnieuw uit. Controleer of elke cel werkt, sla het notebook op en lever het in.
"""),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def notebook_text() -> str:
    """The source notebook as it is written to disk."""
    return nbformat.writes(build_notebook()) + "\n"


def write(dest: Path = SOURCE_DIR) -> list[Path]:
    """Write the notebook and the case table into ``dest``; return the paths written."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ((NOTEBOOK_NAME, notebook_text()), (CSV_NAME, case_csv_text())):
        path = dest / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=SOURCE_DIR,
                        help="folder to write into (default: solutions/mkba)")
    args = parser.parse_args(argv)
    for path in write(args.dest):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
