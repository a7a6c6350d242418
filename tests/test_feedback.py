"""Learners' feedback: Dutch, with scores and tips, and nothing that gives tests away.

The fast tests pin down ``grading.feedback`` on small inputs. The slow ones read the HTML
that ``nbgrader generate_feedback`` wrote for the graded submissions of every assignment
(``tests/grading_helpers.py``) and check what a learner can (and cannot) read in it.
MKBA's exact totals and texts are in ``test_feedback_mkba.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from grading.feedback import (
    LearnerFeedback,
    docstring_summary,
    error_message,
    format_points,
    points_phrase,
    split_tip,
    result_sentence,
)
from grading.sandbox import KERNEL_LOST_NOTE
from tests.grading_helpers import (  # noqa: F401 (graded_course is a fixture)
    MANUAL_COMMENT,
    MANUAL_SCORE,
    STUDENTS,
    GradedCourse,
    code_answer_cells,
    graded_course,
    manual_cells,
    solution_text,
)

CDN_HOSTS = ("cdnjs", "jsdelivr", "unpkg", "mathjax", "googleapis", "bootstrapcdn", "cloudflare")
FORBIDDEN = ("Traceback", "AssertionError", "BEGIN HIDDEN", "END HIDDEN", "BEGIN SOLUTION",
             "END SOLUTION")


# ---------------------------------------------------------------- helpers


class _Page(HTMLParser):
    """All text of a page (script and style included) and every URL it would load."""

    LOADING = {"src", "srcset", "poster", "data"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.loads: list[str] = []
        self.lang: str | None = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        for name, value in attrs.items():
            if value and (name in self.LOADING or (name == "href" and tag == "link")):
                self.loads.append(value)
            if name == "style" and value:
                self.loads += _css_urls(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_style:
            self.loads += _css_urls(data)


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    return found + re.findall(r"@import\s+['\"]([^'\"]+)", css)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _test_cells(nb) -> list:
    return [c for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")]


def _hidden_lines(nb) -> list[str]:
    """Every substantial line of every hidden block in the source notebook."""
    lines = []
    for cell in _test_cells(nb):
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
        lines += [line.strip() for line in hidden.splitlines() if len(line.strip()) >= 12]
    return lines


def _visible_asserts(nb) -> list[str]:
    lines = []
    for cell in _test_cells(nb):
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        lines += [line.strip() for line in visible.splitlines() if line.startswith("assert")]
    return lines


def _unit(points: float) -> str:
    return "punt" if points == 1 else "punten"


def _expected_results(course: GradedCourse, student: str) -> dict[str, str]:
    """The Dutch sentence each test cell should show, built from the gradebook and docstrings."""
    from nbgrader.api import Gradebook

    expected = {}
    with Gradebook(course.db_url) as gradebook:
        for cell in _test_cells(course.source):
            grade_id = _meta(cell)["grade_id"]
            points = int(_meta(cell)["points"])
            score = gradebook.find_grade(grade_id, course.notebook, course.assignment, student).score
            tip = cell.source.split("\n", 1)[0].strip('"').split("Tip:")[1].strip()
            if score == points:
                expected[grade_id] = f"Gelukt: {points} van {points} {_unit(points)}."
            else:
                assert score == 0, "these submissions have no partial credit"
                expected[grade_id] = f"Nog niet gelukt: 0 van {points} {_unit(points)}. Tip: {tip}"
    return expected


# ---------------------------------------------------------------- fast: the building blocks


@pytest.mark.parametrize(("value", "text"), [(2, "2"), (2.0, "2"), (1.5, "1,5"), (0.25, "0,25"), (1 / 3, "0,33")])
def test_format_points_uses_a_decimal_comma(value, text):
    assert format_points(value) == text


def test_points_phrase_is_singular_for_one_point():
    assert points_phrase(0, 1) == "0 van 1 punt"
    assert points_phrase(1.5, 2) == "1,5 van 2 punten"


@pytest.mark.parametrize(("source", "summary"), [
    ('"""Deel A: iets. Tip: doe dit."""\nassert x, "y"', "Deel A: iets. Tip: doe dit."),
    ('"""\n    Deel B: eerste regel.\n    Tweede regel.\n"""\nassert True', "Deel B: eerste regel."),
    ('assert x == 1, "geen docstring"', None),
    ('%time x = 1\nassert x', None),
    ('"""Deel C: met magic. Tip: t."""\n%time x = 1', "Deel C: met magic. Tip: t."),
])
def test_docstring_summary_takes_the_first_line_or_nothing(source, summary):
    assert docstring_summary(source) == summary


def test_split_tip_separates_label_and_tip():
    assert split_tip("Deel A: iets. Tip: doe dit.") == ("Deel A: iets", "doe dit.")
    assert split_tip("Deel A: zonder tip.") == ("Deel A: zonder tip", None)


@pytest.mark.parametrize(("score", "points", "status", "text"), [
    (2, 2, "gelukt", "Gelukt: 2 van 2 punten."),
    (0, 2, "niet", "Nog niet gelukt: 0 van 2 punten. Tip: kijk naar jaar 0."),
    (0.5, 1, "deels", "Deels gelukt: 0,5 van 1 punt. Tip: kijk naar jaar 0."),
    (None, 1, "niet", "Nog niet gelukt: 0 van 1 punt. Tip: kijk naar jaar 0."),
])
def test_result_sentence_per_status(score, points, status, text):
    assert result_sentence(score, points, "kijk naar jaar 0.") == (status, text)


def test_error_messages_are_dutch_and_carry_no_traceback():
    assert "tijdslimiet" in error_message("KeyboardInterrupt", "")
    assert "nog niet is uitgewerkt" in error_message("NotImplementedError", "")
    name_error = error_message("NameError", "name 'x' is not defined")
    assert name_error.startswith("Deze cel stopte met een fout: NameError: name 'x' is not defined.")
    assert "eerdere cel" in name_error
    # A learner's own assert: its message is not repeated, and neither is the error's name.
    own = error_message("AssertionError", "verwacht 42")
    assert "42" not in own and "AssertionError" not in own
    # A cell the grader did not run because the kernel had stopped says just that.
    assert error_message("KernelGestopt", "iets anders") == KERNEL_LOST_NOTE
    long = error_message("ValueError", "\x1b[0;31m" + "x" * 500 + "\nTraceback (most recent call last)")
    assert "\x1b" not in long and "Traceback" not in long and len(long) < 260


def _synthetic_notebook():
    test = new_code_cell(
        '"""Deel A: de som. Tip: tel op."""\nassert som(1, 1) == 2, "zichtbaar"\n'
        "### BEGIN HIDDEN TESTS\nassert som(2, 2) == 4, \"geheim\"\n### END HIDDEN TESTS",
        metadata={"nbgrader": {"grade": True, "solution": False, "locked": True,
                               "grade_id": "t_a_som", "points": 2, "score": 0}},
        outputs=[new_output("error", ename="AssertionError", evalue="geheim",
                            traceback=["Traceback (most recent call last)", "assert som(2, 2) == 4, \"geheim\""]),
                 new_output("stream", name="stdout", text="debug uit de test\n")],
    )
    answer = new_code_cell(
        "def som(a, b):\n    return a - b\nsom(1, 1)",
        metadata={"nbgrader": {"grade": False, "solution": True, "locked": False, "grade_id": "t_a_antwoord"}},
        outputs=[new_output("execute_result", data={"text/plain": "0"}, execution_count=1),
                 new_output("error", ename="KeyboardInterrupt", evalue="", traceback=["Traceback ..."]),
                 new_output("error", ename="CellTimeoutError", evalue="", traceback=["..."])],
    )
    heading = new_markdown_cell("## Deel A (2 punten)", metadata={"nbgrader": {"locked": True, "grade_id": "t_a"}})
    return new_notebook(cells=[heading, answer, test])


def test_preprocessor_replaces_test_source_and_every_output():
    nb = _synthetic_notebook()
    resources = {"nbgrader": {"score": 0, "max_score": 2, "late_penalty": 0},
                 "inlining": {"css": [".gt { color: red } /* Generic.Traceback */"]}}
    nb, resources = LearnerFeedback().preprocess(nb, resources)
    heading, answer, test = nb.cells
    assert test.source == '"""Deel A: de som. Tip: tel op."""'
    assert [o["data"]["text/plain"] for o in test.outputs] == ["Nog niet gelukt: 0 van 2 punten. Tip: tel op."]
    # The learner's own result stays; the timeout's two errors become one Dutch line.
    assert answer.outputs[0]["data"] == {"text/plain": "0"}
    assert len(answer.outputs) == 2 and "tijdslimiet" in answer.outputs[1]["data"]["text/plain"]
    dumped = nbformat.writes(nb) + repr(resources)
    for leak in ("geheim", "zichtbaar", "Traceback", "debug uit de test", "AssertionError"):
        assert leak not in dumped, leak
    assert resources["feedback_nl"]["summary"] == ["Totaal: 0 van 2 punten."]
    assert resources["feedback_nl"]["overview"] == [{
        "anchor": "t_a_som", "label": "Deel A: de som", "status": "niet",
        "result": "Nog niet gelukt: 0 van 2 punten. Tip: tel op."}]


def test_summary_mentions_a_late_penalty():
    nb, resources = LearnerFeedback().preprocess(
        _synthetic_notebook(), {"nbgrader": {"score": 1, "max_score": 2, "late_penalty": 1}})
    assert resources["feedback_nl"]["summary"] == [
        "Totaal: 1 van 2 punten.", "Voor te laat inleveren is 1 punt afgetrokken."]


def test_preprocessor_without_a_description_shows_only_the_grade_id():
    nb = _synthetic_notebook()
    nb.cells[2].source = 'assert som(1, 1) == 2, "zichtbaar"'
    nb, _ = LearnerFeedback().preprocess(nb, {"nbgrader": {"score": 0, "max_score": 2}})
    assert nb.cells[2].source == '"""Controle t_a_som"""'


def test_preprocessor_refuses_to_run_before_getgrades():
    with pytest.raises(RuntimeError, match="GetGrades"):
        LearnerFeedback().preprocess(_synthetic_notebook(), {"nbgrader": {}})


def test_feedback_template_is_not_ignored_by_git():
    """nbgrader looks the template up by the name "feedback", a name .gitignore may also
    use for learners' feedback folders; a clean checkout must still have the template."""
    import shutil
    import subprocess

    from grading.feedback import TEMPLATE_BASEDIR

    root = Path(TEMPLATE_BASEDIR).parents[1]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    files = sorted(str(p.relative_to(root)) for p in Path(TEMPLATE_BASEDIR).rglob("*") if p.is_file())
    assert files
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *files], cwd=root,
                             capture_output=True, text=True).stdout.split()
    assert ignored == [], "anchor the pattern in .gitignore (/feedback/) or re-include grading/templates/feedback/"


