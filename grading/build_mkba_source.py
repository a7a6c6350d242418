"""Write the nbgrader source assignment of the MKBA module and its case table.

``python -m grading.build_mkba_source`` writes ``solutions/mkba/mkba-opdracht.ipynb`` and
``solutions/mkba/casus-schooluitval.csv``. The notebook is generated rather than edited by
hand so that every figure in it comes from ``modules.mkba`` and every test cell has the
same shape. This file holds only MKBA's content: the case, the questions, the answers and
the model answers, and the checks that what they say still holds for the model; the test
cells of parts A to D (the visible and hidden asserts) are data, in
``grading/checks/mkba.toml``, and the rubric of the written advice in
``grading/rubrics/mkba.toml``.
The cells, the nbgrader metadata, the "write it yourself" guard, the
points bookkeeping and the command line are shared by every module's builder, in
``grading/assignment_builder.py``. ``tests/test_release_sync.py`` checks that the
committed files equal this script's output, so edit this script, run it, then run
``python -m grading.release``.

Grade ids (``mkba_<part>_<check>``) must never change once the assignment has been
released: the gradebook keys every score on them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial

import nbformat
import pandas as pd

from grading import assignment_builder as ab
from grading.assignment_builder import Question
from grading.assignment_builder import euro_text as _euro
from grading.assignment_builder import number_text as _number
from grading.assignment_builder import percent_text as _percent
from grading.assignment_builder import require as _require
from modules import mkba

ASSIGNMENT = "mkba"
NOTEBOOK_NAME = "mkba-opdracht.ipynb"
CSV_NAME = "casus-schooluitval.csv"
CASE_KEY = "schooluitval"
SOURCE_DIR = ab.source_dir(ASSIGNMENT)

#: Hidden blocks that enforce "write it yourself" start with this: a learner whose function
#: uses modules.mkba (directly, through an alias or through a helper of their own) gets no
#: points for that check.
NO_MKBA = ab.no_helper_guard(("modules", "mkba"))


def case_csv_text() -> str:
    """The case table of the assignment, exactly as ``solutions/`` holds it."""
    return mkba.case_table(mkba.PRESETS[CASE_KEY]).to_csv(index=False)


# ------------------------------------------------------------------ figures from the model
#
# Every figure in the assignment (questions, model answers) is computed here from
# modules.mkba when the builder runs; a model change regenerates consistent text. Where a
# sentence states a conclusion, ``_require`` checks it, so a model change that makes the
# sentence untrue stops the build instead of shipping a wrong model answer.


# A made-up flow with two sign changes for question E5: its internal rate of return lies
# above the discount rate while its net present value at that rate is negative.
TWO_SIGN_CHANGES: tuple[float, ...] = (-10_000.0, 30_000.0, -21_000.0)
# Question E3: the share of the expected effect that is still due to the intervention when
# part of the students would have got their diploma anyway (the nulalternatief).
REMAINING_EFFECT_SHARE = 0.5

ACTOR_NAMES = {
    "gemeente": "de gemeente",
    "onderwijs": "de school",
    "inwoner": "de jongere zelf",
    "Rijk": "het Rijk",
    "UWV": "het UWV",
    "zorgverzekeraar": "de zorgverzekeraar",
    "werkgever": "werkgevers",
}
ACTOR_COLUMN = {
    "gemeente": "de gemeente (`gemeente`)",
    "onderwijs": "de school (`onderwijs`)",
    "inwoner": "de jongere zelf (`inwoner`)",
    "Rijk": "het Rijk (`Rijk`)",
    "UWV": "het UWV (`UWV`)",
    "zorgverzekeraar": "de zorgverzekeraar (`zorgverzekeraar`)",
    "werkgever": "werkgevers (`werkgever`)",
}


def sign_change_count(flows) -> int:
    """How often consecutive non-zero amounts differ in sign."""
    signs = [amount > 0 for amount in flows if amount != 0]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def transfer_posts(table: pd.DataFrame) -> list[str]:
    """Posts that only move money: two or more actors, netting to zero in every year."""
    found = []
    for post, rows in table.groupby("post", sort=False):
        netted = rows.groupby("jaar")["bedrag"].sum()
        if rows["actor"].nunique() >= 2 and (rows["bedrag"] != 0).any() and (netted.abs() < 1e-6).all():
            found.append(str(post))
    return found


@dataclass(frozen=True)
class CaseFacts:
    """What the assignment and its model answers say about the case, from the model."""

    table: pd.DataFrame
    rate: float
    society: float
    horizon: int
    per_actor: pd.Series
    summary: pd.DataFrame
    transfers: tuple[str, ...]
    bijstand_post: str
    bijstand_pv: float
    bijstand_share_of_gemeente: float
    bcr: float
    flows: tuple[float, ...]
    irr: float
    example_irr: float
    example_npv: float
    break_even: float
    tornado: pd.DataFrame
    tornado_flips: bool

    @property
    def gemeente_after_full_refund(self) -> float:
        """The gemeente's balance when it pays the school's costs in full (a transfer)."""
        return float(self.per_actor["gemeente"] + self.per_actor["onderwijs"])


def case_facts() -> CaseFacts:
    """Figures of the case, each checked against the sentences that use it."""
    case = mkba.PRESETS[CASE_KEY]
    rate = mkba.DISCOUNT_RATE
    table = mkba.case_table(case)
    flows = tuple(float(x) for x in mkba.yearly_flows(table))
    society = mkba.case_npv(case)
    # The CSV netted per year and discounted is the case's NPV (what parts B and D compute).
    _require(abs(mkba.net_present_value(flows, rate) - society) <= 1e-6 * max(1.0, abs(society)),
             "the CSV netted per year gives the case's net present value")
    per_actor = mkba.npv_by_actor(table, rate)
    summary = mkba.actor_summary(table, rate)
    _require(abs(per_actor.sum() - society) <= 1e-6 * max(1.0, abs(society)),
             "the balances per actor add up to the NPV for society")

    transfers = transfer_posts(table)
    bijstand = [post for post in transfers if "bijstand" in post.lower()]
    _require(len(bijstand) == 1, "exactly one post of the case is the saved bijstand, a transfer")
    rows = table[table["post"] == bijstand[0]]
    receivers = set(rows.loc[rows["bedrag"] > 0, "actor"])
    _require(receivers == {"gemeente"}, "the gemeente is the actor that saves the bijstand")
    bijstand_pv = float(mkba.npv_by_actor(rows, rate)["gemeente"])
    _require(bijstand_pv > 0, "the saved bijstand has a positive present value for the gemeente")

    _require(society > 0, "the approach pays off for society (NPV > 0)")
    _require(per_actor.idxmin() == "onderwijs" and per_actor["onderwijs"] < 0,
             "the school is the biggest payer, with a negative balance")
    _require(summary.loc["onderwijs", "baten"] == 0, "the school has no benefits of its own")
    _require(any(per_actor[a] > 0 for a in per_actor.index if a not in ("onderwijs", "inwoner")),
             "besides the jongere at least one organisation gains on balance")
    gemeente_baten = float(summary.loc["gemeente", "baten"])

    bcr = mkba.case_benefit_cost_ratio(case)
    _require(bcr > 1, "the benefit-cost ratio is above 1")
    _require(sign_change_count(flows) == 1 and flows[0] < 0,
             "the case's yearly flows change sign once, from costs to benefits")
    irr = mkba.internal_rate_of_return(list(flows))
    _require(irr > rate, "the case's internal rate of return is above the discount rate")
    example_irr = mkba.internal_rate_of_return(list(TWO_SIGN_CHANGES))
    example_npv = mkba.net_present_value(list(TWO_SIGN_CHANGES), rate)
    _require(sign_change_count(TWO_SIGN_CHANGES) == 2 and example_irr > rate and example_npv < 0,
             "the example with two sign changes has an IRR above the rate and yet a negative NPV")

    break_even = mkba.break_even_effect_size(case)
    _require(0 < break_even and abs(break_even - REMAINING_EFFECT_SHARE) >= 0.1,
             "the break-even effect size is clearly above or below the remaining share in E3")

    spread = mkba.tornado(case)
    _require(len(spread) >= 4, "the tornado table has at least four inputs")
    _require(spread.loc[0, "bandbreedte"] >= 1.1 * spread.loc[1, "bandbreedte"],
             "one input clearly matters most in the tornado table")
    flips = bool((spread[["ncw_laag", "ncw_hoog"]] < 0).any().any())
    return CaseFacts(
        table=table, rate=rate, society=society, horizon=int(table["jaar"].max()),
        per_actor=per_actor, summary=summary, transfers=tuple(transfers),
        bijstand_post=bijstand[0], bijstand_pv=bijstand_pv,
        bijstand_share_of_gemeente=bijstand_pv / gemeente_baten,
        bcr=bcr, flows=flows, irr=irr, example_irr=example_irr, example_npv=example_npv,
        break_even=break_even, tornado=spread, tornado_flips=flips,
    )


# ------------------------------------------------------------------ Dutch number formats


def _rate_text(rate: float) -> str:
    """The discount rate as the assignment writes it: 2,25 procent."""
    return _percent(rate, 2)


# ------------------------------------------------------------------ part E: the questions

#: A true/false question of part E (see ``grading.assignment_builder.Question``).
_question = partial(Question, ASSIGNMENT, "E")
#: A multiple-choice question of part E (see ``grading.assignment_builder.choice_question``).
_choice = partial(ab.choice_question, ASSIGNMENT, "E")


def tornado_markdown(facts: CaseFacts) -> str:
    """The tornado table of the case, in alphabetical order (not sorted by influence)."""
    rows = facts.tornado.sort_values("invoer", key=lambda s: s.str.lower()).to_dict("records")
    lines = ["| aanname | NCW bij de lage waarde (euro) | NCW bij de hoge waarde (euro) |",
             "|---|---:|---:|"]
    for row in rows:
        # Rounded to 10 euro, so a small negative amount does not read as zero.
        lines.append(f"| {row['invoer']} | {_euro(row['ncw_laag'], 10)} | {_euro(row['ncw_hoog'], 10)} |")
    return "\n".join(lines)


def _e1_transfer(f: CaseFacts) -> Question:
    """E1: which post is a transfer?"""
    # Wage and tax posts are left out: how a wage splits into net pay and taxes is a
    # question of its own, and chapter 3 calls the income tax a transfer.
    wage_words = ("loon", "heffing", "belasting", "premie")
    others = [p for p in dict.fromkeys(f.table["post"])
              if p not in f.transfers and not any(w in p.lower() for w in wage_words)]
    _require(len(others) >= 3, "the case has at least three posts that are neither transfers nor wage or tax")
    distractors = others[:3]
    posts = sorted([f.bijstand_post, *distractors], key=str.lower)
    return _choice(
        1, "overdracht", "Overdrachten",
        """
