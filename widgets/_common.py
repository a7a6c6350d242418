"""Helpers every module's widget uses: Dutch numbers in and out, SVG charts, safe updates.

Charts are plain SVG inside an ``HTML`` widget rather than matplotlib figures: an update
takes well under a millisecond, the chart is text a screen reader can read (``role="img"``
with a Dutch title), and the saved widget state shows it on a static book page without any
Python running. Every chart scales to its box (``width="100%"`` with a ``viewBox``), so it
fits a 390 px phone screen.

Numbers are written and read with Babel's ``nl_NL`` locale (CLDR data):

- ``format_number`` / ``format_euro`` group thousands from 1.000 on, as CLDR's Dutch data
  does (minimum grouping digits 1): ``1.500``, ``€ 12.345``, ``€ -2.000`` (CLDR puts the
  minus after the euro sign). Widgets only format amounts and ratios this way, never
  years. The validation messages of ``modules/_validation.py`` (``format_value``) group
  only from 10.000, because the number in a message may be a year (2026); that is the
  model's choice for messages, not a second number style for amounts.
- ``format_percent`` writes a space (no-break) before the percent sign: ``2,25 %``. CLDR's
  Dutch pattern has none (``2,25%``); the Taalunie allows both and the course keeps the
  space it has always used.
- ``parse_number`` reads what a learner types the Dutch way (``1.500``, ``3.000,50``,
  ``4,5``, ``€ 2.000``) and refuses anything it would have to guess at (``1.5``, ``1e5``):
  a learner never gets a silently misread number. ``DutchNumberField`` is the text field
  built on it.
"""

from __future__ import annotations

import html
import logging
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator, Mapping, Sequence

import ipywidgets as w
import traitlets
from babel import Locale
from babel.numbers import NumberFormatError, format_currency, format_decimal, parse_decimal

from modules._validation import InvalidInput, InvalidType, Interval, check_number

__all__ = [
    "interval_slider",
    "scroll_table",
    "LOCALE",
    "format_euro",
    "format_percent",
    "format_number",
    "parse_number",
    "NumberTextError",
    "DutchNumberField",
    "SliderReadout",
    "with_readout",
    "BarChart",
    "bar_chart_svg",
    "TornadoBar",
    "tornado_svg",
    "LineSeries",
    "LineChart",
    "line_chart_svg",
    "MessageBox",
    "Simulator",
    "STALE_NOTE",
    "LIVE_REGION_CLASS",
    "WIDGET_CLASS",
    "static_note",
    "dashboard",
]

log = logging.getLogger(__name__)

#: The locale of everything a learner reads.
LOCALE = "nl_NL"

POSITIVE = "#1a7f4b"  # green with 4.5:1 contrast on white for the bar labels
NEGATIVE = "#b3261e"
NEUTRAL = "#3b5b92"
TEXT = "#1f2328"
NBSP = "\u00a0"

#: Class of every course widget's root: asd-a11y.js freezes its controls on a static page.
WIDGET_CLASS = "asd-widget"
#: Class of a results region: asd-a11y.js makes it an aria-live="polite" region.
LIVE_REGION_CLASS = "asd-live"
#: Class a DutchNumberField carries while its text is invalid (asd-a11y.js: aria-invalid).
INVALID_CLASS = "asd-invalid"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pattern(decimals: int) -> str:
    """A Babel number pattern with thousands grouping and exactly ``decimals`` decimals."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _no_negative_zero(value: float, decimals: int) -> float:
    """``-0.3`` shown without decimals is ``0``, not ``-0``."""
    return 0.0 if round(value, decimals) == 0 else value


def format_number(value: float, decimals: int = 0) -> str:
    """A number the Dutch way (Babel, nl_NL): ``12.345,6``; ``–`` for a missing value.

    Parameters
    ----------
    value : float or None
        The number; None or NaN is shown as an en dash.
    decimals : int, default 0
        Exactly this many decimals (rounded half to even, as Babel does).

    Examples
    --------
    >>> format_number(12345.6, 1), format_number(1500), format_number(0.5, 2)
    ('12.345,6', '1.500', '0,50')
    """
    if _missing(value):
        return "–"
    value = _no_negative_zero(float(value), decimals)
    return format_decimal(value, format=_pattern(decimals), locale=LOCALE)


def _currency_pattern(decimals: int) -> str:
    """CLDR's Dutch currency pattern (``¤ #,##0.00;¤ -#,##0.00``) with ``decimals`` decimals."""
    standard = Locale.parse(LOCALE).currency_formats["standard"].pattern
    return standard.replace("#,##0.00", _pattern(decimals))


def format_euro(value: float, decimals: int = 0) -> str:
    """An amount in euro the Dutch way (Babel, nl_NL): ``€ 12.345`` or ``€ -2.000``.

    Examples
    --------
    >>> format_euro(12345.4), format_euro(-2000), format_euro(3000.5, 2)
    ('€\\xa012.345', '€\\xa0-2.000', '€\\xa03.000,50')
    """
    if _missing(value):
        return "–"
    value = _no_negative_zero(float(value), decimals)
    return format_currency(value, "EUR", format=_currency_pattern(decimals), locale=LOCALE,
                           currency_digits=False)