def _course_config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(Path(__file__).resolve().parents[1])).load_config()


@pytest.mark.parametrize(("template", "ours"), [("feedback", True), ("formgrade", False)])
def test_course_config_finds_our_feedback_and_the_formgraders_templates(template, ours):
    """The formgrader sets its template folder first and then reads the course config."""
    from nbconvert.exporters import HTMLExporter

    from grading.feedback import TEMPLATE_BASEDIR

    config = _course_config()
    config.HTMLExporter.template_name = template
    exporter = HTMLExporter(config=config)
    filename = Path(exporter.template.filename).resolve()
    assert (Path(TEMPLATE_BASEDIR).resolve() in filename.parents) is ours


def test_course_config_runs_learner_feedback_after_getgrades():
    steps = list(_course_config().GenerateFeedback.preprocessors)
    assert steps.index("grading.feedback.LearnerFeedback") > steps.index("nbgrader.preprocessors.GetGrades")
    assert steps[-1] == "grading.feedback.LearnerFeedback"


# ---------------------------------------------------------------- slow: the real feedback pages


def _handed_in(course: GradedCourse, student: str) -> None:
    if student not in course.submissions:
        pytest.skip(f"{course.assignment} has no submission {student!r} (no tests/mistakes_{course.assignment}.py)")


