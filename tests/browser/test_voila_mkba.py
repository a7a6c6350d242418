"""The MKBA dashboard served live by Voila (`make voila`), driven in a real browser.

What it shows and computes: a learner changes the case and sees new results, the sliders
speak Dutch with their units, and number fields read Dutch notation. The checks every
dashboard gets (live, Dutch, plain, accessible, 390 px, offline) are in
``test_dashboards.py``.
"""

from __future__ import annotations

import re

import pytest

from modules import mkba
from tests.browser.voila_server import dashboard_url, make_open_dashboard  # noqa: F401 (a fixture)
from widgets._common import format_euro

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("dashboard_url", ["mkba"], indirect=True)]

NBSP = "\u00a0"


@pytest.fixture
def open_dashboard(browser, dashboard_url):  # noqa: F811 (the fixture above)
    """Open the dashboard at a viewport width; requests off this machine are aborted."""
    opener = make_open_dashboard(browser, dashboard_url, ready=".asd-mkba .asd-results")
    yield opener
    opener.close()


def _wait_for_text(page, text: str, gone: str | None = None) -> None:
    """Wait until the calculator shows ``text`` and, if given, no longer shows ``gone``.

    One recomputation updates the results, the actor chart and the tornado chart as
    separate widget messages, so the new headline can be on screen before the old
    tornado base line has gone.
    """
    page.wait_for_function(
        "([text, gone]) => { const shown = document.querySelector('.asd-mkba').innerText;"
        " return shown.includes(text) && !(gone && shown.includes(gone)); }",
        arg=[text, gone], timeout=20_000,
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
    _wait_for_text(page, school, gone=auto)
    text = widget.inner_text()
    assert "onderwijs" in text  # the actor chart now shows who pays for the school case
    assert auto not in text
    horizon = mkba.PRESETS["schooluitval"].horizon
    assert re.search(rf"Horizon \(jaar\)\s*{horizon}{NBSP}jaar", text)
    assert mkba.PRESETS["schooluitval"].title in text  # the description follows the case
    assert leaving == [], f"requests left the machine: {leaving}"


def test_dashboard_names_the_calculator_its_charts_and_units(open_dashboard) -> None:
    page, leaving, errors = open_dashboard()
    assert page.title() == "MKBA-rekenhulp — Academie Sociaal Domein"
    assert page.locator("h1").first.inner_text().strip() == "MKBA-rekenhulp"
    for name in ("Netto contante waarde per actor",
                 "Gevoeligheid: netto contante waarde bij laag en hoog"):
        assert page.get_by_role("img", name=name).count() == 1
    # Sliders speak Dutch with their unit.
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
    assert page.locator(".asd-mkba svg.asd-chart").count() == 2
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
