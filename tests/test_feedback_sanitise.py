"""Learners' notebooks are untrusted: their feedback page must be inert.

Fast tests feed ``grading.feedback`` (the nh3 sanitiser, :func:`safe_output` and
:class:`LearnerFeedback` together with the ``feedback`` template) a notebook full of
hostile payloads and read what comes out: no script, no event handler, no
``javascript:`` or ``data:`` link, no frame, object, embed, form, style or SVG, nothing
that loads from another host; harmless text, markup, links and a plot (base64 PNG) stay.
Also the size caps, with their Dutch notes.

One slow test does it for real: a small course of its own (release, hand in, autograde in
the sandbox, ``nbgrader generate_feedback``) with a written answer full of the payloads
and a code cell that displays them, and scans the feedback HTML file.
"""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from grading.feedback import (
    MAX_OUTPUT_CHARS,
    TEMPLATE_BASEDIRS,
    LearnerFeedback,
    cap_text,
    markdown_to_safe_html,
    safe_output,
    sanitise_html,
)

#: Raw HTML a learner could type into a written answer (or display from code).
PAYLOADS = {
    "script": "<script>alert('script')</script>",
    "onerror": "<img src=x onerror=\"alert('onerror')\">",
    "javascript-link": "<a href=\"javascript:alert('link')\">klik hier</a>",
    "javascript-link-mixed-case": "<a href=\" JaVaScRiPt:alert('link2')\">of hier</a>",
    "javascript-markdown-link": "[klik](javascript:alert('md'))",
    "data-link": "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "iframe": "<iframe src=\"https://elders.example/frame\"></iframe>",
    "pixel": "<img src=\"https://elders.example/pixel.png?wie=leerling\">",
    "markdown-pixel": "![pixel](https://elders.example/pixel2.png)",
    "style": "<style>body { background: url(https://elders.example/achtergrond.png) }</style>",
    "style-attribute": "<p style=\"background:url(https://elders.example/stijl.png)\">stijl</p>",
    "form": "<form action=\"https://elders.example/stuur\"><input name=\"wachtwoord\"><button>Verstuur</button></form>",
    "object": "<object data=\"https://elders.example/ding.swf\"></object>",
    "embed": "<embed src=\"https://elders.example/ding.swf\">",
    "svg": "<svg onload=\"alert('svg')\"><circle r=\"5\"/></svg>",
    "details": "<details open ontoggle=\"alert('toggle')\"><summary>meer</summary>x</details>",
    "link": "<link rel=\"stylesheet\" href=\"https://elders.example/stijl.css\">",
    "meta": "<meta http-equiv=\"refresh\" content=\"0;url=https://elders.example/\">",
    "base": "<base href=\"https://elders.example/\">",
    "fake-result": "<p class=\"uitslag uitslag-gelukt\">Gelukt: 6 van 6 punten.</p>",
}
HARMLESS_MARKDOWN = (
    "## Mijn advies\n\n"
    "Het project is **rendabel**: de *netto contante waarde* is `1234`.\n\n"
    "- eerste punt\n- tweede punt\n\n"
    "| jaar | bedrag |\n|---|---|\n| 0 | 100 |\n\n"
    "Bron: [CBS](https://www.cbs.nl/cijfers), zie ook [opgave](#Deel-A) en "
    "[mail](mailto:trainer@example.nl).\n"
)
HTML_PAYLOADS = {name: payload for name, payload in PAYLOADS.items() if "markdown" not in name}
WRITTEN_ANSWER = HARMLESS_MARKDOWN + "\n" + "\n\n".join(PAYLOADS.values()) + "\n"
# A 1x1 PNG, as matplotlib's inline backend would put it in an output.
PNG = base64.b64encode(
    bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                  "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
).decode()
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "style", "svg", "link", "meta",
                  "base", "input", "button", "textarea", "frame", "frameset", "math", "img"}
# Attributes that hold a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset",
                  "background", "xlink:href", "cite", "content"}