Bekijk de tabel `casus`. Welke van deze vier posten is een overdracht: geld dat alleen van de ene partij naar de andere gaat?
""", posts,
        correct=ab.letter_of(posts, f.bijstand_post), mistake=ab.letter_of(posts, distractors[0]),
        summary="Deel E: vraag E1, een overdracht herkennen. "
                "Tip: een overdracht staat in de tabel bij twee actoren, in elk jaar met hetzelfde bedrag en een tegengesteld teken; voor de samenleving valt hij weg.",
        wrong="Dat is geen overdracht.",
    )


def _e2_saved_bijstand(f: CaseFacts) -> Question:
    """E2: counting the saved bijstand as a gain for society."""
    pv = _euro(f.bijstand_pv)
    return _choice(
        2, "dubbeltelling", "Bespaarde bijstand",
        f"""
Een beleidsmedewerker schrijft: "De gemeente bespaart op de bijstand {pv} euro, als contante waarde. Die besparing tellen we op bij de netto contante waarde voor de samenleving."
Welke uitspraak klopt?
""",
        f"""
De netto contante waarde voor de samenleving wordt {pv} euro hoger, en terecht: de gemeente geeft dat geld echt niet meer uit.
De netto contante waarde voor de samenleving wordt {pv} euro lager, want de jongere verliest zijn uitkering.
De netto contante waarde voor de samenleving blijft ongeveer {_euro(f.society)} euro. Wat de gemeente aan bijstand bespaart, ontvangt de jongere niet meer; wie de besparing toch als bate meetelt, komt {pv} euro te hoog uit.
De bespaarde bijstand hoort bij de kosten van de aanpak, omdat de gemeente de bijstand betaalt.
""",
        correct="c", mistake="a",
        summary="Deel E: vraag E2, bespaarde bijstand en de netto contante waarde voor de samenleving. "
                "Tip: vraag je bij een besparing af wie dat geld nu niet meer krijgt; kijk in hoofdstuk 3 naar overdrachten en echte effecten.",
        wrong="De bijstand is een overdracht.",
    )


def _e3_null_alternative(f: CaseFacts) -> Question:
    """E3: the nulalternatief."""
    share = REMAINING_EFFECT_SHARE
    be = _percent(f.break_even)
    return _choice(
        3, "nulalternatief", "Het nulalternatief",
        f"""
