"""A template for learners' kernels: it imports once, then forks a sandboxed kernel per notebook.

A learner's kernel started the ordinary way (:func:`grading.sandbox.sandbox_command`) pays
for a Python start and for importing ipykernel, numpy, pandas and the course's modules:
about 1.5 CPU seconds per learner, the largest part of what grading a learner costs. The
parallel grader (:mod:`grading.parallel`) starts one :class:`KernelTemplate` for all its
workers instead: a process, itself in a sandbox, that imports all of that once and forks a
kernel per notebook that gets a sandbox of its own (:mod:`grading.kernel_forks` says how, step by
step). Each kernel is a fresh copy of the template, which ran no learner code and no
test, so nothing carries over from one learner to the next.

Only a grader running as root forks kernels (a kernel takes an unused uid of its own, as
a started one does). Whenever the template cannot start or cannot fork, the kernel is
started the ordinary way: the sandbox is the same either way, only slower.
"""

from __future__ import annotations

import contextlib
import json
import os
import pkgutil
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["ForkedKernel", "KernelForks", "KernelTemplate", "template_command"]

#: Seconds the template may take to import everything (two cores, busy: a few seconds).
START_SECONDS = 60.0
#: Seconds a fork may take before the grader starts the kernel the ordinary way.
FORK_SECONDS = 20.0


def _preloads() -> list[str]:
    """The course's modules, imported by the template as well (``modules.mkba`` ...)."""
    import modules

    return [f"modules.{info.name}" for info in pkgutil.iter_modules(modules.__path__)]


def template_command(pool: str, listener_fd: int) -> list[str]:
    """The template's command: :mod:`grading.kernel_forks` in the kernels' sandbox, as root.

    Parameters
    ----------
    pool : str
        The folder holding every kernel's runtime and scratch folders (the template's only
        writable mount; each kernel sees its own two folders only).
    listener_fd : int
        The socket the template listens on for workers (inherited).
    """
    from grading import sandbox
    from grading.kernel_forks import STAGING, WORKDIR

    source = Path(__file__).with_name("kernel_forks.py").read_text(encoding="utf-8")
    # Namespaces, environment and read-only view as a started kernel has; no limits and no
    # other uid yet: each kernel takes them itself.
    command = sandbox._bwrap_view(True, [("--bind", pool, pool)], dirs=(WORKDIR, STAGING))
    return [*command, "--chdir", "/", "--", sys.executable, "-c", source, str(listener_fd), *_preloads()]


