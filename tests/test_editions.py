"""Two editions from the same sources: trainer material never reaches the learners' book.

The learners' edition (``_toc.yml``, ``make book``, ``_build/html``) is what is published;
the trainers' edition (``_toc_trainers.yml``, ``make book-trainers``) adds every trainer
page. Trainer pages are found the way ``book/_ext/asd_editions.py`` finds them (file name
``trainershandleiding*`` or front matter ``trainer: true``), so a new module's guide is
covered with no change here.
"""

from __future__ import annotations

import html
import json
import re
import sys
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.errors import ConfigError
from sphinx_external_toc.parsing import parse_toc_yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import asd_code_cache  # noqa: E402  (local extensions, not packages)
import asd_editions  # noqa: E402

LEARNERS_TOC = ROOT / "_toc.yml"
TRAINERS_TOC = ROOT / "_toc_trainers.yml"
#: Words of graded work and trainer guides that no learners' page may contain.
TRAINER_WORDS = re.compile(
    r"\b(beoordelingsmodel(len)?|rubrics?|ankerantwoord(en)?|rollenkaart(en)?"
    r"|trainershandleiding(en)?)\b", re.I)
TEXT_SUFFIXES = {".html", ".js", ".txt", ".json", ".xml", ".md", ".ipynb", ".log"}


# --- helpers ---------------------------------------------------------------------------

def toc_docnames(toc: Path) -> list[str]:
    """The pages a toc file lists, in order."""
    return [asd_editions._docname(d) for d in parse_toc_yaml(toc)]


def trainer_pages() -> list[str]:
    return asd_editions.trainer_pages(ROOT)


