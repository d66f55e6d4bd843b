"""The lessons: every file valid, every step opens as a scene, and a question hides the run until answered."""

import numpy as np
import pytest

import landscapes
import optimizers
from page.lessons import FOLDER, LANGUAGES, catalog
from page.predictions import diverging_stop
from page.scene import LEARNING_RATES
from tests.specs import figures, numbers, sent, summary, tables
from tests.test_app import assert_healthy, run_page

LESSONS = catalog()
STEPS = [(name, index) for name, lesson in LESSONS.items() for index in range(len(lesson.steps))]


def test_the_lessons_come_in_the_order_their_files_name():
    """Each file's leading number is its lesson's place (`04_local_global.toml` is fourth), with no gap."""
    files = sorted(FOLDER.glob("*.toml"))
    assert [int(path.stem.split("_", 1)[0]) for path in files] == list(range(1, len(files) + 1))
    assert [lesson.order for lesson in LESSONS.values()] == list(range(1, len(files) + 1))
    assert list(LESSONS) == [path.stem.split("_", 1)[1] for path in files]


@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_is_complete_in_both_languages(name):
    lesson = LESSONS[name]
    assert 2 <= len(lesson.steps) <= 5
    assert set(lesson.title) == set(LANGUAGES)
    for step in lesson.steps:
        assert set(step.narration) == set(LANGUAGES)
        assert len(step.narration["en"].split()) <= 90, "a narration of at most 90 words"
        assert len(step.narration["zh"]) <= 300
        question = step.question
        if question is None:
            continue
        assert 2 <= len(question.answers) <= 4
        assert 0 <= question.right < len(question.answers), "exactly one right answer, among the answers"
        for text in (question.text, question.why, *question.answers):
            assert set(text) == set(LANGUAGES)
            assert all(value.strip() for value in text.values())
        assert len({answer["en"] for answer in question.answers}) == len(question.answers)
        for index, mistake in enumerate(question.mistakes):
            if index == question.right:
                assert mistake is None, "the right answer's why is the step's own"
            else:
                assert set(mistake) == set(LANGUAGES), "every wrong answer says, in both languages, why it is wrong"
                assert all(value.strip() for value in mistake.values())
        assert len({m["en"] for m in question.mistakes if m}) == len(question.answers) - 1, "each its own why"


@pytest.mark.parametrize(("name", "index"), STEPS, ids=[f"{n}-{i + 1}" for n, i in STEPS])
def test_every_step_opens_its_scene_without_a_notice(name, index):
    at = run_page(lesson=name, step=str(index + 1))
    assert_healthy(at)
    assert not at.warning, [w.value for w in at.warning]
    step = LESSONS[name].steps[index]
    for key, value in step.scene.items():
        if key in ("landscape", "schedule", "view", "loss_axis", "focus"):
            assert at.query_params.get(key, value) == value, key
    assert at.query_params["lesson"] == name
    assert at.query_params.get("step", "1") == str(index + 1)
    assert f"Step {index + 1} of {len(LESSONS[name].steps)}" in " ".join(m.value for m in at.markdown)


def drawn_paths(at) -> list[str]:
    main = sent(at)[0]["figure"]
    return [trace["meta"] for trace in main["data"] if str(trace.get("meta", "")).startswith("path ")]


def answer(at, index: int) -> None:
    next(radio for radio in at.radio if radio.key.startswith("answer")).set_value(str(index)).run()
    next(button for button in at.button if button.label == "Check my answer").click().run()
    assert_healthy(at)


def test_a_question_hides_the_run_until_it_is_answered():
    at = run_page(lesson="local_global")
    assert_healthy(at)
    assert drawn_paths(at) == [], "predict first: no path yet"
    assert not tables(at), "nor a table that would tell"
    answer(at, LESSONS["local_global"].steps[0].question.right)
    assert drawn_paths(at) == ["path gd"]
    assert at.success[0].value.startswith("**Right: The local one on the right.**")


def test_a_wrong_answer_says_its_own_why_and_gives_a_second_try():
    question = LESSONS["learning_rate"].steps[1].question
    first, second = [i for i in range(len(question.answers)) if i != question.right][:2]
    at = run_page(lesson="learning_rate", step="2")
    answer(at, first)
    assert drawn_paths(at) == [], "still hidden: a second try"
    (warning,) = at.warning
    assert question.answers[first]["en"] in warning.value
    assert question.mistakes[first]["en"] in warning.value, "the misconception that answer comes from"
    answer(at, second)
    assert drawn_paths(at) == ["path gd"], "two wrong answers: the run"
    (error,) = at.error
    assert question.answers[second]["en"] in error.value
    assert question.mistakes[second]["en"] in error.value
    assert question.answers[question.right]["en"] in error.value, "and then the right answer"
    assert question.why["en"] in error.value


