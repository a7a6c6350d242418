"""The "write it yourself" check (``grading/eigen_werk.py``): honest work passes, cheats do not.

``leunt_op`` reads the learner's editable cells as text; the setup namespace is built the way
the grading process builds it, by running the notebook's locked setup cells.
"""

from __future__ import annotations

import functools
import os
import types
from pathlib import Path

import nbformat
import pytest

from grading import eigen_werk
from grading.eigen_werk import dynamic_leunt_op, guard, leunt_op

ROOT = Path(__file__).resolve().parents[1]
MKBA = ROOT / "solutions" / "mkba" / "mkba-opdracht.ipynb"
SCHULDEN = ROOT / "solutions" / "schulden" / "schulden-opdracht.ipynb"
MKBA_NAMES = {"modules", "mkba"}
SCHULDEN_NAMES = {"modules", "schulden"}
PACKAGES = ("modules",)

HONEST_BIK = '''
def bik(hoofdsom, btw=False):
    kosten = max(min(hoofdsom, 2_500) * 0.15, 40)
    return round(kosten * (1.21 if btw else 1), 2)
'''
CONTANTE_WAARDE_USING = "def contante_waarde(b, j, v=0.0225):\n    return {}(b, j, v)"
HONEST_CONTANTE_WAARDE = '''
def contante_waarde(bedrag, jaar, voet=0.0225):
    return bedrag / (1 + voet) ** jaar
'''


def notebook_cells(path: Path) -> tuple[list[str], list[str]]:
    """(the code cells a learner may edit, the locked setup cells) of a source notebook."""
    learner, setup = [], []
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("grade"):
            continue
        (setup if meta.get("locked") else learner).append(cell.source)
    return learner, setup


def setup_namespace(path: Path) -> dict:
    """Run the locked setup cells, as the grading process does, in the notebook's folder."""
    namespace: dict = {}
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        for source in notebook_cells(path)[1]:
            exec(compile(source, str(path), "exec"), namespace)  # noqa: S102 - trusted cells
    finally:
        os.chdir(here)
    return namespace


@pytest.fixture(scope="module")
def mkba_setup() -> dict:
    return setup_namespace(MKBA)


@pytest.fixture(scope="module")
def schulden_setup() -> dict:
    return setup_namespace(SCHULDEN)


def schulden_check(function_name: str, *cells: str, setup: dict) -> bool:
    return leunt_op(function_name, list(cells), names=SCHULDEN_NAMES, packages=PACKAGES,
                    setup_namespace=setup)


def mkba_check(function_name: str, *cells: str, setup: dict | None = None) -> bool:
    return leunt_op(function_name, list(cells), names=MKBA_NAMES, packages=PACKAGES,
                    setup_namespace=setup or {})


# ------------------------------------------------------------------ honest work passes


@pytest.mark.parametrize("function_name", ["contante_waarde", "netto_contante_waarde",
                                           "saldo_per_actor", "stromen_per_jaar"])
def test_mkba_model_answers_pass(function_name, mkba_setup):
    learner = notebook_cells(MKBA)[0]
    assert not leunt_op(function_name, learner, names=MKBA_NAMES, packages=PACKAGES,
                        setup_namespace=mkba_setup)


@pytest.mark.parametrize("function_name", ["bik", "aanbod", "kosten_boven_hoofdsom"])
def test_schulden_model_answers_pass(function_name, schulden_setup):
    learner = notebook_cells(SCHULDEN)[0]
    assert not schulden_check(function_name, *learner, setup=schulden_setup)


@pytest.mark.parametrize("function_name", ["met_incassokosten", "schuld_na"])
def test_schulden_answers_meant_to_use_the_model_are_caught(function_name, schulden_setup):
    # The same notebook, functions that use modules.schulden by design: the check sees it.
    learner = notebook_cells(SCHULDEN)[0]
    assert schulden_check(function_name, *learner, setup=schulden_setup)


def test_another_function_using_the_model_does_not_taint(schulden_setup):
    schuld_na = '''
def schuld_na(huishouden, tabel, maanden):
    simulatie = schulden.simuleer(huishouden, naar_schuldeisers(tabel), maanden=maanden)
    return simulatie.schuld(maanden).sum(axis=1)
'''
    assert not schulden_check("bik", HONEST_BIK, schuld_na, setup=schulden_setup)