In de casus telt als effect alleen het verschil met het nulalternatief: wat er zonder begeleiding zou zijn gebeurd.
Het omslagpunt van de casus ligt bij {be} van het verwachte effect: bij een kleiner effect is de netto contante waarde negatief.

Stel dat uit nieuw onderzoek blijkt dat de helft van de studenten die het rekenmodel als effect van de begeleiding telt, ook zonder begeleiding een diploma had gehaald.
Er blijft dus {_percent(share)} van het verwachte effect over. Welke uitspraak klopt?
""",
        f"""
Er verandert niets: die studenten halen hun diploma, dus het effect van de aanpak blijft even groot.
Alleen de andere helft is een effect van de begeleiding. De baten worden kleiner, de kosten blijven gelijk, en de netto contante waarde blijft positief, omdat het omslagpunt bij {be} van het verwachte effect ligt.
Alleen de andere helft is een effect van de begeleiding. De baten worden kleiner, de kosten blijven gelijk, en de netto contante waarde wordt negatief, omdat het omslagpunt bij {be} van het verwachte effect ligt.
Kosten en baten worden allebei de helft kleiner, dus de aanpak blijft precies even rendabel.
""",
        correct="b" if f.break_even < share else "c", mistake="a",
        summary="Deel E: vraag E3, het nulalternatief. "
                "Tip: alleen het verschil met wat er zonder aanpak toch was gebeurd, telt als effect; vergelijk het deel van het effect dat overblijft met het omslagpunt.",
        wrong="Dat klopt niet bij dit nulalternatief en dit omslagpunt.",
    )


def _e4_benefit_cost_ratio(f: CaseFacts) -> Question:
    """E4: reading the benefit-cost ratio."""
    rate = _rate_text(f.rate)
    bcr = _number(f.bcr, 1)
    return _choice(
        4, "verhouding", "De baten-kostenverhouding",
        f"""
