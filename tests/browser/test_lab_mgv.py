"""The mgv simulation page run in real JupyterLab, the simulator driven in a real browser.

The page itself tells a learner to open ``book/mgv/05-simulatie.ipynb`` with
``.venv/bin/jupyter lab``. Here a JupyterLab from the venv serves the repository on
127.0.0.1; Chromium opens the page, runs every cell (``notebook:run-all-cells``) and plays
every scenario live: a response per turn up to the feedback, back to an earlier turn with
the rewind control, another response there, and the two conversations side by side. What
the page shows is what :mod:`modules.mgv` returns for the same clicks with seed 0.
(The same in Voila is ``test_voila_mgv.py``.)

JupyterLab runs with its own temporary config, data, runtime, settings, workspace and
checkpoint folders and with autosave off: the learner's settings are not touched and
nothing is written into the repository (checked when the server stops). News and update
checks and the PyPI extension manager are off, so the server asks no one for anything;
requests the page makes off 127.0.0.1 are aborted and reported, and the server and its
kernel get a recording stand-in as HTTP(S) proxy, so a proxy-aware client that tried to
reach another host would be seen too.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from modules import mgv
from tests import discovery
from tests.browser.conftest import CHROMIUM
from widgets import mgv as mgv_widgets
from widgets._common import format_percent

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = discovery.page_source(discovery.simulation_page("mgv"))  # book/mgv/05-simulatie.ipynb
NOTEBOOK_PATH = NOTEBOOK.relative_to(ROOT).as_posix()
SIM = ".asd-gesprek"
EXERCISE = ".asd-codeeroefening"
#: What JupyterLab or its extensions could leave in the folder they serve.
LEFTOVERS = (".jupyter", ".ipynb_checkpoints", ".virtual_documents", "Untitled.ipynb")

#: User settings of the test's JupyterLab: never write the notebook back (autosave would
#: save the outputs into the repository), and no news or update toasts over the page.
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


# ------------------------------------------------------------------------------ the server


class _OutboundRecorder:
    """A stand-in HTTP(S) proxy on 127.0.0.1: records what a client asked for and hangs up."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return  # closed
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(1024).split(b"\r\n", 1)[0]
                except OSError:
                    first = b"(nothing sent)"
                self.attempts.append(first.decode(errors="replace"))

    def close(self) -> None:
        self._socket.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2) -> int:
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=timeout) as r:
        return r.status


def _leftovers() -> set[Path]:
    found = {p for p in NOTEBOOK.parent.iterdir()}
    return found | {ROOT / name for name in LEFTOVERS if (ROOT / name).exists()}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab from the venv serving the repository on 127.0.0.1; stopped afterwards."""
    # Like every browser test here: missing tools fail (make test promises these pages run).
    if importlib.util.find_spec("jupyterlab") is None:
        pytest.fail("JupyterLab is not installed: run `make setup`")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing ({CHROMIUM}): apt-get install -y chromium (.ci/run does this)")
    home = tmp_path_factory.mktemp("jupyterlab")
    dirs = {name: home / name for name in
            ("config", "data", "runtime", "ipython", "settings", "workspaces", "checkpoints")}
    for folder in dirs.values():
        folder.mkdir()
    for name, values in SETTINGS.items():
        target = dirs["settings"] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    outbound = _OutboundRecorder()
    env = {key: value for key, value in os.environ.items()
           if key.lower() not in {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}}
    env.update({
        "JUPYTER_CONFIG_DIR": str(dirs["config"]), "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]), "IPYTHONDIR": str(dirs["ipython"]),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        **{name: outbound.url for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")},
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
    })
    before = _leftovers()
    digest = hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest()
    token = secrets.token_hex(24)
    log_path = home / "jupyterlab.log"
    for _ in range(5):
        port = _free_port()
        with open(log_path, "wb") as log_file:
            proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                 f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                 f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
                 "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
                 "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                 "--LabApp.extension_manager=readonly",
                 f"--LabApp.user_settings_dir={dirs['settings']}",
                 f"--LabApp.workspaces_dir={dirs['workspaces']}",
                 # An absolute path: every checkpoint goes there, none next to the notebook.
                 f"--FileCheckpoints.checkpoint_dir={dirs['checkpoints']}",
                 "--ServerApp.log_level=WARN",
                 # CI runs as root in a throwaway container; JupyterLab refuses that unless told.
                 *(["--allow-root"] if os.geteuid() == 0 else [])],
                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        deadline, ready = time.monotonic() + 90, False
        while not ready and time.monotonic() < deadline and proc.poll() is None:
            try:
                ready = _get(f"{url}/api/status?token={token}") == 200
            except OSError:
                time.sleep(0.3)
        if ready:
            break
        output = log_path.read_text(errors="replace")
        if proc.poll() is None:
            proc.kill()
            pytest.fail(f"JupyterLab did not start within 90 s:\n{output[-3000:]}")
        if not any(s in output for s in ("already in use", "Address already", "no available port")):
            pytest.fail(f"JupyterLab stopped:\n{output[-3000:]}")
    else:
        pytest.fail("no free port for JupyterLab after five tries")

    yield SimpleNamespace(url=url, token=token, outbound=outbound, log=log_path)

    # Stop it the way its own "Shut Down" does (kernels too), then make sure it is gone.
    try:
        request = urllib.request.Request(f"{url}/api/shutdown", method="POST",
                                         headers={"Authorization": f"token {token}"})
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10).close()
        proc.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    outbound.close()
    new = sorted(str(p.relative_to(ROOT)) for p in _leftovers() - before)
    assert new == [], f"JupyterLab left files in the repository: {new}"
    assert hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest() == digest, f"{NOTEBOOK_PATH} was changed"


# ------------------------------------------------------------------------------ the page

_KERNEL_READY = """path => {
  const app = window.jupyterapp, panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path || !panel.context.isReady) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

