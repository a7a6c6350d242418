"""The course's widget script (asd-a11y.js) in a real browser: static pages versus live ones.

On a static page (saved widget state, no kernel) a control could move but nothing would
recompute, so the script locks every course widget's controls and shows its static note.
Where a kernel is live (Voila) it must lock nothing. Both are checked on small pages built
here, and the static case also on the built book's simulation page.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from modules import mkba

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (ROOT / "book/_voila/voila/templates/asd/static/asd-a11y.js").read_text(encoding="utf-8")
NBSP = "\u00a0"

# The DOM ipywidgets 8 draws for a course widget, reduced to what the script looks at.
WIDGET = """
<div class="widget-vbox asd-widget asd-mkba">
  <div class="widget-html"><p class="asd-static-note" style="display:none">Opgeslagen.</p></div>
  <div class="widget-dropdown"><label class="widget-label" for="c">Casus</label>
    <select id="c"><option>Tweedehands auto naar werk</option><option>Ander</option></select></div>
  <div class="widget-hbox asd-slider-row">
    <div class="widget-slider widget-hslider"><label class="widget-label">Discontovoet (%)</label>
      <div class="noUi-target"><div class="noUi-origin"><div class="noUi-handle" role="slider"
        tabindex="0" aria-valuenow="2.3" aria-valuetext="2.25"></div></div></div></div>
    <div class="widget-html asd-readout-box"><span class="asd-readout" data-unit="%"
      data-decimals="2">2,25 %</span></div>
  </div>
  <div class="widget-text asd-invalid"><label class="widget-label" for="i">Investering</label>
    <input id="i" type="text" value="1.5"></div>
  <div class="widget-html asd-live"><dl class="asd-results"><dt>Netto contante waarde</dt></dl></div>
</div>
"""
STATE = '<script type="application/vnd.jupyter.widget-state+json">{"state": {}}</script>'
VOILA = '<script id="jupyter-config-data" type="application/json">{"kernelId": "k"}</script>'


def _render(browser, head: str, body_attrs: str = ""):
    """A page with the script loaded first and the widget rendered afterwards, as in life."""
    context = browser.new_context(viewport={"width": 800, "height": 600})
    page = context.new_page()
    page.set_content(f"<!DOCTYPE html><html lang='nl'><head></head><body {body_attrs}>"
                     f"{head}<div id='out'></div></body></html>")
    page.add_script_tag(content=SCRIPT)
    page.evaluate("html => { document.getElementById('out').innerHTML = html; }", WIDGET)
    page.wait_for_timeout(100)
    return context, page


def test_static_page_locks_the_controls_and_shows_the_note(browser) -> None:
    context, page = _render(browser, STATE)
    try:
        assert page.evaluate("window.asdIsStaticPage()") is True
        assert page.locator("select").is_disabled()
        assert page.locator("input").is_disabled()
        assert page.locator(".noUi-target").get_attribute("disabled") is not None
        assert page.locator('[role="slider"]').get_attribute("aria-disabled") == "true"
        assert page.locator(".asd-static-note").is_visible()
        assert "asd-static" in page.locator(".asd-widget").get_attribute("class")
    finally:
        context.close()


@pytest.mark.parametrize(("head", "attrs"), [(STATE + VOILA, 'data-voila="voila"'),
                                             (VOILA, 'data-voila="voila"'), ("", "")])
def test_a_page_with_a_kernel_or_without_saved_state_locks_nothing(browser, head, attrs) -> None:
    context, page = _render(browser, head, attrs)
    try:
        assert page.evaluate("window.asdIsStaticPage()") is False
        assert page.locator("select").is_enabled() and page.locator("input").is_enabled()
        assert page.locator(".noUi-target").get_attribute("disabled") is None
        assert page.locator('[role="slider"]').get_attribute("aria-disabled") is None
        assert not page.locator(".asd-static-note").is_visible()
    finally:
        context.close()


def test_sliders_results_and_fields_speak_dutch(browser) -> None:
    context, page = _render(browser, VOILA, 'data-voila="voila"')
    try:
        handle = page.locator('[role="slider"]')
        assert handle.get_attribute("aria-label") == "Discontovoet (%)"
        assert handle.get_attribute("aria-valuetext") == f"2,25{NBSP}%"
        # ipywidgets' slider rewrites the value text as it moves: it becomes Dutch again.
        handle.evaluate("h => h.setAttribute('aria-valuetext', '3.5')")
        page.wait_for_function(
            "() => document.querySelector('[role=slider]').getAttribute('aria-valuetext')"
            " === '3,50\\u00a0%'", timeout=5_000)
        assert page.locator(".asd-live").get_attribute("aria-live") == "polite"
        assert page.locator("input").get_attribute("aria-invalid") == "true"
        page.evaluate("document.querySelector('.asd-invalid').classList.remove('asd-invalid')")
        page.wait_for_function("() => !document.querySelector('input').hasAttribute('aria-invalid')",
                               timeout=5_000)
    finally:
        context.close()


@pytest.mark.book
def test_book_page_locks_the_saved_calculator_so_it_stays_consistent(open_page) -> None:
    page, log = open_page("book/mkba/05-simulatie.html", wait_for=".asd-mkba .asd-results")
    page.wait_for_selector(".asd-mkba.asd-static", timeout=20_000)
    widget = page.locator(".asd-mkba")
    case = page.get_by_label("Casus")
    assert case.is_disabled()  # no other case's description next to the saved numbers
    assert all(page.locator(".asd-mkba select").evaluate_all("els => els.map(e => e.disabled)"))
    handles = page.locator('.asd-mkba [role="slider"]')
    assert handles.evaluate_all("els => els.map(e => e.getAttribute('aria-disabled'))") == ["true"] * 3
    horizon = mkba.PRESETS["auto"].horizon
    assert handles.evaluate_all("els => els.map(e => e.getAttribute('aria-valuetext'))") == [
        f"2,25{NBSP}%", f"{horizon}{NBSP}jaar", f"100{NBSP}%"]
    assert widget.locator(".asd-static-note").is_visible()
    assert "Tweedehands auto naar werk" in widget.inner_text()
    assert widget.locator(".asd-live").get_attribute("aria-live") == "polite"
    assert log.errors == [], f"JavaScript errors: {log.errors}"


@contextlib.contextmanager
def _phone_page(browser, url: str):
    """A 390 px wide page at ``url`` that may load nothing from another host."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("http://127.0.0.1", "data:", "blob:")) else r.abort())
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


