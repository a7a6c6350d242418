"""A local web server for the built book and a headless Debian Chromium to open it.

Every request the page makes is recorded; anything not addressed to 127.0.0.1 is aborted
and reported, so a test can assert that reading the book contacts no one.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def book_url(built_book: Path):
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


#: How long a page may take to load or settle before a test fails. Under ``make test`` the
#: browser shares two cores with kernels, graders and book builds, and a page has been seen to
#: need more than Playwright's 30 s; these tests check what pages show (``make bench``
#: measures how fast they are).
PAGE_TIMEOUT_MS = 90_000


class _PatientBrowser:
    """The browser, with :data:`PAGE_TIMEOUT_MS` as every new context's default timeout."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        return context

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: apt-get install -y chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield _PatientBrowser(browser)
        browser.close()


class PageLog:
    """Requests and errors of one page visit."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def open_page(browser, book_url):
    contexts = []

    def _open(path: str, wait_for: str | None = None):
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        contexts.append(context)
        log = PageLog()

        def route(r):
            url = r.request.url
            log.requests.append(url)
            host = urlparse(url).hostname
            if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
                r.continue_()
            else:
                log.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: log.errors.append(str(exc)))
        page.goto(f"{book_url}/{path}", wait_until="load")
        if wait_for:
            page.wait_for_selector(wait_for)
        page.wait_for_load_state("networkidle")
        return page, log

    yield _open
    for context in contexts:
        context.close()


# axe-core, vendored for the tests only (`make test` runs the Makefile's axe step first):
# it lives in .cache/axe, outside html_static_path, so it never reaches the book.
AXE_JS = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "axe.min.js"
#: WCAG 2.0 and 2.1, levels A and AA.
WCAG_A_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@pytest.fixture(scope="session")
def run_axe():
    """``run_axe(page)``: axe-core's serious and critical WCAG A/AA violations on the page.

    ``rules=("color-contrast",)`` runs those rules only.

    Returns ``[{"id", "impact", "help", "targets": [selector, ...]}]``, one entry per rule;
    a target inside a frame or shadow root is its selectors joined with " >>> ".
    """
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS.name}): run `make .cache/axe/axe.min.js` "
                    "(`make test` does this)", pytrace=False)
    source = AXE_JS.read_text(encoding="utf-8")

    def _run(page, tags=WCAG_A_AA, impacts=("serious", "critical"), rules=None) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=source)  # inline: no request leaves the page
        only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": list(tags)}
        result = page.evaluate(
            """only => axe.run(document, {runOnly: only, resultTypes: ['violations']})""", only)
        found = []
        for rule in result["violations"]:
            nodes = [n for n in rule["nodes"] if (n.get("impact") or rule["impact"]) in impacts]
            if nodes:
                found.append({"id": rule["id"], "impact": rule["impact"], "help": rule["help"],
                              "targets": [" >>> ".join(_selector(t) for t in n["target"])
                                          for n in nodes]})
        return found

    return _run


def _selector(part) -> str:
    return part if isinstance(part, str) else " >> ".join(map(str, part))  # shadow DOM
