"""The grading sandbox's own rules: refuse in Dutch when it cannot start, copy no links, cap output.

What a hostile notebook gets inside the sandbox is in ``tests/test_grading_hostile.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from grading import sandbox
from grading.locked_cells import GradedCell


@pytest.fixture
def no_sandbox(monkeypatch):
    sandbox.sandbox_problem.cache_clear()
    monkeypatch.setattr(sandbox, "sandbox_problem", lambda: "Het programma 'bwrap' ontbreekt.")
    monkeypatch.delenv(sandbox.UNSANDBOXED_ENV, raising=False)
    yield


def test_without_a_sandbox_grading_refuses_and_says_what_to_do(no_sandbox) -> None:
    with pytest.raises(sandbox.SandboxUnavailable) as refused:
        sandbox.SandboxedExecute()
    message = str(refused.value)
    assert message.startswith("Nakijken gestopt: Het programma 'bwrap' ontbreekt.")
    assert "verborgen tests" in message and f"{sandbox.UNSANDBOXED_ENV}=1" in message


def test_the_trainer_may_knowingly_grade_without_it(no_sandbox, monkeypatch) -> None:
    monkeypatch.setenv(sandbox.UNSANDBOXED_ENV, "1")
    executor = sandbox.SandboxedExecute()
    assert executor.kernel_manager_class is not sandbox.SandboxKernelManager


def test_the_check_command_exits_non_zero_with_a_dutch_message(no_sandbox, capsys) -> None:
    assert sandbox.main() == 1
    assert "Nakijken gestopt" in capsys.readouterr().err


def test_the_check_command_warns_when_grading_without_a_sandbox(no_sandbox, monkeypatch, capsys) -> None:
    monkeypatch.setenv(sandbox.UNSANDBOXED_ENV, "1")
    assert sandbox.main() == 0
    assert "ZONDER beveiligde omgeving" in capsys.readouterr().out


def test_a_learners_symlinks_are_not_copied_into_the_scratch_folder(tmp_path: Path) -> None:
    learner = tmp_path / "inzending"
    (learner / "data").mkdir(parents=True)
    (learner / "opdracht.ipynb").write_text("{}")
    (learner / "data" / "casus.csv").write_text("a,b\n")
    (learner / "naar-de-cursus").symlink_to(tmp_path)
    (learner / "data" / "wachtwoorden").symlink_to("/etc/passwd")
    scratch = tmp_path / "kopie"
    sandbox._copy_without_links(learner, scratch)
    copied = sorted(str(p.relative_to(scratch)) for p in scratch.rglob("*"))
    assert copied == ["data", "data/casus.csv", "opdracht.ipynb"]
    assert not any(p.is_symlink() for p in scratch.rglob("*"))


def test_the_command_limits_memory_processes_and_files_and_unshares_the_network() -> None:
    cmd = sandbox.sandbox_command(["python", "-c", "pass"], "/cursus/w", "/r", "/s", uid=200_123)
    assert f"--as={sandbox.MEMORY_BYTES}" in cmd and f"--fsize={sandbox.FILE_BYTES}" in cmd
    assert any(a.startswith("--nproc=") for a in cmd) and "--core=0" in cmd
    assert "--unshare-net" in cmd or "--unshare-all" in cmd
    assert "--clearenv" in cmd and "--die-with-parent" in cmd and "--new-session" in cmd
    binds = [cmd[i + 1:i + 3] for i, a in enumerate(cmd) if a in ("--bind", "--ro-bind")]
    assert ["/s", "/cursus/w"] in binds  # the scratch copy is the kernel's working folder
    assert not any(source.rstrip("/").endswith(("solutions", "source")) for source, _ in binds)
    if os.getuid() == 0:
        assert "--reuid=200123" in cmd and "--bounding-set=-all" in cmd


def test_each_root_kernel_gets_a_uid_no_process_uses() -> None:
    uids = {sandbox.free_uid() for _ in range(20)}
    assert uids <= set(sandbox.SANDBOX_UIDS)
    assert not uids & sandbox._uids_in_use()


def test_output_beyond_the_cap_is_replaced_by_one_dutch_note(monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "sandbox_problem", lambda: None)
    executor = sandbox.SandboxedExecute(max_output_bytes=10)
    executor.reset_execution_trackers()  # as nbclient does before running a notebook
    executor.clear_before_next_output = False  # as nbclient does before running a cell
    outs: list = []

    def stream(text: str) -> dict:
        return {"msg_type": "stream", "header": {"msg_type": "stream"}, "parent_header": {"msg_id": "x"},
                "content": {"name": "stdout", "text": text}}

    for _ in range(5):
        executor.output(outs, stream("abcdef"), None, 0)
    texts = [o["text"] for o in outs]
    assert texts[0] == "abcdef"
    assert len(texts) == 2 and "Uitvoer ingekort" in texts[1]


def test_only_the_gradebooks_tests_and_locked_code_leave_the_learners_kernel(monkeypatch) -> None:
    # The clean process runs as the trainer: what it runs comes from the gradebook, never
    # from the flags a learner can write into a cell.
    monkeypatch.setattr(sandbox, "sandbox_problem", lambda: None)
    executor = sandbox.SandboxedExecute()
    executor._graded = {
        "t": GradedCell("assert x == 1", "code", grade=True, locked=True, points=1.0),
        "l": GradedCell("import math", "code", locked=True),
        "a": GradedCell("x = 1", "code", solution=True),
    }

    def cell(gid: str | None, **flags) -> nbformat.NotebookNode:
        meta = {"grade_id": gid, **flags} if gid else flags
        return nbformat.v4.new_code_cell("open('/etc/ontsnapt', 'w')", metadata={"nbgrader": meta})

    assert executor._given(cell("t")).source == "assert x == 1"
    assert executor._given(cell("l", locked=False)).source == "import math"
    assert executor._given(cell("a", grade=True, solution=False, locked=True)) is None
    assert executor._given(cell("nep", grade=True, solution=False, locked=True, points=100)) is None
    assert executor._given(cell(None, locked=True)) is None
    assert executor._given(nbformat.v4.new_markdown_cell("t", metadata={"nbgrader": {"grade_id": "t"}})) is None
