"""``make module NAME=...`` writes a draft that every shared check picks up; no placeholder is merged.

Two parts.

The placeholder check (fast, runs on this repository): every place a course author must
still write says ``scaffold.MARKER`` ("TE SCHRIJVEN"). ``test_no_module_holds_a_placeholder``
fails while any file of a course module (its model, widget, book folder, builder and its
test cells in ``grading/checks/``, ``solutions/`` and ``exercises/``, tests with the
module's name) or a toc file still holds it, naming each file and line. So a draft cannot
be merged unfinished.

The scaffold (slow): a temporary copy of the repository (the files git tracks or would
track, so uncommitted work is included) gets a draft module ``proefmodule`` from
``python -m scaffold``. Inside that copy, with this venv's Python and the copy first on
``PYTHONPATH`` (the editable install points at this checkout), the shared checks run as
they are: completeness (``test_discovery.py``), release sync, leerdoelen, prose,
dashboards, editions, the grading conventions, nbval of the module's pages and assignment,
the grading round trip with feedback, and the module's own tests. The slow shared tests that
need a built book or a browser (book build, browser pages, dashboards, the page audit) are
collected, and must have items for the new module. The learners' edition of the copy is
built with warnings as errors and the page audit opens the draft's pages: they fail it only
with the theme's findings that every page has (so the author must accept them in
``known_violations.txt``), never with a console error, outside request, broken link or hidden
widget that the existing module's pages do not already have. Last, the placeholder check must
flag the draft. About 2.5 minutes: the grading round trip (its endless-loop submission waits
for the 20-second timeout) and the build with the audit take most of it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import MARKER
from scaffold.new_module import paths_of
from tests import discovery

ROOT = Path(__file__).resolve().parents[1]
NAME = "proefmodule"


# ---------------------------------------------------------------- the placeholder check


def _repository_files(root: Path) -> list[str]:
    """The files git tracks or would track (not ignored); every file where there is no git."""
    if (root / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=root,
                                capture_output=True, text=True, check=True).stdout.splitlines()
        return sorted(f for f in listed if (root / f).is_file())
    skip = {".git", ".venv", "_build", "_vendor", ".cache", "__pycache__", ".pytest_cache"}
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not skip & set(p.relative_to(root).parts))


def module_files(name: str, files: list[str]) -> list[str]:
    """The files of course module ``name`` among ``files`` (paths relative to the repository)."""
    own = {f"modules/{name}.py", f"widgets/{name}.py", f"grading/build_{name}_source.py",
           f"grading/checks/{name}.toml"}
    folders = (f"book/{name}/", f"solutions/{name}/", f"exercises/{name}/")
    return [f for f in files if f in own or f.startswith(folders)
            or (f.startswith("tests/") and f.endswith(".py") and name in Path(f).stem.split("_"))]


def placeholders(root: Path = ROOT) -> list[str]:
    """``file:line: text`` for every line of a course module's file or a toc that holds the marker."""
    files = _repository_files(root)
    checked = [discovery.TOC.name, discovery.TRAINERS_TOC.name]
    for name in discovery.course_modules():
        checked += module_files(name, files)
    found = []
    for file in sorted(set(checked)):
        text = (root / file).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if MARKER in line:
                found.append(f"{file}:{number}: {line.strip()[:100]}")
    return found


def test_no_module_holds_a_placeholder() -> None:
    found = placeholders()
    assert found == [], (
        f"{len(found)} place(s) still say {MARKER!r}: write the text there before merging "
        "(the draft of `make module` marks every one):\n" + "\n".join(found[:60]))


def test_the_marker_is_what_the_template_uses() -> None:
    template = Path(__file__).resolve().parents[1] / "scaffold" / "template"
    marked = [p.name for p in template.rglob("*.tmpl") if MARKER in p.read_text(encoding="utf-8")]
    assert len(marked) == len(list(template.rglob("*.tmpl"))), "every template file has something to write"


# ---------------------------------------------------------------- the scaffold, in a copy


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = str(root)  # before the editable install, which points at this checkout
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def _run(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=root, env=_env(root), capture_output=True,
                          text=True, timeout=timeout)