def test_locked_helper_taints_only_its_callers(schulden_setup):
    caller = "def bik(hoofdsom, btw=False):\n    return len(naar_schuldeisers(hoofdsom))"
    assert schulden_check("bik", caller, setup=schulden_setup)
    other = "def lijst(tabel):\n    return naar_schuldeisers(tabel)"
    assert not schulden_check("bik", HONEST_BIK, other, setup=schulden_setup)


def test_shared_local_name_does_not_link_functions(schulden_setup):
    other = "def hulp():\n    totaal = schulden.incassokosten(100)\n    return totaal"
    mine = "def bik(hoofdsom, btw=False):\n    totaal = hoofdsom * 0.15\n    return totaal"
    assert not schulden_check("bik", other, mine, setup=schulden_setup)
    # ...but a module-level totaal that the other function sets is followed.
    setter = "def hulp():\n    global totaal\n    totaal = schulden.incassokosten(100)"
    reader = "def bik(hoofdsom, btw=False):\n    return totaal"
    assert schulden_check("bik", setter, reader, setup=schulden_setup)


@pytest.mark.parametrize("cell", [
    "import modules.mkba as mkba\nprint(contante_waarde(1, 2), mkba.present_value(1, 2))",
    "import modules.mkba as mkba\nverschil = contante_waarde(1, 2) - mkba.present_value(1, 2)",
    "import modules.mkba as mkba\nfor f in (contante_waarde, mkba.present_value):\n"
    "    print(f(1_000, 3))",
    "import modules.mkba as mkba\ncasus['cw'] = casus['bedrag'].apply(contante_waarde, args=(3,))\n"
    "casus['model'] = casus['bedrag'].apply(mkba.present_value, args=(3,))",
    "%matplotlib inline",
    "contante_waarde?",
    "%time x = contante_waarde(1, 2)",
    "casus.query('jaar > 3')",
    "class Teller:\n    def __init__(self):\n        super().__init__()\n        self._n = 0\n"
    "    def __repr__(self):\n        return f'Teller({self._n})'",
], ids=["print", "verschil", "lus", "kolommen", "matplotlib", "help", "time", "query", "klasse"])
def test_honest_cells_elsewhere_pass(cell, mkba_setup):
    assert not mkba_check("contante_waarde", HONEST_CONTANTE_WAARDE, cell, setup=mkba_setup)


@pytest.mark.parametrize("cell", [
    "totaal = schulden.pro_rata({'A': 1.0}, 1.0).sum()\nprint(math.floor(totaal))",
    "def vergelijk():\n    SCHIJVEN = []\n    SCHIJVEN.append(schulden.incassokosten(1_000))\n"
    "    return SCHIJVEN",
    "from __future__ import annotations",
    "print(GRENS, schulden.incassokosten(GRENS), LOOPTIJD,\n"
    "      schulden.pro_rata({'A': 1.0}, LOOPTIJD))",
    "print(SCHIJVEN, schulden.incassokosten(1_000))",
], ids=["module_functie", "lokale_naamgenoot", "future", "constante", "print"])
def test_model_calls_on_shared_names_pass(cell, schulden_setup):
    # bik uses math, GRENS, SCHIJVEN and LOOPTIJD; a scratch cell shows them next to the model.
    mine = ("GRENS = 2_500\nSCHIJVEN = [(2_500, 0.15)]\ndef bik(hoofdsom, btw=False):\n"
            "    return math.floor(min(hoofdsom, GRENS) * SCHIJVEN[0][1] + LOOPTIJD * 0)")
    assert not schulden_check("bik", mine, cell, setup=schulden_setup)


def test_forbidden_package_without_forbidden_name():
    cheat = "import modules.facts as f\ndef contante_waarde(b, j, v=0.0225):\n    return f.value(b)"
    assert leunt_op("contante_waarde", [cheat], names={"mkba"}, packages=PACKAGES)
    assert not leunt_op("contante_waarde", [HONEST_CONTANTE_WAARDE], names={"mkba"},
                        packages=PACKAGES)


