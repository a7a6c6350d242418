"""Small sample downloads of Brightspace, Canvas and Moodle, built from the released MKBA notebook.

Each follows the naming :mod:`grading.submissions_import` documents for its platform (the
module docstring names the sources), with a few learners, one late, one handing in twice,
one file that is no notebook, one whose name matches no pattern and one damaged zip member.
They are written by the tests into a temporary folder (reviewable here, no binary fixture
in git); every name and number is made up.

``Samples`` holds three different versions of the assignment's notebook: the release
(``leeg``), the release with the model answers (``model``) and the model with one extra
note (``tweede``), so a test can tell which version was placed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from tests.grading_helpers import ROOT, fill_in, source_notebook

ASSIGNMENT = "mkba"
NOTEBOOK = "mkba-opdracht.ipynb"
#: Every member gets this time unless a sample says otherwise (zip times have no time zone).
ZIP_TIME = (2026, 11, 25, 12, 0, 0)


@dataclass
class Samples:
    """Three distinguishable versions of the MKBA notebook, as bytes."""

    leeg: bytes
    model: bytes
    tweede: bytes


def samples(root: Path = ROOT) -> Samples:
    release = nbformat.read(root / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    model = fill_in(release, source_notebook(ASSIGNMENT, root))
    second = nbformat.from_dict(model)
    second.cells[-1].source += "\n\n(tweede versie)"
    return Samples(*(nbformat.writes(nb).encode("utf-8") for nb in (release, model, second)))


def add(archive: zipfile.ZipFile, name: str, data: bytes, when: tuple = ZIP_TIME,
        compress: int = zipfile.ZIP_DEFLATED, mode: int | None = None) -> None:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = compress
    if mode is not None:
        info.external_attr = mode << 16
    archive.writestr(info, data)


def corrupt(path: Path, member: str) -> None:
    """Damage ``member``'s compressed data in place (its checksum no longer matches)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    raw = bytearray(path.read_bytes())
    # Local header: 30 bytes, then the name and the extra field, then the data.
    name_length = int.from_bytes(raw[info.header_offset + 26: info.header_offset + 28], "little")
    extra_length = int.from_bytes(raw[info.header_offset + 28: info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    for offset in range(start + 10, start + 40):
        raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))


def brightspace(path: Path, s: Samples) -> Path:
    """A Brightspace download: flat files and one folder per submission, plus index.html."""
    broken = "106-2004 - Bakker Bo - Nov 23, 2026 1100 AM-mkba-opdracht.ipynb"
    with zipfile.ZipFile(path, "w") as archive:
        add(archive, "index.html", b"<html><body>Inzendingen</body></html>")
        add(archive, "__MACOSX/._index.html", b"\x00")
        # Jansen hands in twice: the second (newest) counts, the first is reported.
        add(archive, "101-2001 - Jansen Jan - Nov 20, 2026 1022 AM-mkba-opdracht.ipynb", s.leeg)
        add(archive, "102-2001 - Jansen Jan - Nov 24, 2026 815 PM-mkba-opdracht.ipynb", s.model)
        add(archive, "103-2002 - Pietersen Piet - Nov 21, 2026 1254 PM - mkba-opdracht.ipynb", s.tweede)
        add(archive, "105-2002 - Pietersen Piet - Nov 21, 2026 1254 PM - verslag.pdf", b"%PDF-1.4")
        add(archive, "104-2003 - de Vries Anna - Nov 22, 2026 901 AM/mkba-opdracht.ipynb", s.model)
        add(archive, "notities van de trainer.txt", b"niet van een cursist")
        add(archive, broken, s.model)
    corrupt(path, broken)
    return path


def canvas(path: Path, s: Samples, nested: bytes | None = None) -> Path:
    """A Canvas download: ``<name>[_LATE]_<user id>_<attachment id>_<file>``, one old-style ``late``."""
    with zipfile.ZipFile(path, "w") as archive:
        add(archive, "jansenjan_1001_5001_mkba-opdracht.ipynb", s.model)
        add(archive, "pietersenpiet_LATE_1002_5002_mkba-opdracht.ipynb", s.tweede)
        add(archive, "devriesanna_late_1003_5003_mkba-opdracht-1.ipynb", s.model)
        add(archive, "devriesanna_late_1003_5004_toelichting.docx", b"PK\x03\x04 geen notebook")
        add(archive, "bakkerbo_1004_text.html", b"<p>Zie bijlage</p>")
        add(archive, "bakkerbo_1004_5007_inlevering.zip", nested or zip_of({"opdracht/mkba-opdracht.ipynb": s.leeg}))
        add(archive, "LEESMIJ.txt", b"zomaar een bestand")
    return path


def moodle(path: Path, s: Samples) -> Path:
    """A Moodle download in folders (4.1+ and 3.x spelling) and one file without folders (older)."""
    with zipfile.ZipFile(path, "w") as archive:
        add(archive, "Jan Jansen_501_assignsubmission_file/mkba-opdracht.ipynb", s.model)
        add(archive, "Piet Pietersen_502_assignsubmission_file_/mkba-opdracht.ipynb", s.tweede)
        add(archive, "Anna de Vries_503_assignsubmission_file/werk/verslag_2024_01_eind.ipynb", s.leeg)
        add(archive, "Anna de Vries_503_assignsubmission_onlinetext/onlinetext.html", b"<p>tekst</p>")
        add(archive, "Bo Bakker_504_assignsubmission_file_mkba-opdracht.ipynb", s.model)
    return path


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            add(archive, name, data)
    return buffer.getvalue()
