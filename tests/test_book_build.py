"""The published book: builds with warnings as errors, leaks nothing, asks no CDN."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import snowballstemmer

pytestmark = [pytest.mark.book, pytest.mark.slow]

CHAPTERS = ["01-stappenplan", "02-disconteren", "03-wie-betaalt", "04-onzekerheid"]
# Text that must never reach a learner through the published book.
SECRETS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS|mkba-opdracht")
# A page may link to the web, but must not load anything from it.
REMOTE_ASSET = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)


def _pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)


_DIV_CLASSES = re.compile(r'<div\b[^>]*\bclass="([^"]*)"', re.I)


def has_toggled_answers(page: str) -> bool:
    """Whether a built page has model answers, every one hidden behind a toggle button.

    A model answer is a sphinx-exercise solution (``<div class="solution ... admonition">``);
    it is hidden when it also has the ``dropdown`` class and the page loads
    sphinx-togglebutton with a selector that takes dropdown admonitions and the Dutch hint.
    The theme's own markup ("dropdown-toggle", the download menu) counts for nothing.
    """
    solutions = [set(classes.split()) for classes in _DIV_CLASSES.findall(page)
                 if {"solution", "admonition"} <= set(classes.split())]
    toggle_script = re.search(r'<script\b[^>]*\bsrc="[^"]*_static/togglebutton\.js', page)
    selector = re.search(r"togglebuttonSelector\s*=\s*'[^']*\.admonition\.dropdown", page)
    hint = "toggleHintShow = 'Toon antwoord'" in page
    return (bool(solutions) and all("dropdown" in s for s in solutions)
            and bool(toggle_script and selector and hint))


def test_book_builds_every_page_in_the_toc(built_book: Path) -> None:
    # The learners' edition: trainer pages are in the trainers' edition only (test_editions.py).
    for page in ["book/intro", "book/mkba/index", *(f"book/mkba/{c}" for c in CHAPTERS),
                 "book/mkba/05-simulatie", "book/begrippenlijst", "book/bibliografie"]:
        assert (built_book / f"{page}.html").is_file(), f"{page} was not built"


def test_no_answers_or_hidden_tests_are_published(built_book: Path) -> None:
    assert not (built_book / "solutions").exists()
    assert not (built_book / "exercises").exists()
    leaks = [str(p) for p in built_book.rglob("*") if p.is_file() and p.suffix in {".html", ".js", ".txt", ".ipynb", ".md"}
             and "_vendor" not in p.parts and SECRETS.search(p.read_text(errors="ignore"))]
    assert leaks == []


def test_pages_are_dutch_and_load_nothing_remote(built_book: Path) -> None:
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text.lower():
            continue  # the root redirect page
        assert '<html lang="nl"' in text, f"{page} is not marked as Dutch"
        remote = REMOTE_ASSET.findall(text)
        assert remote == [], f"{page} loads from the web: {remote}"


def test_widget_page_embeds_state_and_vendored_manager(built_book: Path) -> None:
    page = (built_book / "book/mkba/05-simulatie.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in page
    assert "application/vnd.jupyter.widget-view+json" in page
    assert re.search(r'src="\.\./\.\./_static/jupyter-widgets/require\.js(\?v=\w+)?"', page)
    assert re.search(r'src="\.\./\.\./_static/jupyter-widgets/embed-amd\.js(\?v=\w+)?"', page)
    assert (built_book / "_static/jupyter-widgets/embed-amd.js").stat().st_size > 1_000_000
    # The saved state holds the default scenario's result, in Dutch.
    state = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', page, re.S)
    models = json.loads(state.group(1))["state"]
    html_values = " ".join(str(m["state"].get("value", "")) for m in models.values())
    assert "Netto contante waarde" in html_values
    assert "Tweedehands auto naar werk" in " ".join(
        str(m["state"].get("_options_labels", "")) for m in models.values())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapters_open_with_leerdoelen_and_close_with_kernpunten(built_book: Path, chapter: str) -> None:
    text = (built_book / f"book/mkba/{chapter}.html").read_text(encoding="utf-8")
    assert text.index("Leerdoelen") < text.index("Kernpunten")
    assert "Opgave" in text or "Oefening" in text, "no exercise on the page"
    assert has_toggled_answers(text), "no model answer behind 'Toon antwoord' on the page"


def test_toggled_answer_check_fails_on_a_page_without_answers(built_book: Path) -> None:
    glossary = (built_book / "book/begrippenlijst.html").read_text(encoding="utf-8")
    assert "dropdown" in glossary  # the theme's markup, which the check must not take for an answer
    assert not has_toggled_answers(glossary)
    chapter = (built_book / "book/mkba/01-stappenplan.html").read_text(encoding="utf-8")
    assert has_toggled_answers(chapter)
    # The same chapter with its answers shown open, or without the toggle script, fails.
    assert not has_toggled_answers(chapter.replace("solution dropdown admonition", "solution admonition"))
    assert not has_toggled_answers(re.sub(r'<script\b[^>]*togglebutton\.js[^>]*></script>', "", chapter))


def test_toggled_answer_check_on_synthetic_pages() -> None:
    script = ('<script src="../../_static/togglebutton.js?v=1"></script><script>'
              "let toggleHintShow = 'Toon antwoord'; "
              "const togglebuttonSelector = '.toggle, .admonition.dropdown';</script>")
    theme_only = script + '<div class="dropdown dropdown-download-buttons"><button class="btn dropdown-toggle">'
    answer = '<div class="solution dropdown admonition" id="x-solution-1"><p>Antwoord</p></div>'
    open_answer = '<div class="solution admonition" id="x-solution-2"><p>Antwoord</p></div>'
    exercise = '<div class="exercise admonition"><p>Opgave</p></div>'
    assert has_toggled_answers(script + exercise + answer)
    assert not has_toggled_answers(theme_only + exercise)
    assert not has_toggled_answers(script + exercise + answer + open_answer)
    assert not has_toggled_answers(exercise + answer)  # no toggle button on the page


def test_search_index_is_dutch_and_stemmed_like_the_browser(built_book: Path) -> None:
    raw = (built_book / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    stem = snowballstemmer.stemmer("dutch").stemWord
    docs = index["docnames"]
    for word in ["discontovoet", "gemeente", "bijstandsuitkering"]:
        key = stem(word)
        assert key in index["terms"], f"'{word}' (stem '{key}') is not in the search index"
        hits = index["terms"][key]
        hits = hits if isinstance(hits, list) else [hits]
        assert any(docs[h].startswith("book/mkba") for h in hits)


def test_simulation_page_shows_a_static_figure_before_the_widget(built_book: Path) -> None:
    page = (built_book / "book/mkba/05-simulatie.html").read_text(encoding="utf-8")
    figure = re.search(r'<img[^>]+src="[^"]+\.png"', page)
    assert figure, "the default scenario has no static figure"
    assert figure.start() < page.index("application/vnd.jupyter.widget-view+json")
    text = re.sub(r"<[^>]+>", "", page)
    assert "make voila" in text and "jupyter lab" in text  # how to run it live


def test_citations_and_bibliography_are_in_dutch(built_book: Path) -> None:
    page = (built_book / "book/bibliografie.html").read_text(encoding="utf-8")
    bibliography = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)).replace("\xa0", " ")
    for english in ("Technical Report", " edition", "Renes and", "Vining, and"):
        assert english not in bibliography
    assert "Gerbert Romijn en Gusta Renes" in bibliography
    assert "Aidan R. Vining en David L. Weimer" in bibliography
    chapter = (built_book / "book/mkba/01-stappenplan.html").read_text(encoding="utf-8")
    assert re.search(r"Romijn en Renes, 2013", re.sub(r"<[^>]+>", "", chapter))


@pytest.mark.parametrize("english", ["Skip to main content", "Back to top", "On this page",
                                     "previous page", "next page", "Show code cell", ">Solution"])
def test_interface_text_is_dutch(built_book: Path, english: str) -> None:
    offenders = [p.name for p in _pages(built_book) if english in p.read_text(encoding="utf-8")]
    assert offenders == [], f"'{english}' is still English on {offenders}"
