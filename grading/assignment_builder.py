"""What every assignment builder shares: cells, nbgrader metadata, guards, points, the CLI.

An nbgrader source assignment (``solutions/<module>/``) is written cell by cell by its
module's builder, ``grading/build_<module>_source.py``. That builder holds only the
module's content: its case, tasks, answers and model answers, and the figures its
questions and tests name; what is text rather than code is data next to it. Everything
else is here, written once:

- cell constructors with their nbgrader metadata (``locked_markdown``, ``locked_code``,
  ``plain_code``, ``answer_code``, ``answer_markdown``, ``test_cell``);
- ``no_helper_guard``: the hidden check that a learner wrote a function themselves,
  without leaning on a module of ``modules/``;
- the autograded test cells of the code parts, read from ``grading/checks/<module>.toml``
  by ``load_checks`` (``Checks``: the builder takes each by its grade id);
- multiple-choice and true/false questions (``Question``, ``choice_question``,
  ``question_cells``), read from ``grading/questions/<module>.toml`` by ``load_questions``,
  and the part that asks them (``ReadingPart``: its cells and its answer key);
- the written part graded by hand with a rubric (``Criterion``, ``advice_part``), read
  from ``grading/rubrics/<module>.toml`` by ``load_rubric``;
- points bookkeeping: ``points_of``, ``part_cells`` (a part's heading states the points
  of its cells) and ``check_heading_points``;
- ``assemble_notebook`` (metadata, unique ids, validation) and ``AssignmentBuilder``,
  which writes the notebook and its data files and is the builder's command line;
- Dutch number formats for the text of questions and model answers, and ``require``
  for the build-time checks that a sentence still holds for the model.

A builder ends with::

    BUILDER = AssignmentBuilder(ASSIGNMENT, NOTEBOOK_NAME, build_notebook, description=__doc__)
    notebook_text, write, main = BUILDER.notebook_text, BUILDER.write, BUILDER.main
"""

from __future__ import annotations

import argparse
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
#: A module's content that is data, not code, lives next to the builders: the test cells
#: of its code parts (``load_checks``), its questions (``load_questions``) and the rubric
#: of its written part (``load_rubric``).
CHECKS = Path(__file__).resolve().parent / "checks"
QUESTIONS = Path(__file__).resolve().parent / "questions"
RUBRICS = Path(__file__).resolve().parent / "rubrics"

#: nbgrader's cell metadata schema (nbgrader 0.9).
SCHEMA_VERSION = 3
#: The notebook metadata of every source assignment.
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def source_dir(assignment: str) -> Path:
    """Where the source assignment ``assignment`` lives: ``solutions/<assignment>``."""
    return SOLUTIONS / assignment


# ------------------------------------------------------------------ cells and metadata


def nbgrader_metadata(grade_id: str, *, locked: bool = False, solution: bool = False,
                      grade: bool = False, points: float | None = None) -> dict:
    """A cell's ``metadata``: the nbgrader block, with points only on a graded cell."""
    if grade and (points is None or points <= 0):
        raise ValueError(f"{grade_id}: a graded cell needs a positive number of points")
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def cell_id(grade_id: str) -> str:
    """The notebook cell id of a grade id: ``mkba_a_waarde`` becomes ``mkba-a-waarde``."""
    return grade_id.replace("_", "-")


def locked_markdown(grade_id: str, text: str):
    """A read-only instruction cell."""
    return new_markdown_cell(text.strip(), id=cell_id(grade_id),
                             metadata=nbgrader_metadata(grade_id, locked=True))


def locked_code(grade_id: str, source: str):
    """A read-only code cell: autograde puts the original back, so learners cannot break it."""
    return new_code_cell(source.strip(), id=cell_id(grade_id),
                         metadata=nbgrader_metadata(grade_id, locked=True))


def plain_code(cell_id_: str, source: str):
    """An ordinary cell the learner may change (the name field, the check cells)."""
    return new_code_cell(source.strip(), id=cell_id_)


def answer_code(grade_id: str, source: str):
    """The learner's answer; the body between the solution markers becomes the stub."""
    return new_code_cell(source.strip(), id=cell_id(grade_id),
                         metadata=nbgrader_metadata(grade_id, solution=True))


def answer_markdown(grade_id: str, points: float, text: str):
    """A written answer, graded by hand; the whole text becomes the stub."""
    return new_markdown_cell(text.strip(), id=cell_id(grade_id),
                             metadata=nbgrader_metadata(grade_id, solution=True, grade=True,
                                                        points=points))


def test_cell(grade_id: str, points: float, summary: str, visible: str, hidden: str,
              *, guard: Guard | None = None):
    """An autograded test cell: a one-line summary, visible asserts, hidden asserts.

    ``summary`` becomes the docstring on the first line: the only part of the cell that
    learners see in their feedback, so it names the part and ends with a tip. ``guard``
    (see ``no_helper_guard``) is put at the top of the hidden block: inside each block that
    uses it, because a test cell that fails early must not leave later cells without it.
    """
    if not summary.strip() or "\n" in summary or "\r" in summary or '"""' in summary:
        raise ValueError(f"{grade_id}: the summary must be one line without triple quotes")
    if guard is not None and guard.function not in hidden:
        raise ValueError(f"{grade_id}: the hidden tests never call {guard.function}")
    hidden_block = (guard.code + "\n" if guard is not None else "") + hidden.strip()
    source = "\n".join([
        f'"""{summary}"""',
        visible.strip(),
        "### BEGIN HIDDEN TESTS",
        hidden_block,
        "### END HIDDEN TESTS",
    ])
    return new_code_cell(source, id=cell_id(grade_id),
                         metadata=nbgrader_metadata(grade_id, grade=True, locked=True,
                                                    points=points))


test_cell.__test__ = False  # a cell constructor, not a test for pytest to collect


# ------------------------------------------------------------------ "write it yourself"

_GUARD_TEMPLATE = '''\
from grading.eigen_werk import guard as _guard

def {function}(functie):
    return _guard(functie, names={names}, packages={packages})
'''


@dataclass(frozen=True)
class Guard:
    """Hidden-test code that defines ``function(f)``: True when ``f`` leans on a forbidden module."""

    function: str
    code: str


