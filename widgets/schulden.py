"""The schuldenspiraal calculator and static figure over :mod:`modules.schulden` (no domain logic).

``SchuldenCalculator`` lets a learner pick an example household or describe one (household
type, net income, fixed costs and up to six creditors), and move the months until help
starts. It shows how the debt grows per kind of cost (a line chart of months 0 to 60 with
a marker where help starts), what every creditor is owed when help starts, and "help now"
next to "help after N months" from :func:`modules.schulden.vergelijk_hulp`, with one
sentence that says the difference. Every number comes from the model; this module only
reads the controls and writes the results in Dutch.

``dashboard()`` is the calculator as the Voila dashboard (``book/schulden/dashboard.ipynb``)
shows it; ``plot_schuldgroei`` draws the static figure the simulation page shows before
the widget, so the page makes sense where no Python runs.
"""

from __future__ import annotations

import html

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd

from modules import facts, schulden
from modules._validation import InvalidInput, InvalidType
from widgets._common import NEGATIVE, NEUTRAL, POSITIVE, TEXT  # the chart's colours
from widgets._common import DutchNumberField, LineChart, LineSeries, Simulator, interval_slider, static_note
from widgets._common import dashboard as _dashboard
from widgets._common import format_euro, format_number, format_percent, line_chart_svg

__all__ = ["SchuldenCalculator", "CreditorRow", "dashboard", "plot_schuldgroei"]

#: Widget field labels, by the parameter name ``modules.schulden`` uses in its messages.
LABELS = {
    "huishouden_type": "Huishouden",
    "netto_inkomen": "Netto inkomen per maand",
    "vaste_lasten": "Vaste lasten per maand",
    "schuldeisers": "Schuldeisers",
    "wachttijd": "Maanden tot de hulp begint",
    "maanden": "Maanden",
    "hulp_na": "Maanden tot de hulp begint",
}

#: Dutch names of the household types of :data:`modules.schulden.HUISHOUDTYPES`.
HOUSEHOLD_LABELS = {
    "alleenstaande": "alleenstaande",
    "alleenstaande_ouder": "alleenstaande ouder",
    "gehuwden": "gehuwden of samenwonenden",
}
#: Dutch names of the kinds of creditor of :data:`modules.schulden.SOORTEN`.
KIND_LABELS = {"particulier": "Particulier", "cjib": "CJIB"}
#: Dutch names of the parts of a claim (:data:`modules.schulden.POSTEN`) in the chart.
POST_LABELS = {
    "hoofdsom": "hoofdsom",
    "incassokosten": "incassokosten",
    "rente": "rente",
    "verhogingen": "verhogingen (CJIB)",
    "proceskosten": "proceskosten",
}
#: How each line is drawn: colour and dash pattern (lines differ without colour too).
_LINE_STYLE = {
    "hoofdsom": (NEUTRAL, ""),
    "incassokosten": (NEGATIVE, "6 3"),
    "rente": ("#8a4b00", "2 3"),
    "verhogingen": ("#6a3d9a", "8 3 2 3"),
    "proceskosten": (POSITIVE, "12 4"),
}
TOTAL_LABEL = "totaal"

#: Most creditors the widget lists (the model accepts more; six fit on a phone screen).
MAX_CREDITORS = 6
#: Months the chart follows: the slider's whole range, so every marker falls inside it.
CHART_MONTHS = int(schulden.WACHTTIJD.high)
#: The "never" choice of the court month (a month is never 0: going to court starts at 2).
NEVER = 0
#: The court months the model accepts (for the CJIB it refuses the first two, and says so).
COURT_MONTHS = range(int(schulden.EXECUTIE_NA.low), int(schulden.EXECUTIE_NA.high) + 1)
#: Months until help when the calculator starts: people seek help after years (see the page).
START_WACHTTIJD = 48
START_PRESET = "alleenstaande_bijstand"
CUSTOM = "eigen"

STATIC_NOTE = static_note("de rekenhulp")
HELP_TEXT = (
    "<p style='margin:4px 0'>Per schuldeiser: de naam, de soort, het bedrag van de achterstand "
    "of boete, de maand waarin de schuldeiser naar de rechter stapt (bij het CJIB: het "
    "dwangbevel; kies <em>nooit</em> als dat niet gebeurt) en of de schuldeiser btw over de "
    "kosten rekent. <em>Particulier</em> is een bedrijf of verhuurder dat incassokosten en "
    "wettelijke rente rekent; <em>CJIB</em> is een verkeersboete met verhogingen.</p>"
)


