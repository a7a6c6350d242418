"""The hostile class's attacks, and how a course is graded with them (shared by the suites).

``tests/test_grading_hostile.py`` grades them as the trainer running the tests;
``tests/test_grading_unprivileged.py`` grades them as a trainer without root;
``tests/test_grading_hostile_parallel.py`` grades them as ``make grade`` does, with kernels
forked from a template.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from tests.grading_helpers import (
    ASSIGNMENTS,
    code_answer_cells,
    fill_in,
    hand_in,
    meta,
    notebook_name,
    points,
    prepare_course,
    solution_text,
)

FOUND = "GEVONDEN"

#: Which assignments each way of grading takes the hostile class through. The kernel's
#: sandbox does not depend on the assignment (the attacks sit in front of its first answer),
#: so two per way suffice; every assignment meets the attacks at least once, and a grading of
#: the whole class fewer than all of them keeps ``make test`` within its 30 minutes.
GRADED_BY = {
    "started": ("inclusie", "schulden"),   # root, kernels started in bubblewrap
    "unprivileged": ("mgv", "schulden"),   # a trainer without root (a hub)
    "forked": ("mgv", "mkba"),             # make grade: kernels forked from the template
}


def hostile_assignments(way: str) -> list[str]:
    """The assignments ``way`` grades the hostile class on (see :data:`GRADED_BY`).

    An assignment no way names (a module added later) is graded the ``"started"`` way, so
    a new module meets the attacks without anyone editing this list.
    """
    named = set().union(*GRADED_BY.values())
    chosen = [a for a in ASSIGNMENTS
              if a in GRADED_BY[way] or (way == "started" and a not in named)]
    return chosen or ASSIGNMENTS[:2]


def attacks(course: Path, port: int, secret: Path, home: Path) -> dict[str, str]:
    """Attack code per learner; each prints FOUND for anything it should not reach.

    ``secret`` is a file in the trainer's home ``home`` that no learner may read.
    """
    root = str(course)
    home = str(home)
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


class Listener:
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


#: How a course is graded: ``run(course, *nbgrader_args)`` returns (seconds, log) or
#: raises AssertionError with the log (``tests.grading_helpers.run_nbgrader``).
Runner = Callable[..., tuple[float, str]]


def grade_hostile_class(course: Path, assignment: str, release_dir: Path, release, source,
                        run: Runner, home: Path, students: tuple[str, ...] | None = None) -> dict:
    """Hand in the victim and the attackers (all, or ``students``), autograde, generate feedback.

    ``home`` is the trainer's home: a secret is put there for ``lezer`` to look for.
    Returns what the tests look at (see :func:`score` and :func:`outputs`).
    """
    first = meta(code_answer_cells(source)[0])["grade_id"]
    model_answer = next(solution_text(c) for c in source.cells if meta(c).get("grade_id") == first)
    listener = Listener()
    secret = home / f".asd-geheim-{os.getpid()}-{assignment}"
    secret.write_text("geheim van de trainer")
    try:
        chosen = {name: code for name, code in attacks(course, listener.port, secret, home).items()
                  if students is None or name in students}
        submissions = {"slachtoffer": fill_in(release, source)}
        for student, code in chosen.items():
            submissions[student] = fill_in(release, source, {first: code.strip() + "\n\n" + model_answer})
        hand_in(course, assignment, release_dir, submissions)
        # A learner whose kernel dies or jams is graded like the rest, so nbgrader reports
        # no failed submission; the exit code is kept to check that, the run goes on anyway.
        try:
            _, log = run(course, "autograde", assignment)
            autograde_ok = True
        except AssertionError as failed:
            log, autograde_ok = str(failed), False
        try:
            _, feedback_log = run(course, "generate_feedback", assignment)
        except AssertionError as failed:
            feedback_log = str(failed)
    finally:
        listener.close()
        secret.unlink(missing_ok=True)
    return {"course": course, "assignment": assignment, "notebook": notebook_name(assignment),
            "source": source, "students": list(submissions), "log": log, "home": home,
            "feedback_log": feedback_log, "autograde_ok": autograde_ok, "connections": listener.connections,
            "autograded_points": sum(points(source).values())}


def graded_once(cache: dict[str, dict], assignment: str, folder: Path, run: Runner) -> dict:
    """The hostile class of ``assignment`` in a new course ``folder``, graded with ``run``
    as whoever runs the tests (the trainer's home is theirs); once per ``cache``."""
    if assignment not in cache:
        folder.mkdir(parents=True, exist_ok=True)
        release_dir, release, source = prepare_course(folder, assignment)
        cache[assignment] = grade_hostile_class(folder, assignment, release_dir, release, source, run, Path.home())
    return cache[assignment]


def score(attacked: dict, student: str) -> float:
    """The learner's autograded score in the gradebook."""
    with Gradebook(f"sqlite:///{attacked['course'] / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(attacked["notebook"], attacked["assignment"], student)
        return sum(g.auto_score or 0.0 for g in submission.grades if g.auto_score is not None)


def outputs(attacked: dict, student: str) -> str:
    """Every code cell output of the learner's graded notebook, as JSON text."""
    path = (attacked["course"] / "autograded" / student / attacked["assignment"]
            / f"{attacked['notebook']}.ipynb")
    nb = nbformat.read(path, as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])


def feedback_page(attacked: dict, student: str) -> Path:
    return (attacked["course"] / "feedback" / student / attacked["assignment"]
            / f"{attacked['notebook']}.html")
