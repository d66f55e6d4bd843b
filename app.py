"""Gradient Descent Lab: the page's table of contents. Its parts live in `page/`; the work is done below it."""

from pathlib import Path

import streamlit as st

from page import charts

# First, before the page's other parts are imported (a second on a server's first visit): the browser starts
# reading plotly.js, which takes it about as long, while the server imports and works out the first chart.
charts.preload_plotly()

import landscapes
from page import classes, focus, links, own_data, panels, process, table, takeaway, teaching, wording
from page.areas import Areas
from page.controls import OPTIONS_OPEN, PRESENT_OPTIONS_OPEN, read_scene
from page.scene import Scene

ICON = str(Path(__file__).with_name("page") / "icon.svg")


def main() -> None:
    # A drawing of our own, sent as a data URI: an emoji has Streamlit read its whole emoji catalog (a third of a
    # second) on a first visit, and a Material icon is fetched from Google's servers, which a class may not reach.
    st.set_page_config(page_title="Gradient Descent Lab", page_icon=ICON, layout="wide")
    table.new_run()
    wording.unsettle()
    with st.sidebar:
        wording.language_control()
        say = wording.settle()
    klass = classes.join()
    if klass is None:
        focus.from_link()
    with st.sidebar:
        lesson = teaching.lesson_picker()
        present = teaching.presentation_switch()
    klass = classes.lead(klass, *(lesson or (None, None)))
    if lesson or klass is not None:
        own_data.forget()  # a lesson's and a class's sentences are checked against the sample's runs
    st.set_page_config(page_title=say("app.title"))  # the browser's tab, once the language is known
    notice_area = st.container()
    areas = layout(say, present, lesson, klass)
    scene = read_scene(areas.options, areas.controls)
    try:
        with areas.lesson:
            if klass is not None:
                classes.class_box(klass)
            asking = classes.Asking(klass, *lesson) if klass is not None and lesson else None
            revealed = teaching.lesson_panel(*lesson, fold=not present, asking=asking) if lesson else True
        if lesson or present:
            teaching.listen_for_keys(classes.keys_of(klass))
        with areas.message:
            runnable = panels.ready(scene)
        if areas.export is not None and not (runnable and revealed):
            areas.export.caption(say("takeaway.nothing_yet"))
        if runnable:
            show(scene, areas, hidden=not revealed, present=present or table.focused(), asking=asking)
    finally:
        # Last, so that controls drawn anywhere on the page have checked their part of the link.
        links.publish(link_of())
        with notice_area:
            for notice in links.notices(say):
                st.warning(notice, icon=":material/link:")
        wording.unsettle()
        process.settle()


def layout(say, present: bool, lesson, klass) -> Areas:
    """The page's areas: on a projector, the lesson beside the chart and no sidebar; focused (a student in a
    class, or a link naming its controls), the lesson, its controls and the chart alone; otherwise the
    introduction, the tools above the chart, and a lesson beside it (one above the other on a phone)."""
    if table.focused():
        focus.style()
        left, view_column = st.columns([2, 3])
        lesson_area, message_area, controls = left.container(), left.container(), left.container()
        return Areas(lesson_area, message_area, view_column, controls, controls, None)
    if present:
        teaching.presentation_style()
        teaching.leave_presentation()
        left, view_column = st.columns([2, 3])
        options = left.expander(say("app.chart_options_short"), key=links.panel(PRESENT_OPTIONS_OPEN),
                                on_change="rerun")  # fmt: skip
        return Areas(left.container(), left.container(), view_column, options, st.sidebar, None)
    panels.introduction()
    # In popovers, the chart's options keep their whole labels at any zoom, and the chart the page's width.
    tools = st.container(horizontal=True)
    with tools:
        teaching.lessons_menu(classes.start_button if klass is None else None)
    options = tools.popover(say("app.chart_options_short"), icon=":material/tune:", key=links.panel(OPTIONS_OPEN),
                            on_change="rerun")  # fmt: skip
    export = tools.popover(say("takeaway.title"), icon=":material/download:", key=links.panel(takeaway.OPEN),
                           on_change="rerun")  # fmt: skip
    tools.button(say("app.reset"), icon=":material/restart_alt:", on_click=reset, help=say("app.reset_help"))
    if lesson:
        # A lesson's words beside its chart: the answer and the run it explains on one screen.
        left, view_column = st.columns([2, 3])
        return Areas(left.container(), left.container(), view_column, options, st.sidebar, export)
    return Areas(st.container(), st.container(), st.container(), options, st.sidebar, export)


def show(scene: Scene, areas: Areas, hidden: bool, present: bool, asking: classes.Asking | None = None) -> None:
    """The run: what went wrong above the chart, the chart, then the facts, the data, the loss and every step,
    and the files to take them away. While a lesson waits for a prediction (`hidden`), only the landscape and
    the start. In a class (`asking`), the class's taps on the chart and, once revealed, how the predictions
    did."""
    message_area, view_column, export_area = areas.message, areas.view, areas.export
    page = panels.shown(scene)
    taps = asking.taps(page) if asking is not None else None
    if hidden:
        with view_column:
            panels.main_view(page, hidden=True, present=present, taps=taps)
            st.info(wording.words()(waiting_words(asking)))
        return
    if asking is not None:
        with message_area:
            asking.verdicts(page)
    with message_area:
        panels.divergences(page)
    with view_column:
        basins, main_figure = panels.main_view(page, present=present, taps=taps)
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
    if export_area.open:
        with export_area:
            takeaway.panel(page, charts, link_of())


def waiting_words(asking: classes.Asking | None) -> str:
    """What the page says while the run is hidden: answer first, alone; in a class, that the teacher shows it."""
    if asking is None:
        return "app.answer_first"
    return "class.hidden_teacher" if asking.klass.teacher else "class.waiting"


def reset() -> None:
    """Back to the page as a first visit sees it, in the visitor's language: every control at its default."""
    kept = st.session_state.get(wording.KEY)
    for key in list(st.session_state):
        del st.session_state[key]
    st.session_state[wording.KEY] = kept
    links.open_with({})
    st.query_params.clear()


def link_of() -> dict[str, str]:
    """The address of the scene on show: every control drawn this run that differs from its default."""
    return table.link()


with process.turn():
    main()
