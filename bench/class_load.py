"""A class answering at once: 60 students (Streamlit's websocket protocol, no browsers) join a class on
`serve/classroom.sh` (two processes, one SQLite store) and answer its first question within the same ten
seconds, while the teacher's page (a real Chromium) refreshes its tally; then the same students move η on the
page without a class, for the same time. Prints: answers counted against sent (0 lost), how long after the last
answer the teacher's tally showed them all, each phase's student rerun p50 and p95, and the server's CPU a
second in each.

Usage: python bench/class_load.py [--students 60] [--window 10]
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import cpu_seconds, server_processes
from classroom import open_store
from page.lessons import answer_order, catalog
from page.query import rate_text
from page.scene import LEARNING_RATES
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_classroom import classroom

LESSON = "local_global"
RADIO, SEND = f"class answer {LESSON} 0", f"class send {LESSON} 0"


async def rerun(ws, states=(), query: str = "") -> tuple[float, dict[str, str]]:
    """One rerun: its seconds and the ids of the widgets it drew, by key."""
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.widget_states.widgets.extend(states)
    begin, ids = time.perf_counter(), {}
    await ws.send(message.SerializeToString())
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            inner = getattr(element, element.WhichOneof("type"))
            if getattr(inner, "id", ""):
                ids[inner.id.rsplit("-", 1)[-1]] = inner.id
        elif kind == "script_finished":
            return time.perf_counter() - begin, ids


def connect(url: str):
    """A new visitor's websocket (its own cookie, so nginx spreads the students over the processes)."""
    cookie = {"Cookie": f"gdl_visitor={os.urandom(16).hex()}"}
    address = url.replace("http", "ws", 1) + "/_stcore/stream"
    return websockets.connect(address, subprotocols=["streamlit"], max_size=None, additional_headers=cookie)


async def answering(url: str, code: str, begin: float, window: float, seed: int, latencies: list) -> bool:
    """A student joins, and at a random moment of the window picks an answer and sends it; whether it was sent."""
    rng = random.Random(seed)
    async with connect(url) as ws:
        _, ids = await rerun(ws, query=f"class={code}")
        await asyncio.sleep(max(0.0, begin + rng.uniform(0, window) - time.monotonic()))
        answers = catalog()[LESSON].steps[0].question.answers
        picked = answer_order(catalog()[LESSON], 0)[rng.randrange(len(answers))]
        choice = WidgetState(id=ids[RADIO], string_value=answers[picked]["en"])  # a radio sends its option's words
        seconds, again = await rerun(ws, [choice])
        latencies.append(seconds)
        seconds, _ = await rerun(ws, [WidgetState(id={**ids, **again}[SEND], trigger_value=True)])
        latencies.append(seconds)
        return True


async def moving(url: str, begin: float, window: float, seed: int, latencies: list) -> None:
    """The same student without a class: moves η twice in the window."""
    rng = random.Random(seed)
    async with connect(url) as ws:
        _, ids = await rerun(ws)
        for _ in range(2):
            await asyncio.sleep(max(0.0, begin + rng.uniform(0, window) - time.monotonic()))
            state = WidgetState(id=ids["lr"])
            state.string_array_value.data.append(rate_text(rng.choice(LEARNING_RATES)))
            seconds, _ = await rerun(ws, [state])
            latencies.append(seconds)


def phase(name: str, latencies: list, cpu: float, seconds: float) -> None:
    p50, p95 = (statistics.quantiles(latencies, n=100, method="inclusive")[i] * 1e3 for i in (49, 94))
    print(f"{name}: {len(latencies)} reruns, p50 {p50:.0f} ms, p95 {p95:.0f} ms; server CPU {cpu / seconds:.2f} s/s")


async def run(url: str, students: int, window: float) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        teacher = await browser.new_page(viewport={"width": 1280, "height": 720})
        await teacher.goto(url + f"/?class=new&present=1&lesson={LESSON}")
        await teacher.wait_for_function("() => new URL(location.href).searchParams.has('teacher')", timeout=60_000)
        code = await teacher.evaluate("() => new URL(location.href).searchParams.get('class')")
        pids = server_processes()
        latencies: list[float] = []
        cpu, begin = cpu_seconds(pids), time.monotonic() + 5
        sent = await asyncio.gather(*(answering(url, code, begin, window, seed, latencies) for seed in range(students)))
        last, tallied = time.monotonic(), None
        while time.monotonic() < last + 30:
            if await teacher.get_by_text(f"{students} joined · {students} answered").count():
                tallied = time.monotonic() - last
                break
            await asyncio.sleep(0.1)
        seconds = time.monotonic() - begin
        phase("with a class", latencies, cpu_seconds(pids) - cpu, seconds)
        counted = len(open_store().answers(code, LESSON, 0))
        print(f"  answers sent {sum(sent)}, counted {counted} ({sum(sent) - counted} lost)")
        print("  teacher's tally complete " + (f"{tallied:.1f} s after the last answer" if tallied else "NOT in 30 s"))
        await browser.close()
    plain: list[float] = []
    cpu, begin = cpu_seconds(pids), time.monotonic() + 5
    await asyncio.gather(*(moving(url, begin, window, seed, plain) for seed in range(students)))
    phase("without a class", plain, cpu_seconds(pids) - cpu, time.monotonic() - begin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--window", type=float, default=10.0, help="seconds in which every student answers")
    arguments = parser.parse_args()
    os.environ["GDL_STORE"] = f"sqlite:///{tempfile.mkdtemp(prefix='gdl-class-')}/classes.sqlite3"
    with classroom(2) as (url, _, _first):
        asyncio.run(run(url, arguments.students, arguments.window))


if __name__ == "__main__":
    main()
