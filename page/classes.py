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
from page import query, table, teaching
from page.lessons import Lesson, Step, answer_order
from page.wording import words

FIRST_LESSON = "local_global"
"""The lesson a class opened outside any lesson starts with: the chapter's question of local and global minima."""
REFRESH_SECONDS = 1.0
"""How often a student's page looks whether the class has moved on, and the teacher's tally counts again."""
STUDENT = "_student"
"""This page's random id in a class: it lets a student change an answer, and names no one."""
PACE = "_pace"
QR_PIXELS = 8
"""Pixels per module of the QR code: about 300 px across, scanned from the back of a room on a projector."""


def _read_code(raw: list[str]) -> str:
    text = query.single(raw)
    code = "new" if text == "new" else as_code(text)
    if code is None:
        raise ValueError(text)
    return code


def _read_key(raw: list[str]) -> str:
    text = query.single(raw)
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", text):
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
    """The class this page is in, read from its link or session (a new one made for `class=new`); a student's
    page is counted in and follows the class to its lesson and step. None outside a class, or with a notice
    when the class is not there or cannot be reached."""
    say = words()
    code, key = table.bound(CODE, ""), table.bound(KEY, "")
    if not code:
        return None
    now = time.time()
    try:
        if code == "new":
            store().expire(now)
            lesson = st.session_state.get("lesson") or FIRST_LESSON
            code, key = rules.start(store(), lesson, now)
            st.session_state.update({"class": code, "teacher": key, "lesson": lesson})
            teaching.enter(1)
        room = rules.open_room(store(), code)
        if key:
            rules.as_teacher(store(), code, key)
        else:
            store().join(code, st.session_state.setdefault(STUDENT, secrets.token_hex(8)), now)
    except Refused as refused:
        st.warning(say(f"class.refused.{refused.reason}", code=code), icon=":material/groups:")
        st.session_state.update({"class": "", "teacher": ""})
        return None
    except UNREACHABLE:
        st.warning(say("class.unreachable"), icon=":material/cloud_off:")
        return None
    if not key and (st.session_state.get("lesson"), st.session_state.get("step")) != (room.lesson, room.step + 1):
        st.session_state["lesson"] = room.lesson
        teaching.enter(room.step + 1)
    return InClass(code, key or None, room)


def lead(klass: InClass, lesson: Lesson | None, index: int | None) -> InClass:
    """On the teacher's page: the class moves to the lesson and step on show. Returns the class as it now is."""
    if lesson is None or (lesson.name, index) == (klass.room.lesson, klass.room.step):
        return klass
    try:
        rules.move(store(), klass.code, klass.key, lesson.name, index, time.time())
    except (Refused, *UNREACHABLE):
        return klass
    return klass._replace(room=klass.room._replace(lesson=lesson.name, step=index, revealed=False))


class Asking(NamedTuple):
    """How a lesson's question is asked in a class (`teaching.lesson_panel` calls it): the run shows once the
    teacher reveals it, and only the teacher moves through the steps."""

    klass: InClass

    @property
    def revealed(self) -> bool:
        return self.klass.room.revealed

    @property
    def moves(self) -> bool:
        return self.klass.teacher

    def ask(self, lesson: Lesson, index: int, step: Step) -> None:
        if self.klass.teacher:
            _teacher_question(self.klass, lesson, index, step)
        else:
            _student_question(self.klass, lesson, index, step)


def class_box(klass: InClass) -> None:
    """What the teacher shows the room: the code, the students' link and its QR code, and closing the class; on a
    student's page, the class it is in (and its watch for the teacher's next move)."""
    say = words()
    if not klass.teacher:
        st.caption(say("class.member", code=klass.code))
        _follow(klass.code, (klass.room.lesson, klass.room.step, klass.room.revealed))
        return
    link = student_link(klass.code)
    st.markdown(f"### {say('class.code', code=klass.code)}")
    st.caption(say("class.join", link=link))
    st.html(f'<div class="class-qr">{segno.make(link, error="m").svg_inline(scale=QR_PIXELS)}</div>')
    buttons = st.container(horizontal=True)
    buttons.download_button(say("class.download"), lambda: answers_csv(klass).encode(), on_click="ignore",
                            file_name=f"class-{klass.code}.csv", mime="text/csv",
                            icon=":material/download:")  # fmt: skip
    buttons.button(say("class.close"), icon=":material/logout:", on_click=_close, args=(klass,))


def student_link(code: str) -> str:
    """The page's own address with the class's code and nothing else: what students open."""
    here = urllib.parse.urlsplit(st.context.url or "http://localhost:8501/")
    return urllib.parse.urlunsplit((here.scheme, here.netloc, here.path, f"class={code}", ""))


