"""A class on the page: a teacher opens one (`?class=new` or the lessons menu's button) and students join by its code
or its QR code; a student's page follows the class's lesson and step and sends its answers, and the teacher's
page shows what the room answered, then reveals the run to every page. `classroom` keeps what they share."""

from __future__ import annotations

import collections
import csv
import functools
import io
import re
import secrets
import time
import urllib.parse
from typing import NamedTuple

import segno
import streamlit as st

from classroom import UNREACHABLE, Room, Store, open_store, rules
from classroom.codes import as_code
from classroom.rules import Asked, Pace, Refused
from language import number
from page import links, predictions, query, table, teaching
from page.charts import show_chart
from page.lessons import Lesson, Step, answer_order, catalog
from page.panels import Taps
from page.scene import LEARNING_RATES
from page.wording import words
from plots.predictions import picks_figure

FIRST_LESSON = "local_global"
"""The lesson a class opened outside any lesson starts with: the chapter's question of local and global minima."""
REFRESH_SECONDS = 1.0
"""How often a student's page looks whether the class has moved on, and the teacher's tally counts again."""
STUDENT = "_student"
"""This page's random id in a class: it lets a student change an answer, and names no one."""
PACE = "_pace"
JOINED = "_joined"
"""The class this page has been counted in: a student joins once, not on every rerun."""
QR_PIXELS = 10
QR_WIDTH = 240
"""The QR code's size on the page, in pixels: read from the back of a room on a projector."""


def _read_code(raw: list[str]) -> str:
    text = query.single(raw)
    if not text:
        return ""
    code = "new" if text == "new" else as_code(text)
    if code is None:
        raise ValueError(text)
    return code


def _read_key(raw: list[str]) -> str:
    text = query.single(raw)
    if text and not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", text):
        raise ValueError(text)
    return text


CODE = table.Control("class", "", "class", read=_read_code)
KEY = table.Control("teacher", "", "teacher", read=_read_key)


class InClass(NamedTuple):
    """This page in a class: the class's code, the teacher's key (on the teacher's page only) and the class as
    read at the start of this run."""

    code: str
    key: str | None
    room: Room

    @property
    def teacher(self) -> bool:
        return self.key is not None


@functools.cache
def store() -> Store:
    """The process's class store, as GDL_STORE names it (SQLite by default)."""
    return open_store()


def start_button() -> None:
    """In the lessons menu: the button that opens a class at the lesson on show (or the first lesson's question)."""
    say = words()
    st.button(say("class.start"), icon=":material/groups:", help=say("class.start_help"),
              on_click=lambda: st.session_state.update({"class": "new"}), use_container_width=True)  # fmt: skip


def join() -> InClass | None:
    """The class this page is in, read from its link or session; a student's page is counted in and follows the
    class to its lesson and step. None outside a class (and for `class=new`, which `lead` opens), or with a
    notice when the class is not there or cannot be reached."""
    say = words()
    code, key = table.bound(CODE, ""), table.bound(KEY, "")
    if code == "new" and not st.session_state.get("lesson") and not links.names("lesson"):
        # A class asked for outside any lesson opens at the first lesson's question (`lead` opens it).
        st.session_state["lesson"] = FIRST_LESSON
        teaching.enter(1, keep_link=True)
    if not code or code == "new":
        return None
    try:
        room = rules.open_room(store(), code)
        lesson = catalog().get(room.lesson)
        if lesson is None or not 0 <= room.step < len(lesson.steps):
            raise Refused("unknown")  # a class kept from lessons since rewritten
        if key:
            rules.as_teacher(store(), code, key)
        elif st.session_state.get(JOINED) != code:
            store().join(code, _student(), time.time())
            st.session_state[JOINED] = code
    except Refused as refused:
        st.warning(say(f"class.refused.{refused.reason}", code=code), icon=":material/groups:")
        st.session_state.update({"class": "", "teacher": ""})
        return None
    except UNREACHABLE:
        st.warning(say("class.unreachable"), icon=":material/cloud_off:")
        return None
    if not key:
        if (st.session_state.get("lesson"), st.session_state.get("step")) != (room.lesson, room.step + 1):
            st.session_state["lesson"] = room.lesson
            teaching.enter(room.step + 1)
        # A student's page is the step's chart and question, and once the run is shown the step's controls (or,
        # where the teacher has opened them, every control on the whole page).
        if not (room.revealed and room.open):
            table.focus_on(lesson.steps[room.step].controls if room.revealed else ())
    return InClass(code, key or None, room)


def keys_of(klass: InClass | None):
    """What the page's keys do: a lesson's (`teaching.on_key`), and on the teacher's page in a class, R reveals."""

    def on_key(name: str) -> None:
        if name == "reveal" and klass is not None and klass.teacher:
            _reveal(klass)
        else:
            teaching.on_key(name)

    return on_key


