"""Motivational interviewing (motiverende gespreksvoering): MITI scores and a simulated client.

Two parts.

**Coding and scoring.** :func:`miti_summary` turns behaviour counts and global ratings into
the summary scores of the MITI 4.2.1 with their thresholds (``moyers2014miti``;
``miti-nl`` for the Dutch translation): technical and relational global, percentage of
complex reflections, reflection-to-question ratio and the totals of MI-adherent and
MI-non-adherent behaviour. :func:`count_codes` and :func:`talk_balance` count a coded
transcript (counsellor behaviour, client change talk and sustain talk);
:func:`agreement` compares a learner's coding with a reference, code by code.

**A simulated client.** :func:`respond` answers one counsellor response with one kind of
client talk and a new hidden state (:class:`ClientState`): readiness, discord, importance,
confidence and the process of the conversation (engageren, focussen, ontlokken, plannen;
``miller2013mi``). The rules follow the direction of the research on MI process, not its
effect sizes:

- MI-consistent responses (reflections, open questions, affirmations, emphasizing autonomy,
  seeking collaboration, advice with permission) make change talk more likely
  (``moyers2006therapist``, ``moyers2009causal``, ``magill2018``), but reflections and open
  questions also evoke sustain talk (``apodaca2016sequential``; ``magill2018``: MI-consistent
  skills correlate with more change talk and with more sustain talk). So every response,
  also an MI-consistent one, leaves the client a real chance of sustain talk;
- affirmations make change talk more likely and sustain talk less likely; closed questions
  and giving information make both less likely, the client mostly answers neutrally
  (``apodaca2016sequential``);
- MI-inconsistent responses (confrontation, advice without permission) make sustain talk
  and discord more likely (``moyers2006therapist``; ``magill2018``: more sustain talk, not
  more change talk) and never raise readiness;
- change talk raises readiness and sustain talk lowers it: change talk mediates between
  counsellor behaviour and outcome (``moyers2009causal``), sustain talk predicts a worse
  outcome (``magill2018``);
- the four processes build on each other (``miller2013mi``): the conversation moves at most
  one process forward per turn, falls back towards engaging when discord rises, and reaches
  planning only after a move towards action (a recapitulating summary or an open key
  question) when the client is ready; reflections alone never get there.

Every number in these rules is a modelling choice of this course, set so that a
conversation of about twelve turns shows the effect; the literature gives directions, not
these values. They are module constants, each with the reason for its direction.

Scenarios (:data:`SCENARIOS`) are read from ``modules/data/mgv/<key>.toml`` when the module
is imported; :func:`simulate` replays a learner's choices in one of them, deterministically
for a seed, and :func:`conversation_feedback` and :func:`compare_paths` look back on it.

Shares (percentage of complex reflections, of change talk, agreement) are fractions:
0.4 means 40 %. Errors follow the conventions in :mod:`modules`.

References
----------
miller2013mi, miller2023mi (the four processes, change talk and sustain talk, discord),
moyers2014miti and miti-nl (codes, summary scores, thresholds), moyers2006therapist,
moyers2009causal, apodaca2016sequential, magill2018 (which counsellor behaviour goes with
which client talk); keys in ``book/references.bib``.
"""

from __future__ import annotations

import math
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from modules._validation import InvalidInput, InvalidType, Interval, check_instance, check_integer, check_number, format_value

__all__ = [
    "MITI_CODES",
    "GLOBAL_KEYS",
    "GLOBAL_SCORE",
    "THRESHOLDS",
    "SUMMARY_LABELS",
    "RATINGS",
    "SPEAKERS",
    "CHANGE_TALK_CODES",
    "SUSTAIN_TALK_CODES",
    "NEUTRAL_CLIENT_CODE",
    "CLIENT_CODES",
    "RESPONSE_TYPES",
    "RESPONSE_LABELS",
    "MITI_LABELS",
    "CLIENT_LABELS",
    "CODING_EXERCISE",
    "load_transcript",
    "MI_CONSISTENT",
    "MI_INCONSISTENT",
    "PLANNING_MOVES",
    "TALK_WEIGHTS",
    "TALK_FLOOR",
    "MOTIVATION_WEIGHTS",
    "MOVE_EFFECTS",
    "TALK_EFFECTS",
    "DISCORD_BRAKE",
    "PROCESSES",
    "TALK_KINDS",
    "READINESS",
    "DISCORD",
    "IMPORTANCE",
    "CONFIDENCE",
    "ENGAGED_DISCORD",
    "EVOKING_READINESS",
    "PLANNING_READINESS",
    "PLANNING_DISCORD",
    "MIN_TURNS",
    "DATA_DIR",
    "SummaryScore",
    "TalkBalance",
    "ClientState",
    "Option",
    "Turn",
    "Scenario",
    "Step",
    "Conversation",
    "Feedback",
    "SCENARIOS",
    "miti_summary",
    "count_codes",
    "talk_balance",
    "talk_probabilities",
    "respond",
    "load_scenario",
    "load_scenarios",
    "simulate",
    "conversation_feedback",
    "compare_paths",
    "agreement",
]

# ======================================================================================
# MITI 4.2.1 (moyers2014miti)
# ======================================================================================

#: The behaviour codes of the MITI 4.2.1, in the manual's order.
MITI_CODES: tuple[str, ...] = (
    "GI", "PERSUADE", "PERSUADE_WITH_PERMISSION", "Q", "SR", "CR", "AF", "SEEK", "EMPHASIZE", "CONFRONT",
)
#: The four global ratings of the MITI 4.2.1, each 1 to 5.
GLOBAL_KEYS: tuple[str, ...] = ("cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy")
#: A global rating: from 1 (low) to 5 (high). Averages of several coders may be fractions.
GLOBAL_SCORE = Interval(1, 5, unit="punten")
#: A behaviour count: a whole number of utterances, 0 or more.
_COUNT = Interval(0, None, unit="uitingen")

#: Summary score -> (fair, good) thresholds of the MITI 4.2.1 ("fair" and "good" in the
#: manual; the course says "redelijk" and "goed"). Percentages are fractions: 0.4 is 40 %.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "technical_global": (3.0, 4.0),
    "relational_global": (3.5, 4.0),
    "percent_complex_reflections": (0.40, 0.50),
    "reflection_to_question": (1.0, 2.0),
}
#: Dutch display names of the summary scores, in the order :func:`miti_summary` returns them.
SUMMARY_LABELS: dict[str, str] = {
    "technical_global": "Technische globale score",
    "relational_global": "Relationele globale score",
    "percent_complex_reflections": "Percentage complexe reflecties",
    "reflection_to_question": "Verhouding reflecties tot vragen (R:V)",
    "total_mi_adherent": "Totaal MI-consistent gedrag",
    "total_mi_non_adherent": "Totaal MI-inconsistent gedrag",
}
#: The ratings of a summary score against its thresholds, best first.
RATINGS: tuple[str, ...] = ("goed", "redelijk", "onder de drempel")

# ======================================================================================
# Transcripts
# ======================================================================================

#: Who speaks in a transcript (column ``spreker``).
SPEAKERS: tuple[str, ...] = ("hulpverlener", "cliënt")
#: Client change talk: desire, ability, reasons, need, commitment, activation, taking steps.
CHANGE_TALK_CODES: tuple[str, ...] = ("D+", "A+", "R+", "N+", "C+", "AT+", "TS+")
#: Client sustain talk: the same kinds, against change.
SUSTAIN_TALK_CODES: tuple[str, ...] = ("D-", "A-", "R-", "N-", "C-", "AT-", "TS-")
#: A client utterance that is neither (follow/neutral).
NEUTRAL_CLIENT_CODE = "FN"
#: Every client code.
CLIENT_CODES: tuple[str, ...] = (*CHANGE_TALK_CODES, *SUSTAIN_TALK_CODES, NEUTRAL_CLIENT_CODE)
_UNCODED_LABEL = "(geen code)"

# ======================================================================================
# The simulated client
# ======================================================================================

