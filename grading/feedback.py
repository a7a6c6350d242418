"""Leak-free Dutch feedback for nbgrader.

``nbgrader generate_feedback`` renders the autograded notebook. In that notebook the hidden
tests are back in every test cell, and a failing test cell keeps its traceback, which
quotes the failing assert (hidden or not) and its message. Clearing the source is not
enough: the traceback leaks as well.

:class:`LearnerFeedback` runs after nbgrader's ``GetGrades`` (which stores each cell's score
in its metadata) and nbconvert's ``CSSHTMLHeaderPreprocessor``, just before rendering. For
every autograded test cell it replaces the source by the first line of the cell's
docstring and *all* outputs by one Dutch result ("Gelukt: 2 van 2 punten." or "Nog niet
gelukt: 0 van 2 punten. Tip: ..."), the tip being the part of that docstring line after
``Tip:``. Error outputs of other cells become a short Dutch message without traceback.
A summary (total score, one line per graded part) goes to ``resources["feedback_nl"]`` for
the template in ``templates/feedback``, which renders in Dutch, declares ``lang="nl"`` and
loads nothing from the network.

Learners' notebooks are untrusted, and nbgrader sanitises nothing (not even with
``HTMLExporter.sanitize_html``: script, ``onerror`` and ``javascript:`` links in markdown
cells get through). So :class:`LearnerFeedback` also makes the page inert, with nh3:

* every markdown cell (and raw cell, and a trainer's comment) is rendered to HTML here and
  cleaned by :func:`sanitise_html`; the result goes to ``cell.metadata["feedback_safe"]``,
  which is all the template shows of it (it never renders a cell's markdown itself).
  Allowed: text, headings, lists, tables, code, emphasis, quotes and links to
  http/https/mailto or relative addresses. Never allowed: scripts, event handlers,
  styles, forms, frames, objects, SVG and **images**: a picture in a written answer
  could only load from another host (a tracking pixel) or be a pasted attachment, and the
  written answer is text, so ``<img>`` is dropped from learner markdown altogether;
* every output keeps one representation, the first of: ``text/html`` (cleaned),
  ``text/markdown`` (rendered and cleaned), ``image/png``, ``image/jpeg`` (valid base64
  only), ``text/plain``; JavaScript, widget views, SVG, LaTeX and PDF are dropped, output
  metadata is reduced to a numeric width and height (the template writes them unquoted);
* size: a text output is cut at :data:`MAX_OUTPUT_CHARS` and a cell's source at
  :data:`MAX_SOURCE_CHARS`, with a Dutch note, an image larger than
  :data:`MAX_IMAGE_CHARS` is left out, and once the learner's content on the page reaches
  :data:`MAX_PAGE_BYTES` (1.8 MB, so that the page with its stylesheet stays under 2 MB)
  the rest of it is replaced by a Dutch note. Test
  cells and the Dutch results are never cut.

Configured in ``nbgrader_config.py``::

    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
        "grading.feedback.LearnerFeedback",
    ]
    c.HTMLExporter.extra_template_basedirs = TEMPLATE_BASEDIRS
"""

from __future__ import annotations

import ast
import html
import math
import re
from pathlib import Path
from typing import Any

import nbgrader
import nh3
from nbconvert.exporters.exporter import ResourcesDict
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

from grading.sandbox import KERNEL_LOST_ENAME, KERNEL_LOST_NOTE

__all__ = [
    "TEMPLATE_BASEDIR",
    "TEMPLATE_BASEDIRS",
    "MAX_IMAGE_CHARS",
    "MAX_OUTPUT_CHARS",
    "MAX_PAGE_BYTES",
    "MAX_SOURCE_CHARS",
    "LearnerFeedback",
    "cap_text",
    "docstring_summary",
    "error_message",
    "format_points",
    "markdown_to_safe_html",
    "safe_output",
    "sanitise_html",
    "points_amount",
    "points_phrase",
    "split_tip",
    "result_sentence",
]

