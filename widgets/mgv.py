"""The gesprekssimulator and the coding exercise over :mod:`modules.mgv` (no domain logic here).

``GesprekSimulator`` lets a learner hold a motivational interview with a simulated client:
pick a scenario, read what the client says, choose one of three or four responses (shown
by their text only, never by their type), and read the client's reply, the client's
readiness to change and the process the conversation is in. After the last turn it shows
MITI-style feedback on the learner's own choices (:func:`modules.mgv.conversation_feedback`).
A rewind goes back to any earlier turn; the earlier path is kept, and once the learner
chooses differently the two paths are shown side by side (:func:`modules.mgv.compare_paths`)
with both readiness curves in one chart. Every reply comes from :func:`modules.mgv.simulate`
with a fixed seed (:data:`SEED`), so a learner and a trainer who make the same choices see
the same conversation.

``CodeerOefening`` shows the short coding transcript (``modules/data/mgv/codeeroefening.csv``)
with a dropdown per utterance and compares the learner's codes with the reference
(:func:`modules.mgv.agreement`).

``dashboard()`` is both as the Voila dashboard (``book/mgv/dashboard.ipynb``) shows them;
``plot_voorbeeldgesprek`` draws the static figure the simulation page shows before the
widgets, so the page makes sense where no Python runs. This module only reads the controls
and writes what the model returns in Dutch.
"""

from __future__ import annotations

import html
import numbers
from typing import Sequence

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd

from modules import mgv
from widgets._common import (
    LIVE_REGION_CLASS,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    TEXT,
    WIDGET_CLASS,
    LineChart,
    LineSeries,
    MessageBox,
    dashboard as _dashboard,
    format_number,
    format_percent,
    static_note,
)

__all__ = [
    "GesprekSimulator",
    "CodeerOefening",
    "MgvDashboard",
    "dashboard",
    "readiness_svg",
    "example_choices",
    "plot_voorbeeldgesprek",
]

#: The seed of every simulated conversation: the same choices give the same replies for
#: every learner and their trainer.
SEED = 0
#: The scenario the simulator starts with (the first one if it is not there).
START_SCENARIO = "huurachterstand" if "huurachterstand" in mgv.SCENARIOS else next(iter(mgv.SCENARIOS))
#: Most options a turn has in any scenario: the simulator keeps this many buttons.
MAX_OPTIONS = max(len(turn.options) for s in mgv.SCENARIOS.values() for turn in s.turns)
#: The transcript of the coding exercise.

#: Widget field labels, by the parameter name ``modules.mgv`` uses in its messages.
LABELS = {
    "scenario": "Casus",
    "choices": "Keuzes",
    "coding": "Jouw codering",
    "reference": "Referentiecodering",
}

UNCODED = ""
UNCODED_LABEL = "Geen code"
#: Every code with its Dutch name, also the model's name of the uncoded row and the total.
CODE_LABELS: dict[str, str] = {**mgv.MITI_LABELS, **mgv.CLIENT_LABELS, UNCODED: UNCODED_LABEL,
                               "(geen code)": UNCODED_LABEL, "totaal": "Totaal"}
#: The dropdown value of an utterance the learner has not coded yet.
NOT_CHOSEN = "?"

#: How the summary scores are written: fractions as percentages, the ratio with a decimal.
_SUMMARY_FORMAT = {
    "technical_global": lambda v: format_number(v, 1),
    "relational_global": lambda v: format_number(v, 1),
    "percent_complex_reflections": lambda v: format_percent(v, 0),
    "reflection_to_question": lambda v: format_number(v, 1),
    "total_mi_adherent": lambda v: format_number(v),
    "total_mi_non_adherent": lambda v: format_number(v),
}
#: Why a summary score has no value (the model gives None).
_NO_VALUE = {
    "percent_complex_reflections": "geen reflecties",
    "reflection_to_question": "geen vragen",
}
NO_THRESHOLD = "geen drempel"

CURRENT_LABEL = "dit gesprek"
EARLIER_LABEL = "eerdere gesprek"
READINESS_TEXT = "Bereidheid om te veranderen"

#: Example choices of the static figure: per turn the first option whose response type
#: comes first in the list. Which two example paths the figure draws is the page's choice;
#: which responses are MI-consistent comes from the model (:data:`modules.mgv.MI_CONSISTENT`).
MI_PREFERENCE = ("summary", "complex_reflection", "emphasize_autonomy", "affirmation",
                 "open_question", "seek_collaboration", "simple_reflection", "advice_with_permission")
REFLEX_PREFERENCE = ("advice_without_permission", "confrontation", "giving_information",
                     "closed_question")

STATIC_NOTE = (
    '<p class="asd-static-note" style="display:none">Dit is de gesprekssimulator zoals hij '
    "start. Op deze website reageert de cliënt niet, daarom staan de knoppen vast. Open de "
    "simulator in JupyterLab of als dashboard in Voila om zelf het gesprek te voeren.</p>"
)
EXERCISE_STATIC_NOTE = static_note("de codeeroefening")

