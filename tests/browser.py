"""Shared by the browser tests and the page benchmark: a served page and Debian's headless Chromium."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_pid(url: str) -> int:
    """The process id of the Streamlit server `served_app` started at `url`, from its command line in /proc."""
    port = f"--server.port\0{url.rsplit(':', 1)[1]}\0".encode()
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and port in (entry / "cmdline").read_bytes():
                return int(entry.name)
    raise LookupError(f"no server at {url}")


def resident_bytes(pids) -> int:
    """Resident bytes of the processes `pids` together, from /proc (one gone meanwhile counts nothing)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, AttributeError):
            status = (Path("/proc") / str(pid) / "status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024
    return total


def process_tree_rss(pid: int) -> int:
    """Resident bytes of process `pid` and every process under it."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    tree, waiting = [], [pid]
    while waiting:
        tree.append(waiting.pop())
        waiting.extend(children.get(tree[-1], []))
    return resident_bytes(tree)


@contextlib.contextmanager
def served_app(timeout: float = 60.0, root: Path = ROOT, log_to: Path | None = None):
    """`streamlit run app.py` (the one in `root`) on a free loopback port; yields the page's URL, then stops it.

    The server's output goes to `log_to` when given (the tests read it for warnings), else nowhere.
    """
    port = free_port()
    log = open(log_to or os.devnull, "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server, timeout, "the Streamlit server did not come up")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def wait_until_healthy(url: str, server: subprocess.Popen, timeout: float, failure: str) -> None:
    """Wait for `url`'s health check to answer 200; a RuntimeError saying `failure` if `server` exits first or
    `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(failure) from None
            time.sleep(0.2)


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI") != "true",
    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)",
)
"""A test that needs a browser: skipped without Chromium, except in CI, where a missing browser fails it."""


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@contextlib.contextmanager
def offline(path: Path):
    """The file `path` opened in Chromium cut off from the network, its first chart drawn: yields the page and
    the list of every address it asked for."""
    sync_api = pytest.importorskip("playwright.sync_api")
    asked = []

    def only_the_file(route):
        asked.append(route.request.url)
        return route.continue_() if route.request.url.startswith("file:") else route.abort()

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(offline=True)
        context.route("**/*", only_the_file)
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        try:
            yield page, asked
        finally:
            browser.close()


# JavaScript: what `chart` shows of a trace of its `_fullData` ({x, y, …}): the sketch painted over Plotly's drawing
# while a hand is on a control (plots/browser/sketch.js), else the trace as Plotly drew it. Plotly keeps binary
# arrays encoded in `data`; `_fullData` holds them decoded.
SHOWN = "(chart, trace) => chart.sketches?.get(trace.index)?.shown ?? trace"

# JavaScript run in the page: what the main chart shows, as [trace name, number of x values, last x] triples.
CHART_STATE = (
    """() => {
  const chart = document.querySelector('.js-plotly-plot');
  if (!chart || !chart._fullData) return null;
  const shown = """
    + SHOWN
    + """;
  const last = (x) => (x && x.length ? Number(x[x.length - 1]) : null);
  return chart._fullData.map((t) => [t.name || '', shown(chart, t).x?.length ?? 0, last(shown(chart, t).x)]);
}"""
)
