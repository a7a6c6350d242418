"""The fast way a test reaches the learner's kernel: one cell, a Unix socket, many calls.

A hidden test runs in the clean process (:mod:`grading.clean_kernel`); every value it
reads from the learner's notebook and every call of a learner's function is a request
that the learner's kernel answers as data. Run as a notebook cell each, a request costs
a full Jupyter execution round trip (about 15 ms; a test cell of the MKBA assignment makes
over a hundred). :class:`SocketBridge` instead starts one cell per test cell that serves
the requests over a Unix socket in the kernel's private runtime folder, one JSON line each
way (well under a millisecond), and stops it when the test cell is done, before the next
cell of the notebook runs. Nothing changes in what is trusted: the answers are untrusted
data, decoded by the clean process as before.

What a learner's code can do to the bridge harms only that learner's own grade, and the
grader falls back to one cell per request whenever the bridge does not come up:

- the serve cell does not connect (a learner replaced ``socket``): after
  :data:`CONNECT_SECONDS` the requests go one cell each;
- a call runs past the cell time limit: the kernel is interrupted, as nbgrader does with
  a cell, and the call's answer is the interruption (the test reads it as "too slow"); a
  kernel that does not answer even then is lost, as with a cell that never stops;
- the connection breaks or an answer is not one JSON object of bounded size: that call
  gets no answer, and the next call opens a new serve cell.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import tempfile
import time
from typing import Callable

from grading.clean_kernel import MAX_ANSWER_CHARS, codec_source, serve_snippet

__all__ = ["CONNECT_SECONDS", "NO_ANSWER", "SocketBridge"]

#: Seconds the serve cell may take to connect (it starts in an idle kernel: milliseconds).
CONNECT_SECONDS = 10.0
#: What a call gets when the learner's kernel gave no usable answer.
NO_ANSWER = {"fout": "Het notebook gaf geen uitkomst terug aan de nakijkcode."}
#: The answer to a call the kernel was interrupted in (read by the test as "too slow").
TIMED_OUT = {"raised": {"ename": "TijdOp", "evalue": ""}}


class KernelLost(Exception):
    """The learner's kernel answers nothing, not even after an interruption."""


class SocketBridge:
    """Serve one test cell's requests through one serve cell in the learner's kernel.

    Parameters
    ----------
    execute : callable
        ``execute(code) -> msg_id``: send code to the learner's kernel without waiting.
    wait_reply : callable
        ``wait_reply(msg_id, seconds) -> bool``: wait for that execution's reply.
    interrupt : callable
        Interrupt the learner's kernel (what nbgrader does to a cell past its time limit).
    folder : str or None
        A private folder the sandboxed kernel can reach (its runtime folder); None makes a
        temporary one.
    timeout : float
        Seconds one call may take (the per-cell time limit).
    """

    def __init__(self, execute: Callable[[str], str], wait_reply: Callable[[str, float], bool],
                 interrupt: Callable[[], None], folder: str | None, timeout: float) -> None:
        self._execute, self._wait_reply, self._interrupt = execute, wait_reply, interrupt
        self._own_folder = None if folder else tempfile.mkdtemp(prefix="asd-brug-")
        self._folder = folder or self._own_folder
        self._timeout = timeout
        self._connection: socket.socket | None = None
        self._serve_id: str | None = None
        self._buffer = b""
        #: False once the serve cell failed to connect: this notebook goes one cell per call.
        self.usable = True
        # The codec (``grading.waarden``, 20 kB) goes with the first serve cell only: the
        # kernel keeps it, and a kernel that lost it asks for it again (see :meth:`call`).
        self._codec_sent = False

    # ------------------------------------------------------------------ the session

    def _open(self) -> bool:
        address = os.path.join(self._folder, "brug.sock")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(address)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(address)
            # The folder is the kernel's alone (0700); the kernel's uid must connect.
            os.chmod(address, 0o777)
            listener.listen(1)
            listener.settimeout(CONNECT_SECONDS)
            self._serve_id = self._execute(serve_snippet(address, None if self._codec_sent else codec_source()))
            self._codec_sent = True
            connection, _ = listener.accept()
        except OSError:
            self.usable = False
            self._finish(stop=False)
            return False
        finally:
            listener.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(address)
        connection.setblocking(False)
        self._connection, self._buffer = connection, b""
        return True

    def _finish(self, stop: bool = True) -> None:
        """Stop the serve cell and wait for it to end (the notebook's next cell waits on it)."""
        if self._connection is not None:
            if stop:
                with contextlib.suppress(OSError):
                    self._connection.setblocking(True)
                    self._connection.settimeout(1.0)
                    self._connection.sendall(b"stop\n")
            self._connection.close()
            self._connection = None
        serve_id, self._serve_id = self._serve_id, None
        if serve_id is None:
            return
        if self._wait_reply(serve_id, min(self._timeout, CONNECT_SECONDS)):
            return
        self._interrupt()
        if not self._wait_reply(serve_id, CONNECT_SECONDS):
            raise KernelLost("the serve cell did not end, not even when interrupted")

    def close(self) -> None:
        """End the test cell's session (before the notebook's next cell runs)."""
        self._finish()

    def remove(self) -> None:
        """Remove the folder made for the socket, if one was made."""
        if self._own_folder is not None:
            import shutil

            shutil.rmtree(self._own_folder, ignore_errors=True)

    # ------------------------------------------------------------------ one call

    def _read_line(self, seconds: float) -> bytes | None:
        """One answer line; b"" when the connection closed, None when the time ran out."""
        assert self._connection is not None
        deadline = time.monotonic() + seconds
        while b"\n" not in self._buffer:
            if len(self._buffer) > MAX_ANSWER_CHARS:
                return b""
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._connection], [], [], left)
            if not ready:
                continue
            try:
                chunk = self._connection.recv(1 << 20)
            except BlockingIOError:
                continue
            except OSError:
                return b""
            if not chunk:
                return b""
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def call(self, request: dict) -> dict | None:
        """Send one request; its answer (a dict), or None if the bridge cannot be used.

        Raises
        ------
        KernelLost
            The kernel answered nothing, not even after an interruption.
        """
        answer = self._call(request)
        if answer == {"codec": "ontbreekt"}:
            # The learner's code removed the codec the kernel kept: serve with it once more.
            self._finish()
            self._codec_sent = False
            answer = self._call(request)
            if answer == {"codec": "ontbreekt"}:
                return dict(NO_ANSWER)
        return answer

    def _call(self, request: dict) -> dict | None:
        if not self.usable:
            return None
        if self._connection is None and not self._open():
            return None
        try:
            self._connection.setblocking(True)
            self._connection.sendall(json.dumps(request).encode() + b"\n")
            self._connection.setblocking(False)
        except OSError:
            self._finish(stop=False)
            return None
        line = self._read_line(self._timeout)
        if line is None:
            # As nbgrader does with a cell past its limit: interrupt, then take what comes.
            self._interrupt()
            line = self._read_line(CONNECT_SECONDS)
            if line is None:
                raise KernelLost("a call did not end, not even when interrupted")
            if not line:
                self._finish(stop=False)
                return dict(TIMED_OUT)
        if not line:
            self._finish(stop=False)
            return dict(NO_ANSWER)
        try:
            answer = json.loads(line)
        except (ValueError, RecursionError):
            return dict(NO_ANSWER)
        return answer if isinstance(answer, dict) else dict(NO_ANSWER)
