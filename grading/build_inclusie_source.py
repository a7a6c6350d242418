"""Write the nbgrader source assignment of the inclusie module, "Wie wordt het slechtst bediend?".

``python -m grading.build_inclusie_source`` writes ``solutions/inclusie/inclusie-opdracht.ipynb``
and ``solutions/inclusie/hulptrajecten.csv``, the dataset the notebook reads. The dataset is
synthetic: the builder makes it with ``modules.inclusie.simulate_pathways`` for one fixed
organisation (``SUPPORT``: three separate counters one after another, four weeks of waiting
per counter, no outreach), ``HOUSEHOLDS`` households and the seed ``SEED``; it gives the
groups their Dutch names, numbers the households, shuffles the rows and rounds the days to
whole days (``dataset``). So the dataset is reproducible and always what the model makes:
a change of the model that changes it changes ``solutions/`` and ``exercises/`` too
(``tests/test_release_sync.py``), and every sentence of the assignment that states a
conclusion is checked against the dataset with ``_require``.

The notebook is generated rather than edited by hand so that every figure in it comes from
``modules.inclusie`` and the dataset, and every test cell has the same shape. This file holds
only the module's content: the dataset and its documentation, the tasks, the answers and
the model answers, and the checks that what they say still holds. The test cells of parts A
to C (the visible and hidden asserts) are data, in ``grading/checks/inclusie.toml``; the
figures and tables they name come from ``check_values``. The cells, the nbgrader metadata,
the "write it yourself" guard, the points bookkeeping and the command line are shared, in
``grading/assignment_builder.py``. After a change, run this script and then
``python -m grading.release inclusie`` (``tests/test_release_sync.py`` checks that
``solutions/`` and ``exercises/`` equal what they make).

The parts: A the drop-out per group among the households that applied
(``uitval_per_groep``, 3 points), B the median days to help per group among the households
helped and the gap to the fastest group (``wachttijd_per_groep``, 3 points), C the group
worst served: the smallest share helped of all its entitled households, so that non-take-up
and drop-out both count (``slechtst_bediend``, 2 points); 8 points of code, each function
written by the learner and guarded against ``modules.inclusie``. D six autograded questions
on reading the outcomes (6 points; their wording is in ``grading/questions/inclusie.toml``,
their figures come from ``question_values``). E a proposal to the team, graded by hand with
the analytic rubric ``RUBRIC`` (6 points, from ``grading/rubrics/inclusie.toml``, the
criteria of ``book/inclusie/trainershandleiding-beoordeling.md``).

Grade ids (``inclusie_<part>_<check>``) must never change once the assignment has been
released: the gradebook keys every score on them.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from io import StringIO

import nbformat
import numpy as np
import pandas as pd

from grading import assignment_builder as ab
from grading.assignment_builder import number_text as _number
from grading.assignment_builder import percent_text as _percent
from grading.assignment_builder import require as _require
from modules import inclusie

ASSIGNMENT = "inclusie"
NOTEBOOK_NAME = "inclusie-opdracht.ipynb"
#: The synthetic dataset the learner reads, written next to the notebook.
CSV_NAME = "hulptrajecten.csv"
SOURCE_DIR = ab.source_dir(ASSIGNMENT)

#: The organisation that produced the dataset: separate counters, one after another.
SUPPORT = inclusie.Support(loketten=3, coordinator=False, wachttijd=28.0, outreach=0.0)
#: The households of the dataset, and the seed of the simulation (and of the shuffle).
HOUSEHOLDS = 1_000
SEED = 29
#: The columns of the dataset, in order (the documentation cell explains each).
COLUMNS = ("huishouden", "groep", "aangevraagd", "loketten", "intakes", "overdrachten", "wachtdagen",
           "uitgevallen", "geholpen", "dagen_tot_hulp")
#: Question D6: runs of the model at the dataset's size behind the band of chance.
BAND_RUNS = 100
BAND_SEED = 1_000
#: Question D6: a small group, and the group whose drop-out a colleague compares it with.
SMALL, COMPARED = "zzp", "jongere"
#: Question D1: how far an answer may lie from the ratio (so one decimal is enough).
RATIO_TOLERANCE = 0.05

#: Every hidden block of parts A to C starts with this: a learner whose function uses
#: modules.inclusie (directly, through an alias or through a helper of their own) gets no
#: points for it. The learning goal is reading the table per group with pandas.
NO_INCLUSIE = ab.no_helper_guard(("modules", "inclusie"))

#: Group key -> the Dutch name the dataset uses.
NAMES: dict[str, str] = {key: group.naam for key, group in inclusie.GROUPS.items()}


# ------------------------------------------------------------------ the dataset


@lru_cache(maxsize=1)
def dataset_csv_text() -> str:
    """The synthetic dataset of the assignment, exactly as ``solutions/`` holds it."""
    table = inclusie.simulate_pathways(SUPPORT, households=HOUSEHOLDS, seed=SEED)
    table["groep"] = table["groep"].map(NAMES)
    order = np.random.default_rng(SEED).permutation(len(table))
    table = table.iloc[order].reset_index(drop=True)
    table.insert(0, "huishouden", np.arange(1, len(table) + 1))
    for column in ("wachtdagen", "dagen_tot_hulp"):
        table[column] = table[column].round().astype("Int64")
    return table[list(COLUMNS)].to_csv(index=False, lineterminator="\n")


def read_dataset() -> pd.DataFrame:
    """The dataset as the notebook reads it: ``pd.read_csv`` with no options."""
    return pd.read_csv(StringIO(dataset_csv_text()))


# ------------------------------------------------------------------ figures from the model
#
# Every figure in the assignment (the tests, the questions, the model answer) is computed
# here from modules.inclusie and the dataset when the builder runs. Where a sentence states
# a conclusion, ``_require`` checks it, so a change of the model that makes the sentence
# untrue stops the build.


@dataclass(frozen=True)
class CaseFacts:
    """What the assignment and its model answers say about the dataset, from the model."""

    table: pd.DataFrame
    #: per group name: households, applicants and the shares of part A, B and C
    households: pd.Series
    applicants: pd.Series
    dropout: pd.Series
    days: pd.DataFrame
    helped: pd.Series
    non_take_up: pd.Series
    total_dropout: float
    #: drop-out per group name of the same households with one plan and one coordinator
    plan_dropout: pd.Series
    #: drop-out of the small group at the dataset's size over many runs: (low, high)
    band: tuple[float, float]

    @property
    def worst(self) -> str:
        """The group with the highest drop-out."""
        return str(self.dropout.idxmax())

    @property
    def best(self) -> str:
        """The group with the lowest drop-out."""
        return str(self.dropout.idxmin())

    @property
    def worst_served(self) -> str:
        """Part C: the smallest share helped of all its households."""
        return str(self.helped.idxmin())

    @property
    def longest_wait(self) -> str:
        """The group with the longest median days to help."""
        return str(self.days["dagen"].idxmax())

    @property
    def ratio(self) -> float:
        """Question D1: the drop-out of the worst group over that of the best."""
        return float(self.dropout[self.worst] / self.dropout[self.best])

    @property
    def ratio_all_households(self) -> float:
        """Question D1's typical mistake: the same ratio with all households as denominator."""
        t = self.table
        wrong = t.groupby("groep")["uitgevallen"].mean()
        return float(wrong[self.worst] / wrong[self.best])


