"""Resubmissions: the newer notebook is graded, every older one is kept, a re-run changes nothing.

What nbgrader 0.9 does on its own (measured with ``nbgrader autograde`` on the MKBA
assignment): a learner whose ``autograded/<learner>/<assignment>/`` exists is graded again
only when ``submitted/...`` and ``autograded/...`` both have a ``timestamp.txt`` and the
submitted one is newer (``BaseConverter.init_destination``); otherwise it logs "Skipping
existing assignment" and the *old* grade stays, silently. Autograde copies
``timestamp.txt`` from ``submitted/`` into ``autograded/`` with the other files, and stores
it as the submission's time in the gradebook (used for late submissions). A notebook a
trainer puts into ``submitted/`` by hand has no ``timestamp.txt``, so its autograded copy
had none either and a newer version was never graded.

So the intake (:mod:`grading.intake`) calls :func:`track` for every learner whose notebook
is in order, after its own changes (a renamed copy, cells put back):

- every distinct version is copied into ``.niet-nagekeken/inzendingen/`` as
  ``<notebook>-<intake time>-<hash>.ipynb``, unless a file with that content is already
  there; nothing there is ever overwritten;
- ``.niet-nagekeken/inzending.json`` records what was last handed to grading: the sha256 of
  each notebook, its archived copy and the timestamp, plus a history of every version;
- a missing ``timestamp.txt`` is written, so the first autograde records one;
- a version whose content differs from the recorded one is a *resubmission*: if it was
  graded before, its ``timestamp.txt`` is made newer than the autograded one (an existing
  newer one, as ``nbgrader collect --update`` writes, is kept), so autograde grades it
  again and the newer version counts.

Which time is written. The timestamp is the submission time in the gradebook, so with a due
date (``nbgrader db assignment add <assignment> --duedate=...``) it decides whether a
submission is late; this course sets none. The intake never knows when the learner really
handed in, so it writes the *earliest* time it can defend: the notebook's modification time
as it arrived in ``submitted/`` (its save or copy time, never later than the intake); a
trainer running ``make grade`` after the due date does not make an on-time notebook late.
A resubmission gets the later of that and one second after the graded version's timestamp:
it must be newer for nbgrader to grade it, and not later than needed.

A learner graded before the intake kept records (an ``autograded/`` folder without
``timestamp.txt``) cannot be graded again through timestamps; :func:`track` says so and the
intake tells the trainer to run ``nbgrader autograde <assignment> --student <learner>
--force``. Without a record the intake cannot tell whether the notebook is newer than the
graded one, so it takes it as the baseline and changes no timestamp.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.utils import parse_utc

__all__ = [
    "ARCHIVE",
    "RECORD",
    "TIMESTAMP",
    "Outcome",
    "archive",
    "file_hash",
    "name_time",
    "read_timestamp",
    "timestamp_text",
    "track",
]

#: Folder (inside ``.niet-nagekeken/``) with every version that passed through the intake.
ARCHIVE = "inzendingen"
#: File (inside ``.niet-nagekeken/``) recording what was last handed to grading.
RECORD = "inzending.json"
#: nbgrader's timestamp file in a submission folder.
TIMESTAMP = "timestamp.txt"
#: nbgrader's default ``Exchange.timestamp_format``, written in UTC (as ``nbgrader submit`` does).
_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
#: How much newer than the graded version a resubmission is made, at least.
_STEP = dt.timedelta(seconds=1)


@dataclass
class Outcome:
    """What :func:`track` found and did for one learner.

    Parameters
    ----------
    resubmitted : bool
        The notebooks differ from the recorded ones: a new version.
    graded_before : bool
        ``autograded/<learner>/<assignment>/`` exists.
    previous : list of Path
        The archived copies of the version recorded before (empty for a first version).
    timestamp_written : bool
        ``timestamp.txt`` was written (it was missing, or made newer for a regrade).
    needs_force : bool
        A graded learner whose new version nbgrader cannot be told about through timestamps
        (the autograded folder has no ``timestamp.txt``).

    Examples
    --------
    >>> Outcome().resubmitted
    False
    """

    resubmitted: bool = False
    graded_before: bool = False
    previous: list[Path] = field(default_factory=list)
    timestamp_written: bool = False
    needs_force: bool = False


def _utc(moment: dt.datetime) -> dt.datetime:
    """Naive UTC, as :func:`nbgrader.utils.parse_utc` returns and the gradebook stores."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