# Everything the kernel reports on iopub: errors, and what it writes to stderr (a widget
# callback's output goes to JupyterLab's log console, not to a cell, so it is caught here).
_LISTEN = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.asdKernel = {errors: [], stderr: []};
  kernel.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type, content = msg.content;
    if (type === 'error') window.asdKernel.errors.push(
        content.ename + ': ' + content.evalue + '\\n' + (content.traceback || []).join('\\n'));
    if (type === 'stream' && content.name === 'stderr') window.asdKernel.stderr.push(content.text);
  });
}"""

_ALL_RUN = """() => {
  const panel = window.jupyterapp.shell.currentWidget, cells = panel.content.model.cells;
  const kernel = panel.sessionContext.session.kernel;
  if (kernel.status !== 'idle') return false;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    if (cell.executionCount === null || cell.executionState === 'running') return false;
  }
  return true;
}"""

# The outputs of every code cell as the notebook model holds them (the DOM may not hold
# cells scrolled far out of view).
_OUTPUTS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells, found = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      const text = out.output_type === 'error' ? (out.traceback || []).join('\\n')
                 : [].concat(out.text || (out.data && out.data['text/plain']) || []).join('');
      found.push({cell: i, type: out.output_type, name: out.name || '', text});
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def notebook(lab, browser):
    """The simulation page open in JupyterLab with every cell run; shared by the tests."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    log = SimpleNamespace(leaving=[], sockets=[], errors=[])

    def route(r):
        if r.request.url.startswith((lab.url + "/", "data:", "blob:")):
            r.continue_()
        else:
            log.leaving.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.on("websocket", lambda ws: log.sockets.append(ws.url))
    page.goto(f"{lab.url}/lab/tree/{NOTEBOOK_PATH}?token={lab.token}", wait_until="load")
    try:
        page.wait_for_function(_KERNEL_READY, arg=NOTEBOOK_PATH, timeout=90_000)
    except Exception:
        pytest.fail("the kernel of the page did not become idle in JupyterLab:\n"
                    + lab.log.read_text(errors="replace")[-3000:])
    page.evaluate(_LISTEN)
    # Not awaited here: the command's promise settles when every cell has run, waited for below.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(_ALL_RUN, timeout=90_000)
    page.locator(f"{SIM} .asd-option").first.wait_for(timeout=30_000)
    yield SimpleNamespace(page=page, log=log, lab=lab)
    context.close()