#: Response type of the simulator -> the MITI code it gets. A summary is coded as a
#: (complex) reflection in the MITI 4.2.1.
RESPONSE_TYPES: dict[str, str] = {
    "open_question": "Q",
    "closed_question": "Q",
    "simple_reflection": "SR",
    "complex_reflection": "CR",
    "summary": "CR",
    "affirmation": "AF",
    "seek_collaboration": "SEEK",
    "emphasize_autonomy": "EMPHASIZE",
    "advice_with_permission": "PERSUADE_WITH_PERMISSION",
    "giving_information": "GI",
    "advice_without_permission": "PERSUADE",
    "confrontation": "CONFRONT",
}
#: Dutch names of the response types, for feedback and trainers (never shown as a hint).
RESPONSE_LABELS: dict[str, str] = {
    "open_question": "open vraag",
    "closed_question": "gesloten vraag",
    "simple_reflection": "eenvoudige reflectie",
    "complex_reflection": "complexe reflectie",
    "summary": "samenvatting",
    "affirmation": "bevestiging",
    "seek_collaboration": "samenwerking zoeken",
    "emphasize_autonomy": "autonomie benadrukken",
    "advice_with_permission": "advies met toestemming",
    "giving_information": "informatie geven",
    "advice_without_permission": "advies zonder toestemming",
    "confrontation": "confrontatie",
}
#: Dutch names of the MITI 4.2.1 behaviour codes (moyers2014miti; miti-nl), as chapter 4 uses them.
MITI_LABELS: dict[str, str] = {
    "GI": "Informatie geven",
    "PERSUADE": "Overtuigen",
    "PERSUADE_WITH_PERMISSION": "Overtuigen met toestemming",
    "Q": "Vraag",
    "SR": "Eenvoudige reflectie",
    "CR": "Complexe reflectie",
    "AF": "Bevestigen",
    "SEEK": "Samenwerking zoeken",
    "EMPHASIZE": "Autonomie benadrukken",
    "CONFRONT": "Confronteren",
}
# DARN-CAT (miller2013mi) in the Dutch words of chapter 3.
_TALK_SORTS = {"D": "wens", "A": "vermogen", "R": "reden", "N": "noodzaak", "C": "toezegging",
               "AT": "bereidheid", "TS": "stappen gezet"}
#: Dutch names of the client codes: change talk, sustain talk (DARN-CAT) and neutral.
CLIENT_LABELS: dict[str, str] = {
    **{code: f"Verandertaal: {_TALK_SORTS[code[:-1]]} ({code})" for code in CHANGE_TALK_CODES},
    **{code: f"Behoudtaal: {_TALK_SORTS[code[:-1]]} ({code})" for code in SUSTAIN_TALK_CODES},
    NEUTRAL_CLIENT_CODE: f"Neutraal ({NEUTRAL_CLIENT_CODE})",
}
#: MI-consistent responses (miller2013mi; MITI 4.2.1: reflections, open questions, and the
#: MI-adherent AF, SEEK, EMPHASIZE, and persuading with permission).
MI_CONSISTENT: tuple[str, ...] = (
    "open_question", "simple_reflection", "complex_reflection", "summary", "affirmation",
    "seek_collaboration", "emphasize_autonomy", "advice_with_permission",
)
#: MI-inconsistent responses: the MI-non-adherent codes PERSUADE and CONFRONT.
MI_INCONSISTENT: tuple[str, ...] = ("advice_without_permission", "confrontation")
# The rest (closed questions, giving information) is neutral in the MITI: not counted as
# adherent or non-adherent.

#: The moves that can take a ready client into planning: a recapitulating summary or an
#: open key question ("Wat zou een eerste stap kunnen zijn?"), the transition to planning
#: in miller2013mi. No other move, and so no run of reflections, enters planning.
PLANNING_MOVES: tuple[str, ...] = ("summary", "open_question")

#: The four processes of MI (miller2013mi), in the order they build on each other.
PROCESSES: tuple[str, ...] = ("engageren", "focussen", "ontlokken", "plannen")
#: The kinds of client talk the simulator answers with (onenigheid = discord).
TALK_KINDS: tuple[str, ...] = ("verandertaal", "behoudtaal", "onenigheid", "neutraal")

#: Readiness to change, a fraction from 0 (not at all) to 1 (ready to act).
READINESS = Interval(0, 1)
#: Discord in the relationship, from 0 (none) to 1 (open conflict).
DISCORD = Interval(0, 1)
#: How important the change is to the client, the 0-10 ruler of miller2013mi.
IMPORTANCE = Interval(0, 10, unit="punten")
#: How confident the client is that the change will work, the 0-10 ruler of miller2013mi.
CONFIDENCE = Interval(0, 10, unit="punten")

# --- How likely each kind of talk is ------------------------------------------------
# The weight of each talk kind is the move's weight below times a term from the state; the
# four are normalised into probabilities. Directions from apodaca2016sequential (which move
# is followed by more or less change talk and sustain talk), moyers2006therapist and
# magill2018 (MI-inconsistent moves: more sustain talk and resistance, not more change
# talk); the values are the course's choice.
#: Response type -> weights of (change talk, sustain talk, discord, neutral).
TALK_WEIGHTS: dict[str, tuple[float, float, float, float]] = {
    # Open questions and reflections evoke both change talk and sustain talk.
    "open_question": (1.2, 1.0, 0.3, 0.5),
    "simple_reflection": (1.1, 1.0, 0.2, 0.5),
    # A complex reflection adds meaning and can reflect the change side of ambivalence: the
    # largest weight on change talk (miller2013mi), still a real chance of sustain talk.
    "complex_reflection": (1.5, 1.0, 0.2, 0.4),
    "summary": (1.5, 0.8, 0.2, 0.4),
    # Affirmations: more change talk and less sustain talk.
    "affirmation": (1.3, 0.5, 0.2, 0.6),
    "seek_collaboration": (1.2, 0.8, 0.2, 0.5),
    # Emphasizing autonomy lowers the need to defend the status quo (miller2013mi).
    "emphasize_autonomy": (1.3, 0.8, 0.1, 0.5),
    "advice_with_permission": (1.0, 0.8, 0.3, 0.6),
    # Closed questions and information: less change and less sustain talk, mostly neutral.
    "closed_question": (0.5, 0.5, 0.4, 1.2),
    "giving_information": (0.6, 0.5, 0.4, 1.2),
    # MI-inconsistent moves: sustain talk and discord (the righting reflex meets resistance).
    "advice_without_permission": (0.4, 1.4, 1.0, 0.5),
    "confrontation": (0.2, 1.6, 1.6, 0.3),
}
#: Floor of the state terms, so that no talk kind ever has probability 0: even a ready
#: client can voice sustain talk and even a calm one discord (ambivalence is normal).
TALK_FLOOR = 0.2
#: Weights of readiness, importance and confidence in the client's motivation, which makes
#: change talk more and sustain talk less likely ("ready, willing and able", miller2013mi).
MOTIVATION_WEIGHTS = (0.6, 0.2, 0.2)

# --- How the state changes ------------------------------------------------------------
#: Response type -> (readiness, discord, confidence) change caused by the move itself.
#: Readiness: MI-consistent moves help a little, complex reflections and summaries most;
#: neutral moves do nothing; MI-inconsistent moves push back (moyers2006therapist).
#: Discord: reflecting and emphasizing autonomy soften it, confronting and unasked advice
#: raise it (miller2013mi on discord). Confidence: affirmations build self-efficacy.
MOVE_EFFECTS: dict[str, tuple[float, float, float]] = {
    "open_question": (0.02, -0.03, 0.0),
    "simple_reflection": (0.02, -0.05, 0.0),
    "complex_reflection": (0.04, -0.07, 0.0),
    "summary": (0.04, -0.05, 0.1),
    "affirmation": (0.02, -0.05, 0.4),
    "seek_collaboration": (0.02, -0.06, 0.1),
    "emphasize_autonomy": (0.03, -0.08, 0.2),
    "advice_with_permission": (0.02, -0.02, 0.1),
    "closed_question": (0.0, 0.0, 0.0),
    "giving_information": (0.0, 0.01, 0.0),
    "advice_without_permission": (-0.04, 0.10, -0.2),
    "confrontation": (-0.05, 0.15, -0.3),
}
#: Talk kind -> (readiness, discord, importance, confidence) change. Hearing oneself argue
#: for change moves readiness (change talk mediates, moyers2009causal); sustain talk and
#: discord move it back (sustain talk predicts a worse outcome, magill2018).
TALK_EFFECTS: dict[str, tuple[float, float, float, float]] = {
    "verandertaal": (0.08, -0.02, 0.4, 0.2),
    "behoudtaal": (-0.03, 0.0, -0.2, -0.1),
    "onenigheid": (-0.04, 0.05, 0.0, 0.0),
    "neutraal": (0.0, 0.0, 0.0, 0.0),
}
#: Discord brakes progress: a gain in readiness is multiplied by 1 - DISCORD_BRAKE x
#: discord. Engaging comes before evoking (miller2013mi); the value is the course's choice.
DISCORD_BRAKE = 0.5