def case_facts() -> CaseFacts:
    """Figures of the dataset, each checked against the sentences that use it."""
    table = read_dataset()
    _require(tuple(table.columns) == COLUMNS and len(table) == HOUSEHOLDS, "the dataset has its columns and size")
    _require(set(table["groep"]) == set(NAMES.values()), "every group is in the dataset, by its Dutch name")
    _require(bool((table["geholpen"] == table["dagen_tot_hulp"].notna()).all()),
             "a household has days to help exactly when it was helped")
    _require(bool((table["aangevraagd"] == (table["geholpen"] | table["uitgevallen"])).all()
                  and not (table["geholpen"] & table["uitgevallen"]).any()),
             "every household applied and was helped or dropped out, or did not apply")
    applicants = table[table["aangevraagd"]]
    households = table.groupby("groep").size()
    dropout = inclusie.rates_by_group(applicants, "uitgevallen")["aandeel"]
    days = inclusie.days_gap(table)
    helped = inclusie.rates_by_group(table, "geholpen")["aandeel"]
    non_take_up = 1.0 - inclusie.rates_by_group(table, "aangevraagd")["aandeel"]

    plan_support = replace(SUPPORT, coordinator=True)
    plan = inclusie.simulate_pathways(plan_support, households=HOUSEHOLDS, seed=SEED)
    los = inclusie.simulate_pathways(SUPPORT, households=HOUSEHOLDS, seed=SEED)
    _require(bool((plan["aangevraagd"] == los["aangevraagd"]).all()),
             "with one plan the same households apply: non-take-up does not change (D5)")
    plan = plan.assign(groep=plan["groep"].map(NAMES))
    plan_dropout = inclusie.rates_by_group(plan[plan["aangevraagd"]], "uitgevallen")["aandeel"]
    bands = inclusie.pathway_bands(SUPPORT, households=HOUSEHOLDS, runs=BAND_RUNS, seed=BAND_SEED)
    row = bands[(bands["groep"] == SMALL) & (bands["maat"] == "uitval")].iloc[0]

    f = CaseFacts(
        table=table, households=households, applicants=applicants.groupby("groep").size(), dropout=dropout,
        days=days, helped=helped, non_take_up=non_take_up, total_dropout=float(applicants["uitgevallen"].mean()),
        plan_dropout=plan_dropout, band=(float(row["laag"]), float(row["hoog"])),
    )
    worst, best = NAMES["lvb"], NAMES["een_vraag"]
    # Part C, D1, D2 and the model answer name these groups.
    _require(f.worst == worst and f.best == best, "the lvb group drops out most, the group with one question least")
    _require(f.worst_served == worst and helped.drop(worst).min() - helped[worst] > 0.05,
             "the lvb group is worst served, clearly")
    _require(bool(f.applicants.idxmax() == best), "the group with one question is the largest among the applicants (D2)")
    _require(f.total_dropout < dropout[worst] - 0.2, "the average drop-out lies far below the worst group's (D2)")
    _require(non_take_up.idxmax() == NAMES["zzp"] and non_take_up.max() - non_take_up.min() > 0.15,
             "the self-employed apply least often, and non-take-up differs between the groups (D3)")
    # D4: the longest wait is not the worst served group's.
    _require(f.longest_wait == NAMES["alleenstaande_ouder"] != f.worst_served,
             "single parents wait longest (median), but the lvb group is worst served (D4)")
    _require(helped[f.longest_wait] > helped[worst], "single parents are helped more often than the lvb group (D4)")
    # D5: what one plan with one coordinator does in the model, and how thin that evidence is.
    _require(bool((plan_dropout < dropout).all()) and plan_dropout[worst] < dropout[worst] - 0.1,
             "with one plan drop-out falls in every group, clearly in the worst (D5)")
    _require(all(inclusie.PARAMETERS[k].bewijs == "dun" and inclusie.PARAMETERS[k].status == "illustratief"
                 for k in ("warme_overdracht", "contact_tijdens_wachten")),
             "a warm handover and contact while waiting are course assumptions with thin evidence (D5)")
    # D6: the small group's drop-out is below the compared group's, and both lie in the band of chance.
    small, compared = NAMES[SMALL], NAMES[COMPARED]
    _require(bool(f.applicants.idxmin() == small) and dropout[small] < dropout[compared],
             "the self-employed are the smallest group of applicants and drop out less than the young (D6)")
    low, high = f.band
    _require(low < dropout[small] < dropout[compared] < high, "the difference lies well within the band of chance (D6)")
    # Part B: the mean differs from the median, and leaving out the households not helped matters.
    mean = inclusie.days_gap(table, statistic="gemiddelde")["dagen"]
    _require(bool((abs(mean - days["dagen"]) > 1).all()), "in every group the mean days differ from the median")
    zero = table.assign(dagen_tot_hulp=table["dagen_tot_hulp"].fillna(0)).groupby("groep")["dagen_tot_hulp"].median()
    _require(bool((zero < days["dagen"]).all()), "counting the households not helped as 0 days lowers every median")
    # D1: the ratio, rounded as the question asks, is right; the typical mistake is not.
    _require(abs(round(f.ratio, 1) - f.ratio) < RATIO_TOLERANCE - 1e-9
             and abs(f.ratio_all_households - f.ratio) > 2 * RATIO_TOLERANCE,
             "question D1 accepts the ratio rounded to one decimal, and not the ratio over all households")
    return f


