"""A group report for trainers: how a whole group did on one assignment (Dutch HTML).

After ``nbgrader autograde`` (``make grade``), ``python -m grading.report <assignment>``
reads the course's gradebook and the autograded notebooks and writes one self-contained
Dutch page, by default ``reports/<assignment>-groepsrapport.html``:

- **De groep**: how many learners were graded, the spread of their total scores (a
  histogram, mean, median, lowest, highest), the pass mark and how many reached it. The
  pass mark is ``--pass-mark`` if given (points, or a percentage such as ``60%``), else
  the assignment's in ``grading/cesuur.toml`` (the grades export uses the same), else 55 %
  of the maximum (:data:`DEFAULT_PASS_FRACTION`); the page says which.
- **Per taak** (a task is a grade cell, grouped by part when its grade id reads
  ``<assignment>_<part>_<check>``): points, p-value (difficulty: mean score / maximum),
  pass rate (share with full points) and discrimination (the corrected item-total
  correlation: Pearson's r between the task's score and the total of the *other* tasks),
  flagged when discrimination < 0.2, p < 0.3 or p > 0.9, with a note on how to read them.
- **Mogelijke misconcepties**: per autograded task, the check messages that failed most
  often, counted over learners (one per learner and task: the check that stopped the test
  cell), with the task's tip. Other reasons a task failed (not made, an error in the
  learner's code, the time limit) are counted apart.
- **Nog te beoordelen**: written answers waiting for a trainer, per task.
- **Scores per cursist**: the learner's id and scores, nothing else.

What is trusted and what is not. Scores, the tasks and their source come from the gradebook
(the trainer's). The autograded notebook is the output of the learner's code: only the
``ename``/``evalue`` of a failed test cell's error output is read, and only for a task the
gradebook says the learner did not pass. A message counts as a check message only when it
is the message of an ``assert`` in that test cell's source as the gradebook holds it (an
f-string message is shown as its template, with ``…`` for the values); anything else (an
``AssertionError`` a learner raised with a text of their own, the text of any other error)
is reduced to a fixed Dutch description of its kind, so no text a learner wrote reaches the
page. Everything shown is escaped all the same, and the page forbids scripts and every
request with a Content-Security-Policy. It loads nothing: CSS and SVG charts are inline.

The page shows the messages of hidden tests: it is for trainers only (it says so on top).

:func:`summary_text` gives the same in 5 to 8 plain Dutch lines for ``make grade``.
"""

from __future__ import annotations

import argparse
import ast
import datetime as _dt
import html
import math
import re
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry

from grading.feedback import docstring_summary, format_points, split_tip
from grading.sandbox import KERNEL_LOST_ENAME
from widgets._common import (
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    TEXT,
    BarChart,
    bar_chart_svg,
    format_number,
    format_percent,
    scroll_table,
)

__all__ = [
    "DEFAULT_PASS_FRACTION",
    "DISCRIMINATION_LOW",
    "P_HIGH",
    "P_LOW",
    "CheckMessage",
    "Failure",
    "Group",
    "ReportError",
    "Task",
    "TaskStats",
    "check_messages",
    "describe_totals",
    "discrimination",
    "failure_reason",
    "histogram_svg",
    "load_group",
    "main",
    "p_value",
    "parse_pass_mark",
    "pass_rate",
    "pearson",
    "render_html",
    "summary_text",
    "task_stats",
    "write_report",
]

#: The pass mark when none is given: this share of the maximum score.
DEFAULT_PASS_FRACTION = 0.55
#: A task is flagged when its discrimination is below this ...
DISCRIMINATION_LOW = 0.2
#: ... or its p-value below this (hard) ...
P_LOW = 0.3
#: ... or above this (easy).
P_HIGH = 0.9
#: Where the report goes, relative to the course folder.
DEFAULT_OUT = "reports/{assignment}-groepsrapport.html"
#: How many check messages per task the page lists.
MESSAGES_PER_TASK = 5

_GRADE_ID = re.compile(r"^(?P<assignment>[^_]+)_(?P<part>[a-z])_(?P<check>\w+)$")
_ENAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,60}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TIMEOUT_ENAMES = frozenset({"TijdOp", "KeyboardInterrupt", "CellTimeoutError"})


class ReportError(Exception):
    """The report cannot be made (no gradebook, unknown assignment); the text is Dutch."""


# ----------------------------------------------------------------------------------------
# The data


@dataclass(frozen=True)
class CheckMessage:
    """The message of one ``assert`` in a test cell: its text and what it matches."""

    text: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Task:
    """One grade cell of the assignment."""

    key: str                 # unique in the assignment (the grade id, or notebook/grade id)
    grade_id: str
    notebook: str
    part: str | None         # "A", from <assignment>_<part>_<check>, else None
    label: str               # short: "A waarde"
    description: str         # what is checked, from the test's summary ("" if none)
    tip: str | None          # the tip of the test's summary
    max_score: float
    manual: bool             # graded by hand (a written answer)
    messages: tuple[CheckMessage, ...] = ()


@dataclass(frozen=True)
class Failure:
    """Why a learner did not pass a task: a check's message, or another reason."""

    kind: str                # "controle" (a check of the test failed) or "anders"
    text: str


@dataclass
class Group:
    """Everything the report shows, read from the gradebook and the autograded notebooks."""

    assignment: str
    tasks: list[Task]
    learners: list[str]
    #: learner -> task key -> score, or None while a written answer waits for a trainer
    scores: dict[str, dict[str, float | None]]
    #: learner -> points taken off for handing in late
    penalties: dict[str, float] = field(default_factory=dict)
    #: task key -> reasons the learners who did not pass it failed, counted over learners
    failures: dict[str, Counter[Failure]] = field(default_factory=dict)

    @property
    def max_total(self) -> float:
        return sum(task.max_score for task in self.tasks)

    def score(self, learner: str, task: Task) -> float:
        """The learner's score on the task as it stands (0 while it waits for a trainer)."""
        return self.scores[learner].get(task.key) or 0.0

    def total(self, learner: str) -> float:
        """The learner's total as it stands, late penalty deducted."""
        raw = sum(self.score(learner, task) for task in self.tasks)
        return max(raw - self.penalties.get(learner, 0.0), 0.0)

    def pending(self, task: Task) -> int:
        """How many answers to this task wait for a trainer."""
        return sum(1 for learner in self.learners if self.scores[learner].get(task.key, 0.0) is None)