De baten-kostenverhouding van de casus is {bcr}: de contante waarde van alle baten gedeeld door die van alle kosten, zonder overdrachten, bij een discontovoet van {rate}.
Wat betekent dat?
""",
        f"""
Elke euro die de school aan begeleiding uitgeeft, levert de school zelf {bcr} euro op.
Een project met een hogere verhouding is altijd beter dan een project met een lagere verhouding, ook als het veel kleiner is.
De aanpak verdient zichzelf in {bcr} jaar terug.
Voor de samenleving als geheel staat tegenover elke euro kosten {bcr} euro aan baten, in contante waarde; de baten wegen dus zwaarder dan de kosten.
""",
        correct="d", mistake="a",
        summary="Deel E: vraag E4, de baten-kostenverhouding lezen. "
                "Tip: de verhouding gaat over de samenleving als geheel en zegt niets over één partij of over de omvang van een project.",
        wrong="Dat is niet wat de baten-kostenverhouding zegt.",
    )


def _e5_internal_rate(f: CaseFacts) -> Question:
    """E5: the internal rate of return and sign changes."""
    rate = _rate_text(f.rate)
    years = " | ".join(f"jaar {t}" for t in range(len(TWO_SIGN_CHANGES)))
    amounts = " | ".join(_euro(x) for x in TWO_SIGN_CHANGES)
    separator = "|".join(["---:"] * len(TWO_SIGN_CHANGES))
    return _choice(
        5, "rentevoet", "De interne rentevoet",
        f"""
Je vergelijkt twee reeksen netto bedragen per jaar.

- **De casus schooluitval.** Dit zijn je stromen per jaar uit deel D: in de eerste jaren alleen kosten, daarna alleen baten. De rekenhulp geeft een interne rentevoet van {_percent(f.irr, 1)}.
- **Een leerwerkplaats** (een verzonnen voorbeeld). Een gemeente richt een leerwerkplaats in voor twee jaar. In jaar 0 kost de inrichting geld, in jaar 1 levert de leerwerkplaats op, en in jaar 2 kosten de afbouw en de nazorg weer geld. De rekenhulp geeft een interne rentevoet van {_percent(f.example_irr, 1)}.

| | {years} |
|---|{separator}|
| netto bedrag (euro) | {amounts} |

Beide rentevoeten liggen boven de discontovoet van {rate}.
Bij welke reeks mag je daaruit concluderen dat de netto contante waarde bij {rate} positief is?
""",
        """
Bij beide reeksen.
Alleen bij de casus schooluitval.
Alleen bij de leerwerkplaats.
Bij geen van beide.
""",
        correct="b", mistake="a",
        summary="Deel E: vraag E5, de interne rentevoet lezen. "
                "Tip: de regel rentevoet boven de discontovoet, dus een positieve netto contante waarde, geldt alleen als de bedragen één keer van teken wisselen, van kosten naar baten.",
        wrong="Let op het aantal tekenwisselingen.",
    )


def _e6_e7_tornado(f: CaseFacts) -> list[Question]:
    """E6 and E7: the tornado table."""
    found = []
    top4 = list(f.tornado["invoer"].head(4))
    e6 = sorted(top4, key=str.lower)
    correct = ab.letter_of(e6, str(f.tornado.loc[0, "invoer"]))
    tornado_intro = f"""