# ------------------------------------------------------------------ the header and the dataset


#: The top of the opening cell; ``assemble_assignment`` adds how to work and hand in.
INTRO = """
# Opdracht inclusie: wie wordt het slechtst bediend?

In deze opdracht lees je data per groep, zoals een wijkteam of een beleidsmedewerker dat doet met de eigen registratie.
Je krijgt een dataset van hulptrajecten: van elk huishouden dat recht heeft op hulp, of het aanvroeg, of het onderweg afhaakte of geholpen werd, en hoe lang het duurde.
De dataset is synthetisch: gemaakt met het rekenmodel van de cursus, niet met gegevens van echte mensen.
Je rekent met pandas per groep de uitval en de wachttijd uit, en je zoekt de groep die het slechtst bediend wordt.
Daarna lees je de uitkomsten, en je schrijft een voorstel aan je team.
Hoe je data per groep leest, staat in hoofdstuk 4 van de module, *Wie krijgt hulp en wie valt uit*.
"""

#: What the written part asks for, in the sentence on how to work (the default is an advice).
WRITTEN_TASK = "schrijf je een voorstel aan je team"


def _groups_markdown(f: CaseFacts) -> str:
    """The groups of the dataset: name, who they are, and how many households."""
    lines = ["| groep | wie | huishoudens |", "|---|---|---:|"]
    for key, group in inclusie.GROUPS.items():
        lines.append(f"| `{group.naam}` | {group.beschrijving} | {int(f.households[group.naam])} |")
    return "\n".join(lines)


def _case_cells(f: CaseFacts) -> list:
    """The imports, the documentation of the dataset and the cell that reads it."""
    s = SUPPORT
    _require(s.loketten == 3 and not s.coordinator and s.outreach == 0 and max(g.vragen for g in inclusie.GROUPS.values()) == 3,
             "the documentation's organisation: three counters, as many as the most questions, no coordinator, no outreach")
    return [
        ab.locked_markdown("inclusie_dataset_uitleg", f"""
## De dataset

**Deze gegevens zijn synthetisch.** Ze zijn gemaakt met het rekenmodel van de cursus (`modules/inclusie.py`), niet met gegevens van echte mensen: geen enkele regel hoort bij een bestaand huishouden.
De cijfers laten zien hoe de mechanismen uit hoofdstuk 4 samenwerken (doorverwijzen, wachten, doenvermogen en niet-gebruik), niet hoe het in jouw gemeente gaat.
Veel cijfers van het model zijn aannames van de cursus; welke, staat in hoofdstuk 4.

De gegevens komen van een verzonnen gemeente met **losse loketten**: elk levensgebied waarover een huishouden een vraag heeft (geld, opvoeding, wonen ...), heeft een eigen loket, met een eigen aanmelding, een eigen wachtlijst en een eigen intake.
Een huishouden met meer vragen gaat de loketten na elkaar af, met een koude doorverwijzing ertussen, en wacht bij elk loket gemiddeld {_number(s.wachttijd, 0)} dagen op de intake.
Er is geen regisseur die het overzicht houdt, en niemand gaat actief op huishoudens af die niet aanvragen.

Het bestand `{CSV_NAME}` staat in dezelfde map als dit notebook.
Het heeft één regel per huishouden dat recht heeft op hulp, {_number(HOUSEHOLDS, 0)} huishoudens in vijf groepen.
Anders dan een echte registratie bevat het ook de huishoudens die nooit aanvroegen: een gemeente ziet die in haar eigen gegevens niet.
Gemaakt met `inclusie.simulate_pathways(inclusie.Support(loketten={s.loketten}, coordinator=False, wachttijd={_number(s.wachttijd, 0)}, outreach=0), households={HOUSEHOLDS}, seed={SEED})`; daarna zijn de groepen bij hun Nederlandse naam genoemd, de huishoudens genummerd en in willekeurige volgorde gezet, en de dagen afgerond op hele dagen.

| kolom | betekenis | eenheid |
|---|---|---|
| `huishouden` | het nummer van het huishouden | 1 tot en met {_number(HOUSEHOLDS, 0)} |
| `groep` | de groep waartoe het huishouden hoort (zie hieronder) | tekst |
| `aangevraagd` | of het huishouden hulp aanvroeg | `True` of `False` |
| `loketten` | hoeveel loketten het huishouden nodig heeft: één per levensgebied met een vraag | aantal |
| `intakes` | hoeveel intakes het huishouden kreeg | aantal |
| `overdrachten` | hoeveel doorverwijzingen naar een volgend loket het meemaakte | aantal |
| `wachtdagen` | hoe lang het huishouden in totaal wachtte op de intakes die het kreeg; 0 als het niet aanvroeg. Het wachten bij het loket waar het afhaakte, telt niet mee | dagen |
| `uitgevallen` | of het huishouden aanvroeg en onderweg afhaakte, bij een doorverwijzing of tijdens het wachten | `True` of `False` |
| `geholpen` | of het huishouden aanvroeg en bij alle loketten die het nodig had, hulp kreeg | `True` of `False` |
| `dagen_tot_hulp` | hoeveel dagen het duurde van de aanvraag tot de hulp; leeg (`NaN`) als het huishouden niet geholpen is | dagen |

Elk huishouden staat in precies één van drie situaties: het vroeg niet aan (`aangevraagd` is `False`), het viel uit (`uitgevallen` is `True`) of het werd geholpen (`geholpen` is `True`).

De vijf groepen:

{_groups_markdown(f)}

De cel hieronder leest de dataset in als de tabel `trajecten` en laat de eerste regels zien.
"""),
        ab.locked_code("inclusie_dataset", f"""
import math

import pandas as pd

trajecten = pd.read_csv("{CSV_NAME}")
trajecten.head()
"""),
    ]