def test_tainted_setup_values(schulden_setup):
    import inspect

    import modules.schulden as model

    setup = {**schulden_setup, "TABEL": {"f": model.incassokosten}, "inspect": inspect}
    reads_table = "def bik(h, btw=False):\n    return TABEL['f'](h)"
    assert schulden_check("bik", reads_table, setup=setup)
    frame = "f = inspect.currentframe\ndef bik(h, btw=False):\n    return f(h)"
    assert schulden_check("bik", frame, setup=setup)


def test_statement_that_does_not_compile_is_skipped(schulden_setup):
    broken = "def bik(h, btw=False):\n    nonlocal x\n    return schulden.incassokosten(h)"
    assert not schulden_check("bik", HONEST_BIK, broken, setup=schulden_setup)


def test_an_analysis_that_fails_says_true(monkeypatch, schulden_setup):
    def fails(stmt):
        raise RuntimeError("kapot")

    monkeypatch.setattr(eigen_werk, "_statement", fails)
    assert schulden_check("bik", HONEST_BIK, setup=schulden_setup)


def test_cell_with_syntax_error_is_skipped(schulden_setup):
    broken = "def bik(hoofdsom, btw=False):\n    return schulden.incassokosten(hoofdsom)\n)"
    assert not schulden_check("bik", HONEST_BIK, broken, setup=schulden_setup)
    assert schulden_check("bik", broken, setup=schulden_setup)  # so bik is not defined


# ------------------------------------------------------------------ cheats are caught


def bik_using(expression: str) -> str:
    """A bik that hands its work to ``expression``."""
    return f"\ndef bik(h, btw=False):\n    return {expression}(h)\n"


SCHULDEN_CHEATS = {
    "direct": bik_using("schulden.incassokosten"),
    "import_als": "import modules.schulden as s" + bik_using("s.incassokosten"),
    "from_import": "from modules import schulden as s" + bik_using("s.incassokosten"),
    "herbinden": HONEST_BIK + "\nfrom modules.schulden import incassokosten as bik",
    "toewijzen": HONEST_BIK + "\nbik = schulden.incassokosten",
    "alias_keten": "x = schulden\ny = x" + bik_using("y.incassokosten"),
    "setup_herbinden": "pd = schulden" + bik_using("pd.incassokosten"),
    "setup_waarde": bik_using("huishouden.afloscapaciteit * 0 + len"),
    "setup_module": bik_using("facts.value"),
    "hulpfunctie": "def a(h):\n    return b(h)\ndef b(h):\n    return schulden.incassokosten(h)"
                   + bik_using("a"),
    "dict_item": "d = {}\nd['f'] = schulden.incassokosten" + bik_using("d['f']"),
    "dict_update": "d = {}\nd.update(f=schulden.incassokosten)" + bik_using("d['f']"),
    "lijst_append": "l = []\nl.append(schulden.incassokosten)" + bik_using("l[0]"),
    "alias_muteren": "a = []\nb = a\nb.append(schulden.incassokosten)" + bik_using("a[0]"),
    "lokaal_alias": "a = []\ndef vul():\n    b = a\n    b.append(schulden.incassokosten)"
                    + bik_using("a[0]"),
    "argument_muteren": "a = []\ndef stop(doos, ding):\n    doos.append(ding)\n"
                        "stop(a, schulden.incassokosten)" + bik_using("a[0]"),
    "attribuut": "class Doos:\n    pass\nd = Doos()\nd.f = schulden.incassokosten"
                 + bik_using("d.f"),
    "global_in_functie": "hulp = None\ndef zet():\n    global hulp\n"
                         "    hulp = schulden.incassokosten\nzet()" + bik_using("hulp"),
    "walrus": "(hulp := schulden.incassokosten)" + bik_using("hulp"),
    "walrus_comprehensie": "[(hulp := f) for f in [schulden.incassokosten]]" + bik_using("hulp"),
    "default": "def bik(h, btw=False, g=schulden.incassokosten):\n    return g(h)",
    "closure": "def maak():\n    f = schulden.incassokosten\n    def binnen(h, btw=False):\n"
               "        return f(h)\n    return binnen\nbik = maak()",
    "decorator": "def vervang(functie):\n    return schulden.incassokosten\n@vervang\n"
                 "def bik(h, btw=False):\n    return 0",
    "star_import": "from modules.schulden import *" + bik_using("incassokosten"),
    "star_import_naamgenoot": "incassokosten = None\nfrom modules.schulden import *"
                              + bik_using("incassokosten"),
    "in_if": "if True:\n    hulp = schulden.incassokosten" + bik_using("hulp"),
    "via_aanroep": "def geef():\n    return schulden.incassokosten" + bik_using("geef()"),
    "augassign_alias": "a = []\nb = a\nb += [schulden.incassokosten]" + bik_using("a[0]"),
    "alias_via_aanroep": "def ident(x):\n    return x\na = []\nb = ident(a)\n"
                         "b.append(schulden.incassokosten)" + bik_using("a[0]"),
    "alias_via_methode": "d = {'k': []}\nb = d.get('k')\nb.append(schulden.incassokosten)"
                         + bik_using("d['k'][0]"),
    "opslaan_in_aanroep": "d = {}\ndef geef():\n    return d\ngeef()['f'] = schulden.incassokosten"
                          + bik_using("d['f']"),
    "attribuut_naam": "x = pd" + bik_using("x.schulden.incassokosten"),
    "functie_attribuut": "bik_lijst = []" + bik_using("bik.hulp")
                         + "bik_lijst.append(bik)\nbik_lijst[0].hulp = schulden.incassokosten",
    "default_muteert": "d = {}\ndef hulp(x=d.update(f=schulden.incassokosten)):\n    pass"
                       + bik_using("d['f']"),
    "uitvoer_geschiedenis": "schulden.incassokosten" + bik_using("Out[1]"),
    "laatste_uitvoer": "schulden.incassokosten" + bik_using("_"),
    "onbekende_naam": bik_using("_model.incassokosten"),
    "niet_gedefinieerd": "def iets_anders(h):\n    return h",
    "alleen_setup": "x = 1",
}


