"""The mgv dashboard served live by Voila (`make voila MODULE=mgv`), driven in a real browser.

Per scenario a learner clicks through the whole conversation to the feedback, goes back
to the turn where readiness dropped most, chooses another response and sees the two
conversations side by side; what the page shows is what :mod:`modules.mgv` returns for
the same clicks. The coding exercise compares codes chosen in the dropdowns. The checks
every dashboard gets (live, Dutch, plain, accessible, 390 px at the start, offline) are in
``test_dashboards.py``; here the results are also checked at 390 px, after they appear.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from modules import mgv
from tests.browser.voila_server import dashboard_url, make_open_dashboard  # noqa: F401 (a fixture)
from widgets import mgv as mgv_widgets
from widgets._common import format_percent

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("dashboard_url", ["mgv"], indirect=True)]

SIM = ".asd-gesprek"
EXERCISE = ".asd-codeeroefening"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "_build" / "screenshots"


@pytest.fixture
def open_dashboard(browser, dashboard_url):  # noqa: F811 (the fixture above)
    """Open the dashboard at a viewport width; requests off this machine are aborted."""
    opener = make_open_dashboard(browser, dashboard_url, ready=f"{SIM} .asd-option")
    yield opener
    opener.close()


def path_for(key: str) -> list[int]:
    """A mixed path through a scenario, the same one tests/test_widgets_mgv.py plays."""
    return [(3 * i + 1) % len(turn.options) for i, turn in enumerate(mgv.SCENARIOS[key].turns)]


def _wait_for_text(page, selector: str, *texts: str) -> None:
    """Wait until the element at ``selector`` shows every one of ``texts``."""
    page.wait_for_function(
        "([selector, texts]) => { const el = document.querySelector(selector);"
        " return !!el && texts.every(t => el.innerText.includes(t)); }",
        arg=[selector, list(texts)], timeout=20_000,
    )


def _start(page, key: str) -> None:
    scenario = mgv.SCENARIOS[key]
    if key != mgv_widgets.START_SCENARIO:
        page.get_by_label("Casus").select_option(label=scenario.title)
    _wait_for_text(page, f"{SIM} .asd-chat", f"Beurt 1. {scenario.client_name}:",
                   scenario.turns[0].client.split("\n")[0][:40])


def _click_option(page, key: str, choices: list[int]) -> None:
    """Click the last of ``choices`` and wait for the client's reply the model gives."""
    page.locator(f"{SIM} .asd-option").nth(choices[-1]).click()
    conversation = mgv.simulate(key, choices, seed=mgv_widgets.SEED)
    total = len(mgv.SCENARIOS[key].turns)
    where = "Het gesprek is afgelopen" if conversation.finished else f"Beurt {len(choices) + 1} van {total}"
    readiness = f"Bereidheid om te veranderen: {format_percent(conversation.final.readiness, 0)}"
    _wait_for_text(page, f"{SIM} .asd-status", conversation.steps[-1].reply, where, readiness)


@pytest.mark.parametrize("key", list(mgv.SCENARIOS))
def test_a_learner_plays_to_the_feedback_rewinds_and_compares_two_paths(open_dashboard, key: str) -> None:
    page, leaving, errors = open_dashboard()
    assert not page.locator(".asd-static-note").first.is_visible()  # live: the client answers
    _start(page, key)
    choices = path_for(key)
    for number in range(1, len(choices) + 1):
        _click_option(page, key, choices[:number])

    feedback = mgv.conversation_feedback(mgv.simulate(key, choices, seed=mgv_widgets.SEED))
    _wait_for_text(page, SIM, "Terugkoppeling op jouw gesprek", feedback.message)
    table = page.locator(f"{SIM} table.asd-feedback").inner_text()
    for score in feedback.summary.values():
        assert score.label in table
    ratio = feedback.summary["reflection_to_question"]
    if ratio.value is not None:
        assert mgv_widgets._SUMMARY_FORMAT["reflection_to_question"](ratio.value) in table
    turns = page.locator(f"{SIM} table.asd-key-turns tbody tr td:first-child")
    assert [int(t) for t in turns.all_inner_texts()] == [s.turn for s in feedback.key_turns]
    assert page.locator(f"{SIM} .asd-option:visible").count() == 0  # the conversation is over

    # Back to the turn where readiness dropped most (or moved most), and another choice there.
    drop = min(feedback.key_turns, key=lambda s: s.after.readiness - s.before.readiness).turn
    page.get_by_label("Terug naar beurt").select_option(str(drop))
    button = page.get_by_role("button", name=f"Terug naar beurt {drop}", exact=True)
    button.wait_for(timeout=20_000)
    button.click()
    _wait_for_text(page, SIM, "Het eerdere gesprek is bewaard", f"Beurt {drop} van {len(choices)}")
    assert page.locator(f"{SIM} table.asd-feedback").count() == 0
    other = choices[:drop - 1] + [(choices[drop - 1] + 1) % len(mgv.SCENARIOS[key].turns[drop - 1].options)]
    _click_option(page, key, other)
    _wait_for_text(page, SIM, "Twee gesprekken naast elkaar", f"De gesprekken lopen uiteen in beurt {drop}.")
    first = page.locator(f"{SIM} table.asd-comparison tr.asd-first-difference")
    assert first.count() == 1 and first.get_attribute("data-turn") == str(drop)
    assert "(eerste verschil)" in first.inner_text()
    earlier_said = mgv.SCENARIOS[key].turns[drop - 1].options[choices[drop - 1]].text
    now_said = mgv.SCENARIOS[key].turns[drop - 1].options[other[-1]].text
    assert earlier_said in first.inner_text() and now_said in first.inner_text()
    lines = page.locator(f"{SIM} svg.asd-chart polyline").evaluate_all(
        "els => els.map(e => e.getAttribute('data-label'))")
    assert lines == ["dit gesprek", "eerdere gesprek"]
    assert page.get_by_role("img", name="Bereidheid om te veranderen per beurt").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(SIM).screenshot(path=str(SCREENSHOTS / f"mgv-dashboard-{key}.png"))

    page.get_by_role("button", name="Opnieuw beginnen").click()
    page.wait_for_function(
        "sel => !document.querySelector(sel).innerText.includes('Twee gesprekken naast elkaar')",
        arg=SIM, timeout=20_000)
    _wait_for_text(page, f"{SIM} .asd-status", f"Beurt 1 van {len(choices)}")
    assert leaving == [], f"requests left the machine: {leaving}"
    assert errors == [], f"JavaScript errors: {errors}"


