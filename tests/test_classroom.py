"""serve/classroom.sh: Streamlit processes behind nginx (one started by the script, one "on another machine",
given by REMOTE), each visitor stuck to one of them by a cookie, the page's websocket working through the
proxy to either, a process that dies routed around and started again, and a SIGTERM that stops it all.
Needs Debian's nginx; in CI a missing nginx is a failure."""

import asyncio
import contextlib
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser import CHROMIUM, ROOT, free_port, launch, served_app, wait_until_healthy

if shutil.which("nginx") is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI must test the classroom server, but nginx is missing: apt-get install nginx-light")
    pytest.skip("no nginx (apt-get install nginx-light); the classroom server is not tested", allow_module_level=True)


def free_run(count: int) -> int:
    """The first of `count` consecutive free ports (the script gives its processes FIRST_PORT, FIRST_PORT + 1, …)."""
    rng = random.Random()
    while True:
        first = rng.randrange(20_000, 60_000)
        probes = [socket.socket() for _ in range(count)]
        try:
            for offset, probe in enumerate(probes):
                probe.bind(("127.0.0.1", first + offset))
            return first
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()


@contextlib.contextmanager
def classroom(processes: int, remote: str = "", log: Path | None = None):
    """serve/classroom.sh on free ports, in a session of its own; yields (url, the script, its first port)."""
    port, first = free_port(), free_run(processes)
    while first <= port < first + processes:
        port = free_port()
    out = open(log or os.devnull, "w")  # noqa: SIM115
    server = subprocess.Popen(
        ["bash", "serve/classroom.sh", str(processes), str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        env={**os.environ, "FIRST_PORT": str(first), "REMOTE": remote}, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_healthy(url, server, 90, "the classroom server did not come up")
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {log.read_text() if log else ''}") from None
        yield url, server, first
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        out.close()


@pytest.fixture(scope="module")
def other_machine():
    """A Streamlit process the script does not start, as one on another machine would be."""
    with served_app() as url:
        yield url.removeprefix("http://")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, other_machine):
    log = tmp_path_factory.mktemp("classroom") / "classroom.log"
    with classroom(1, other_machine, log) as (url, _, first):
        yield url, first


def visitor() -> str:
    return secrets.token_hex(16)


def answer(url: str, visitor_id: str | None = None) -> tuple[int, dict]:
    """The status and headers of the page as a visitor (a new one without an id) gets it through nginx."""
    headers = {"Cookie": f"gdl_visitor={visitor_id}"} if visitor_id else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as reply:
            return reply.status, dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def process_of(url: str, visitor_id: str | None = None) -> str:
    return answer(url, visitor_id)[1]["X-Process"]


def test_new_visitors_are_spread_and_a_returning_one_stays(proxy):
    url, _ = proxy
    assert {process_of(url) for _ in range(40)} == {"gdl_0", "gdl_1"}, "new visitors reach both processes"
    returning = visitor()
    assert len({process_of(url, returning) for _ in range(10)}) == 1, "a visitor's cookie keeps it on its process"
    _, headers = answer(url, "gdl_7; x=<script>")
    assert headers["X-Process"] in {"gdl_0", "gdl_1"}, "a forged cookie gets a real process"
    assert "<script>" not in headers["Set-Cookie"], "and a fresh id of its own"


def test_the_class_server_sends_safe_headers_and_keeps_its_counters_to_itself(proxy):
    url, _ = proxy
    status, headers = answer(url)
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert headers["Server"] == "nginx", "no version number"
    assert answer(url + "/_stcore/metrics")[0] == 404


@pytest.mark.parametrize("process", ["gdl_0", "gdl_1"])
def test_the_page_runs_through_the_proxy_on_either_process(proxy, process):
    url, _ = proxy
    visitor_id = next(v for v in iter(visitor, None) if process_of(url, v) == process)
    assert run_page(url, visitor_id) == ForwardMsg.FINISHED_SUCCESSFULLY


def run_page(url: str, visitor_id: str) -> int:
    """One run of the page over Streamlit's websocket, through the proxy, as visitor `visitor_id`."""

    async def one_run() -> int:
        ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
        cookie = {"Cookie": f"gdl_visitor={visitor_id}"}
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, additional_headers=cookie
        ) as ws:
            message = BackMsg()
            message.rerun_script.query_string = "lang=zh"
            await ws.send(message.SerializeToString())
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
                if reply.WhichOneof("type") == "delta" and reply.delta.new_element.WhichOneof("type") == "exception":
                    raise AssertionError(reply.delta.new_element.exception.message)
                if reply.WhichOneof("type") == "script_finished":
                    return reply.script_finished

    return asyncio.run(one_run())