#: Folder holding the ``feedback`` template; nbgrader looks the template up by that name.
TEMPLATE_BASEDIR = str(Path(__file__).resolve().parent / "templates")
#: What ``HTMLExporter.extra_template_basedirs`` must be. The course's config file is read
#: after the formgrader sets this option to nbgrader's own folder (for its "formgrade"
#: template), so the config has to list that folder too, after ours: the first folder
#: holding a template of the requested name wins.
TEMPLATE_BASEDIRS = [
    TEMPLATE_BASEDIR,
    str(Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"),
]

# Errors the executor reports when it stops a cell at the time limit.
_TIMEOUT_ERRORS = frozenset({"KeyboardInterrupt", "CellTimeoutError"})
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PART_HEADING = re.compile(r"^\s*#+\s*(Deel\s+\w+)", re.MULTILINE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_MAX_ERROR_TEXT = 200


def format_points(value: float) -> str:
    """A score the Dutch way: ``2`` or ``1,5`` (at most two decimals)."""
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").replace(".", ",")


def points_amount(points: float) -> str:
    """``"2 punten"``; singular ``punt`` for exactly one."""
    unit = "punt" if math.isclose(points, 1.0) else "punten"
    return f"{format_points(points)} {unit}"


def points_phrase(score: float, points: float) -> str:
    """``"1 van 2 punten"``: the unit follows the maximum."""
    return f"{format_points(score)} van {points_amount(points)}"


def docstring_summary(source: str) -> str | None:
    """First line of the docstring a test cell starts with, or None when it has none."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        # IPython syntax (a magic) cannot be parsed; accept a one-line docstring on top.
        first = source.lstrip().split("\n", 1)[0].strip()
        match = re.fullmatch(r'[rRuU]?("""|\'\'\')(.+?)\1', first)
        return match.group(2).strip() if match else None
    docstring = ast.get_docstring(tree, clean=True)
    if not docstring or not docstring.strip():
        return None
    return docstring.strip().splitlines()[0].strip()


def split_tip(summary: str) -> tuple[str, str | None]:
    """Split ``"Deel A: what is checked. Tip: ..."`` into what is checked and the tip.

    The first part loses its final full stop, so it reads as a label.
    """
    head, sep, tip = summary.partition("Tip:")
    return head.strip().rstrip("."), (tip.strip() or None) if sep else None


def result_sentence(score: float | None, points: float | None, tip: str | None) -> tuple[str, str]:
    """Status key and Dutch sentence for one autograded test cell."""
    score = float(score or 0.0)
    points = float(points or 0.0)
    phrase = points_phrase(score, points)
    if points > 0 and score >= points:
        return "gelukt", f"Gelukt: {phrase}."
    status, opening = ("deels", "Deels gelukt") if score > 0 else ("niet", "Nog niet gelukt")
    text = f"{opening}: {phrase}."
    if tip:
        text += f" Tip: {tip}"
    return status, text


def error_message(ename: str, evalue: str) -> str:
    """A Dutch one-liner for an error in a learner's own cell; never a traceback."""
    if ename in _TIMEOUT_ERRORS:
        return ("Deze cel is afgebroken omdat ze langer liep dan de tijdslimiet. "
                "Misschien stopt een lus nooit: controleer je code.")
    if ename == KERNEL_LOST_ENAME:
        return KERNEL_LOST_NOTE
    if ename == "NotImplementedError":
        return ("Deze cel stopte omdat een functie nog niet is uitgewerkt "
                "(NotImplementedError).")
    if ename == "AssertionError":
        # The learner's own check failed; its text could be anything, so leave it out.
        return "Deze cel stopte omdat een controle in je eigen code niet klopte."
    first_line = _ANSI.sub("", str(evalue or "")).strip().split("\n", 1)[0]
    if len(first_line) > _MAX_ERROR_TEXT:
        first_line = first_line[: _MAX_ERROR_TEXT - 3] + "..."
    text = f"Deze cel stopte met een fout: {ename}"
    text += f": {first_line}." if first_line else "."
    if ename == "NameError":
        text += (" Dat betekent meestal dat een functie of variabele niet bestaat, "
                 "bijvoorbeeld omdat een eerdere cel niet goed werkte.")
    return text


# -- making learners' content inert ------------------------------------------------------

#: A text output (``text/plain``, a stream, cleaned ``text/html``) longer than this many
#: characters is cut, with a Dutch note.
MAX_OUTPUT_CHARS = 20_000
#: A cell's source (code or markdown) longer than this is cut, with a Dutch note.
MAX_SOURCE_CHARS = 20_000
#: An image output whose base64 text is longer than this (about 375 kB) is left out.
MAX_IMAGE_CHARS = 500_000
#: What the learner's content may add to one page, in UTF-8 bytes as written into the page
#: (text escaped): every rendered markdown cell, code source and output counts; beyond it
#: they are left out. The rest of the page (stylesheet, results) is well under 200 kB, so
#: the page stays under 2 MB. (Syntax highlighting of code is not counted; code sources
#: are capped per cell by :data:`MAX_SOURCE_CHARS`.)
MAX_PAGE_BYTES = 1_800_000

_SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul", "var",
})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SAFE_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "code": {"class"},
    "div": {"class"},
    "ol": {"start"},
    "pre": {"class"},
    "span": {"class"},
    "table": {"class"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    # markdown2html gives headings an id, which the heading's anchor link points to
    **{h: {"id"} for h in _HEADINGS},
}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with everything inside them (the rest of the unknown tags keep their text).
_DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
    "textarea", "select", "title", "frameset", "noembed", "xmp",
})
# Classes markdown2html and pandas use (pygments' short token names, the highlight box,
# the anchor link, a data frame). Other classes are dropped, so a learner's text cannot
# dress up as the page's own boxes ("uitslag-gelukt").
_SAFE_CLASS = re.compile(r"[a-z][a-z0-9]{0,2}|highlight|hl-[a-z0-9]+|anchor-link|dataframe")
_BASE64 = re.compile(r"[A-Za-z0-9+/\s]*={0,2}\s*")


