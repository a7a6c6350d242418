"""Hidden tests run in a clean process; the learner's kernel only ever sees data.

A test cell that ran in the learner's kernel could be subverted by the code before it:
a patched ``math.isclose``, an answer object whose ``==`` is always true, an IPython input
transformer that turns the test into ``pass``, or ``In`` printing the hidden test in the
learner's feedback. So :class:`~grading.sandbox.SandboxedExecute` runs every test cell here,
in the *clean process*, which never runs a line of learner code:

- the notebook's locked code cells (imports, the case data) run in both: in the learner's
  kernel as always, and here, so the tests see trusted ``pd``, ``math`` and data;
- a name a test needs that the locked cells do not define (``contante_waarde``,
  ``antwoord_e1``) is looked up in the learner's kernel: a value comes back as data
  (:mod:`grading.waarden`), a function as a :class:`LeerlingFunctie` proxy;
- calling the proxy sends the arguments as data to the learner's kernel, which calls the
  learner's function and sends the result (and any argument it changed) back as data;
- the test's source never enters the learner's kernel; only the arguments the learner's
  function is called with do (unavoidably: the function must receive them);
- "write it yourself" checks read the learner's code as text (:mod:`grading.eigen_werk`).

The clean process is ``python -m grading.clean_kernel``, a plain child of the grader (it
runs only the course's own code), speaking JSON lines on stdin/stdout. Its working folder
holds the assignment's own data files, not the learner's copies.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import select
import shutil
import subprocess
import symtable
import sys
import tempfile
import traceback
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["LEARNER_MIME", "CleanProcess", "LeerlingFunctie", "clean_env", "learner_snippet", "main",
           "serve_snippet", "use_spawner"]

#: Mime type of the one output a bridge snippet leaves in the learner's kernel.
LEARNER_MIME = "text/x-asd-uitkomst"
#: Name under which the learner's kernel keeps the codec between calls.
CODEC_MODULE = "_asd_waarden"
#: Largest answer accepted from the learner's kernel for one request, in characters.
MAX_ANSWER_CHARS = 5_000_000
#: File name under which test code is compiled: its frames are the ones shown to trainers.
TEST_FILENAME = "<toets>"

# Runs in the learner's kernel, in a namespace of its own so that it leaves no names
# behind. Everything it sends back is untrusted: the clean process only decodes it.
# ``_answer`` serves one request; the two drivers below send its answer back.
_HANDLER = r"""
import json as _json
import sys as _sys
import types as _types

_codec = _sys.modules.get(CODEC)
if _codec is None and SOURCE is not None:
    _codec = _types.ModuleType(CODEC)
    exec(SOURCE, _codec.__dict__)
    _sys.modules[CODEC] = _codec

def _error_text(error):
    try:
        return str(error)[:500]
    except BaseException:
        return ""

def _answer(_request):
    if _codec is None:
        return {"codec": "ontbreekt"}
    if _request["op"] == "describe":
        _found = {}
        for _name in _request["names"]:
            if _name not in G:
                continue
            _value = G[_name]
            if callable(_value) and not isinstance(_value, _types.ModuleType):
                _found[_name] = {"kind": "callable"}
            else:
                _found[_name] = {"kind": "value", "value": _codec.encode(_value)}
        return {"found": _found}
    try:
        _function = G[_request["name"]]
        _args = [_codec.decode(a) for a in _request["args"]]
        _kwargs = {k: _codec.decode(v) for k, v in _request["kwargs"].items()}
        _before = [_codec.dumps(a) for a in _args]
        _result = _function(*_args, **_kwargs)
        _changed = {str(i): _codec.encode(a) for i, a in enumerate(_args) if _codec.dumps(a) != _before[i]}
        return {"ok": _codec.encode(_result), "changed": _changed}
    except BaseException as _error:
        return {"raised": {"ename": type(_error).__name__, "evalue": _error_text(_error)}}
