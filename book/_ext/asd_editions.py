"""Two editions of the book from the same sources: one for learners, one for trainers.

The learners' edition (``_toc.yml``, ``make book``) is what gets published; the trainers'
edition (``_toc_trainers.yml``, ``make book-trainers``) adds every module's trainer pages:
session plans, rubrics, anchor answers. Which edition a build is comes from the toc file's
``meta: {edition: trainers}``; a toc without it builds the learners' edition.

A *trainer page* is any page in ``book/`` whose file name starts with
``trainershandleiding`` or whose front matter (notebook metadata for ``.ipynb``) says
``trainer: true``, so a new module's trainer pages are recognised with no code change.

This extension

- adds the Sphinx tag ``learners`` or ``trainers``, so a page can hold a passage for one
  edition only (``:::{only} trainers``), and drops the other edition's passages before
  cross-references are resolved (Sphinx does it after), so a trainers-only passage may link
  to a trainer page without breaking the learners' build;
- refuses to build the learners' edition when its toc lists a trainer page;
- titles the trainers' edition "... (trainerseditie)";
- removes from the output folder the pages (and their ``_sources`` copies) whose source
  still exists but is no longer in the build: Sphinx never deletes an old output file, so a
  page once built and then taken out of the toc would otherwise stay published; and the
  whole ``_sources`` folder when ``html_copy_source`` is off (raw sources would carry the
  other edition's ``only`` passages);
- drops from the search index the words no page has any more: when a page leaves the
  build, Sphinx empties its words' page lists but keeps the words themselves, so the
  learners' index would still list a removed trainer page's vocabulary.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import yaml
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import process_only_nodes

EDITIONS = ("learners", "trainers")
#: Where the pages live, relative to the book's root.
PAGES = "book"
SUFFIXES = (".md", ".ipynb")
TRAINER_NAME = re.compile(r"^trainershandleiding")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(\n|\Z)", re.S)


def is_trainer_page(path: Path) -> bool:
    """Whether the page at ``path`` is for trainers only (see the module docstring)."""
    if TRAINER_NAME.match(path.name):
        return True
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if path.suffix == ".ipynb":
        try:
            metadata = json.loads(text).get("metadata", {})
        except ValueError:
            return False
    else:
        match = _FRONT_MATTER.match(text)
        try:
            metadata = yaml.safe_load(match.group(1)) if match else {}
        except yaml.YAMLError:
            return False
    return isinstance(metadata, dict) and metadata.get("trainer") is True


def trainer_pages(root: Path) -> list[str]:
    """Docnames (``book/mkba/trainershandleiding``) of every trainer page under ``root``."""
    found = []
    for suffix in SUFFIXES:
        for path in (Path(root) / PAGES).rglob(f"*{suffix}"):
            rel = path.relative_to(root)
            if any(part.startswith((".", "_")) for part in rel.parts[:-1]):
                continue  # _ext, _voila, .ipynb_checkpoints: not pages
            if is_trainer_page(path):
                found.append(rel.with_suffix("").as_posix())
    return sorted(found)


def _docname(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def edition_of(meta: dict | None) -> str:
    """The edition a toc's ``meta`` mapping asks for (``learners`` when it names none)."""
    edition = (meta or {}).get("edition", "learners")
    if edition not in EDITIONS:
        raise ValueError(f"toc meta 'edition' must be one of {EDITIONS}, not {edition!r}")
    return edition


def leaked_trainer_pages(listed: Iterable[str], root: Path) -> list[str]:
    """The trainer pages among the docnames ``listed`` in a toc."""
    return sorted({_docname(d) for d in listed} & set(trainer_pages(root)))


def _choose_edition(app, config) -> None:
    from sphinx.errors import ConfigError

    site_map = getattr(config, "external_site_map", None)
    try:
        edition = edition_of(site_map.meta if site_map is not None else None)
    except ValueError as error:
        raise ConfigError(str(error)) from None
    config.asd_edition = edition
    app.tags.add(edition)
    if edition == "learners" and site_map is not None:
        leaked = leaked_trainer_pages(site_map, Path(app.srcdir))
        if leaked:
            raise ConfigError(
                "The learners' edition lists trainer pages in its toc: " + ", ".join(leaked)
                + ". List them in _toc_trainers.yml only.")
    if edition == "trainers" and config.html_title and "trainerseditie" not in config.html_title:
        config.html_title = f"{config.html_title} (trainerseditie)"


class OtherEditionPassages(SphinxPostTransform):
    """Remove ``only`` passages of the other edition before references are resolved."""

    default_priority = 5  # ReferencesResolver is 10, Sphinx's own OnlyNodeTransform 50

    def run(self, **kwargs) -> None:
        process_only_nodes(self.document, self.app.builder.tags)


def stale_outputs(outdir: Path, srcdir: Path, built: set[str]) -> list[Path]:
    """Output files of pages whose source exists but that this build does not contain."""

    def has_source(docname: str) -> bool:
        return any((srcdir / f"{docname}{s}").is_file() for s in SUFFIXES)

    stale = []
    for page in outdir.rglob("*.html"):
        rel = page.relative_to(outdir)
        if rel.parts[0].startswith("_"):
            continue
        docname = rel.with_suffix("").as_posix()
        if docname not in built and has_source(docname):
            stale.append(page)
    sources = outdir / "_sources"
    if sources.is_dir():
        for copy in sources.rglob("*"):
            if not copy.is_file():
                continue
            name = copy.relative_to(sources).as_posix().removesuffix(".txt")
            docname = _docname(name)
            if docname != name and docname not in built and has_source(docname):
                stale.append(copy)
    return sorted(stale)


def prune_search_index(path: Path) -> list[str]:
    """Remove the words that point to no page from a ``searchindex.js``; return them."""
    from sphinx.search import js_index

    if not path.is_file():
        return []
    data = js_index.loads(path.read_text(encoding="utf-8"))
    dropped = []
    for key in ("terms", "titleterms"):
        words = data.get(key, {})
        empty = [word for word, pages in words.items() if pages == [] or pages == {}]
        for word in empty:
            del words[word]
        dropped += empty
    if dropped:
        path.write_text(js_index.dumps(data), encoding="utf-8")
    return sorted(set(dropped))


def _prune(app, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    if not app.config.html_copy_source:
        shutil.rmtree(outdir / "_sources", ignore_errors=True)
    for path in stale_outputs(outdir, Path(app.srcdir), set(app.env.all_docs)):
        path.unlink()
    prune_search_index(outdir / "searchindex.js")


def setup(app):
    app.add_config_value("asd_edition", "learners", "env")
    # After sphinx_external_toc has read the toc (config-inited, priority 900).
    app.connect("config-inited", _choose_edition, priority=910)
    app.add_post_transform(OtherEditionPassages)
    app.connect("build-finished", _prune)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
