"""Figure builders without the page: what animation frames carry, the map's colour image and level lines."""

import base64
import io

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

import landscapes
import optimizers
from language import words
from plots.animation import Figure, animate
from plots.backdrop import colour_image, level_lines
from plots.basins import add_basin_band, basin_figure
from plots.contour import contour_figure
from plots.curve import curve_figure
from plots.data_view import boundary
from plots.paths import divergence_marks
from plots.shading import landscape_grid, shading_for
from plots.style import SURFACE_COLORS, Track
from tests.specs import numbers

SAY = words("en")


def frame(step: int, name: str) -> dict:
    points = np.arange(step + 1, dtype=np.float32)
    return {"type": "scatter", "x": points, "y": points, "name": name, "mode": "lines"}


def test_a_value_that_changes_in_any_frame_is_sent_in_every_frame():
    fig = Figure(data=[go.Scatter(x=[0, 1, 2], y=[0, 1, 2], name="model at step 2", mode="lines")])
    steps = np.arange(3)
    animate(fig, steps, [[frame(step, f"model at step {step}")] for step in steps], [0], SAY)
    frames = fig.to_dict()["frames"]
    # The last frame's name equals the figure's, yet it must be sent: frame 1 changed it.
    assert [f["data"][0]["name"] for f in frames] == ["model at step 0", "model at step 1", "model at step 2"]
    assert all({"x", "y"} <= set(f["data"][0]) for f in frames)
    assert not any({"type", "mode"} & set(f["data"][0]) for f in frames), "what never changes is not resent"


def test_the_colour_image_is_light_at_the_minimum_dark_up_the_walls_and_clear_where_j_is_undefined():
    grid = landscape_grid(landscapes.get("bowl"), 40)
    values = grid.values.astype(np.float32).copy()
    values[:5, :] = np.nan  # the bottom rows: J undefined there
    image = colour_image(grid, values, SURFACE_COLORS)
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(image["source"].split(",")[1]))))
    assert pixels.shape == (40, 40, 4)
    assert (pixels[-5:, :, 3] == 0).all(), "the image's bottom rows are the grid's lowest y: transparent"
    assert (pixels[:-5, :, 3] == 255).all()
    centre, corner = pixels[20, 20, :3].astype(int).sum(), pixels[0, 0, :3].astype(int).sum()
    assert centre > corner, "low loss light, high loss dark"


def test_level_lines_follow_their_level():
    land = landscapes.get("bowl")
    grid = landscape_grid(land, 60)
    x, y = level_lines(grid, grid.values.astype(np.float32), levels=4)
    points = np.column_stack([x, y])
    points = points[np.isfinite(points).all(axis=1)]
    assert len(points) > 50
    heights = np.sort(land.value(points.astype(float)))
    low, high = grid.values.min(), grid.values.max()
    # Four levels: the heights fall into four tight groups, evenly spaced, a spacing in from each end of the range.
    breaks = np.flatnonzero(np.diff(heights) > 0.05 * (high - low))
    groups = np.split(heights, breaks + 1)
    assert len(groups) == 4
    assert max(np.ptp(group) for group in groups) < 0.02 * (high - low), "every point lies on one of the levels"
    centres = np.array([low, *(np.median(group) for group in groups), high])
    np.testing.assert_allclose(np.diff(centres), (high - low) / 5, rtol=0.03)


# ------------------------------------------------------------------------------------ what the charts show


def track(land, optimizer="gd", lr=0.05, start=None, steps=100, title="Gradient descent"):
    start = land.minima[0].point if start is None else start
    trajectory = optimizers.run(land, optimizers.get(optimizer), start, lr=lr, steps=steps)
    return Track(trajectory, title, "#E69F00")


def test_a_diverging_focus_path_is_followed_out_of_the_box_so_its_zig_zag_shows():
    land = landscapes.get("parabola")
    grid = landscape_grid(land, 400)
    tracks = {"gd": track(land, lr=1.5, start=(2.5,))}
    fig = curve_figure(land, grid, tracks, "gd", None, animated=False, say=SAY).to_dict()
    theta = tracks["gd"].trajectory.points[:, 0, 0]
    assert list(theta[:4]) == [2.5, -5.0, 10.0, -20.0], "each step overshoots to twice as far on the other side"
    low, high = fig["layout"]["xaxis"]["range"]
    assert low <= -20, "the view holds the first steps beyond the box"
    assert high >= 40, "the view holds the first steps beyond the box"
    assert high < 200, "and not so many that the first bounces shrink to nothing"
    curve = next(t for t in fig["data"] if t["name"] == "J(θ)")
    drawn = numbers(curve["x"])
    assert drawn.min() <= -20, "the curve is drawn where the path goes"
    assert drawn.max() >= 40, "the curve is drawn where the path goes"
    top = fig["layout"]["yaxis"]["range"][1]
    assert top >= 40**2, "J's axis reaches the heights the bounces climb to"


