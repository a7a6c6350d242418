"""Check every learner's submission before grading, so one broken submission harms no one else.

``python -m grading.intake <assignment>`` (``make grade`` runs it after
``generate_assignment`` and before ``autograde``) looks at every learner folder in
``submitted/`` and prints a Dutch report per learner, also written to
``feedback/<assignment>-inname.txt`` (``feedback/`` is learner data, ignored by git). It
never deletes a learner's file; what nbgrader must not see is moved into
``submitted/<learner>/<assignment>/.niet-nagekeken/`` (nbgrader only grades the notebooks
directly in the assignment folder). The cases, each with what the trainer should do:

=========================  ==============================================================
``in orde``                the expected notebook is there and belongs to this assignment
``hernoemd``               the only notebook has another name (``mkba-opdracht (1).ipynb``):
                           copied to the expected name, the original kept
``meerdere notebooks``     several different notebooks: nothing is guessed or copied; the
                           trainer keeps one
``kan niet worden gelezen``  empty, not JSON or not a notebook: moved aside; the learner
                           hands in again
``andere opdracht``        a notebook without this assignment's grade ids (another
                           assignment's): moved aside; the learner hands in again
``verkeerde plek``         this assignment's notebook elsewhere in the learner's folder:
                           reported with where it should go, not moved
``ongeldige naam``         a folder name nbgrader mishandles (spaces, ``*``, a leading dot)
``dubbel``                 two folders differing only in case (``Jan`` and ``jan``)
``geen inzending``         no notebook for this assignment at all
``ontbrekende cellen``     (with ``in orde`` or ``hernoemd``) the learner deleted locked,
                           test or answer cells: put back where they were, as released
                           (an answer cell as the empty stub), the original kept as
                           ``.niet-nagekeken/<notebook>.origineel.ipynb``
``aangepaste cellen``      (with ``in orde`` or ``hernoemd``) the learner changed a locked
                           or test cell: nothing to do, nbgrader grades with the original
``nieuwe inzending``       (with ``in orde`` or ``hernoemd``, once) the notebook differs from
                           the version the intake saw before: it is graded again and counts,
                           the older one is kept in ``.niet-nagekeken/inzendingen/``; the
                           trainer re-checks the written answers in the formgrader
``al nagekeken``           (once) graded before the intake kept records, without a
                           ``timestamp.txt``: if the notebook is newer, the trainer forces a
                           regrade with the command given
``niet bewaard``           the version could not be archived or recorded (a disk problem)
=========================  ==============================================================

Every version of a notebook in order is kept in ``.niet-nagekeken/inzendingen/`` and
recorded, and ``timestamp.txt`` is set so that ``nbgrader autograde`` grades a newer
version again instead of skipping it (:mod:`grading.resubmit`, with what nbgrader does on
its own and which time is written).

The grade ids a notebook must share with the assignment are read from its source notebook
in ``solutions/<assignment>/`` (the course's ``source_directory``) or ``source/<assignment>/``;
the cells it must have, from the released notebook in ``exercises/<assignment>/`` (the
course's ``release_directory``, written by ``generate_assignment`` just before) or
``release/<assignment>/``. Why cells are put back and not left to nbgrader, see
:mod:`grading.locked_cells`. Running the intake again changes nothing and reports the same,
but for a new submission, which is reported once.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import glob
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading import locked_cells, resubmit
from grading.wording import counted

__all__ = [
    "ASIDE",
    "Finding",
    "LearnerReport",
    "assignment_grade_ids",
    "expected_notebooks",
    "format_report",
    "intake",
    "notebook_grade_ids",
    "release_notebook",
    "report_path",
    "valid_student_id",
]

#: Folder (inside the learner's assignment folder) for files nbgrader must not grade.
ASIDE = ".niet-nagekeken"
#: Folders that hold an assignment's source notebooks, in the order they are searched.
SOURCE_DIRS = ("solutions", "source")
#: Folders that hold an assignment's released notebooks, in the order they are searched.
RELEASE_DIRS = ("exercises", "release")
#: Added to a notebook's stem for the learner's original, kept before cells are put back.
ORIGINAL = ".origineel"
_STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
_SKIPPED = {".ipynb_checkpoints", "__pycache__"}

OK = "in orde"
RENAMED = "hernoemd"
SEVERAL = "meerdere notebooks"
UNREADABLE = "kan niet worden gelezen"
OTHER = "andere opdracht"
MISPLACED = "verkeerde plek"
INVALID_NAME = "ongeldige naam"
DUPLICATE = "dubbel"
NOTHING = "geen inzending"
RESTORED = "ontbrekende cellen"
CHANGED = "aangepaste cellen"
RESUBMITTED = "nieuwe inzending"
GRADED_UNKNOWN = "al nagekeken"
NOT_KEPT = "niet bewaard"


@dataclass
class Finding:
    """One thing found in a learner's folder: what it is, and what the trainer should do.

    Parameters
    ----------
    status : str
        Short Dutch label, such as ``"in orde"`` or ``"kan niet worden gelezen"``.
    message : str
        What was found and what the intake did, in Dutch.
    action : str
        What the trainer should do, in Dutch (empty: nothing).

    Examples
    --------
    >>> Finding("in orde", "mkba-opdracht.ipynb wordt nagekeken.").action
    ''
    """

    status: str
    message: str
    action: str = ""


@dataclass
class LearnerReport:
    """Everything the intake found for one learner folder.

    Parameters
    ----------
    learner : str
        The learner's folder name in ``submitted/``.
    findings : list of Finding
        What was found, in the order it was found.

    Examples
    --------
    >>> LearnerReport("jan", [Finding("in orde", "x")]).ok
    True
    """

    learner: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether everything is in order (nothing for the trainer to do)."""
        return all(f.status == OK for f in self.findings)

    @property
    def statuses(self) -> list[str]:
        """The status labels of the findings, in order."""
        return [f.status for f in self.findings]


