"""What the course holds, found on disk: the shared tests take their lists from here.

No test lists a module, page, builder, assignment or dashboard by hand. A new module is
picked up everywhere as soon as its files exist:

==================  ==========================================================  =====================
what                where it is found                                           helper
==================  ==========================================================  =====================
model modules       ``modules/*.py`` not starting with ``_`` (``facts``,        :func:`public_modules`
                    ``income`` and every course module)
documented modules  the public ones, plus private ones that define ``__all__``  :func:`documented_modules`
course modules      a public module with any of ``book/<name>/``,               :func:`course_modules`
                    ``solutions/<name>/``, ``grading/build_<name>_source.py``
                    or ``widgets/<name>.py``; the others are *shared*
book pages          every ``file:`` of ``_toc.yml`` (in order)                  :func:`toc_pages`
chapters            a module's numbered pages (``NN-...``) but its simulation   :func:`chapters`
simulation page     a module's numbered page whose name ends in ``simulatie``   :func:`simulation_page`
dashboards          ``book/<name>/dashboard.ipynb``                             :func:`dashboards`
builders            ``grading/build_<name>_source.py``                          :func:`builders`
assignments         every folder in ``solutions/``                              :func:`assignments`
typical mistakes    optional ``tests/mistakes_<name>.py`` (see below)           :func:`mistakes`
==================  ==========================================================  =====================

``tests/test_discovery.py`` fails when a course module misses one of its parts (model,
widget, book folder with index, chapters, simulation page and dashboard, builder,
solutions, release) and when a discovery list comes back empty, so a module cannot be
half-added or silently skipped.

Typical mistakes. The generic grading round trip (model solution, untouched release,
endless loop, feedback) runs for every assignment. An assignment may add plausible coding
mistakes that pass its visible checks but not its hidden ones in
``tests/mistakes_<name>.py``. They are test content, so they live under ``tests/``, not in
the builder:

``MISTAKES``
    Grade id of an answer cell -> the wrong answer as a learner would type it, one per
    answer cell. ``tests/test_grading_roundtrip.py`` hands them in together as the learner
    ``fouten`` and checks that every one passes the visible checks and that exactly
    ``LOST`` loses its points.
``LOST``
    The grade ids of the test cells that must then score zero (every other one keeps its
    points).
``INFINITE_LOOP_PART`` (optional)
    The answer cell that gets the endless loop of the round trip; without it, the first
    code answer cell.
``VARIANTS`` (optional)
    Further typical mistakes: (grade id of an answer cell, the wrong answer, the test cells
    it must cost). Several may share an answer cell, so the round trip cannot hand them in
    together: ``tests/test_grading_variants.py`` hands each in as a learner of its own, all
    in one autograde run per assignment, and checks that each costs exactly its cells, on a
    hidden check.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parents[1]
MODULES_DIR = ROOT / "modules"
BOOK_DIR = ROOT / "book"
SOLUTIONS_DIR = ROOT / "solutions"
RELEASE_DIR = ROOT / "exercises"
GRADING_DIR = ROOT / "grading"
TESTS_DIR = ROOT / "tests"
TOC = ROOT / "_toc.yml"
TRAINERS_TOC = ROOT / "_toc_trainers.yml"

_BUILDER = re.compile(r"^build_(?P<name>[a-z0-9_]+)_source\.py$")
_NUMBERED = re.compile(r"^\d\d-")


def _visible(path: Path) -> bool:
    return not path.name.startswith(("_", "."))


# ---------------------------------------------------------------- modules/


def public_modules() -> list[str]:
    """Names of the public model modules: ``modules/*.py`` not starting with ``_``."""
    return sorted(p.stem for p in MODULES_DIR.glob("*.py") if _visible(p))


def _defines_all(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
               for node in tree.body)


def documented_modules() -> list[str]:
    """Dotted names of the modules whose docstrings are checked.

    Every public module (it must define ``__all__``; ``tests/test_docstrings.py`` fails if
    not), plus private ones such as ``_validation`` that define ``__all__``.
    """
    private = sorted(p.stem for p in MODULES_DIR.glob("_*.py")
                     if p.stem != "__init__" and _defines_all(p))
    return [f"modules.{name}" for name in [*public_modules(), *private]]


def import_module(dotted: str) -> ModuleType:
    return importlib.import_module(dotted)


def _imports_of(name: str) -> set[str]:
    """The ``modules`` siblings that ``modules/<name>.py`` imports."""
    tree = ast.parse((MODULES_DIR / f"{name}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.module == "modules" or (node.level == 1 and node.module is None):
                found |= {alias.name for alias in node.names}
            elif node.module and node.module.startswith("modules."):
                found.add(node.module.split(".")[1])
            elif node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("modules.")}
    return found


def has_course_parts(name: str) -> bool:
    """Whether ``name`` has any part of a course module besides its model."""
    return ((BOOK_DIR / name).is_dir() or (SOLUTIONS_DIR / name).is_dir()
            or (GRADING_DIR / f"build_{name}_source.py").is_file()
            or (ROOT / "widgets" / f"{name}.py").is_file())


def course_modules() -> list[str]:
    """Public modules taught as a module of the course (they have a book folder, ...)."""
    return [name for name in public_modules() if has_course_parts(name)]


def shared_modules() -> list[str]:
    """Public modules that only serve others (``facts``, ``income``): imported by a sibling."""
    used = set().union(*(_imports_of(name) for name in public_modules()))
    return [name for name in public_modules() if not has_course_parts(name) and name in used]


# ---------------------------------------------------------------- the book


def toc_pages(toc: Path = TOC) -> list[str]:
    """Every page of a toc file, without suffix (``book/mkba/01-stappenplan``), in order."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    pages = [data["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                pages.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key, []) or []:
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(data)
    return pages


def module_pages(name: str, toc: Path = TOC) -> list[str]:
    """The pages of module ``name`` in the toc, index first."""
    return [p for p in toc_pages(toc) if p.startswith(f"book/{name}/")]


def simulation_page(name: str) -> str | None:
    """The module's simulation page (``book/<name>/NN-simulatie``), or None."""
    found = [p for p in module_pages(name)
             if _NUMBERED.match(p.rsplit("/", 1)[1]) and p.endswith("simulatie")]
    return found[0] if found else None


def chapters(name: str) -> list[str]:
    """The module's numbered chapters in the toc (its simulation page excluded)."""
    return [p for p in module_pages(name)
            if _NUMBERED.match(p.rsplit("/", 1)[1]) and p != simulation_page(name)]


def all_chapters() -> list[str]:
    return [page for name in course_modules() for page in chapters(name)]


def simulation_pages() -> dict[str, str]:
    """Course module -> its simulation page, for the modules that have one."""
    return {name: page for name in course_modules() if (page := simulation_page(name))}


def page_source(page: str) -> Path:
    """The source file of a toc page (``.md`` or ``.ipynb``)."""
    for suffix in (".md", ".ipynb"):
        if (ROOT / f"{page}{suffix}").is_file():
            return ROOT / f"{page}{suffix}"
    raise FileNotFoundError(f"no source for the toc page {page}")


def pages_with_math() -> list[str]:
    """Toc pages with display math (``$$`` or ``{math}``): MathJax must render them."""
    found = []
    for page in toc_pages():
        try:
            text = page_source(page).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue  # reported by the book build (test_book_builds_every_page_in_the_toc)
        if re.search(r"^\$\$|\{math\}", text, re.M):
            found.append(page)
    return found


def dashboards() -> dict[str, Path]:
    """Module -> its Voila dashboard notebook, ``book/<name>/dashboard.ipynb``."""
    return {p.parent.name: p for p in sorted(BOOK_DIR.glob("*/dashboard.ipynb")) if _visible(p.parent)}


def book_folders() -> list[str]:
    """Module folders in ``book/`` (not ``_assets`` and such)."""
    return sorted(p.name for p in BOOK_DIR.iterdir() if p.is_dir() and _visible(p))


# ---------------------------------------------------------------- assignments


def builders() -> list[str]:
    """Assignment names with a builder ``grading/build_<name>_source.py``."""
    return sorted(m.group("name") for p in GRADING_DIR.glob("build_*_source.py") if (m := _BUILDER.match(p.name)))


@lru_cache(maxsize=None)
def builder(name: str) -> ModuleType:
    """The builder module of assignment ``name`` (``grading.build_<name>_source``)."""
    return importlib.import_module(f"grading.build_{name}_source")


def assignments() -> list[str]:
    """Every folder in ``solutions/`` (an assignment each)."""
    return sorted(p.name for p in SOLUTIONS_DIR.iterdir() if p.is_dir() and _visible(p))


def mistakes(name: str) -> ModuleType | None:
    """``tests/mistakes_<name>.py`` (``MISTAKES``, ``LOST``, ...: see above), or None if there is none."""
    if not (TESTS_DIR / f"mistakes_{name}.py").is_file():
        return None
    return importlib.import_module(f"tests.mistakes_{name}")

