"""Take-away files of the default scene (three optimizers, 100 steps on the ravine), made as a learner makes them:
in real headless Chromium at 1280×720, each clicked for in the "Take it away" panel and timed to its file. The GIF
and the PNGs are drawn by the browser; the offline page and the CSV come from the server. Also: the server's
memory (its process and every process under it) before and after ten GIFs made one after another.

Usage: python bench/export.py [--rounds 3] [--against REV]
(needs Debian's chromium at /usr/bin/chromium and the test requirements.) With --against REV, the bench of git
revision REV runs too, in its own worktree, after this one: before pictures moved to the browser, it times the
server's GIF drawn through kaleido, which must then be installed (pip install kaleido).
"""

import argparse
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from bench.page import checkout
from tests.browser import launch, process_tree_rss, served_app, server_pid

PANEL = "Take it away"
GIF = ("Make an animated GIF", "Save the GIF")
PNGS = ("Make pictures of the charts (PNG)", ["Save the map or curve (PNG)", "Save the loss chart (PNG)",
                                              "Save the learning-rate chart (PNG)"])  # fmt: skip
DOWNLOADS = {"offline page (HTML)": "Save a page that plays offline (HTML)",
             "every step (CSV)": "Save every optimizer's steps (CSV)"}  # fmt: skip


def made_in_browser(page, make: str, saves: list[str]) -> float:
    """Seconds from a click on `make` to the last of `saves` offered (the browser's files are made by then)."""
    begin = time.perf_counter()
    page.get_by_role("button", name=make).click()
    for save in saves:
        page.get_by_role("link", name=save).wait_for(timeout=300_000)
    return time.perf_counter() - begin


def downloaded(page, label: str, role: str = "button") -> tuple[float, bytes]:
    """Seconds from a click on `label` to its file received, and the file."""
    begin = time.perf_counter()
    with page.expect_download(timeout=300_000) as download:
        page.get_by_role(role, name=label).click()
    took = time.perf_counter() - begin
    return took, Path(download.value.path()).read_bytes()


def one_round(url: str) -> dict[str, tuple[float, str]]:
    """Each file made once: {file: (seconds, what it came out as)}."""
    made = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
        page.goto(url)
        page.wait_for_selector(".st-key-contour .js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_timeout(2000)
        page.get_by_role("button", name=PANEL).click()
        page.wait_for_timeout(500)
        seconds = made_in_browser(page, GIF[0], [GIF[1]])
        _, movie = downloaded(page, GIF[1], "link")
        frames = Image.open(io.BytesIO(movie)).n_frames
        made["GIF, 100 steps of 3 optimizers (browser)"] = (seconds, f"{frames} frames, {len(movie) / 1e6:.2f} MB")
        seconds = made_in_browser(page, PNGS[0], PNGS[1])
        sizes = []
        for save in PNGS[1]:
            _, picture = downloaded(page, save, "link")
            sizes.append("x".join(map(str, Image.open(io.BytesIO(picture)).size)))
        made["PNG of each chart (3, browser)"] = (seconds, ", ".join(sizes))
        for name, label in DOWNLOADS.items():
            seconds, content = downloaded(page, label)
            made[name + " (server)"] = (seconds, f"{len(content) / 1e3:.0f} kB")
        browser.close()
    return made


def memory(url: str, gifs: int = 10) -> tuple[int, int]:
    """The server's resident bytes (its processes' all) after one GIF made in the browser, and after `gifs` more."""
    pid = server_pid(url)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.wait_for_selector(".st-key-contour .js-plotly-plot .main-svg", timeout=60_000)
        page.get_by_role("button", name=PANEL).click()
        made_in_browser(page, GIF[0], [GIF[1]])
        before = process_tree_rss(pid)
        for _ in range(gifs):
            made_in_browser(page, GIF[0], [GIF[1]])
        after = process_tree_rss(pid)
        browser.close()
    return before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also run the bench of this git revision, in its worktree")
    args = parser.parse_args()
    with served_app() as url:
        results = [one_round(url) for _ in range(args.rounds)]
        before, after = memory(url)
    print(f"this version: {args.rounds} rounds; median (min-max) seconds, and the last file made")
    for name in results[0]:
        times = [result[name][0] for result in results]
        spread = f"{min(times):.2f}-{max(times):.2f}"
        print(f"  {name:44s} {statistics.median(times):6.2f} s ({spread})  {results[-1][name][1]}")
    print(f"  server's memory: {before / 2**20:.0f} MB after one GIF, {after / 2**20:.0f} MB after ten more")
    if args.against:
        with checkout(args.against) as baseline:
            print(f"at {args.against}:", flush=True)
            subprocess.run([sys.executable, "bench/export.py", "--rounds", str(args.rounds)], cwd=baseline, check=False)


if __name__ == "__main__":
    main()
