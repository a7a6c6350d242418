"""The group report (``grading/report.py``): statistics, safety, and a real class of 30.

Fast tests check the statistics on small tables with known values (discrimination against
numpy's ``corrcoef``), how a failed test cell's error becomes a reason, that every text on
the page is escaped and that the page loads nothing.

The slow tests take a real class of 30 learners of the MKBA assignment through the whole
trainer's workflow as the Makefile runs it (module fixture ``klas``, about two minutes on
two cores): ``make import`` of a plain platform download that also holds broken files (a
text file, a PDF, a damaged zip member), ``make grade`` (the intake, the parallel grader,
the report), written answers graded, ``make feedback``, ``make export`` and ``make return``.
The learners:

=================  ===  ===================================================================
learners           n    what they hand in
=================  ===  ===================================================================
``model01``-``09``  9   the model answers (six of them get their written answer graded)
``mis01``-``08``    8   the model answers, but part A ignores the rate: the planted
                        misconception; ``mis01``-``03`` also answer question E1 wrong
``leeg01``-``04``   4   the released notebook, untouched
``fout_b1``, ``2``  2   part B taken from ``modules.mkba`` (``tests/mistakes_mkba.py``)
``fout_c1``, ``2``  2   part C without discounting
``fout_d1``, ``2``  2   part D skips years without rows
``fout_voet``       1   part A with a wrong default rate: fails A waarde on another check
``zwak``            1   the mistakes of C and D and every question of E wrong
``vreemd``          1   hostile: part A raises an ``AssertionError`` with markup in it, part
                        B a ``ValueError``; a unique string in code, output, errors and the
                        written answer
=================  ===  ===================================================================

Only the eight ``mis`` learners fail A waarde on the message of the misconception, so the
report must list it first for that task, with exactly 8.
"""

from __future__ import annotations

import math
import re
from collections import Counter
import statistics
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

from grading import report
from grading.report import Failure, Group, Task
from tests import discovery
from tests.grading_helpers import (
    fill_in,
    hidden_test_lines,
    nbgrader_env,
    needs_sandbox,
    prepare_course,
    solution_lines,
)
from widgets._common import format_number, format_percent

ASSIGNMENT = "mkba"
#: The planted misconception (part A ignores the rate) and the message it fails A waarde on.
MISCONCEPTION = discovery.mistakes(ASSIGNMENT).MISTAKES["mkba_a_antwoord"].strip()
MISCONCEPTION_MESSAGE = "De contante waarde klopt niet voor een ander bedrag, jaar of voet."
PLANTED = 8
UNIQUE = "UNIEK-7f3a9c-geheim"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"

# -------------------------------------------------------------------------- reading the page


class _Page(HTMLParser):
    """Every element with its attributes, the text, and the tables (caption, rows of cells)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.tables: list[dict] = []
        self._table: dict | None = None
        self._cell: list[str] | None = None
        self._in_caption = False
        self._style = False

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "style":
            self._style = True
        elif tag == "table":
            self._table = {"caption": "", "rows": []}
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._table is not None:
            self._table["rows"].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag) -> None:
        if tag == "style":
            self._style = False
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table["rows"][-1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data) -> None:
        if self._style:
            return
        self.text.append(data)
        if self._in_caption and self._table is not None:
            self._table["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _words(text: str) -> str:
    """Whitespace (a no-break space too) as one space, as the page's text is read here."""
    return " ".join(text.split())


def table(page: str, caption: str) -> list[list[str]]:
    found = [t["rows"] for t in parse(page).tables if " ".join(t["caption"].split()) == caption]
    assert len(found) == 1, f"{len(found)} tables with the caption {caption!r}"
    return found[0]


#: The elements the page may hold: text, tables, inline SVG; nothing that loads or runs.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav", "ul",
    "li", "a", "section", "h1", "h2", "h3", "p", "strong", "em", "code", "span", "br", "dl",
    "dt", "dd", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "sub",
    "details", "summary", "svg", "text", "line", "rect", "g",
}


