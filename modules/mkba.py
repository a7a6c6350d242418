"""Social cost-benefit analysis (maatschappelijke kosten-batenanalyse, MKBA): the cases.

The MKBA module's own content: its two preset cases, grounded in the course's seed cases
and in the dated figures of :mod:`modules.facts` and the income rules of
:mod:`modules.income`. The machinery every module shares lives in
:mod:`modules.discounting`, :mod:`modules.cases` and :mod:`modules.uncertainty`; it is
re-exported here so the MKBA pages, widget and assignment read ``mkba.case_npv`` and
friends from one namespace.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from modules import facts, income
from modules.cases import *  # noqa: F401,F403 - the MKBA namespace of the shared case model
from modules.cases import Assumption, Case, Item, case_table, order_actors
from modules._validation import check_instance
from modules.cases import __all__ as _cases_all
from modules.discounting import *  # noqa: F401,F403
from modules.discounting import __all__ as _discounting_all
from modules.uncertainty import *  # noqa: F401,F403
from modules.uncertainty import __all__ as _uncertainty_all

__all__ = [
    *_discounting_all,
    *_cases_all,
    *_uncertainty_all,
    "PRESETS",
    "HOURS_PER_WEEK",
    "AUTO_AGE",
    "SCHOOL_START_AGE",
    "school_age_table",
    "AUTO_LOST_ALLOWANCES",
    "AUTO_CAR_COSTS",
    "auto_net_gain",
]

# --------------------------------------------------------------------------------------
# Preset cases, grounded in the course's seed cases. Every amount is in prices of
# modules.facts.REFERENCE_DATE (prijspeil modules.facts.PRICE_YEAR) and names its source
# (a key in book/references.bib) or says what was assumed.
# --------------------------------------------------------------------------------------

#: Contract hours of the preset jobs: a common full-time week in collective agreements.
HOURS_PER_WEEK = 36
_HOURS_SOURCE = "aanname: een voltijdbaan van 36 uur per week tegen het minimumloon"

#: The car case's job seeker: a single adult in bijstand.
AUTO_AGE = 30
#: The school case's student: 17 in year 0; guidance in years 0 and 1, effects from year 2.
SCHOOL_START_AGE = 17
SCHOOL_EFFECT_START = 2
#: Share of young people without a diploma who could NOT study with student finance and
#: so keep a right to bijstand before 27 (Participatiewet art. 13).
SCHOOL_BIJSTAND_SHARE_UNDER_27 = 0.2
#: Difference in the chance of having work with and without a startkwalificatie, ten years
#: after leaving mbo: 91 against 70 percent (CBS 2020).
SCHOOL_WORK_GAIN = 0.91 - 0.70
#: Fewer young people on bijstand with a diploma (assumption, see the item's source).
SCHOOL_BIJSTAND_GAIN = 0.10


#: The car case's lost toeslagen and running costs of the car, euro per year (assumptions;
#: see the items' sources).
AUTO_LOST_ALLOWANCES = 1_200.0
AUTO_CAR_COSTS = 3_000.0


def auto_net_gain() -> float:
    """What the car case's job seeker gains in money per year by working (the armoedeval).

    Returns
    -------
    float
        Euro per year: net wage minus the bijstand, the lost toeslagen and the car costs
        (:func:`modules.income.net_gain_from_work`).

    Examples
    --------
    >>> round(auto_net_gain())
    6363
    """
    job = income.work_income(AUTO_AGE, HOURS_PER_WEEK)
    return income.net_gain_from_work(job, AUTO_LOST_ALLOWANCES, AUTO_CAR_COSTS)


def _auto_case() -> Case:
    job = income.work_income(AUTO_AGE, HOURS_PER_WEEK)
    toeslagen = AUTO_LOST_ALLOWANCES
    car_costs = AUTO_CAR_COSTS
    # Rule of half: someone who takes the job values the leisure given up at less than
    # what they gain net, and more than nothing.
    leisure = 0.5 * auto_net_gain()
    wage_source = "belastingdienst-tarieven-2025; szw-minimumloon-2025; " + _HOURS_SOURCE
    return Case(
        key="auto",
        title="Tweedehands auto naar werk",
        description=(
            "Een alleenstaande werkzoekende van 30 in de bijstand kan een baan tegen het "
            "minimumloon krijgen, maar alleen met een auto. De gemeente koopt een "
            "tweedehands auto. Wat levert dat op, en voor wie?"
        ),
        horizon=5,
        items=(
            Item("Aankoop tweedehands auto", "gemeente", -2_000, 0, 0, low=0.75, high=1.5,
                 source="boer-werkzaam; aanname: het bedrag uit het interview heeft geen "
                        "prijsjaar en dient als illustratie, hier genomen als prijspeil 2025"),
            Item("Uitvoeringskosten: klantmanager regelt de auto en begeleidt", "gemeente", -800,
                 0, 0, low=0.5, high=2.0,
                 source="aanname: 10 uur van een klantmanager tegen een integraal uurtarief van 80 euro"),
            Item("Nettoloon", "inwoner", round(job.net, 2), 0, None, effect=True,
                 source=wage_source),
            Item("Loonheffing, premies en werkgeverslasten", "Rijk", round(job.taxes_and_premiums, 2),
                 0, None, effect=True, source=wage_source + "; randstad-premies-2025"),
            Item("Bijstandsuitkering die vervalt", "gemeente", round(job.bijstand, 2), 0, None,
                 effect=True, counterpart="inwoner", source="szw-normbedragen-participatiewet-2025"),
            Item("Minder huurtoeslag en zorgtoeslag", "Rijk", toeslagen, 0, None, effect=True,
                 counterpart="inwoner",
                 source="aanname: ongeveer 100 euro per maand minder toeslag bij een inkomen op "
                        "minimumloonniveau, na te rekenen met de proefberekening van Dienst Toeslagen"),
            Item("Kosten van de auto (verzekering, brandstof, onderhoud)", "inwoner", -car_costs,
                 0, None, effect=True, low=0.7, high=1.5,
                 source="aanname: ongeveer 250 euro per maand voor een kleine tweedehands auto"),
            Item("Verlies aan vrije tijd", "inwoner", -round(leisure, 2), 0, None, effect=True,
                 low=0.0, high=2.0,
                 source="aanname: de helft van wat de inwoner er netto op vooruitgaat (regel van "
                        "de helft), tussen nul en het hele netto voordeel"),
        ),
        deadweight=Assumption(
            "Dode gewicht: ook zonder auto werk gevonden", 0.55, 0.3, 0.9,
            "boer-werkzaam; aanname: van wie zich meldt, komt ruim de helft nooit in de bijstand"),
        displacement=Assumption(
            "Verdringing: de baan was anders naar een andere werkzoekende gegaan", 0.2, 0.0, 0.5,
            "koopmans-werkwijzer-sociaal-domein-2016; aanname: op korte termijn een vijfde, "
            "op lange termijn kleiner"),
        fade=Assumption(
            "Uitdoving: deel van het effect dat elk jaar wegvalt", 0.25, 0.1, 0.55,
            "cbs-uitstroom-bijstand-2023; aanname: na anderhalf jaar werkt 72 procent nog, en "
            "wie zonder auto in de bijstand bleef, vindt later deels alsnog werk"),
        notes=(
            "De bijstand en de toeslagen zijn overdrachten: wat gemeente en Rijk besparen, "
            "verliest de inwoner. Voor de samenleving telt de productie (loonkosten: nettoloon "
            "plus belastingen en premies), min de kosten van de auto en de vrije tijd.",
        ),
        pro_memorie=(
            "Gezondheid en welzijn van de werkende (eigenwaarde, structuur, contacten)",
            "Minder inzet van de klantmanager in latere jaren",
            "Effecten op kinderen en andere gezinsleden",
        ),
    )


def _school_case() -> Case:
    ages = range(SCHOOL_START_AGE + SCHOOL_EFFECT_START, SCHOOL_START_AGE + 101)
    jobs = {age: income.work_income(age, HOURS_PER_WEEK) for age in ages[:20]}
    limit = int(facts.value("bijstand_leeftijdsgrens_studiefinanciering"))

    def bijstand_share(age: int) -> float:
        return 1.0 if age >= limit else SCHOOL_BIJSTAND_SHARE_UNDER_27

    net = [SCHOOL_WORK_GAIN * jobs[a].net for a in jobs]
    taxes = [SCHOOL_WORK_GAIN * jobs[a].taxes_and_premiums for a in jobs]
    bijstand = [SCHOOL_BIJSTAND_GAIN * bijstand_share(a) * jobs[a].bijstand for a in jobs]
    leisure = [0.5 * max(0.0, n - b) for n, b in zip(net, bijstand)]

    def profile(values: list[float]) -> tuple[float, ...]:
        return tuple(round(v / values[-1], 6) for v in values)

    age_source = ("wml-minimumjeugdloon; szw-minimumloon-2025; belastingdienst-tarieven-2025; "
                  "cbs-startkwalificatie-2020; aanname: met diploma 21 procentpunt meer kans op werk "
                  "(91 tegen 70 procent, tien jaar na het mbo), 36 uur per week tegen het minimumloon")
    first = SCHOOL_EFFECT_START
    return Case(
        key="schooluitval",
        title="Voortijdig schoolverlaten voorkomen",
        description=(
            "Een school en de gemeente begeleiden samen een mbo-student van 17 die dreigt "
            "uit te vallen. De kosten vallen bij onderwijs en gemeente; de baten vallen later, "
            "vooral bij de jongere zelf en het Rijk, en bij de gemeente pas echt vanaf 27 jaar."
        ),
        horizon=15,
        items=(
            Item("Extra begeleiding op school (twee jaar)", "onderwijs", -3_000, 0, 1,
                 low=0.8, high=1.3,
                 source="aanname: een halve dag begeleiding per week tegen een mbo-docenttarief"),
            Item("Uitvoeringskosten: coördinatie met jeugdhulp en leerplicht", "gemeente", -1_000,
                 0, 1, low=0.75, high=1.5,
                 source="aanname: één coördinator voor veertig studenten"),
            Item("Nettoloon door meer kans op werk", "inwoner", round(net[-1], 2), first, None,
                 effect=True, profile=profile(net), source=age_source),
            Item("Loonheffing, premies en werkgeverslasten", "Rijk", round(taxes[-1], 2), first,
                 None, effect=True, profile=profile(taxes),
                 source=age_source + "; randstad-premies-2025"),
            Item("Minder bijstand (verwachte besparing)", "gemeente", round(bijstand[-1], 2), first,
                 None, effect=True, counterpart="inwoner", profile=profile(bijstand),
                 source="szw-normbedragen-participatiewet-2025; participatiewet; aanname: 10 "
                        "procentpunt minder kans op bijstand, en onder 27 heeft maar een vijfde recht "
                        "omdat wie kan studeren met studiefinanciering geen algemene bijstand krijgt"),
            Item("Verlies aan vrije tijd", "inwoner", -round(leisure[-1], 2), first, None,
                 effect=True, low=0.0, high=2.0, profile=profile(leisure),
                 source="aanname: de helft van wat de jongere er netto op vooruitgaat (regel van de helft)"),
        ),
        deadweight=Assumption(
            "Dode gewicht: zonder begeleiding toch een diploma, of met begeleiding toch niet",
            0.75, 0.6, 0.9,
            "aanname: een kwart van de begeleide studenten haalt dankzij de begeleiding een diploma"),
        displacement=Assumption(
            "Verdringing: de baan was anders naar een andere jongere gegaan", 0.1, 0.0, 0.3,
            "koopmans-werkwijzer-sociaal-domein-2016; aanname: klein op de lange termijn"),
        fade=Assumption(
            "Uitdoving: wie uitviel, haalt later alsnog een diploma", 0.03, 0.0, 0.06,
            "cbs-startkwalificatie-2020; aanname: ongeveer een kwart haalt binnen tien jaar alsnog "
            "een startkwalificatie, zo'n 3 procent per jaar"),
        notes=(
            "Wie betaalt (onderwijs) is niet wie het meeste terugziet (de jongere en het Rijk): "
            "het probleem van de verkeerde zak.",
            "De gemeente bespaart op bijstand vooral vanaf 27 jaar: jonger heeft wie kan studeren "
            "met studiefinanciering geen recht op algemene bijstand (Participatiewet artikel 13).",
        ),
        pro_memorie=(
            "Gezondheid en welzijn van de jongere",
            "Minder criminaliteit",
            "Effecten op een volgende generatie",
        ),
    )


PRESETS: Mapping[str, Case] = {
    "auto": _auto_case(),
    "schooluitval": _school_case(),
}


def school_age_table(case: Case | None = None) -> pd.DataFrame:
    """Per year of the school case: the age and the expected amounts per actor.

    Parameters
    ----------
    case : Case, optional
        Default ``PRESETS["schooluitval"]``; the first year is age
        :data:`SCHOOL_START_AGE`.

    Returns
    -------
    pandas.DataFrame
        Indexed by year, a column ``leeftijd`` and one column per actor with its expected
        net amount in euro (transfers included), at the case's expected effect.

    Examples
    --------
    >>> table = school_age_table()
    >>> int(table.loc[0, "leeftijd"]), int(table.loc[10, "leeftijd"])
    (17, 27)
    """
    c = PRESETS["schooluitval"] if case is None else check_instance("case", case, Case)
    table = case_table(c)
    wide = table.pivot_table(index="jaar", columns="actor", values="bedrag", aggfunc="sum",
                             fill_value=0.0)
    wide = wide[order_actors(list(wide.columns))]
    wide.insert(0, "leeftijd", wide.index + SCHOOL_START_AGE)
    wide.columns.name = None
    return wide

