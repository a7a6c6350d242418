"""Dutch counts in what trainers read: ``1 cursist``, ``3 cursisten``, never ``cursist(en)``."""

from __future__ import annotations

__all__ = ["counted"]

#: Dutch plurals of the nouns the grading tools count.
PLURALS = {"cursist": "cursisten", "bestand": "bestanden"}


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, singular for exactly one and plural otherwise.

    Parameters
    ----------
    count : int
        How many.
    noun : str
        The singular noun, one of :data:`PLURALS`.

    Returns
    -------
    str
        E.g. ``"1 cursist"``, ``"0 bestanden"``.

    Raises
    ------
    KeyError
        For a noun whose plural is not in :data:`PLURALS`.

    Examples
    --------
    >>> counted(1, "cursist"), counted(0, "cursist"), counted(5, "bestand")
    ('1 cursist', '0 cursisten', '5 bestanden')
    """
    return f"{count} {noun if count == 1 else PLURALS[noun]}"