def lead(klass: InClass | None, lesson: Lesson | None, index: int | None) -> InClass | None:
    """On the teacher's page: a class asked for (`class=new`) opens at the lesson and step on show (the first
    lesson's first step when none is), and a class moves with the teacher to the step on show. Returns the
    class as it now is."""
    if klass is None and st.session_state.get("class") == "new":
        return _open(lesson, index)
    if klass is None or not klass.teacher or lesson is None:
        return klass
    if (lesson.name, index) == (klass.room.lesson, klass.room.step):
        return klass
    try:
        rules.move(store(), klass.code, klass.key, lesson.name, index, time.time())
    except (Refused, *UNREACHABLE):
        return klass
    return klass._replace(room=klass.room._replace(lesson=lesson.name, step=index, revealed=False))


def _open(lesson: Lesson | None, index: int | None) -> InClass | None:
    if lesson is None:
        return None
    now, say = time.time(), words()
    try:
        store().expire(now)
        code, key = rules.start(store(), lesson.name, now)
        rules.move(store(), code, key, lesson.name, index, now)
        room = store().room(code)
    except Refused as refused:
        st.warning(say(f"class.refused.{refused.reason}", code=""), icon=":material/groups:")
        st.session_state.update({"class": "", "teacher": ""})
        return None
    except UNREACHABLE:
        st.warning(say("class.unreachable"), icon=":material/cloud_off:")
        st.session_state.update({"class": "", "teacher": ""})
        return None
    st.session_state.update({"class": code, "teacher": key})
    return InClass(code, key, room)


class Asking(NamedTuple):
    """How the step on show is asked in a class (`teaching.lesson_panel` and the page's chart call it): the run
    shows once the teacher reveals it, and only the teacher moves through the steps."""

    klass: InClass
    lesson: Lesson
    index: int

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    @property
    def revealed(self) -> bool:
        return self.klass.room.revealed

    @property
    def moves(self) -> bool:
        return self.klass.teacher

    def ask(self) -> None:
        """The step's question as the class answers it: the room's tally on the teacher's page, the answer to
        send on a student's."""
        if self.klass.teacher:
            _teacher_question(self)
        else:
            _student_question(self)

    def answers(self, kind: str) -> list[str]:
        """The values of the class's answers of `kind` to this step (on a student's page, their own only)."""
        try:
            if self.klass.teacher:
                every = store().answers(self.klass.code, self.lesson.name, self.index)
                return [answer.value for answer in every if answer.kind == kind]
            own = store().answer_of(self.klass.code, self.lesson.name, self.index, _student(), kind)
        except UNREACHABLE:
            return []
        return [own.value] if own is not None else []

    def taps_given(self) -> list[tuple[float, ...]]:
        """The taps answered to this step, as points (the store keeps them as `rules.checked` wrote them)."""
        return [tuple(float(x) for x in value.split(",")) for value in self.answers("point")]

    def taps(self, page) -> Taps | None:
        """What the chart draws and does on a step that asks where the run ends: the class's taps on the teacher's
        page; a student's own, and before the reveal a tap that answers."""
        if self.step.predict is None or self.step.predict.kind != "point":
            return None
        points = self.taps_given()
        if self.klass.teacher or self.revealed:
            return Taps(points, own=not self.klass.teacher)
        bounds = tuple(tuple(side) for side in page.land.bounds)
        return Taps(points, own=True, on_tap=lambda x, y: _send(self, "point", (x, y)[: len(bounds)], bounds))

    def verdicts(self, page) -> None:
        """After the reveal, under the run: a student's own tap or η pick marked right or not, against the run
        itself; on the teacher's page, how the class did."""
        predict, say = self.step.predict, words()
        if predict is None or not self.revealed or page.focus.key not in page.runs:
            return
        run, bounds = page.runs[page.focus.key], page.land.bounds
        if predict.kind == "point":
            end, shown_reach = _point(predictions.run_end(run, bounds)), number(predictions.reach(bounds), 2)
            taps = self.taps_given()
            right = [predictions.tap_is_right(tap, run, bounds) for tap in taps]
            if self.klass.teacher and taps:
                st.info(say("class.taps_summary", right=sum(right), count=len(taps), reach=shown_reach, end=end))
            elif taps:
                verdict = "class.tap_right" if right[0] else "class.tap_wrong"
                (st.success if right[0] else st.error)(say(verdict, tap=_point(taps[0]), end=end))
            return
        first = None if page.swept is None else predictions.diverging_stop(page.swept.runs[page.focus.key].diverged)
        if first is None:
            st.info(say("class.never_diverges"))
            return
        picks = [LEARNING_RATES.index(float(value)) for value in self.answers("rate")]
        right = [predictions.pick_is_right(pick, first) for pick in picks]
        first_rate = number(LEARNING_RATES[first])
        if self.klass.teacher and picks:
            st.info(say("class.picks_summary", right=sum(right), count=len(picks), first=first_rate))
        elif picks:
            verdict = "class.pick_right" if right[0] else "class.pick_wrong"
            shown = say(verdict, pick=number(LEARNING_RATES[picks[0]]), first=first_rate)
            (st.success if right[0] else st.error)(shown)