# ipywidgets draws a button on one line and cuts long text off; a response is a sentence or
# two, so the option buttons wrap their text. An HTML widget's content is a flex item that
# will not shrink below its widest table, which would widen a 390 px page; min-width: 0 lets
# the table scroll inside its own box instead. Scoped to these widgets, nothing else changes.
_STYLE = """<style>
:is(.asd-mgv, .asd-codeeroefening) .widget-html-content { min-width: 0; line-height: 1.45; }
.asd-mgv .asd-option { white-space: normal; height: auto; min-height: 32px; line-height: 1.35;
  text-align: left; padding: 6px 10px; overflow: visible; margin: 3px 0; }
.asd-mgv .asd-chat { list-style: none; padding: 0; margin: 8px 0; }
.asd-mgv .asd-chat li { padding: 4px 8px; margin: 4px 0; border-left: 4px solid; overflow-wrap: anywhere; }
.asd-mgv .asd-chat .asd-client { background: #f3f4f6; border-color: #3b5b92; margin-right: 1.5em; }
.asd-mgv .asd-chat .asd-you { background: #edf7f0; border-color: #1a7f4b; margin-left: 1.5em; }
.asd-mgv .asd-chat .asd-now { background: #fff8e1; border-color: #8a4b00; margin-right: 1.5em; }
:is(.asd-mgv, .asd-codeeroefening) table { border-collapse: collapse; margin: 8px 0; font-size: 90%; }
:is(.asd-mgv, .asd-codeeroefening) :is(th, td) { padding: 3px 6px; border-bottom: 1px solid #d0d7de;
  vertical-align: top; text-align: left; }
:is(.asd-mgv, .asd-codeeroefening) .asd-num { text-align: right; white-space: nowrap; }
.asd-mgv tr.asd-first-difference { background: #fff4ce; }
@media (max-width: 600px) {
  /* asd.css puts a label above its control here; the dropdown's fixed height would then
     let the control overlap what follows. */
  :is(.asd-mgv, .asd-codeeroefening) .widget-dropdown { height: auto; }
  :is(.asd-mgv, .asd-codeeroefening) .widget-dropdown > select { height: 32px; flex-basis: auto; }
}
</style>"""


def _esc(text: object) -> str:
    return html.escape(str(text))


def _percent(fraction: float) -> str:
    return format_percent(fraction, 0)


def _points(before: float, after: float) -> str:
    """A change in readiness in percentage points, with its sign: ``+7 procentpunt``."""
    change = round(100 * (after - before))
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(change)} procentpunt"


