"""Grade a whole group at once: nbgrader's own autograde and feedback, in parallel workers.

``python -m grading.parallel <assignment>`` (``make grade`` runs it after the intake) does
for every learner in ``submitted/`` what ``nbgrader autograde <assignment>`` and then
``nbgrader generate_feedback <assignment>`` do, with the course's ``nbgrader_config.py``
(so every notebook runs in the sandbox, its tests in the clean process), but:

- **in parallel**: a pool of long-lived worker processes (two more than the machine has
  cores: a worker waits on its learner's kernel part of the time), forked from one fresh
  interpreter that has imported nbgrader once, each load the course's configuration once,
  then grade learner after learner through :class:`nbgrader.apps.api.NbGraderAPI`, the
  same calls nbgrader's formgrader makes. No command starts per learner;
- **a fresh kernel per learner, without starting one**: every learner's kernel is forked
  from one template for the whole run that has imported ipykernel, pandas and the course's
  modules once and gives each kernel a sandbox of its own (:mod:`grading.kernel_template`),
  so nothing carries over between learners; where it cannot (no root), the kernel is
  started in the sandbox as ``nbgrader autograde`` starts it. The clean process that runs
  a notebook's hidden tests is forked from a template per worker too (:mod:`grading.zygote`);
- **with a progress bar** and an estimate of the time left, in Dutch;
- **per learner**: autograde, then that learner's feedback, so feedback is ready as soon as
  the learner is graded, and one learner's failure stops no one else's;
- **without losing a grade**: as the command line does without ``--force``, a learner
  already graded is skipped unless the submission is newer (nbgrader's own rule), so the
  written answers a trainer graded in the formgrader stay. The workers share the
  gradebook (SQLite); a learner whose grading failed, for whatever reason (a busy
  gradebook too), is graded once more on their own after the pool, and whoever still
  fails is named, with the reason, at the end.

The full log of every learner goes to ``feedback/<assignment>-nakijklog.txt`` (learner
data, like the rest of ``feedback/``); what a trainer must act on is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable, TextIO

from grading import lean_imports  # noqa: F401 (before anything imports jsonschema; see there)
from grading.wording import counted

__all__ = ["Outcome", "Progress", "default_workers", "grade_group", "learners", "main"]

#: Lines of a learner's log the trainer must see (the rest goes to the log file only).
_NOTEWORTHY = ("[WARNING]", "[ERROR]", "[CRITICAL]")
#: nbgrader's own notes that say nothing to a trainer.
_ROUTINE = ("Config option `display_data_priority` not recognized", "Removing existing",
            "is not a writable location")


@dataclass
class Outcome:
    """What happened to one learner."""

    learner: str
    ok: bool
    seconds: float
    log: str = ""
    error: str = ""
    skipped: bool = False

    @property
    def warnings(self) -> list[str]:
        """The lines of the log a trainer must see."""
        return [line for line in self.log.splitlines()
                if line.startswith(_NOTEWORTHY) and not any(r in line for r in _ROUTINE)]


def learners(root: Path, assignment: str) -> list[str]:
    """The learners with a folder for ``assignment`` in ``submitted/``, as nbgrader finds them.

    Examples
    --------
    >>> learners(Path("/nergens"), "mkba")
    []
    """
    submitted = root / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(entry.name for entry in submitted.iterdir()
                  if entry.is_dir() and not entry.name.startswith(".") and (entry / assignment).is_dir())


def default_workers(group: int) -> int:
    """Two workers more than the machine has cores, and never more than there are learners.

    A worker waits on its learner's kernel and clean process part of the time: on two
    cores, a class of 40 took 33 s with three workers and 30 s with four.

    Examples
    --------
    >>> default_workers(1)
    1
    """
    return max(1, min(group, (os.cpu_count() or 1) + 2))


# ---------------------------------------------------------------- in a worker process

_API = None


def _start_worker(root: str, kernel_template: tuple[str, str] | None = None) -> None:
    """Load nbgrader and the course's configuration once (a worker's first step).

    ``kernel_template`` is the address and pool of the run's :class:`KernelTemplate`, if any.
    """
    global _API
    os.chdir(root)
    # The kernels' own start-up notes would run through the progress bar.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    # Clean test processes forked from one template per worker, not started per learner.
    from grading import clean_kernel
    from grading.zygote import Zygote

    # (A worker ends with os._exit, running no atexit hook: the templates' loops end when
    # the worker's end of their socket closes with it.)
    template = Zygote(clean_kernel.clean_env())
    clean_kernel.use_spawner(template.spawn)
    # Learners' kernels forked from the run's template, each in a sandbox of its own.
    if kernel_template is not None:
        from grading import sandbox
        from grading.kernel_template import KernelForks

        try:
            kernels = KernelForks(*kernel_template)
        except OSError:
            pass  # kernels are started the ordinary way, in the same sandbox
        else:
            sandbox.use_kernel_template(kernels)
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.nbgraderapp import NbGraderApp

    _reuse_compiled_schemas_and_templates()
    app = NbGraderApp()
    app.initialize([])
    _API = NbGraderAPI(config=app.config)


def _reuse_compiled_schemas_and_templates() -> None:
    """Keep, per worker, what nbgrader and nbconvert would otherwise redo for every learner.

    Both are pure caches, the results unchanged: nbgrader checks each cell's metadata with
    ``jsonschema.validate``, which checks the schema itself again on every call (a quarter
    of a second per learner); nbconvert compiles the feedback page's Jinja templates anew
    for every learner (as long again), so its environments share one in-memory bytecode
    cache, which jinja2 checks against the template's source.
    """
    import jinja2
    import jsonschema
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbgrader.nbgraderformat import common

    validators: dict[str, object] = {}

    def validate(instance, schema):
        # Every validator object reads its own copy of the schema file: key by content.
        key = json.dumps(schema, sort_keys=True)
        validator = validators.get(key)
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = validators[key] = cls(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    class _Schemas:
        ValidationError = jsonschema.ValidationError

    _Schemas.validate = staticmethod(validate)
    common.jsonschema = _Schemas

    class _Compiled(jinja2.BytecodeCache):
        codes: dict[str, bytes] = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.codes:
                bucket.bytecode_from_string(self.codes[bucket.key])

        def dump_bytecode(self, bucket):
            self.codes[bucket.key] = bucket.bytecode_to_string()

    compiled = _Compiled()
    create = TemplateExporter._create_environment

    def _create_environment(self):
        environment = create(self)
        environment.bytecode_cache = compiled
        return environment

    TemplateExporter._create_environment = _create_environment


def _grade_one(assignment: str, learner: str) -> Outcome:
    """Autograde one learner, then write their feedback (nbgrader's own rules for skipping)."""
    start = time.perf_counter()
    log = io.StringIO()
    try:
        graded = _API.autograde(assignment, learner, force=False, create=True)
        log.write(graded.get("log", ""))
        if not graded.get("success"):
            return Outcome(learner, False, time.perf_counter() - start, log.getvalue(),
                           _last_line(graded.get("error", "")) or "nakijken mislukt")
        skipped = "Skipping existing assignment" in graded.get("log", "")
        feedback = _API.generate_feedback(assignment, learner, force=False)
        log.write(feedback.get("log", ""))
        if not feedback.get("success"):
            return Outcome(learner, False, time.perf_counter() - start, log.getvalue(),
                           "feedback: " + (_last_line(feedback.get("error", "")) or "mislukt"))
        return Outcome(learner, True, time.perf_counter() - start, log.getvalue(), skipped=skipped)
    except Exception as error:  # noqa: BLE001 (one learner's failure stops no one else)
        return Outcome(learner, False, time.perf_counter() - start, log.getvalue(), f"{type(error).__name__}: {error}")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


# ---------------------------------------------------------------- the trainer's side


class Progress:
    """A Dutch progress bar on a terminal; on anything else, a line per tenth of the group.

    Parameters
    ----------
    total : int
        Learners to grade.
    stream : file
        Where it writes (standard error).
    label : str
        What it counts, e.g. ``"mkba nakijken"``.
    """

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO, label: str) -> None:
        self.total, self.stream, self.label = total, stream, label
        self.done = 0
        self.start = time.perf_counter()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._last_tenth = -1

    def text(self) -> str:
        """The current line, e.g. ``mkba nakijken [######------] 12/40 · nog ongeveer 30 s``."""
        filled = round(self.WIDTH * self.done / self.total) if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"{self.label} [{bar}] {self.done}/{self.total} cursisten"
        if 0 < self.done < self.total:
            left = (time.perf_counter() - self.start) / self.done * (self.total - self.done)
            line += f" · nog ongeveer {_duration(left)}"
        return line

    def step(self) -> None:
        """One more learner done."""
        self.done += 1
        if self.tty:
            self.stream.write("\r" + self.text())
            if self.done == self.total:
                self.stream.write("\n")
        else:
            tenth = self.done * 10 // max(self.total, 1)
            if tenth != self._last_tenth or self.done == self.total:
                self._last_tenth = tenth
                self.stream.write(self.text() + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


#: What every worker imports before its first learner (three seconds of CPU each).
WORKER_PRELOAD = ["grading.lean_imports", "grading.parallel", "grading.sandbox", "grading.kernel_template", "grading.zygote",
                  "grading.feedback", "grading.locked_cells", "nbgrader.apps.api", "nbgrader.apps.nbgraderapp",
                  "nbconvert.exporters.html", "jsonschema", "jinja2"]


def _worker_context():
    """Workers forked from one fresh interpreter that has imported nbgrader once.

    A "forkserver" is a new interpreter, not a copy of this process (no threads or
    sockets of ours are inherited), that imports :data:`WORKER_PRELOAD` once; every
    worker is forked from it instead of importing all of that again.
    """
    context = get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def grade_group(root: Path, assignment: str, workers: int | None = None,
                progress: Callable[[], None] | None = None,
                group: Iterable[str] | None = None) -> list[Outcome]:
    """Grade and give feedback to every learner of ``assignment``, in parallel workers.

    Parameters
    ----------
    root : Path
        The course folder (with ``nbgrader_config.py``, ``gradebook.db``, ``submitted/``).
    assignment : str
        The assignment, e.g. ``"mkba"``; ``nbgrader generate_assignment`` has registered it.
    workers : int, optional
        Worker processes; :func:`default_workers` when not given.
    progress : callable, optional
        Called once per learner done (for :class:`Progress`).
    group : iterable of str, optional
        Only these learners (default: :func:`learners`).

    Returns
    -------
    list of Outcome
        One per learner, in the order of the group. A learner who failed in the pool is
        graded once more on their own; their outcome is that of the second try.
    """
    names = list(learners(root, assignment) if group is None else group)
    if not names:
        return []
    count = default_workers(len(names)) if workers is None else max(1, min(workers, len(names)))
    from grading.kernel_template import KernelTemplate

    try:
        template: KernelTemplate | None = KernelTemplate()  # kernels forked for every worker
    except OSError:
        template = None  # (no root) each kernel is started, in the same sandbox
    try:
        return _grade_in_pools(root, assignment, names, count, progress, template)
    finally:
        if template is not None:
            template.stop()


def _grade_in_pools(root: Path, assignment: str, names: list[str], count: int,
                    progress: Callable[[], None] | None, template) -> list[Outcome]:
    outcomes: dict[str, Outcome] = {}
    context = _worker_context()
    address = (template.address, template.pool) if template is not None else None
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_start_worker,
                             initargs=(str(root), address)) as pool:
        futures = {pool.submit(_grade_one, assignment, name): name for name in names}
        if template is not None:
            template.start()  # while the workers load nbgrader
        for future in as_completed(futures):
            name = futures[future]
            try:
                outcomes[name] = future.result()
            except Exception as error:  # noqa: BLE001 (a worker died: that learner is retried)
                outcomes[name] = Outcome(name, False, 0.0, error=f"{type(error).__name__}: {error}")
            if outcomes[name].ok and progress is not None:
                progress()
    again = [name for name in names if not outcomes[name].ok]
    if again:
        with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start_worker,
                                 initargs=(str(root), address)) as pool:
            for name in again:
                first = outcomes[name]
                try:
                    second = pool.submit(_grade_one, assignment, name).result()
                except Exception as error:  # noqa: BLE001
                    second = Outcome(name, False, 0.0, error=f"{type(error).__name__}: {error}")
                second.log = first.log + second.log
                outcomes[name] = second
                if progress is not None:
                    progress()
    return [outcomes[name] for name in names]


