"""Dutch citations and bibliography entries for the course book.

sphinxcontrib-bibtex's styles are English: "A and B", "Technical Report", and titles
lower-cased after their first word (which turns "Academie Sociaal Domein" into "Academie
sociaal domein"). This registers two pybtex plugins that the book's configuration selects:

- ``author_year_nl`` (``bibtex_reference_style``): "Romijn en Renes, 2013" in the text;
- ``asd`` (``bibtex_default_style``): the plain style, sorted by author, with "en" between
  authors, titles kept as written, and "Rapport" for a technical report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import date
from pybtex.style.template import field as bib_field
from pybtex.style.formatting import toplevel
from pybtex.style.template import first_of, names, optional, sentence, words
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _dutch_persons() -> PersonStyle:
    return PersonStyle(sep2=" en ", last_sep=" en ")


@dataclass
class DutchAuthorYearStyle(AuthorYearReferenceStyle):
    """Author-year references with Dutch separators between authors."""

    person: PersonStyle = field(default_factory=_dutch_persons)


class DutchPlainStyle(PlainStyle):
    """pybtex's plain style in Dutch."""

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=" en ", last_sep=" en ")
        return sentence[formatted] if as_sentence else formatted

    def format_title(self, e, which_field, as_sentence=True):
        # Dutch titles are written with the capitals they need; do not lower-case them.
        title = bib_field(which_field)
        return sentence[title] if as_sentence else title

    def get_techreport_template(self, e):
        # pybtex's own template, with "Rapport" where it says "Technical Report".
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[
                words[first_of[optional[bib_field("type")], "Rapport"],
                      optional[bib_field("number")]],
                bib_field("institution"),
                optional[bib_field("address")],
                date,
            ],
            sentence[optional[bib_field("note")]],
            self.format_web_refs(e),
        ]


pybtex.plugin.register_plugin("pybtex.style.formatting", "asd", DutchPlainStyle)
sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", "author_year_nl", DutchAuthorYearStyle
)


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
