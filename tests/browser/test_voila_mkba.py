"""The MKBA simulation served live by Voila: a learner changes the case and sees new results."""

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
NOTEBOOK = ROOT / "book" / "mkba" / "05-simulatie.ipynb"


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


def test_voila_dashboard_recomputes_when_a_learner_changes_the_case(browser, voila_url) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    leaving = []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            leaving.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(voila_url, wait_until="load")
        page.wait_for_selector(".asd-mkba .asd-results", timeout=90_000)
        widget = page.locator(".asd-mkba")
        auto = format_euro(mkba.case_npv(mkba.PRESETS["auto"]))
        assert auto in widget.inner_text()
        assert not page.locator(".asd-static-note").is_visible()  # live: it recomputes
        names = page.locator('.asd-mkba [role="slider"]').evaluate_all(
            "els => els.map(e => e.getAttribute('aria-label'))")
        assert names == ["Discontovoet (%)", "Horizon (jaar)", "Effectgrootte (%)"]

        page.get_by_label("Casus").select_option(label="Voortijdig schoolverlaten voorkomen")
        school = format_euro(mkba.case_npv(mkba.PRESETS["schooluitval"]))
        page.wait_for_function(
            "text => document.querySelector('.asd-mkba').innerText.includes(text)", arg=school,
            timeout=20_000,
        )
        text = widget.inner_text()
        assert "onderwijs" in text  # the actor chart now shows who pays for the school case
        assert auto not in text
        assert re.search(r"Horizon \(jaar\)\s*15", text)
        assert leaving == [], f"requests left the machine: {leaving}"
    finally:
        context.close()
