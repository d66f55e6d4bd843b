"""A client that speaks Streamlit's websocket protocol and sends, under the page's real widget ids, values the
page's own controls never send: shared by the tests and by `bench/load.py --faults`."""

import asyncio
import json

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

CHART_EVENTS = "$$STREAMLIT_INTERNAL_KEY_{base}__events"


def crafted(ids: dict[str, str]) -> dict[str, WidgetState]:
    """For each control or chart a client can move, a value it can never send from the page, under its real id:
    an unknown name, a number past the box or past a float, the chart's η index as Infinity, a wrong type."""
    cases = {}

    def state(key: str, case: str | None = None, **value) -> None:
        if key in ids:
            cases[case or key] = WidgetState(id=ids[key], **value)

    state("landscape", string_value="<script>alert(1)</script>")
    state("optimizers", string_array_value={"data": ["gd", "no-such-optimizer"]})
    state("lr", string_array_value={"data": ["1e999"]})
    state("start_x", double_array_value={"data": [1e308]})
    state("steps", string_array_value={"data": ["-5"]})
    state("schedule", string_value="DROP TABLE")
    state("animate", string_value="yes")
    state("lang", string_value="xx")
    state("lesson", int_value=99)
    # Streamlit sends a radio's or a select box's option as its words: a number there is none.
    for choice in ("lang", "view", "landscape", "schedule", "lesson"):
        state(choice, f"{choice} as a number", int_value=1)
        state(choice, f"{choice} as a float", double_value=1e308)
    # Panels that open (their state is True or False): text, a number, a list where a switch belongs.
    state("steps_open", string_value="open")
    state("settings_open", int_value=7)
    state("takeaway_open", double_array_value={"data": [1e308]})
    state("lessons_open", string_value="yes")
    for number, (chart, event, value) in enumerate((
        ("contour", "click", {"x": 1e308, "y": 0}),
        ("contour", "rate", {"index": float("inf"), "alone": "maybe"}),
        ("contour", "click", "not a point"),
        ("rates", "click", {"x": -1e308, "y": None}),
        ("contour", "missing", ["not", "an", "id"]),
    )):  # fmt: skip
        if chart in ids:
            payload = json.dumps([{"event": event, "value": value}])
            cases[f"{chart}.{event}.{number}"] = WidgetState(
                id=CHART_EVENTS.format(base=ids[chart]), json_trigger_value=payload
            )
    return cases


def opened(ids: dict[str, str], is_open: bool = True) -> list[WidgetState]:
    """The states that open (or close) every panel of the page whose id is in `ids`: with them open, every control
    is drawn and has its id."""
    return [WidgetState(id=widget, bool_value=is_open) for key, widget in ids.items() if key.endswith("_open")]


async def run_once(ws, states=(), query: str = "") -> tuple[int, list[str], dict[str, str]]:
    """One rerun: its finish status, the messages of any exception box it drew, and the widget ids it drew."""
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.widget_states.widgets.extend(states)
    await ws.send(message.SerializeToString())
    exceptions, ids = [], {}
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.WhichOneof("type") == "add_block" and reply.delta.add_block.id:
            ids[reply.delta.add_block.id.rsplit("-", 1)[-1]] = reply.delta.add_block.id  # a panel that opens
        elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            inner = getattr(element, element.WhichOneof("type"))
            if element.WhichOneof("type") == "exception":
                exceptions.append(f"{inner.type}: {inner.message}\n{''.join(inner.stack_trace)}")
            elif getattr(inner, "id", ""):
                ids[inner.id.rsplit("-", 1)[-1]] = inner.id
        elif kind == "script_finished":
            return reply.script_finished, exceptions, ids


async def connect(url: str):
    return await websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                    max_size=None)  # fmt: skip