# --- The processes ----------------------------------------------------------------------
#: At this discord or more the conversation is not engaged: it falls back towards engaging.
ENGAGED_DISCORD = 0.4
#: From this readiness the conversation can move on to evoking (ontlokken).
EVOKING_READINESS = 0.35
#: From this readiness, with discord below :data:`PLANNING_DISCORD`, a move in
#: :data:`PLANNING_MOVES` takes the conversation into planning. Once there, it stays while
#: readiness is at least :data:`EVOKING_READINESS` and the client engaged.
PLANNING_READINESS = 0.6
#: Planning starts only with little discord.
PLANNING_DISCORD = 0.25

#: The fewest turns of a scenario (the course's simulations are ten turns or more).
MIN_TURNS = 10
_OPTIONS = Interval(3, 4, unit="opties")

#: The folder of the scenario files, ``modules/data/mgv/<key>.toml``.
DATA_DIR = Path(__file__).resolve().parent / "data" / "mgv"
#: The short coded transcript of the coding exercise (our own writing).
CODING_EXERCISE = DATA_DIR / "codeeroefening.csv"


# ======================================================================================
# Scoring
# ======================================================================================


@dataclass(frozen=True)
class SummaryScore:
    """One MITI summary score with its rating.

    Parameters
    ----------
    value : float, int or None
        The score; None if it is not defined (no reflections, or no questions).
    rating : str or None
        ``"goed"``, ``"redelijk"`` or ``"onder de drempel"`` against :data:`THRESHOLDS`;
        None if the score has no threshold or no value.
    label : str
        Dutch display name.

    Examples
    --------
    >>> SummaryScore(0.5, "goed", "Percentage complexe reflecties").rating
    'goed'
    """

    value: float | int | None
    rating: str | None
    label: str


def _rating(key: str, value: float | None) -> str | None:
    if value is None or key not in THRESHOLDS:
        return None
    fair, good = THRESHOLDS[key]
    if value >= good:
        return "goed"
    if value >= fair:
        return "redelijk"
    return "onder de drempel"


def _check_counts(counts: object) -> dict[str, int]:
    if isinstance(counts, pd.Series):
        counts = counts.to_dict()
    if not isinstance(counts, Mapping):
        raise InvalidType("counts", "'counts' moet per MITI-code een aantal geven (bijvoorbeeld "
                                    f"{{'SR': 6, 'CR': 4, 'Q': 5}}); ontvangen: {type(counts).__name__}.")
    for code in counts:
        if code not in MITI_CODES:
            raise InvalidInput("counts", f"'counts' bevat een onbekende code {format_value(code)}; "
                                         f"toegestaan: {', '.join(MITI_CODES)}.")
    return {code: check_integer(code, counts[code], _COUNT) if code in counts else 0 for code in MITI_CODES}


def _check_globals(scores: object) -> dict[str, float]:
    if not isinstance(scores, Mapping):
        raise InvalidType("global_scores", "'global_scores' moet per globale score een cijfer geven; "
                                           f"ontvangen: {type(scores).__name__}.")
    unknown = [key for key in scores if key not in GLOBAL_KEYS]
    if unknown:
        raise InvalidInput("global_scores", f"'global_scores' bevat een onbekende score "
                                            f"{format_value(unknown[0])}; toegestaan: {', '.join(GLOBAL_KEYS)}.")
    missing = [key for key in GLOBAL_KEYS if key not in scores]
    if missing:
        raise InvalidInput("global_scores", f"'global_scores' mist {', '.join(missing)}; geef alle vier "
                                            f"de globale scores ({', '.join(GLOBAL_KEYS)}), elk in "
                                            f"{GLOBAL_SCORE.describe()}.")
    return {key: check_number(key, scores[key], GLOBAL_SCORE) for key in GLOBAL_KEYS}


def miti_summary(counts: Mapping[str, int],
                 global_scores: Mapping[str, float] | None = None) -> dict[str, SummaryScore]:
    """The summary scores of the MITI 4.2.1, each with its rating against the thresholds.

    Technical global = (cultivating change talk + softening sustain talk) / 2; relational
    global = (partnership + empathy) / 2; percentage complex reflections = CR / (SR + CR);
    reflection-to-question ratio = (SR + CR) / Q; total MI-adherent = SEEK + AF + EMPHASIZE;
    total MI-non-adherent = CONFRONT + PERSUADE (moyers2014miti).

    Parameters
    ----------
    counts : mapping of str to int
        Number of utterances per behaviour code (keys from :data:`MITI_CODES`), each a whole
        number, 0 or more; a missing code counts 0. A pandas Series such as
        ``value_counts()`` is accepted too.
    global_scores : mapping of str to float, optional
        The four global ratings (keys :data:`GLOBAL_KEYS`), each in [1, 5]. Without them
        the two global summary scores are left out.

    Returns
    -------
    dict of str to SummaryScore
        In this order: ``technical_global`` and ``relational_global`` (only with global
        scores), ``percent_complex_reflections`` (a fraction; None without reflections),
        ``reflection_to_question`` (None without questions), ``total_mi_adherent`` and
        ``total_mi_non_adherent`` (counts; no threshold, so no rating).

    Raises
    ------
    TypeError
        If ``counts`` or ``global_scores`` is not a mapping, or a value is not a number (a
        bool is not a number). It is also a ValueError.
    ValueError
        If a code or global score is unknown, a count is negative, not whole, NaN or
        infinite, a global score is missing or outside [1, 5].

    Examples
    --------
    >>> scores = miti_summary({"SR": 6, "CR": 4, "Q": 5, "AF": 2, "CONFRONT": 1})
    >>> scores["percent_complex_reflections"]
    SummaryScore(value=0.4, rating='redelijk', label='Percentage complexe reflecties')
    >>> scores["reflection_to_question"].value, scores["reflection_to_question"].rating
    (2.0, 'goed')
    >>> scores["total_mi_non_adherent"].value
    1
    >>> miti_summary({}, {"cultivating_change_talk": 4, "softening_sustain_talk": 3,
    ...                   "partnership": 4, "empathy": 3})["relational_global"].rating
    'redelijk'
    """
    c = _check_counts(counts)
    values: dict[str, float | int | None] = {}
    if global_scores is not None:
        g = _check_globals(global_scores)
        values["technical_global"] = (g["cultivating_change_talk"] + g["softening_sustain_talk"]) / 2
        values["relational_global"] = (g["partnership"] + g["empathy"]) / 2
    reflections = c["SR"] + c["CR"]
    values["percent_complex_reflections"] = c["CR"] / reflections if reflections else None
    values["reflection_to_question"] = reflections / c["Q"] if c["Q"] else None
    values["total_mi_adherent"] = c["SEEK"] + c["AF"] + c["EMPHASIZE"]
    values["total_mi_non_adherent"] = c["CONFRONT"] + c["PERSUADE"]
    return {key: SummaryScore(value, _rating(key, value), SUMMARY_LABELS[key]) for key, value in values.items()}


# ======================================================================================
# Transcripts
# ======================================================================================


