"""How a household's debts grow, and what waiting for help costs it and its creditors.

A small arrear grows through extrajudicial collection costs (:func:`incassokosten`),
statutory interest (:func:`wettelijke_rente`), increases of traffic fines collected by the
CJIB, and court and bailiff costs once a creditor goes to court. :func:`simuleer` follows
a household's creditors month by month from the first missed payment; when help is sought
the claims are frozen and the 18-month debt settlement (minnelijke schuldregeling or Wsnp)
pays every creditor the same share of its claim (:func:`schuldregeling`) out of the
household's repayment capacity (:func:`afloscapaciteit`); the rest is forgiven.
:func:`vergelijk_hulp` puts "help now" next to "help after N months".

Every dated figure (interest rates, tariffs, norms) comes from :mod:`modules.facts`.

Simplifications, stated on the pages too:

- the vrij te laten bedrag in a settlement equals the beslagvrije voet, 95 % of the
  bijstandsnorm including holiday allowance; in practice corrections for housing costs,
  health insurance and an income above the norm raise it;
- net income excludes allowances (toeslagen, kindgebonden budget), which are not seized;
- the simulation keeps the rates and tariffs of :data:`modules.facts.REFERENCE_DATE` for
  all its months (prijspeil 2025); :func:`wettelijke_rente` itself follows the dated table;
- one seizure of wages at a time, first come first served (no coordinating bailiff);
- all creditors are concurrent (no preferent claims), no new arrears after month 0, the
  administration fee of a traffic fine, the salary of an authorised representative and the
  Wsnp administrator's fee are left out (pro memorie).

Units: euro, months counted from the first missed payment (month 0). Errors follow the
conventions in :mod:`modules`.

References
----------
bik-2012 (collection costs), bw-boek6 (art. 6:44, 6:96, 6:119 BW), wettelijke-rente-tabel,
wahv-verhogingen, vbvv-2021 (beslagvrije voet), wsnp-2023 (18 months), btag-2024,
btag-2026, griffierecht-2024, wet-omzetbelasting; keys in ``book/references.bib``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from typing import Iterable, Mapping, Sequence

import pandas as pd

from modules import facts
from modules._datafiles import check_fields, from_table, read_toml
from modules._validation import InvalidInput, InvalidType, Interval, check_integer, check_number, format_value

__all__ = [
    "HOOFDSOM",
    "INKOMEN",
    "VASTE_LASTEN",
    "WACHTTIJD",
    "MAANDEN",
    "EXECUTIE_NA",
    "HUISHOUDTYPES",
    "SOORTEN",
    "POSTEN",
    "BIK_STAFFEL",
    "Schuldeiser",
    "Huishouden",
    "Betaling",
    "Simulatie",
    "PRESETS",
    "incassokosten",
    "wettelijke_rente",
    "rente_per_periode",
    "boek_betaling",
    "griffierecht",
    "beslagvrije_voet",
    "afloscapaciteit",
    "pro_rata",
    "schuldregeling",
    "simuleer",
    "vergelijk_hulp",
    "preset",
]

#: A claim's principal (hoofdsom): more than 0 euro.
HOOFDSOM = Interval(0, 1_000_000_000, low_closed=False, unit="euro")
#: Net household income per month, without allowances (toeslagen, kindgebonden budget).
INKOMEN = Interval(0, 20_000, unit="euro per maand")
#: Fixed costs per month (rent, energy, insurance).
VASTE_LASTEN = Interval(0, 20_000, unit="euro per maand")
#: Months between the first missed payment and seeking help (the simulation's slider).
WACHTTIJD = Interval(0, 60, unit="maanden")
#: Length of a simulation in months after the first missed payment.
MAANDEN = Interval(0, 120, unit="maanden")
#: Month in which a creditor goes to court (or the CJIB to enforcement): not before month 2.
EXECUTIE_NA = Interval(2, 120, unit="maanden")

#: Household types: the bijstandsnorm that sets the beslagvrije voet.
HUISHOUDTYPES: dict[str, str] = {
    "alleenstaande": "bijstandsnorm_alleenstaande",
    # Since 2015 a single parent has the single person's norm (the child part is in the
    # kindgebonden budget, which is not seized).
    "alleenstaande_ouder": "bijstandsnorm_alleenstaande",
    "gehuwden": "bijstandsnorm_gehuwden",
}
#: Kinds of creditor: a private creditor (consumer claim) or the CJIB (traffic fine, Wahv).
SOORTEN = ("particulier", "cjib")
#: What a claim consists of, in the order art. 6:44 BW pays it off (costs first).
POSTEN = ("incassokosten", "proceskosten", "verhogingen", "rente", "hoofdsom")

#: Besluit vergoeding voor buitengerechtelijke incassokosten (Stb. 2012, 141), art. 2:
#: (size of the band in euro, share of the principal within it); the last band is open.
BIK_STAFFEL: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal(2_500), Decimal("0.15")),
    (Decimal(2_500), Decimal("0.10")),
    (Decimal(5_000), Decimal("0.05")),
    (Decimal(190_000), Decimal("0.01")),
    (None, Decimal("0.005")),
)
BIK_MINIMUM = Decimal(40)
BIK_MAXIMUM = Decimal(6_775)
#: The BIK applies to collection costs for claims in default from this date on.
BIK_SINDS = date(2012, 7, 1)

_CENT = Decimal("0.01")
#: Court case timeline after the summons (months): judgment served, then wages seized.
_VONNIS_NA_DAGVAARDING = 2
_BESLAG_NA_DAGVAARDING = 3
#: CJIB (Wahv): first reminder after eight weeks, second four weeks later (in months).
_EERSTE_AANMANING = 2
_TWEEDE_AANMANING = 3


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def _amount(name: str, value: object, interval: Interval = HOOFDSOM) -> Decimal:
    """``value`` as an exact Decimal, validated like every amount in the course."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInput(name, f"'{name}' moet een eindig getal zijn; ontvangen: {value}.")
        check_number(name, float(value), interval)
        return value
    # Floats go through their shortest repr, so 0.1 stays 0.1 and not 0.1000000000000000055.
    return Decimal(repr(check_number(name, value, interval)))