def test_a_path_that_stays_in_the_box_keeps_the_box():
    land = landscapes.get("parabola")
    fig = curve_figure(land, landscape_grid(land, 400), {"gd": track(land, lr=0.1, start=(2.5,))}, "gd", None,
                       animated=False, say=SAY).to_dict()  # fmt: skip
    assert fig["layout"]["xaxis"]["range"] == [-3.0, 3.0]


def test_the_1d_start_is_ringed_and_the_arrows_are_labelled_only_where_they_have_length():
    land = landscapes.get("local_minimum")
    steps = 100
    tracks = {"gd": track(land, lr=0.05, start=(2.5,), steps=steps)}
    rates = np.full(steps, 0.05)
    fig = curve_figure(land, landscape_grid(land, 400), tracks, "gd", rates, animated=True, say=SAY).to_dict()
    (ring,) = [t for t in fig["data"] if t.get("name") == "start"]
    assert (numbers(ring["x"])[0], ring["marker"]["symbol"]) == (2.5, "circle-open")

    def arrows(frame):
        names = [fig["data"][index]["name"] for index in frame["traces"]]
        return [trace for name, trace in zip(names, frame["data"], strict=True) if name in ("Δθ", "−η·∇J")]

    arrows_first, arrows_last = arrows(fig["frames"][0]), arrows(fig["frames"][-1])
    assert all(t["text"][1] for t in arrows_first), "at the start the steps are long: both arrows are named"
    assert len(arrows_last) == 2
    assert not any(t["text"][1] for t in arrows_last), "settled, the arrows have no length: no label on the point"
    assert all(
        numbers(t["marker"]["size"])[1] == 0 if isinstance(t["marker"]["size"], dict) else t["marker"]["size"][1] == 0
        for t in arrows_last
    ), "nor a head pointing nowhere"


def test_the_1d_arrows_show_the_step_just_taken_downhill_and_none_before_the_first():
    """Lesson 1 asks where θ is after one step: at iteration 1 the chart draws that step, 2.5 → 2.0, and the
    gradient term −η·∇J beside it, both downhill; at iteration 0 only the step about to be taken."""
    land = landscapes.get("parabola")
    whole = track(land, lr=0.1, start=(2.5,), steps=20)
    for iteration, moved in ((1, True), (0, False)):
        cut = whole.trajectory._replace(points=whole.trajectory.points[: iteration + 1],
                                        values=whole.trajectory.values[: iteration + 1],
                                        steps=whole.trajectory.steps[: iteration + 1])  # fmt: skip
        fig = curve_figure(land, landscape_grid(land, 400), {"gd": whole._replace(trajectory=cut)}, "gd",
                           np.full(20, 0.1), animated=False, say=SAY).to_dict()  # fmt: skip
        arrows = {t["name"]: numbers(t["x"]) for t in fig["data"] if t.get("name") in ("Δθ", "−η·∇J")}
        np.testing.assert_allclose(arrows["−η·∇J"], [2.5, 2.0]), "downhill, by η times the slope 5"
        np.testing.assert_allclose(arrows["Δθ"], [2.5, 2.0] if moved else [2.5, 2.5])


