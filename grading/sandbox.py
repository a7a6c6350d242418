"""Grade every learner's notebook in a sandbox: no view of the course, no network, hard limits.

A learner's notebook is untrusted code. nbgrader runs it in a Jupyter kernel; here that
kernel is started inside bubblewrap (``bwrap``, Debian package ``bubblewrap``; ``.ci/run``
installs it, a trainer runs ``apt-get install bubblewrap`` once), as an unprivileged user:

- **what it sees**: ``/usr`` and ``/etc`` read-only, the Python environment and the
  course's ``modules/`` and ``widgets/`` packages read-only (the notebooks import them), a
  private ``/tmp``, and a scratch copy of the learner's own folder as its working
  directory. Not the course checkout, ``solutions/``, ``source/``, the gradebook, other
  learners' folders or anyone's home. Symbolic links in the learner's folder are not
  copied, so nothing can be written through them; the folders made on the way to the
  mounts are read-only, so no write can seem to land in the course;
- **what it cannot do**: no network (all namespaces are unshared; the kernel talks to
  nbgrader over Unix sockets in a private runtime folder), no capabilities, a new session
  (no typing into the trainer's terminal), run as an unused uid of its own when grading
  runs as root (:func:`free_uid`); killed with its grader;
- **limits** (``prlimit``): address space :data:`MEMORY_BYTES` (a 50 GB allocation is a
  ``MemoryError`` in that cell), processes :data:`PROCESSES` (a fork bomb stops there),
  file size, open files, CPU time, no core dumps; nbgrader's per-cell timeout is kept;
  output per cell is capped at :data:`MAX_OUTPUT_BYTES` with a Dutch note, so a 1 GB print
  cannot fill the trainer's memory, the gradebook or a feedback page.

:class:`SandboxedExecute` replaces nbgrader's ``Execute`` in ``nbgrader_config.py``. If the
sandbox cannot start (no bubblewrap, or no user namespaces), grading refuses with a Dutch
message, unless the trainer sets ``ASD_GRADE_UNSANDBOXED=1`` to grade without it knowingly.
``python -m grading.sandbox`` checks the sandbox (``make grade`` runs it first).
"""

from __future__ import annotations

import functools
import json
import importlib.util
import os
import queue
import time
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from grading.bridge import KernelLost, SocketBridge
from grading.clean_kernel import LEARNER_MIME, MAX_ANSWER_CHARS, CleanProcess, codec_source, learner_snippet
from grading.locked_cells import GradedCell, grade_id, gradebook_cells

__all__ = [
    "KERNEL_LOST_ENAME",
    "KERNEL_LOST_NOTE",
    "MAX_OUTPUT_BYTES",
    "MEMORY_BYTES",
    "SANDBOX_UIDS",
    "PROCESSES",
    "SandboxUnavailable",
    "SandboxKernelManager",
    "SandboxedExecute",
    "free_uid",
    "kernel_env",
    "kernel_limits",
    "sandbox_command",
    "sandbox_problem",
    "unsandboxed_allowed",
    "use_kernel_template",
]

#: The cell index nbclient is given for a bridge call (no real cell has it).
BRIDGE_INDEX = -1

#: Error output of every code cell from the one where the learner's kernel stopped.
KERNEL_LOST_ENAME = "KernelGestopt"
KERNEL_LOST_NOTE = ("Niet uitgevoerd: de code in deze of een eerdere cel heeft Python laten "
                    "stoppen of vastlopen, dus vanaf daar is niets meer nagekeken.")

#: Address space of a learner's kernel: pandas and matplotlib need about 1 GB of it.
MEMORY_BYTES = 3 * 1024**3
#: Processes the kernel's user may have (a fork bomb stops here).
PROCESSES = 128
#: Largest file the kernel may write (in its scratch folder or /tmp).
FILE_BYTES = 64 * 1024**2
#: CPU seconds for the whole notebook (the per-cell timeout limits wall time).
CPU_SECONDS = 300
#: Output kept per cell; the rest is replaced by one Dutch note.
MAX_OUTPUT_BYTES = 100_000
#: A root grader runs each kernel as its own unprivileged uid from this range, which no
#: account uses: the process limit counts per uid, so one learner's fork bomb cannot take
#: the processes another learner's kernel (graded in parallel) needs.
SANDBOX_UIDS = range(200_000, 1_200_000)