def _months(n: int) -> str:
    return f"{n} maand" if n == 1 else f"{n} maanden"


def _half(layout_basis: str = "220px") -> w.Layout:
    """A control that shares a line on a wide screen and takes its own line on a phone."""
    return w.Layout(flex=f"1 1 {layout_basis}", min_width="0", max_width="100%", width="auto")


class CreditorRow(w.VBox):
    """The controls of one creditor: name, kind, amount, court month, VAT and a remove button.

    Parameters
    ----------
    number : int
        Position in the list, from 1; used in field labels and messages.
    """

    def __init__(self, number: int) -> None:
        self.number = number
        style = {"description_width": "initial"}
        self.name = w.Text(value="", description="Naam", continuous_update=False, style=style,
                           layout=_half("260px"))
        self.kind = w.Dropdown(options=[(KIND_LABELS[k], k) for k in schulden.SOORTEN],
                               value=schulden.SOORTEN[0], description="Soort", style=style,
                               layout=_half("170px"))
        self.amount = DutchNumberField(
            1.0, label=f"Bedrag schuldeiser {number}", parameter="hoofdsom",
            interval=schulden.HOOFDSOM, description="Bedrag (€)", style=style,
            layout=_half("200px"))
        self.court = w.Dropdown(
            options=[("nooit", NEVER)] + [(str(m), m) for m in COURT_MONTHS], value=NEVER,
            description="Rechter of dwangbevel in maand", style=style, layout=_half("260px"),
            tooltip="Maand waarin de schuldeiser naar de rechter stapt; bij het CJIB: het dwangbevel")
        self.btw = w.Checkbox(value=False, description="btw over de kosten", indent=False,
                              layout=_half("150px"))
        self.remove = w.Button(description=f"Verwijder schuldeiser {number}",
                               layout=w.Layout(width="auto", max_width="100%"))
        super().__init__([
            w.HTML(f"<strong>Schuldeiser {number}</strong>"),
            w.HBox([self.name, self.kind], layout=w.Layout(flex_flow="row wrap", width="100%")),
            w.HBox([self.amount, self.court], layout=w.Layout(flex_flow="row wrap", width="100%")),
            w.HBox([self.btw, self.remove], layout=w.Layout(flex_flow="row wrap", width="100%",
                                                           align_items="center")),
        ], layout=w.Layout(border="1px solid #d0d7de", padding="4px 8px", margin="4px 0",
                           max_width="560px"))
        self.add_class("asd-creditor")

    @property
    def controls(self) -> tuple[w.Widget, ...]:
        """The controls whose value is input (what a change of the learner touches)."""
        return (self.name, self.kind, self.amount, self.court, self.btw)

    def values(self) -> tuple:
        """What the row holds, as typed (for moving a row up when one above is removed)."""
        return tuple(control.value for control in self.controls)

    def set_values(self, values: tuple) -> None:
        """Put ``values`` (from :meth:`values`) into the controls."""
        for control, value in zip(self.controls, values):
            control.value = value

    def fill(self, creditor: schulden.Schuldeiser) -> None:
        """Show one of the model's creditors (from a preset) in the controls."""
        self.name.value = creditor.naam
        self.kind.value = creditor.soort
        self.amount.set_number(creditor.hoofdsom)
        self.court.value = NEVER if creditor.executie_na is None else creditor.executie_na
        self.btw.value = creditor.btw

    def clear(self) -> None:
        """Empty the row for a new creditor: a name to change, and no amount yet."""
        self.set_values((f"Schuldeiser {self.number}", schulden.SOORTEN[0], "", NEVER, False))

    def creditor(self) -> schulden.Schuldeiser:
        """The model's creditor for this row, or a Dutch error that names the row's field."""
        labels = {"naam": "Naam", "soort": "Soort", "hoofdsom": "Bedrag", "btw": "btw over de kosten",
                  "executie_na": "Rechter of dwangbevel in maand"}
        amount = self.amount.parsed()
        court = None if self.court.value == NEVER else self.court.value
        try:
            return schulden.Schuldeiser(self.name.value.strip(), self.kind.value, amount,
                                        btw=self.btw.value, executie_na=court)
        except (InvalidInput, InvalidType) as error:
            label = labels.get(error.parameter, error.parameter)
            text = f"Schuldeiser {self.number}: {error.for_label(label)}"
            raise InvalidInput(text, text) from None


