"""Every notebook in book/ and solutions/ is run by nbval in `make test`.

Markdown pages are only collected through the tests/nbval_myst.py plugin; this guards
against a page silently dropping out of the suite (it happened once: a conftest.py hook
under tests/ never sees book/).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests import discovery

ROOT = Path(__file__).resolve().parents[1]


def test_every_notebook_page_is_collected_by_nbval() -> None:
    # Pages with a jupytext header and at least one code cell (prose-only pages have
    # nothing to run).
    expected = {str(p.relative_to(ROOT)) for p in (ROOT / "book").rglob("*.md")
                if p.read_text(encoding="utf-8").startswith("---\njupytext:")
                and "```{code-cell}" in p.read_text(encoding="utf-8")}
    expected |= {str(p.relative_to(ROOT)) for folder in ("book", "solutions")
                 for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    # Every module's chapters with code, its simulation page, its dashboard and its assignment.
    sources = [discovery.page_source(p) for p in discovery.toc_pages()]
    code_pages = {str(p.relative_to(ROOT)) for p in sources
                  if p.suffix == ".ipynb" or "```{code-cell}" in p.read_text(encoding="utf-8")}
    assignments = {f"solutions/{name}/{discovery.builder(name).NOTEBOOK_NAME}" for name in discovery.builders()}
    dashboards = {str(p.relative_to(ROOT)) for p in discovery.dashboards().values()}
    assert code_pages and assignments and dashboards
    assert code_pages | assignments | dashboards <= expected
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "book", "solutions"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    collected = {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}
    assert expected <= collected, f"not run by nbval: {sorted(expected - collected)}"