def _pytest(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    # The copy's own pyproject.toml gives the project's addopts (nbval, the MyST plugin).
    return _run(root, "-m", "pytest", *args, timeout=timeout)


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    for file in _repository_files(ROOT):
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / file, root / file)
    result = _run(root, "-m", "scaffold", NAME)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _items(output: str, outcome: str) -> list[str]:
    """Test ids with ``outcome`` (PASSED, FAILED, ...) in pytest's ``-v`` output."""
    return [line.split(" ")[0] for line in output.splitlines() if f" {outcome}" in line and "::" in line]


@pytest.mark.slow
def test_the_draft_has_every_part_and_its_pages_in_both_tocs(draft: Path) -> None:
    for path in paths_of(NAME):
        assert (draft / path).is_file(), path
    for folder in (f"solutions/{NAME}", f"exercises/{NAME}"):
        assert list((draft / folder).glob("*.ipynb")), folder
    learners = (draft / "_toc.yml").read_text(encoding="utf-8")
    trainers = (draft / "_toc_trainers.yml").read_text(encoding="utf-8")
    for page in ("index", "01-inleiding", "05-simulatie"):
        assert f"book/{NAME}/{page}\n" in learners and f"book/{NAME}/{page}\n" in trainers
    assert f"book/{NAME}/trainershandleiding" in trainers
    assert f"book/{NAME}/trainershandleiding" not in learners
    # The new part comes before the reference pages.
    assert learners.index(f"book/{NAME}/index") < learners.index("caption: Naslag")


@pytest.mark.slow
@pytest.mark.parametrize(("name", "says"), [
    ("", "geen geldige modulenaam"),
    ("Schulden", "geen geldige modulenaam"),
    ("s", "geen geldige modulenaam"),
    ("schuldenschuldenschulden", "geen geldige modulenaam"),
    ("schuld2", "geen geldige modulenaam"),
    ("for", "woord van Python"),
    ("mkba", "bestaat al"),
    (NAME, "bestaat al"),
])
def test_a_name_that_cannot_be_used_is_refused_in_dutch(draft: Path, name: str, says: str) -> None:
    before = sorted(p.as_posix() for p in draft.rglob("*") if "__pycache__" not in p.parts)
    result = _run(draft, "-m", "scaffold", name)
    assert result.returncode == 2 and says in result.stderr, result.stdout + result.stderr
    assert sorted(p.as_posix() for p in draft.rglob("*") if "__pycache__" not in p.parts) == before


@pytest.mark.slow
def test_the_shared_checks_pass_for_the_draft(draft: Path) -> None:
    shared = ["tests/test_discovery.py", "tests/test_release_sync.py", "tests/test_leerdoelen.py",
              "tests/test_prose.py", "tests/test_widgets_common.py", "tests/test_grading_roundtrip.py"]
    own = [f"tests/test_{NAME}.py", f"tests/test_widgets_{NAME}.py"]
    pages = [f"book/{NAME}", f"solutions/{NAME}"]
    result = _pytest(draft, "-v", "-m", "not slow and not book", *shared, *own, *pages,
                     "tests/test_editions.py", "tests/test_notebook_collection.py")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    passed = _items(result.stdout, "PASSED")
    for file in [*shared, *pages]:
        assert [i for i in passed if i.startswith(file) and NAME in i], f"{file} ran nothing for {NAME}"
    for file in own:
        assert [i for i in passed if i.startswith(file)], file
    for page in ("01-inleiding", "05-simulatie", "dashboard"):  # nbval's ids: book/x/page::md::Cell 0
        assert [i for i in passed if i.startswith(f"book/{NAME}/{page}::")], f"nbval ran no cell of {page}"


@pytest.mark.slow
def test_the_docstring_check_validates_the_new_module(draft: Path) -> None:
    result = _pytest(draft, "-v", "tests/test_docstrings.py")
    assert result.returncode == 0, result.stdout[-4000:]
    assert f"test_doctests_pass[modules.{NAME}] PASSED" in result.stdout
    assert f"test_numpydoc_validation[modules.{NAME}.net_value] PASSED" in result.stdout