def test_a_right_second_try_is_right():
    question = LESSONS["local_global"].steps[1].question
    wrong = next(i for i in range(len(question.answers)) if i != question.right)
    at = run_page(lesson="local_global", step="2")
    answer(at, wrong)
    answer(at, question.right)
    assert drawn_paths(at) == ["path gd"]
    assert at.success[0].value.startswith(f"**Right: {question.answers[question.right]['en']}.**")


def test_just_show_me_skips_the_question():
    at = run_page(lesson="convex")
    next(button for button in at.button if button.label == "Just show me").click().run()
    assert_healthy(at)
    assert "One" in at.info[0].value
    assert "reach a global minimum" in " ".join(m.value for m in at.markdown), "the basin map and its shares"


def test_moving_through_a_lesson_opens_each_step_and_leaving_keeps_the_scene():
    at = run_page(lesson="learning_rate")
    next(button for button in at.button if button.label == "Next →").click().run()
    assert at.select_slider(key="lr").value == 0.8
    next(button for button in at.button if button.label == "Next →").click().run()
    assert at.select_slider(key="lr").value == 1.2
    next(button for button in at.button if button.label == "← Previous").click().run()
    assert at.select_slider(key="lr").value == 0.8
    next(button for button in at.button if button.label == "Leave lesson").click().run()
    assert_healthy(at)
    assert at.select_slider(key="lr").value == 0.8, "the scene stays to play with"
    assert "lesson" not in at.query_params


def test_a_link_into_a_lesson_keeps_what_else_it_says():
    at = run_page(lesson="local_global", step="2", lr="0.1")
    assert_healthy(at)
    assert at.slider(key="start_x").value == -0.5, "the step's scene"
    assert at.select_slider(key="lr").value == 0.1, "the link's own change to it"


def test_one_iteration_at_a_time_shows_that_iterations_numbers():
    at = run_page(landscape="parabola", optimizers="gd", lr="0.1", stepping="true", iteration="1")
    assert_healthy(at)
    readout = next(m.value for m in at.markdown if m.value.startswith("**Iteration 1**"))
    assert "from θ = 2.5" in readout
    assert "∂J/∂θ = 5" in readout
    assert "Δθ = −0.5, to θ = 2" in readout, "a true minus sign"
    main = sent(at)[0]["figure"]
    (path,) = [t for t in main["data"] if t.get("meta") == "path gd"]
    assert len(path["x"]["bdata"]) > 0
    at.number_input(key="iteration").increment().run()
    assert any(m.value.startswith("**Iteration 2**") and "from θ = 2" in m.value for m in at.markdown)


CLAIMED = [(name, index) for name, index in STEPS if LESSONS[name].steps[index].claims]


@pytest.mark.parametrize(("name", "index"), CLAIMED, ids=[f"{n}-{i + 1}" for n, i in CLAIMED])
def test_what_a_lesson_says_of_its_run_is_what_the_run_did(name, index):
    """The step's claims (which its question's answer rests on) read against the summary table of the run."""
    at = run_page(lesson=name, step=str(index + 1))
    if LESSONS[name].steps[index].question is not None:
        next(button for button in at.button if button.label == "Just show me").click().run()
    assert_healthy(at)
    outcomes = dict(zip(summary(at)["optimizer"], summary(at)["outcome"], strict=True))
    for optimizer, words in LESSONS[name].steps[index].claims.items():
        assert words in outcomes[optimizers.get(optimizer).title], (optimizer, outcomes)


SHOWN = [(name, index) for name, index in STEPS if LESSONS[name].steps[index].shows]


def zigzags(points) -> bool:
    """Whether a path's steps turn back along some axis at least three times in its first 30 steps."""
    moves = np.diff(points[:31], axis=0)
    turns = np.sum(np.sign(moves[1:]) * np.sign(moves[:-1]) < 0, axis=0)
    return bool(np.max(turns) >= 3)