@dataclass(frozen=True)
class TalkBalance:
    """How much change talk and sustain talk a client voiced, in total and as it went.

    Parameters
    ----------
    change_talk : int
        Number of client utterances coded as change talk (:data:`CHANGE_TALK_CODES`).
    sustain_talk : int
        Number coded as sustain talk (:data:`SUSTAIN_TALK_CODES`).
    percent_change_talk : float or None
        Change talk / (change talk + sustain talk), a fraction; None if there is neither.
    cumulative : pandas.DataFrame
        One row per client utterance, in order: ``uiting`` (1, 2, ...), ``rij`` (index
        label in the transcript), ``code``, and the running ``verandertaal``,
        ``behoudtaal`` and ``aandeel verandertaal`` (fraction; NaN while there is
        neither).

    Examples
    --------
    >>> balance = TalkBalance(3, 1, 0.75, pd.DataFrame())
    >>> balance.percent_change_talk
    0.75
    """

    change_talk: int
    sustain_talk: int
    percent_change_talk: float | None
    cumulative: pd.DataFrame


def _nfc(text: str) -> str:
    # "cliënt" typed on another system may arrive with a combining diaeresis.
    return unicodedata.normalize("NFC", text)


def _transcript_rows(transcript: object) -> list[tuple[object, str, str]]:
    """(index label, speaker, code) per row, validated; an uncoded row has code ''."""
    if not isinstance(transcript, pd.DataFrame):
        raise InvalidType("transcript", "'transcript' moet een pandas DataFrame zijn met de kolommen spreker, "
                                        f"uiting en code; ontvangen: {type(transcript).__name__}.")
    missing = [column for column in ("spreker", "uiting", "code") if column not in transcript.columns]
    if missing:
        raise InvalidInput("transcript", f"'transcript' mist de kolom {missing[0]!r}; nodig zijn de kolommen "
                                         "spreker, uiting en code.")
    rows = []
    for label, speaker, code in zip(transcript.index, transcript["spreker"], transcript["code"]):
        speaker = _nfc(speaker.strip()) if isinstance(speaker, str) else speaker
        if speaker not in SPEAKERS:
            raise InvalidInput("spreker", f"'spreker' in de rij met index {label!r} moet 'hulpverlener' of "
                                          f"'cliënt' zijn; ontvangen: {format_value(speaker)}.")
        if code is None or (isinstance(code, float) and math.isnan(code)):
            code = ""
        if not isinstance(code, str):
            raise InvalidType("code", f"'code' in de rij met index {label!r} moet tekst zijn; "
                                      f"ontvangen: {format_value(code)}.")
        code = code.strip()
        allowed = MITI_CODES if speaker == "hulpverlener" else CLIENT_CODES
        if code and code not in allowed:
            raise InvalidInput("code", f"'code' in de rij met index {label!r} ({speaker}) moet een van "
                                       f"{', '.join(allowed)} zijn, of leeg; ontvangen: {format_value(code)}.")
        rows.append((label, speaker, code))
    return rows


