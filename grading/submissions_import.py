"""Import a learning platform's download of submissions into nbgrader's ``submitted/`` folder.

``python -m grading.submissions_import <assignment> <folder-or-zip> [--course DIR]``
(``make import MODULE=mkba FROM=download.zip``) reads a folder or a zip file (zips and
folders inside it too, as platforms and learners nest them), recognises for every file
which learner handed it in, and places each learner's notebook as
``submitted/<learner id>/<assignment>/<notebook>`` under the name the release uses (from
``solutions/<assignment>/``, the course's ``source_directory``, or ``source/<assignment>/``).
It prints a Dutch report, also written to ``feedback/<assignment>-import.txt``: every
learner placed, and every file it could not place with the reason. Then ``make grade``
takes over (the intake, :mod:`grading.intake`, checks every folder before autograding).

Learner data. ``imports/<assignment>/deelnemers.csv`` maps each learner id to the name and
number the platform uses, so the trainer can tell who is who. That file, the report and
``submitted/`` are personal data under the AVG: outside git (``.gitignore``), kept no longer
than the README says, deleted with ``make forget-cohort`` (:mod:`grading.forget`).

Recognised downloads
--------------------
Each file's path is matched from the outermost part inwards: the platform names the outer
level (a file, or a folder per submission), and what a learner uploaded, such as their own
zip or folder, is inside it and belongs to that learner whatever its own names look like.
The patterns, with what they are based on; anything marked *inferred* is not documented by
the platform itself.

**Brightspace (D2L)**, "Download" of an assignment's submissions: a zip holding an
``index.html`` (ignored) and either files or, in newer versions, one folder per
submission::

    <n1>-<n2> - <name> - <Mon d, yyyy hmm AM>-<original file name>     (also " - " before it)
    <n1>-<n2> - <name> - <Mon d, yyyy hmm AM>/<original file name>

D2L publishes no specification of these names. The pattern follows the course's issue
("<submission id>-<user id> - <Last First> - <date>-<file>"), the folder parser of the
d2lmf tool (github.com/cgmb/d2lmf, ``parse_submission_dirname``: "<id> - <name> -
<timestamp>", timestamps such as "Sep 29, 2015 4:17 PM") and a published test fixture of
a Brightspace download ("39786-640693 - Aiden Rodriguez - Oct 10, 2025 1022 AM/Main.java"
next to ``index.html``). *Inferred*: that ``<n2>`` is the user id (the learner id is
``brightspace-<n2>``); that the time has no colon when it is part of a file name; that the
time is in the trainer's Brightspace time zone, read as Europe/Amsterdam; Dutch month
abbreviations (``mrt``, ``mei``, ``okt``) besides English ones. Several submissions of one
learner carry their dates: the newest is placed, the others are reported. Its time becomes
the submission time nbgrader records (``timestamp.txt``).

**Canvas**, "Download Submissions": a zip of files named, by Canvas's own code
(canvas-lms ``lib/content_zipper.rb``, ``get_filename`` and ``add_upload_submission``)::

    <sortable name>_<user id>_<attachment id>_<original file name>
    <sortable name>_LATE_<user id>_<attachment id>_<original file name>
    [LATE_]anon_<anonymous id>_<attachment id>_<original file name>   (anonymous grading)
    <sortable name>[_LATE]_<user id>_text.html / _link.html           (text or URL entries)

The sortable name ("Jansen, Jan") is lower-cased with every non-word character removed
(``jansenjan``); older Canvas versions lower-cased the whole name, ``late`` included, and
both are read. The second number is the uploaded file's id, not a submission id (the
issue's "<submission id>" is the attachment id in Canvas's code). The learner id is
``canvas-<user id>`` (``canvas-anon-<anonymous id>``). Canvas puts no submission time in
the name; a ``LATE`` mark is shown in the report and the mapping.

**Moodle**, "Download all submissions" (Moodle's ``mod/assign/classes/downloader.php``,
4.1 and later, and ``download_submissions`` in ``mod/assign/locallib.php`` before)::

    <Full Name>_<participant id>_assignsubmission_file/<original file name>    (4.1+, folders)
    <Full Name>_<participant id>_assignsubmission_file_/<original file name>   (3.1-4.0, folders)
    <Full Name>_<participant id>_assignsubmission_file_<original file name>    (without folders)

Moodle replaces every ``_`` in the name by a space, so the name holds none; with blind
marking the name is "Participant" (or its translation). The participant id is Moodle's
``assign_user_mapping`` id: unique on the site, but *per assignment* (``get_uniqueid_for_user``).
So the learner id is ``moodle-<participant id>`` the first time, and a name that an earlier
import of another assignment mapped to exactly one Moodle learner (and that occurs once in
this download) gets that learner's id again. Other plugins' folders (``_assignsubmission_
onlinetext``) are reported. Team submissions look the same with a group name and id: they
are not told apart, so do not use them for notebooks. Moodle's download holds the latest
submission only; no time is in the name.

**A plain folder or zip** of ``<learner id>.ipynb`` files (any depth), only when no file in
the download matches a platform: the file name is the learner id; it must be a valid
nbgrader student id (:func:`grading.intake.valid_student_id`) and not the assignment's own
notebook name.

macOS and Windows leftovers (``__MACOSX/``, ``._*``, ``.DS_Store``, ``Thumbs.db``) are skipped.

Safety
------
No name from a download is ever used as a path. A file is placed only at
``submitted/<learner id>/<assignment>/<release notebook name>``, and a learner id is built
from the platform's number (or checked as a plain id). Zip members are read as data, never
extracted: members with ``..``, an absolute path, a drive letter, control characters, a
name that is not UTF-8, a symbolic link or another special file are refused, and so are
symbolic links and special files in a folder (never followed). Sizes are capped: a
notebook at :data:`MAX_NOTEBOOK_BYTES`, a zip inside the download at
:data:`MAX_ARCHIVE_BYTES`, everything read from one download at :data:`MAX_TOTAL_BYTES`,
:data:`MAX_MEMBERS` files and :data:`MAX_DEPTH` levels of zips in zips; a member that
unpacks to more than :data:`MAX_RATIO` times its packed size (above :data:`RATIO_FLOOR`) is
refused as a zip bomb. Python's zipfile returns no more than the size a member's header
declares and then checks its CRC, so a member that unpacks to more than it claims is refused
as damaged: the caps bound what is actually read. A folder's files are read with a bounded
read. A damaged member (checksum, truncated data) is reported.

Never silently overwritten
--------------------------
A learner whose notebook is already in ``submitted/`` and differs from the imported one
gets the new one as a new version: the old one is first kept in
``.niet-nagekeken/inzendingen/`` by :func:`grading.resubmit.archive` (as the intake keeps
versions), then replaced, and the report says where the old one is. The intake then grades
the new version again (:mod:`grading.resubmit`). An identical notebook is left alone, so
importing the same download twice changes nothing. An imported notebook whose known
submission time is older than the one already there is not placed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from grading import intake, resubmit
from grading.wording import counted

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_DEPTH",
    "MAX_MEMBERS",
    "MAX_NOTEBOOK_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "RATIO_FLOOR",
    "ImportResult",
    "Origin",
    "Placed",
    "Problem",
    "format_report",
    "identify",
    "import_submissions",
    "mapping_path",
    "report_path",
]

#: Largest notebook read (bytes); the grading sandbox allows 64 MB per file.
MAX_NOTEBOOK_BYTES = 50 * 2**20
#: Largest zip inside a download (bytes), read into memory to look inside.
MAX_ARCHIVE_BYTES = 200 * 2**20
#: Most bytes read from one download in all.
MAX_TOTAL_BYTES = 2**30
#: Most files looked at in one download.
MAX_MEMBERS = 20_000
#: Most levels of zips inside the download's zip.
MAX_DEPTH = 3
#: Largest unpacked-to-packed ratio of a zip member; a notebook's JSON packs about 5 to 10 times.
MAX_RATIO = 100
#: Members smaller than this (unpacked) are never refused for their ratio.
RATIO_FLOOR = 2**20
#: Most folder levels followed in a folder download.
_MAX_FOLDER_DEPTH = 20
_MAX_NAME = 1024

#: The time zone of Brightspace's dates (the trainer's own setting; Dutch academies: this).
TIME_ZONE = ZoneInfo("Europe/Amsterdam")

BRIGHTSPACE = "Brightspace"
CANVAS = "Canvas"
MOODLE = "Moodle"
PLAIN = "map"

NEW = "nieuw"
NEW_VERSION = "nieuwe versie"
UNCHANGED = "ongewijzigd"

_JUNK_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}
_JUNK_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_MAPPING_FIELDS = ["cursist", "platform", "platform_id", "naam", "bestand", "ingeleverd", "te_laat",
                   "geimporteerd"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "mrt": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
}
_BS_DATE = (r"(?P<mon>[^\W\d_]{3,4})\.? (?P<day>\d{1,2}), (?P<year>\d{4}) "
            r"(?P<hour>\d{1,2}):?(?P<minute>\d{2}) ?(?P<ampm>[AaPp])\.?[Mm]\.?")
_BRIGHTSPACE = re.compile(
    rf"^(?P<sub>\d+)-(?P<user>\d+) - (?P<name>.+?) - {_BS_DATE}(?:(?: - |-| )(?P<file>.+))?$")
_MOODLE_DIR = re.compile(r"^(?P<name>[^_]+)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_?$")
_MOODLE_FILE = re.compile(r"^(?P<name>[^_]+)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.+)$")
_CANVAS_ANON = re.compile(r"^(?:(?P<late>LATE|late)_)?anon_(?P<id>[A-Za-z0-9]+)_(?P<att>\d+)_(?P<file>.+)$")
_CANVAS = re.compile(r"^(?P<name>\w+?)_(?:(?P<late>LATE|late)_)?(?P<id>\d+)_(?P<att>\d+)_(?P<file>.+)$")
_CANVAS_TEXT = re.compile(
    r"^(?:(?P<name>\w+?)_)??(?:(?P<late>LATE|late)_)?(?P<id>\d+|anon_[A-Za-z0-9]+)_(?P<kind>text|link)\.html$")
_DRIVE = re.compile(r"^[A-Za-z]:")


class _Refused(Exception):
    """A file that is not read or not placed, with the Dutch reason."""


@dataclass(frozen=True)
class Origin:
    """Who handed a file in, as the platform's file name says.

    Parameters
    ----------
    platform : str
        ``"Brightspace"``, ``"Canvas"``, ``"Moodle"`` or ``"map"`` (a plain folder).
    platform_id : str
        The platform's number for the learner (Canvas: ``anon_...`` when anonymous).
    name : str
        The name as the download shows it (empty if it shows none).
    original : str
        The file name the learner uploaded.
    submitted_at : datetime.datetime or None
        When it was handed in (aware), if the name says so (Brightspace only).
    late : bool or None
        Whether the platform marked it late (Canvas only; None: the name does not say).

    Examples
    --------
    >>> Origin("Canvas", "1001", "jansenjan", "opdracht.ipynb").platform
    'Canvas'
    """

    platform: str
    platform_id: str
    name: str
    original: str
    submitted_at: dt.datetime | None = None
    late: bool | None = None


@dataclass
class Problem:
    """A file (or the whole download) that was not placed.

    Parameters
    ----------
    where : str
        The file's path inside the download, as shown in the report.
    reason : str
        Why, in Dutch.
    learner : str
        The learner id, if the file was recognised as a learner's.

    Examples
    --------
    >>> Problem("download.zip/x.pdf", "geen notebook (.pdf)").learner
    ''
    """

    where: str
    reason: str
    learner: str = ""


@dataclass
class Placed:
    """A learner whose notebook is (now) in ``submitted/``.

    Parameters
    ----------
    learner : str
        The learner id (the folder name in ``submitted/``).
    origin : Origin
        Who the platform says handed it in.
    where : str
        The file's path inside the download.
    status : str
        ``"nieuw"``, ``"nieuwe versie"`` or ``"ongewijzigd"``.
    kept : str
        For a new version: where the previous one is kept (relative to the course).

    Examples
    --------
    >>> Placed("canvas-1001", Origin("Canvas", "1001", "jansenjan", "a.ipynb"), "d.zip/a", "nieuw").status
    'nieuw'
    """

    learner: str
    origin: Origin
    where: str
    status: str
    kept: str = ""


@dataclass
class ImportResult:
    """What one import did.

    Parameters
    ----------
    assignment : str
        The assignment id.
    source : str
        The download's name, as shown in the report.
    placed : list of Placed
        Every learner placed (or found unchanged).
    problems : list of Problem
        Every file not placed, with the reason.
    skipped : int
        Files that belong to the download itself (``index.html``, ``__MACOSX``), not reported one by one.

    Examples
    --------
    >>> ImportResult("mkba", "download.zip").placed
    []
    """

    assignment: str
    source: str
    placed: list[Placed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0


@dataclass
class _Entry:
    parts: tuple[str, ...]
    kinds: tuple[str, ...]  # per part: "dir", "archive" or "file"
    where: str
    read: Callable[[], bytes]
    order: float  # for "newest" among one learner's files when the name gives no time
    mtime: float | None = None  # a folder file's own modification time
    cache: bytes | _Refused | None = field(default=None, repr=False)

    def data(self) -> bytes:
        """The file's bytes, read once (a refusal is remembered too)."""
        if self.cache is None:
            try:
                self.cache = self.read()
            except _Refused as refused:
                self.cache = refused
        if isinstance(self.cache, _Refused):
            raise self.cache
        return self.cache


