"""Leak-free Dutch feedback for nbgrader.

``nbgrader generate_feedback`` renders the autograded notebook. In that notebook the hidden
tests are back in every test cell, and a failing test cell keeps its traceback, which
quotes the failing assert (hidden or not) and its message. Clearing the source is not
enough: the traceback leaks as well.

:class:`LearnerFeedback` runs after nbgrader's ``GetGrades`` (which stores each cell's score
in its metadata) and nbconvert's ``CSSHTMLHeaderPreprocessor``, just before rendering. For
every autograded test cell it replaces the source by the first line of the cell's
docstring and *all* outputs by one Dutch result ("Gelukt: 2 van 2 punten." or "Nog niet
gelukt: 0 van 2 punten. Tip: ..."), the tip being the part of that docstring line after
``Tip:``. Error outputs of other cells become a short Dutch message without traceback.
A summary (total score, one line per graded part) goes to ``resources["feedback_nl"]`` for
the template in ``templates/feedback``, which renders in Dutch, declares ``lang="nl"`` and
loads nothing from the network.

Configured in ``nbgrader_config.py``::

    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
        "grading.feedback.LearnerFeedback",
    ]
    c.HTMLExporter.extra_template_basedirs = TEMPLATE_BASEDIRS
"""

from __future__ import annotations

import ast
import html
import math
import re
from pathlib import Path
from typing import Any

import nbgrader
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = [
    "TEMPLATE_BASEDIR",
    "TEMPLATE_BASEDIRS",
    "LearnerFeedback",
    "docstring_summary",
    "error_message",
    "format_points",
    "points_amount",
    "points_phrase",
    "split_tip",
    "result_sentence",
]

