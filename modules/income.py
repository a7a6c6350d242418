"""Dutch income rules every module needs: minimum wage by age, net wage, bijstand norms.

Pure functions over the dated figures of :mod:`modules.facts`. The MKBA presets use them
to split a gross wage into what a resident keeps and what goes to the Rijk, and to say
what a gemeente saves on bijstand at each age; the debt module will use the same net
wage for repayment capacity.

Simplifications, stated once: a single person below the AOW age without children, with
only wage income (verzamelinkomen = wage); no pension premium, no other tax credits; the
wage is the hourly minimum wage times the hours, plus the 8 % minimum holiday allowance.
Toeslagen are not computed here (their rules are too intricate for this course's level).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from modules import facts
from modules._validation import Interval, check_number

__all__ = [
    "AGE",
    "HOURS",
    "INCOME",
    "minimum_wage_share",
    "hourly_minimum_wage",
    "annual_gross_wage",
    "income_tax",
    "net_annual_wage",
    "labour_costs",
    "bijstand_norm",
    "bijstand_entitlement",
    "WorkIncome",
    "work_income",
    "net_gain_from_work",
]

AGE = Interval(18, 120, unit="jaar")
HOURS = Interval(0, 60, low_closed=False, unit="uur per week")
INCOME = Interval(0, 10_000_000, unit="euro per jaar")
WEEKS_PER_YEAR = 52


def minimum_wage_share(age: int, on: date | None = None) -> float:
    """Youth minimum wage as a share of the adult minimum wage (1.0 from 21).

    Parameters
    ----------
    age : int
        Age in years, in [18, 120].
    on : datetime.date, optional
        Date of the rules; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        0.50 at 18, 0.60 at 19, 0.80 at 20 and 1.0 from 21 (Wet minimumloon, since
        1 July 2019).

    Examples
    --------
    >>> [minimum_wage_share(a) for a in (18, 19, 20, 21)]
    [0.5, 0.6, 0.8, 1.0]
    """
    years = int(check_number("age", age, AGE))
    if years >= 21:
        return 1.0
    return facts.value(f"minimumjeugdloon_{years}", on)


def hourly_minimum_wage(age: int, on: date | None = None) -> float:
    """Gross statutory minimum wage per hour at ``age``, in euro, rounded to cents.

    Parameters
    ----------
    age : int
        Age in years, in [18, 120]; the youth minimum wage applies below 21.
    on : datetime.date, optional
        Date of the rules; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        Euro per hour: the adult hourly minimum wage times :func:`minimum_wage_share`.

    Raises
    ------
    TypeError
        If ``age`` is not a number.
    ValueError
        If ``age`` is out of range, or the rules did not exist yet on ``on``.

    Examples
    --------
    >>> hourly_minimum_wage(18, on=date(2026, 1, 1))
    7.36
    """
    return round(facts.value("minimumuurloon", on) * minimum_wage_share(age, on) + 1e-9, 2)


def annual_gross_wage(hourly: float, hours_per_week: float, on: date | None = None) -> float:
    """Gross wage per year including the 8 % minimum holiday allowance, in euro.

    Parameters
    ----------
    hourly : float
        Gross wage per hour in euro, in [0, 10,000,000].
    hours_per_week : float
        Contract hours per week, in (0, 60].
    on : datetime.date, optional
        Date of the holiday allowance rule; default
        :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        Euro per year: ``hourly * hours_per_week * 52`` plus the 8 % holiday allowance.

    Raises
    ------
    TypeError
        If ``hourly`` or ``hours_per_week`` is not a number.
    ValueError
        If ``hourly`` or ``hours_per_week`` is NaN, infinite or out of range.

    Examples
    --------
    >>> round(annual_gross_wage(14.40, 36), 2)
    29113.34
    """
    wage = check_number("hourly", hourly, INCOME)
    hours = check_number("hours_per_week", hours_per_week, HOURS)
    return wage * hours * WEEKS_PER_YEAR * (1.0 + facts.value("vakantiebijslag", on))


def _general_credit(income: float, on: date | None) -> float:
    credit = facts.value("ahk_max", on) - facts.value("ahk_afbouw", on) * max(
        0.0, income - facts.value("ahk_afbouwgrens", on))
    return max(0.0, credit)


def _labour_credit(income: float, on: date | None) -> float:
    g1, g2, g3 = (facts.value(f"ak_grens{i}", on) for i in (1, 2, 3))
    t1, t2, t3 = (facts.value(f"ak_tarief{i}", on) for i in (1, 2, 3))
    top = facts.value("ak_max", on)
    if income <= g1:
        return t1 * income
    if income <= g2:
        return t1 * g1 + t2 * (income - g1)
    if income <= g3:
        return t1 * g1 + t2 * (g2 - g1) + t3 * (income - g2)
    return max(0.0, top - facts.value("ak_afbouw", on) * (income - g3))


def income_tax(gross: float, on: date | None = None) -> float:
    """Box 1 income tax and national insurance premiums on a wage, after tax credits.

    Parameters
    ----------
    gross : float
        Gross wage per year in euro (holiday allowance included), in [0, 10,000,000].
    on : datetime.date, optional
        Date of the tax rules (the year's brackets and credits).

    Returns
    -------
    float
        Euro per year, never below zero: the brackets minus the algemene heffingskorting
        and the arbeidskorting.

    Examples
    --------
    >>> round(income_tax(29_113.34), 2)
    2121.52
    """
    income = check_number("gross", gross, INCOME)
    b1, b2 = facts.value("ib_schijf1_grens", on), facts.value("ib_schijf2_grens", on)
    r1, r2, r3 = (facts.value(f"ib_schijf{i}_tarief", on) for i in (1, 2, 3))
    brackets = (r1 * min(income, b1) + r2 * max(0.0, min(income, b2) - b1)
                + r3 * max(0.0, income - b2))
    return max(0.0, brackets - _general_credit(income, on) - _labour_credit(income, on))


def net_annual_wage(gross: float, on: date | None = None) -> float:
    """Net wage per year in euro: the gross wage minus :func:`income_tax`.

    Parameters
    ----------
    gross : float
        Gross wage per year in euro (holiday allowance included), in [0, 10,000,000].
    on : datetime.date, optional
        Date of the tax rules; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        Euro per year: what the worker keeps after income tax and national insurance
        premiums.

    Raises
    ------
    TypeError
        If ``gross`` is not a number.
    ValueError
        If ``gross`` is NaN, infinite or out of range.

    Examples
    --------
    >>> round(net_annual_wage(29_113.34))
    26992
    """
    return check_number("gross", gross, INCOME) - income_tax(gross, on)


def labour_costs(gross: float, on: date | None = None) -> float:
    """What the employer pays per year: the gross wage plus statutory employer premiums.

    Parameters
    ----------
    gross : float
        Gross wage per year in euro (holiday allowance included), in [0, 10,000,000].
    on : datetime.date, optional
        Date of the premium rates; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        Euro per year: ``gross`` times one plus the employer premiums as a decimal share
        of the gross wage (0.1686 in 2025; no pension premium).

    Raises
    ------
    TypeError
        If ``gross`` is not a number.
    ValueError
        If ``gross`` is NaN, infinite or out of range.

    Examples
    --------
    >>> round(labour_costs(10_000))
    11686
    """
    return check_number("gross", gross, INCOME) * (1.0 + facts.value("werkgeverslasten", on))


def bijstand_norm(age: int, on: date | None = None) -> float:
    """Monthly bijstand norm of a single person at ``age``, holiday allowance included.

    Parameters
    ----------
    age : int
        Age in years, in [18, 120]; the adult norm applies from 21 up to the AOW age
        (the AOW norm itself is not in the table).
    on : datetime.date, optional
        Date of the norms; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    float
        Euro per month: the jongerennorm at 18, 19 and 20, the norm for a single adult
        from 21 (Participatiewet art. 20 and 21).

    Raises
    ------
    TypeError
        If ``age`` is not a number.
    ValueError
        If ``age`` is out of range, or the norms did not exist yet on ``on``.

    Examples
    --------
    >>> bijstand_norm(20), bijstand_norm(21)
    (337.98, 1369.06)
    """
    years = int(check_number("age", age, AGE))
    key = "bijstandsnorm_jongeren" if years < 21 else "bijstandsnorm_alleenstaande"
    return facts.value(key, on)


def bijstand_entitlement(age: int, can_study_with_student_finance: bool,
                         on: date | None = None) -> bool:
    """Whether a single person at ``age`` can have a right to algemene bijstand at all.

    Someone younger than 27 who can follow education with student finance has no right
    to algemene bijstand (Participatiewet art. 13, second paragraph, under c).

    Parameters
    ----------
    age : int
        Age in years, in [18, 120].
    can_study_with_student_finance : bool
        True if the person can follow education with student finance.
    on : datetime.date, optional
        Date of the rules; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    bool
        False only if ``age`` is below the limit of 27 years and
        ``can_study_with_student_finance`` is True; True otherwise.

    Raises
    ------
    TypeError
        If ``age`` is not a number or ``can_study_with_student_finance`` is not a bool.
    ValueError
        If ``age`` is out of range.

    Examples
    --------
    >>> bijstand_entitlement(22, True), bijstand_entitlement(22, False), bijstand_entitlement(27, True)
    (False, True, True)
    """
    years = int(check_number("age", age, AGE))
    if not isinstance(can_study_with_student_finance, bool):
        raise TypeError("'can_study_with_student_finance' moet True of False zijn.")
    limit = facts.value("bijstand_leeftijdsgrens_studiefinanciering", on)
    return years >= limit or not can_study_with_student_finance


@dataclass(frozen=True)
class WorkIncome:
    """A year of work at the minimum wage, split the way an MKBA splits it (euro per year).

    Parameters
    ----------
    age : int
        Age in years, in [18, 120].
    hours_per_week : float
        Contract hours per week, in (0, 60].
    gross : float
        Gross wage including holiday allowance.
    labour_costs : float
        What the employer pays: gross wage plus employer premiums (the value of the
        production, if the wage equals what the work yields).
    net : float
        What the worker receives after income tax and premiums.
    taxes_and_premiums : float
        ``labour_costs - net``: income tax, national insurance and employer premiums,
        for the Rijk and the social funds.
    bijstand : float
        Twelve months of the bijstand norm at the same age (a single person).

    Examples
    --------
    >>> job = work_income(30, 36)
    >>> round(job.labour_costs - job.net, 2) == round(job.taxes_and_premiums, 2)
    True
    """

    age: int
    hours_per_week: float
    gross: float
    labour_costs: float
    net: float
    taxes_and_premiums: float
    bijstand: float


def work_income(age: int, hours_per_week: float, on: date | None = None) -> WorkIncome:
    """Gross wage, labour costs, net wage and taxes of a minimum-wage job at ``age``.

    Parameters
    ----------
    age : int
        Age in years, in [18, 120] (youth minimum wage below 21).
    hours_per_week : float
        Contract hours, in (0, 60].
    on : datetime.date, optional
        Date of the rules; default :data:`modules.facts.REFERENCE_DATE`.

    Returns
    -------
    WorkIncome
        The gross wage, labour costs, net wage, taxes and premiums, and the bijstand the
        job replaces, all in euro per year.

    Raises
    ------
    TypeError
        If ``age`` or ``hours_per_week`` is not a number.
    ValueError
        If ``age`` or ``hours_per_week`` is NaN, infinite or out of range.

    Examples
    --------
    >>> job = work_income(30, 36)
    >>> round(job.net), round(job.taxes_and_premiums), round(job.bijstand)
    (26992, 7030, 16429)
    """
    gross = annual_gross_wage(hourly_minimum_wage(age, on), hours_per_week, on)
    costs = labour_costs(gross, on)
    net = net_annual_wage(gross, on)
    return WorkIncome(int(age), float(hours_per_week), gross, costs, net, costs - net,
                      12 * bijstand_norm(age, on))


def net_gain_from_work(job: WorkIncome, lost_allowances: float = 0.0,
                       work_costs: float = 0.0) -> float:
    """What someone on bijstand gains in money per year by taking ``job``: the armoedeval.

    Parameters
    ----------
    job : WorkIncome
        The job, from :func:`work_income`; its ``bijstand`` is what the worker loses.
    lost_allowances : float, default 0.0
        Allowances (toeslagen, municipal schemes) lost with the higher income, euro per
        year, in [0, 10,000,000].
    work_costs : float, default 0.0
        Costs of going to work (travel, a car), euro per year, in [0, 10,000,000].

    Returns
    -------
    float
        Euro per year: net wage minus the bijstand, the lost allowances and the work costs.
        Negative when working costs the household money.

    Raises
    ------
    TypeError
        If ``job`` is not a :class:`WorkIncome` or an amount is not a number.
    ValueError
        If an amount is NaN, infinite or out of range.

    Examples
    --------
    >>> round(net_gain_from_work(work_income(30, 36), 1_200, 3_000))
    6363
    """
    if not isinstance(job, WorkIncome):
        raise TypeError(f"'job' moet een WorkIncome zijn; ontvangen: {type(job).__name__}.")
    allowances = check_number("lost_allowances", lost_allowances, INCOME)
    costs = check_number("work_costs", work_costs, INCOME)
    return job.net - job.bijstand - allowances - costs