def _bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidType(name, f"'{name}' moet True of False zijn; ontvangen: {format_value(value)}.")
    return value


def _date(name: str, value: object) -> date:
    if not isinstance(value, date):
        raise InvalidType(name, f"'{name}' moet een datum zijn; ontvangen: {type(value).__name__}.")
    return value


def incassokosten(hoofdsom: Decimal | int | float, btw: bool = False) -> Decimal:
    """Extrajudicial collection costs a consumer may be charged on a principal.

    The staffel of the Besluit vergoeding voor buitengerechtelijke incassokosten (2012):
    15 % of the first 2,500 euro, 10 % of the next 2,500, 5 % of the next 5,000, 1 % of the
    next 190,000 and 0.5 % above that; at least 40 and at most 6,775 euro. A creditor that
    cannot deduct VAT may add VAT (21 %) to it. Only after the free reminder with 14 days
    to pay (art. 6:96 lid 6 BW); the principal is the claim without interest.

    Parameters
    ----------
    hoofdsom : Decimal, int or float
        The principal in euro, more than 0.
    btw : bool, default False
        Whether the creditor may add VAT because it cannot deduct it.

    Returns
    -------
    Decimal
        The costs in euro, rounded to cents (half up); with VAT, the staffel amount is
        rounded first, as on an invoice.

    Raises
    ------
    TypeError
        If ``hoofdsom`` is not a number or ``btw`` not a bool.
    ValueError
        If ``hoofdsom`` is 0 or less, NaN or infinite.

    Examples
    --------
    >>> incassokosten(1_000)
    Decimal('150.00')
    >>> incassokosten(100)  # the minimum
    Decimal('40.00')
    >>> incassokosten(3_000)  # 15 % of 2,500 plus 10 % of 500
    Decimal('425.00')
    >>> incassokosten(100, btw=True)
    Decimal('48.40')
    """
    principal = _amount("hoofdsom", hoofdsom)
    with_vat = _bool("btw", btw)
    costs = Decimal(0)
    rest = principal
    for size, share in BIK_STAFFEL:
        part = rest if size is None else min(rest, size)
        costs += part * share
        rest -= part
        if rest <= 0:
            break
    costs = _cents(min(max(costs, BIK_MINIMUM), BIK_MAXIMUM))
    if with_vat:
        costs = _cents(costs * (1 + Decimal(repr(facts.value("btw_algemeen")))))
    return costs


def _rate_changes() -> list[tuple[date, float]]:
    return sorted((f.valid_from, f.value) for f in facts.FACTS if f.key == "wettelijke_rente")