# ------------------------------------------------------------------ what the test cells name
#
# The test cells of parts A to C are data, in ``grading/checks/inclusie.toml``. Where one
# needs a figure of the dataset or a table the builder makes, it names a value of
# ``check_values`` as ``$name``.

#: The other gemeente of the hidden tests: other group names (the model's keys), one plan
#: with one coordinator, two counters, longer waits and outreach, unrounded days.
OTHER_SUPPORT = inclusie.Support(loketten=2, coordinator=True, wachttijd=42.0, outreach=0.5)
OTHER_HOUSEHOLDS, OTHER_SEED = 400, 9


def _other_text() -> str:
    s = OTHER_SUPPORT
    return (f"_model.simulate_pathways(_model.Support(loketten={s.loketten}, coordinator={s.coordinator}, "
            f"wachttijd={s.wachttijd!r}, outreach={s.outreach!r}), households={OTHER_HOUSEHOLDS}, seed={OTHER_SEED})")


def _households(spec: dict[str, list[tuple[str, int]]], first: int, seed: int) -> pd.DataFrame:
    """A small table of households for the hidden tests, in shuffled order with index ``first`` on.

    ``spec`` gives per group a list of (what happened, days): ``"niet"`` (did not apply),
    ``"uit"`` (dropped out after waiting that many days) or ``"hulp"`` (helped after that
    many days).
    """
    rows = []
    for group, households in spec.items():
        for what, days in households:
            rows.append({"groep": group, "aangevraagd": what != "niet", "uitgevallen": what == "uit",
                         "geholpen": what == "hulp", "wachtdagen": days if what != "niet" else 0,
                         "dagen_tot_hulp": float(days) if what == "hulp" else None})
    table = pd.DataFrame(rows)
    table.index = range(first, first + len(table))
    return table.sample(frac=1.0, random_state=seed)


def _frame_text(table: pd.DataFrame) -> str:
    """Python text that makes ``table`` again: ``pd.DataFrame({...}, index=[...])``."""
    def values(column: pd.Series) -> str:
        return repr([None if isinstance(v, float) and math.isnan(v) else v for v in column.tolist()])
    columns = ", ".join(f"{name!r}: {values(table[name])}" for name in table.columns)
    return f"pd.DataFrame({{{columns}}}, index={list(table.index)!r})"


def _n(what: str, days: int, count: int) -> list[tuple[str, int]]:
    return [(what, days)] * count


#: Part B, inclusie_b_leeg: the days of the households helped are symmetric in every
#: group (their mean is their median), and there are households that dropped out after
#: waiting and households that never applied.
SYMMETRIC = _households({
    "Noord": [("hulp", 10), ("hulp", 20), ("hulp", 30), ("uit", 45), ("niet", 0)],
    "Zuid": [("hulp", 40), ("hulp", 50), ("hulp", 60), ("hulp", 70), ("uit", 12), ("uit", 80), ("niet", 0), ("niet", 0)],
    "Oost": [("hulp", 5), ("niet", 0)],
}, first=200, seed=1)