def _process_owners() -> list[int]:
    """The uid of every running process (from ``/proc``)."""
    owners = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                owners.append(entry.stat().st_uid)
            except OSError:
                continue
    return owners


def _uids_in_use() -> set[int]:
    return set(_process_owners())


def free_uid() -> int:
    """An unused uid for one sandboxed kernel (root only; see :data:`SANDBOX_UIDS`).

    Examples
    --------
    >>> free_uid() in SANDBOX_UIDS
    True
    """
    used = _uids_in_use()
    while True:
        uid = SANDBOX_UIDS[int.from_bytes(os.urandom(4), "big") % len(SANDBOX_UIDS)]
        if uid not in used:
            return uid


#: The kernel template learners' kernels are forked from (:func:`use_kernel_template`).
_KERNEL_TEMPLATE = None


def use_kernel_template(template: Any) -> None:
    """Fork learners' kernels through ``template`` (a :class:`~grading.kernel_template.KernelForks`).

    None: start every kernel the ordinary way (the default; each worker of the parallel
    grader sets its connection to the run's template).
    """
    global _KERNEL_TEMPLATE
    _KERNEL_TEMPLATE = template


#: Set to 1 to grade without the sandbox (only where it cannot start, and knowingly).
UNSANDBOXED_ENV = "ASD_GRADE_UNSANDBOXED"
TRUNCATED_NOTE = "\n[Uitvoer ingekort: deze cel gaf meer dan {limit} tekens uitvoer.]\n"


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here; the message says in Dutch what to do."""


def unsandboxed_allowed() -> bool:
    """Whether the trainer asked to grade without the sandbox (``ASD_GRADE_UNSANDBOXED=1``)."""
    return os.environ.get(UNSANDBOXED_ENV, "") == "1"


def _package_dirs() -> list[str]:
    """The installed course packages a notebook may import, wherever they are installed."""
    dirs = []
    for name in ("modules", "widgets"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            dirs.extend(os.path.realpath(p) for p in spec.submodule_search_locations)
    return dirs


def _root_entries() -> list[str]:
    """``/bin``, ``/lib`` ...: symlinks into ``/usr`` on Debian 12, else read-only binds."""
    args: list[str] = []
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return args


def _copy_without_links(source: Path, target: Path) -> None:
    """Copy regular files and folders only: a planted symlink must not lead anywhere."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        if entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            _copy_without_links(Path(entry.path), target / entry.name)
        elif entry.is_file(follow_symlinks=False):
            shutil.copyfile(entry.path, target / entry.name, follow_symlinks=False)


def _give_to(path: Path, uid: int) -> None:
    for folder, dirs, files in os.walk(path):
        os.chown(folder, uid, uid)
        for name in files:
            os.chown(os.path.join(folder, name), uid, uid)


def _own_processes() -> int:
    """How many processes the grader's own uid runs now."""
    return _process_owners().count(os.getuid())