def _rate_table_end() -> date:
    """First day not covered: rates are set per half year, so the last row holds six months."""
    last = _rate_changes()[-1][0]
    return date(last.year + (last.month + 6 - 1) // 12, (last.month + 6 - 1) % 12 + 1, 1)


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year that has none
        return date(start.year + years, 3, 1)


def rente_per_periode(hoofdsom: float, begin: date, eind: date) -> pd.DataFrame:
    """Statutory interest (art. 6:119 BW) over a period, split where the base or rate changes.

    Interest runs from ``begin`` (the first day in default) up to but not including
    ``eind``, at the rate of the dated table for each day, as 1/365 of the yearly rate per
    day. After every full year the interest of that year is added to the base
    (art. 6:119 lid 2), also across a change of rate.

    Parameters
    ----------
    hoofdsom : float
        The principal in euro, more than 0.
    begin : datetime.date
        First day of default; not before 1 July 2012 (the table's first row).
    eind : datetime.date
        Day of payment (interest runs up to this day); not before ``begin`` and not after
        the end of the dated table (six months after its last rate).

    Returns
    -------
    pandas.DataFrame
        One row per period with columns ``van``, ``tot`` (exclusive), ``dagen``,
        ``grondslag`` (euro), ``rente_pct`` (decimal per year) and ``rente`` (euro,
        unrounded).

    Raises
    ------
    TypeError
        If ``hoofdsom`` is not a number or a date is not a date.
    ValueError
        If ``hoofdsom`` is not more than 0, or a date lies outside the table or ``eind``
        before ``begin``.

    Examples
    --------
    The rate rose from 4 to 6 % on 1 July 2023:

    >>> table = rente_per_periode(1_000, date(2023, 1, 1), date(2024, 1, 1))
    >>> list(table["rente_pct"]), list(table["dagen"])
    ([0.04, 0.06], [181, 184])
    >>> round(float(table["rente"].sum()), 2)  # 1,000 x (4 % x 181 + 6 % x 184) / 365
    50.08
    """
    base = float(_amount("hoofdsom", hoofdsom))
    start = _date("begin", begin)
    stop = _date("eind", eind)
    changes = _rate_changes()
    first, end = changes[0][0], _rate_table_end()
    if start < first:
        raise InvalidInput("begin", f"'begin' moet op of na {first:%d-%m-%Y} liggen (de eerste rente in "
                                    f"de tabel); ontvangen: {start:%d-%m-%Y}.")
    if stop > end:
        raise InvalidInput("eind", f"'eind' mag niet na {end:%d-%m-%Y} liggen (het einde van de tabel "
                                   f"met de wettelijke rente); ontvangen: {stop:%d-%m-%Y}.")
    if stop < start:
        raise InvalidInput("eind", f"'eind' moet op of na 'begin' ({start:%d-%m-%Y}) liggen; "
                                   f"ontvangen: {stop:%d-%m-%Y}.")
    anniversaries = []
    year = 1
    while (when := _anniversary(start, year)) < stop:
        anniversaries.append(when)
        year += 1
    cuts = sorted({start, stop, *anniversaries, *(d for d, _ in changes if start < d < stop)})
    rows = []
    accrued = 0.0
    for left, right in zip(cuts, cuts[1:]):
        if left in anniversaries:
            base += accrued  # art. 6:119 lid 2: a year's interest joins the base
            accrued = 0.0
        rate = max((c for c in changes if c[0] <= left), key=lambda c: c[0])[1]
        days = (right - left).days
        interest = base * rate * days / 365
        accrued += interest
        rows.append({"van": left, "tot": right, "dagen": days, "grondslag": base,
                     "rente_pct": rate, "rente": interest})
    return pd.DataFrame(rows, columns=["van", "tot", "dagen", "grondslag", "rente_pct", "rente"])


def wettelijke_rente(hoofdsom: float, begin: date, eind: date) -> float:
    """Statutory interest in euro on a principal from ``begin`` up to ``eind``, to the cent.

    See :func:`rente_per_periode` for the rules (art. 6:119 BW: yearly compounding, the
    dated table of rates, 1/365 of the yearly rate per day).

    Parameters
    ----------
    hoofdsom : float
        The principal in euro, more than 0.
    begin, eind : datetime.date
        First day in default, and the day of payment (not counted).

    Returns
    -------
    float
        The interest in euro, rounded to cents.

    Raises
    ------
    TypeError, ValueError
        As :func:`rente_per_periode`.

    Examples
    --------
    Two years at 2 %: the first year's 20 euro earns interest in the second year.

    >>> wettelijke_rente(1_000, date(2017, 1, 1), date(2019, 1, 1))
    40.4
    """
    table = rente_per_periode(hoofdsom, begin, eind)
    return float(_cents(Decimal(repr(float(table["rente"].sum())))))


@dataclass(frozen=True)
class Betaling:
    """What is left of a claim after a payment, and what was paid too much.

    Parameters
    ----------
    kosten, rente, hoofdsom : float
        What is still owed of each, in euro.
    over : float
        The part of the payment that the claim did not need, in euro.

    Examples
    --------
    >>> Betaling(kosten=0.0, rente=10.0, hoofdsom=500.0, over=0.0).rente
    10.0
    """

    kosten: float
    rente: float
    hoofdsom: float
    over: float


def boek_betaling(bedrag: float, kosten: float, rente: float, hoofdsom: float) -> Betaling:
    """Book a payment as art. 6:44 BW prescribes: costs first, then interest, then principal.

    Parameters
    ----------
    bedrag : float
        The payment in euro, 0 or more.
    kosten, rente, hoofdsom : float
        What is owed in costs, interest and principal, in euro, each 0 or more.

    Returns
    -------
    Betaling
        What is left of each part, and ``over``: what the payment had left.

    Raises
    ------
    TypeError
        If an argument is not a number.
    ValueError
        If an argument is negative, NaN or infinite.

    Examples
    --------
    >>> boek_betaling(200, kosten=150, rente=30, hoofdsom=1_000)
    Betaling(kosten=0.0, rente=0.0, hoofdsom=980.0, over=0.0)
    """
    non_negative = Interval(0, None, unit="euro")
    left = check_number("bedrag", bedrag, non_negative)
    parts = []
    for name, owed in (("kosten", kosten), ("rente", rente), ("hoofdsom", hoofdsom)):
        due = check_number(name, owed, non_negative)
        paid = min(left, due)
        left -= paid
        parts.append(round(due - paid, 10))
    return Betaling(*parts, over=round(left, 10))


_GRIFFIE_BANDS = ((500, "tot_500"), (1_500, "tot_1500"), (2_500, "tot_2500"), (5_000, "tot_5000"),
                  (12_500, "tot_12500"))


def griffierecht(vordering: float, on: date | None = None) -> float:
    """Court fee at the kantonrechter for a claimant that is not a natural person.

    Parameters
    ----------
    vordering : float
        What is claimed in euro (principal, costs and interest so far), more than 0.
    on : datetime.date, optional
        Date of the summons; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        The fee in euro (Wet griffierechten burgerlijke zaken, table of that date).

    Raises
    ------
    TypeError
        If ``vordering`` is not a number or ``on`` not a date.
    ValueError
        If ``vordering`` is not more than 0, or the table has no row for that date.

    Examples
    --------
    >>> griffierecht(480), griffierecht(1_200), griffierecht(20_000)
    (130, 328, 1409)
    """
    claim = check_number("vordering", vordering, HOOFDSOM)
    band = next((key for limit, key in _GRIFFIE_BANDS if claim <= limit), "boven_12500")
    return facts.value(f"griffierecht_kanton_{band}", on)


def _norm(huishouden_type: str, on: date | None) -> float:
    if not isinstance(huishouden_type, str):
        raise InvalidType("huishouden_type", "'huishouden_type' moet tekst zijn; ontvangen: "
                                             f"{type(huishouden_type).__name__}.")
    if huishouden_type not in HUISHOUDTYPES:
        raise InvalidInput("huishouden_type", f"'huishouden_type' moet een van "
                                              f"{', '.join(HUISHOUDTYPES)} zijn; ontvangen: {huishouden_type!r}.")
    return facts.value(HUISHOUDTYPES[huishouden_type], on)


def beslagvrije_voet(huishouden_type: str, on: date | None = None) -> float:
    """Protected income per month: 95 % of the household's bijstandsnorm (Vbvv, 2021).

    Simplified: without the corrections for housing costs and for an income above the
    norm that raise it in practice.

    Parameters
    ----------
    huishouden_type : str
        One of :data:`HUISHOUDTYPES`: ``"alleenstaande"``, ``"alleenstaande_ouder"`` or
        ``"gehuwden"``.
    on : datetime.date, optional
        Date; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        Euro per month, rounded to cents.

    Raises
    ------
    TypeError
        If the type is not text or ``on`` not a date.
    ValueError
        If the type is unknown, or the norms or the 95 % rule do not exist yet on ``on``.

    Examples
    --------
    >>> beslagvrije_voet("alleenstaande")  # 95 % of 1,369.06
    1300.61
    """
    norm = _norm(huishouden_type, on)
    share = facts.value("beslagvrije_voet_aandeel", on)
    return float(_cents(Decimal(repr(norm)) * Decimal(repr(share))))


def afloscapaciteit(huishouden_type: str, netto_inkomen: float, on: date | None = None) -> float:
    """What a household can repay per month: net income above the protected amount.

    Parameters
    ----------
    huishouden_type : str
        One of :data:`HUISHOUDTYPES`.
    netto_inkomen : float
        Net income in euro per month without allowances, in [0, 20,000].
    on : datetime.date, optional
        Date; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        Euro per month, 0 or more, rounded to cents.

    Raises
    ------
    TypeError, ValueError
        As :func:`beslagvrije_voet`, or if the income is not a number in range.

    Examples
    --------
    >>> afloscapaciteit("alleenstaande", 1_500)
    199.39
    >>> afloscapaciteit("alleenstaande", 1_000)  # below the protected amount
    0.0
    """
    income = check_number("netto_inkomen", netto_inkomen, INKOMEN)
    protected = beslagvrije_voet(huishouden_type, on)
    return float(_cents(max(Decimal(0), Decimal(repr(income)) - Decimal(repr(protected)))))


def pro_rata(vorderingen: Mapping[str, float], beschikbaar: float) -> pd.Series:
    """Share an amount over creditors in proportion to their claims, to the cent.

    Nobody gets more than its claim. Cents lost to rounding go to the largest remainders,
    so the shares add up to exactly ``min(beschikbaar, total of the claims)``.

    Parameters
    ----------
    vorderingen : mapping of str to float
        Claim per creditor in euro, each 0 or more; at least one creditor.
    beschikbaar : float
        The amount to share in euro, 0 or more.

    Returns
    -------
    pandas.Series
        Euro per creditor, in the order given.

    Raises
    ------
    TypeError
        If the claims are not a mapping of names to numbers, or the amount not a number.
    ValueError
        If there is no creditor, or an amount is negative, NaN or infinite.

    Examples
    --------
    >>> pro_rata({"A": 300, "B": 100}, 100).to_dict()
    {'A': 75.0, 'B': 25.0}
    """
    if not isinstance(vorderingen, Mapping):
        raise InvalidType("vorderingen", "'vorderingen' moet per schuldeiser een bedrag geven; "
                                         f"ontvangen: {type(vorderingen).__name__}.")
    if not vorderingen:
        raise InvalidInput("vorderingen", "'vorderingen' moet ten minste één schuldeiser bevatten.")
    non_negative = Interval(0, None, unit="euro")
    cents = {str(name): int(_cents(Decimal(repr(check_number(f"vordering van {name}", v, non_negative))))
                           * 100) for name, v in vorderingen.items()}
    pot = int(_cents(Decimal(repr(check_number("beschikbaar", beschikbaar, non_negative)))) * 100)
    total = sum(cents.values())
    pot = min(pot, total)
    if total == 0:
        return pd.Series({name: 0.0 for name in cents}, dtype=float)
    exact = {name: pot * c / total for name, c in cents.items()}
    share = {name: math.floor(x) for name, x in exact.items()}
    for name in sorted(exact, key=lambda n: exact[n] - share[n], reverse=True)[:pot - sum(share.values())]:
        share[name] += 1
    return pd.Series({name: c / 100 for name, c in share.items()}, dtype=float)


def schuldregeling(vorderingen: Mapping[str, float], afloscapaciteit_per_maand: float,
                   looptijd: int | None = None) -> pd.DataFrame:
    """What every creditor is offered in a debt settlement, and what is forgiven.

    In the amicable settlement and in the Wsnp (since 1 July 2023 both 18 months) the
    household pays its repayment capacity every month; the total is shared pro rata over
    the claims as they stand when the settlement starts. What is not paid is forgiven at the
    end (finale kwijting, or the schone lei in the Wsnp).

    Parameters
    ----------
    vorderingen : mapping of str to float
        Claim per creditor at the start, in euro, each 0 or more.
    afloscapaciteit_per_maand : float
        Repayment capacity in euro per month, 0 or more.
    looptijd : int, optional
        Months, in [1, 60]; default the statutory term (18 months since 1 July 2023).

    Returns
    -------
    pandas.DataFrame
        Indexed by creditor: ``vordering``, ``aanbod`` (euro over the whole term),
        ``percentage`` (share of the claim, decimal) and ``kwijtgescholden`` (euro).

    Raises
    ------
    TypeError
        If a claim, the capacity or ``looptijd`` is not a number.
    ValueError
        If there is no creditor, an amount is negative, or ``looptijd`` is not a whole
        number of months in [1, 60].

    Examples
    --------
    >>> table = schuldregeling({"A": 3_000, "B": 1_000}, 100)
    >>> table["aanbod"].to_dict(), float(table["percentage"].iloc[0])
    ({'A': 1350.0, 'B': 450.0}, 0.45)
    """
    months = (int(facts.value("looptijd_schuldregeling")) if looptijd is None
              else check_integer("looptijd", looptijd, Interval(1, 60, unit="maanden")))
    capacity = check_number("afloscapaciteit_per_maand", afloscapaciteit_per_maand,
                            Interval(0, None, unit="euro per maand"))
    offer = pro_rata(vorderingen, capacity * months)
    claims = pd.Series({name: float(v) for name, v in vorderingen.items()}, dtype=float)
    claims.index = offer.index
    with_claim = claims > 0
    percentage = (offer / claims.where(with_claim)).fillna(0.0)
    return pd.DataFrame({"vordering": claims.round(2), "aanbod": offer, "percentage": percentage,
                         "kwijtgescholden": (claims.round(2) - offer).round(2)})


@dataclass(frozen=True)
class Schuldeiser:
    """A creditor and its claim at the first missed payment (month 0).

    Parameters
    ----------
    naam : str
        Name shown on pages and in plots (unique within a household).
    soort : str
        ``"particulier"`` (a company: collection costs, statutory interest, court) or
        ``"cjib"`` (a traffic fine: Wahv increases, enforcement without court).
    hoofdsom : float
        The arrear or fine in euro, more than 0.
    btw : bool, default False
        Whether VAT is added to collection and bailiff costs (creditor cannot deduct it).
    executie_na : int or None, default None
        Month in which the creditor summons the household (particulier) or the CJIB serves
        its dwangbevel; None if it never does. At least 2 (particulier) or 4 (cjib).

    Examples
    --------
    >>> Schuldeiser("Energieleverancier", "particulier", 640, executie_na=9).hoofdsom
    640.0
    """

    naam: str
    soort: str
    hoofdsom: float
    btw: bool = False
    executie_na: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.naam, str) or not self.naam.strip():
            raise InvalidInput("naam", "'naam' van een schuldeiser moet een niet-lege tekst zijn; "
                                       f"ontvangen: {format_value(self.naam)}.")
        if not isinstance(self.soort, str) or self.soort not in SOORTEN:
            raise InvalidInput("soort", f"'soort' van {self.naam} moet een van {', '.join(SOORTEN)} zijn; "
                                        f"ontvangen: {format_value(self.soort)}.")
        object.__setattr__(self, "hoofdsom", float(_amount("hoofdsom", self.hoofdsom)))
        _bool("btw", self.btw)
        if self.executie_na is not None:
            low = _TWEEDE_AANMANING + 1 if self.soort == "cjib" else EXECUTIE_NA.low
            check_integer("executie_na", self.executie_na, Interval(low, EXECUTIE_NA.high, unit="maanden"))