#: Part C, inclusie_c_ander: three tables in which a shortcut names another group. In the
#: first the group with the most drop-out (and the fewest households helped) is not the
#: worst served; in the second the group with the most non-take-up is not; in the third
#: the group with the fewest households helped is not.
WORST_SERVED_TABLES: tuple[pd.DataFrame, ...] = (
    _households({"Kern": _n("uit", 20, 1) + _n("hulp", 30, 1),
                 "Dorp": _n("niet", 0, 3) + _n("hulp", 25, 2),
                 "Stad": _n("hulp", 15, 3)}, first=300, seed=2),
    _households({"West": _n("niet", 0, 2) + _n("hulp", 20, 2),
                 "Oost": _n("niet", 0, 1) + _n("uit", 14, 3) + _n("hulp", 40, 1),
                 "Midden": _n("niet", 0, 1) + _n("uit", 7, 3) + _n("hulp", 30, 6)}, first=400, seed=3),
    _households({"Groot": _n("niet", 0, 2) + _n("uit", 10, 5) + _n("hulp", 35, 3),
                 "Klein": _n("uit", 10, 1) + _n("hulp", 35, 1),
                 "Middel": _n("niet", 0, 1) + _n("uit", 10, 1) + _n("hulp", 35, 2)}, first=500, seed=4),
)


def _shares(table: pd.DataFrame) -> dict[str, pd.Series]:
    by_group = table.groupby("groep")
    return {"geholpen": by_group["geholpen"].mean(), "niet_gebruik": 1 - by_group["aangevraagd"].mean(),
            "uitval": table[table["aangevraagd"]].groupby("groep")["uitgevallen"].mean(),
            "aantal_geholpen": by_group["geholpen"].sum()}


def check_values(f: CaseFacts) -> dict[str, str]:
    """What the test cells of ``grading/checks/inclusie.toml`` name as ``$name``, as Python text.

    The figures come from ``f`` (``case_facts()``); the header of the file lists every name.
    The tables of the hidden tests are checked here for what those tests need.
    """
    other = inclusie.simulate_pathways(OTHER_SUPPORT, households=OTHER_HOUSEHOLDS, seed=OTHER_SEED)
    for table in (other, SYMMETRIC, *WORST_SERVED_TABLES):
        _require(bool(table.groupby("groep")["geholpen"].any().all() and table.groupby("groep")["aangevraagd"].any().all()),
                 "in every table of the hidden tests each group has households that applied and households helped")
    for table in (other, *WORST_SERVED_TABLES):
        helped = table.groupby("groep")["geholpen"].mean().sort_values()
        _require(helped.iloc[1] - helped.iloc[0] > 0.05, "each table of part C's hidden tests has one worst served group")
    helped_days = SYMMETRIC[SYMMETRIC["geholpen"]].groupby("groep")["dagen_tot_hulp"]
    _require(bool((helped_days.mean() == helped_days.median()).all()),
             "in the table of inclusie_b_leeg the mean days of the households helped are their median")
    _require(bool((SYMMETRIC.assign(d=SYMMETRIC["dagen_tot_hulp"].fillna(0)).groupby("groep")["d"].median()
                   != helped_days.median()).all()),
             "counting the households not helped as 0 changes every group's median there")
    shortcuts = [_shares(table) for table in WORST_SERVED_TABLES]
    right = [s["geholpen"].idxmin() for s in shortcuts]
    _require(shortcuts[0]["uitval"].idxmax() != right[0] and shortcuts[1]["niet_gebruik"].idxmax() != right[1]
             and shortcuts[2]["aantal_geholpen"].idxmin() != right[2],
             "each table of inclusie_c_ander catches one shortcut to the worst served group")
    _require(_shares(other)["geholpen"].idxmin() != _shares(other)["uitval"].idxmax(),
             "in the other gemeente the worst served group is not the one with the most drop-out")
    return {
        "csv_name": CSV_NAME,
        "dropout": repr({str(k): float(v) for k, v in f.dropout.items()}),
        "days": repr({str(k): float(v) for k, v in f.days["dagen"].items()}),
        "worst_served": repr(f.worst_served),
        "other_gemeente": _other_text(),
        "symmetric_table": _frame_text(SYMMETRIC),
        "worst_served_tables": "[\n    " + ",\n    ".join(_frame_text(t) for t in WORST_SERVED_TABLES) + ",\n]",
    }


# ------------------------------------------------------------------ part A: drop-out per group

#: The model answer of ``uitval_per_groep`` (``tests/mistakes_inclusie.py`` derives a typical
#: mistake from it).
DROPOUT_ANSWER = '''
def uitval_per_groep(tabel):
    """Geef per groep welk deel van de huishoudens die hulp aanvroegen, onderweg uitviel.

    tabel: DataFrame met één regel per huishouden, zoals trajecten
    """
    ### BEGIN SOLUTION
    aanvragers = tabel[tabel["aangevraagd"]]
    return aanvragers.groupby("groep")["uitgevallen"].mean()
    ### END SOLUTION
'''


def _part_a(checks: ab.Checks) -> list:
    """Part A: drop-out per group among the applicants (code, guarded)."""
    cells = [
        ab.answer_code("inclusie_a_antwoord", DROPOUT_ANSWER),
        ab.plain_code("inclusie-a-controle", """
# Controleer je antwoord: de uitval per groep, van laag naar hoog.
uitval_per_groep(trajecten).sort_values()
"""),
        checks["inclusie_a_uitval"],
        checks["inclusie_a_groepen"],
        checks["inclusie_a_tabel"],
    ]
    return ab.part_cells("inclusie_a_opgave", "A", "de uitval per groep", """
Hoeveel huishoudens haken onderweg af? De **uitval** van een groep is het deel van de huishoudens die hulp aanvroegen, dat onderweg afhaakte:
het aantal huishoudens dat uitviel, gedeeld door het aantal huishoudens dat aanvroeg.
Wie nooit aanvroeg, kon ook niet uitvallen: die huishoudens tel je dus niet mee, ook niet in de noemer.

Schrijf de functie `uitval_per_groep(tabel)`.

- `tabel` is een tabel met één regel per huishouden, zoals `trajecten`, met in elk geval de kolommen `groep`, `aangevraagd` en `uitgevallen`.
- Geef een pandas `Series` terug met de groepen als index en per groep de uitval als deel van 1 (0.25 is 25 procent).
- De functie moet ook werken voor een tabel met andere groepen of regels in een andere volgorde.
- Verander de tabel zelf niet.

Schrijf de berekening zelf, met pandas (bijvoorbeeld met `groupby`): je mag hier `modules.inclusie` **niet** gebruiken, want dat rekent precies deze opgave voor je uit; de controles letten daarop.
""", cells)


