"""A class on the page, with AppTest: a teacher's page and students' pages in one test, on one store (SQLite)."""

import csv
import io
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import landscapes
from classroom import rules
from classroom.rules import Asked, Pace
from language import number
from page import classes
from page.lessons import answer_order, catalog
from page.scene import LEARNING_RATES
from page.teaching import MENU_OPEN
from tests.specs import figures, numbers, tables

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LESSON = catalog()["local_global"]


@pytest.fixture(autouse=True)
def class_store(tmp_path, monkeypatch):
    monkeypatch.setenv("GDL_STORE", f"sqlite:///{tmp_path / 'classes.sqlite3'}")
    classes.store.cache_clear()
    yield classes.store()
    classes.store.cache_clear()


def page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def healthy(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Every text the page shows, the labels of its panels among them."""
    shown = [e.value for kind in ("markdown", "caption", "success", "error", "info", "warning") for e in at.get(kind)]
    return "\n".join([*shown, *(panel.label for panel in at.get("expander"))])


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def teacher() -> AppTest:
    at = healthy(page(**{"class": "new"}))
    assert set(at.query_params) >= {"class", "teacher", "lesson"}
    return at


def code_of(at: AppTest) -> str:
    return at.query_params["class"][0] if isinstance(at.query_params["class"], list) else at.query_params["class"]


def answer(student: AppTest, choice: int) -> None:
    question = LESSON.steps[0].question
    radio = next(r for r in student.radio if r.key and r.key.startswith("class answer"))
    radio.set_value(str(choice)).run()
    button(student, "Send my answer").click().run()
    assert f"Your answer is in: {question.answers[choice]['en']}" in texts(student)


def test_a_class_from_question_to_reveal_to_the_next_step():
    lead = teacher()
    code = code_of(lead)
    assert f"Class code **{code}**" in texts(lead)
    assert "?class=" + code in texts(lead), "the students' link, without the teacher's key"
    assert lead.query_params["teacher"] not in texts(lead), "the key is in the teacher's link only"
    students = [healthy(page(**{"class": code.lower()})) for _ in range(3)]
    for student in students:
        assert f"You are in class **{code}**" in texts(student)
        assert "teacher" not in student.query_params
        assert not [b for b in student.button if b.label == "Next →"], "the teacher moves the class"
        assert not figures(student)[0]["data"][-1].get("meta", "").startswith("path"), "no run before the reveal"
        (words,) = [panel for panel in student.expander if panel.label == "The step's text"]
        assert not words.proto.expanded, "on a phone, the question and the chart come first: the projector reads"
    right = LESSON.steps[0].question.right
    wrong = next(i for i in answer_order(LESSON, 0) if i != right)
    answer(students[0], wrong)
    answer(students[0], right)  # changed: counted once, as the last one
    answer(students[1], wrong)
    lead.run()
    assert "3 joined · 2 answered" in texts(lead)
    assert "until you show it to the class" in texts(lead), "the teacher is told the run waits for them"
    assert "Your teacher shows the run" not in texts(lead)
    assert "Your teacher shows the run" in texts(students[2]), "a student who has not answered waits for the teacher"
    bars = {bar.proto.text: bar.value for bar in lead.get("progress")}
    question = LESSON.steps[0].question
    assert bars == {f"{question.answers[right]['en']}: 1": 50, f"{question.answers[wrong]['en']}: 1": 50}, (
        "a bar per answer, in percent"
    )

    button(lead, "Show the run to the class").click().run()
    healthy(lead)
    for student, said in zip(students, ("Right", "Not quite", None), strict=True):
        student.run()
        healthy(student)
        if said:
            assert said in texts(student)
        else:
            assert question.why["en"] in texts(student), "who did not answer sees the answer and why"
        assert any(t.get("meta", "").startswith("path") for t in figures(student)[0]["data"]), "the run is shown"

    button(lead, "Next →").click().run()
    for student in students:
        student.run()
        assert "Step 2 of 3" in texts(student), "every student's page follows the teacher"

    rows = list(csv.reader(io.StringIO(classes.answers_csv(classes.InClass(code, None, classes.store().room(code))))))
    assert rows[0] == ["lesson", "step", "kind", "answer", "count"]
    assert sorted(rows[1:]) == sorted(
        [["local_global", "1", "choice", question.answers[i]["en"], "1"] for i in (right, wrong)]
    )


def test_a_forged_teacher_key_moves_nothing_and_is_told():
    lead = teacher()
    code = code_of(lead)
    forged = healthy(page(**{"class": code, "teacher": "A" * 22}))
    assert "Only the teacher's own page can do that." in texts(forged)
    assert "teacher" not in forged.query_params
    assert classes.store().room(code).step == 0


@pytest.mark.parametrize("code", ["ZZZZZ", "ACDEF", "<b>x</b>", "new!"])
def test_an_unknown_class_gets_a_notice_and_the_page_works_alone(code):
    at = healthy(page(**{"class": code}))
    assert "class" not in at.query_params
    notices = " ".join(w.value for w in at.warning)
    assert "There is no open class" in notices or "class code" in notices
    assert figures(at), "the page draws its chart all the same"


def test_a_closed_class_sends_its_students_back_to_the_page_alone():
    lead = teacher()
    code = code_of(lead)
    student = healthy(page(**{"class": code}))
    button(lead, "Close the class").click().run()
    assert classes.store().room(code) is None
    student.run()
    healthy(student)
    assert "There is no open class" in " ".join(w.value for w in student.warning)


def test_the_store_out_of_reach_leaves_the_lesson_working(monkeypatch):
    monkeypatch.setenv("GDL_STORE", "redis://127.0.0.1:9/0")
    classes.store.cache_clear()
    at = healthy(page(**{"class": "new"}))
    assert "The class cannot be reached" in " ".join(w.value for w in at.warning)
    assert figures(at)


def test_the_lessons_menu_starts_a_class_at_its_first_question():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[MENU_OPEN] = True
    at.run()
    button(at, "Start a class").click().run()
    healthy(at)
    code = code_of(at)
    assert f"Class code **{code}**" in texts(at)
    assert classes.store().room(code).lesson == "local_global"
    assert "Starting at θ = 2.5, which minimum does gradient descent reach?" in texts(at)


def student_page(code: str, student: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["class"] = code
    at.session_state[classes.STUDENT] = student
    return healthy(at.run())


def tap(code: str, student: str, point: tuple[float, ...], index: int = 0, lesson: str = "local_global") -> None:
    """What a student's tap on the chart sends (the chart's click itself is tested in Chromium)."""
    land = landscapes.get(catalog()[lesson].steps[index].scene["landscape"])
    asked = Asked("point", bounds=tuple(tuple(side) for side in land.bounds))
    rules.submit(classes.store(), code, student, lesson, index, asked, "point", point, 1.0, Pace())


def crosses(at: AppTest, name: str) -> list[float]:
    return [x for t in figures(at)[0]["data"] if t.get("name") == name for x in numbers(t["x"]).tolist()]


def test_taps_on_the_curve_gather_on_the_teachers_chart_and_each_student_learns_if_theirs_was_right():
    lead = teacher()
    code = code_of(lead)
    land = landscapes.get("local_minimum")
    local = next(m.point[0] for m in land.minima if m.kind == "local")
    glob = next(m.point[0] for m in land.minima if m.kind == "global")
    near, far = student_page(code, "near"), student_page(code, "far")
    assert "Tap the curve where gradient descent ends." in texts(near)
    tap(code, "near", (local + 0.1,))
    tap(code, "far", (glob,))
    near.run()
    assert crosses(near, "your tap") == pytest.approx([local + 0.1], abs=1e-5), "a student sees only their own"
    lead.run()
    assert sorted(crosses(lead, "the class's taps")) == pytest.approx(sorted([local + 0.1, glob]), abs=1e-5)
    assert "Taps: 2 · η picks: 0" in texts(lead)
    button(lead, "Show the run to the class").click().run()
    assert "1 of 2 taps were within" in texts(lead)
    near.run()
    far.run()
    assert "is right:** the run ends at 1.35" in texts(near)
    assert "is off:** the run ends at 1.35" in texts(far)


def test_many_taps_on_a_map_become_a_heat_map_deepest_where_most_landed():
    lead = healthy(page(**{"class": "new", "lesson": "saddle"}))
    figures(lead)  # what the browser keeps: the next run sends the map's backdrop by its id alone
    code = code_of(lead)
    crowd = [(0.0, 0.0)] * 9 + [(1.0, 1.0)] * 3  # most say it stops at the saddle point
    for number_of, point in enumerate(crowd):
        tap(code, f"s{number_of}", point, lesson="saddle")
    lead.run()
    (heat,) = [t for t in figures(lead)[0]["data"] if t.get("name") == "the class's taps"]
    assert heat["type"] == "heatmap", "twelve crosses would hide one another"
    z = numbers(heat["z"]).reshape(len(numbers(heat["y"])), len(numbers(heat["x"])))
    row, column = np.unravel_index(np.nanargmax(z), z.shape)
    deepest = (numbers(heat["x"])[column], numbers(heat["y"])[row])
    assert deepest == pytest.approx((0.0, 0.0), abs=0.15), "deepest where nine of twelve tapped"
    assert np.isnan(z).mean() > 0.8, "ground no tap came near stays clear"


def test_eta_picks_are_counted_and_the_diverging_stop_is_the_answer():
    lead = healthy(page(**{"class": "new", "lesson": "learning_rate", "step": "3"}))
    code = code_of(lead)
    assert classes.store().room(code).step == 2
    student = student_page(code, "s")
    slider = student.select_slider(key="class rate learning_rate 2")
    assert "pick the smallest η at which gradient descent diverges" in slider.label
    first = next(i for i, rate in enumerate(LEARNING_RATES) if rate > 1.0)  # J = θ²: diverges for η > 2/L = 1
    slider.set_value(LEARNING_RATES[first]).run()
    button(student, "Send my answer").click().run()
    lead.run()
    (strip,) = [figure for figure in figures(lead) if figure["data"][0].get("name") == "η picked"]
    assert numbers(strip["data"][0]["x"]).tolist() == [LEARNING_RATES[first]], "one dot, at the stop picked"
    button(lead, "Show the run to the class").click().run()
    student.run()
    assert f"You picked η = {number(LEARNING_RATES[first])}: right." in texts(student)


def widgets(at: AppTest) -> set[str]:
    kinds = ("selectbox", "select_slider", "slider", "multiselect", "toggle", "radio", "number_input", "text_input")
    return {w.key for kind in kinds for w in getattr(at, kind) if w.key and not w.key.startswith("class ")}


def test_a_link_can_focus_the_page_on_the_controls_an_exercise_needs():
    at = healthy(page(controls="lr,start", landscape="himmelblau"))
    assert widgets(at) == {"lang", "lr", "start_x", "start_y"}
    assert len(figures(at)) == 1, "the chart alone: no loss or η chart below it"
    assert not tables(at), "nor tables"
    assert at.query_params["controls"] == "lr,start"
    assert at.query_params["landscape"] == "himmelblau", "what the hidden controls hold stays in the link"
    at.select_slider(key="lr").set_value(LEARNING_RATES[5]).run()
    assert at.query_params["lr"] == f"{LEARNING_RATES[5]:g}"


def test_a_focus_naming_no_control_is_refused_with_a_notice():
    at = healthy(page(controls="lr,banana"))
    assert "controls shown" in " ".join(w.value for w in at.warning)
    assert {"landscape", "optimizers", "lr"} <= widgets(at), "the whole page, as without the focus"


def test_a_students_page_offers_the_steps_controls_once_the_run_is_shown():
    lead = healthy(page(**{"class": "new", "lesson": "learning_rate", "step": "3"}))
    student = student_page(code_of(lead), "s")
    assert widgets(student) == {"lang"}, "while the class predicts, nothing to move but the answer"
    button(lead, "Show the run to the class").click().run()
    student.run()
    assert widgets(student) == {"lang", "lr", "start_x"}, "the step's η and start; no lesson picker, no switch"


def test_the_teacher_can_open_every_control_to_the_students_once_the_run_is_shown():
    lead = healthy(page(**{"class": "new", "lesson": "learning_rate", "step": "3"}))
    student = student_page(code_of(lead), "s")
    lead.toggle(key="class open").set_value(True).run()
    student.run()
    assert widgets(student) == {"lang"}, "opened or not, the class predicts before it moves anything"
    button(lead, "Show the run to the class").click().run()
    student.run()
    assert {"landscape", "optimizers", "lr", "steps", "schedule"} <= widgets(student), "every control"
    lead.toggle(key="class open").set_value(False).run()
    student.run()
    assert widgets(student) == {"lang", "lr", "start_x"}, "closed again: the step's own controls"
    lead.selectbox(key="lesson").set_value("saddle").run()
    assert lead.toggle(key="class open").value is False


def test_a_class_kept_from_a_lesson_since_shortened_is_refused_not_a_traceback():
    store = classes.store()
    store.create("ACDEF", "hash", "local_global", now=time.time())
    store.move("ACDEF", "local_global", 99, now=time.time())
    at = healthy(page(**{"class": "ACDEF"}))
    assert "There is no open class" in " ".join(w.value for w in at.warning)


def test_a_class_opened_from_a_link_keeps_what_else_the_link_says():
    at = healthy(page(**{"class": "new", "present": "1", "lang": "zh"}))
    assert at.query_params["present"] == "true", "the projector's layout, as asked"
    assert at.query_params["lang"] == "zh"
    assert "课堂码" in texts(at)