def _wait_for_text(page, selector: str, *texts: str, timeout: int = 30_000) -> None:
    """Wait until the element at ``selector`` shows every one of ``texts``."""
    try:
        page.wait_for_function(
            "([selector, texts]) => { const el = document.querySelector(selector);"
            " return !!el && texts.every(t => el.innerText.includes(t)); }",
            arg=[selector, list(texts)], timeout=timeout)
    except Exception:
        shown = page.evaluate("s => (document.querySelector(s) || {}).innerText || '(not there)'", selector)
        pytest.fail(f"{selector} never showed {texts}; it shows:\n{shown[-2000:]}")


def _normal(text: str) -> str:
    return " ".join(text.split())


def _no_trouble(notebook) -> None:
    """Nothing left the machine, no JavaScript or kernel error, no error message in the widget."""
    page, log = notebook.page, notebook.log
    assert log.leaving == [], f"requests left the machine: {log.leaving}"
    origin = "ws://" + notebook.lab.url.removeprefix("http://") + "/"
    assert [s for s in log.sockets if not s.startswith(origin)] == [], log.sockets
    outbound = notebook.lab.outbound.attempts
    assert outbound == [], f"the server or its kernel tried to go out: {outbound}"
    assert log.errors == [], f"JavaScript errors: {log.errors}"
    kernel = page.evaluate("() => window.asdKernel")
    assert kernel["errors"] == [], "\n".join(kernel["errors"])
    assert [t for t in kernel["stderr"] if "Traceback" in t or "Error" in t] == [], "".join(kernel["stderr"])
    assert page.locator(f"{SIM} .asd-message [role=alert]").count() == 0, \
        page.locator(f"{SIM} .asd-message").inner_text()


# ------------------------------------------------------------------------------ the tests


def test_the_page_runs_in_jupyterlab_without_a_traceback(notebook) -> None:
    page = notebook.page
    outputs = page.evaluate(_OUTPUTS)
    troubles = [o for o in outputs if o["type"] == "error" or "Traceback" in o["text"]
                or (o["type"] == "stream" and o["name"] == "stderr")]
    assert troubles == [], f"error output in the page's cells: {troubles}"
    shown = page.locator(".jp-OutputArea-output").evaluate_all("els => els.map(e => e.innerText)")
    assert [t for t in shown if "Traceback" in t] == []
    # JupyterLab was started without news: its page config says so.
    config = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)")
    assert config["news"] == {"disabled": True}
    # Live: the simulator and the coding exercise are drawn by the kernel, nothing static.
    assert page.locator(SIM).count() == 1 and page.locator(EXERCISE).count() == 1
    assert not page.locator(f"{SIM} .asd-static-note").is_visible()
    titles = page.locator(SIM).get_by_label("Casus", exact=True).locator("option").all_text_contents()
    assert [_normal(t) for t in titles] == [s.title for s in mgv.SCENARIOS.values()]  # nbsp -> space
    _no_trouble(notebook)


def path_for(key: str) -> list[int]:
    """A mixed path through a scenario, the same one tests/test_widgets_mgv.py plays."""
    return [(3 * i + 1) % len(turn.options) for i, turn in enumerate(mgv.SCENARIOS[key].turns)]


def _click_option(page, key: str, choices: list[int]) -> mgv.Conversation:
    """Click the last of ``choices``; wait for the turn, readiness and reply the model gives."""
    page.locator(f"{SIM} .asd-option").nth(choices[-1]).click()
    conversation = mgv.simulate(key, choices, seed=mgv_widgets.SEED)
    total = len(mgv.SCENARIOS[key].turns)
    where = "Het gesprek is afgelopen" if conversation.finished else f"Beurt {len(choices) + 1} van {total}"
    readiness = f"Bereidheid om te veranderen: {format_percent(conversation.final.readiness, 0)}"
    _wait_for_text(page, f"{SIM} .asd-status", where, readiness, _normal(conversation.steps[-1].reply))
    return conversation


