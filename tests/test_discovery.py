"""A new module cannot be half-added, and discovery that finds nothing fails.

The shared tests take their lists from ``tests/discovery.py``. These tests make sure those
lists are not empty (an empty parametrisation would only be reported as skipped) and that
every course module has every part the shared tests expect, with a message that says what
is missing.
"""

from __future__ import annotations

import pytest

from tests import discovery as d

LISTS = {
    "public modules in modules/": d.public_modules,
    "documented modules": d.documented_modules,
    "course modules (modules with a book/, solutions/, builder or widget)": d.course_modules,
    "shared modules (imported by another module)": d.shared_modules,
    "pages in _toc.yml": d.toc_pages,
    "numbered chapters in _toc.yml": d.all_chapters,
    "simulation pages in _toc.yml": d.simulation_pages,
    "pages with display math": d.pages_with_math,
    "dashboards (book/<module>/dashboard.ipynb)": d.dashboards,
    "builders (grading/build_<name>_source.py)": d.builders,
    "assignments (solutions/<name>/)": d.assignments,
}


@pytest.mark.parametrize("what", LISTS)
def test_discovery_finds_something(what):
    assert LISTS[what](), f"discovery found no {what}: tests/discovery.py no longer matches the layout"


def test_every_public_module_is_a_course_module_or_shared():
    stray = sorted(set(d.public_modules()) - set(d.course_modules()) - set(d.shared_modules()))
    assert stray == [], (
        f"modules/{stray[0]}.py is neither a course module (no book/{stray[0]}/, solutions/{stray[0]}/, "
        f"grading/build_{stray[0]}_source.py or widgets/{stray[0]}.py) nor shared (no other module "
        "imports it). Add the module's other parts (README, 'Adding a module') or use it from a module."
        if stray else "")


def missing_parts(name: str) -> list[str]:
    """What course module ``name`` lacks, each as a path or a sentence."""
    root = d.ROOT
    missing = [f"{path} (file)" for path in (f"modules/{name}.py", f"widgets/{name}.py",
                                             f"book/{name}/index.md", f"book/{name}/dashboard.ipynb",
                                             f"book/{name}/trainershandleiding.md",
                                             f"grading/build_{name}_source.py")
               if not (root / path).is_file()]
    missing += [f"{path} (folder with a notebook)" for path in (f"solutions/{name}", f"exercises/{name}")
                if not any((root / path).glob("*.ipynb"))]
    pages = d.module_pages(name)
    if f"book/{name}/index" not in pages:
        missing.append(f"book/{name}/index in _toc.yml")
    if not d.chapters(name):
        missing.append(f"numbered chapters (book/{name}/01-...) in _toc.yml")
    if d.simulation_page(name) is None:
        missing.append(f"a simulation page (book/{name}/NN-simulatie.ipynb) in _toc.yml")
    trainer_pages = d.module_pages(name, d.TRAINERS_TOC)
    if [p for p in trainer_pages if "trainershandleiding" not in p] != pages:
        missing.append("the same learners' pages, in the same order, in _toc_trainers.yml")
    if f"book/{name}/trainershandleiding" not in trainer_pages:
        missing.append(f"book/{name}/trainershandleiding in _toc_trainers.yml")
    if name in d.builders():
        builder = d.builder(name)
        for attribute in ("ASSIGNMENT", "SOURCE_DIR", "NOTEBOOK_NAME", "build_notebook", "notebook_text", "write"):
            if not hasattr(builder, attribute):
                missing.append(f"grading.build_{name}_source.{attribute}")
        if getattr(builder, "ASSIGNMENT", name) != name:
            missing.append(f"ASSIGNMENT = {name!r} in grading/build_{name}_source.py")
        if getattr(builder, "SOURCE_DIR", None) != d.SOLUTIONS_DIR / name:
            missing.append(f"SOURCE_DIR = solutions/{name} in grading/build_{name}_source.py")
    return missing


@pytest.mark.parametrize("name", d.course_modules())
def test_course_module_has_every_part(name):
    missing = missing_parts(name)
    assert missing == [], f"module {name!r} misses: " + "; ".join(missing)


@pytest.mark.parametrize(("what", "found"), [
    ("book/<name>/ folder", d.book_folders),
    ("dashboard", lambda: list(d.dashboards())),
    ("builder grading/build_<name>_source.py", d.builders),
    ("assignment solutions/<name>/", d.assignments),
])
def test_every_part_belongs_to_a_course_module(what, found):
    modules = set(d.course_modules())
    orphans = [name for name in found() if name not in modules]
    assert orphans == [], f"{what} without a model modules/<name>.py: {orphans}"


def test_every_assignment_has_a_builder_and_every_mistakes_file_an_assignment():
    assert sorted(d.assignments()) == sorted(d.builders()), "every solutions/<name>/ is written by its builder"
    stray = [p.stem.removeprefix("mistakes_") for p in d.TESTS_DIR.glob("mistakes_*.py")
             if p.stem.removeprefix("mistakes_") not in d.assignments()]
    assert stray == [], f"tests/mistakes_<name>.py for an assignment that does not exist: {stray}"


def test_trainer_pages_are_not_chapters():
    for name in d.course_modules():
        assert not [p for p in d.chapters(name) if "trainershandleiding" in p]