def _point(point) -> str:
    """A point as the page writes it: θ, or (x, y)."""
    shown = [number(x, 3) for x in point]
    return shown[0] if len(shown) == 1 else f"({', '.join(shown)})"


def _student() -> str:
    return st.session_state.setdefault(STUDENT, secrets.token_hex(8))


def class_box(klass: InClass) -> None:
    """What the teacher shows the room: the code, the students' link and its QR code, open while nobody has
    joined and folded once students are in (the question and its tally then stand on the first screen), and
    closing the class; on a student's page, the class it is in (and its watch for the teacher's next move)."""
    say = words()
    if not klass.teacher:
        st.caption(say("class.member", code=klass.code))
        _follow(klass.code, (klass.room.lesson, klass.room.step, klass.room.revealed, klass.room.open))
        return
    link = student_link(klass.code)
    with st.expander(say("class.code", code=klass.code), expanded=klass.room.joined == 0, icon=":material/qr_code_2:"):
        st.caption(say("class.join", link=link))
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=QR_PIXELS, border=2)
        st.image(qr.getvalue(), width=QR_WIDTH)
        buttons = st.container(horizontal=True)
        buttons.download_button(say("class.download"), lambda: answers_csv(klass).encode(), on_click="ignore",
                                file_name=f"class-{klass.code}.csv", mime="text/csv",
                                icon=":material/download:")  # fmt: skip
        buttons.button(say("class.close"), icon=":material/logout:", on_click=_close, args=(klass,))
    st.session_state["class open"] = klass.room.open
    st.toggle(say("class.open_controls"), key="class open", on_change=_open_controls, args=(klass,),
              help=say("class.open_controls_help"))  # fmt: skip


def student_link(code: str) -> str:
    """The page's own address with the class's code and nothing else: what students open."""
    here = urllib.parse.urlsplit(st.context.url or "http://localhost:8501/")
    return urllib.parse.urlunsplit((here.scheme, here.netloc, here.path, f"class={code}", ""))


def answers_csv(klass: InClass) -> str:
    """Every answer of the class's lesson, counted per step and answer: no student named."""
    lesson, lang = catalog()[klass.room.lesson], words().lang
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["lesson", "step", "kind", "answer", "count"])
    for index, step in enumerate(lesson.steps):
        counts = collections.Counter(store().answers(klass.code, lesson.name, index))
        for answer, count in sorted(counts.items()):
            shown = step.question.answers[int(answer.value)][lang] if answer.kind == "choice" else answer.value
            writer.writerow([lesson.name, index + 1, answer.kind, shown, count])
    return out.getvalue()


def _open_controls(klass: InClass) -> None:
    try:
        rules.open_controls(store(), klass.code, klass.key, bool(st.session_state.get("class open")), time.time())
    except (Refused, *UNREACHABLE):
        return


def _close(klass: InClass) -> None:
    try:
        rules.close(store(), klass.code, klass.key)
    except (Refused, *UNREACHABLE):
        return
    st.session_state.update({"class": "", "teacher": ""})
    st.toast(words()("class.closed"))


@st.fragment(run_every=REFRESH_SECONDS)
def _follow(code: str, at: tuple[str, int, bool, bool]) -> None:
    """A student's page looks once a second whether the class has moved on, revealed or had its controls opened
    (one small row read); if so, the whole page runs again and follows."""
    try:
        room = store().room(code)
    except UNREACHABLE:
        return
    if room is None or (room.lesson, room.step, room.revealed, room.open) != at:
        st.rerun()


def _teacher_question(asking: Asking) -> None:
    say, question, klass = words(), asking.step.question, asking.klass
    st.markdown(say("lesson.predict", question=question.text[say.lang]))
    if asking.step.predict is not None:
        st.markdown(f"**{asking.step.predict.text[say.lang]}**")
    if klass.room.revealed:
        right = question.answers[question.right][say.lang]
        st.info(say("lesson.shown", question="", answer=right, why=question.why[say.lang]))
    taps = len(asking.answers("point"))
    _tally(klass.code, asking.lesson, asking.index, None if klass.room.revealed else taps, klass.room.joined == 0)
    if not klass.room.revealed:
        st.button(say("class.reveal"), type="primary", on_click=_reveal, args=(klass,), use_container_width=True)