# ------------------------------------------------------------------ part B: days to help per group

#: The model answer of ``wachttijd_per_groep`` (``tests/mistakes_inclusie.py`` derives
#: typical mistakes from it).
DAYS_ANSWER = '''
def wachttijd_per_groep(tabel):
    """Geef per groep de mediaan van de dagen tot hulp, en hoeveel dagen meer dat is dan bij de snelste groep.

    tabel: DataFrame met één regel per huishouden, zoals trajecten
    """
    ### BEGIN SOLUTION
    geholpen = tabel[tabel["geholpen"]]
    dagen = geholpen.groupby("groep")["dagen_tot_hulp"].median()
    return pd.DataFrame({"dagen": dagen, "verschil": dagen - dagen.min()})
    ### END SOLUTION
'''


def _part_b(checks: ab.Checks) -> list:
    """Part B: the median days to help per group, and the gap to the fastest group (code, guarded)."""
    cells = [
        ab.answer_code("inclusie_b_antwoord", DAYS_ANSWER),
        ab.plain_code("inclusie-b-controle", """
# Controleer je antwoord: de dagen tot hulp per groep, van snel naar langzaam.
wachttijd_per_groep(trajecten).sort_values("dagen")
"""),
        checks["inclusie_b_dagen"],
        checks["inclusie_b_verschil"],
        checks["inclusie_b_leeg"],
    ]
    return ab.part_cells("inclusie_b_opgave", "B", "de wachttijd per groep", """
Hoe lang duurt het voordat een huishouden hulp krijgt, per groep, en hoeveel langer duurt het in de ene groep dan in de andere?

Schrijf de functie `wachttijd_per_groep(tabel)`. Ze geeft een pandas `DataFrame` terug met de groepen als index en twee kolommen:

- `dagen`: de **mediaan** van `dagen_tot_hulp` van de huishoudens in die groep die geholpen zijn;
- `verschil`: hoeveel dagen dat meer is dan bij de snelste groep, de groep met de kleinste mediaan. Voor de snelste groep is het verschil 0.

Let op twee dingen:

- Neem de mediaan, niet het gemiddelde: een paar huishoudens die heel lang wachten, trekken het gemiddelde omhoog, maar de mediaan niet.
- Wie niet geholpen is (niet aangevraagd of uitgevallen), heeft geen dagen tot hulp: een leeg vakje, `NaN`. Laat die huishoudens weg; tel ze niet mee als 0 dagen.

Verander de tabel zelf niet. Schrijf de berekening zelf: je mag hier `modules.inclusie` **niet** gebruiken; de controles letten daarop.
""", cells)


# ------------------------------------------------------------------ part C: the group worst served

#: The model answer of ``slechtst_bediend``.
WORST_SERVED_ANSWER = '''
def slechtst_bediend(tabel):
    """Geef de naam van de groep waarin het kleinste deel van alle huishoudens geholpen werd.

    tabel: DataFrame met één regel per huishouden, zoals trajecten
    """
    ### BEGIN SOLUTION
    geholpen = tabel.groupby("groep")["geholpen"].mean()
    return geholpen.idxmin()
    ### END SOLUTION
'''


def _part_c(checks: ab.Checks) -> list:
    """Part C: the group worst served, non-take-up and drop-out both counted (code, guarded)."""
    cells = [
        ab.answer_code("inclusie_c_antwoord", WORST_SERVED_ANSWER),
        ab.plain_code("inclusie-c-controle", """
# Controleer je antwoord: welke groep wordt het slechtst bediend?
slechtst_bediend(trajecten)
"""),
        checks["inclusie_c_groep"],
        checks["inclusie_c_ander"],
    ]
    return ab.part_cells("inclusie_c_opgave", "C", "de groep die het slechtst bediend wordt", """
Welke groep wordt het slechtst bediend? Dat hangt ervan af wat je meet. De uitval uit deel A telt alleen wie aanvroeg, en de wachttijd uit deel B alleen wie geholpen werd.
Maar een huishouden dat recht heeft op hulp en haar nooit aanvroeg, is net zo goed niet geholpen.

In deze opdracht is de groep die **het slechtst bediend** wordt, de groep waarin het kleinste deel van **alle** huishoudens geholpen werd:
het aantal huishoudens met `geholpen` gelijk aan `True`, gedeeld door alle huishoudens van die groep, ook wie nooit aanvroeg.
Zo tellen niet-gebruik en uitval allebei mee.

Schrijf de functie `slechtst_bediend(tabel)`. Ze geeft de naam van die groep terug, als tekst, zoals die in de kolom `groep` staat.

- Kijk naar het deel van de groep, niet naar het aantal: de groepen zijn niet even groot.
- Verander de tabel zelf niet.

Schrijf de berekening zelf: je mag hier `modules.inclusie` **niet** gebruiken; de controles letten daarop.
""", cells)