def answers_csv(klass: InClass) -> str:
    """Every answer of the class's lesson, counted per step and answer: no student named."""
    from page.lessons import catalog

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


def _close(klass: InClass) -> None:
    try:
        rules.close(store(), klass.code, klass.key)
    except (Refused, *UNREACHABLE):
        return
    st.session_state.update({"class": "", "teacher": ""})
    st.toast(words()("class.closed"))


@st.fragment(run_every=REFRESH_SECONDS)
def _follow(code: str, at: tuple[str, int, bool]) -> None:
    """A student's page looks once a second whether the class has moved on or revealed (one small row read);
    if so, the whole page runs again and follows."""
    try:
        room = store().room(code)
    except UNREACHABLE:
        return
    if room is None or (room.lesson, room.step, room.revealed) != at:
        st.rerun()


def _teacher_question(klass: InClass, lesson: Lesson, index: int, step: Step) -> None:
    say, question = words(), step.question
    st.markdown(say("lesson.predict", question=question.text[say.lang]))
    if klass.room.revealed:
        right = question.answers[question.right][say.lang]
        st.info(say("lesson.shown", question="", answer=right, why=question.why[say.lang]))
    _tally(klass.code, lesson, index)
    if not klass.room.revealed:
        st.button(say("class.reveal"), type="primary", on_click=_reveal, args=(klass,), use_container_width=True)


@st.fragment(run_every=REFRESH_SECONDS)
def _tally(code: str, lesson: Lesson, index: int) -> None:
    """How many have joined and answered, and a bar per answer: the room's prediction, with no one named."""
    say, question = words(), lesson.steps[index].question
    try:
        room, answers = store().room(code), store().answers(code, lesson.name, index)
    except UNREACHABLE:
        st.warning(say("class.unreachable"))
        return
    if room is None:
        return
    st.markdown(say("class.joined", joined=room.joined, answered=len(answers)))
    counts = collections.Counter(int(answer.value) for answer in answers if answer.kind == "choice")
    if not answers:
        st.caption(say("class.nobody"))
        return
    for choice in answer_order(lesson, index):
        text = say("class.choice", answer=question.answers[choice][say.lang], count=counts[choice])
        st.progress(counts[choice] / len(answers), text=text)


def _reveal(klass: InClass) -> None:
    try:
        rules.reveal(store(), klass.code, klass.key, time.time())
    except (Refused, *UNREACHABLE):
        return


def _student_question(klass: InClass, lesson: Lesson, index: int, step: Step) -> None:
    """Until the teacher reveals: the choices and a button that sends the answer (again, to change it); then
    the student's own answer marked right or not, with why."""
    say, question = words(), step.question
    lang = say.lang
    try:
        sent = store().answer_of(klass.code, lesson.name, index, st.session_state.get(STUDENT, ""))
    except UNREACHABLE:
        sent = None
    mine = int(sent.value) if sent is not None and sent.kind == "choice" else None
    if klass.room.revealed:
        right, why = question.answers[question.right][lang], question.why[lang]
        if mine is None:
            st.info(say("lesson.shown", question=question.text[lang], answer=right, why=why))
        elif mine == question.right:
            st.success(say("lesson.right", answer=right, why=why))
        else:
            st.error(say("lesson.wrong", answer=question.answers[mine][lang], mistake=question.mistakes[mine][lang],
                         right=right, why=why))  # fmt: skip
        return
    order = answer_order(lesson, index)
    choice = st.radio(say("lesson.predict", question=question.text[lang]), order,
                      index=order.index(mine) if mine is not None else None,
                      format_func=lambda i: question.answers[i][lang],
                      key=f"class answer {lesson.name} {index}")  # fmt: skip
    st.button(say("class.send"), type="primary", disabled=choice is None, on_click=_send,
              args=(klass, lesson, index, choice), use_container_width=True)  # fmt: skip
    if mine is not None:
        st.success(say("class.sent", answer=question.answers[mine][lang]))
    else:
        st.caption(say("class.waiting"))


def _send(klass: InClass, lesson: Lesson, index: int, choice: int | None) -> None:
    say = words()
    asked = Asked("choice", choices=len(lesson.steps[index].question.answers))
    pace = st.session_state.setdefault(PACE, Pace())
    try:
        rules.submit(store(), klass.code, st.session_state.get(STUDENT, ""), lesson.name, index, asked, "choice",
                     choice, time.time(), pace)  # fmt: skip
    except Refused as refused:
        st.toast(say(f"class.refused.{refused.reason}", code=klass.code))
    except UNREACHABLE:
        st.toast(say("class.unreachable"))
