"""A written answer graded in nbgrader's formgrader reaches the grades and the learner.

The trainer's steps after ``make grade``, for real: a Jupyter server with nbgrader's
formgrader runs on 127.0.0.1 in a graded course; the test grades a learner's written
answer and writes a comment through the formgrader's own API (what its grading page
sends), then runs what ``make feedback``, ``make export`` and ``make return`` run. The
score and the comment must be in that learner's feedback page and in their zip, the new
total and "voldoende" in the grades CSV; the other learner, whose written answer still
waits, is "nog niet compleet". Last, forgetting one learner removes their zip only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from tests import discovery
from tests.grading_helpers import fill_in, hand_in, nbgrader_env, needs_sandbox, prepare_course, run_nbgrader

ASSIGNMENT = "mkba"
NOTEBOOK = Path(discovery.builder(ASSIGNMENT).NOTEBOOK_NAME).stem
WRITTEN = "mkba_f_advies"
COMMENT = "Sterk advies; noem ook hoe zeker het effect op de bijstand is."
pytestmark = needs_sandbox


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Formgrader:
    """A Jupyter server with the formgrader in ``course``, spoken to over its API."""

    def __init__(self, course: Path) -> None:
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "server", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={self.port}", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={course}", *(["--allow-root"] if os.getuid() == 0 else [])],
            cwd=course, env=nbgrader_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.call("GET", "/formgrader/api/status")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(f"the formgrader did not start:\n{self.process.stderr.read()[-3000:]}")
                time.sleep(0.5)

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("formgrader")
    release_dir, release, source = prepare_course(root, ASSIGNMENT)
    model = fill_in(release, source)
    hand_in(root, ASSIGNMENT, release_dir, {"anna": model, "bram": model})
    for command in (["grading.intake", ASSIGNMENT], ["grading.parallel", ASSIGNMENT]):
        result = subprocess.run([sys.executable, "-m", *command], cwd=root, env=nbgrader_env(),
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    server = Formgrader(root)
    try:
        notebooks = server.call("GET", f"/formgrader/api/submitted_notebooks/{ASSIGNMENT}/{NOTEBOOK}")
        anna = next(nb for nb in notebooks if nb["student"] == "anna")
        grades = server.call("GET", f"/formgrader/api/grades?submission_id={anna['id']}")
        comments = server.call("GET", f"/formgrader/api/comments?submission_id={anna['id']}")
        grade = next(g for g in grades if g["name"] == WRITTEN)
        comment = next(c for c in comments if c["name"] == WRITTEN)
        assert grade["needs_manual_grade"] and grade["max_score"] == 6
        server.call("PUT", f"/formgrader/api/grade/{grade['id']}", {"manual_score": 4, "extra_credit": None})
        server.call("PUT", f"/formgrader/api/comment/{comment['id']}", {"manual_comment": COMMENT})
    finally:
        server.stop()
    # make feedback, make export, make return
    run_nbgrader(root, "generate_feedback", ASSIGNMENT, "--force")
    run_nbgrader(root, "export", "--assignment", ASSIGNMENT, "--to", f"reports/{ASSIGNMENT}-cijfers.csv")
    packed = subprocess.run([sys.executable, "-m", "grading.return_feedback", ASSIGNMENT], cwd=root,
                            env=nbgrader_env(), capture_output=True, text=True, timeout=120)
    assert packed.returncode == 0, packed.stdout + packed.stderr
    assert "2 zip(s) met feedback" in packed.stdout
    return root


def test_the_formgraders_grade_is_in_the_gradebook(course) -> None:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(WRITTEN, NOTEBOOK, ASSIGNMENT, "anna")
        assert (grade.manual_score, grade.needs_manual_grade) == (4.0, False)
        assert gradebook.find_comment(WRITTEN, NOTEBOOK, ASSIGNMENT, "anna").manual_comment == COMMENT
        assert gradebook.find_grade(WRITTEN, NOTEBOOK, ASSIGNMENT, "bram").needs_manual_grade


def test_the_grade_and_the_comment_are_in_the_learners_feedback_and_only_theirs(course) -> None:
    anna = (course / "feedback" / "anna" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    bram = (course / "feedback" / "bram" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Beoordeling door je trainer: 4 van 6 punten." in anna and COMMENT in anna
    assert "Nog niet beoordeeld door je trainer (maximaal 6 punten)." in bram and COMMENT not in bram


def test_each_learner_gets_a_zip_with_their_own_feedback_and_nothing_else(course) -> None:
    folder = course / "feedback" / f"{ASSIGNMENT}-terug"
    assert sorted(p.name for p in folder.iterdir()) == [f"anna-{ASSIGNMENT}-feedback.zip",
                                                         f"bram-{ASSIGNMENT}-feedback.zip"]
    with zipfile.ZipFile(folder / f"anna-{ASSIGNMENT}-feedback.zip") as archive:
        assert archive.namelist() == [f"{NOTEBOOK}.html"]
        page = archive.read(f"{NOTEBOOK}.html").decode("utf-8")
    assert page == (course / "feedback" / "anna" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert COMMENT in page


def test_the_grades_csv_has_the_written_grade_and_the_result_against_the_pass_mark(course) -> None:
    text = (course / "reports" / f"{ASSIGNMENT}-cijfers.csv").read_text(encoding="utf-8-sig")
    rows = {row["cursist"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert (rows["anna"]["punten"], rows["anna"]["resultaat"], rows["anna"]["nog te beoordelen"]) == \
        ("18", "voldoende", "0")
    assert (rows["bram"]["punten"], rows["bram"]["resultaat"], rows["bram"]["nog te beoordelen"]) == \
        ("14", "nog niet compleet", "1")


def test_forgetting_one_learner_removes_their_zip_and_keeps_the_others(course) -> None:
    result = subprocess.run([sys.executable, "-m", "grading.forget", ASSIGNMENT, "--cursist", "anna", "--ja"],
                            cwd=course, env=nbgrader_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    folder = course / "feedback" / f"{ASSIGNMENT}-terug"
    assert sorted(p.name for p in folder.iterdir()) == [f"bram-{ASSIGNMENT}-feedback.zip"]
    assert not (course / "feedback" / "anna").exists()
    assert (course / "feedback" / "bram" / ASSIGNMENT / f"{NOTEBOOK}.html").is_file()
    assert os.listdir(course / "submitted") == ["bram"]
