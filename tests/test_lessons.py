"""The lessons: every file valid, every step opens as a scene, and a question hides the run until answered."""

import json

import pytest

import optimizers
from page.lessons import LANGUAGES, catalog
from tests.test_app import assert_healthy, run_page

LESSONS = catalog()
STEPS = [(name, index) for name, lesson in LESSONS.items() for index in range(len(lesson.steps))]


def test_the_chapters_ideas_are_all_lessons_in_its_order():
    assert list(LESSONS) == [
        "update_rule", "learning_rate", "forward_backward", "local_global", "convex", "saddle", "batches",
        "momentum", "adam", "schedules", "curvature",
    ]  # fmt: skip
    assert [lesson.order for lesson in LESSONS.values()] == list(range(1, 12))


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
    assert at.query_params["step"] == str(index + 1)
    assert f"Step {index + 1} of {len(LESSONS[name].steps)}" in " ".join(m.value for m in at.markdown)


def drawn_paths(at) -> list[str]:
    main = json.loads(at.get("bidi_component")[0].proto.bytes)["figure"]
    return [trace["meta"] for trace in main["data"] if str(trace.get("meta", "")).startswith("path ")]


def test_a_question_hides_the_run_until_it_is_answered():
    at = run_page(lesson="local_global")
    assert_healthy(at)
    assert drawn_paths(at) == [], "predict first: no path yet"
    assert not at.dataframe, "nor a table that would tell"
    choice = next(radio for radio in at.radio if radio.key.startswith("answer"))
    question = LESSONS["local_global"].steps[0].question
    choice.set_value(next(i for i in range(len(question.answers)) if i != question.right)).run()
    next(button for button in at.button if button.label == "Check my answer").click().run()
    assert_healthy(at)
    assert drawn_paths(at) == ["path gd"]
    assert at.error[0].value.startswith("**Not quite: The local one on the right.**")


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
    assert "Δθ = -0.5, to θ = 2" in readout
    main = json.loads(at.get("bidi_component")[0].proto.bytes)["figure"]
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
    outcomes = dict(zip(at.dataframe[0].value["optimizer"], at.dataframe[0].value["outcome"], strict=True))
    for optimizer, words in LESSONS[name].steps[index].claims.items():
        assert words in outcomes[optimizers.get(optimizer).title], (optimizer, outcomes)
