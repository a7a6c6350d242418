"""The group report (``grading/report.py``) passes the browser audit of the book.

A report of a made-up class of 30 (``sample_group`` of ``tests/test_grading_report.py``:
every section filled, markup in every text) is written to a temporary folder, served on
127.0.0.1 and opened in headless Chromium with the book audit's own ``audit_page``
(``tests/browser/test_audit.py``): axe-core's serious and critical WCAG 2.0/2.1 A and AA
violations, requests to any other host, console errors, broken in-page links, English UI
words, and the 390 px check (no sideways scroll, nothing cut off). Unlike a book page, the
report has no list of known violations: it must have no finding at all.

The page forbids every script with a Content-Security-Policy, which would also stop the
audit from injecting axe-core; the audit's browser contexts bypass it (``_BypassCsp``), and
``test_the_page_runs_no_script`` checks that without that bypass no script runs.
"""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from grading.report import render_html
from tests.browser.conftest import _QuietHandler
from tests.browser.test_audit import audit_page
from tests.test_grading_report import sample_group

pytestmark = [pytest.mark.slow]

PAGE = "mkba-groepsrapport.html"


class _BypassCsp:
    """A browser whose new contexts ignore the page's Content-Security-Policy (for axe-core)."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(bypass_csp=True, **options)


@pytest.fixture(scope="module")
def report_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("groepsrapport-audit")
    (folder / PAGE).write_text(render_html(sample_group(), 11.0), encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()


def test_the_report_passes_the_book_audit(browser, run_axe, report_site):
    url, folder = report_site
    findings = audit_page(_BypassCsp(browser), url, Path(folder), PAGE, run_axe)
    assert not findings, "\n".join(f"{key}\n    ({detail})" for key, detail in findings.items())


def test_the_page_runs_no_script(browser, report_site):
    url, _ = report_site
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}/{PAGE}", wait_until="load")
        try:
            page.add_script_tag(content="window.asdRan = true;")
        except Exception:  # noqa: BLE001 - refused outright is just as good
            pass
        assert page.evaluate("window.asdRan === undefined")
        assert page.evaluate("document.scripts.length") <= 1  # at most the refused one
    finally:
        context.close()