# ----------------------------------------------------------------------------------------
# Statistics (classical test theory), on plain lists


def p_value(scores: Sequence[float], max_score: float) -> float:
    """Difficulty: the mean score as a share of the maximum (NaN without scores).

    >>> p_value([0, 1, 2, 2], 2)
    0.625
    """
    if len(scores) == 0 or max_score <= 0:
        return math.nan
    return statistics.fmean(scores) / max_score


def pass_rate(scores: Sequence[float], max_score: float) -> float:
    """The share of learners with full points (NaN without scores).

    >>> pass_rate([0, 1, 2, 2], 2)
    0.5
    """
    if len(scores) == 0 or max_score <= 0:
        return math.nan
    return sum(1 for s in scores if s >= max_score - 1e-9) / len(scores)


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson's correlation; NaN when it is undefined (fewer than two pairs, or a constant).

    >>> pearson([1, 2, 3], [2, 4, 7]) > 0.98
    True
    >>> math.isnan(pearson([1, 1, 1], [1, 2, 3]))
    True
    """
    if len(x) != len(y):
        raise ValueError("pearson: x and y differ in length")
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return math.nan
    mx, my = statistics.fmean(x), statistics.fmean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def discrimination(item: Sequence[float], totals: Sequence[float]) -> float:
    """Corrected item-total correlation: the item against the total without the item.

    ``totals`` includes the item; it is taken out first, so a task does not correlate
    with itself. NaN when undefined (everybody the same score on the task, or on the rest).

    >>> round(discrimination([1, 0, 1, 0], [5, 2, 4, 3]), 3)
    0.707
    """
    if len(item) != len(totals):
        raise ValueError("discrimination: item and totals differ in length")
    rest = [t - i for i, t in zip(item, totals)]
    return pearson(item, rest)


@dataclass(frozen=True)
class TaskStats:
    """The figures of one task; ``n`` learners with a final score on it."""

    n: int
    p: float
    passed: float
    rir: float
    flags: tuple[str, ...]


def task_stats(group: Group, task: Task) -> TaskStats:
    """p-value, pass rate, discrimination and flags of a task.

    Computed over the learners whose score on the task is final: all of them for an
    autograded task, those already graded for a written one. The total it correlates with
    is every learner's total as it stands (before any late penalty).
    """
    graded = [l for l in group.learners if group.scores[l].get(task.key, 0.0) is not None]
    item = [group.score(l, task) for l in graded]
    totals = [sum(group.score(l, t) for t in group.tasks) for l in graded]
    p = p_value(item, task.max_score)
    rir = discrimination(item, totals)
    flags = []
    if len(graded) < 2:  # one score says nothing about a task
        pass
    elif not math.isnan(p) and p < P_LOW:
        flags.append("moeilijk")
    elif not math.isnan(p) and p > P_HIGH:
        flags.append("makkelijk")
    if len(graded) >= 2 and not math.isnan(rir) and rir < DISCRIMINATION_LOW:
        flags.append("onderscheidt weinig")
    return TaskStats(n=len(graded), p=p, passed=pass_rate(item, task.max_score), rir=rir,
                     flags=tuple(flags))


def describe_totals(totals: Sequence[float]) -> dict[str, float]:
    """Mean, median, lowest and highest of the totals (NaN for an empty group)."""
    if not totals:
        return {k: math.nan for k in ("mean", "median", "min", "max")}
    return {"mean": statistics.fmean(totals), "median": statistics.median(totals),
            "min": min(totals), "max": max(totals)}


def parse_pass_mark(text: str | None, max_total: float) -> tuple[float, bool]:
    """The pass mark in points, and whether it was given (False: the default).

    ``text`` is points (``11``, ``10,5``) or a percentage of the maximum (``60%``).

    >>> parse_pass_mark(None, 20)
    (11.0, False)
    >>> parse_pass_mark("60%", 20), parse_pass_mark("10,5", 20)
    ((12.0, True), (10.5, True))
    """
    if text is None or not str(text).strip():
        return round(DEFAULT_PASS_FRACTION * max_total, 2), False
    raw = str(text).strip().replace(",", ".")
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").strip())
    except ValueError:
        raise ReportError(f"De cesuur {text!r} is geen getal: geef punten (11 of 10,5) of "
                          "een percentage van het maximum (60%).") from None
    if not math.isfinite(value) or value < 0 or (percent and value > 100) or (not percent and value > max_total):
        raise ReportError(f"De cesuur {text!r} ligt niet tussen 0 en het maximum "
                          f"({format_points(max_total)} punten of 100%).")
    return (round(value / 100 * max_total, 2) if percent else value), True


# ----------------------------------------------------------------------------------------
# Why a test cell failed


def check_messages(source: str) -> tuple[CheckMessage, ...]:
    """The messages of the ``assert`` statements in a test cell's source.

    A plain string is matched as it is; an f-string as a template whose values may be
    anything (shown as ``…``). Other messages (a variable, a sum of strings) are left out.

    >>> [m.text for m in check_messages('assert x, "Te laag."\\nassert y, f"Je gaf {y}."')]
    ['Te laag.', 'Je gaf ….']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ()
    found: dict[str, CheckMessage] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert) or node.msg is None:
            continue
        msg = node.msg
        if isinstance(msg, ast.Constant) and isinstance(msg.value, str):
            text, pattern = msg.value, re.escape(msg.value)
        elif isinstance(msg, ast.JoinedStr):
            shown, regex = [], []
            for value in msg.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    shown.append(value.value)
                    regex.append(re.escape(value.value))
                else:
                    shown.append("…")
                    regex.append(".*?")
            text, pattern = "".join(shown), "".join(regex)
        else:
            continue
        if text.strip() and text not in found:
            found[text] = CheckMessage(text=text, pattern=re.compile(pattern, re.DOTALL))
    return tuple(found.values())


