"""Lessons on the page: a picker, the step's narration and question (predict first, then watch), moving through
the steps, and presentation mode for a projector (no sidebar, large text, keys)."""

from __future__ import annotations

import streamlit as st

from page import links, table
from page.handout import handout
from page.lessons import Lesson, Step, answer_order, catalog
from page.wording import words

REVEALED = "_revealed"
TRIED = "_tried"
"""Per question, the first wrong answer given, while the learner has a second try."""
KEPT = ("lesson", "step", "present", "lang", "class", "teacher")
"""Session keys a new step leaves alone: the lesson's own place, presentation, the language and the class."""

MENU_OPEN = "lessons_open"
"""Session key of whether the lessons menu is open (a new step closes it, as it closes every control's state)."""

KEYS_SCRIPT = """
export default function ({ setTriggerValue }) {
  // One listener for the page: arrows move through the lesson, space plays or pauses, "." takes one iteration,
  // R reveals a class's run (on the teacher's page).
  window.__gdlKeys = setTriggerValue;
  if (window.__gdlKeysBound) return;
  window.__gdlKeysBound = true;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target.closest?.("input, textarea, select, [role='slider'], [role='combobox'], [contenteditable]")) return;
    const chart = document.querySelector(".js-plotly-plot");
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      window.__gdlKeys("key", { name: event.key === "ArrowRight" ? "next" : "previous", at: Date.now() });
    } else if (event.key === "r" || event.key === "R") {
      window.__gdlKeys("key", { name: "reveal", at: Date.now() });
    } else if (event.key === ".") {
      window.__gdlKeys("key", { name: "iteration", at: Date.now() });
    } else if (event.key === " " && chart && window.Plotly) {
      event.preventDefault();
      // Play is the first button and Pause the second, whatever the language writes on them.
      const button = chart.querySelectorAll(".updatemenu-button")[chart.playing ? 1 : 0];
      button?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    }
  });
}
"""
keys = st.components.v2.component("lesson_keys", html="<div></div>", js=KEYS_SCRIPT, isolate_styles=False)

PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {
  display: none !important;
}
.block-container { padding-top: 1rem !important; padding-bottom: 0 !important; max-width: 100% !important; }
/* At least 20 px, and more on a larger screen: 1.56vw is 20 px at 1280 wide and 30 px at 1920. */
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stWidgetLabel"] p, [data-testid="stAlertContainer"] p, .rate-control {
  font-size: max(20px, 1.56vw) !important;
}
[data-testid="stMarkdownContainer"] h4 { font-size: max(26px, 2vw) !important; }
button p { font-size: max(18px, 1.3vw) !important; }
</style>
"""


def lesson_picker() -> tuple[Lesson, int] | None:
    """In the sidebar: the lesson (none, or one of the chapter's), and on the visit's first run the step a link
    names, opened with its scene. Returns the lesson and the step's index, or None outside lessons."""
    lessons, say = catalog(), words()
    names = ("", *lessons)
    from_link = links.names("lesson")
    title = lambda n: lessons[n].title[say.lang] if n else say("control.no_lesson")  # noqa: E731
    row = table.choice("lesson", "selectbox", "lesson", {name: name for name in names}, title)
    name = table.draw(row, "", options=names, on_change=lambda: enter(1))
    if not name:
        return None
    count = len(lessons[name].steps)
    if not 1 <= st.session_state.get("step", 1) <= count:
        st.session_state["step"] = 1
    index = int(table.bound(table.number("step", "", "step", 1, count, whole=True), 1)) - 1
    if from_link:
        _open_step(lessons[name].steps[index], keep_link=True)
    return lessons[name], index


def lessons_menu(start_class=None) -> None:
    """The lessons on the first screen, beside the chart's options: one button each, in the chapter's order, and
    `start_class` (the button that opens a class) above them."""
    lessons, say = catalog(), words()
    menu = st.popover(say("lesson.menu"), icon=":material/school:", key=links.panel(MENU_OPEN), on_change="rerun")
    with menu:
        if not menu.open:  # closed, its buttons are neither made nor sent on a rerun
            return
        if start_class is not None:
            start_class()
        for order, lesson in enumerate(lessons.values(), start=1):
            title = say("lesson.menu_item", number=order, title=lesson.title[say.lang])
            st.button(title, key=f"open {lesson.name}", on_click=_open, args=(lesson.name,), use_container_width=True)


def _open(name: str) -> None:
    st.session_state["lesson"] = name
    enter(1)


def enter(number: int, keep_link: bool = False) -> None:
    """Go to step `number` (1-based) of the current lesson: its scene replaces the one on show (with
    `keep_link`, what else the visit's link says and no control has read yet still wins)."""
    lesson = catalog().get(st.session_state.get("lesson", ""))
    if lesson is None:
        return
    st.session_state["step"] = max(1, min(number, len(lesson.steps)))
    _open_step(lesson.steps[st.session_state["step"] - 1], keep_link=keep_link)


def _open_step(step: Step, keep_link: bool) -> None:
    """Give every control the step's scene, as a link would: controls the step does not name take their defaults.
    With `keep_link` (a link that named the step), what else the link said wins over the step."""
    pending = links.unread() if keep_link else {}
    if not keep_link:
        for key in [k for k in st.session_state if not k.startswith("_") and k not in KEPT]:
            del st.session_state[key]
    scene = {key: [value] for key, value in step.scene.items()}
    links.open_with({**scene, **pending})


def lesson_panel(lesson: Lesson, index: int, fold: bool = True, asking=None) -> bool:
    """The step's narration and question; returns whether the run may be shown (answered, skipped, or no
    question). Predict first: until then the page shows the landscape and the start, not the paths.

    With `fold` (not on a projector), a step whose question is answered folds its narration away, so the answer
    and the run it explains stand close together, on a phone too; so does a student's page in a class, where the
    projector shows the narration and the phone's first screen is the question and the chart. With `asking` (a
    class, `page.classes`), the class asks the question and the teacher reveals the run; a student's page leaves
    moving on to the teacher."""
    say = words()
    lang, step = say.lang, lesson.steps[index]
    place = say("lesson.step", number=index + 1, count=len(lesson.steps))
    st.markdown(f"#### {lesson.title[lang]}  \n*{place}*")
    if asking is not None:
        answered = step.question is not None and asking.revealed
    else:
        answered = step.question is not None and (lesson.name, index) in st.session_state.get(REVEALED, {})
    student = asking is not None and not asking.moves
    if fold and (answered or student):  # a student's phone: the projector reads the step; the chart comes first
        with st.expander(say("lesson.narration")):
            st.markdown(step.narration[lang])
    else:
        st.markdown(step.narration[lang])
    if step.question is not None and asking is not None:
        asking.ask()
    elif step.question is not None:
        _question(lesson, index, step, say)
    if student:
        return step.question is None or answered
    moves = st.container(horizontal=True)
    moves.button(say("lesson.previous"), disabled=index == 0, on_click=enter, args=(index,))
    last = index + 1 == len(lesson.steps)
    moves.button(say("lesson.next"), disabled=last, on_click=enter, args=(index + 2,))
    moves.button(say("lesson.leave"), on_click=_leave, help=say("lesson.leave_help"))
    moves.download_button(say("handout.download"), lambda: handout(lesson, say).encode(), on_click="ignore",
                          file_name=f"{lesson.name}-{lang}.html", mime="text/html", icon=":material/print:",
                          help=say("handout.download_help"), key="handout")  # fmt: skip
    return step.question is None or answered


def _question(lesson: Lesson, index: int, step: Step, say) -> None:
    """The question, until answered right, answered wrong twice, or skipped; then whether the answer was right,
    why, and for a wrong answer the misconception it came from. A first wrong answer gets its own why and a
    second try, with the run still hidden."""
    question, lang = step.question, say.lang
    revealed = st.session_state.setdefault(REVEALED, {})
    key = (lesson.name, index)
    order = answer_order(lesson, index)
    if key not in revealed:
        tried = st.session_state.setdefault(TRIED, {}).get(key)
        if tried is not None:
            mistake = question.mistakes[tried][lang]
            st.warning(say("lesson.try_again", answer=question.answers[tried][lang], mistake=mistake))
        choice = answer_choice(question, order, say, key=f"answer {lesson.name} {index}")
        check, skip = st.columns(2)
        check.button(
            say("lesson.check"), disabled=choice in (None, tried), on_click=_check, args=(key, question, choice),
            type="primary", use_container_width=True,
        )  # fmt: skip
        skip.button(say("lesson.just_show"), on_click=_reveal, args=(key, None), use_container_width=True)
        return
    show_answer(question, revealed[key], say)


def answer_choice(question, order: list[int], say, key: str, picked: int | None = None) -> int | None:
    """The question's answers as a radio in `order`, `picked` (an answer's number) chosen at first; the number of
    the answer chosen, or None. Its options are the numbers as text: a value forged under its id is then never an
    option, and never becomes an answer (a number there made Streamlit 1.67 fail while drawing the radio)."""
    texts = {str(number): question.answers[number][say.lang] for number in order}
    first = order.index(picked) if picked in order else None
    choice = st.radio(say("lesson.predict", question=question.text[say.lang]), list(texts), index=first,
                      format_func=texts.get, key=key)  # fmt: skip
    return int(choice) if choice in texts else None


def show_answer(question, answer: int | None, say) -> None:
    """The right answer and why, and the learner's own `answer` marked right or not (with its misconception);
    `answer` None: the answer alone (skipped, or not answered in a class)."""
    lang = say.lang
    right, why = question.answers[question.right][lang], question.why[lang]
    if answer is None:
        st.info(say("lesson.shown", question=question.text[lang], answer=right, why=why))
    elif answer == question.right:
        st.success(say("lesson.right", answer=right, why=why))
    else:
        mistake = question.mistakes[answer][lang]
        st.error(say("lesson.wrong", answer=question.answers[answer][lang], mistake=mistake, right=right, why=why))


def _check(key: tuple[str, int], question, answer: int) -> None:
    """A right answer, or a second wrong one, reveals the run; a first wrong one is kept for its second try."""
    tried = st.session_state.setdefault(TRIED, {})
    if answer == question.right or key in tried:
        _reveal(key, answer)
    else:
        tried[key] = answer


def _reveal(key: tuple[str, int], answer: int | None) -> None:
    st.session_state.setdefault(REVEALED, {})[key] = answer


def _leave() -> None:
    st.session_state["lesson"] = ""


def presentation_switch() -> bool:
    """Presentation mode, from `present=1` in the link or the sidebar's switch: a projector's layout, in which
    a button on the page leads back."""
    return table.draw(table.toggle("present", "present"), False, notice=words()("link.presentation"))


def leave_presentation() -> None:
    st.button(words()("control.leave_presentation"), on_click=lambda: st.session_state.update(present=False))


def presentation_style() -> None:
    """No sidebar or header, text of at least 18 px, and the keys (→ ← space .) that drive a lesson."""
    st.html(PRESENT_CSS)


def listen_for_keys(on_key) -> None:
    """Mount the page's key listener; `on_key(name)` gets "next", "previous", "iteration" or "reveal"."""

    def pressed() -> None:
        value = st.session_state.get("lesson_keys", {}).get("key")
        if isinstance(value, dict) and value.get("name") in ("next", "previous", "iteration", "reveal"):
            on_key(value["name"])

    keys(key="lesson_keys", on_key_change=pressed)


def on_key(name: str) -> None:
    """→ and ← move through the lesson; "." shows one more iteration of the run."""
    if name in ("next", "previous") and st.session_state.get("lesson"):
        enter(int(st.session_state.get("step", 1)) + (1 if name == "next" else -1))
    elif name == "iteration":
        stepping = st.session_state.get("stepping", False)
        st.session_state["iteration"] = int(st.session_state.get("iteration", 0)) + 1 if stepping else 0
        st.session_state["stepping"] = True