De tabel hieronder is de gevoeligheidsanalyse van de casus: telkens één aanname op haar lage of hoge waarde, terwijl de rest op de verwachte waarde blijft.
Bij de verwachte waarden is de netto contante waarde {_euro(f.tornado.attrs["basis"])} euro.
De aannames staan op alfabetische volgorde, niet op grootte van hun invloed.

{tornado_markdown(f)}
"""
    found.append(_choice(
        6, "tornado", "Gevoeligheid: de belangrijkste aanname",
        f"""{tornado_intro}
Welke aanname bepaalt de uitkomst het sterkst?
""", e6,
        correct=correct, mistake=next(letter for letter in ab.LETTERS if letter != correct),
        summary="Deel E: vraag E6, de aanname met de grootste invloed. "
                "Tip: kijk per aanname naar het verschil tussen de netto contante waarde bij de lage en bij de hoge waarde; het grootste verschil telt, niet de hoogste uitkomst.",
        wrong="Dat is niet de aanname met de grootste bandbreedte.",
    ))
    found.append(_question(
        7, "teken", "Gevoeligheid: onder nul?",
        """
Kijk nog eens naar dezelfde tabel.
Kan één aanname op zichzelf, op haar lage of hoge waarde, de netto contante waarde van de casus onder nul brengen?
Antwoord met `True` (ja) of `False` (nee).
""",
        correct=f.tornado_flips, mistake=not f.tornado_flips, options=0,
        summary="Deel E: vraag E7, kan de uitkomst onder nul komen. "
                "Tip: kijk of een van de netto contante waarden in de tabel onder nul ligt.",
        wrong="Kijk naar het teken van de uitkomsten in de tabel.",
    ))
    return found


def _questions_of(f: CaseFacts) -> list[Question]:
    """The questions of part E, their answers and a typical wrong answer, from the model."""
    return [_e1_transfer(f), _e2_saved_bijstand(f), _e3_null_alternative(f),
            _e4_benefit_cost_ratio(f), _e5_internal_rate(f), *_e6_e7_tornado(f)]


#: Part E: its questions, written above in Python; ``questions(facts)`` and ``answer_key()``
#: serve the tests.
READING = ab.ReadingPart(ASSIGNMENT, "E", case_facts, make=_questions_of)
questions, answer_key = READING.questions, READING.answer_key


# ------------------------------------------------------------------ part F: the advice

#: The criteria of the written advice (part F), from ``grading/rubrics/mkba.toml``. The trainer
#: guide's analytic rubric has one row per criterion with these titles and points; tests check
#: that the two agree.
RUBRIC: tuple[ab.Criterion, ...] = ab.load_rubric(ASSIGNMENT)
ADVICE_POINTS = ab.rubric_points(RUBRIC)


def _names(actors: list[str]) -> str:
    names = [ACTOR_NAMES.get(a, a) for a in actors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def model_advice(facts: CaseFacts | None = None) -> str:
    """Model answer of part F (also the anchor answer for "goed" in the trainer guide).

    It follows chapter 3 (book/mkba/03-wie-betaalt.md): the school pays and has no benefits
    of its own; a contribution from another party is a transfer that changes the split,
    not the NPV for society; the forms of financing are a refund (cofinanciering), payment
    by result and a joint budget. Which one fits follows from the balances per actor: if
    the gemeente keeps a positive balance after refunding the school in full, it can pay;
    otherwise the organisations that gain share the costs in a joint budget. The saved
    bijstand is a transfer: it explains part of the gemeente's balance and is never added
    to the gain for society.
    """
    f = case_facts() if facts is None else facts
    saldo = f.per_actor
    payers = [a for a in saldo.index if saldo[a] < 0]
    gainers = [a for a in saldo.index if saldo[a] > 0]
    organisations = [a for a in gainers if a != "inwoner"]
    gemeente = saldo.get("gemeente", 0.0)
    others = [a for a in payers if a != "onderwijs"]

    lines = [
        "**Advies: de aanpak is de moeite waard; spreek af wie de kosten van de school draagt.**",
        "",
        f"Voor de samenleving als geheel levert de aanpak per begeleide student naar verwachting ongeveer {_euro(f.society)} euro op.",
        f"Dat is de netto contante waarde: alle kosten en baten over {f.horizon} jaar, teruggerekend naar vandaag met de voorgeschreven discontovoet van {_rate_text(f.rate)} per jaar.",
        "Omdat dat getal positief is, zijn de baten voor de samenleving groter dan de kosten"
        + (f"; met een baten-kostenverhouding van {_number(f.bcr, 1)} is de marge wel klein." if f.bcr < 1.5 else "."),
        "De bespaarde bijstand telt daarin niet mee: wat de gemeente aan bijstand uitspaart, ontvangt de jongere niet meer.",
        "Dat is een overdracht tussen twee partijen en geen winst voor de samenleving.",
        "",
        "De verdeling is scheef.",
        f"De school betaalt de extra begeleiding en ziet daar zelf niets van terug: haar saldo is ongeveer {_euro(saldo['onderwijs'])} euro.",
    ]
    if "gemeente" in saldo.index and gemeente < 0:
        lines.append(f"Ook de gemeente houdt per saldo een klein tekort over (ongeveer {_euro(gemeente)} euro): "
                     f"de besparing op de bijstand ({_euro(f.bijstand_pv)} euro) weegt niet op tegen haar eigen kosten.")
    elif "gemeente" in saldo.index:
        mainly = "vooral" if f.bijstand_share_of_gemeente > 0.5 else "onder meer"
        lines.append(f"De gemeente betaalt de coördinatie, maar houdt per saldo ongeveer {_euro(gemeente)} euro over, "
                     f"{mainly} doordat minder jongeren in de bijstand komen.")
    lines.append("Per saldo gaan erop vooruit: "
                 + "; ".join(f"{ACTOR_NAMES.get(a, a)} met ongeveer {_euro(saldo[a])} euro" for a in gainers) + ".")
    lines += [
        "Wie betaalt, is dus niet wie de baten krijgt: het probleem van de verkeerde zak.",
        "Zonder afspraak heeft de school weinig reden om de begeleiding vol te houden.",
        "",
    ]
    if f.gemeente_after_full_refund > 0:
        lines += [
            "Mijn voorstel: de gemeente vergoedt de school de kosten van de begeleiding volledig, of betaalt de school per student die een diploma haalt.",
            "De helft vergoeden is niet genoeg, want dan blijft de school per saldo geld kwijt.",
            f"De gemeente kan een volledige vergoeding dragen: daarna houdt zij per saldo nog ongeveer {_euro(f.gemeente_after_full_refund)} euro over.",
        ]
    else:
        _require(bool(organisations), "an organisation gains, so a joint budget has someone to ask")
        lines += [
            f"De gemeente wint er financieel dus zelf niets aan; de grootste winst ligt bij {_names(gainers)}.",
            f"Mijn voorstel: een gezamenlijk budget, waarin de school, de gemeente en {_names([a for a in organisations if a != 'gemeente'])} de kosten van de begeleiding delen naar verhouding van wat zij terugzien.",
            "Betaal de school daaruit per student die een diploma haalt, zodat zij haar kosten terugziet als de aanpak werkt.",
        ]
        public = float(saldo.drop(labels=["inwoner"], errors="ignore").sum())
        if public < 0:
            lines.append(f"De organisaties leggen samen per saldo geld toe (ongeveer {_euro(-public)} euro per student): "
                         "de winst voor de samenleving zit vooral bij de jongere zelf.")
            lines.append("Meebetalen is voor de gemeente dus een keuze voor haar jongeren, geen besparing.")
    lines += [
        "Zo'n bijdrage verschuift alleen geld tussen partijen; de netto contante waarde voor de samenleving blijft gelijk.",
        "Spreek af dat school en gemeente na twee jaar samen bekijken hoeveel studenten hun diploma halen.",
        "",
        f"De grootste onzekerheid zit in de aanname \"{f.tornado.loc[0, 'invoer']}\": die bepaalt de uitkomst het sterkst.",
    ]
    if f.tornado_flips:
        lines.append("Valt één aanname ongunstig uit, dan kan de netto contante waarde al onder nul komen.")
    else:
        lines.append("Ook als één aanname op haar ongunstigste waarde uitvalt, blijft de netto contante waarde positief.")
    lines.append(f"Het omslagpunt ligt bij ongeveer {_percent(f.break_even)} van het verwachte effect: "
                 "bereikt de begeleiding minder dan dat, dan kost de aanpak de samenleving meer dan ze oplevert.")
    return "\n" + "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the notebook


#: The top of the opening cell; ``assemble_assignment`` adds how to work and hand in.
INTRO = """
# Opdracht MKBA: schooluitval voorkomen