SAFE_IMAGE = re.compile(r"data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]*")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def _parse(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def assert_inert(fragment: str, *, page: bool = False) -> _Tags:
    """Fail unless ``fragment`` (learner content, or with ``page`` a page's body) can do nothing.

    Only on a page may an ``<img>`` with a base64 PNG or JPEG (a plot) and the page's
    own result boxes (class ``uitslag``) appear.
    """
    images = page
    parsed = _parse(fragment)
    for tag, attrs in parsed.tags:
        if tag == "img" and images:
            assert SAFE_IMAGE.fullmatch(attrs.get("src", "")), attrs
            assert set(attrs) <= {"src", "width", "height", "alt"}, attrs
        else:
            assert tag not in FORBIDDEN_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, value)
            if name in URL_ATTRIBUTES and not (tag == "img" and name == "src"):
                url = value.strip().lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)
                assert "elders.example" not in url, (tag, name, value)
                if tag != "a":
                    assert name != "href", (tag, value)
            if name == "class" and not page:
                assert "uitslag" not in value, (tag, value)
    return parsed


ACTIVE_TAGS = ("<script", "<iframe", "<object", "<embed", "<form", "<style", "<svg", "<link",
               "<meta", "<base")


def _assert_no_raw_payload(fragment: str) -> None:
    """Raw-text checks for sanitised learner fragments.

    Not for a whole page: a page also shows the learner's code and printed text, escaped,
    which may spell out a payload harmlessly; a page gets :func:`_assert_no_active_tags`.
    """
    lowered = fragment.lower()
    for needle in (*ACTIVE_TAGS, "<img", "javascript:", "elders.example", "alert("):
        assert needle not in lowered, needle
    assert not re.search(r"\son\w+\s*=", fragment), fragment


def _assert_no_active_tags(body: str) -> None:
    """Raw-text check for a page's body: escaped text never contains a raw ``<``."""
    lowered = body.lower()
    for needle in ACTIVE_TAGS:
        assert needle not in lowered, needle


# ---------------------------------------------------------------- the sanitiser itself


@pytest.mark.parametrize("name", PAYLOADS)
def test_sanitise_html_makes_each_payload_inert(name):
    cleaned = sanitise_html(PAYLOADS[name])
    assert_inert(cleaned)
    if "markdown" not in name:  # markdown is only text to an HTML sanitiser
        _assert_no_raw_payload(cleaned)


@pytest.mark.parametrize("name", PAYLOADS)
def test_learner_markdown_with_each_payload_renders_inert(name):
    cleaned = markdown_to_safe_html(f"Mijn antwoord.\n\n{PAYLOADS[name]}\n\nEinde.")
    _assert_no_raw_payload(cleaned)
    assert_inert(cleaned)
    assert "Mijn antwoord." in cleaned and "Einde." in cleaned


def test_harmless_markdown_keeps_its_text_markup_and_links():
    cleaned = markdown_to_safe_html(HARMLESS_MARKDOWN)
    for piece in ("<h2", "Mijn advies", "<strong>rendabel</strong>", "<em>netto contante waarde</em>",
                  "<code>1234</code>", "<li>eerste punt</li>", "<table>", "<td>100</td>"):
        assert piece in cleaned, piece
    hrefs = [attrs["href"] for tag, attrs in _parse(cleaned).tags if tag == "a" and "href" in attrs]
    assert "https://www.cbs.nl/cijfers" in hrefs and "#Deel-A" in hrefs and "mailto:trainer@example.nl" in hrefs
    assert 'rel="noopener noreferrer"' in cleaned


def test_a_fenced_code_block_keeps_its_highlighting():
    cleaned = markdown_to_safe_html("```python\ndef f(x):\n    return x\n```")
    assert '<div class="highlight">' in cleaned and '<span class="k">def</span>' in cleaned


@pytest.mark.parametrize("source", [
    "![plot](attachment:plot.png)", f"![plot](data:image/png;base64,{PNG})", "![plot](plot.png)",
    '<img src="plot.png" alt="plot">', f'<img src="data:image/png;base64,{PNG}">',
    "![plot](/etc/passwd)",
])
def test_learner_markdown_keeps_no_image_at_all(source):
    """Decision: a written answer is text; any <img> (remote, attachment, data:) is dropped,
    a markdown image shows as its alt text (a missing attachment must not fail the page)."""
    cleaned = markdown_to_safe_html(source)
    assert "<img" not in cleaned and "src=" not in cleaned
    if source.startswith("!"):
        assert "[afbeelding: plot]" in cleaned


# ---------------------------------------------------------------- outputs


def _display(data, metadata=None):
    return new_output("display_data", data=data, metadata=metadata or {})


