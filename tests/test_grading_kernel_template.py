"""Learners' kernels forked from a template: each one as sandboxed and as fresh as a started one.

The parallel grader forks every learner's kernel from one template for all its workers
(``grading/kernel_template.py``, ``grading/kernel_forks.py``). These tests start kernels
the way nbgrader does (a ``SandboxKernelManager``) with a template in use and look from
inside the kernel: its uid and privileges, what it sees, its limits, that nothing passes
from one learner's kernel to the next and that nothing it started outlives it. The whole
hostile class is graded with forked kernels in ``tests/test_grading_hostile_parallel.py``.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
import os
import socket
from pathlib import Path

import pytest

from grading import sandbox
from grading.kernel_template import ForkedKernel, KernelForks, KernelTemplate
from tests.grading_helpers import needs_sandbox

pytestmark = [needs_sandbox, pytest.mark.skipif(os.getuid() != 0, reason="only a root grader forks kernels")]


@pytest.fixture(scope="module")
def shared():
    made = KernelTemplate()
    made.start()
    yield made
    made.stop()


@pytest.fixture(scope="module")
def template(shared) -> KernelForks:
    """One worker's connection to the shared template."""
    return shared.client()


def in_kernel(template: KernelForks | None, workdir: Path, *cells: str) -> tuple[list[str], object]:
    """Run ``cells`` in one learner's kernel, as nbgrader starts it; their printed text, and
    the kernel's process (a :class:`ForkedKernel` when forked)."""

    async def run() -> tuple[list[str], object]:
        sandbox.use_kernel_template(template)
        try:
            km = sandbox.SandboxKernelManager(kernel_name="python3")
        finally:
            sandbox.use_kernel_template(None)
        await km.start_kernel(cwd=str(workdir))
        process = km.provisioner.process
        client = km.client()
        client.start_channels()
        printed = []
        try:
            await client.wait_for_ready(timeout=60)
            for cell in cells:
                out: list[str] = []

                def keep(message, out=out):
                    if message["msg_type"] == "stream":
                        out.append(message["content"]["text"])
                    elif message["msg_type"] == "error":
                        out.append(f"{message['content']['ename']}: {message['content']['evalue']}")

                await client.execute_interactive(cell, timeout=60, output_hook=keep)
                printed.append("".join(out).strip())
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=False)
        return printed, process

    # In a thread of its own: another test in this process may have left an event loop
    # running in the main thread, where asyncio.run refuses to start.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, run()).result()


@pytest.fixture()
def workdir(tmp_path) -> Path:
    folder = tmp_path / "submitted" / "an" / "mkba"
    folder.mkdir(parents=True)
    (folder / "gegevens.csv").write_text("a;b\n1;2\n")
    return folder


def test_a_forked_kernel_runs_as_an_unused_uid_with_no_privilege_at_all(template, workdir) -> None:
    (status,), process = in_kernel(template, workdir, "print(open('/proc/self/status').read())")
    assert isinstance(process, ForkedKernel)
    fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
    uids = {int(u) for u in fields["Uid"].split()}
    assert len(uids) == 1 and uids.pop() in sandbox.SANDBOX_UIDS
    assert fields["Groups"].strip() == ""
    for capabilities in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        assert int(fields[capabilities], 16) == 0, capabilities
    assert fields["NoNewPrivs"].strip() == "1"


def test_it_sees_a_copy_of_its_own_folder_and_nothing_of_the_course(template, workdir) -> None:
    course = workdir.parents[2]
    (course / "gradebook.db").write_text("geheim")
    printed, _ = in_kernel(template, workdir,
                           "import os; print(sorted(os.listdir('.')))",
                           f"print(os.path.exists({str(course / 'gradebook.db')!r}), os.path.exists({str(workdir)!r}))",
                           f"print(sorted(os.listdir({template.pool!r})))",
                           "print(sorted(p for p in os.listdir('/proc') if p.isdigit()))",
                           "open('gegevens.csv', 'a').write('3;4\\n'); print('geschreven')")
    assert printed[0] == "['gegevens.csv']"
    assert printed[1] == "False False"
    # The pool of every kernel's folders shows this kernel's own folder only.
    assert len(json.loads(printed[2].replace("'", '"'))) == 1
    assert printed[3] == "['1']"  # no other process: not the template, not another learner's kernel
    assert printed[4] == "geschreven"
    assert (workdir / "gegevens.csv").read_text() == "a;b\n1;2\n"  # it wrote in its copy


