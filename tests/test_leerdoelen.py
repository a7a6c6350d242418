"""Every learning goal (leerdoel) of every chapter is practised by at least one exercise.

The convention (for every module, not only MKBA):

- A chapter is a numbered page ``book/<module>/0*.md``. It opens with an admonition titled
  ``Leerdoelen`` that holds a numbered list (``1.``, ``2.``, ...): those are its leerdoelen.
  It closes with an admonition titled ``Kernpunten`` (followed only by the practical
  checklist, further reading and the pointer to the next page).
- Every exercise (``:::{exercise}`` or ``{exercise-start}``) starts its text with one
  visible line that says which leerdoelen it practises, in italics, for example::

      *Oefent leerdoel 2.*
      *Oefent leerdoel 1 en 3.*
      *Oefent leerdoelen 1, 2 en 4.*

  The line is shown to learners, so they see why they do the exercise.
- Every exercise has a solution (``{solution}`` or ``{solution-start}``) with
  ``:class: dropdown``: the model answer stays behind "Toon antwoord" until asked for.

The test fails on a leerdoel that no exercise refers to, on a reference to a leerdoel that
does not exist, on an exercise without the line, and on an exercise without a toggled
solution. ``test_the_checker_catches_*`` show the checker itself on small texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The visible first line of an exercise: "*Oefent leerdoel 2.*", "*Oefent leerdoelen 1, 2 en 4.*".
PRACTISES = re.compile(r"^\*Oefent leerdoel(?:en)? (?P<numbers>\d+(?:, \d+)*(?: en \d+)?)\.\*$")
LEERDOELEN = re.compile(r"^:::\{admonition\} Leerdoelen\n(?P<body>.*?)^:::$", re.M | re.S)
KERNPUNTEN = re.compile(r"^:::\{admonition\} Kernpunten$", re.M)
GOAL = re.compile(r"^(?P<number>\d+)\. ", re.M)
# An exercise opens with a colon fence or with exercise-start; its text runs to the next fence.
EXERCISE = re.compile(
    r"^(?::::\{exercise\}|```\{exercise-start\}\n(?P<options>(?::[^\n]*\n)*)```)\n(?P<rest>.*?)(?=^(?::::|```))",
    re.M | re.S,
)
LABEL = re.compile(r"^:label: (?P<label>\S+)$", re.M)
SOLUTION = re.compile(
    r"^(?::::\{solution\}|```\{solution-start\}) (?P<label>\S+)\n(?P<options>(?::[^\n]*\n)*)", re.M
)


def chapters() -> list[Path]:
    """Every numbered chapter of every module: book/<module>/0*.md."""
    return sorted((ROOT / "book").glob("*/0*.md"))


@dataclass
class Exercise:
    label: str
    goals: set[int] | None  # None: the first line does not say which leerdoelen


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


def leerdoelen(text: str) -> list[int]:
    """The numbers of the leerdoelen in the chapter's Leerdoelen admonition."""
    found = LEERDOELEN.search(text)
    if found is None:
        return []
    return [int(m.group("number")) for m in GOAL.finditer(found.group("body"))]


def exercises(text: str) -> list[Exercise]:
    """Every exercise on a page, with the leerdoelen its first line names."""
    result = []
    for match in EXERCISE.finditer(text):
        options = match.group("options")
        rest = match.group("rest")
        if options is None:  # colon fence: options are the first lines of the body
            lines = rest.splitlines()
            option_lines = [line for line in lines if line.startswith(":")]
            body = [line for line in lines[len(option_lines):]]
            options = "\n".join(option_lines)
        else:
            body = rest.splitlines()
        label = LABEL.search(options or "")
        first = next((line.strip() for line in body if line.strip()), "")
        practised = PRACTISES.match(first)
        result.append(Exercise(
            label=label.group("label") if label else "?",
            goals=_numbers(practised.group("numbers")) if practised else None,
        ))
    return result


