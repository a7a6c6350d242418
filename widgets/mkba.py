"""MKBA calculator and static figures over :mod:`modules.mkba` (no domain logic here).

``MKBACalculator`` lets a learner pick a preset case or build one, move the discount rate,
horizon and effect size, and see the net present value, benefit-cost ratio, a per-actor
bar chart and a tornado chart. ``dashboard()`` is the calculator as the Voila dashboard
(``book/mkba/dashboard.ipynb``) shows it. The ``plot_*`` functions draw the static figures
a book page shows before the widget, so the page makes sense where no Python runs.
"""

from __future__ import annotations

import html
import textwrap
from typing import Sequence

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from modules import mkba
from widgets._common import (
    LIVE_REGION_CLASS,
    WIDGET_CLASS,
    BarChart,
    DutchNumberField,
    MessageBox,
    TornadoBar,
    bar_chart_svg,
    dashboard as _dashboard,
    format_euro,
    format_number,
    format_percent,
    interval_slider,
    static_note,
    tornado_svg,
)

__all__ = [
    "MKBACalculator",
    "dashboard",
    "plot_actors",
    "plot_tornado",
    "plot_npv_distribution",
    "plot_discount_factors",
    "items_table",
]

#: Widget field labels, by the parameter name ``modules.mkba`` uses in its messages.
LABELS = {
    "rate": "Discontovoet",
    "horizon": "Horizon",
    "effect_size": "Effectgrootte",
    "investment": "Investering",
    "yearly_benefit": "Opbrengst per jaar",
    "payer": "Wie betaalt",
    "beneficiary": "Wie profiteert",
}

CUSTOM = "eigen"

# Hidden wherever Python runs (JupyterLab, Voila); shown on the static book page, where
# asd-a11y.js also locks the controls (the saved widget cannot recompute there).
STATIC_NOTE = static_note("de rekenhulp")
MC_DRAWS = 10_000

#: Ranges the own-case amount fields accept. They mirror the checks of
#: :func:`modules.mkba.simple_case` (which still validates); a test keeps the two equal.
OWN_CASE_TEXT = (
    "Vul de investering in jaar 0 en de opbrengst per jaar in, in euro (zoals 1.500 of "
    "3.000,50), en kies wie betaalt en wie profiteert."
)
INVESTMENT_RANGE = mkba.INVESTMENT
YEARLY_BENEFIT_RANGE = mkba.YEARLY_BENEFIT


def _item_source(source: str) -> str:
    """Dutch description of a source key for a table (the book links keys via citations)."""
    return source if source.startswith("aanname") else f"bron: {source}"


def _definition_list(rows: Sequence[tuple[str, str]]) -> str:
    """Result rows as a two-column list that also fits a 390 px screen.

    Terms wrap between words; the inline styles undo the float and width notebook
    stylesheets give a ``<dt>``. Values are trusted markup made by this module.
    """
    term = "style='width:auto;float:none;margin:0;font-weight:bold'"
    body = "".join(f"<dt {term}>{html.escape(name)}</dt><dd style='margin:0'>{value}</dd>"
                   for name, value in rows)
    return (
        "<dl class='asd-results' style='display:grid;grid-template-columns:"
        "minmax(7.5em,max-content) minmax(9em,1fr);gap:4px 12px;margin:8px 0;"
        f"overflow-wrap:break-word'>{body}</dl>"
    )


def _chance_text(chance: float) -> str:
    """A Monte Carlo share as a learner should read it.

    With a finite number of draws, 100 % only means that no draw was negative, not
    certainty: the extremes are said as "meer dan 99 %" and "minder dan 1 %".
    """
    if chance > 0.99:
        return f"meer dan {format_percent(0.99, 0)}"
    if chance < 0.01:
        return f"minder dan {format_percent(0.01, 0)}"
    return format_percent(chance, 0)


def items_table(case: mkba.Case) -> pd.DataFrame:
    """The items of a case as a Dutch table: post, actor, amount per year, years, source.

    Sources are bibliography keys (or an assumption in words); the book's bibliography
    page lists every key.
    """
    rows = []
    for item in case.items:
        if item.end is not None and item.end == item.start:
            years = f"alleen jaar {item.start}"
        else:
            end = "de horizon" if item.end is None else f"jaar {item.end}"
            years = f"jaar {item.start} tot en met {end}"
        who = item.actor if item.counterpart is None else f"{item.actor} (van {item.counterpart})"
        rows.append({
            "post": item.post,
            "actor": who,
            "bedrag per jaar": format_euro(item.amount),
            "jaren": years,
            "effect": "ja" if item.effect else "nee",
            "bron (zie bibliografie)": item.source,
        })
    return pd.DataFrame(rows).set_index("post")