def _score(course: GradedCourse, student: str) -> tuple[float, float]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission_notebook(course.notebook, course.assignment, student)
        return submission.score, submission.max_score


def _manual_points(course: GradedCourse) -> float:
    return sum(float(c.metadata["nbgrader"]["points"]) for c in manual_cells(course.source))


@pytest.mark.slow
@pytest.mark.parametrize("student", STUDENTS)
def test_feedback_page_leaks_nothing(graded_course, student):
    _handed_in(graded_course, student)
    html = graded_course.feedback_html(student)
    page = _page(html)
    text = "".join(page.text)
    assert page.lang == "nl"
    for word in (*FORBIDDEN, f"_{graded_course.assignment}"):
        assert word not in html, word
    for line in _hidden_lines(graded_course.source) + _visible_asserts(graded_course.source):
        assert line not in text, line
    assert "assert " not in text
    remote = [url for url in page.loads if re.match(r"(?i)(https?:)?//", url.strip())]
    assert remote == []
    assert not [host for host in CDN_HOSTS if host in html.lower()]


@pytest.mark.slow
@pytest.mark.parametrize("student", STUDENTS)
def test_feedback_shows_score_and_a_result_per_test(graded_course, student):
    _handed_in(graded_course, student)
    text = "".join(_page(graded_course.feedback_html(student)).text)
    score, max_score = _score(graded_course, student)
    assert f"Totaal: {format_points(score)} van {format_points(max_score)} punten." in text
    # Only model's written answer has been graded by hand; leeg's empty one scores zero at once.
    complete = student in ("model", "leeg") or not manual_cells(graded_course.source)
    assert ("Je trainer heeft nog niet alles beoordeeld" in text) is not complete
    expected = _expected_results(graded_course, student)
    for sentence in set(expected.values()):
        # Once in the overview at the top, once at each test cell it belongs to.
        cells = sum(1 for s in expected.values() if s == sentence)
        assert text.count(sentence) == 2 * cells, sentence
    for cell in _test_cells(graded_course.source):
        assert cell.source.split("\n", 1)[0] in text
    if student == "model":
        assert "Nog niet gelukt" not in text