class SchuldenCalculator(Simulator):
    """The schuldenspiraal: how a household's debts grow, and what waiting for help costs.

    Parameters
    ----------
    preset : str, default "alleenstaande_bijstand"
        Key of :data:`modules.schulden.PRESETS` to start with.

    Attributes
    ----------
    comparison : pandas.DataFrame or None
        :func:`modules.schulden.vergelijk_hulp` as shown ("hulp nu", "hulp na N maanden").
    table : pandas.DataFrame or None
        Per creditor when help starts: ``hoofdsom``, ``kosten`` (collection, court and
        bailiff costs and CJIB increases), ``rente``, ``totaal`` and ``betaald via beslag``.
    chart : LineChart or None
        The chart as drawn: debt per kind of cost and in total, months 0 to 60.
    chart_svg : str
        The chart's SVG.
    summary : str
        The sentence that says the difference between help now and help later.
    stale : bool
        True while the input is invalid and the results shown are those of the last valid
        input.
    """

    def __init__(self, preset: str = START_PRESET) -> None:
        style = {"description_width": "170px"}
        wide = w.Layout(width="100%", max_width="560px")
        choices = [(p["titel"], key) for key, p in schulden.PRESETS.items()]
        choices.append(("Eigen situatie (zelf ingevuld)", CUSTOM))
        self.preset_choice = w.Dropdown(options=choices, value=preset, description="Voorbeeld",
                                        style=style, layout=wide)
        self.description = w.HTML(layout=w.Layout(max_width="100%"))
        self.household_type = w.Dropdown(
            options=[(HOUSEHOLD_LABELS[k], k) for k in schulden.HUISHOUDTYPES],
            description="Huishouden", style=style, layout=wide)
        self.income = DutchNumberField(
            0.0, label=LABELS["netto_inkomen"], parameter="netto_inkomen",
            interval=schulden.INKOMEN, description="Netto inkomen per maand (€)", style=style,
            layout=wide)
        self.fixed_costs = DutchNumberField(
            0.0, label=LABELS["vaste_lasten"], parameter="vaste_lasten",
            interval=schulden.VASTE_LASTEN, description="Vaste lasten per maand (€)",
            style=style, layout=wide)
        self.rows = [CreditorRow(n) for n in range(1, MAX_CREDITORS + 1)]
        self.add_button = w.Button(description="Schuldeiser toevoegen",
                                   layout=w.Layout(width="auto", max_width="100%"))
        self.wait, self.wait_row = interval_slider(
            schulden.WACHTTIJD, START_WACHTTIJD, "Maanden tot de hulp begint", unit="maanden",
            style=style)

        self.count = 0
        self.comparison: pd.DataFrame | None = None
        self.table: pd.DataFrame | None = None
        self.chart: LineChart | None = None
        self.summary = ""

        super().__init__("Rekenhulp schuldenspiraal", [
            self.preset_choice,
            self.description,
            self.household_type,
            self.income,
            self.fixed_costs,
            w.HTML(HELP_TEXT, layout=w.Layout(max_width="560px")),
            *self.rows,
            self.add_button,
            self.wait_row,
        ], labels=LABELS, css=("asd-schulden",), note=STATIC_NOTE, scroll=True)

        self.preset_choice.observe(self._on_preset, names="value")
        for control in (self.household_type, self.income, self.fixed_costs):
            control.observe(self._on_edit, names="value")
        for row in self.rows:
            for control in row.controls:
                control.observe(self._on_edit, names="value")
            row.remove.on_click(lambda _, row=row: self.remove_creditor(row.number - 1))
        self.add_button.on_click(lambda _: self.add_creditor())
        self.wait.observe(self._on_change, names="value")
        self._on_preset()

    # ---------------------------------------------------------------- filling the controls

    def _show_rows(self, count: int) -> None:
        self.count = count
        for i, row in enumerate(self.rows):
            row.layout.display = None if i < count else "none"
        self.add_button.disabled = count >= MAX_CREDITORS

    def _on_preset(self, change: object = None) -> None:
        key = self.preset_choice.value
        if key == CUSTOM:
            self.update()
            return
        household, creditors = schulden.preset(key)
        with self._batch():
            self.household_type.value = household.type
            self.income.set_number(household.netto_inkomen)
            self.fixed_costs.set_number(household.vaste_lasten)
            for row, creditor in zip(self.rows, creditors):
                row.fill(creditor)
            for row in self.rows[len(creditors):]:
                row.clear()
            self._show_rows(min(len(creditors), MAX_CREDITORS))

    def _mark_custom(self) -> None:
        """An edited example is the learner's own situation: say so in the dropdown."""
        if self.preset_choice.value != CUSTOM:
            with self._silent():
                self.preset_choice.value = CUSTOM

    def _on_edit(self, change: object = None) -> None:
        if self._quiet:
            return
        self._mark_custom()
        self.update()

    def add_creditor(self) -> None:
        """Show one more creditor row (at most :data:`MAX_CREDITORS`), still to be filled in."""
        if self.count >= MAX_CREDITORS:
            return
        with self._batch():
            self._mark_custom()
            self.rows[self.count].clear()
            self._show_rows(self.count + 1)

    def remove_creditor(self, index: int) -> None:
        """Remove the creditor at ``index`` (from 0); the rows below it move up."""
        if not 0 <= index < self.count:
            return
        with self._batch():
            self._mark_custom()
            for upper, lower in zip(self.rows[index:self.count - 1], self.rows[index + 1:self.count]):
                upper.set_values(lower.values())
            self._show_rows(self.count - 1)

    # ---------------------------------------------------------------- computing and showing

    def _describe(self) -> None:
        key = self.preset_choice.value
        if key == CUSTOM:
            title, text = "Eigen situatie", ("Vul het huishouden en de schuldeisers zelf in. "
                                             "Schrijf bedragen zoals 1.500 of 3.000,50.")
        else:
            title, text = schulden.PRESETS[key]["titel"], schulden.PRESETS[key]["beschrijving"]
        self.description.value = (
            f"<p><strong>{html.escape(title)}.</strong> {html.escape(text)} Bedragen in euro, "
            f"prijspeil {facts.PRICE_YEAR}; de voorbeelden zijn aannames van de cursus.</p>"
        )

    def update(self) -> None:
        """Recompute from the controls; show a Dutch message if the input is invalid.

        Invalid input keeps what the learner typed and the last valid results, marked as
        such, so correcting one field brings everything up to date again.
        """
        if not self._quiet:
            self._describe()
        super().update()

    def _household(self) -> schulden.Huishouden:
        return schulden.Huishouden(self.household_type.value, self.income.parsed(),
                                   self.fixed_costs.parsed())

    def _creditors(self) -> list[schulden.Schuldeiser]:
        if self.count == 0:
            raise InvalidInput("schuldeisers", f"'schuldeisers' moet 1 tot en met {MAX_CREDITORS} "
                                               "schuldeisers bevatten; ontvangen: 0. Voeg een "
                                               "schuldeiser toe met de knop 'Schuldeiser toevoegen'.")
        return [row.creditor() for row in self.rows[:self.count]]

    def _compute(self) -> None:
        household = self._household()
        creditors = self._creditors()
        wait = self.wait.value
        growth = schulden.simuleer(household, creditors, maanden=CHART_MONTHS)
        at_help = schulden.simuleer(household, creditors, maanden=wait, hulp_na=wait)
        comparison = schulden.vergelijk_hulp(household, creditors, wait)
        # Everything is computed before anything is shown: an error leaves the last output.
        chart = self._chart(growth.totaal_per_maand(), wait)
        table = self._table(at_help, [c.naam for c in creditors])
        self.comparison, self.table, self.chart = comparison, table, chart
        self.summary = _summary(comparison, wait)
        self.chart_svg = line_chart_svg(chart)
        self.results.value = _comparison_html(comparison, household, wait) + (
            f"<p><strong>{html.escape(self.summary)}</strong></p>")
        self.chart_view.value = self.chart_svg
        self.table_view.value = _table_html(table, wait)

    @staticmethod
    def _chart(per_month: pd.DataFrame, wait: int) -> LineChart:
        series = [LineSeries(POST_LABELS[post], tuple(float(v) for v in per_month[post]),
                             colour=_LINE_STYLE[post][0], dash=_LINE_STYLE[post][1])
                  for post in ("hoofdsom", "incassokosten", "rente", "verhogingen", "proceskosten")]
        total = per_month[list(schulden.POSTEN)].sum(axis=1)
        series.append(LineSeries(TOTAL_LABEL, tuple(float(v) for v in total), colour=TEXT, width=3.0))
        return LineChart(
            title="Schuld per maand als niemand helpt",
            x=tuple(float(m) for m in per_month.index),
            series=tuple(series),
            x_label="maanden na de eerste gemiste betaling",
            y_label="schuld in euro",
            marker=float(wait),
            marker_label=f"hulp begint (maand {wait})",
        )

    @staticmethod
    def _table(at_help: schulden.Simulatie, names: list[str]) -> pd.DataFrame:
        parts = at_help.schuld().reindex(names)
        assert at_help.regeling is not None
        seized = at_help.betaald.groupby("schuldeiser")["bedrag"].sum()
        return pd.DataFrame({
            "hoofdsom": parts["hoofdsom"],
            "kosten": parts[["incassokosten", "proceskosten", "verhogingen"]].sum(axis=1),
            "rente": parts["rente"],
            "totaal": at_help.regeling["vordering"].reindex(names),
            "betaald via beslag": seized.reindex(names).fillna(0.0),
        }, index=pd.Index(names, name="schuldeiser"))


