"""The clean grading process: hidden tests run there, the learner's kernel only sends data.

These tests drive ``grading.clean_kernel.CleanProcess`` with a stand-in for the learner's
kernel: ``_Learner`` answers its requests the way the bridge snippet does (values and
results encoded with ``grading.waarden``) and records every request it gets. The full
path through nbgrader and a real sandboxed kernel is in ``test_grading_cheats.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from grading import waarden
from grading.clean_kernel import CleanProcess

LOCKED = "import math\nimport pandas as pd\ntabel = pd.DataFrame({'a': [1.0, 2.0]})\n"


class _Learner:
    """What a learner's kernel holds, answering as the bridge snippet would."""

    def __init__(self, **names) -> None:
        self.names = names
        self.requests: list[dict] = []

    def __call__(self, request: dict) -> dict:
        self.requests.append(request)
        if request["op"] == "describe":
            found = {}
            for name in request["names"]:
                if name in self.names:
                    value = self.names[name]
                    found[name] = ({"kind": "callable"} if callable(value)
                                   else {"kind": "value", "value": waarden.encode(value)})
            return {"found": found}
        args = [waarden.decode(a) for a in request["args"]]
        before = [waarden.dumps(a) for a in args]
        try:
            result = self.names[request["name"]](*args)
        except Exception as error:  # noqa: BLE001 (what the snippet does too)
            return {"raised": {"ename": type(error).__name__, "evalue": str(error)}}
        changed = {str(i): waarden.encode(a) for i, a in enumerate(args) if waarden.dumps(a) != before[i]}
        return {"ok": waarden.encode(result), "changed": changed}


@pytest.fixture
def clean(tmp_path):
    processes = []

    def start(learner: _Learner, timeout: float = 30.0, sources: list[str] | None = None) -> CleanProcess:
        process = CleanProcess(tmp_path, sources or [], learner, timeout=timeout)
        processes.append(process)
        assert process.run(LOCKED, "locked")["error"] is None
        return process

    yield start
    for process in processes:
        process.stop()


def test_a_right_function_passes_and_a_wrong_one_fails(clean) -> None:
    test = "assert math.isclose(dubbel(2.5), 5.0), 'dubbel klopt niet'"
    assert clean(_Learner(dubbel=lambda x: 2 * x)).run(test, "test")["error"] is None
    error = clean(_Learner(dubbel=lambda x: x + 2)).run(test, "test")["error"]
    assert error["ename"] == "AssertionError" and error["evalue"] == "dubbel klopt niet"


def test_the_test_source_and_expected_values_never_reach_the_learner(clean) -> None:
    learner = _Learner(dubbel=lambda x: 2 * x, antwoord=42)
    test = "### BEGIN HIDDEN TESTS\nassert dubbel(123456) == 246912, 'geheim-1'\nassert antwoord == 42\n"
    assert clean(learner).run(test, "test")["error"] is None
    sent = repr(learner.requests)
    assert "246912" not in sent and "geheim-1" not in sent and "HIDDEN" not in sent
    # What the learner's kernel does get: the names looked up and the arguments.
    assert "123456" in sent


def test_the_locked_cells_names_are_the_clean_process_own(clean) -> None:
    # A learner who rebinds math (or pd, or the case table) changes nothing here.
    learner = _Learner(math="vervalst", tabel=[1], dubbel=lambda x: 2 * x)
    error = clean(learner).run("assert math.isclose(dubbel(tabel['a'].sum()), 6.0)", "test")["error"]
    assert error is None
    looked_up = {n for r in learner.requests if r["op"] == "describe" for n in r["names"]}
    assert not looked_up & {"math", "tabel", "pd"}


