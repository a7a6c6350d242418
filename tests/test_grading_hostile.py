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

All are graded in one ``nbgrader autograde`` run, then feedback is generated, by whoever
runs the tests (root in CI). ``tests/test_grading_unprivileged.py`` runs the same tests with
a trainer without root. The suite finds the assignments itself (``tests/discovery.py``), so
a new module is attacked too.
"""

from __future__ import annotations

import pytest

from grading import sandbox
from tests.grading_helpers import ACTIVE_CONTENT, hidden_test_lines, needs_sandbox, run_nbgrader
from tests.hostile import FOUND, feedback_page, graded_once, hostile_assignments, outputs, score

pytestmark = needs_sandbox

_CACHE: dict[str, dict] = {}


@pytest.fixture(scope="module", params=hostile_assignments("started"))
def attacked(request, tmp_path_factory) -> dict:
    """One course per assignment, graded with the attackers and the victim."""
    folder = tmp_path_factory.getbasetemp() / f"aanval-{request.param}"
    return graded_once(_CACHE, request.param, folder, run_nbgrader)


def test_the_victim_scores_full_marks_whatever_the_others_do(attacked) -> None:
    assert score(attacked, "slachtoffer") == pytest.approx(attacked["autograded_points"])


@pytest.mark.parametrize("student", ["lezer", "schrijver", "netwerk", "geheugen"])
def test_every_attack_is_refused_and_the_rest_of_the_notebook_is_graded(attacked, student) -> None:
    shown = outputs(attacked, student)
    assert FOUND not in shown, f"{student} reached something it should not: {shown[:2000]}"
    assert "geweigerd" in shown
    # The attack cost nothing else: the model answers after it still score.
    assert score(attacked, student) == pytest.approx(attacked["autograded_points"])


def test_nothing_was_written_outside_the_learners_scratch_copy(attacked) -> None:
    course = attacked["course"]
    assert not (course / "gekraakt.txt").exists()
    assert not (course / "submitted" / "slachtoffer" / "gekraakt.txt").exists()
    assert not (attacked["home"] / "gekraakt.txt").exists()
    assert not list(course.rglob("gekraakt.txt"))


def test_no_connection_reached_the_graders_machine(attacked) -> None:
    assert attacked["connections"] == 0


def test_a_fork_bomb_costs_its_own_learner_and_nobody_else(attacked) -> None:
    # The bomb's cell never yields its answer (it ends at the process limit, or the kernel
    # dies), so that learner loses points and is still graded with feedback; the victim,
    # graded in the same run, keeps full marks. (What else the bomber keeps varies with
    # how the kernel's copies die, so it is not pinned down here.)
    assert score(attacked, "vorkbom") < attacked["autograded_points"]
    feedback = feedback_page(attacked, "vorkbom")
    assert feedback.is_file()
    assert score(attacked, "slachtoffer") == pytest.approx(attacked["autograded_points"])


def test_a_learner_who_ends_their_kernel_is_graded_on_what_ran(attacked) -> None:
    shown = outputs(attacked, "stopper")
    assert "KernelGestopt" in shown
    # The attack sits in front of the first answer, so no hidden test ran: none may count.
    assert score(attacked, "stopper") == 0
    assert feedback_page(attacked, "stopper").is_file()


def test_no_learner_is_dropped_from_the_run(attacked) -> None:
    assert attacked["autograde_ok"], attacked["log"][-3000:]
    for student in attacked["students"]:
        assert (attacked["course"] / "autograded" / student / attacked["assignment"]
                / f"{attacked['notebook']}.ipynb").is_file(), student


def test_a_gigabyte_of_output_is_cut_to_a_short_note(attacked) -> None:
    shown = outputs(attacked, "uitvoer")
    assert len(shown) < 5 * sandbox.MAX_OUTPUT_BYTES
    assert "Uitvoer ingekort" in shown
    feedback = feedback_page(attacked, "uitvoer")
    assert feedback.stat().st_size < 2_000_000
    assert score(attacked, "uitvoer") == pytest.approx(attacked["autograded_points"])


def test_every_learner_gets_feedback(attacked) -> None:
    for student in attacked["students"]:
        page = feedback_page(attacked, student)
        assert page.is_file(), f"no feedback for {student}:\n{attacked['feedback_log'][-2000:]}"


def test_no_feedback_page_shows_a_hidden_test_or_active_content(attacked) -> None:
    hidden = hidden_test_lines(attacked["source"])
    assert hidden
    for student in attacked["students"]:
        page = feedback_page(attacked, student).read_text(encoding="utf-8")
        leaked = [line for line in hidden if line in page]
        assert not leaked, f"{student}: {leaked[:3]}"
        assert not ACTIVE_CONTENT.search(page), f"{student}: {ACTIVE_CONTENT.search(page).group(0)}"