def valid_student_id(name: str) -> bool:
    """Whether nbgrader handles ``name`` as a student id without surprises.

    Letters, digits, ``.``, ``_``, ``-`` and ``@``, starting with a letter or digit: no
    spaces (nbgrader strips them), no glob characters and no leading dot (nbgrader's glob
    skips such folders silently).

    Parameters
    ----------
    name : str
        A folder name in ``submitted/``.

    Returns
    -------
    bool
        True if the name is safe as a student id.

    Examples
    --------
    >>> valid_student_id("jan.jansen"), valid_student_id("Jan Jansen"), valid_student_id(".jan")
    (True, False, False)
    """
    return bool(_STUDENT_ID.match(name))


def report_path(root: Path, assignment: str) -> Path:
    """Where the intake writes its report: ``feedback/<assignment>-inname.txt``.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : str
        The assignment id.

    Returns
    -------
    Path
        The report file.

    Examples
    --------
    >>> report_path(Path("cursus"), "mkba").as_posix()
    'cursus/feedback/mkba-inname.txt'
    """
    return Path(root) / "feedback" / f"{assignment}-inname.txt"


def notebook_grade_ids(path: Path) -> set[str] | None:
    """The nbgrader grade ids in a notebook, or None if nbformat cannot read it.

    Parameters
    ----------
    path : Path
        A ``.ipynb`` file.

    Returns
    -------
    set of str or None
        The grade ids (empty for a notebook without nbgrader cells); None for an empty
        file, invalid JSON or JSON that is not a valid notebook.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     empty = Path(folder) / "leeg.ipynb"
    ...     _ = empty.write_text("")
    ...     print(notebook_grade_ids(empty))
    None
    """
    try:
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)
    except Exception:  # empty, not JSON, not a notebook, unreadable bytes: all the same here
        return None
    ids = set()
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if isinstance(grade_id, str):
            ids.add(grade_id)
    return ids


def _source_dir(root: Path, assignment: str) -> Path | None:
    for name in SOURCE_DIRS:
        folder = Path(root) / name / assignment
        if folder.is_dir():
            return folder
    return None