@pytest.mark.parametrize(("name", "index"), SHOWN, ids=[f"{n}-{i + 1}" for n, i in SHOWN])
def test_what_a_lesson_says_its_picture_shows_is_on_the_chart(name, index):
    """The moment the question is about is on the chart once it is answered: the paths named, the zig-zag,
    the step and its arrows, the marked saddle point."""
    step = LESSONS[name].steps[index]
    at = run_page(lesson=name, step=str(index + 1))
    if step.question is not None:
        next(button for button in at.button if button.label == "Just show me").click().run()
    assert_healthy(at)
    main = sent(at)[0]["figure"]
    paths = {t["meta"].removeprefix("path "): t for t in main["data"] if str(t.get("meta", "")).startswith("path ")}
    for optimizer in step.shows.get("drawn", []):
        assert optimizer in paths, f"{optimizer}'s path is drawn"
        assert len(numbers(paths[optimizer]["x"])) >= 2, "with at least one step"
    for optimizer in step.shows.get("zigzag", []):
        trace = paths[optimizer]
        points = np.stack([numbers(trace["x"]), numbers(trace["y"])], axis=-1)
        flat = landscapes.get(step.scene["landscape"]).dim == 1  # the curve's y is J, not a coordinate
        assert zigzags(points[:, :1] if flat else points), f"{optimizer}'s path zig-zags"
    named = {t.get("name"): t for t in main["data"]}
    for mark in step.shows.get("marked", []):
        assert mark in named, f"{mark!r} is on the chart"
        if "text" in named[mark]:
            assert named[mark]["text"][-1], f"the arrow {mark!r} has length, so it is labelled"


def test_the_batch_lesson_compares_the_three_at_equal_work():
    """On the examples axis (log), SGD's curve is no sliver at the left: it overlaps full batch's in work."""
    at = run_page(lesson="batches")
    figures(at)  # the parts this run sent, which the next one names by id
    next(button for button in at.button if button.label == "Just show me").click().run()
    loss = next(f for f in figures(at) if f["layout"].get("xaxis", {}).get("type") == "log")
    spans = {t["name"]: numbers(t["x"]) for t in loss["data"]}
    sgd = next(x for name, x in spans.items() if "SGD" in name)
    full = next(x for name, x in spans.items() if "full batch" in name)
    assert sgd.max() >= 2 * full.min(), "SGD has done at least two full batches' worth of work"
    assert np.log10(sgd.max() / sgd.min()) >= 0.25 * np.log10(full.max() / sgd.min()), "a quarter of the axis"


PREDICTED = [(name, index) for name, index in STEPS if LESSONS[name].steps[index].predict is not None]


def test_four_lessons_ask_a_class_for_points_or_eta_picks():
    assert len({name for name, _ in PREDICTED}) >= 4
    assert {LESSONS[name].steps[index].predict.kind for name, index in PREDICTED} == {"point", "rate"}


@pytest.mark.parametrize(("name", "index"), PREDICTED, ids=[f"{n}-{i + 1}" for n, i in PREDICTED])
def test_each_prediction_asks_what_its_run_can_answer(name, index):
    """A tap where the run ends needs a chart to tap (a map or a curve) and a run that ends on it; an η pick needs
    a stop of the slider from which the run diverges."""
    step = LESSONS[name].steps[index]
    assert set(step.predict.text) == set(LANGUAGES)
    assert step.question is not None, "a class predicts besides a step's question, not instead of it"
    scene = scene_of(step)
    land, plan = landscapes.get(scene["landscape"]), optimizers_of(scene)
    if step.predict.kind == "point":
        assert scene.get("basins") != "true", "a tap on a basin map is a start"
        assert scene.get("view", "map") == "map", "the 3D surface takes no tap"
        run = optimizers.run(land, optimizers.get(plan[0]), start_of(land, scene), lr=float(scene["lr"]),
                             steps=int(scene.get("steps", 100)))  # fmt: skip
        assert not run.diverged[0], "it ends on the chart"
    else:
        sweep = optimizers.sweep(land, optimizers.get(plan[0]), start_of(land, scene), LEARNING_RATES,
                                 steps=int(scene.get("steps", 100)))  # fmt: skip
        assert diverging_stop(sweep.diverged) is not None


def scene_of(step) -> dict[str, str]:
    return {"landscape": "ravine", **step.scene}


def optimizers_of(scene) -> list[str]:
    return scene.get("optimizers", "gd,nesterov,adam").split(",")


def start_of(land, scene) -> tuple[float, ...]:
    keys = ("start_x", "start_y")[: land.dim]
    return tuple(float(scene[key]) if key in scene else land.start[i] for i, key in enumerate(keys))