def test_the_results_fit_a_390_pixel_screen(open_dashboard) -> None:
    page, leaving, _ = open_dashboard(width=390)
    key = mgv_widgets.START_SCENARIO
    choices = path_for(key)
    for number in range(1, len(choices) + 1):
        _click_option(page, key, choices[:number])
    page.get_by_label("Terug naar beurt").select_option("2")
    page.get_by_role("button", name="Terug naar beurt 2", exact=True).click()
    _wait_for_text(page, SIM, "Het eerdere gesprek is bewaard")
    _click_option(page, key, choices[:1] + [(choices[1] + 1) % len(mgv.SCENARIOS[key].turns[1].options)])
    _wait_for_text(page, SIM, "Twee gesprekken naast elkaar")
    too_wide = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('.asd-widget, .asd-widget *')]
          .filter(e => e.getClientRects().length)
          .filter(e => !e.closest('[style*="overflow-x:auto"]') || e.matches('[style*="overflow-x:auto"]'))
          .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
          .filter(e => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
          .map(e => e.tagName + ' ' + (e.getAttribute('class') || ''));
    }""")
    assert too_wide == [], f"wider than a 390 px screen: {too_wide[:10]}"
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    # A long response wraps inside its button instead of being cut off.
    fits = page.locator(f"{SIM} .asd-option").evaluate_all(
        "els => els.map(e => e.scrollWidth <= e.clientWidth + 1)")
    assert fits and all(fits)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(SIM).screenshot(path=str(SCREENSHOTS / "mgv-dashboard-390.png"))
    assert leaving == []


def test_the_coding_exercise_compares_the_chosen_codes_with_the_reference(open_dashboard) -> None:
    page, leaving, errors = open_dashboard()
    transcript = mgv.load_transcript(mgv.CODING_EXERCISE)
    reference = transcript["code"].tolist()
    coding = list(reference)
    coding[0] = "SR" if reference[0] != "SR" else "Q"  # one mistake, on a counsellor line
    page.get_by_role("button", name="Vergelijk met de referentie").click()
    _wait_for_text(page, EXERCISE, "Kies eerst een code bij elke uiting.")
    for number, code in enumerate(coding, 1):
        page.get_by_label(f"Code bij uiting {number}", exact=True).select_option(
            label=mgv_widgets.CODE_LABELS[code])
    page.get_by_role("button", name="Vergelijk met de referentie").click()
    alike = sum(a == b for a, b in zip(coding, reference))
    _wait_for_text(page, EXERCISE, f"{alike} van de {len(reference)} uitingen", "Overeenstemming per code")
    expected = mgv.agreement(coding, reference)
    total = format_percent(expected.loc["totaal", "overeenstemming"], 0)
    row = page.locator(f"{EXERCISE} table.asd-agreement tr", has_text="Totaal").inner_text()
    assert total in row
    exercise = page.locator(EXERCISE)
    assert exercise.get_by_text("✗ referentie").count() == 1
    assert exercise.get_by_text("✓ komt overeen").count() == len(reference) - 1
    assert leaving == [] and errors == []