def test_an_answer_that_claims_to_equal_everything_arrives_as_a_plain_value(clean) -> None:
    class Gelijk(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    learner = _Learner(antwoord=Gelijk(0.0), letter=Gelijk(1.0))
    run = clean(learner).run
    assert run("assert antwoord == 12.5", "test")["error"]["ename"] == "AssertionError"
    assert run("assert antwoord == 0.0", "test")["error"] is None


def test_a_value_that_cannot_be_sent_fails_every_check(clean) -> None:
    learner = _Learner(antwoord=object())
    error = clean(learner).run("assert antwoord == 3", "test")["error"]
    assert error is not None and error["ename"] == "TypeError"


def test_a_function_that_changes_its_argument_is_seen_changing_it(clean) -> None:
    def met_kolom(df):
        df["b"] = df["a"] * 2
        return df

    def netjes(df):
        uit = df.copy()
        uit["b"] = uit["a"] * 2
        return uit

    test = "uit = met_kolom(tabel)\nassert list(uit['b']) == [2.0, 4.0]\nassert 'b' not in tabel.columns, 'verandert de tabel'"
    assert clean(_Learner(met_kolom=netjes)).run(test, "test")["error"] is None
    error = clean(_Learner(met_kolom=met_kolom)).run(test, "test")["error"]
    assert error["evalue"] == "verandert de tabel"


def test_an_error_in_the_learners_function_is_raised_as_itself(clean) -> None:
    def deel(a, b):
        return a / b

    run = clean(_Learner(deel=deel)).run
    test = "try:\n    deel(1, 0)\nexcept ZeroDivisionError:\n    pass\nelse:\n    raise AssertionError('geen fout')"
    assert run(test, "test")["error"] is None
    assert run("deel(1, 0)", "test")["error"]["ename"] == "ZeroDivisionError"


def test_a_missing_function_is_a_name_error(clean) -> None:
    assert clean(_Learner()).run("dubbel(1)", "test")["error"]["ename"] == "NameError"


def test_a_test_cannot_leave_names_behind_for_the_next(clean) -> None:
    run = clean(_Learner()).run
    assert run("_hulp = 1", "test")["error"] is None
    assert run("_hulp", "test")["error"]["ename"] == "NameError"


def test_what_a_test_prints_is_kept_for_the_trainer(clean) -> None:
    reply = clean(_Learner()).run("print('tussenstand', 3)", "test")
    assert reply["printed"] == "tussenstand 3\n"


def test_a_stuck_step_times_out_and_the_next_cell_starts_afresh(clean) -> None:
    process = clean(_Learner(), timeout=2.0)
    error = process.run("while True:\n    pass", "test")["error"]
    assert error["ename"] == "TijdOp"
    # The locked cells were replayed in the new process: math and tabel are there.
    assert process.run("assert math.isclose(tabel['a'].sum(), 3.0)", "test")["error"] is None


def test_the_case_data_comes_from_the_assignment_folder(tmp_path) -> None:
    (tmp_path / "casus.csv").write_text("bedrag\n10\n20\n")
    (tmp_path / "opdracht.ipynb").write_text("{}")
    process = CleanProcess(tmp_path, [], _Learner(), timeout=30)
    try:
        assert process.run("import pandas as pd\ncasus = pd.read_csv('casus.csv')", "locked")["error"] is None
        assert process.run("assert casus['bedrag'].sum() == 30", "test")["error"] is None
        assert process.run("open('opdracht.ipynb')", "test")["error"]["ename"] == "FileNotFoundError"
    finally:
        process.stop()


def test_write_it_yourself_reads_the_learners_code_as_text(clean) -> None:
    sources = ["import modules.mkba as m\ndef contante_waarde(b, j, v=0.0225):\n    return m.present_value(b, j, v)\n"]
    learner = _Learner(contante_waarde=lambda b, j, v=0.0225: b / (1 + v) ** j)
    guard = ("from grading.eigen_werk import guard\n"
             "assert not guard(contante_waarde, names=('mkba', 'modules'), packages=('modules',)), 'leunt'")
    error = clean(learner, sources=sources).run(guard, "test")["error"]
    assert error is not None and error["evalue"] == "leunt"
    honest = ["def contante_waarde(b, j, v=0.0225):\n    return b / (1 + v) ** j\n"]
    assert clean(learner, sources=honest).run(guard, "test")["error"] is None


def test_a_dataframe_result_keeps_its_index_and_dtypes(clean) -> None:
    def per_actor(df):
        return pd.Series([1.5, 2.5], index=pd.Index(["gemeente", "rijk"], name="actor"), name="saldo")

    test = ("uit = per_actor(tabel)\n"
            "assert isinstance(uit, pd.Series) and list(uit.index) == ['gemeente', 'rijk']\n"
            "assert uit.index.name == 'actor' and uit.dtype == 'float64'")
    assert clean(_Learner(per_actor=per_actor)).run(test, "test")["error"] is None
