"""Prose rules for everything a learner or trainer reads (Turing Way style lint).

Dutch abbreviations are written out (screen readers stumble on them, and non-native
readers do too), and no English or Latin shorthand slips into Dutch text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ABBREVIATIONS = re.compile(
    r"(?<![\w.])(bijv|bv|o\.a|d\.w\.z|i\.p\.v|e\.d|m\.b\.v|t\.o\.v|enz|m\.a\.w|z\.s\.m|i\.e|e\.g|etc|vs)\.(?=\s|$|,)",
    re.IGNORECASE,
)


def learner_texts() -> list[Path]:
    pages = [p for p in (ROOT / "book").rglob("*") if p.suffix in {".md", ".ipynb"}]
    pages += [p for p in (ROOT / "solutions").rglob("*.ipynb")]
    return sorted(p for p in pages if ".ipynb_checkpoints" not in p.parts)


def prose_of(path: Path) -> str:
    """Markdown text only: code is English by design and checked elsewhere."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = path.read_text(encoding="utf-8")
    return re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)


def test_there_are_pages_to_check() -> None:
    assert len(learner_texts()) >= 8


@pytest.mark.parametrize("path", learner_texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_abbreviations_in_learner_text(path: Path) -> None:
    found = [m.group(0) for m in ABBREVIATIONS.finditer(prose_of(path))]
    assert found == [], f"write these out in {path.name}: {sorted(set(found))}"
