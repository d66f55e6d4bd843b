"""The "Take it away" panel: the scene as an animated GIF, as a page that plays offline, each chart as a PNG at
twice its size on a projector's screen, and every optimizer's steps as CSV. Each file is made when asked for,
from the same figures the page draws."""

from __future__ import annotations

import hashlib
import ipaddress
from urllib.parse import urlencode, urlparse

import pandas as pd
import streamlit as st

from language import number
from page import panels, work
from page.charts import take_pictures
from page.lessons import catalog
from page.scene import Typed, View, path_title, tracks
from page.wording import KEY as LANGUAGE
from page.wording import words
from plots.animation import Figure
from plots.export import standalone_html
from plots.live import figure_spec

OPEN = "takeaway_open"
"""Session key of whether the panel is open: closed, its buttons are neither made nor sent on a rerun."""
SCREEN_WIDTHS = {"map": 820, "loss": 402, "rates": 402, "data": 402}
"""Each chart's width in CSS pixels on a 1280 × 720 screen with the sidebar open (measured in Chromium); its
PNG is twice that, and twice its own height."""
PNG_SCALE = 2
CHART_KEYS = {
    "map": ["curve", "contour", "surface", "basin_map"],
    "loss": ["loss"],
    "rates": ["rates"],
    "data": ["data"],
}
"""The page's keys of each chart a picture is made of (the main view is one of four), the first on the page."""
GIF_SIZE = (960, 540)
MAX_GIF_BYTES = 8 * 1024 * 1024
GIF_PLAY_MS = 6000
"""One pass through the frames takes about this long; the last frame then stays up for GIF_HOLD_MS."""
GIF_HOLD_MS = 2000
STILL_MARGIN = {"t": 110, "b": 70}
"""A GIF's picture has no Play or scrubber under it, and its title and legend above it."""


@st.fragment
def panel(page: panels.Shown, charts: dict[str, Figure], link: dict[str, str]) -> None:
    """The panel's buttons for the scene on show; `charts` are the figures drawn, by name; `link` its address.
    A fragment: making a file reruns the panel alone, and the page stays as it is meanwhile."""
    say = words()
    scene_id = hashlib.sha1(repr((page.scene, st.session_state.get(LANGUAGE))).encode()).hexdigest()[:16]
    stem = file_stem(page)
    st.caption(say("takeaway.intro"))
    grids = work.grid(page.scene.source, 400 if page.land.dim == 1 else 100)

    def animation() -> Figure:
        """The scene with its frames made here: what the GIF and the offline page play."""
        return panels.scene_figure(
            page, tracks(page.plan, page.runs, say), grids, animated=True, browser_frames=False, say=say
        )

    # The GIF and the PNGs are made by the learner's browser from the charts on the page (take_pictures.js).
    texts = {key: say(f"takeaway.{key}") for key in ("make_gif", "gif", "make_png", "starting", "drawing", "failed")}
    texts["no_frames"] = say("takeaway.no_frames", what=say(f"takeaway.no_frames_{why_no_frames(page.scene.view)}"))
    gif = {
        "caption": caption(page, say),
        "width": GIF_SIZE[0],
        "height": GIF_SIZE[1],
        "margin": STILL_MARGIN,
        "playMs": GIF_PLAY_MS,
        "holdMs": GIF_HOLD_MS,
        "maxBytes": MAX_GIF_BYTES,
        "keys": CHART_KEYS["map"],
    }
    png = [{"name": name, "keys": CHART_KEYS[name], "width": width, "label": say(f"takeaway.png_{name}")}
           for name, width in SCREEN_WIDTHS.items() if name in charts]  # fmt: skip
    # A file made for another scene (`scene_id`) is never offered for this one.
    take_pictures(key="take_pictures", data={"scene": scene_id, "stem": stem, "gif": gif,
                                             "png": {"charts": png, "scale": PNG_SCALE},
                                             "texts": texts})  # fmt: skip

    # Made when clicked, in a thread of Streamlit's: everything it needs from the session is read here.
    address = scene_address(st.context.url or "", link)
    lang = st.session_state.get(LANGUAGE, "en")
    notes = lesson_notes(link, lang)

    def page_file() -> bytes:
        shown = [figure_spec(animation()), *(figure_spec(charts[name]) for name in ("loss",) if name in charts)]
        return standalone_html(shown, caption(page, say), address, facts(page, say), lang, notes).encode()

    st.download_button(say("takeaway.html"), page_file, file_name=f"{stem}.html", mime="text/html",
                       on_click="ignore", key="download_html", icon=":material/download:")  # fmt: skip

    st.download_button(say("takeaway.csv"), lambda: every_step(page, say).to_csv(index=False).encode(),
                       file_name=f"{stem}-steps.csv", mime="text/csv", on_click="ignore", key="download_every_step",
                       icon=":material/download:")  # fmt: skip