def outside_references(page: str) -> list[str]:
    """Everything in the page that could load or run something, or leave the page."""
    found = []
    parsed = parse(page)
    for tag, attrs in parsed.elements:
        if tag not in ALLOWED_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in ("src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background"):
                found.append(f"<{tag} {name}={value}>")
            if name == "href" and not (value or "").startswith("#"):
                found.append(f"<{tag} href={value}>")
            if name == "http-equiv" and (value or "").lower() == "refresh":
                found.append("<meta refresh>")
    styles = re.findall(r"<style>(.*?)</style>", page, re.S) + re.findall(r'style="([^"]*)"', page) \
        + re.findall(r"style='([^']*)'", page)
    for css in styles:
        if re.search(r"url\s*\(|@import|@font-face", css, re.I):
            found.append(f"css: {css[:60]}")
    return found


# -------------------------------------------------------------------------- statistics


#: A made-up class of six learners on four tasks (points 1, 1, 2, 2).
SMALL = np.array([
    [1, 1, 2, 2],
    [1, 0, 2, 1],
    [1, 1, 0, 2],
    [0, 0, 1, 0],
    [1, 0, 0, 1],
    [0, 1, 2, 0],
], dtype=float)
SMALL_MAX = [1.0, 1.0, 2.0, 2.0]


def test_p_value_and_pass_rate_on_a_small_table():
    assert report.p_value(SMALL[:, 0], 1) == pytest.approx(4 / 6)
    assert report.p_value(SMALL[:, 2], 2) == pytest.approx(7 / 12)
    assert report.pass_rate(SMALL[:, 2], 2) == pytest.approx(3 / 6)
    assert report.pass_rate(SMALL[:, 3], 2) == pytest.approx(2 / 6)
    assert math.isnan(report.p_value([], 2)) and math.isnan(report.pass_rate([], 2))


def test_discrimination_is_the_corrected_item_total_correlation():
    totals = SMALL.sum(axis=1)
    for task in range(SMALL.shape[1]):
        item = SMALL[:, task]
        by_hand = np.corrcoef(item, totals - item)[0, 1]
        assert report.discrimination(list(item), list(totals)) == pytest.approx(by_hand, abs=1e-12), task
        # not the uncorrected one: the task is taken out of the total
        assert not math.isclose(report.discrimination(list(item), list(totals)),
                                np.corrcoef(item, totals)[0, 1], abs_tol=1e-6), task
    assert report.pearson([1, 2, 3, 4], [2, 4, 6, 8]) == pytest.approx(1.0)
    assert report.pearson([1, 2, 3, 4], [8, 6, 4, 2]) == pytest.approx(-1.0)


@pytest.mark.parametrize("item,totals", [
    ([1, 1, 1, 1], [3, 4, 2, 5]),     # everybody passed
    ([0, 0, 0, 0], [3, 4, 2, 5]),     # nobody passed
    ([1, 0, 1, 0], [2, 1, 2, 1]),     # the rest is the same for everyone
    ([1], [3]),                       # one learner
])
def test_discrimination_is_nan_when_undefined(item, totals):
    assert math.isnan(report.discrimination(item, totals))


def _group_from(table_: np.ndarray, maxima: list[float], manual: set[int] = frozenset(),
                pending: set[tuple[int, int]] = frozenset()) -> Group:
    tasks = [Task(key=f"t_{chr(97 + j)}_x", grade_id=f"t_{chr(97 + j)}_x", notebook="nb",
                  part=chr(65 + j), label=f"{chr(65 + j)} x", description="", tip=None,
                  max_score=maxima[j], manual=j in manual)
             for j in range(table_.shape[1])]
    learners = [f"c{i:02d}" for i in range(table_.shape[0])]
    scores = {l: {t.key: (None if (i, j) in pending else float(table_[i, j]))
                  for j, t in enumerate(tasks)} for i, l in enumerate(learners)}
    return Group(assignment="t", tasks=tasks, learners=learners, scores=scores,
                 failures={t.key: Counter() for t in tasks})


