"""The inclusion simulators and static figures over :mod:`modules.inclusie` (no domain logic here).

``PadenSimulator`` follows households that are entitled to support through the way a
gemeente organises it: the learner sets the number of counters, whether one coordinator
makes one plan, the mean waiting time per counter and the reach of outreach. It shows per
group of households, side by side, who drops out (with the 5-95 % band over a few runs
as whiskers and as text), how many days help takes, who never applies, and who the
non-users are (their share of the non-users set against their share of all households),
with one sentence that names the worst-served group and the gap to the best, and every
figure next to the default organisation of :class:`modules.inclusie.Support`.

``CirkelSimulator`` is the Buurtcirkel scenario: participants, coach hours, volunteers and
years in; help between participants and professional hours per year out (the professional
line falls towards a floor and never below it), with who pays and who benefits
(:func:`modules.inclusie.circle_who_pays`) and what is not valued in euro.

``dashboard()`` shows both as the Voila dashboard (``book/inclusie/dashboard.ipynb``);
``plot_uitval_per_groep`` and ``plot_buurtcirkel`` draw the static figures of the
simulation page, and ``parameter_table_html`` the parameters with their sources. Every
number comes from the model; this module only reads the controls and writes the results
in Dutch.
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from modules import facts, inclusie
from modules.cases import case_npv
from modules.discounting import DISCOUNT_RATE
from widgets._common import NEUTRAL, POSITIVE, TEXT  # the charts' colours
from widgets._common import BarChart, LineChart, LineSeries, bar_chart_svg, line_chart_svg, scroll_table
from widgets._common import DutchNumberField, Simulator, interval_slider, static_note
from widgets._common import dashboard as _dashboard
from widgets._common import format_euro, format_number, format_percent

__all__ = [
    "PadenSimulator",
    "CirkelSimulator",
    "InclusieDashboard",
    "dashboard",
    "group_names",
    "wide_bands",
    "describe_support",
    "groups_table_html",
    "parameter_table_html",
    "plot_uitval_per_groep",
    "plot_buurtcirkel",
]

#: Households per run and runs behind the band the pathway simulator shows. One update
#: runs the model this many times: 8 runs of 500 households keep an update under 50 ms
#: at the 95th percentile on two cores (``python -m bench``; 10 runs came too close).
#: The book's static figure uses the model's own, larger defaults.
WIDGET_HOUSEHOLDS = 500
WIDGET_RUNS = 8
#: The first seed of every run: the same households for every organisation, so a
#: difference between two settings is the organisation, not chance.
SEED = 0
#: The organisation the simulator starts with and compares with: the model's default.
DEFAULT_SUPPORT = inclusie.Support()
#: The circle the scenario starts with: the model's default.
DEFAULT_CIRCLE = inclusie.Circle()

#: Widget field labels, by the parameter name ``modules.inclusie`` uses in its messages.
LABELS = {
    "loketten": "Aantal loketten",
    "coordinator": "Eén plan, één coördinator",
    "wachttijd": "Wachttijd per loket",
    "outreach": "Bereik van outreach",
    "households": "Huishoudens per run",
    "runs": "Runs",
    "deelnemers": "Deelnemers",
    "coachuren": "Coachuren per week",
    "vrijwilligers": "Vrijwilligers",
    "jaren": "Jaren",
}
#: The lines of the circle's chart (short: the legend has two columns on a phone).
LINE_LABELS = {
    "onderlinge_hulp": "hulp aan elkaar",
    "professionele_uren": "professionele hulp",
    "ondergrens": "ondergrens professioneel",
    "coachuren": "coach van de cirkel",
}
#: Dutch names of the actors of :func:`modules.inclusie.circle_who_pays`.
ACTOR_LABELS = {"gemeente": "Gemeente", "inwoner": "Inwoners (vrijwilligers)"}
SOCIETY_LABEL = "Samen (maatschappij)"
TOTAL_LABEL = "Alle huishoudens"
BAND_LABEL = "5–95 %-band over de runs"
BASELINE_LABEL = "standaardinrichting"
BAR_COLOUR = "#5b7bb5"  # 4.3:1 on white, and the dark whiskers 3.7:1 on it

STATIC_NOTE = static_note("de simulatie")
CIRCLE_STATIC_NOTE = static_note("de buurtcirkel")
SCENARIO_NOTE = "Een scenario, geen voorspelling"

# Tables scroll inside their own box on a 390 px screen instead of widening the page.
_STYLE = """<style>
:is(.asd-inclusie, .asd-buurtcirkel) .widget-html-content { min-width: 0; line-height: 1.45; }
:is(.asd-inclusie, .asd-buurtcirkel) table { border-collapse: collapse; margin: 8px 0; font-size: 85%; }
:is(.asd-inclusie, .asd-buurtcirkel) :is(th, td) { padding: 2px 6px; border-bottom: 1px solid #d0d7de;
  vertical-align: top; text-align: left; }
