"""The MKBA dashboard served live by Voila (`make voila`), driven in a real browser.

A learner changes the case and sees new results; the page is Dutch, plain (no MyST), fits a
390 px phone screen, reads Dutch numbers and tells a screen reader what it shows.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modules import mkba
from widgets._common import format_euro

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "book" / "mkba" / "dashboard.ipynb"
NBSP = "\u00a0"
MYST_MARKERS = ["{term}", "{glue", "{cite", ")=", ":::", "```"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url():
    port = _free_port()
    voila = Path(sys.executable).with_name("voila")
    proc = subprocess.Popen(
        # The same command as `make voila`; from ROOT, Voila reads voila.json (the course's
        # CDN-free template and the extensions it leaves out).
        [str(voila), str(NOTEBOOK), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--ServerApp.log_level=WARN"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1",
             "JUPYTER_PATH": str(ROOT / "book" / "_voila")},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"voila stopped: {proc.stdout.read().decode(errors='replace')}")
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("voila did not start within 60 s")
    yield f"http://127.0.0.1:{port}/"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def open_dashboard(browser, voila_url):
    """Open the dashboard at a viewport width; requests off this machine are aborted."""
    contexts = []

    def _open(width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 1000})
        contexts.append(context)
        leaving: list[str] = []
        errors: list[str] = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                r.continue_()
            else:
                leaving.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(voila_url, wait_until="load")
        page.wait_for_selector(".asd-mkba .asd-results", timeout=90_000)
        return page, leaving, errors

    yield _open
    for context in contexts:
        context.close()


def _wait_for_text(page, text: str) -> None:
    page.wait_for_function(
        "text => document.querySelector('.asd-mkba').innerText.includes(text)", arg=text,
        timeout=20_000,
    )


def test_voila_dashboard_recomputes_when_a_learner_changes_the_case(open_dashboard) -> None:
    page, leaving, _ = open_dashboard()
    widget = page.locator(".asd-mkba")
    auto = format_euro(mkba.case_npv(mkba.PRESETS["auto"]))
    assert auto in widget.inner_text()
    assert not page.locator(".asd-static-note").is_visible()  # live: it recomputes
    names = page.locator('.asd-mkba [role="slider"]').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")
    assert names == ["Discontovoet (%)", "Horizon (jaar)", "Effectgrootte (%)"]
    # Live: nothing is locked (the script locks controls only on a static page).
    assert page.get_by_label("Casus").is_enabled()
    assert page.evaluate("window.asdIsStaticPage()") is False

    page.get_by_label("Casus").select_option(label="Voortijdig schoolverlaten voorkomen")
    school = format_euro(mkba.case_npv(mkba.PRESETS["schooluitval"]))
    _wait_for_text(page, school)
    text = widget.inner_text()
    assert "onderwijs" in text  # the actor chart now shows who pays for the school case
    assert auto not in text
    horizon = mkba.PRESETS["schooluitval"].horizon
    assert re.search(rf"Horizon \(jaar\)\s*{horizon}{NBSP}jaar", text)
    assert mkba.PRESETS["schooluitval"].title in text  # the description follows the case
    assert leaving == [], f"requests left the machine: {leaving}"


def test_dashboard_is_dutch_plain_and_accessible(open_dashboard) -> None:
    page, leaving, errors = open_dashboard()
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.title() == "MKBA-rekenhulp — Academie Sociaal Domein"
    assert page.locator("h1").first.inner_text().strip() == "MKBA-rekenhulp"
    visible = page.locator("body").inner_text()
    assert [m for m in MYST_MARKERS if m in visible] == [], "raw MyST on the dashboard"
    # Every chart has a Dutch accessible name; every image too.
    for name in ("Netto contante waarde per actor",
                 "Gevoeligheid: netto contante waarde bij laag en hoog"):
        assert page.get_by_role("img", name=name).count() == 1
    unnamed = page.locator("#rendered_cells svg, #rendered_cells img").evaluate_all(
        "els => els.filter(e => !(e.getAttribute('aria-label') || e.getAttribute('alt') ||"
        " (e.querySelector('title') || {}).textContent)).length")
    assert unnamed == 0
    # Results are announced; sliders speak Dutch with their unit.
    assert page.locator(".asd-mkba .asd-live").get_attribute("aria-live") == "polite"
    texts = page.locator('.asd-mkba [role="slider"]').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-valuetext'))")
    horizon = mkba.PRESETS["auto"].horizon
    assert texts == [f"2,25{NBSP}%", f"{horizon}{NBSP}jaar", f"100{NBSP}%"]
    # Keyboard: one step right moves the rate to 2,50 % and says so, the Dutch way.
    handle = page.locator('.asd-mkba [role="slider"]').first
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.asd-mkba [role=slider]').getAttribute('aria-valuetext')"
        " === '2,50\u00a0%'", timeout=10_000)
    _wait_for_text(page, format_euro(mkba.case_npv(mkba.PRESETS["auto"], rate=0.025)))
    assert leaving == [], f"requests left the machine: {leaving}"
    assert errors == [], f"JavaScript errors: {errors}"


def test_dutch_amounts_are_read_the_dutch_way(open_dashboard) -> None:
    page, leaving, _ = open_dashboard()
    page.get_by_label("Casus").select_option(label="Eigen casus: zelf invullen")
    field = page.get_by_label("Investering (€, jaar 0)")
    field.wait_for(state="visible", timeout=20_000)
    horizon = mkba.PRESETS["auto"].horizon  # the own case keeps the horizon it had

    def expected(investment: float) -> str:
        case = mkba.simple_case(investment, 3_000.0, "gemeente", "inwoner", horizon)
        return format_euro(mkba.case_npv(case, rate=0.0225, horizon=horizon))

    field.fill("1.500")
    field.press("Enter")
    _wait_for_text(page, expected(1_500.0))  # 1.500 is fifteen hundred, not 1,5
    assert expected(1_500.0) != expected(1.5)
    assert field.input_value() == "1.500"

    field.fill("1.5")
    field.press("Enter")
    alert = page.locator('.asd-mkba [role="alert"]')
    alert.wait_for(timeout=20_000)
    assert "komma" in alert.inner_text() and "'Investering'" in alert.inner_text()
    assert field.input_value() == "1.5"  # the learner's text stays
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator(".asd-mkba .asd-results").count() == 0  # no stale result

    field.fill("3.000,50")
    field.press("Enter")
    _wait_for_text(page, expected(3_000.5))
    page.locator('.asd-mkba [role="alert"]').wait_for(state="detached", timeout=10_000)
    page.wait_for_function(
        "el => !el.hasAttribute('aria-invalid')", arg=field.element_handle(), timeout=10_000)
    assert leaving == []


def test_dashboard_fits_a_390_pixel_screen(open_dashboard) -> None:
    page, leaving, _ = open_dashboard(width=390)
    sizes = page.evaluate("""() => {
        const doc = document.documentElement, cells = document.querySelector('#rendered_cells');
        return [doc.scrollWidth, doc.clientWidth, cells.scrollWidth, cells.clientWidth];
    }""")
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
    too_wide = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('.asd-mkba, .asd-mkba *')]
          .filter(e => e.getClientRects().length)
          .filter(e => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
          .map(e => e.tagName + ' ' + (e.getAttribute('class') || ''));
    }""")
    assert too_wide == [], f"wider than a 390 px screen: {too_wide[:10]}"
    charts = page.locator(".asd-mkba svg.asd-chart")
    assert charts.count() == 2
    for box in charts.evaluate_all("els => els.map(e => e.getBoundingClientRect().width)"):
        assert 200 < box <= 390
    assert leaving == []
