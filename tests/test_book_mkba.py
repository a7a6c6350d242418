"""MKBA's content in the published book: its default scenario, its words, its sources.

The checks every module's pages get (built, Dutch, nothing remote, answers hidden, a static
figure before the widget) are in ``test_book_build.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import snowballstemmer

from tests.test_book_build import saved_widget_state, search_index

pytestmark = [pytest.mark.book, pytest.mark.slow]


def test_simulation_page_saves_the_default_scenario_in_dutch(built_book: Path) -> None:
    models = saved_widget_state((built_book / "book/mkba/05-simulatie.html").read_text(encoding="utf-8"))
    html_values = " ".join(str(m["state"].get("value", "")) for m in models.values())
    assert "Netto contante waarde" in html_values
    assert "Tweedehands auto naar werk" in " ".join(
        str(m["state"].get("_options_labels", "")) for m in models.values())


def test_search_index_is_dutch_and_stemmed_like_the_browser(built_book: Path) -> None:
    index = search_index(built_book)
    stem = snowballstemmer.stemmer("dutch").stemWord
    docs = index["docnames"]
    for word in ["discontovoet", "gemeente", "bijstandsuitkering"]:
        key = stem(word)
        assert key in index["terms"], f"'{word}' (stem '{key}') is not in the search index"
        hits = index["terms"][key]
        hits = hits if isinstance(hits, list) else [hits]
        assert any(docs[h].startswith("book/mkba") for h in hits)


def test_citations_and_bibliography_are_in_dutch(built_book: Path) -> None:
    page = (built_book / "book/bibliografie.html").read_text(encoding="utf-8")
    bibliography = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)).replace("\xa0", " ")
    for english in ("Renes and", "Vining, and"):
        assert english not in bibliography
    assert "Gerbert Romijn en Gusta Renes" in bibliography
    assert "Aidan R. Vining en David L. Weimer" in bibliography
    chapter = (built_book / "book/mkba/01-stappenplan.html").read_text(encoding="utf-8")
    assert re.search(r"Romijn en Renes, 2013", re.sub(r"<[^>]+>", "", chapter))