def no_helper_guard(names: Sequence[str], *, packages: Sequence[str] | None = None,
                    function: str | None = None) -> Guard:
    """The "write it yourself" check for a hidden block, as a ``Guard``.

    Its function (``_leunt_op_<last name>`` unless ``function`` is given) returns True for a
    learner's function that uses one of ``names`` (``("modules", "mkba")``: the package and
    the module) or anything that comes from one of ``packages`` (default: the first name),
    directly, through an alias or through a helper function of the learner's own.

    >>> guard = no_helper_guard(("modules", "mkba"))
    >>> guard.function
    '_leunt_op_mkba'
    """
    names = tuple(names)
    packages = names[:1] if packages is None else tuple(packages)
    if not names or not packages:
        raise ValueError("no_helper_guard needs at least one forbidden name and package")
    function = f"_leunt_op_{names[-1]}" if function is None else function
    for name in (*names, *packages, function):
        if not all(part.isidentifier() for part in name.split(".")):
            raise ValueError(f"no_helper_guard: {name!r} is not a (dotted) Python name")
    code = _GUARD_TEMPLATE.format(function=function, names=repr(tuple(sorted(set(names)))),
                                  packages=repr(packages))
    return Guard(function=function, code=code)


# ------------------------------------------------------------------ content from data files


class ContentError(ValueError):
    """A check, question or rubric file holds data a builder cannot use; the message names the file."""


def _shown(path: Path) -> str:
    """``path`` as a course author finds it: relative to the repository when it is inside."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"{_shown(path)}: cannot read it: {error}") from error


def _check_keys(where: str, table: object, required: Sequence[str], optional: Sequence[str] = ()) -> None:
    """Refuse a table that is no table, misses a field or has one nobody reads (a typo)."""
    if not isinstance(table, dict):
        raise ContentError(f"{where}: expected a table of fields, not {table!r}")
    missing = [key for key in required if key not in table]
    if missing:
        raise ContentError(f"{where}: the field '{missing[0]}' is missing")
    known = (*required, *optional)
    unknown = [key for key in table if key not in known]
    if unknown:
        raise ContentError(f"{where}: unknown field '{unknown[0]}' (known: {', '.join(known)})")


def _check_text(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be a non-empty text, not {value!r}")
    return value


def _check_points(where: str, value: object) -> int:
    # Whole points only: the task prints them as they are ("2 punten"), and 1.5 would read
    # "1.5" instead of the Dutch "1,5".
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ContentError(f"{where}: 'points' must be a whole number above 0, not {value!r}")
    return value


def _table_list(where: str, data: dict, key: str, most: int | None = None) -> list:
    """The array of tables ``[[key]]``, the file's only content, with at least one table."""
    _check_keys(where, data, (key,))
    rows = data[key]
    if not isinstance(rows, list) or not rows or (most is not None and len(rows) > most):
        count = len(rows) if isinstance(rows, list) else repr(rows)
        limit = f"1 to {most}" if most is not None else "at least one"
        raise ContentError(f"{where}: '{key}' needs {limit} [[{key}]] tables, not {count}")
    return rows


# ------------------------------------------------------------------ questions


LETTERS = "abcdefgh"


def letters_phrase(count: int) -> str:
    """The first ``count`` letters as Dutch text: ``a, b, c of d``."""
    letters = list(LETTERS[:count])
    return ", ".join(letters[:-1]) + " of " + letters[-1]


def option_list(options: Sequence[str]) -> str:
    """The options of a multiple-choice question as a markdown list, lettered a, b, c ..."""
    return "\n".join(f"- **{letter}.** {text}" for letter, text in zip(LETTERS, options))


def letter_of(options: Sequence[str], option: str) -> str:
    """The letter of ``option`` in ``options``."""
    return LETTERS[list(options).index(option)]


@dataclass(frozen=True)
class Question:
    """One autograded question: a letter (``options`` > 0) or ``True``/``False`` (``options`` 0).

    The learner answers ``antwoord_<part><number> = ...``; the cells are the question
    (``<assignment>_<part>_<check>_vraag``), the answer (``..._antwoord``) and the test
    cell (``<assignment>_<part>_<check>``).
    """

    assignment: str      # prefix of the grade ids, e.g. "mkba"
    part: str            # letter of the part, e.g. "E"
    number: int
    check: str           # the grade id of the test cell is <assignment>_<part>_<check>
    title: str           # heading of the question
    text: str            # markdown: the question and its options
    correct: str | bool
    mistake: str | bool  # a plausible wrong answer (the round-trip test hands it in)
    options: int         # number of letters; 0 for a True/False question
    summary: str         # what learners see in their feedback
    wrong: str           # hidden assert message (never shown to learners)
    points: int = 1

    @property
    def label(self) -> str:
        return f"{self.part.upper()}{self.number}"

    @property
    def variable(self) -> str:
        return f"antwoord_{self.label.lower()}"

    @property
    def grade_id(self) -> str:
        return f"{self.assignment}_{self.part.lower()}_{self.check}"

    @property
    def answer_id(self) -> str:
        return f"{self.grade_id}_antwoord"


@dataclass(frozen=True)
class NumberQuestion:
    """One autograded question answered with a number: ``antwoord_<part><number> = 123.45``.

    Its cells are named as those of a ``Question``; the hidden test accepts an answer
    within ``tolerance`` of ``correct``, and ``mistake`` must lie outside it (``ValueError``).

    Examples
    --------
    >>> q = NumberQuestion("toets", "F", 1, "schuld", "De schuld", "Hoeveel?", correct=1234.5,
    ...                    mistake=1000.0, tolerance=1.0, summary="Deel F: vraag F1. Tip: tel.",
    ...                    wrong="Nee.")
    >>> (q.variable, q.grade_id, q.answer_id)
    ('antwoord_f1', 'toets_f_schuld', 'toets_f_schuld_antwoord')
    """

    assignment: str
    part: str
    number: int
    check: str
    title: str
    text: str
    correct: float
    mistake: float
    tolerance: float
    summary: str
    wrong: str
    points: int = 1

    # Named as a Question's cells are.
    label, variable, grade_id, answer_id = (Question.label, Question.variable, Question.grade_id,
                                            Question.answer_id)

    def __post_init__(self):
        if abs(self.mistake - self.correct) <= self.tolerance:
            raise ValueError(f"{self.grade_id}: the mistake must lie outside the tolerance")


