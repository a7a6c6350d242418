"""Delete a cohort's learner data (AVG): submissions, grades, feedback, imports and reports.

``python -m grading.forget [ASSIGNMENT] [--cursist ID ...] [--course DIR] [--ja]``
(``make forget-cohort [MODULE=mkba] [CURSIST=id] CONFIRM=ja``). Without ``--ja`` it only
prints, in Dutch, what it would delete; with ``--ja`` it deletes that and prints what it
deleted. Without an assignment it deletes the data of every assignment; ``--cursist``
(repeatable) limits it to those learners, for a learner who asks for their data to be
erased.

Learner data, and where this course keeps it (all outside git, see ``.gitignore``):

==============================  ============================================================
``submitted/<learner>/``        notebooks as handed in, kept versions, ``timestamp.txt``
``autograded/<learner>/``       the graded copies
``feedback/<learner>/``         the feedback pages
``feedback/<assignment>-*.txt`` the intake and import reports and the grading log (they name learners)
``feedback/<assignment>-terug/``  the feedback zips to hand back (one per learner)
``imports/<assignment>/``       ``deelnemers.csv``: learner id, name and number on the platform
``reports/``                    group overviews and exports (files and folders per assignment,
                                named ``<assignment>``, ``<assignment>-...``, ``<assignment>_...``
                                or ``<assignment>.<ext>``)
``gradebook.db``                students (with any name and e-mail), submissions, grades
                                and comments, removed with nbgrader's own
                                ``Gradebook.remove_student`` / ``remove_submission``; the file
                                is then rewritten (``VACUUM``) so deleted rows leave no trace
``.nbgrader.log``               nbgrader's log (it names learners)
==============================  ============================================================

For one assignment: the ``<assignment>`` folder of each learner in ``submitted/``,
``autograded/`` and ``feedback/`` (a learner folder left empty goes too), that assignment's
reports, its imports and its gradebook submissions; a student left without any submission
is removed from the gradebook, a student with another assignment's submission stays. With
``--cursist``: only those learners' folders, their rows in ``deelnemers.csv``, their
gradebook entries, and the summary reports that name them (regenerate those). The log goes
in every case.

Never touched: ``solutions/``, ``source/``, ``exercises/``, ``release/``, the configuration
and the gradebook's assignments, notebooks and cells (the course itself). Nothing is
deleted through a symbolic link: a link is removed itself, what it points to is left alone.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["LEARNER_DATA", "Plan", "carry_out", "describe", "plan"]

#: Folders in the course that hold learner data only.
LEARNER_DATA = ("submitted", "autograded", "feedback", "imports", "reports")
#: The folder of feedback zips to hand back is ``feedback/<assignment>-terug`` (grading.return_feedback).
RETURN_SUFFIX = "-terug"
#: Folders of the course itself: never deleted from.
COURSE = ("solutions", "source", "exercises", "release")
GRADEBOOK = "gradebook.db"
LOG = ".nbgrader.log"


@dataclass
class Plan:
    """What :func:`carry_out` deletes.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : str or None
        One assignment, or None for all.
    learners : list of str
        Only these learners (empty: every learner).
    paths : list of Path
        Files and folders to delete (each inside one of :data:`LEARNER_DATA`, or the log).
    mapping_rows : dict of Path to list of str
        ``deelnemers.csv`` files and the learner ids whose rows go (with ``--cursist``).
    students : list of str
        Gradebook students to remove with all their submissions.
    submissions : list of tuple of str
        Gradebook submissions ``(assignment, student)`` to remove.

    Examples
    --------
    >>> Plan(Path("cursus"), None, []).empty
    True
    """

    root: Path
    assignment: str | None
    learners: list[str]
    paths: list[Path] = field(default_factory=list)
    mapping_rows: dict[Path, list[str]] = field(default_factory=dict)
    students: list[str] = field(default_factory=list)
    submissions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether there is nothing to delete."""
        return not (self.paths or self.mapping_rows or self.students or self.submissions)