@dataclass(frozen=True)
class Huishouden:
    """A household: its type, net income and fixed costs per month.

    Parameters
    ----------
    type : str
        The household type its bijstand norm, and so its beslagvrije voet, is set for
        (one of :data:`HUISHOUDTYPES`).
    netto_inkomen : float
        What the household earns, as :func:`afloscapaciteit` takes it (euro per month).
    vaste_lasten : float, default 0
        Fixed costs in euro per month, in [0, 20,000].

    Examples
    --------
    >>> Huishouden("alleenstaande", 1_369.06, 950).beslagvrije_voet
    1300.61
    """

    type: str
    netto_inkomen: float
    vaste_lasten: float = 0.0

    def __post_init__(self) -> None:
        _norm(self.type, None)
        object.__setattr__(self, "netto_inkomen", check_number("netto_inkomen", self.netto_inkomen, INKOMEN))
        object.__setattr__(self, "vaste_lasten", check_number("vaste_lasten", self.vaste_lasten, VASTE_LASTEN))

    @property
    def beslagvrije_voet(self) -> float:
        """Protected income in euro per month (:func:`beslagvrije_voet`)."""
        return beslagvrije_voet(self.type)

    @property
    def afloscapaciteit(self) -> float:
        """Repayment capacity in euro per month (:func:`afloscapaciteit`)."""
        return afloscapaciteit(self.type, self.netto_inkomen)