def test_task_stats_flags_hard_easy_and_weakly_discriminating_tasks():
    table_ = np.array([[1, 0, 1, 1], [1, 0, 0, 1], [1, 0, 1, 0], [1, 1, 0, 1],
                       [1, 0, 1, 1], [0, 0, 0, 0]], dtype=float)
    group = _group_from(table_, [1, 1, 1, 1])
    stats = {t.label: report.task_stats(group, t) for t in group.tasks}
    assert stats["A x"].p == pytest.approx(5 / 6) and "makkelijk" not in stats["A x"].flags
    assert stats["B x"].p == pytest.approx(1 / 6) and "moeilijk" in stats["B x"].flags
    rest_b = table_.sum(axis=1) - table_[:, 1]
    assert stats["B x"].rir == pytest.approx(np.corrcoef(table_[:, 1], rest_b)[0, 1])
    assert stats["B x"].rir < report.DISCRIMINATION_LOW and "onderscheidt weinig" in stats["B x"].flags
    easy = _group_from(np.array([[1, 1], [1, 0], [1, 1], [1, 1], [1, 0], [1, 1], [1, 1], [1, 1],
                                 [1, 1], [1, 0], [0, 0]], dtype=float), [1, 1])
    a = report.task_stats(easy, easy.tasks[0])
    assert a.p == pytest.approx(10 / 11) and "makkelijk" in a.flags


def test_written_task_counts_only_graded_answers_and_waiting_ones_show_as_open():
    table_ = np.array([[1, 6], [1, 3], [0, 0], [1, 0]], dtype=float)
    group = _group_from(table_, [1, 6], manual={1}, pending={(3, 1)})
    stats = report.task_stats(group, group.tasks[1])
    assert stats.n == 3 and stats.p == pytest.approx(9 / 18)
    assert group.pending(group.tasks[1]) == 1
    page = report.render_html(group, 4.0)
    rows = table(page, "Scores per cursist (maximaal 7 punten)")
    assert rows[4][:3] == ["c03", "1", "open"]
    assert table(page, "Schriftelijke antwoorden die nog op een trainer wachten")[1] == ["B x", "6", "1"]


def test_undefined_discrimination_is_shown_as_a_dash():
    table_ = np.array([[1, 1, 1], [1, 0, 0], [1, 1, 1], [1, 0, 1]], dtype=float)
    group = _group_from(table_, [1, 1, 1])
    rows = table(report.render_html(group, 1.0), "Moeilijkheid en onderscheidend vermogen per taak")
    assert rows[1][0].startswith("A x") and rows[1][5] == "–"
    assert rows[2][0].startswith("B x") and rows[2][5] != "–"


@pytest.mark.parametrize("given,expected", [
    (None, (11.0, False)), ("", (11.0, False)), ("12", (12.0, True)), ("10,5", (10.5, True)),
    ("60%", (12.0, True)), ("60 %", (12.0, True)),
])
def test_pass_mark(given, expected):
    assert report.parse_pass_mark(given, 20) == expected


@pytest.mark.parametrize("given", ["veel", "21", "120%", "-1", "nan"])
def test_a_pass_mark_that_makes_no_sense_is_refused_in_dutch(given):
    with pytest.raises(report.ReportError, match="cesuur"):
        report.parse_pass_mark(given, 20)


# -------------------------------------------------------------------------- why a test failed

SOURCE = '''"""Deel A: iets. Tip: doe het goed."""
assert f(1) == 2, "Eén plus één is twee."
### BEGIN HIDDEN TESTS
for _x in range(3):
    assert f(_x) == _x + 1, f"Bij {_x} klopt het niet."
assert g()
### END HIDDEN TESTS
'''


def test_only_the_tests_own_messages_come_through():
    messages = report.check_messages(SOURCE)
    assert sorted(m.text for m in messages) == ["Bij … klopt het niet.", "Eén plus één is twee."]
    reason = report.failure_reason
    assert reason({"ename": "AssertionError", "evalue": "Eén plus één is twee."}, messages) == \
        Failure("controle", "Eén plus één is twee.")
    # an f-string is counted by its template, whatever the value was
    assert reason({"ename": "AssertionError", "evalue": "Bij 7 klopt het niet."}, messages) == \
        Failure("controle", "Bij … klopt het niet.")
    assert reason({"ename": "AssertionError", "evalue": ""}, messages).kind == "controle"
    # a learner's own AssertionError, or any other error: a fixed description, never its text
    for ename, evalue in [("AssertionError", HOSTILE + UNIQUE), ("ValueError", UNIQUE),
                          ("LeerlingFout", f"Geheim{UNIQUE}: x"), ("<b>x</b>", UNIQUE),
                          ("NotImplementedError", ""), ("TijdOp", ""), ("KernelGestopt", "")]:
        found = reason({"ename": ename, "evalue": evalue}, messages)
        assert found.kind == "anders" and UNIQUE not in found.text and "<" not in found.text, ename
    assert reason(None, messages).kind == "anders"