@dataclass
class _Budget:
    members: int = 0
    read: int = 0
    skipped: int = 0
    archives: list[zipfile.ZipFile] = field(default_factory=list)  # zips inside the download, kept open


def report_path(root: Path, assignment: str) -> Path:
    """Where the import writes its report: ``feedback/<assignment>-import.txt``.

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
    'cursus/feedback/mkba-import.txt'
    """
    return Path(root) / "feedback" / f"{assignment}-import.txt"


def mapping_path(root: Path, assignment: str) -> Path:
    """Where the import keeps who is who: ``imports/<assignment>/deelnemers.csv``.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : str
        The assignment id.

    Returns
    -------
    Path
        The mapping file (personal data).

    Examples
    --------
    >>> mapping_path(Path("cursus"), "mkba").as_posix()
    'cursus/imports/mkba/deelnemers.csv'
    """
    return Path(root) / "imports" / assignment / "deelnemers.csv"


# ----------------------------------------------------------------------------- names

def _shown(text: str) -> str:
    """``text`` safe to print: control and other invisible characters escaped."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _check_name(name: str) -> tuple[str, ...]:
    """The parts of a path from a download, or :class:`_Refused` if it is not safe to read."""
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise _Refused("onveilige tekens in de naam; niet gelezen")
    norm = name.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm):
        raise _Refused("absoluut pad; niet gelezen")
    parts = tuple(p for p in norm.split("/") if p not in ("", "."))
    if ".." in parts:
        raise _Refused("pad naar buiten de download (..); niet gelezen")
    if not parts or len(norm) > _MAX_NAME or any(len(p.encode("utf-8")) > 255 for p in parts):
        raise _Refused("lege of te lange naam; niet gelezen")
    return parts


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as UTF-8 text (:class:`_Refused` if it is in another encoding)."""
    name = info.orig_filename
    if "\x00" in name:
        raise _Refused("onveilige tekens in de naam; niet gelezen")
    if info.flag_bits & 0x800 or name.isascii():
        return name
    # No UTF-8 flag: Python read the bytes as cp437. Many tools write UTF-8 without the flag.
    try:
        return name.encode("cp437").decode("utf-8")
    except UnicodeError:
        raise _Refused("bestandsnaam is geen UTF-8 (onbekende tekenset); niet gelezen") from None