@dataclass(frozen=True)
class Simulatie:
    """A household's debts month by month, and what the settlement then offers.

    Made by :func:`simuleer`.

    Parameters
    ----------
    posten : pandas.DataFrame
        Long table: ``maand``, ``schuldeiser``, ``post`` (one of :data:`POSTEN`) and
        ``bedrag`` (euro still owed at the end of that month).
    betaald : pandas.DataFrame
        Payments through wage seizure before help: ``maand``, ``schuldeiser``, ``bedrag``.
    regeling : pandas.DataFrame or None
        :func:`schuldregeling` at the month help was sought; None without help.
    hulp_na : int or None
        The month help was sought.

    Examples
    --------
    >>> sim = simuleer(Huishouden("alleenstaande", 1_400), [Schuldeiser("A", "cjib", 100)], maanden=3)
    >>> float(sim.schuld().loc["A", "verhogingen"])  # 50 % of 100, then 100 % of 150
    200.0
    """

    posten: pd.DataFrame
    betaald: pd.DataFrame
    regeling: pd.DataFrame | None
    hulp_na: int | None

    def schuld(self, maand: int | None = None) -> pd.DataFrame:
        """Debt per creditor (rows) and part (columns) at the end of ``maand`` (default: last)."""
        last = int(self.posten["maand"].max())
        month = last if maand is None else check_integer("maand", maand, Interval(0, last, unit="maanden"))
        table = (self.posten[self.posten["maand"] == month]
                 .pivot(index="schuldeiser", columns="post", values="bedrag"))
        return table.reindex(columns=list(POSTEN)).fillna(0.0)

    def totaal_per_maand(self) -> pd.DataFrame:
        """Total owed per month (rows) and part (columns), in euro."""
        return (self.posten.pivot_table(index="maand", columns="post", values="bedrag", aggfunc="sum")
                .reindex(columns=list(POSTEN)).fillna(0.0))