def log_path(root: Path, assignment: str) -> Path:
    """Where the full log of a grading run goes (learner data: under ``feedback/``)."""
    return root / "feedback" / f"{assignment}-nakijklog.txt"


def summary(outcomes: list[Outcome], seconds: float, workers: int) -> str:
    """What the trainer reads after the run, in Dutch."""
    graded = [o for o in outcomes if o.ok and not o.skipped]
    skipped = [o for o in outcomes if o.ok and o.skipped]
    failed = [o for o in outcomes if not o.ok]
    lines = []
    if graded:
        lines.append(f"{counted(len(graded), 'cursist')} nagekeken, met feedback, in {_duration(seconds)} "
                     f"({_decimal(seconds / len(outcomes))} s per cursist, {workers} tegelijk).")
    if skipped:
        were = "was" if len(skipped) == 1 else "waren"
        lines.append(f"{counted(len(skipped), 'cursist')} {were} al nagekeken en niet opnieuw ingeleverd: "
                     "overgeslagen (de cijfers en beoordelingen blijven staan).")
    for outcome in outcomes:
        for warning in outcome.warnings:
            lines.append(f"Let op bij {outcome.learner}: {warning.split(']', 1)[-1].strip()}")
    if failed:
        whose = "de inzending" if len(failed) == 1 else "hun inzendingen"
        stands = "staat" if len(failed) == 1 else "staan"
        lines.append(f"Niet gelukt bij {counted(len(failed), 'cursist')}; {whose} {stands} nog in submitted/ "
                     "en er is niets verloren. Draai 'make grade' opnieuw, of kijk in het logbestand:")
        lines += [f"  - {o.learner}: {o.error}" for o in failed]
    return "\n".join(lines)



