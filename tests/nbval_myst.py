"""nbval collector for MyST markdown notebooks (read through jupytext)."""

from __future__ import annotations

import jupytext
import nbval.plugin


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