@pytest.mark.parametrize("name", PAYLOADS)
def test_html_output_with_each_payload_is_cleaned(name):
    shown = safe_output(_display({"text/html": f"<b>uitvoer</b>{PAYLOADS[name]}", "text/plain": "<HTML>"}))
    assert list(shown["data"]) == ["text/html"]
    assert_inert(shown["data"]["text/html"])
    if "markdown" not in name:  # markdown is only text to an HTML sanitiser
        _assert_no_raw_payload(shown["data"]["text/html"])
    assert "<b>uitvoer</b>" in shown["data"]["text/html"]


@pytest.mark.parametrize(("data", "kept"), [
    ({"application/javascript": "alert(1)", "text/plain": "<IPython.core.display.Javascript object>"},
     {"text/plain": "<IPython.core.display.Javascript object>"}),
    ({"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2},
      "text/plain": "IntSlider(value=0)"}, {"text/plain": "IntSlider(value=0)"}),
    ({"image/svg+xml": "<svg onload=\"alert(1)\"></svg>", "text/plain": "<Figure>"}, {"text/plain": "<Figure>"}),
    ({"text/latex": "$x$", "application/pdf": "JVBERi0=", "text/plain": "x"}, {"text/plain": "x"}),
    ({"text/markdown": "**vet** <script>alert(1)</script>", "text/plain": "md"},
     {"text/html": "<p><strong>vet</strong> </p>\n"}),
    ({"image/png": PNG, "text/plain": "<Figure size 640x480>"}, {"image/png": PNG}),
    ({"image/jpeg": PNG}, {"image/jpeg": PNG}),
    # Not base64: would break out of the src="data:..." attribute.
    ({"image/png": 'x" onerror="alert(1)', "text/plain": "plaatje"}, {"text/plain": "plaatje"}),
    ({"text/html": "<script>alert(1)</script>", "text/plain": "alleen tekst"}, {"text/plain": "alleen tekst"}),
])
def test_each_output_keeps_one_harmless_representation(data, kept):
    assert dict(safe_output(_display(data))["data"]) == kept


@pytest.mark.parametrize("data", [
    {"application/javascript": "alert(1)"},
    {"application/vnd.jupyter.widget-view+json": {"model_id": "abc"}},
    {"image/svg+xml": "<svg onload=\"alert(1)\"></svg>"},
    {"text/html": "<script>alert(1)</script><style>p {}</style>"},
])
def test_an_output_with_nothing_harmless_is_dropped(data):
    assert safe_output(_display(data)) is None


def test_output_metadata_keeps_only_a_numeric_size():
    shown = safe_output(_display({"image/png": PNG}, {
        "image/png": {"width": 300, "height": "1 onerror=alert(1)", "unconfined": True},
        "filenames": {"image/png": "https://elders.example/plot.png"},
        "text/html": {"isolated": True},
    }))
    assert shown["metadata"] == {"image/png": {"width": 300}}


def test_streams_keep_their_text_and_unknown_outputs_go():
    shown = safe_output(new_output("stream", name="stdout", text="<script>alert(1)</script>\n"))
    assert shown["text"] == "<script>alert(1)</script>\n"  # escaped by the template's ansi2html
    assert safe_output({"output_type": "update_display_data", "data": {"text/html": "<b>x</b>"}}) is None


# ---------------------------------------------------------------- size caps


def test_cap_text_cuts_with_a_dutch_note():
    text = "a" * (MAX_OUTPUT_CHARS + 5000)
    capped = cap_text(text)
    assert capped.startswith("a" * MAX_OUTPUT_CHARS)
    assert capped.endswith("… (ingekort: de uitvoer was langer dan 20.000 tekens)")
    assert len(capped) < MAX_OUTPUT_CHARS + 100
    assert cap_text("kort") == "kort"


@pytest.mark.parametrize("output", [
    new_output("stream", name="stdout", text="x" * 300_000),
    new_output("execute_result", data={"text/plain": "y" * 300_000}, execution_count=1),
    new_output("display_data", data={"text/html": "<table>" + "<tr><td>1</td></tr>" * 30_000 + "</table>"}),
])
def test_a_huge_output_is_cut_to_the_cap(output):
    shown = safe_output(output)
    text = shown.get("text") or next(iter(shown["data"].values()))
    assert len(text) < MAX_OUTPUT_CHARS + 200
    assert "(ingekort: de uitvoer was langer dan 20.000 tekens)" in text


def test_a_huge_image_is_left_out():
    shown = safe_output(_display({"image/png": "A" * 2_000_000}))
    assert shown["data"] == {"text/plain": "(afbeelding weggelaten: groter dan 375 kB)"}


