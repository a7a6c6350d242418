"""Write a draft course module from ``scaffold/template/`` and add it to both tocs.

The template's paths and texts hold three tokens, replaced for a module ``schulden``:
``NAME`` in a path and ``{{name}}`` in a text become ``schulden``, ``{{Name}}`` becomes
``Schulden`` (class names). A template file ends in ``.tmpl``, so it is never run,
imported or collected as it is.

After writing, the assignment's builder writes ``solutions/<name>/`` and
``grading.release`` writes ``exercises/<name>/`` (as ``make exercises`` does, for this
assignment only).
"""

from __future__ import annotations

import argparse
import keyword
import re
import subprocess
import sys
from pathlib import Path

import yaml

from scaffold import MARKER

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().with_name("template")
TOCS = ("_toc.yml", "_toc_trainers.yml")
VALID_NAME = re.compile(r"^[a-z]{2,20}$")
#: The part the module's pages go before (the reference pages stay last).
REFERENCE_PART = "  - caption: Naslag\n"


class ScaffoldError(ValueError):
    """The name cannot be used, or the repository is not as the scaffold expects."""


def paths_of(name: str) -> list[str]:
    """The files the template writes for module ``name``, relative to the repository."""
    return sorted(str(p.relative_to(TEMPLATE).with_suffix("")).replace("NAME", name)
                  for p in TEMPLATE.rglob("*.tmpl"))


def check_name(name: str, root: Path = ROOT) -> str:
    """``name`` if a new module may have it; else a ``ScaffoldError`` with a Dutch message."""
    if not VALID_NAME.match(name):
        raise ScaffoldError(
            f"'{name}' is geen geldige modulenaam: gebruik 2 tot 20 kleine letters, zonder "
            "cijfers, spaties of andere tekens (bijvoorbeeld: schulden).")
    if keyword.iskeyword(name):
        raise ScaffoldError(f"'{name}' is een woord van Python zelf; kies een andere modulenaam.")
    taken = [p for p in (f"modules/{name}.py", f"widgets/{name}.py", f"book/{name}",
                         f"solutions/{name}", f"exercises/{name}", f"grading/build_{name}_source.py",
                         *paths_of(name)) if (root / p).exists()]
    if taken:
        raise ScaffoldError(
            f"Er bestaat al een module '{name}' (of een deel ervan, zoals {sorted(taken)[0]}). "
            "Kies een andere naam.")
    return name


def render(text: str, name: str) -> str:
    return text.replace("{{name}}", name).replace("{{Name}}", name.capitalize())


def toc_part(name: str, toc: str) -> str:
    """The module's part for one toc file: index, chapter, simulation (and trainer guide)."""
    pages = ["01-inleiding", "05-simulatie"]
    if toc == "_toc_trainers.yml":
        pages.append("trainershandleiding")
    sections = "".join(f"          - file: book/{name}/{page}\n" for page in pages)
    return (f'  - caption: "{MARKER}: titel van de module {name}"\n'
            "    numbered: true\n"
            "    chapters:\n"
            f"      - file: book/{name}/index\n"
            "        sections:\n" + sections)


def add_to_toc(name: str, root: Path = ROOT) -> None:
    """Insert the module's part before the reference part of each toc (comments kept)."""
    for toc in TOCS:
        path = root / toc
        text = path.read_text(encoding="utf-8")
        part = toc_part(name, toc)
        if REFERENCE_PART in text:
            text = text.replace(REFERENCE_PART, part + REFERENCE_PART, 1)
        else:
            text = text.rstrip("\n") + "\n" + part
        data = yaml.safe_load(text)  # still a valid toc: parts with captions
        if not any(part.get("caption", "").endswith(f"module {name}") for part in data["parts"]):
            raise ScaffoldError(f"{toc}: het deel van de module staat er niet goed in.")
        path.write_text(text, encoding="utf-8")


def write_files(name: str, root: Path = ROOT) -> list[Path]:
    written = []
    for template in sorted(TEMPLATE.rglob("*.tmpl")):
        relative = str(template.relative_to(TEMPLATE).with_suffix("")).replace("NAME", name)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(template.read_text(encoding="utf-8"), name), encoding="utf-8")
        written.append(target)
    return written


def release(name: str, root: Path = ROOT) -> None:
    """Write ``solutions/<name>/`` with the builder, then ``exercises/<name>/`` with nbgrader."""
    for module in (f"grading.build_{name}_source", "grading.release"):
        args = [sys.executable, "-m", module] + ([name] if module == "grading.release" else [])
        result = subprocess.run(args, cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            raise ScaffoldError(f"{' '.join(args[1:])} is mislukt:\n{result.stdout}{result.stderr}")


def create(name: str, root: Path = ROOT) -> list[Path]:
    """Write the draft module ``name`` into ``root``; return the files written."""
    check_name(name, root)
    written = write_files(name, root)
    add_to_toc(name, root)
    release(name, root)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scaffold",
        description="Schrijf een conceptmodule: model, widget, pagina's, dashboard, opdracht en tests.")
    parser.add_argument("name", help="korte naam van de module: 2 tot 20 kleine letters, zoals schulden")
    args = parser.parse_args(argv)
    try:
        written = create(args.name)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(f"geschreven: {path.relative_to(ROOT)}")
    print(f"toegevoegd aan {' en '.join(TOCS)}; solutions/{args.name}/ en exercises/{args.name}/ gemaakt.")
    print(f"Zoek nu elke plek met '{MARKER}' en schrijf daar de inhoud "
          f"(grep -rn '{MARKER}' modules widgets book grading tests {' '.join(TOCS)}).")
    print(f"Na een wijziging in grading/build_{args.name}_source.py: make exercises.")
    return 0
