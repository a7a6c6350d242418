"""What is committed is what the generators make, and the release holds no answers.

``solutions/mkba/`` is written by ``grading/build_mkba_source.py`` and ``exercises/`` by
``grading/release.py`` (``make exercises``). These tests fail when someone edits a
generated file by hand, forgets to regenerate after a change, or when an answer or a
hidden test would reach learners.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from grading import build_mkba_source, release
from modules import mkba

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "solutions" / "mkba"
RELEASE_DIR = ROOT / "exercises"
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}


def _source() -> nbformat.NotebookNode:
    return nbformat.read(SOURCE_DIR / build_mkba_source.NOTEBOOK_NAME, as_version=4)


def _hidden_lines() -> list[str]:
    """Every non-blank line between the hidden-test markers of the source notebook."""
    lines = []
    for cell in _source().cells:
        if "### BEGIN HIDDEN TESTS" in cell.source:
            hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
            lines += [line.strip() for line in hidden.splitlines() if line.strip()]
    return lines


# ---------------------------------------------------------------- solutions/ is generated


def test_case_csv_equals_the_model_case_table():
    committed = (SOURCE_DIR / build_mkba_source.CSV_NAME).read_text(encoding="utf-8")
    table = mkba.case_table(mkba.PRESETS["schooluitval"])
    assert committed == table.to_csv(index=False)
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(committed)), table)


def test_source_notebook_equals_its_generator():
    committed = (SOURCE_DIR / build_mkba_source.NOTEBOOK_NAME).read_text(encoding="utf-8")
    assert committed == build_mkba_source.notebook_text(), (
        "solutions/mkba/mkba-opdracht.ipynb differs from grading/build_mkba_source.py: "
        "run `python -m grading.build_mkba_source` and then `python -m grading.release`"
    )


def test_source_notebook_has_no_outputs():
    for cell in _source().cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_header_states_the_configured_timeout():
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    seconds = re.search(r"^c\.Execute\.timeout\s*=\s*(\d+)", config, re.M).group(1)
    assert f"langer dan {seconds} seconden" in _source().cells[0].source


# ---------------------------------------------------------------- exercises/ is the release


def test_release_holds_no_answers_and_no_hidden_tests():
    files = _files(RELEASE_DIR)
    assert "mkba/mkba-opdracht.ipynb" in files and "mkba/casus-schooluitval.csv" in files
    hidden = [line for line in _hidden_lines() if len(line) >= 12]
    assert any(line.startswith("assert ") for line in hidden)
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        for marker in MARKERS:
            assert marker not in text, f"{name} contains {marker!r}"
        for line in hidden:
            assert line not in text, f"{name} contains the hidden line {line!r}"


def test_release_has_dutch_stubs_in_every_answer_cell():
    nb = nbformat.read(RELEASE_DIR / "mkba" / "mkba-opdracht.ipynb", as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers
    for cell in answers:
        if cell.cell_type == "code":
            # Inside a function in parts A to D; at the top of the cell for an answer of part E.
            assert re.search(r"# SCHRIJF HIER JE CODE\n( {4})?raise NotImplementedError\(\)$", cell.source.rstrip()), cell.source
        else:
            assert cell.source == "SCHRIJF HIER JE ANTWOORD"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _gradebook_state() -> int | None:
    gradebook = ROOT / "gradebook.db"
    return gradebook.stat().st_mtime_ns if gradebook.exists() else None


@pytest.mark.slow
def test_committed_release_equals_a_fresh_one(tmp_path):
    before = _gradebook_state()
    release.release(dest=tmp_path)
    # nbgrader ran in a temporary copy: it neither created nor touched a gradebook here.
    assert _gradebook_state() == before
    fresh, committed = _files(tmp_path), _files(RELEASE_DIR)
    assert sorted(fresh) == sorted(committed), "run `make exercises` and commit exercises/"
    for name, path in fresh.items():
        if name.endswith(".ipynb"):
            same = json.loads(path.read_text("utf-8")) == json.loads(committed[name].read_text("utf-8"))
        else:
            same = path.read_bytes() == committed[name].read_bytes()
        assert same, f"exercises/{name} is out of date: run `make exercises`"