def load_transcript(path: str | Path) -> pd.DataFrame:
    """Read a coded transcript from a CSV file, checked as :func:`count_codes` checks it.

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV file with the columns ``spreker``, ``uiting`` and ``code``.

    Returns
    -------
    pandas.DataFrame
        Those three columns as text, stripped; an uncoded utterance has code ``""``.

    Raises
    ------
    ValueError
        If a column is missing, or a speaker or code is unknown (Dutch message).

    Examples
    --------
    >>> table = load_transcript(CODING_EXERCISE)
    >>> list(table.columns), table.loc[0, "spreker"]
    (['spreker', 'uiting', 'code'], 'hulpverlener')
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("spreker", "uiting", "code") if c not in table.columns]
    if missing:
        raise InvalidInput("path", f"Het transcript {Path(path).name} mist de kolom(men) {', '.join(missing)}; "
                                   "nodig zijn spreker, uiting en code.")
    table = table[["spreker", "uiting", "code"]].apply(lambda column: column.str.strip())
    count_codes(table)  # refuses unknown speakers and codes, in Dutch
    return table.reset_index(drop=True)


def count_codes(transcript: pd.DataFrame) -> dict[str, int]:
    """Number of counsellor utterances per MITI code in a coded transcript.

    Parameters
    ----------
    transcript : pandas.DataFrame
        Columns ``spreker`` (``"hulpverlener"`` or ``"cliënt"``), ``uiting`` (text) and
        ``code``: a MITI code for the counsellor, a client code (:data:`CLIENT_CODES`) for
        the client, or empty (``""``, None or NaN) for an uncoded utterance.

    Returns
    -------
    dict of str to int
        Every code of :data:`MITI_CODES`, in that order, with its count (0 if absent);
        ready for :func:`miti_summary`.

    Raises
    ------
    TypeError
        If ``transcript`` is not a DataFrame or a code is not text (also a ValueError).
    ValueError
        If a column is missing, a speaker is unknown, or a code does not belong to its
        speaker.

    Examples
    --------
    >>> transcript = pd.DataFrame({
    ...     "spreker": ["hulpverlener", "cliënt", "hulpverlener", "cliënt"],
    ...     "uiting": ["Wat brengt je hier?", "Mijn huur.", "Je maakt je zorgen.", "Ja."],
    ...     "code": ["Q", "FN", "CR", "R+"]})
    >>> counts = count_codes(transcript)
    >>> counts["Q"], counts["CR"], counts["SR"]
    (1, 1, 0)
    """
    counts = dict.fromkeys(MITI_CODES, 0)
    for _, speaker, code in _transcript_rows(transcript):
        if speaker == "hulpverlener" and code:
            counts[code] += 1
    return counts


def talk_balance(transcript: pd.DataFrame) -> TalkBalance:
    """Change talk against sustain talk in a coded transcript, in total and utterance by utterance.

    Parameters
    ----------
    transcript : pandas.DataFrame
        As for :func:`count_codes`.

    Returns
    -------
    TalkBalance
        Totals, the share of change talk (a fraction; None without change or sustain talk)
        and the running counts per client utterance.

    Raises
    ------
    TypeError, ValueError
        As :func:`count_codes`.

    Examples
    --------
    >>> transcript = pd.DataFrame({
    ...     "spreker": ["cliënt", "hulpverlener", "cliënt", "cliënt"],
    ...     "uiting": ["Het lukt me niet.", "Het is zwaar.", "Ik wil wel.", "Morgen bel ik."],
    ...     "code": ["A-", "CR", "D+", "C+"]})
    >>> balance = talk_balance(transcript)
    >>> balance.change_talk, balance.sustain_talk, round(balance.percent_change_talk, 3)
    (2, 1, 0.667)
    >>> balance.cumulative["verandertaal"].tolist()
    [0, 1, 2]
    """
    change = sustain = 0
    records = []
    for label, speaker, code in _transcript_rows(transcript):
        if speaker != "cliënt":
            continue
        change += code in CHANGE_TALK_CODES
        sustain += code in SUSTAIN_TALK_CODES
        share = change / (change + sustain) if change + sustain else math.nan
        records.append({"uiting": len(records) + 1, "rij": label, "code": code, "verandertaal": change,
                        "behoudtaal": sustain, "aandeel verandertaal": share})
    columns = ["uiting", "rij", "code", "verandertaal", "behoudtaal", "aandeel verandertaal"]
    cumulative = pd.DataFrame(records, columns=columns)
    total = change + sustain
    return TalkBalance(change, sustain, change / total if total else None, cumulative)


def _check_codes(name: str, codes: object) -> list[str]:
    if isinstance(codes, pd.Series):
        codes = codes.tolist()
    if isinstance(codes, (str, bytes)) or not isinstance(codes, (Sequence, np.ndarray)):
        raise InvalidType(name, f"'{name}' moet een reeks codes zijn (bijvoorbeeld een lijst); "
                                f"ontvangen: {format_value(codes)}.")
    allowed = (*MITI_CODES, *CLIENT_CODES)
    result = []
    for position, code in enumerate(codes):
        if code is None or (isinstance(code, float) and math.isnan(code)):
            code = ""
        if not isinstance(code, str) or (code.strip() and code.strip() not in allowed):
            raise InvalidInput(name, f"'{name}' bevat op plaats {position} een onbekende code "
                                     f"{format_value(code)}; toegestaan: een MITI-code "
                                     f"({', '.join(MITI_CODES)}), een cliëntcode ({', '.join(CLIENT_CODES)}) "
                                     "of leeg.")
        result.append(code.strip())
    return result


def agreement(coding: Sequence[str], reference: Sequence[str]) -> pd.DataFrame:
    """How well a coding agrees with a reference coding of the same utterances, per code.

    Position ``i`` of both sequences is the same utterance. A code "matches" where both
    give it to the same utterance.

    Parameters
    ----------
    coding : sequence of str
        The codes given (a learner's), one per utterance: MITI codes, client codes
        (:data:`CLIENT_CODES`) or ``""`` for uncoded.
    reference : sequence of str
        The reference codes of the same utterances, same length, at least one.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (the codes that occur in either, in the order of
        :data:`MITI_CODES` then :data:`CLIENT_CODES`; ``"(geen code)"`` for uncoded), with a
        last row ``"totaal"``. Columns: ``referentie`` and ``codering`` (how often each
        gives the code), ``gelijk`` (utterances where both give it) and ``overeenstemming``
        (a fraction: ``gelijk`` over the utterances where at least one of the two gives
        the code; in the row ``totaal``, the utterances coded alike over all utterances).

    Raises
    ------
    TypeError
        If an argument is not a sequence of codes (also a ValueError).
    ValueError
        If a code is unknown, the sequences differ in length or are empty.

    Examples
    --------
    >>> table = agreement(["SR", "Q", "CR", "Q"], ["CR", "Q", "CR", "Q"])
    >>> table["overeenstemming"].to_dict()
    {'Q': 1.0, 'SR': 0.0, 'CR': 0.5, 'totaal': 0.75}
    """
    mine = _check_codes("coding", coding)
    theirs = _check_codes("reference", reference)
    if len(mine) != len(theirs):
        raise InvalidInput("coding", f"'coding' moet even lang zijn als 'reference' ({len(theirs)} codes); "
                                     f"ontvangen: {len(mine)} codes.")
    if not theirs:
        raise InvalidInput("reference", "'reference' is leeg; geef minstens één gecodeerde uiting.")
    order = [code for code in (*MITI_CODES, *CLIENT_CODES, "") if code in mine or code in theirs]
    rows = {}
    for code in order:
        in_reference = sum(c == code for c in theirs)
        in_coding = sum(c == code for c in mine)
        alike = sum(a == b == code for a, b in zip(mine, theirs))
        rows[code or _UNCODED_LABEL] = (in_reference, in_coding, alike,
                                        alike / (in_reference + in_coding - alike))
    alike = sum(a == b for a, b in zip(mine, theirs))
    rows["totaal"] = (len(theirs), len(mine), alike, alike / len(theirs))
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["referentie", "codering", "gelijk", "overeenstemming"])
    table.index.name = "code"
    return table


# ======================================================================================
# The simulated client
# ======================================================================================


@dataclass(frozen=True)
class ClientState:
    """The hidden state of the simulated client.

    Parameters
    ----------
    readiness : float
        Readiness to change, in [0, 1].
    discord : float
        Discord in the relationship, in [0, 1].
    importance : float
        Importance of the change on the 0-10 ruler.
    confidence : float
        Confidence in the change on the 0-10 ruler.
    process : str, default "engageren"
        The process the conversation is in, one of :data:`PROCESSES`.

    Raises
    ------
    TypeError
        If a value is not a number or the process not text (also a ValueError).
    ValueError
        If a value is out of range, NaN, or the process unknown.

    Examples
    --------
    >>> ClientState(0.2, 0.3, 4, 3)
    ClientState(readiness=0.2, discord=0.3, importance=4.0, confidence=3.0, process='engageren')
    """

    readiness: float
    discord: float
    importance: float
    confidence: float
    process: str = "engageren"

    def __post_init__(self) -> None:
        for name, interval in (("readiness", READINESS), ("discord", DISCORD),
                               ("importance", IMPORTANCE), ("confidence", CONFIDENCE)):
            object.__setattr__(self, name, check_number(name, getattr(self, name), interval))
        if not isinstance(self.process, str) or self.process not in PROCESSES:
            raise InvalidInput("process", f"'process' moet een van {', '.join(PROCESSES)} zijn; "
                                          f"ontvangen: {format_value(self.process)}.")


def _check_response_type(response_type: object) -> str:
    if not isinstance(response_type, str) or response_type not in RESPONSE_TYPES:
        raise InvalidInput("response_type", f"'response_type' moet een van {', '.join(RESPONSE_TYPES)} zijn; "
                                            f"ontvangen: {format_value(response_type)}.")
    return response_type


def _probabilities(state: ClientState, response_type: str) -> tuple[float, float, float, float]:
    change, sustain, discord, neutral = TALK_WEIGHTS[response_type]
    w_ready, w_important, w_confident = MOTIVATION_WEIGHTS
    motivation = (w_ready * state.readiness + w_important * state.importance / 10
                  + w_confident * state.confidence / 10)
    weights = (change * (TALK_FLOOR + motivation), sustain * (TALK_FLOOR + 1 - motivation),
               discord * (TALK_FLOOR + state.discord), neutral)
    total = sum(weights)
    return tuple(w / total for w in weights)  # type: ignore[return-value]


def talk_probabilities(state: ClientState, response_type: str) -> dict[str, float]:
    """The chance of each kind of client talk after a response, before the draw.

    Each kind gets the weight of the response (change talk, sustain talk, discord, neutral)
    times a term of the state: motivation (readiness, importance and confidence) for change
    talk, its complement for sustain talk, discord for discord. Every term has a floor
    above 0, so every kind of talk stays possible.

    Parameters
    ----------
    state : ClientState
        The client before the response.
    response_type : str
        A key of :data:`RESPONSE_TYPES`.

    Returns
    -------
    dict of str to float
        Talk kind (:data:`TALK_KINDS`, in that order) to its probability; they add up to 1.

    Raises
    ------
    TypeError
        If ``state`` is not a ClientState (also a ValueError).
    ValueError
        If the response type is unknown.

    Examples
    --------
    >>> p = talk_probabilities(ClientState(0.5, 0.2, 5, 5), "complex_reflection")
    >>> round(p["verandertaal"], 3), round(p["behoudtaal"], 3)
    (0.471, 0.314)
    >>> p["verandertaal"] > talk_probabilities(ClientState(0.5, 0.2, 5, 5), "confrontation")["verandertaal"]
    True
    """
    return dict(zip(TALK_KINDS, _probabilities(check_instance("state", state, ClientState), _check_response_type(response_type))))


def _clip(value: float, interval: Interval) -> float:
    return min(max(value, interval.low), interval.high)


def _next_process(current: str, readiness: float, discord: float, response_type: str) -> str:
    """One step at most: forward only after a move that is not MI-inconsistent, back while discordant."""
    if discord >= ENGAGED_DISCORD:
        target = 0
    elif current == "plannen" and readiness >= EVOKING_READINESS:
        target = 3
    elif readiness >= PLANNING_READINESS and discord < PLANNING_DISCORD and response_type in PLANNING_MOVES:
        target = 3
    elif readiness >= EVOKING_READINESS:
        target = 2
    else:
        target = 1
    index = PROCESSES.index(current)
    if target > index:
        return current if response_type in MI_INCONSISTENT else PROCESSES[index + 1]
    if target < index:
        return PROCESSES[index - 1]
    return current


def _update(state: ClientState, response_type: str, talk: str) -> ClientState:
    move_readiness, move_discord, move_confidence = MOVE_EFFECTS[response_type]
    talk_readiness, talk_discord, talk_importance, talk_confidence = TALK_EFFECTS[talk]
    gain = move_readiness + talk_readiness
    if gain > 0:
        gain *= 1 - DISCORD_BRAKE * state.discord
    if response_type in MI_INCONSISTENT:
        # Hard rule: confronting or persuading never makes the client readier, whatever the
        # client happened to say (moyers2006therapist, magill2018).
        gain = min(gain, 0.0)
    readiness = _clip(state.readiness + gain, READINESS)
    discord = _clip(state.discord + move_discord + talk_discord, DISCORD)
    return ClientState(
        readiness=readiness,
        discord=discord,
        importance=_clip(state.importance + talk_importance, IMPORTANCE),
        confidence=_clip(state.confidence + move_confidence + talk_confidence, CONFIDENCE),
        process=_next_process(state.process, readiness, discord, response_type),
    )


def respond(state: ClientState, response_type: str, rng: np.random.Generator) -> tuple[ClientState, str]:
    """How the simulated client answers one counsellor response: a kind of talk and a new state.

    The kind of talk is drawn from :func:`talk_probabilities` with one draw of ``rng``;
    the new state follows from the response and the talk (module docstring: the rules and
    their sources). Pure: the same state, response and generator state give the same result.

    Parameters
    ----------
    state : ClientState
        The client before the response.
    response_type : str
        A key of :data:`RESPONSE_TYPES`.
    rng : numpy.random.Generator
        The source of randomness; exactly one number is drawn from it.

    Returns
    -------
    tuple of (ClientState, str)
        The client after the response, and the kind of talk (one of :data:`TALK_KINDS`).

    Raises
    ------
    TypeError
        If ``state`` is not a ClientState or ``rng`` not a numpy Generator (also a
        ValueError).
    ValueError
        If the response type is unknown.

    Examples
    --------
    >>> start = ClientState(0.2, 0.3, 4, 3)
    >>> after, talk = respond(start, "complex_reflection", np.random.default_rng(2))
    >>> talk, after.process
    ('verandertaal', 'focussen')
    >>> after.readiness > start.readiness and after.discord < start.discord
    True
    >>> respond(start, "confrontation", np.random.default_rng(1))[0].readiness <= start.readiness
    True
    """
    current = check_instance("state", state, ClientState)
    kind = _check_response_type(response_type)
    if not isinstance(rng, np.random.Generator):
        raise InvalidType("rng", "'rng' moet een numpy Generator zijn (numpy.random.default_rng(...)); "
                                 f"ontvangen: {type(rng).__name__}.")
    draw = rng.random()
    cumulative = 0.0
    talk = TALK_KINDS[-1]
    for name, probability in zip(TALK_KINDS, _probabilities(current, kind)):
        cumulative += probability
        if draw < cumulative:
            talk = name
            break
    return _update(current, kind, talk), talk


# ======================================================================================
# Scenarios
# ======================================================================================


@dataclass(frozen=True)
class Option:
    """One counsellor response a learner can choose in a turn.

    Parameters
    ----------
    text : str
        The response as said aloud (Dutch).
    response_type : str
        A key of :data:`RESPONSE_TYPES`; never shown to the learner.

    Examples
    --------
    >>> Option("Je maakt je zorgen over de huur.", "complex_reflection").response_type
    'complex_reflection'
    """

    text: str
    response_type: str


@dataclass(frozen=True)
class Turn:
    """One turn of a scenario: what the client says, the options, and the client's replies.

    Parameters
    ----------
    client : str
        What the client says to open the turn.
    options : tuple of Option
        The three or four responses the learner chooses from.
    replies : mapping of str to tuple of str
        Per talk kind (every one of :data:`TALK_KINDS`) one or more lines the client may
        answer with.

    Examples
    --------
    >>> turn = Turn("Ik heb geen tijd.", (Option("Je hebt het druk.", "simple_reflection"),),
    ...             {"verandertaal": ("Maar het moet wel.",)})
    >>> turn.replies["verandertaal"][0]
    'Maar het moet wel.'
    """

    client: str
    options: tuple[Option, ...]
    replies: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Scenario:
    """A simulated conversation: who the client is, how it starts, and its turns.

    Parameters
    ----------
    key : str
        The file stem in ``modules/data/mgv/`` and the key in :data:`SCENARIOS`.
    title : str
        Title (Dutch).
    description : str
        Who the client is and where the conversation takes place (Dutch).
    client_name : str
        The client's first name.
    start : ClientState
        The client at the start (process ``engageren``).
    turns : tuple of Turn
        The turns, at least :data:`MIN_TURNS`.
    link : str or None
        Another course module this scenario links to, if any.

    Examples
    --------
    >>> all(isinstance(s, Scenario) for s in SCENARIOS.values())
    True
    """

    key: str
    title: str
    description: str
    client_name: str
    start: ClientState
    turns: tuple[Turn, ...]
    link: str | None


class _Where:
    """Builds the Dutch message of a bad scenario file: the file, the field, what is wrong."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, field: str, text: str) -> InvalidInput:
        return InvalidInput(field, f"{self.source}: '{field}' {text}")

    def table(self, field: str, value: object, required: Sequence[str], optional: Sequence[str] = ()) -> dict:
        if not isinstance(value, dict):
            raise self.error(field, f"moet een tabel zijn; ontvangen: {format_value(value)}.")
        missing = [name for name in required if name not in value]
        if missing:
            raise self.error(f"{field}.{missing[0]}" if field else missing[0], "ontbreekt.")
        unknown = [name for name in value if name not in (*required, *optional)]
        if unknown:
            name = f"{field}.{unknown[0]}" if field else unknown[0]
            raise self.error(name, f"is een onbekend veld; toegestaan: {', '.join((*required, *optional))}.")
        return value

    def text(self, field: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"moet een niet-lege tekst zijn; ontvangen: {format_value(value)}.")
        return value.strip()

    def texts(self, field: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.error(field, f"moet een lijst met minstens één tekst zijn; ontvangen: {format_value(value)}.")
        return tuple(self.text(f"{field}[{number}]", line) for number, line in enumerate(value, start=1))


def _parse_scenario(data: dict, key: str, source: str) -> Scenario:
    where = _Where(source)
    top = where.table("", data, ("titel", "beschrijving", "client", "start", "beurt"), ("koppeling",))
    start_table = where.table("start", top["start"], ("readiness", "discord", "importance", "confidence"))
    try:
        start = ClientState(**start_table)
    except ValueError as error:
        raise where.error(f"start.{error.parameter}", str(error).split(" ", 1)[1]) from error
    turns_data = top["beurt"]
    if not isinstance(turns_data, list) or len(turns_data) < MIN_TURNS:
        count = len(turns_data) if isinstance(turns_data, list) else 0
        raise where.error("beurt", f"moet minstens {MIN_TURNS} beurten hebben ([[beurt]]); ontvangen: {count}.")
    turns = []
    for number, turn_data in enumerate(turns_data, start=1):
        field = f"beurt[{number}]"
        turn = where.table(field, turn_data, ("client", "optie", "reacties"))
        options_data = turn["optie"]
        if not isinstance(options_data, list) or len(options_data) not in _OPTIONS:
            count = len(options_data) if isinstance(options_data, list) else 0
            raise where.error(f"{field}.optie", f"moet 3 of 4 opties hebben ([[beurt.optie]]); ontvangen: {count}.")
        options = []
        for index, option_data in enumerate(options_data, start=1):
            option_field = f"{field}.optie[{index}]"
            option = where.table(option_field, option_data, ("tekst", "type"))
            response_type = option["type"]
            if not isinstance(response_type, str) or response_type not in RESPONSE_TYPES:
                raise where.error(f"{option_field}.type", f"moet een van {', '.join(RESPONSE_TYPES)} zijn; "
                                                          f"ontvangen: {format_value(response_type)}.")
            options.append(Option(where.text(f"{option_field}.tekst", option["tekst"]), response_type))
        replies = where.table(f"{field}.reacties", turn["reacties"], TALK_KINDS)
        turns.append(Turn(
            client=where.text(f"{field}.client", turn["client"]),
            options=tuple(options),
            replies={kind: where.texts(f"{field}.reacties.{kind}", replies[kind]) for kind in TALK_KINDS},
        ))
    link = top.get("koppeling")
    return Scenario(
        key=key,
        title=where.text("titel", top["titel"]),
        description=where.text("beschrijving", top["beschrijving"]),
        client_name=where.text("client", top["client"]),
        start=start,
        turns=tuple(turns),
        link=None if link is None else where.text("koppeling", link),
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read and check one scenario file (TOML, the schema of ``modules/data/mgv/``).

    Parameters
    ----------
    path : str or pathlib.Path
        The file; its stem becomes the scenario's key.

    Returns
    -------
    Scenario
        The scenario, every field checked.

    Raises
    ------
    ValueError
        If the file cannot be read or is not TOML, a field is missing or unknown, a start
        value is out of range, a response type is unknown, there are fewer than
        :data:`MIN_TURNS` turns, a turn has fewer than 3 or more than 4 options, or a talk
        kind has no reply. The Dutch message names the file and the field (turns and
        options counted from 1).

    Examples
    --------
    >>> [load_scenario(p).key for p in sorted(DATA_DIR.glob("*.toml"))] == list(SCENARIOS)
    True
    """
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput("path", f"{file.name}: het scenario is niet te lezen: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput("path", f"{file.name}: geen geldige TOML: {error}") from error
    return _parse_scenario(data, file.stem, file.name)


def load_scenarios(folder: str | Path | None = None) -> dict[str, Scenario]:
    """Every scenario in a folder (``*.toml``), keyed by file stem, sorted by key.

    Parameters
    ----------
    folder : str or pathlib.Path, optional
        The folder; default :data:`DATA_DIR`. A folder that does not exist holds none.

    Returns
    -------
    dict of str to Scenario
        Key to scenario, in sorted order of the keys.

    Raises
    ------
    ValueError
        As :func:`load_scenario`, for the first bad file.

    Examples
    --------
    >>> list(load_scenarios()) == list(SCENARIOS)
    True
    """
    where = DATA_DIR if folder is None else Path(folder)
    if not where.is_dir():
        return {}
    return {file.stem: load_scenario(file) for file in sorted(where.glob("*.toml"))}


#: The scenarios of ``modules/data/mgv/``, checked when the module is imported; key (file
#: stem) to scenario, sorted by key.
SCENARIOS: dict[str, Scenario] = load_scenarios()


# ======================================================================================
# Conversations
# ======================================================================================


@dataclass(frozen=True)
class Step:
    """One turn of a simulated conversation.

    Parameters
    ----------
    turn : int
        The turn's number, from 1.
    option : Option
        The response the learner chose.
    code : str
        Its MITI code (:data:`RESPONSE_TYPES`).
    talk : str
        The kind of client talk that followed (:data:`TALK_KINDS`).
    reply : str
        What the client said.
    before : ClientState
        The client before the response.
    after : ClientState
        The client after it.

    Examples
    --------
    >>> start = ClientState(0.2, 0.3, 4, 3)
    >>> step = Step(1, Option("Wat speelt er?", "open_question"), "Q", "neutraal", "Van alles.", start, start)
    >>> step.code
    'Q'
    """

    turn: int
    option: Option
    code: str
    talk: str
    reply: str
    before: ClientState
    after: ClientState


@dataclass(frozen=True)
class Conversation:
    """A conversation so far: the learner's choices in a scenario, replayed for a seed.

    Parameters
    ----------
    scenario : str
        The scenario's key.
    seed : int
        The seed the conversation was replayed with.
    steps : tuple of Step
        The turns played, in order.
    finished : bool
        Whether every turn of the scenario was played.
    final : ClientState
        The client after the last step (the start state if there is none).

    Examples
    --------
    >>> Conversation("proef", 0, (), False, ClientState(0.2, 0.3, 4, 3)).final.process
    'engageren'
    """

    scenario: str
    seed: int
    steps: tuple[Step, ...]
    finished: bool
    final: ClientState


def _scenario(scenario: object) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str) and scenario in SCENARIOS:
        return SCENARIOS[scenario]
    known = ", ".join(SCENARIOS) or "(nog geen scenario's)"
    raise InvalidInput("scenario", f"'scenario' moet een Scenario zijn of een van {known}; "
                                   f"ontvangen: {format_value(scenario)}.")


_SEED = Interval(0, None)


def simulate(scenario: Scenario | str, choices: Sequence[int], seed: int = 0) -> Conversation:
    """Replay a learner's choices in a scenario: the client's talk, replies and state per turn.

    Turn ``t`` (from 0) draws from its own generator, ``numpy.random.default_rng([seed,
    t])``: the same choices and seed give the same conversation, and changing the choice
    of one turn leaves every earlier turn as it was (a rewind).

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, or a key of :data:`SCENARIOS`.
    choices : sequence of int
        Per turn, the index of the chosen option (from 0); may be shorter than the
        scenario (the conversation so far), not longer.
    seed : int, default 0
        A whole number, 0 or more.

    Returns
    -------
    Conversation
        The steps played, whether the scenario is finished and the client's final state.

    Raises
    ------
    TypeError
        If ``choices`` is not a sequence of whole numbers or ``seed`` not a number (also a
        ValueError).
    ValueError
        If the scenario is unknown, there are more choices than turns, a choice is not an
        option of its turn, or the seed is negative or not whole.

    Examples
    --------
    >>> turns = tuple(Turn("...", (Option("Je twijfelt.", "complex_reflection"),
    ...                           Option("Je moet gewoon bellen.", "advice_without_permission"),
    ...                           Option("Heb je gebeld?", "closed_question")),
    ...                    {kind: (kind,) for kind in TALK_KINDS}) for _ in range(10))
    >>> proef = Scenario("proef", "Proef", "Een proef.", "Sam", ClientState(0.2, 0.3, 4, 3), turns, None)
    >>> conversation = simulate(proef, [0, 0, 1], seed=7)
    >>> [step.code for step in conversation.steps], conversation.finished
    (['CR', 'CR', 'PERSUADE'], False)
    >>> simulate(proef, [0, 0, 2], seed=7).steps[:2] == conversation.steps[:2]
    True
    """
    played = _scenario(scenario)
    number = check_integer("seed", seed, _SEED)
    if isinstance(choices, (str, bytes)) or not isinstance(choices, (Sequence, np.ndarray)):
        raise InvalidType("choices", "'choices' moet een reeks keuzes zijn (per beurt het nummer van de optie, "
                                     f"vanaf 0); ontvangen: {format_value(choices)}.")
    if len(choices) > len(played.turns):
        raise InvalidInput("choices", f"'choices' heeft {len(choices)} keuzes, maar het scenario "
                                      f"{played.key!r} heeft maar {len(played.turns)} beurten.")
    state = played.start
    steps = []
    for index, (turn, choice) in enumerate(zip(played.turns, choices)):
        picked = check_integer(f"choices[{index}]", choice, Interval(0, len(turn.options) - 1))
        option = turn.options[picked]
        rng = np.random.default_rng([number, index])
        after, talk = respond(state, option.response_type, rng)
        lines = turn.replies[talk]
        reply = lines[int(rng.integers(len(lines)))]
        steps.append(Step(index + 1, option, RESPONSE_TYPES[option.response_type], talk, reply, state, after))
        state = after
    return Conversation(played.key, number, tuple(steps), len(steps) == len(played.turns), state)


# ======================================================================================
# Looking back
# ======================================================================================


@dataclass(frozen=True)
class Feedback:
    """Feedback on a simulated conversation: MITI scores of the choices and a Dutch message.

    Parameters
    ----------
    summary : dict of str to SummaryScore
        :func:`miti_summary` of the learner's choices (no global scores).
    counts : dict of str to int
        MITI code counts of the choices (every code of :data:`MITI_CODES`).
    key_turns : tuple of Step
        Up to three steps with the largest change in readiness (in absolute value, not 0),
        in turn order.
    reached_planning : bool
        Whether the conversation reached the process ``plannen``.
    message : str
        Dutch feedback for the learner, ending with a next step.

    Examples
    --------
    >>> Feedback({}, dict.fromkeys(MITI_CODES, 0), (), False, "Kies een antwoord.").reached_planning
    False
    """

    summary: dict[str, SummaryScore]
    counts: dict[str, int]
    key_turns: tuple[Step, ...]
    reached_planning: bool
    message: str


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100)} %"


def _turn_list(numbers: Sequence[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _message(conversation: Conversation, summary: dict[str, SummaryScore],
             key_turns: tuple[Step, ...], planning_turn: int | None) -> str:
    steps = conversation.steps
    if not steps:
        return ("Je hebt nog geen antwoord gekozen. Volgende stap: kies bij beurt 1 een antwoord en kijk "
                "hoe de cliënt reageert.")
    start, end = steps[0].before, conversation.final
    parts = [f"Na {len(steps)} {'beurt' if len(steps) == 1 else 'beurten'} ging de bereidheid van de cliënt "
             f"van {_percent(start.readiness)} naar {_percent(end.readiness)}."]
    if planning_turn is not None:
        parts.append(f"In beurt {planning_turn} kwam het gesprek in de fase plannen.")
    else:
        parts.append(f"Het gesprek is nu in de fase {end.process}; de fase plannen is niet bereikt.")
    if key_turns:
        parts.append(f"De grootste verschuivingen zaten in beurt {_turn_list([s.turn for s in key_turns])}.")
    inconsistent = [s.turn for s in steps if s.option.response_type in MI_INCONSISTENT]
    ratio = summary["reflection_to_question"]
    complex_share = summary["percent_complex_reflections"]
    if inconsistent:
        parts.append(f"In beurt {_turn_list(inconsistent)} gaf je ongevraagd advies of confronteerde je de "
                     "cliënt; dat roept behoudtaal en onenigheid op.")
        parts.append(f"Volgende stap: ga terug naar beurt {inconsistent[0]} en kies een antwoord dat "
                     "reflecteert, de autonomie van de cliënt benadrukt of eerst om toestemming vraagt.")
    elif ratio.rating == "onder de drempel":
        parts.append("Je stelde meer vragen dan je reflecteerde. Volgende stap: beantwoord een uitspraak "
                     "eerst met een reflectie voordat je een nieuwe vraag stelt; streef naar twee reflecties "
                     "per vraag.")
    elif complex_share.rating == "onder de drempel":
        parts.append(f"Van je reflecties was {_percent(complex_share.value)} complex. Volgende stap: kies "
                     "vaker een complexe reflectie, die benoemt wat de cliënt bedoelt of voelt en niet "
                     "alleen herhaalt wat hij zegt.")
    elif planning_turn is None and not conversation.finished:
        parts.append(f"Volgende stap: ga verder met beurt {len(steps) + 1}; als de cliënt eraan toe is, vat "
                     "dan samen wat hij zelf over verandering zei en vraag: 'Wat zou een eerste stap kunnen "
                     "zijn?'")
    elif planning_turn is None:
        parts.append("Volgende stap: speel het gesprek opnieuw en vat in een van de laatste beurten samen "
                     "wat de cliënt zelf over verandering zei; stel dan een sleutelvraag, zoals 'Wat zou "
                     "een eerste stap kunnen zijn?'")
    else:
        parts.append("Volgende stap: speel het gesprek nog eens met een andere keuze in een van de "
                     "sleutelbeurten en vergelijk de twee paden.")
    return " ".join(parts)


def conversation_feedback(conversation: Conversation) -> Feedback:
    """Look back on a simulated conversation: MITI scores, key turns and a next step.

    Parameters
    ----------
    conversation : Conversation
        A conversation from :func:`simulate`.

    Returns
    -------
    Feedback
        The summary scores and counts of the learner's choices, the turns that moved
        readiness most, whether planning was reached, and a Dutch message that ends with
        "Volgende stap: ..." (first an MI-inconsistent response to undo; else too few
        reflections per question; else too few complex reflections; else how to reach
        planning or, once there, to compare another path).

    Raises
    ------
    TypeError
        If ``conversation`` is not a Conversation (also a ValueError).

    Examples
    --------
    >>> turns = tuple(Turn("...", (Option("Je twijfelt.", "complex_reflection"),
    ...                           Option("Je moet gewoon bellen.", "advice_without_permission"),
    ...                           Option("Heb je gebeld?", "closed_question")),
    ...                    {kind: (kind,) for kind in TALK_KINDS}) for _ in range(10))
    >>> proef = Scenario("proef", "Proef", "Een proef.", "Sam", ClientState(0.2, 0.3, 4, 3), turns, None)
    >>> feedback = conversation_feedback(simulate(proef, [0, 1, 0], seed=7))
    >>> feedback.counts["CR"], feedback.counts["PERSUADE"], feedback.reached_planning
    (2, 1, False)
    >>> "Volgende stap: ga terug naar beurt 2" in feedback.message
    True
    """
    if not isinstance(conversation, Conversation):
        raise InvalidType("conversation", "'conversation' moet een Conversation zijn (van simulate); "
                                          f"ontvangen: {type(conversation).__name__}.")
    counts = dict.fromkeys(MITI_CODES, 0)
    for step in conversation.steps:
        counts[step.code] += 1
    summary = miti_summary(counts)
    moved = [s for s in conversation.steps if s.after.readiness != s.before.readiness]
    largest = sorted(moved, key=lambda s: (-abs(s.after.readiness - s.before.readiness), s.turn))[:3]
    key_turns = tuple(sorted(largest, key=lambda s: s.turn))
    planning_turn = next((s.turn for s in conversation.steps if s.after.process == "plannen"), None)
    return Feedback(summary, counts, key_turns, planning_turn is not None,
                    _message(conversation, summary, key_turns, planning_turn))


def compare_paths(a: Conversation, b: Conversation) -> pd.DataFrame:
    """Two conversations in the same scenario side by side, turn by turn.

    Parameters
    ----------
    a : Conversation
        The first path (columns ``... A``).
    b : Conversation
        The second path (columns ``... B``), in the same scenario.

    Returns
    -------
    pandas.DataFrame
        One row per turn played in either, with ``beurt`` (from 1); per path ``keuze``
        (the option's text), ``code`` (MITI), ``cliënttaal`` (talk kind), ``reactie`` and
        ``bereidheid`` (readiness after the turn), as ``keuze A``, ``keuze B`` and so on
        (None or NaN where a path is shorter); and ``andere keuze``: whether the two chose
        differently in that turn. The first differing turn is the first row where
        ``andere keuze`` is True.

    Raises
    ------
    TypeError
        If an argument is not a Conversation (also a ValueError).
    ValueError
        If the two are in different scenarios.

    Examples
    --------
    >>> turns = tuple(Turn("...", (Option("Je twijfelt.", "complex_reflection"),
    ...                           Option("Je moet gewoon bellen.", "advice_without_permission"),
    ...                           Option("Heb je gebeld?", "closed_question")),
    ...                    {kind: (kind,) for kind in TALK_KINDS}) for _ in range(10))
    >>> proef = Scenario("proef", "Proef", "Een proef.", "Sam", ClientState(0.2, 0.3, 4, 3), turns, None)
    >>> table = compare_paths(simulate(proef, [0, 0, 0]), simulate(proef, [0, 1, 0]))
    >>> table.loc[table["andere keuze"], "beurt"].tolist()
    [2]
    >>> bool(table.loc[0, "bereidheid A"] == table.loc[0, "bereidheid B"])
    True
    """
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, Conversation):
            raise InvalidType(name, f"'{name}' moet een Conversation zijn (van simulate); "
                                    f"ontvangen: {type(value).__name__}.")
    if a.scenario != b.scenario:
        raise InvalidInput("b", f"'b' moet in hetzelfde scenario zijn als 'a' ({a.scenario!r}); "
                                f"ontvangen: {b.scenario!r}.")
    rows = []
    for index in range(max(len(a.steps), len(b.steps))):
        row: dict[str, object] = {"beurt": index + 1}
        pair = [path.steps[index] if index < len(path.steps) else None for path in (a, b)]
        for column, get in (("keuze", lambda s: s.option.text), ("code", lambda s: s.code),
                            ("cliënttaal", lambda s: s.talk), ("reactie", lambda s: s.reply),
                            ("bereidheid", lambda s: s.after.readiness)):
            for label, step in zip("AB", pair):
                row[f"{column} {label}"] = None if step is None else get(step)
        first, second = pair
        row["andere keuze"] = first is None or second is None or first.option != second.option
        rows.append(row)
    columns = ["beurt"] + [f"{c} {label}" for c in ("keuze", "code", "cliënttaal", "reactie", "bereidheid")
                           for label in "AB"] + ["andere keuze"]
    table = pd.DataFrame(rows, columns=columns)
    for label in "AB":
        table[f"bereidheid {label}"] = table[f"bereidheid {label}"].astype(float)
    table["andere keuze"] = table["andere keuze"].astype(bool)
    return table