#: Folder holding the ``feedback`` template; nbgrader looks the template up by that name.
TEMPLATE_BASEDIR = str(Path(__file__).resolve().parent / "templates")
#: What ``HTMLExporter.extra_template_basedirs`` must be. The course's config file is read
#: after the formgrader sets this option to nbgrader's own folder (for its "formgrade"
#: template), so the config has to list that folder too, after ours: the first folder
#: holding a template of the requested name wins.
TEMPLATE_BASEDIRS = [
    TEMPLATE_BASEDIR,
    str(Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"),
]

# Errors the executor reports when it stops a cell at the time limit.
_TIMEOUT_ERRORS = frozenset({"KeyboardInterrupt", "CellTimeoutError"})
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PART_HEADING = re.compile(r"^\s*#+\s*(Deel\s+\w+)", re.MULTILINE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_MAX_ERROR_TEXT = 200


def format_points(value: float) -> str:
    """A score the Dutch way: ``2`` or ``1,5`` (at most two decimals)."""
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").replace(".", ",")


def points_amount(points: float) -> str:
    """``"2 punten"``; singular ``punt`` for exactly one."""
    unit = "punt" if math.isclose(points, 1.0) else "punten"
    return f"{format_points(points)} {unit}"


def points_phrase(score: float, points: float) -> str:
    """``"1 van 2 punten"``: the unit follows the maximum."""
    return f"{format_points(score)} van {points_amount(points)}"


def docstring_summary(source: str) -> str | None:
    """First line of the docstring a test cell starts with, or None when it has none."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        # IPython syntax (a magic) cannot be parsed; accept a one-line docstring on top.
        first = source.lstrip().split("\n", 1)[0].strip()
        match = re.fullmatch(r'[rRuU]?("""|\'\'\')(.+?)\1', first)
        return match.group(2).strip() if match else None
    docstring = ast.get_docstring(tree, clean=True)
    if not docstring or not docstring.strip():
        return None
    return docstring.strip().splitlines()[0].strip()


def split_tip(summary: str) -> tuple[str, str | None]:
    """Split ``"Deel A: what is checked. Tip: ..."`` into what is checked and the tip.

    The first part loses its final full stop, so it reads as a label.
    """
    head, sep, tip = summary.partition("Tip:")
    return head.strip().rstrip("."), (tip.strip() or None) if sep else None


def result_sentence(score: float | None, points: float | None, tip: str | None) -> tuple[str, str]:
    """Status key and Dutch sentence for one autograded test cell."""
    score = float(score or 0.0)
    points = float(points or 0.0)
    phrase = points_phrase(score, points)
    if points > 0 and score >= points:
        return "gelukt", f"Gelukt: {phrase}."
    status, opening = ("deels", "Deels gelukt") if score > 0 else ("niet", "Nog niet gelukt")
    text = f"{opening}: {phrase}."
    if tip:
        text += f" Tip: {tip}"
    return status, text


def error_message(ename: str, evalue: str) -> str:
    """A Dutch one-liner for an error in a learner's own cell; never a traceback."""
    if ename in _TIMEOUT_ERRORS:
        return ("Deze cel is afgebroken omdat ze langer liep dan de tijdslimiet. "
                "Misschien stopt een lus nooit: controleer je code.")
    if ename == "NotImplementedError":
        return ("Deze cel stopte omdat een functie nog niet is uitgewerkt "
                "(NotImplementedError).")
    if ename == "AssertionError":
        # The learner's own check failed; its text could be anything, so leave it out.
        return "Deze cel stopte omdat een controle in je eigen code niet klopte."
    first_line = _ANSI.sub("", str(evalue or "")).strip().split("\n", 1)[0]
    if len(first_line) > _MAX_ERROR_TEXT:
        first_line = first_line[: _MAX_ERROR_TEXT - 3] + "..."
    text = f"Deze cel stopte met een fout: {ename}"
    text += f": {first_line}." if first_line else "."
    if ename == "NameError":
        text += (" Dat betekent meestal dat een functie of variabele niet bestaat, "
                 "bijvoorbeeld omdat een eerdere cel niet goed werkte.")
    return text


def _result_output(status: str, text: str) -> NotebookNode:
    return new_output(
        "display_data",
        data={
            "text/plain": text,
            "text/html": f'<p class="uitslag uitslag-{status}">{html.escape(text)}</p>',
        },
    )


def _is_test_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def _is_graded_answer(cell: NotebookNode) -> bool:
    return utils.is_grade(cell) and utils.is_solution(cell)


class LearnerFeedback(NbGraderPreprocessor):
    """Replace test code and tracebacks by Dutch results before feedback is rendered.

    Must run after ``GetGrades`` (and after ``CSSHTMLHeaderPreprocessor``, so that it can
    strip the comments of the inlined stylesheet). Reads the gradebook once more, only to tell an answer
    still waiting for a trainer apart from one that was graded.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        grading = resources.get("nbgrader", {})
        if "score" not in grading:
            raise RuntimeError(
                "LearnerFeedback needs the scores that GetGrades stores: list it after "
                "nbgrader.preprocessors.GetGrades in GenerateFeedback.preprocessors."
            )
        self._manual = self._manual_grades(nb, grading)
        self._part: str | None = None
        self._overview: list[dict[str, str]] = []
        nb, resources = super().preprocess(nb, resources)
        resources["feedback_nl"] = self._summary(grading)
        inlining = resources.get("inlining", {})
        if inlining.get("css"):
            # Pygments' stylesheet names its token classes in comments ("Generic.Traceback");
            # the page should not even contain that word.
            inlining["css"] = [_CSS_COMMENT.sub("", css) for css in inlining["css"]]
        return nb, resources

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type == "markdown" and utils.is_locked(cell):
            heading = _PART_HEADING.search(cell.source)
            if heading:
                self._part = " ".join(heading.group(1).split())
        if _is_test_cell(cell):
            self._rewrite_test_cell(cell)
        else:
            if _is_graded_answer(cell):
                self._annotate_graded_answer(cell)
            if cell.cell_type == "code":
                cell.outputs = self._clean_outputs(cell.get("outputs", []))
        return cell, resources

    # -- test cells --------------------------------------------------------------------

    def _rewrite_test_cell(self, cell: NotebookNode) -> None:
        meta = cell.metadata["nbgrader"]
        grade_id = meta["grade_id"]
        summary = docstring_summary(cell.source)
        if summary is None:
            # Without a description show only the id: the rest of the source is test code.
            summary = f"Controle {grade_id}"
        label, tip = split_tip(summary)
        status, text = result_sentence(meta.get("score"), meta.get("points"), tip)
        cell.source = f'"""{summary}"""'
        cell.outputs = [_result_output(status, text)]
        cell.metadata["feedback_nl"] = {"status": status, "result": text, "label": label}
        self._overview.append({"anchor": grade_id, "label": label, "status": status, "result": text})

    # -- answers graded by hand ----------------------------------------------------------

    def _manual_grades(self, nb: NotebookNode, grading: dict[str, Any]) -> dict[str, Any]:
        """Grade rows of every answer cell that carries points, keyed by grade id."""
        ids = [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells if _is_graded_answer(cell)]
        if not ids or "db_url" not in grading:
            return {}
        found = {}
        with Gradebook(grading["db_url"]) as gradebook:
            for grade_id in ids:
                try:
                    grade = gradebook.find_grade(
                        grade_id, grading["notebook"], grading["assignment"], grading["student"])
                except MissingEntry:
                    continue
                found[grade_id] = {
                    "needs_manual_grade": bool(grade.needs_manual_grade),
                    "manual_score": grade.manual_score,
                    "auto_score": grade.auto_score,
                }
        return found

    def _annotate_graded_answer(self, cell: NotebookNode) -> None:
        meta = cell.metadata["nbgrader"]
        grade_id = meta["grade_id"]
        score = float(meta.get("score") or 0.0)
        points = float(meta.get("points") or 0.0)
        state = self._manual.get(grade_id, {})
        phrase = points_phrase(score, points)
        if state.get("manual_score") is not None:
            status = "gelukt" if score >= points else ("deels" if score > 0 else "niet")
            text = f"Beoordeling door je trainer: {phrase}."
        elif state.get("needs_manual_grade"):
            status = "open"
            text = f"Nog niet beoordeeld door je trainer (maximaal {points_amount(points)})."
        elif score == 0:
            status = "niet"
            text = f"Niet ingevuld: {phrase}."
        else:
            status = "gelukt" if score >= points else "deels"
            text = f"Beoordeling: {phrase}."
        kind = "schriftelijk antwoord" if cell.cell_type == "markdown" else "antwoord"
        label = f"{self._part}: {kind}" if self._part else kind.capitalize()
        cell.metadata["feedback_nl"] = {"status": status, "result": text, "label": label}
        self._overview.append({"anchor": grade_id, "label": label, "status": status, "result": text})

    # -- other cells -------------------------------------------------------------------

    @staticmethod
    def _clean_outputs(outputs: list[NotebookNode]) -> list[NotebookNode]:
        cleaned: list[NotebookNode] = []
        messages: set[str] = set()
        for output in outputs:
            kind = output.get("output_type")
            if kind == "error":
                message = error_message(output.get("ename", ""), output.get("evalue", ""))
            elif kind == "stream" and "Traceback (most recent call last)" in output.get("text", ""):
                message = "Deze cel schreef een foutmelding; die staat niet in de feedback."
            else:
                cleaned.append(output)
                continue
            # A timeout leaves two errors (the interrupt and the executor's own): say it once.
            if message not in messages:
                messages.add(message)
                cleaned.append(_result_output("fout", message))
        return cleaned

    # -- summary -----------------------------------------------------------------------

    def _summary(self, grading: dict[str, Any]) -> dict[str, Any]:
        score = float(grading.get("score") or 0.0)
        max_score = float(grading.get("max_score") or 0.0)
        late = float(grading.get("late_penalty") or 0.0)
        lines = [f"Totaal: {points_phrase(score, max_score)}."]
        if late > 0:
            lines.append(f"Voor te laat inleveren is {points_amount(late)} afgetrokken.")
        if any(item["status"] == "open" for item in self._overview):
            lines.append("Je trainer heeft nog niet alles beoordeeld: je score kan nog veranderen.")
        return {"summary": lines, "overview": list(self._overview)}
