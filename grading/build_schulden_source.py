"""Write the nbgrader source assignment of the schulden module, "Schulden in kaart".

``python -m grading.build_schulden_source`` writes ``solutions/schulden/schulden-opdracht.ipynb``.
The notebook is generated rather than edited by hand so that every figure in it comes from
``modules.schulden`` and every test cell has the same shape. This file holds only the
module's content: the case (a preset household and its creditors, as a pandas table built
in the notebook), the tasks, the answers and the model answers, and the checks that what
they say still holds for the model. The test cells of parts A to E (the visible and hidden
asserts) are data, in ``grading/checks/schulden.toml``. The cells, the nbgrader metadata,
the "write it yourself" guard, the points bookkeeping and the command line are shared, in
``grading/assignment_builder.py``. After a change, run this script and then
``python -m grading.release schulden`` (``tests/test_release_sync.py`` checks that
``solutions/`` and ``exercises/`` equal what they make).

The parts: A the BIK staffel written by the learner (guarded: the learning goal is the
staffel itself), B a column of collection costs per creditor, C the debt per creditor after
n months from ``schulden.simuleer``, D the pro-rata offer of the 18-month settlement to the
cent, E which creditors' costs exceed what is left of their principal (7 points of code);
F seven autograded questions on reading the outcomes (7 points; their wording is in
``grading/questions/schulden.toml``, their figures come from ``question_values``); G a
written advice to the household, graded by hand with the rubric ``RUBRIC`` (6 points, from
``grading/rubrics/schulden.toml``). The trainer page
``book/schulden/trainershandleiding-beoordeling.md`` shows the rubric, the anchor answers
and the model answers from this file.

Grade ids (``schulden_<part>_<check>``) must never change once the assignment has been
released: the gradebook keys every score on them.
"""

from __future__ import annotations

import math
import sys
from dataclasses import asdict, dataclass

import nbformat
import pandas as pd

from grading import assignment_builder as ab
# NumberQuestion: the trainer page imports it from here.
from grading.assignment_builder import NumberQuestion
from grading.assignment_builder import euro_text as _euro
from grading.assignment_builder import number_text as _number
from grading.assignment_builder import percent_text as _percent
from grading.assignment_builder import require as _require
from modules import facts, schulden

ASSIGNMENT = "schulden"
NOTEBOOK_NAME = "schulden-opdracht.ipynb"
SOURCE_DIR = ab.source_dir(ASSIGNMENT)
#: The case: a preset of ``modules.schulden``.
CASE_KEY = "gezin_autolening"
#: Months the household waits before it seeks help, in the questions and the advice.
WAIT = 12
#: Question F4: a payment to the web shop, in the month after the costs and some interest.
PAYMENT = 60.0
PAYMENT_MONTH = 3
#: Question F2: a raise of the net income, euro per month.
RAISE = 100.0

#: Part A's hidden blocks start with this: a learner whose function uses modules.schulden
#: (directly, through an alias or through a helper of their own) gets no points for it.
NO_SCHULDEN = ab.no_helper_guard(("modules", "schulden"))


# ------------------------------------------------------------------ figures from the model
#
# Every figure in the assignment (questions, model answers, advice) is computed here from
# modules.schulden when the builder runs. Where a sentence states a conclusion, ``_require``
# checks it, so a model change that makes the sentence untrue stops the build.


def case_table() -> pd.DataFrame:
    """The creditors of the case as the notebook builds them (``executie_na`` as Int64)."""
    table = pd.DataFrame([asdict(c) for c in schulden.PRESETS[CASE_KEY]["schuldeisers"]])
    table["executie_na"] = table["executie_na"].astype("Int64")
    return table


@dataclass(frozen=True)
class CaseFacts:
    """What the assignment and its model answers say about the case, from the model."""

    household: schulden.Huishouden
    creditors: tuple[schulden.Schuldeiser, ...]
    table: pd.DataFrame
    looptijd: int
    rate: float
    capacity: float
    pot: float
    principal: float
    largest: schulden.Schuldeiser
    largest_costs: float
    largest_flat: float
    debt_after_wait: float
    compare: pd.DataFrame
    costs_over_principal: tuple[str, ...]
    shop: schulden.Schuldeiser
    shop_costs: float
    shop_interest: float
    shop_left: float

    @property
    def now(self) -> pd.Series:
        return self.compare.loc["hulp nu"]

    @property
    def later(self) -> pd.Series:
        return self.compare.loc[f"hulp na {WAIT} maanden"]


