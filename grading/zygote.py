"""A template for the clean test process: it imports once, then forks one per notebook.

Every notebook's hidden tests run in a fresh clean process (:mod:`grading.clean_kernel`),
which runs only the course's own code. Started as ``python -m grading.clean_kernel``, each
one pays for a Python start and for importing pandas, numpy and the course's modules: about
0.9 CPU seconds per learner, most of what the clean process costs. The parallel grader
(:mod:`grading.parallel`) starts one :class:`Zygote` per worker instead: a process that
imports all of that once and, per notebook, forks a child that becomes the clean process.
Each child is a fresh copy of the template, which has run no test and no learner code, so
nothing carries over from one learner to the next; it talks to the grader over its own
pipes, exactly as a started clean process does.

The template is started with the clean process's environment and runs nothing but its
imports and this loop. If it cannot start or dies, :class:`~grading.clean_kernel.CleanProcess`
starts its process the ordinary way.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import select
import signal
import socket
import subprocess
import sys
from typing import BinaryIO

__all__ = ["ForkedProcess", "PRELOAD", "Zygote", "serve"]

#: Imported by the template, before any fork (the course's modules are added to these).
PRELOAD = ("numpy", "pandas", "grading.clean_kernel", "grading.waarden", "grading.eigen_werk")


def _preload() -> None:
    for name in PRELOAD:
        importlib.import_module(name)
    import modules

    for info in pkgutil.iter_modules(modules.__path__):
        with contextlib.suppress(Exception):  # a module that fails here fails in the test too
            importlib.import_module(f"modules.{info.name}")


def serve(channel: socket.socket) -> None:
    """The template's loop: per request, fork a child that serves one notebook's tests."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the system reaps the children
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(channel, 65536, 2)
        except OSError:
            return
        if not message:
            return  # the grader is gone
        if len(fds) != 2:
            for fd in fds:
                os.close(fd)
            channel.sendall(b'{"pid": 0}\n')
            continue
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:  # the child: becomes the clean process
            try:
                channel.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.chdir(request["cwd"])
                os.dup2(fds[0], 0)
                os.dup2(fds[1], 1)
                for fd in fds:
                    os.close(fd)
                from grading import clean_kernel

                clean_kernel.main()
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)
        channel.sendall(json.dumps({"pid": pid}).encode() + b"\n")


class ForkedProcess:
    """A clean process forked by the template, with what ``CleanProcess`` uses of a Popen."""

    def __init__(self, pid: int, stdin: BinaryIO, stdout: BinaryIO) -> None:
        self.pid, self.stdin, self.stdout = pid, stdin, stdout
        # Not the grader's child: a pidfd names this process even after its pid is reused.
        self._pidfd = os.pidfd_open(pid)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, OSError):
            signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)

    def wait(self, timeout: float = 10.0) -> None:
        with contextlib.suppress(OSError):
            select.select([self._pidfd], [], [], timeout)
        with contextlib.suppress(OSError):
            os.close(self._pidfd)


class Zygote:
    """The grader's handle on a template process (see the module docstring).

    Parameters
    ----------
    env : dict of str to str
        The environment of the clean process (the template's, so every child's).
    """

    def __init__(self, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "grading.zygote", str(theirs.fileno())], pass_fds=[theirs.fileno()],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs.close()
        self._channel = ours
        self._replies = ours.makefile("rb")

    def spawn(self, cwd: str) -> ForkedProcess:
        """Fork a clean process working in ``cwd``; OSError if the template is gone."""
        child_in, grader_out = os.pipe()
        grader_in, child_out = os.pipe()
        try:
            socket.send_fds(self._channel, [json.dumps({"cwd": cwd}).encode()], [child_in, child_out])
            line = self._replies.readline()
        finally:
            os.close(child_in)
            os.close(child_out)
        pid = json.loads(line or b'{"pid": 0}').get("pid", 0) if line else 0
        if not pid:
            os.close(grader_out)
            os.close(grader_in)
            raise OSError("the template of the clean process did not fork")
        return ForkedProcess(pid, os.fdopen(grader_out, "wb"), os.fdopen(grader_in, "rb"))

    def stop(self) -> None:
        """End the template (its children end with their pipes)."""
        with contextlib.suppress(OSError):
            self._channel.close()
        self._process.kill()
        self._process.wait()


def main() -> None:
    """``python -m grading.zygote <fd>``: preload, then serve fork requests on socket ``fd``."""
    channel = socket.socket(fileno=int(sys.argv[1]))
    _preload()
    serve(channel)


if __name__ == "__main__":
    main()
