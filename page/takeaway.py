"""The "Take it away" panel: the scene as an animated GIF, as a page that plays offline, each chart as a PNG at
twice its size on a projector's screen, and every optimizer's steps as CSV. Each file is made when asked for,
from the same figures the page draws."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from collections.abc import Callable
from urllib.parse import urlencode, urlparse

import pandas as pd
import streamlit as st

from language import number
from page import panels, work
from page.lessons import catalog
from page.scene import Typed, path_title, tracks
from page.wording import KEY as LANGUAGE
from page.wording import words
from plots.animation import Figure
from plots.export import animated_gif, pictures, standalone_html
from plots.live import figure_spec
from plots.render import NoBrowser, Renderer

OPEN = "takeaway_open"
"""Session key of whether the panel is open: closed, its buttons are neither made nor sent on a rerun."""
MADE = "_takeaway"
"""Session key of the files made for the scene on show: {"scene": its id, "files": {kind: bytes or {chart: bytes}}}."""
SCREEN_WIDTHS = {"map": 820, "loss": 402, "rates": 402, "data": 402}
"""Each chart's width in CSS pixels on a 1280 × 720 screen with the sidebar open (measured in Chromium); its
PNG is twice that, and twice its own height."""
PNG_SCALE = 2


@st.cache_resource(show_spinner=False)
def renderer() -> Renderer:
    """This server process's one renderer: its Chromium opens when a picture is asked for and closes when idle."""
    return Renderer()


@st.fragment
def panel(page: panels.Shown, charts: dict[str, Figure], link: dict[str, str]) -> None:
    """The panel's buttons for the scene on show; `charts` are the figures drawn, by name; `link` its address.
    A fragment: making a file reruns the panel alone, and the page stays as it is meanwhile."""
    say = words()
    scene_id = hashlib.sha1(repr((page.scene, st.session_state.get(LANGUAGE))).encode()).hexdigest()[:16]
    made = st.session_state.get(MADE)
    if not made or made["scene"] != scene_id:  # a file of another scene is never offered for this one
        made = st.session_state[MADE] = {"scene": scene_id, "files": {}}
    files, stem = made["files"], file_stem(page)
    st.caption(say("takeaway.intro"))
    grids = work.grid(page.scene.source, 400 if page.land.dim == 1 else 100)

    def animation() -> Figure:
        """The scene with its frames made here: what the GIF and the offline page play."""
        return panels.scene_figure(
            page, tracks(page.plan, page.runs, say), grids, animated=True, browser_frames=False, say=say
        )

    # Each slot holds the button that makes a file until the file is made, then the button that saves it.
    gif_slot = st.empty()
    if "gif" not in files and gif_slot.button(say("takeaway.make_gif"), key="make_gif", icon=":material/movie:"):
        title = caption(page, say)
        _made(files, "gif", lambda tell, wait: animated_gif(renderer(), figure_spec(animation()), title, tell, wait),
              say)  # fmt: skip
    if "gif" in files:
        gif_slot.download_button(say("takeaway.gif"), files["gif"], file_name=f"{stem}.gif", mime="image/gif",
                                 on_click="ignore", key="download_gif", icon=":material/download:")  # fmt: skip

    # Made when clicked, in a thread of Streamlit's: everything it needs from the session is read here.
    address = scene_address(st.context.url or "", link)
    lang = st.session_state.get(LANGUAGE, "en")
    notes = lesson_notes(link, lang)

    def page_file() -> bytes:
        shown = [figure_spec(animation()), *(figure_spec(charts[name]) for name in ("loss",) if name in charts)]
        return standalone_html(shown, caption(page, say), address, facts(page, say), lang, notes).encode()

    st.download_button(say("takeaway.html"), page_file, file_name=f"{stem}.html", mime="text/html",
                       on_click="ignore", key="download_html", icon=":material/download:")  # fmt: skip

    png_slot = st.empty()
    if "png" not in files and png_slot.button(say("takeaway.make_png"), key="make_png", icon=":material/image:"):
        specs = {name: figure_spec(fig) for name, fig in charts.items()}
        _made(files, "png", lambda tell, wait: pictures(renderer(), specs, SCREEN_WIDTHS, PNG_SCALE, tell, wait), say)
    if "png" in files:
        with png_slot.container():
            for chart, picture in files["png"].items():
                st.download_button(say(f"takeaway.png_{chart}"), picture, file_name=f"{stem}-{chart}.png",
                                   mime="image/png", on_click="ignore", key=f"download_png_{chart}",
                                   icon=":material/download:")  # fmt: skip

    st.download_button(say("takeaway.csv"), lambda: every_step(page, say).to_csv(index=False).encode(),
                       file_name=f"{stem}-steps.csv", mime="text/csv", on_click="ignore", key="download_every_step",
                       icon=":material/download:")  # fmt: skip


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


def _made(files: dict, kind: str, make: Callable, say) -> None:
    """`files[kind] = make(tell, wait)`, with a progress bar that `wait(ahead)` fills in while other visitors'
    pictures are ahead in the queue and `tell(done, total)` moves while these are drawn; if they cannot be (no
    Chromium on this server, or one that failed: its error goes to the server's log, not to the page), a message
    in the panel instead."""
    bar = st.progress(0.0, text=say("takeaway.starting"))
    try:
        files[kind] = make(
            lambda done, total: bar.progress(done / total, say("takeaway.drawing", done=done, total=total)),
            lambda ahead: bar.progress(0.0, say("takeaway.waiting", count=ahead)),
        )
    except NoBrowser:
        st.warning(say("takeaway.no_browser"), icon=":material/warning:")
    except Exception:
        logging.getLogger(__name__).exception("drawing pictures failed")
        st.error(say("takeaway.failed"))
    finally:
        bar.empty()


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