@pytest.mark.slow
def test_the_slow_shared_tests_collect_the_draft(draft: Path) -> None:
    expected = {
        "tests/test_book_build.py": [f"[book/{NAME}/01-inleiding]", f"[book/{NAME}/05-simulatie]"],
        "tests/test_grading_roundtrip.py": [f"test_model_solution_gets_every_autograded_point[{NAME}]"],
        "tests/test_feedback.py": [f"test_feedback_on_the_written_answer[{NAME}]"],
        "tests/browser/test_book_pages.py": [f"[book/{NAME}/index]", f"[{NAME}-book/{NAME}/05-simulatie]"],
        "tests/browser/test_dashboards.py": [f"[{NAME}]"],
        "tests/browser/test_audit.py": [f"[book/{NAME}/index.html]", f"[book/{NAME}/05-simulatie.html]"],
    }
    result = _pytest(draft, "--collect-only", "-q", *expected, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    for file, ids in expected.items():
        for test_id in ids:
            assert [c for c in collected if c.startswith(file) and test_id in c], f"{file}: no {test_id}"


@pytest.mark.slow
def test_the_grading_round_trip_and_feedback_pass_for_the_draft(draft: Path) -> None:
    result = _pytest(draft, "-v", "-k", NAME, "tests/test_grading_roundtrip.py", "tests/test_feedback.py")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    passed = _items(result.stdout, "PASSED")
    assert any("test_model_solution_gets_every_autograded_point" in i for i in passed)
    assert any("test_endless_loop_is_stopped_and_the_rest_still_graded" in i for i in passed)
    assert any("test_feedback_on_the_written_answer" in i for i in passed)


@pytest.mark.slow
def test_the_placeholder_check_flags_the_draft(draft: Path) -> None:
    result = _pytest(draft, "tests/test_scaffold.py::test_no_module_holds_a_placeholder")
    assert result.returncode == 1, result.stdout[-4000:]
    for file in (f"modules/{NAME}.py", f"widgets/{NAME}.py", f"book/{NAME}/index.md",
                 f"book/{NAME}/01-inleiding.md", f"book/{NAME}/dashboard.ipynb",
                 f"grading/build_{NAME}_source.py", f"grading/checks/{NAME}.toml",
                 f"solutions/{NAME}/{NAME}-opdracht.ipynb", "_toc.yml"):
        assert re.search(rf"^E?\s*{re.escape(file)}:\d+: .*{MARKER}", result.stdout, re.M), file


# ---------------------------------------------------------------- the draft, built and audited

_FINDING = re.compile(rf"^E\s+(book/{NAME}/\S+\.html \| [a-z0-9-]+ \| .*\S)\s*$", re.M)
_COUNT = re.compile(rf"(\d+) new finding\(s\) on (book/{NAME}/\S+\.html)")


def _allowed_findings(known: list[str], modules: list[str]) -> dict[str, set[str]]:
    """Per draft page, the findings the existing modules' pages are listed with today.

    That is what ``known_violations.txt`` lists for an existing module's page of the same
    name, with the module's folder renamed (``05-simulatie.html``, the widget page, has three
    404s for the widget fonts under ``book/<module>/@jupyter-widgets/``). Anything else the
    audit finds on a draft page is a fault that the scaffold's template brings into every
    new module.
    """
    by_page: dict[str, set[tuple[str, str, str]]] = {}
    for line in known:
        page, check, rule, target = line.split(" | ", 3)
        if page.startswith(tuple(f"book/{m}/" for m in modules)):
            by_page.setdefault(page, set()).add((check, rule, target))
    allowed = {}
    for page in ("index.html", "01-inleiding.html", "05-simulatie.html"):
        keys = set()
        for module in modules:
            keys |= {(c, r, t.replace(f"/book/{module}/", f"/book/{NAME}/"))
                     for c, r, t in by_page.get(f"book/{module}/{page}", set())}
        allowed[f"book/{NAME}/{page}"] = {f"book/{NAME}/{page} | {c} | {r} | {t}" for c, r, t in keys}
    return allowed


@pytest.mark.slow
def test_the_draft_is_built_and_audited(draft: Path) -> None:
    # What `make setup` and `make test` fetch once and git ignores: the vendored widget
    # JavaScript (the build's html_static_path; without it -W fails) and axe-core (the audit).
    for extra in ("_vendor", ".cache/axe"):
        if not (ROOT / extra).is_dir():
            pytest.fail(f"{extra} is missing: run `make setup` and `make .cache/axe/axe.min.js`",
                        pytrace=False)
        shutil.copytree(ROOT / extra, draft / extra, dirs_exist_ok=True)
    # Not copied: _build/.jupyter_cache. Its key is the hash of modules/, widgets/ and
    # grading/ (book/_ext/asd_code_cache.py), which the draft's new files change; the build
    # deletes a cache of another version at its start (measured: no time saved).

    # 1. The learners' edition, as tests/conftest.py builds it: warnings are errors.
    jb = Path(sys.executable).with_name("jupyter-book")
    build = subprocess.run([str(jb), "build", str(draft), "--toc", "_toc.yml", "-W", "-n",
                            "--keep-going"], cwd=draft, env=_env(draft), capture_output=True,
                           text=True, timeout=900)
    log = re.sub(r"\x1b\[[0-9;]*m", "", build.stdout + build.stderr)
    problems = [line for line in log.splitlines() if "WARNING:" in line or "ERROR:" in line]
    assert build.returncode == 0, ("the draft's book does not build (warnings are errors):\n"
                                   + "\n".join(problems[:40] or log.splitlines()[-40:]))
    html = draft / "_build" / "html"
    for page in ("index", "01-inleiding", "05-simulatie"):
        assert (html / "book" / NAME / f"{page}.html").is_file(), f"{page}.html is not built"
    published = [p.relative_to(html).as_posix() for p in html.rglob("*dashboard*")]
    assert published == [], f"the dashboard is not a page of the book: {published}"

    # 2. The page audit of the draft's pages, on that build. The copy's built_book fixture
    # reuses a build its run made (tests/conftest.py build_once: a marker with the run's id,
    # which a worker takes from PYTEST_XDIST_TESTRUNUID); without the marker it would build
    # again (slower, same pages). The test that every built page is audited runs too.
    run = f"scaffold-{os.getpid()}"
    (draft / "_build" / ".last-build.run.json").write_text(
        json.dumps({"run": run, "ok": True}), encoding="utf-8")
    env = {**_env(draft), "PYTEST_XDIST_TESTRUNUID": run}
    audit = subprocess.run([sys.executable, "-m", "pytest", "-v", "tests/browser/test_audit.py",
                            "-k", f"{NAME} or test_every_page_of_the_build_is_audited"],
                           cwd=draft, env=env, capture_output=True, text=True, timeout=600)
    output = audit.stdout + audit.stderr
    pages = [f"book/{NAME}/{page}.html" for page in ("index", "01-inleiding", "05-simulatie")]
    # The audit finds a new module's pages by itself (from _toc.yml) and opens each of them.
    assert audit.returncode in (0, 1), output[-6000:]
    ran = set(_items(audit.stdout, "PASSED")) | set(_items(audit.stdout, "FAILED"))
    for page in pages:
        assert f"tests/browser/test_audit.py::test_page_passes_the_audit[{page}]" in ran, output[-6000:]
    assert "tests/browser/test_audit.py::test_every_page_of_the_build_is_audited" in \
        _items(audit.stdout, "PASSED"), output[-6000:]
    # The draft's pages are new, so none is in known_violations.txt: a page fails on every
    # finding it has, and every finding the audit reports was read here, none more.
    findings = _FINDING.findall(audit.stdout)
    counts = {page: int(n) for n, page in _COUNT.findall(audit.stdout)}
    for page in pages:
        assert len({f for f in findings if f.startswith(page + " ")}) == counts.get(page, 0), page
    # The draft may have no finding that the existing module's pages do not already have
    # (see _allowed_findings).
    known = [line.strip() for line in
             (draft / "tests" / "browser" / "known_violations.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    allowed = _allowed_findings(known, [m for m in discovery.course_modules() if m != NAME])
    faults = sorted(f for f in findings if f not in allowed[f.split(" | ")[0]])
    assert faults == [], "the draft's pages have faults no module page has today:\n" + "\n".join(faults)