def case_facts() -> CaseFacts:
    """Figures of the case, each checked against the sentences that use it."""
    household, creditors = schulden.preset(CASE_KEY)
    table = case_table()
    looptijd = int(facts.value("looptijd_schuldregeling"))
    capacity = household.afloscapaciteit
    principal = float(table["hoofdsom"].sum())
    pot = round(capacity * looptijd, 2)
    _require(0 < pot < principal, "the settlement pays part of the debt, not all of it")
    private = [c for c in creditors if c.soort == "particulier"]
    _require(any(c.soort == "cjib" for c in creditors), "the case has a CJIB fine (no collection costs)")
    largest = max(private, key=lambda c: c.hoofdsom)
    _require(largest.hoofdsom > 5_000, "the largest claim reaches the third band of the staffel")
    largest_costs = float(schulden.incassokosten(largest.hoofdsom, btw=largest.btw))
    largest_flat = round(0.15 * largest.hoofdsom, 2)
    _require(largest_flat > largest_costs, "15 percent of the whole principal is more than the staffel allows")

    without_help = schulden.simuleer(household, creditors, maanden=WAIT)
    debt_after_wait = round(float(without_help.schuld(WAIT).to_numpy().sum()), 2)
    _require(debt_after_wait > principal, "the debt grows while the household waits")
    owed = without_help.schuld(WAIT)
    cost_columns = [p for p in schulden.POSTEN if p != "hoofdsom"]
    over = owed[cost_columns].sum(axis=1) > owed["hoofdsom"]
    costs_over_principal = tuple(sorted(owed.index[over]))
    early = schulden.simuleer(household, creditors, maanden=3).schuld(3)
    with_increases = early[cost_columns].sum(axis=1) > early["hoofdsom"]
    without_increases = early[[p for p in cost_columns if p != "verhogingen"]].sum(axis=1) > early["hoofdsom"]
    _require(bool((with_increases != without_increases).any()),
             "forgetting the CJIB increases changes who has costs above the principal in month 3 (part E)")

    compare = schulden.vergelijk_hulp(household, creditors, WAIT)
    now, later = compare.loc["hulp nu"], compare.loc[f"hulp na {WAIT} maanden"]
    _require(math.isclose(now["aanbod"], later["aanbod"]), "the offer is the same pot when help comes later")
    _require(later["percentage_aanbod"] < now["percentage_aanbod"],
             "waiting lowers the share of each claim that is offered")
    _require(later["schuldeisers_ontvangen"] > now["schuldeisers_ontvangen"],
             "creditors receive more euros in all when the household waits (seizure plus offer)")
    _require(later["hoofdsom_terugbetaald"] < now["hoofdsom_terugbetaald"],
             "yet they get back a smaller share of the original principals")
    _require(later["betaald_via_beslag"] > 0, "wages are seized while the household waits")
    _require(math.isclose(now["huishouden_houdt"], later["huishouden_houdt"]),
             "during the settlement the household keeps the same income now and later")

    raised = schulden.afloscapaciteit(household.type, household.netto_inkomen + RAISE)
    _require(math.isclose(raised - capacity, RAISE), "a raise above the protected income goes to the creditors in full")
    _require(pot + RAISE * looptijd < principal, "with the raise the pot still stays below the claims")

    shop = next(c for c in creditors if c.executie_na is None and c.soort == "particulier"
                and c.hoofdsom < 400)
    month = schulden.simuleer(household, creditors, maanden=PAYMENT_MONTH).schuld(PAYMENT_MONTH).loc[shop.naam]
    shop_costs = round(float(month["incassokosten"] + month["proceskosten"] + month["verhogingen"]), 2)
    shop_interest = round(float(month["rente"]), 2)
    booked = schulden.boek_betaling(PAYMENT, kosten=shop_costs, rente=shop_interest, hoofdsom=shop.hoofdsom)
    _require(shop_costs + shop_interest < PAYMENT and booked.kosten == 0 and booked.rente == 0,
             "the payment covers the costs and the interest and leaves something for the principal")
    return CaseFacts(
        household=household, creditors=tuple(creditors), table=table, looptijd=looptijd,
        rate=facts.value("wettelijke_rente"), capacity=capacity, pot=pot, principal=principal,
        largest=largest, largest_costs=largest_costs, largest_flat=largest_flat,
        debt_after_wait=debt_after_wait, compare=compare, costs_over_principal=costs_over_principal,
        shop=shop, shop_costs=shop_costs, shop_interest=shop_interest, shop_left=round(booked.hoofdsom, 2),
    )


