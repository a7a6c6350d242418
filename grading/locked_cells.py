"""Locked and test cells of a learner's notebook: put back what was deleted, name what was changed.

What nbgrader 0.9 does on its own (measured with ``nbgrader autograde`` on the MKBA
assignment):

- a locked or test cell the learner *changed* gets its source back from the gradebook
  (``OverwriteCells``, one of autograde's *sanitize* preprocessors), so the original counts;
- a test cell the learner *deleted* is not graded at all: its grade keeps no score and is
  marked "needs manual grading", so the total silently lacks its points; a deleted locked
  code cell (the imports) is not put back, so every test after it fails; a deleted locked
  text cell is simply gone; without a code answer cell the tests after it fail on a missing
  name, and a deleted written answer is left "needs manual grading" with no cell to grade.
  (nbgrader's ``OverwriteCells.add_missing_cells`` puts back
  graded cells only, not locked text or code, starts them with an English note, and fails
  that learner's grading with a ``KeyError`` when the answer cell before a deleted test is
  gone too.)
- ``OverwriteCells`` warns "Attribute 'checksum' for cell ... has changed!" for *every*
  test cell of *every* honest learner: ``generate_assignment`` stores the checksum of the
  test cell *with* its hidden tests in the gradebook and releases the cell without them, so
  an untouched released cell never matches. Putting the hidden tests back is exactly what
  the warning's source swap does; there is nothing to warn about.

So the intake (:mod:`grading.intake`) puts deleted cells back before grading
(:func:`restore_missing`, the released cell with its metadata and checksum; an answer cell
as the released empty stub, unless that stub would replace a function the learner wrote in
another cell) and names the cells a learner really changed
(:func:`changed_cells`), and :class:`QuietOverwriteCells` takes ``OverwriteCells``' place in
``nbgrader_config.py``, logging the checksum swap at debug level only when the learner's
cell is the released one. A really changed cell still gets nbgrader's warning.

- nbgrader trusts the flags in a learner's cell metadata. A test cell whose ``grade`` or
  ``solution`` flag the learner changed, or whose ``points`` are not a number, makes
  nbgrader stop grading that learner ("Inconsistent checksums" or a crash); a cell the
  learner marked as a test or locked cell, with an id the assignment lacks or with none,
  makes it stop too, or is taken for a graded cell.

So :class:`RestoreCellFlags` runs first of autograde's sanitize preprocessors: every cell
whose id is in the gradebook gets the gradebook's flags back, every other cell loses its
nbgrader metadata and is graded as the learner's own code. Which cells are tests and which
locked code runs in the clean process is taken from the gradebook too
(:func:`gradebook_cells`), never from the learner's notebook.

A cell is matched by its nbgrader ``grade_id``; a learner cell counts as the graded copy of
a grade id when it is the last one with that id (nbgrader's ``DeduplicateIds`` keeps the
last and strips the others).
"""

from __future__ import annotations

import ast
import copy
import math
import re
import uuid
from dataclasses import dataclass

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, OverwriteCells

__all__ = [
    "RESTORED_KEY",
    "GradedCell",
    "QuietOverwriteCells",
    "RestoreCellFlags",
    "foreign_cells",
    "gradebook_cells",
    "restore_flags",
    "answer_cell_kept_out",
    "cell_label",
    "changed_cells",
    "grade_id",
    "is_answer",
    "is_protected",
    "missing_cells",
    "release_version",
    "restore_missing",
    "restored_cells",
]

#: Cell metadata key the intake leaves on every cell it put back (``{"original": path}``),
#: so that running it again reports the same cells and makes no second copy.
RESTORED_KEY = "asd_intake"

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)")


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: nbformat.NotebookNode) -> str | None:
    """The cell's nbgrader grade id, or None if it has none.

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A notebook cell.

    Returns
    -------
    str or None
        The grade id.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> grade_id(new_code_cell("x = 1", metadata={"nbgrader": {"grade_id": "a_antwoord"}}))
    'a_antwoord'
    >>> print(grade_id(new_code_cell("x = 1")))
    None
    """
    value = _nbgrader(cell).get("grade_id")
    return value if isinstance(value, str) else None