:is(.asd-inclusie, .asd-buurtcirkel) .asd-num { text-align: right; white-space: nowrap; }
.asd-inclusie .asd-paden-tabel :is(th, td) { white-space: normal; }
.asd-inclusie .asd-paden-tabel tbody th { overflow-wrap: anywhere; }
:is(.asd-inclusie, .asd-buurtcirkel) caption { text-align: left; font-weight: bold; }
</style>"""


def _esc(text: object) -> str:
    return html.escape(str(text))


@lru_cache(maxsize=4096)
def _percent(fraction: float) -> str:
    # Cached: a chart writes the same share in its tooltip and beside its bar, and
    # Babel's formatting is most of the time an update spends on writing.
    return format_percent(fraction, 0)


@lru_cache(maxsize=4096)
def _whole(value: float) -> str:
    return format_number(value)


@lru_cache(maxsize=4096)
def _days(days: float) -> str:
    if pd.isna(days):
        return "–"
    return f"{format_number(days)} {'dag' if round(days) == 1 else 'dagen'}"


def _hours(hours: float, decimals: int = 1) -> str:
    """``7,5 uur``; a whole number without decimals (``20 uur``)."""
    return f"{format_number(hours, 0 if float(hours).is_integer() else decimals)} uur"


def _band(value: float, low: float, high: float, show) -> str:
    """``52 % (45 % tot 60 %)``: a mean and its band, as the table shows them."""
    if pd.isna(value):
        return "–"
    return f"{show(value)} ({show(low)} tot {show(high)})"


def group_names() -> dict[str, str]:
    """Group key -> Dutch name, in the model's order, and the row of all households."""
    return {**{key: group.naam for key, group in inclusie.GROUPS.items()}, "totaal": TOTAL_LABEL}