def _junk(parts: tuple[str, ...]) -> bool:
    return (any(p in _JUNK_DIRS for p in parts[:-1]) or parts[-1] in _JUNK_FILES
            or parts[-1].startswith("._"))


# ----------------------------------------------------------------------------- reading

def _size(number: int) -> str:
    return f"{number / 2**20:.0f} MB" if number >= 2**20 else f"{number / 2**10:.0f} kB"


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, budget: _Budget) -> bytes:
    """A zip member's bytes, within ``limit`` and the ratio cap (:class:`_Refused` otherwise)."""
    if info.flag_bits & 0x1:
        raise _Refused("versleuteld; niet gelezen")
    packed = max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and info.file_size / packed > MAX_RATIO:
        raise _Refused("verdacht sterk ingepakt (een zip-bom?); niet gelezen")
    if info.file_size > limit:
        raise _Refused(f"te groot ({_size(info.file_size)}, meer dan {_size(limit)}); niet gelezen")
    if budget.read + info.file_size > MAX_TOTAL_BYTES:
        raise _Refused(f"de download is groter dan {_size(MAX_TOTAL_BYTES)}; niet gelezen")
    # zipfile never returns more than the size the header declares: it stops there and checks
    # the CRC, so a member that unpacks to more than it claims ends as damaged, and the checks
    # above bound what is actually read.
    chunks = []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(2**20):
                budget.read += len(chunk)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        raise _Refused("beschadigd in het zip-bestand (controlegetal of ingepakte gegevens kloppen niet); "
                       "niet gelezen") from None
    return b"".join(chunks)