# ------------------------------------------------------------------ part D: the questions


def _days_text(days: float) -> str:
    """A median of days the Dutch way: whole days as they are, a half day with its decimal."""
    return _number(days, 0 if float(days).is_integer() else 1)


def question_values(f: CaseFacts) -> dict[str, object]:
    """The figures of part D's questions, from the dataset's ``case_facts()`` (``ab.ReadingPart.values``).

    The names are those ``grading/questions/inclusie.toml`` uses.

    Examples
    --------
    >>> values = question_values(case_facts())
    >>> values["worst"], values["best"]
    ('Lvb of laaggeletterd', 'Eén vraag')
    """
    worst, best, small, compared = f.worst, f.best, NAMES[SMALL], NAMES[COMPARED]
    low, high = f.band
    applicants = f.applicants
    return {
        "worst": worst,
        "best": best,
        # D1, a number question: the ratio, and the same ratio over all households.
        "ratio": round(f.ratio, 4),
        "ratio_all_households": round(f.ratio_all_households, 4),
        "tolerance": _number(RATIO_TOLERANCE, 2),
        # D2: what the average hides.
        "total_dropout": _percent(f.total_dropout),
        "worst_dropout": _percent(f.dropout[worst]),
        "best_dropout": _percent(f.dropout[best]),
        "best_share_of_applicants": _percent(applicants[best] / applicants.sum()),
        "gap_points": _number(100 * (f.dropout[worst] - f.dropout[best]), 0),
        # D3: non-take-up.
        "most_non_take_up": f.non_take_up.idxmax(),
        "most_non_take_up_share": _percent(f.non_take_up.max()),
        # D4: the longest wait against the worst served group.
        "longest_wait": f.longest_wait,
        "longest_days": _days_text(f.days.loc[f.longest_wait, "dagen"]),
        "worst_served": f.worst_served,
        "worst_served_days": _days_text(f.days.loc[f.worst_served, "dagen"]),
        "worst_served_helped": _percent(f.helped[f.worst_served]),
        "longest_helped": _percent(f.helped[f.longest_wait]),
        # D5: one plan with one coordinator, in the model.
        "plan_worst": _percent(f.plan_dropout[worst]),
        "households": _number(HOUSEHOLDS, 0),
        "waiting": _number(SUPPORT.wachttijd, 0),
        # D6: a small group, and chance.
        "small": small,
        "compared": compared,
        "small_applicants": int(applicants[small]),
        "small_dropout": _percent(f.dropout[small]),
        "compared_dropout": _percent(f.dropout[compared]),
        "band_low": _percent(low),
        "band_high": _percent(high),
        "band_runs": BAND_RUNS,
    }


#: Part D: its questions, from ``grading/questions/inclusie.toml`` with the figures of
#: ``question_values``; ``questions(facts)`` and ``answer_key()`` serve the tests.
READING = ab.ReadingPart(ASSIGNMENT, "D", case_facts, values=question_values)
questions, answer_key = READING.questions, READING.answer_key


def _part_d(f: CaseFacts) -> list:
    """Part D: reading the outcomes, one autograded question per cell group."""
    scratch = ("# Ruimte om te rekenen, bijvoorbeeld:\n"
               "pd.DataFrame({\"uitval\": uitval_per_groep(trajecten), \"dagen\": wachttijd_per_groep(trajecten)[\"dagen\"]})")
    return READING.cells(f, scratch, """
Cijfers per groep moet je ook kunnen lezen: wat zeggen ze, wat zeggen ze niet, en wat kun je er wel en niet mee?
In dit deel beantwoord je {count} vragen over de uitkomsten van de delen A tot en met C, over wie er in je cijfers ontbreekt en over wat het rekenmodel zegt over een andere inrichting.
Elke vraag is 1 punt waard.

Je antwoordt met een Python-waarde: bij vraag D1 een getal met een punt als decimaalteken, bijvoorbeeld `antwoord_d1 = 2.5`; bij de andere vragen één letter tussen aanhalingstekens, bijvoorbeeld `antwoord_d2 = "a"`.
De zichtbare controle kijkt alleen of je antwoord de goede vorm heeft; of het juist is, zie je pas in je feedback.

Rekenen mag in de lege cel hieronder, met je functies uit de delen A tot en met C en met `trajecten`.
""")


# ------------------------------------------------------------------ part E: the proposal

#: The criteria of the written proposal (part E), from ``grading/rubrics/inclusie.toml``:
#: the criteria of the trainer page's analytic rubric, with these titles and points.
RUBRIC: tuple[ab.Criterion, ...] = ab.load_rubric(ASSIGNMENT)
PROPOSAL_POINTS = ab.rubric_points(RUBRIC)


def _proposal_table(f: CaseFacts) -> list[str]:
    """The figures per group of the model answer, as a markdown table (worst served first)."""
    lines = ["| groep | uitval (van wie aanvroeg) | dagen tot hulp (mediaan) | geholpen (van alle huishoudens) | niet aangevraagd |",
             "|---|---:|---:|---:|---:|"]
    for group in f.helped.sort_values().index:
        lines.append(f"| {group} | {_percent(f.dropout[group])} | {_days_text(f.days.loc[group, 'dagen'])} "
                     f"| {_percent(f.helped[group])} | {_percent(f.non_take_up[group])} |")
    return lines