def wide_bands(bands: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`modules.inclusie.pathway_bands` (long) as three tables: group x measure.

    Returns ``{"gemiddelde": ..., "laag": ..., "hoog": ...}``, each indexed by group key in
    the model's order with ``totaal`` last, and a column per measure of
    :data:`modules.inclusie.PATHWAY_MEASURES`.
    """
    # Laid out with numpy rather than pandas' unstack: a tenth of the time, and the time of
    # an update is what a learner waits for.
    measures = list(inclusie.PATHWAY_MEASURES)
    present = set(bands["groep"])
    known = [key for key in group_names() if key in present and key != "totaal"]
    order = known + sorted(present - set(group_names())) + (["totaal"] if "totaal" in present else [])
    rows = np.array([order.index(g) for g in bands["groep"]], dtype=int)
    columns = np.array([measures.index(m) for m in bands["maat"]], dtype=int)
    wide = {}
    for name in ("gemiddelde", "laag", "hoog"):
        grid = np.full((len(order), len(measures)), np.nan)
        grid[rows, columns] = bands[name].to_numpy(dtype=float)
        wide[name] = pd.DataFrame(grid, index=pd.Index(order, name="groep"),
                                  columns=pd.Index(measures, name="maat"))
    return wide


def describe_support(support: inclusie.Support) -> str:
    """The organisation in words: ``3 loketten, zonder coördinator, 28 dagen wachten per loket, geen outreach``."""
    counters = f"{support.loketten} {'loket' if support.loketten == 1 else 'loketten'}"
    coordinator = "met één coördinator" if support.coordinator else "zonder coördinator"
    outreach = ("geen outreach" if support.outreach == 0
                else f"outreach bereikt {_percent(support.outreach)} van de niet-gebruikers")
    return f"{counters}, {coordinator}, {_days(support.wachttijd)} wachten per loket, {outreach}"


@lru_cache(maxsize=4)
def _baseline(households: int, runs: int, seed: int) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The default organisation's bands, long and wide: the same for every update, so computed once."""
    bands = inclusie.pathway_bands(DEFAULT_SUPPORT, households, runs, seed)
    return bands, wide_bands(bands)


_NUM = " class='asd-num'"


def _table(header: list[str], rows: list[list[str]], caption: str, css: str) -> str:
    head = "".join(f"<th scope='col'{_NUM if i else ''}>{_esc(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + f"<th scope='row'>{_esc(row[0])}</th>"
        + "".join(f"<td class='asd-num'>{_esc(cell)}</td>" for cell in row[1:]) + "</tr>"
        for row in rows)
    return scroll_table(caption, head, body, css)


# --------------------------------------------------------------------------------------
# Pathways: who gets help, who drops out
# --------------------------------------------------------------------------------------


class PadenSimulator(Simulator):
    """Who gets help and who drops out, per group, for the organisation a learner sets.

    Every control is an ipywidget whose value a test (or a trainer in a notebook) can set
    as a learner does; the simulator recomputes at once.

    Parameters
    ----------
    households, runs : int, default WIDGET_HOUSEHOLDS and WIDGET_RUNS
        Size of every update: runs of this many households (the band is over the runs).
    seed : int, default SEED
        The first seed; the default organisation is run with the same seeds.

    Attributes
    ----------
    counters, waiting, outreach : ipywidgets slider
        Counters, mean waiting days per counter, reach of outreach in percent.
    coordinator : ipywidgets.Checkbox
        One plan with one coordinator.
    support : modules.inclusie.Support or None
        The organisation shown.
    bands, baseline : pandas.DataFrame or None
        :func:`modules.inclusie.pathway_bands` for it and for the default organisation.
    table : pandas.DataFrame or None
        The means shown, indexed by group key (``totaal`` last), a column per measure.
    low, high : pandas.DataFrame or None
        The band's ends, laid out like ``table``.
    baseline_table : pandas.DataFrame or None
        The default organisation's means, laid out like ``table``.
    profile : pandas.DataFrame or None
        :func:`modules.inclusie.non_take_up_profile` of the first run: who the non-users are.
    worst, best : str
        Keys of the groups with the most and the least drop-out.
    summary_text : str
        The sentence that names the worst-served group and the gap to the best.
    dropout_chart, days_chart, non_take_up_chart, profile_chart : BarChart or None
        The charts as drawn.
    chart_svg : str
        The SVG of every chart, as the chart area shows it.
    table_html : str
        The table with every figure and its band as text.
    stale : bool
        True while the input is invalid and the results shown are those of the last valid input.
    """

    def __init__(self, households: int = WIDGET_HOUSEHOLDS, runs: int = WIDGET_RUNS, seed: int = SEED) -> None:
        self.households, self.runs, self.seed = households, runs, seed
        style = {"description_width": "190px"}
        start = DEFAULT_SUPPORT
        self.counters, counters_row = interval_slider(
            inclusie.COUNTERS, start.loketten, LABELS["loketten"], unit="loketten", style=style)
        self.coordinator = w.Checkbox(value=start.coordinator, description=LABELS["coordinator"],
                                      indent=False, layout=w.Layout(width="auto", max_width="100%"))
        self.waiting, waiting_row = interval_slider(
            inclusie.WAITING_DAYS, start.wachttijd, LABELS["wachttijd"], unit="dagen", style=style)
        self.outreach, outreach_row = interval_slider(
            inclusie.SHARE, start.outreach, LABELS["outreach"], unit="%", scale=100, step=5, style=style)
        self.reset_button = w.Button(description="Terug naar de standaardinrichting",
                                     layout=w.Layout(width="auto", max_width="100%", margin="4px 0"))
        self.band_note = w.HTML(layout=w.Layout(max_width="640px"))

        self.support: inclusie.Support | None = None
        self.bands: pd.DataFrame | None = None
        self.baseline: pd.DataFrame | None = None
        self.table: pd.DataFrame | None = None
        self.low: pd.DataFrame | None = None
        self.high: pd.DataFrame | None = None
        self.baseline_table: pd.DataFrame | None = None
        self.profile: pd.DataFrame | None = None
        self.worst = self.best = ""
        self.summary_text = ""
        self.dropout_chart: BarChart | None = None
        self.days_chart: BarChart | None = None
        self.non_take_up_chart: BarChart | None = None
        self.profile_chart: BarChart | None = None
        self.table_html = ""

        super().__init__(
            "Simulatie: wie krijgt hulp, wie valt uit?",
            [counters_row, self.coordinator, waiting_row, outreach_row, self.reset_button],
            labels=LABELS, css=("asd-inclusie", "asd-paden"), note=STATIC_NOTE, style=_STYLE,
            intro=[w.HTML(
                "<p style='margin:4px 0'>Kies hoe de gemeente de hulp organiseert. De simulatie volgt "
                "huishoudens die recht hebben op hulp: vragen ze hulp aan, vallen ze onderweg uit, en "
                "hoe lang duurt het tot de hulp begint? De streepjes in de grafieken tonen de "
                "standaardinrichting om mee te vergelijken.</p>", layout=w.Layout(max_width="640px"))],
            after=[self.band_note])
        for control in (self.counters, self.coordinator, self.waiting, self.outreach):
            control.observe(self._on_change, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.update()

    # ---------------------------------------------------------------- controls

    def reset(self) -> None:
        """Put every control back to the default organisation."""
        with self._batch():
            self.counters.value = DEFAULT_SUPPORT.loketten
            self.coordinator.value = DEFAULT_SUPPORT.coordinator
            self.waiting.value = DEFAULT_SUPPORT.wachttijd
            self.outreach.value = round(DEFAULT_SUPPORT.outreach * 100)

    def current_support(self) -> inclusie.Support:
        """The organisation the controls describe (the model checks it)."""
        return inclusie.Support(loketten=int(self.counters.value), coordinator=bool(self.coordinator.value),
                                wachttijd=float(self.waiting.value), outreach=self.outreach.value / 100.0)

    # ---------------------------------------------------------------- computing and showing

    def _compute(self) -> None:
        support = self.current_support()
        bands = inclusie.pathway_bands(support, self.households, self.runs, self.seed)
        baseline, base = _baseline(self.households, self.runs, self.seed)
        profile = inclusie.non_take_up_profile(inclusie.simulate_pathways(support, self.households, self.seed))
        # Everything is computed before anything is shown: an error leaves the last output.
        now = wide_bands(bands)
        self.support, self.bands, self.baseline, self.profile = support, bands, baseline, profile
        self.table, self.low, self.high = now["gemiddelde"], now["laag"], now["hoog"]
        self.baseline_table = base["gemiddelde"]
        self._charts()
        self.summary_text = self._summary()
        self.results.value = (f"<p><strong>{_esc(self.summary_text)}</strong></p>"
                              f"<p style='margin:4px 0'>{_esc(self._comparison_text())}</p>")
        self.chart_view.value = self.chart_svg
        self.table_html = self._table_html()
        self.table_view.value = self.table_html
        self.band_note.value = (
            f"<p style='margin:4px 0;color:#57606a'>Elke staaf is het gemiddelde van {self.runs} runs van "
            f"{format_number(self.households)} huishoudens. De lijn met uiteinden loopt van het 5e tot het "
            f"95e percentiel van die runs: zoveel verschuift een uitkomst door toeval alleen. Met zo weinig "
            f"runs is die band ruw. Wie de niet-gebruikers zijn, komt uit de eerste run.</p>")

    def _groups(self) -> list[str]:
        return [key for key in self.table.index if key != "totaal"]

    def _summary(self) -> str:
        names = group_names()
        dropout = self.table.loc[self._groups(), "uitval"].dropna()
        if dropout.empty:
            self.worst = self.best = ""
            return "In deze inrichting vraagt geen enkel huishouden hulp aan, dus valt er ook niemand uit."
        self.worst, self.best = str(dropout.idxmax()), str(dropout.idxmin())
        high, low = dropout[self.worst], dropout[self.best]
        if _percent(high) == _percent(0.0):
            return "In deze inrichting valt in geen enkele groep een aanvrager uit."
        if _percent(high) == _percent(low):
            return (f"Van de aanvragers valt in elke groep ongeveer even veel uit: {_percent(high)}. "
                    "In uitval verschillen de groepen hier niet.")
        return (f"Van de aanvragers in de groep {names[self.worst]} valt {_percent(high)} uit, "
                f"tegen {_percent(low)} bij {names[self.best]}.")

    def _comparison_text(self) -> str:
        names = group_names()
        if not self.worst:
            return ""
        key = self.worst
        now, then = self.table.loc[key, "uitval"], self.baseline_table.loc[key, "uitval"]
        helped_now, helped_then = self.table.loc["totaal", "geholpen"], self.baseline_table.loc["totaal", "geholpen"]
        if self.support == DEFAULT_SUPPORT:
            return (f"Dit is de standaardinrichting ({describe_support(DEFAULT_SUPPORT)}). Van alle "
                    f"huishoudens met recht op hulp krijgt {_percent(helped_now)} die ook. Verschuif een "
                    "knop om te vergelijken.")
        points = round(100 * (now - then))
        change = ("evenveel uit als" if points == 0 else
                  f"{abs(points)} procentpunt {'meer' if points > 0 else 'minder'} uit dan")
        return (f"In de groep {names[key]} valt zo {change} bij de standaardinrichting "
                f"({describe_support(DEFAULT_SUPPORT)}). Van alle huishoudens met recht op hulp krijgt "
                f"nu {_percent(helped_now)} die ook, tegen {_percent(helped_then)} bij de standaardinrichting.")

    def _chart(self, title: str, measure: str, limits: tuple[float, float] | None = None) -> BarChart:
        names = group_names()
        keys = list(self.table.index)

        def column(frame: pd.DataFrame) -> tuple[float, ...]:
            return tuple(float(v) for v in frame[measure].reindex(keys))

        return BarChart(
            title,
            tuple(names[k] for k in keys),
            column(self.table),
            low=column(self.low),
            high=column(self.high),
            reference=column(self.baseline_table),
            band_label=BAND_LABEL,
            reference_label=BASELINE_LABEL,
            colour=BAR_COLOUR,
            limits=limits,
        )

    def _charts(self) -> None:
        names = group_names()
        self.dropout_chart = self._chart("Uitval: deel van de aanvragers dat afhaakt", "uitval", (0.0, 1.0))
        self.days_chart = self._chart("Dagen tot de hulp begint (mediaan van wie geholpen wordt)", "dagen_tot_hulp")
        self.non_take_up_chart = self._chart("Niet-gebruik: deel dat geen hulp aanvraagt", "niet_aangevraagd",
                                             (0.0, 1.0))
        profile = self.profile
        self.profile_chart = BarChart(
            "Wie zijn de niet-gebruikers?",
            tuple(names.get(k, k) for k in profile.index),
            tuple(float(v) for v in profile["aandeel_niet_gebruikers"]),
            reference=tuple(float(v) for v in profile["aandeel_huishoudens"]),
            band_label="",
            reference_label="aandeel van alle huishoudens",
            colour=BAR_COLOUR,
        )
        svgs = [bar_chart_svg(self.dropout_chart, value_format=_percent),
                bar_chart_svg(self.days_chart, value_format=_days),
                bar_chart_svg(self.non_take_up_chart, value_format=_percent),
                bar_chart_svg(self.profile_chart, value_format=_percent)]
        self.chart_svg = "".join(f"<div style='margin:10px 0'>{svg}</div>" for svg in svgs)

    def _table_html(self) -> str:
        names = group_names()
        mean, low, high = (frame.to_dict("index") for frame in (self.table, self.low, self.high))
        rows = []
        for key in self.table.index:
            m, lo, hi = mean[key], low[key], high[key]
            rows.append([
                names[key],
                _band(m["uitval"], lo["uitval"], hi["uitval"], _percent),
                _band(m["dagen_tot_hulp"], lo["dagen_tot_hulp"], hi["dagen_tot_hulp"], _whole),
                _band(m["niet_aangevraagd"], lo["niet_aangevraagd"], hi["niet_aangevraagd"], _percent),
                _percent(m["geholpen"]),
                format_number(m["intakes"], 1),
            ])
        return _table(["Groep", "Uitval", "Dagen tot hulp", "Niet aangevraagd", "Geholpen", "Intakes"], rows,
                      "Per groep: gemiddelde over de runs, met tussen haakjes de 5–95 %-band",
                      "asd-paden-tabel")


# --------------------------------------------------------------------------------------
# The Buurtcirkel scenario
# --------------------------------------------------------------------------------------


class CirkelSimulator(Simulator):
    """A mutual-support circle year by year, and who pays and who benefits. A scenario.

    Parameters
    ----------
    note : bool, default True
        Whether to carry the static-page note. The dashboard leaves it out: a page has one
        note (the pathway simulator's).

    Attributes
    ----------
    participants, volunteers, years_slider : ipywidgets.IntSlider
        Participants, volunteers and years of the scenario.
    coach_hours : DutchNumberField
        Coach hours per week for the whole circle, typed the Dutch way (``4,5``).
    circle : modules.inclusie.Circle or None
        The circle shown.
    years : pandas.DataFrame or None
        :func:`modules.inclusie.circle_years` as charted.
    floor : float or None
        The professional hours per week the circle never goes below (all participants).
    who_pays : pandas.DataFrame or None
        :func:`modules.inclusie.circle_who_pays` as the table shows it.
    society : float or None
        Net present value for all actors together (:func:`modules.cases.case_npv`).
    pro_memorie : tuple of str
        What the case does not value in euro.
    chart : LineChart or None
        The line chart as drawn.
    who_pays_chart : BarChart or None
        The balance per actor as drawn.
    chart_svg, table_html, summary_text : str
        What the chart, the who-pays table and the summary show.
    stale : bool
        True while the input is invalid and the results shown are those of the last valid input.
    """

    def __init__(self, note: bool = True) -> None:
        style = {"description_width": "170px"}
        start = DEFAULT_CIRCLE
        self.participants, participants_row = interval_slider(
            inclusie.PARTICIPANTS, start.deelnemers, LABELS["deelnemers"], unit="deelnemers", style=style)
        self.coach_hours = DutchNumberField(
            start.coachuren, label=LABELS["coachuren"], parameter="coachuren", interval=inclusie.COACH_HOURS,
            max_decimals=1, description=LABELS["coachuren"], placeholder="bijvoorbeeld 4 of 4,5", style=style,
            layout=w.Layout(width="100%", max_width="360px"))
        self.volunteers, volunteers_row = interval_slider(
            inclusie.VOLUNTEERS, start.vrijwilligers, LABELS["vrijwilligers"], unit="vrijwilligers", style=style)
        self.years_slider, years_row = interval_slider(
            inclusie.CIRCLE_YEARS, start.jaren, LABELS["jaren"], unit="jaar", style=style)

        self.circle: inclusie.Circle | None = None
        self.years: pd.DataFrame | None = None
        self.floor: float | None = None
        self.who_pays: pd.DataFrame | None = None
        self.society: float | None = None
        self.pro_memorie: tuple[str, ...] = ()
        self.chart: LineChart | None = None
        self.who_pays_chart: BarChart | None = None
        self.table_html = self.summary_text = ""

        super().__init__(
            "Scenario: een buurtcirkel",
            [participants_row, self.coach_hours, volunteers_row, years_row],
            labels=LABELS, css=("asd-buurtcirkel",), note=CIRCLE_STATIC_NOTE if note else None, style=_STYLE,
            intro=[w.HTML(
                "<p style='margin:4px 0'>Een kleine groep buurtbewoners met een hulpvraag helpt elkaar, "
                "met een vrijwilliger en een professionele coach. Kies hoeveel deelnemers, coachuren en "
                f"vrijwilligers, en hoeveel jaar. <strong>{SCENARIO_NOTE}:</strong> alle getallen zijn "
                "aannames van de cursus.</p>", layout=w.Layout(max_width="640px"))])
        for control in (self.participants, self.coach_hours, self.volunteers, self.years_slider):
            control.observe(self._on_change, names="value")
        self.update()

    def current_circle(self) -> inclusie.Circle:
        """The circle the controls describe (the model checks it)."""
        return inclusie.Circle(deelnemers=int(self.participants.value), coachuren=self.coach_hours.parsed(),
                               vrijwilligers=int(self.volunteers.value), jaren=int(self.years_slider.value))

    def _compute(self) -> None:
        circle = self.current_circle()
        years = inclusie.circle_years(circle)
        case = inclusie.circle_case(circle)
        who_pays = inclusie.circle_who_pays(circle, DISCOUNT_RATE)
        society = case_npv(case, DISCOUNT_RATE)
        floor = inclusie.CIRCLE_PARAMETERS["professionele_uren_vloer"].waarde * circle.deelnemers
        self.circle, self.years, self.who_pays, self.society = circle, years, who_pays, society
        self.floor, self.pro_memorie = floor, tuple(case.pro_memorie)
        self.chart = self._line_chart()
        self.who_pays_chart = BarChart(
            "Saldo per actor (contante waarde)",
            tuple(ACTOR_LABELS.get(a, a) for a in who_pays.index) + (SOCIETY_LABEL,),
            tuple(float(v) for v in who_pays["saldo"]) + (society,))
        self.chart_svg = (f"<div style='margin:10px 0'>{line_chart_svg(self.chart, y_format=_hours)}</div>"
                          f"<div style='margin:10px 0'>{bar_chart_svg(self.who_pays_chart)}</div>")
        self.summary_text = self._summary()
        self.table_html = self._table_html()
        self.results.value = f"<p><strong>{_esc(self.summary_text)}</strong></p>"
        self.chart_view.value = self.chart_svg
        self.table_view.value = self.table_html

    def _line_chart(self) -> LineChart:
        years = self.years
        return LineChart(
            title="Uren per week in de cirkel, alle deelnemers samen",
            x=tuple(float(j) for j in years.index),
            series=(
                LineSeries(LINE_LABELS["onderlinge_hulp"], tuple(float(v) for v in years["onderlinge_hulp"]),
                           colour=POSITIVE, width=3.0),
                LineSeries(LINE_LABELS["professionele_uren"], tuple(float(v) for v in years["professionele_uren"]),
                           colour=NEUTRAL, dash="8 3", width=3.0),
                LineSeries(LINE_LABELS["ondergrens"], tuple(float(self.floor) for _ in years.index),
                           colour=TEXT, dash="2 4", width=1.5),
                LineSeries(LINE_LABELS["coachuren"], tuple(float(v) for v in years["coachuren"]),
                           colour="#8a4b00", dash="12 4 2 4"),
            ),
            x_label="jaar (0: voor de start)",
            y_label="uur per week",
        )

    def _summary(self) -> str:
        c, years = self.circle, self.years
        last = years.iloc[-1]
        start = years["professionele_uren"].iloc[0]
        gemeente = self.who_pays["saldo"].get("gemeente", 0.0)
        money = (f"Voor de gemeente is het saldo {format_euro(gemeente)} (contante waarde over {c.jaren} jaar, "
                 f"prijspeil {facts.PRICE_YEAR}).")
        if last["onderlinge_hulp"] <= 0:
            return (f"Zonder coachuren groeit er geen onderlinge hulp: de professionele begeleiding blijft "
                    f"{_hours(start)} per week. {money}")
        return (f"Na {c.jaren} jaar geven de {c.deelnemers} deelnemers elkaar samen {_hours(last['onderlinge_hulp'])} "
                f"hulp per week. De professionele begeleiding daalt van {_hours(start)} naar "
                f"{_hours(last['professionele_uren'])} per week, maar nooit onder de ondergrens van "
                f"{_hours(self.floor)} ({_hours(self._floor_per_participant(), 2)} per deelnemer): crisis, "
                f"indicaties en specialistische vragen blijven. {money}")

    @staticmethod
    def _floor_per_participant() -> float:
        return inclusie.CIRCLE_PARAMETERS["professionele_uren_vloer"].waarde

    def _table_html(self) -> str:
        rows = [[ACTOR_LABELS.get(actor, actor), format_euro(row["kosten"]), format_euro(row["baten"]),
                 format_euro(row["saldo"])] for actor, row in self.who_pays.iterrows()]
        rows.append([SOCIETY_LABEL, "", "", format_euro(self.society)])
        table = _table(["Actor", "Kosten", "Baten", "Saldo"], rows,
                       f"Wie betaalt, wie profiteert: contante waarde over {self.circle.jaren} jaar, "
                       f"prijspeil {facts.PRICE_YEAR}, discontovoet {format_percent(DISCOUNT_RATE, 2)}",
                       "asd-wie-betaalt")
        memo = "".join(f"<li>{_esc(item)}</li>" for item in self.pro_memorie)
        return (f"{table}<p style='margin:4px 0'>Niet in euro uitgedrukt (pro memorie):</p>"
                f"<ul class='asd-pro-memorie' style='margin:2px 0 6px 1.2em;padding:0'>{memo}</ul>"
                "<p style='margin:4px 0;color:#57606a'>De vrijwilligersvergoeding gaat van de gemeente naar de "
                "vrijwilligers: voor de maatschappij samen telt ze niet. "
                f"{SCENARIO_NOTE}: de groei van de onderlinge hulp, de ondergrens en de tarieven zijn "
                "aannames van de cursus.</p>")


# --------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------


class InclusieDashboard(w.VBox):
    """Both simulations on one page (the Voila dashboard).

    Attributes
    ----------
    paths : PadenSimulator
        Who gets help, who drops out.
    circle : CirkelSimulator
        The Buurtcirkel scenario (without a second static-page note).
    """

    def __init__(self) -> None:
        self.paths = PadenSimulator()
        self.circle = CirkelSimulator(note=False)
        super().__init__([self.paths, w.HTML("<hr>"), self.circle], layout=w.Layout(max_width="100%"))


def dashboard() -> InclusieDashboard:
    """Both simulations as a full-page dashboard (``book/inclusie/dashboard.ipynb``, Voila)."""
    return _dashboard(InclusieDashboard())


# --------------------------------------------------------------------------------------
# For the book page: the parameters with their sources, and static figures (matplotlib)
# --------------------------------------------------------------------------------------

PARAMETER_HEADERS = {
    "omschrijving": "Wat",
    "waarde": "Waarde",
    "bron": "Bron (sleutel in de literatuurlijst)",
    "status": "Status",
    "bewijs": "Bewijs",
    "toelichting": "Toelichting",
}
STATUS_LABELS = {"bron": "uit de bron", "afgeleid": "afgeleid uit de bron", "illustratief": "aanname van de cursus"}


def _figure(value: float) -> str:
    """A parameter's value with as many decimals as it has (at most three)."""
    decimals = next((d for d in range(4) if round(value, d) == value), 3)
    return format_number(value, decimals)


def parameter_table_html(section: str = "parameters") -> str:
    """:func:`modules.inclusie.parameter_table` as an accessible Dutch HTML table.

    Parameters
    ----------
    section : {"parameters", "buurtcirkel"}
        As :func:`modules.inclusie.parameter_table`.

    Returns
    -------
    str
        A ``<table>`` with a caption, one row per parameter: what, value with unit, source
        key (``geen`` for a course assumption without a source), status, evidence and why.
    """
    table = inclusie.parameter_table(section)
    caption = {"parameters": "Parameters van de simulatie wie krijgt hulp, wie valt uit",
               "buurtcirkel": "Parameters van het scenario buurtcirkel"}[section]
    rows = "".join(
        "<tr>"
        f"<th scope='row'>{_esc(row['omschrijving'])}</th>"
        f"<td class='asd-num'>{_esc(_figure(float(row['waarde'])))}</td>"
        f"<td>{_esc(row['eenheid'])}</td>"
        f"<td style='overflow-wrap:anywhere'>{_esc(row['bron'] or 'geen')}</td>"
        f"<td>{_esc(STATUS_LABELS.get(row['status'], row['status']))}</td>"
        f"<td>{_esc(row['bewijs'])}</td>"
        f"<td style='min-width:16em'>{_esc(row['toelichting'])}</td>"
        "</tr>"
        for _, row in table.iterrows())
    head = "".join(f"<th scope='col'>{_esc(h)}</th>" for h in
                   ("Wat", "Waarde", "Eenheid", "Bron (sleutel in de literatuurlijst)", "Status", "Bewijs",
                    "Toelichting"))
    return scroll_table(caption, head, rows, "asd-parameters", "border-collapse:collapse;font-size:85%")


def groups_table_html() -> str:
    """The groups of households of :data:`modules.inclusie.GROUPS` as an accessible Dutch table.

    Returns
    -------
    str
        A ``<table>`` with a caption, one row per group: name, who they are, share of the
        households, questions (life domains) and doenvermogen.
    """
    rows = "".join(
        "<tr>"
        f"<th scope='row'>{_esc(group.naam)}</th>"
        f"<td>{_esc(group.beschrijving)}</td>"
        f"<td class='asd-num'>{_esc(_percent(group.aandeel))}</td>"
        f"<td class='asd-num'>{group.vragen}</td>"
        f"<td class='asd-num'>{_esc(format_number(group.doenvermogen, 2))}</td>"
        "</tr>"
        for group in inclusie.GROUPS.values())
    head = "".join(f"<th scope='col'>{_esc(h)}</th>" for h in
                   ("Groep", "Wie", "Deel van de huishoudens", "Vragen (levensgebieden)",
                    "Doenvermogen (0 tot 1)"))
    return scroll_table(f"De {len(inclusie.GROUPS)} groepen huishoudens in de simulatie", head, rows, "asd-groepen",
                        "border-collapse:collapse;font-size:90%")


def plot_uitval_per_groep(households: int = 1_000, runs: int = 20, seed: int = SEED) -> plt.Figure:
    """Drop-out per group: separate counters (the default) against one plan with one coordinator.

    Parameters
    ----------
    households, runs, seed
        As :func:`modules.inclusie.pathway_bands`; the model's defaults.

    Returns
    -------
    matplotlib.figure.Figure
        Per group (and all households) two horizontal bars, the mean drop-out of the
        applicants with the default organisation and with a coordinator (otherwise the
        same), each with its 5-95 % band over the runs as an error bar.
    """
    settings = [("elk loket apart (standaard)", DEFAULT_SUPPORT, BAR_COLOUR, ""),
                ("één plan, één coördinator", inclusie.Support(
                    loketten=DEFAULT_SUPPORT.loketten, coordinator=True, wachttijd=DEFAULT_SUPPORT.wachttijd,
                    outreach=DEFAULT_SUPPORT.outreach), POSITIVE, "//")]
    names = group_names()
    fig, ax = plt.subplots(figsize=(8, 4.8))
    height = 0.38
    keys: list[str] = []
    for i, (label, support, colour, hatch) in enumerate(settings):
        wide = wide_bands(inclusie.pathway_bands(support, households, runs, seed))
        mean, low, high = (wide[c]["uitval"] for c in ("gemiddelde", "laag", "hoog"))
        keys = list(mean.index)
        positions = np.arange(len(keys)) + (i - 0.5) * height
        ax.barh(positions, mean, height=height, color=colour, hatch=hatch, edgecolor="white", label=label,
                xerr=np.vstack([mean - low, high - mean]), error_kw={"ecolor": TEXT, "capsize": 3, "lw": 1.2})
    ax.set_yticks(np.arange(len(keys)), [names[k] for k in keys])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: format_percent(v, 0)))
    ax.set_xlim(0, 1)
    ax.set_xlabel("uitval: deel van de aanvragers dat afhaakt voor de hulp begint")
    ax.set_title("Uitval per groep: elk loket apart of één plan met één coördinator")
    ax.grid(axis="x", color="#d0d7de", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def plot_buurtcirkel(circle: inclusie.Circle | None = None) -> plt.Figure:
    """Help between participants and professional hours per year in one circle, with the floor.

    Parameters
    ----------
    circle : modules.inclusie.Circle, optional
        Default the model's default circle.

    Returns
    -------
    matplotlib.figure.Figure
        Hours per week of all participants together: help to each other, professional
        support, its floor (dashed, labelled) and the coach.
    """
    c = DEFAULT_CIRCLE if circle is None else circle
    years = inclusie.circle_years(c)
    floor = inclusie.CIRCLE_PARAMETERS["professionele_uren_vloer"].waarde * c.deelnemers
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(years.index, years["onderlinge_hulp"], color=POSITIVE, linewidth=2.6, marker="o",
            label=LINE_LABELS["onderlinge_hulp"])
    ax.plot(years.index, years["professionele_uren"], color=NEUTRAL, linewidth=2.6, linestyle=(0, (8, 3)),
            marker="s", label=LINE_LABELS["professionele_uren"])
    ax.axhline(floor, color=TEXT, linewidth=1.2, linestyle=(0, (2, 4)), label=LINE_LABELS["ondergrens"])
    ax.annotate(f"ondergrens: {_hours(floor)} per week", xy=(years.index[-1], floor), xytext=(0, -14),
                textcoords="offset points", ha="right", fontsize=9, color=TEXT)
    ax.plot(years.index, years["coachuren"], color="#8a4b00", linewidth=1.6, linestyle=(0, (12, 4, 2, 4)),
            label=LINE_LABELS["coachuren"])
    ax.set_xticks(years.index)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: _hours(v)))
    ax.set_xlabel("jaar (0: voor de start van de cirkel)")
    ax.set_ylabel("uur per week, alle deelnemers samen")
    ax.set_title(f"Buurtcirkel van {c.deelnemers} deelnemers: een scenario, geen voorspelling")
    ax.grid(axis="y", color="#d0d7de", linewidth=0.8)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
    fig.tight_layout()
    return fig