@pytest.mark.slow
def test_feedback_on_the_written_answer(graded_course):
    if not graded_course.manual_grade_id:
        pytest.skip(f"{graded_course.assignment} has no written answer")
    maximum = format_points(_manual_points(graded_course))
    model = "".join(_page(graded_course.feedback_html("model")).text)
    score = min(MANUAL_SCORE, _manual_points(graded_course))
    assert f"Beoordeling door je trainer: {format_points(score)} van {maximum} punten." in model
    assert "Opmerking van je trainer:" in model and MANUAL_COMMENT in model
    open_ = "".join(_page(graded_course.feedback_html("oneindig")).text)
    assert f"Nog niet beoordeeld door je trainer (maximaal {maximum} punten)." in open_
    empty = "".join(_page(graded_course.feedback_html("leeg")).text)
    assert f"Niet ingevuld: 0 van {maximum} punten." in empty


@pytest.mark.slow
def test_learner_cells_keep_their_code_and_explain_errors_in_dutch(graded_course):
    model = "".join(_page(graded_course.feedback_html("model")).text)
    first_answer = solution_text(code_answer_cells(graded_course.source)[0]).strip().splitlines()[0]
    assert first_answer in model
    assert "Deze cel stopte" not in model
    looped = "".join(_page(graded_course.feedback_html("oneindig")).text)
    assert "while True:" in looped and "tijdslimiet" in looped
    empty = "".join(_page(graded_course.feedback_html("leeg")).text)
    assert "nog niet is uitgewerkt (NotImplementedError)" in empty


@pytest.mark.slow
@pytest.mark.parametrize("student", STUDENTS)
def test_feedback_page_is_inert(graded_course, student):
    """Nothing on a real page runs or loads: no script, frame, object, form or event
    handler, no javascript:/data: link, images only as inline PNG/JPEG. (The hostile
    payloads themselves are in test_feedback_sanitise.py, with a course of their own.)"""
    from tests.test_feedback_sanitise import assert_inert

    _handed_in(graded_course, student)
    html = graded_course.feedback_html(student)
    assert "<script" not in html.lower()
    assert_inert(html.split("<body>", 1)[1], page=True)