def choice_question(assignment: str, part: str, number: int, check: str, title: str, text: str,
                    options: str | Sequence[str], *, correct: str, mistake: str, summary: str,
                    wrong: str, points: int = 1) -> Question:
    """A multiple-choice ``Question``: the options are lettered and counted here.

    The question's text is ``text``, a blank line, then the options as a lettered markdown
    list (``option_list``); ``options`` of the ``Question`` is their number.

    Parameters
    ----------
    assignment : str
        The prefix of the grade ids, e.g. ``"mkba"``.
    part : str
        The letter of the part, e.g. ``"E"``.
    number : int
        The number of the question within its part.
    check : str
        The grade id of the test cell is ``<assignment>_<part>_<check>``.
    title : str
        The heading of the question.
    text : str
        Markdown: the question, without its options.
    options : str or sequence of str
        The options in order: one block of text with one option per line (blank lines and
        the white space around a line are left out), or a sequence of option texts.
    correct : str
        The letter of the right option.
    mistake : str
        The letter of a plausible wrong option (the round-trip test hands it in).
    summary : str
        What learners see in their feedback (see ``test_cell``).
    wrong : str
        The hidden assert message (never shown to learners).
    points : int, optional
        The points of the question, 1 unless given.

    Returns
    -------
    Question
        The question, ready for ``question_cells``.

    Raises
    ------
    ValueError
        When there are fewer than two options or more than ``LETTERS`` can letter.

    Examples
    --------
    >>> q = choice_question("toets", "E", 1, "keuze", "Een keuze", "Welke klopt?", '''
    ... Ja.
    ... Nee.
    ... ''', correct="b", mistake="a", summary="Deel E: vraag E1, een keuze. Tip: lees.", wrong="Nee.")
    >>> q.options
    2
    >>> print(q.text.strip())
    Welke klopt?
    <BLANKLINE>
    - **a.** Ja.
    - **b.** Nee.
    """
    texts = options.splitlines() if isinstance(options, str) else list(options)
    texts = [line.strip() for line in texts if line.strip()]
    if not 2 <= len(texts) <= len(LETTERS):
        raise ValueError(f"{assignment}_{part.lower()}_{check}: a choice question needs 2 to "
                         f"{len(LETTERS)} options, not {len(texts)}")
    return Question(assignment, part, number, check, title,
                    f"\n{text.strip()}\n\n{option_list(texts)}\n", correct=correct,
                    mistake=mistake, options=len(texts), summary=summary, wrong=wrong,
                    points=points)


def question_cells(q: Question | NumberQuestion) -> list:
    """The question, its answer cell (the model answer is the solution) and its test cell."""
    if isinstance(q, NumberQuestion):
        instruction = f"# Vraag {q.label}: vul een getal in, zonder aanhalingstekens en met een punt als decimaalteken."
        answer = f"{q.variable} = {q.correct!r}"
        visible = (f"assert isinstance({q.variable}, (int, float)) and not isinstance({q.variable}, bool), "
                   '"Geef een getal, zonder aanhalingstekens en zonder euroteken, met een punt als decimaalteken: bijvoorbeeld 1234.5."')
        hidden = f'assert math.isclose(float({q.variable}), {q.correct!r}, abs_tol={q.tolerance!r}), "{q.wrong}"'
    elif q.options:
        letters = tuple(LETTERS[:q.options])
        if q.correct not in letters or q.mistake not in letters or q.correct == q.mistake:
            raise ValueError(f"{q.grade_id}: the answer and the mistake must be two of {letters}")
        instruction = (f"# Vraag {q.label}: vul één letter in ({letters_phrase(q.options)}), tussen aanhalingstekens.")
        answer = f'{q.variable} = "{q.correct}"'
        visible = (f"assert isinstance({q.variable}, str) and {q.variable}.strip().lower() in {letters!r}, "
                   f'"Geef één letter: {letters_phrase(q.options)}."')
        hidden = f'assert {q.variable}.strip().lower() == "{q.correct}", "{q.wrong}"'
    else:
        if not isinstance(q.correct, bool) or q.mistake is not (not q.correct):
            raise ValueError(f"{q.grade_id}: a True/False question needs a bool answer and its opposite")
        instruction = f"# Vraag {q.label}: vul True (ja) of False (nee) in, zonder aanhalingstekens."
        answer = f"{q.variable} = {q.correct!r}"
        visible = (f"assert isinstance({q.variable}, bool), "
                   '"Geef True (ja) of False (nee), zonder aanhalingstekens."')
        hidden = f'assert {q.variable} is {q.correct!r}, "{q.wrong}"'
    return [
        locked_markdown(f"{q.grade_id}_vraag", f"### Vraag {q.label}: {q.title}\n{q.text}"),
        answer_code(q.answer_id, f"{instruction}\n### BEGIN SOLUTION\n{answer}\n### END SOLUTION"),
        test_cell(q.grade_id, q.points, q.summary, visible=visible, hidden=hidden),
    ]


def question_key(questions: Iterable[Question | NumberQuestion]) -> dict[str, dict[str, object]]:
    """Per question: the variable, its answer cell, the right and a wrong answer, the points.

    A ``NumberQuestion`` adds its ``tolerance``.
    """
    key: dict[str, dict[str, object]] = {}
    for q in questions:
        key[q.grade_id] = {"variable": q.variable, "answer_id": q.answer_id, "correct": q.correct,
                           "mistake": q.mistake, "points": q.points}
        if isinstance(q, NumberQuestion):
            key[q.grade_id]["tolerance"] = q.tolerance
    return key


#: Per kind of question in a question file: the fields it needs beyond the shared ones.
QUESTION_KINDS = {
    "number": ("correct", "mistake", "tolerance"),
    "choice": ("options", "correct", "mistake"),
    "true_false": ("correct",),
}
_QUESTION_FIELDS = ("number", "check", "kind", "title", "text", "summary", "wrong")


def _fill(where: str, key: str, template: object, values: Mapping[str, object]) -> str:
    """One text of a question file with the builder's figures filled in."""
    _check_text(where, key, template)
    try:
        return template.format_map(values)
    except KeyError as error:
        raise ContentError(f"{where}: '{key}' uses {{{error.args[0]}}}, a figure the builder does not "
                           f"compute (it computes: {', '.join(sorted(values))})") from error
    except (ValueError, IndexError, AttributeError) as error:
        raise ContentError(f"{where}: '{key}' is no valid template ({error}); "
                           "write {{ and }} for a literal brace") from error


def _figure(where: str, key: str, name: object, values: Mapping[str, object]) -> float:
    """The number a number question's ``correct`` or ``mistake`` names."""
    value = values.get(name) if isinstance(name, str) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ContentError(f"{where}: '{key}' must name a number the builder computes, not {name!r} "
                           f"(it computes: {', '.join(sorted(values))})")
    return value


