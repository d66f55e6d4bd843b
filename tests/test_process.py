"""What the page settles for the process serving it after its first page: its TCP sockets send each message at
once (with Nagle's algorithm on, every rerun's messages after its first waited for the browser's delayed
acknowledgement, 40 ms more a rerun), and what lived then is frozen out of the full garbage collections."""

import gc
import socket
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