def _summary(comparison: pd.DataFrame, wait: int) -> str:
    """One plain Dutch sentence: what waiting ``wait`` months changes."""
    now, later = comparison.iloc[0], comparison.iloc[1]
    if wait == 0:
        return ("De hulp begint meteen, dus er komen geen kosten en rente bij. Schuif 'Maanden "
                "tot de hulp begint' naar rechts om te zien wat wachten kost.")
    extra = later["kosten_en_rente"] - now["kosten_en_rente"]
    received = later["schuldeisers_ontvangen"] - now["schuldeisers_ontvangen"]
    forgiven = later["kwijtgescholden"] - now["kwijtgescholden"]

    def more(amount: float) -> str:
        return f"{format_euro(abs(amount))} {'meer' if amount >= 0 else 'minder'}"

    return (f"Wie {_months(wait)} wacht met hulp zoeken, krijgt {format_euro(extra)} aan kosten "
            f"en rente bij de schuld; de schuldeisers ontvangen samen {more(received)} en er wordt "
            f"{more(forgiven)} kwijtgescholden dan bij hulp nu.")


def _cell(text: str, header: bool = False) -> str:
    if header:
        return f"<th scope='row' style='text-align:left;padding:2px 8px 2px 0'>{html.escape(text)}</th>"
    return f"<td style='text-align:right;padding:2px 0 2px 8px;white-space:nowrap'>{html.escape(text)}</td>"