def _cents_text(amount: float) -> str:
    """An amount to the cent, the Dutch way: ``1.234,50``."""
    return _number(amount, 2)


# ------------------------------------------------------------------ the header and the case


#: The top of the opening cell; ``assemble_assignment`` adds how to work and hand in.
INTRO = """
# Opdracht schulden: schulden in kaart

In deze opdracht breng je de schulden van een huishouden in kaart, zoals een schuldhulpverlener dat doet.
De casus is een gezin met een autolening: een echtpaar met kinderen dat na baanverlies achterstanden kreeg bij een kredietverstrekker, de energieleverancier, de telecomaanbieder en een webwinkel, en dat een verkeersboete van het CJIB niet betaalde.
Het gezin is een voorbeeld van de cursus, geen echt gezin.
Je rekent uit welke incassokosten mogen, hoe de schulden groeien als het gezin wacht en wat de schuldeisers in een schuldregeling krijgen.
Daarna lees je de uitkomsten, en je schrijft het gezin een advies: nu hulp zoeken of nog wachten?
"""


def _case_cells(f: CaseFacts) -> list:
    """The imports, the case table, the household and the helper that feeds the model."""
    h = f.household
    return [
        ab.locked_code("schulden_imports", """
import math
from dataclasses import asdict

import pandas as pd

from modules import facts, schulden

LOOPTIJD = int(facts.value("looptijd_schuldregeling"))  # maanden
"""),
        ab.locked_markdown("schulden_casus_uitleg", f"""
## De casus

De cel hieronder zet de schuldeisers van het gezin in de tabel `schuldeisers`, met één regel per schuldeiser en deze kolommen:

| kolom | betekenis |
|---|---|
| `naam` | de naam van de schuldeiser |
| `soort` | `particulier` voor een bedrijf (incassokosten, wettelijke rente, rechter en deurwaarder) of `cjib` voor een verkeersboete (verhogingen, dwangbevel) |
| `hoofdsom` | de achterstand of de boete in euro, in maand 0 |
| `btw` | `True` als de schuldeiser btw mag rekenen over incasso- en deurwaarderskosten, omdat hij die btw niet kan verrekenen |
| `executie_na` | de maand waarin de schuldeiser naar de rechter stapt of het CJIB een dwangbevel laat betekenen; leeg (`<NA>`) als hij dat niet doet |

Maand 0 is de maand van de eerste betaling die het gezin miste.

Het gezin (`huishouden`) is een echtpaar met een netto inkomen van {_cents_text(h.netto_inkomen)} euro per maand, zonder toeslagen.
De beslagvrije voet is {_cents_text(h.beslagvrije_voet)} euro per maand: dat deel van het inkomen blijft altijd over, ook bij beslag.
Wat erboven ligt, is de afloscapaciteit: {_cents_text(f.capacity)} euro per maand.
Een schuldregeling duurt {f.looptijd} maanden; in je code heet dat getal `LOOPTIJD`.

De functie `naar_schuldeisers(tabel)` maakt van een tabel zoals `schuldeisers` de lijst die `schulden.simuleer` nodig heeft.
"""),
        ab.locked_code("schulden_casus_laden", f"""
huishouden = schulden.PRESETS["{CASE_KEY}"]["huishouden"]
schuldeisers = pd.DataFrame([asdict(eiser) for eiser in schulden.PRESETS["{CASE_KEY}"]["schuldeisers"]])
schuldeisers["executie_na"] = schuldeisers["executie_na"].astype("Int64")


def naar_schuldeisers(tabel):
    \"\"\"Maak van een tabel zoals schuldeisers een lijst met schuldeisers voor schulden.simuleer.\"\"\"
    lijst = []
    for rij in tabel.to_dict("records"):
        executie = rij.get("executie_na")
        lijst.append(schulden.Schuldeiser(
            naam=rij["naam"], soort=rij["soort"], hoofdsom=float(rij["hoofdsom"]),
            btw=bool(rij.get("btw", False)),
            executie_na=None if pd.isna(executie) else int(executie),
        ))
    return lijst


schuldeisers
"""),
    ]


# ------------------------------------------------------------------ part A: the staffel


