"""The learner's own examples, made on the data chart: a click adds a point (of the class chosen) or removes the
nearest one, a drag moves one, a CSV file replaces them all, and one button goes back to the sample. Each change
is checked by `landscapes.given`; a refused one leaves the data as it was and says why."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import landscapes
from landscapes import given
from page import work
from page.scene import Built
from page.wording import words

OWN = "own_data"
"""Session key of the learner's examples: (landscape, sample, Given); they count for that landscape and sample."""
PROBLEM = "own_data_problem"
CLICK = "data_click"
FILE_ROUND = "data_file_round"
"""The file control's round: a new one after each file read, so the control is empty again."""


def held(name: str, sample: int) -> landscapes.Given | None:
    """The learner's own examples for landscape `name` and `sample`, if they made some."""
    kept = st.session_state.get(OWN)
    if kept and kept[0] == name and kept[1] == sample:
        return kept[2]
    return None


def forget() -> None:
    """Back to the sample: a lesson or a class states facts about the sample's runs."""
    st.session_state.pop(OWN, None)


def click_modes(land: landscapes.DataLandscape) -> tuple[str, ...]:
    return ("add_plus", "add_minus", "remove") if land.task == "classification" else ("add", "remove")


def _now(source) -> landscapes.Examples:
    """The examples as they are now: the learner's, or the sample's. Not those drawn with the chart: a click made
    while the page reran for the one before calls the handler the chart was drawn with."""
    own = held(source.name, source.sample)
    return own.examples if own is not None else work.landscape_for(Built(source.name, source.sample)).examples


def _keep(source, own: landscapes.Given) -> None:
    """`own` becomes the learner's examples for `source`."""
    st.session_state[OWN] = (source.name, source.sample, own)


def _refused(error: given.DataError) -> None:
    st.session_state[PROBLEM] = words()(f"data_error.{error.code}", **error.fields)


def on_edits(land: landscapes.DataLandscape, source) -> Callable[[list], None]:
    """What clicks and drags on the data chart do, in order: a click adds a point there or removes the nearest
    one (as chosen), a drag moves the point nearest where it began. An edit the rules refuse is skipped and said;
    the others count."""

    def edited(edits: list) -> None:
        examples = before = _now(source)
        mode = st.session_state.get(CLICK, click_modes(land)[0])
        for edit in edits:
            try:
                if edit.start is not None:
                    changed = given.moved_point(land, examples, edit.start, edit.at)
                elif mode == "remove":
                    changed = given.without_point(land, examples, *edit.at)
                else:
                    changed = given.with_point(land, examples, *edit.at, -1.0 if mode == "add_minus" else 1.0)
                examples = given.checked(land, changed).examples
            except given.DataError as error:
                _refused(error)
        if examples is not before:
            _keep(source, given.Given.of(examples))

    return edited


def panel(land: landscapes.DataLandscape, source) -> None:
    """Under the data chart: what a click does, what was refused, how many examples are the learner's, the way
    back to the sample, the data as a file, and a file of the learner's own."""
    say = words()
    problem = st.session_state.pop(PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/block:")
    modes = click_modes(land)
    if st.session_state.get(CLICK) not in modes:
        st.session_state[CLICK] = modes[0]
    texts = {mode: say(f"own_data.{mode}") for mode in modes}
    st.radio(say("own_data.click"), modes, format_func=texts.get, key=CLICK, horizontal=True,
             help=say("own_data.click_help"))  # fmt: skip
    if source.own is not None:
        st.caption(say("own_data.yours", count=len(land.examples.targets)))
    buttons = st.columns(2)
    if source.own is not None:
        buttons[0].button(say("own_data.back"), icon=":material/undo:", on_click=forget)
    buttons[1].download_button(say("own_data.download"), given.as_csv(land), file_name=f"{land.name}_data.csv",
                               mime="text/csv", icon=":material/download:", on_click="ignore")  # fmt: skip
    names = ", ".join(given.columns(land))
    round_ = st.session_state.get(FILE_ROUND, 0)
    label = say("own_data.file", columns=names, limit=given.row_limit(land), size=given.MAX_BYTES // 1000)
    with st.container(key="own_file"):
        st.file_uploader(label, type=["csv", "txt"], key=f"data_file_{round_}", on_change=_read_file,
                         args=(land, source, f"data_file_{round_}"))  # fmt: skip


def _read_file(land: landscapes.DataLandscape, source, key: str) -> None:
    uploaded = st.session_state.get(key)
    st.session_state[FILE_ROUND] = st.session_state.get(FILE_ROUND, 0) + 1
    if uploaded is None:
        return
    try:
        own = given.read_csv(land, uploaded.read(given.MAX_BYTES + 1))
    except given.DataError as error:
        _refused(error)
        return
    _keep(source, own)
