"""Shared widget code: Dutch numbers in and out (Babel, nl_NL), readouts, charts, dashboards."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import ipywidgets as w
import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from modules._validation import InvalidInput, Interval
from widgets import _common
from widgets._common import (
    INVALID_CLASS,
    LIVE_REGION_CLASS,
    WIDGET_CLASS,
    BarChart,
    DutchNumberField,
    LineChart,
    LineSeries,
    STALE_NOTE,
    NumberTextError,
    Simulator,
    TornadoBar,
    bar_chart_svg,
    dashboard,
    format_euro,
    format_number,
    format_percent,
    line_chart_svg,
    parse_number,
    static_note,
    tornado_svg,
    with_readout,
)

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
AMOUNT = Interval(0, 10_000_000, unit="euro")

# ---------------------------------------------------------------------------------------
# Writing numbers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1500, 0, "1.500"),  # CLDR nl groups thousands from 1.000 on
        (12345.6, 1, "12.345,6"),
        (10_000_000, 0, "10.000.000"),
        (0.5, 2, "0,50"),
        (-2000, 0, "-2.000"),
        (-0.3, 0, "0"),  # no "-0"
        (2.675, 2, "2,68"),
        (None, 0, "–"),
        (math.nan, 2, "–"),
    ],
)
def test_format_number_is_dutch(value, decimals, shown) -> None:
    assert format_number(value, decimals) == shown


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (12345.4, 0, f"€{NBSP}12.345"),
        (2000, 0, f"€{NBSP}2.000"),
        (-2000, 0, f"€{NBSP}-2.000"),  # CLDR nl: the minus after the euro sign
        (3000.5, 2, f"€{NBSP}3.000,50"),
        (-0.4, 0, f"€{NBSP}0"),
        (None, 0, "–"),
    ],
)
def test_format_euro_follows_babels_dutch_currency_pattern(value, decimals, shown) -> None:
    assert format_euro(value, decimals) == shown


@pytest.mark.parametrize(
    ("fraction", "decimals", "shown"),
    [(0.0225, 2, f"2,25{NBSP}%"), (1.0, 0, f"100{NBSP}%"), (0.05, 2, f"5,00{NBSP}%"),
     (0.12345, 1, f"12,3{NBSP}%"), (None, 1, "–")],
)
def test_format_percent_has_a_decimal_comma_and_a_space(fraction, decimals, shown) -> None:
    assert format_percent(fraction, decimals) == shown


@settings(deadline=None)  # Babel loads its locale data on first use
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_format_number_agrees_with_babel(value, decimals) -> None:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(value, format=pattern, locale="nl_NL")
    assert format_number(value, decimals) in {expected, expected.lstrip("-")}


@settings(deadline=None)
@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False))
def test_what_the_widgets_write_they_read_back(value) -> None:
    # A learner may copy a shown amount into a field: it must mean the same number.
    # Shown to the cent, read back to within half a cent (plus float noise).
    slack = 1e-9 * max(1.0, abs(value))
    assert abs(parse_number(format_number(value, 2)) - value) <= 0.005 + slack
    assert abs(parse_number(format_number(value, 0)) - value) <= 0.5 + slack
    assert abs(parse_number(format_euro(value, 2), max_decimals=2) - value) <= 0.005 + slack


# ---------------------------------------------------------------------------------------
# Reading numbers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.500", 1500.0),
        ("1500", 1500.0),
        ("3.000,50", 3000.5),
        ("4,5", 4.5),
        ("-2.000", -2000.0),
        ("−2.000", -2000.0),  # a typographic minus sign
        ("€ 2.000", 2000.0),
        ("€\u00a02.000", 2000.0),
        ("€ -2.000", -2000.0),
        ("-€ 2.000", -2000.0),
        ("2.000 euro", 2000.0),
        ("  1.500  ", 1500.0),
        ("1 500", 1500.0),  # a space between thousands, as the Taalunie allows
        ("1.500.000,25", 1_500_000.25),
        (",5", 0.5),
        ("+3", 3.0),
        ("0", 0.0),
        ("-0", 0.0),
    ],
)
def test_parse_number_reads_dutch_notation(text, number) -> None:
    value = parse_number(text, max_decimals=2)
    assert value == number
    assert math.copysign(1, value) == math.copysign(1, number) or number == 0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1.5", r"niet eenduidig: gebruik een komma voor decimalen \(1,5\).*Bedoel je 15 of 1,5\?"),
        ("1.50", r"niet eenduidig"),
        ("15.00", r"niet eenduidig"),
        ("1,5.0", r"niet eenduidig"),
        ("1,500", r"3 cijfers achter de komma; hier mogen er hoogstens 2.*Bedoel je 1\.500\?"),
        ("abc", r"'abc' is geen getal"),
        ("1e5", r"'1e5' is geen getal"),
        ("NaN", r"geen getal"),
        ("inf", r"geen getal"),
        ("", r"vul een getal in"),
        ("   ", r"vul een getal in"),
        ("€", r"geen getal"),
        ("-", r"geen getal"),
        ("1,2,3", r"meer dan één komma"),
        ("1 5", r"spatie"),
        ("12,5 kg", r"geen getal"),
    ],
)
def test_parse_number_refuses_what_it_would_have_to_guess(text, says) -> None:
    with pytest.raises(NumberTextError, match=says):
        parse_number(text, max_decimals=2)


def test_a_dot_is_never_a_decimal_point() -> None:
    # "1.5" must not silently become 1,5 (English) or 15 (a misplaced group dot).
    for text in ("1.5", "2.25", "0.5", "10.5"):
        with pytest.raises(NumberTextError):
            parse_number(text)
    assert parse_number("1.500") == 1500.0


def test_parse_number_refuses_a_non_string() -> None:
    with pytest.raises(NumberTextError):
        parse_number(1500)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# The number field
# ---------------------------------------------------------------------------------------


def field(number: float = 2000.0) -> DutchNumberField:
    return DutchNumberField(number, label="Investering", parameter="investment",
                            interval=AMOUNT)


def test_field_starts_with_the_number_written_the_dutch_way() -> None:
    box = field(2000.0)
    assert box.value == "2.000" and box.number == 2000.0 and box.error == ""
    assert field(3000.5).value == "3.000,5"
    assert box.continuous_update is False  # no error halfway through typing "1.500"
    assert isinstance(box, w.Text) and box.description == "Investering"


@pytest.mark.parametrize(("text", "number"), [("1.500", 1500.0), ("3.000,50", 3000.5),
                                              ("4,5", 4.5), ("€ 2.000", 2000.0)])
def test_field_reads_what_the_learner_types(text, number) -> None:
    box = field(100.0)
    seen = []
    box.observe(lambda change: seen.append(change["new"]), names="number")
    box.value = text
    assert box.number == number and box.error == ""
    assert seen == [number]
    assert box.parsed() == number
    assert INVALID_CLASS not in box._dom_classes


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1.5", r"^'Investering': '1\.5' is niet eenduidig.*komma.*"
                r"Toegestaan: \[0; 10\.000\.000\] euro\.$"),
        ("abc", r"^'Investering': 'abc' is geen getal.*Toegestaan: \[0; 10\.000\.000\] euro\.$"),
        ("", r"^'Investering': vul een getal in\. Toegestaan: \[0; 10\.000\.000\] euro\.$"),
        ("1e5", r"^'Investering': '1e5' is geen getal"),
        ("-500", r"^'Investering' moet liggen in \[0; 10\.000\.000\] euro; ontvangen: -500\.$"),
        ("-2.000", r"^'Investering' moet liggen in \[0; 10\.000\.000\] euro; ontvangen: -2000"),
        ("20.000.000", r"^'Investering' moet liggen in .*ontvangen: 20\.000\.000"),
    ],
)
def test_field_explains_bad_text_in_dutch_and_keeps_it(text, says) -> None:
    box = field()
    box.value = text
    assert box.number is None
    assert re.search(says, box.error), box.error
    assert box.value == text  # nothing the learner typed is lost
    assert INVALID_CLASS in box._dom_classes
    with pytest.raises(InvalidInput) as info:
        box.parsed()
    assert info.value.parameter == "investment" and str(info.value) == box.error
    box.value = "1.500"
    assert box.number == 1500.0 and box.error == "" and INVALID_CLASS not in box._dom_classes


# ---------------------------------------------------------------------------------------
# Slider readouts, charts, dashboards
# ---------------------------------------------------------------------------------------


def test_slider_readout_is_dutch_with_its_unit_and_follows_the_slider() -> None:
    slider = w.FloatSlider(value=2.25, min=0, max=10, step=0.25, description="Discontovoet (%)")
    row = with_readout(slider, "%", 2)
    readout = row.children[1]
    assert slider.readout is False  # ipywidgets' own readout would write 2.25
    assert row.children[0] is slider
    assert readout.text == f"2,25{NBSP}%"
    assert 'data-unit="%"' in readout.value and 'data-decimals="2"' in readout.value
    assert 'class="asd-readout"' in readout.value
    slider.value = 3.5
    assert readout.text == f"3,50{NBSP}%" and f"3,50{NBSP}%" in readout.value
    years = w.IntSlider(value=10, min=1, max=50)
    assert with_readout(years, "jaar").children[1].text == f"10{NBSP}jaar"


def test_charts_are_accessible_scalable_svg_with_their_data_on_attributes() -> None:
    chart = BarChart("Netto contante waarde per actor", ("gemeente", "inwoner"), (-1500.0, 2500.5))
    svg = bar_chart_svg(chart)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="Netto contante waarde per actor"' in svg
    assert "<title>Netto contante waarde per actor</title>" in svg
    assert 'width="100%"' in svg and 'viewBox="0 0 640 ' in svg and "max-width:640px" in svg
    assert 'data-label="gemeente" data-value="-1500.00"' in svg
    assert 'data-label="inwoner" data-value="2500.50"' in svg
    assert f"€{NBSP}-1.500" in svg
    tornado = tornado_svg("Gevoeligheid & meer", 100.0, [TornadoBar("Discontovoet", -50.0, 300.0)])
    assert "<title>Gevoeligheid &amp; meer</title>" in tornado
    assert 'data-label="Discontovoet" data-low="-50.00" data-high="300.00"' in tornado
    assert 'width="100%"' in tornado and "viewBox=" in tornado


def _bar_box(svg: str, label: str) -> tuple[float, float]:
    """Left and right edge of the bar labelled ``label``."""
    found = re.search(rf'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*data-label="{re.escape(label)}"', svg)
    assert found, f"no bar {label!r}"
    return float(found.group(1)), float(found.group(1)) + float(found.group(2))


def test_a_plain_bar_chart_draws_no_band_reference_or_legend() -> None:
    svg = bar_chart_svg(BarChart("Saldo", ("gemeente",), (100.0,)))
    assert "asd-band" not in svg and "asd-reference" not in svg
    assert 'viewBox="0 0 640 70"' in svg and f">€{NBSP}100</text>" in svg


def test_a_bar_chart_shows_a_band_a_reference_and_its_own_number_format() -> None:
    chart = BarChart("Uitval per groep", ("Eén vraag", "Lvb & laaggeletterd"), (0.1, 0.52),
                     low=(0.06, 0.45), high=(0.13, 0.6), reference=(0.1, 0.66),
                     band_label="5–95 %-band", reference_label="standaardinrichting",
                     colour="#5b7bb5", limits=(0.0, 1.0))
    svg = bar_chart_svg(chart, value_format=lambda v: format_percent(v, 0))
    # Its own format beside the bar and in the tooltip, with the band and the reference.
    assert f">52{NBSP}%</text>" in svg and "€" not in svg
    assert (f"<title>Lvb &amp; laaggeletterd: 52{NBSP}% (van 45{NBSP}% tot 60{NBSP}%); "
            f"standaardinrichting: 66{NBSP}%</title>") in svg
    assert 'class="asd-band" data-label="Lvb &amp; laaggeletterd" data-low="0.4500" data-high="0.6000"' in svg
    assert 'class="asd-reference" data-label="Lvb &amp; laaggeletterd" data-value="0.6600"' in svg
    assert svg.count('fill="#5b7bb5"') == 2 and "#1a7f4b" not in svg
    # A legend row for each, below the bars: the chart grows by two rows.
    assert ">5–95 %-band</text>" in svg and ">standaardinrichting</text>" in svg
    assert 'viewBox="0 0 640 150"' in svg
    # The axis runs from 0 to 1 whatever the data: a bar of 0.52 ends about halfway.
    left, right = _bar_box(svg, "Lvb &amp; laaggeletterd")
    assert left == 210.0 and (right - left) == pytest.approx(0.52 * 320, abs=0.2)
    whisker = re.search(r'data-low="0.4500" data-high="0.6000"[^>]*><line x1="([\d.]+)"[^>]*x2="([\d.]+)"', svg)
    assert float(whisker.group(1)) == pytest.approx(210 + 0.45 * 320, abs=0.1)
    assert float(whisker.group(2)) == pytest.approx(210 + 0.6 * 320, abs=0.1)


def test_a_bar_chart_scales_to_every_value_it_draws_and_skips_missing_ones() -> None:
    chart = BarChart("Dagen", ("a", "b", "c"), (10.0, math.nan, 20.0), low=(5.0, math.nan, 15.0),
                     high=(12.0, math.nan, 40.0), reference=(None, 1.0, 30.0))
    svg = bar_chart_svg(chart, value_format=lambda v: f"{format_number(v)} dagen")
    assert "nan" not in svg.lower() and svg.count("<rect") == 2 and svg.count('class="asd-band"') == 2
    assert svg.count('class="asd-reference"') == 2 and ">–</text>" in svg
    # The widest whisker (40) ends at the plot's right edge; no legend without labels.
    assert re.search(r'data-high="40.0000"[^>]*><line x1="[\d.]+" y1="[\d.]+" x2="530.0"', svg)
    assert 'viewBox="0 0 640 130"' in svg


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"low": (1.0,)}, "'low' and 'high'"),
    ({"low": (1.0, 2.0), "high": (1.0, 2.0)}, "'low' and 'high'"),
    ({"reference": (1.0, 2.0)}, "'reference'"),
])
def test_a_bar_chart_refuses_a_band_or_reference_that_does_not_fit_its_bars(kwargs, says) -> None:
    with pytest.raises(ValueError, match=says):
        BarChart("x", ("a",), (1.0,), **kwargs)


def _polyline_points(svg: str, label: str) -> list[tuple[float, float]]:
    found = re.search(rf'points="([^"]+)" data-label="{re.escape(label)}"', svg)
    assert found, f"no line {label!r}"
    return [tuple(float(c) for c in point.split(",")) for point in found.group(1).split()]


def test_line_chart_is_accessible_scalable_svg_with_its_data_on_attributes() -> None:
    chart = LineChart(
        title="Schuld & kosten per maand",
        x=(0.0, 1.0, 2.0, 3.0),
        series=(LineSeries("hoofdsom", (1000.0, 1000.0, 900.0, 800.0)),
                LineSeries("rente", (0.0, 5.0, 10.5, 15.25), colour="#8a4b00", dash="2 3")),
        x_label="maanden na de eerste gemiste betaling",
        y_label="schuld in euro",
        marker=2.0,
        marker_label="hulp begint (maand 2)",
    )
    svg = line_chart_svg(chart)
    assert svg.startswith("<svg") and svg.endswith("</svg>") and 'role="img"' in svg
    assert 'aria-label="Schuld &amp; kosten per maand"' in svg
    assert "<title>Schuld &amp; kosten per maand</title>" in svg
    assert 'width="100%"' in svg and 'viewBox="0 0 480 ' in svg and "max-width:480px" in svg
    # What a screen reader hears: each line's last value, in Dutch euro.
    assert f"<desc>Bij maanden na de eerste gemiste betaling 3: hoofdsom: €{NBSP}800; rente: €{NBSP}15.</desc>" in svg
    assert 'data-label="hoofdsom" data-values="1000.00 1000.00 900.00 800.00"' in svg
    assert 'data-label="rente" data-values="0.00 5.00 10.50 15.25"' in svg
    assert 'stroke-dasharray="2 3"' in svg
    assert 'class="asd-marker" data-x="2"' in svg and ">hulp begint (maand 2)</text>" in svg
    assert ">maanden na de eerste gemiste betaling</text>" in svg and ">schuld in euro</text>" in svg
    assert svg.count(">hoofdsom</text>") == 1 and svg.count(">rente</text>") == 1  # the legend
    assert f">€{NBSP}1.000</text>" in svg  # y axis in Dutch euro
    # Lines go up when values go up, left to right, inside the chart's box.
    points = _polyline_points(svg, "rente")
    assert [p[0] for p in points] == sorted(p[0] for p in points)
    assert [p[1] for p in points] == sorted((p[1] for p in points), reverse=True)
    height = float(re.search(r'viewBox="0 0 480 (\d+)"', svg).group(1))
    assert all(0 <= x <= 480 and 0 <= y <= height for x, y in points)


def test_line_chart_survives_empty_and_flat_data() -> None:
    flat = line_chart_svg(LineChart("Vlak", (0.0,), (LineSeries("nul", (0.0,)),), "maand", "euro"))
    assert 'data-values="0.00"' in flat and "nan" not in flat.lower()
    empty = line_chart_svg(LineChart("Leeg", (), (), "maand", "euro"))
    assert empty.startswith("<svg") and "<title>Leeg</title>" in empty


@pytest.mark.parametrize(("low", "high"), [(0, 1370), (0, 3000), (0, 1), (0, 60), (0, 123_456), (-50, 250)])
def test_nice_ticks_cover_the_range_in_round_steps(low, high) -> None:
    ticks = _common._nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high and 3 <= len(ticks) <= 8
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in {1, 2, 2.5, 5}
    assert all(math.isclose(b - a, step) for a, b in zip(ticks, ticks[1:]))


def test_a_field_can_be_filled_with_a_number_written_the_dutch_way() -> None:
    field = DutchNumberField(0.0, label="Netto inkomen", parameter="netto_inkomen", interval=AMOUNT)
    field.set_number(1369.06)
    assert field.value == "1.369,06" and field.number == 1369.06 and field.error == ""
    field.set_number(950.0)
    assert field.value == "950"


def test_static_note_is_hidden_inline_and_dutch() -> None:
    note = static_note("de rekenhulp")
    assert 'class="asd-static-note" style="display:none"' in note
    assert "rekent de rekenhulp niet opnieuw" in note and "knoppen vast" in note


def test_dashboard_makes_a_widget_fill_its_page_and_no_more() -> None:
    box = w.VBox([w.HTML("x")])
    assert dashboard(box) is box
    assert box.layout.max_width == "100%" and box.layout.width == "100%"
    assert WIDGET_CLASS in box._dom_classes and "asd-dashboard" in box._dom_classes
    assert LIVE_REGION_CLASS == "asd-live"


# ---------------------------------------------------------------------------------------
# The dashboard notebooks (Voila) and the course's script
# ---------------------------------------------------------------------------------------

DASHBOARDS = sorted((ROOT / "book").glob("*/dashboard.ipynb"))
MYST = re.compile(r"\{term\}|\{glue|\{cite|\{ref\}|\{doc\}|^\([\w-]+\)=|:::|```|\{numref\}", re.M)


def test_every_module_with_a_simulation_has_a_dashboard() -> None:
    assert [p.parent.name for p in DASHBOARDS] == sorted(
        p.parent.name for p in (ROOT / "book").glob("*/05-simulatie.ipynb"))
    assert "book/$(MODULE)/dashboard.ipynb" in (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.parent.name)
def test_dashboard_notebook_is_plain_dutch_and_thin(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    title = nb["metadata"].get("title", "")
    assert title.endswith("— Academie Sociaal Domein"), "Voila's <title> comes from this"
    cells = nb["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert cells[0]["cell_type"] == "markdown"
    assert "".join(cells[0]["source"]).startswith("# "), "a Dutch H1 title first"
    assert markdown.count("\n# ") == 0, "one H1"
    assert MYST.findall(markdown) == [], "MyST syntax shows as raw text in Voila"
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert code, "the dashboard shows a widget"
    for source in code:
        lines = [line for line in source.splitlines() if line.strip()]
        # Thin: import the module's dashboard and call it; the logic lives in widgets/.
        assert len(lines) <= 3, source
        assert all(line.startswith(("from widgets", "import widgets", "dashboard(")) for line in lines), source
    assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code")


SCRIPT = ROOT / "book/_voila/voila/templates/asd/static/asd-a11y.js"
TEMPLATE = ROOT / "book/_voila/voila/templates/asd/index.html.j2"


def test_the_script_locks_controls_only_without_a_kernel() -> None:
    js = SCRIPT.read_text(encoding="utf-8")
    gate = js[js.index("function isStaticPage"):js.index("function dutch")]
    assert 'getElementById("jupyter-config-data")) return false' in gate  # Voila's kernel
    assert 'hasAttribute("data-voila")) return false' in gate
    assert "application/vnd.jupyter.widget-state+json" in js
    lock = js[js.index("function lockStaticWidgets"):js.index("function run")]
    assert lock.lstrip().splitlines()[1].strip() == "if (!isStaticPage()) return;"
    assert "aria-live" in js and "aria-valuetext" in js and "aria-invalid" in js


def test_voila_template_is_dutch_and_asks_no_cdn() -> None:
    template = TEMPLATE.read_text(encoding="utf-8")
    assert '"language_code": "nl"' in template
    assert "asd-a11y.js" in template
    # Whatever the template still names from a CDN, it names only to remove it.
    for line in template.splitlines():
        if "https://" in line:
            assert "replace(" in line, line
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert config["VoilaConfiguration"]["template"] == "asd"


def test_module_exports_are_documented() -> None:
    for name in _common.__all__:
        item = getattr(_common, name)
        if callable(item):
            assert item.__doc__, f"{name} has no docstring"


# --------------------------------------------------------------------------------------
# Sliders built from the model's constraints
# --------------------------------------------------------------------------------------


def test_interval_slider_takes_its_bounds_from_the_interval_and_scales_them():
    from modules._validation import Interval
    from widgets._common import interval_slider

    slider, row = interval_slider(Interval(-0.01, 0.10), 0.0225, "Voet", unit="%", scale=100,
                                  step=0.25, decimals=2)
    assert (slider.min, slider.max, slider.value) == pytest.approx((-1.0, 10.0, 2.25))
    assert row.children[0] is slider and "2,25" in row.children[1].value
    whole, _ = interval_slider(Interval(1, 100), 10, "Jaren", unit="jaar")
    assert type(whole).__name__ == "IntSlider" and (whole.min, whole.max) == (1, 100)


def test_interval_slider_moves_an_open_bound_in_by_one_step_and_refuses_a_start_outside():
    from modules._validation import Interval
    from widgets._common import interval_slider

    slider, _ = interval_slider(Interval(0, 1, low_closed=False), 0.5, "Aandeel", unit="%",
                                scale=100, step=5.0)
    assert slider.min == 5
    with pytest.raises(ValueError):
        interval_slider(Interval(0, 1), 2.0, "Aandeel", unit="%", scale=100)


def test_the_mkba_sliders_offer_exactly_the_models_ranges():
    from modules import mkba
    from widgets import mkba as mkba_widgets

    calc = mkba_widgets.MKBACalculator("auto")
    assert (calc.rate.min, calc.rate.max) == pytest.approx(
        (100 * mkba.PLAUSIBLE_RATE.low, 100 * mkba.PLAUSIBLE_RATE.high))
    assert (calc.horizon.min, calc.horizon.max) == (mkba.HORIZON.low, mkba.HORIZON.high)
    assert (calc.effect.min, calc.effect.max) == pytest.approx(
        (100 * mkba.EFFECT_SIZE.low, 100 * mkba.EFFECT_SIZE.high))


# --------------------------------------------------------------------------- the simulator frame


class _Doubler(Simulator):
    """The smallest simulation: twice a number, refused below zero (as a model refuses)."""

    def __init__(self) -> None:
        self.number = w.IntText(value=2, description="Getal")
        self.computed = 0
        super().__init__("Verdubbelaar", [self.number], labels={"getal": "Getal"}, css=("asd-test",),
                         note=static_note("de verdubbelaar"))
        self.number.observe(self._on_change, names="value")
        self.update()

    def _compute(self) -> None:
        self.computed += 1
        if self.number.value < 0:
            raise InvalidInput("getal", f"'getal' moet 0 of meer zijn; ontvangen: {self.number.value}")
        self.results.value = f"<p>{2 * self.number.value}</p>"


def test_a_simulator_keeps_the_last_valid_result_marked_stale_and_names_the_field_in_dutch():
    sim = _Doubler()
    assert sim.results.value == "<p>4</p>" and not sim.stale and sim.stale_note.value == ""
    sim.number.value = -1
    assert sim.message.text == "'Getal' moet 0 of meer zijn; ontvangen: -1"
    assert sim.results.value == "<p>4</p>"
    assert sim.stale and sim.stale_note.value == STALE_NOTE
    sim.number.value = 5
    assert (sim.results.value, sim.stale, sim.stale_note.value, sim.message.text) == ("<p>10</p>", False, "", "")


def test_a_simulator_whose_first_input_is_invalid_has_nothing_stale_to_mark():
    class Refuser(_Doubler):
        def __init__(self) -> None:
            self.number = w.IntText(value=-3)
            self.computed = 0
            Simulator.__init__(self, "Weigeraar", [self.number], labels={}, css=(), note=None)
            self.update()
    sim = Refuser()
    assert sim.message.text.startswith("'getal' moet 0 of meer zijn")
    assert not sim.stale and sim.stale_note.value == ""


def test_a_simulator_recomputes_once_for_a_batch_of_changes_even_a_nested_one():
    sim = _Doubler()
    before = sim.computed
    with sim._batch():
        sim.number.value = 7
        with sim._batch():
            sim.number.value = 8
        sim.number.value = 9
    assert sim.computed == before + 1 and sim.results.value == "<p>18</p>"
    with sim._silent():
        sim.number.value = 1
    assert sim.computed == before + 1 and sim.results.value == "<p>18</p>"


def test_a_simulator_is_laid_out_heading_note_controls_then_message_results_chart_table():
    sim = _Doubler()
    kids = sim.children
    assert kids[0].value == "<h3 style='margin-top:0'>Verdubbelaar</h3>"
    assert "asd-static-note" in kids[1].value and kids[2] is sim.number
    assert list(kids[3:]) == [sim.message, sim.stale_note, sim.results, sim.chart_view, sim.table_view]
    assert LIVE_REGION_CLASS in sim.results._dom_classes
    assert {"asd-test", WIDGET_CLASS} <= set(sim._dom_classes)