def _read_file(path: Path, limit: int, budget: _Budget) -> bytes:
    """A regular file's bytes, never through a symbolic link, within ``limit``."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise _Refused(f"kan niet worden geopend ({type(error).__name__}); niet gelezen") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise _Refused("geen gewoon bestand; niet gelezen")
        data = stream.read(limit + 1)
    budget.read += len(data)
    if len(data) > limit:
        raise _Refused(f"te groot (meer dan {_size(limit)}); niet gelezen")
    if budget.read > MAX_TOTAL_BYTES:
        raise _Refused(f"de download is groter dan {_size(MAX_TOTAL_BYTES)}; niet gelezen")
    return data


def _zip_time(info: zipfile.ZipInfo) -> float:
    try:
        return dt.datetime(*info.date_time, tzinfo=dt.timezone.utc).timestamp()
    except ValueError:
        return 0.0


def _scan_zip(archive: zipfile.ZipFile, parts: tuple[str, ...], kinds: tuple[str, ...], where: str,
              depth: int, budget: _Budget, entries: list[_Entry], problems: list[Problem]) -> None:
    for info in archive.infolist():
        budget.members += 1
        if budget.members > MAX_MEMBERS:
            problems.append(Problem(where, f"meer dan {MAX_MEMBERS} bestanden; de rest is niet gelezen"))
            return
        shown = f"{where}/{_shown(info.orig_filename)}"
        try:
            inner = _check_name(_member_name(info))
        except _Refused as refused:
            problems.append(Problem(shown, str(refused)))
            continue
        shown = f"{where}/{_shown('/'.join(inner))}"
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.is_dir() or kind == stat.S_IFDIR:
            continue
        if kind == stat.S_IFLNK:
            problems.append(Problem(shown, "symbolische koppeling; niet gevolgd"))
            continue
        if kind not in (0, stat.S_IFREG):
            problems.append(Problem(shown, "geen gewoon bestand; niet gelezen"))
            continue
        if _junk(inner):
            budget.skipped += 1
            continue
        full = parts + inner
        full_kinds = kinds + ("dir",) * (len(inner) - 1)
        if inner[-1].lower().endswith(".zip"):
            _scan_nested(lambda info=info: _read_member(archive, info, MAX_ARCHIVE_BYTES, budget),
                         full, full_kinds + ("archive",), shown, depth, budget, entries, problems)
            continue
        entries.append(_Entry(full, full_kinds + ("file",), shown,
                              lambda info=info: _read_member(archive, info, MAX_NOTEBOOK_BYTES, budget),
                              _zip_time(info)))


def _scan_nested(read: Callable[[], bytes], parts: tuple[str, ...], kinds: tuple[str, ...], where: str,
                 depth: int, budget: _Budget, entries: list[_Entry], problems: list[Problem]) -> None:
    if depth >= MAX_DEPTH:
        problems.append(Problem(where, f"zip-bestanden meer dan {MAX_DEPTH} lagen diep; niet gelezen"))
        return
    try:
        data = read()
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _Refused as refused:
        problems.append(Problem(where, str(refused)))
        return
    except UnicodeDecodeError:
        problems.append(Problem(where, "een bestandsnaam in dit zip-bestand is ongeldige UTF-8; niets uit "
                                       "dit zip-bestand gelezen"))
        return
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        problems.append(Problem(where, "beschadigd of geen zip-bestand; niet gelezen"))
        return
    budget.archives.append(archive)  # its files are read later, when the learners are known
    _scan_zip(archive, parts, kinds, where, depth + 1, budget, entries, problems)


def _scan_folder(folder: Path, parts: tuple[str, ...], kinds: tuple[str, ...], where: str, depth: int,
                 budget: _Budget, entries: list[_Entry], problems: list[Problem]) -> None:
    if depth > _MAX_FOLDER_DEPTH:
        problems.append(Problem(where, f"mappen meer dan {_MAX_FOLDER_DEPTH} lagen diep; niet gelezen"))
        return
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        problems.append(Problem(where, f"map kan niet worden gelezen ({type(error).__name__})"))
        return
    for child in children:
        budget.members += 1
        if budget.members > MAX_MEMBERS:
            problems.append(Problem(where, f"meer dan {MAX_MEMBERS} bestanden; de rest is niet gelezen"))
            return
        shown = f"{where}/{_shown(child.name)}"
        try:
            child.name.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(Problem(shown, "bestandsnaam is geen UTF-8 (onbekende tekenset); niet gelezen"))
            continue
        try:
            _check_name(child.name)
        except _Refused as refused:
            problems.append(Problem(shown, str(refused)))
            continue
        path = Path(child.path)
        if child.is_symlink():
            problems.append(Problem(shown, "symbolische koppeling; niet gevolgd"))
        elif child.is_dir(follow_symlinks=False):
            if child.name in _JUNK_DIRS:
                budget.skipped += 1
                continue
            _scan_folder(path, parts + (child.name,), kinds + ("dir",), shown, depth + 1, budget, entries,
                         problems)
        elif child.is_file(follow_symlinks=False):
            if _junk(parts + (child.name,)):
                budget.skipped += 1
                continue
            if child.name.lower().endswith(".zip"):
                _scan_nested(lambda path=path: _read_file(path, MAX_ARCHIVE_BYTES, budget),
                             parts + (child.name,), kinds + ("archive",), shown, 0, budget, entries, problems)
                continue
            mtime = child.stat(follow_symlinks=False).st_mtime
            entries.append(_Entry(parts + (child.name,), kinds + ("file",), shown,
                                  lambda path=path: _read_file(path, MAX_NOTEBOOK_BYTES, budget), mtime, mtime))
        else:
            problems.append(Problem(shown, "geen gewoon bestand; niet gelezen"))


# ----------------------------------------------------------------------------- who is it

def _brightspace_time(match: re.Match) -> dt.datetime | None:
    month = _MONTHS.get(match["mon"].lower())
    hour, minute = int(match["hour"]), int(match["minute"])
    if month is None or not 1 <= hour <= 12 or minute > 59:
        return None
    hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    try:
        return dt.datetime(int(match["year"]), month, int(match["day"]), hour, minute, tzinfo=TIME_ZONE)
    except ValueError:
        return None


def _from_file_name(name: str) -> Origin | None:
    match = _MOODLE_FILE.match(name)
    if match:
        return Origin(MOODLE, match["id"], match["name"].strip(), match["file"])
    match = _BRIGHTSPACE.match(name)
    if match and match["file"]:
        return Origin(BRIGHTSPACE, match["user"], match["name"], match["file"], _brightspace_time(match))
    match = _CANVAS_ANON.match(name)
    if match:
        return Origin(CANVAS, f"anon_{match['id']}", "", match["file"], late=bool(match["late"]))
    match = _CANVAS.match(name)
    if match:
        return Origin(CANVAS, match["id"], match["name"], match["file"], late=bool(match["late"]))
    match = _CANVAS_TEXT.match(name)
    if match:
        return Origin(CANVAS, match["id"], match["name"] or "", name, late=bool(match["late"]))
    return None


def _from_folder_name(name: str, original: str) -> Origin | None:
    match = _MOODLE_DIR.match(name)
    if match:
        return Origin(MOODLE, match["id"], match["name"].strip(), original)
    match = _BRIGHTSPACE.match(name)
    if match and not match["file"]:
        return Origin(BRIGHTSPACE, match["user"], match["name"], original, _brightspace_time(match))
    return None


def identify(parts: tuple[str, ...], kinds: tuple[str, ...] | None = None) -> Origin | None:
    """Who handed in the file at ``parts`` in a download, by the platforms' naming.

    The outermost part that matches a platform decides; the plain ``<learner id>.ipynb``
    rule is not tried here (:func:`import_submissions` applies it only when no file in the
    download matches a platform).

    Parameters
    ----------
    parts : tuple of str
        The file's path inside the download, split on ``/``.
    kinds : tuple of str, optional
        Per part ``"dir"``, ``"archive"`` (a zip whose contents follow) or ``"file"``
        (default: folders, then the file).

    Returns
    -------
    Origin or None
        The learner's platform, number and name; None if no platform's pattern matches.

    Examples
    --------
    >>> identify(("jansenjan_LATE_1001_5001_mkba-opdracht.ipynb",)).late
    True
    >>> identify(("Jan Jansen_77_assignsubmission_file", "mkba-opdracht.ipynb")).platform_id
    '77'
    >>> identify(("Jan Jansen_77_assignsubmission_file", "verslag_2024_01_eind.ipynb")).platform
    'Moodle'
    >>> print(identify(("opdracht.ipynb",)))
    None
    """
    kinds = kinds or ("dir",) * (len(parts) - 1) + ("file",)
    original = parts[-1]
    for index in range(len(parts)):
        name, kind = parts[index], kinds[index]
        origin = None
        if kind in ("file", "archive"):
            origin = _from_file_name(name)
            if origin is not None and kind == "archive":
                # The learner uploaded a zip: the file inside is theirs, under its own name.
                origin = Origin(origin.platform, origin.platform_id, origin.name, original,
                                origin.submitted_at, origin.late)
        if origin is None and kind in ("dir", "archive"):
            origin = _from_folder_name(name, original)
        if origin is not None:
            return origin
    return None


def _plain(parts: tuple[str, ...], expected: list[str]) -> Origin | None:
    name = parts[-1]
    if not name.lower().endswith(".ipynb"):
        return None
    stem = name[: -len(".ipynb")]
    if stem in {Path(e).stem for e in expected}:
        return None
    return Origin(PLAIN, stem, stem, name)


# ----------------------------------------------------------------------------- the mapping

def _read_mapping(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [{k: (v or "") for k, v in row.items() if k} for row in csv.DictReader(handle)]
    except (OSError, csv.Error, UnicodeDecodeError):
        return []


def _cell(text: str) -> str:
    # A spreadsheet would run a cell that starts with one of these as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _uncell(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def _write_mapping(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.import")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_MAPPING_FIELDS)
        writer.writeheader()
        for row in sorted(rows, key=lambda r: r["cursist"]):
            writer.writerow({k: _cell(row.get(k, "")) for k in _MAPPING_FIELDS})
    os.replace(temporary, path)


def _learner_ids(root: Path, assignment: str, origins: dict[tuple[str, str], Origin]) -> dict[tuple[str, str], str]:
    """A safe, stable learner id for every (platform, platform id) in this download."""
    here = [{k: _uncell(v) for k, v in row.items()} for row in _read_mapping(mapping_path(root, assignment))]
    elsewhere: list[dict[str, str]] = []
    imports = Path(root) / "imports"
    if imports.is_dir():
        for folder in sorted(imports.iterdir()):
            if folder.name != assignment and folder.is_dir() and not folder.is_symlink():
                elsewhere += [{k: _uncell(v) for k, v in row.items()}
                              for row in _read_mapping(folder / "deelnemers.csv")]
    moodle_names = [o.name for o in origins.values() if o.platform == MOODLE]
    ids = {}
    for key, origin in origins.items():
        platform, number = key
        if platform == CANVAS:
            ids[key] = f"canvas-{number.replace('anon_', 'anon-')}"
        elif platform == BRIGHTSPACE:
            ids[key] = f"brightspace-{number}"
        elif platform == PLAIN:
            ids[key] = number
        else:  # Moodle: the participant id is per assignment (see the module docstring)
            same = [r["cursist"] for r in here if r.get("platform") == MOODLE and r.get("platform_id") == number]
            by_name = {r["cursist"] for r in elsewhere
                       if r.get("platform") == MOODLE and r.get("naam") == origin.name}
            if same:
                ids[key] = same[0]
            elif len(by_name) == 1 and moodle_names.count(origin.name) == 1:
                ids[key] = by_name.pop()
            else:
                ids[key] = f"moodle-{number}"
    return ids


# ----------------------------------------------------------------------------- placing

def _notebook_problem(data: bytes, own_ids: set[str]) -> str | None:
    """Why ``data`` is not a notebook of this assignment (None: it is), as the intake reads it."""
    with tempfile.TemporaryDirectory(prefix="asd-import-") as tmp:
        path = Path(tmp) / "inzending.ipynb"
        path.write_bytes(data)
        ids = intake.notebook_grade_ids(path)
    if ids is None:
        return "kan niet worden gelezen (leeg, of geen geldig notebook)"
    if own_ids and not ids & own_ids:
        return "geen notebook van deze opdracht (geen van de nakijkcellen hoort erbij)"
    return None


def _no_link(root: Path, *paths: Path) -> None:
    for path in paths:
        if path.is_symlink():
            raise _Refused(f"op {_rel(path, root)} staat een symbolische koppeling; niets geschreven")


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _write_bytes(path: Path, data: bytes) -> None:
    # Through a hidden temporary file: nbgrader and the intake never see half a notebook.
    temporary = path.with_name(f".{path.name}.import")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _place(root: Path, assignment: str, learner: str, name: str, data: bytes, origin: Origin,
           mtime: float | None, now: dt.datetime) -> tuple[str, str]:
    """Put ``data`` at ``submitted/<learner>/<assignment>/<name>``; return (status, kept copy)."""
    submitted = root / "submitted"
    folder = submitted / learner / assignment
    target = folder / name
    aside = folder / intake.ASIDE
    # submitted/ itself may be a link the trainer made (to an encrypted disk); below it, none is followed.
    _no_link(root, submitted / learner, folder, target, aside, aside / resubmit.ARCHIVE)
    if target.exists() and not target.is_file():
        raise _Refused(f"{_rel(target, root)} is geen bestand; niets geschreven")
    kept = ""
    if target.is_file():
        if target.read_bytes() == data:
            return UNCHANGED, ""
        there = resubmit.read_timestamp(folder)
        if origin.submitted_at is not None and there is not None:
            handed_in = origin.submitted_at.astimezone(dt.timezone.utc).replace(tzinfo=None)
            if handed_in <= there:
                raise _Refused(f"ouder dan de inzending die al in {_rel(folder, root)}/ staat "
                               f"(ingeleverd {resubmit.timestamp_text(there)}); niet geplaatst")
        copy, _ = resubmit.archive(target, aside / resubmit.ARCHIVE, now)
        kept = _rel(copy, root)
    folder.mkdir(parents=True, exist_ok=True)
    _write_bytes(target, data)
    moment = origin.submitted_at.timestamp() if origin.submitted_at is not None else mtime
    if moment is not None:
        os.utime(target, (moment, moment))
    stamp = folder / resubmit.TIMESTAMP
    if origin.submitted_at is not None:
        # As nbgrader's own collect would: the platform says when it was handed in.
        _write_bytes(stamp, resubmit.timestamp_text(origin.submitted_at).encode("utf-8"))
    elif kept and stamp.is_file() and not stamp.is_symlink():
        # That time belonged to the previous version; the intake writes this one's.
        stamp.unlink()
    return (NEW_VERSION if kept else NEW), kept


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_submissions(root: Path, assignment: str, source: Path, now: dt.datetime | None = None) -> ImportResult:
    """Place every learner's notebook from a platform's download in ``submitted/``.

    Parameters
    ----------
    root : Path
        The course folder (with ``solutions/<assignment>/`` or ``source/<assignment>/``).
    assignment : str
        The assignment id, such as ``"mkba"``.
    source : Path
        The download: a zip file or a folder.
    now : datetime.datetime, optional
        The import time (default: now), used in the names of kept versions.

    Returns
    -------
    ImportResult
        Every learner placed and every file not placed, with the reason. The mapping
        ``imports/<assignment>/deelnemers.csv`` is updated for the learners placed.

    Raises
    ------
    ValueError
        If the assignment has no source notebook, or the download cannot be read at all.

    Examples
    --------
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     import_submissions(Path(folder), "mkba", Path(folder))
    Traceback (most recent call last):
    ...
    ValueError: Opdracht 'mkba' bestaat niet: geen notebook in solutions/mkba/ of source/mkba/.
    """
    root, source = Path(root), Path(source)
    now = now or dt.datetime.now(dt.timezone.utc)
    expected = intake.expected_notebooks(root, assignment)
    if not expected:
        raise ValueError(f"Opdracht '{assignment}' bestaat niet: geen notebook in "
                         + " of ".join(f"{d}/{assignment}/" for d in intake.SOURCE_DIRS) + ".")
    own_ids = intake.assignment_grade_ids(root, assignment)
    where = _shown(source.resolve().name or str(source))
    result = ImportResult(assignment, where)
    budget = _Budget()
    entries: list[_Entry] = []
    if source.is_dir():
        _scan_folder(source, (), (), where, 0, budget, entries, result.problems)
    elif source.is_file():
        try:
            archive = zipfile.ZipFile(source)
        except UnicodeDecodeError:
            raise ValueError(f"'{where}': een bestandsnaam in het zip-bestand is ongeldige UTF-8; er is niets "
                             "geïmporteerd. Pak het uit met een ander programma en importeer de map.") from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ValueError(f"'{where}' is geen leesbaar zip-bestand ({type(error).__name__}); er is niets "
                             "geïmporteerd.") from None
        budget.archives.append(archive)
        _scan_zip(archive, (), (), where, 0, budget, entries, result.problems)
    else:
        raise ValueError(f"'{where}' bestaat niet (geef een zip-bestand of een map).")
    try:
        _import_entries(root, assignment, entries, expected, own_ids, result, now)
    finally:
        for archive in budget.archives:
            archive.close()
    result.skipped += budget.skipped
    return result


def _import_entries(root: Path, assignment: str, entries: list[_Entry], expected: list[str], own_ids: set[str],
                    result: ImportResult, now: dt.datetime) -> None:
    found = [(entry, identify(entry.parts, entry.kinds)) for entry in entries]
    platform_seen = any(origin is not None for _, origin in found)
    recognised: list[tuple[_Entry, Origin]] = []
    for entry, origin in found:
        if origin is None and not platform_seen:
            origin = _plain(entry.parts, expected)
        if origin is None and entry.parts[-1].lower() == "index.html":
            result.skipped += 1  # Brightspace's own overview of the download
            continue
        if origin is None:
            hint = ("naam past niet bij de namen in deze download (Brightspace, Canvas of Moodle)"
                    if platform_seen else
                    "naam past bij geen bekend patroon (Brightspace, Canvas, Moodle of <cursist>.ipynb)")
            notebook = entry.parts[-1].lower().endswith(".ipynb")
            result.problems.append(Problem(entry.where, hint + ("" if notebook else "; geen notebook")
                                           + "; niet geplaatst"))
            continue
        recognised.append((entry, origin))

    keys = {(o.platform, o.platform_id): o for _, o in recognised}
    ids = _learner_ids(root, assignment, keys)
    by_learner: dict[str, list[tuple[_Entry, Origin]]] = {}
    for entry, origin in recognised:
        by_learner.setdefault(ids[(origin.platform, origin.platform_id)], []).append((entry, origin))

    existing = {p.name for p in (root / "submitted").iterdir()} if (root / "submitted").is_dir() else set()
    mapping = {row["cursist"]: row for row in
               ({k: _uncell(v) for k, v in r.items()} for r in _read_mapping(mapping_path(root, assignment)))
               if row.get("cursist")}
    mapped = False
    for learner in sorted(by_learner):
        items = by_learner[learner]
        notebooks = []
        for entry, origin in items:
            if entry.parts[-1].lower().endswith(".ipynb"):
                notebooks.append((entry, origin))
            else:
                suffix = Path(entry.parts[-1]).suffix or "zonder extensie"
                what = ("tekst of link uit het platform" if _CANVAS_TEXT.match(entry.parts[-1])
                        or "_assignsubmission_onlinetext" in "/".join(entry.parts) else suffix)
                result.problems.append(Problem(entry.where, f"geen notebook ({what}); niet geplaatst", learner))
        if not notebooks:
            continue
        if not intake.valid_student_id(learner) or len(learner) > 100:
            for entry, _ in notebooks:
                result.problems.append(Problem(entry.where, f"'{_shown(learner)}' is geen geldige cursistnaam voor "
                                               "nbgrader (letters, cijfers, '.', '_', '-', '@'); niet geplaatst"))
            continue
        twins = [name for name in existing if name.casefold() == learner.casefold() and name != learner]
        if twins:
            for entry, _ in notebooks:
                result.problems.append(Problem(entry.where, f"in submitted/ staat al '{twins[0]}' (alleen hoofdletters "
                                               f"verschillen van '{learner}'); niet geplaatst", learner))
            continue
        chosen = _choose(notebooks, expected, result, learner)
        if chosen is None:
            continue
        entry, origin = chosen
        if len(expected) == 1:
            name = expected[0]
        elif origin.original in expected:
            name = origin.original
        else:
            result.problems.append(Problem(entry.where, "de opdracht heeft meerdere notebooks ("
                                           + ", ".join(expected) + ") en deze naam is geen ervan; niet geplaatst",
                                           learner))
            continue
        try:
            data = entry.data()
            problem = _notebook_problem(data, own_ids)
            if problem:
                raise _Refused(problem + "; niet geplaatst")
            status, kept = _place(root, assignment, learner, name, data, origin, entry.mtime, now)
        except _Refused as refused:
            result.problems.append(Problem(entry.where, str(refused), learner))
            continue
        result.placed.append(Placed(learner, origin, entry.where, status, kept))
        existing.add(learner)
        if status != UNCHANGED or learner not in mapping:
            mapping[learner] = {
                "cursist": learner, "platform": origin.platform, "platform_id": origin.platform_id,
                "naam": origin.name, "bestand": entry.where,
                "ingeleverd": resubmit.timestamp_text(origin.submitted_at) if origin.submitted_at else "",
                "te_laat": {True: "ja", False: "nee", None: ""}[origin.late],
                "geimporteerd": resubmit.timestamp_text(now),
            }
            mapped = True
    if mapped:
        _write_mapping(mapping_path(root, assignment), list(mapping.values()))


def _choose(notebooks: list[tuple[_Entry, Origin]], expected: list[str], result: ImportResult,
            learner: str) -> tuple[_Entry, Origin] | None:
    """The newest of one learner's notebooks; the others are reported."""
    def moment(item: tuple[_Entry, Origin]) -> float:
        entry, origin = item
        return origin.submitted_at.timestamp() if origin.submitted_at is not None else entry.order

    ordered = sorted(notebooks, key=moment, reverse=True)
    newest = [item for item in ordered if moment(item) == moment(ordered[0])]
    chosen = newest[0]
    if len(newest) > 1:
        contents = {}
        for item in newest:
            try:
                contents[id(item)] = _hash(item[0].data())
            except _Refused as refused:
                contents[id(item)] = "onleesbaar: " + str(refused)
        if len(set(contents.values())) > 1:
            named = [item for item in newest if item[1].original in expected]
            if len({contents[id(item)] for item in named}) == 1:
                chosen = named[0]
            else:
                for entry, _ in newest:
                    result.problems.append(Problem(
                        entry.where, "meerdere verschillende notebooks in dezelfde inzending; niet gegokt welke "
                                     "telt, niets geplaatst", learner))
                for entry, _ in ordered[len(newest):]:
                    result.problems.append(Problem(entry.where, "oudere inzending; niet geplaatst", learner))
                return None
    for entry, _ in ordered:
        if entry is not chosen[0]:
            result.problems.append(Problem(
                entry.where, f"oudere of dubbele inzending; alleen de nieuwste telt ({chosen[0].where})", learner))
    return chosen


