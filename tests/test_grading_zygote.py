"""The template of the clean test process (``grading/zygote.py``): forked, fresh, replaceable.

The parallel grader forks every notebook's clean process from a template that imported
pandas and the course's modules once. A forked process must answer exactly as a started
one, carry nothing from one notebook to the next, end when it is stopped, and a dead
template must cost nothing but speed: the clean process is then started the ordinary way.
"""

from __future__ import annotations

import os
import time

import pytest

from grading import clean_kernel
from grading.clean_kernel import CleanProcess
from grading.zygote import ForkedProcess, Zygote
from tests.test_clean_kernel import LOCKED, _Learner


@pytest.fixture
def template():
    zygote = Zygote(clean_kernel.clean_env())
    clean_kernel.use_spawner(zygote.spawn)
    yield zygote
    clean_kernel.use_spawner(None)
    zygote.stop()


def _run_notebook(folder, learner: _Learner, test: str) -> tuple[dict, object]:
    process = CleanProcess(folder, [], learner, timeout=30)
    try:
        assert process.run(LOCKED, "locked")["error"] is None
        reply = process.run(test, "test")
        return reply, process._process
    finally:
        process.stop()


def test_a_forked_clean_process_answers_as_a_started_one(template, tmp_path) -> None:
    learner = _Learner(dubbel=lambda x: 2 * x, antwoord=3.0)
    reply, process = _run_notebook(tmp_path, learner, "assert dubbel(antwoord) == 6.0\nprint(tabel['a'].sum())")
    assert isinstance(process, ForkedProcess)
    assert reply == {"op": "done", "error": None, "printed": "3.0\n"}
    assert learner.requests[-1]["op"] == "call" and learner.requests[-1]["name"] == "dubbel"
    failed, _ = _run_notebook(tmp_path, _Learner(dubbel=lambda x: x, antwoord=3.0), "assert dubbel(antwoord) == 6.0")
    assert failed["error"]["ename"] == "AssertionError"


def test_nothing_carries_over_from_one_forked_notebook_to_the_next(template, tmp_path) -> None:
    first, _ = _run_notebook(tmp_path, _Learner(), "import math\nmath.pi = 3\nglobals()['spoor'] = 1\nassert math.pi == 3")
    assert first["error"] is None
    second, _ = _run_notebook(tmp_path, _Learner(), "import math\nassert math.pi > 3.14\nassert 'spoor' not in globals()")
    assert second["error"] is None


def test_a_stopped_forked_process_is_gone(template, tmp_path) -> None:
    process = CleanProcess(tmp_path, [], _Learner(), timeout=30)
    assert process.run(LOCKED, "locked")["error"] is None
    pid = process._process.pid
    os.kill(pid, 0)  # running
    process.stop()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the forked clean process {pid} still runs after stop()")


def test_without_its_template_the_clean_process_is_started_the_ordinary_way(template, tmp_path) -> None:
    template.stop()
    reply, process = _run_notebook(tmp_path, _Learner(antwoord=2.0), "assert antwoord == 2.0")
    assert reply["error"] is None
    assert not isinstance(process, ForkedProcess)