def _dutch_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _page_full_note(limit: int) -> str:
    size = (f"{format_points(limit / 1_000_000)} MB" if limit >= 1_000_000
            else f"{format_points(limit / 1000)} kB")
    return (f"… (weggelaten: je uitvoer op deze feedbackpagina werd groter dan {size}; "
            "de rest staat er niet in)")


def _page_bytes(text: str, escape: bool = True) -> int:
    return len((html.escape(text) if escape else text).encode("utf-8", "replace"))


def _keep_safe_classes(element: str, attribute: str, value: str) -> str | None:
    if attribute != "class":
        return value
    kept = [token for token in value.split() if _SAFE_CLASS.fullmatch(token)]
    return " ".join(kept) or None


def sanitise_html(fragment: str) -> str:
    """Clean an HTML fragment from a learner with nh3 so that it cannot do anything.

    Keeps text and harmless markup (headings, paragraphs, lists, tables, code, emphasis,
    quotes, links to ``http:``, ``https:``, ``mailto:`` or relative addresses, which get
    ``rel="noopener noreferrer"``). Removes scripts, styles, event handlers, ``style``
    attributes, forms, frames, objects, embeds, SVG, images and every other URL scheme
    (``javascript:``, ``data:``); classes survive only when they are pygments' or
    markdown's own.

    Parameters
    ----------
    fragment : str
        HTML, e.g. a rendered markdown cell or a ``text/html`` output.

    Returns
    -------
    str
        The cleaned fragment.

    Examples
    --------
    >>> sanitise_html('<p onclick="x()">Hoi <script>alert(1)</script><b>jij</b></p>')
    '<p>Hoi <b>jij</b></p>'
    >>> sanitise_html('<a href="javascript:alert(1)">klik</a><img src="https://elders.example/p.png">')
    '<a rel="noopener noreferrer">klik</a>'
    """
    return nh3.clean(
        fragment,
        tags=set(_SAFE_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _SAFE_ATTRIBUTES.items()},
        attribute_filter=_keep_safe_classes,
        url_schemes=set(_URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def cap_text(text: str, limit: int = MAX_OUTPUT_CHARS, what: str = "de uitvoer") -> str:
    """Cut ``text`` at ``limit`` characters and say so in Dutch.

    Parameters
    ----------
    text : str
        Output or source text.
    limit : int, optional
        Most characters kept (:data:`MAX_OUTPUT_CHARS` unless given).
    what : str, optional
        What the text is, for the note ("de uitvoer", "de code", "de tekst").

    Returns
    -------
    str
        ``text`` itself when it is short enough, else its first ``limit`` characters and
        the note ``… (ingekort: de uitvoer was langer dan 20.000 tekens)``.

    Examples
    --------
    >>> cap_text("kort")
    'kort'
    >>> cap_text("x" * 12, limit=5)
    'xxxxx\\n… (ingekort: de uitvoer was langer dan 5 tekens)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… (ingekort: {what} was langer dan {_dutch_number(limit)} tekens)"


def _cap_html(fragment: str, limit: int = MAX_OUTPUT_CHARS) -> str:
    if len(fragment) <= limit:
        return fragment
    # Cut, then clean again: that closes the tags the cut left open and drops a cut tag.
    note = f"… (ingekort: de uitvoer was langer dan {_dutch_number(limit)} tekens)"
    return sanitise_html(fragment[:limit]) + f"<p>{html.escape(note)}</p>"


class _TextOnlyRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with every image replaced by its alt text.

    A written answer shows no pictures (see the module docstring). This also keeps
    ``attachment:`` images from failing the whole page (nbconvert raises on a missing one)
    and never reads a local file.
    """

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return f"[afbeelding: {text}]" if text else "[afbeelding]"


def markdown_to_safe_html(source: str) -> str:
    """Render learner markdown to HTML (as nbconvert does) and clean it with nh3.

    Raw HTML in the markdown goes through :func:`sanitise_html` like everything else; a
    markdown image becomes its alt text; a source longer than :data:`MAX_SOURCE_CHARS` is
    cut first, with a Dutch note. Math stays as its ``$...$`` text (the page loads no
    MathJax).

    Parameters
    ----------
    source : str
        The markdown of a cell (or of a ``text/markdown`` output, or a comment).

    Returns
    -------
    str
        Inert HTML.

    Examples
    --------
    >>> markdown_to_safe_html("Mijn **advies**: <script>alert(1)</script>")
    '<p>Mijn <strong>advies</strong>: </p>\\n'
    >>> markdown_to_safe_html("![pixel](https://elders.example/p.png) [bron](https://cbs.nl)")
    '<p>[afbeelding: pixel] <a href="https://cbs.nl" rel="noopener noreferrer">bron</a></p>\\n'
    """
    source = cap_text(str(source or ""), MAX_SOURCE_CHARS, "de tekst")
    rendered = MarkdownWithMath(renderer=_TextOnlyRenderer(escape=False)).render(source)
    return sanitise_html(rendered)


def _image_data(value: Any) -> str | None:
    text = "".join(value) if isinstance(value, list) else value
    if not isinstance(text, str) or not _BASE64.fullmatch(text):
        return None
    return text


def _image_metadata(metadata: Any, mimetype: str) -> dict[str, Any]:
    own = metadata.get(mimetype) if isinstance(metadata, dict) else None
    kept = {}
    for key in ("width", "height"):
        value = own.get(key) if isinstance(own, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 10_000:
            kept[key] = int(value)
    return {mimetype: kept} if kept else {}


def _as_text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def safe_output(output: NotebookNode) -> NotebookNode | None:
    """An output a learner's code produced, made inert for the feedback page.

    A stream keeps its (capped) text. A display keeps one representation, the first of:
    ``text/html`` (cleaned by :func:`sanitise_html`), ``text/markdown`` (rendered and
    cleaned, shown as HTML), ``image/png`` or ``image/jpeg`` (valid base64, at most
    :data:`MAX_IMAGE_CHARS`), ``text/plain``; text is capped at
    :data:`MAX_OUTPUT_CHARS`. JavaScript, widget views, SVG, LaTeX and PDF are dropped,
    and so is all output metadata but an image's numeric width and height.
    Errors are :class:`LearnerFeedback`'s business and give None here, as does an output
    with nothing left to show.

    Parameters
    ----------
    output : NotebookNode
        One output of a code cell.

    Returns
    -------
    NotebookNode or None
        A new output, or None when nothing of it may be shown.

    Examples
    --------
    >>> from nbformat.v4 import new_output
    >>> shown = safe_output(new_output("display_data", data={
    ...     "text/html": "<b>hoi</b><script>alert(1)</script>",
    ...     "application/javascript": "alert(2)", "text/plain": "<HTML>"}))
    >>> dict(shown["data"])
    {'text/html': '<b>hoi</b>'}
    >>> safe_output(new_output("display_data", data={"application/javascript": "alert(1)"})) is None
    True
    """
    kind = output.get("output_type")
    if kind == "stream":
        name = output.get("name") if output.get("name") in ("stdout", "stderr") else "stdout"
        text = cap_text(_as_text(output.get("text", "")))
        return new_output("stream", name=name, text=text) if text else None
    if kind not in ("display_data", "execute_result"):
        return None
    data = output.get("data") or {}
    kept: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for mimetype in ("text/html", "text/markdown", "image/png", "image/jpeg", "text/plain"):
        if mimetype not in data:
            continue
        if mimetype == "text/html":
            cleaned = _cap_html(sanitise_html(_as_text(data[mimetype])))
        elif mimetype == "text/markdown":
            cleaned = _cap_html(markdown_to_safe_html(_as_text(data[mimetype])))
        elif mimetype.startswith("image/"):
            image = _image_data(data[mimetype])
            if image is None:
                continue
            if len(image) > MAX_IMAGE_CHARS:
                size = _dutch_number(MAX_IMAGE_CHARS * 3 // 4 // 1000)
                kept = {"text/plain": f"(afbeelding weggelaten: groter dan {size} kB)"}
                break
            kept = {mimetype: image}
            metadata = _image_metadata(output.get("metadata"), mimetype)
            break
        else:
            cleaned = cap_text(_as_text(data[mimetype]))
        if cleaned.strip():
            kept = {("text/plain" if mimetype == "text/plain" else "text/html"): cleaned}
            break
    if not kept:
        return None
    if kind == "execute_result":
        count = output.get("execution_count")
        count = count if isinstance(count, int) and not isinstance(count, bool) else None
        return new_output("execute_result", data=kept, metadata=metadata, execution_count=count)
    return new_output("display_data", data=kept, metadata=metadata)


def _output_size(output: NotebookNode) -> int:
    if output.get("output_type") == "stream":
        return _page_bytes(output.get("text", ""))
    return sum(_page_bytes(value, escape=mimetype == "text/plain")
               for mimetype, value in output.get("data", {}).items())


def _result_output(status: str, text: str) -> NotebookNode:
    return new_output(
        "display_data",
        data={
            "text/plain": text,
            "text/html": f'<p class="uitslag uitslag-{status}">{html.escape(text)}</p>',
        },
    )


def _is_test_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def _is_graded_answer(cell: NotebookNode) -> bool:
    return utils.is_grade(cell) and utils.is_solution(cell)


class LearnerFeedback(NbGraderPreprocessor):
    """Replace test code and tracebacks by Dutch results before feedback is rendered.

    Must run after ``GetGrades`` (and after ``CSSHTMLHeaderPreprocessor``, so that it can
    strip the comments of the inlined stylesheet). Reads the gradebook once more, only to tell an answer
    still waiting for a trainer apart from one that was graded.

    It also makes everything a learner controls inert (see the module docstring): markdown
    and raw cells and trainers' comments become cleaned HTML in
    ``cell.metadata["feedback_safe"]``, outputs go through :func:`safe_output`, and the
    page budget :data:`MAX_PAGE_BYTES` is kept. Metadata a learner could have planted for
    the template (``feedback_nl``, ``feedback_safe``, the notebook's widget state) is
    removed first.
    """

    page_bytes = Integer(
        MAX_PAGE_BYTES,
        help="Bytes of learner content (sources and outputs) one feedback page may hold.",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        grading = resources.get("nbgrader", {})
        if "score" not in grading:
            raise RuntimeError(
                "LearnerFeedback needs the scores that GetGrades stores: list it after "
                "nbgrader.preprocessors.GetGrades in GenerateFeedback.preprocessors."
            )
        self._manual = self._manual_grades(nb, grading)
        self._part: str | None = None
        self._overview: list[dict[str, str]] = []
        self._page_left = self.page_bytes
        self._page_full = _page_full_note(self.page_bytes)
        # Widget state would be written into the page (and make it load the widget manager).
        nb.metadata.pop("widgets", None)
        nb, resources = super().preprocess(nb, resources)
        resources["feedback_nl"] = self._summary(grading)
        inlining = resources.get("inlining", {})
        if inlining.get("css"):
            # Pygments' stylesheet names its token classes in comments ("Generic.Traceback");
            # the page should not even contain that word.
            inlining["css"] = [_CSS_COMMENT.sub("", css) for css in inlining["css"]]
        return nb, resources

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        index: int) -> tuple[NotebookNode, ResourcesDict]:
        # Only this preprocessor writes these keys; whatever the learner put there goes.
        cell.metadata.pop("feedback_nl", None)
        cell.metadata.pop("feedback_safe", None)
        if cell.cell_type == "markdown" and utils.is_locked(cell):
            heading = _PART_HEADING.search(cell.source)
            if heading:
                self._part = " ".join(heading.group(1).split())
        if _is_test_cell(cell):
            self._rewrite_test_cell(cell)
        else:
            if _is_graded_answer(cell):
                self._annotate_graded_answer(cell)
            self._make_inert(cell)
        return cell, resources

    # -- test cells --------------------------------------------------------------------

    def _rewrite_test_cell(self, cell: NotebookNode) -> None:
        meta = cell.metadata["nbgrader"]
        grade_id = meta["grade_id"]
        summary = docstring_summary(cell.source)
        if summary is None:
            # Without a description show only the id: the rest of the source is test code.
            summary = f"Controle {grade_id}"
        label, tip = split_tip(summary)
        status, text = result_sentence(meta.get("score"), meta.get("points"), tip)
        cell.source = f'"""{summary}"""'
        cell.outputs = [_result_output(status, text)]
        cell.metadata["feedback_nl"] = {"status": status, "result": text, "label": label}
        self._overview.append({"anchor": grade_id, "label": label, "status": status, "result": text})

    # -- answers graded by hand ----------------------------------------------------------

    def _manual_grades(self, nb: NotebookNode, grading: dict[str, Any]) -> dict[str, Any]:
        """Grade rows of every answer cell that carries points, keyed by grade id."""
        ids = [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells if _is_graded_answer(cell)]
        if not ids or "db_url" not in grading:
            return {}
        found = {}
        with Gradebook(grading["db_url"]) as gradebook:
            for grade_id in ids:
                try:
                    grade = gradebook.find_grade(
                        grade_id, grading["notebook"], grading["assignment"], grading["student"])
                except MissingEntry:
                    continue
                found[grade_id] = {
                    "needs_manual_grade": bool(grade.needs_manual_grade),
                    "manual_score": grade.manual_score,
                    "auto_score": grade.auto_score,
                }
        return found

    def _annotate_graded_answer(self, cell: NotebookNode) -> None:
        meta = cell.metadata["nbgrader"]
        grade_id = meta["grade_id"]
        score = float(meta.get("score") or 0.0)
        points = float(meta.get("points") or 0.0)
        state = self._manual.get(grade_id, {})
        phrase = points_phrase(score, points)
        if state.get("manual_score") is not None:
            status = "gelukt" if score >= points else ("deels" if score > 0 else "niet")
            text = f"Beoordeling door je trainer: {phrase}."
        elif state.get("needs_manual_grade"):
            status = "open"
            text = f"Nog niet beoordeeld door je trainer (maximaal {points_amount(points)})."
        elif score == 0:
            status = "niet"
            text = f"Niet ingevuld: {phrase}."
        else:
            status = "gelukt" if score >= points else "deels"
            text = f"Beoordeling: {phrase}."
        kind = "schriftelijk antwoord" if cell.cell_type == "markdown" else "antwoord"
        label = f"{self._part}: {kind}" if self._part else kind.capitalize()
        cell.metadata["feedback_nl"] = {"status": status, "result": text, "label": label}
        self._overview.append({"anchor": grade_id, "label": label, "status": status, "result": text})

    # -- other cells -------------------------------------------------------------------

    def _spend(self, size: int) -> bool:
        """Take ``size`` bytes of the page budget; False (and nothing taken) if too few left."""
        if size > self._page_left:
            self._page_left = 0
            return False
        self._page_left -= size
        return True

    def _make_inert(self, cell: NotebookNode) -> None:
        """Clean a learner-controlled cell and keep it within the page budget."""
        safe: dict[str, str] = {}
        comment = cell.metadata.get("nbgrader", {}).get("comment")
        if comment:
            safe["comment"] = markdown_to_safe_html(_as_text(comment))
        if cell.cell_type == "code":
            cell.source = cap_text(_as_text(cell.source), MAX_SOURCE_CHARS, "de code")
            if not self._spend(_page_bytes(cell.source)):
                cell.source = "# " + self._page_full
            count = cell.get("execution_count")
            cell.execution_count = count if isinstance(count, int) and not isinstance(count, bool) else None
            cell.outputs = self._clean_outputs(cell.get("outputs", []))
        else:
            if cell.cell_type == "markdown":
                rendered = markdown_to_safe_html(_as_text(cell.source))
            else:
                # A raw cell would be written into the page as it is: show it as text.
                raw = cap_text(_as_text(cell.source), MAX_SOURCE_CHARS, "de tekst")
                rendered = f"<pre>{html.escape(raw)}</pre>" if raw.strip() else ""
                cell.source = ""
                cell.metadata.pop("raw_mimetype", None)
                cell.metadata.pop("format", None)
            if not self._spend(_page_bytes(rendered, escape=False)):
                rendered = f"<p>{html.escape(self._page_full)}</p>"
            safe["html"] = rendered
            # The template shows only feedback_safe; the attachments are not needed.
            cell.pop("attachments", None)
        cell.metadata["feedback_safe"] = safe

    def _clean_outputs(self, outputs: list[NotebookNode]) -> list[NotebookNode]:
        cleaned: list[NotebookNode] = []
        messages: set[str] = set()
        for output in outputs:
            kind = output.get("output_type")
            status = "fout"
            if kind == "error":
                message = error_message(output.get("ename", ""), output.get("evalue", ""))
            elif kind == "stream" and "Traceback (most recent call last)" in _as_text(output.get("text", "")):
                message = "Deze cel schreef een foutmelding; die staat niet in de feedback."
            else:
                shown = safe_output(output) if self._page_left > 0 else output
                if shown is None:
                    continue
                if self._page_left > 0 and self._spend(_output_size(shown)):
                    cleaned.append(shown)
                    continue
                status, message = "ingekort", self._page_full
            # A timeout leaves two errors (the interrupt and the executor's own): say it once.
            if message not in messages:
                messages.add(message)
                cleaned.append(_result_output(status, message))
        return cleaned

    # -- summary -----------------------------------------------------------------------

    def _summary(self, grading: dict[str, Any]) -> dict[str, Any]:
        score = float(grading.get("score") or 0.0)
        max_score = float(grading.get("max_score") or 0.0)
        late = float(grading.get("late_penalty") or 0.0)
        lines = [f"Totaal: {points_phrase(score, max_score)}."]
        if late > 0:
            lines.append(f"Voor te laat inleveren is {points_amount(late)} afgetrokken.")
        if any(item["status"] == "open" for item in self._overview):
            lines.append("Je trainer heeft nog niet alles beoordeeld: je score kan nog veranderen.")
        return {"summary": lines, "overview": list(self._overview)}