# ----------------------------------------------------------------------------- report

_ACTIONS = [
    ("geen notebook (", "Alleen het notebook (.ipynb) wordt nagekeken; vraag de cursist het notebook in te leveren "
                        "als dat ontbreekt."),
    ("naam past", "Is het een notebook van een cursist, zet het dan met de hand in "
                  "submitted/<cursist>/{assignment}/ (of hernoem het naar <cursist>.ipynb en importeer opnieuw)."),
    ("kan niet worden gelezen", "Vraag de cursist het notebook opnieuw in te leveren (in Jupyter: File > Save, dan "
                                "het .ipynb-bestand zelf)."),
    ("geen notebook van deze opdracht", "Vraag de cursist het notebook van '{assignment}' in te leveren."),
    ("meerdere verschillende", "Kies het juiste notebook en zet het met de hand in "
                               "submitted/<cursist>/{assignment}/."),
    ("ouder dan de inzending", ""),
    ("oudere", ""),
]


def _action(reason: str, assignment: str) -> str:
    if reason.startswith("naam past") and "geen notebook" in reason:
        return ""
    for start, action in _ACTIONS:
        if reason.startswith(start):
            return action.format(assignment=assignment)
    if "niet gelezen" in reason or "niet gevolgd" in reason:
        return ("Niet veilig of niet leesbaar: gebruik de download van het platform zelf; vraag de cursist zo "
                "nodig opnieuw in te leveren.")
    return ""