def test_the_tip_comes_from_the_summary():
    assert report.split_tip(report.docstring_summary(SOURCE)) == ("Deel A: iets", "doe het goed.")


# -------------------------------------------------------------------------- the page


def sample_group(n: int = 30, hostile: bool = True) -> Group:
    """A made-up class shaped like MKBA's (tasks of parts A to F, a written part), with
    check messages, other reasons, waiting answers, a late penalty and, if ``hostile``,
    markup in every text a page shows. Also the page of the browser audit."""
    import random

    rng = random.Random(17)
    evil = HOSTILE if hostile else ""
    specs = [("mkba_a_waarde", 1), ("mkba_a_eigen", 1), ("mkba_b_ncw", 1), ("mkba_b_jaar0", 1),
             ("mkba_c_saldo", 2), ("mkba_d_waarden", 1)] + \
            [(f"mkba_e_vraag{i}", 1) for i in range(1, 8)] + [("mkba_f_advies", 6)]
    tasks = []
    for grade_id, points in specs:
        part, label = report._label(grade_id)
        manual = grade_id.endswith("advies")
        tasks.append(Task(key=grade_id, grade_id=grade_id, notebook="mkba-opdracht", part=part,
                          label=label + (evil if grade_id == "mkba_a_waarde" else ""),
                          description=("schriftelijk antwoord, met de hand beoordeeld" if manual
                                       else f"Deel {part}: wat er gecontroleerd wordt{evil}"),
                          tip=None if manual else f"kijk nog eens naar de uitleg{evil}.",
                          max_score=float(points), manual=manual))
    learners = [f"cursist{i:02d}" for i in range(1, n)] + [f"cursist{evil}"]
    ability = {l: rng.random() for l in learners}
    scores, failures = {}, {t.key: Counter() for t in tasks}
    for l in learners:
        row = {}
        for t in tasks:
            if t.manual:
                row[t.key] = None if rng.random() < 0.4 else float(round(ability[l] * 6))
                continue
            ok = rng.random() < 0.25 + 0.7 * ability[l]
            row[t.key] = t.max_score if ok else 0.0
            if not ok:
                text = rng.choice([f"De uitkomst klopt niet{evil}.", "Het saldo van een actor klopt niet.",
                                   "Een jaar zonder regels telt mee met 0 euro."])
                failures[t.key][Failure("controle", text) if rng.random() < 0.8
                                else Failure("anders", report._reason_for("NotImplementedError"))] += 1
        scores[l] = row
    return Group(assignment="mkba" + evil, tasks=tasks, learners=sorted(learners), scores=scores,
                 penalties={learners[3]: 1.0}, failures=failures)


