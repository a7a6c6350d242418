"""pytest plugin: nbval runs MyST markdown pages like notebooks.

Book pages are MyST markdown notebooks (clean diffs, no committed outputs). nbval only
reads .ipynb, so a markdown page with a jupytext header is read through jupytext and each
of its code cells becomes a test item. Loaded with ``-p tests.nbval_myst`` (pyproject.toml)
so it sees book/, which a conftest.py under tests/ would not.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbval.plugin
import pytest


def _is_myst_notebook(path: Path) -> bool:
    if path.suffix != ".md":
        return False
    head = path.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "jupytext:" in head and "kernelspec:" in head


class MystNotebookFile(nbval.plugin.IPyNbFile):
    """Runs a ``.md`` page like nbval runs an ``.ipynb``: each code cell is a test item."""

    def collect(self):
        # nbval reads the file with nbformat.read; hand it jupytext's reader for the time
        # of collection only, so the rest of nbval stays untouched.
        original = nbval.plugin.nbformat.read
        nbval.plugin.nbformat.read = lambda path, as_version=4: jupytext.read(path)
        try:
            yield from super().collect()
        finally:
            nbval.plugin.nbformat.read = original


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    options = parent.config.option
    if not (getattr(options, "nbval", False) or getattr(options, "nbval_lax", False)):
        return None
    if _is_myst_notebook(file_path):
        return MystNotebookFile.from_parent(parent, path=file_path)
    return None