def _question(assignment: str, part: str, number: int, row: dict, where: str,
              values: Mapping[str, object]) -> Question | NumberQuestion:
    """One question of a question file, its fields checked and its templates filled."""
    kind = row.get("kind") if isinstance(row, dict) else None
    if kind not in QUESTION_KINDS:
        raise ContentError(f"{where}: 'kind' must be one of {', '.join(QUESTION_KINDS)}, not {kind!r}")
    _check_keys(where, row, (*_QUESTION_FIELDS, *QUESTION_KINDS[kind]), ("points",))
    if isinstance(row["number"], bool) or row["number"] != number:
        raise ContentError(f"{where}: 'number' must be {number} (the questions are numbered in "
                           f"the order of the file), not {row['number']!r}")
    check = row["check"]
    if not isinstance(check, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", check):
        raise ContentError(f"{where}: 'check' must be a grade-id part such as 'schuld', not {check!r}")
    where = f"{where} ('{check}')"
    filled = {key: _fill(where, key, row[key], values) for key in ("title", "text", "summary", "wrong")}
    if any(bad in filled["wrong"] for bad in ('"', "\\", "\n")):
        raise ContentError(f"{where}: 'wrong' stands in a one-line Python string: no double quotes, "
                           "backslashes or line breaks")
    common = dict(summary=filled["summary"], wrong=filled["wrong"],
                  points=_check_points(where, row.get("points", 1)))
    # As choice_question does with the text of its question: stripped, between newlines.
    text = f"\n{filled['text'].strip()}\n"
    if kind == "number":
        tolerance = row["tolerance"]
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
            raise ContentError(f"{where}: 'tolerance' must be a number of at least 0, not {tolerance!r}")
        return NumberQuestion(assignment, part, number, check, filled["title"], text,
                              correct=_figure(where, "correct", row["correct"], values),
                              mistake=_figure(where, "mistake", row["mistake"], values),
                              tolerance=tolerance, **common)
    if kind == "true_false":
        if not isinstance(row["correct"], bool):
            raise ContentError(f"{where}: 'correct' must be true or false, not {row['correct']!r}")
        return Question(assignment, part, number, check, filled["title"], text, correct=row["correct"],
                        mistake=not row["correct"], options=0, **common)
    options = row["options"]
    if not isinstance(options, list) or not 2 <= len(options) <= len(LETTERS):
        raise ContentError(f"{where}: 'options' must be a list of 2 to {len(LETTERS)} texts, not {options!r}")
    options = [_fill(where, f"options[{i}]", option, values) for i, option in enumerate(options)]
    letters = LETTERS[:len(options)]
    for key in ("correct", "mistake"):
        if row[key] not in tuple(letters):
            raise ContentError(f"{where}: '{key}' must be one of the letters {', '.join(letters)}, "
                               f"not {row[key]!r}")
    if row["correct"] == row["mistake"]:
        raise ContentError(f"{where}: 'mistake' must be another letter than 'correct'")
    return choice_question(assignment, part, number, check, filled["title"], filled["text"], options,
                           correct=row["correct"], mistake=row["mistake"], **common)


def load_questions(assignment: str, part: str, values: Mapping[str, object],
                   folder: Path | None = None) -> list[Question | NumberQuestion]:
    """The autograded questions of an assignment, from ``grading/questions/<assignment>.toml``.

    The file holds one ``[[question]]`` table per question, in the order the notebook asks
    them. Its texts are ``str.format`` templates that ``values`` fills in, so the figures
    come from the model when the builder runs, and the wording stays data. The header of
    ``grading/questions/schulden.toml`` explains every field.

    Parameters
    ----------
    assignment : str
        The assignment, e.g. ``"schulden"``: the file's name and the grade ids' prefix.
    part : str
        The letter of the part the questions belong to, e.g. ``"F"``.
    values : mapping of str to object
        The figures the templates name, e.g. ``{"wait": 12}`` for ``{wait}``; a number
        question's ``correct`` and ``mistake`` name a number in it.
    folder : pathlib.Path, optional
        Where the file is; ``grading/questions`` unless given.

    Returns
    -------
    list of Question or NumberQuestion
        The questions, ready for ``question_cells``.

    Raises
    ------
    ContentError
        When the file cannot be read or a question's field is missing, unknown, of the wrong
        kind, or names a figure ``values`` lacks; the message names the file, the question
        and the field.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "toets.toml").write_text('''
    ... [[question]]
    ... number = 1
    ... check = "wachten"
    ... kind = "true_false"
    ... title = "Wachten"
    ... text = "Groeit de schuld in {maanden} maanden?"
    ... correct = true
    ... summary = "Deel F: vraag F1, wachten. Tip: kijk naar de schuld."
    ... wrong = "Nee."
    ... ''', encoding="utf-8")
    >>> [q] = load_questions("toets", "F", {"maanden": 12}, folder)
    >>> q.text, q.correct, q.mistake
    ('\\nGroeit de schuld in 12 maanden?\\n', True, False)
    """
    path = (QUESTIONS if folder is None else Path(folder)) / f"{assignment}.toml"
    rows = _table_list(_shown(path), _read_toml(path), "question")
    found = []
    for number, row in enumerate(rows, start=1):
        where = f"{_shown(path)}, question {number}"
        try:
            question = _question(assignment, part, number, row, where, values)
            # Its cells check what a question alone does not (a one-line summary, a mistake
            # outside the tolerance): fail here, where the file can still be named.
            question_cells(question)
        except ContentError:
            raise
        except ValueError as error:
            raise ContentError(f"{where}: {error}") from error
        found.append(question)
    checks = [q.check for q in found]
    twice = sorted({check for check in checks if checks.count(check) > 1})
    if twice:
        raise ContentError(f"{_shown(path)}: the check '{twice[0]}' stands at more than one question")
    return found


@dataclass(frozen=True)
class ReadingPart:
    """The part of autograded questions on reading the outcomes, which every assignment has.

    Its questions come from the figures of the case, which ``case_facts()`` computes when
    none are handed in. Either ``values(facts)`` gives the figures that the question file
    ``grading/questions/<assignment>.toml`` names (``load_questions``), or, for questions
    written in Python, ``make(facts)`` makes them; give one of the two.

    The wording of the questions is data, their figures are not: ``values(facts)`` returns
    a dict of the names the question file uses, holding texts already in the Dutch number
    format (and names or quotes from the case) and the numbers that answer the numeric
    questions, every one computed from the model and the case's data. ``case_facts``
    checks the conclusions the texts draw from them, so a change of the model that would
    make a question's text untrue stops the build. A builder binds
    ``questions`` and ``answer_key`` to its module's names, as ``AssignmentBuilder``'s
    methods are, for the trainer page and the tests.

    Examples
    --------
    >>> q = choice_question("toets", "F", 1, "keuze", "Een keuze", "Welke klopt?", ["Ja.", "Nee."],
    ...                     correct="b", mistake="a", summary="Deel F: vraag F1. Tip: lees.", wrong="Nee.")
    >>> part = ReadingPart("toets", "F", case_facts=lambda: None, make=lambda facts: [q])
    >>> part.answer_key()["toets_f_keuze"]["correct"]
    'b'
    >>> cells = part.cells(None, "# Ruimte om te rekenen", "Beantwoord {count} vraag.")
    >>> print(cells[0].source)
    ## Deel F (1 punt): de uitkomsten lezen
    <BLANKLINE>
    Beantwoord 1 vraag.
    >>> [cell.id for cell in cells[1:3]]
    ['toets-f-kladblok', 'toets-f-keuze-vraag']
    """

    assignment: str
    letter: str
    case_facts: Callable[[], object]
    values: Callable[[object], Mapping[str, object]] | None = None
    make: Callable[[object], Sequence[Question | NumberQuestion]] | None = None
    title: str = "de uitkomsten lezen"

    def __post_init__(self):
        if (self.values is None) == (self.make is None):
            raise ValueError(f"{self.assignment}: a ReadingPart takes either values (for its question "
                             "file) or make (questions written in Python)")

    def questions(self, facts: object = None) -> list[Question | NumberQuestion]:
        """The questions for the figures ``facts`` (``case_facts()`` unless given), in the notebook's order."""
        facts = self.case_facts() if facts is None else facts
        if self.make is not None:
            return list(self.make(facts))
        return load_questions(self.assignment, self.letter, self.values(facts))

    def answer_key(self) -> dict[str, dict[str, object]]:
        """``question_key`` of the questions, by grade id in alphabetical order."""
        return dict(sorted(question_key(self.questions()).items()))

    def cells(self, facts: object, scratch: str, intro: str) -> list:
        """The part: its instruction, a scratch cell, then the cells of each question.

        ``intro`` is markdown and a ``str.format`` template: ``{count}`` is the number of
        questions (write ``{{`` and ``}}`` for a literal brace). The scratch cell
        (``<assignment>-<letter>-kladblok``) is an ordinary code cell holding ``scratch``.
        """
        found = self.questions(facts)
        letter = self.letter.lower()
        cells = [plain_code(f"{self.assignment}-{letter}-kladblok", scratch)]
        for q in found:
            cells += question_cells(q)
        return part_cells(f"{self.assignment}_{letter}_opgave", self.letter, self.title,
                          intro.format(count=len(found)), cells)


# ------------------------------------------------------------------ test cells from data


class Checks:
    """The test cells of an assignment's code parts, by grade id, as ``load_checks`` reads them.

    ``checks[grade_id]`` is the test cell (``ContentError`` naming the file when it has no
    such check). ``require_used`` refuses a notebook that leaves one of them out: a check
    the builder never uses is a test nobody runs. ``assemble_notebook`` and
    ``assemble_assignment`` call it when they are given the checks.
    """

    def __init__(self, path: Path, cells: Mapping[str, nbformat.NotebookNode]):
        self.path = Path(path)
        self._cells = dict(cells)

    def __getitem__(self, grade_id: str) -> nbformat.NotebookNode:
        if grade_id not in self._cells:
            raise ContentError(f"{_shown(self.path)}: there is no check '{grade_id}' "
                               f"(it has: {', '.join(self._cells)})")
        return self._cells[grade_id]

    def __iter__(self):
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)

    def unused(self, cells: Iterable) -> list[str]:
        """The grade ids of the checks that no cell among ``cells`` has, in the file's order."""
        used = {c.metadata["nbgrader"]["grade_id"] for c in cells if "nbgrader" in c.metadata}
        return [grade_id for grade_id in self._cells if grade_id not in used]

    def require_used(self, cells: Iterable) -> None:
        """Refuse ``cells`` (a notebook's) when a check of the file is not among them."""
        unused = self.unused(cells)
        if unused:
            raise ContentError(f"{_shown(self.path)}: the check '{unused[0]}' is never used: "
                               "the builder puts no cell of it in the notebook")