def _spammer(cells: int = 20, size: int = MAX_OUTPUT_CHARS) -> list:
    return [new_code_cell(f"print('x' * {size})", execution_count=i + 1,
                          outputs=[new_output("stream", name="stdout", text="x" * size)])
            for i in range(cells)]


def test_the_page_budget_cuts_the_rest_with_a_dutch_note():
    nb = new_notebook(cells=_spammer())
    nb, _ = LearnerFeedback(page_bytes=100_000).preprocess(nb, {"nbgrader": {"score": 0, "max_score": 0}})
    outputs = [o for cell in nb.cells for o in cell.outputs]
    kept = [o for o in outputs if o.get("output_type") == "stream"]
    notes = [o["data"]["text/plain"] for o in outputs if o.get("output_type") == "display_data"]
    assert 3 <= len(kept) <= 5
    assert notes and all(n == "… (weggelaten: je uitvoer op deze feedbackpagina werd groter dan 100 kB; "
                              "de rest staat er niet in)" for n in notes)
    assert sum(len(o.get("text", "")) for o in kept) <= 100_000


def test_the_page_budget_counts_escaped_text():
    """``<`` is written as ``&lt;``: four bytes on the page."""
    nb = new_notebook(cells=_spammer(cells=3, size=10_000))
    for cell in nb.cells:
        cell.outputs[0]["text"] = "<" * 10_000
    nb, _ = LearnerFeedback(page_bytes=100_000).preprocess(nb, {"nbgrader": {"score": 0, "max_score": 0}})
    assert [o.get("output_type") for cell in nb.cells for o in cell.outputs] == ["stream", "stream", "display_data"]


def test_the_default_page_stays_under_2_mb():
    nb = new_notebook(cells=_spammer(cells=120))
    page = _render(nb)
    assert 1_700_000 < len(page.encode()) < 2_000_000
    assert "groter dan 1,8 MB" in page


# ---------------------------------------------------------------- the preprocessor and the template


def _hostile_notebook():
    written = new_markdown_cell(WRITTEN_ANSWER, metadata={"nbgrader": {
        "grade": True, "solution": True, "locked": False, "grade_id": "advies", "points": 6, "score": 5,
        "comment": "Helder. <script>alert('trainer')</script>"}})
    extra = new_markdown_cell("Extra cel van de leerling. " + PAYLOADS["onerror"] + PAYLOADS["script"])
    fake = new_markdown_cell("nep", metadata={"feedback_nl": {"status": "x\" onmouseover=\"alert(1)", "result": "Gelukt"},
                                              "feedback_safe": {"html": "<script>alert('planted')</script>"}})
    raw = new_raw_cell("<script>alert('raw')</script>", metadata={"raw_mimetype": "text/html"})
    code = new_code_cell(
        "from IPython.display import HTML, display\ndisplay(HTML(payload))",
        execution_count=3,
        metadata={"nbgrader": {"grade": False, "solution": True, "locked": False, "grade_id": "code"}},
        outputs=[
            _display({"text/html": "<p>tabel</p>" + "".join(HTML_PAYLOADS.values()), "text/plain": "<HTML>"}),
            _display({"image/svg+xml": PAYLOADS["svg"]}),
            _display({"application/javascript": "alert('js')"}),
            _display({"application/vnd.jupyter.widget-view+json": {"model_id": "m", "version_major": 2}}),
            _display({"text/markdown": WRITTEN_ANSWER}),
            _display({"image/png": PNG, "text/plain": "<Figure>"}, {"image/png": {"width": "1 onerror=alert(1)"}}),
            new_output("stream", name="stdout", text="<script>alert('stream')</script>"),
        ])
    nb = new_notebook(cells=[written, extra, fake, raw, code])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"x": "</script><script>alert(1)"}}}
    return nb


def _render(nb) -> str:
    from nbconvert.exporters import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.extra_template_basedirs = TEMPLATE_BASEDIRS
    config.HTMLExporter.template_name = "feedback"
    exporter = HTMLExporter(config=config)
    exporter.register_preprocessor("nbconvert.preprocessors.CSSHTMLHeaderPreprocessor", enabled=True)
    exporter.register_preprocessor(LearnerFeedback, enabled=True)
    resources = {"nbgrader": {"score": 5, "max_score": 6, "notebook": "opdracht"}}
    page, _ = exporter.from_notebook_node(nb, resources=resources)
    return page


def _body(page: str) -> str:
    return page.split("<body>", 1)[1]


