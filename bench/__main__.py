"""Print the benchmark table the foundation issue asks for.

Book builds run in a fresh copy of the working tree's files (tracked and new, not ignored;
plus the vendored JavaScript), so the cold build really is cold and the repository's own
``_build`` is left alone. Grading runs in a temporary course folder, like the grading tests.

``python -m bench --no-book --no-grading`` leaves out the slow parts; ``--only-grading``
prints only the grading figures.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")
EDITED_PAGE = Path("book/mkba/01-stappenplan.md")
EDITED_CODE_PAGE = Path("book/mkba/02-disconteren.md")
TARGETS = {
    "Rebuild after editing one page": ("≤ 10 s", 10.0),
    "Widget update latency p95": ("≤ 50 ms", 0.050),
    "Monte Carlo, 10,000 draws (median)": ("≤ 100 ms", 0.100),
    "schulden: simulatie 60 maanden, 10 schuldeisers": ("≤ 20 ms", 0.020),
    "schulden: widget-update p95": ("≤ 50 ms", 0.050),
    "mgv: één beurt in de simulator p95": ("≤ 20 ms", 0.020),
    "mgv: gesprek van 12 beurten opnieuw afspelen": ("≤ 100 ms", 0.100),
    "inclusie: padensimulatie, 20 runs van 1.000 huishoudens": ("≤ 100 ms", 0.100),
    "inclusie: buurtcirkel met wie-betaalt": ("≤ 100 ms", 0.100),
    "inclusie: paden-update p95": ("≤ 50 ms", 0.050),
    "inclusie: buurtcirkel-update p95": ("≤ 50 ms", 0.050),
}


def say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def copy_tracked_tree(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if not (ROOT / name).is_file():
            continue  # deleted in the working tree, not yet in git
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    shutil.copytree(ROOT / "_vendor", dest / "_vendor")


def timed_build(book: Path, *options: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([str(JB), "build", str(book), "-W", "-n", "--keep-going", *options],
                            cwd=book, capture_output=True, text=True,
                            env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"book build failed in {book}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed


def bench_book() -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory(prefix="asd-bench-") as tmp:
        book = Path(tmp)
        copy_tracked_tree(book)
        say("cold book build (every notebook executed) …")
        cold = timed_build(book)
        say("trainers' edition after it (shares the execution cache) …")
        trainers = timed_build(book, "--toc", "_toc_trainers.yml",
                               "--path-output", str(book / "_build" / "trainers"))
        say("rebuild with nothing changed …")
        unchanged = timed_build(book)
        say(f"rebuild after editing {EDITED_PAGE} …")
        page = book / EDITED_PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\nEen extra zin voor de meting.\n",
                        encoding="utf-8")
        edited = timed_build(book)
        say(f"rebuild after editing a code cell of {EDITED_CODE_PAGE} (re-executes it) …")
        page = book / EDITED_CODE_PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("import matplotlib.pyplot as plt",
                                     "import matplotlib.pyplot as plt  # edited", 1),
                        encoding="utf-8")
        edited_code = timed_build(book)
        say("rebuild after editing modules/mkba.py (every page re-executes) …")
        model = book / "modules" / "mkba.py"
        model.write_text(model.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        edited_model = timed_build(book)
    return [("Cold book build", cold), ("Trainers' edition, cache shared", trainers),
            ("Rebuild with nothing changed", unchanged),
            ("Rebuild after editing one page", edited),
            ("Rebuild after editing one page's code", edited_code),
            ("Rebuild after editing modules/", edited_model)]


def timed(call) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def update_latencies(calc, controls: list, changes: int) -> list[float]:
    """Seconds per update of a course widget while its controls take turns to change.

    ``controls`` lists (control, values to cycle through); a value equal to the current one
    is skipped, so every step really changes something. Stops the benchmark if the widget
    shows a message: a benchmark of error messages measures nothing.
    """
    latencies = []
    for i in range(changes):
        control, values = controls[i % len(controls)]
        new = values[(i // len(controls)) % len(values)]
        if control.value == new:
            new = values[(values.index(new) + 1) % len(values)]
        start = time.perf_counter()
        control.value = new  # observers run synchronously: this is the whole update
        latencies.append(time.perf_counter() - start)
        if calc.message.text:
            sys.exit(f"{type(calc).__name__} showed an error during the benchmark: {calc.message.text}")
    return latencies


def bench_widget(changes: int = 200) -> list[tuple[str, float]]:
    from widgets.mkba import MKBACalculator

    say(f"widget: {changes} control changes …")
    calc = MKBACalculator()
    controls = [
        (calc.rate, [0.0, 1.5, 2.25, 3.0, 4.5]),
        (calc.horizon, [5, 10, 20, 30]),
        (calc.effect, [50.0, 75.0, 100.0, 125.0]),
    ]
    latencies = update_latencies(calc, controls, changes)
    return [("Widget update latency p50", float(np.percentile(latencies, 50))),
            ("Widget update latency p95", float(np.percentile(latencies, 95)))]


def bench_monte_carlo(repeats: int = 30) -> list[tuple[str, float]]:
    from modules import mkba

    say("Monte Carlo …")
    case = mkba.PRESETS["schooluitval"]
    mkba.monte_carlo(case, n=10_000)  # warm up imports and caches
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        mkba.monte_carlo(case, n=10_000, seed=seed)
        times.append(time.perf_counter() - start)
    return [("Monte Carlo, 10,000 draws (median)", statistics.median(times))]


def _ten_creditors():
    """Household and ten creditors: the example households' creditors, names made unique."""
    from modules import schulden

    household, _ = schulden.preset("alleenstaande_bijstand")
    every = [c for key in schulden.PRESETS for c in schulden.preset(key)[1]]
    creditors = [schulden.Schuldeiser(f"{c.naam} {i}", c.soort, c.hoofdsom, btw=c.btw,
                                      executie_na=c.executie_na)
                 for i, c in enumerate(every[:10], start=1)]
    return household, creditors