"""

# One request per cell: the answer is the cell's one display output.
_ONE_REQUEST = _HANDLER + r"""
from IPython.display import publish_display_data as _publish
_publish({MIME: _json.dumps(_answer(_json.loads(REQUEST)), allow_nan=False)})
"""

# One cell serves every request of a test cell over a Unix socket the grader listens on,
# one JSON line each way, until the grader says "stop": no cell execution per call. An
# answer that cannot be written as JSON is sent as no answer, as the one-request cell's
# missing output is.
_SERVE = _HANDLER + r"""
import socket as _socket
_connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
_connection.connect(ADDRESS)
_stream = _connection.makefile("rwb")
try:
    while True:
        _line = _stream.readline(LIMIT)
        if not _line or _line.strip() == b"stop":
            break
        try:
            _reply = _json.dumps(_answer(_json.loads(_line)), allow_nan=False)
        except BaseException:
            _reply = _json.dumps({"fout": "Het notebook gaf geen uitkomst terug aan de nakijkcode."})
        _stream.write(_reply.encode() + b"\n")
        _stream.flush()
finally:
    _connection.close()
"""


def _snippet(template: str, names: dict[str, str]) -> str:
    boot = template.replace("MIME", repr(LEARNER_MIME)).replace("CODEC", repr(CODEC_MODULE))
    scope = "{" + ", ".join(f"{k!r}: {v}" for k, v in {"G": "globals()", **names}.items()) + "}"
    return f"exec({boot!r}, {scope})"


def learner_snippet(request: dict, codec_source: str | None) -> str:
    """The code a bridge request runs in the learner's kernel (silently, no history).

    ``codec_source`` is the text of :mod:`grading.waarden`, sent with the first request and
    again whenever the kernel reports it missing.
    """
    return _snippet(_ONE_REQUEST, {"REQUEST": repr(json.dumps(request)), "SOURCE": repr(codec_source)})


def serve_snippet(address: str, codec_source: str) -> str:
    """The code that serves a test cell's requests over the Unix socket at ``address``."""
    return _snippet(_SERVE, {"ADDRESS": repr(address), "SOURCE": repr(codec_source),
                             "LIMIT": str(MAX_ANSWER_CHARS)})


def codec_source() -> str:
    """The source text of :mod:`grading.waarden` (it runs in the learner's kernel too)."""
    return (Path(__file__).resolve().parent / "waarden.py").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the clean process


class TijdOp(Exception):
    """The learner's function did not finish within the time limit."""


class LeerlingFout(Exception):
    """The learner's function raised an error the clean process does not rebuild as such."""


#: Errors from the learner's function raised here as themselves, so tests read naturally.
_REBUILT = {cls.__name__: cls for cls in (
    ValueError, TypeError, KeyError, IndexError, ZeroDivisionError, NotImplementedError,
    AttributeError, NameError, RecursionError, OverflowError, AssertionError, ArithmeticError,
    LookupError, UnboundLocalError, MemoryError,
)}


class LeerlingFunctie:
    """Stands for a function in the learner's kernel; calling it calls that function there.

    Parameters
    ----------
    name : str
        The function's name in the learner's notebook.
    ask : callable
        Sends one request to the grader and returns its answer (a dict).
    """

    def __init__(self, name: str, ask: Callable[[dict], dict]) -> None:
        self.asd_learner_name = name
        self._ask = ask

    def __repr__(self) -> str:
        return f"<functie {self.asd_learner_name} van de cursist>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from grading import waarden

        answer = self._ask({"op": "call", "name": self.asd_learner_name,
                            "args": [waarden.encode(a) for a in args],
                            "kwargs": {str(k): waarden.encode(v) for k, v in kwargs.items()}})
        if "raised" in answer:
            raised = answer["raised"] if isinstance(answer["raised"], dict) else {}
            ename, evalue = str(raised.get("ename", "")), str(raised.get("evalue", ""))[:500]
            if ename in ("KeyboardInterrupt", "CellTimeoutError", "TijdOp"):
                raise TijdOp(f"{self.asd_learner_name} was niet binnen de tijdslimiet klaar.")
            raise _REBUILT.get(ename, LeerlingFout)(evalue if ename in _REBUILT else f"{ename}: {evalue}")
        if "ok" not in answer:
            raise LeerlingFout(str(answer.get("fout", f"{self.asd_learner_name} gaf geen uitkomst.")))
        result = waarden.decode(answer["ok"])
        changed = answer.get("changed") or {}
        if isinstance(changed, dict):
            for position, state in changed.items():
                if str(position).isdigit() and int(position) < len(args):
                    waarden.apply_inplace(args[int(position)], waarden.decode(state))
        return result


