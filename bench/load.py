"""A classroom on one server: N simulated students speaking Streamlit's own websocket protocol (no browsers, so
thirty fit on two cores), each moving η, the start or the landscape after a think time. Prints rerun latency
(p50, p95, p99), reruns a second, errors, the server's CPU per rerun, the bytes an η rerun brings and the
server's memory over time.

Usage: python bench/load.py [--users 30] [--think 2] [--minutes 5] [--faults] [--url http://host:port]

Without --url it serves the app itself on a free port. With --faults, misbehaving clients run beside the
students (dropping mid-run, sending garbage frames, out-of-range values, and values no control can send under
the controls' and charts' real ids); the students must see nothing.
A rerun is timed from the message that asks for it to the server's "script finished".
"""

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from page.query import rate_text
from page.scene import LEARNING_RATES
from tests.browser import resident_bytes, served_app
from tests.crafted import crafted, run_once

LANDSCAPES = ("Ravine J = (x² + 25y²) / 2  (2D)", "Himmelblau's function  (2D)", "Parabola J(θ) = θ²  (1D)")


class Student:
    """One simulated browser tab: a websocket session, the page's widget ids, and the reruns it has timed."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.ids: dict[str, str] = {}
        self.latencies: list[float] = []
        self.moves: list[str] = []
        """What each timed rerun moved (`lr`, `start_x` or `landscape`), in the order of `latencies`."""
        self.rate_bytes: list[int] = []
        """Bytes the server sent for each rerun that moved η alone."""
        self.errors: list[str] = []
        self.received = 0

    async def rerun(self, ws, states=(), query: str = "") -> float:
        """Ask for a rerun with `states` and wait for it to finish; the seconds it took (and the bytes it
        brought, in `received`)."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.widget_states.widgets.extend(states)
        begin = time.perf_counter()
        await ws.send(message.SerializeToString())
        self.received = 0
        while True:
            reply = ForwardMsg()
            raw = await ws.recv()
            self.received += len(raw)
            reply.ParseFromString(raw)
            kind = reply.WhichOneof("type")
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                inner = getattr(element, element.WhichOneof("type"))
                if element.WhichOneof("type") == "exception":
                    self.errors.append(inner.message[:200])
                elif getattr(inner, "id", ""):
                    self.ids[inner.id.rsplit("-", 1)[-1]] = inner.id
            elif kind == "script_finished":
                if reply.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    self.errors.append(f"script finished with status {reply.script_finished}")
                return time.perf_counter() - begin

    def action(self, rng: random.Random) -> tuple[str, list[WidgetState]]:
        """What a student does next: mostly η, sometimes the start, now and then the landscape; the control's key
        and the states that move it."""
        roll = rng.random()
        if roll < 0.7:
            move = "lr"
            state = WidgetState(id=self.ids[move])
            state.string_array_value.data.append(rate_text(rng.choice(LEARNING_RATES)))
        elif roll < 0.95:
            move = "start_x"
            state = WidgetState(id=self.ids[move])
            state.double_array_value.data.append(round(rng.uniform(-2.5, 2.5), 2))
        else:
            move = "landscape"
            state = WidgetState(id=self.ids[move], string_value=rng.choice(LANDSCAPES))
        return move, [state]

    async def attend(self, deadline: float, think: float, seed: int) -> None:
        rng = random.Random(seed)
        await asyncio.sleep(rng.uniform(0, think))  # a class does not press Enter in the same millisecond
        try:
            async with websockets.connect(self.url, subprotocols=["streamlit"], max_size=None) as ws:
                await self.rerun(ws)
                while time.monotonic() < deadline:
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                    move, states = self.action(rng)
                    self.latencies.append(await self.rerun(ws, states))
                    self.moves.append(move)
                    if move == "lr":
                        self.rate_bytes.append(self.received)
        except (OSError, websockets.WebSocketException, KeyError) as error:
            self.errors.append(f"{type(error).__name__}: {error}")