In deze opdracht reken je zelf een kleine maatschappelijke kosten-batenanalyse (MKBA) door en lees je de uitkomsten zoals een beleidsadviseur dat doet.
De casus ken je uit de lessen: een school en de gemeente begeleiden samen een mbo-student die dreigt uit te vallen.
Je berekent wat de aanpak vandaag waard is en wie de kosten en baten krijgt, je interpreteert uitkomsten van de rekenhulp, en je schrijft een kort advies aan de wethouder.
"""


def _part_a(checks: ab.Checks) -> list:
    """Part A: the present value of one amount (code)."""
    cells = [
        ab.answer_code("mkba_a_antwoord", '''
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
        ab.plain_code("mkba-a-controle", """
# Controleer je antwoord: 10.000 euro loon over drie jaar is vandaag minder waard.
contante_waarde(10_000, 3)
"""),
        checks["mkba_a_waarde"],
        checks["mkba_a_eigen"],
    ]
    return ab.part_cells("mkba_a_opgave", "A", "de contante waarde van één bedrag", """
Een euro die je pas over een paar jaar krijgt, is vandaag minder waard dan een euro nu.
Met de contante waarde reken je een bedrag uit een later jaar terug naar jaar 0: je deelt het bedrag door (1 + voet) tot de macht jaar.