def _global_names(source: str, code: types.CodeType) -> set[str]:
    """Every global name the code may read that it does not define itself at the top."""
    names, todo = set(), [code]
    while todo:
        current = todo.pop()
        names.update(current.co_names)
        todo.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    top = symtable.symtable(source, "<cel>", "exec")
    own = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    return names - own


class _Runner:
    """The clean process: one namespace per notebook, built by its locked cells."""

    def __init__(self, inbox: io.BufferedReader, outbox: io.BufferedWriter) -> None:
        self.inbox, self.outbox = inbox, outbox
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}

    def send(self, message: dict) -> None:
        self.outbox.write(json.dumps(message).encode() + b"\n")
        self.outbox.flush()

    def ask(self, request: dict) -> dict:
        self.send(request)
        line = self.inbox.readline()
        if not line:
            raise SystemExit(0)
        from grading import waarden

        try:
            answer = json.loads(line)
        except (ValueError, RecursionError) as error:
            raise waarden.WaardeFout(f"onleesbaar antwoord: {error}") from None
        if not isinstance(answer, dict):
            raise waarden.WaardeFout("onleesbaar antwoord")
        return answer

    def _fill_in(self, source: str, code: types.CodeType, namespace: dict[str, Any]) -> None:
        """Bring in from the learner's kernel the names the code reads that are not here."""
        from grading import waarden

        wanted = sorted(n for n in _global_names(source, code)
                        if n not in namespace and not hasattr(builtins, n))
        if not wanted:
            return
        found = self.ask({"op": "describe", "names": wanted}).get("found") or {}
        if not isinstance(found, dict):
            return
        for name in wanted:
            entry = found.get(name)
            if not isinstance(entry, dict):
                continue
            if entry.get("kind") == "callable":
                namespace[name] = LeerlingFunctie(name, self.ask)
            elif entry.get("kind") == "value":
                try:
                    namespace[name] = waarden.decode(entry.get("value"))
                except waarden.WaardeFout as error:
                    namespace[name] = waarden.Onbekend(name, str(error))

    def run(self, source: str, kind: str) -> dict:
        """Run one cell: ``locked`` in the shared namespace, ``test`` in a copy of it."""
        printed = io.StringIO()
        stdout = sys.stdout
        sys.stdout = printed
        error = None
        try:
            code = compile(source, TEST_FILENAME if kind == "test" else "<cel>", "exec")
            # A test's copy keeps what it fetches or changes from leaking into the next test.
            namespace = self.namespace if kind == "locked" else dict(self.namespace)
            self._fill_in(source, code, namespace)
            exec(code, namespace)
        except BaseException as exc:  # noqa: BLE001 (the cell failed, whatever it raised)
            if isinstance(exc, SystemExit) and not isinstance(exc.code, (str, type(None))):
                raise
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == TEST_FILENAME]
            error = {"ename": type(exc).__name__, "evalue": str(exc)[:2000],
                     "traceback": [*traceback.format_list(frames),
                                   f"{type(exc).__name__}: {str(exc)[:2000]}"]}
        finally:
            sys.stdout = stdout
        return {"op": "done", "error": error, "printed": printed.getvalue()[:10_000]}

    def serve(self) -> None:
        from grading import eigen_werk

        while True:
            line = self.inbox.readline()
            if not line:
                return
            message = json.loads(line)
            if message["op"] == "setup":
                eigen_werk.set_context(list(message["learner_sources"]), self.namespace)
                self.send({"op": "ready"})
            elif message["op"] == "run":
                self.send(self.run(message["source"], message["kind"]))


def main() -> None:
    """``python -m grading.clean_kernel``: serve one notebook's tests over stdin/stdout."""
    outbox = os.fdopen(os.dup(1), "wb")
    # Whatever the course's code writes to fd 1 or 2 must not end up in the protocol.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
    _Runner(sys.stdin.buffer, outbox).serve()


