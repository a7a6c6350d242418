"""What is committed is what the generators make, and the release holds no answers.

For every builder ``grading/build_<name>_source.py`` (found by ``tests/discovery.py``):
``solutions/<name>/`` is what the builder's ``write`` makes, and ``exercises/<name>/`` what
``grading/release.py`` makes (``make exercises``). These tests fail when someone edits a
generated file by hand, forgets to regenerate after a change, or when an answer or a
hidden test would reach learners.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from grading import release
from tests import discovery

ROOT = Path(__file__).resolve().parents[1]
RELEASE_DIR = ROOT / "exercises"
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
BUILDERS = discovery.builders()


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}


def _source(name: str) -> nbformat.NotebookNode:
    builder = discovery.builder(name)
    return nbformat.read(builder.SOURCE_DIR / builder.NOTEBOOK_NAME, as_version=4)


def _hidden_lines(name: str) -> list[str]:
    """Every non-blank line between the hidden-test markers of the source notebook."""
    lines = []
    for cell in _source(name).cells:
        if "### BEGIN HIDDEN TESTS" in cell.source:
            hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
            lines += [line.strip() for line in hidden.splitlines() if line.strip()]
    return lines


# ---------------------------------------------------------------- solutions/ is generated


@pytest.mark.parametrize("name", BUILDERS)
def test_builder_writes_its_assignment(name):
    builder = discovery.builder(name)
    assert builder.ASSIGNMENT == name and builder.SOURCE_DIR == ROOT / "solutions" / name


@pytest.mark.parametrize("name", BUILDERS)
def test_source_notebook_equals_its_generator(name):
    builder = discovery.builder(name)
    committed = (builder.SOURCE_DIR / builder.NOTEBOOK_NAME).read_text(encoding="utf-8")
    assert committed == builder.notebook_text(), (
        f"solutions/{name}/{builder.NOTEBOOK_NAME} differs from grading/build_{name}_source.py: "
        f"run `python -m grading.build_{name}_source` and then `python -m grading.release`"
    )


@pytest.mark.parametrize("name", BUILDERS)
def test_solutions_folder_is_exactly_what_the_builder_writes(name, tmp_path):
    builder = discovery.builder(name)
    written = {Path(p).relative_to(tmp_path).as_posix(): Path(p) for p in builder.write(tmp_path)}
    assert builder.NOTEBOOK_NAME in written
    committed = _files(builder.SOURCE_DIR)
    assert sorted(committed) == sorted(written), f"run `python -m grading.build_{name}_source`"
    for file, path in written.items():
        assert committed[file].read_bytes() == path.read_bytes(), (
            f"solutions/{name}/{file} is out of date: run `python -m grading.build_{name}_source`")


@pytest.mark.parametrize("name", BUILDERS)
def test_source_notebook_has_no_outputs(name):
    for cell in _source(name).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


# ---------------------------------------------------------------- exercises/ is the release


@pytest.mark.parametrize("name", BUILDERS)
def test_release_holds_no_answers_and_no_hidden_tests(name):
    files = _files(RELEASE_DIR / name)
    assert sorted(files) == sorted(_files(discovery.builder(name).SOURCE_DIR)), "run `make exercises`"
    hidden = [line for line in _hidden_lines(name) if len(line) >= 12]
    assert any(line.startswith("assert ") for line in hidden)
    for file, path in files.items():
        text = path.read_text(encoding="utf-8")
        for marker in MARKERS:
            assert marker not in text, f"{name}/{file} contains {marker!r}"
        for line in hidden:
            assert line not in text, f"{name}/{file} contains the hidden line {line!r}"


@pytest.mark.parametrize("name", BUILDERS)
def test_release_has_dutch_stubs_in_every_answer_cell(name):
    nb = nbformat.read(RELEASE_DIR / name / discovery.builder(name).NOTEBOOK_NAME, as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers
    for cell in answers:
        if cell.cell_type == "code":
            # Inside a function, or at the top of the cell.
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