class MKBACalculator(w.VBox):
    """Interactive MKBA calculator.

    Parameters
    ----------
    preset : str, default "auto"
        Key of :data:`modules.mkba.PRESETS` to start with, or ``"eigen"``.

    Attributes
    ----------
    npv, bcr, p_positive : float or None
        What the result panel shows (None while the input is invalid); ``bcr`` is the
        gross ratio of :func:`modules.mkba.case_benefit_cost_ratio`.
    actor_chart : BarChart
        Net present value per actor as drawn.
    tornado_bars : list of TornadoBar
        Tornado chart data as drawn, widest first.
    """

    def __init__(self, preset: str = "auto") -> None:
        choices = [(case.title, key) for key, case in mkba.PRESETS.items()]
        choices.append(("Eigen casus: zelf invullen", CUSTOM))
        style = {"description_width": "170px"}
        wide = w.Layout(width="100%", max_width="560px")
        self.case_choice = w.Dropdown(options=choices, value=preset, description="Casus",
                                      style=style, layout=wide)
        # ipywidgets' own readouts write 2.25 (decimal point, no unit): each slider gets a
        # Dutch readout beside it ("2,25 %"), which asd-a11y.js also reads out to a screen
        # reader as the handle's aria-valuetext.
        # Bounds come from the model's constraints; each slider gets a Dutch readout
        # beside it ("2,25 %"), which asd-a11y.js also gives a screen reader as the
        # handle's aria-valuetext.
        self.rate, self.rate_row = interval_slider(
            mkba.PLAUSIBLE_RATE, mkba.DISCOUNT_RATE, "Discontovoet (%)", unit="%", scale=100,
            step=0.25, decimals=2, style=style)
        self.horizon, self.horizon_row = interval_slider(
            mkba.HORIZON, 10, "Horizon (jaar)", unit="jaar", style=style)
        self.effect, self.effect_row = interval_slider(
            mkba.EFFECT_SIZE, 1.0, "Effectgrootte (%)", unit="%", scale=100, step=5.0,
            style=style)
        self.investment = DutchNumberField(
            2_000.0, label=LABELS["investment"], parameter="investment",
            interval=INVESTMENT_RANGE, description="Investering (€, jaar 0)", style=style,
            layout=wide)
        self.yearly_benefit = DutchNumberField(
            3_000.0, label=LABELS["yearly_benefit"], parameter="yearly_benefit",
            interval=YEARLY_BENEFIT_RANGE, description="Opbrengst per jaar (€)", style=style,
            layout=wide)
        self.payer = w.Dropdown(options=list(mkba.ACTORS), value="gemeente",
                                description="Wie betaalt", style=style, layout=wide)
        self.beneficiary = w.Dropdown(options=list(mkba.ACTORS), value="inwoner",
                                      description="Wie profiteert", style=style, layout=wide)
        self.custom_box = w.VBox([self.investment, self.yearly_benefit, self.payer,
                                  self.beneficiary], layout=w.Layout(max_width="100%"))
        self.description = w.HTML()
        self.message = MessageBox()
        # Announced to screen readers when it changes (asd-a11y.js sets aria-live="polite"
        # on this persistent element; the HTML inside is replaced on every update).
        self.results = w.HTML(layout=w.Layout(max_width="100%"))
        self.results.add_class(LIVE_REGION_CLASS)
        chart_box = w.Layout(max_width="100%", overflow="auto")
        self.actor_view = w.HTML(layout=chart_box)
        self.tornado_view = w.HTML(layout=chart_box)

        self.npv: float | None = None
        self.bcr: float | None = None
        self.p_positive: float | None = None
        self.actor_chart = BarChart("", (), ())
        self.tornado_bars: list[TornadoBar] = []
        self.case: mkba.Case = mkba.PRESETS.get(preset, mkba.PRESETS["auto"])

        super().__init__([
            w.HTML("<h3 style='margin-top:0'>MKBA-rekenhulp</h3>"),
            w.HTML(STATIC_NOTE),
            self.case_choice,
            self.description,
            self.custom_box,
            self.rate_row,
            self.horizon_row,
            self.effect_row,
            self.message,
            self.results,
            self.actor_view,
            self.tornado_view,
        ], layout=w.Layout(max_width="100%"))
        self.add_class("asd-mkba")
        self.add_class(WIDGET_CLASS)
        self.case_choice.observe(self._on_case, names="value")
        for control in (self.rate, self.horizon, self.effect, self.investment,
                        self.yearly_benefit, self.payer, self.beneficiary):
            control.observe(self._on_change, names="value")
        self._on_case()

    # The case dropdown also resets the horizon to the case's own; other controls keep
    # their value so a learner can compare cases under the same assumptions.
    def _on_case(self, change: object = None) -> None:
        custom = self.case_choice.value == CUSTOM
        self.custom_box.layout.display = None if custom else "none"
        if not custom:
            with self.horizon.hold_trait_notifications():
                self.horizon.value = mkba.PRESETS[self.case_choice.value].horizon
        self.update()

    def _on_change(self, change: object = None) -> None:
        self.update()

    def _current_case(self) -> mkba.Case:
        if self.case_choice.value == CUSTOM:
            return mkba.simple_case(self.investment.parsed(), self.yearly_benefit.parsed(),
                                    self.payer.value, self.beneficiary.value,
                                    self.horizon.value)
        return mkba.PRESETS[self.case_choice.value]

    def _describe(self) -> None:
        """Describe the chosen case, whether or not its numbers can be computed."""
        extra = ""
        if self.case_choice.value == CUSTOM:
            title, text = "Eigen casus", OWN_CASE_TEXT
        else:
            case = mkba.PRESETS[self.case_choice.value]
            title, text = case.title, case.description
            # Every amount has a price year, and what is not valued in euro is named.
            extra = f"<p class='asd-case-meta'>Bedragen in prijzen van {case.price_year} (prijspeil)."
            if case.pro_memorie:
                extra += (" Niet in euro's uitgedrukt (pro memorie): "
                          + "; ".join(html.escape(p[0].lower() + p[1:]) for p in case.pro_memorie) + ".")
            extra += "</p>"
        self.description.value = (
            f"<p><strong>{html.escape(title)}.</strong> {html.escape(text)}</p>{extra}"
        )

    def update(self) -> None:
        """Recompute everything from the controls; show a Dutch message if input is invalid.

        Invalid input clears the results (nothing stale stays on screen) and keeps what
        the learner typed, so correcting one character brings the results back.
        """
        self._describe()
        if not self.message.run(self._compute, LABELS):
            self.npv = self.bcr = self.p_positive = None
            self.results.value = ""
            self.actor_view.value = ""
            self.tornado_view.value = ""

    def _compute(self) -> None:
        case = self._current_case()
        rate = self.rate.value / 100.0
        horizon = self.horizon.value
        effect = self.effect.value / 100.0
        # The headline is the model's expected net present value. (The NPV of the table's
        # yearly flows is not: with uncertain effect corrections the two differ.)
        npv = mkba.case_npv(case, rate=rate, horizon=horizon, effect_size=effect)
        table = mkba.case_table(case, horizon=horizon, effect_size=effect)
        try:
            bcr: float | None = mkba.case_benefit_cost_ratio(case, rate=rate, horizon=horizon,
                                                             effect_size=effect)
        except ValueError:
            bcr = None  # a case without costs: the ratio is undefined, and the panel says so
        summary = mkba.actor_summary(table, rate=rate)
        spread = mkba.tornado(case, rate=rate, horizon=horizon, effect_size=effect)
        chance = mkba.monte_carlo(case, n=MC_DRAWS, rate=rate, horizon=horizon,
                                  effect_size=effect).p_positive

        self.case, self.npv, self.bcr, self.p_positive = case, npv, bcr, chance
        self.actor_chart = BarChart(
            "Netto contante waarde per actor",
            tuple(summary.index),
            tuple(float(v) for v in summary["saldo"]),
        )
        self.tornado_bars = [
            TornadoBar(row.invoer, float(row.ncw_laag), float(row.ncw_hoog))
            for row in spread.itertuples()
        ]
        verdict = "positief: de baten wegen zwaarder" if npv > 0 else "niet positief"
        bcr_text = (format_number(bcr, 2) if bcr is not None
                    else "niet te berekenen: de casus heeft geen kosten")
        rows = [
            ("Netto contante waarde", f"<strong>{format_euro(npv)}</strong> ({verdict})"),
            ("Baten-kostenverhouding", bcr_text),
            ("Kans op een positieve NCW", f"{_chance_text(chance)} (Monte Carlo, "
                                          f"{format_number(MC_DRAWS)} trekkingen, binnen de "
                                          "bandbreedtes van de casus)"),
            ("Discontovoet, horizon", f"{format_percent(rate, 2)}, {horizon} jaar"),
        ]
        self.results.value = _definition_list(rows)
        self.actor_view.value = bar_chart_svg(self.actor_chart)
        self.tornado_view.value = tornado_svg(
            "Gevoeligheid: netto contante waarde bij laag en hoog",
            float(spread.attrs.get("basis", npv)), self.tornado_bars,
        )


