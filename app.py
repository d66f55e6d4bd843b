"""Gradient Descent Lab: the page's table of contents. Its parts live in `page/`; the work is done below it."""

import streamlit as st

import landscapes
from page import links, panels, takeaway, teaching, wording, work
from page.controls import read_scene
from page.query import scene_link
from page.scene import Scene, default_start


def main() -> None:
    st.set_page_config(page_title="Gradient Descent Lab", page_icon="⛰️", layout="wide")
    with st.sidebar:
        wording.language_control()
        say = wording.words()
        lesson = teaching.lesson_picker()
        present = teaching.presentation_switch()
    st.set_page_config(page_title=say("app.title"))  # the browser's tab, once the language is known
    notice_area = st.container()
    export_area = None
    if present:
        teaching.presentation_style()
        teaching.leave_presentation()
        left, view_column = st.columns([2, 3])
        lesson_area, message_area = left.container(), left.container()
        options_column = left.expander(say("app.chart_options_short"))
    else:
        panels.introduction()
        # In popovers, the chart's options keep their whole labels at any zoom, and the chart the page's width.
        tools = st.container(horizontal=True)
        with tools:
            teaching.lessons_menu()
        options_column = tools.popover(say("app.chart_options_short"), icon=":material/tune:")
        export_area = tools.popover(say("takeaway.title"), icon=":material/download:")
        tools.button(say("app.reset"), icon=":material/restart_alt:", on_click=reset, help=say("app.reset_help"))
        if lesson:
            # A lesson's words beside its chart (one above the other on a phone): the answer and the run it
            # explains on one screen.
            left, view_column = st.columns([2, 3])
            lesson_area, message_area = left.container(), left.container()
        else:
            lesson_area, message_area, view_column = st.container(), st.container(), st.container()
    scene = read_scene(options_column)
    try:
        with lesson_area:
            revealed = teaching.lesson_panel(*lesson, fold=not present) if lesson else True
        if lesson or present:
            teaching.listen_for_keys(teaching.on_key)
        with message_area:
            runnable = panels.ready(scene)
        if export_area is not None and not (runnable and revealed):
            export_area.caption(say("takeaway.nothing_yet"))
        if runnable:
            areas = (message_area, view_column, export_area)
            show(scene, areas, hidden=not revealed, present=present, link=link_of(scene, lesson, present))
    finally:
        # Last, so that controls drawn anywhere on the page have checked their part of the link.
        links.publish(link_of(scene, lesson, present))
        with notice_area:
            for notice in links.notices(say):
                st.warning(notice, icon=":material/link:")


def show(scene: Scene, areas: tuple, hidden: bool, present: bool, link: dict[str, str]) -> None:
    """The run: what went wrong above the chart, the chart, then the facts, the data, the loss and every step,
    and the files to take them away. While a lesson waits for a prediction (`hidden`), only the landscape and
    the start."""
    message_area, view_column, export_area = areas
    page = panels.shown(scene)
    if hidden:
        with view_column:
            panels.main_view(page, hidden=True, present=present)
            st.info(wording.words()("app.answer_first"))
        return
    with message_area:
        panels.divergences(page)
    with view_column:
        basins, main_figure = panels.main_view(page, present=present)
    if scene.view.iteration is not None:
        with message_area:
            panels.iteration_numbers(page)
    if basins is not None:
        with message_area:
            panels.basin_facts(page, basins)
    if present:
        if isinstance(page.land, landscapes.DataLandscape):
            with view_column:
                panels.loss(page)
        return
    panels.summary(page)
    charts = {"map": main_figure}
    if isinstance(page.land, landscapes.DataLandscape):
        charts["data"] = panels.data_view(page)
    charts["loss"], rates = panels.loss_and_rates(page)
    charts |= {"rates": rates} if rates is not None else {}
    panels.steps(page)
    with export_area:
        takeaway.panel(page, charts, link)


def reset() -> None:
    """Back to the page as a first visit sees it, in the visitor's language: every control at its default."""
    kept = st.session_state.get(wording.KEY)
    for key in list(st.session_state):
        del st.session_state[key]
    st.session_state[wording.KEY] = kept
    st.session_state[links.OPENING] = {}
    st.query_params.clear()


def link_of(scene: Scene, lesson, present: bool) -> dict[str, str]:
    """The address of the scene on show, with the step the data view inspects and the lesson's place."""
    land = work.landscape_for(scene.source)
    link = scene_link(scene, default_start(land))
    if isinstance(land, landscapes.DataLandscape) and st.session_state.get("inspect"):
        link["inspect"] = str(st.session_state["inspect"])
    if lesson:
        link |= {"lesson": lesson[0].name, "step": str(lesson[1] + 1)}
    if st.session_state.get(wording.KEY) != wording.browser_language():
        link["lang"] = st.session_state[wording.KEY]
    link |= {"present": "1"} if present else {}
    return link


main()