def staffel_markdown() -> str:
    """The BIK staffel as the assignment shows it, from ``schulden.BIK_STAFFEL``."""
    lines = ["| deel van de hoofdsom | percentage |", "|---|---:|"]
    done = 0
    for index, (size, share) in enumerate(schulden.BIK_STAFFEL):
        pct = _number(float(share) * 100, 0 if float(share) * 100 == int(float(share) * 100) else 1)
        if size is None:
            what = f"alles boven de {_euro(done, 1)} euro"
        else:
            what = f"de {'eerste' if index == 0 else 'volgende'} {_euro(float(size), 1)} euro"
            done += float(size)
        lines.append(f"| {what} | {pct} procent |")
    return "\n".join(lines)


def _part_a(checks: ab.Checks) -> list:
    """Part A: the BIK staffel, written by the learner (code, guarded)."""
    _require([(float(s) if s is not None else None, float(p)) for s, p in schulden.BIK_STAFFEL]
             == [(2_500.0, 0.15), (2_500.0, 0.10), (5_000.0, 0.05), (190_000.0, 0.01), (None, 0.005)]
             and float(schulden.BIK_MINIMUM) == 40 and float(schulden.BIK_MAXIMUM) == 6_775
             and facts.value("btw_algemeen") == 0.21,
             "the staffel, minimum, maximum and VAT in the model answer and the tips are the model's")
    cells = [
        ab.answer_code("schulden_a_antwoord", '''
def bik(hoofdsom, btw=False):
    """Geef de incassokosten in euro die een schuldeiser mag rekenen over een hoofdsom.

    hoofdsom: de hoofdsom in euro, meer dan 0
    btw: True als er 21 procent btw bij de kosten mag
    """
    ### BEGIN SOLUTION
    schijven = [(2_500, 0.15), (2_500, 0.10), (5_000, 0.05), (190_000, 0.01)]
    kosten = 0.0
    rest = hoofdsom
    for grootte, deel in schijven:
        stuk = min(rest, grootte)
        kosten += stuk * deel
        rest -= stuk
    kosten += rest * 0.005
    kosten = round(min(max(kosten, 40), 6_775), 2)
    if btw:
        kosten = round(kosten * 1.21, 2)
    return kosten
    ### END SOLUTION
'''),
        ab.plain_code("schulden-a-controle", """
# Controleer je antwoord: de incassokosten bij een paar hoofdsommen.
for bedrag in (1_000, 3_000, 12_000):
    print(bedrag, bik(bedrag))
"""),
        checks["schulden_a_staffel"],
        checks["schulden_a_minimum"],
    ]
    return ab.part_cells("schulden_a_opgave", "A", "de staffel van de incassokosten", f"""
Betaalt een consument een rekening niet op tijd, dan mag een bedrijf na een gratis aanmaning met 14 dagen betaaltermijn incassokosten rekenen.
Hoeveel, staat in een staffel (het Besluit vergoeding voor buitengerechtelijke incassokosten):

{staffel_markdown()}

De kosten zijn samen ten minste {_euro(float(schulden.BIK_MINIMUM), 1)} euro en hoogstens {_euro(float(schulden.BIK_MAXIMUM), 1)} euro.
Een schuldeiser die de btw niet kan verrekenen, mag er {_percent(facts.value("btw_algemeen"))} btw bij rekenen: over het bedrag van de staffel, na het minimum en het maximum.

Schrijf de functie `bik(hoofdsom, btw=False)`. Ze geeft de incassokosten in euro terug, afgerond op centen.
Schrijf de staffel zelf: je mag hier `modules.schulden` **niet** gebruiken; de controles letten daarop.
""", cells)


# ------------------------------------------------------------------ part B: a column