class _Claim:
    """A creditor's running claim inside :func:`simuleer` (mutable, private)."""

    def __init__(self, creditor: Schuldeiser) -> None:
        self.creditor = creditor
        self.parts = dict.fromkeys(POSTEN, 0.0)
        self.parts["hoofdsom"] = creditor.hoofdsom
        self.interest_base = creditor.hoofdsom
        self.interest_year = 0.0
        self.seize_from: int | None = None

    @property
    def total(self) -> float:
        return sum(self.parts.values())

    def pay(self, amount: float) -> float:
        """Book a payment (art. 6:44 BW: costs, then interest, then principal); return what is left."""
        for name in POSTEN:  # POSTEN lists the costs first, then interest, then principal
            paid = min(amount, self.parts[name])
            self.parts[name] -= paid
            amount -= paid
            if name == "hoofdsom":
                self.interest_base = min(self.interest_base, self.parts["hoofdsom"] + self.parts["rente"])
        return amount


def _with_vat(amount: float, creditor: Schuldeiser) -> float:
    return round(amount * (1 + facts.value("btw_algemeen")), 2) if creditor.btw else amount


def _advance(claim: _Claim, month: int, rate: float) -> None:
    """What happens to one claim in ``month`` (before any payment that month)."""
    creditor = claim.creditor
    if creditor.soort == "cjib":
        fine = creditor.hoofdsom
        if month == _EERSTE_AANMANING:
            claim.parts["verhogingen"] += round(fine * facts.value("wahv_verhoging_eerste_aanmaning"), 2)
        elif month == _TWEEDE_AANMANING:
            owed = fine + claim.parts["verhogingen"]
            claim.parts["verhogingen"] += round(owed * facts.value("wahv_verhoging_tweede_aanmaning"), 2)
        if creditor.executie_na is not None:
            if month == creditor.executie_na:  # dwangbevel served
                claim.parts["proceskosten"] += _with_vat(facts.value("btag_betekening_titel"), creditor)
            elif month == creditor.executie_na + 1:
                claim.parts["proceskosten"] += _with_vat(facts.value("btag_loonbeslag"), creditor)
                claim.seize_from = month
        return
    if month == 1:  # the 14-day letter has expired: in default, costs may be charged
        claim.parts["incassokosten"] += float(incassokosten(creditor.hoofdsom, btw=creditor.btw))
    if month >= 1 and claim.parts["hoofdsom"] > 0:
        if month > 1 and (month - 1) % 12 == 0:  # a full year in default: art. 6:119 lid 2
            claim.interest_base += claim.interest_year
            claim.interest_year = 0.0
        interest = min(claim.interest_base, claim.parts["hoofdsom"] + claim.parts["rente"]) * rate / 12
        claim.interest_year += interest
        claim.parts["rente"] += interest
    if creditor.executie_na is not None:
        summons = creditor.executie_na
        if month == summons:
            claim.parts["proceskosten"] += (griffierecht(claim.total)
                                            + _with_vat(facts.value("btag_dagvaarding"), creditor))
        elif month == summons + _VONNIS_NA_DAGVAARDING:
            claim.parts["proceskosten"] += _with_vat(facts.value("btag_betekening_titel"), creditor)
        elif month == summons + _BESLAG_NA_DAGVAARDING:
            claim.parts["proceskosten"] += _with_vat(facts.value("btag_loonbeslag"), creditor)
            claim.seize_from = month


def _creditors(schuldeisers: object) -> list[Schuldeiser]:
    if isinstance(schuldeisers, Schuldeiser) or not isinstance(schuldeisers, Iterable):
        raise InvalidType("schuldeisers", "'schuldeisers' moet een lijst van schuldeisers zijn; "
                                          f"ontvangen: {type(schuldeisers).__name__}.")
    creditors = list(schuldeisers)
    if not 1 <= len(creditors) <= 20:
        raise InvalidInput("schuldeisers", "'schuldeisers' moet 1 tot en met 20 schuldeisers bevatten; "
                                           f"ontvangen: {len(creditors)}.")
    for c in creditors:
        if not isinstance(c, Schuldeiser):
            raise InvalidType("schuldeisers", "'schuldeisers' mag alleen schuldeisers bevatten; "
                                              f"ontvangen: {type(c).__name__}.")
    names = [c.naam for c in creditors]
    if len(set(names)) != len(names):
        double = next(n for n in names if names.count(n) > 1)
        raise InvalidInput("schuldeisers", f"'schuldeisers': elke naam mag één keer voorkomen; "
                                           f"{double!r} staat er vaker in.")
    return creditors


