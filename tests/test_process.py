"""What the page settles for the process serving it after its first page: its TCP sockets send each message at
once (with Nagle's algorithm on, every rerun's messages after its first waited for the browser's delayed
acknowledgement, 40 ms more a rerun), and what lived then is frozen out of the full garbage collections."""

import gc
import socket
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from page import process

APP = Path(__file__).resolve().parents[1] / "app.py"


def no_delay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


@pytest.fixture
def first_page_of_a_process():
    """The page's first run in this process, as a server's first visitor's is: what it settles is undone after."""
    process.settle.cache_clear()
    yield lambda: AppTest.from_file(str(APP), default_timeout=60).run()
    gc.unfreeze()
    process.settle.cache_clear()


def test_after_the_first_page_the_servers_tcp_sockets_send_at_once(first_page_of_a_process):
    # As Streamlit's server makes its socket: the protocol left 0, which asyncio does not take for TCP.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()) as visitor:
            first, _ = listener.accept()
            with first:
                assert not no_delay(first)
                assert not no_delay(listener)
                at = first_page_of_a_process()
                assert not at.exception
                assert no_delay(first), "the first visitor's connection still waits to send"
                with socket.create_connection(listener.getsockname()):
                    later, _ = listener.accept()
                    with later:
                        assert no_delay(later), "a connection accepted later still waits to send"
                first.sendall(b"still open")
                assert visitor.recv(10) == b"still open"


def test_the_first_page_leaves_other_sockets_open_and_as_they_were(first_page_of_a_process):
    left, right = socket.socketpair()
    with left, right, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as datagrams:
        first_page_of_a_process()
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
        assert datagrams.fileno() >= 0
        assert datagrams.type == socket.SOCK_DGRAM


def test_after_the_first_page_what_lived_then_is_out_of_the_full_collections(first_page_of_a_process):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    first_page_of_a_process()
    assert gc.get_freeze_count() > 10_000


def take_turn(entered: threading.Event, leave: threading.Event, wait: float) -> threading.Thread:
    """A page's run in its own thread: it takes the turn (or waits `wait` s for it), says it has entered, and
    leaves once `leave` is set."""

    def run() -> None:
        with process.turn(wait):
            entered.set()
            leave.wait(10)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_processs_runs_take_turns():
    first_in, second_in, first_out, second_out = (threading.Event() for _ in range(4))
    first = take_turn(first_in, first_out, wait=10)
    assert first_in.wait(5)
    second = take_turn(second_in, second_out, wait=10)
    assert not second_in.wait(0.5), "a second run went in while the first held the turn"
    first_out.set()
    assert second_in.wait(5), "the second run did not go in once the first was done"
    second_out.set()
    first.join(5)
    second.join(5)


def test_a_run_that_holds_the_turn_too_long_holds_up_no_one_past_the_wait():
    slow_in, other_in, third_in, slow_out, other_out, third_out = (threading.Event() for _ in range(6))
    slow = take_turn(slow_in, slow_out, wait=10)
    assert slow_in.wait(5)
    other = take_turn(other_in, other_out, wait=0.2)
    assert other_in.wait(5), "a run waited on for longer than its wait was still held up"
    other_out.set()
    other.join(5)
    # The run that went in without the turn gave back nothing: the slow one still holds it.
    third = take_turn(third_in, third_out, wait=10)
    assert not third_in.wait(0.5), "a run went in while the slow one still held the turn"
    slow_out.set()
    assert third_in.wait(5)
    third_out.set()
    slow.join(5)
    third.join(5)