def _part_b(checks: ab.Checks) -> list:
    """Part B: the collection costs per creditor as a column of the table (code)."""
    cells = [
        ab.answer_code("schulden_b_antwoord", '''
def met_incassokosten(tabel):
    """Geef een kopie van de tabel met een extra kolom incassokosten, in euro.

    tabel: DataFrame met de kolommen naam, soort, hoofdsom en btw
    """
    ### BEGIN SOLUTION
    uitkomst = tabel.copy()
    uitkomst["incassokosten"] = [
        float(schulden.incassokosten(hoofdsom, btw=bool(btw))) if soort == "particulier" else 0.0
        for soort, hoofdsom, btw in zip(uitkomst["soort"], uitkomst["hoofdsom"], uitkomst["btw"])
    ]
    return uitkomst
    ### END SOLUTION
'''),
        ab.plain_code("schulden-b-controle", """
# Controleer je antwoord: de tabel met de nieuwe kolom.
met_incassokosten(schuldeisers)[["naam", "soort", "hoofdsom", "incassokosten"]]
"""),
        checks["schulden_b_kolom"],
    ]
    return ab.part_cells("schulden_b_opgave", "B", "de incassokosten per schuldeiser", """
Zet de incassokosten van elke schuldeiser als kolom in de tabel.
Schrijf de functie `met_incassokosten(tabel)`.

- `tabel` is een tabel zoals `schuldeisers`, met in elk geval de kolommen `naam`, `soort`, `hoofdsom` en `btw`.
- Geef een kopie van de tabel terug (`tabel.copy()`) met een extra kolom `incassokosten`: de kosten in euro die de schuldeiser volgens de staffel mag rekenen, met btw als de kolom `btw` `True` is.
- Het CJIB (`soort` is `cjib`) rekent geen incassokosten: zet daar 0.
- Verander de tabel zelf niet.

Hier mag je je functie `bik` uit deel A gebruiken, of `schulden.incassokosten`.
""", cells)


# ------------------------------------------------------------------ part C: the simulation


def _part_c(checks: ab.Checks) -> list:
    """Part C: the debt per creditor after n months, from schulden.simuleer (code)."""
    cells = [
        ab.answer_code("schulden_c_antwoord", '''
def schuld_na(huishouden, tabel, maanden):
    """Geef per schuldeiser wat het huishouden na een aantal maanden zonder hulp nog schuldig is.

    huishouden: een schulden.Huishouden
    tabel: DataFrame zoals schuldeisers
    maanden: het aantal maanden na de eerste gemiste betaling (maand 0)
    """
    ### BEGIN SOLUTION
    simulatie = schulden.simuleer(huishouden, naar_schuldeisers(tabel), maanden=maanden)
    return simulatie.schuld(maanden).sum(axis=1)
    ### END SOLUTION
'''),
        ab.plain_code("schulden-c-controle", f"""
# Controleer je antwoord: de schuld per schuldeiser na {WAIT} maanden, en samen.
print(schuld_na(huishouden, schuldeisers, {WAIT}))
schuld_na(huishouden, schuldeisers, {WAIT}).sum()
"""),
        checks["schulden_c_schuld"],
    ]
    return ab.part_cells("schulden_c_opgave", "C", "hoe de schulden groeien", f"""
Hoe groeien de schulden als het gezin geen hulp zoekt?
Het rekenmodel `schulden.simuleer(huishouden, lijst, maanden=...)` volgt alle schuldeisers maand voor maand: incassokosten, wettelijke rente, de verhogingen van het CJIB, de kosten van rechter en deurwaarder, en het loonbeslag.
De uitkomst heeft een methode `schuld(maand)`: een tabel met een regel per schuldeiser en een kolom per post (`incassokosten`, `proceskosten`, `verhogingen`, `rente` en `hoofdsom`), met wat er aan het eind van die maand nog openstaat.

Schrijf de functie `schuld_na(huishouden, tabel, maanden)`.

- Maak met `naar_schuldeisers(tabel)` de lijst met schuldeisers en laat `schulden.simuleer` het aantal maanden doorrekenen, zonder hulp.
- Geef een pandas `Series` terug met de namen van de schuldeisers als index en als waarde wat het huishouden aan het eind van maand `maanden` bij die schuldeiser nog schuldig is, in euro: alle posten samen.

Hier mag je `modules.schulden` gebruiken. Met de cel onder je antwoord zie je de schulden na {WAIT} maanden.
""", cells)


# ------------------------------------------------------------------ part D: the offer