def sandbox_command(kernel_cmd: list[str], workdir: str, runtime: str, scratch: str,
                    uid: int | None = None) -> list[str]:
    """The kernel command wrapped in limits, an unprivileged user and bubblewrap.

    Parameters
    ----------
    kernel_cmd : list of str
        The kernel's own command (``python -m ipykernel_launcher -f <connection file>``).
    workdir : str
        The folder nbgrader runs the notebook in; inside the sandbox it shows ``scratch``.
    runtime : str
        Private folder holding the connection file and the kernel's Unix sockets.
    scratch : str
        A copy of ``workdir`` (see :func:`_copy_without_links`), the kernel's to write in.
    uid : int, optional
        For a root grader: the uid the kernel runs as (:func:`free_uid`, which owns
        ``runtime`` and ``scratch``); ignored otherwise.

    Returns
    -------
    list of str
        ``prlimit ... -- bwrap ... -- [setpriv ... --] <kernel_cmd>``.

    Examples
    --------
    >>> cmd = sandbox_command(["python", "-c", "pass"], "/c/a", "/r", "/s")
    >>> cmd[0].endswith("prlimit"), "--unshare-net" in cmd or "--unshare-all" in cmd, cmd[-3:]
    (True, True, ['python', '-c', 'pass'])
    """
    root = os.getuid() == 0
    processes = PROCESSES if root else _own_processes() + PROCESSES
    limits = kernel_limits()
    command = [shutil.which("prlimit") or "prlimit", f"--as={limits['RLIMIT_AS']}", f"--nproc={processes}",
               f"--fsize={limits['RLIMIT_FSIZE']}", f"--nofile={limits['RLIMIT_NOFILE']}",
               f"--cpu={limits['RLIMIT_CPU']}", f"--core={limits['RLIMIT_CORE']}", "--"]
    # As root, bwrap sets up the mounts with root's rights (the Python installation may live
    # in root's home) and setpriv then becomes the kernel's own uid for good: a new uid clears every
    # capability, the bounding set and no_new_privs keep them from coming back. As anyone
    # else, bwrap runs in an unprivileged user namespace and drops all capabilities itself.
    command += _bwrap_view(root, [("--bind", runtime, runtime), ("--bind", scratch, workdir)])
    command += ["--chdir", workdir, "--"]
    if root:
        user = free_uid() if uid is None else uid
        command += ["/usr/bin/setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return command + list(kernel_cmd)


def kernel_limits() -> dict[str, int]:
    """A learner kernel's resource limits, by the name of their ``resource.RLIMIT_*`` constant.

    Examples
    --------
    >>> kernel_limits()["RLIMIT_CORE"]
    0
    """
    return {"RLIMIT_AS": MEMORY_BYTES, "RLIMIT_NPROC": PROCESSES, "RLIMIT_FSIZE": FILE_BYTES,
            "RLIMIT_NOFILE": 256, "RLIMIT_CPU": CPU_SECONDS, "RLIMIT_CORE": 0}


def kernel_env() -> dict[str, str]:
    """A learner kernel's whole environment (nothing of the grader's is passed on).

    Examples
    --------
    >>> kernel_env()["HOME"]
    '/tmp'
    """
    packages = _package_dirs()
    return {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib", "OPENBLAS_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            # The grader may import the packages from a copy of the course (PYTHONPATH) rather
            # than from the editable install: the kernel imports the same ones.
            "PYTHONPATH": os.pathsep.join(dict.fromkeys(os.path.dirname(p) for p in packages))}


def readonly_paths() -> list[str]:
    """The Python installation and the course's packages, as a kernel sees them (read-only).

    The installation the interpreter really runs from is among them: a venv's base_prefix
    can be wrong when its home is unreadable, and the kernel would not start.

    Examples
    --------
    >>> any(path.endswith("modules") for path in readonly_paths())
    True
    """
    installed = str(Path(os.path.realpath(sys.executable)).parent.parent)
    prefixes = [path for path in sorted({os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix), installed})
                if not path.startswith("/usr") and path != "/"]
    return prefixes + _package_dirs()