_CHECK_TEXTS = ("summary", "visible", "hidden")


def _fill_code(where: str, key: str, text: object, values: Mapping[str, object]) -> str:
    """One text of a check file with the builder's values put in place of ``$name``."""
    _check_text(where, key, text)
    try:
        return string.Template(text).substitute(values)
    except KeyError as error:
        given = ", ".join(sorted(values)) or "nothing"
        raise ContentError(f"{where}: '{key}' uses ${error.args[0]}, a value the builder does not "
                           f"give (it gives: {given})") from error
    except ValueError as error:
        raise ContentError(f"{where}: '{key}' has a $ that names no value ({error}); "
                           "write $$ for a literal $") from error


def _check(assignment: str, row: object, where: str, guard: Guard | None,
           values: Mapping[str, object]) -> tuple[str, nbformat.NotebookNode]:
    """One check of a check file, its fields checked: its grade id and its test cell."""
    _check_keys(where, row, ("grade_id", "points", *_CHECK_TEXTS), ("guard",))
    grade_id = row["grade_id"]
    if (not isinstance(grade_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", grade_id)
            or not grade_id.startswith(f"{assignment}_")):
        raise ContentError(f"{where}: 'grade_id' must be a grade id that starts with '{assignment}_', "
                           f"such as '{assignment}_a_waarde', not {grade_id!r}")
    where = f"{where} ('{grade_id}')"
    points = _check_points(where, row["points"])
    uses_guard = row.get("guard", False)
    if not isinstance(uses_guard, bool):
        raise ContentError(f"{where}: 'guard' must be true or false, not {uses_guard!r}")
    if uses_guard and guard is None:
        raise ContentError(f"{where}: 'guard' is true, but the builder gives no guard to load_checks")
    texts = {key: _fill_code(where, key, row[key], values) for key in _CHECK_TEXTS}
    try:
        cell = test_cell(grade_id, points, texts["summary"], texts["visible"], texts["hidden"],
                         guard=guard if uses_guard else None)
    except ValueError as error:
        raise ContentError(f"{where}: {error}") from error
    return grade_id, cell


def load_checks(assignment: str, *, guard: Guard | None = None, values: Mapping[str, object] | None = None,
                folder: Path | None = None) -> Checks:
    """The autograded test cells of an assignment's code parts, from ``grading/checks/<assignment>.toml``.

    The file holds one ``[[check]]`` table per test cell: its ``grade_id``, ``points``,
    ``summary``, ``visible`` and ``hidden`` asserts, and ``guard = true`` where the hidden
    asserts call the "write it yourself" guard; each becomes a cell of ``test_cell``. Test
    code is full of braces (dicts, f-strings), so the texts are no ``str.format`` templates:
    ``$name`` in them is replaced by the text of ``values["name"]`` (``string.Template``;
    ``$$`` is a literal ``$``), for what only the builder can compute. The header of
    ``grading/checks/mgv.toml`` explains every field.

    Parameters
    ----------
    assignment : str
        The assignment, e.g. ``"mkba"``: the file's name and the grade ids' prefix.
    guard : Guard, optional
        The assignment's ``no_helper_guard``, for the checks with ``guard = true``.
    values : mapping of str to object, optional
        What ``$name`` stands for, put in as ``str(value)``: Python text such as
        ``repr(counts)``. None unless given.
    folder : pathlib.Path, optional
        Where the file is; ``grading/checks`` unless given.

    Returns
    -------
    Checks
        The test cells by grade id, in the file's order.

    Raises
    ------
    ContentError
        When the file cannot be read, a grade id stands twice, or a check's field is
        missing, unknown or of the wrong kind, names a value ``values`` lacks, or asks for a
        guard that is not given; the message names the file, the check and the field.

    Examples
    --------
    >>> checks = load_checks("mkba", guard=no_helper_guard(("modules", "mkba")))
    >>> list(checks)[:2]
    ['mkba_a_waarde', 'mkba_a_eigen']
    >>> checks["mkba_a_eigen"].metadata["nbgrader"]["points"]
    1
    """
    path = (CHECKS if folder is None else Path(folder)) / f"{assignment}.toml"
    values = {} if values is None else values
    rows = _table_list(_shown(path), _read_toml(path), "check")
    cells: dict[str, nbformat.NotebookNode] = {}
    for number, row in enumerate(rows, start=1):
        grade_id, cell = _check(assignment, row, f"{_shown(path)}, check {number}", guard, values)
        if grade_id in cells:
            raise ContentError(f"{_shown(path)}: the grade id '{grade_id}' stands at more than one check")
        cells[grade_id] = cell
    return Checks(path, cells)


# ------------------------------------------------------------------ the written part


class Criterion(NamedTuple):
    """One criterion of a rubric: its title, the points it is worth and what earns them.

    A ``Criterion`` is a tuple, so ``title, points, text = criterion`` works.

    Parameters
    ----------
    title : str
        The name of the criterion, in bold in the task and a row of the trainer's rubric.
    points : int
        The most points the criterion gives.
    text : str
        What earns them, completing the sentence after the title.

    Examples
    --------
    >>> Criterion("Advies", 2, "je geeft een duidelijk advies.").points
    2
    """

    title: str
    points: int
    text: str


#: The number of criteria as a Dutch word, for "op drie punten".
COUNT_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}


