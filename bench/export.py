"""Take-away files of the default scene (three optimizers, 100 steps on the ravine): the time to make each, by
the page's own code, and one picture drawn by kaleido's one-shot call (a fresh Chromium for the picture, what
`fig.to_image` does) as the baseline for the one Chromium the page keeps open.

Usage: python bench/export.py [--rounds 3]    (needs Chromium: apt-get install chromium)
"""

import argparse
import io
import logging
import statistics
import sys
import time
from pathlib import Path

import kaleido
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import landscapes
from language import words
from page import panels, takeaway, work
from page.scene import (
    DEFAULT_LANDSCAPE,
    DEFAULT_LR,
    DEFAULT_OPTIMIZERS,
    DEFAULT_STEPS,
    Batching,
    Built,
    Choice,
    Scene,
    View,
    default_start,
    tracks,
)
from plots.export import animated_gif, pictures, standalone_html
from plots.live import figure_spec
from plots.loss import loss_figure
from plots.render import Renderer

SAY = words("en")


def default_scene() -> panels.Shown:
    land = landscapes.get(DEFAULT_LANDSCAPE)
    choices = tuple(Choice(name) for name in DEFAULT_OPTIMIZERS)
    scene = Scene(Built(DEFAULT_LANDSCAPE), choices, DEFAULT_LR, default_start(land), DEFAULT_STEPS, None,
                  Batching(), View(focus=DEFAULT_OPTIMIZERS[0]))  # fmt: skip
    return panels.shown(scene)


def timed(make):
    begin = time.perf_counter()
    made = make()
    return time.perf_counter() - begin, made


def size(png: bytes) -> str:
    width, height = Image.open(io.BytesIO(png)).size
    return f"{width}x{height}"


def one_round(renderer: Renderer, page: panels.Shown) -> dict[str, tuple[float, str]]:
    """Each file made once, as the panel makes it: {file: (seconds, what it came out as)}."""
    drawn = tracks(page.plan, page.runs, SAY)
    grids = work.grid(page.scene.source, 100)
    charts = {
        "map": panels.scene_figure(page, drawn, grids, animated=True, browser_frames=True, say=SAY),
        "loss": loss_figure(page.land, drawn, SAY),
        "rates": panels.rates_chart(page, SAY),
    }
    caption = takeaway.caption(page, SAY)

    def animation() -> dict:
        return figure_spec(panels.scene_figure(page, drawn, grids, animated=True, browser_frames=False, say=SAY))

    made = {}
    seconds, movie = timed(lambda: animated_gif(renderer, animation(), caption))
    frames = Image.open(io.BytesIO(movie)).n_frames
    made["GIF, 100 steps of 3 optimizers"] = (seconds, f"{frames} frames, {len(movie) / 1e6:.2f} MB")
    facts = takeaway.facts(page, SAY)
    seconds, offline = timed(lambda: standalone_html([animation()], caption, "http://localhost:8501/", facts, "en"))
    made["offline page (HTML)"] = (seconds, f"{len(offline.encode()) / 1e6:.2f} MB")
    specs = {name: figure_spec(fig) for name, fig in charts.items()}
    seconds, shots = timed(lambda: pictures(renderer, specs, takeaway.SCREEN_WIDTHS, takeaway.PNG_SCALE))
    made["PNG of each chart (3)"] = (seconds, ", ".join(f"{name} {size(png)}" for name, png in shots.items()))
    seconds, table = timed(lambda: takeaway.every_step(page, SAY).to_csv(index=False).encode())
    made["every step (CSV)"] = (seconds, f"{len(table) / 1e3:.0f} kB")
    made["baseline: 1 PNG, one-shot kaleido"] = timed(
        lambda: size(kaleido.calc_fig_sync(specs["loss"], opts={"format": "png", "width": 590, "height": 500},
                                           kopts={"mathjax": False}))
    )  # fmt: skip
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # cached work outside a served page warns at each call
    page = default_scene()
    opened, renderer = timed(Renderer)
    print(f"one Chromium opened for pictures in {opened:.2f} s (once per server process)")
    results = [one_round(renderer, page) for _ in range(rounds)]
    print(f"{rounds} rounds; median (min-max) seconds, and the last file made")
    for name in results[0]:
        times = [result[name][0] for result in results]
        spread = f"{min(times):.2f}-{max(times):.2f}"
        print(f"  {name:36s} {statistics.median(times):6.2f} s ({spread})  {results[-1][name][1]}")


if __name__ == "__main__":
    main()