def _reason_for(ename: str) -> str:
    if ename == "NotImplementedError":
        return "nog niet gemaakt (de functie geeft NotImplementedError)"
    if ename in _TIMEOUT_ENAMES:
        return "afgebroken bij de tijdslimiet (een lus die niet stopt, of te traag)"
    if ename == KERNEL_LOST_ENAME:
        return "niet uitgevoerd: de code van de cursist had de kernel al gestopt"
    if ename == "NameError":
        return "een naam ontbreekt (NameError): de functie of variabele bestaat niet"
    if ename == "AssertionError":
        return "een controle in de eigen code van de cursist (AssertionError) stopte de toets"
    if not _ENAME.fullmatch(ename):
        return "een fout in de code van de cursist"
    return f"een fout in de code van de cursist ({ename})"


def failure_reason(output: dict | None, messages: Sequence[CheckMessage]) -> Failure:
    """Why a failed test cell failed, from its error output and the test's own messages.

    Only a message of the test itself is returned as text; for anything else (including
    an ``AssertionError`` whose text the learner chose) a fixed Dutch description of its
    kind, so nothing a learner wrote comes through.

    >>> msgs = check_messages('assert a, "Het saldo klopt niet."')
    >>> failure_reason({"ename": "AssertionError", "evalue": "Het saldo klopt niet."}, msgs).text
    'Het saldo klopt niet.'
    >>> failure_reason({"ename": "AssertionError", "evalue": "<b>mijn tekst</b>"}, msgs).kind
    'anders'
    """
    if not output:
        return Failure("anders", "geen foutmelding gevonden (0 punten)")
    ename = str(output.get("ename") or "")
    evalue = str(output.get("evalue") or "")
    if ename == "AssertionError":
        if not evalue.strip():
            return Failure("controle", "(een controle zonder melding)")
        for message in messages:
            if message.pattern.fullmatch(evalue):
                return Failure("controle", message.text)
    return Failure("anders", _reason_for(ename))


def _first_error(nb: nbformat.NotebookNode, grade_id: str) -> dict | None:
    """The first error output of the test cell ``grade_id`` in an autograded notebook."""
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") != grade_id or not utils.is_grade(cell) or utils.is_solution(cell):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return {"ename": output.get("ename"), "evalue": output.get("evalue")}
        return None
    return None


# ----------------------------------------------------------------------------------------
# Reading the course


def _notebook_order(course: Path, assignment: str, notebook: str) -> list[str]:
    """Grade ids in the order of the source notebook (the gradebook keeps no order)."""
    for folder in ("solutions", "source"):
        path = course / folder / assignment / f"{notebook}.ipynb"
        if path.is_file():
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception:  # noqa: BLE001 - fall back to the order of the grade ids
                return []
            return [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]
    return []


def _label(grade_id: str) -> tuple[str | None, str]:
    match = _GRADE_ID.match(grade_id)
    if not match:
        return None, grade_id
    part = match.group("part").upper()
    return part, f"{part} {match.group('check').replace('_', ' ')}"


def load_group(course: Path, assignment: str) -> Group:
    """Read scores from ``course/gradebook.db`` and failure reasons from ``autograded/``."""
    course = Path(course)
    database = course / "gradebook.db"
    if not database.is_file():
        raise ReportError(f"Er is geen gradebook.db in {course}: kijk eerst na met "
                          f"'make grade MODULE={assignment}'.")
    with Gradebook(f"sqlite:///{database}") as gradebook:
        try:
            record = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise ReportError(f"De opdracht {assignment!r} staat niet in het gradebook: "
                              f"kijk eerst na met 'make grade MODULE={assignment}'.") from None
        notebooks = sorted(record.notebooks, key=lambda nb: nb.name)
        several = len(notebooks) > 1
        tasks: list[Task] = []
        for notebook in notebooks:
            answers = {cell.name for cell in notebook.solution_cells}
            order = _notebook_order(course, assignment, notebook.name)
            cells = [(cell, "grade") for cell in notebook.grade_cells]
            cells += [(cell, "task") for cell in notebook.task_cells]
            cells.sort(key=lambda c: (order.index(c[0].name) if c[0].name in order else len(order),
                                      c[0].name))
            for cell, kind in cells:
                manual = kind == "task" or cell.name in answers or cell.cell_type == "markdown"
                try:
                    source = gradebook.find_source_cell(cell.name, notebook.name, assignment).source or ""
                except MissingEntry:
                    source = ""
                part, label = _label(cell.name)
                description, tip = "", None
                if manual:
                    description = "schriftelijk antwoord, met de hand beoordeeld"
                else:
                    summary = docstring_summary(source)
                    if summary:
                        description, tip = split_tip(summary)
                tasks.append(Task(
                    key=f"{notebook.name}/{cell.name}" if several else cell.name,
                    grade_id=cell.name, notebook=notebook.name, part=part,
                    label=f"{notebook.name}: {label}" if several else label,
                    description=description, tip=tip, max_score=float(cell.max_score or 0.0),
                    manual=manual, messages=() if manual else check_messages(source),
                ))
        by_name = {(t.notebook, t.grade_id): t for t in tasks}

        learners: list[str] = []
        scores: dict[str, dict[str, float | None]] = {}
        penalties: dict[str, float] = {}
        failures: dict[str, Counter[Failure]] = {t.key: Counter() for t in tasks}
        for submission in gradebook.assignment_submissions(assignment):
            learner = submission.student.id
            learners.append(learner)
            row: dict[str, float | None] = {t.key: 0.0 for t in tasks}
            penalty = float(submission.late_submission_penalty or 0.0)
            if penalty > 0:
                penalties[learner] = penalty
            for submitted in submission.notebooks:
                autograded = None
                path = course / "autograded" / learner / assignment / f"{submitted.name}.ipynb"
                for grade in submitted.grades:
                    task = by_name.get((submitted.name, grade.name))
                    if task is None:
                        continue
                    if task.manual and grade.needs_manual_grade and grade.manual_score is None:
                        row[task.key] = None
                        continue
                    row[task.key] = float(grade.score or 0.0)
                    if task.manual or row[task.key] >= task.max_score - 1e-9:
                        continue
                    if autograded is None:
                        try:
                            autograded = nbformat.read(path, as_version=4)
                        except Exception:  # noqa: BLE001 - missing or unreadable: no reasons
                            autograded = nbformat.v4.new_notebook()
                    failures[task.key][failure_reason(_first_error(autograded, grade.name),
                                                      task.messages)] += 1
            scores[learner] = row
    order = sorted(learners, key=lambda s: (s.lower(), s))
    return Group(assignment=assignment, tasks=tasks, learners=order, scores=scores,
                 penalties=penalties, failures=failures)