class ForkedKernel:
    """A forked kernel, with what jupyter_client's provisioner uses of a ``Popen``.

    The grader is not its parent: it holds a pidfd, which names this process even after
    its pid is reused, and through which it is signalled across the sandbox's PID namespace.
    """

    stdin = stdout = stderr = None

    def __init__(self, pidfd: int) -> None:
        self._pidfd = pidfd
        self.pid = _pid_of(pidfd)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """None while it runs; then its exit code (unknown to a non-parent: -9 if killed, else 0)."""
        if self.returncode is None and select.select([self._pidfd], [], [], 0)[0]:
            self.returncode = getattr(self, "_signalled", 0)
            with contextlib.suppress(OSError):
                os.close(self._pidfd)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait until it has ended (``subprocess.TimeoutExpired`` after ``timeout`` seconds)."""
        if self.returncode is None:
            if not select.select([self._pidfd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            self.poll()
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        """Signal the kernel (it is process 1 of its namespace: only SIGKILL ends it)."""
        if self.returncode is None:
            if signum == signal.SIGKILL:
                self._signalled = -signal.SIGKILL
            signal.pidfd_send_signal(self._pidfd, signum)

    def kill(self) -> None:
        """End the kernel and everything it started."""
        with contextlib.suppress(ProcessLookupError, OSError):
            self.send_signal(signal.SIGKILL)

    # A process 1 ignores SIGTERM without a handler of its own: ending it means killing it.
    terminate = kill


def _pid_of(pidfd: int) -> int:
    with open(f"/proc/self/fdinfo/{pidfd}", encoding="ascii") as info:
        for line in info:
            if line.startswith("Pid:"):
                return int(line.split()[1])
    return 0


class KernelTemplate:
    """The template process (see the module docstring), shared by every worker of a run.

    Made, it listens on a Unix socket in its pool (root's alone), so that workers can
    connect (:meth:`client`) while :meth:`start` starts the process; each worker asks for
    one kernel at a time. Raises ``OSError`` without root. A template that does not start
    or fails to import tells its clients so at their first kernel (the socket closes), and
    they start kernels the ordinary way.
    """

    def __init__(self) -> None:
        if os.getuid() != 0:
            raise OSError("only a root grader forks kernels (each takes a uid of its own)")
        # Under /tmp: a kernel's runtime folder gets its own path inside its fresh /tmp.
        self.pool = tempfile.mkdtemp(prefix="asd-pool-", dir="/tmp")
        os.chmod(self.pool, 0o755)
        self.address = os.path.join(self.pool, "template.sock")
        self._process: subprocess.Popen | None = None
        # Workers may connect from now on: they wait for "ready" at their first kernel.
        self._listener: socket.socket | None = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._listener.bind(self.address)
            os.chmod(self.address, 0o600)
            self._listener.listen(64)
        except OSError:
            self.stop()
            raise

    def start(self) -> None:
        """Start the template process; if it cannot start, its clients start kernels themselves."""
        try:
            self._process = subprocess.Popen(
                template_command(self.pool, self._listener.fileno()), pass_fds=[self._listener.fileno()],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
        except OSError:
            pass  # no bubblewrap: the waiting workers hear the socket close
        finally:
            self._listener.close()  # the template holds it now, or no one does
            self._listener = None

    def client(self) -> "KernelForks":
        """A connection for one worker (OSError if the template is gone)."""
        return KernelForks(self.address, self.pool)

    def stop(self) -> None:
        """End the template (its kernels end with it) and remove the pool."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._process is not None:
            with contextlib.suppress(OSError):
                self._process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(10)
        shutil.rmtree(self.pool, ignore_errors=True)


class KernelForks:
    """One worker's connection to the template: a folder and a forked kernel per notebook.

    Parameters
    ----------
    address : str
        The template's socket (:attr:`KernelTemplate.address`).
    pool : str
        The template's pool (:attr:`KernelTemplate.pool`).
    """

    def __init__(self, address: str, pool: str) -> None:
        self.pool = pool
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            channel.connect(address)
        except OSError:
            channel.close()
            raise
        self._channel: socket.socket | None = channel
        # The template imports while the worker loads nbgrader: "ready" is read at the first kernel.
        self._ready = False

    def _wait_until_ready(self) -> None:
        if self._channel is None:
            raise OSError("the kernel template has stopped")
        if self._ready:
            return
        self._channel.settimeout(START_SECONDS)
        try:
            ready = self._channel.recv(64)
        except OSError:
            ready = b""
        if ready != b"ready\n":
            self.stop()
            raise OSError("the kernel template did not start")
        self._ready = True

    def folder(self) -> str:
        """A new folder in the pool for one kernel's ``runtime/`` and ``scratch/``; OSError once stopped."""
        self._wait_until_ready()
        folder = tempfile.mkdtemp(prefix="asd-kernel-", dir=self.pool)
        os.chmod(folder, 0o755)
        return folder

    def fork(self, folder: str, uid: int, connection_file: str, env: dict[str, str],
             limits: dict[str, int]) -> ForkedKernel:
        """Fork a kernel for ``folder`` (from :meth:`folder`) as ``uid``; OSError if it did not."""
        self._wait_until_ready()
        from grading.sandbox import readonly_paths

        request = {"pool": self.pool, "name": os.path.basename(folder), "uid": uid,
                   "connection_file": connection_file, "env": env, "limits": limits,
                   "keep": readonly_paths()}
        try:
            self._channel.settimeout(FORK_SECONDS)
            self._channel.send(json.dumps(request).encode())
            message, fds, _, _ = socket.recv_fds(self._channel, 1024, 1)
            if not message:
                raise OSError("the kernel template is gone")
        except OSError:
            self.stop()  # a late answer would be taken for the next kernel's
            raise
        if len(fds) != 1 or not json.loads(message).get("pid"):
            for fd in fds:
                os.close(fd)
            raise OSError("the kernel template did not fork a sandboxed kernel")
        return ForkedKernel(fds[0])

    def stop(self) -> None:
        """Close this worker's connection (the template and other workers go on)."""
        if self._channel is not None:
            with contextlib.suppress(OSError):
                self._channel.close()
            self._channel = None
