"""Every module's dashboard (``book/<module>/dashboard.ipynb``) served live by Voila.

Parametrised over the dashboards ``tests/discovery.py`` finds, so a new module's dashboard
is checked with no edit here: it runs, is live (nothing locked), Dutch and plain (no MyST),
names every chart and slider for a screen reader, fits a 390 px screen, and asks nothing of
another host. What a dashboard shows and computes is in ``test_voila_<module>.py``.
"""

from __future__ import annotations

import pytest

from tests.browser.voila_server import dashboard_url, make_open_dashboard  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

MYST_MARKERS = ["{term}", "{glue", "{cite", ")=", ":::", "```"]
TITLE_SUFFIX = " — Academie Sociaal Domein"


@pytest.fixture
def open_dashboard(browser, dashboard_url):  # noqa: F811 (the fixture above)
    opener = make_open_dashboard(browser, dashboard_url)
    yield opener
    opener.close()


def test_dashboard_is_live_dutch_plain_and_accessible(open_dashboard) -> None:
    page, leaving, errors = open_dashboard()
    assert page.evaluate("document.documentElement.lang") == "nl"
    title = page.title()
    assert title.endswith(TITLE_SUFFIX) and len(title) > len(TITLE_SUFFIX), title
    assert page.locator("h1").first.inner_text().strip() == title.removesuffix(TITLE_SUFFIX)
    visible = page.locator("body").inner_text()
    assert [m for m in MYST_MARKERS if m in visible] == [], "raw MyST on the dashboard"
    # Live: it recomputes, so nothing is locked and the static note is hidden.
    assert page.evaluate("window.asdIsStaticPage()") is False
    assert not page.locator(".asd-static-note").is_visible()
    disabled = page.locator(".asd-widget select, .asd-widget input").evaluate_all(
        "els => els.filter(e => e.disabled).length")
    assert disabled == 0
    # Every chart and image has an accessible name; every slider a label and a Dutch value text.
    unnamed = page.locator("#rendered_cells svg, #rendered_cells img").evaluate_all(
        "els => els.filter(e => !(e.getAttribute('aria-label') || e.getAttribute('alt') ||"
        " (e.querySelector('title') || {}).textContent)).length")
    assert unnamed == 0
    sliders = page.locator('.asd-widget [role="slider"]').evaluate_all(
        "els => els.map(e => [e.getAttribute('aria-label'), e.getAttribute('aria-valuetext')])")
    assert all(label and text for label, text in sliders), sliders
    # Results are announced.
    assert page.locator(".asd-widget .asd-live").first.get_attribute("aria-live") == "polite"
    assert leaving == [], f"requests left the machine: {leaving}"
    assert errors == [], f"JavaScript errors: {errors}"


def test_dashboard_fits_a_390_pixel_screen(open_dashboard) -> None:
    page, leaving, _ = open_dashboard(width=390)
    sizes = page.evaluate("""() => {
        const doc = document.documentElement, cells = document.querySelector('#rendered_cells');
        return [doc.scrollWidth, doc.clientWidth, cells.scrollWidth, cells.clientWidth];
    }""")
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
    too_wide = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('.asd-widget, .asd-widget *')]
          .filter(e => e.getClientRects().length)
          .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })  // takes room
          .filter(e => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
          .map(e => e.tagName + ' ' + (e.getAttribute('class') || ''));
    }""")
    assert too_wide == [], f"wider than a 390 px screen: {too_wide[:10]}"
    for box in page.locator(".asd-widget svg.asd-chart").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().width)"):
        assert 200 < box <= 390
    assert leaving == []
