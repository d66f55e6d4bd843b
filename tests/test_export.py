"""The files a scene is taken away as: stills of its frames, the GIF, the offline page, each decoded and checked."""

import io
import json
import re
import threading
import time
from html.parser import HTMLParser

import numpy as np
import pytest
from PIL import Image

import landscapes
import optimizers
from language import words
from page.takeaway import scene_address
from plots.contour import contour_figure
from plots.curve import curve_figure
from plots.export import GIF_HOLD_MS, GIF_SIZE, animated_gif, gif, merged, pictures, standalone_html, stills
from plots.live import figure_spec
from plots.shading import landscape_grid, shading_for
from plots.style import Track
from tests.browser import needs_chromium, offline
from tests.specs import numbers

SAY = words("en")


def race(land, names=("gd", "momentum", "adam"), lr=0.05, start=(-1.5, 2.5), steps=100) -> dict[str, Track]:
    colors = ("#E69F00", "#0072B2", "#D55E00")
    return {
        name: Track(optimizers.run(land, optimizers.get(name), start, lr=lr, steps=steps), name.upper(), color)
        for name, color in zip(names, colors, strict=False)
    }


def map_spec(steps=100) -> dict:
    """The default race on Rosenbrock as the page's map, with its frames made here (as the exports make it)."""
    land = landscapes.get("rosenbrock")
    grid = landscape_grid(land, 100)
    tracks = race(land, lr=0.0005, steps=steps)
    fig = contour_figure(land, grid, shading_for(land, grid), tracks, (-1.5, 2.5), animated=True, say=SAY)
    return figure_spec(fig)


def test_each_still_shows_the_paths_as_they_stood_at_its_frame():
    land = landscapes.get("parabola")
    tracks = race(land, names=("gd",), lr=0.1, start=(2.5,), steps=20)
    spec = figure_spec(curve_figure(land, landscape_grid(land, 400), tracks, "gd", None, animated=True, say=SAY))
    shots = stills(spec, "Parabola · η = 0.1")
    assert len(shots) == len(spec["frames"]) == 21
    path_index = next(i for i, t in enumerate(spec["data"]) if t.get("name") == "GD")
    full = tracks["gd"].trajectory.points[:, 0, 0]
    for frame, shot in zip(spec["frames"], shots, strict=True):
        step = int(frame["name"])
        x = numbers(shot["data"][path_index]["x"])
        np.testing.assert_allclose(x, full[: step + 1], rtol=1e-6)
        assert shot["layout"]["title"]["text"] == f"Parabola · η = 0.1  ·  step {step}"
        assert "sliders" not in shot["layout"]
        assert "updatemenus" not in shot["layout"]


def test_a_still_without_frames_is_the_figure_titled():
    land = landscapes.get("parabola")
    spec = figure_spec(curve_figure(land, landscape_grid(land, 400), {}, None, None, animated=False, say=SAY))
    (shot,) = stills(spec, "Parabola")
    assert shot["data"] == spec["data"]
    assert shot["layout"]["title"]["text"] == "Parabola"


def test_a_frame_replaces_a_typed_array_whole_and_merges_nested_settings():
    base = {"x": {"dtype": "f4", "bdata": "AAA", "shape": "3"}, "marker": {"color": "red", "size": 3}}
    partial = {"x": {"dtype": "f8", "bdata": "BBB"}, "marker": {"size": 9}}
    assert merged(base, partial) == {"x": {"dtype": "f8", "bdata": "BBB"}, "marker": {"color": "red", "size": 9}}


def png(dot: int, size=(96, 54)) -> bytes:
    """A white picture with a red dot `dot` pixels from the left: a path's head moving along."""
    image = Image.new("RGB", size, "white")
    image.paste((200, 30, 30), (dot, 20, dot + 6, 26))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_gif_loops_one_frame_per_picture_and_holds_the_last():
    movie = Image.open(io.BytesIO(gif([png(8 * i) for i in range(10)])))
    assert movie.format == "GIF"
    assert movie.n_frames == 10
    assert movie.info["loop"] == 0
    movie.seek(9)
    assert movie.info["duration"] == GIF_HOLD_MS
    assert movie.convert("RGB").getpixel((75, 22)) == (200, 30, 30), "the last picture, in its own colours"
    assert movie.convert("RGB").getpixel((3, 22)) == (255, 255, 255)