def simuleer(huishouden: Huishouden, schuldeisers: Sequence[Schuldeiser], maanden: int = 60,
             hulp_na: int | None = None) -> Simulatie:
    """Follow a household's debts month by month from the first missed payment.

    Month 0 is the first missed payment. A private creditor sends the free 14-day letter,
    charges :func:`incassokosten` from month 1 and statutory interest from then on
    (yearly compounding); if it goes to court in month ``executie_na`` it adds the court
    fee and the bailiff's summons, two months later the served judgment and a month after
    that the wage seizure. The CJIB raises a fine by 50 % in month 2 and by 100 % of the
    amount then owed in month 3 (three times the fine); with ``executie_na`` it serves a
    dwangbevel and seizes wages a month later. A seizure takes the income above the
    beslagvrije voet each month, for one creditor at a time, booked per art. 6:44 BW.

    When help is sought (``hulp_na``) every claim is frozen, seizures stop, and the
    settlement shares 18 months of repayment capacity pro rata (:func:`schuldregeling`).
    Rates and tariffs are those of :data:`modules.facts.REFERENCE_DATE` throughout.

    Parameters
    ----------
    huishouden : Huishouden
        The household.
    schuldeisers : sequence of Schuldeiser
        1 to 20 creditors with distinct names.
    maanden : int, default 60
        Months to follow, in [0, 120]; with ``hulp_na`` the table stops at that month.
    hulp_na : int, optional
        Month help is sought, in [0, ``maanden``]; None for no help.

    Returns
    -------
    Simulatie
        The debt per month, creditor and part, the seizure payments and the settlement.

    Raises
    ------
    TypeError
        If the household or a creditor has the wrong type.
    ValueError
        If a number is out of range or creditor names repeat.

    Examples
    --------
    >>> gezin = Huishouden("alleenstaande", 1_369.06)
    >>> sim = simuleer(gezin, [Schuldeiser("Webwinkel", "particulier", 240)], maanden=12)
    >>> round(float(sim.schuld().loc["Webwinkel"].sum()), 2)  # 240 + 40 costs + 12 months at 6 %
    294.4
    """
    if not isinstance(huishouden, Huishouden):
        raise InvalidType("huishouden", "'huishouden' moet een Huishouden zijn; "
                                        f"ontvangen: {type(huishouden).__name__}.")
    creditors = _creditors(schuldeisers)
    months = check_integer("maanden", maanden, MAANDEN)
    help_at = None if hulp_na is None else check_integer("hulp_na", hulp_na, Interval(0, months, unit="maanden"))
    last = months if help_at is None else help_at
    rate = facts.value("wettelijke_rente")
    seizable = max(0.0, huishouden.netto_inkomen - huishouden.beslagvrije_voet)
    claims = [_Claim(c) for c in creditors]
    rows: list[tuple[int, str, str, float]] = []
    paid: list[tuple[int, str, float]] = []
    for month in range(last + 1):
        for claim in claims:
            _advance(claim, month, rate)
        # One seizure at a time: the earliest that is still owed (first come, first served).
        seizing = [c for c in claims if c.seize_from is not None and c.seize_from <= month and c.total > 0.005]
        if seizing and seizable > 0 and (help_at is None or month < help_at):
            claim = min(seizing, key=lambda c: (c.seize_from, claims.index(c)))
            amount = min(seizable, claim.total)
            claim.pay(amount)
            paid.append((month, claim.creditor.naam, round(amount, 2)))
        for claim in claims:
            for part, owed in claim.parts.items():
                rows.append((month, claim.creditor.naam, part, round(max(owed, 0.0), 2)))
    posten = pd.DataFrame(rows, columns=["maand", "schuldeiser", "post", "bedrag"])
    betaald = pd.DataFrame(paid, columns=["maand", "schuldeiser", "bedrag"])
    settlement = None
    if help_at is not None:
        owed = {c.creditor.naam: round(max(c.total, 0.0), 2) for c in claims}
        settlement = schuldregeling(owed, huishouden.afloscapaciteit)
    return Simulatie(posten, betaald, settlement, help_at)


