"""MKBA's built pages in a real browser, with no network but 127.0.0.1: what they show.

The checks every module's pages get (the widget renders offline, formulas render, every
page opens without errors) are in ``test_book_pages.py``.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.book, pytest.mark.slow]

def test_simulation_page_shows_the_saved_default_case(open_page) -> None:
    page, log = open_page("book/mkba/05-simulatie.html", wait_for=".asd-mkba")
    widget = page.locator(".asd-mkba")
    assert widget.is_visible()
    # The saved default scenario: the preset, its result and both charts are on screen.
    chosen = page.get_by_label("Casus").evaluate("s => s.options[s.selectedIndex].text")
    assert chosen.replace("\xa0", " ") == "Tweedehands auto naar werk"  # ipywidgets uses nbsp
    assert "Tweedehands auto naar werk" in widget.inner_text()
    assert "Netto contante waarde" in widget.inner_text()
    assert page.locator(".asd-mkba svg.asd-chart").count() == 2
    assert page.locator(".asd-mkba input[type=range]").count() + page.locator(
        ".asd-mkba .slider").count() >= 3
    # Every slider handle has an accessible name: its label.
    names = page.locator('.asd-mkba [role="slider"]').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")
    assert names == ["Discontovoet (%)", "Horizon (jaar)", "Effectgrootte (%)"]
    # The static page says, inside the widget, that it will not recompute here.
    assert page.locator(".asd-mkba .asd-static-note").is_visible()
    assert log.blocked == [], f"requests left the machine: {log.blocked}"
    assert all(u.startswith("http://127.0.0.1") or u.startswith("data:") for u in log.requests)
    assert log.errors == [], f"JavaScript errors: {log.errors}"


def test_dutch_search_finds_a_dutch_word(open_page) -> None:
    # A plural, found through its Dutch stem; the chapter that explains the term must be listed.
    page, log = open_page("search.html?q=discontovoeten", wait_for="#search-results li")
    links = page.locator("#search-results li a").evaluate_all(
        "els => els.map(e => ({href: e.href, text: e.textContent}))")
    hits = [link for link in links
            if urlparse(link["href"]).path.endswith("/book/mkba/02-disconteren.html")]
    assert hits, f"the chapter on discounting is not among the results: {links}"
    assert any("Disconteren" in link["text"] for link in hits)
    assert log.blocked == []