def bench_schulden_simulation(repeats: int = 30) -> list[tuple[str, float]]:
    """Median time of one 60-month debt simulation with ten creditors (modules.schulden)."""
    from modules import schulden

    say("schulden: simulation, 60 months, 10 creditors …")
    household, creditors = _ten_creditors()
    schulden.simuleer(household, creditors, maanden=60)  # warm up imports and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        schulden.simuleer(household, creditors, maanden=60)
        times.append(time.perf_counter() - start)
    return [("schulden: simulatie 60 maanden, 10 schuldeisers", statistics.median(times))]


def bench_schulden_widget(changes: int = 120) -> list[tuple[str, float]]:
    """Latency of the schulden calculator's update after a control change (p50 and p95)."""
    from widgets.schulden import SchuldenCalculator

    say(f"schulden widget: {changes} control changes …")
    calc = SchuldenCalculator("gezin_autolening")  # the largest example: five creditors
    controls = [
        (calc.wait, [0, 12, 24, 36, 48, 60]),
        (calc.income, ["2.150", "2.400", "1.900"]),
        (calc.rows[0].amount, ["6.500", "8.000", "4.000"]),
    ]
    latencies = update_latencies(calc, controls, changes)
    return [("schulden: widget-update p50", float(np.percentile(latencies, 50))),
            ("schulden: widget-update p95", float(np.percentile(latencies, 95)))]