def _part_d(checks: ab.Checks) -> list:
    """Part D: the pro-rata offer of the settlement, to the cent (code)."""
    cells = [
        ab.answer_code("schulden_d_antwoord", '''
def aanbod(vorderingen, afloscapaciteit, looptijd=LOOPTIJD):
    """Geef per schuldeiser het aanbod in euro in een schuldregeling, tot op de cent.

    vorderingen: pandas Series met per schuldeiser (index) de vordering in euro
    afloscapaciteit: wat het huishouden per maand kan aflossen, in euro
    looptijd: de looptijd van de regeling in maanden
    """
    ### BEGIN SOLUTION
    centen = (vorderingen * 100).round().astype(int)
    totaal = int(centen.sum())
    pot = min(round(afloscapaciteit * looptijd * 100), totaal)
    if totaal == 0:
        return centen * 0.0
    precies = pot * centen / totaal
    deel = precies.apply(math.floor)
    over = int(pot - deel.sum())
    restjes = (precies - deel).sort_values(ascending=False, kind="stable")
    deel[restjes.index[:over]] += 1
    return deel / 100
    ### END SOLUTION
'''),
        ab.plain_code("schulden-d-controle", """
# Controleer je antwoord: het aanbod als het gezin nu hulp zoekt, en samen.
vorderingen = schuldeisers.set_index("naam")["hoofdsom"]
print(aanbod(vorderingen, huishouden.afloscapaciteit))
aanbod(vorderingen, huishouden.afloscapaciteit).sum()
"""),
        checks["schulden_d_verdeling"],
        checks["schulden_d_som"],
    ]
    return ab.part_cells("schulden_d_opgave", "D", "het aanbod in de schuldregeling", """
In een schuldregeling betaalt het huishouden elke maand zijn afloscapaciteit, zo lang als de looptijd duurt.
Alles wat het zo bij elkaar spaart, de pot, gaat naar de schuldeisers, naar verhouding van hun vorderingen: elke schuldeiser krijgt hetzelfde deel van wat hij te vorderen heeft.
Is de pot groter dan alle vorderingen samen, dan krijgt elke schuldeiser precies zijn vordering.
Wat niet betaald wordt, schelden de schuldeisers aan het eind kwijt.

Schrijf de functie `aanbod(vorderingen, afloscapaciteit, looptijd=LOOPTIJD)`.

- `vorderingen`: een pandas `Series` met de schuldeisers als index en hun vordering in euro als waarde.
- Geef een `Series` terug met dezelfde index en het aanbod in euro, afgerond op hele centen.
- Samen moeten de aanbiedingen **precies** de pot zijn, tot op de cent (of alle vorderingen samen, als die kleiner zijn).
  Rond je elk aanbod gewoon af, dan kan er een cent te veel of te weinig overblijven.
  Werk daarom zo: reken in centen, rond elk aandeel naar beneden af op een hele cent, en geef de centen die overblijven één voor één aan de schuldeisers met het grootste restje achter de komma.

Reken zelf, met pandas: je mag hier `modules.schulden` **niet** gebruiken, want dat rekent precies deze opgave voor je uit; een van de controles let daarop.
""", cells)


# ------------------------------------------------------------------ part E: costs above the principal


def _part_e(checks: ab.Checks) -> list:
    """Part E: which creditors' costs exceed what is left of their principal (code)."""
    cells = [
        ab.answer_code("schulden_e_antwoord", '''
def kosten_boven_hoofdsom(schuld):
    """Geef op alfabetische volgorde de schuldeisers bij wie de kosten hoger zijn dan de hoofdsom.

    schuld: DataFrame zoals simulatie.schuld(maand), met een regel per schuldeiser
    """
    ### BEGIN SOLUTION
    kosten = schuld[["incassokosten", "proceskosten", "verhogingen", "rente"]].sum(axis=1)
    return sorted(schuld.index[kosten > schuld["hoofdsom"]])
    ### END SOLUTION
'''),
        ab.plain_code("schulden-e-controle", f"""
# Controleer je antwoord: bij wie zijn de kosten na {WAIT} maanden hoger dan de hoofdsom?
simulatie = schulden.simuleer(huishouden, naar_schuldeisers(schuldeisers), maanden={WAIT})
print(simulatie.schuld({WAIT}))
kosten_boven_hoofdsom(simulatie.schuld({WAIT}))
"""),
        checks["schulden_e_kosten"],
    ]
    return ab.part_cells("schulden_e_opgave", "E", "wanneer de kosten de schuld overnemen", """
Een kleine achterstand kan groeien tot een schuld die voor een groot deel uit kosten bestaat.
Schrijf de functie `kosten_boven_hoofdsom(schuld)`.

- `schuld` is een tabel zoals `simulatie.schuld(maand)`: een regel per schuldeiser (de index) en de kolommen `incassokosten`, `proceskosten`, `verhogingen`, `rente` en `hoofdsom`.
- Geef een lijst terug met de namen van de schuldeisers bij wie alle kosten samen (incassokosten, proceskosten, verhogingen en rente) **hoger** zijn dan wat er van de hoofdsom openstaat, op alfabetische volgorde.
""", cells)