def test_the_rendered_page_is_inert():
    page = _render(_hostile_notebook())
    body = _body(page)
    parsed = assert_inert(body, page=True)
    _assert_no_active_tags(body)
    assert "<script" not in page.lower()
    head = page.split("<body>", 1)[0]
    assert "elders.example" not in head and "widget" not in page.lower()
    text = "".join(parsed.text)
    # What should stay, stays.
    for piece in ("Mijn advies", "rendabel", "eerste punt", "Extra cel van de leerling.", "tabel",
                  "Helder.", "Beoordeling: 5 van 6 punten.", "alert('raw')"):
        assert piece in text, piece
    # The learner's fake result box lost its class: no green box on this page.
    assert "uitslag-gelukt" not in body
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a" and attrs.get("href", "").startswith("http")]
    assert "https://www.cbs.nl/cijfers" in links
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert [attrs["src"] for attrs in images] == [f"data:image/png;base64,{PNG}"]
    # The planted metadata is gone, not rendered.
    assert "planted" not in page and "onmouseover" not in page


def test_the_template_never_renders_markdown_itself():
    """Without LearnerFeedback's cleaned HTML a markdown cell shows as escaped text."""
    from nbconvert.exporters import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.extra_template_basedirs = TEMPLATE_BASEDIRS
    config.HTMLExporter.template_name = "feedback"
    nb = new_notebook(cells=[new_markdown_cell(PAYLOADS["script"] + PAYLOADS["onerror"])])
    page, _ = HTMLExporter(config=config).from_notebook_node(
        nb, resources={"nbgrader": {"notebook": "n"}, "feedback_nl": {"summary": [], "overview": []}})
    assert "<script" not in _body(page) and "<img" not in _body(page)
    assert "&lt;script&gt;" in page


# ---------------------------------------------------------------- slow: a real feedback page


@pytest.mark.slow
def test_generated_feedback_page_is_inert(tmp_path):
    """Hand in the model solution with a written answer and a code cell full of payloads,
    autograde (in the sandbox), generate feedback and scan the HTML file."""
    import nbformat

    from tests import discovery
    from tests.grading_helpers import (
        code_answer_cells,
        fill_in,
        hand_in,
        manual_cells,
        meta,
        notebook_name,
        prepare_course,
        run_nbgrader,
        solution_text,
        source_notebook,
    )

    assignment = next((a for a in discovery.assignments() if manual_cells(source_notebook(a))), None)
    if assignment is None:
        pytest.skip("no assignment with a written answer")
    release_dir, release, source = prepare_course(tmp_path, assignment)
    written_id = meta(manual_cells(source)[0])["grade_id"]
    code_cell = code_answer_cells(source)[0]
    code_id = meta(code_cell)["grade_id"]
    display_code = (
        "from IPython.display import HTML, Javascript, Markdown, SVG, display\n"
        f"display(HTML({''.join(HTML_PAYLOADS.values())!r}))\n"
        f"display(Markdown({WRITTEN_ANSWER!r}))\n"
        f"display(SVG({PAYLOADS['svg']!r}))\n"
        "display(Javascript(\"alert('js')\"))\n"
        f"print({PAYLOADS['script']!r})\n\n"
    )
    submission = fill_in(release, source, {written_id: WRITTEN_ANSWER,
                                           code_id: display_code + solution_text(code_cell)})
    hand_in(tmp_path, assignment, release_dir, {"aanvaller": submission})
    run_nbgrader(tmp_path, "autograde", assignment)
    run_nbgrader(tmp_path, "generate_feedback", assignment)

    graded = nbformat.read(tmp_path / "autograded" / "aanvaller" / assignment
                           / f"{notebook_name(assignment)}.ipynb", as_version=4)
    shown = [o for c in graded.cells if meta(c).get("grade_id") == code_id for o in c.get("outputs", [])]
    assert any("text/html" in o.get("data", {}) for o in shown), "the payload cell did not run"

    page = (tmp_path / "feedback" / "aanvaller" / assignment
            / f"{notebook_name(assignment)}.html").read_text(encoding="utf-8")
    body = _body(page)
    parsed = assert_inert(body, page=True)
    _assert_no_active_tags(body)
    assert "<script" not in page.lower()
    text = "".join(parsed.text)
    assert "Mijn advies" in text and "rendabel" in text
    assert body.count("<li>eerste punt</li>") == 2  # the written answer and the displayed Markdown
    assert "<strong>rendabel</strong>" in body and 'href="https://www.cbs.nl/cijfers"' in body
    assert "Gelukt" in text