def rubric_markdown(rubric: Sequence[Criterion]) -> str:
    """The rubric as the task states it: one list item per criterion, with its points.

    Parameters
    ----------
    rubric : sequence of Criterion
        The criteria, in the order the task names them.

    Returns
    -------
    str
        Markdown: ``- **title** (2 punten): text`` per criterion ("punt" for 1 point).

    Examples
    --------
    >>> print(rubric_markdown([Criterion("Uitleg", 2, "je legt uit."), Criterion("Advies", 1, "je kiest.")]))
    - **Uitleg** (2 punten): je legt uit.
    - **Advies** (1 punt): je kiest.
    """
    return "\n".join(f"- **{title}** ({points} {'punt' if points == 1 else 'punten'}): {text}"
                     for title, points, text in rubric)


def rubric_points(rubric: Sequence[Criterion]) -> int:
    """The points of a rubric: the sum of its criteria's points.

    Parameters
    ----------
    rubric : sequence of Criterion
        The criteria.

    Returns
    -------
    int
        The points of the written answer that the rubric grades.

    Examples
    --------
    >>> rubric_points([Criterion("Uitleg", 2, "je legt uit."), Criterion("Advies", 1, "je kiest.")])
    3
    """
    return sum(points for _, points, _ in rubric)


def load_rubric(name: str, folder: Path | None = None) -> tuple[Criterion, ...]:
    """The rubric of a module's written part, from ``grading/rubrics/<name>.toml``.

    The file holds one ``[[criterion]]`` table per criterion, in the order the task names
    them, each with exactly ``title``, ``points`` (a whole number above 0) and ``text``.

    Parameters
    ----------
    name : str
        The module, e.g. ``"mkba"``: the file's name without ``.toml``.
    folder : pathlib.Path, optional
        Where the file is; ``grading/rubrics`` unless given.

    Returns
    -------
    tuple of Criterion
        The criteria, 1 to 8 of them (as many as ``advice_part`` can count in words).

    Raises
    ------
    ContentError
        When the file cannot be read, holds no criteria or too many, or a criterion misses
        a field, has an unknown one or a bad value; the message names the file, the
        criterion and the field.

    Examples
    --------
    >>> rubric = load_rubric("mkba")
    >>> rubric[0].title, rubric_points(rubric)
    ('Uitkomst voor de samenleving', 6)
    """
    path = (RUBRICS if folder is None else Path(folder)) / f"{name}.toml"
    rows = _table_list(_shown(path), _read_toml(path), "criterion", most=len(COUNT_WORDS))
    rubric = []
    for number, row in enumerate(rows, start=1):
        where = f"{_shown(path)}, criterion {number}"
        _check_keys(where, row, ("title", "points", "text"))
        rubric.append(Criterion(_check_text(where, "title", row["title"]),
                                _check_points(where, row["points"]),
                                _check_text(where, "text", row["text"])))
    return tuple(rubric)


def advice_part(assignment: str, letter: str, title: str, intro: str,
                rubric: Sequence[Criterion], model_answer: str) -> list:
    """The written part, graded by hand: the task with its rubric, then the answer cell.

    The part's instruction cell (``<assignment>_<letter>_opgave``) is ``intro``, then the
    sentence that the trainer grades the advice on the criteria of ``rubric``, then the
    rubric (``rubric_markdown``). The answer cell (``<assignment>_<letter>_advies``) is worth
    ``rubric_points(rubric)`` and holds ``model_answer`` as its solution.

    Parameters
    ----------
    assignment : str
        The prefix of the grade ids, e.g. ``"mkba"``.
    letter : str
        The letter of the part, e.g. ``"F"``.
    title : str
        The title in the part's heading.
    intro : str
        Markdown: what the learner writes, and for whom.
    rubric : sequence of Criterion
        The criteria the trainer grades the advice on.
    model_answer : str
        Markdown: the model answer.

    Returns
    -------
    list
        The cells of the part, made by ``part_cells``.

    Examples
    --------
    >>> cells = advice_part("toets", "F", "advies", "Schrijf een advies.",
    ...                     [Criterion("Uitleg", 2, "je legt uit."), Criterion("Advies", 1, "je kiest.")],
    ...                     "Mijn advies: doen.")
    >>> print(cells[0].source)
    ## Deel F (3 punten): advies
    <BLANKLINE>
    Schrijf een advies.
    <BLANKLINE>
    Je trainer beoordeelt je advies op twee punten:
    <BLANKLINE>
    - **Uitleg** (2 punten): je legt uit.
    - **Advies** (1 punt): je kiest.
    >>> cells[1].id, cells[1].metadata["nbgrader"]["points"]
    ('toets-f-advies', 3)
    """
    count = len(rubric)
    if count not in COUNT_WORDS:
        raise ValueError(f"{assignment}: a rubric needs 1 to {len(COUNT_WORDS)} criteria, not {count}")
    unit = "punt" if count == 1 else "punten"
    task = (f"{intro.strip()}\n\nJe trainer beoordeelt je advies op {COUNT_WORDS[count]} {unit}:\n\n"
            + rubric_markdown(rubric))
    grade = f"{assignment}_{letter.lower()}"
    return part_cells(f"{grade}_opgave", letter, title, task,
                      [answer_markdown(f"{grade}_advies", rubric_points(rubric), model_answer)])