# ----------------------------------------------------------------------------------------
# The page


def _e(value: object) -> str:
    """Escape for HTML text and attribute values; control characters dropped."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def _p(value: float) -> str:
    return format_number(value, 2)


def _percent(value: float) -> str:
    return format_percent(value, 0)


def _pts(value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else format_points(value)


def _shorten(text: str, limit: int) -> str:
    """Cut a label for a chart (the table beside it keeps the full text)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bins(max_total: float) -> tuple[float, int]:
    width = max(1, math.ceil(max_total / 20))
    return float(width), int(max_total // width) + 1


def histogram_svg(totals: Sequence[float], max_total: float, pass_mark: float) -> str:
    """Histogram of the total scores as accessible inline SVG, with the pass mark.

    Bars below the pass mark are red, the others green; a dashed line and a legend mark the
    pass mark, so colour is not the only cue. Styled like ``widgets/_common.py``'s charts.
    """
    width, height = 640, 330
    left, right, top, bottom = 48, 12, 40, 96
    plot_w, plot_h = width - left - right, height - top - bottom
    bin_w, n_bins = _bins(max_total)
    counts = [0] * n_bins
    for total in totals:
        counts[min(int(total // bin_w), n_bins - 1)] += 1
    step = max(1, math.ceil(max(counts, default=0) / 5))
    y_max = max(step, math.ceil(max(counts, default=0) / step) * step)
    bar = plot_w / n_bins

    def x(value: float) -> float:
        return left + value / bin_w * bar

    def y(count: float) -> float:
        return top + plot_h - count / y_max * plot_h

    title = (f"Verdeling van de totaalscores van {len(totals)} cursisten "
             f"(cesuur {format_points(pass_mark)} punten)")
    name = _e(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" width="100%" '
        f'viewBox="0 0 {width} {height}" class="asd-chart" '
        f'style="display:block;max-width:{width}px;height:auto">',
        f"<title>{name}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{TEXT}">'
        "Verdeling van de totaalscores</text>",
    ]
    for tick in range(0, y_max + 1, step):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
                     'stroke="#d0d7de" stroke-width="1" />')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 5:.1f}" font-size="13" text-anchor="end" '
                     f'fill="{TEXT}">{tick}</text>')
    label_every = 1 if n_bins <= 21 else 2
    for i, count in enumerate(counts):
        low = i * bin_w
        high = min(low + bin_w, max_total) if bin_w > 1 else low
        span = format_points(low) if bin_w == 1 else f"{format_points(low)}–{format_points(high)}"
        colour = POSITIVE if low >= pass_mark - 1e-9 else NEGATIVE
        unit = "cursist" if count == 1 else "cursisten"
        if count:
            parts.append(
                f'<rect x="{x(low) + 1:.1f}" y="{y(count):.1f}" width="{max(bar - 2, 1):.1f}" '
                f'height="{plot_h - (y(count) - top):.1f}" fill="{colour}" data-bin="{_e(span)}" '
                f'data-count="{count}"><title>{_e(span)} punten: {count} {unit}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text x="{x(low) + bar / 2:.1f}" y="{top + plot_h + 18}" font-size="13" '
                         f'text-anchor="middle" fill="{TEXT}">{_e(span)}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
                 f'stroke="{TEXT}" />')
    mark = x(pass_mark)
    parts.append(f'<line x1="{mark:.1f}" y1="{top - 6}" x2="{mark:.1f}" y2="{top + plot_h}" '
                 f'stroke="{TEXT}" stroke-width="2" stroke-dasharray="6 4" class="asd-cesuur" '
                 f'data-x="{pass_mark:g}" />')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 40}" font-size="14" '
                 f'text-anchor="middle" fill="{TEXT}">Totaalscore (punten); hoogte: aantal cursisten</text>')
    legend_y = top + plot_h + 70
    parts.append(f'<rect x="8" y="{legend_y - 11}" width="14" height="14" fill="{NEGATIVE}" />'
                 f'<text x="28" y="{legend_y}" font-size="13" fill="{TEXT}">onder de cesuur</text>'
                 f'<rect x="156" y="{legend_y - 11}" width="14" height="14" fill="{POSITIVE}" />'
                 f'<text x="176" y="{legend_y}" font-size="13" fill="{TEXT}">voldoende</text>'
                 f'<line x1="270" y1="{legend_y - 4}" x2="300" y2="{legend_y - 4}" stroke="{TEXT}" '
                 f'stroke-width="2" stroke-dasharray="6 4" />'
                 f'<text x="306" y="{legend_y}" font-size="13" fill="{TEXT}">cesuur: '
                 f'{_e(format_points(pass_mark))} punten</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
:root { color-scheme: light; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       font-size: 16px; line-height: 1.5; color: #1f2328; background: #fff; overflow-wrap: break-word; }
header, main, footer { max-width: 62rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; border-bottom: 2px solid #d0d7de; }
h1, h2, h3 { line-height: 1.25; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
h3 { margin-top: 1.6rem; }
a { color: #0b57a4; }
.alleen-trainers { display: inline-block; margin: 0; padding: 0.2rem 0.6rem; border: 2px solid #7a2e00;
                   color: #7a2e00; background: #fff4e5; font-weight: bold; }
nav ul { padding-left: 1.2rem; }
.kerncijfers { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.6rem;
               margin: 1rem 0; padding: 0; }
.kerncijfers div { border: 1px solid #d0d7de; border-radius: 4px; padding: 0.4rem 0.6rem; }
.kerncijfers dt { font-size: 0.9rem; color: #444c56; }
.kerncijfers dd { margin: 0; font-size: 1.3rem; font-weight: bold; }
table { border-collapse: collapse; margin: 0.4rem 0 1rem; }
table.meldingen, table.nakijken, table.redenen { min-width: min(100%, 34rem); }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; caption-side: top; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f3f5f7; }
tbody th { font-weight: normal; }
td.getal, th.getal { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.signaal { color: #7a2e00; font-weight: bold; }
.open { color: #444c56; font-style: italic; }
.uitleg { border-left: 4px solid #3b5b92; background: #f3f6fb; padding: 0.4rem 1rem; margin: 1rem 0; }
.tip { color: #2d3339; }
.klein { font-size: 0.92rem; color: #444c56; }
.asd-scroll:focus { outline: 2px solid #0b57a4; outline-offset: 2px; }
details { margin: 0.5rem 0 1rem; }
summary { cursor: pointer; color: #0b57a4; }
footer { margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid #d0d7de; }
@media print { .asd-scroll { overflow: visible !important; } }
"""

#: No script, no request: only the inline stylesheet and styles (and data: images) may load.
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'")


def _th_row(text: str) -> str:
    return f'<th scope="row">{text}</th>'


def _th_col(text: str, numeric: bool = False) -> str:
    cls = ' class="getal"' if numeric else ""
    return f'<th scope="col"{cls}>{text}</th>'


def _td(text: str, numeric: bool = False) -> str:
    cls = ' class="getal"' if numeric else ""
    return f"<td{cls}>{text}</td>"


def _section_group(group: Group, pass_mark: float, default_mark: bool, source: str) -> str:
    totals = [group.total(l) for l in group.learners]
    stats = describe_totals(totals)
    passed = sum(1 for t in totals if t >= pass_mark - 1e-9)
    n = len(totals)
    waiting = sum(1 for l in group.learners if any(v is None for v in group.scores[l].values()))
    share = pass_mark / group.max_total if group.max_total else math.nan
    how = ("standaard: er is geen cesuur ingesteld; stel hem in in <code>grading/cesuur.toml</code> "
           "of met <code>--pass-mark</code>" if default_mark else f"ingesteld {source}")
    cards = [
        ("Nagekeken", f"{n} {'cursist' if n == 1 else 'cursisten'}"),
        ("Maximum", f"{_pts(group.max_total)} punten"),
        ("Gemiddelde", _pts(stats["mean"])),
        ("Mediaan", _pts(stats["median"])),
        ("Laagste", _pts(stats["min"])),
        ("Hoogste", _pts(stats["max"])),
        ("Voldoende", f"{passed} van {n}"),
    ]
    out = ['<section id="groep" aria-labelledby="kop-groep"><h2 id="kop-groep">De groep</h2>']
    out.append('<dl class="kerncijfers">' + "".join(
        f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in cards) + "</dl>")
    out.append(f"<p>Cesuur: <strong>{_e(_pts(pass_mark))} van {_e(_pts(group.max_total))} punten</strong> "
               f"({_e(_percent(share))} van het maximum; {how}). "
               f"{passed} van de {n} cursisten halen die score of meer.</p>")
    if group.penalties:
        out.append(f"<p>Bij {len(group.penalties)} cursisten is er punten afgetrokken voor te laat "
                   "inleveren; de totalen hieronder zijn na die aftrek.</p>")
    if waiting:
        out.append(f'<p class="klein">{waiting} cursisten hebben nog een schriftelijk antwoord dat '
                   "niet is beoordeeld: dat telt nu als 0 punten, dus hun totaal kan nog stijgen "
                   '(zie <a href="#nakijken">Nog te beoordelen</a>).</p>')
    if n:
        out.append(histogram_svg(totals, group.max_total, pass_mark))
        bin_w, n_bins = _bins(group.max_total)
        counts = Counter(min(int(t // bin_w), n_bins - 1) for t in totals)
        rows = []
        for i in range(n_bins):
            low = i * bin_w
            span = (_pts(low) if bin_w == 1
                    else f"{_pts(low)}–{_pts(min(low + bin_w, group.max_total))}")
            rows.append(f"<tr>{_th_row(_e(span))}{_td(str(counts.get(i, 0)), True)}</tr>")
        out.append("<details><summary>De verdeling als tabel</summary>" + scroll_table(
            "Aantal cursisten per totaalscore",
            _th_col("Totaalscore (punten)") + _th_col("Cursisten", True), "".join(rows), "verdeling")
            + "</details>")
    out.append("</section>")
    return "".join(out)


def _section_tasks(group: Group) -> str:
    out = ['<section id="taken" aria-labelledby="kop-taken"><h2 id="kop-taken">Per taak</h2>']
    if not group.learners:
        out.append("<p>Nog geen cursisten nagekeken.</p></section>")
        return "".join(out)
    stats = {t.key: task_stats(group, t) for t in group.tasks}
    auto = [t for t in group.tasks if not t.manual]
    if auto:
        chart = BarChart(
            title="Geslaagd per taak (aandeel cursisten met alle punten)",
            labels=tuple(_shorten(t.label, 26) for t in auto),
            values=tuple(stats[t.key].passed for t in auto),
            colour=NEUTRAL, limits=(0.0, 1.0))
        out.append(bar_chart_svg(chart, value_format=_percent))
    rows = []
    for task in group.tasks:
        s = stats[task.key]
        kind = "met de hand" if task.manual else "automatisch"
        name = f"<strong>{_e(task.label)}</strong>"
        if task.description:
            name += f'<br><span class="klein">{_e(task.description)}</span>'
        if task.manual and s.n < len(group.learners):
            name += (f'<br><span class="klein">cijfers over {s.n} van {len(group.learners)} '
                     "cursisten (de rest is nog niet beoordeeld)</span>")
        flags = ", ".join(s.flags)
        rows.append("<tr>" + _th_row(name) + _td(_e(kind)) + _td(_e(_pts(task.max_score)), True)
                    + _td(_e(_p(s.p)), True) + _td(_e(_percent(s.passed)), True)
                    + _td(_e(_p(s.rir)), True)
                    + (_td(f'<span class="signaal">{_e(flags)}</span>') if flags else _td(""))
                    + "</tr>")
    head = (_th_col("Taak") + _th_col("Soort") + _th_col("Punten", True)
            + _th_col("p-waarde", True) + _th_col("Alle punten", True)
            + _th_col("Discriminatie (r<sub>ir</sub>)", True) + _th_col("Signaal"))
    out.append(scroll_table("Moeilijkheid en onderscheidend vermogen per taak", head,
                            "".join(rows), "taken"))
    parts = _parts_table(group)
    if parts:
        out.append(parts)
    out.append(
        '<div class="uitleg" id="uitleg"><h3>Zo lees je deze cijfers</h3>'
        "<p>Dit is <strong>klassieke testtheorie</strong>. De <strong>p-waarde</strong> "
        "(moeilijkheid) is de gemiddelde score op een taak gedeeld door het maximum: 0,85 "
        "betekent dat de groep 85 % van de punten haalde. Hoe hoger, hoe makkelijker. Boven "
        f"{_p(P_HIGH)} kon bijna iedereen het en zegt de taak weinig over verschillen; onder "
        f"{_p(P_LOW)} was hij voor de meesten te moeilijk, of klopt er iets niet aan de uitleg "
        "of de toets. <strong>Alle punten</strong> is het aandeel cursisten met de volle "
        "punten.</p>"
        "<p>De <strong>discriminatie</strong> (r<sub>ir</sub>, de gecorrigeerde "
        "item-totaalcorrelatie) is de correlatie (Pearson) tussen de score op de taak en het "
        "totaal op alle <em>andere</em> taken. Positief: wie de rest goed doet, doet ook deze "
        f"taak goed. Onder {_p(DISCRIMINATION_LOW)} onderscheidt de taak nauwelijks tussen "
        "sterke en zwakke cursisten; negatief: zwakke cursisten doen het beter dan sterke, kijk "
        "dan of de taak of de toets klopt. Een streepje (–) betekent: niet te berekenen, "
        "omdat iedereen dezelfde score op de taak (of op de rest) had.</p>"
        "<p>In een kleine groep zijn deze cijfers <strong>onzeker</strong>: bij minder dan "
        "zo'n 30 cursisten kan één cursist meer of minder een taak van signaal doen "
        "veranderen. Zie een signaal als aanleiding om naar de taak te kijken, niet als oordeel. "
        "Schriftelijke antwoorden die nog niet zijn beoordeeld tellen in het totaal als 0 "
        "punten; de cijfers van zo'n taak gaan over wie al wel is beoordeeld.</p></div>")
    out.append("</section>")
    return "".join(out)


def _parts_table(group: Group) -> str:
    parts: dict[str, list[Task]] = {}
    for task in group.tasks:
        if task.part is None:
            return ""
        parts.setdefault(task.part, []).append(task)
    if len(parts) < 2:
        return ""
    rows = []
    for part, tasks in parts.items():
        maximum = sum(t.max_score for t in tasks)
        # Over the learners whose every answer in this part has a final score.
        final = [l for l in group.learners
                 if all(group.scores[l].get(t.key, 0.0) is not None for t in tasks)]
        scores = [sum(group.score(l, t) for t in tasks) for l in final]
        mean = statistics.fmean(scores) if scores else math.nan
        rows.append("<tr>" + _th_row(_e(part)) + _td(_e(_pts(maximum)), True)
                    + _td(_e(_pts(mean)), True) + _td(_e(_p(p_value(scores, maximum))), True)
                    + "</tr>")
    head = (_th_col("Deel") + _th_col("Punten", True) + _th_col("Gemiddeld", True)
            + _th_col("p-waarde", True))
    return scroll_table("Per deel van de opdracht", head, "".join(rows), "delen")


def _section_misconceptions(group: Group) -> str:
    out = ['<section id="misconcepties" aria-labelledby="kop-mis">'
           '<h2 id="kop-mis">Mogelijke misconcepties</h2>'
           "<p>Per automatisch nagekeken taak de controles die het vaakst faalden, geteld over "
           "cursisten: per cursist telt de controle die de toets stopte. Komt één melding bij "
           "veel cursisten terug, dan is dat vaak een gedeelde misvatting: bespreek die in de "
           "groep. De tip is wat cursisten in hun feedback lazen; de meldingen zelf zien "
           "cursisten niet (ze komen vaak uit verborgen toetsen).</p>"]
    others: list[tuple[Task, str, int]] = []
    shown = 0
    for task in group.tasks:
        if task.manual:
            continue
        counted = group.failures.get(task.key, Counter())
        checks = sorted(((f, c) for f, c in counted.items() if f.kind == "controle"),
                        key=lambda fc: (-fc[1], fc[0].text))
        others += sorted(((task, f.text, c) for f, c in counted.items() if f.kind != "controle"),
                         key=lambda tfc: (-tfc[2], tfc[1]))
        if not checks:
            continue
        shown += 1
        failed = sum(counted.values())
        slug = re.sub(r"[^a-z0-9]+", "-", task.key.lower()).strip("-")
        title = task.label + (f" — {task.description}" if task.description else "")
        out.append(f'<h3 id="mis-{_e(slug)}">{_e(title)}</h3>')
        out.append(f"<p>{failed} van de {len(group.learners)} cursisten haalden niet alle punten; "
                   f"bij {sum(c for _, c in checks)} van hen faalde een controle.")
        if task.tip:
            out.append(f' <span class="tip"><strong>Tip bij deze taak:</strong> {_e(task.tip)}</span>')
        out.append("</p>")
        rows = "".join("<tr>" + _th_row(_e(f.text)) + _td(str(c), True) + "</tr>"
                       for f, c in checks[:MESSAGES_PER_TASK])
        out.append(scroll_table(f"{task.label}: meldingen van de controles die faalden",
                                _th_col("Melding van de controle") + _th_col("Cursisten", True),
                                rows, "meldingen"))
        if len(checks) > MESSAGES_PER_TASK:
            rest = sum(c for _, c in checks[MESSAGES_PER_TASK:])
            out.append(f'<p class="klein">En nog {len(checks) - MESSAGES_PER_TASK} andere '
                       f"meldingen ({rest} cursisten).</p>")
    if not shown:
        out.append("<p>Geen: op de automatisch nagekeken taken faalde bij niemand een "
                   "controle.</p>")
    if others:
        out.append('<h3 id="andere-redenen">Andere redenen om punten te missen</h3>'
                   "<p>Geen misvatting over de stof, maar een taak die niet gemaakt is, een fout "
                   "in de code of de tijdslimiet. Wat de cursist zelf als foutmelding schreef, "
                   "staat hier niet.</p>")
        rows = "".join("<tr>" + _th_row(_e(t.label)) + _td(_e(text)) + _td(str(c), True) + "</tr>"
                       for t, text, c in others)
        out.append(scroll_table("Andere redenen per taak", _th_col("Taak") + _th_col("Reden")
                                + _th_col("Cursisten", True), rows, "redenen"))
    out.append("</section>")
    return "".join(out)


def _section_pending(group: Group) -> str:
    out = ['<section id="nakijken" aria-labelledby="kop-nakijken">'
           '<h2 id="kop-nakijken">Nog te beoordelen</h2>']
    manual = [t for t in group.tasks if t.manual]
    if not manual:
        out.append("<p>Deze opdracht heeft geen schriftelijke antwoorden.</p></section>")
        return "".join(out)
    waiting = [(t, group.pending(t)) for t in manual]
    if not any(count for _, count in waiting):
        out.append("<p>Alle schriftelijke antwoorden zijn beoordeeld.</p>")
    else:
        rows = "".join("<tr>" + _th_row(_e(t.label)) + _td(_e(_pts(t.max_score)), True)
                       + _td(str(count), True) + "</tr>" for t, count in waiting)
        out.append("<p>Beoordeel deze antwoorden in de formgrader (Nbgrader &gt; Formgrader) "
                   "en maak daarna de feedback opnieuw met <code>make feedback</code>.</p>")
        out.append(scroll_table("Schriftelijke antwoorden die nog op een trainer wachten",
                                _th_col("Taak") + _th_col("Punten", True)
                                + _th_col("Nog te beoordelen", True), rows, "nakijken"))
    out.append("</section>")
    return "".join(out)


def _section_learners(group: Group, pass_mark: float) -> str:
    out = ['<section id="cursisten" aria-labelledby="kop-cursisten">'
           '<h2 id="kop-cursisten">Scores per cursist</h2>'
           '<p class="klein">Alleen de id en de scores; "open" is een schriftelijk antwoord dat '
           "nog niet is beoordeeld.</p>"]
    if not group.learners:
        out.append("<p>Nog geen cursisten nagekeken.</p></section>")
        return "".join(out)
    head = _th_col("Cursist") + "".join(_th_col(_e(t.label), True) for t in group.tasks)
    if group.penalties:
        head += _th_col("Aftrek te laat", True)
    head += _th_col("Totaal", True) + _th_col("Voldoende")
    rows = []
    for learner in group.learners:
        cells = []
        for task in group.tasks:
            value = group.scores[learner].get(task.key, 0.0)
            cells.append('<td class="getal open">open</td>' if value is None else _td(_e(_pts(value)), True))
        if group.penalties:
            cells.append(_td(_e(_pts(group.penalties.get(learner, 0.0))), True))
        total = group.total(learner)
        cells.append(_td(_e(_pts(total)), True))
        cells.append(_td("ja" if total >= pass_mark - 1e-9 else "nee"))
        rows.append("<tr>" + _th_row(_e(learner)) + "".join(cells) + "</tr>")
    out.append(scroll_table(f"Scores per cursist (maximaal {_pts(group.max_total)} punten)",
                            head, "".join(rows), "cursisten"))
    out.append("</section>")
    return "".join(out)


def render_html(group: Group, pass_mark: float, default_mark: bool = True,
                created: _dt.datetime | None = None, source: str = "met <code>--pass-mark</code>") -> str:
    """The report as one self-contained HTML page (Dutch, no script, nothing to load).

    ``source`` says (as HTML) where a pass mark that is not the default was set.
    """
    created = created or _dt.datetime.now()
    n = len(group.learners)
    title = f"Groepsrapport {group.assignment}"
    body = [
        "<header>",
        '<p class="alleen-trainers">Alleen voor trainers</p>',
        f"<h1>{_e(title)}</h1>",
        f"<p>{n} {'cursist' if n == 1 else 'cursisten'} nagekeken; gemaakt op "
        f"{_e(created.strftime('%d-%m-%Y om %H:%M'))} uit het gradebook. Dit rapport bevat "
        "de scores van de hele groep en de meldingen van verborgen toetsen: deel het niet met "
        "cursisten.</p>",
        '<nav aria-label="Inhoud van dit rapport"><ul>'
        '<li><a href="#groep">De groep</a></li><li><a href="#taken">Per taak</a></li>'
        '<li><a href="#misconcepties">Mogelijke misconcepties</a></li>'
        '<li><a href="#nakijken">Nog te beoordelen</a></li>'
        '<li><a href="#cursisten">Scores per cursist</a></li></ul></nav>',
        "</header><main>",
        _section_group(group, pass_mark, default_mark, source),
        _section_tasks(group),
        _section_misconceptions(group),
        _section_pending(group),
        _section_learners(group, pass_mark),
        "</main><footer><p class=\"klein\">Gemaakt met <code>python -m grading.report</code> "
        "(Academie Sociaal Domein). Opnieuw maken na het beoordelen: <code>make feedback</code> "
        "of <code>python -m grading.report "
        f"{_e(group.assignment)}</code>.</p></footer>",
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{_e(title)} — Academie Sociaal Domein</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


# ----------------------------------------------------------------------------------------
# The summary for make grade


def _plain(text: object) -> str:
    return _CONTROL.sub("", str(text)).replace("\n", " ").replace("\u00a0", " ")


def summary_text(group: Group, pass_mark: float, default_mark: bool = True,
                 out: Path | str | None = None) -> str:
    """A short plain Dutch summary (5 to 8 lines) for the terminal after ``make grade``."""
    n = len(group.learners)
    lines = [f"Groepsrapport {_plain(group.assignment)}: {n} "
             f"{'cursist' if n == 1 else 'cursisten'} nagekeken "
             f"(maximaal {_pts(group.max_total)} punten)."]
    if n:
        totals = [group.total(l) for l in group.learners]
        stats = describe_totals(totals)
        passed = sum(1 for t in totals if t >= pass_mark - 1e-9)
        share = pass_mark / group.max_total if group.max_total else math.nan
        lines.append(f"Totaalscore: gemiddeld {_pts(stats['mean'])}, mediaan {_pts(stats['median'])}, "
                     f"laagste {_pts(stats['min'])}, hoogste {_pts(stats['max'])}.")
        lines.append(f"Voldoende (cesuur {_pts(pass_mark)} punten, {_percent(share)} van het maximum"
                     f"{', standaard' if default_mark else ''}): {passed} van {n}.")
        flagged = []
        for task in group.tasks:
            s = task_stats(group, task)
            if s.flags:
                flagged.append(f"{_plain(task.label)} ({', '.join(s.flags)}; p = {_p(s.p)}, "
                               f"r = {_p(s.rir)})")
        if flagged:
            extra = f" en nog {len(flagged) - 3}" if len(flagged) > 3 else ""
            lines.append("Taken om naar te kijken: " + "; ".join(flagged[:3]) + extra + ".")
        else:
            lines.append("Geen taak valt op door moeilijkheid of onderscheidend vermogen.")
        top = None
        for task in group.tasks:
            for failure, count in group.failures.get(task.key, Counter()).items():
                if failure.kind == "controle" and (top is None or count > top[2]):
                    top = (task, failure, count)
        if top:
            task, failure, count = top
            lines.append(f"Vaakst gefaalde controle: {_plain(task.label)}, \"{_plain(failure.text)}\" "
                         f"({count} {'cursist' if count == 1 else 'cursisten'}).")
        pending = [(t, group.pending(t)) for t in group.tasks if t.manual]
        waiting = [f"{_plain(t.label)} ({c})" for t, c in pending if c]
        if waiting:
            lines.append("Nog te beoordelen in de formgrader: " + ", ".join(waiting) + ".")
        elif pending:
            lines.append("Alle schriftelijke antwoorden zijn beoordeeld.")
    if out is not None:
        lines.append(f"Rapport (alleen voor trainers): {_plain(out)}")
    return "\n".join(_plain(line) for line in lines)


# ----------------------------------------------------------------------------------------
# Command line


def write_report(course: Path, assignment: str, out: Path | None = None,
                 pass_mark: str | None = None) -> tuple[Path, str]:
    """Write the report; return its path and the plain-text summary."""
    course = Path(course)
    group = load_group(course, assignment)
    from grading.export import pass_mark_text

    if pass_mark is not None:
        source = "met <code>--pass-mark</code>"
    else:
        pass_mark, source = pass_mark_text(assignment), "in <code>grading/cesuur.toml</code>"
    mark, given = parse_pass_mark(pass_mark, group.max_total)
    path = Path(out) if out is not None else course / DEFAULT_OUT.format(assignment=assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(group, mark, default_mark=not given, source=source), encoding="utf-8")
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    return path, summary_text(group, mark, default_mark=not given, out=shown)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grading.report",
        description="Schrijf het groepsrapport van een nagekeken opdracht (HTML, voor trainers).")
    parser.add_argument("assignment", help="de opdracht, bijvoorbeeld mkba")
    parser.add_argument("--course", type=Path, default=Path.cwd(),
                        help="de cursusmap met gradebook.db en autograded/ (standaard: hier)")
    parser.add_argument("--out", type=Path, default=None,
                        help="waar het rapport komt (standaard: reports/<opdracht>-groepsrapport.html "
                             "in de cursusmap)")
    parser.add_argument("--pass-mark", default=None,
                        help="de cesuur in punten (11 of 10,5) of als percentage van het maximum "
                             "(60%%); standaard 55%% van het maximum")
    args = parser.parse_args(argv)
    try:
        _, summary = write_report(args.course, args.assignment, args.out, args.pass_mark)
    except ReportError as error:
        print(f"Groepsrapport: {error}", file=sys.stderr)
        return 2
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