def expected_notebooks(root: Path, assignment: str) -> list[str]:
    """File names of the assignment's notebooks, from its source folder.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : str
        The assignment id.

    Returns
    -------
    list of str
        Sorted file names such as ``["mkba-opdracht.ipynb"]``; empty if the assignment has
        no source folder.

    Examples
    --------
    >>> expected_notebooks(Path("bestaat-niet"), "mkba")
    []
    """
    folder = _source_dir(root, assignment)
    if folder is None:
        return []
    return sorted(p.name for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def release_notebook(root: Path, assignment: str, name: str) -> Path | None:
    """The released version of one of the assignment's notebooks, if it has been released.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : str
        The assignment id.
    name : str
        The notebook's file name, such as ``"mkba-opdracht.ipynb"``.

    Returns
    -------
    Path or None
        ``exercises/<assignment>/<name>`` (or ``release/...``); None if neither exists.

    Examples
    --------
    >>> print(release_notebook(Path("bestaat-niet"), "mkba", "mkba-opdracht.ipynb"))
    None
    """
    for folder in RELEASE_DIRS:
        path = Path(root) / folder / assignment / name
        if path.is_file():
            return path
    return None


def assignment_grade_ids(root: Path, assignment: str) -> set[str]:
    """Every grade id in the assignment's source notebooks.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : str
        The assignment id.

    Returns
    -------
    set of str
        The grade ids (empty if the assignment has no source folder).

    Examples
    --------
    >>> assignment_grade_ids(Path("bestaat-niet"), "mkba")
    set()
    """
    folder = _source_dir(root, assignment)
    ids: set[str] = set()
    for name in expected_notebooks(root, assignment):
        ids |= notebook_grade_ids(folder / name) or set()
    return ids


def _assignments(root: Path) -> list[str]:
    names = set()
    for name in SOURCE_DIRS:
        folder = Path(root) / name
        if folder.is_dir():
            names |= {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    return sorted(names)


def _is_notebook(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and path.suffix.lower() == ".ipynb" \
        and not path.name.startswith(".")


def _free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, or with `` (2)``, `` (3)``... added: a name not yet taken."""
    target = folder / f"{stem}{suffix}"
    number = 2
    while target.exists():
        target = folder / f"{stem} ({number}){suffix}"
        number += 1
    return target


def _move_aside(path: Path) -> Path:
    """Move ``path`` into ``ASIDE`` next to it, never overwriting anything there."""
    aside = path.parent / ASIDE
    aside.mkdir(exist_ok=True)
    target = _free_path(aside, path.stem, path.suffix)
    shutil.move(str(path), str(target))
    return target


def _kept_originals(path: Path) -> list[Path]:
    """The originals of ``path`` kept before cells were put back, oldest name first."""
    pattern = glob.escape(f"{path.stem}{ORIGINAL}") + "*" + glob.escape(path.suffix)
    return sorted((path.parent / ASIDE).glob(pattern))


def _write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    # Through a hidden temporary file: an interrupted intake leaves the old notebook whole,
    # and nbgrader never sees a half-written one.
    temporary = path.with_name(f".{path.name}.inname")
    nbformat.write(nb, str(temporary))
    os.replace(temporary, path)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _restored_finding(root: Path, folder: Path, release: nbformat.NotebookNode, restored: dict[str, str],
                      kept_out: dict[str, list[str]]) -> Finding:
    sentences = []
    action = ""
    if restored:
        answer_ids = {locked_cells.grade_id(c) for c in release.cells if locked_cells.is_answer(c)}
        answers = [gid for gid in restored if gid in answer_ids]
        kind = "" if answers else "vergrendelde "
        verb = "ontbrak en is" if len(restored) == 1 else "ontbraken en zijn"
        # An answer cell comes back as the released stub: say so, the learner's answer is not in it.
        labels = ", ".join(locked_cells.cell_label(release, gid, "leeg" if gid in answers else "")
                           for gid in restored)
        where = " en ".join(sorted({_rel(folder / original, root) for original in restored.values()}))
        text = f"{_count(len(restored), kind + 'cel', kind + 'cellen')} {verb} teruggezet: {labels}"
        if answers:
            action = ("Kijk in het origineel of de cursist het antwoord ergens anders schreef; geef dan in "
                      "de formgrader zelf de punten.")
        sentences.append(f"{text}; het origineel staat in {where}.")
    for gid, names in kept_out.items():
        sentences.append(
            f"{locked_cells.cell_label(release, gid)} ontbrak en is niet teruggezet: de cursist schreef "
            f"{', '.join(names)} in een eigen cel, en die telt.")
    text = " ".join(sentences)
    return Finding(RESTORED, text[:1].upper() + text[1:], action)


def _check_cells(root: Path, path: Path, release_path: Path) -> list[Finding]:
    """Put back the cells the learner deleted from ``path``; name the locked ones changed."""
    try:
        learner = nbformat.read(str(path), as_version=4)
        release = nbformat.read(str(release_path), as_version=4)
        original = _free_path(path.parent / ASIDE, f"{path.stem}{ORIGINAL}", path.suffix)
        restored, kept_out = locked_cells.restore_missing(learner, release, original.relative_to(path.parent).as_posix())
        changed = locked_cells.changed_cells(learner, release)
        foreign = locked_cells.foreign_cells(learner, {locked_cells.grade_id(c) for c in release.cells})
        if restored:
            nbformat.validate(learner)
            original.parent.mkdir(exist_ok=True)
            shutil.copy2(path, original)
            _write_notebook(learner, path)
    except Exception as error:  # one odd notebook must not stop the intake for everyone
        return [Finding(
            RESTORED,
            f"de cellen van '{path.name}' konden niet met de vrijgegeven versie worden vergeleken "
            f"({type(error).__name__}); het notebook is niet veranderd.",
            "Open het notebook en kijk of er vergrendelde of testcellen ontbreken.",
        )]
    findings = []
    # What an earlier intake put back is reported again, so a second run reports the same.
    every_restored = locked_cells.restored_cells(learner)
    if every_restored or kept_out:
        findings.append(_restored_finding(root, path.parent, release, every_restored, kept_out))
    if changed:
        labels = ", ".join(locked_cells.cell_label(release, gid) for gid in changed)
        text = (f"cel {labels} was aangepast" if len(changed) == 1
                else f"{len(changed)} cellen waren aangepast: {labels}")
        answer_ids = {locked_cells.grade_id(c) for c in release.cells if locked_cells.is_answer(c)}
        # A changed answer cell keeps the learner's answer; only its grading settings go back.
        aside = (" (van een antwoordcel alleen de nakijkinstellingen, het antwoord telt)"
                 if answer_ids & set(changed) else "")
        findings.append(Finding(CHANGED, f"{text}; bij het nakijken telt de originele versie{aside}."))
    if foreign:
        numbers = ", ".join(str(index + 1) for index in foreign)
        text = (f"cel {numbers} is door de cursist als nakijkcel gemarkeerd, maar hoort niet bij de "
                "opdracht; bij het nakijken telt die als gewone code van de cursist." if len(foreign) == 1 else
                f"cellen {numbers} zijn door de cursist als nakijkcel gemarkeerd, maar horen niet bij de "
                "opdracht; bij het nakijken tellen ze als gewone code van de cursist.")
        findings.append(Finding(CHANGED, text))
    return findings


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _which_assignment(ids: set[str], all_ids: dict[str, set[str]]) -> str | None:
    best = max(all_ids, key=lambda a: len(ids & all_ids[a]), default=None)
    return best if best is not None and ids & all_ids[best] else None


def _misplaced(learner_dir: Path, assignment_dir: Path, expected: list[str], own_ids: set[str]) -> list[Path]:
    """This assignment's notebooks anywhere in the learner's folder but where nbgrader looks."""
    found = []
    for path in sorted(learner_dir.rglob("*")):
        relative = path.relative_to(learner_dir).parts
        if any(part.startswith(".") or part in _SKIPPED for part in relative[:-1]):
            continue
        if not _is_notebook(path) or path.parent == assignment_dir:
            continue
        ids = notebook_grade_ids(path)
        if path.name in expected or (ids and ids & own_ids):
            found.append(path)
    return found


def _inspect_folder(root: Path, assignment_dir: Path, expected: list[str], own_ids: set[str],
                    all_ids: dict[str, set[str]], assignment: str) -> list[Finding]:
    findings: list[Finding] = []
    candidates: list[Path] = []
    for path in sorted(p for p in assignment_dir.iterdir() if _is_notebook(p)):
        ids = notebook_grade_ids(path)
        if ids is None:
            moved = _move_aside(path)
            findings.append(Finding(
                UNREADABLE,
                f"'{path.name}' kan niet worden gelezen (leeg, of geen geldig notebook); "
                f"verplaatst naar {_rel(moved, root)}.",
                "Vraag de cursist het notebook opnieuw in te leveren (in Jupyter: File > Save, "
                "dan het .ipynb-bestand zelf).",
            ))
        elif not ids & own_ids:
            other = _which_assignment(ids, {a: v for a, v in all_ids.items() if a != assignment})
            which = f"het notebook van opdracht '{other}'" if other else "geen notebook van deze opdracht"
            moved = _move_aside(path)
            findings.append(Finding(
                OTHER,
                f"'{path.name}' is {which} (geen van de nakijkcellen hoort bij '{assignment}'); "
                f"verplaatst naar {_rel(moved, root)}.",
                f"Vraag de cursist het notebook van '{assignment}' in te leveren"
                + (f"; zet dit notebook in submitted/<cursist>/{other}/." if other else "."),
            ))
        else:
            candidates.append(path)

    present = [p for p in candidates if p.name in expected]
    # A copy identical to a notebook with the expected name, or to the original kept
    # before cells were put back into it, is no second candidate (the intake's own copy
    # when it runs again).
    kept = [q for p in present for q in _kept_originals(p)]
    extras = [p for p in candidates if p.name not in expected
              and not any(filecmp.cmp(p, q, shallow=False) for q in [*present, *kept])]
    missing = [name for name in expected if not (assignment_dir / name).exists()]
    to_check: list[Path] = []
    if len(extras) == 1 and len(missing) == 1 and not present:
        target = assignment_dir / missing[0]
        shutil.copy2(extras[0], target)
        findings.append(Finding(
            RENAMED,
            f"het notebook heette '{extras[0].name}'; gekopieerd naar '{missing[0]}' "
            "(het origineel is bewaard) en wordt nagekeken.",
            "",
        ))
        to_check = [target]
    elif extras:
        names = ", ".join(f"'{p.name}'" for p in [*present, *extras])
        graded = (f"nbgrader kijkt nu alleen '{present[0].name}' na" if present
                  else "er wordt niets nagekeken")
        findings.append(Finding(
            SEVERAL,
            f"meerdere notebooks: {names}; niet gegokt welke telt, {graded}.",
            f"Houd er één over met de naam '{expected[0]}' (zet de andere in {ASIDE}/) "
            "en draai 'make grade' opnieuw.",
        ))
    elif present and not missing:
        findings.append(Finding(OK, ", ".join(f"'{p.name}'" for p in present) + " wordt nagekeken."))
        to_check = present
    elif present or not findings:
        findings.append(Finding(
            NOTHING,
            f"geen notebook '{', '.join(missing)}' in {_rel(assignment_dir, root)}/.",
            "Vraag de cursist het notebook in te leveren.",
        ))
    # As handed in, before cells are put back: the time a missing timestamp.txt gets.
    handed_in = max((dt.datetime.fromtimestamp(p.stat().st_mtime, dt.timezone.utc) for p in to_check),
                    default=None)
    for path in to_check:
        release_path = release_notebook(root, assignment, path.name)
        if release_path is not None:
            findings.extend(_check_cells(root, path, release_path))
    if to_check:
        findings.extend(_track(root, assignment_dir, to_check, handed_in))
    return findings


def _track(root: Path, assignment_dir: Path, notebooks: list[Path], handed_in: dt.datetime) -> list[Finding]:
    """Keep this version and make sure nbgrader grades the newest one (:mod:`grading.resubmit`)."""
    learner = assignment_dir.parent.name
    graded = root / "autograded" / learner / assignment_dir.name
    try:
        outcome = resubmit.track(assignment_dir, notebooks, graded, handed_in, aside=ASIDE)
    except OSError as error:  # a disk problem for one learner must not stop the intake for everyone
        return [Finding(
            NOT_KEPT,
            f"de inzending kon niet worden bewaard of geregistreerd ({type(error).__name__}).",
            "Kijk of de map beschrijfbaar is en draai 'make grade' opnieuw.",
        )]
    force = (f"Is dit notebook nieuwer dan het nagekeken notebook, draai dan 'nbgrader autograde "
             f"{assignment_dir.name} --student {learner} --force'.")
    if outcome.resubmitted:
        previous = " en ".join(_rel(p, root) for p in outcome.previous) or f"{ASIDE}/{resubmit.ARCHIVE}/"
        if not outcome.graded_before:
            return [Finding(RESUBMITTED, f"een nieuwere versie; die wordt nagekeken, de vorige staat in {previous}.")]
        if outcome.needs_force:
            return [Finding(
                RESUBMITTED,
                f"een nieuwere versie, maar nbgrader ziet niet dat die nieuwer is dan de nagekeken versie "
                f"(geen {resubmit.TIMESTAMP} in {_rel(graded, root)}/); de vorige staat in {previous}.",
                force,
            )]
        return [Finding(
            RESUBMITTED,
            f"een nieuwere versie dan de nagekeken versie; die wordt opnieuw nagekeken en telt, de vorige "
            f"staat in {previous}.",
            "Kijk de open antwoorden opnieuw na in de formgrader: nbgrader zet ze weer op 'nog nakijken'.",
        )]
    if outcome.needs_force:
        return [Finding(
            GRADED_UNKNOWN,
            f"al eerder nagekeken, maar zonder {resubmit.TIMESTAMP}: de inname kan niet zien of dit "
            "notebook nieuwer is dan het nagekeken notebook.",
            force,
        )]
    return []


def _inspect_learner(root: Path, learner_dir: Path, assignment: str, expected: list[str],
                     own_ids: set[str], all_ids: dict[str, set[str]]) -> LearnerReport:
    report = LearnerReport(learner_dir.name)
    if not valid_student_id(learner_dir.name):
        report.findings.append(Finding(
            INVALID_NAME,
            f"de mapnaam '{learner_dir.name}' is geen geldige cursistnaam voor nbgrader "
            "(spaties, tekens als * ? [ ] of een punt vooraan).",
            "Hernoem de map naar letters, cijfers, '.', '_', '-' of '@' (bijvoorbeeld "
            "'jan.jansen') en draai 'make grade' opnieuw.",
        ))
    assignment_dir = learner_dir / assignment
    if assignment_dir.is_dir():
        report.findings.extend(_inspect_folder(root, assignment_dir, expected, own_ids, all_ids, assignment))
    for path in _misplaced(learner_dir, assignment_dir, expected, own_ids):
        report.findings.append(Finding(
            MISPLACED,
            f"notebook gevonden op de verkeerde plek: {_rel(path, root)} (niet verplaatst).",
            f"Zet het in {_rel(assignment_dir, root)}/ met de naam '{expected[0]}' "
            "en draai 'make grade' opnieuw.",
        ))
    if not assignment_dir.is_dir() and not any(f.status == MISPLACED for f in report.findings):
        report.findings.append(Finding(
            NOTHING,
            f"geen map {_rel(assignment_dir, root)}/: niets ingeleverd voor '{assignment}'.",
            "",
        ))
    return report


def intake(root: Path, assignment: str) -> list[LearnerReport]:
    """Inspect every learner folder in ``submitted/`` for ``assignment``, fixing what is safe.

    Copies a lone renamed notebook to the expected name, moves unreadable notebooks and
    other assignments' notebooks into ``.niet-nagekeken/``, and puts cells the learner
    deleted back into a notebook that will be graded (its original kept in
    ``.niet-nagekeken/``); deletes nothing.

    Parameters
    ----------
    root : Path
        The course folder (with ``submitted/`` and ``solutions/<assignment>/``).
    assignment : str
        The assignment id, such as ``"mkba"``.

    Returns
    -------
    list of LearnerReport
        One report per learner folder, sorted by folder name.

    Raises
    ------
    ValueError
        If the assignment has no source notebook.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     intake(Path(folder), "mkba")
    Traceback (most recent call last):
    ...
    ValueError: Opdracht 'mkba' bestaat niet: geen notebook in solutions/mkba/ of source/mkba/.
    """
    root = Path(root)
    expected = expected_notebooks(root, assignment)
    if not expected:
        raise ValueError(f"Opdracht '{assignment}' bestaat niet: geen notebook in "
                         + " of ".join(f"{d}/{assignment}/" for d in SOURCE_DIRS) + ".")
    all_ids = {name: assignment_grade_ids(root, name) for name in _assignments(root)}
    own_ids = all_ids.get(assignment) or assignment_grade_ids(root, assignment)
    submitted = root / "submitted"
    folders = sorted((p for p in submitted.iterdir() if p.is_dir() and p.name not in _SKIPPED),
                     key=lambda p: p.name) if submitted.is_dir() else []
    reports = [_inspect_learner(root, folder, assignment, expected, own_ids, all_ids) for folder in folders]
    by_case: dict[str, list[str]] = {}
    for folder in folders:
        by_case.setdefault(folder.name.casefold(), []).append(folder.name)
    for report in reports:
        twins = [name for name in by_case[report.learner.casefold()] if name != report.learner]
        if twins:
            report.findings.insert(0, Finding(
                DUPLICATE,
                f"dubbel: de map '{report.learner}' bestaat ook als "
                + ", ".join(f"'{t}'" for t in twins) + " (alleen hoofdletters verschillen).",
                "Voeg de mappen samen onder één naam (bewaar het juiste notebook) en draai "
                "'make grade' opnieuw.",
            ))
    return reports


def format_report(reports: list[LearnerReport], assignment: str) -> str:
    """The Dutch report for the trainer: one block per learner, problems first.

    Parameters
    ----------
    reports : list of LearnerReport
        What :func:`intake` returned.
    assignment : str
        The assignment id.

    Returns
    -------
    str
        The report text.

    Examples
    --------
    >>> print(format_report([LearnerReport("jan", [Finding("in orde", "'a.ipynb' wordt nagekeken.")])], "mkba"))
    Inname van 'mkba': 1 cursist, 1 in orde, 0 met iets te doen.
    <BLANKLINE>
    jan: in orde: 'a.ipynb' wordt nagekeken.
    <BLANKLINE>
    """
    ok = sum(r.ok for r in reports)
    lines = [f"Inname van '{assignment}': {counted(len(reports), 'cursist')}, {ok} in orde, "
             f"{len(reports) - ok} met iets te doen.", ""]
    if not reports:
        lines += ["Geen cursisten gevonden in submitted/ (zet elk notebook in "
                  f"submitted/<cursist>/{assignment}/).", ""]
    for report in sorted(reports, key=lambda r: (r.ok, r.learner)):
        for finding in report.findings:
            lines.append(f"{report.learner}: {finding.status}: {finding.message}")
            if finding.action:
                lines.append(f"    Wat te doen: {finding.action}")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m grading.intake <assignment>``: inspect ``submitted/`` and write the report."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("Gebruik: python -m grading.intake <opdracht>   (bijvoorbeeld: mkba)", file=sys.stderr)
        return 2
    assignment = args[0]
    root = Path.cwd()
    try:
        reports = intake(root, assignment)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    text = format_report(reports, assignment)
    unreleased = [name for name in expected_notebooks(root, assignment)
                  if release_notebook(root, assignment, name) is None]
    if unreleased:
        text += (f"\nLet op: geen vrijgegeven versie van {', '.join(unreleased)} in "
                 + " of ".join(f"{d}/{assignment}/" for d in RELEASE_DIRS)
                 + ": ontbrekende en aangepaste cellen zijn niet gecontroleerd (draai eerst "
                 f"'nbgrader generate_assignment {assignment}').\n")
    path = report_path(root, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(text)
    print(f"Dit overzicht staat ook in {_rel(path, root)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