# ------------------------------------------------------------------ points


class PointsError(AssertionError):
    """The points a heading states are not the points of the cells under it."""


#: A part's heading, as ``part_heading`` writes it: ``## Deel A (2 punten): ...``.
HEADING = re.compile(r"^## Deel (?P<part>[A-Z]) \((?P<points>\d+(?:,\d+)?) punt(?:en)?\)")


def _points_text(points: float) -> str:
    return f"{points:g}".replace(".", ",")


def points_of(cells: Iterable) -> float:
    """The points of the graded cells among ``cells`` (an int when it is whole)."""
    total = sum(c.metadata.get("nbgrader", {}).get("points", 0) or 0 for c in cells
                if c.metadata.get("nbgrader", {}).get("grade"))
    return int(total) if total == int(total) else total


def part_heading(letter: str, points: float, title: str) -> str:
    """The heading of a part: ``## Deel A (1 punt): title``."""
    unit = "punt" if points == 1 else "punten"
    return f"## Deel {letter} ({_points_text(points)} {unit}): {title}"


def part_cells(grade_id: str, letter: str, title: str, intro: str, cells: Sequence) -> list:
    """A part: its locked instruction cell, whose heading states the points of ``cells``, then ``cells``."""
    heading = part_heading(letter, points_of(cells), title)
    return [locked_markdown(grade_id, f"{heading}\n\n{intro.strip()}"), *cells]


def check_heading_points(nb: nbformat.NotebookNode) -> dict[str, float]:
    """Check that each part's heading states the points of the graded cells up to the next part.

    Returns the points per part. Raises ``PointsError`` when a heading disagrees, a part
    appears twice, or (once there are parts) a graded cell stands before the first one.
    """
    stated: dict[str, float] = {}
    counted: dict[str | None, float] = {}
    part = None
    for cell in nb.cells:
        match = HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if match:
            part = match["part"]
            if part in stated:
                raise PointsError(f"Deel {part} appears twice")
            stated[part] = float(match["points"].replace(",", "."))
            counted[part] = 0
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            counted[part] = counted.get(part, 0) + (meta.get("points") or 0)
    if stated and None in counted:
        raise PointsError(f"{_points_text(counted[None])} points stand before the first part")
    for part, points in stated.items():
        if abs(points - counted[part]) > 1e-9:
            raise PointsError(f"Deel {part}: the heading says {_points_text(points)} points, "
                              f"its cells give {_points_text(counted[part])}")
    return stated


# ------------------------------------------------------------------ the notebook


def assemble_notebook(cells: Sequence, *, checks: Checks | None = None) -> nbformat.NotebookNode:
    """The notebook of ``cells``: metadata set, ids unique, headings' points checked, validated.

    Given the assignment's ``checks`` (``load_checks``), it also refuses a notebook that
    leaves one of them out (``Checks.require_used``).
    """
    ids = [c.id for c in cells]
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in cells if "nbgrader" in c.metadata]
    for kind, values in (("cell id", ids), ("grade id", grade_ids)):
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ValueError(f"a {kind} appears more than once: {', '.join(twice)}")
    nb = new_notebook(cells=list(cells))
    nb.metadata = {key: dict(value) for key, value in NOTEBOOK_METADATA.items()}
    check_heading_points(nb)
    nbformat.validate(nb)
    if checks is not None:
        checks.require_used(nb.cells)
    return nb


def notebook_text(nb: nbformat.NotebookNode) -> str:
    """A notebook as a builder writes it to disk."""
    return nbformat.writes(nb) + "\n"


@dataclass(frozen=True)
class AssignmentBuilder:
    """Writes one source assignment: the notebook and its data files; its command line.

    ``build`` makes the notebook; ``extra_files`` returns the other files of the
    assignment (file name to text, such as a CSV table the notebook reads).
    """

    assignment: str
    notebook_name: str
    build: Callable[[], nbformat.NotebookNode]
    extra_files: Callable[[], Mapping[str, str]] = field(default=dict)
    description: str = ""

    @property
    def source_dir(self) -> Path:
        return source_dir(self.assignment)

    def notebook_text(self) -> str:
        """The source notebook as it is written to disk."""
        return notebook_text(self.build())

    def files(self) -> dict[str, str]:
        """Every file of the source assignment: name to text, the notebook first."""
        extra = dict(self.extra_files())
        if self.notebook_name in extra:
            raise ValueError(f"{self.assignment}: an extra file is named like the notebook")
        return {self.notebook_name: self.notebook_text(), **extra}

    def write(self, dest: Path | None = None) -> list[Path]:
        """Write every file into ``dest`` (default ``solutions/<assignment>``); return the paths."""
        dest = self.source_dir if dest is None else Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in self.files().items():
            path = dest / name
            path.write_text(text, encoding="utf-8", newline="")
            written.append(path)
        return written

    def main(self, argv: list[str] | None = None) -> int:
        """The builder's command line: ``python -m grading.build_<module>_source [--dest DIR]``."""
        first_line = (self.description.strip().splitlines() or [""])[0]
        parser = argparse.ArgumentParser(description=first_line or None)
        default = self.source_dir.relative_to(ROOT).as_posix()
        parser.add_argument("--dest", type=Path, default=None,
                            help=f"folder to write into (default: {default})")
        args = parser.parse_args(argv)
        for path in self.write(args.dest):
            print(f"wrote {path}")
        return 0


# ------------------------------------------------------------------ text from the model


class ConclusionError(AssertionError):
    """A sentence of the assignment no longer holds for the current model."""