def _children(folder: Path) -> list[Path]:
    if not folder.is_dir() or folder.is_symlink():
        return [folder] if folder.is_symlink() else []
    return sorted(folder.iterdir())


def _of_assignment(name: str, assignment: str) -> bool:
    """Whether a report's name belongs to ``assignment`` (``mkba``, ``mkba-...``, ``mkba_...``, ``mkba.csv``)."""
    return name == assignment or bool(re.match(rf"^{re.escape(assignment)}[-_.]", name))


def _mentions(path: Path, learners: list[str]) -> bool:
    """Whether a text file names one of ``learners`` (as a whole word)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(re.search(rf"(?<![\w.@-]){re.escape(learner)}(?![\w@]|[.-]\w)", text) for learner in learners)


def _files_under(path: Path) -> list[Path]:
    if path.is_symlink() or path.is_file():
        return [path]
    return [p for p in sorted(path.rglob("*")) if p.is_file() and not p.is_symlink()] if path.is_dir() else []


def _gradebook_plan(root: Path, assignment: str | None, learners: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    db = root / GRADEBOOK
    if not db.is_file():
        return [], []
    from nbgrader.api import Gradebook

    students, submissions = [], []
    with Gradebook(f"sqlite:///{db}") as gradebook:
        for student in gradebook.students:
            if learners and student.id not in learners:
                continue
            handed_in = sorted(s.assignment.name for s in student.submissions)
            if assignment is None:
                students.append(student.id)
            elif assignment in handed_in:
                if handed_in == [assignment]:
                    students.append(student.id)
                else:
                    submissions.append((assignment, student.id))
            elif not handed_in and not learners:
                # A student row with no submission at all holds only personal data.
                students.append(student.id)
    return students, submissions


def plan(root: Path, assignment: str | None = None, learners: list[str] | None = None) -> Plan:
    """Find a cohort's learner data in a course folder, without deleting anything.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : str, optional
        Only this assignment (default: every assignment).
    learners : list of str, optional
        Only these learners (default: every learner).

    Returns
    -------
    Plan
        What :func:`carry_out` would delete.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     (Path(folder) / "submitted" / "jan" / "mkba").mkdir(parents=True)
    ...     [p.relative_to(folder).as_posix() for p in plan(Path(folder), "mkba").paths]
    ['submitted/jan/mkba']
    """
    root = Path(root)
    learners = list(learners or [])
    result = Plan(root, assignment, learners)
    paths: list[Path] = []
    for name in ("submitted", "autograded", "feedback"):
        for learner_dir in _children(root / name):
            if name == "feedback" and learner_dir.name.endswith(RETURN_SUFFIX) and learner_dir.is_dir():
                continue  # the zips to hand back (below), not a learner's folder
            if learners and learner_dir.name not in learners:
                continue
            if learner_dir.is_symlink():
                if assignment is None:
                    paths.append(learner_dir)  # the link itself; never what it points to
                continue
            if not learner_dir.is_dir():
                continue
            if assignment is None:
                paths.append(learner_dir)
            elif (learner_dir / assignment).exists() or (learner_dir / assignment).is_symlink():
                paths.append(learner_dir / assignment)
    # The feedback zips to hand back: feedback/<assignment>-terug/<learner>-<assignment>-feedback.zip.
    for folder in _children(root / "feedback"):
        if folder.is_symlink() or not folder.is_dir() or not folder.name.endswith(RETURN_SUFFIX):
            continue
        of = folder.name[: -len(RETURN_SUFFIX)]
        if assignment is not None and of != assignment:
            continue
        if not learners:
            paths.append(folder)
            continue
        paths += [zipped for learner in learners
                  if (zipped := folder / f"{learner}-{of}-feedback.zip").is_file() or zipped.is_symlink()]
    # Summary files: the intake and import reports in feedback/, everything in reports/.
    summaries = [p for p in _children(root / "feedback") if p.is_file() or p.is_symlink()]
    summaries += _children(root / "reports")
    for path in summaries:
        if assignment is not None and not _of_assignment(path.name, assignment):
            continue
        if learners and not any(_mentions(f, learners) for f in _files_under(path)):
            continue
        paths.append(path)
    # The mapping of who is who.
    for folder in _children(root / "imports"):
        if assignment is not None and folder.name != assignment:
            continue
        if not learners:
            paths.append(folder)
            continue
        mapping = folder / "deelnemers.csv"
        if mapping.is_file() and not mapping.is_symlink():
            with mapping.open(encoding="utf-8", newline="") as handle:
                ids = [row.get("cursist", "") for row in csv.DictReader(handle)]
            gone = [learner for learner in learners if learner in ids]
            if gone:
                result.mapping_rows[mapping] = gone
    if (root / LOG).is_file() or (root / LOG).is_symlink():
        paths.append(root / LOG)
    result.paths = paths
    result.students, result.submissions = _gradebook_plan(root, assignment, learners)
    return result


def _inside(root: Path, path: Path) -> None:
    """Refuse anything outside the learner data (a guard against a mistake in :func:`plan`)."""
    relative = path.relative_to(root)
    if path == root / LOG:
        return
    if not relative.parts or relative.parts[0] not in LEARNER_DATA or relative.parts[0] in COURSE:
        raise ValueError(f"{relative} is geen cursistgegeven; niet verwijderd")
    # Every folder on the way must be a real folder, not a link to somewhere else.
    current = root
    for part in relative.parts[:-1]:
        current = current / part
        if current.is_symlink():
            raise ValueError(f"{current.relative_to(root)} is een symbolische koppeling; niet verwijderd")


def _delete(root: Path, path: Path) -> None:
    _inside(root, path)
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _drop_rows(mapping: Path, learners: list[str]) -> None:
    with mapping.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        rows = [row for row in reader if row.get("cursist") not in learners]
    if not rows:
        mapping.unlink()
        return
    temporary = mapping.with_name(f".{mapping.name}.vergeten")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(temporary, mapping)


def _clean_gradebook(root: Path, students: list[str], submissions: list[tuple[str, str]]) -> None:
    from nbgrader.api import Gradebook

    db = root / GRADEBOOK
    with Gradebook(f"sqlite:///{db}") as gradebook:
        for assignment, student in submissions:
            gradebook.remove_submission(assignment, student)
        for student in students:
            gradebook.remove_student(student)
    # Deleted rows stay in the file's free pages until it is rewritten.
    connection = sqlite3.connect(db)
    try:
        connection.execute("VACUUM")
    finally:
        connection.close()


def _remove_empty_learner_dirs(root: Path) -> None:
    for name in ("submitted", "autograded", "feedback"):
        for folder in _children(root / name):
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                folder.rmdir()


def describe(what: Plan) -> list[str]:
    """One Dutch line per thing in a plan, as the trainer reads it.

    Parameters
    ----------
    what : Plan
        What :func:`plan` found.

    Returns
    -------
    list of str
        Lines such as ``"submitted/jan/mkba/ (2 bestanden)"``.

    Examples
    --------
    >>> describe(Plan(Path("cursus"), "mkba", [], students=["jan"]))
    ['gradebook.db: cursist jan, met inzendingen, cijfers en commentaar']
    """
    lines = []
    for path in what.paths:
        relative = path.relative_to(what.root).as_posix()
        if path.is_symlink():
            lines.append(f"{relative} (symbolische koppeling; alleen de koppeling)")
        elif path.is_dir():
            count = len(_files_under(path))
            lines.append(f"{relative}/ ({count} {'bestand' if count == 1 else 'bestanden'})")
        elif path.name == LOG:
            lines.append(f"{relative} (het logboek van nbgrader; het noemt cursisten)")
        else:
            lines.append(relative)
    for mapping, learners in what.mapping_rows.items():
        lines.append(f"{mapping.relative_to(what.root).as_posix()}: de regel(s) van {', '.join(learners)}")
    for assignment, student in what.submissions:
        lines.append(f"{GRADEBOOK}: inzending '{assignment}' van {student}, met cijfers en commentaar")
    for student in what.students:
        lines.append(f"{GRADEBOOK}: cursist {student}, met inzendingen, cijfers en commentaar")
    return lines


def carry_out(what: Plan) -> list[str]:
    """Delete everything in a plan; return what was deleted, in Dutch.

    Parameters
    ----------
    what : Plan
        What :func:`plan` found (made just before: nothing is searched again).

    Returns
    -------
    list of str
        The lines of :func:`describe` for what was deleted, plus any problem.

    Examples
    --------
    >>> carry_out(Plan(Path("cursus"), None, []))
    []
    """
    done = describe(what)
    problems = []
    for path in what.paths:
        try:
            _delete(what.root, path)
        except (ValueError, OSError) as error:
            problems.append(f"NIET verwijderd: {path.relative_to(what.root).as_posix()}: {error}")
    for mapping, learners in what.mapping_rows.items():
        _drop_rows(mapping, learners)
    if what.students or what.submissions:
        _clean_gradebook(what.root, what.students, what.submissions)
    _remove_empty_learner_dirs(what.root)
    return done + problems


def main(argv: list[str] | None = None) -> int:
    """``python -m grading.forget [ASSIGNMENT] [--cursist ID ...] [--course DIR] [--ja]``."""
    parser = argparse.ArgumentParser(
        prog="python -m grading.forget",
        description="Verwijder de cursistgegevens van een groep: inzendingen, cijfers, feedback, importen en "
                    "rapporten. Zonder --ja wordt alleen getoond wat er weg zou gaan.")
    parser.add_argument("assignment", nargs="?", default=None, help="alleen deze opdracht (standaard: alle)")
    parser.add_argument("--cursist", action="append", default=[], help="alleen deze cursist (mag vaker)")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="de cursusmap (standaard: deze map)")
    parser.add_argument("--ja", action="store_true", help="echt verwijderen")
    args = parser.parse_args(argv)
    root = args.course.resolve()
    what = plan(root, args.assignment, args.cursist)
    scope = (f"opdracht '{args.assignment}'" if args.assignment else "alle opdrachten") + ", " + (
        ("cursist " if len(args.cursist) == 1 else "cursisten ") + ", ".join(args.cursist) if args.cursist else "alle cursisten")
    if what.empty:
        print(f"Geen cursistgegevens gevonden ({scope}) in {root}. Er is niets verwijderd.")
        return 0
    if not args.ja:
        print(f"Dit wordt verwijderd ({scope}):")
        print("\n".join(f"  {line}" for line in describe(what)))
        learners = " ".join(args.cursist)
        command = ("make forget-cohort" + (f" MODULE={args.assignment}" if args.assignment else "")
                   + (f' CURSIST="{learners}"' if " " in learners else f" CURSIST={learners}" if learners else "")
                   + " CONFIRM=ja")
        print(f"\nEr is nog niets verwijderd. Verwijder het met: {command}")
        print("Nooit aangeraakt: solutions/, source/, exercises/, release/ en de opdrachten in gradebook.db.")
        return 0
    lines = carry_out(what)
    print(f"Verwijderd ({scope}):")
    print("\n".join(f"  {line}" for line in lines))
    if what.students or what.submissions:
        print(f"  {GRADEBOOK} is daarna herschreven (VACUUM): verwijderde rijen staan er niet meer in.")
    print("Niet aangeraakt: solutions/, source/, exercises/, release/ en de opdrachten in gradebook.db. "
          "Verwijder ook kopieën buiten deze map (de download van het platform, back-ups).")
    return 1 if any(line.startswith("NIET verwijderd") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