def test_the_curves_frames_walk_each_path_here_and_leave_the_paths_to_the_browser_with_its_sweep():
    """Made here (a file taken away), frame k draws each path up to step k and the arrows at it; with the
    browser's frames, the server's carry the same arrows alone, frame by frame."""
    land = landscapes.get("local_minimum")
    tracks = {name: track(land, name, lr=0.05, start=(2.5,), title=name) for name in ("gd", "adam")}
    made = [curve_figure(land, landscape_grid(land, 400), tracks, "gd", np.full(100, 0.05), animated=True, say=SAY,
                         browser_frames=browser).to_dict() for browser in (False, True)]  # fmt: skip
    here, arrows_only = made
    names = [[fig["data"][i]["name"] for i in fig["frames"][0]["traces"]] for fig in made]
    assert names == [["gd", "adam", "tangent (slope ∂J/∂θ)", "−η·∇J", "Δθ"], ["tangent (slope ∂J/∂θ)", "−η·∇J", "Δθ"]]
    theta = tracks["gd"].trajectory.points[:, 0, 0]
    for whole, alone in zip(here["frames"], arrows_only["frames"], strict=True):
        step = int(whole["name"])
        assert numbers(whole["data"][0]["x"])[-1] == np.float32(theta[step]), "gd's path ends at the frame's step"
        assert alone["name"] == whole["name"]
        for kept, sent in zip(whole["data"][2:], alone["data"], strict=True):
            np.testing.assert_array_equal(numbers(kept["x"]), numbers(sent["x"]))


def test_paths_that_diverge_at_one_place_share_one_label():
    land = landscapes.get("rosenbrock")
    tracks = {name: track(land, name, lr=0.05, start=(-1.5, 2.5), title=name.upper()) for name in ("gd", "nesterov")}
    marks = divergence_marks(tracks, land.bounds, SAY)
    assert all(t.trajectory.diverged[0] for t in tracks.values())
    (mark,) = marks
    assert mark["text"] == ["diverged at step 1"]
    assert "GD, NESTEROV" in mark["hovertemplate"]


def test_the_start_label_sits_on_a_pale_box_over_the_paths():
    land = landscapes.get("rosenbrock")
    grid = landscape_grid(land, 40)
    tracks = {"gd": track(land, lr=0.0005, start=(-1.5, 2.5))}
    fig = contour_figure(land, grid, shading_for(land, grid), tracks, (-1.5, 2.5), animated=False, say=SAY).to_dict()
    (label,) = [a for a in fig["layout"]["annotations"] if a["text"] == "start"]
    assert (label["x"], label["y"]) == (-1.5, 2.5)
    assert label["bgcolor"].startswith("rgba(255,255,255")


def test_the_basin_map_puts_each_start_where_it_began():
    land = landscapes.get("himmelblau")
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=0.01, steps=300, resolution=41)
    fig = basin_figure(land, basins, (0.0, 0.0), SAY).to_dict()
    heatmap = next(t for t in fig["data"] if t["type"] == "heatmap")
    x, y = numbers(heatmap["x"]), numbers(heatmap["y"])
    z = numbers(heatmap["z"]).reshape(len(y), len(x)) if isinstance(heatmap["z"], dict) else np.array(heatmap["z"])
    for index, minimum in enumerate(land.minima):
        # A start right at a minimum stays in it: Plotly draws z[row j][column i] at (x[i], y[j]).
        i = int(np.abs(x - minimum.point[0]).argmin())
        j = int(np.abs(y - minimum.point[1]).argmin())
        assert z[j][i] == index, minimum


def test_a_1d_band_with_more_minima_than_colours_is_drawn():
    land = landscapes.from_formula("sin(10*x) + 0.1*x^2")
    assert len(land.minima) > 8
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=0.01, steps=50, resolution=300)
    fig = add_basin_band(
        curve_figure(land, landscape_grid(land, 400), {}, None, None, animated=False, say=SAY), land, basins, SAY
    )
    band = [s for s in fig.to_dict()["layout"]["shapes"] if s["yref"] == "y2 domain"]
    assert sum(s["x1"] - s["x0"] for s in band) == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("score", "distance"),
    [
        (lambda p: p[:, 0] - 0.5 * p[:, 1] + 0.3, lambda x, y: np.abs(x - 0.5 * y + 0.3) / np.hypot(1, 0.5)),
        (lambda p: np.hypot(p[:, 0], p[:, 1]) - 1.0, lambda x, y: np.abs(np.hypot(x, y) - 1.0)),
    ],
    ids=["a linear model's line", "a network's curve"],
)
def test_the_decision_boundary_is_traced_where_the_score_is_zero(score, distance):
    x, y = boundary(score, (-2.0, 2.0), (-2.0, 2.0), cells=40)
    drawn = ~np.isnan(x)
    assert drawn.sum() >= 40, "the boundary crosses the chart"
    assert distance(x[drawn], y[drawn]).max() < 2e-3, "every point of it on the zero of the score"
    assert np.isnan(x[2::3]).all(), "segments apart, so no line joins two pieces across the chart"