def test_a_gif_over_its_size_limit_drops_every_other_frame_but_keeps_the_last():
    rng = np.random.default_rng(0)
    noisy = []
    for _ in range(9):
        out = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, (200, 200, 3), dtype=np.uint8)).save(out, format="PNG")
        noisy.append(out.getvalue())
    whole = gif(noisy)
    smaller = gif(noisy, max_bytes=len(whole) // 2)
    assert len(smaller) <= len(whole) // 2
    kept = Image.open(io.BytesIO(smaller))
    assert 2 <= kept.n_frames < 9
    kept.seek(kept.n_frames - 1)
    last = Image.open(io.BytesIO(whole))
    last.seek(8)
    assert kept.convert("RGB").tobytes() == last.convert("RGB").tobytes(), "the last frame is kept"


class Page(HTMLParser):
    """What the offline page holds: its scripts (inline or not), links, table cells and the html tag's language."""

    def __init__(self):
        super().__init__()
        self.scripts, self.sources, self.links, self.cells, self.lang, self._in = [], [], [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "script":
            self.sources.append(attrs.get("src"))
            self.scripts.append("")
        if tag in ("link", "img", "iframe") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))
        if tag == "a":
            self.links.append(attrs.get("href"))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in in ("th", "td"):
            self.cells.append(data)


def test_the_offline_page_holds_plotly_js_and_every_frame_and_loads_nothing_over_the_network():
    spec = map_spec()
    address = "http://teacher:8501/?landscape=rosenbrock&lr=0.0005"
    loss = {"data": [{"type": "scatter", "x": [0, 1], "y": [3.0, 1.0], "name": "loss"}], "layout": {}}
    text = standalone_html(
        [spec, loss], "Rosenbrock · η = 0.0005", address, [("Landscape", "Rosenbrock"), ("Steps", "100")], "en",
        ["Local minima", "Gradient descent goes **downhill** <b>only</b>."],
    )  # fmt: skip
    page = Page()
    page.feed(text)
    assert page.lang == "en"
    assert page.sources, "the page has scripts"
    assert all(source is None for source in page.sources), "every script is inside the page"
    assert [link for link in page.links if link != address] == [], "nothing else is fetched"
    assert any("Plotly" in script and len(script) > 1_000_000 for script in page.scripts), "plotly.js itself"
    figure = next(s for s in page.scripts if "Plotly.newPlot" in s)
    frames = json.loads(re.search(r"\.then\(function\(\)\{\s*Plotly\.addFrames\([^,]+,\s*(\[.*\])\);", figure).group(1))
    assert [frame["name"] for frame in frames] == [frame["name"] for frame in spec["frames"]]
    assert page.cells == ["Landscape", "Rosenbrock", "Steps", "100"]
    assert "Play" in figure, "Play and Pause"
    assert "sliders" in figure, "the scrubber"
    assert sum("Plotly.newPlot" in script for script in page.scripts) == 2, "the map and the loss chart"
    assert sum(len(script) > 1_000_000 for script in page.scripts) == 1, "plotly.js once"
    assert "goes <strong>downhill</strong> &lt;b&gt;only&lt;/b&gt;." in text, "the narration's bold, nothing else"


def test_a_scene_opened_on_the_loopback_address_gives_the_file_only_its_own_part_of_the_link():
    """A link to 127.0.0.1 means nothing on a student's laptop: the file names the scene, not that address."""
    link = {"landscape": "rosenbrock", "lr": "0.0005"}
    assert scene_address("http://127.0.0.1:8501/", link) == "?landscape=rosenbrock&lr=0.0005"
    assert scene_address("http://localhost:8080/", {}) == "?"
    assert (
        scene_address("http://teacher.school:8080/", link)
        == "http://teacher.school:8080/?landscape=rosenbrock&lr=0.0005"
    )