@pytest.mark.parametrize("cheat", SCHULDEN_CHEATS.values(), ids=SCHULDEN_CHEATS.keys())
def test_schulden_cheats_are_caught(cheat, schulden_setup):
    assert schulden_check("bik", cheat, setup=schulden_setup)


ESCAPES = {
    "exec": "exec('x = 1')",
    "eval": "x = eval('1')",
    "compile": "c = compile('1', 'x', 'eval')",
    "dunder_import": "m = __import__('modules.mkba')",
    "importlib": "import importlib\nm = importlib.import_module('modules.' + 'mkba')",
    "import_module": "from importlib import import_module",
    "sys_modules": "import sys\nm = sys.modules['modules.mkba']",
    "getattr": "b = getattr(pd, '__builtins__')",
    "globals_attr": "def f():\n    pass\ng = f.__globals__",
    "class_attr": "k = (1).__class__",
    "get_ipython": "get_ipython().run_cell('import modules.mkba')",
    "run_magic": "%run hulp.py",
    "cell_magic": "%%capture\nimport modules.mkba",
    "timeit": "%timeit -n1 -r1 x = 1",
    "shell": "!python -c 'print(1)'",
    "pickle": "import pickle\nf = pickle.loads(b'')",
    "read_pickle": "f = pd.read_pickle('f.pkl')",
    "allow_pickle": "import numpy as np\nf = np.load('f.npy', allow_pickle=True)",
    "operator": "import operator",
    "relatief": "from . import hulp",
    "privaat": "f = pd.compat._optional",
    "optional": "m = pd.io.common.import_optional_dependency('modules.mkba')",
    "module_attribuut": "s = pd.io.common.sys",
    "dunder_tekst": "x = casus.eval('@pd.__builtins__')",
    "berekende_query": "q = 'jaar > 3'\nx = casus.query(q)",
    "globals": "g = globals()",
    "vars": "v = vars()",
    "breakpoint": "breakpoint()",
    "builtins_naam": "b = __builtins__",
    "pydoc": "from pydoc import locate",
    "builtins_binden": "import pandas as __builtins__",
    "dunder_functie": "def __getattr__(naam):\n    return naam",
    "match_class": "match pd:\n    case object(__dict__=d):\n        pass",
}


@pytest.mark.parametrize("escape", ESCAPES.values(), ids=ESCAPES.keys())
def test_escape_hatches_anywhere_are_caught(escape, mkba_setup):
    assert mkba_check("contante_waarde", HONEST_CONTANTE_WAARDE, escape, setup=mkba_setup)


