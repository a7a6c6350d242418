"""The book's interface in Dutch, with a name for every control, where templates cannot reach.

The theme's own templates are overridden in ``book/_templates`` and its strings translated in
``book/_locale``; the scripts of sphinx-copybutton and sphinx-togglebutton are given Dutch by
``book/_assets/asd-nl.js``. This extension covers what Python writes:

- myst-nb's "Toon code" toggle above a hidden cell is a ``<summary>`` with the English
  ``aria-label="Toggle hidden content"``, which replaced the Dutch label it shows ("Toon
  code", "Verberg code") for screen readers; it is written here without it, so its name is
  what it shows;
- pydata-sphinx-theme's sidebar opens a chapter's sections with a ``<summary>`` holding only
  a chevron icon, a control without a name; it gets a Dutch one for screen readers
  ("Onderdelen van Disconteren"), hidden on screen;
- docutils writes each entry of the bibliography as ``role="doc-biblioentry"`` inside a
  ``role="list"``: a list whose items are not list items to a screen reader (axe-core:
  aria-required-children; DPUB-ARIA 1.1 deprecated doc-biblioentry for this reason). The
  entries are written as ``role="listitem"``;
- Jupyter Book 1 does not pass ``html.use_download_button`` and ``html.use_fullscreen_button``
  of ``_config.yml`` on to sphinx-book-theme, which then shows both buttons: they are passed
  here, and a button the configuration does not switch on is not shown.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx


def visit_hide_cell_input(self, node) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hide_cell_input(self, node) -> None:
    self.body.append("</details>\n")


def visit_citation(self, node) -> None:
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def name_section_toggles(html: str) -> str:
    """Give every text-less ``<summary>`` of a sidebar a Dutch name, hidden on screen.

    Examples
    --------
    >>> html = ('<li class="has-children"><a href="x.html">Disconteren</a>'
    ...         '<details><summary><span class="toctree-toggle"></span></summary></details></li>')
    >>> "Onderdelen van Disconteren" in name_section_toggles(html)
    True
    """
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for summary in soup.select("details > summary"):
        if summary.get_text(strip=True):
            continue  # a part's caption: it names the control itself
        item = summary.parent.parent
        link = item.find("a", recursive=False) if item is not None else None
        title = link.get_text(" ", strip=True) if link is not None else ""
        label = soup.new_tag("span", attrs={"class": "visually-hidden"})
        label.string = f"Onderdelen van {title}" if title else "Onderdelen"
        summary.insert(0, label)
        changed = True
    return str(soup) if changed else html


def _name_sidebar_toggles(app: Sphinx, pagename: str, templatename: str,
                          context: dict[str, Any], doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args, **kwargs):
        return Markup(name_section_toggles(str(generate(*args, **kwargs))))  # noqa: S704 (the theme's own HTML)

    context["generate_toctree_html"] = generate_named


#: Buttons of ``_config.yml``'s ``html`` section that Jupyter Book 1 leaves out of the theme's
#: options; off unless the configuration switches them on.
BUTTONS = ("use_download_button", "use_fullscreen_button")


def _honour_button_settings(app: Sphinx, config) -> None:
    book_config = Path(app.srcdir) / "_config.yml"
    settings = yaml.safe_load(book_config.read_text(encoding="utf-8")) if book_config.is_file() else {}
    html = (settings or {}).get("html") or {}
    options = dict(config.html_theme_options or {})
    for button in BUTTONS:
        options[button] = html.get(button) is True
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, Any]:
    from myst_nb.sphinx_ import HideCodeCellNode

    app.connect("config-inited", _honour_button_settings)
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_node(HideCodeCellNode, override=True,
                 html=(visit_hide_cell_input, depart_hide_cell_input))
    # After pydata-sphinx-theme has put its generate_toctree_html in the context (priority 500).
    app.connect("html-page-context", _name_sidebar_toggles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