# ---------------------------------------------------------------- the grader's side

#: Makes a clean process working in a folder, instead of starting ``python -m
#: grading.clean_kernel`` (the parallel grader forks them from a template: grading.zygote).
_SPAWNER: Callable[[str], Any] | None = None


def use_spawner(spawner: Callable[[str], Any] | None) -> None:
    """Make clean processes with ``spawner(workdir)`` (None: start them as processes)."""
    global _SPAWNER
    _SPAWNER = spawner


def clean_env() -> dict[str, str]:
    """The clean process's environment: the grader's, without Jupyter's variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "JUPYTER_"))}
    env.update(OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    return env


class CleanProcess:
    """The grader's handle on one notebook's clean process.

    Parameters
    ----------
    data_dir : Path or None
        The assignment's own folder; its files (not notebooks) are copied to the process's
        working folder, so a locked cell reading ``casus.csv`` reads the trusted copy.
    learner_sources : list of str
        The source of every code cell the learner could edit (for "write it yourself").
    answer : callable
        ``answer(request) -> dict`` serves a request for the learner's kernel
        (``describe`` or ``call``); see :func:`learner_snippet`.
    timeout : float
        Seconds the process may take for one step of its own (between two requests).
    """

    def __init__(self, data_dir: Path | None, learner_sources: list[str],
                 answer: Callable[[dict], dict], timeout: float) -> None:
        self._data_dir, self._sources, self._answer = data_dir, learner_sources, answer
        self._timeout = timeout
        self._process: Any = None  # a subprocess.Popen or a grading.zygote.ForkedProcess
        self._workdir: str | None = None
        self._locked: list[str] = []

    def _start(self) -> None:
        self._workdir = tempfile.mkdtemp(prefix="asd-toets-")
        if self._data_dir is not None and self._data_dir.is_dir():
            for entry in self._data_dir.iterdir():
                if entry.is_file() and not entry.is_symlink() and entry.suffix != ".ipynb":
                    shutil.copyfile(entry, Path(self._workdir) / entry.name)
        self._process = None
        if _SPAWNER is not None:
            try:
                self._process = _SPAWNER(self._workdir)
            except (OSError, ValueError):
                self._process = None  # the template is gone: start one the ordinary way
        if self._process is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "grading.clean_kernel"], cwd=self._workdir, env=clean_env(),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._exchange({"op": "setup", "learner_sources": self._sources})
        for source in self._locked:
            self._exchange({"op": "run", "source": source, "kind": "locked"})

    def _read(self) -> dict:
        assert self._process is not None and self._process.stdout is not None
        ready, _, _ = select.select([self._process.stdout], [], [], self._timeout)
        if not ready:
            raise TimeoutError("de nakijkcode gaf geen antwoord")
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("de nakijkcode stopte onverwacht")
        return json.loads(line)

    def _exchange(self, message: dict) -> dict:
        """Send one message; serve the process's requests until it answers."""
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(json.dumps(message).encode() + b"\n")
        self._process.stdin.flush()
        while True:
            reply = self._read()
            if reply.get("op") in ("describe", "call"):
                answer = self._answer(reply)
                self._process.stdin.write(json.dumps(answer).encode() + b"\n")
                self._process.stdin.flush()
            else:
                return reply

    def run(self, source: str, kind: str) -> dict:
        """Run a ``locked`` cell or a ``test`` cell; return ``{"error": ..., "printed": ...}``."""
        try:
            if self._process is None:
                self._start()
            reply = self._exchange({"op": "run", "source": source, "kind": kind})
        except (OSError, ValueError, TimeoutError, RuntimeError) as problem:
            # Start afresh for the next cell: the locked cells are replayed then.
            self.stop()
            reply = {"error": {"ename": "TijdOp" if isinstance(problem, TimeoutError) else "NakijkFout",
                               "evalue": str(problem), "traceback": [str(problem)]}, "printed": ""}
        if kind == "locked":
            self._locked.append(source)
        return reply

    def stop(self) -> None:
        """End the process and remove its working folder."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
            self._process = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None


if __name__ == "__main__":
    main()
