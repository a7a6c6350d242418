"""A browser audit of every page of the built learners' book, against a list that may only shrink.

Each page of the build is opened in headless Chromium (one browser for the session, one
context per page; only 127.0.0.1 is reachable) and checked for:

``console``           JavaScript exceptions (``pageerror``) and console messages of level error
                      (a local 404 shows here too);
``external-request``  any request to a host other than 127.0.0.1 (aborted and recorded);
``broken-link``       an ``<a href>`` to a local page that is not in the build, or to a
                      ``#fragment`` that is no id (or ``<a name>``) of its target page;
``widget-hidden``     on a page with saved widget state, a widget view that did not render
                      or has no size;
``axe``               axe-core (``run_axe`` in conftest.py): serious and critical violations of
                      WCAG 2.0/2.1 A and AA, one finding per rule and target; and colour
                      contrast again in dark mode (rule ``color-contrast-dark``);
``english``           an accessible name, title or tooltip with an English UI word in it
                      (``ENGLISH_UI`` below), on a page that is Dutch (a citation's
                      tooltip, the cited work's reference, is content and not checked);
``interface``         a name, title, tooltip or button text of the interface (the theme, and
                      what Sphinx's extensions add to the article) that is not in the
                      reviewed list of Dutch interface strings, ``interface_nl.txt``;
``layout-390``        at 390 px wide: sideways page scroll, or an element cut off at the
                      screen's edge that is not inside a box that scrolls itself.

Every finding has a stable key ``page | check | rule | target`` (no port numbers, no generated
ids). What the book violates today is listed in ``known_violations.txt``, one key a line. The
list may only shrink: a finding that is not listed fails its page's test, and so does a listed
line that no longer occurs (delete it). Regenerate the list, after fixing something or, with
a reason in the commit message, to accept a finding, with::

    ASD_AUDIT_WRITE=1 .venv/bin/python -m pytest tests/browser/test_audit.py

(CI never sets ASD_AUDIT_WRITE; when ``CI`` is set, or under pytest-xdist workers, write mode
refuses.) Running a subset (``-k``) in write mode rewrites only the pages that ran.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

pytestmark = [pytest.mark.book, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
KNOWN = Path(__file__).with_name("known_violations.txt")
WRITE = os.environ.get("ASD_AUDIT_WRITE") == "1"
#: Every string of the book's interface (names, titles, tooltips, button texts of the theme
#: and of Sphinx's extensions), reviewed Dutch; ``{…}`` stands for a part the page fills in.
INTERFACE_NL = Path(__file__).with_name("interface_nl.txt")
HEADER = """\
# Browser audit (tests/browser/test_audit.py): what the built learners' book violates today.
# One finding a line: page | check | rule | target. This list may only shrink: a finding not
# listed here fails the audit, and so does a line here that no longer occurs (delete it).
# Regenerate: ASD_AUDIT_WRITE=1 .venv/bin/python -m pytest tests/browser/test_audit.py
"""

#: English words and phrases of the UI that Sphinx, sphinx-book-theme, the PyData theme,
#: copybutton, togglebutton and ipywidgets put into accessible names, titles and tooltips.
#: Matched as whole words, case-insensitively, in aria-label, title, alt, placeholder,
#: tooltip attributes, SVG <title>, button and tab text, skip links and screen-reader-only
#: text, and the page's <title>. Words Dutch shares (menu, index, open, home, download,
#: print, mode) are not listed on their own, or they would flag Dutch; nor are plain English
#: words (the, and, with): a citation's tooltip rightly quotes an English book title.
ENGLISH_UI = (
    "toggle", "search", "copy", "copied", "link to this", "permalink", "main", "page",
    "download this", "download source", "download notebook", "fullscreen", "full screen",
    "previous", "next", "skip to", "contents", "navigation", "sidebar", "breadcrumb",
    "section", "close", "hide", "show", "light", "dark", "theme", "back to top", "edit",
    "launch", "repository", "open an issue", "click", "keyboard shortcut", "results",
    "clear",
)
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_UI) + r")\b", re.I)

#: Pages that are opened with a query, so that what they render on demand is audited too.
QUERY = {"search.html": "?q=discontovoet"}

_LOCAL = re.compile(r"https?://127\.0\.0\.1:\d+")
_VOLATILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                       r"|(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}", re.I)


# ---------------------------------------------------------------------------------------
# Which pages: every page the table of contents puts in the learners' edition, plus Sphinx's
# own; test_every_page_of_the_build_is_audited checks this against the build itself.

def _toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [f"{f}.html" for f in files] + ["genindex.html", "search.html"]


PAGES = _toc_pages()


def _redirect(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:2000].lower()
    return 'http-equiv="refresh"' in head


def _built_pages(build: Path) -> set[str]:
    """Every HTML page of the build but theme/static folders (``_static``, ``_images``...)."""
    pages = set()
    for path in build.rglob("*.html"):
        rel = path.relative_to(build)
        if any(part.startswith("_") for part in rel.parts[:-1]):
            continue
        pages.add(rel.as_posix())
    return pages


# ---------------------------------------------------------------------------------------
# Keys and the list

def normalise(text: str) -> str:
    text = _LOCAL.sub("", str(text))
    text = re.sub(r"\?v=[0-9a-f]+", "", text)
    text = _VOLATILE.sub("*", text)
    text = re.sub(r":nth-(child|of-type)\(\d+\)", "", text)  # shifts whenever a cell is added
    text = re.sub(r"\s+", " ", text).strip().replace("|", "/")
    return text[:160]


def key(page: str, check: str, rule: str, target: str) -> str:
    return " | ".join([page, check, normalise(rule), normalise(target)])


def _interface_patterns() -> list[re.Pattern]:
    lines = [line.strip() for line in INTERFACE_NL.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [re.compile("".join(".+" if part.startswith("{") else re.escape(part)
                               for part in re.split(r"(\{[^}]*\})", line)) + r"\Z")
            for line in lines]


_INTERFACE: list[re.Pattern] = []


def interface_string_listed(text: str) -> bool:
    """Whether ``text`` (whitespace folded) is a string of ``interface_nl.txt``.

    >>> interface_string_listed("Onderdelen van 2. Schuldhulpverlening")
    True
    >>> interface_string_listed("Toggle primary sidebar")
    False
    """
    if not _INTERFACE:
        _INTERFACE.extend(_interface_patterns())
    folded = " ".join(text.split())
    return any(pattern.match(folded) for pattern in _INTERFACE)


def read_known() -> list[str]:
    if not KNOWN.is_file():
        return []
    return [line.strip() for line in KNOWN.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _page_of(line: str) -> str:
    return line.split(" | ", 1)[0]


# ---------------------------------------------------------------------------------------
# In the browser

class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


_ID_CACHE: dict[Path, set[str]] = {}


def _ids_of(path: Path) -> set[str]:
    if path not in _ID_CACHE:
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        _ID_CACHE[path] = parser.ids
    return _ID_CACHE[path]


# A short, stable description of an element: its own id if stable, else tag and classes,
# after the nearest ancestor with a stable id (a section's id comes from its Dutch heading).
_DESCRIBE = r"""
const volatile = s => /[0-9a-f]{8,}|\d{4,}/i.test(s);
function own(el) {
  if (el.id && !volatile(el.id)) return el.tagName.toLowerCase() + '#' + el.id;
  const classes = [...el.classList].filter(c => !volatile(c)).slice(0, 3);
  return el.tagName.toLowerCase() + classes.map(c => '.' + c).join('');
}
function describe(el) {
  let anchor = el.parentElement;
  while (anchor && !(anchor.id && !volatile(anchor.id))) anchor = anchor.parentElement;
  return (anchor ? own(anchor) + ' ' : '') + own(el);
}
"""

_COLLECT = "() => {" + _DESCRIBE + r"""
  const links = [...document.querySelectorAll('a[href]')].map(a => ({
    raw: a.getAttribute('href'), abs: a.href}));
  const ids = [...document.querySelectorAll('[id], a[name]')].map(e => e.id || e.name);
  const texts = [];
  const english = el => el.closest('[lang]') && /^en/i.test(el.closest('[lang]').lang);
  // The interface: everything outside the article (the theme's bars and sidebars), and what
  // Sphinx and its extensions add inside it (permalinks, copy buttons, answer and code
  // toggles). The rest is the course's content: its own text and widgets.
  const UI_IN_ARTICLE = '.headerlink, .copybtn, .copybtn *, button.toggle-button, ' +
                        'details.hide > summary, details.hide > summary *, .toggle-details__summary';
  // (Only on the book's pages: a page of its own, such as the group report, is all content.)
  const book = document.querySelector('article.bd-article') !== null;
  const ui = el => book && (!el.closest('article.bd-article') || el.matches(UI_IN_ARTICLE));
  const ATTRS = ['aria-label', 'title', 'alt', 'placeholder', 'aria-description',
                 'aria-roledescription', 'aria-valuetext', 'data-tooltip', 'data-bs-title',
                 'data-bs-original-title', 'data-original-title'];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('script, style, template') || english(el)) continue;
    // A citation's tooltip is the cited work's own reference, in the work's language: content,
    // not interface.
    const cited = el.matches('a[href*="bibliografie.html#"]');
    for (const attr of ATTRS) {
      if (cited && attr === 'title') continue;
      const value = el.getAttribute(attr);
      if (value && value.trim()) texts.push({kind: attr, text: value, where: describe(el), ui: ui(el)});
    }
  }
  const TEXT = 'button, [role=button], [role=tab], summary, .skip-link, .visually-hidden, ' +
               '.sr-only, .screen-reader-text, svg title';
  for (const el of document.querySelectorAll(TEXT)) {
    if (english(el)) continue;
    const value = el.textContent.trim();
    const kind = el.tagName.toLowerCase() === 'title' ? 'svg-title' : 'text';
    if (value) texts.push({kind, text: value, where: describe(el), ui: ui(el)});
  }
  texts.push({kind: 'page-title', text: document.title, where: 'title', ui: false});
  return {links, ids, texts};
}"""

_WIDGETS = r"""() => {
  const tag = type => `script[type="application/vnd.jupyter.widget-${type}+json"]`;
  const stateTag = document.querySelector(tag('state'));
  let state = {};
  try { state = JSON.parse(stateTag.textContent).state || {}; } catch (e) {}
  const views = [...document.querySelectorAll(tag('view'))];
  return views.map((view, i) => {
    let model = {};
    try { model = state[JSON.parse(view.textContent).model_id] || {}; } catch (e) {}
    const st = model.state || {};
    const name = (st._dom_classes && st._dom_classes[0]) || model.model_name || 'widget';
    const shown = view.parentElement && view.parentElement.querySelector('.jupyter-widgets');
    const box = shown ? shown.getBoundingClientRect() : {width: 0, height: 0};
    return {name: name + '-' + (i + 1), width: box.width, height: box.height};
  });
}"""

_LAYOUT = "() => {" + _DESCRIBE + r"""
  const doc = document.documentElement, vw = doc.clientWidth;
  const sideways = doc.scrollWidth > vw + 1 || document.body.scrollWidth > vw + 1;
  const scrolls = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if (x === 'auto' || x === 'scroll') return true;
    }
    return false;
  };
  const cut = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const straddles = (r.left < vw && r.right > vw + 1) || (r.left < -1 && r.right > 0);
    if (!straddles || getComputedStyle(el).visibility === 'hidden' || scrolls(el)) continue;
    if (cut.some(c => c.contains(el))) continue;  // only the outermost
    cut.push(el);
  }
  return {sideways, width: doc.scrollWidth, viewport: vw,
          cut: cut.map(el => ({where: describe(el),
                               right: Math.round(el.getBoundingClientRect().right)}))};
}"""


def audit_page(browser, book_url: str, build: Path, page_path: str, run_axe) -> dict[str, str]:
    """Open one page and return its findings: {key: a line of detail for the report}."""
    findings: dict[str, str] = {}
    blocked: list[str] = []

    def add(check: str, rule: str, target: str, detail: str = "") -> None:
        findings.setdefault(key(page_path, check, rule, target), detail)

    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        def route(r) -> None:
            url = r.request.url
            host = urlparse(url).hostname
            if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
                r.continue_()
            else:
                blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: add("console", "pageerror",
                                             str(exc).splitlines()[0] if str(exc) else "?"))

        def on_console(msg) -> None:
            if msg.type != "error":
                return
            where = (msg.location or {}).get("url", "")
            if "ERR_FAILED" in msg.text and urlparse(where).hostname not in (None, "127.0.0.1"):
                return  # an aborted outside request: reported as external-request
            add("console", "error", f"{msg.text} @ {urlparse(where).path}" if where else msg.text)

        page.on("console", on_console)
        page.goto(f"{book_url}/{page_path}{QUERY.get(page_path, '')}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate("async () => { if (window.MathJax && MathJax.startup) "
                      "await MathJax.startup.promise; }")
        if page_path in QUERY:  # Sphinx's search titles its results when all are listed
            try:
                page.wait_for_function("() => typeof Search !== 'undefined' && Search.title && "
                                       "Search.title.textContent === "
                                       "Documentation.gettext('Search Results')", timeout=10_000)
            except Exception:  # noqa: BLE001 - an unfinished search is audited as it is
                pass

        # Widgets: every saved view rendered, with a size.
        if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
            try:
                page.wait_for_selector(".jupyter-widgets", state="visible", timeout=20_000)
            except Exception:  # noqa: BLE001 - reported below
                pass
            page.wait_for_timeout(300)
            for view in page.evaluate(_WIDGETS):
                if not (view["width"] > 0 and view["height"] > 0):
                    add("widget-hidden", "no-size", view["name"])

        # Every font the styles declare, used on this page or not: lazy loading would make
        # a broken font's 404 come and go between runs.
        page.evaluate("() => Promise.allSettled([...document.fonts].map(f => f.load()))")
        page.wait_for_timeout(200)

        # Links, ids and texts, as the reader's browser has them.
        dom = page.evaluate(_COLLECT)
        here = urlparse(page.url).path
        live_ids = set(dom["ids"])
        for link in dom["links"]:
            url = urlparse(link["abs"])
            if url.scheme not in ("http", "https") or url.hostname != "127.0.0.1":
                continue
            path = unquote(url.path)
            target = build / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                add("broken-link", "missing-page", link["raw"])
                continue
            fragment = unquote(url.fragment)
            if not fragment:
                continue
            ids = live_ids if url.path == here else _ids_of(target)
            if fragment not in ids:
                add("broken-link", "missing-anchor", link["raw"])

        for text in dom["texts"]:
            words = sorted({m.lower() for m in _ENGLISH.findall(text["text"])})
            if words:
                add("english", text["kind"], text["text"],
                    f"English: {', '.join(words)}; at {text['where']}")
            if text["ui"] and not interface_string_listed(text["text"]):
                add("interface", "unlisted-string", " ".join(text["text"].split()),
                    f"not in {INTERFACE_NL.name}; at {text['where']}")

        for rule in run_axe(page):
            for target in rule["targets"]:
                add("axe", rule["id"], target, f"{rule['impact']}: {rule['help']}")

        # Dark mode: the device asks for dark. The book's theme follows it (default_mode: auto)
        # and says so in data-theme; a page without the theme (the group report) follows it
        # through its own CSS, if at all.
        themed = page.evaluate("document.documentElement.dataset.mode !== undefined")
        page.emulate_media(color_scheme="dark")
        if themed:
            page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
        page.wait_for_timeout(300)
        for rule in run_axe(page, rules=("color-contrast",)):
            for target in rule["targets"]:
                add("axe", "color-contrast-dark", target, f"{rule['impact']}: {rule['help']} (donker)")
        page.emulate_media(color_scheme="light")
        if themed:
            page.wait_for_function("document.documentElement.dataset.theme === 'light'")

        # A phone: 390 px wide.
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(400)
        layout = page.evaluate(_LAYOUT)
        if layout["sideways"]:
            add("layout-390", "sideways-scroll", "html",
                f"page is {layout['width']} px wide in a {layout['viewport']} px screen")
        for element in layout["cut"]:
            add("layout-390", "cut-off", element["where"],
                f"right edge at {element['right']} px of {layout['viewport']}")
    finally:
        context.close()

    for url in blocked:
        parts = urlparse(url)
        add("external-request", parts.hostname or "?",
            f"{parts.scheme}://{parts.netloc}{parts.path}")
    return findings


# ---------------------------------------------------------------------------------------
# The tests

@pytest.fixture(scope="session")
def audit_results():
    """Findings per audited page; in write mode, written to the list when the session ends."""
    if WRITE and os.environ.get("CI"):
        pytest.fail("ASD_AUDIT_WRITE=1 is refused in CI: the list is regenerated by hand.",
                    pytrace=False)
    if WRITE and os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("ASD_AUDIT_WRITE=1 needs one process: run it without -n.", pytrace=False)
    results: dict[str, set[str]] = {}
    yield results
    if WRITE and results:
        kept = [line for line in read_known() if _page_of(line) not in results]
        lines = sorted(set(kept).union(*results.values()))
        KNOWN.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")


@pytest.mark.parametrize("page_path", PAGES)
def test_page_passes_the_audit(page_path, audit_results, browser, book_url, built_book,
                               run_axe) -> None:
    findings = audit_page(browser, book_url, built_book, page_path, run_axe)
    audit_results[page_path] = set(findings)
    if WRITE:
        return
    known = {line for line in read_known() if _page_of(line) == page_path}
    new = sorted(set(findings) - known)
    gone = sorted(known - set(findings))
    message = []
    if new:
        message.append(f"{len(new)} new finding(s) on {page_path} (fix them; "
                       f"{KNOWN.name} may only shrink):")
        message += [f"  {line}\n      ({findings[line]})" if findings[line] else f"  {line}"
                    for line in new]
    if gone:
        message.append(f"{len(gone)} line(s) in tests/browser/{KNOWN.name} no longer occur "
                       f"on {page_path}: delete them, so the list stays honest:")
        message += [f"  {line}" for line in gone]
    assert not message, "\n".join(message)


def test_every_page_of_the_build_is_audited(built_book) -> None:
    """The build decides which pages exist: each one is audited, or is a bare redirect."""
    built = _built_pages(built_book)
    redirects = {p for p in built if _redirect(built_book / p)}
    unaudited = sorted(built - redirects - set(PAGES))
    missing = sorted(set(PAGES) - built)
    assert not unaudited, f"pages in the build that the audit does not open: {unaudited}"
    assert not missing, f"pages the audit expects that the build lacks: {missing}"
    for page in redirects:  # e.g. index.html -> book/intro.html
        text = (built_book / page).read_text(encoding="utf-8")
        target = re.search(r'url=([^"\'>]+)', text, re.I)
        assert target, f"{page} redirects nowhere"
        assert ((built_book / page).parent / target.group(1)).is_file(), \
            f"{page} redirects to a missing page: {target.group(1)}"


def test_known_violations_list_is_tidy() -> None:
    """Every line names an audited page, a known check, and occurs once."""
    lines = read_known()
    checks = {"console", "external-request", "broken-link", "widget-hidden", "axe", "english",
              "interface", "layout-390"}
    bad = [line for line in lines
           if len(line.split(" | ")) != 4 or _page_of(line) not in PAGES
           or line.split(" | ")[1] not in checks]
    assert not bad, (f"lines in tests/browser/{KNOWN.name} that name no audited page or "
                     f"check (delete them): {bad}")
    doubles = sorted({line for line in lines if lines.count(line) > 1})
    assert not doubles, f"lines listed twice in {KNOWN.name}: {doubles}"


def test_the_list_of_dutch_interface_strings_has_no_english_ui_word() -> None:
    lines = [line.strip() for line in INTERFACE_NL.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines, f"{INTERFACE_NL.name} is empty"
    english = [line for line in lines if _ENGLISH.search(line)]
    assert not english, f"English UI words in {INTERFACE_NL.name}: {english}"
    assert len(lines) == len(set(lines)), f"lines listed twice in {INTERFACE_NL.name}"
