"""Dated, cited figures that change over time: one table every module reads.

Rates, wages, benefit norms and tax parameters change once or twice a year. They live
here, once, each with the date it takes effect and a source (a key in
``book/references.bib``), so that a page, a preset or an assignment never types such a
number itself and an update of the course is a change in one place.

Look a figure up with :func:`value` (or :func:`fact` for its source and description),
on a date: the figure valid on that date is the row with the latest ``valid_from`` on or
before it. Without a date, the course's reference date :data:`REFERENCE_DATE` is used:
every amount in a preset is in prices of that date (prijspeil :data:`PRICE_YEAR`).

Why 1 July 2025 and not 2026: the bijstandsnormen of 1 January 2026 could not be
sourced when this table was last updated, and a preset must not mix price levels. The
table already holds the minimum wage of 1 January 2026; add the 2026 norms and tax
parameters, then move :data:`REFERENCE_DATE`.

Examples
--------
>>> value("minimumuurloon")
14.4
>>> value("minimumuurloon", on=date(2026, 1, 1))
14.71
>>> fact("bijstandsnorm_alleenstaande").source
'szw-normbedragen-participatiewet-2025'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from modules._validation import InvalidInput, InvalidType

__all__ = [
    "Fact",
    "FACTS",
    "PRICE_YEAR",
    "REFERENCE_DATE",
    "fact",
    "value",
    "facts_table",
]

#: Every amount in a preset is in prices of this date.
REFERENCE_DATE: date = date(2025, 7, 1)
#: The price level (prijspeil) pages state next to every amount.
PRICE_YEAR: int = REFERENCE_DATE.year


@dataclass(frozen=True)
class Fact:
    """One dated figure with its source.

    Parameters
    ----------
    key : str
        Short name, shared by the rows of one figure over time.
    value : float
        The figure, in ``unit``.
    unit : str
        Dutch unit as pages show it ("euro per uur", "decimaal per jaar", "aandeel").
    valid_from : datetime.date
        First day the figure applies.
    source : str
        Key in ``book/references.bib``.
    description : str
        What the figure is, in Dutch, for tables on pages.

    Examples
    --------
    >>> Fact("x", 1.0, "euro", date(2025, 1, 1), "bron", "Een voorbeeld").value
    1.0
    """

    key: str
    value: float
    unit: str
    valid_from: date
    source: str
    description: str


_D = date
#: The table. Rows of one key are in date order; tests recompute many of them by hand.
FACTS: tuple[Fact, ...] = (
    # Discounting (real rates, decimal per year).
    Fact("discontovoet", 0.03, "decimaal per jaar", _D(2015, 1, 1), "werkgroep-discontovoet-2015",
         "Standaarddiscontovoet voor MKBA's (reëel): risicovrij 0 procent plus 3 procent risico-opslag"),
    Fact("discontovoet", 0.0225, "decimaal per jaar", _D(2021, 1, 1), "werkgroep-discontovoet-2020",
         "Standaarddiscontovoet voor MKBA's (reëel): risicovrij min 1 procent plus 3,25 procent risicopremie"),
    Fact("discontovoet_risicovrij", 0.0, "decimaal per jaar", _D(2015, 1, 1), "werkgroep-discontovoet-2015",
         "Risicovrije reële discontovoet"),
    Fact("discontovoet_risicovrij", -0.01, "decimaal per jaar", _D(2021, 1, 1), "werkgroep-discontovoet-2020",
         "Risicovrije reële discontovoet, alleen voor aantoonbaar risicoloze kosten en baten"),
    Fact("risicopremie", 0.03, "decimaal per jaar", _D(2015, 1, 1), "werkgroep-discontovoet-2015",
         "Macro-economische risico-opslag in de standaarddiscontovoet"),
    Fact("risicopremie", 0.0325, "decimaal per jaar", _D(2021, 1, 1), "werkgroep-discontovoet-2020",
         "Macro-economische risicopremie in de standaarddiscontovoet"),
    # Statutory minimum wage (Wet minimumloon en minimumvakantiebijslag), 21 and older.
    Fact("minimumuurloon", 14.06, "euro per uur", _D(2025, 1, 1), "szw-minimumloon-2025",
         "Wettelijk bruto minimumuurloon, 21 jaar en ouder"),
    Fact("minimumuurloon", 14.40, "euro per uur", _D(2025, 7, 1), "szw-minimumloon-2025",
         "Wettelijk bruto minimumuurloon, 21 jaar en ouder"),
    Fact("minimumuurloon", 14.71, "euro per uur", _D(2026, 1, 1), "szw-minimumloon-2026",
         "Wettelijk bruto minimumuurloon, 21 jaar en ouder"),
    Fact("minimumjeugdloon_18", 0.50, "aandeel van het minimumloon", _D(2019, 7, 1), "wml-minimumjeugdloon",
         "Minimumjeugdloon 18 jaar, als deel van het minimumloon"),
    Fact("minimumjeugdloon_19", 0.60, "aandeel van het minimumloon", _D(2019, 7, 1), "wml-minimumjeugdloon",
         "Minimumjeugdloon 19 jaar, als deel van het minimumloon"),
    Fact("minimumjeugdloon_20", 0.80, "aandeel van het minimumloon", _D(2019, 7, 1), "wml-minimumjeugdloon",
         "Minimumjeugdloon 20 jaar, als deel van het minimumloon"),
    Fact("vakantiebijslag", 0.08, "aandeel van het brutoloon", _D(2019, 7, 1), "wml-minimumjeugdloon",
         "Minimumvakantiebijslag bovenop het loon"),
    # Participatiewet norms per month, including the 5 % holiday allowance (art. 19-21).
    Fact("bijstandsnorm_alleenstaande", 1_345.45, "euro per maand", _D(2025, 1, 1),
         "szw-normbedragen-participatiewet-2025",
         "Bijstandsnorm alleenstaande, 21 jaar tot AOW-leeftijd, inclusief vakantietoeslag"),
    Fact("bijstandsnorm_alleenstaande", 1_369.06, "euro per maand", _D(2025, 7, 1),
         "szw-normbedragen-participatiewet-2025",
         "Bijstandsnorm alleenstaande, 21 jaar tot AOW-leeftijd, inclusief vakantietoeslag"),
    Fact("bijstandsnorm_gehuwden", 1_922.07, "euro per maand", _D(2025, 1, 1),
         "szw-normbedragen-participatiewet-2025",
         "Bijstandsnorm gehuwden, beiden 21 jaar tot AOW-leeftijd, inclusief vakantietoeslag"),
    Fact("bijstandsnorm_gehuwden", 1_955.80, "euro per maand", _D(2025, 7, 1),
         "szw-normbedragen-participatiewet-2025",
         "Bijstandsnorm gehuwden, beiden 21 jaar tot AOW-leeftijd, inclusief vakantietoeslag"),
    Fact("bijstandsnorm_jongeren", 332.17, "euro per maand", _D(2025, 1, 1),
         "szw-normbedragen-participatiewet-2025",
         "Jongerennorm alleenstaande van 18, 19 of 20 jaar, inclusief vakantietoeslag"),
    Fact("bijstandsnorm_jongeren", 337.98, "euro per maand", _D(2025, 7, 1),
         "szw-normbedragen-participatiewet-2025",
         "Jongerennorm alleenstaande van 18, 19 of 20 jaar, inclusief vakantietoeslag"),
    Fact("bijstand_leeftijdsgrens_studiefinanciering", 27, "jaar", _D(2015, 1, 1), "participatiewet",
         "Jonger dan deze leeftijd geen algemene bijstand als studeren met studiefinanciering kan (art. 13)"),
    # Box 1 income tax for people below the AOW age (2025).
    Fact("ib_schijf1_tarief", 0.3582, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Tarief eerste schijf box 1 (inclusief premies volksverzekeringen)"),
    Fact("ib_schijf1_grens", 38_441.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Bovengrens eerste schijf box 1"),
    Fact("ib_schijf2_tarief", 0.3748, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Tarief tweede schijf box 1"),
    Fact("ib_schijf2_grens", 76_817.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Bovengrens tweede schijf box 1"),
    Fact("ib_schijf3_tarief", 0.495, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Tarief derde schijf box 1"),
    Fact("ahk_max", 3_068.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Algemene heffingskorting, maximaal"),
    Fact("ahk_afbouwgrens", 28_406.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Inkomen waarboven de algemene heffingskorting afneemt"),
    Fact("ahk_afbouw", 0.06337, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Afbouwpercentage algemene heffingskorting"),
    Fact("ak_grens1", 12_169.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Arbeidskorting: eerste knikpunt"),
    Fact("ak_tarief1", 0.08053, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Arbeidskorting: opbouw tot het eerste knikpunt"),
    Fact("ak_grens2", 26_288.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Arbeidskorting: tweede knikpunt"),
    Fact("ak_tarief2", 0.30030, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Arbeidskorting: opbouw tot het tweede knikpunt"),
    Fact("ak_grens3", 43_071.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Arbeidskorting: derde knikpunt (maximum bereikt)"),
    Fact("ak_tarief3", 0.02258, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Arbeidskorting: opbouw tot het derde knikpunt"),
    Fact("ak_max", 5_599.0, "euro per jaar", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Arbeidskorting, maximaal"),
    Fact("ak_afbouw", 0.0651, "aandeel", _D(2025, 1, 1), "belastingdienst-tarieven-2025",
         "Afbouwpercentage arbeidskorting boven het derde knikpunt"),
    # Employer's statutory premiums on top of the gross wage (low AWf rate, permanent contract).
    Fact("werkgeverslasten", 0.1686, "aandeel van het brutoloon", _D(2025, 1, 1), "randstad-premies-2025",
         "Premies werkgever: WW (AWf laag 2,74 %), Aof 6,28 %, Whk 1,33 % en Zvw 6,51 %, zonder pensioen"),
    # Debts (modules/schulden.py). Statutory interest for non-commercial transactions, art. 6:119 BW.
    *(Fact("wettelijke_rente", rate, "decimaal per jaar", start, "wettelijke-rente-tabel",
           "Wettelijke rente voor niet-handelstransacties (consumenten), artikel 6:119 BW")
      for start, rate in ((_D(2012, 7, 1), 0.03), (_D(2015, 1, 1), 0.02), (_D(2023, 1, 1), 0.04),
                          (_D(2023, 7, 1), 0.06), (_D(2024, 1, 1), 0.07), (_D(2024, 7, 1), 0.07),
                          (_D(2025, 1, 1), 0.06), (_D(2025, 7, 1), 0.06))),
    Fact("btw_algemeen", 0.21, "aandeel", _D(2012, 10, 1), "wet-omzetbelasting",
         "Algemeen btw-tarief (over incasso- en deurwaarderskosten als de schuldeiser btw niet verrekent)"),
    Fact("beslagvrije_voet_aandeel", 0.95, "aandeel van de bijstandsnorm", _D(2021, 1, 1), "vbvv-2021",
         "Beslagvrije voet: ten minste dit deel van de bijstandsnorm inclusief vakantietoeslag"),
    Fact("looptijd_schuldregeling", 18, "maanden", _D(2023, 7, 1), "wsnp-2023",
         "Looptijd van de schuldsaneringsregeling (Wsnp) en van de minnelijke schuldregeling"),
    Fact("wahv_verhoging_eerste_aanmaning", 0.5, "aandeel van de boete", _D(2024, 1, 1), "wahv-verhogingen",
         "Verhoging van een verkeersboete die niet binnen acht weken is betaald (Wahv art. 23; "
         "gecontroleerd van kracht sinds in elk geval 2024)"),
    Fact("wahv_verhoging_tweede_aanmaning", 1.0, "aandeel van het dan verschuldigde bedrag", _D(2024, 1, 1),
         "wahv-verhogingen",
         "Verdere verhoging als ook de eerste aanmaning niet binnen vier weken is betaald (Wahv art. 25; "
         "gecontroleerd van kracht sinds in elk geval 2024)"),
    # Bailiffs' tariffs (Btag art. 2), excluding VAT. The 2025 rows are the 2026 tariffs divided
    # by the indexation of 1 January 2026 (5.1629 %), as the 2026 source states it.
    *(Fact(key, amount, "euro", start, source, description)
      for key, description, rows in (
          ("btag_dagvaarding", "Deurwaarder: oproeping in een vorderingsprocedure (dagvaarding), exclusief btw",
           ((112.37, "btag-2024"), (119.41, "btag-2026"), (125.57, "btag-2026"))),
          ("btag_betekening_titel", "Deurwaarder: betekening van een titel (vonnis of dwangbevel), exclusief btw",
           ((122.34, "btag-2024"), (130.00, "btag-2026"), (136.71, "btag-2026"))),
          ("btag_loonbeslag", "Deurwaarder: beslag onder derden op periodieke betalingen (loonbeslag), "
           "exclusief btw", ((165.48, "btag-2024"), (175.83, "btag-2026"), (184.91, "btag-2026"))),
      )
      for start, (amount, source) in zip((_D(2024, 1, 1), _D(2025, 1, 1), _D(2026, 1, 1)), rows)),
    # Court fees at the kantonrechter for a claimant that is not a natural person (Wgbz, bijlage).
    *(Fact(f"griffierecht_kanton_{band}", amount, "euro", start, source,
           f"Griffierecht kantonzaak, eiser geen natuurlijk persoon, vordering {label}")
      for start, source, amounts in ((_D(2022, 1, 1), "griffierecht-2022", (128, 322, 365, 487, 514, 1_384)),
                                     (_D(2024, 1, 1), "griffierecht-2024", (130, 328, 372, 496, 524, 1_409)))
      for (band, label), amount in zip(
          (("tot_500", "tot en met 500 euro"), ("tot_1500", "tot en met 1.500 euro"),
           ("tot_2500", "tot en met 2.500 euro"), ("tot_5000", "tot en met 5.000 euro"),
           ("tot_12500", "tot en met 12.500 euro"), ("boven_12500", "boven 12.500 euro")),
          amounts)),
)


def _check_key(key: object) -> str:
    if not isinstance(key, str):
        raise InvalidType("key", f"'key' moet tekst zijn; ontvangen: {type(key).__name__}.")
    if not any(f.key == key for f in FACTS):
        known = ", ".join(sorted({f.key for f in FACTS}))
        raise InvalidInput("key", f"'key' {key!r} staat niet in de tabel met feiten; bekend zijn: {known}.")
    return key


def fact(key: str, on: date | None = None) -> Fact:
    """The row of figure ``key`` that applies on date ``on``.

    Parameters
    ----------
    key : str
        Name of the figure, e.g. ``"minimumuurloon"``.
    on : datetime.date, optional
        The date; default :data:`REFERENCE_DATE`.

    Returns
    -------
    Fact
        The row with the latest ``valid_from`` on or before ``on``.

    Raises
    ------
    ValueError
        If the key is unknown, or the figure did not exist yet on that date.

    Examples
    --------
    >>> fact("discontovoet", on=date(2020, 6, 1)).value
    0.03
    """
    name = _check_key(key)
    when = REFERENCE_DATE if on is None else on
    if not isinstance(when, date):
        raise InvalidType("on", f"'on' moet een datum zijn; ontvangen: {type(when).__name__}.")
    rows = [f for f in FACTS if f.key == name and f.valid_from <= when]
    if not rows:
        first = min(f.valid_from for f in FACTS if f.key == name)
        raise InvalidInput(
            "on",
            f"'on': voor {name!r} staat in de tabel niets vóór {first:%d-%m-%Y}; "
            f"ontvangen: {when:%d-%m-%Y}.",
        )
    return max(rows, key=lambda f: f.valid_from)


def value(key: str, on: date | None = None) -> float:
    """The value of figure ``key`` on date ``on`` (default :data:`REFERENCE_DATE`).

    Parameters
    ----------
    key : str
        Name of the figure, e.g. ``"minimumuurloon"``; one of the keys in :data:`FACTS`.
    on : datetime.date, optional
        The date; default :data:`REFERENCE_DATE`.

    Returns
    -------
    float
        The figure in the unit of its row (``Fact.unit``): e.g. euro per hour, euro per
        month, euro per year, or a decimal share (0.0225 means 2.25 %).

    Raises
    ------
    TypeError
        If ``key`` is not a string or ``on`` is not a date.
    ValueError
        If the key is unknown, or the figure did not exist yet on that date.

    Examples
    --------
    >>> value("discontovoet")
    0.0225
    """
    return fact(key, on).value


def facts_table(on: date | None = None) -> pd.DataFrame:
    """Every figure valid on ``on`` as a Dutch table for pages.

    Parameters
    ----------
    on : datetime.date, optional
        The date; default :data:`REFERENCE_DATE`. Figures that did not exist yet on that
        date are left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by key, with columns ``omschrijving``, ``waarde``, ``eenheid``,
        ``geldig vanaf`` and ``bron``.

    Raises
    ------
    TypeError
        If ``on`` is not a date.

    Examples
    --------
    >>> "minimumuurloon" in facts_table().index
    True
    """
    keys = dict.fromkeys(f.key for f in FACTS)
    rows = {}
    for key in keys:
        try:
            row = fact(key, on)
        except InvalidInput:
            continue
        rows[key] = {"omschrijving": row.description, "waarde": row.value, "eenheid": row.unit,
                     "geldig vanaf": row.valid_from, "bron": row.source}
    return pd.DataFrame.from_dict(rows, orient="index")
