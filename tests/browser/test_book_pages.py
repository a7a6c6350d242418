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


_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // An outline or a ring (box-shadow) of at least 2 px, on the control or inside it.
  const drawn = e => {
    const style = getComputedStyle(e);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
           (style.boxShadow && style.boxShadow !== 'none');
  };
  const path = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return {path, visible: drawn(el) || [...el.querySelectorAll('*')].some(drawn), name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40)};
}"""


@pytest.mark.parametrize("page_path", [p for p in discovery.toc_pages()
                                       if p == discovery.toc_pages()[0] or p.endswith("/02-disconteren")
                                       or p in discovery.all_chapters()[:1] + discovery.all_chapters()[-1:]])
def test_every_control_the_keyboard_reaches_shows_its_focus(open_page, page_path) -> None:
    page, _ = open_page(f"{page_path}.html")
    seen, hidden = [], []
    for _ in range(250):  # a page's tab stops, and back to the start
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            continue
        if seen and focused["path"] == seen[0]["path"] and len(seen) > 3:
            break
        seen.append(focused)
        if not focused["visible"]:
            hidden.append(f"{focused['path']} ({focused['name']})")
    assert len(seen) > 10, f"the keyboard reached only {len(seen)} controls"
    assert not hidden, f"focused without a visible indicator: {sorted(set(hidden))}"


def test_toggles_and_copy_buttons_speak_dutch(open_page) -> None:
    page, log = open_page("book/mkba/02-disconteren.html", wait_for="button.toggle-button")
    button = page.locator("button.toggle-button").first
    assert button.get_attribute("aria-label") == "Toon antwoord"
    button.click()
    page.wait_for_function("b => b.getAttribute('aria-label') === 'Verberg antwoord'",
                           arg=button.element_handle())
    copy = page.locator("button.copybtn").first
    assert copy.get_attribute("data-tooltip") == "Kopiëren"
    assert copy.locator("title").first.text_content() == "Naar het klembord kopiëren"
    assert log.errors == [], f"JavaScript errors: {log.errors}"


@pytest.mark.parametrize("page_path", discovery.toc_pages())
def test_no_download_or_full_screen_button_the_config_leaves_off(built_book: Path, page_path) -> None:
    html = (built_book / f"{page_path}.html").read_text(encoding="utf-8")
    assert "dropdown-download-buttons" not in html
    assert "btn-fullscreen-button" not in html and "toggleFullScreen" not in html