def bench_mgv(games: int = 10) -> list[tuple[str, float]]:
    """The conversation simulator: one turn as a learner plays it, and a full replay.

    A turn is ``GesprekSimulator.choose`` (the client model's step plus everything the
    learner then sees); a replay is ``mgv.simulate`` over every turn of the longest scenario,
    what a rewind does.
    """
    from modules import mgv
    from widgets.mgv import GesprekSimulator

    say(f"mgv: {games} games per scenario, and replays …")
    simulator = GesprekSimulator()
    turns = []
    for key in mgv.SCENARIOS:
        simulator.select_scenario(key)
        for game in range(games):
            simulator.restart()
            for turn in mgv.SCENARIOS[key].turns:
                start = time.perf_counter()
                simulator.choose((game + len(turns)) % len(turn.options))
                turns.append(time.perf_counter() - start)
    longest = max(mgv.SCENARIOS.values(), key=lambda s: len(s.turns))
    choices = [n % len(turn.options) for n, turn in enumerate(longest.turns)]
    mgv.simulate(longest, choices)  # warm up
    replays = []
    for seed in range(50):
        start = time.perf_counter()
        mgv.simulate(longest, choices, seed=seed)
        replays.append(time.perf_counter() - start)
    return [("mgv: één beurt in de simulator p50", float(np.percentile(turns, 50))),
            ("mgv: één beurt in de simulator p95", float(np.percentile(turns, 95))),
            (f"mgv: gesprek van {len(longest.turns)} beurten opnieuw afspelen", statistics.median(replays))]


def bench_inclusie(changes: int = 50) -> list[tuple[str, float]]:
    """Latency of both inclusion simulators' update after a control change (p50 and p95).

    The pathway simulator runs :func:`modules.inclusie.pathway_bands` at its own size
    (``widgets.inclusie.WIDGET_RUNS`` runs of ``WIDGET_HOUSEHOLDS`` households) on every
    change; the circle is a few small tables.
    """
    from modules import inclusie
    from widgets.inclusie import CirkelSimulator, PadenSimulator

    say("inclusie: both simulations at their default size …")
    bands = [timed(lambda: inclusie.pathway_bands(inclusie.Support())) for _ in range(7)]
    circles = [timed(lambda: inclusie.circle_who_pays(inclusie.Circle())) for _ in range(7)]
    say(f"inclusie: {changes} control changes per simulator …")
    paths = PadenSimulator()
    path_latencies = update_latencies(paths, [
        (paths.waiting, [14, 28, 42, 56, 90, 120]),
        (paths.counters, [1, 2, 3, 4, 5, 6]),
        (paths.outreach, [0, 25, 50, 75]),
        (paths.coordinator, [True, False]),
    ], changes)
    circle = CirkelSimulator()
    circle_latencies = update_latencies(circle, [
        (circle.participants, [6, 8, 10, 12, 16]),
        (circle.coach_hours, ["2", "4", "4,5", "8"]),
        (circle.volunteers, [0, 1, 2, 3]),
        (circle.years_slider, [3, 5, 8, 10]),
    ], changes)
    return [("inclusie: padensimulatie, 20 runs van 1.000 huishoudens", statistics.median(bands)),
            ("inclusie: buurtcirkel met wie-betaalt", statistics.median(circles)),
            ("inclusie: paden-update p50", float(np.percentile(path_latencies, 50))),
            ("inclusie: paden-update p95", float(np.percentile(path_latencies, 95))),
            ("inclusie: buurtcirkel-update p50", float(np.percentile(circle_latencies, 50))),
            ("inclusie: buurtcirkel-update p95", float(np.percentile(circle_latencies, 95)))]


def bench_grading(learners: int = 4) -> list[tuple[str, float]]:
    """Per assignment: one ``nbgrader autograde`` run over ``learners`` model solutions (sandboxed)."""
    from tests.grading_helpers import ASSIGNMENTS, fill_in, hand_in, prepare_course, run_nbgrader

    rows = []
    for assignment in ASSIGNMENTS:
        say(f"grading {assignment}: {learners} learners in one nbgrader autograde run …")
        with tempfile.TemporaryDirectory(prefix="asd-bench-grade-") as tmp:
            course = Path(tmp)
            release_dir, release, source = prepare_course(course, assignment)
            model = fill_in(release, source)
            hand_in(course, assignment, release_dir, {f"cursist{n}": model for n in range(1, learners + 1)})
            seconds, _ = run_nbgrader(course, "autograde", assignment)
        rows.append((f"Autograde per learner, {assignment} ({learners} in one run)", seconds / learners))
    return rows


