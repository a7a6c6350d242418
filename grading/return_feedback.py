"""Feedback to hand back: one zip per learner, for the learning platform or e-mail.

``python -m grading.return_feedback <assignment>`` (``make return MODULE=mkba``) packs each
learner's feedback pages for the assignment (``feedback/<learner>/<assignment>/*.html``,
written by ``make grade`` and, after grading written answers, ``make feedback``) into
``feedback/<assignment>-terug/<learner>-<assignment>-feedback.zip``: only that learner's
pages, under their own names, nothing else (not the graded notebook, not another
learner's page). Zips from an earlier run are replaced, so what is in the folder is what
the gradebook says now. A learner without feedback is named, not skipped in silence.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import zipfile
from pathlib import Path

__all__ = ["main", "pack", "return_folder"]


def return_folder(root: Path, assignment: str) -> Path:
    """Where the zips go (learner data: under ``feedback/``)."""
    return root / "feedback" / f"{assignment}-terug"


def pack(root: Path, assignment: str) -> tuple[dict[str, Path], list[str]]:
    """Write one zip per learner with feedback; return them by learner, and who had none.

    The learners are those with a submission folder (``submitted/<learner>/<assignment>``)
    or a feedback folder for the assignment.
    """
    feedback = root / "feedback"
    submitted = root / "submitted"
    learners = sorted({p.parent.name for base in (feedback, submitted) if base.is_dir()
                       for p in base.glob(f"*/{assignment}") if p.is_dir() and not p.parent.name.startswith(".")})
    out = return_folder(root, assignment)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    made, missing = {}, []
    for learner in learners:
        pages = sorted(p for p in (feedback / learner / assignment).glob("*.html")
                       if p.is_file() and not p.is_symlink())
        if not pages:
            missing.append(learner)
            continue
        target = out / f"{learner}-{assignment}-feedback.zip"
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for page in pages:
                archive.write(page, arcname=page.name)
        made[learner] = target
    return made, missing


def main(argv: list[str] | None = None) -> int:
    """``python -m grading.return_feedback <assignment>``: a feedback zip per learner."""
    parser = argparse.ArgumentParser(prog="python -m grading.return_feedback",
                                     description="Pak de feedback per cursist in een zip om terug te geven.")
    parser.add_argument("assignment", help="de opdracht, bijvoorbeeld mkba")
    args = parser.parse_args(argv)
    root = Path.cwd()
    made, missing = pack(root, args.assignment)
    folder = return_folder(root, args.assignment).relative_to(root)
    print(f"{len(made)} zip(s) met feedback in {folder}/, één per cursist.")
    if missing:
        print(f"Geen feedback (nog niet nagekeken?) voor: {', '.join(missing)}. "
              f"Draai eerst 'make grade MODULE={args.assignment}'.")
    return 0 if not missing else 1


if __name__ == "__main__":
    sys.exit(main())