def dashboard(preset: str = "auto") -> MKBACalculator:
    """The MKBA calculator as a full-page dashboard (``book/mkba/dashboard.ipynb``, Voila)."""
    return _dashboard(MKBACalculator(preset))


# --------------------------------------------------------------------------------------
# Static figures for book pages (matplotlib): what the widget shows, without a kernel.
# --------------------------------------------------------------------------------------


def _euro_axis(ax: plt.Axes, axis: str = "x") -> None:
    formatter = plt.FuncFormatter(lambda v, _: format_euro(v))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def plot_actors(summary: pd.DataFrame, title: str = "Wie betaalt, wie profiteert?") -> plt.Figure:
    """Bar chart of costs, benefits and balance per actor from ``actor_summary``."""
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(summary) + 1.5))
    y = np.arange(len(summary))
    ax.barh(y + 0.25, summary["baten"], height=0.25, color="#1a7f4b", label="baten")
    ax.barh(y, summary["kosten"], height=0.25, color="#b3261e", label="kosten")
    ax.barh(y - 0.25, summary["saldo"], height=0.25, color="#3b5b92", label="saldo")
    ax.set_yticks(y, summary.index)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    _euro_axis(ax)
    ax.set_xlabel("contante waarde (euro)")
    ax.set_title(title)
    ax.legend(loc="best")
    fig.tight_layout()
    return fig


