"""Importing a learning platform's download (``grading/submissions_import.py``).

Read as a specification. Each platform's sample download (``tests/lms_samples.py``, built
from the released MKBA notebook with the platform's documented naming) is placed with the
right learner ids; every file that cannot be placed is reported with its reason; hostile
archives (zip-slip, absolute paths, symbolic links, an oversized member, a zip bomb, names
that are not UTF-8) are refused and nothing is written outside ``submitted/`` and
``imports/``; a second import of a newer notebook keeps the older one, and importing the
same download twice changes nothing. The end-to-end run (import, intake, autograde) is in
``tests/test_grading_forget.py``, which grades an imported class before forgetting it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import random
import re
import shutil
import stat
import string
import zipfile
from pathlib import Path

import nbformat
import pytest

from grading import intake, resubmit
from grading import submissions_import as si
from tests import lms_samples as lms
from tests.grading_helpers import ROOT

ASSIGNMENT = lms.ASSIGNMENT
NOTEBOOK = lms.NOTEBOOK
OTHER = "schulden"
OTHER_NOTEBOOK = "schulden-opdracht.ipynb"


@pytest.fixture(scope="module")
def s() -> lms.Samples:
    return lms.samples()


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course folder with two assignments (sources and releases), nothing handed in."""
    root = tmp_path / "cursus"
    for folder in ("solutions", "exercises"):
        for assignment in (ASSIGNMENT, OTHER):
            shutil.copytree(ROOT / folder / assignment, root / folder / assignment,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return root


def _import(course: Path, source: Path, assignment: str = ASSIGNMENT) -> si.ImportResult:
    return si.import_submissions(course, assignment, source)


def _placed(result: si.ImportResult) -> dict[str, si.Placed]:
    return {p.learner: p for p in result.placed}


def _problems(result: si.ImportResult) -> dict[str, si.Problem]:
    """Problems by the file's path inside the download (the download's own name left out)."""
    return {p.where.split("/", 1)[1] if "/" in p.where else p.where: p for p in result.problems}


def _notebook(course: Path, learner: str, assignment: str = ASSIGNMENT, name: str = NOTEBOOK) -> bytes:
    return (course / "submitted" / learner / assignment / name).read_bytes()


def _plain_zip(path: Path, members: dict[str, bytes]) -> Path:
    path.write_bytes(lms.zip_of(members))
    return path


def _snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file (and link) under ``folder``, but the top folders in ``skip``, with its content hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in skip:
            continue
        if path.is_symlink():
            found[relative.as_posix()] = "->" + os.readlink(path)
        elif path.is_file():
            found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _mapping(course: Path, assignment: str = ASSIGNMENT) -> dict[str, dict[str, str]]:
    with si.mapping_path(course, assignment).open(encoding="utf-8", newline="") as handle:
        return {row["cursist"]: row for row in csv.DictReader(handle)}


# ------------------------------------------------------------------ the platforms' downloads

def test_brightspace_download(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    result = _import(course, lms.brightspace(tmp_path / "Opdracht MKBA Download.zip", s))
    placed = _placed(result)
    assert set(placed) == {"brightspace-2001", "brightspace-2002", "brightspace-2003"}
    assert _notebook(course, "brightspace-2001") == s.model, "the newest of two submissions counts"
    assert _notebook(course, "brightspace-2002") == s.tweede, "' - ' before the file name"
    assert _notebook(course, "brightspace-2003") == s.model, "one folder per submission"
    assert placed["brightspace-2001"].origin.name == "Jansen Jan"
    # Brightspace's time is Dutch time: 24 November 2026 20:15 is 19:15 UTC; nbgrader gets it.
    folder = course / "submitted" / "brightspace-2001" / ASSIGNMENT
    assert resubmit.read_timestamp(folder) == dt.datetime(2026, 11, 24, 19, 15)
    assert os.stat(folder / NOTEBOOK).st_mtime == dt.datetime(2026, 11, 24, 19, 15,
                                                              tzinfo=dt.timezone.utc).timestamp()

    problems = _problems(result)
    older = problems["101-2001 - Jansen Jan - Nov 20, 2026 1022 AM-mkba-opdracht.ipynb"]
    assert older.learner == "brightspace-2001" and "alleen de nieuwste telt" in older.reason
    assert "geen notebook (.pdf)" in problems["105-2002 - Pietersen Piet - Nov 21, 2026 1254 PM - verslag.pdf"].reason
    assert "naam past niet" in problems["notities van de trainer.txt"].reason
    broken = problems["106-2004 - Bakker Bo - Nov 23, 2026 1100 AM-mkba-opdracht.ipynb"]
    assert "beschadigd" in broken.reason
    assert not (course / "submitted" / "brightspace-2004").exists()
    assert len(result.problems) == 4, "index.html and __MACOSX belong to the download and are only counted"
    assert result.skipped == 2


def test_canvas_download(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    result = _import(course, lms.canvas(tmp_path / "mkba-submissions.zip", s))
    placed = _placed(result)
    assert set(placed) == {"canvas-1001", "canvas-1002", "canvas-1003", "canvas-1004"}
    assert _notebook(course, "canvas-1001") == s.model
    assert _notebook(course, "canvas-1002") == s.tweede
    assert _notebook(course, "canvas-1003") == s.model, "Canvas renamed the upload to mkba-opdracht-1.ipynb"
    assert _notebook(course, "canvas-1004") == s.leeg, "the learner's own zip, inside the download"
    assert [placed[k].origin.late for k in sorted(placed)] == [False, True, True, False]
    assert not (course / "submitted" / "canvas-1001" / ASSIGNMENT / resubmit.TIMESTAMP).exists(), \
        "Canvas's names carry no submission time: the intake takes the notebook's"
    problems = _problems(result)
    assert "geen notebook (.docx)" in problems["devriesanna_late_1003_5004_toelichting.docx"].reason
    assert "tekst of link" in problems["bakkerbo_1004_text.html"].reason
    assert problems["bakkerbo_1004_text.html"].learner == "canvas-1004"
    assert "naam past niet" in problems["LEESMIJ.txt"].reason
    assert len(result.problems) == 3
    mapping = _mapping(course)
    assert mapping["canvas-1002"]["naam"] == "pietersenpiet" and mapping["canvas-1002"]["te_laat"] == "ja"


def test_canvas_anonymous_grading(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    download = _plain_zip(tmp_path / "anoniem.zip", {"anon_Xy7Qz_5005_mkba-opdracht.ipynb": s.model,
                                                    "LATE_anon_Ab3De_5006_mkba-opdracht.ipynb": s.leeg})
    placed = _placed(_import(course, download))
    assert set(placed) == {"canvas-anon-Xy7Qz", "canvas-anon-Ab3De"}
    assert placed["canvas-anon-Ab3De"].origin.late is True
    assert placed["canvas-anon-Xy7Qz"].origin.name == ""


def test_moodle_download(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    result = _import(course, lms.moodle(tmp_path / "MKBA-Opdracht-1234.zip", s))
    placed = _placed(result)
    assert set(placed) == {"moodle-501", "moodle-502", "moodle-503", "moodle-504"}
    assert _notebook(course, "moodle-501") == s.model, "Moodle 4.1+: a folder per learner"
    assert _notebook(course, "moodle-502") == s.tweede, "Moodle 3.x: the folder name ends in '_'"
    assert _notebook(course, "moodle-503") == s.leeg, \
        "a subfolder and a file name that looks like Canvas's: the Moodle folder around it decides"
    assert _notebook(course, "moodle-504") == s.model, "older Moodle: no folders, the name is the prefix"
    assert placed["moodle-503"].origin.name == "Anna de Vries"
    problems = _problems(result)
    assert list(problems) == ["Anna de Vries_503_assignsubmission_onlinetext/onlinetext.html"]
    assert "geen notebook" in problems["Anna de Vries_503_assignsubmission_onlinetext/onlinetext.html"].reason


def test_a_plain_folder_of_learner_notebooks(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    folder = tmp_path / "inzendingen"
    (folder / "klas").mkdir(parents=True)
    (folder / "jan.ipynb").write_bytes(s.model)
    (folder / "piet.ipynb").write_bytes(s.leeg)
    (folder / "Jan Jansen.ipynb").write_bytes(s.model)
    (folder / NOTEBOOK).write_bytes(s.model)
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / "klas" / "extra.zip").write_bytes(lms.zip_of({"groep/anna.ipynb": s.tweede}))
    os.utime(folder / "jan.ipynb", (1_700_000_000, 1_700_000_000))
    result = _import(course, folder)
    assert set(_placed(result)) == {"jan", "piet", "anna"}
    assert _notebook(course, "anna") == s.tweede
    assert os.stat(course / "submitted" / "jan" / ASSIGNMENT / NOTEBOOK).st_mtime == 1_700_000_000, \
        "the file's own time is kept, as a copy would (the intake takes it as the submission time)"
    problems = _problems(result)
    assert "geen geldige cursistnaam" in problems["Jan Jansen.ipynb"].reason
    assert "naam past bij geen bekend patroon" in problems[NOTEBOOK].reason, \
        "the assignment's own notebook name is no learner id"
    assert len(result.problems) == 2 and result.skipped == 1


@pytest.mark.parametrize(("parts", "expected"), [
    (("12-34 - Jansen Jan - Mar 3, 2026 1044 AM-opdracht.ipynb",),
     (si.BRIGHTSPACE, "34", "Jansen Jan", "opdracht.ipynb", dt.datetime(2026, 3, 3, 9, 44))),
    (("12-34 - Jansen - de Vries, Jan - Sep 29, 2025 4:17 PM - opdracht.ipynb",),
     (si.BRIGHTSPACE, "34", "Jansen - de Vries, Jan", "opdracht.ipynb", dt.datetime(2025, 9, 29, 14, 17))),
    (("12-34 - Jan - mrt 3, 2026 1044 AM", "a.ipynb"),
     (si.BRIGHTSPACE, "34", "Jan", "a.ipynb", dt.datetime(2026, 3, 3, 9, 44))),
    (("12-34 - Jan - Foo 3, 2026 1044 AM", "a.ipynb"), (si.BRIGHTSPACE, "34", "Jan", "a.ipynb", None)),
    (("jansenjan_1001_5001_a_b_c.ipynb",), (si.CANVAS, "1001", "jansenjan", "a_b_c.ipynb", None)),
    (("o_brienjan_LATE_1001_5001_a.ipynb",), (si.CANVAS, "1001", "o_brienjan", "a.ipynb", None)),
    (("anon_Xy7Qz_5001_a.ipynb",), (si.CANVAS, "anon_Xy7Qz", "", "a.ipynb", None)),
    (("jansenjan_1001_link.html",), (si.CANVAS, "1001", "jansenjan", "jansenjan_1001_link.html", None)),
    (("Jan Jansen_77_assignsubmission_file_a.ipynb",), (si.MOODLE, "77", "Jan Jansen", "a.ipynb", None)),
    (("Participant_77_assignsubmission_file", "x", "a.ipynb"), (si.MOODLE, "77", "Participant", "a.ipynb", None)),
    (("inzendingen", "jansenjan_1001_5001_werk.zip", "werk", "a.ipynb"),
     (si.CANVAS, "1001", "jansenjan", "a.ipynb", None)),
])
def test_each_documented_name_is_recognised(parts: tuple[str, ...], expected: tuple) -> None:
    kinds = tuple("archive" if p.endswith(".zip") else "dir" for p in parts[:-1]) + ("file",)
    origin = si.identify(parts, kinds)
    assert origin is not None
    when = origin.submitted_at.astimezone(dt.timezone.utc).replace(tzinfo=None) if origin.submitted_at else None
    assert (origin.platform, origin.platform_id, origin.name, origin.original, when) == expected


@pytest.mark.parametrize("name", ["opdracht.ipynb", "Jan Jansen.ipynb", "12-34 Jan.ipynb", "jan_12_opdracht.ipynb",
                                  "Jan_Jansen_77_assignsubmission_file_a.ipynb"])
def test_a_name_of_no_platform_is_not_recognised(name: str) -> None:
    assert si.identify((name,)) is None


# ------------------------------------------------------------------ what cannot be placed

def test_several_different_notebooks_at_once_are_not_guessed(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    download = _plain_zip(tmp_path / "canvas.zip", {
        "jansenjan_1001_5001_poging.ipynb": s.model, "jansenjan_1001_5002_kopie.ipynb": s.tweede,
        "pietersenpiet_1002_5003_kladje.ipynb": s.tweede, f"pietersenpiet_1002_5004_{NOTEBOOK}": s.model})
    result = _import(course, download)
    assert set(_placed(result)) == {"canvas-1002"}, "for piet, the notebook with the assignment's name counts"
    assert _notebook(course, "canvas-1002") == s.model
    problems = _problems(result)
    for name in ("jansenjan_1001_5001_poging.ipynb", "jansenjan_1001_5002_kopie.ipynb"):
        assert "meerdere verschillende notebooks" in problems[name].reason
    assert "alleen de nieuwste telt" in problems["pietersenpiet_1002_5003_kladje.ipynb"].reason


def test_a_broken_or_foreign_notebook_is_not_placed(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    foreign = (ROOT / "exercises" / OTHER / OTHER_NOTEBOOK).read_bytes()
    download = _plain_zip(tmp_path / "map.zip", {"jan.ipynb": b'{"cells": [', "piet.ipynb": foreign,
                                                 "kees.ipynb": b""})
    result = _import(course, download)
    assert result.placed == []
    problems = _problems(result)
    assert "kan niet worden gelezen" in problems["jan.ipynb"].reason
    assert "kan niet worden gelezen" in problems["kees.ipynb"].reason
    assert "geen notebook van deze opdracht" in problems["piet.ipynb"].reason
    assert not (course / "submitted").exists() or not any((course / "submitted").iterdir())


def test_a_learner_differing_only_in_case_is_not_placed(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    (course / "submitted" / "Jan").mkdir(parents=True)
    result = _import(course, _plain_zip(tmp_path / "map.zip", {"jan.ipynb": s.model}))
    assert result.placed == []
    assert "alleen hoofdletters" in result.problems[0].reason
    assert not (course / "submitted" / "jan").exists()


# ------------------------------------------------------------------ hostile downloads

def _patch_name(path: Path, placeholder: bytes, raw: bytes) -> None:
    """Put raw bytes in a member's name (in both the local and the central header)."""
    data = path.read_bytes()
    assert data.count(placeholder) == 2 and len(placeholder) == len(raw)
    path.write_bytes(data.replace(placeholder, raw))


def _noise(size: int) -> str:
    rng = random.Random(4)
    return "".join(rng.choice(string.ascii_letters + " ") for _ in range(size))


def test_hostile_members_are_refused_and_nothing_is_written_outside(
        course: Path, tmp_path: Path, s: lms.Samples, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(si, "MAX_NOTEBOOK_BYTES", 120_000)
    large = nbformat.reads(s.model.decode(), as_version=4)
    large.cells[-1].source += _noise(150_000)  # a real notebook, hardly compressible, above the cap
    absolute = tmp_path / f"absoluut-{os.getpid()}.ipynb"
    download = tmp_path / "aanval.zip"
    with zipfile.ZipFile(download, "w") as archive:
        lms.add(archive, "jan.ipynb", s.model)  # the one honest learner
        lms.add(archive, "../../ontsnapt.ipynb", s.model)
        lms.add(archive, "klas/../../../ontsnapt2.ipynb", s.model)
        lms.add(archive, "..\\..\\ontsnapt3.ipynb", s.model)
        lms.add(archive, str(absolute), s.model)
        lms.add(archive, "C:\\Users\\x\\ontsnapt4.ipynb", s.model)
        lms.add(archive, "link.ipynb", str(absolute).encode(), mode=stat.S_IFLNK | 0o777)
        lms.add(archive, "pijp.ipynb", b"", mode=stat.S_IFIFO | 0o644)
        lms.add(archive, "groot.ipynb", nbformat.writes(large).encode())
        lms.add(archive, "bom.ipynb", b"\x00" * (20 * 2**20))
        lms.add(archive, "MXller.ipynb", s.model)  # renamed below to bytes that are not UTF-8
        lms.add(archive, "kleur\x1b[31m.ipynb", s.model)
    _patch_name(download, b"MXller", b"M\x81ller")
    before = _snapshot(tmp_path, skip=("cursus",)) | {f"cursus/{k}": v for k, v in _snapshot(course).items()}

    result = _import(course, download)

    assert set(_placed(result)) == {"jan"}
    reasons = {p.where.split("/", 1)[1]: p.reason for p in result.problems}
    expected = {
        "../../ontsnapt.ipynb": "pad naar buiten",
        "klas/../../../ontsnapt2.ipynb": "pad naar buiten",
        "..\\..\\ontsnapt3.ipynb": "pad naar buiten",
        str(absolute): "absoluut pad",
        "C:\\Users\\x\\ontsnapt4.ipynb": "absoluut pad",
        "link.ipynb": "symbolische koppeling",
        "pijp.ipynb": "geen gewoon bestand",
        "groot.ipynb": "te groot",
        "bom.ipynb": "zip-bom",
        "M\u00fcller.ipynb": "geen UTF-8",  # shown as Python reads the raw bytes (cp437)
        "kleur\\u001b[31m.ipynb": "onveilige tekens",  # the escape character is shown, never printed
    }
    for where, reason in expected.items():
        assert where in reasons, f"{where!r} not reported: {sorted(reasons)}"
        assert reason in reasons[where], f"{where}: {reasons[where]}"
    assert len(result.problems) == len(expected)

    after = _snapshot(tmp_path, skip=("cursus",)) | {f"cursus/{k}": v for k, v in _snapshot(course).items()}
    written = {k for k in after if k not in before or after[k] != before[k]}
    assert written == {f"cursus/submitted/jan/{ASSIGNMENT}/{NOTEBOOK}", f"cursus/imports/{ASSIGNMENT}/deelnemers.csv"}
    assert not absolute.exists()
    assert not list(tmp_path.parent.glob("ontsnapt*")) and not list(tmp_path.rglob("ontsnapt*"))


def test_a_member_that_lies_about_its_size_is_refused(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    download = _plain_zip(tmp_path / "leugen.zip", {"jan.ipynb": s.model, "bom.ipynb": b"\x00" * (20 * 2**20)})
    with zipfile.ZipFile(download) as archive:
        info = archive.getinfo("bom.ipynb")
    raw = bytearray(download.read_bytes())
    # Claim 1 kB unpacked in the local and the central header: ratio and size look harmless.
    raw[info.header_offset + 22: info.header_offset + 26] = (1000).to_bytes(4, "little")
    central = next(m.start() for m in re.finditer(rb"PK\x01\x02", bytes(raw))
                   if raw[m.start() + 46: m.start() + 55] == b"bom.ipynb")
    raw[central + 24: central + 28] = (1000).to_bytes(4, "little")
    download.write_bytes(bytes(raw))
    result = _import(course, download)
    assert set(_placed(result)) == {"jan"}
    assert "beschadigd" in _problems(result)["bom.ipynb"].reason
    assert not (course / "submitted" / "bom").exists()


@pytest.mark.parametrize("kind", ["zip", "map"])
def test_a_download_larger_than_the_cap_is_not_read_past_it(
        course: Path, tmp_path: Path, s: lms.Samples, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(si, "MAX_TOTAL_BYTES", 2 * len(s.model) + 1000)
    members = {"anna.ipynb": s.model, "jan.ipynb": s.model, "piet.ipynb": s.model}
    if kind == "zip":
        download = _plain_zip(tmp_path / "groot.zip", members)
    else:
        download = tmp_path / "groot"
        download.mkdir()
        for name, data in members.items():
            (download / name).write_bytes(data)
    result = _import(course, download)
    assert set(_placed(result)) == {"anna", "jan"}
    assert "de download is groter dan" in _problems(result)["piet.ipynb"].reason


def test_a_zip_with_invalid_utf8_names_is_refused_whole(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    download = tmp_path / "kapot.zip"
    with zipfile.ZipFile(download, "w") as archive:
        lms.add(archive, "jan.ipynb", s.model)
        lms.add(archive, "M\u00fcller.ipynb", s.model)  # written with the UTF-8 flag
    _patch_name(download, "M\u00fcller".encode(), b"M\xc3\x28ller")  # flagged, but not UTF-8
    with pytest.raises(ValueError, match="ongeldige UTF-8"):
        _import(course, download)
    assert not (course / "submitted").exists()


def test_zips_nested_too_deep_are_refused(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    inner = lms.zip_of({"diep.ipynb": s.model})
    for level in range(si.MAX_DEPTH + 1):
        inner = lms.zip_of({f"laag{level}.zip": inner})
    result = _import(course, _plain_zip(tmp_path / "matroesjka.zip", {"jan.ipynb": s.model, "in.zip": inner}))
    assert set(_placed(result)) == {"jan"}
    assert len(result.problems) == 1 and "lagen diep" in result.problems[0].reason


def test_links_and_other_encodings_in_a_folder_are_refused(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "geheim.ipynb").write_bytes(s.tweede)
    (outside / "kees.ipynb").write_bytes(s.tweede)
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / "jan.ipynb").write_bytes(s.model)
    (folder / "piet.ipynb").symlink_to(outside / "geheim.ipynb")
    (folder / "klas").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "pijp.ipynb")
    with open(os.fsencode(folder) + b"/M\xfcller.ipynb", "wb") as handle:  # Latin-1, not UTF-8
        handle.write(s.model)
    result = _import(course, folder)
    assert set(_placed(result)) == {"jan"}
    reasons = {p.where.split("/", 1)[1]: p.reason for p in result.problems}
    assert "symbolische koppeling" in reasons["piet.ipynb"]
    assert "symbolische koppeling" in reasons["klas"]
    assert "geen gewoon bestand" in reasons["pijp.ipynb"]
    assert any("geen UTF-8" in r for w, r in reasons.items() if w.startswith("M"))
    assert len(reasons) == 4
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["jan"]


# ------------------------------------------------------------------ versions

def test_importing_the_same_download_twice_changes_nothing(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    download = lms.canvas(tmp_path / "canvas.zip", s)
    _import(course, download)
    before = _snapshot(course)
    again = _import(course, download)
    assert {p.status for p in again.placed} == {si.UNCHANGED}
    assert _snapshot(course) == before


def test_a_newer_notebook_is_a_new_version_and_the_older_is_kept(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    _import(course, _plain_zip(tmp_path / "1.zip", {"jan.ipynb": s.leeg}))
    folder = course / "submitted" / "jan" / ASSIGNMENT
    reports = {r.learner: r for r in intake.intake(course, ASSIGNMENT)}  # make grade's intake saw version 1
    assert reports["jan"].ok
    first = _import(course, _plain_zip(tmp_path / "2.zip", {"piet.ipynb": s.leeg}))  # the intake never saw this
    assert [p.status for p in first.placed] == [si.NEW]

    second = _import(course, _plain_zip(tmp_path / "3.zip", {"jan.ipynb": s.model, "piet.ipynb": s.model}))

    placed = _placed(second)
    assert placed["jan"].status == placed["piet"].status == si.NEW_VERSION
    assert _notebook(course, "jan") == _notebook(course, "piet") == s.model
    for learner in ("jan", "piet"):
        kept = course / placed[learner].kept
        assert kept.parent == course / "submitted" / learner / ASSIGNMENT / intake.ASIDE / resubmit.ARCHIVE
        assert kept.read_bytes() == s.leeg
    # The intake then grades the new version and reports it once.
    reports = {r.learner: r for r in intake.intake(course, ASSIGNMENT)}
    assert intake.RESUBMITTED in reports["jan"].statuses
    versions = sorted(p.read_bytes() for p in (folder / intake.ASIDE / resubmit.ARCHIVE).iterdir())
    assert versions == sorted([s.leeg, s.model])


def test_an_older_submission_never_replaces_a_newer_one(course: Path, tmp_path: Path, s: lms.Samples) -> None:
    newer = _plain_zip(tmp_path / "nieuw.zip", {"7-2001 - Jansen Jan - Nov 24, 2026 815 PM-mkba-opdracht.ipynb": s.model})
    older = _plain_zip(tmp_path / "oud.zip", {"6-2001 - Jansen Jan - Nov 20, 2026 1022 AM-mkba-opdracht.ipynb": s.leeg})
    _import(course, newer)
    result = _import(course, older)
    assert result.placed == []
    assert "ouder dan de inzending" in result.problems[0].reason
    assert _notebook(course, "brightspace-2001") == s.model
    assert not (course / "submitted" / "brightspace-2001" / ASSIGNMENT / intake.ASIDE).exists()


# ------------------------------------------------------------------ who is who

def test_the_mapping_says_who_is_who_and_moodle_learners_keep_their_id(
        course: Path, tmp_path: Path, s: lms.Samples) -> None:
    other = (ROOT / "exercises" / OTHER / OTHER_NOTEBOOK).read_bytes()
    first = _plain_zip(tmp_path / "mkba.zip", {
        f"Jan Jansen_501_assignsubmission_file/{NOTEBOOK}": s.model,
        f"=1+2 Bo_502_assignsubmission_file/{NOTEBOOK}": s.model,
        f"Piet Pietersen_503_assignsubmission_file/{NOTEBOOK}": s.model})
    _import(course, first)
    mapping = _mapping(course)
    assert mapping["moodle-502"]["naam"] == "'=1+2 Bo", "a name a spreadsheet would run as a formula is quoted"
    assert mapping["moodle-501"]["platform"] == "Moodle" and mapping["moodle-501"]["platform_id"] == "501"
    # Another assignment: Moodle gives every learner a new participant id.
    second = _plain_zip(tmp_path / "schulden.zip", {
        f"Jan Jansen_777_assignsubmission_file/{OTHER_NOTEBOOK}": other,
        f"=1+2 Bo_778_assignsubmission_file/{OTHER_NOTEBOOK}": other,
        f"Anna de Vries_779_assignsubmission_file/{OTHER_NOTEBOOK}": other,
        f"Piet Pietersen_780_assignsubmission_file/{OTHER_NOTEBOOK}": other,
        f"Piet Pietersen_781_assignsubmission_file/{OTHER_NOTEBOOK}": other})
    result = _import(course, second, OTHER)
    assert set(_placed(result)) == {"moodle-501", "moodle-502", "moodle-779", "moodle-780", "moodle-781"}, \
        "a name known from one earlier Moodle learner keeps that id; two learners of one name do not"
    assert _notebook(course, "moodle-501", OTHER, OTHER_NOTEBOOK) == other


def test_the_command_writes_the_report(course: Path, tmp_path: Path, s: lms.Samples,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    download = lms.canvas(tmp_path / "canvas.zip", s)
    assert si.main([ASSIGNMENT, str(download), "--course", str(course)]) == 0
    report = si.report_path(course, ASSIGNMENT).read_text(encoding="utf-8")
    assert report in capsys.readouterr().out
    assert report.startswith(f"Import van '{ASSIGNMENT}' uit 'canvas.zip': 4 cursisten geplaatst, "
                             "3 bestanden niet geplaatst.")
    assert re.search(r"^  canvas-1002 \(pietersenpiet, Canvas\): nieuw, te laat volgens Canvas", report, re.M)
    assert "'canvas.zip/LEESMIJ.txt': naam past niet" in report
    assert "persoonsgegevens (AVG)" in report and "make forget-cohort" in report
    assert f"make grade MODULE={ASSIGNMENT}" in report


def test_the_command_refuses_what_it_cannot_read(course: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "geen.zip").write_text("dit is geen zip")
    assert si.main([ASSIGNMENT, str(tmp_path / "geen.zip"), "--course", str(course)]) == 2
    assert "geen leesbaar zip-bestand" in capsys.readouterr().err
    assert si.main(["bestaat-niet", str(tmp_path), "--course", str(course)]) == 2
    assert si.main([ASSIGNMENT, str(tmp_path / "nergens.zip"), "--course", str(course)]) == 2
    assert not (course / "submitted").exists() and not (course / "feedback").exists()


def test_make_import_runs_the_import() -> None:
    recipe = re.search(r"^import:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert 'grading.submissions_import $(MODULE) "$(FROM)"' in recipe
    assert 'test -n "$(FROM)"' in recipe