# ------------------------------------------------------------------ part F: the questions


def question_values(f: CaseFacts) -> dict[str, object]:
    """The figures of part F's questions, from the case's ``case_facts()`` (``ab.ReadingPart.values``).

    The names are those ``grading/questions/schulden.toml`` uses.

    Examples
    --------
    >>> values = question_values(case_facts())
    >>> values["wait"], values["raise_in_settlement"]
    (12, '1.800')
    """
    shop = f.shop
    return {
        "wait": WAIT,
        # F1, a number question: its answer and a plausible wrong one (the principal alone).
        "debt_after_wait": f.debt_after_wait,
        "principal": round(f.principal, 2),
        # F2: a raise of the income during the settlement.
        "raise_per_month": _euro(RAISE, 1),
        "raise_in_settlement": _euro(RAISE * f.looptijd, 1),
        "raise_times_percentage": _euro(RAISE * f.looptijd * f.now["percentage_aanbod"], 1),
        "looptijd": f.looptijd,
        # F3: a collection note of 15 percent of the largest claim.
        "largest_name": f.largest.naam.split(" (")[0].lower(),
        "largest_principal": _euro(f.largest.hoofdsom, 1),
        "largest_flat": _cents_text(f.largest_flat),
        "largest_costs": _cents_text(f.largest_costs),
        # F4: a payment to the web shop.
        "payment_month": PAYMENT_MONTH,
        "payment": _euro(PAYMENT, 1),
        "shop_costs": _cents_text(f.shop_costs),
        "shop_interest": _cents_text(f.shop_interest),
        "shop_principal": _cents_text(shop.hoofdsom),
        "shop_principal_minus_payment": _cents_text(shop.hoofdsom - PAYMENT),
        "payment_to_principal": _cents_text(PAYMENT - (f.shop_costs + f.shop_interest)),
        "shop_left": _cents_text(f.shop_left),
        # F5 and F7: help now against help after the wait.
        "percentage_now": _percent(f.now["percentage_aanbod"]),
        "percentage_later": _percent(f.later["percentage_aanbod"]),
        "debt_later": _euro(f.later["schuld_bij_hulp"]),
        "offer_later": _euro(f.later["aanbod"]),
        "principal_back_now": _percent(f.now["hoofdsom_terugbetaald"]),
        "principal_back_later": _percent(f.later["hoofdsom_terugbetaald"]),
    }


#: Part F: its questions, from ``grading/questions/schulden.toml`` with the figures of
#: ``question_values``; ``questions(facts)`` and ``answer_key()`` serve the trainer page and
#: the tests.
READING = ab.ReadingPart(ASSIGNMENT, "F", case_facts, values=question_values)
questions, answer_key = READING.questions, READING.answer_key


def _part_f(f: CaseFacts) -> list:
    """Part F: reading the outcomes, one autograded question per cell group."""
    scratch = f"# Ruimte om te rekenen, bijvoorbeeld:\nschulden.vergelijk_hulp(huishouden, naar_schuldeisers(schuldeisers), {WAIT}).T"
    return READING.cells(f, scratch, """
Een schuldhulpverlener moet de uitkomsten van zo'n berekening goed kunnen lezen en uitleggen.
In dit deel beantwoord je {count} vragen over de groei van de schulden, de staffel, de volgorde waarin een betaling wordt geboekt, en wat wachten betekent voor het gezin en voor de schuldeisers.
Elke vraag is 1 punt waard.

Je antwoordt met een Python-waarde: bij een rekenvraag een getal met een punt als decimaalteken, bijvoorbeeld `antwoord_f1 = 1234.5`; bij een meerkeuzevraag één letter tussen aanhalingstekens, bijvoorbeeld `antwoord_f2 = "a"`; bij een ja-neevraag `True` of `False`, zonder aanhalingstekens.
De zichtbare controle kijkt alleen of je antwoord de goede vorm heeft; of het juist is, zie je pas in je feedback.

Rekenen mag in de lege cel hieronder. `schulden.vergelijk_hulp` zet hulp nu en hulp na een aantal maanden wachten naast elkaar; met `.T` staan de twee naast elkaar als kolommen.
""")


# ------------------------------------------------------------------ part G: the advice

#: The criteria of the written advice (part G), from ``grading/rubrics/schulden.toml``. The
#: trainer page's analytic rubric has one row per criterion with these titles and points.
RUBRIC: tuple[ab.Criterion, ...] = ab.load_rubric(ASSIGNMENT)
ADVICE_POINTS = ab.rubric_points(RUBRIC)