def _comparison_html(comparison: pd.DataFrame, household: schulden.Huishouden, wait: int) -> str:
    months = int(facts.value("looptijd_schuldregeling"))
    rows = [
        ("Schuld als de hulp begint", "schuld_bij_hulp", format_euro),
        (f"Huishouden houdt per maand tijdens de schuldregeling ({months} maanden)",
         "huishouden_houdt", format_euro),
        ("Schuldeisers ontvangen samen (beslag en aanbod)", "schuldeisers_ontvangen", format_euro),
        ("waarvan eerder via beslag op het inkomen", "betaald_via_beslag", format_euro),
        ("Aanbod in de schuldregeling", "aanbod", format_euro),
        ("Aanbod als deel van de schuld", "percentage_aanbod", lambda v: format_percent(v, 0)),
        ("Verloren aan kosten en rente", "kosten_en_rente", format_euro),
        ("Kwijtgescholden na de schuldregeling", "kwijtgescholden", format_euro),
    ]
    head = "".join(f"<th scope='col' style='text-align:right;padding:2px 0 2px 8px'>"
                   f"{html.escape(label)}</th>"
                   for label in ("Hulp nu", f"Hulp na {_months(wait)}"))
    body = "".join(
        "<tr>" + _cell(label, header=True)
        + "".join(_cell(show(comparison.iloc[i][column])) for i in (0, 1)) + "</tr>"
        for label, column, show in rows)
    fixed = html.escape(format_euro(household.vaste_lasten))
    left = float(comparison.iloc[0]["leefgeld"])
    rest = (f"blijft er {html.escape(format_euro(left))} per maand over om van te leven"
            if left >= 0 else f"komt het huishouden {html.escape(format_euro(-left))} per maand tekort")
    note = (f"<p style='margin:4px 0'>De vaste lasten zijn {fixed} per maand; die betaalt het "
            f"huishouden van wat het houdt. Tijdens de schuldregeling {rest}.</p>")
    return (
        "<div style='overflow-x:auto;max-width:100%'><table class='asd-comparison' "
        "style='border-collapse:collapse;margin:8px 0'>"
        "<caption style='text-align:left;font-weight:bold'>Hulp nu of hulp later</caption>"
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table></div>{note}"
    )


