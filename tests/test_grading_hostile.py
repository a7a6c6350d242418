"""A hostile class: learners whose notebooks attack the grader, for every assignment.

Each attacker hands in the model solution with an attack put in front of its first code
answer (the infinite-loop part of the round trip). The sandbox (``grading/sandbox.py``)
must make every attack cost at most that learner's own points and time:

``slachtoffer``  the model solution: its score must equal the model's, whatever the others do;
``lezer``        reads the course: ``solutions/``, ``source/``, the gradebook, other learners'
                 folders and the trainer's home, by relative and absolute paths;
``schrijver``    writes into the course root, the gradebook and another learner's folder;
``netwerk``      connects to a server the grader's machine listens on;
``geheugen``     allocates 50 GB;
``vorkbom``      a fork bomb;
``uitvoer``      prints 1 GB;
``stopper``      ends its own kernel (``os._exit``): the rest of its notebook is marked not
                 run and scores nothing, and it is still graded with feedback.

All are graded in one ``nbgrader autograde`` run, then feedback is generated. The suite
finds the assignments itself (``tests/discovery.py``), so a new module is attacked too.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading import sandbox
from tests.grading_helpers import (
    ACTIVE_CONTENT,
    ASSIGNMENTS,
    code_answer_cells,
    fill_in,
    hand_in,
    hidden_test_lines,
    meta,
    needs_sandbox,
    notebook_name,
    points,
    prepare_course,
    run_nbgrader,
    solution_text,
)

pytestmark = needs_sandbox

FOUND = "GEVONDEN"


def _attacks(course: Path, port: int, secret: Path) -> dict[str, str]:
    """Attack code per learner; each prints FOUND for anything it should not reach.

    ``secret`` is a file in the trainer's home that no learner may read.
    """
    root = str(course)
    home = str(Path.home())
    return {
        "lezer": f"""
import os
for _path in [{root!r} + '/solutions', {root!r} + '/source', {root!r} + '/gradebook.db',
              {root!r} + '/submitted/slachtoffer', {str(secret)!r}, '../../../solutions',
              '../../../gradebook.db', '../../slachtoffer', '/home']:
    try:
        _inhoud = os.listdir(_path) if os.path.isdir(_path) else open(_path, 'rb').read(100)
        print({FOUND!r}, _path, str(_inhoud)[:200])
    except OSError as _fout:
        print('geweigerd', _path, type(_fout).__name__)
""",
        "schrijver": f"""
import os
for _path in [{root!r} + '/gradebook.db', {root!r} + '/gekraakt.txt', '../../../gekraakt.txt',
              {root!r} + '/submitted/slachtoffer/gekraakt.txt', {home!r} + '/gekraakt.txt']:
    try:
        with open(_path, 'w') as _f:
            _f.write('gekraakt')
        print({FOUND!r}, _path)
    except OSError as _fout:
        print('geweigerd', _path, type(_fout).__name__)
""",
        "netwerk": f"""
import socket
try:
    socket.create_connection(('127.0.0.1', {port}), timeout=3).sendall(b'gekraakt')
    print({FOUND!r}, 'netwerk')
except OSError as _fout:
    print('geweigerd', 'netwerk', type(_fout).__name__)
""",
        "geheugen": """
try:
    _groot = bytearray(50 * 1024 ** 3)
    print('GEVONDEN', 'geheugen')
except MemoryError:
    print('geweigerd', 'geheugen', 'MemoryError')
""",
        "vorkbom": """
import os
while True:
    os.fork()
""",
        "uitvoer": """
for _ in range(1000):
    print('x' * 1_000_000)
""",
        "stopper": """
import os
os._exit(1)
""",
    }


class _Listener:
    """A TCP server on the grader's machine that records whether anyone got through."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.5)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(timeout=2)
        self.server.close()


_CACHE: dict[str, dict] = {}


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def attacked(request, tmp_path_factory) -> dict:
    """One course per assignment, graded with the attackers and the victim."""
    assignment = request.param
    if assignment in _CACHE:
        return _CACHE[assignment]
    course = tmp_path_factory.mktemp(f"aanval-{assignment}")
    release_dir, release, source = prepare_course(course, assignment)
    first = meta(code_answer_cells(source)[0])["grade_id"]
    model_answer = next(solution_text(c) for c in source.cells if meta(c).get("grade_id") == first)
    listener = _Listener()
    secret = Path.home() / f".asd-geheim-{os.getpid()}-{assignment}"
    secret.write_text("geheim van de trainer")
    try:
        attacks = _attacks(course, listener.port, secret)
        submissions = {"slachtoffer": fill_in(release, source)}
        for student, code in attacks.items():
            submissions[student] = fill_in(release, source, {first: code.strip() + "\n\n" + model_answer})
        hand_in(course, assignment, release_dir, submissions)
        # A learner whose kernel dies or jams is graded like the rest, so nbgrader reports
        # no failed submission; the exit code is kept to check that, the run goes on anyway.
        try:
            _, log = run_nbgrader(course, "autograde", assignment)
            autograde_ok = True
        except AssertionError as failed:
            log, autograde_ok = str(failed), False
        try:
            _, feedback_log = run_nbgrader(course, "generate_feedback", assignment)
        except AssertionError as failed:
            feedback_log = str(failed)
    finally:
        listener.close()
        secret.unlink(missing_ok=True)
    result = {"course": course, "assignment": assignment, "notebook": notebook_name(assignment),
              "source": source, "students": list(submissions), "log": log,
              "feedback_log": feedback_log, "autograde_ok": autograde_ok, "connections": listener.connections,
              "autograded_points": sum(points(source).values())}
    _CACHE[assignment] = result
    return result