@pytest.fixture(scope="module")
def renderer():
    from plots.render import Renderer

    return Renderer()


@needs_chromium
def test_a_picture_has_the_promised_size(renderer):
    land = landscapes.get("parabola")
    spec = figure_spec(curve_figure(land, landscape_grid(land, 400), {}, None, None, animated=False, say=SAY))
    (picture,) = renderer.pngs([spec], 402, 420, scale=2)
    image = Image.open(io.BytesIO(picture))
    assert image.format == "PNG"
    assert image.size == (804, 840)
    assert len(set(image.convert("L").tobytes())) > 10, "something is drawn on it"


@needs_chromium
def test_the_gif_of_a_100_step_race_has_a_frame_per_recorded_frame_and_moves(renderer):
    spec = map_spec()
    shots = stills(spec, "Rosenbrock · η = 0.0005")
    movie = Image.open(io.BytesIO(data := gif(renderer.pngs(shots, *GIF_SIZE))))
    assert len(data) <= 8 * 1024 * 1024
    assert movie.size == GIF_SIZE
    assert movie.n_frames == len(spec["frames"]) >= 20
    first = movie.convert("RGB").tobytes()
    movie.seek(movie.n_frames - 1)
    assert movie.convert("RGB").tobytes() != first, "the paths grow"


@needs_chromium
def test_the_offline_page_plays_in_a_browser_cut_off_from_the_network(tmp_path):
    path = tmp_path / "scene.html"
    path.write_text(standalone_html([map_spec()], "Rosenbrock", "http://teacher:8501/", [], "en"), encoding="utf-8")
    with offline(path) as (page, asked):
        whole = page.evaluate(PATH_LENGTHS)
        page.get_by_text("Play").first.click()
        page.wait_for_timeout(400)
        playing = page.evaluate(PATH_LENGTHS)
    assert asked == [path.as_uri()], "nothing but the file itself"
    assert all(0 < now < then for now, then in zip(playing, whole, strict=True)), (playing, whole)


PATH_LENGTHS = """() => document.querySelector('.js-plotly-plot')._fullData
  .filter((t) => ['GD', 'MOMENTUM', 'ADAM'].includes(t.name)).map((t) => t.x.length)"""


@needs_chromium
def test_an_idle_browser_is_closed_and_the_next_picture_opens_one_again():
    from plots.render import Renderer

    renderer = Renderer(idle=0.5)
    land = landscapes.get("parabola")
    spec = figure_spec(curve_figure(land, landscape_grid(land, 400), {}, None, None, animated=False, say=SAY))
    renderer.pngs([spec], 300, 200)
    assert renderer.is_open
    deadline = time.monotonic() + 60  # closed half a second after its last picture, however slow the machine
    while renderer.is_open and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not renderer.is_open, "half a gigabyte is given back"
    (again,) = renderer.pngs([spec], 300, 200)
    assert Image.open(io.BytesIO(again)).size == (300, 200)


@needs_chromium
def test_pictures_asked_for_while_a_gif_is_drawn_wait_their_turn_and_are_made(renderer):
    """Another visitor's PNGs, asked for while a GIF is being drawn, hear how many requests are ahead, then are
    drawn in full: none times out behind the GIF's frames (both PNGs failed that way under a class's load)."""
    land = landscapes.get("parabola")
    small = figure_spec(curve_figure(land, landscape_grid(land, 400), {}, None, None, animated=False, say=SAY))
    started, heard, made = threading.Event(), [], {}

    def draw_gif():
        made["gif"] = animated_gif(renderer, map_spec(), "Rosenbrock", done=lambda n, total: started.set())

    drawing = threading.Thread(target=draw_gif)
    drawing.start()
    assert started.wait(120), "the GIF began"
    made["png"] = pictures(renderer, {"map": small}, {"map": 402}, 1, waiting=heard.append)
    drawing.join(300)
    assert heard, "the PNGs waited their turn behind the GIF"
    assert heard[0] == 1, "one request ahead"
    assert Image.open(io.BytesIO(made["png"]["map"])).size[0] == 402
    assert made["gif"][:6] == b"GIF89a"