def solutions(text: str) -> dict[str, str]:
    """Solution options per exercise label."""
    return {m.group("label"): m.group("options") for m in SOLUTION.finditer(text)}


def problems(text: str) -> list[str]:
    """Everything wrong with a chapter under the convention above, in words."""
    found = []
    goals = leerdoelen(text)
    if not goals:
        found.append("no numbered leerdoelen in a 'Leerdoelen' admonition")
    elif goals != list(range(1, len(goals) + 1)):
        found.append(f"leerdoelen are not numbered 1, 2, 3, ...: {goals}")
    first_admonition = re.search(r"^:::\{admonition\} (\w+)", text, re.M)
    if first_admonition is None or first_admonition.group(1) != "Leerdoelen":
        found.append("the chapter does not open with its leerdoelen")
    closing = list(KERNPUNTEN.finditer(text))
    if not closing:
        found.append("no 'Kernpunten' admonition")
    elif re.search(r"\{exercise|^:::\{admonition\}", text[closing[-1].end():], re.M):
        found.append("something other than checklist and reading follows the kernpunten")
    listed = exercises(text)
    if not listed:
        found.append("no exercises")
    practised: set[int] = set()
    toggled = solutions(text)
    for exercise in listed:
        if exercise.goals is None:
            found.append(f"exercise {exercise.label} does not start with '*Oefent leerdoel ...*'")
            continue
        unknown = exercise.goals - set(goals)
        if unknown:
            found.append(f"exercise {exercise.label} refers to leerdoel(en) {sorted(unknown)} that do not exist")
        practised |= exercise.goals
        options = toggled.get(exercise.label)
        if options is None:
            found.append(f"exercise {exercise.label} has no solution")
        elif ":class: dropdown" not in options:
            found.append(f"the solution of {exercise.label} is not toggled (':class: dropdown')")
    for goal in goals:
        if goal not in practised:
            found.append(f"leerdoel {goal} is practised by no exercise")
    return found


def test_there_are_chapters_to_check() -> None:
    assert len(chapters()) >= 4


@pytest.mark.parametrize("path", chapters(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_leerdoel_has_an_exercise(path: Path) -> None:
    assert problems(path.read_text(encoding="utf-8")) == []


# ----------------------------------------------------------------- the checker itself

GOOD = """\
# Hoofdstuk

:::{admonition} Leerdoelen
:class: tip

Na dit hoofdstuk kun je:

1. iets;
2. nog iets.
:::

:::{exercise}
:label: ex-1

*Oefent leerdoel 1.*

Doe iets.
:::

:::{solution} ex-1
:class: dropdown

Zo.
:::

```{exercise-start}
:label: ex-2
```

*Oefent leerdoelen 1 en 2.*

Doe nog iets.

```{exercise-end}
```

```{solution-start} ex-2
:class: dropdown
```

Zo.

```{solution-end}
```

:::{admonition} Kernpunten
:class: important

- Klaar.
:::
"""


def test_the_checker_accepts_a_page_that_follows_the_convention() -> None:
    assert problems(GOOD) == []
    assert [e.goals for e in exercises(GOOD)] == [{1}, {1, 2}]


def test_the_checker_catches_a_leerdoel_without_exercise() -> None:
    text = GOOD.replace("*Oefent leerdoelen 1 en 2.*", "*Oefent leerdoel 1.*")
    assert problems(text) == ["leerdoel 2 is practised by no exercise"]


def test_the_checker_catches_a_missing_line_a_wrong_number_and_an_open_answer() -> None:
    assert "does not start with" in " ".join(problems(GOOD.replace("*Oefent leerdoel 1.*\n", "")))
    assert "that do not exist" in " ".join(problems(GOOD.replace("leerdoel 1.*", "leerdoel 3.*")))
    open_answer = GOOD.replace(":::{solution} ex-1\n:class: dropdown", ":::{solution} ex-1")
    assert problems(open_answer) == ["the solution of ex-1 is not toggled (':class: dropdown')"]