def plot_tornado(frame: pd.DataFrame, title: str = "Gevoeligheidsanalyse (tornado)") -> plt.Figure:
    """Tornado chart from :func:`modules.mkba.tornado`: NPV range per input, widest on top."""
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(frame) + 1.8))
    base = frame.attrs.get("basis", 0.0)
    y = np.arange(len(frame))
    left = frame[["ncw_laag", "ncw_hoog"]].min(axis=1)
    ax.barh(y, frame["bandbreedte"], left=left, color="#3b5b92")
    ax.set_yticks(y, [textwrap.fill(label, 34) for label in frame["invoer"]])
    ax.invert_yaxis()
    ax.axvline(base, color="black", linestyle="--", linewidth=1, label="basis")
    if left.min() < 0:
        ax.axvline(0, color="#b3261e", linewidth=1, label="nul")
    _euro_axis(ax)
    ax.xaxis.set_major_locator(plt.MaxNLocator(5))
    ax.set_xlabel("netto contante waarde (euro)")
    ax.set_title(title)
    # Legend under the plot: inside it would cover the narrowest bars.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def plot_npv_distribution(result: mkba.MonteCarloResult,
                          title: str = "Verdeling van de netto contante waarde") -> plt.Figure:
    """Histogram of Monte Carlo NPVs with zero and the mean marked."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.hist(result.npv, bins=50, color="#3b5b92")
    ax.axvline(0, color="#b3261e", linewidth=1.2, label="nul")
    ax.axvline(result.mean, color="black", linestyle="--", label="gemiddelde")
    _euro_axis(ax)
    ax.set_xlabel("netto contante waarde (euro)")
    ax.set_ylabel("aantal trekkingen")
    ax.set_title(f"{title}: kans op NCW > 0 is {format_percent(result.p_positive, 0)}")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_discount_factors(horizon: int = 30, rates: Sequence[float] = (0.0, 0.0225, 0.03, 0.05),
                          title: str = "Wat is een euro later nu waard?") -> plt.Figure:
    """Discount factor per year for several rates (rates as decimals per year)."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for rate in rates:
        factors = mkba.discount_factors(horizon, rate)
        ax.plot(np.arange(horizon + 1), factors, label=f"{format_percent(rate, 2)}")
    ax.set_xlabel("jaar")
    ax.set_ylabel("waarde nu van € 1")
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(title="discontovoet")
    fig.tight_layout()
    return fig