def pids_listening_on(port: int) -> list[int]:
    """The processes whose command line names `--server.port PORT` (the script's Streamlit processes)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            words = (entry / "cmdline").read_bytes().split(b"\0")
            if entry.name.isdigit() and b"--server.port" in words and str(port).encode() in words:
                found.append(int(entry.name))
    return found


def test_a_process_that_dies_is_routed_around_and_started_again(tmp_path):
    with classroom(2, log=tmp_path / "classroom.log") as (url, _, first):
        pinned = [v for v in (visitor() for _ in range(60)) if process_of(url, v) == "gdl_0"][:5]
        assert pinned, "some visitors live on the first process"
        for pid in pids_listening_on(first):
            os.kill(pid, signal.SIGKILL)
        statuses = [answer(url)[0] for _ in range(20)] + [answer(url, v)[0] for v in pinned]
        assert statuses == [200] * len(statuses), "no new visitor and no pinned one sees a 502"
        assert run_page(url, pinned[0]) == ForwardMsg.FINISHED_SUCCESSFULLY, "a pinned visitor's page runs"
        # Started again, and once nginx tries it again (after 5 s), serving new visitors again.
        deadline, seen = time.monotonic() + 90, set()
        while seen != {"gdl_0", "gdl_1"} and time.monotonic() < deadline:
            seen |= {process_of(url) for _ in range(10)}
            time.sleep(0.5)
        assert seen == {"gdl_0", "gdl_1"}, "the process serves again"


def test_sigterm_stops_every_process_the_script_started_and_removes_its_folder(tmp_path):
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("tmp.*"))
    with classroom(2, log=tmp_path / "classroom.log") as (url, server, first):
        made = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("tmp.*")) - before
        assert made, "the script keeps its nginx configuration and logs in a folder of its own"
        os.kill(server.pid, signal.SIGTERM)  # the script alone, as systemd or a container stops it
        assert server.wait(timeout=30) == 143
        assert not pids_listening_on(first), "no Streamlit process is left"
        assert not pids_listening_on(first + 1)
        with pytest.raises(urllib.error.URLError, match="refused"):
            urllib.request.urlopen(url, timeout=2)
        assert not any(folder.exists() for folder in made)


def test_a_class_server_starts_again_at_once_on_the_ports_it_just_left(tmp_path):
    """Stopped with its visitors' connections still winding down (TIME_WAIT), the same ports start again: a
    teacher who restarts the class server does not wait a minute for them."""
    port, first = free_port(), free_run(2)
    env = {**os.environ, "FIRST_PORT": str(first)}
    for attempt in range(2):
        with open(tmp_path / f"classroom{attempt}.log", "w") as out:
            server = subprocess.Popen(["bash", "serve/classroom.sh", "2", str(port)], cwd=ROOT, stdout=out,
                                      stderr=subprocess.STDOUT, env=env, start_new_session=True)  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            try:
                wait_until_healthy(url, server, 90, f"the class server did not start (attempt {attempt + 1})")
                for _ in range(5):
                    assert answer(url)[0] == 200
                run_page(url, visitor())
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)


def test_the_script_refuses_ports_in_use(proxy):
    url, first = proxy
    port = url.rsplit(":", 1)[1]
    done = subprocess.run(
        ["bash", "serve/classroom.sh", "1", port], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "FIRST_PORT": str(first)},
    )  # fmt: skip
    assert done.returncode == 1
    assert "already in use" in done.stderr
    assert port in done.stderr


@pytest.mark.browser
def test_the_page_draws_through_the_class_server_under_its_content_security_policy(proxy):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"CI must run the browser tests, but {CHROMIUM} is missing")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    url, _ = proxy
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        refused = []
        page.on("console", lambda message: refused.append(message.text) if "Content Security" in message.text else 0)
        page.goto(url + "/?landscape=himmelblau")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3")
        browser.close()
    assert not refused, refused