def format_percent(fraction: float, decimals: int = 1) -> str:
    """A fraction as a Dutch percentage: ``0.0225`` becomes ``2,3 %`` (1 decimal).

    Examples
    --------
    >>> format_percent(0.0225, 2), format_percent(1.0, 0)
    ('2,25\\xa0%', '100\\xa0%')
    """
    if _missing(fraction):
        return "–"
    return f"{format_number(100 * fraction, decimals)}{NBSP}%"


# --------------------------------------------------------------------------------------
# Reading Dutch numbers
# --------------------------------------------------------------------------------------

_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})  # minus sign, en dash
_SPACE = re.compile(r"[\s\u00a0\u202f]+")
_EURO = re.compile(r"€|\beuro?\b", re.IGNORECASE)
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d*)?")
_DIGITS = re.compile(r"\d*(?:[.,]\d*)*")
EXAMPLES = "zoals 1.500 of 3.000,50"


class NumberTextError(ValueError):
    """Text that is not a number in Dutch notation; ``str(error)`` says why, in Dutch."""


def parse_number(text: str, max_decimals: int | None = None) -> float:
    """Read a number written the Dutch way; refuse what would have to be guessed.

    A dot separates thousands and a comma marks decimals, strictly by Babel's ``nl_NL``
    rules: ``"1.500"`` is 1500, ``"3.000,50"`` is 3000.5, ``"4,5"`` is 4.5. A euro sign or
    the word euro, spaces around the number, a plus or minus sign (also ``−``) and spaces
    between groups of three digits (``"1 500"``) are allowed. Refused with a Dutch reason:
    empty text, letters, scientific notation (``"1e5"``), NaN or infinity, a dot that does
    not group thousands (``"1.5"`` could be 15 or 1,5), more than one comma, and more
    decimals than ``max_decimals`` (so ``"1,500"`` for an amount in euro is not silently
    read as one and a half euro).

    Parameters
    ----------
    text : str
        What the learner typed.
    max_decimals : int or None, default None
        Most digits allowed after the comma; None for no limit.

    Returns
    -------
    float
        The number.

    Raises
    ------
    NumberTextError
        A ``ValueError`` whose message explains, in Dutch, what to write instead.

    Examples
    --------
    >>> parse_number("1.500"), parse_number("3.000,50"), parse_number("€ -2.000")
    (1500.0, 3000.5, -2000.0)
    >>> parse_number("1.5")
    Traceback (most recent call last):
    ...
    widgets._common.NumberTextError: '1.5' is niet eenduidig: gebruik een komma voor decimalen (1,5) en een punt alleen tussen duizendtallen (1.500). Bedoel je 15 of 1,5?
    """
    if not isinstance(text, str):
        raise NumberTextError(f"{text!r} is geen tekst.")
    shown = text.strip()
    if not shown:
        raise NumberTextError("vul een getal in.")
    body = _SPACE.sub(" ", _EURO.sub(" ", shown.translate(_MINUS))).strip()
    sign = ""
    if body and body[0] in "+-":
        sign, body = ("-" if body[0] == "-" else ""), body[1:].strip()
    if _SPACED_THOUSANDS.fullmatch(body):
        body = body.replace(" ", ".")
    if not body or not _DIGITS.fullmatch(body) or not re.search(r"\d", body):
        if " " in body and re.fullmatch(r"[\d ,.]+", body):
            raise NumberTextError(
                f"'{shown}' heeft een spatie op een vreemde plek: een spatie mag alleen tussen "
                "groepjes van drie cijfers staan (1 500)."
            )
        raise NumberTextError(f"'{shown}' is geen getal. Schrijf het getal in cijfers, {EXAMPLES}.")
    if body.count(",") > 1:
        raise NumberTextError(
            f"'{shown}' heeft meer dan één komma. De komma staat voor de decimalen, een punt "
            f"tussen duizendtallen, {EXAMPLES}."
        )
    fraction = body.split(",", 1)[1] if "," in body else ""
    decimals = len(fraction)
    if max_decimals is not None and decimals > max_decimals and fraction.isdigit():
        hint = ""
        if "." not in body and re.fullmatch(r"\d{1,3},\d{3}", body):
            hint = f" Bedoel je {body.replace(',', '.')}? Schrijf dan een punt tussen duizendtallen."
        raise NumberTextError(
            f"'{shown}' heeft {decimals} cijfers achter de komma; hier mogen er hoogstens "
            f"{max_decimals}. De komma staat voor de decimalen.{hint}"
        )
    try:
        number: Decimal = parse_decimal(sign + body, locale=LOCALE, strict=True)
    except NumberFormatError as error:
        guesses = [g for g in (getattr(error, "suggestions", None) or []) if g]
        guess = f" Bedoel je {' of '.join(guesses)}?" if guesses else ""
        if "." in body:
            raise NumberTextError(
                f"'{shown}' is niet eenduidig: gebruik een komma voor decimalen (1,5) en een "
                f"punt alleen tussen duizendtallen (1.500).{guess}"
            ) from None
        raise NumberTextError(f"'{shown}' is geen getal. Schrijf het getal {EXAMPLES}.") from None
    value = float(number)
    if not math.isfinite(value):  # pragma: no cover - the digit check above rules this out
        raise NumberTextError(f"'{shown}' is geen getal.")
    return value + 0.0  # no -0.0


