"""The worst links anyone can write, answered while a class works: the server CPU each link costs, how long it
takes, and what the other students' reruns saw meanwhile (p50, p95, max), against the same class with no such
link in the same run.

Usage: python bench/worst_links.py [--users 10] [--think 2] [--url http://host:port]
"""

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import Student, cpu_seconds, server_processes
from tests.browser import served_app
from tests.crafted import connect, run_once

NESTED_TAN = "x*y"
for _ in range(18):
    NESTED_TAN = f"tan({NESTED_TAN})"

WORST = {
    "L-BFGS basins on Rastrigin, 2,000 steps": "landscape=rastrigin&optimizers=lbfgs&basins=true&steps=2000",
    "18 nested tan, Newton, 2,000 steps": f"landscape=formula&formula={NESTED_TAN}&optimizers=newton&steps=2000",
    "every optimizer on the one-neuron net, 2,000 steps, basins": "landscape=tiny_network&optimizers="
    "gd,momentum,nesterov,adagrad,rmsprop,adam,adamw,newton,lbfgs,lion,nadam,radam,adadelta&steps=2000&basins=true",
    "a tower of powers": "landscape=formula&formula=(9^(999999/1))^(999999/1)*x&steps=2000",
}


async def class_working(url: str, users: int, think: float, seconds: float) -> list[float]:
    """Rerun latencies of `users` students moving controls for `seconds`."""
    students = [Student(url) for _ in range(users)]
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(s.attend(deadline, think, seed) for seed, s in enumerate(students)))
    errors = [e for s in students for e in s.errors]
    if errors:
        print(f"    errors seen by students: {len(errors)} (first: {errors[0]})")
    return sorted(latency for s in students for latency in s.latencies)


async def answer(url: str, query: str) -> float:
    """Seconds until the page has finished answering `query`."""
    began = time.monotonic()
    async with await connect(url) as ws:
        await run_once(ws, query=query)
    return time.monotonic() - began


def summary(latencies: list[float]) -> str:
    if len(latencies) < 2:
        return "no reruns"
    p50, p95 = (statistics.quantiles(latencies, n=100, method="inclusive")[i] * 1e3 for i in (49, 94))
    return f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {latencies[-1] * 1e3:.0f} ms ({len(latencies)} reruns)"


async def bench(url: str, users: int, think: float) -> None:
    pids = server_processes()
    print(f"{users} students, a move every {think:g} s; the server's processes: {len(pids)}")
    print(f"  baseline, no hostile link: {summary(await class_working(url, users, think, 20))}")
    for name, query in WORST.items():
        before = cpu_seconds(pids)
        students = asyncio.ensure_future(class_working(url, users, think, 20))
        await asyncio.sleep(2)
        seconds = await answer(url, query)
        cpu = cpu_seconds(pids) - before
        latencies = await students
        print(f"  {name}: answered in {seconds:.1f} s; server CPU in those 20 s (class included) {cpu:.1f} s")
        print(f"    the class meanwhile: {summary(latencies)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--url")
    arguments = parser.parse_args()
    if arguments.url:
        asyncio.run(bench(arguments.url, arguments.users, arguments.think))
        return
    with served_app() as url:
        asyncio.run(bench(url, arguments.users, arguments.think))


if __name__ == "__main__":
    main()