def model_proposal(facts_: CaseFacts | None = None) -> str:
    """Model answer of part E, with the figures of the dataset and the model."""
    f = case_facts() if facts_ is None else facts_
    worst, best, longest = f.worst, f.best, f.longest_wait
    days = f.days
    zzp = NAMES["zzp"]
    lines = [
        "**Voorstel aan het team: minder loketten en doorverwijzingen voor wie het vaakst afhaakt**",
        "",
        f"Onze dataset is synthetisch: {_number(HOUSEHOLDS, 0)} verzonnen huishoudens met recht op hulp, uit het rekenmodel van de cursus. Per groep:",
        "",
        *_proposal_table(f),
        "",
        f"Gemiddeld viel {_percent(f.total_dropout)} van de aanvragers onderweg uit, maar dat gemiddelde verbergt een grote kloof.",
        f"In de groep *{worst}* viel {_percent(f.dropout[worst])} uit, in de groep *{best}* {_percent(f.dropout[best])}:"
        f" {_number(100 * (f.dropout[worst] - f.dropout[best]), 0)} procentpunten verschil, {_number(f.ratio, 1)} keer zo vaak.",
        f"Het gemiddelde ligt zo laag omdat de grootste groep, *{best}*, bijna niet uitvalt.",
        f"Wie in de groep *{worst}* wel geholpen werd, wachtte (mediaan) {_days_text(days.loc[worst, 'dagen'])} dagen,"
        f" {_days_text(days.loc[worst, 'verschil'])} dagen langer dan in de groep *{best}*.",
        "Die wachttijd is nog te mooi: wie afhaakte, telt er niet in mee.",
        f"De alleenstaande ouders wachten nog iets langer ({_days_text(days.loc[longest, 'dagen'])} dagen), maar van alle huishoudens in de groep *{worst}* kreeg maar {_percent(f.helped[worst])} hulp: zij worden het slechtst bediend.",
        f"En we zien niet iedereen: van de groep *{zzp}* vroeg {_percent(f.non_take_up[zzp])} nooit hulp aan.",
        "",
        "De huishoudens met een lvb of laaggeletterdheid hebben drie vragen, dus drie loketten na elkaar en twee koude doorverwijzingen.",
        "Ik stel voor dat we een half jaar proberen dat één medewerker voor hen één plan maakt, de andere loketten zelf warm inschakelt en contact houdt zolang ze wachten.",
        f"In het rekenmodel daalt hun uitval dan van {_percent(f.dropout[worst])} naar {_percent(f.plan_dropout[worst])}, maar dat rust op aannames met dun bewijs: het is aannemelijk, niet bewezen.",
        "Onze data laten bovendien zien waar mensen afhaken, niet waarom.",
        "We meten daarom per groep de uitval, het deel dat geholpen wordt en de wachttijd, voor en na de proef, en we zeggen erbij dat de groepen klein zijn.",
        "",
        "Voordat we beginnen, vragen we samen met onze ervaringsdeskundige vijf mensen uit deze groep die afhaakten, waar het voor hen misging.",
        "Wat zij zeggen, bepaalt hoe we de proef inrichten, en na het half jaar bespreken we de uitkomst ook met hen.",
    ]
    return "\n" + "\n".join(lines) + "\n"


def _part_e(f: CaseFacts) -> list:
    """Part E: the proposal to the team, graded by hand with the rubric."""
    _require(len(RUBRIC) == 4 and PROPOSAL_POINTS == 6, "the rubric has the four criteria of the trainer page, 6 points")
    task = f"""
Je bespreekt de uitkomsten in je team. Schrijf in de cel hieronder een kort voorstel aan je team, in gewone taal, van ongeveer 200 tot 300 woorden:

- wat de cijfers per groep laten zien, met de cijfers uit je eigen berekeningen in de delen A tot en met D;
- wat het team volgens jou zou moeten veranderen, en hoe sterk het bewijs daarvoor is;
- hoe het team ziet of de verandering werkt;
- hoe de mensen om wie het gaat, of een ervaringsdeskundige, meedenken.

Dubbelklik op de cel om te schrijven.

Je trainer beoordeelt je voorstel op {ab.COUNT_WORDS[len(RUBRIC)]} criteria, samen {PROPOSAL_POINTS} punten:

{ab.rubric_markdown(RUBRIC)}
"""
    return ab.part_cells("inclusie_e_opgave", "E", "een voorstel aan je team", task,
                         [ab.answer_markdown("inclusie_e_voorstel", PROPOSAL_POINTS, model_proposal(f))])


# ------------------------------------------------------------------ the notebook


def build_notebook() -> nbformat.NotebookNode:
    """The source assignment, solutions and hidden tests included."""
    f = case_facts()
    checks = ab.load_checks(ASSIGNMENT, guard=NO_INCLUSIE, values=check_values(f))
    code = [*_part_a(checks), *_part_b(checks), *_part_c(checks)]
    return ab.assemble_assignment(
        ASSIGNMENT, INTRO, _case_cells(f), code, _part_d(f), _part_e(f),
        hidden_checks="andere groepen, een andere gemeente, kleine tabellen en regels in een andere volgorde",
        written_task=WRITTEN_TASK, checks=checks,
    )


BUILDER = ab.AssignmentBuilder(ASSIGNMENT, NOTEBOOK_NAME, build_notebook,
                               extra_files=lambda: {CSV_NAME: dataset_csv_text()}, description=__doc__)
notebook_text, write, main = BUILDER.notebook_text, BUILDER.write, BUILDER.main

if __name__ == "__main__":
    sys.exit(main())