@st.fragment(run_every=REFRESH_SECONDS)
def _tally(code: str, lesson: Lesson, index: int, drawn_taps: int | None, empty: bool = False) -> None:
    """How many have joined and answered, a bar per answer and per η picked: the room's prediction, with no one
    named. When taps have come in since the chart was drawn (`drawn_taps`), the page runs again to draw them; so
    it does when the first student joins a class drawn `empty`, which folds the class's QR code away."""
    say, step = words(), lesson.steps[index]
    try:
        room, answers = store().room(code), store().answers(code, lesson.name, index)
    except UNREACHABLE:
        st.warning(say("class.unreachable"))
        return
    if room is None:
        return
    by_kind = collections.defaultdict(list)
    for answer in answers:
        by_kind[answer.kind].append(answer.value)
    if (drawn_taps is not None and len(by_kind["point"]) != drawn_taps) or (empty and room.joined):
        st.rerun()
    choices = collections.Counter(int(value) for value in by_kind["choice"])
    st.markdown(say("class.joined", joined=room.joined, answered=len(by_kind["choice"])))
    if step.predict is not None:
        st.caption(say("class.counts", taps=len(by_kind["point"]), picks=len(by_kind["rate"])))
    if not answers:
        st.caption(say("class.nobody"))
        return
    for choice in answer_order(lesson, index):
        text = say("class.choice", answer=step.question.answers[choice][say.lang], count=choices[choice])
        st.progress(choices[choice] / max(len(by_kind["choice"]), 1), text=text)
    if by_kind["rate"]:
        picks = [float(value) for value in by_kind["rate"]]
        figure = picks_figure(picks, LEARNING_RATES, say("class.picks_axis"), say("class.picks_count"))
        show_chart(figure, key="class_picks")


def _reveal(klass: InClass) -> None:
    try:
        rules.reveal(store(), klass.code, klass.key, time.time())
    except (Refused, *UNREACHABLE):
        return


def _student_question(asking: Asking) -> None:
    """Until the teacher reveals: the choices (and an η to pick, where the step asks it) and a button that sends
    them (again, to change them); a tap on the chart where the step asks where the run ends. Then the student's
    own answer marked right or not, with why."""
    say, question, klass = words(), asking.step.question, asking.klass
    lang, predict = say.lang, asking.step.predict
    mine = next((int(value) for value in asking.answers("choice")), None)
    if klass.room.revealed:
        teaching.show_answer(question, mine, say)
        return
    order = answer_order(asking.lesson, asking.index)
    choice = teaching.answer_choice(question, order, say, f"class answer {asking.lesson.name} {asking.index}", mine)
    pick = None
    if predict is not None and predict.kind == "rate":
        picked = next((float(value) for value in asking.answers("rate")), LEARNING_RATES[len(LEARNING_RATES) // 2])
        pick = st.select_slider(f"**{predict.text[lang]}** {say('class.pick')}", LEARNING_RATES, value=picked,
                                format_func=number, key=f"class rate {asking.lesson.name} {asking.index}")  # fmt: skip
    st.button(say("class.send"), type="primary", disabled=choice is None and pick is None, on_click=_send_all,
              args=(asking, choice, pick), use_container_width=True,
              key=f"class send {asking.lesson.name} {asking.index}")  # fmt: skip
    if predict is not None and predict.kind == "point":
        taps = asking.taps_given()
        st.markdown(say("class.tap_here", ask=predict.text[lang]))
        if taps:
            st.caption(say("class.tap_sent", tap=_point(taps[0])))
    if mine is not None:
        st.success(say("class.sent", answer=question.answers[mine][lang]))
    else:
        st.caption(say("class.waiting"))


def _send_all(asking: Asking, choice: int | None, pick: float | None) -> None:
    if choice is not None:
        _send(asking, "choice", choice, choices=len(asking.step.question.answers))
    if pick is not None:
        _send(asking, "rate", pick)


def _send(asking: Asking, kind: str, value, bounds=(), choices: int = 0) -> None:
    """One answer of `kind` to the class, or a toast saying why it was refused."""
    say = words()
    asked = Asked(kind, choices=choices, bounds=bounds, stops=tuple(LEARNING_RATES))
    pace = st.session_state.setdefault(PACE, Pace())
    try:
        rules.submit(store(), asking.klass.code, _student(), asking.lesson.name, asking.index, asked, kind, value,
                     time.time(), pace)  # fmt: skip
    except Refused as refused:
        st.toast(say(f"class.refused.{refused.reason}", code=asking.klass.code))
    except UNREACHABLE:
        st.toast(say("class.unreachable"))