def test_every_text_on_the_page_is_escaped():
    group = sample_group()
    page = report.render_html(group, 11.0)
    assert outside_references(page) == []
    assert "<script" not in page.lower() and "<img" not in page.lower()
    parsed = parse(page)
    text = "".join(parsed.text)
    # the hostile strings are on the page as the text they are
    assert f"cursist{HOSTILE}" in text
    assert f"De uitkomst klopt niet{HOSTILE}." in text
    assert f"kijk nog eens naar de uitleg{HOSTILE}." in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_page_is_dutch_self_contained_and_accessible_by_construction():
    page = report.render_html(sample_group(hostile=False), 11.0)
    parsed = parse(page)
    assert outside_references(page) == []
    assert ("html", {"lang": "nl"}) in parsed.elements
    csp = [a["content"] for t, a in parsed.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    assert [t for t, _ in parsed.elements].count("h1") == 1
    for tag, attrs in parsed.elements:
        if tag == "th":
            assert attrs.get("scope") in ("col", "row"), attrs
        if tag == "svg":
            assert attrs.get("role") == "img" and attrs.get("aria-label"), attrs
    assert all(t["caption"].strip() for t in parsed.tables)
    ids = {a["id"] for _, a in parsed.elements if "id" in a}
    links = {a["href"][1:] for t, a in parsed.elements if t == "a"}
    assert links <= ids, links - ids
    assert "Zo lees je deze cijfers" in page and "klassieke testtheorie" in page


def test_histogram_counts_every_learner_once():
    svg = report.histogram_svg([0, 3, 3, 10.5, 20, 20, 20], 20, 11)
    counts = {m.group(1): int(m.group(2)) for m in
              re.finditer(r'data-bin="([^"]+)" data-count="(\d+)"', svg)}
    assert counts == {"0": 1, "3": 2, "10": 1, "20": 3}
    assert 'data-x="11"' in svg and "<title>" in svg


def test_summary_has_five_to_eight_lines():
    group = sample_group(hostile=False)
    text = report.summary_text(group, 11.0, out="reports/mkba-groepsrapport.html")
    lines = text.splitlines()
    assert 5 <= len(lines) <= 8, text
    assert lines[0] == "Groepsrapport mkba: 30 cursisten nagekeken (maximaal 20 punten)."
    assert lines[-1] == "Rapport (alleen voor trainers): reports/mkba-groepsrapport.html"
    assert any(line.startswith("Nog te beoordelen in de formgrader: F advies (") for line in lines)


def test_no_gradebook_is_a_dutch_error(tmp_path, capsys):
    assert report.main([ASSIGNMENT, "--course", str(tmp_path)]) == 2
    assert "Er is geen gradebook.db" in capsys.readouterr().err


# -------------------------------------------------------------------------- a real class of 30


@dataclass
class Klas:
    root: Path
    page: str
    summary: str
    group: Group
    source: nbformat.NotebookNode
    manual: dict[str, float]
    imported: str = ""
    graded: str = ""


def _answer_key() -> dict:
    return discovery.builder(ASSIGNMENT).answer_key()


def _wrong_questions(which: list[str] | None = None) -> dict[str, str]:
    key = _answer_key()
    return {entry["answer_id"]: f'{entry["variable"]} = {entry["mistake"]!r}'.replace("'", '"')
            for grade_id, entry in key.items() if which is None or grade_id in which}


def _submissions(release, source) -> dict[str, nbformat.NotebookNode]:
    mistakes = discovery.mistakes(ASSIGNMENT).MISTAKES
    first_question = next(iter(sorted(_answer_key())))  # any one question
    hostile_a = (f"# {UNIQUE} in een opmerking\nprint('{UNIQUE} in de uitvoer')\n\n"
                 "def contante_waarde(bedrag, jaar, voet=0.0225):\n"
                 f"    raise AssertionError({HOSTILE + ' ' + UNIQUE!r})\n")
    hostile_b = ("def netto_contante_waarde(stromen, voet=0.0225):\n"
                 f"    raise ValueError({UNIQUE!r})\n")
    learners: dict[str, dict[str, str] | None] = {}
    for i in range(1, 10):
        learners[f"model{i:02d}"] = {}
    for i in range(1, PLANTED + 1):
        extra = _wrong_questions([first_question]) if i <= 3 else {}
        learners[f"mis{i:02d}"] = {"mkba_a_antwoord": MISCONCEPTION, **extra}
    for i in range(1, 5):
        learners[f"leeg{i:02d}"] = None
    for part in "bcd":
        for i in (1, 2):
            learners[f"fout_{part}{i}"] = {f"mkba_{part}_antwoord": mistakes[f"mkba_{part}_antwoord"].strip()}
    learners["fout_voet"] = {"mkba_a_antwoord": "def contante_waarde(bedrag, jaar, voet=0.03):\n"
                                                "    return bedrag / (1 + voet) ** jaar"}
    learners["zwak"] = {"mkba_c_antwoord": mistakes["mkba_c_antwoord"].strip(),
                        "mkba_d_antwoord": mistakes["mkba_d_antwoord"].strip(), **_wrong_questions()}
    learners["vreemd"] = {"mkba_a_antwoord": hostile_a, "mkba_b_antwoord": hostile_b,
                          "mkba_f_advies": f"Mijn advies {UNIQUE} <script>alert(3)</script>"}
    assert len(learners) == 30
    return {name: (release if replace is None else fill_in(release, source, replace))
            for name, replace in learners.items()}


#: Written answers graded by hand, as a trainer would in the formgrader.
MANUAL = {"model01": 6, "model02": 5, "model03": 4, "model04": 6, "model05": 3, "model06": 5,
          "mis01": 2, "mis02": 3, "mis03": 4, "mis04": 2}



def slow_class(test):
    """Grades the class: slow, and needs the grading sandbox."""
    return pytest.mark.slow(needs_sandbox(test))


#: Files in the download that are no learner's notebook (reported by the import, never placed);
#: ``kapot.ipynb`` is a notebook whose compressed data is damaged in the zip.
BROKEN_FILES = {"LEESMIJ.txt": b"De inzendingen van groep 3.", "verslag van jan.pdf": b"%PDF-1.4"}


def _download(path: Path, submissions: dict[str, nbformat.NotebookNode]) -> Path:
    """The group as a learning platform's plain download: ``<learner id>.ipynb`` files, plus
    broken files and one damaged member (:data:`BROKEN_FILES`)."""
    from tests import lms_samples

    with zipfile.ZipFile(path, "w") as archive:
        for learner, nb in submissions.items():
            lms_samples.add(archive, f"groep3/{learner}.ipynb", nbformat.writes(nb).encode("utf-8"))
        for name, data in BROKEN_FILES.items():
            lms_samples.add(archive, f"groep3/{name}", data)
        lms_samples.add(archive, "groep3/kapot.ipynb", nbformat.writes(next(iter(submissions.values()))).encode())
    lms_samples.corrupt(path, "groep3/kapot.ipynb")
    return path


def _make(course: Path, *command: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", *command], cwd=course, env=nbgrader_env(),
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode in ok, f"{command}: {result.stdout}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def klas(tmp_path_factory) -> Klas:
    """The whole trainer's workflow, as the Makefile runs it, for a class of 30."""
    course = tmp_path_factory.mktemp("groepsrapport")
    release_dir, release, source = prepare_course(course, ASSIGNMENT)
    download = _download(course / "download.zip", _submissions(release, source))
    # make import, then make grade: the intake, the parallel grader, the report.
    imported = _make(course, "grading.submissions_import", ASSIGNMENT, str(download), ok=(0, 1))
    _make(course, "grading.intake", ASSIGNMENT)
    graded = _make(course, "grading.parallel", ASSIGNMENT)
    # What a trainer does in the formgrader (its API: tests/test_grading_formgrader.py).
    notebook = Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for learner, score in MANUAL.items():
            grade = gradebook.find_grade("mkba_f_advies", notebook, ASSIGNMENT, learner)
            grade.manual_score = float(score)
            grade.needs_manual_grade = False
        gradebook.db.commit()
    # make feedback (feedback again, then the report), make export, make return.
    _make(course, "nbgrader", "generate_feedback", ASSIGNMENT, "--force")
    result = _make(course, "grading.report", ASSIGNMENT)
    _make(course, "nbgrader", "export", "--assignment", ASSIGNMENT, "--to", f"reports/{ASSIGNMENT}-cijfers.csv")
    _make(course, "grading.return_feedback", ASSIGNMENT)
    page = (course / "reports" / f"{ASSIGNMENT}-groepsrapport.html").read_text(encoding="utf-8")
    return Klas(root=course, page=page, summary=result.stdout,
                group=report.load_group(course, ASSIGNMENT), source=source, manual=MANUAL,
                imported=imported.stdout, graded=graded.stdout)


def _gradebook_table(root: Path) -> tuple[list[str], dict[str, dict[str, tuple[float, bool]]], dict[str, float]]:
    """Straight from the gradebook: learner -> grade id -> (score, final), and the maxima."""
    rows, maxima = {}, {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            row = {}
            for nb in submission.notebooks:
                for grade in nb.grades:
                    maxima[grade.name] = float(grade.max_score)
                    final = not (grade.needs_manual_grade and grade.manual_score is None)
                    row[grade.name] = (float(grade.score), final)
            rows[submission.student.id] = row
    return sorted(rows), rows, maxima


@slow_class
def test_the_class_was_graded_as_designed(klas):
    learners, rows, maxima = _gradebook_table(klas.root)
    assert len(learners) == 30 == len(klas.group.learners)
    total = {l: sum(s for s, _ in rows[l].values()) for l in learners}
    assert total["model07"] == sum(maxima.values()) - maxima["mkba_f_advies"]
    assert total["leeg01"] == 0
    for i in range(1, PLANTED + 1):
        assert rows[f"mis{i:02d}"]["mkba_a_waarde"][0] == 0


@slow_class
def test_the_planted_misconception_is_that_tasks_most_frequent_failure(klas):
    rows = table(klas.page, "A waarde: meldingen van de controles die faalden")
    assert rows[0] == ["Melding van de controle", "Cursisten"]
    assert rows[1] == [MISCONCEPTION_MESSAGE, str(PLANTED)]
    assert all(int(count) < PLANTED for _, count in rows[2:])
    counted = klas.group.failures["mkba_a_waarde"]
    assert counted[Failure("controle", MISCONCEPTION_MESSAGE)] == PLANTED
    assert counted.most_common(1)[0] == (Failure("controle", MISCONCEPTION_MESSAGE), PLANTED)
    # with the task's tip, as learners read it in their feedback
    section = klas.page.split('id="mis-mkba-a-waarde"', 1)[1].split("<h3", 1)[0]
    assert "Tip bij deze taak:</strong> deel het bedrag door (1 + voet) tot de macht jaar." in section


@slow_class
def test_every_failure_is_counted_once(klas):
    learners, rows, maxima = _gradebook_table(klas.root)
    for grade_id, maximum in maxima.items():
        if grade_id == "mkba_f_advies":
            continue
        failed = sum(1 for l in learners if rows[l][grade_id][0] < maximum)
        assert sum(klas.group.failures[grade_id].values()) == failed, grade_id


@slow_class
def test_p_values_pass_rates_and_discrimination_match_the_gradebook(klas):
    learners, rows, maxima = _gradebook_table(klas.root)
    shown = {r[0].split(" ")[0] + " " + r[0].split(" ")[1]: r
             for r in table(klas.page, "Moeilijkheid en onderscheidend vermogen per taak")[1:]}
    stats = {t.grade_id: report.task_stats(klas.group, t) for t in klas.group.tasks}
    for grade_id, maximum in maxima.items():
        graded = [l for l in learners if rows[l][grade_id][1]]
        item = np.array([rows[l][grade_id][0] for l in graded])
        totals = np.array([sum(s for s, _ in rows[l].values()) for l in graded])
        p = item.mean() / maximum
        passed = float(np.mean(item >= maximum))
        with np.errstate(invalid="ignore", divide="ignore"):
            rir = np.corrcoef(item, totals - item)[0, 1] if len(set(item)) > 1 and len(set(totals - item)) > 1 else math.nan
        assert stats[grade_id].n == len(graded)
        assert stats[grade_id].p == pytest.approx(p), grade_id
        assert stats[grade_id].passed == pytest.approx(passed), grade_id
        if math.isnan(rir):
            assert math.isnan(stats[grade_id].rir), grade_id
        else:
            assert stats[grade_id].rir == pytest.approx(rir, abs=1e-9), grade_id
        _, label = report._label(grade_id)
        row = shown[label]
        assert row[3] == _words(format_number(p, 2)), grade_id
        assert row[4] == _words(format_percent(passed, 0)), grade_id
        assert row[5] == ("–" if math.isnan(rir) else _words(format_number(rir, 2))), grade_id
    # the written answer: only the graded ones count
    assert stats["mkba_f_advies"].n == len(MANUAL) + 4  # the four empty ones score 0 at once


@slow_class
def test_group_figures_and_waiting_answers(klas):
    learners, rows, maxima = _gradebook_table(klas.root)
    totals = [sum(s for s, _ in rows[l].values()) for l in learners]
    pass_mark = round(0.55 * sum(maxima.values()), 2)
    passed = sum(1 for t in totals if t >= pass_mark)
    text = " ".join(" ".join(parse(klas.page).text).split())
    assert f"{passed} van de 30 cursisten halen die score of meer" in text
    assert f"Mediaan {report.format_points(statistics.median(totals))}" in text
    assert f"Cesuur: {report.format_points(pass_mark)} van 20 punten (55 % van het maximum; ingesteld in grading/cesuur.toml" in text
    waiting = sum(1 for l in learners if not rows[l]["mkba_f_advies"][1])
    assert waiting == 30 - len(MANUAL) - 4
    assert table(klas.page, "Schriftelijke antwoorden die nog op een trainer wachten")[1] == \
        ["F advies", "6", str(waiting)]
    lines = klas.summary.strip().splitlines()
    assert 5 <= len(lines) <= 8, klas.summary
    assert f"Voldoende (cesuur 11 punten, 55 % van het maximum): {passed} van 30." in lines
    assert f"Nog te beoordelen in de formgrader: F advies ({waiting})." in lines
    assert lines[-1] == f"Rapport (alleen voor trainers): reports/{ASSIGNMENT}-groepsrapport.html"


@slow_class
def test_per_learner_only_the_id_and_scores(klas):
    learners, rows, maxima = _gradebook_table(klas.root)
    scores = table(klas.page, "Scores per cursist (maximaal 20 punten)")
    assert scores[0] == ["Cursist"] + [t.label for t in klas.group.tasks] + ["Totaal", "Voldoende"]
    assert [r[0] for r in scores[1:]] == learners
    for row in scores[1:]:
        for cell in row[1:-1]:
            assert re.fullmatch(r"\d+(,\d+)?|open", cell), (row[0], cell)
        assert row[-1] in ("ja", "nee")
    for learner in learners:  # the id is on the page once: in its own row
        assert klas.page.count(f">{learner}<") == 1, learner
    # what the learners wrote, printed or raised is not on the page; nor are the answers
    # or the hidden tests' code, nor a traceback
    page = klas.page
    assert UNIQUE not in page
    for line in solution_lines(klas.source) | hidden_test_lines(klas.source):
        assert line not in page, line
    assert "Traceback" not in page and "<toets>" not in page and "&lt;toets&gt;" not in page


@slow_class
def test_a_hostile_learner_gets_nothing_onto_the_page(klas):
    page = klas.page
    assert outside_references(page) == []
    assert "alert(" not in page  # not even escaped: a learner's own message is never shown
    assert klas.group.failures["mkba_a_waarde"][
        Failure("anders", report._reason_for("AssertionError"))] == 1
    assert klas.group.failures["mkba_b_ncw"][Failure("anders", report._reason_for("ValueError"))] == 1


# ---------------------------------------------------------------- the whole workflow


@slow_class
def test_the_whole_workflow_places_grades_and_returns_every_learner_and_reports_the_broken_files(klas):
    import csv
    import io

    learners = sorted(klas.group.learners)
    assert len(learners) == 30
    # make import: every learner placed under their own id; each broken file named, none placed.
    for name in ("LEESMIJ.txt", "verslag van jan.pdf", "kapot.ipynb"):
        assert name in klas.imported, name
    assert sorted(p.name for p in (klas.root / "submitted").iterdir()) == learners
    # make grade: everyone graded with feedback, in parallel, with a summary.
    assert "30 cursisten nagekeken, met feedback" in klas.graded
    notebook = Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem
    for learner in learners:
        assert (klas.root / "feedback" / learner / ASSIGNMENT / f"{notebook}.html").is_file(), learner
    # make return: one zip per learner, with their own page.
    zips = sorted(p.name for p in (klas.root / "feedback" / f"{ASSIGNMENT}-terug").iterdir())
    assert zips == [f"{learner}-{ASSIGNMENT}-feedback.zip" for learner in learners]
    # make export: the written grades count; who still waits for a trainer has no result yet.
    text = (klas.root / "reports" / f"{ASSIGNMENT}-cijfers.csv").read_text(encoding="utf-8-sig")
    rows = {row["cursist"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert sorted(rows) == learners
    _, table, _ = _gradebook_table(klas.root)
    for learner in learners:
        total = sum(score for score, _ in table[learner].values())
        final = all(done for _, done in table[learner].values())
        assert rows[learner]["punten"] == report.format_points(total), learner
        expected = ("nog niet compleet" if not final else "voldoende" if total >= 11 else "onvoldoende")
        assert rows[learner]["resultaat"] == expected, learner
    assert {rows[l]["resultaat"] for l in MANUAL} <= {"voldoende", "onvoldoende"}