def _score(attacked: dict, student: str) -> float:
    with Gradebook(f"sqlite:///{attacked['course'] / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(attacked["notebook"], attacked["assignment"], student)
        return sum(g.auto_score or 0.0 for g in submission.grades if g.auto_score is not None)


def _outputs(attacked: dict, student: str) -> str:
    path = (attacked["course"] / "autograded" / student / attacked["assignment"]
            / f"{attacked['notebook']}.ipynb")
    nb = nbformat.read(path, as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])


def test_the_victim_scores_full_marks_whatever_the_others_do(attacked) -> None:
    assert _score(attacked, "slachtoffer") == pytest.approx(attacked["autograded_points"])


@pytest.mark.parametrize("student", ["lezer", "schrijver", "netwerk", "geheugen"])
def test_every_attack_is_refused_and_the_rest_of_the_notebook_is_graded(attacked, student) -> None:
    shown = _outputs(attacked, student)
    assert FOUND not in shown, f"{student} reached something it should not: {shown[:2000]}"
    assert "geweigerd" in shown
    # The attack cost nothing else: the model answers after it still score.
    assert _score(attacked, student) == pytest.approx(attacked["autograded_points"])


def test_nothing_was_written_outside_the_learners_scratch_copy(attacked) -> None:
    course = attacked["course"]
    assert not (course / "gekraakt.txt").exists()
    assert not (course / "submitted" / "slachtoffer" / "gekraakt.txt").exists()
    assert not (Path.home() / "gekraakt.txt").exists()
    assert not list(course.rglob("gekraakt.txt"))


def test_no_connection_reached_the_graders_machine(attacked) -> None:
    assert attacked["connections"] == 0


def test_a_fork_bomb_costs_its_own_learner_and_nobody_else(attacked) -> None:
    # The bomb's cell never yields its answer (it ends at the process limit, or the kernel
    # dies), so that learner loses points and is still graded with feedback; the victim,
    # graded in the same run, keeps full marks. (What else the bomber keeps varies with
    # how the kernel's copies die, so it is not pinned down here.)
    assert _score(attacked, "vorkbom") < attacked["autograded_points"]
    feedback = (attacked["course"] / "feedback" / "vorkbom" / attacked["assignment"]
                / f"{attacked['notebook']}.html")
    assert feedback.is_file()
    assert _score(attacked, "slachtoffer") == pytest.approx(attacked["autograded_points"])


def test_a_learner_who_ends_their_kernel_is_graded_on_what_ran(attacked) -> None:
    shown = _outputs(attacked, "stopper")
    assert "KernelGestopt" in shown
    # The attack sits in front of the first answer, so no hidden test ran: none may count.
    assert _score(attacked, "stopper") == 0
    assert (attacked["course"] / "feedback" / "stopper" / attacked["assignment"]
            / f"{attacked['notebook']}.html").is_file()


def test_no_learner_is_dropped_from_the_run(attacked) -> None:
    assert attacked["autograde_ok"], attacked["log"][-3000:]
    for student in attacked["students"]:
        assert (attacked["course"] / "autograded" / student / attacked["assignment"]
                / f"{attacked['notebook']}.ipynb").is_file(), student


def test_a_gigabyte_of_output_is_cut_to_a_short_note(attacked) -> None:
    shown = _outputs(attacked, "uitvoer")
    assert len(shown) < 5 * sandbox.MAX_OUTPUT_BYTES
    assert "Uitvoer ingekort" in shown
    feedback = (attacked["course"] / "feedback" / "uitvoer" / attacked["assignment"]
                / f"{attacked['notebook']}.html")
    assert feedback.stat().st_size < 2_000_000
    assert _score(attacked, "uitvoer") == pytest.approx(attacked["autograded_points"])


def test_every_learner_gets_feedback(attacked) -> None:
    for student in attacked["students"]:
        page = (attacked["course"] / "feedback" / student / attacked["assignment"]
                / f"{attacked['notebook']}.html")
        assert page.is_file(), f"no feedback for {student}:\n{attacked['feedback_log'][-2000:]}"


def test_no_feedback_page_shows_a_hidden_test_or_active_content(attacked) -> None:
    hidden = hidden_test_lines(attacked["source"])
    assert hidden
    for student in attacked["students"]:
        page = (attacked["course"] / "feedback" / student / attacked["assignment"]
                / f"{attacked['notebook']}.html").read_text(encoding="utf-8")
        leaked = [line for line in hidden if line in page]
        assert not leaked, f"{student}: {leaked[:3]}"
        assert not ACTIVE_CONTENT.search(page), f"{student}: {ACTIVE_CONTENT.search(page).group(0)}"
