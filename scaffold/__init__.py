"""Write a draft course module from one template: ``make module NAME=<name>``.

``python -m scaffold <name>`` writes every part a course module has (see the README,
"Adding a module"; ``tests/test_discovery.py`` checks them): the model, the widget, the
book pages (index, one chapter with the chapter anatomy, the simulation page, the
dashboard, the trainer guide), the assignment builder and its ``solutions/`` and
``exercises/``, and the tests of the module's own content. It adds the pages to
``_toc.yml`` and ``_toc_trainers.yml`` as a new part.

Everything a course author still has to write is marked with :data:`MARKER`, in prose,
in code comments and in strings alike. The draft builds, runs and passes the shared
checks as it is, so an author can work on it part by part; ``tests/test_scaffold.py``
fails while any file of a course module still holds the marker, naming the file and the
line, so an unfinished draft cannot be merged.
"""

from __future__ import annotations

#: The one marker of text a course author must still write. Searching for it finds
#: every place; ``tests/test_scaffold.py`` fails while one is left in a module's files.
MARKER = "TE SCHRIJVEN"

__all__ = ["MARKER"]