def why_no_frames(view: View) -> str:
    """What keeps the main chart from having Play's frames when it has none (the browser says it only then): the
    basin map, or the animation off (or stepped through)."""
    return "basins" if view.basins and view.kind == "contour" else "still"  # a curve keeps its frames under basins


def scene_address(url: str, link: dict[str, str]) -> str:
    """The scene's address for a file that leaves this computer: the page's own, or, where the page was opened
    on this computer's loopback address (which means nothing elsewhere), only the scene's part of it."""
    query = "?" + urlencode(link) if link else ""
    host = urlparse(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return query or "?" if loopback or not url else url + query


def lesson_notes(link: dict[str, str], lang: str) -> list[str]:
    """In a lesson, the step's narration, for the offline page beside its chart; else nothing."""
    lesson = catalog().get(link.get("lesson", ""))
    if lesson is None:
        return []
    step = lesson.steps[int(link.get("step", "1")) - 1]
    return [lesson.title[lang], step.narration[lang]]


def every_step(page: panels.Shown, say) -> pd.DataFrame:
    """Every step of every run on show, one table, the run named in its first column."""
    frames = []
    for entry in page.plan:
        frame = panels.steps_frame(page, entry, say)
        frame.insert(0, say("table.optimizer"), path_title(entry, say))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def caption(page: panels.Shown, say) -> str:
    """The scene in a line: the landscape and the learning rate (each run's, when they differ)."""
    rates = {entry.lr for entry in page.plan}
    if len(rates) == 1:
        rate = f"η = {number(rates.pop())}"
    else:
        rate = say("list.separator").join(f"{path_title(entry, say)} η = {number(entry.lr)}" for entry in page.plan)
    return f"{landscape_title(page, say)}  ·  {rate}"


def landscape_title(page: panels.Shown, say) -> str:
    source = page.scene.source
    return f"J = {source.text}" if isinstance(source, Typed) else say(f"landscape.{source.name}.title")


def facts(page: panels.Shown, say) -> list[tuple[str, str]]:
    """The scene's settings, name and value, as the sidebar shows them."""
    scene = page.scene
    rows = [
        (say("control.landscape"), landscape_title(page, say)),
        (
            say("control.optimizers"),
            say("list.separator").join(f"{path_title(e, say)} (η = {number(e.lr)})" for e in page.plan),
        ),
        (say("takeaway.start"), panels.point(scene.start)),
        (say("control.steps"), str(scene.steps)),
    ]
    if scene.schedule is not None:
        rows.append((say("control.schedule"), say(f"schedule.{scene.schedule.name}.title")))
        if scene.schedule.settings:
            rows.append((say(f"schedule.{scene.schedule.name}.title"), settings_text(scene.schedule.settings, say)))
    rows += [(path_title(e, say), settings_text(e.optimizer.settings, say)) for e in page.plan if e.optimizer.settings]
    return rows


def settings_text(settings: tuple[tuple[str, float], ...], say) -> str:
    """Settings as the sidebar names them: "beta1 (β₁) = 0.9, eps (ε) = 1e-08"."""
    return say("list.separator").join(f"{say(f'param.{name}')} = {number(value)}" for name, value in settings)


def file_stem(page: panels.Shown) -> str:
    source = page.scene.source
    return "gradient-descent-" + ("formula" if isinstance(source, Typed) else source.name).replace("_", "-")
