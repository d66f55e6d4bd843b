"""Where the page's parts go, as `app.layout` lays them out."""

from typing import NamedTuple

from streamlit.delta_generator import DeltaGenerator


class Areas(NamedTuple):
    """Where the page's parts go: the lesson, the messages, the chart, the chart's options, the sidebar's controls
    and the files to take away (None where the page offers none). Defined here, not in `app.py`, which runs again
    on every rerun: the class made anew each time was 1.3% of a loaded server's time."""

    lesson: DeltaGenerator
    message: DeltaGenerator
    view: DeltaGenerator
    options: DeltaGenerator
    controls: DeltaGenerator
    export: DeltaGenerator | None