def timestamp_text(moment: dt.datetime) -> str:
    """A moment in nbgrader's ``timestamp.txt`` format (UTC).

    Parameters
    ----------
    moment : datetime.datetime
        Aware, or naive in UTC.

    Returns
    -------
    str
        Such as ``"2026-11-26 08:41:03.000000 UTC"``, which ``parse_utc`` reads back.

    Examples
    --------
    >>> timestamp_text(dt.datetime(2026, 11, 26, 8, 41, 3))
    '2026-11-26 08:41:03.000000 UTC'
    >>> parse_utc(timestamp_text(dt.datetime(2026, 11, 26, 8, 41, 3, 5)))
    datetime.datetime(2026, 11, 26, 8, 41, 3, 5)
    """
    return _utc(moment).replace(tzinfo=dt.timezone.utc).strftime(_FORMAT)


def name_time(moment: dt.datetime) -> str:
    """A moment as it appears in an archived file name (UTC, no colons).

    Parameters
    ----------
    moment : datetime.datetime
        Aware, or naive in UTC.

    Returns
    -------
    str
        Such as ``"2026-11-26T08-41-03Z"``.

    Examples
    --------
    >>> name_time(dt.datetime(2026, 11, 26, 8, 41, 3, 999))
    '2026-11-26T08-41-03Z'
    """
    return _utc(moment).strftime("%Y-%m-%dT%H-%M-%SZ")


def read_timestamp(folder: Path) -> dt.datetime | None:
    """The moment in ``folder/timestamp.txt``, as nbgrader reads it.

    Parameters
    ----------
    folder : Path
        A submission or autograded folder.

    Returns
    -------
    datetime.datetime or None
        Naive UTC; None if the file is missing, empty or unreadable (nbgrader ignores an
        empty one and refuses an unreadable one; either way a valid one must be written).

    Examples
    --------
    >>> read_timestamp(Path("bestaat-niet")) is None
    True
    """
    path = Path(folder) / TIMESTAMP
    try:
        text = path.read_text(encoding="utf-8").strip()
        return parse_utc(text) if text else None
    except (OSError, ValueError, OverflowError):
        return None