Schrijf de functie `contante_waarde(bedrag, jaar, voet=0.0225)`.
Ze geeft de contante waarde in euro terug als kommagetal (`float`).

- `bedrag`: het bedrag in euro; een kost is negatief.
- `jaar`: het jaar waarin het bedrag valt, geteld vanaf jaar 0. Een bedrag in jaar 0 verandert niet.
- `voet`: de discontovoet als decimaal getal per jaar, standaard 0,0225.

Schrijf de berekening zelf. Je mag hier `modules.mkba` **niet** importeren of gebruiken; een van de controles let daarop.
""", cells)


def _part_b(checks: ab.Checks) -> list:
    """Part B: the net present value of a series (code)."""
    cells = [
        ab.answer_code("mkba_b_antwoord", '''
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
        ab.plain_code("mkba-b-controle", """
# Controleer je antwoord: 3.000 euro begeleiding nu, en daarna twee jaar lang 2.000 euro hoger loon.
netto_contante_waarde([-3_000, 2_000, 2_000])
"""),
        checks["mkba_b_ncw"],
        checks["mkba_b_jaar0"],
    ]
    return ab.part_cells("mkba_b_opgave", "B", "de netto contante waarde van een reeks jaarbedragen", """
Een MKBA telt de contante waarden van alle jaren bij elkaar op. Die som heet de netto contante waarde.
Het eerste bedrag in de reeks hoort bij jaar 0, het tweede bij jaar 1, enzovoort.

Schrijf de functie `netto_contante_waarde(stromen, voet=0.0225)`.

- `stromen`: een lijst (of een andere reeks) met het netto bedrag in euro per jaar.
- `voet`: de discontovoet als decimaal getal per jaar, standaard 0,0225.

De functie geeft de netto contante waarde in euro terug.
Gebruik gerust je functie `contante_waarde` uit deel A. Ook hier mag je `modules.mkba` **niet** gebruiken.
""", cells)


def _part_c(checks: ab.Checks) -> list:
    """Part C: the discounted balance per actor, with pandas (code)."""
    cells = [
        ab.answer_code("mkba_c_antwoord", '''
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
        ab.plain_code("mkba-c-controle", """
# Controleer je antwoord: het saldo per actor, afgerond op hele euro's.
saldo_per_actor(casus).round(0)
"""),
        checks["mkba_c_saldo"],
    ]
    return ab.part_cells("mkba_c_opgave", "C", "wie wint en wie verliest?", """
Een MKBA kijkt niet alleen naar het totaal, maar ook naar de verdeling: welke actor houdt er per saldo iets aan over, en welke betaalt?
Schrijf met pandas de functie `saldo_per_actor(tabel, voet=0.0225)`.

- `tabel` is een tabel zoals `casus`, met in elk geval de kolommen `actor`, `jaar` en `bedrag`.
- Disconteer elke regel met zijn eigen jaar, en tel daarna per actor op, bijvoorbeeld met `groupby`.
- Geef een pandas `Series` terug met de actoren als index en het gedisconteerde saldo in euro als waarde.
- Verander de tabel zelf niet. Wil je een kolom toevoegen, doe dat dan in een kopie (`tabel.copy()`).

Je mag je eigen functies uit deel A en B gebruiken, maar niet `modules.mkba`.
""", cells)


def _part_d(checks: ab.Checks) -> list:
    """Part D: the net flow per year (code)."""
    cells = [
        ab.answer_code("mkba_d_antwoord", '''
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
        ab.plain_code("mkba-d-controle", """
# Controleer je antwoord: de netto stroom per jaar, en de netto contante waarde van de hele casus.
print(stromen_per_jaar(casus))
netto_contante_waarde(stromen_per_jaar(casus))
"""),
        checks["mkba_d_waarden"],
    ]
    return ab.part_cells("mkba_d_opgave", "D", "de netto stroom per jaar", """
Voor de samenleving als geheel tel je alles bij elkaar: per jaar de bedragen van alle actoren samen.
Schrijf de functie `stromen_per_jaar(tabel)`.

