"""A Voila server for one dashboard, as `make voila` starts it, and a way to open it.

Shared by the generic dashboard tests (``test_dashboards.py``) and a module's own
(``test_voila_<module>.py``). The port is a free one, and Voila is told not to try others
(``port_retries=0``): under pytest-xdist two workers can never end up talking to each
other's server; if the port was taken in between, a new one is tried.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import discovery

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = discovery.dashboards()
#: What a dashboard shows once its kernel has drawn the widget.
READY = "#rendered_cells .asd-widget"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(notebook: Path) -> tuple[subprocess.Popen, str]:
    voila = Path(sys.executable).with_name("voila")
    for _ in range(5):
        port = _free_port()
        proc = subprocess.Popen(
            # The same command as `make voila`; from ROOT, Voila reads voila.json (the course's
            # CDN-free template and the extensions it leaves out).
            [str(voila), str(notebook), "--no-browser", f"--port={port}", "--Voila.port_retries=0",
             "--Voila.ip=127.0.0.1", "--ServerApp.log_level=WARN"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                 "JUPYTER_PATH": str(ROOT / "book" / "_voila")},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break  # the port was taken after all, or Voila failed: see below
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return proc, f"http://127.0.0.1:{port}/"
            except OSError:
                time.sleep(0.3)
        else:
            proc.kill()
            pytest.fail(f"voila did not start within 60 s for {notebook}")
        output = proc.stdout.read().decode(errors="replace")
        if not any(s in output for s in ("no available port", "already in use", "Address already")):
            pytest.fail(f"voila stopped: {output}")
    pytest.fail("no free port for voila after five tries")


@pytest.fixture(scope="module", params=sorted(DASHBOARDS))
def dashboard_url(request):
    """A live Voila server for one module's dashboard; the URL of the dashboard."""
    proc, url = _start(DASHBOARDS[request.param])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def make_open_dashboard(browser, url: str, ready: str = READY):
    """A function that opens the dashboard at a viewport width and waits for ``ready``.

    It returns the page, the requests that would have left this machine (aborted) and the
    JavaScript errors; call ``close()`` on the function afterwards.
    """
    contexts = []

    def _open(width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 1000})
        contexts.append(context)
        leaving: list[str] = []
        errors: list[str] = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                r.continue_()
            else:
                leaving.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url, wait_until="load")
        page.wait_for_selector(ready, timeout=90_000)
        return page, leaving, errors

    _open.close = lambda: [context.close() for context in contexts]
    return _open