def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    """``python -m grading.parallel <assignment>``: grade the group and write their feedback."""
    parser = argparse.ArgumentParser(
        prog="python -m grading.parallel",
        description="Kijk de opdracht van de hele groep na, tegelijk, en schrijf de feedback.")
    parser.add_argument("assignment", help="de opdracht, bijvoorbeeld mkba")
    parser.add_argument("--workers", type=int, default=None,
                        help="hoeveel cursisten tegelijk (standaard: het aantal kernen plus twee)")
    args = parser.parse_args(argv)
    root = Path.cwd()
    names = learners(root, args.assignment)
    if not names:
        print(f"Geen inzendingen voor {args.assignment} in submitted/: niets na te kijken. "
              f"Zet ze er eerst neer met 'make import MODULE={args.assignment} FROM=...'.", file=sys.stderr)
        return 0
    workers = default_workers(len(names)) if args.workers is None else max(1, min(args.workers, len(names)))
    bar = Progress(len(names), sys.stderr, f"{args.assignment} nakijken")
    start = time.perf_counter()
    outcomes = grade_group(root, args.assignment, workers, bar.step, names)
    seconds = time.perf_counter() - start
    path = log_path(root, args.assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.write_text("".join(f"===== {o.learner} ({'in orde' if o.ok else 'mislukt: ' + o.error})\n{o.log}\n"
                                for o in outcomes), encoding="utf-8")
    print(summary(outcomes, seconds, workers))
    print(f"Het volledige logboek staat in {path.relative_to(root)}.")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