@pytest.mark.parametrize("key", list(mgv.SCENARIOS))
def test_every_scenario_plays_live_to_the_feedback_and_a_rewound_comparison(notebook, key: str) -> None:
    page = notebook.page
    scenario = mgv.SCENARIOS[key]
    total = len(scenario.turns)
    sim = page.locator(SIM)

    # The scenario from its start (a test before this one may have left another there).
    sim.get_by_label("Casus", exact=True).select_option(label=scenario.title)
    sim.get_by_role("button", name="Opnieuw beginnen").click()
    _wait_for_text(page, f"{SIM} .asd-chat", f"Beurt 1. {scenario.client_name}:",
                   _normal(scenario.turns[0].client)[:40])
    _wait_for_text(page, f"{SIM} .asd-status", f"Beurt 1 van {total}")
    assert sim.locator("table.asd-feedback, table.asd-comparison").count() == 0
    assert sim.locator(".asd-option:visible").count() == len(scenario.turns[0].options)
    options = sim.locator(".asd-option:visible").all_inner_texts()
    assert [_normal(t) for t in options] == [_normal(o.text) for o in scenario.turns[0].options]

    choices = path_for(key)
    _click_option(page, key, choices[:1])
    # The client's first reply is the model's, with the seed every learner gets (0).
    reply = sim.locator(".asd-status p").first.inner_text()
    expected = mgv.simulate(key, choices[:1], seed=0).steps[0].reply
    assert _normal(reply) == _normal(f"{scenario.client_name} antwoordt: {expected}")
    for number in range(2, total + 1):
        _click_option(page, key, choices[:number])

    # The feedback, in Dutch: the MITI scores with the R:V ratio, and the key turns.
    feedback = mgv.conversation_feedback(mgv.simulate(key, choices, seed=mgv_widgets.SEED))
    _wait_for_text(page, SIM, "Terugkoppeling op jouw gesprek", _normal(feedback.message))
    table = sim.locator("table.asd-feedback")
    for score in feedback.summary.values():
        assert score.label in table.inner_text()
    ratio = feedback.summary["reflection_to_question"]
    row = table.locator("tr", has=page.locator("th", has_text=ratio.label)).inner_text()
    assert "Verhouding reflecties tot vragen (R:V)" in row
    value = (mgv_widgets._SUMMARY_FORMAT["reflection_to_question"](ratio.value)
             if ratio.value is not None else "geen vragen")
    assert value in row, row
    turns = sim.locator("table.asd-key-turns tbody tr td:first-child").all_inner_texts()
    assert [int(t) for t in turns] == [s.turn for s in feedback.key_turns]
    assert sim.locator(".asd-option:visible").count() == 0  # the conversation is over

    # Back to the turn where readiness dropped most (or rose least), another response there.
    drop = min(feedback.key_turns, key=lambda s: s.after.readiness - s.before.readiness).turn
    sim.get_by_label("Terug naar beurt", exact=True).select_option(str(drop))
    button = sim.get_by_role("button", name=f"Terug naar beurt {drop}", exact=True)
    button.wait_for(timeout=30_000)
    button.click()
    earlier_said = scenario.turns[drop - 1].options[choices[drop - 1]].text
    _wait_for_text(page, SIM, "Het eerdere gesprek is bewaard", f"Beurt {drop} van {total}",
                   f"In het eerdere gesprek zei je hier: {_normal(earlier_said)}")
    assert sim.locator("table.asd-feedback").count() == 0
    other = choices[:drop - 1] + [(choices[drop - 1] + 1) % len(scenario.turns[drop - 1].options)]
    _click_option(page, key, other)
    _wait_for_text(page, SIM, "Twee gesprekken naast elkaar", f"De gesprekken lopen uiteen in beurt {drop}.")
    first = sim.locator("table.asd-comparison tr.asd-first-difference")
    assert first.count() == 1 and first.get_attribute("data-turn") == str(drop)
    now_said = scenario.turns[drop - 1].options[other[-1]].text
    text = _normal(first.inner_text())
    assert "(eerste verschil)" in text and _normal(earlier_said) in text and _normal(now_said) in text
    lines = sim.locator("svg.asd-chart polyline").evaluate_all(
        "els => els.map(e => e.getAttribute('data-label'))")
    assert lines == [mgv_widgets.CURRENT_LABEL, mgv_widgets.EARLIER_LABEL]
    _no_trouble(notebook)