def is_protected(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell is locked or an autograded test (nbgrader restores its source).

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A cell of the released notebook.

    Returns
    -------
    bool
        True for a locked cell and for a test cell (``grade`` without ``solution``).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> test = new_code_cell("assert x", metadata={"nbgrader": {"grade": True, "solution": False}})
    >>> is_protected(test), is_protected(new_code_cell("x = 1"))
    (True, False)
    """
    meta = _nbgrader(cell)
    return bool(meta.get("locked")) or (bool(meta.get("grade")) and not meta.get("solution"))


def is_answer(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell is an answer cell (nbgrader's ``solution``).

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A notebook cell.

    Returns
    -------
    bool
        True if the learner writes in this cell.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> is_answer(new_code_cell("", metadata={"nbgrader": {"solution": True}}))
    True
    """
    return bool(_nbgrader(cell).get("solution"))


#: The nbgrader flags that decide how a cell is graded (``points`` aside).
FLAGS = ("grade", "solution", "locked", "task")


@dataclass(frozen=True)
class GradedCell:
    """How the assignment grades one cell, as the gradebook (the trainer's source) has it.

    Attributes
    ----------
    source : str
        The trainer's source of the cell, hidden tests included.
    cell_type : str
        ``"code"`` or ``"markdown"``.
    grade, solution, locked, task : bool
        nbgrader's flags.
    points : float or None
        Points for a graded or task cell; None for any other.

    Examples
    --------
    >>> GradedCell("assert x == 1", "code", grade=True, locked=True, points=2.0).is_test
    True
    """

    source: str
    cell_type: str
    grade: bool = False
    solution: bool = False
    locked: bool = False
    task: bool = False
    points: float | None = None

    @property
    def is_test(self) -> bool:
        """An autograded test: a code cell with ``grade`` and without ``solution``."""
        return self.cell_type == "code" and self.grade and not self.solution

    @property
    def is_locked_code(self) -> bool:
        """Locked code given with the assignment (imports, a table); tests not included."""
        return self.cell_type == "code" and self.locked and not self.grade and not self.solution

    def metadata(self, grade_id: str) -> dict:
        """The nbgrader metadata this cell was released with (its checksum aside)."""
        meta = {"cell_type": self.cell_type, "grade": self.grade, "grade_id": grade_id,
                "locked": self.locked, "schema_version": 3, "solution": self.solution, "task": self.task}
        if self.points is not None:
            meta["points"] = self.points
        return meta


def gradebook_cells(gradebook: Gradebook, notebook: str, assignment: str) -> dict[str, GradedCell]:
    """Every cell of a notebook the gradebook knows, by grade id.

    Parameters
    ----------
    gradebook : nbgrader.api.Gradebook
        The course's gradebook, open.
    notebook, assignment : str
        The notebook's name (without ``.ipynb``) and its assignment.

    Returns
    -------
    dict of str to GradedCell
        Empty if the gradebook does not know the notebook.
    """
    try:
        stored = gradebook.find_notebook(notebook, assignment)
    except MissingEntry:
        return {}
    grades = {c.name: float(c.max_score) for c in stored.grade_cells}
    tasks = {c.name: float(c.max_score) for c in stored.task_cells}
    solutions = {c.name for c in stored.solution_cells}
    return {
        c.name: GradedCell(source=c.source or "", cell_type=c.cell_type, grade=c.name in grades,
                           solution=c.name in solutions, locked=bool(c.locked), task=c.name in tasks,
                           points=grades.get(c.name, tasks.get(c.name)))
        for c in stored.source_cells
    }


def _as_points(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def restore_flags(cell: nbformat.NotebookNode, graded: GradedCell) -> list[str]:
    """Give a cell the nbgrader flags and points it was released with.

    Parameters
    ----------
    cell : nbformat.NotebookNode
        The learner's copy of a graded cell (changed in place).
    graded : GradedCell
        The gradebook's version of it.

    Returns
    -------
    list of str
        The flags the learner had changed (``points`` included), in a fixed order.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cell = new_code_cell("assert x", metadata={"nbgrader": {"grade_id": "t", "grade": False, "points": "veel"}})
    >>> restore_flags(cell, GradedCell("assert x", "code", grade=True, locked=True, points=1.0))
    ['grade', 'locked', 'points']
    >>> cell.metadata.nbgrader["grade"], cell.metadata.nbgrader["points"]
    (True, 1.0)
    """
    meta = cell.metadata.get("nbgrader")
    meta = meta if isinstance(meta, dict) else {}
    gid = grade_id(cell) or ""
    changed = [flag for flag in FLAGS if meta.get(flag, False) is not getattr(graded, flag)]
    if "points" in meta or graded.points is not None:
        if graded.points is None or _as_points(meta.get("points")) != graded.points:
            changed.append("points")
    restored = graded.metadata(gid)
    if "checksum" in meta:
        restored["checksum"] = meta["checksum"]  # OverwriteCells sets the gradebook's
    cell.metadata["nbgrader"] = restored
    return changed


def foreign_cells(learner: nbformat.NotebookNode, known: set[str] | dict) -> list[int]:
    """Indexes of the cells with nbgrader metadata the assignment does not know.

    A learner can give any cell nbgrader metadata: an id the assignment lacks, or none.

    Parameters
    ----------
    learner : nbformat.NotebookNode
        The learner's notebook.
    known : set or dict of str
        The assignment's grade ids.

    Returns
    -------
    list of int
        Cell indexes, in notebook order.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> fake = new_code_cell("x", metadata={"nbgrader": {"grade": True, "grade_id": "nep"}})
    >>> foreign_cells(new_notebook(cells=[new_code_cell("y"), fake]), {"a_antwoord"})
    [1]
    """
    return [index for index, cell in enumerate(learner.cells)
            if "nbgrader" in cell.get("metadata", {}) and (grade_id(cell) is None or grade_id(cell) not in known)]


def _graded_copies(nb: nbformat.NotebookNode) -> dict[str, int]:
    """Index of the cell nbgrader grades for each grade id: the last one (DeduplicateIds)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        gid = grade_id(cell)
        if gid is not None:
            found[gid] = index
    return found


def _parts(release: nbformat.NotebookNode) -> dict[str, str]:
    """The heading (``Deel A``, ``Vraag E1``) each grade id of the release falls under."""
    parts: dict[str, str] = {}
    current = ""
    for cell in release.cells:
        if cell.cell_type == "markdown":
            match = _HEADING.match(cell.source.lstrip())
            if match:
                # The title of the whole notebook says nothing about where a cell was.
                level, text = match.groups()
                current = "" if len(level) == 1 else re.split(r" \(|:", text, maxsplit=1)[0].strip()
        gid = grade_id(cell)
        if gid is not None:
            parts[gid] = current
    return parts


def cell_label(release: nbformat.NotebookNode, gid: str, note: str = "") -> str:
    """How a trainer recognises a cell of the release: grade id, kind and part, in Dutch.

    Parameters
    ----------
    release : nbformat.NotebookNode
        The released notebook.
    gid : str
        A grade id of the release.
    note : str, optional
        Added inside the parentheses, such as ``"leeg"``.

    Returns
    -------
    str
        Such as ``"mkba_a_waarde (test bij Deel A)"``.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> release = new_notebook(cells=[
    ...     new_markdown_cell("## Deel A (2 punten): rekenen", metadata={"nbgrader": {"grade_id": "a_opgave", "locked": True}}),
    ...     new_code_cell("assert True", metadata={"nbgrader": {"grade_id": "a_test", "grade": True, "locked": True}})])
    >>> cell_label(release, "a_test"), cell_label(release, "a_opgave", "leeg")
    ('a_test (test bij Deel A)', 'a_opgave (tekst bij Deel A, leeg)')
    """
    cell = next(c for c in release.cells if grade_id(c) == gid)
    meta = _nbgrader(cell)
    if is_answer(cell):
        kind = "antwoordcel"
    elif meta.get("grade"):
        kind = "test"
    elif meta.get("task"):
        kind = "opdracht"
    else:
        kind = "tekst" if cell.cell_type == "markdown" else "code"
    part = _parts(release).get(gid, "")
    where = f"{kind} bij {part}" if part else f"{kind} bovenaan"
    return f"{gid} ({where}, {note})" if note else f"{gid} ({where})"


def missing_cells(learner: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Grade ids of the release that the learner's notebook no longer has, in release order.

    Parameters
    ----------
    learner : nbformat.NotebookNode
        The learner's notebook.
    release : nbformat.NotebookNode
        The released notebook.

    Returns
    -------
    list of str
        The missing grade ids.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cells = [new_code_cell(n, metadata={"nbgrader": {"grade_id": n}}) for n in ("a", "b", "c")]
    >>> missing_cells(new_notebook(cells=[cells[1]]), new_notebook(cells=cells))
    ['a', 'c']
    """
    present = _graded_copies(learner)
    return [gid for cell in release.cells if (gid := grade_id(cell)) is not None and gid not in present]


def _defined_names(source: str) -> set[str]:
    """Top-level names a (course-written) stub defines."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _defines(source: str, name: str) -> bool:
    # Text, not ast: a learner's cell may not parse (a typo, an IPython magic) and still
    # define the name when it runs.
    pattern = rf"^\s*(?:async\s+)?(?:def|class)\s+{re.escape(name)}\b|^\s*{re.escape(name)}\s*(?::[^=\n]*)?=(?!=)"
    return re.search(pattern, source, re.M) is not None


def answer_cell_kept_out(learner: nbformat.NotebookNode, release_cell: nbformat.NotebookNode) -> list[str]:
    """The names an answer stub would redefine that the learner wrote in another cell.

    A restored code stub such as ``def contante_waarde(...): raise NotImplementedError()``
    would replace a function the learner wrote elsewhere (after deleting the answer cell),
    costing points the learner earned; such a stub is not put back.

    Parameters
    ----------
    learner : nbformat.NotebookNode
        The learner's notebook.
    release_cell : nbformat.NotebookNode
        The released answer cell (the stub).

    Returns
    -------
    list of str
        Sorted names; empty if the stub can be put back safely.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> stub = new_code_cell("def f(x):\\n    raise NotImplementedError()")
    >>> answer_cell_kept_out(new_notebook(cells=[new_code_cell("def f(x):\\n    return x")]), stub)
    ['f']
    >>> answer_cell_kept_out(new_notebook(cells=[new_code_cell("y = 2")]), stub)
    []
    """
    if release_cell.cell_type != "code":
        return []
    names = _defined_names(release_cell.source)
    own = [c.source for c in learner.cells if c.cell_type == "code" and not is_protected(c)]
    return sorted(name for name in names if any(_defines(source, name) for source in own))


def _insert_at(learner: nbformat.NotebookNode, release: nbformat.NotebookNode, release_index: int) -> int:
    """Where the release cell at ``release_index`` goes in the learner's notebook.

    After the nearest preceding release cell with a grade id that the learner has (at the
    top if none), then past the learner's cells without a grade id that are, unchanged, the
    release's cells in between (such as "Controleer je antwoord"), so that an untouched
    notebook gets the cell back exactly where it was.
    """
    present = _graded_copies(learner)
    anchor_release, position = -1, 0
    for index in range(release_index - 1, -1, -1):
        gid = grade_id(release.cells[index])
        if gid is not None and gid in present:
            anchor_release, position = index, present[gid] + 1
            break
    between = [(c.cell_type, c.source) for c in release.cells[anchor_release + 1:release_index]
               if grade_id(c) is None]
    while position < len(learner.cells) and grade_id(learner.cells[position]) is None:
        cell = learner.cells[position]
        if (cell.cell_type, cell.source) not in between:
            break
        between.remove((cell.cell_type, cell.source))
        position += 1
    return position


def _restored_copy(learner: nbformat.NotebookNode, release_cell: nbformat.NotebookNode,
                   original: str) -> nbformat.NotebookNode:
    cell = copy.deepcopy(release_cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    cell.metadata[RESTORED_KEY] = {"original": original}
    # Cell ids exist from nbformat 4.5 on and must be unique within the notebook.
    if (learner.get("nbformat"), learner.get("nbformat_minor", 0)) < (4, 5):
        cell.pop("id", None)
    elif cell.get("id") in {c.get("id") for c in learner.cells} or "id" not in cell:
        cell["id"] = uuid.uuid4().hex[:8]
    return cell


def restore_missing(learner: nbformat.NotebookNode, release: nbformat.NotebookNode,
                    original: str) -> tuple[list[str], dict[str, list[str]]]:
    """Put every cell of the release that the learner deleted back in place (in ``learner``).

    Locked and test cells come back as released (source, metadata and checksum; nbgrader
    puts the hidden tests back into test cells from the gradebook), answer cells as the
    released empty stub, unless that stub would redefine a name the learner wrote in
    another cell (see :func:`answer_cell_kept_out`). Each restored cell carries
    ``metadata[RESTORED_KEY] = {"original": original}``.

    Parameters
    ----------
    learner : nbformat.NotebookNode
        The learner's notebook; changed in place.
    release : nbformat.NotebookNode
        The released notebook.
    original : str
        Where the learner's original notebook is kept, recorded in each restored cell.

    Returns
    -------
    tuple of (list of str, dict of str to list of str)
        The grade ids put back, in release order, and the answer cells left out with the
        names the learner defined elsewhere.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cells = [new_code_cell(n, metadata={"nbgrader": {"grade_id": n, "locked": True}}) for n in ("a", "b", "c")]
    >>> learner = new_notebook(cells=[cells[0], cells[2]])
    >>> restore_missing(learner, new_notebook(cells=cells), "kopie.ipynb")
    (['b'], {})
    >>> [c.source for c in learner.cells]
    ['a', 'b', 'c']
    """
    restored: list[str] = []
    kept_out: dict[str, list[str]] = {}
    for index, release_cell in enumerate(release.cells):
        gid = grade_id(release_cell)
        if gid is None or gid in _graded_copies(learner):
            continue
        if is_answer(release_cell):
            names = answer_cell_kept_out(learner, release_cell)
            if names:
                kept_out[gid] = names
                continue
        learner.cells.insert(_insert_at(learner, release, index), _restored_copy(learner, release_cell, original))
        restored.append(gid)
    return restored, kept_out


def restored_cells(learner: nbformat.NotebookNode) -> dict[str, str]:
    """The cells an earlier intake put back: grade id -> where the original is kept.

    Parameters
    ----------
    learner : nbformat.NotebookNode
        The learner's notebook.

    Returns
    -------
    dict of str to str
        Grade ids in notebook order.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("x", metadata={"nbgrader": {"grade_id": "a"}, RESTORED_KEY: {"original": "o.ipynb"}})
    >>> restored_cells(new_notebook(cells=[cell]))
    {'a': 'o.ipynb'}
    """
    found = {}
    for cell in learner.cells:
        mark = cell.get("metadata", {}).get(RESTORED_KEY)
        gid = grade_id(cell)
        if gid is not None and isinstance(mark, dict) and isinstance(mark.get("original"), str):
            found[gid] = mark["original"]
    return found


def changed_cells(learner: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Grade ids of the cells whose graded copy differs from the release where it must not.

    A locked or test cell is compared as nbgrader's checksum compares it: the exact source
    and the cell type. Any graded cell, answer cells included, is listed when its nbgrader
    flags or points were changed (:func:`restore_flags`). The source of an answer cell is
    the learner's to change; deleted cells are not listed (see :func:`missing_cells`).

    Parameters
    ----------
    learner : nbformat.NotebookNode
        The learner's notebook.
    release : nbformat.NotebookNode
        The released notebook.

    Returns
    -------
    list of str
        The changed grade ids, in release order.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> test = new_code_cell("assert x == 1", metadata={"nbgrader": {"grade_id": "t", "grade": True, "locked": True}})
    >>> changed = nbformat.from_dict(test)
    >>> changed.source = "pass"
    >>> changed_cells(new_notebook(cells=[changed]), new_notebook(cells=[test]))
    ['t']
    >>> changed_cells(new_notebook(cells=[test]), new_notebook(cells=[test]))
    []
    """
    present = _graded_copies(learner)
    changed = []
    for cell in release.cells:
        gid = grade_id(cell)
        if gid is None or gid not in present:
            continue
        own = learner.cells[present[gid]]
        if is_protected(cell) and (own.cell_type != cell.cell_type or own.source != cell.source):
            changed.append(gid)
        elif restore_flags(copy.deepcopy(own), _released(cell)):
            changed.append(gid)
    return changed


def _released(cell: nbformat.NotebookNode) -> GradedCell:
    """A released cell as a :class:`GradedCell` (its source without hidden tests)."""
    meta = _nbgrader(cell)
    flags = {flag: meta.get(flag, False) is True for flag in FLAGS}
    points = _as_points(meta.get("points")) if flags["grade"] or flags["task"] else None
    return GradedCell(source=cell.source, cell_type=cell.cell_type, points=points, **flags)


def release_version(source: str, hider: ClearHiddenTests | None = None) -> str | None:
    """A gradebook cell source as it was released: without its hidden tests.

    Parameters
    ----------
    source : str
        The cell source stored by ``generate_assignment`` (hidden tests included).
    hider : ClearHiddenTests, optional
        nbgrader's preprocessor, configured with the course's delimiters (default ones if
        not given).

    Returns
    -------
    str or None
        The released source; None if the hidden-test markers do not pair up.

    Examples
    --------
    >>> print(release_version("assert a\\n### BEGIN HIDDEN TESTS\\nassert b\\n### END HIDDEN TESTS"))
    assert a
    """
    hider = hider or ClearHiddenTests()
    cell = nbformat.v4.new_code_cell(source)
    try:
        hider._remove_hidden_test_region(cell)
    except RuntimeError:
        return None
    return cell.source


class QuietOverwriteCells(OverwriteCells):
    """The ``OverwriteCells`` of nbgrader, without its checksum warning for an untouched cell.

    The checksum of a test cell in the gradebook includes its hidden tests, the released
    cell lacks them, so ``OverwriteCells`` warned for every test cell of every honest
    learner. This logs that case at debug level: when the learner's cell (type and source,
    as handed in) is exactly the gradebook's cell without its hidden tests. Every other
    change is still reported as nbgrader does, and the cell is restored as before.

    Parameters
    ----------
    **kw : dict
        As for ``OverwriteCells`` (nbconvert passes ``parent``, which carries the config).

    Examples
    --------
    >>> issubclass(QuietOverwriteCells, OverwriteCells)
    True
    """

    _handed_in: tuple[str, str] | None = None

    def preprocess_cell(self, cell, resources, cell_index):  # noqa: D102 (nbconvert's hook)
        # OverwriteCells fixes the cell type before it compares checksums; keep what the
        # learner handed in.
        self._handed_in = (cell.cell_type, cell.source)
        try:
            return super().preprocess_cell(cell, resources, cell_index)
        finally:
            self._handed_in = None

    def report_change(self, name, attr, old, new):  # noqa: D102 (OverwriteCells' hook)
        if attr == "checksum" and self._is_released(name):
            self.log.debug("Cell %s is the released version; its hidden tests are put back.", name)
            return
        super().report_change(name, attr, old, new)

    def _is_released(self, name: str) -> bool:
        if self._handed_in is None:
            return False
        source_cell = self.gradebook.find_source_cell(name, self.notebook_id, self.assignment_id)
        released = release_version(source_cell.source, ClearHiddenTests(parent=self))
        return released is not None and self._handed_in == (source_cell.cell_type, released)


class RestoreCellFlags(NbGraderPreprocessor):
    """Put back the nbgrader flags of every graded cell; strip them from any other cell.

    Runs before nbgrader's own sanitize preprocessors (see the module docstring): a cell
    whose grade id the gradebook knows gets its released flags and points back; a cell with
    nbgrader metadata the gradebook does not know loses it and is graded as the learner's
    own code. The trainer's log names both.

    Examples
    --------
    >>> issubclass(RestoreCellFlags, NbGraderPreprocessor)
    True
    """

    def preprocess(self, nb, resources):  # noqa: D102 (nbconvert's entry point)
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            self._graded = gradebook_cells(gradebook, info["notebook"], info["assignment"])
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):  # noqa: D102 (nbconvert's hook)
        if "nbgrader" not in cell.metadata:
            return cell, resources
        gid = grade_id(cell)
        graded = self._graded.get(gid) if gid is not None else None
        if graded is None:
            self.log.warning("Cell %s has nbgrader metadata the assignment does not know (id %r): "
                             "graded as the learner's own code", cell_index, gid)
            del cell.metadata["nbgrader"]
            return cell, resources
        changed = restore_flags(cell, graded)
        if changed:
            self.log.warning("Cell %s: the learner changed %s; the assignment's are put back",
                             gid, ", ".join(changed))
        return cell, resources
