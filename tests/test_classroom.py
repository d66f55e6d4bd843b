"""serve/classroom.sh: Streamlit processes behind nginx (one started by the script, one "on another machine",
given by REMOTE), each visitor stuck to one of them by a cookie, and the page's websocket working through the
proxy to either. Needs Debian's nginx; in CI a missing nginx is a failure."""

import asyncio
import os
import shutil
import signal
import subprocess
import urllib.request

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser import ROOT, free_port, served_app, wait_until_healthy

if shutil.which("nginx") is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI must test the classroom server, but nginx is missing: apt-get install nginx-light")
    pytest.skip("no nginx (apt-get install nginx-light); the classroom server is not tested", allow_module_level=True)


@pytest.fixture(scope="module")
def other_machine():
    """A Streamlit process the script does not start, as one on another machine would be."""
    with served_app() as url:
        yield url.removeprefix("http://")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, other_machine):
    port, first = free_port(), free_port()
    while port == first:
        port = free_port()
    log = tmp_path_factory.mktemp("classroom") / "classroom.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            ["bash", "serve/classroom.sh", "1", str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "FIRST_PORT": str(first), "REMOTE": other_machine}, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_healthy(url, server, 90, "the classroom server did not come up")
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {log.read_text()}") from None
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def route(url: str, cookie: str | None = None) -> str:
    """The process nginx sent a request to, as the cookie it set names it."""
    request = urllib.request.Request(url, headers={"Cookie": f"gdl_route={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return answer.headers["Set-Cookie"].split(";")[0].split("=")[1]


def test_new_visitors_are_spread_and_a_returning_one_stays(proxy):
    fresh = {route(proxy) for _ in range(40)}
    assert fresh == {"gdl_0", "gdl_1"}, "new visitors reach both processes"
    assert {route(proxy, "gdl_1") for _ in range(10)} == {"gdl_1"}, "a visitor's cookie keeps it on its process"
    assert route(proxy, "gdl_7; x=<script>") in {"gdl_0", "gdl_1"}, "a forged cookie gets a real process"


@pytest.mark.parametrize("process", ["gdl_0", "gdl_1"])
def test_the_page_runs_through_the_proxy_on_either_process(proxy, process):
    async def one_run() -> int:
        ws_url = proxy.replace("http", "ws", 1) + "/_stcore/stream"
        cookie = {"Cookie": f"gdl_route={process}"}
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

    assert asyncio.run(one_run()) == ForwardMsg.FINISHED_SUCCESSFULLY
