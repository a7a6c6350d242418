"""The published book: builds with warnings as errors, leaks nothing, asks no CDN.

Pages, chapters and simulation pages come from ``_toc.yml`` through ``tests/discovery.py``,
so a new module's pages are checked with no edit here. What is about MKBA's content (its
default scenario, its words in the search index, its sources) is in ``test_book_mkba.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests import discovery

pytestmark = [pytest.mark.book, pytest.mark.slow]

CHAPTERS = discovery.all_chapters()
SIMULATION_PAGES = sorted(discovery.simulation_pages().values())
# Text that must never reach a learner through the published book: solution and hidden-test
# markers, and the name of any assignment notebook.
NOTEBOOKS = [Path(discovery.builder(name).NOTEBOOK_NAME).stem for name in discovery.builders()]
SECRETS = re.compile("|".join(["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
                               *map(re.escape, NOTEBOOKS)]))
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
    pages = discovery.toc_pages()
    assert "book/intro" in pages and CHAPTERS and SIMULATION_PAGES
    missing = [page for page in pages if not (built_book / f"{page}.html").is_file()]
    assert missing == [], f"not built: {missing}"


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


@pytest.mark.parametrize("simulation", SIMULATION_PAGES)
def test_widget_page_embeds_state_and_vendored_manager(built_book: Path, simulation: str) -> None:
    page = (built_book / f"{simulation}.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in page
    assert "application/vnd.jupyter.widget-view+json" in page
    assert re.search(r'src="\.\./\.\./_static/jupyter-widgets/require\.js(\?v=\w+)?"', page)
    assert re.search(r'src="\.\./\.\./_static/jupyter-widgets/embed-amd\.js(\?v=\w+)?"', page)
    assert (built_book / "_static/jupyter-widgets/embed-amd.js").stat().st_size > 1_000_000
    # The saved state holds the course's widget with a result (what it says: test_book_<module>.py).
    models = saved_widget_state(page)
    assert any("asd-widget" in m["state"].get("_dom_classes", []) for m in models.values())


def saved_widget_state(page: str) -> dict:
    """The widget models saved on a built page, by model id."""
    state = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', page, re.S)
    assert state, "no saved widget state on the page"
    return json.loads(state.group(1))["state"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapters_open_with_leerdoelen_and_close_with_kernpunten(built_book: Path, chapter: str) -> None:
    text = (built_book / f"{chapter}.html").read_text(encoding="utf-8")
    assert text.index("Leerdoelen") < text.index("Kernpunten")
    assert "Opgave" in text or "Oefening" in text, "no exercise on the page"
    assert has_toggled_answers(text), "no model answer behind 'Toon antwoord' on the page"


def test_toggled_answer_check_fails_on_a_page_without_answers(built_book: Path) -> None:
    glossary = (built_book / "book/begrippenlijst.html").read_text(encoding="utf-8")
    assert "dropdown" in glossary  # the theme's markup, which the check must not take for an answer
    assert not has_toggled_answers(glossary)
    chapter = (built_book / f"{CHAPTERS[0]}.html").read_text(encoding="utf-8")
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


def search_index(built_book: Path) -> dict:
    raw = (built_book / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(raw[raw.index("(") + 1: raw.rindex(")")])


def test_search_index_holds_every_page(built_book: Path) -> None:
    # Whether it is stemmed the Dutch way is checked on MKBA's words in test_book_mkba.py.
    docs = search_index(built_book)["docnames"]
    assert sorted(set(discovery.toc_pages()) - set(docs)) == []


@pytest.mark.parametrize("simulation", SIMULATION_PAGES)
def test_simulation_page_shows_a_static_figure_before_the_widget(built_book: Path, simulation: str) -> None:
    page = (built_book / f"{simulation}.html").read_text(encoding="utf-8")
    figure = re.search(r'<img[^>]+src="[^"]+\.png"', page)
    assert figure, "the default scenario has no static figure"
    assert figure.start() < page.index("application/vnd.jupyter.widget-view+json")
    text = re.sub(r"<[^>]+>", "", page)
    assert "make voila" in text and "jupyter lab" in text  # how to run it live


def test_bibliography_is_in_dutch(built_book: Path) -> None:
    # Which sources it names, and how a chapter cites them: test_book_mkba.py.
    page = (built_book / "book/bibliografie.html").read_text(encoding="utf-8")
    bibliography = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)).replace("\xa0", " ")
    for english in ("Technical Report", " edition", ", and "):
        assert english not in bibliography, english


@pytest.mark.parametrize("english", ["Skip to main content", "Back to top", "On this page",
                                     "previous page", "next page", "Show code cell", ">Solution"])
def test_interface_text_is_dutch(built_book: Path, english: str) -> None:
    offenders = [p.name for p in _pages(built_book) if english in p.read_text(encoding="utf-8")]
    assert offenders == [], f"'{english}' is still English on {offenders}"