def _table_html(table: pd.DataFrame, wait: int) -> str:
    # Four figures per creditor fit a 390 px phone; costs and interest are shown together
    # (``self.table`` keeps them apart for anyone who wants the detail).
    shown = pd.DataFrame({
        "hoofdsom": table["hoofdsom"],
        "kosten en rente": table["kosten"] + table["rente"],
        "totaal": table["totaal"],
        "via beslag betaald": table["betaald via beslag"],
    })
    head = "".join(f"<th scope='col' style='text-align:right;vertical-align:bottom;"
                   f"padding:2px 0 2px 6px'>{html.escape(c)}</th>" for c in shown.columns)
    body = "".join(
        "<tr><th scope='row' style='text-align:left;padding:2px 6px 2px 0;max-width:8em;"
        f"overflow-wrap:anywhere'>{html.escape(str(name))}</th>"
        + "".join(_cell(format_number(row[c])) for c in shown.columns) + "</tr>"
        for name, row in shown.iterrows())
    return (
        "<div style='overflow-x:auto;max-width:100%'><table class='asd-creditors' "
        "style='border-collapse:collapse;margin:8px 0;font-size:85%'>"
        f"<caption style='text-align:left;font-weight:bold'>Per schuldeiser als de hulp begint "
        f"(maand {wait}), in euro</caption><thead><tr>"
        "<th scope='col' style='text-align:left;vertical-align:bottom'>schuldeiser</th>"
        f"{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def dashboard(preset: str = START_PRESET) -> SchuldenCalculator:
    """The calculator as a full-page dashboard (``book/schulden/dashboard.ipynb``, Voila)."""
    return _dashboard(SchuldenCalculator(preset))


# --------------------------------------------------------------------------------------
# Static figure for the book page (matplotlib): what the widget shows, without a kernel.
# --------------------------------------------------------------------------------------


def plot_schuldgroei(preset_name: str = START_PRESET, maanden: int = CHART_MONTHS) -> plt.Figure:
    """How the debt of an example household grows without help, per kind of cost.

    Parameters
    ----------
    preset_name : str, default "alleenstaande_bijstand"
        Key of :data:`modules.schulden.PRESETS`.
    maanden : int, default 60
        Months to follow from the first missed payment.

    Returns
    -------
    matplotlib.figure.Figure
        One line per part of the claims (summed over the creditors) and the total.
    """
    household, creditors = schulden.preset(preset_name)
    per_month = schulden.simuleer(household, creditors, maanden=maanden).totaal_per_maand()
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for post in ("hoofdsom", "incassokosten", "rente", "verhogingen", "proceskosten"):
        colour, dash = _LINE_STYLE[post]
        pattern = (0, tuple(float(d) for d in dash.split())) if dash else "solid"
        ax.plot(per_month.index, per_month[post], color=colour, linestyle=pattern,
                linewidth=1.8, label=POST_LABELS[post])
    ax.plot(per_month.index, per_month[list(schulden.POSTEN)].sum(axis=1), color=TEXT,
            linewidth=2.8, label=TOTAL_LABEL)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: format_euro(v)))
    ax.set_xlim(0, maanden)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("maanden na de eerste gemiste betaling")
    ax.set_ylabel(f"schuld (euro, prijspeil {facts.PRICE_YEAR})")
    ax.set_title(f"{schulden.PRESETS[preset_name]['titel']}: de schuld zonder hulp")
    ax.grid(axis="y", color="#d0d7de", linewidth=0.8)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False)
    fig.tight_layout()
    return fig