def test_it_imports_the_courses_packages_and_cannot_write_to_them(template, workdir) -> None:
    # Wherever they live: under /tmp too (a course checked out there, as CI does), where the
    # kernel has a fresh /tmp of its own.
    printed, _ = in_kernel(template, workdir,
                           "import os, modules.mkba\nfolder = os.path.dirname(modules.__file__)\n"
                           "try:\n    open(os.path.join(folder, 'spoor.py'), 'w')\n    print('geschreven')\n"
                           "except OSError as e:\n    print('geweigerd', type(e).__name__)")
    assert printed == ["geweigerd PermissionError"] or printed == ["geweigerd OSError"]


def test_it_has_the_limits_of_a_started_kernel_and_no_network(template, workdir) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    try:
        printed, _ = in_kernel(template, workdir,
                               "import resource; print({n: resource.getrlimit(getattr(resource, n))[0] "
                               f"for n in {sorted(sandbox.kernel_limits())!r}}})",
                               f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), 2)\n"
                               "    print('verbonden')\nexcept OSError as e:\n    print('geweigerd', type(e).__name__)")
    finally:
        listener.close()
    assert json.loads(printed[0].replace("'", '"')) == sandbox.kernel_limits()
    assert printed[1].startswith("geweigerd")


def test_nothing_passes_from_one_learners_kernel_to_the_next(template, workdir) -> None:
    places = "('/tmp/spoor', '/dev/shm/spoor', '/var/tmp/spoor', 'spoor')"
    leave = ("geheim = 42\nimport numpy, os\nprint(numpy.random.random())\n"
             f"for plek in {places}:\n    try:\n        open(plek, 'w').write('x')\n    except OSError:\n        pass\n"
             f"print([p for p in {places} if os.path.exists(p)])")
    look = ("import os, numpy\nprint(numpy.random.random())\n"
            f"print('geheim' in globals(), [p for p in {places} if os.path.exists(p)])")
    first, _ = in_kernel(template, workdir, leave)
    second, _ = in_kernel(template, workdir, look)
    # The first kernel left traces wherever it could write ...
    assert "'/tmp/spoor'" in first[0] and "'/dev/shm/spoor'" in first[0] and "'spoor'" in first[0]
    # ... and the next one finds none of them, nor the first one's variables.
    assert second[0].splitlines()[1] == "False []"
    # Fresh random numbers too, as a started kernel would draw.
    assert first[0] != second[0].splitlines()[0]


def test_what_a_kernel_starts_ends_with_it(template, workdir) -> None:
    printed, process = in_kernel(template, workdir,
                                 "import subprocess, os\n"
                                 "p = subprocess.Popen(['sleep', '600'], start_new_session=True)\n"
                                 "print(os.getuid())")
    uid = int(printed[0])
    process.wait(10)  # the kernel has ended (TimeoutExpired otherwise)
    left = [entry.name for entry in os.scandir("/proc") if entry.name.isdigit()
            and _owner(entry.path) == uid]
    assert left == []


def _owner(path: str) -> int | None:
    try:
        return os.stat(path).st_uid
    except OSError:
        return None


def test_workers_share_one_template_each_kernel_its_own(shared, template, workdir) -> None:
    other = shared.client()
    try:
        first, one = in_kernel(template, workdir, "import os; print(os.getuid())")
        second, two = in_kernel(other, workdir, "import os; print(os.getuid())")
    finally:
        other.stop()
    assert isinstance(one, ForkedKernel) and isinstance(two, ForkedKernel)
    assert first != second  # a uid of its own each


@pytest.mark.parametrize("how", ["never started", "stopped"])
def test_without_a_working_template_kernels_are_started_as_before(workdir, how) -> None:
    made = KernelTemplate()
    client = made.client()
    if how == "stopped":
        made.start()
    made.stop()
    printed, process = in_kernel(client, workdir, "import os; print(os.getcwd(), os.getuid() != 0)")
    assert not isinstance(process, ForkedKernel)
    assert printed == [f"{os.path.realpath(workdir)} True"]