def _bwrap_view(root: bool, binds: list[tuple[str, str, str]], dirs: tuple[str, ...] = ()) -> list[str]:
    """bwrap with the sandbox's namespaces, environment and read-only view, plus ``binds``.

    ``binds`` are ``(option, source, target)``; ``dirs`` are empty folders to make (as mount
    points). The root of the view ends read-only.
    """
    # Every namespace but the user one for root (its uid 65534 must be the real one).
    unshare = (["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
               if root else ["--unshare-all"])
    command = [shutil.which("bwrap") or "bwrap", *unshare, "--die-with-parent", "--new-session"]
    command += ["--clearenv"] if root else ["--cap-drop", "ALL", "--clearenv"]
    for name, value in kernel_env().items():
        command += ["--setenv", name, value]
    command += ["--ro-bind", "/usr", "/usr", *_root_entries(), "--ro-bind", "/etc", "/etc",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    made: set[str] = set()

    def mount(kind: str, source: str, target: str) -> None:
        # bwrap makes missing parent folders of a mount point 0700 (root's, when run by
        # root): make them 0755 first, or the kernel's uid could not reach what is mounted below them.
        for parent in reversed(Path(target).parents):
            if str(parent) not in ("/", "/tmp", "/usr", "/etc") and str(parent) not in made:
                made.add(str(parent))
                command.extend(["--perms", "0755", "--dir", str(parent)])
        command.extend([kind, source, target])

    for path in readonly_paths():
        mount("--ro-bind", path, path)
    for kind, source, target in binds:
        mount(kind, source, target)
    for folder in dirs:
        command.extend(["--perms", "0755", "--dir", folder])
    # The folders made on the way to the mounts are the kernel's own in a user namespace:
    # read-only, or a learner could seem to write into the course (it would stay in the sandbox).
    return command + ["--remount-ro", "/"]


@functools.lru_cache(maxsize=1)
def sandbox_problem() -> str | None:
    """None if a sandboxed Python starts here; else what is wrong, in Dutch.

    Examples
    --------
    >>> sandbox_problem() is None or "bubblewrap" in sandbox_problem()
    True
    """
    for program, package in (("bwrap", "bubblewrap"), ("prlimit", "util-linux"), ("setpriv", "util-linux")):
        if shutil.which(program) is None:
            return (f"Het programma '{program}' ontbreekt (Debian-pakket {package}). "
                    f"Installeer het met: apt-get install -y {package}.")
    with tempfile.TemporaryDirectory(prefix="asd-check-") as tmp:
        runtime, scratch, work = Path(tmp, "runtime"), Path(tmp, "scratch"), Path(tmp, "work")
        for folder in (runtime, scratch, work):
            folder.mkdir()
        uid = free_uid() if os.getuid() == 0 else None
        if uid is not None:
            for folder in (runtime, scratch):
                _give_to(folder, uid)
            os.chmod(tmp, 0o755)
        probe = [sys.executable, "-c", "import modules, os; open('probe', 'w').write(str(os.getuid()))"]
        try:
            result = subprocess.run(sandbox_command(probe, str(work), str(runtime), str(scratch), uid),
                                    capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"De beveiligde omgeving start niet: {error}."
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["geen melding"]
            return ("De beveiligde omgeving (bubblewrap) start niet op deze computer: "
                    f"{detail[0]}. Mogelijk staat dit systeem geen user namespaces toe.")
    return None


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs in the sandbox (see the module docstring).

    It talks to the kernel over Unix sockets in a private runtime folder (the sandbox has no
    network), and gives the kernel a scratch copy of the folder nbgrader runs it in.

    Examples
    --------
    >>> SandboxKernelManager().transport
    'ipc'
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._template = _KERNEL_TEMPLATE
        self._uid: int | None = None
        try:
            self._sandbox_dir = self._template.folder() if self._template is not None else ""
        except OSError:
            self._template = None  # the template is gone: this kernel is started
        if self._template is None:
            self._sandbox_dir = tempfile.mkdtemp(prefix="asd-kernel-")
            os.chmod(self._sandbox_dir, 0o755)
        self._runtime = os.path.join(self._sandbox_dir, "runtime")
        self._scratch = os.path.join(self._sandbox_dir, "scratch")
        os.mkdir(self._runtime, 0o700)
        self.transport = "ipc"
        self.ip = os.path.join(self._runtime, "kernel-ipc")
        self.connection_file = os.path.join(self._runtime, "kernel.json")

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The kernel's command, wrapped by :func:`sandbox_command`."""
        cmd = super().format_kernel_cmd(extra_arguments)
        # A signal to the launched process reaches bwrap, not the kernel inside it: interrupt
        # over the control channel instead (ipykernel then signals itself), so a cell that
        # times out is stopped and the rest of the notebook is still graded.
        self.kernel_spec.interrupt_mode = "message"
        workdir = os.path.realpath(self._launch_args.get("cwd") or os.getcwd())
        if os.path.exists(self._scratch):
            shutil.rmtree(self._scratch)
        _copy_without_links(Path(workdir), Path(self._scratch))
        uid = self._uid = free_uid() if os.getuid() == 0 else None
        if uid is not None:
            _give_to(Path(self._runtime), uid)
            _give_to(Path(self._scratch), uid)
        os.chmod(self.connection_file, stat.S_IRUSR | stat.S_IWUSR)
        self._launch_args.pop("cwd", None)  # bwrap sets it; the host folder is not the kernel's
        return sandbox_command(cmd, workdir, self._runtime, self._scratch, uid)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        """Fork the kernel from the worker's template if there is one, else start it."""
        if self._template is not None and self._uid is not None:
            try:
                process = self._template.fork(self._sandbox_dir, self._uid, self.connection_file,
                                              kernel_env(), kernel_limits())
            except OSError as error:
                self.log.info("Kernel not forked (%s): started the ordinary way", error)
            else:
                self.log.info("Kernel forked from the worker's template (pid %s)", process.pid)
                # What jupyter_client's own provisioner keeps of a process it started.
                self.provisioner.process = process
                self.provisioner.pid, self.provisioner.pgid = process.pid, None
                self._reconcile_connection_info(self.provisioner.connection_info)
                return
        await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        """Remove the runtime folder and the scratch copy with the kernel."""
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._sandbox_dir, ignore_errors=True)

    # jupyter_client awaits the private name at shutdown, nbclient the public one.
    cleanup_resources = _async_cleanup_resources


class SandboxedExecute(Execute):
    """nbgrader's ``Execute``, with every kernel in the sandbox and output capped per cell."""

    max_output_bytes = Integer(MAX_OUTPUT_BYTES, help="Output kept per cell, in characters.").tag(config=True)

    # nbgrader raises when a cell's output is still arriving 4 s after its reply (a learner
    # printing a gigabyte, on a busy machine) and nbgrader then drops that learner from the
    # run. Pass or fail never rests on that output: nbgrader records the error of the reply.
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        problem = sandbox_problem()
        if problem is None:
            kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        elif not unsandboxed_allowed():
            raise SandboxUnavailable(_refusal(problem))
        super().__init__(*args, **kwargs)
        self._output_sizes: dict[int, int] = {}
        self._kernel_lost: str | None = None

    def create_kernel_manager(self):  # noqa: D102 (nbclient's hook)
        km = super().create_kernel_manager()
        km.log = self.log  # how the kernel was made goes into nbgrader's log of this learner
        return km

    def preprocess(self, nb, resources=None, km=None):  # noqa: D102 (nbconvert's entry point)
        self._output_sizes = {}
        self._kernel_lost = None
        self._codec_sent = False
        path = ((resources or {}).get("metadata") or {}).get("path")
        # Which cells are tests and locked code, and their source, come from the gradebook:
        # a learner can write any metadata, and the clean process runs as the trainer.
        self._graded = _graded_cells(resources or {})
        learner_sources = [c.source for c in nb.cells if c.cell_type == "code" and self._given(c) is None]
        self._clean = CleanProcess(Path(path) if path else None, learner_sources, self._bridge,
                                   timeout=max(float(self.timeout or 0), 30.0))
        self._socket: SocketBridge | None = None
        try:
            return super().preprocess(nb, resources, km)
        finally:
            self._clean.stop()
            if self._socket is not None:
                self._socket.remove()

    def _clean_run(self, source: str, kind: str) -> dict:
        """Run a cell in the clean process, then end its session with the learner's kernel."""
        try:
            return self._clean.run(source, kind)
        finally:
            if self._socket is not None and self._kernel_lost is None:
                try:
                    self._socket.close()
                except KernelLost as error:
                    self.log.warning("Kernel of this notebook stopped while a test called it: %s", error)
                    self._kernel_lost = KERNEL_LOST_NOTE

    # The learner's kernel, as the socket bridge needs it (nbclient's client and manager).
    def _send_code(self, code: str) -> str:
        return self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)

    def _wait_reply(self, msg_id: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = run_sync(self.kc.get_shell_msg)(timeout=left)
            except queue.Empty:
                return False
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False

    def _interrupt(self) -> None:
        async def interrupt() -> None:
            await ensure_async(self.km.interrupt_kernel())

        run_sync(interrupt)()

    def _given(self, cell) -> GradedCell | None:
        """The gradebook's test or locked code cell this cell is, if it is one."""
        graded = self._graded.get(grade_id(cell)) if cell.cell_type == "code" else None
        return graded if graded is not None and (graded.is_test or graded.is_locked_code) else None

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 (nbconvert's hook)
        given = self._given(cell)
        if given is not None and given.is_test:
            # A test cell never runs in the learner's kernel (see grading.clean_kernel).
            self._run_test(cell, given.source)
            return cell, self.resources
        # A learner's code can kill its kernel (a fork bomb, os._exit, a crash in C) or jam
        # it. nbgrader would then drop the whole notebook: no grade, no feedback. Instead
        # that cell and every code cell after it get an error output, so their tests score
        # nothing and the notebook is graded and gets feedback like any other.
        if self._kernel_lost is None:
            try:
                cell, resources = super().preprocess_cell(cell, resources, index)
            except Exception as error:  # noqa: BLE001 (whatever stopped the kernel, grade on)
                self.log.warning("Kernel of this notebook stopped at cell %s: %r", index, error)
                self._kernel_lost = KERNEL_LOST_NOTE
            else:
                if given is not None and given.source.strip():
                    self._clean_run(given.source, "locked")
                return cell, resources
        if cell.cell_type == "code" and cell.source.strip():
            cell.outputs = [*cell.get("outputs", []), _not_run_output(self._kernel_lost)]
        return cell, self.resources

    def _run_test(self, cell, source: str) -> None:
        if self._kernel_lost is not None:
            cell.outputs = [_not_run_output(self._kernel_lost)]
            return
        reply = self._clean_run(source, "test")
        from nbformat.v4 import new_output

        outputs = []
        if reply.get("printed"):
            outputs.append(new_output("stream", name="stdout", text=reply["printed"]))
        error = reply.get("error")
        if error and error.get("ename") == "NakijkFout":
            # Not the learner's doing: the clean process itself failed. The test counts as
            # failed, so the trainer must hear of it to regrade this learner.
            self.log.warning("Test cell %s could not be checked (%s): regrade this learner",
                             cell.metadata.get("nbgrader", {}).get("grade_id"),
                             error.get("evalue"))
        if error:
            outputs.append(new_output("error", ename=str(error.get("ename", "Fout")),
                                      evalue=str(error.get("evalue", "")),
                                      traceback=[str(t) for t in error.get("traceback", [])]))
        cell.outputs = outputs
        cell.execution_count = None
        if self._kernel_lost is not None:
            # The kernel stopped during this test's calls: say so, whatever the test made of it.
            cell.outputs = [*cell.outputs, _not_run_output(self._kernel_lost)]

    def _bridge(self, request: dict) -> dict:
        """Serve one request of the clean process in the learner's kernel (as data only)."""
        if self._kernel_lost is not None:
            return {"raised": {"ename": KERNEL_LOST_ENAME, "evalue": self._kernel_lost}}
        if self._socket is None:
            self._socket = SocketBridge(self._send_code, self._wait_reply, self._interrupt,
                                        getattr(self.km, "_runtime", None), float(self.timeout or 30))
        try:
            answer = self._socket.call(request)
        except KernelLost as error:
            self.log.warning("Kernel of this notebook stopped while a test called it: %s", error)
            self._kernel_lost = KERNEL_LOST_NOTE
            return {"raised": {"ename": KERNEL_LOST_ENAME, "evalue": KERNEL_LOST_NOTE}}
        if answer is not None:
            return answer
        # The bridge did not come up in this kernel: one cell per request, as before.
        from nbformat.v4 import new_code_cell

        for _ in range(2):
            source = None if self._codec_sent else codec_source()
            self._codec_sent = True
            cell = new_code_cell(learner_snippet(request, source))
            self._output_sizes[BRIDGE_INDEX] = 0
            # nbclient stores the cell it ran at its index: -1 would put the bridge cell in
            # the notebook (and the feedback) in place of the notebook's last cell.
            last = self.nb.cells[BRIDGE_INDEX] if self.nb.cells else None
            try:
                self.execute_cell(cell, BRIDGE_INDEX, store_history=False)
            except Exception as error:  # noqa: BLE001 (the learner's kernel is gone)
                self.log.warning("Kernel of this notebook stopped while a test called it: %r", error)
                self._kernel_lost = KERNEL_LOST_NOTE
                return {"raised": {"ename": KERNEL_LOST_ENAME, "evalue": KERNEL_LOST_NOTE}}
            finally:
                if last is not None:
                    self.nb.cells[BRIDGE_INDEX] = last
            answers = [o for o in cell.outputs if o.get("output_type") == "display_data"
                       and LEARNER_MIME in o.get("data", {})]
            if not answers:
                timed_out = any(o.get("output_type") == "error"
                                and o.get("ename") in ("KeyboardInterrupt", "CellTimeoutError")
                                for o in cell.outputs)
                if timed_out:
                    return {"raised": {"ename": "TijdOp", "evalue": ""}}
                return {"fout": "Het notebook gaf geen uitkomst terug aan de nakijkcode."}
            try:
                answer = json.loads(str(answers[-1]["data"][LEARNER_MIME])[:MAX_ANSWER_CHARS])
            except (ValueError, RecursionError):
                return {"fout": "Het notebook gaf een onleesbare uitkomst terug aan de nakijkcode."}
            if not isinstance(answer, dict):
                return {"fout": "Het notebook gaf een onleesbare uitkomst terug aan de nakijkcode."}
            if answer.get("codec") == "ontbreekt":
                self._codec_sent = False
                continue
            return answer
        return {"fout": "Het notebook gaf geen uitkomst terug aan de nakijkcode."}

    def output(self, outs, msg, display_id, cell_index):  # noqa: D102 (nbclient's hook)
        if cell_index == BRIDGE_INDEX:
            # Of a bridge call only its answer counts; what the learner's function prints
            # is dropped, and the answer itself is capped.
            data = msg.get("content", {}).get("data") or {}
            if msg.get("msg_type") != "display_data" or LEARNER_MIME not in data:
                return None
            if len(str(data[LEARNER_MIME])) > MAX_ANSWER_CHARS:
                return None
            return super().output(outs, msg, display_id, cell_index)
        used = self._output_sizes.get(cell_index, 0)
        if used > self.max_output_bytes:
            return None
        size = len(str(msg.get("content", {}).get("text", ""))) + len(str(msg.get("content", {}).get("data", "")))
        self._output_sizes[cell_index] = used + size
        if used + size > self.max_output_bytes:
            from nbformat.v4 import new_output

            outs.append(new_output("stream", name="stderr",
                                   text=TRUNCATED_NOTE.format(limit=f"{self.max_output_bytes:,}".replace(",", "."))))
            return None
        return super().output(outs, msg, display_id, cell_index)


def _graded_cells(resources: dict) -> dict[str, GradedCell]:
    """The gradebook's cells of the notebook being graded (none outside ``nbgrader autograde``)."""
    info = resources.get("nbgrader") or {}
    if not info.get("db_url"):
        return {}
    with Gradebook(info["db_url"]) as gradebook:
        return gradebook_cells(gradebook, info["notebook"], info["assignment"])


def _not_run_output(note: str) -> Any:
    from nbformat.v4 import new_output

    return new_output("error", ename=KERNEL_LOST_ENAME, evalue=note, traceback=[f"{KERNEL_LOST_ENAME}: {note}"])


def _refusal(problem: str) -> str:
    return (f"Nakijken gestopt: {problem} Zonder beveiligde omgeving kan de code van een cursist "
            "bij alle bestanden van de cursus, ook de verborgen tests en het cijferbestand. "
            f"Wil je toch nakijken zonder beveiliging, zet dan {UNSANDBOXED_ENV}=1 (alleen voor "
            "inzendingen die je vertrouwt).")


def main() -> int:
    """``python -m grading.sandbox``: say whether grading can run sandboxed here."""
    problem = sandbox_problem()
    if problem is None:
        print("De beveiligde omgeving voor het nakijken werkt.")
        return 0
    if unsandboxed_allowed():
        print(f"Let op: {problem} Je kijkt na ZONDER beveiligde omgeving ({UNSANDBOXED_ENV}=1).")
        return 0
    print(_refusal(problem), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
