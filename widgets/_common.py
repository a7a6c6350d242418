"""Helpers every module's widget uses: Dutch number formats, SVG charts, safe updates.

Charts are plain SVG inside an ``HTML`` widget rather than matplotlib figures: an update
takes well under a millisecond, the chart is text a screen reader can read (``role="img"``
with a title), and the saved widget state shows it on a static book page without any
Python running.
"""

from __future__ import annotations

import html
import logging
import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import ipywidgets as w

from modules._validation import InvalidInput, InvalidType

__all__ = [
    "format_euro",
    "format_percent",
    "format_number",
    "BarChart",
    "bar_chart_svg",
    "TornadoBar",
    "tornado_svg",
    "MessageBox",
]

log = logging.getLogger(__name__)

POSITIVE = "#1a7f4b"  # green with 4.5:1 contrast on white for the bar labels
NEGATIVE = "#b3261e"
NEUTRAL = "#3b5b92"
TEXT = "#1f2328"


def format_number(value: float, decimals: int = 0) -> str:
    """A number the Dutch way: dot for thousands, comma for decimals (``12.345,6``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_euro(value: float, decimals: int = 0) -> str:
    """An amount in euro the Dutch way: ``€ 12.345`` or ``-€ 2.000``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 and round(abs(value), decimals) != 0 else ""
    return f"{sign}€\u00a0{format_number(abs(value), decimals)}"


def format_percent(fraction: float, decimals: int = 1) -> str:
    """A fraction as a Dutch percentage: ``0.0225`` becomes ``2,3 %`` (1 decimal)."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "–"
    return f"{format_number(100 * fraction, decimals)}\u00a0%"


@dataclass(frozen=True)
class BarChart:
    """Data of a horizontal bar chart: what tests assert on and what the SVG draws."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]


def _shorten(label: str, limit: int) -> str:
    """Cut a long label with an ellipsis; the bar's tooltip keeps the full text."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg_open(title: str, width: int, height: int) -> list[str]:
    """Opening of a chart: an accessible SVG root, its title for screen readers, a heading."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="asd-chart">',
        f"<title>{html.escape(title)}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{TEXT}">'
        f"{html.escape(title)}</text>",
    ]


def _scale(lo: float, hi: float) -> tuple[float, float]:
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi == lo:
        hi = lo + 1.0
    return lo, hi


def bar_chart_svg(chart: BarChart, width: int = 640, row: int = 30) -> str:
    """Render a horizontal bar chart as accessible inline SVG (green up, red down)."""
    label_w, value_w = 210, 110
    plot_w = width - label_w - value_w
    height = 40 + row * max(1, len(chart.values))
    lo, hi = _scale(min(chart.values, default=0.0), max(chart.values, default=0.0))

    def x(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    parts = _svg_open(chart.title, width, height)
    parts.append(f'<line x1="{x(0):.1f}" y1="28" x2="{x(0):.1f}" y2="{height - 4}" stroke="{TEXT}" />')
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = 32 + i * row
        left, right = sorted((x(0), x(value)))
        colour = POSITIVE if value >= 0 else NEGATIVE
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row / 2 + 4:.1f}" font-size="13" '
            f'text-anchor="end" fill="{TEXT}">{html.escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 4}" width="{max(right - left, 1):.1f}" '
            f'height="{row - 10}" fill="{colour}"><title>{html.escape(label)}: '
            f"{format_euro(value)}</title></rect>"
        )
        parts.append(
            f'<text x="{width - 4}" y="{y + row / 2 + 4:.1f}" font-size="13" '
            f'text-anchor="end" fill="{TEXT}">{format_euro(value)}</text>'
        )
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
            f'height="{row - 10}" fill="{NEUTRAL}"><title>{html.escape(bar.label)}: '
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