def _whole(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _readiness_values(conversation: mgv.Conversation, start: mgv.ClientState) -> tuple[float, ...]:
    """Readiness at the start and after every turn played."""
    return (start.readiness, *(step.after.readiness for step in conversation.steps))


def readiness_svg(chart: LineChart, width: int = 480, height: int = 230) -> str:
    """Readiness per turn as accessible inline SVG: whole turns on x, 0 to 100 % on y.

    ``line_chart_svg`` of :mod:`widgets._common` picks round ticks such as 2,5 for the x
    axis; turns are whole numbers, so this chart writes every turn (every second one from
    13 turns on) and a fixed 0-100 % axis, the same for every conversation.

    Parameters
    ----------
    chart : LineChart
        Title, turns (``x``, from 0 = the start), one or two series of fractions, axis
        labels and an optional marker (the first differing turn).
    width : int, default 480
        Design width in SVG units; the chart scales to its box.
    height : int, default 230
        Design height of the plot's box; the legend adds a row below.

    Returns
    -------
    str
        The ``<svg>`` element, with ``role="img"``, the title as its name, a ``<desc>``
        that reads the last value of every line, and the data on ``data-values``.
    """
    font, left, right, top = 14, 52, 14, 44
    plot_w, plot_h = width - left - right, height - top - 40
    total_h = height + 10 + 22 * len(chart.series)
    xs = list(chart.x) or [0.0]
    x_hi = max(max(xs), 1.0)

    def x(v: float) -> float:
        return left + v / x_hi * plot_w

    def y(v: float) -> float:
        return top + plot_h - v * plot_h

    name = _esc(chart.title)
    ends = "; ".join(f"{s.label}: {_percent(s.values[-1])} na beurt {len(s.values) - 1}"
                     for s in chart.series if s.values)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" width="100%" '
        f'viewBox="0 0 {width} {total_h}" class="asd-chart" '
        f'style="display:block;max-width:{width}px;height:auto">',
        f"<title>{name}</title><desc>{_esc(ends + '.')}</desc>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{TEXT}">{name}</text>',
        f'<text x="0" y="36" font-size="{font}" fill="{TEXT}">{_esc(chart.y_label)}</text>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
                     'stroke="#d0d7de" stroke-width="1" />')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 5:.1f}" font-size="{font - 1}" '
                     f'text-anchor="end" fill="{TEXT}">{_esc(_percent(tick))}</text>')
    step = 1 if x_hi <= 12 else 2
    for turn in range(0, int(x_hi) + 1, step):
        parts.append(f'<text x="{x(turn):.1f}" y="{top + plot_h + 17}" font-size="{font - 1}" '
                     f'text-anchor="middle" fill="{TEXT}">{turn}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
                 f'stroke="{TEXT}" />')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 35}" font-size="{font}" '
                 f'text-anchor="middle" fill="{TEXT}">{_esc(chart.x_label)}</text>')
    if chart.marker is not None:
        mx = x(chart.marker)
        anchor = "end" if mx > left + plot_w * 0.6 else "start"
        shift = -4 if anchor == "end" else 4
        parts.append(f'<line x1="{mx:.1f}" y1="{top - 2}" x2="{mx:.1f}" y2="{top + plot_h}" '
                     f'stroke="{TEXT}" stroke-dasharray="5 4" class="asd-marker" data-x="{chart.marker:g}" />')
        parts.append(f'<text x="{mx + shift:.1f}" y="{top + 10}" font-size="{font - 1}" '
                     f'text-anchor="{anchor}" fill="{TEXT}">{_esc(chart.marker_label)}</text>')
    for s in chart.series:
        points = " ".join(f"{x(px):.1f},{y(py):.1f}" for px, py in zip(xs, s.values))
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        data = " ".join(f"{v:.4f}" for v in s.values)
        parts.append(f'<polyline fill="none" stroke="{s.colour}" stroke-width="{s.width}"{dash} '
                     f'points="{points}" data-label="{_esc(s.label)}" data-values="{data}">'
                     f"<title>{_esc(s.label)}</title></polyline>")
        for px, py in zip(xs, s.values):
            parts.append(f'<circle cx="{x(px):.1f}" cy="{y(py):.1f}" r="3" fill="{s.colour}" />')
    for i, s in enumerate(chart.series):
        ly = height + 16 + 22 * i
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(f'<line x1="8" y1="{ly - 5}" x2="36" y2="{ly - 5}" stroke="{s.colour}" '
                     f'stroke-width="{s.width + 1}"{dash} />')
        parts.append(f'<text x="42" y="{ly}" font-size="{font}" fill="{TEXT}">{_esc(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


class GesprekSimulator(w.VBox):
    """A motivational interview with a simulated client, with feedback and a rewind.

    Every control calls one of the public methods, so a test (or a trainer in a notebook)
    can drive the simulator exactly as a learner does.

    Parameters
    ----------
    scenario : str, default START_SCENARIO
        Key of :data:`modules.mgv.SCENARIOS` to start with.
    seed : int, default SEED
        Seed of :func:`modules.mgv.simulate`; the same for everyone by default.

    Attributes
    ----------
    scenario : modules.mgv.Scenario
        The scenario being played.
    choices : tuple of int
        The option chosen per turn so far (from 0), what :func:`modules.mgv.simulate` replays.
    conversation : modules.mgv.Conversation
        The conversation so far.
    earlier : modules.mgv.Conversation or None
        The path kept at the last rewind, until the learner starts again.
    options : tuple of str
        The texts of the current turn's options ('' when the conversation is over).
    client_line : str
        What the client says to open the current turn ('' when the conversation is over).
    reply : str
        The client's reply to the last choice ('' before the first).
    readiness : float
        The client's readiness to change now, a fraction.
    process : str
        The process the conversation is in now (engageren, focussen, ontlokken, plannen).
    feedback : modules.mgv.Feedback or None
        The feedback shown once the conversation is finished.
    comparison : pandas.DataFrame or None
        :func:`modules.mgv.compare_paths` of the earlier and this path, once they differ.
    first_difference : int or None
        The first turn where the two paths differ.
    chart : LineChart
        The readiness curves as drawn (this path, and the earlier one after a rewind).
    transcript_html, status_html, feedback_html, comparison_html, chart_svg : str
        What the transcript, the status line, the feedback, the comparison and the chart show.
    """

    def __init__(self, scenario: str = START_SCENARIO, seed: int = SEED) -> None:
        if scenario not in mgv.SCENARIOS:
            raise ValueError(f"unknown scenario {scenario!r}; known: {', '.join(mgv.SCENARIOS)}")
        self.seed = seed
        wide = w.Layout(width="100%", max_width="640px")
        style = {"description_width": "initial"}
        self.scenario_choice = w.Dropdown(
            options=[(s.title, key) for key, s in mgv.SCENARIOS.items()], value=scenario,
            description="Casus", style=style, layout=wide)
        self.description = w.HTML(layout=w.Layout(max_width="100%"))
        # Announced to screen readers when it changes (asd-a11y.js makes it aria-live).
        self.status = w.HTML(layout=w.Layout(max_width="100%"))
        self.status.add_class(LIVE_REGION_CLASS)
        self.status.add_class("asd-status")
        self.transcript_view = w.HTML(layout=w.Layout(max_width="100%"))
        self.prompt = w.HTML(layout=w.Layout(max_width="100%"))
        self.option_buttons = [w.Button(layout=w.Layout(width="100%", max_width="640px", height="auto"))
                               for _ in range(MAX_OPTIONS)]
        for button in self.option_buttons:
            button.add_class("asd-option")
        self.options_box = w.VBox(self.option_buttons, layout=w.Layout(max_width="100%"))
        self.message = MessageBox()
        self.rewind_choice = w.Dropdown(options=[("1", 1)], value=1, description="Terug naar beurt",
                                        style=style, layout=w.Layout(width="auto", max_width="100%"))
        self.rewind_button = w.Button(description="Terug naar beurt 1",
                                      layout=w.Layout(width="auto", max_width="100%"))
        self.rewind_button.add_class("asd-rewind")
        self.rewind_row = w.HBox([self.rewind_choice, self.rewind_button],
                                 layout=w.Layout(flex_flow="row wrap", align_items="center",
                                                 max_width="100%"))
        self.restart_button = w.Button(description="Opnieuw beginnen",
                                       layout=w.Layout(width="auto", max_width="100%"))
        self.restart_button.add_class("asd-restart")
        self.feedback_view = w.HTML(layout=w.Layout(max_width="100%"))
        self.feedback_view.add_class(LIVE_REGION_CLASS)
        self.comparison_view = w.HTML(layout=w.Layout(max_width="100%"))
        self.comparison_view.add_class(LIVE_REGION_CLASS)
        self.chart_view = w.HTML(layout=w.Layout(max_width="100%"))

        self.scenario = mgv.SCENARIOS[scenario]
        self.choices: tuple[int, ...] = ()
        self.earlier: mgv.Conversation | None = None
        self.earlier_choices: tuple[int, ...] = ()
        self.conversation: mgv.Conversation | None = None
        self.options: tuple[str, ...] = ()
        self.client_line = ""
        self.reply = ""
        self.readiness = self.scenario.start.readiness
        self.process = self.scenario.start.process
        self.feedback: mgv.Feedback | None = None
        self.comparison: pd.DataFrame | None = None
        self.first_difference: int | None = None
        self.chart = LineChart("", (), (), "", "")
        self.transcript_html = self.status_html = self.feedback_html = ""
        self.comparison_html = self.chart_svg = ""

        super().__init__([
            w.HTML(_STYLE),
            w.HTML("<h3 style='margin-top:0'>Gesprekssimulator motiverende gespreksvoering</h3>"),
            w.HTML(STATIC_NOTE),
            self.scenario_choice,
            self.description,
            self.transcript_view,
            self.prompt,
            self.options_box,
            self.message,
            self.status,
            self._controls_row(),
            self.feedback_view,
            self.comparison_view,
            self.chart_view,
        ], layout=w.Layout(max_width="100%"))
        self.add_class("asd-mgv")
        self.add_class("asd-gesprek")
        self.add_class(WIDGET_CLASS)

        self.scenario_choice.observe(lambda change: self.select_scenario(change["new"]), names="value")
        for index, button in enumerate(self.option_buttons):
            button.on_click(lambda _, index=index: self.choose(index))
        self.rewind_choice.observe(self._on_rewind_choice, names="value")
        self.rewind_button.on_click(lambda _: self.rewind(self.rewind_choice.value))
        self.restart_button.on_click(lambda _: self.restart())
        self.restart()

    def _controls_row(self) -> w.Box:
        """The row with the rewind control and the restart button."""
        return w.HBox([self.rewind_row, self.restart_button],
                      layout=w.Layout(flex_flow="row wrap", align_items="center", max_width="100%",
                                      margin="6px 0"))

    # ---------------------------------------------------------------- what the controls do

    def select_scenario(self, key: str) -> bool:
        """Play another scenario from its start; the earlier path is let go.

        Returns False (and says why in Dutch) if ``key`` is not a scenario.
        """
        if not isinstance(key, str) or key not in mgv.SCENARIOS:
            titles = ", ".join(f"'{s.title}'" for s in mgv.SCENARIOS.values())
            self.message.show(f"Die casus bestaat niet. Kies een van deze casussen: {titles}.")
            return False
        if self.scenario_choice.value != key:
            self.scenario_choice.value = key  # its observer comes back here
            return True
        self.scenario = mgv.SCENARIOS[key]
        return self.restart()

    def restart(self) -> bool:
        """Start the scenario again from turn 1; the earlier path and the comparison go."""
        self.earlier, self.earlier_choices = None, ()
        return self._play(())

    def choose(self, index: int) -> bool:
        """Say option ``index`` (from 0) of the current turn; the client replies.

        Returns False, with a Dutch message and nothing else changed, when there is no such
        option or the conversation is over.
        """
        if self.conversation is not None and self.conversation.finished:
            self.message.show("Het gesprek is afgelopen. Ga terug naar een eerdere beurt om een "
                              "ander antwoord te kiezen, of begin opnieuw.")
            return False
        count = len(self.options)
        if not _whole(index) or not 0 <= index < count:
            self.message.show(f"Dat antwoord is er niet. Kies in beurt {len(self.choices) + 1} een van "
                              f"de {count} antwoorden hierboven.")
            return False
        return self._play(self.choices + (int(index),))

    def rewind(self, turn: int) -> bool:
        """Go back to ``turn`` (from 1): turns before it stay, from it the learner chooses again.

        The path as it was is kept as the earlier path, so the two can be compared once
        the learner chooses differently. Returns False, with a Dutch message, for a turn
        that has not been played.
        """
        played = len(self.choices)
        if played == 0:
            self.message.show("Er is nog geen beurt gespeeld. Kies eerst een antwoord.")
            return False
        if not _whole(turn) or not 1 <= turn <= played:
            self.message.show(f"Je kunt alleen terug naar een beurt die al gespeeld is: beurt 1 tot en "
                              f"met {played}.")
            return False
        # Until the learner chooses differently, the path shown is part of the earlier one:
        # keep the longer, earlier path then.
        if not self._follows_earlier():
            self.earlier, self.earlier_choices = self.conversation, self.choices
        return self._play(self.choices[:int(turn) - 1])

    def _follows_earlier(self) -> bool:
        return (self.earlier is not None
                and self.choices == self.earlier_choices[:len(self.choices)])

    def _on_rewind_choice(self, change: object = None) -> None:
        self.rewind_button.description = f"Terug naar beurt {self.rewind_choice.value}"

    # ---------------------------------------------------------------- computing and showing

    def _play(self, choices: tuple[int, ...]) -> bool:
        """Replay ``choices`` in the model and show the result; False if that failed."""

        def compute() -> None:
            conversation = mgv.simulate(self.scenario, choices, seed=self.seed)
            feedback = mgv.conversation_feedback(conversation) if conversation.finished else None
            earlier = self.earlier
            if earlier is not None and choices[:len(self.earlier_choices)] == self.earlier_choices:
                earlier = None  # the earlier path is part of this one: nothing to compare
            diverged = earlier is not None and choices != self.earlier_choices[:len(choices)]
            comparison = mgv.compare_paths(earlier, conversation) if diverged else None
            first = None
            if comparison is not None:
                first = int(comparison.loc[comparison["andere keuze"], "beurt"].iloc[0])
            # Everything is computed before anything is shown: an error leaves the last output.
            self.choices, self.conversation, self.feedback = choices, conversation, feedback
            if earlier is None:
                self.earlier, self.earlier_choices = None, ()
            self.comparison, self.first_difference = comparison, first
            self._show()

        return self.message.run(compute, LABELS)

    def _show(self) -> None:
        scenario, conversation = self.scenario, self.conversation
        steps = conversation.steps
        turn = None if conversation.finished else scenario.turns[len(steps)]
        self.options = tuple(option.text for option in turn.options) if turn else ()
        self.client_line = turn.client if turn else ""
        self.reply = steps[-1].reply if steps else ""
        self.readiness = conversation.final.readiness
        self.process = conversation.final.process

        # The results of what was played before go first: the browser draws each change as
        # it arrives, and a new turn must never show beside the old feedback.
        self.feedback_html = self._feedback() if self.feedback is not None else ""
        self.feedback_view.value = self.feedback_html
        self.comparison_html = self._comparison()
        self.comparison_view.value = self.comparison_html

        link = (f" Deze casus hoort ook bij de module {_esc(scenario.link)}." if scenario.link else "")
        self.description.value = (f"<p><strong>{_esc(scenario.title)}.</strong> {_esc(scenario.description)}"
                                  f" Je spreekt met {_esc(scenario.client_name)}.{link}</p>")
        self.transcript_html = self._transcript()
        self.transcript_view.value = self.transcript_html
        for button, text in zip(self.option_buttons, self.options + ("",) * MAX_OPTIONS):
            button.description = text
            button.tooltip = text
            button.layout.display = None if text else "none"
        self.options_box.layout.display = None if turn else "none"
        self.prompt.value = self._prompt(turn)
        self.status_html = self._status()
        self.status.value = self.status_html

        played = len(steps)
        self.rewind_row.layout.display = None if played else "none"
        if played:
            options = [(str(n), n) for n in range(1, played + 1)]
            target = played if self.rewind_choice.value not in range(1, played + 1) else self.rewind_choice.value
            self.rewind_choice.options = options
            self.rewind_choice.value = target
            self._on_rewind_choice()

        self.chart = self._chart()
        self.chart_svg = readiness_svg(self.chart)
        self.chart_view.value = self.chart_svg

    def _transcript(self) -> str:
        client = _esc(self.scenario.client_name)
        items = []
        for step in self.conversation.steps:
            opening = self.scenario.turns[step.turn - 1].client
            items.append(f"<li class='asd-client'><strong>Beurt {step.turn}. {client}:</strong> "
                         f"{_esc(opening)}</li>")
            items.append(f"<li class='asd-you'><strong>Jij:</strong> {_esc(step.option.text)}</li>")
            items.append(f"<li class='asd-client'><strong>{client}:</strong> {_esc(step.reply)}</li>")
        if self.client_line:
            number = len(self.conversation.steps) + 1
            items.append(f"<li class='asd-now' aria-current='step'><strong>Beurt {number}. {client}:</strong> "
                         f"{_esc(self.client_line)}</li>")
        return ("<h4 style='margin:8px 0 0'>Het gesprek</h4>"
                f"<ol class='asd-chat' aria-label='Het gesprek tot nu toe'>{''.join(items)}</ol>")

    def _prompt(self, turn: mgv.Turn | None) -> str:
        if turn is None:
            return ("<p><strong>Het gesprek is afgelopen.</strong> Lees hieronder de terugkoppeling. "
                    "Ga daarna terug naar een beurt om het anders te doen, of begin opnieuw.</p>")
        number = len(self.choices) + 1
        text = (f"<p style='margin:6px 0 2px'><strong>Wat zeg je tegen {_esc(self.scenario.client_name)}?"
                "</strong> Klik op je antwoord.</p>")
        if self.earlier is not None and len(self.earlier_choices) >= number:
            said = self.earlier.steps[number - 1].option.text
            text += (f"<p style='margin:2px 0;color:#57606a'>In het eerdere gesprek zei je hier: "
                     f"<em>{_esc(said)}</em></p>")
        return text

    def _status(self) -> str:
        conversation = self.conversation
        steps = conversation.steps
        total = len(self.scenario.turns)
        lines = []
        if steps:
            lines.append(f"<p style='margin:4px 0'><strong>{_esc(self.scenario.client_name)} antwoordt:"
                         f"</strong> {_esc(self.reply)}</p>")
        where = ("Het gesprek is afgelopen" if conversation.finished
                 else f"Beurt {len(steps) + 1} van {total}")
        value = _percent(self.readiness)
        change = f" ({_points(steps[-1].before.readiness, self.readiness)})" if steps else ""
        now = round(100 * self.readiness)
        fases = " → ".join(
            f"<strong aria-current='step'>{_esc(p)}</strong>" if p == self.process else _esc(p)
            for p in mgv.PROCESSES)
        lines.append(f"<p style='margin:4px 0'>{where}.</p>")
        lines.append(f"<p style='margin:4px 0' class='asd-readiness'>{READINESS_TEXT}: "
                     f"<strong>{_esc(value)}</strong>{_esc(change)}</p>")
        lines.append(
            f"<div role='progressbar' aria-label='{READINESS_TEXT}' aria-valuemin='0' aria-valuemax='100' "
            f"aria-valuenow='{now}' aria-valuetext='{_esc(value)}' style='background:#e6e9ef;height:14px;"
            f"border-radius:7px;max-width:360px;margin:2px 0 6px'><div style='width:{now}%;height:100%;"
            f"background:{POSITIVE};border-radius:7px'></div></div>")
        lines.append(f"<p style='margin:4px 0' class='asd-process'>Fase van het gesprek: {fases}</p>")
        return "".join(lines)

    def _feedback(self) -> str:
        feedback = self.feedback
        rows = []
        for key, score in feedback.summary.items():
            show = _SUMMARY_FORMAT.get(key, lambda v: format_number(v, 2))
            value = show(score.value) if score.value is not None else f"– ({_NO_VALUE.get(key, 'geen waarde')})"
            if key in mgv.THRESHOLDS:
                fair, good = mgv.THRESHOLDS[key]
                threshold = f"redelijk vanaf {show(fair)}, goed vanaf {show(good)}"
            else:
                threshold = NO_THRESHOLD
            rating = score.rating if score.rating is not None else "–"
            rows.append(f"<tr><th scope='row'>{_esc(score.label)}</th><td class='asd-num'>{_esc(value)}</td>"
                        f"<td>{_esc(threshold)}</td><td>{_esc(rating)}</td></tr>")
        summary = ("<div style='overflow-x:auto;max-width:100%'><table class='asd-feedback'>"
                   "<caption style='text-align:left;font-weight:bold'>Jouw antwoorden, gescoord zoals in "
                   "de MITI</caption><thead><tr><th scope='col'>Maat</th><th scope='col' class='asd-num'>"
                   "Jouw gesprek</th><th scope='col'>Drempel</th><th scope='col'>Oordeel</th></tr></thead>"
                   f"<tbody>{''.join(rows)}</tbody></table></div>")
        key_rows = "".join(
            f"<tr><td class='asd-num'>{step.turn}</td><td>{_esc(step.option.text)}</td>"
            f"<td>{_esc(mgv.MITI_LABELS[step.code].lower())}</td><td>{_esc(step.talk)}</td>"
            f"<td class='asd-num'>{_esc(_percent(step.before.readiness))} → "
            f"{_esc(_percent(step.after.readiness))}"
            f"<br>({_esc(_points(step.before.readiness, step.after.readiness))})</td></tr>"
            for step in feedback.key_turns)
        key_turns = ("<div style='overflow-x:auto;max-width:100%'><table class='asd-key-turns'>"
                     "<caption style='text-align:left;font-weight:bold'>De beurten die het verschil maakten"
                     "</caption><thead><tr><th scope='col' class='asd-num'>Beurt</th><th scope='col' "
                     "style='min-width:11em'>Wat je zei</th><th scope='col'>Soort antwoord</th>"
                     "<th scope='col'>De cliënt liet horen</th>"
                     "<th scope='col' class='asd-num'>Bereidheid</th></tr></thead>"
                     f"<tbody>{key_rows}</tbody></table></div>") if feedback.key_turns else ""
        planning = ("Het gesprek kwam tot de fase plannen." if feedback.reached_planning
                    else "Het gesprek kwam niet tot de fase plannen.")
        return ("<h4 style='margin:12px 0 4px'>Terugkoppeling op jouw gesprek</h4>"
                f"<p class='asd-feedback-message'>{_esc(feedback.message)}</p>"
                f"<p>{_esc(planning)}</p>{summary}{key_turns}")

    def _comparison(self) -> str:
        if self.earlier is None:
            return ""
        if self.comparison is None:
            return (f"<p class='asd-compare-hint'>Je bent teruggegaan naar beurt {len(self.choices) + 1}. "
                    "Het eerdere gesprek is bewaard: kies nu een ander antwoord, dan zie je de twee "
                    "gesprekken naast elkaar.</p>")
        table = self.comparison
        body = []
        for _, row in table.iterrows():
            turn = int(row["beurt"])
            first = turn == self.first_difference
            mark = "<br><strong>(eerste verschil)</strong>" if first else ""
            cells = [f"<th scope='row' style='text-align:right'>{turn}{mark}</th>"]
            for label in "AB":
                said = row[f"keuze {label}"]
                if said is None or (isinstance(said, float) and pd.isna(said)):
                    cells.append("<td colspan='2'>(niet gespeeld)</td>")
                    continue
                ready = row[f"bereidheid {label}"]
                cells.append(f"<td><em>{_esc(said)}</em><br>{_esc(self.scenario.client_name)}: "
                             f"{_esc(row[f'reactie {label}'])} <span style='color:#57606a'>"
                             f"({_esc(row[f'cliënttaal {label}'])})</span></td>")
                cells.append(f"<td class='asd-num'>{_esc(_percent(ready))}</td>")
            style = " class='asd-first-difference'" if first else ""
            body.append(f"<tr{style} data-turn='{turn}'>{''.join(cells)}</tr>")
        return ("<h4 style='margin:12px 0 4px'>Twee gesprekken naast elkaar</h4>"
                f"<p>De gesprekken lopen uiteen in beurt {self.first_difference}.</p>"
                "<div style='overflow-x:auto;max-width:100%'><table class='asd-comparison'>"
                "<caption style='text-align:left;font-weight:bold'>Het eerdere gesprek en dit gesprek, "
                "beurt voor beurt</caption><thead><tr><th scope='col' style='text-align:right'>Beurt</th>"
                "<th scope='col' style='min-width:11em'>Eerdere gesprek: jij en de cliënt</th><th scope='col' "
                "class='asd-num'>Bereidheid</th><th scope='col' style='min-width:11em'>Dit gesprek: jij en de "
                "cliënt</th><th scope='col' "
                f"class='asd-num'>Bereidheid</th></tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    def _chart(self) -> LineChart:
        start = self.scenario.start
        series = [LineSeries(CURRENT_LABEL, _readiness_values(self.conversation, start), colour=NEUTRAL,
                             width=2.5)]
        if self.earlier is not None:
            series.append(LineSeries(EARLIER_LABEL, _readiness_values(self.earlier, start), colour="#8a4b00",
                                     dash="6 4"))
        turns = max(len(s.values) for s in series)
        marker = self.first_difference
        return LineChart(
            title=f"{READINESS_TEXT} per beurt",
            x=tuple(float(t) for t in range(turns)),
            series=tuple(series),
            x_label="beurt (0 is het begin)",
            y_label="bereidheid",
            marker=None if marker is None else float(marker),
            marker_label="" if marker is None else f"eerste verschil (beurt {marker})",
        )


# --------------------------------------------------------------------------------------
# The coding exercise
# --------------------------------------------------------------------------------------


def _code_options(speaker: str) -> list[tuple[str, str]]:
    codes = mgv.MITI_CODES if speaker == "hulpverlener" else mgv.CLIENT_CODES
    return [("Kies een code", NOT_CHOSEN)] + [(CODE_LABELS[c], c) for c in codes] + [(UNCODED_LABEL, UNCODED)]


class CodeerOefening(w.VBox):
    """Code a short transcript and compare the codes with the reference coding.

    Parameters
    ----------
    transcript : pandas.DataFrame, optional
        Columns ``spreker``, ``uiting`` and ``code`` (the reference); by default the
        course's transcript (:func:`modules.mgv.load_transcript` of :data:`modules.mgv.CODING_EXERCISE`).
    note : bool, default True
        Whether to carry the static-page note. The dashboard leaves it out: it runs live
        only, and a page has one note (the simulator's).

    Attributes
    ----------
    transcript : pandas.DataFrame
        The utterances and their reference codes.
    dropdowns : list of ipywidgets.Dropdown
        One per utterance: the learner's code (``NOT_CHOSEN`` until chosen).
    agreement : pandas.DataFrame or None
        :func:`modules.mgv.agreement` of the learner's codes and the reference, as shown.
    matches : tuple of bool or None
        Per utterance whether the learner's code is the reference code, as marked.
    result_html : str
        What the result area shows.
    """

    def __init__(self, transcript: pd.DataFrame | None = None, note: bool = True) -> None:
        self.transcript = mgv.load_transcript(mgv.CODING_EXERCISE) if transcript is None else transcript.reset_index(drop=True)
        self.dropdowns: list[w.Dropdown] = []
        self.marks: list[w.HTML] = []
        rows = []
        for number, (speaker, text) in enumerate(zip(self.transcript["spreker"], self.transcript["uiting"]), 1):
            who = "Hulpverlener" if speaker == "hulpverlener" else "Cliënt"
            dropdown = w.Dropdown(options=_code_options(speaker), value=NOT_CHOSEN,
                                  description=f"Code bij uiting {number}",
                                  style={"description_width": "9.5em"},
                                  layout=w.Layout(width="100%", max_width="440px"))
            mark = w.HTML(layout=w.Layout(max_width="100%"))
            dropdown.observe(self._on_change, names="value")
            self.dropdowns.append(dropdown)
            self.marks.append(mark)
            rows.append(w.VBox([
                w.HTML(f"<p style='margin:2px 0'><strong>{number}. {_esc(who)}:</strong> {_esc(text)}</p>",
                       layout=w.Layout(max_width="100%")),
                w.HBox([dropdown, mark], layout=w.Layout(flex_flow="row wrap", align_items="center",
                                                         max_width="100%")),
            ], layout=w.Layout(border_bottom="1px solid #d0d7de", padding="2px 0", max_width="640px")))
        self.compare_button = w.Button(description="Vergelijk met de referentie",
                                       layout=w.Layout(width="auto", max_width="100%", align_self="flex-start",
                                                       margin="8px 0"))
        self.compare_button.add_class("asd-compare")
        self.message = MessageBox()
        self.result = w.HTML(layout=w.Layout(max_width="100%"))
        self.result.add_class(LIVE_REGION_CLASS)
        self.agreement: pd.DataFrame | None = None
        self.matches: tuple[bool, ...] | None = None
        self.result_html = ""
        super().__init__([
            w.HTML(_STYLE),
            w.HTML("<h3 style='margin-top:0'>Codeeroefening</h3>"),
            *([w.HTML(EXERCISE_STATIC_NOTE)] if note else []),
            w.HTML("<p>Geef elke uiting een code. Bij de hulpverlener kies je een MITI-code, bij de cliënt "
                   "verandertaal, behoudtaal of neutraal. Klik daarna op <em>Vergelijk met de "
                   "referentie</em>.</p>", layout=w.Layout(max_width="640px")),
            *rows,
            self.compare_button,
            self.message,
            self.result,
        ], layout=w.Layout(max_width="100%"))
        # Not "asd-mgv": that class names the simulator, the module's one widget per page.
        self.add_class("asd-codeeroefening")
        self.add_class(WIDGET_CLASS)
        self.compare_button.on_click(lambda _: self.compare())

    @property
    def coding(self) -> list[str]:
        """The learner's codes, one per utterance (``NOT_CHOSEN`` where none is chosen)."""
        return [dropdown.value for dropdown in self.dropdowns]

    def set_coding(self, codes: Sequence[str]) -> None:
        """Choose ``codes`` in the dropdowns, as a learner would, one per utterance."""
        for dropdown, code in zip(self.dropdowns, codes):
            dropdown.value = code

    def _on_change(self, change: object = None) -> None:
        if self.agreement is not None:
            self._clear("<p>Je hebt een code veranderd. Klik opnieuw op <em>Vergelijk met de referentie</em>."
                        "</p>")

    def _clear(self, text: str = "") -> None:
        self.agreement, self.matches = None, None
        for mark in self.marks:
            mark.value = ""
        self.result_html = text
        self.result.value = text

    def compare(self) -> bool:
        """Compare the learner's codes with the reference; False (and a Dutch message) if that failed."""
        missing = [str(n) for n, code in enumerate(self.coding, 1) if code == NOT_CHOSEN]
        if missing:
            self._clear()
            if len(missing) > 3:
                which = f"{len(missing)} uitingen, de eerste is uiting {missing[0]}"
            else:
                which = "uiting " + (missing[0] if len(missing) == 1
                                     else ", ".join(missing[:-1]) + " en " + missing[-1])
            self.message.show(f"Kies eerst een code bij elke uiting. Nog geen code bij {which}.")
            return False

        def compute() -> None:
            coding, reference = self.coding, list(self.transcript["code"])
            table = mgv.agreement(coding, reference)
            matches = tuple(a == b for a, b in zip(coding, reference))
            self.agreement, self.matches = table, matches
            for mark, match, code in zip(self.marks, matches, reference):
                mark.value = ("<span style='color:#1a7f4b'>✓ komt overeen</span>" if match else
                              f"<span style='color:{NEGATIVE}'>✗ referentie: {_esc(CODE_LABELS[code])}</span>")
            self.result_html = _agreement_html(table, matches)
            self.result.value = self.result_html

        return self.message.run(compute, LABELS)


def _agreement_html(table: pd.DataFrame, matches: tuple[bool, ...]) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{_esc(CODE_LABELS.get(code, code))}</th>"
        f"<td class='asd-num'>{int(row['referentie'])}</td><td class='asd-num'>{int(row['codering'])}</td>"
        f"<td class='asd-num'>{int(row['gelijk'])}</td>"
        f"<td class='asd-num'>{_esc(_percent(row['overeenstemming']))}</td></tr>"
        for code, row in table.iterrows())
    alike = sum(matches)
    return (f"<p><strong>{alike} van de {len(matches)} uitingen</strong> heb je gecodeerd zoals de referentie."
            "</p><div style='overflow-x:auto;max-width:100%'><table class='asd-agreement'>"
            "<caption style='text-align:left;font-weight:bold'>Overeenstemming per code</caption><thead><tr>"
            "<th scope='col'>Code</th><th scope='col' class='asd-num'>Referentie</th><th scope='col' "
            "class='asd-num'>Jij</th><th scope='col' class='asd-num'>Gelijk</th><th scope='col' "
            f"class='asd-num'>Overeenstemming</th></tr></thead><tbody>{rows}</tbody></table></div>"
            "<p style='color:#57606a'>Overeenstemming per code: de uitingen die jullie allebei zo "
            "codeerden, gedeeld door de uitingen die een van jullie zo codeerde. Bij het totaal: de "
            "uitingen met dezelfde code, gedeeld door alle uitingen.</p>")


# --------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------


class MgvDashboard(w.VBox):
    """The simulator and the coding exercise on one page (the Voila dashboard).

    Attributes
    ----------
    simulator : GesprekSimulator
        The gesprekssimulator.
    exercise : CodeerOefening
        The coding exercise.
    """

    def __init__(self) -> None:
        self.simulator = GesprekSimulator()
        self.exercise = CodeerOefening(note=False)
        super().__init__([self.simulator, w.HTML("<hr>"), self.exercise],
                         layout=w.Layout(max_width="100%"))


def dashboard() -> MgvDashboard:
    """The simulator and the coding exercise as a full-page dashboard (``book/mgv/dashboard.ipynb``)."""
    return _dashboard(MgvDashboard())


# --------------------------------------------------------------------------------------
# Static figure for the book page (matplotlib): what the simulator shows, without a kernel.
# --------------------------------------------------------------------------------------


def example_choices(scenario: str, preference: Sequence[str]) -> tuple[int, ...]:
    """Per turn the option whose response type comes first in ``preference``.

    Parameters
    ----------
    scenario : str
        Key of :data:`modules.mgv.SCENARIOS`.
    preference : sequence of str
        Response types, most preferred first (:data:`MI_PREFERENCE`, :data:`REFLEX_PREFERENCE`).

    Returns
    -------
    tuple of int
        The index of the chosen option per turn (the first option where none is listed).
    """
    order = {kind: rank for rank, kind in enumerate(preference)}
    return tuple(min(range(len(turn.options)),
                     key=lambda i, turn=turn: (order.get(turn.options[i].response_type, len(order)), i))
                 for turn in mgv.SCENARIOS[scenario].turns)


def plot_voorbeeldgesprek(scenario: str = START_SCENARIO, seed: int = SEED) -> plt.Figure:
    """Readiness per turn in one scenario played two ways: MI-consistent and with the righting reflex.

    Parameters
    ----------
    scenario : str, default START_SCENARIO
        Key of :data:`modules.mgv.SCENARIOS`.
    seed : int, default SEED
        Seed of :func:`modules.mgv.simulate`, the simulator's own.

    Returns
    -------
    matplotlib.figure.Figure
        Two lines, readiness from the start (turn 0) to the last turn, with the process
        reached at the end of each.
    """
    played = mgv.SCENARIOS[scenario]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    paths = (("met MI-consistente antwoorden", MI_PREFERENCE, NEUTRAL, "-", "o"),
             ("met de correctiereflex", REFLEX_PREFERENCE, NEGATIVE, "--", "s"))
    for label, preference, colour, style, marker in paths:
        conversation = mgv.simulate(scenario, example_choices(scenario, preference), seed=seed)
        values = [100 * v for v in _readiness_values(conversation, played.start)]
        ax.plot(range(len(values)), values, color=colour, linestyle=style, marker=marker, linewidth=2,
                label=f"{label} (eindigt in de fase {conversation.final.process})")
    ax.set_xlim(0, len(played.turns))
    ax.set_ylim(-3, 103)  # room for the markers at 0 and 100 %
    ax.set_yticks(range(0, 101, 20))
    ax.set_xticks(range(len(played.turns) + 1))
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: _percent(v / 100)))
    ax.set_xlabel("beurt (0 is het begin)")
    ax.set_ylabel("bereidheid om te veranderen")
    ax.set_title(f"{played.title}:\ntwee manieren om het gesprek te voeren", fontsize=11)
    ax.grid(axis="y", color="#d0d7de", linewidth=0.8)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, frameon=False)
    fig.tight_layout()
    return fig
