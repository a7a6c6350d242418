"""Reading a module's data files (TOML): Dutch errors that name the file, the table and the field.

A course author changes presets and parameters in ``modules/data/`` without touching a
model. The model still checks every value when it loads; these helpers say *where* a bad
value stands, so the author can find it.
"""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, fields
from typing import Mapping, Sequence

from modules._validation import format_value

__all__ = ["check_fields", "from_table", "read_toml"]


def read_toml(path, what: str) -> dict:
    """The tables of a TOML data file, or a ``ValueError`` naming the file.

    Parameters
    ----------
    path : pathlib.Path or importlib.resources.abc.Traversable
        The file.
    what : str
        What the file holds, a Dutch plural for the message ("voorbeelden").

    Returns
    -------
    dict
        The file's tables; never empty.

    Raises
    ------
    ValueError
        If the file cannot be read, is not TOML or holds nothing.

    Examples
    --------
    >>> from importlib import resources
    >>> sorted(read_toml(resources.files("modules") / "data" / "inclusie.toml", "parameters"))[:2]
    ['buurtcirkel', 'groepen']
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{path}: het bestand met {what} is niet te lezen: {error}") from error
    if not data:
        raise ValueError(f"{path}: het bestand bevat geen {what}.")
    return data


def check_fields(where: str, table: Mapping, required: Sequence[str], allowed: Sequence[str]) -> None:
    """Refuse a table that misses a field or has one the model does not know.

    Parameters
    ----------
    where : str
        The file and table, for the message.
    table : mapping
        The table as read.
    required, allowed : sequence of str
        The fields that must be there, and all fields that may be.

    Raises
    ------
    ValueError
        Naming the first missing or unknown field.

    Examples
    --------
    >>> check_fields("f.toml, tabel 'a'", {"x": 1}, ["x"], ["x", "y"])
    """
    missing = [name for name in required if name not in table]
    if missing:
        raise ValueError(f"{where}: het veld '{missing[0]}' ontbreekt.")
    unknown = [name for name in table if name not in allowed]
    if unknown:
        raise ValueError(f"{where}: onbekend veld '{unknown[0]}'; toegestaan: {', '.join(allowed)}.")


def from_table(kind: type, table: object, where: str):
    """An instance of dataclass ``kind`` from one table of a data file.

    Parameters
    ----------
    kind : type
        A dataclass that checks its own fields.
    table : object
        The table as read.
    where : str
        The file and table, for the message.

    Returns
    -------
    object
        ``kind(**table)``.

    Raises
    ------
    ValueError
        If ``table`` is not a table, misses a required field, has an unknown one, or the
        class refuses a value; the message says where.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Punt:
    ...     x: int
    ...     y: int = 0
    >>> from_table(Punt, {"x": 1}, "f.toml")
    Punt(x=1, y=0)
    """
    if not isinstance(table, dict):
        raise ValueError(f"{where}: verwacht een tabel met velden; ontvangen: {format_value(table)}.")
    allowed = [f.name for f in fields(kind)]
    required = [f.name for f in fields(kind) if f.default is MISSING and f.default_factory is MISSING]
    check_fields(where, table, required, allowed)
    try:
        return kind(**table)
    except ValueError as error:
        # The model's own message names the field and its allowed range; add where it stands.
        raise ValueError(f"{where}: {error}") from error