def format_report(result: ImportResult, root: Path | None = None) -> str:
    """The Dutch report for the trainer: who was placed, and every file that was not.

    Parameters
    ----------
    result : ImportResult
        What :func:`import_submissions` returned.
    root : Path, optional
        The course folder (paths in the report are relative to it).

    Returns
    -------
    str
        The report text.

    Examples
    --------
    >>> result = ImportResult("mkba", "download.zip")
    >>> result.placed.append(Placed("jan", Origin("map", "jan", "jan", "jan.ipynb"), "download.zip/jan.ipynb", "nieuw"))
    >>> print(format_report(result).splitlines()[0])
    Import van 'mkba' uit 'download.zip': 1 cursist geplaatst, 0 bestanden niet geplaatst.
    """
    root = Path(root) if root is not None else Path(".")
    assignment = result.assignment
    lines = [f"Import van '{assignment}' uit '{result.source}': {counted(len(result.placed), 'cursist')} geplaatst, "
             f"{counted(len(result.problems), 'bestand')} niet geplaatst.", ""]
    if result.placed:
        lines.append(f"Geplaatst (in submitted/<cursist>/{assignment}/):")
        for placed in sorted(result.placed, key=lambda p: p.learner):
            origin = placed.origin
            who = f"{_shown(origin.name)}, {origin.platform}" if origin.name and origin.platform != PLAIN \
                else origin.platform
            notes = [placed.status]
            if origin.late:
                notes.append(f"te laat volgens {origin.platform}")
            if origin.submitted_at is not None:
                notes.append(f"ingeleverd {origin.submitted_at.astimezone(TIME_ZONE):%d-%m-%Y %H:%M}")
            text = f"  {placed.learner} ({who}): {', '.join(notes)}; uit '{placed.where}'"
            if placed.kept:
                text += f"; de vorige versie is bewaard in {placed.kept}"
            lines.append(text + ".")
        lines.append("")
    if result.problems:
        lines.append("Niet geplaatst:")
        for problem in result.problems:
            learner = f" ({problem.learner})" if problem.learner else ""
            lines.append(f"  '{problem.where}'{learner}: {problem.reason}.")
            action = _action(problem.reason, assignment)
            if action:
                lines.append(f"      Wat te doen: {action}")
        lines.append("")
    if result.skipped:
        lines += [f"Overgeslagen: {counted(result.skipped, 'bestand')} van het platform of het besturingssysteem zelf "
                  "(zoals index.html, __MACOSX, .DS_Store).", ""]
    if result.placed:
        mapping = _rel(mapping_path(root, assignment), root)
        lines += [f"Wie is wie: {mapping}. Dat zijn persoonsgegevens (AVG): alleen voor de trainer, buiten git, "
                  "verwijderen met 'make forget-cohort' zodra de cijfers definitief zijn.",
                  f"Volgende stap: make grade MODULE={assignment}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m grading.submissions_import <assignment> <folder-or-zip> [--course DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m grading.submissions_import",
        description="Zet de inzendingen uit een download van Brightspace, Canvas of Moodle (of een map met "
                    "<cursist>.ipynb) in submitted/<cursist>/<opdracht>/.")
    parser.add_argument("assignment", help="de opdracht, bijvoorbeeld mkba")
    parser.add_argument("source", type=Path, help="het zip-bestand of de map met de inzendingen")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="de cursusmap (standaard: deze map)")
    args = parser.parse_args(argv)
    root = args.course.resolve()
    try:
        result = import_submissions(root, args.assignment, args.source)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    text = format_report(result, root)
    path = report_path(root, args.assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(text)
    print(f"Dit overzicht staat ook in {_rel(path, root)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
