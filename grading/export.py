"""Grades as a Dutch CSV for the learning platform or the academy's records, with a pass mark.

``nbgrader export`` writes the gradebook as CSV through a plugin; ``nbgrader_config.py``
makes :class:`CijferExport` that plugin, so ``make export MODULE=mkba`` (``nbgrader export
--assignment mkba --to reports/mkba-cijfers.csv``) writes one row per learner and
assignment, in Dutch, as a Dutch spreadsheet opens it (semicolons, decimal commas, UTF-8
with a byte-order mark):

``opdracht; cursist; ingeleverd; te laat; punten; maximum; percentage; cesuur; resultaat;
nog te beoordelen``

``resultaat`` is ``voldoende`` or ``onvoldoende`` against the pass mark, ``nog niet
compleet`` while written answers wait for a trainer in the formgrader (their points are
not in ``punten`` yet), or ``niet ingeleverd``. ``punten`` is nbgrader's score after any
late penalty. The pass mark per assignment is in ``grading/cesuur.toml`` (points, or a
percentage of the maximum); an assignment not listed there has
:data:`grading.report.DEFAULT_PASS_FRACTION` of its maximum, the course's default. The
group report uses the same pass mark.
"""

from __future__ import annotations

import csv
import math
import tomllib
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from grading.wording import counted

__all__ = ["COLUMNS", "CijferExport", "PASS_MARKS_FILE", "pass_mark_text", "rows"]

#: Pass marks per assignment (read by the export and the group report).
PASS_MARKS_FILE = Path(__file__).resolve().parent / "cesuur.toml"
COLUMNS = ("opdracht", "cursist", "ingeleverd", "te laat", "punten", "maximum", "percentage",
           "cesuur", "resultaat", "nog te beoordelen")


def pass_mark_text(assignment: str, path: Path = PASS_MARKS_FILE) -> str | None:
    """The pass mark ``grading/cesuur.toml`` sets for ``assignment`` (None: the default).

    Examples
    --------
    >>> pass_mark_text("bestaat-niet") is None
    True
    """
    if not path.is_file():
        return None
    value = tomllib.loads(path.read_text(encoding="utf-8")).get("cesuur", {}).get(assignment)
    return None if value is None else str(value)


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def rows(gradebook: Gradebook, assignments: list[str] | None = None,
         learners: list[str] | None = None) -> list[dict[str, str]]:
    """One row per learner and assignment, as :data:`COLUMNS` (texts, Dutch numbers)."""
    from grading.report import parse_pass_mark

    out = []
    for assignment in gradebook.assignments:
        if assignments and assignment.name not in assignments:
            continue
        maximum = float(assignment.max_score)
        mark, _ = parse_pass_mark(pass_mark_text(assignment.name), maximum)
        for student in gradebook.students:
            if learners and student.id not in learners:
                continue
            row = {"opdracht": assignment.name, "cursist": student.id, "maximum": _number(maximum),
                   "cesuur": _number(mark)}
            try:
                submission = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                row.update({"ingeleverd": "", "te laat": "", "punten": "", "percentage": "",
                            "resultaat": "niet ingeleverd", "nog te beoordelen": ""})
                out.append(row)
                continue
            score = float(submission.score) - float(submission.late_submission_penalty or 0.0)
            waiting = sum(1 for notebook in submission.notebooks for grade in notebook.grades
                          if grade.needs_manual_grade)
            if waiting:
                result = "nog niet compleet"
            else:
                result = "voldoende" if score >= mark - 1e-9 else "onvoldoende"
            share = score / maximum if maximum else math.nan
            row.update({
                "ingeleverd": submission.timestamp.isoformat(sep=" ", timespec="seconds")
                if submission.timestamp else "",
                "te laat": "ja" if (submission.total_seconds_late or 0) > 0 else "nee",
                "punten": _number(score),
                "percentage": "" if math.isnan(share) else _number(100 * share),
                "resultaat": result,
                "nog te beoordelen": str(waiting),
            })
            out.append(row)
    return out


class CijferExport(ExportPlugin):
    """``nbgrader export`` as a Dutch CSV with the pass mark (see the module docstring)."""

    def export(self, gradebook: Gradebook) -> None:  # noqa: D102 (nbgrader's plugin hook)
        dest = Path(self.to or "reports/cijfers.csv")
        dest.parent.mkdir(parents=True, exist_ok=True)
        table = rows(gradebook, [str(a) for a in self.assignment] or None,
                     [str(s) for s in self.student] or None)
        with dest.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";")
            writer.writeheader()
            writer.writerows(table)
        self.log.info("Cijfers van %s geschreven naar %s", counted(len(table), "cursist"), dest)