def _editable(value: float, max_decimals: int | None) -> str:
    """A number as a learner would type it: ``2.000``, ``3.000,5``."""
    places = 6 if max_decimals is None else max_decimals
    return format_decimal(value, format="#,##0" + ("." + "#" * places if places else ""),
                          locale=LOCALE)


class DutchNumberField(w.Text):
    """A text field for a number in Dutch notation (``1.500``, ``3.000,50``, ``4,5``).

    The learner's text stays as typed (``value``); ``number`` holds the number it means, or
    None while the text is not a valid number in ``interval``, and ``error`` the Dutch
    message that says why, naming the field and the allowed range. Both are traitlets, so
    a widget can ``observe`` them. The field updates when the learner presses Enter or
    leaves it (``continuous_update=False``), not halfway through typing ``1.500``.

    Parameters
    ----------
    number : float
        The starting number, written into the field the Dutch way.
    label : str
        The field's name in messages, for example ``"Investering"``.
    parameter : str
        The parameter name the domain model uses for this input (for ``MessageBox``).
    interval : Interval, optional
        Allowed range; shown in every message.
    max_decimals : int or None, default 2
        Most digits allowed after the comma (2 for euro, so ``1,500`` is not misread).
    **kwargs
        Passed to ``ipywidgets.Text`` (``description``, ``style``, ``layout``...).
    """

    number = traitlets.Float(None, allow_none=True)
    error = traitlets.Unicode("")

    def __init__(self, number: float, *, label: str, parameter: str,
                 interval: Interval = Interval(), max_decimals: int | None = 2,
                 **kwargs: object) -> None:
        kwargs.setdefault("continuous_update", False)
        kwargs.setdefault("description", label)
        kwargs.setdefault("placeholder", "bijvoorbeeld 1.500 of 3.000,50")
        self.label = label
        self.parameter = parameter
        self.interval = interval
        self.max_decimals = max_decimals
        super().__init__(value=_editable(number, max_decimals), **kwargs)
        self.observe(self._parse, names="value")
        self._parse()

    def _message(self, text: str) -> str:
        return f"'{self.label}': {text} Toegestaan: {self.interval.describe()}."

    def _parse(self, change: object = None) -> None:
        try:
            value = parse_number(self.value, self.max_decimals)
            check_number(self.parameter, value, self.interval)
        except NumberTextError as error:
            self._set(None, self._message(str(error)))
            return
        except InvalidInput as error:
            self._set(None, error.for_label(self.label))
            return
        self._set(value, "")

    def _set(self, number: float | None, error: str) -> None:
        with self.hold_trait_notifications():
            self.error = error
            self.number = number
        if error:
            self.add_class(INVALID_CLASS)
        else:
            self.remove_class(INVALID_CLASS)

    def set_number(self, number: float) -> None:
        """Write ``number`` into the field as a learner would type it (``1.369,06``)."""
        self.value = _editable(number, self.max_decimals)

    def parsed(self) -> float:
        """The number, or raise ``InvalidInput`` with the field's Dutch message."""
        if self.error or self.number is None:
            raise InvalidInput(self.parameter, self.error)
        return self.number


class SliderReadout(w.HTML):
    """A slider's value shown the Dutch way with its unit: ``2,25 %``, ``10 jaar``.

    The markup carries the unit and decimals as data attributes; ``asd-a11y.js`` uses them
    to give the slider handle a Dutch ``aria-valuetext`` that follows the handle while it
    moves (ipywidgets' own readout writes ``2.25``, with a decimal point and no unit).
    """

    def __init__(self, slider: w.Widget, unit: str, decimals: int = 0) -> None:
        self.unit = unit
        self.decimals = decimals
        super().__init__(layout=w.Layout(min_width="4.5em", flex="0 0 auto", margin="0 0 0 6px"))
        self.add_class("asd-readout-box")
        slider.observe(lambda change: self.show(change["new"]), names="value")
        self.show(slider.value)

    @property
    def text(self) -> str:
        """The readout as a learner reads it (``2,25 %``)."""
        return f"{format_number(self._value, self.decimals)}{NBSP}{self.unit}"

    def show(self, value: float) -> None:
        self._value = value
        self.value = (
            f'<span class="asd-readout" data-unit="{html.escape(self.unit)}" '
            f'data-decimals="{self.decimals}">{html.escape(self.text)}</span>'
        )


def with_readout(slider: w.Widget, unit: str, decimals: int = 0) -> w.HBox:
    """Hide ipywidgets' readout and put a Dutch one (``SliderReadout``) beside the slider.

    Returns the row to place in a layout; the readout is ``row.children[1]``.
    """
    slider.readout = False
    slider.layout.flex = "1 1 auto"
    slider.layout.min_width = "0"
    slider.layout.width = "auto"
    row = w.HBox([slider, SliderReadout(slider, unit, decimals)],
                 layout=w.Layout(width="100%", max_width="560px", align_items="center"))
    row.add_class("asd-slider-row")
    return row


