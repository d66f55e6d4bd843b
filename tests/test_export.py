"""The offline page a scene is taken away as, decoded and checked. (Its GIF and PNGs are made in the browser:
test_browser.py and tests/js/pictures.test.js.)"""

import json
import re
from html.parser import HTMLParser

import landscapes
import optimizers
from language import words
from page.takeaway import scene_address
from plots.contour import contour_figure
from plots.export import standalone_html
from plots.live import figure_spec
from plots.shading import landscape_grid, shading_for
from plots.style import Track
from tests.browser import needs_chromium, offline

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