def model_advice(facts_: CaseFacts | None = None) -> str:
    """Model answer of part G (also the anchor answer for "goed" on the trainer page)."""
    f = case_facts() if facts_ is None else facts_
    now, later = f.now, f.later
    lines = [
        "**Mijn advies: zoek nu hulp, en wacht niet tot er werk is.**",
        "",
        f"Jullie hebben nu samen {_euro(f.principal)} euro schuld.",
        f"Als jullie een jaar wachten, groeit dat snel: na {WAIT} maanden is het ongeveer {_euro(later['schuld_bij_hulp'])} euro.",
        "Dat komt door incassokosten, rente, de verhogingen van het CJIB en de kosten van de rechter en de deurwaarder.",
        f"In die tijd legt de deurwaarder ook beslag op jullie inkomen: ongeveer {_euro(later['betaald_via_beslag'])} euro.",
        "Dat geld gaat eerst naar de kosten en de rente, en pas daarna naar de schuld zelf.",
        "Jullie betalen dus veel, maar de schuld wordt nauwelijks kleiner.",
        "",
        f"Met hulp nu komt er een schuldregeling van {f.looptijd} maanden.",
        f"Jullie houden elke maand {_cents_text(now['huishouden_houdt'])} euro om van te leven; wat jullie daarboven verdienen, {_cents_text(f.capacity)} euro per maand, gaat naar de schuldeisers.",
        f"Zij krijgen dan {_percent(now['percentage_aanbod'])} van wat jullie hun schuldig zijn. De rest, ongeveer {_euro(now['kwijtgescholden'])} euro, wordt aan het eind kwijtgescholden.",
        f"Wachten jullie een jaar, dan krijgen de schuldeisers maar {_percent(later['percentage_aanbod'])} aangeboden, en wordt er ongeveer {_euro(later['kwijtgescholden'])} euro kwijtgescholden: de regeling begint dan met een veel grotere schuld, en jullie hebben al een jaar beslag achter de rug.",
        "",
        "Ik begrijp dat jullie het liever zelf oplossen, en nieuw werk kan echt helpen.",
        f"Maar ook met werk is het beter om nu te beginnen: wat jullie meer verdienen, gaat in de regeling naar de schuldeisers, en jullie zijn na {f.looptijd} maanden van de schulden af in plaats van na {WAIT + f.looptijd} maanden of later.",
        "Mijn voorstel: maak deze week een afspraak bij de schuldhulpverlening van de gemeente, en neem alle brieven van de schuldeisers mee.",
    ]
    return "\n" + "\n".join(lines) + "\n"


def _part_g(f: CaseFacts) -> list:
    """Part G: the written advice, graded by hand with the rubric."""
    return ab.advice_part(ASSIGNMENT, "G", "advies aan het gezin", f"""
Het gezin zegt tegen je: "We wachten liever nog een jaar met hulp zoeken. Misschien vinden we weer werk, en dan lossen we het zelf op."
Schrijf het gezin in de cel hieronder een kort advies in gewone taal, van ongeveer 150 tot 250 woorden: nu hulp zoeken of wachten?
Gebruik je uitkomsten uit de delen A tot en met F, bijvoorbeeld die van `schulden.vergelijk_hulp` met een wachttijd van {WAIT} maanden. Dubbelklik op de cel om te schrijven.
""", RUBRIC, model_advice(f))


# ------------------------------------------------------------------ the notebook


def build_notebook() -> nbformat.NotebookNode:
    """The source assignment, solutions and hidden tests included."""
    f = case_facts()
    checks = ab.load_checks(ASSIGNMENT, guard=NO_SCHULDEN)
    code = [*_part_a(checks), *_part_b(checks), *_part_c(checks), *_part_d(checks), *_part_e(checks)]
    return ab.assemble_assignment(
        ASSIGNMENT, INTRO, _case_cells(f), code, _part_f(f), _part_g(f),
        hidden_checks="andere bedragen, een schuldeiser die btw rekent of een ander huishouden",
        checks=checks,
    )


BUILDER = ab.AssignmentBuilder(ASSIGNMENT, NOTEBOOK_NAME, build_notebook, description=__doc__)
notebook_text, write, main = BUILDER.notebook_text, BUILDER.write, BUILDER.main

if __name__ == "__main__":
    sys.exit(main())