def file_hash(path: Path) -> str:
    """The sha256 of a file's bytes, in hex.

    Parameters
    ----------
    path : Path
        Any file.

    Returns
    -------
    str
        64 hex digits.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "a.txt"
    ...     _ = path.write_bytes(b"abc")
    ...     file_hash(path)[:8]
    'ba7816bf'
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def archive(path: Path, folder: Path, moment: dt.datetime, digest: str | None = None) -> tuple[Path, bool]:
    """Keep a copy of ``path`` in ``folder`` unless one with the same content is there.

    Parameters
    ----------
    path : Path
        The notebook to keep.
    folder : Path
        The archive folder (created if missing).
    moment : datetime.datetime
        The intake time, used in the copy's name.
    digest : str, optional
        ``file_hash(path)``, if already known.

    Returns
    -------
    tuple of (Path, bool)
        The copy with this content (the existing one, if any) and whether it was written
        now. An existing file is never overwritten.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "opdracht.ipynb"
    ...     _ = path.write_text("{}")
    ...     first = archive(path, Path(tmp) / "a", dt.datetime(2026, 11, 26, 8, 41, 3))
    ...     again = archive(path, Path(tmp) / "a", dt.datetime(2026, 11, 27))
    ...     first[0].name, first[1], again == (first[0], False)
    ('opdracht-2026-11-26T08-41-03Z-44136fa3.ipynb', True, True)
    """
    path, folder = Path(path), Path(folder)
    digest = digest or file_hash(path)
    # Compare whole contents, not the short hash in the names: a trainer may have renamed a copy.
    if folder.is_dir():
        for kept in sorted(folder.iterdir()):
            if kept.is_file() and kept.stat().st_size == path.stat().st_size and file_hash(kept) == digest:
                return kept, False
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{path.stem}-{name_time(moment)}-{digest[:8]}"
    target, number = folder / f"{stem}{path.suffix}", 2
    while target.exists():
        target, number = folder / f"{stem} ({number}){path.suffix}", number + 1
    shutil.copy2(path, target)
    return target, True


def _write_text(path: Path, text: str) -> None:
    # Through a hidden temporary file: an interrupted intake leaves the old file whole.
    temporary = path.with_name(f".{path.name}.inname")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _load(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("notebooks"), dict) else None


def track(folder: Path, notebooks: list[Path], graded: Path, handed_in: dt.datetime,
          aside: str = ".niet-nagekeken", now: dt.datetime | None = None) -> Outcome:
    """Archive this version, record it and set ``timestamp.txt`` so the newest version is graded.

    Parameters
    ----------
    folder : Path
        ``submitted/<learner>/<assignment>/``.
    notebooks : list of Path
        The notebooks nbgrader will grade, after the intake's own changes.
    graded : Path
        ``autograded/<learner>/<assignment>/`` (it may not exist).
    handed_in : datetime.datetime
        The latest modification time of the notebooks as they arrived (before the intake
        changed them): the timestamp written when one is needed (see the module docstring).
    aside : str
        The folder (inside ``folder``) for what nbgrader must not grade.
    now : datetime.datetime, optional
        The intake time (default: now), used in archived names and the record.

    Returns
    -------
    Outcome
        What was found and done.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = Path(tmp) / "submitted" / "jan" / "mkba"
    ...     folder.mkdir(parents=True)
    ...     notebook = folder / "opdracht.ipynb"
    ...     _ = notebook.write_text("{}")
    ...     moment = dt.datetime(2026, 11, 26, 8, 41, 3)
    ...     first = track(folder, [notebook], Path(tmp) / "autograded" / "jan" / "mkba", moment)
    ...     print(first.resubmitted, first.timestamp_written, (folder / "timestamp.txt").read_text())
    False True 2026-11-26 08:41:03.000000 UTC
    """
    folder, graded = Path(folder), Path(graded)
    now = _utc(now or dt.datetime.now(dt.timezone.utc))
    handed_in = min(_utc(handed_in), now)
    outcome = Outcome(graded_before=graded.is_dir())
    record_path = folder / aside / RECORD
    record = _load(record_path)

    digests = {path.name: file_hash(path) for path in sorted(notebooks)}
    kept = {}
    for path in sorted(notebooks):
        copy, _ = archive(path, folder / aside / ARCHIVE, now, digests[path.name])
        kept[path.name] = copy.relative_to(folder / aside).as_posix()
    outcome.resubmitted = record is not None and record["notebooks"] != digests
    if outcome.resubmitted:
        outcome.previous = [folder / aside / name for name in (record.get("archived") or {}).values()]

    timestamp = read_timestamp(folder)
    written = None
    if timestamp is None:
        written = handed_in
    if outcome.resubmitted and outcome.graded_before:
        graded_at = read_timestamp(graded)
        if graded_at is None:
            outcome.needs_force = True
        elif (written or timestamp) <= graded_at:
            written = max(handed_in, graded_at + _STEP)
    elif record is None and outcome.graded_before and read_timestamp(graded) is None:
        # Graded before the intake kept records: whether this version is newer is unknown.
        outcome.needs_force = True
    if written is not None:
        text = timestamp_text(written)
        _write_text(folder / TIMESTAMP, text)  # as nbgrader submit writes it
        outcome.timestamp_written = True
        timestamp = parse_utc(text)

    if record is None or outcome.resubmitted or outcome.timestamp_written:
        history = list((record or {}).get("history") or [])
        if record is None or outcome.resubmitted:
            history.append({"intake": timestamp_text(now), "notebooks": digests, "archived": kept})
        new_record = {"notebooks": digests, "archived": kept, "timestamp": timestamp_text(timestamp),
                      "history": history}
        (folder / aside).mkdir(exist_ok=True)
        _write_text(record_path, json.dumps(new_record, indent=1, sort_keys=True) + "\n")
    return outcome