@pytest.mark.parametrize("cheat", [
    "import modules.mkba as m\n" + CONTANTE_WAARDE_USING.format("m.present_value"),
    "from modules import mkba\n" + CONTANTE_WAARDE_USING.format("mkba.present_value"),
    HONEST_CONTANTE_WAARDE + "\nfrom modules.mkba import present_value as contante_waarde",
    "def contante_waarde(b, j, v=0.0225):\n    import modules.mkba\n"
    "    return modules.mkba.present_value(b, j, v)",
    "%time from modules.mkba import present_value as contante_waarde",
], ids=["import_als", "from_import", "herbinden", "import_in_functie", "time_magic"])
def test_mkba_cheats_are_caught(cheat, mkba_setup):
    assert mkba_check("contante_waarde", cheat, setup=mkba_setup)


# ------------------------------------------------------------------ the dynamic check and guard


def kernel_functions(source: str, **extra) -> dict:
    """Functions defined as in a kernel: in a namespace whose ``__name__`` is ``__main__``."""
    namespace = {"__name__": "__main__", **extra}
    exec(source, namespace)  # noqa: S102 - test code
    return namespace


def test_dynamic_honest_and_cheating_functions():
    import modules.mkba as model

    kernel = kernel_functions(HONEST_CONTANTE_WAARDE + '''
def netto(stromen, voet=0.0225):
    return sum(contante_waarde(b, j, voet) for j, b in enumerate(stromen))

def via_alias(b, j, v=0.0225):
    return hulp(b, j, v)

def via_dict(b, j, v=0.0225):
    return tabel["f"](b, j, v)

def via_naam(b, j, v=0.0225):
    return modules.mkba.present_value(b, j, v)

def via_default(b, j, v=0.0225, f=model.present_value):
    return f(b, j, v)

def maak():
    f = model.present_value
    def binnen(b, j, v=0.0225):
        return f(b, j, v)
    return binnen

via_closure = maak()
del model
''', hulp=model.present_value, tabel={"f": model.present_value}, model=model)
    for name in ("contante_waarde", "netto"):
        assert not dynamic_leunt_op(kernel[name], names=MKBA_NAMES, packages=PACKAGES)
    for name in ("via_alias", "via_dict", "via_naam", "via_default", "via_closure"):
        assert dynamic_leunt_op(kernel[name], names=MKBA_NAMES, packages=PACKAGES), name
    assert dynamic_leunt_op(model.present_value, names=MKBA_NAMES, packages=PACKAGES)
    assert dynamic_leunt_op(functools.partial(model.present_value), names=MKBA_NAMES,
                            packages=PACKAGES)


@pytest.fixture
def context():
    yield eigen_werk.CONTEXT
    eigen_werk.set_context([], {})


def test_guard_on_a_proxy_reads_the_learners_cells(context, schulden_setup):
    proxy = types.SimpleNamespace(asd_learner_name="bik")
    eigen_werk.set_context([HONEST_BIK], schulden_setup)
    assert context.learner_sources == [HONEST_BIK]
    assert not guard(proxy, names=SCHULDEN_NAMES, packages=PACKAGES)
    eigen_werk.set_context([SCHULDEN_CHEATS["direct"]], schulden_setup)
    assert guard(proxy, names=SCHULDEN_NAMES, packages=PACKAGES)
    eigen_werk.set_context([SCHULDEN_CHEATS["setup_waarde"]], schulden_setup)
    assert guard(proxy, names=SCHULDEN_NAMES, packages=PACKAGES)


def test_guard_on_a_real_function_inspects_it(context):
    import modules.schulden as model

    # The context holds an honest text: a real function is judged by itself, not by it.
    eigen_werk.set_context([HONEST_BIK], {})
    cheat = bik_using("s.incassokosten").replace("bik", "valsspeler")
    kernel = kernel_functions(HONEST_BIK + cheat, s=model)
    assert not guard(kernel["bik"], names=SCHULDEN_NAMES, packages=PACKAGES)
    assert guard(kernel["valsspeler"], names=SCHULDEN_NAMES, packages=PACKAGES)


def test_context_starts_empty():
    assert eigen_werk.GradingContext().learner_sources == []
    assert eigen_werk.GradingContext().setup_namespace == {}