- Ze geeft een lijst terug met het netto bedrag in euro voor elk jaar, van jaar 0 tot en met het laatste jaar in de tabel.
- Een jaar zonder regels in de tabel telt mee met 0 euro.

Met de uitkomst en je functie uit deel B bereken je de netto contante waarde van de hele casus.
Ook hier mag je `modules.mkba` niet gebruiken.
""", cells)


def _part_e(facts: CaseFacts) -> list:
    """Part E: reading the outcomes, one autograded question per cell group."""
    return READING.cells(facts, "# Ruimte om te rekenen, bijvoorbeeld: saldo_per_actor(casus)", """
Een MKBA is pas bruikbaar als je de uitkomsten goed leest.
In dit deel beantwoord je {count} vragen over overdrachten, het nulalternatief, de baten-kostenverhouding, de interne rentevoet en de gevoeligheid van de uitkomst.
Elke vraag is 1 punt waard.

Je antwoordt met een Python-waarde: bij een meerkeuzevraag één letter tussen aanhalingstekens, bijvoorbeeld `antwoord_e1 = "a"`; bij een ja-neevraag `True` of `False`, zonder aanhalingstekens.
De zichtbare controle kijkt alleen of je antwoord de goede vorm heeft; of het juist is, zie je pas in je feedback.

Wil je iets narekenen of opzoeken in de tabel `casus`, gebruik dan de lege cel hieronder. Je functies uit de delen A tot en met D mag je daarbij gebruiken.
""")


def _part_f(facts: CaseFacts) -> list:
    """Part F: the written advice, graded by hand with the rubric."""
    return ab.advice_part(ASSIGNMENT, "F", "advies aan de wethouder", """
De wethouder van onderwijs en jeugd vraagt of de gemeente moet meebetalen aan de begeleiding op school.
Schrijf in de cel hieronder een kort advies in gewone taal, van ongeveer 150 tot 250 woorden.
Gebruik je uitkomsten uit de delen A tot en met E. Dubbelklik op de cel om te schrijven.
""", RUBRIC, model_advice(facts))


def _case_cells(facts: CaseFacts) -> list:
    """The imports, the columns of the case table and the cell that loads it."""
    actors = [a for a in mkba.ACTORS if a in set(facts.table["actor"])]
    actors += sorted(set(facts.table["actor"]) - set(actors))
    actor_text = ", ".join(ACTOR_COLUMN.get(a, f"`{a}`") for a in actors)
    return [
        ab.locked_code("mkba_imports", """
import math

import pandas as pd
"""),
        ab.locked_markdown("mkba_casus_uitleg", f"""
## De casus

Het bestand `{CSV_NAME}` bevat één regel per bedrag per jaar, met deze kolommen:

| kolom | betekenis |
|---|---|
| `actor` | wie het bedrag betaalt of ontvangt: {actor_text} |
| `post` | waar het bedrag voor staat |
| `jaar` | het jaar, geteld vanaf het startjaar 0 |
| `bedrag` | het verwachte bedrag in euro: een baat is positief, een kost is negatief |
| `bron` | waar het bedrag vandaan komt, of welke aanname erachter zit |

In jaar 0 begint de begeleiding.

Je rekent met een discontovoet van {_rate_text(facts.rate)} per jaar, als decimaal getal {_number(facts.rate, 4)}.
Dat is de standaard voor een MKBA die op of na 1 januari 2021 begint (Werkgroep Discontovoet, 2020).
Let op: in Python schrijf je een decimaal getal met een punt, dus `{facts.rate}`.
"""),
        ab.locked_code("mkba_casus_laden", f"""
casus = pd.read_csv("{CSV_NAME}")
casus.head(8)
"""),
    ]


def build_notebook() -> nbformat.NotebookNode:
    """The source assignment, solutions and hidden tests included."""
    facts = case_facts()
    checks = ab.load_checks(ASSIGNMENT, guard=NO_MKBA)
    code = [*_part_a(checks), *_part_b(checks), *_part_c(checks), *_part_d(checks)]
    return ab.assemble_assignment(
        ASSIGNMENT, INTRO, _case_cells(facts), code, _part_e(facts), _part_f(facts),
        hidden_checks="andere bedragen of een andere discontovoet", checks=checks,
    )


BUILDER = ab.AssignmentBuilder(ASSIGNMENT, NOTEBOOK_NAME, build_notebook,
                            extra_files=lambda: {CSV_NAME: case_csv_text()}, description=__doc__)
notebook_text, write, main = BUILDER.notebook_text, BUILDER.write, BUILDER.main

if __name__ == "__main__":
    sys.exit(main())