def require(condition: bool, sentence: str) -> None:
    """Stop the build when ``sentence``, which the assignment states, no longer holds."""
    if not condition:
        raise ConclusionError(f"this no longer holds for the model: {sentence}")


def euro_text(amount: float, step: int = 100) -> str:
    """An amount rounded to ``step`` euro with a Dutch thousands separator, sign kept.

    >>> euro_text(-12_345.6)
    '-12.300'
    """
    rounded = int(round(abs(amount) / step) * step)
    sign = "-" if amount < 0 and rounded else ""
    return sign + f"{rounded:,}".replace(",", ".")


def number_text(value: float, decimals: int = 1) -> str:
    """A number the Dutch way: ``1.234,5``."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def percent_text(fraction: float, decimals: int = 0) -> str:
    """A fraction as Dutch text: ``0.0225`` with 2 decimals is ``2,25 procent``."""
    return f"{number_text(100 * fraction, decimals)} procent"


# ------------------------------------------------------------------ cells every assignment has

#: The end of every assignment's opening cell: how to hand in, then the name field below it.
BEFORE_HANDING_IN = """\
**Voordat je inlevert**

Herstart de kernel en voer alle cellen opnieuw uit (in JupyterLab: menu *Kernel*, dan *Restart Kernel and Run All Cells*).
Zo weet je zeker dat je notebook van boven naar beneden werkt, net als bij het nakijken.
Een cel die langer dan 20 seconden rekent, wordt bij het nakijken afgebroken.

Vul hieronder tussen de aanhalingstekens je naam in.
"""


def name_cell():
    """The cell where the learner fills in their name."""
    return plain_code("naam", 'NAAM = ""')


def closing_cell(assignment: str):
    """The last cell of every assignment: restart, run all, save, hand in."""
    return locked_markdown(f"{assignment}_einde", """
## Klaar?

Herstart de kernel en voer alle cellen opnieuw uit. Controleer of elke cel werkt, sla het notebook op en lever het in.
""")


#: How learners work through an assignment, between its introduction and ``BEFORE_HANDING_IN``.
HOW_TO_WORK = """\
**Zo werk je**

- Werk de delen {first} tot en met {last} op volgorde af. Bij elk deel staat hoeveel punten je kunt halen; in totaal zijn het er {total}.
  In de delen {first} tot en met {last_code} schrijf je kleine stukjes code ({points_code} punten).
  In deel {reading} beantwoord je vragen over de uitkomsten ({points_reading} punten), en in deel {written} {written_task} ({points_written} punten).
- Schrijf je antwoord op de plek van `# SCHRIJF HIER JE CODE` en haal de regel `raise NotImplementedError()` weg.
- Onder elk antwoord staat een testcel.
  Draait een testcel zonder foutmelding, dan kloppen de zichtbare controles.
  Bij het nakijken komen er verborgen controles bij, bijvoorbeeld met {hidden_checks}, en bij deel {reading} of je antwoord juist is: werk dus ook zorgvuldig als de zichtbare controles al slagen.
- Verander de testcellen niet. Bij het nakijken worden ze teruggezet naar het origineel.
"""


def _part_letters(cells: Sequence) -> list[str]:
    """The letters of the parts whose headings stand among ``cells``, in order."""
    return [match["part"] for cell in cells if cell.cell_type == "markdown"
            for match in [HEADING.match(cell.source)] if match]


def assemble_assignment(assignment: str, intro: str, case: Sequence, code: Sequence,
                        reading: Sequence, written: Sequence, *, hidden_checks: str,
                        written_task: str = "schrijf je een advies",
                        checks: Checks | None = None) -> nbformat.NotebookNode:
    """The notebook of an assignment: the opening cell, the name field, the parts, the end.

    Every assignment has the same build: code parts, then one part of autograded questions
    on reading the outcomes, then one written part graded by hand. At most half of the
    points may come from writing code (``ConclusionError`` otherwise). The opening cell
    (``<assignment>_kop``) is ``intro``, then ``HOW_TO_WORK`` with the letters and points
    of the parts, then ``BEFORE_HANDING_IN``.

    Parameters
    ----------
    assignment : str
        The assignment, the prefix of its grade ids, e.g. ``"mkba"``.
    intro : str
        Markdown: the title and what the learner does in this assignment.
    case : sequence of cells
        The cells after the name field that set up the case (imports, data).
    code : sequence of cells
        The parts in which the learner writes code, each made by ``part_cells``.
    reading : sequence of cells
        The part of autograded questions on the outcomes, made by ``part_cells``.
    written : sequence of cells
        The written part, graded by hand, made by ``part_cells``.
    hidden_checks : str
        What the hidden checks vary, completing "bijvoorbeeld met ...".
    written_task : str, default "schrijf je een advies"
        What the learner does in the written part, completing "in deel F ...".
    checks : Checks, optional
        The test cells of ``load_checks``; every one must stand in the notebook.

    Returns
    -------
    nbformat.NotebookNode
        The source notebook, assembled by ``assemble_notebook`` (with ``checks``).

    Examples
    --------
    >>> def part(letter, points):
    ...     test = test_cell(f"toets_{letter.lower()}_x", points, "Deel: x. Tip: y.", "", "")
    ...     return part_cells(f"toets_{letter.lower()}_opgave", letter, "titel", "Doe dit.", [test])
    >>> nb = assemble_assignment("toets", "# Opdracht toets", [], part("A", 1), part("B", 1),
    ...                          part("C", 1), hidden_checks="andere getallen")
    >>> [cell.id for cell in nb.cells][:2]
    ['toets-kop', 'naam']
    >>> "In de delen A tot en met A schrijf je kleine stukjes code (1 punten)." in nb.cells[0].source
    True
    """
    points_code, points_reading, points_written = points_of(code), points_of(reading), points_of(written)
    require(points_code <= (points_code + points_reading + points_written) / 2,
            "at most half of the points come from writing code")
    code_letters = _part_letters(code)
    (reading_letter,), (written_letter,) = _part_letters(reading), _part_letters(written)
    how_to_work = HOW_TO_WORK.format(
        first=code_letters[0], last=written_letter, last_code=code_letters[-1],
        reading=reading_letter, written=written_letter, hidden_checks=hidden_checks, written_task=written_task,
        total=points_code + points_reading + points_written, points_code=points_code,
        points_reading=points_reading, points_written=points_written,
    )
    header = f"{intro.strip()}\n\n{how_to_work}\n{BEFORE_HANDING_IN}"
    return assemble_notebook([
        locked_markdown(f"{assignment}_kop", header),
        name_cell(),
        *case,
        *code,
        *reading,
        *written,
        closing_cell(assignment),
    ], checks=checks)