def interval_slider(interval: Interval, value: float, description: str, *, unit: str,
                    scale: float = 1.0, step: float = 1.0, decimals: int = 0,
                    style: dict | None = None) -> tuple[w.Widget, w.HBox]:
    """A slider whose bounds are the model's :class:`~modules._validation.Interval`.

    The model's constraint is the single source of the range, so a slider can never offer
    a value the model refuses or hide one it accepts. ``scale`` converts the model's unit
    to the one shown (100 for a decimal rate shown in percent); an open bound moves in by
    one ``step``. Whole-number steps on a whole-number scale give an ``IntSlider``.

    Returns the slider and the row (slider plus Dutch readout) to place in a layout.
    """
    low = interval.low * scale + (0 if interval.low_closed else step)
    high = interval.high * scale - (0 if interval.high_closed else step)
    shown = value * scale
    if not low <= shown <= high:
        raise ValueError(f"start value {shown} lies outside the slider's range [{low}, {high}]")
    whole = float(step).is_integer() and float(low).is_integer() and decimals == 0
    kind = w.IntSlider if whole else w.FloatSlider
    cast = int if whole else float
    slider = kind(value=cast(shown), min=cast(low), max=cast(high), step=cast(step),
                  description=description, style=style or {}, continuous_update=False)
    return slider, with_readout(slider, unit, decimals)


# --------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarChart:
    """Data of a horizontal bar chart: what tests assert on and what the SVG draws.

    Only ``title``, ``labels`` and ``values`` are needed; the rest is optional and empty by
    default, which draws the plain chart (green up, red down):

    - ``low`` and ``high``: per bar the ends of a band (for example the 5th and 95th
      percentile over simulation runs), drawn as a whisker with caps across the bar's end
      and read out in the bar's tooltip; ``band_label`` names the whisker in a legend;
    - ``reference``: per bar a value to compare with (a baseline, a share to set it
      against), drawn as a thick vertical stroke on the bar's row; ``reference_label``
      names it in a legend and the tooltip;
    - ``colour``: one colour for every bar (for a measure where up is not "good");
    - ``limits``: the axis range as (low, high), so a chart keeps its scale while a learner
      moves a control; the range still always holds 0 and every value drawn.

    A value, band end or reference that is None or NaN draws nothing and reads "–".
    """

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    low: tuple[float, ...] = ()
    high: tuple[float, ...] = ()
    reference: tuple[float, ...] = ()
    band_label: str = ""
    reference_label: str = ""
    colour: str = ""
    limits: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if len(self.low) != len(self.high) or (self.low and len(self.low) != len(self.values)):
            raise ValueError("'low' and 'high' hold one band end per value, or are both empty")
        if self.reference and len(self.reference) != len(self.values):
            raise ValueError("'reference' holds one value per bar, or is empty")