async def troublemaker(url: str, deadline: float, seed: int) -> None:
    """A client that misbehaves in turn: drops the connection mid-run, sends garbage, sends a link no control
    can take, or values no control can send under the controls' and charts' real ids (`tests/crafted.py`). It
    records nothing; the students must not notice it."""
    rng = random.Random(seed)
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, websockets.WebSocketException, asyncio.TimeoutError):
            async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                kind = rng.choice(("drop", "garbage", "values", "forged"))
                if kind == "forged":
                    _, _, ids = await run_once(ws)
                    forged = crafted(ids)
                    await run_once(ws, [forged[rng.choice(sorted(forged))]])
                elif kind == "garbage":
                    await ws.send(os.urandom(rng.randint(1, 400)))
                    await ws.send("not a protobuf at all")
                else:
                    message = BackMsg()
                    message.rerun_script.query_string = "lr=banana&start_x=1e308&landscape=%3Cscript%3E"
                    if kind == "values":
                        state = WidgetState(id="$$ID-00000000000000000000000000000000-lr")
                        state.string_array_value.data.append("1e999")
                        message.rerun_script.widget_states.widgets.append(state)
                    await ws.send(message.SerializeToString())
                    if kind == "values":
                        await asyncio.wait_for(ws.recv(), timeout=5)
        await asyncio.sleep(rng.uniform(0.5, 2.0))


def server_processes() -> list[int]:
    """The pids of every `streamlit run` on this machine (one server, or the several behind a proxy)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                command = (entry / "cmdline").read_bytes().split(b"\0")
                if b"streamlit" in b" ".join(command) and b"run" in command:
                    pids.append(int(entry.name))
    return pids


def memory_mb(pids: list[int]) -> float:
    return resident_bytes(pids) / 2**20


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def classroom(url: str, users: int, think: float, seconds: float, faults: bool) -> None:
    pids = server_processes()
    deadline = time.monotonic() + seconds
    students = [Student(url) for _ in range(users)]
    memory = [(0.0, memory_mb(pids))]
    cpu_before, begin = cpu_seconds(pids), time.monotonic()

    async def watch() -> None:
        while time.monotonic() < deadline:
            await asyncio.sleep(min(10.0, seconds / 10))
            memory.append((time.monotonic() - begin, memory_mb(pids)))

    tasks = [student.attend(deadline, think, seed) for seed, student in enumerate(students)]
    tasks += [troublemaker(url, deadline, 1000 + i) for i in range(3 if faults else 0)]
    await asyncio.gather(watch(), *tasks)
    report(students, time.monotonic() - begin, cpu_seconds(pids) - cpu_before, memory, len(pids))


def report(students, elapsed, cpu, memory, servers) -> None:
    latencies = sorted(latency for student in students for latency in student.latencies)
    errors = [error for student in students for error in student.errors]
    print(f"{len(students)} students, {elapsed:.0f} s, {servers} server process(es)")
    if latencies:
        p50, p95, p99 = (percentile(latencies, q) for q in (50, 95, 99))
        print(f"  reruns {len(latencies)} ({len(latencies) / elapsed:.1f}/s); latency p50 {p50:.0f} ms, ", end="")
        print(f"p95 {p95:.0f} ms, p99 {p99:.0f} ms, max {latencies[-1] * 1e3:.0f} ms")
        print(f"  server CPU {cpu:.1f} s in all, {cpu / len(latencies) * 1e3:.0f} ms per rerun")
        by_move = {}
        for student in students:
            for move, latency in zip(student.moves, student.latencies, strict=True):
                by_move.setdefault(move, []).append(latency)
        print("  by move: " + "; ".join(f"{move} p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms"
                                        for move, times in sorted(by_move.items())))  # fmt: skip
    sizes = [size for student in students for size in student.rate_bytes]
    if sizes:
        print(f"  bytes per η rerun: median {statistics.median(sizes) / 1e3:.1f} kB, max {max(sizes) / 1e3:.1f} kB")
    print(f"  errors seen by students: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    timeline = ", ".join(f"{at:.0f}s {mb:.0f}MB" for at, mb in memory)
    print(f"  server memory: {timeline}")


def percentile(seconds: list[float], q: int) -> float:
    """The `q`th percentile of `seconds`, in milliseconds."""
    if len(seconds) < 2:
        return seconds[0] * 1e3
    return statistics.quantiles(seconds, n=100, method="inclusive")[q - 1] * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a student's moves")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--url", help="a running server (or proxy); default: serve the app here")
    arguments = parser.parse_args()
    seconds = arguments.minutes * 60
    run = (arguments.users, arguments.think, seconds, arguments.faults)
    if arguments.url:
        asyncio.run(classroom(arguments.url, *run))
        return
    with served_app() as url:
        asyncio.run(classroom(url, *run))


if __name__ == "__main__":
    main()