def page_text(markup: str) -> str:
    """What a reader sees of an HTML page: no tags, scripts or styles; spaces normalised."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def distinctive_sentences(source: Path, minimum: int = 40) -> list[str]:
    """Plain prose lines of a trainer page (no markup, quotes or dashes that Sphinx rewrites)."""
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)  # code and directives
    sentences = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line).strip()
        if len(line) >= minimum and not re.search(r"[{}`*_\[\]|<>\"':#$\\]|--|\.\.\.", line):
            sentences.append(re.sub(r"\s+", " ", line))
    return sentences


def labels(source: Path) -> list[str]:
    """MyST targets, ``(label)=``, defined on a page."""
    return re.findall(r"^\(([^)\s]+)\)=\s*$", source.read_text(encoding="utf-8"), re.M)


def source_of(docname: str) -> Path:
    return next(ROOT / f"{docname}{s}" for s in asd_editions.SUFFIXES
                if (ROOT / f"{docname}{s}").is_file())


def output_files(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*") if p.is_file())


def readable_text(path: Path) -> str:
    """A built file as text: pages as a reader sees them, objects.inv decompressed."""
    if path.name == "objects.inv":
        data = path.read_bytes()
        body = data.split(b"\n", 4)[4]  # four header lines, then zlib
        return zlib.decompress(body).decode("utf-8")
    text = path.read_text(encoding="utf-8", errors="ignore")
    return page_text(text) if path.suffix == ".html" else text


def search_index(html_dir: Path) -> dict:
    raw = (html_dir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(raw[raw.index("(") + 1: raw.rindex(")")])


def leaks(html_dir: Path) -> list[str]:
    """Every trace of a trainer page in a built edition (empty for the learners' edition)."""
    found = []
    pages = trainer_pages()
    names = {Path(d).name for d in pages}
    ids = {label for d in pages for label in labels(source_of(d))}
    sentences = {s for d in pages for s in distinctive_sentences(source_of(d))}
    for path in output_files(html_dir):
        rel = path.relative_to(html_dir).as_posix()
        if "_static" in path.parts and path.suffix in {".js", ".css"} and "searchindex" not in rel:
            continue  # theme, vendored widget manager and MathJax: no page content
        if any(path.name.startswith(f"{n}.") for n in names):
            found.append(f"file {rel}")
        if path.suffix not in TEXT_SUFFIXES and path.name != "objects.inv":
            continue
        text = readable_text(path)
        found += [f"{rel}: word {m.group(0)!r}" for m in TRAINER_WORDS.finditer(text)]
        found += [f"{rel}: sentence {s[:50]!r}" for s in sentences if s in text]
        if path.suffix == ".html":
            raw = path.read_text(encoding="utf-8", errors="ignore")
            hrefs = re.findall(r'\bhref="([^"]*)"', raw)
            found += [f"{rel}: link {h}" for h in hrefs if any(f"{n}.html" in h for n in names)]
            found += [f"{rel}: anchor #{i}" for i in ids if f'id="{i}"' in raw or f"#{i}" in raw]
        else:
            found += [f"{rel}: label {i}" for i in ids if re.search(rf"\b{re.escape(i)}\b", text)]
    index = search_index(html_dir)
    found += [f"searchindex: page {d}" for d in index["docnames"] if d in pages]
    return found


# --- fast: the toc files and the extension ----------------------------------------------

def test_trainer_pages_are_found_by_name_and_by_front_matter(tmp_path: Path) -> None:
    pages = {
        "book/a/trainershandleiding.md": "# Trainershandleiding\n",
        "book/a/trainershandleiding-rollenspel.md": "# Rollenspel\n",
        "book/a/beoordeling.md": "---\ntrainer: true\n---\n# Beoordelingsmodel\n",
        "book/a/01-hoofdstuk.md": "---\njupytext: {}\n---\n# Hoofdstuk\n",
        "book/a/02-niet.md": "---\ntrainer: false\n---\n# Niet voor trainers alleen\n",
        "book/a/ankers.ipynb": json.dumps({"cells": [], "metadata": {"trainer": True}}),
        "book/a/05-simulatie.ipynb": json.dumps({"cells": [], "metadata": {}}),
        "book/_ext/trainershandleiding.md": "not a page\n",
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert asd_editions.trainer_pages(tmp_path) == [
        "book/a/ankers", "book/a/beoordeling", "book/a/trainershandleiding",
        "book/a/trainershandleiding-rollenspel"]


def test_every_module_has_its_trainer_guide_among_the_trainer_pages() -> None:
    modules = sorted(p.parent.name for p in (ROOT / "book").glob("*/index.md"))
    assert modules, "no module found in book/"
    for module in modules:
        assert f"book/{module}/trainershandleiding" in trainer_pages(), module


def test_learners_toc_lists_no_trainer_page() -> None:
    assert set(toc_docnames(LEARNERS_TOC)) & set(trainer_pages()) == set()
    assert asd_editions.leaked_trainer_pages(toc_docnames(LEARNERS_TOC), ROOT) == []
    assert parse_toc_yaml(LEARNERS_TOC).meta.get("edition", "learners") == "learners"


def test_trainers_toc_is_the_learners_book_plus_every_trainer_page() -> None:
    learners, trainers = toc_docnames(LEARNERS_TOC), toc_docnames(TRAINERS_TOC)
    assert parse_toc_yaml(TRAINERS_TOC).meta["edition"] == "trainers"
    assert [d for d in trainers if d in learners] == learners  # same pages, same order
    assert sorted(set(trainers) - set(learners)) == trainer_pages()


def test_the_learners_build_refuses_a_toc_with_a_trainer_page(tmp_path: Path) -> None:
    def choose(toc: Path):
        app = SimpleNamespace(srcdir=str(ROOT), tags=set())  # Sphinx's Tags has add() too
        config = SimpleNamespace(external_site_map=parse_toc_yaml(toc), html_title="Boek",
                                 asd_edition="")
        asd_editions._choose_edition(app, config)
        return app, config

    app, config = choose(LEARNERS_TOC)
    assert config.asd_edition == "learners" and app.tags == {"learners"}
    assert config.html_title == "Boek"
    app, config = choose(TRAINERS_TOC)
    assert config.asd_edition == "trainers" and app.tags == {"trainers"}
    assert "trainerseditie" in config.html_title

    # The learners' toc with a trainer page slipped in: the build stops.
    slipped = tmp_path / "_toc.yml"
    slipped.write_text(TRAINERS_TOC.read_text(encoding="utf-8").replace(
        "edition: trainers", "edition: learners"), encoding="utf-8")
    with pytest.raises(ConfigError, match="trainershandleiding"):
        choose(slipped)


def test_pages_taken_out_of_the_build_are_removed_from_the_output(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    for name in ["book/a/index.md", "book/a/trainershandleiding.md"]:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text("# x\n")
    for name in ["index.html", "search.html", "book/a/index.html",
                 "book/a/trainershandleiding.html", "_sources/book/a/trainershandleiding.md",
                 "_sources/book/a/index.md", "_static/trainershandleiding.html"]:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("x")
    stale = asd_editions.stale_outputs(out, src, built={"book/a/index"})
    assert [p.relative_to(out).as_posix() for p in stale] == [
        "_sources/book/a/trainershandleiding.md", "book/a/trainershandleiding.html"]


def test_words_of_removed_pages_leave_the_search_index(tmp_path: Path) -> None:
    index = tmp_path / "searchindex.js"
    index.write_text('Search.setIndex({"docnames": ["a"], "terms": {"disconto": 0, '
                     '"ankerantwoord": [], "wie": [0]}, "titleterms": {"rollenkaart": [], '
                     '"disconteren": 0}})', encoding="utf-8")
    assert asd_editions.prune_search_index(index) == ["ankerantwoord", "rollenkaart"]
    data = json.loads(index.read_text()[len("Search.setIndex("):-1])
    assert data["terms"] == {"disconto": 0, "wie": [0]}
    assert data["titleterms"] == {"disconteren": 0}
    assert asd_editions.prune_search_index(index) == []  # nothing left to drop


def test_both_editions_share_one_execution_cache(tmp_path: Path) -> None:
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "m.py").write_text("X = 1\n")
    paths = []
    for outdir in [tmp_path / "_build" / "html", tmp_path / "_build" / "trainers" / "_build" / "html"]:
        config = SimpleNamespace(nb_execution_cache_path="", asd_code_version="")
        asd_code_cache._use_versioned_cache(SimpleNamespace(srcdir=str(tmp_path), outdir=str(outdir)), config)
        paths.append(Path(config.nb_execution_cache_path))
    assert paths[0] == paths[1] == tmp_path / "_build" / ".jupyter_cache" / asd_code_cache.code_version(tmp_path)


# --- slow: the two builds -----------------------------------------------------------------

@pytest.mark.book
@pytest.mark.slow
def test_learners_edition_holds_no_trace_of_any_trainer_page(built_book: Path) -> None:
    assert trainer_pages(), "no trainer page found: the check below would prove nothing"
    assert leaks(built_book) == []
    intro = page_text((built_book / "book/intro.html").read_text(encoding="utf-8"))
    assert "Dit is de editie voor trainers" not in intro  # the trainers-only passage
    assert "trainerseditie" not in (built_book / "book/intro.html").read_text(encoding="utf-8")


@pytest.mark.book
@pytest.mark.slow
def test_trainers_edition_holds_every_trainer_page(built_trainers_book: Path) -> None:
    found = leaks(built_trainers_book)
    for docname in trainer_pages():
        page = built_trainers_book / f"{docname}.html"
        assert page.is_file(), f"{docname} is missing from the trainers' edition"
        text = page_text(page.read_text(encoding="utf-8"))
        # What the learners' check looks for is really there: it is not a check on nothing.
        sentences = distinctive_sentences(source_of(docname))
        assert len(sentences) >= 5, f"too few plain sentences in {docname} to check"
        missing = [s for s in sentences if s not in text]
        assert missing == [], f"sentences of {docname} not found in its page: {missing[:3]}"
        assert f"searchindex: page {docname}" in found
        assert any(f"link {Path(docname).name}.html" in f for f in found), "no page links to it"
    intro = (built_trainers_book / "book/intro.html").read_text(encoding="utf-8")
    assert "Dit is de editie voor trainers" in page_text(intro)
    assert "trainershandleiding.html" in intro
    assert "trainerseditie" in intro  # the edition's title
    # Everything the learners read is in the trainers' edition too.
    for docname in toc_docnames(LEARNERS_TOC):
        assert (built_trainers_book / f"{docname}.html").is_file(), docname