def bench_group(size: int = 40, assignment: str = "mkba") -> list[str]:
    """A class of ``size``, graded plain and with ``make grade``'s parallel grader, in this run.

    Plain is ``nbgrader autograde`` then ``nbgrader generate_feedback`` in one copy of the
    course; the other copy runs ``python -m grading.parallel`` (what ``make grade`` runs for
    autograde and feedback). Both use the course's configuration: the same sandbox, the
    same clean process. The class is mixed: model answers, typical mistakes, one mistake,
    untouched notebooks. The scores of every cell are compared.
    """
    from nbgrader.api import Gradebook

    from tests import discovery
    from tests.grading_helpers import fill_in, hand_in, nbgrader_env, prepare_course, run_nbgrader

    def scores(root: Path) -> dict:
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
            return {(s.student.id, g.name): (g.auto_score, g.manual_score)
                    for s in gradebook.assignment_submissions(assignment) for nb in s.notebooks for g in nb.grades}

    mistakes = discovery.mistakes(assignment).MISTAKES
    with tempfile.TemporaryDirectory(prefix="asd-bench-klas-") as tmp:
        plain, fast = Path(tmp, "gewoon"), Path(tmp, "parallel")
        plain.mkdir()
        release_dir, release, source = prepare_course(plain, assignment)
        kinds = [fill_in(release, source), fill_in(release, source, {k: v.strip() for k, v in mistakes.items()}),
                 fill_in(release, source, {next(iter(mistakes)): next(iter(mistakes.values())).strip()}), release]
        hand_in(plain, assignment, release_dir, {f"cursist{n:02d}": kinds[n % len(kinds)] for n in range(size)})
        shutil.copytree(plain, fast)
        say(f"grading a class of {size} ({assignment}) with plain nbgrader …")
        autograde, _ = run_nbgrader(plain, "autograde", assignment)
        feedback, _ = run_nbgrader(plain, "generate_feedback", assignment)
        say(f"grading the same class with make grade's parallel grader …")
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "grading.parallel", assignment], cwd=fast,
                                env=nbgrader_env(), capture_output=True, text=True, timeout=3600)
        parallel = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"grading.parallel failed:\n{result.stdout}\n{result.stderr[-2000:]}")
        same = scores(plain) == scores(fast)
    plain_total = autograde + feedback
    return [
        f"Grading a class of {size} ({assignment}, mixed), autograde + feedback, {os.cpu_count()} cores:",
        f"  plain nbgrader autograde + generate_feedback: {plain_total:.1f} s ({plain_total / size:.2f} s per learner)",
        f"  make grade (grading.parallel):                {parallel:.1f} s ({parallel / size:.2f} s per learner)",
        f"  ratio: {plain_total / parallel:.1f}x faster (target: at least 4x, at most 0.5 s per learner); "
        f"scores of every cell identical: {'yes' if same else 'NO'}",
    ]


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.1f} s"


def print_table(rows: list[tuple[str, float]]) -> None:
    """The benchmark table in Markdown: figure, measurement, target and verdict."""
    width = max([38] + [len(name) for name, _ in rows])
    print(f"| {'figure':<{width}} | {'measured':>10} | {'target':<9} | {'':<4} |")
    print(f"|{'-' * (width + 2)}|{'-' * 12}|{'-' * 11}|{'-' * 6}|")
    for name, value in rows:
        target, limit = TARGETS.get(name, ("", None))
        verdict = "" if limit is None else ("ok" if value <= limit else "SLOW")
        print(f"| {name:<{width}} | {fmt(value):>10} | {target:<9} | {verdict:<4} |")


def main() -> None:
    if "--only-grading" in sys.argv:
        rows, group = bench_grading(), bench_group()
        print()
        print_table(rows)
        print()
        print("\n".join(group))
        return
    rows = (bench_widget() + bench_monte_carlo() + bench_schulden_simulation() + bench_schulden_widget()
            + bench_mgv() + bench_inclusie())
    group = []
    if "--no-grading" not in sys.argv:
        rows += bench_grading()
        group = bench_group()
    if "--no-book" not in sys.argv:
        rows = bench_book() + rows
    print()
    print_table(rows)
    if group:
        print()
        print("\n".join(group))
    print(f"\nMachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
