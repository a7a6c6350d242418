"""Every module's built pages in a real browser, with no network but 127.0.0.1.

Pages come from ``_toc.yml`` through ``tests/discovery.py``: every page opens without a
JavaScript error or a request to another host, every simulation page draws its saved
widget, and every page with display math renders it with the bundled MathJax. What a
module's pages show is in ``test_<module>_page.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import discovery

pytestmark = [pytest.mark.book, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "_build" / "screenshots"


@pytest.mark.parametrize("page_path", discovery.toc_pages())
def test_every_page_opens_offline_without_errors(open_page, page_path) -> None:
    page, log = open_page(f"{page_path}.html")
    assert page.locator("article").count() >= 1
    assert log.blocked == [], f"requests left the machine: {log.blocked}"
    assert log.errors == [], f"JavaScript errors: {log.errors}"


@pytest.mark.parametrize(("module", "simulation"), sorted(discovery.simulation_pages().items()))
def test_simulation_widget_renders_offline(open_page, module, simulation) -> None:
    widget_selector = f".asd-{module}.asd-widget"
    page, log = open_page(f"{simulation}.html", wait_for=widget_selector)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{module}-simulatie.png"), full_page=True)
    widget = page.locator(widget_selector)
    assert widget.is_visible()
    assert page.locator(f"{widget_selector} svg.asd-chart").count() >= 1
    # Every slider handle has an accessible name: its label.
    names = page.locator(f'{widget_selector} [role="slider"]').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")
    assert all(names), names
    # The static page says, inside the widget, that it will not recompute here.
    assert page.locator(f"{widget_selector} .asd-static-note").is_visible()
    assert log.blocked == [], f"requests left the machine: {log.blocked}"
    assert all(u.startswith("http://127.0.0.1") or u.startswith("data:") for u in log.requests)
    assert log.errors == [], f"JavaScript errors: {log.errors}"


@pytest.mark.parametrize("page_path", discovery.pages_with_math())
def test_formulas_render_with_the_bundled_mathjax(open_page, page_path) -> None:
    page, log = open_page(f"{page_path}.html", wait_for="mjx-container")
    assert page.locator("mjx-container").count() >= 1
    assert log.blocked == [], f"requests left the machine: {log.blocked}"
    assert any("/_static/mathjax/" in u for u in log.requests)
