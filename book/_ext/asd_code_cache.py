"""Re-execute the book's pages when the course code they import changes.

Jupyter Book caches each page's execution by the page's own code cells. The pages import
``modules`` and ``widgets``, so a change there (a new discount rate, a fixed widget) would
otherwise leave stale numbers and figures in the book until someone clears the cache by
hand. This extension gives the execution cache one folder per version of the course code
(``_build/.jupyter_cache/<hash>``) and records that version as a configuration value
that invalidates Sphinx's environment, so every page is read and executed again when the
code changes, and a build with unchanged code still hits the cache.

The cache sits in the book root's ``_build`` whatever the output folder, so the learners'
edition (``_build/html``) and the trainers' edition (``--path-output _build/trainers``)
share it: a page executed for one edition is not executed again for the other.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

#: What the pages' outputs depend on besides the pages themselves (relative to the root).
CODE = ("modules", "widgets", "grading")  # the trainer guide imports the builders
PINS = ("requirements.txt",)


def code_version(root: Path) -> str:
    """Short hash of every Python file in :data:`CODE` and of the pinned requirements."""
    digest = hashlib.sha256()
    files = sorted(p for folder in CODE for p in (root / folder).rglob("*.py"))
    files += [root / name for name in PINS if (root / name).is_file()]
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _use_versioned_cache(app, config) -> None:
    root = Path(app.srcdir)
    version = code_version(root)
    config.asd_code_version = version
    caches = root / "_build" / ".jupyter_cache"  # shared by both editions
    # Older versions only take disk space: their outputs can never be used again.
    if caches.is_dir():
        for old in caches.iterdir():
            if old.is_dir() and old.name != version:
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(caches / version)


def setup(app):
    app.add_config_value("asd_code_version", "", "env")
    # Before myst-nb reads its configuration (builder-inited), and early among handlers.
    app.connect("config-inited", _use_versioned_cache, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
