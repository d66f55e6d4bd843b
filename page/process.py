"""What the page asks of the process that serves it: its runs take turns, and once, after its first page, its
sockets send at once and what lives as long as the process stays out of the way of Python's full garbage
collections."""

import contextlib
import functools
import gc
import os
import socket
import stat
import threading
from collections.abc import Iterator

TURN_WAIT = 0.25
"""Seconds a page's run waits for its turn before it runs anyway, beside the one that holds it."""

_turn = threading.Lock()


@contextlib.contextmanager
def turn(wait: float = TURN_WAIT) -> Iterator[None]:
    """The page's run takes the process's turn, so that its visitors' runs go one after another instead of all
    at once: Python runs one thread at a time, and fifty runs sharing it in 5 ms slices each took as long as
    all of them together, while their threads' switching and cold caches made each cost more. A run that waits
    more than `wait` seconds (one that holds the turn is slow: a large computation, a new landscape) runs anyway,
    so no visitor's run holds up the others for longer than that."""
    taken = _turn.acquire(timeout=wait)
    try:
        yield
    finally:
        if taken:
            _turn.release()


FDS = "/dev/fd"
"""This process's open files, one entry each (Linux and macOS; elsewhere the sockets stay as they are)."""


@functools.cache
def settle() -> None:
    """Once per process, after its first page (its first visitor's connection is open by then)."""
    send_at_once()
    # Every object alive now (the modules, their tables, the first caches) is frozen, so that a full collection
    # no longer walks them: under a class each one walked them all, about 170 ms with every thread stopped,
    # every few seconds (`bench/load.py`), and those stalls reached the students' slowest reruns. Frozen objects
    # are still freed when nothing refers to them; only a cycle among them would outlive its use, and at the
    # first page the process holds one visitor's session.
    gc.freeze()


def send_at_once() -> None:
    """TCP_NODELAY on each of this process's TCP sockets, the server's listening one among them (the connections
    it accepts later inherit it). Streamlit's server makes its socket in a way Python's asyncio does not take
    for TCP, so Nagle's algorithm stayed on, and each rerun's messages after its first waited for the browser's
    delayed acknowledgement: an η rerun arrived whole after 44–48 ms, and after 16–18 ms without the wait."""
    with contextlib.suppress(OSError):
        for name in os.listdir(FDS):
            with contextlib.suppress(OSError, ValueError):
                fd = int(name)
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    _no_delay(fd)


def _no_delay(fd: int) -> None:
    """TCP_NODELAY on the socket `fd` if it is a TCP one; the descriptor stays open and otherwise unchanged."""
    sock = socket.socket(fileno=fd)
    try:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    finally:
        sock.detach()
