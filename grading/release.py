"""Regenerate the learners' ``exercises/`` from the sources in ``solutions/``.

``python -m grading.release [--dest DIR] [ASSIGNMENT ...]`` (``make exercises``) runs
nbgrader's ``generate_assignment`` for every assignment in ``solutions/`` (or the ones
named) and writes the results to ``exercises/<assignment>/``.

nbgrader writes a gradebook next to the course. To keep the repository free of it, the
course (``nbgrader_config.py`` and ``solutions/``) is copied to a temporary folder and
generated there; only the released files are copied back. Generation is deterministic:
running it twice gives identical files, which ``tests/test_release_sync.py`` relies on.
As a last guard the release is refused when a solution or hidden-test marker survives.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "solutions"
RELEASE = "exercises"
# nbgrader's CourseDirectory.ignore default: never part of a release.
IGNORE = shutil.ignore_patterns(".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback")
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


class ReleaseError(RuntimeError):
    """generate_assignment failed, or its output still holds answers."""


def assignments(root: Path = ROOT) -> list[str]:
    """Names of the assignments in ``solutions/``: folders that hold a notebook."""
    source = root / SOURCE
    return sorted(p.name for p in source.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb")))


def nbgrader_env() -> dict[str, str]:
    """Environment for nbgrader: it runs ``alembic`` from PATH, so put this venv first."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


def copy_course(root: Path, dest: Path) -> None:
    """Copy what nbgrader needs to run the course (config and sources) into ``dest``."""
    shutil.copy2(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(root / SOURCE, dest / SOURCE, ignore=IGNORE)


def find_leaks(folder: Path) -> list[str]:
    """Files under ``folder`` that contain a solution or hidden-test marker."""
    leaks = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path}: {m}" for m in MARKERS if m in text]
    return leaks


def generate(course: Path, assignment: str) -> Path:
    """Run ``nbgrader generate_assignment`` in ``course``; return the released folder."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"],
        cwd=course, env=nbgrader_env(), capture_output=True, text=True,
    )
    released = course / RELEASE / assignment
    if result.returncode != 0 or not released.is_dir():
        raise ReleaseError(f"nbgrader generate_assignment {assignment} failed:\n{result.stderr}")
    return released


def release(dest: Path | None = None, names: list[str] | None = None, root: Path = ROOT) -> list[Path]:
    """Regenerate the release of each assignment into ``dest``; return the folders written.

    Each ``dest/<assignment>`` is replaced as a whole, so files removed from ``solutions/``
    disappear from the release too. Other content of ``dest`` is left alone.
    """
    dest = (root / RELEASE) if dest is None else Path(dest)
    names = assignments(root) if not names else names
    written = []
    with tempfile.TemporaryDirectory(prefix="asd-release-") as tmp:
        course = Path(tmp)
        copy_course(root, course)
        for name in names:
            released = generate(course, name)
            leaks = find_leaks(released)
            if leaks:
                raise ReleaseError("The release still holds answers or hidden tests:\n" + "\n".join(leaks))
            target = dest / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(released, target, ignore=IGNORE)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate exercises/ from solutions/ with nbgrader.")
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all in solutions/)")
    parser.add_argument("--dest", type=Path, default=None,
                        help=f"folder to write the releases into (default: {RELEASE}/)")
    args = parser.parse_args(argv)
    try:
        for folder in release(args.dest, args.assignments):
            files = ", ".join(sorted(p.name for p in folder.iterdir()))
            print(f"released {folder}: {files}")
    except ReleaseError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