@pytest.mark.book
def test_book_simulation_page_fits_a_390_pixel_screen(browser, book_url) -> None:
    with _phone_page(browser, f"{book_url}/book/mkba/05-simulatie.html") as page:
        page.wait_for_selector(".asd-mkba .asd-results", timeout=20_000)
        too_wide = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('.asd-mkba, .asd-mkba *')]
              .filter(e => e.getClientRects().length)
              .filter(e => e.getBoundingClientRect().right > width + 0.5)
              .map(e => e.tagName + ' ' + (e.getAttribute('class') || ''));
        }""")
        assert too_wide == [], f"wider than a 390 px screen: {too_wide[:10]}"
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1], sizes


def _chapter_pages() -> list[str]:
    """Every numbered chapter of every module in the learners' toc, as a built page path."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return sorted(f"{p}.html" for p in re.findall(r"file:\s*(book/[^/\s]+/0\d[^\s]*)", toc))


@pytest.mark.book
@pytest.mark.parametrize("path", _chapter_pages())
def test_chapter_tables_fit_a_390_pixel_screen_or_scroll_in_their_own_box(browser, book_url, path) -> None:
    with _phone_page(browser, f"{book_url}/{path}") as page:
        # A table may be wider than the screen only inside a box that scrolls sideways and
        # itself fits: then the learner swipes the table, not the page.
        cut_off = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
            return [...document.querySelectorAll('article table')]
              .filter(t => t.getClientRects().length)
              .filter(t => {
                // The content's right edge: a box capped at 100 % can still hold a wider
                // table that overflows it (visibly, or cut off by a hidden overflow).
                const rect = t.getBoundingClientRect();
                if (rect.left + Math.max(t.scrollWidth, rect.width) <= width + 0.5) return false;
                for (let box = t; box; box = box.parentElement) {
                  if (scrolls(box)) return box.getBoundingClientRect().right > width + 0.5;
                }
                return true;
              })
              .map(t => (t.closest('[id]') || {}).id || t.className);
        }""")
        assert cut_off == [], f"tables cut off at 390 px on {path}: {cut_off}"
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1], f"{path} scrolls sideways at 390 px: {sizes}"