def vergelijk_hulp(huishouden: Huishouden, schuldeisers: Sequence[Schuldeiser], wachttijd: int) -> pd.DataFrame:
    """"Help now" next to "help after ``wachttijd`` months": for the household and its creditors.

    Parameters
    ----------
    huishouden : Huishouden
        The household.
    schuldeisers : sequence of Schuldeiser
        Its creditors (1 to 20).
    wachttijd : int
        Months between the first missed payment and seeking help, in [0, 60].

    Returns
    -------
    pandas.DataFrame
        Two rows, ``"hulp nu"`` and ``"hulp na N maanden"``, with columns (euro unless
        said): ``schuld_bij_hulp`` (total owed when help starts), ``oorspronkelijk``
        (the principals at month 0), ``kosten_en_rente`` (costs, interest and increases
        charged), ``betaald_via_beslag`` (seized before help), ``aanbod`` (what creditors
        get in the settlement), ``percentage_aanbod`` (offer as a share of the debt then),
        ``kwijtgescholden``, ``schuldeisers_ontvangen`` (seizure plus offer),
        ``hoofdsom_terugbetaald`` (share of the original principals the creditors get back,
        decimal), ``huishouden_houdt`` (income kept per month during the settlement,
        euro per month) and ``leefgeld`` (what is left of it after the fixed costs, euro
        per month; negative when the fixed costs do not fit).

    Raises
    ------
    TypeError, ValueError
        As :func:`simuleer`, or if ``wachttijd`` is not a whole number in [0, 60].

    Examples
    --------
    >>> gezin = Huishouden("alleenstaande", 1_369.06)
    >>> table = vergelijk_hulp(gezin, [Schuldeiser("Webwinkel", "particulier", 240)], 12)
    >>> list(table.index)
    ['hulp nu', 'hulp na 12 maanden']
    """
    wait = check_integer("wachttijd", wachttijd, WACHTTIJD)
    creditors = _creditors(schuldeisers)
    principal = round(sum(c.hoofdsom for c in creditors), 2)
    rows = {}
    for label, month in (("hulp nu", 0), (f"hulp na {wait} maanden", wait)):
        sim = simuleer(huishouden, creditors, maanden=max(wait, 0), hulp_na=month)
        assert sim.regeling is not None
        debt = round(float(sim.regeling["vordering"].sum()), 2)
        seized = round(float(sim.betaald["bedrag"].sum()), 2)
        offer = round(float(sim.regeling["aanbod"].sum()), 2)
        charged = round(debt + seized - principal, 2)
        received = round(seized + offer, 2)
        # Payments go to costs first (art. 6:44), so principal is repaid only beyond the costs.
        principal_back = max(0.0, received - charged)
        rows[label] = {
            "schuld_bij_hulp": debt,
            "oorspronkelijk": principal,
            "kosten_en_rente": charged,
            "betaald_via_beslag": seized,
            "aanbod": offer,
            "percentage_aanbod": offer / debt if debt else 0.0,
            "kwijtgescholden": round(float(sim.regeling["kwijtgescholden"].sum()), 2),
            "schuldeisers_ontvangen": received,
            "hoofdsom_terugbetaald": min(1.0, principal_back / principal),
            "huishouden_houdt": round(huishouden.netto_inkomen - huishouden.afloscapaciteit, 2),
            # What is left to live on after rent, energy and insurance; negative is a shortfall.
            "leefgeld": round(huishouden.netto_inkomen - huishouden.afloscapaciteit - huishouden.vaste_lasten, 2),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


#: The example households live in a data file, so a course author can change or add one
#: without touching the model; the model still checks every value when this module loads.
PRESETS_FILE = resources.files("modules") / "data" / "schulden_presets.toml"


def _load_presets(path=PRESETS_FILE) -> dict[str, dict]:
    """The example households of a presets file, as :data:`PRESETS` holds them.

    Parameters
    ----------
    path : pathlib.Path or importlib.resources.abc.Traversable, default PRESETS_FILE
        A TOML file with one table per example: ``titel`` and ``beschrijving`` (text),
        ``huishouden`` (the fields of :class:`Huishouden`) and ``schuldeisers`` (a list of
        tables with the fields of :class:`Schuldeiser`).

    Returns
    -------
    dict
        Key of the example to a dict with ``titel``, ``beschrijving``, ``huishouden`` (a
        Huishouden) and ``schuldeisers`` (a tuple of Schuldeiser), in the file's order.

    Raises
    ------
    ValueError
        If the file cannot be read, holds no examples, or an example misses a field, has an
        unknown one or a value the model refuses. The Dutch message names the file, the
        example and the field.

    Examples
    --------
    >>> presets = _load_presets()
    >>> list(presets)
    ['alleenstaande_bijstand', 'alleenstaande_ouder', 'gezin_autolening']
    >>> presets["gezin_autolening"]["huishouden"]
    Huishouden(type='gehuwden', netto_inkomen=2150.0, vaste_lasten=1600.0)
    """
    data = read_toml(path, "voorbeelden")
    presets: dict[str, dict] = {}
    for key, example in data.items():
        where = f"{path}, voorbeeld '{key}'"
        keys = ("titel", "beschrijving", "huishouden", "schuldeisers")
        if not isinstance(example, dict):
            raise ValueError(f"{where}: verwacht een tabel met velden; ontvangen: {format_value(example)}.")
        check_fields(where, example, keys, keys)
        for text in ("titel", "beschrijving"):
            if not isinstance(example[text], str) or not example[text].strip():
                raise ValueError(f"{where}: '{text}' moet een niet-lege tekst zijn; "
                                 f"ontvangen: {format_value(example[text])}.")
        creditors = example["schuldeisers"]
        if not isinstance(creditors, list) or not creditors:
            raise ValueError(f"{where}: 'schuldeisers' moet een niet-lege lijst van tabellen zijn; "
                             f"ontvangen: {format_value(creditors)}.")
        presets[key] = {
            "titel": example["titel"],
            "beschrijving": example["beschrijving"],
            "huishouden": from_table(Huishouden, example["huishouden"], f"{where}, huishouden"),
            "schuldeisers": tuple(from_table(Schuldeiser, row, f"{where}, schuldeiser {number}")
                                  for number, row in enumerate(creditors, start=1)),
        }
    return presets


#: Example households, grounded in the seed articles (people seek help four to five years
#: after their debts start; most live on a minimum income). Every amount is a course
#: assumption (aanname) in prices of 2025, not a case from practice; the amounts are in
#: :data:`PRESETS_FILE` (``modules/data/schulden_presets.toml``).
PRESETS: dict[str, dict] = _load_presets()


def preset(name: str) -> tuple[Huishouden, tuple[Schuldeiser, ...]]:
    """The household and creditors of example ``name`` (one of :data:`PRESETS`).

    Parameters
    ----------
    name : str
        Key of :data:`PRESETS`.

    Returns
    -------
    tuple of (Huishouden, tuple of Schuldeiser)
        The household and its creditors, as in :data:`PRESETS`.

    Raises
    ------
    ValueError
        If the name is unknown.

    Examples
    --------
    >>> household, creditors = preset("alleenstaande_bijstand")
    >>> household.afloscapaciteit, len(creditors)
    (68.45, 4)
    """
    if not isinstance(name, str) or name not in PRESETS:
        raise InvalidInput("name", f"'name' moet een van {', '.join(PRESETS)} zijn; ontvangen: {format_value(name)}.")
    chosen = PRESETS[name]
    return chosen["huishouden"], chosen["schuldeisers"]
