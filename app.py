"""Gradient Descent Lab: the page's table of contents. Its parts live in `page/`; the work is done below it."""

import streamlit as st

import landscapes
from page import links, panels, work
from page.controls import read_scene
from page.query import scene_link
from page.scene import Scene, default_start


def main() -> None:
    st.set_page_config(page_title="Gradient Descent Lab", page_icon="⛰️", layout="wide")
    notice_area = st.container()
    panels.introduction()
    message_area = st.container()
    view_column, options_column = st.columns([5, 1])
    scene = read_scene(options_column)
    try:
        with message_area:
            runnable = panels.ready(scene)
        if runnable:
            show(scene, message_area, view_column)
    finally:
        # Last, so that controls drawn anywhere on the page have checked their part of the link.
        links.publish(link_of(scene))
        with notice_area:
            for notice in links.notices():
                st.warning(notice, icon=":material/link:")


def show(scene: Scene, message_area, view_column) -> None:
    """The run: what went wrong above the chart, the chart, then the facts, the data, the loss and every step."""
    page = panels.shown(scene)
    with message_area:
        panels.divergences(page)
    with view_column:
        basins = panels.main_view(page)
    if basins is not None:
        panels.basin_facts(page, basins)
    panels.summary(page)
    if isinstance(page.land, landscapes.DataLandscape):
        panels.data_view(page)
    panels.loss_and_rates(page)
    panels.steps(page)


def link_of(scene: Scene) -> dict[str, str]:
    """The address of the scene on show, with the step the data view inspects."""
    land = work.landscape_for(scene.source)
    link = scene_link(scene, default_start(land))
    if isinstance(land, landscapes.DataLandscape) and st.session_state.get("inspect"):
        link["inspect"] = str(st.session_state["inspect"])
    return link


main()