def _shorten(label: str, limit: int) -> str:
    """Cut a long label with an ellipsis; the bar's tooltip keeps the full text."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg_open(title: str, width: int, height: int) -> list[str]:
    """Opening of a chart: an accessible SVG root, its title for screen readers, a heading.

    The chart scales down to its box (``width="100%"``, ``viewBox``, ``height:auto``) and
    never grows past its design width, so it fits a 390 px screen without scrolling.
    """
    name = html.escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" '
        f'width="100%" viewBox="0 0 {width} {height}" class="asd-chart" '
        f'style="display:block;max-width:{width}px;height:auto">',
        f"<title>{name}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{TEXT}">{name}</text>',
    ]


def _scale(lo: float, hi: float) -> tuple[float, float]:
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi == lo:
        hi = lo + 1.0
    return lo, hi


def bar_chart_svg(chart: BarChart, width: int = 640, row: int = 30,
                  value_format: Callable[[float], str] = format_euro) -> str:
    """Render a horizontal bar chart as accessible inline SVG (green up, red down).

    Parameters
    ----------
    chart : BarChart
        Title, labels and values, and optionally a band, a reference, one colour and the
        axis range (see :class:`BarChart`).
    width, row : int, default 640 and 30
        Design width and the height of one bar's row, in SVG units.
    value_format : callable, default format_euro
        Writes a value beside its bar and in the tooltips (``format_percent`` for shares).

    Returns
    -------
    str
        The ``<svg>`` element. Every bar carries its data on attributes (``data-label``,
        ``data-value``); a band's whisker ``data-low`` and ``data-high`` (class
        ``asd-band``); a reference's stroke ``data-value`` (class ``asd-reference``).
    """
    label_w, value_w = 210, 110
    plot_w = width - label_w - value_w
    n = len(chart.values)
    band = bool(chart.low)
    reference = bool(chart.reference)
    legend = [(kind, text) for kind, text, shown in (("band", chart.band_label, band),
                                                     ("reference", chart.reference_label, reference))
              if shown and text]
    bars_h = 40 + row * max(1, n)
    height = bars_h + 22 * len(legend) + (6 if legend else 0)
    drawn = [float(v) for v in (*chart.values, *chart.low, *chart.high, *chart.reference) if not _missing(v)]
    lo, hi = _scale(min(drawn, default=0.0), max(drawn, default=0.0))
    if chart.limits is not None:
        lo, hi = _scale(min(lo, chart.limits[0]), max(hi, chart.limits[1]))

    def x(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    def shown(v: float) -> str:
        return "–" if _missing(v) else value_format(v)

    parts = _svg_open(chart.title, width, height)
    parts.append(f'<line x1="{x(0):.1f}" y1="28" x2="{x(0):.1f}" y2="{bars_h - 4}" stroke="{TEXT}" />')
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = 32 + i * row
        middle = y + row / 2 - 1
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row / 2 + 4:.1f}" font-size="13" '
            f'text-anchor="end" fill="{TEXT}">{html.escape(label)}</text>'
        )
        if not _missing(value):
            left, right = sorted((x(0), x(value)))
            colour = chart.colour or (POSITIVE if value >= 0 else NEGATIVE)
            tip = f"{label}: {shown(value)}"
            if band and not (_missing(chart.low[i]) or _missing(chart.high[i])):
                tip += f" (van {shown(chart.low[i])} tot {shown(chart.high[i])})"
            if reference and not _missing(chart.reference[i]):
                tip += f"; {chart.reference_label or 'ter vergelijking'}: {shown(chart.reference[i])}"
            parts.append(
                f'<rect x="{left:.1f}" y="{y + 4}" width="{max(right - left, 1):.1f}" '
                f'height="{row - 10}" fill="{colour}" data-label="{html.escape(label)}" '
                f'data-value="{value:.2f}"><title>{html.escape(tip)}</title></rect>'
            )
        if band and not (_missing(chart.low[i]) or _missing(chart.high[i])):
            a, b = x(chart.low[i]), x(chart.high[i])
            parts.append(
                f'<g class="asd-band" data-label="{html.escape(label)}" data-low="{chart.low[i]:.4f}" '
                f'data-high="{chart.high[i]:.4f}" stroke="{TEXT}" stroke-width="1.5">'
                f'<line x1="{a:.1f}" y1="{middle:.1f}" x2="{b:.1f}" y2="{middle:.1f}" />'
                f'<line x1="{a:.1f}" y1="{middle - 5:.1f}" x2="{a:.1f}" y2="{middle + 5:.1f}" />'
                f'<line x1="{b:.1f}" y1="{middle - 5:.1f}" x2="{b:.1f}" y2="{middle + 5:.1f}" /></g>'
            )
        if reference and not _missing(chart.reference[i]):
            r = x(chart.reference[i])
            # Dark with a white edge, so it shows on a bar of any colour and on the white.
            parts.append(
                f'<g class="asd-reference" data-label="{html.escape(label)}" '
                f'data-value="{chart.reference[i]:.4f}">'
                f'<line x1="{r:.1f}" y1="{y + 1}" x2="{r:.1f}" y2="{y + row - 3}" stroke="white" stroke-width="6" />'
                f'<line x1="{r:.1f}" y1="{y + 1}" x2="{r:.1f}" y2="{y + row - 3}" stroke="{TEXT}" stroke-width="3" /></g>'
            )
        parts.append(
            f'<text x="{width - 4}" y="{y + row / 2 + 4:.1f}" font-size="13" '
            f'text-anchor="end" fill="{TEXT}">{html.escape(shown(value))}</text>'
        )
    for j, (kind, text) in enumerate(legend):
        ly = bars_h + 14 + 22 * j
        if kind == "band":
            parts.append(f'<g stroke="{TEXT}" stroke-width="1.5"><line x1="8" y1="{ly - 5}" x2="36" y2="{ly - 5}" />'
                         f'<line x1="8" y1="{ly - 10}" x2="8" y2="{ly}" /><line x1="36" y1="{ly - 10}" '
                         f'x2="36" y2="{ly}" /></g>')
        else:
            parts.append(f'<line x1="22" y1="{ly - 13}" x2="22" y2="{ly + 3}" stroke="{TEXT}" '
                         'stroke-width="3" />')
        parts.append(f'<text x="44" y="{ly}" font-size="13" fill="{TEXT}">{html.escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class TornadoBar:
    """One bar of a tornado chart: the NPV with an input at its low and its high value."""

    label: str
    npv_low: float
    npv_high: float


def tornado_svg(title: str, base: float, bars: Sequence[TornadoBar], width: int = 640,
                row: int = 30) -> str:
    """Render a tornado chart as accessible inline SVG, widest bar on top."""
    label_w, margin, max_chars = 270, 20, 34
    plot_w = width - label_w - margin
    height = 60 + row * max(1, len(bars))
    values = [base] + [b.npv_low for b in bars] + [b.npv_high for b in bars]
    lo, hi = _scale(min(values), max(values))

    def x(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    parts = _svg_open(title, width, height)
    for i, bar in enumerate(bars):
        y = 32 + i * row
        left, right = sorted((x(bar.npv_low), x(bar.npv_high)))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row / 2 + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="{TEXT}">{html.escape(_shorten(bar.label, max_chars))}</text>'
        )
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 4}" width="{max(right - left, 1):.1f}" '
            f'height="{row - 10}" fill="{NEUTRAL}" data-label="{html.escape(bar.label)}" '
            f'data-low="{bar.npv_low:.2f}" data-high="{bar.npv_high:.2f}">'
            f'<title>{html.escape(bar.label)}: '
            f"{format_euro(bar.npv_low)} tot {format_euro(bar.npv_high)}</title></rect>"
        )
    base_x = x(base)
    zero_x = x(0)
    parts.append(
        f'<line x1="{base_x:.1f}" y1="28" x2="{base_x:.1f}" y2="{height - 24}" '
        f'stroke="{TEXT}" stroke-dasharray="4 3" />'
    )
    # Keep the label inside the chart when the base lies near an edge.
    anchor = "end" if base_x > width - 80 else "start" if base_x < label_w + 80 else "middle"
    parts.append(
        f'<text x="{base_x:.1f}" y="{height - 8}" font-size="12" text-anchor="{anchor}" '
        f'fill="{TEXT}">basis {format_euro(base)}</text>'
    )
    if lo < 0 < hi:
        parts.append(
            f'<line x1="{zero_x:.1f}" y1="28" x2="{zero_x:.1f}" y2="{height - 24}" '
            f'stroke="{NEGATIVE}" />'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class LineSeries:
    """One line of a line chart: its label, its values and how it is drawn.

    ``dash`` is an SVG ``stroke-dasharray`` (``""`` for a solid line), so lines differ in
    pattern as well as colour and can be told apart without seeing colour.
    """

    label: str
    values: tuple[float, ...]
    colour: str = NEUTRAL
    dash: str = ""
    width: float = 2.0


@dataclass(frozen=True)
class LineChart:
    """Data of a line chart: what tests assert on and what :func:`line_chart_svg` draws.

    ``x`` holds the positions shared by every series (for example months 0 to 60);
    ``marker`` optionally marks one position with a vertical dashed line and
    ``marker_label``.
    """

    title: str
    x: tuple[float, ...]
    series: tuple[LineSeries, ...]
    x_label: str
    y_label: str
    marker: float | None = None
    marker_label: str = ""


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) that cover [low, high]."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def line_chart_svg(chart: LineChart, width: int = 480, height: int = 300,
                   y_format: Callable[[float], str] = format_euro) -> str:
    """Render a line chart as accessible inline SVG: axes, lines, legend and a marker.

    The SVG has ``role="img"`` with the Dutch title as its name, and a ``<desc>`` that
    reads out every line's last value, so a screen reader gets the chart's message. Axis
    labels and the legend are real text, placed outside the plot (the legend below it,
    wrapping over rows), so they stay readable when the chart scales down to a 390 px
    screen through its ``viewBox``. Every line carries its data on attributes
    (``data-label`` and ``data-values``).

    Parameters
    ----------
    chart : LineChart
        Title, positions, series, axis labels and the optional marker.
    width, height : int, default 480 and 300
        Design size of the plot area's box in SVG units; the legend adds rows below.
    y_format : callable, default format_euro
        Writes a y value for the axis and the description.

    Returns
    -------
    str
        The ``<svg>`` element.
    """
    font, left, right, top = 15, 82, 14, 52
    plot_h = height - top - 44
    plot_w = width - left - right
    columns = 2
    legend_rows = math.ceil(len(chart.series) / columns)
    total_h = height + 14 + 22 * legend_rows
    xs = list(chart.x) or [0.0]
    x_lo, x_hi = min(xs), max(xs)
    if x_hi == x_lo:
        x_hi = x_lo + 1.0
    values = [v for s in chart.series for v in s.values if not _missing(v)]
    y_lo, y_hi = _scale(min(values, default=0.0), max(values, default=0.0))
    y_ticks = _nice_ticks(y_lo, y_hi)
    y_lo, y_hi = min(y_ticks[0], y_lo), max(y_ticks[-1], y_hi)

    def x(v: float) -> float:
        return left + (v - x_lo) / (x_hi - x_lo) * plot_w

    def y(v: float) -> float:
        return top + plot_h - (v - y_lo) / (y_hi - y_lo) * plot_h

    parts = _svg_open(chart.title, width, total_h)
    ends = "; ".join(f"{s.label}: {y_format(s.values[-1])}" for s in chart.series if s.values)
    parts.insert(2, f"<desc>{html.escape(f'Bij {chart.x_label} {format_number(xs[-1])}: {ends}.')}</desc>")
    parts.append(f'<text x="0" y="40" font-size="{font}" fill="{TEXT}">{html.escape(chart.y_label)}</text>')
    for tick in y_ticks:
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
                     'stroke="#d0d7de" stroke-width="1" />')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 5:.1f}" font-size="{font - 1}" '
                     f'text-anchor="end" fill="{TEXT}">{html.escape(y_format(tick))}</text>')
    for tick in _nice_ticks(x_lo, x_hi):
        if x_lo <= tick <= x_hi:
            parts.append(f'<text x="{x(tick):.1f}" y="{top + plot_h + 18}" font-size="{font - 1}" '
                         f'text-anchor="middle" fill="{TEXT}">{format_number(tick)}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
                 f'stroke="{TEXT}" />')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{TEXT}" />')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 38}" font-size="{font}" '
                 f'text-anchor="middle" fill="{TEXT}">{html.escape(chart.x_label)}</text>')
    if chart.marker is not None:
        mx = x(min(max(chart.marker, x_lo), x_hi))
        anchor = "end" if mx > left + plot_w * 0.7 else "start"
        shift = -4 if anchor == "end" else 4
        parts.append(f'<line x1="{mx:.1f}" y1="{top - 4}" x2="{mx:.1f}" y2="{top + plot_h}" '
                     f'stroke="{TEXT}" stroke-dasharray="5 4" class="asd-marker" '
                     f'data-x="{chart.marker:g}" />')
        parts.append(f'<text x="{mx + shift:.1f}" y="{top + 10}" font-size="{font - 1}" '
                     f'text-anchor="{anchor}" fill="{TEXT}">{html.escape(chart.marker_label)}</text>')
    for s in chart.series:
        points = " ".join(f"{x(px):.1f},{y(py):.1f}" for px, py in zip(xs, s.values) if not _missing(py))
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        data = " ".join(f"{v:.2f}" for v in s.values)
        parts.append(f'<polyline fill="none" stroke="{s.colour}" stroke-width="{s.width}"{dash} '
                     f'points="{points}" data-label="{html.escape(s.label)}" data-values="{data}">'
                     f"<title>{html.escape(s.label)}</title></polyline>")
    for i, s in enumerate(chart.series):
        lx = 8 + (i % columns) * (width / columns)
        ly = height + 18 + 22 * (i // columns)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(f'<line x1="{lx:.1f}" y1="{ly - 5}" x2="{lx + 28:.1f}" y2="{ly - 5}" '
                     f'stroke="{s.colour}" stroke-width="{s.width + 1}"{dash} />')
        parts.append(f'<text x="{lx + 34:.1f}" y="{ly}" font-size="{font}" fill="{TEXT}">'
                     f"{html.escape(s.label)}</text>")
    parts.append("</svg>")
    return "".join(parts)


class MessageBox(w.HTML):
    """Shows a learner what went wrong, in Dutch, and never a traceback.

    ``run(update, labels)`` calls ``update``; a validation error from ``modules`` is shown
    with the widget's own field label in place of the parameter name, any other error as a
    short Dutch apology (and logged for the course author).
    """

    def __init__(self) -> None:
        super().__init__(value="", layout=w.Layout(min_height="0"))
        self.add_class("asd-message")

    @property
    def text(self) -> str:
        """The message shown, without markup ('' when all is well)."""
        return html.unescape(self.value.split(">", 1)[1].rsplit("<", 1)[0]) if self.value else ""

    def clear(self) -> None:
        self.value = ""

    def show(self, message: str) -> None:
        self.value = (
            '<div role="alert" style="color:#b3261e;border-left:4px solid #b3261e;'
            f'padding:4px 8px">{html.escape(message)}</div>'
        )

    def run(self, update: Callable[[], None], labels: Mapping[str, str]) -> bool:
        """Run ``update``; return True when it succeeded, else show why and return False."""
        try:
            update()
        except (InvalidInput, InvalidType) as error:
            self.show(error.for_label(labels.get(error.parameter, error.parameter)))
            return False
        except (ValueError, TypeError) as error:
            self.show(str(error))
            return False
        except Exception:  # a learner must never see a traceback in a widget
            log.exception("widget update failed")
            self.show(
                "Er ging iets mis bij het rekenen. Zet de invoer terug naar de standaardwaarden "
                "of kies een andere casus; meld het aan je trainer als het blijft gebeuren."
            )
            return False
        self.clear()
        return True


STALE_NOTE = (
    "<p class='asd-stale' style='color:#57606a;margin:4px 0'>Hieronder staat nog de uitkomst "
    "bij de laatste invoer die wel klopte. Verbeter de invoer hierboven om opnieuw te rekenen.</p>"
)


class Simulator(w.VBox):
    """The frame a module's simulation widget is built in, so every simulation behaves alike.

    A heading, the static-page note and an introduction; the module's controls; then a
    Dutch message box, the note that the results are those of the last valid input, the
    results (a live region a screen reader announces), the chart area and the table area.
    A subclass builds its controls and its own state, calls this ``__init__``, connects
    its controls to ``_on_change`` and calls ``update()``. It writes ``_compute``, which
    computes everything first and only then writes the outputs, so an error leaves the
    last valid results on screen, marked stale, and what the learner typed stays put.

    Parameters
    ----------
    title : str
        The Dutch heading.
    controls : sequence of ipywidgets.Widget
        The rows of controls, in order.
    labels : mapping of str to str
        The widget's field label per parameter name the model uses in its messages.
    css : sequence of str
        The widget's own classes (``asd-<module>``), besides :data:`WIDGET_CLASS`.
    note : str or None
        The static-page note (:func:`static_note`); None leaves it out (a dashboard page
        carries one note, not one per widget).
    style : str, optional
        A ``<style>`` element for the widget's own classes.
    intro : sequence of ipywidgets.Widget, optional
        What sits between the note and the controls (an explanation).
    after : sequence of ipywidgets.Widget, optional
        What follows the table area.
    scroll : bool, default False
        Whether the chart and table areas scroll themselves (for output that is not yet
        made to fit a phone).

    Attributes
    ----------
    message : MessageBox
        What went wrong, in Dutch ('' when all is well).
    results, chart_view, table_view : ipywidgets.HTML
        The outputs.
    chart_svg : str
        The SVG the chart area shows.
    stale : bool
        True while the input is invalid and the results shown are those of the last
        valid input.
    """

    def __init__(self, title: str, controls: Sequence[w.Widget], *, labels: Mapping[str, str],
                 css: Sequence[str], note: str | None, style: str = "", intro: Sequence[w.Widget] = (),
                 after: Sequence[w.Widget] = (), scroll: bool = False) -> None:
        overflow = "auto" if scroll else None
        self.labels = labels
        self.message = MessageBox()
        self.stale_note = w.HTML()
        # Announced to screen readers when it changes (asd-a11y.js makes it aria-live).
        self.results = w.HTML(layout=w.Layout(max_width="100%"))
        self.results.add_class(LIVE_REGION_CLASS)
        self.chart_view = w.HTML(layout=w.Layout(max_width="100%", overflow=overflow))
        self.table_view = w.HTML(layout=w.Layout(max_width="100%", overflow=overflow))
        self.chart_svg = ""
        self.stale = False
        self._shown = False
        self._quiet = False
        super().__init__([
            *([w.HTML(style)] if style else []),
            w.HTML(f"<h3 style='margin-top:0'>{html.escape(title)}</h3>"),
            *([w.HTML(note)] if note else []),
            *intro,
            *controls,
            self.message,
            self.stale_note,
            self.results,
            self.chart_view,
            self.table_view,
            *after,
        ], layout=w.Layout(max_width="100%"))
        for name in css:
            self.add_class(name)
        self.add_class(WIDGET_CLASS)

    def _compute(self) -> None:
        """Compute from the controls, then write the outputs (a subclass writes this)."""
        raise NotImplementedError

    def update(self) -> None:
        """Recompute from the controls; a Dutch message (never a traceback) if that fails."""
        if self._quiet:
            return
        ok = self.message.run(self._compute, self.labels)
        self._shown = self._shown or ok
        self.stale = not ok and self._shown
        self.stale_note.value = STALE_NOTE if self.stale else ""

    def _on_change(self, change: object = None) -> None:
        self.update()

    @contextmanager
    def _silent(self) -> Iterator[None]:
        """Change controls without recomputing (nested uses keep the outer one's quiet)."""
        before = self._quiet
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = before

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Change many controls with one recomputation at the end, not one per control."""
        outer = not self._quiet
        with self._silent():
            yield
        if outer:
            self.update()


# --------------------------------------------------------------------------------------
# Static pages and dashboards: the pattern every module's widget follows

def scroll_table(caption: str, head: str, body: str, css: str, style: str = "") -> str:
    """An HTML table in a box that scrolls sideways on a narrow screen, reachable by keyboard.

    The box is a named region with ``tabindex=0``: a table wider than a phone scrolls
    inside it instead of widening the page, and a keyboard user can scroll it too
    (axe-core: scrollable-region-focusable).

    Parameters
    ----------
    caption : str
        The table's caption, plain Dutch text (escaped here).
    head, body : str
        The HTML of the header row's cells and of the body's rows (already escaped).
    css : str
        The table's class.
    style : str, optional
        Inline style of the table.

    Returns
    -------
    str
        ``<div ...><table ...><caption>…</caption><thead>…</thead><tbody>…</tbody></table></div>``.

    Examples
    --------
    >>> scroll_table("Twee groepen", "<th>Groep</th>", "<tr><td>a</td></tr>", "t").startswith("<div class='asd-scroll'")
    True
    """
    label = html.escape(f"Tabel: {caption}", quote=True)
    table_style = f" style='{style}'" if style else ""
    return (f"<div class='asd-scroll' tabindex='0' role='region' aria-label='{label}' "
            "style='overflow-x:auto;max-width:100%'>"
            f"<table class='{css}'{table_style}><caption>{html.escape(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

# --------------------------------------------------------------------------------------


def static_note(what: str = "de rekenhulp") -> str:
    """The note a widget shows on a static book page, hidden wherever Python runs.

    It is hidden inline; the book's stylesheet (``book/_assets/asd.css``) and
    ``asd-a11y.js`` show it on a static page, where ``asd-a11y.js`` also locks the
    widget's controls (they could move, but nothing would recompute).
    """
    return (
        '<p class="asd-static-note" style="display:none">Dit is de opgeslagen uitkomst bij de '
        f"standaardinstellingen. Op deze website rekent {what} niet opnieuw, daarom staan de "
        "knoppen vast. Open hem in JupyterLab of als dashboard in Voila om zelf te rekenen.</p>"
    )


def dashboard(widget: w.Box) -> w.Box:
    """Make a course widget ready to fill a page of its own (the Voila dashboard).

    The widget takes the full width of the page, never more (charts and tables scale or
    scroll inside it at 390 px), and carries the classes the course's script and styles
    look for. A module's ``dashboard()`` is ``return dashboard(TheCalculator())``, and its
    ``book/<module>/dashboard.ipynb`` shows a Dutch title, a short Dutch introduction and
    that one call: no MyST, no domain logic.

    Parameters
    ----------
    widget : ipywidgets.Box
        The module's widget.

    Returns
    -------
    ipywidgets.Box
        The same widget, for display.
    """
    widget.layout.width = "100%"
    widget.layout.max_width = "100%"
    widget.add_class(WIDGET_CLASS)
    widget.add_class("asd-dashboard")
    return widget
