"""Figures drawn as PNG pictures by plotly.js itself, in one headless Chromium kept open while it has work
(through kaleido).

The browser is the system's (Debian's `chromium`, or BROWSER_PATH): nothing is downloaded, and MathJax (which
kaleido would fetch from a CDN) is off. One browser with a few tabs serves every picture of a process while it
is busy: starting one costs about three seconds, a picture in an open one a fraction of that.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a picture is first asked for: the page's first chart does not wait for it
    import kaleido

TABS = 2
"""Pictures drawn at once: one per core of a small server."""
TIMEOUT = 60
"""Seconds one picture may take to draw, once its request has its turn (waiting for the turn does not count)."""
IDLE_SECONDS = 120
"""A browser left without work this long is closed (it holds half a gigabyte and more); the next picture opens
one again, in about three seconds."""


class NoBrowser(RuntimeError):
    """No Chromium on this machine to draw pictures with."""


class Renderer:
    """One Chromium, driven from a thread of its own, that turns Plotly figure specs into PNG bytes; opened when a
    picture is asked for and closed when it has been idle for `idle` seconds."""

    def __init__(self, tabs: int = TABS, idle: float = IDLE_SECONDS) -> None:
        self._tabs, self._idle = tabs, idle
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="renderer", daemon=True).start()
        self._lock = threading.Lock()
        self._browser: kaleido.Kaleido | None = None
        self._busy = 0
        self._closer: threading.Timer | None = None
        self._queue: deque = deque()
        self._turns = threading.Condition()

    @property
    def is_open(self) -> bool:
        return self._browser is not None

    async def _open(self) -> kaleido.Kaleido:
        import kaleido

        browser = kaleido.Kaleido(n=self._tabs, mathjax=False, timeout=TIMEOUT)
        await browser.open()
        return browser

    def _wait(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(TIMEOUT)

    def _borrow(self) -> kaleido.Kaleido:
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if self._browser is None:
                from choreographer.browsers import ChromeNotFoundError

                try:
                    self._browser = self._wait(self._open())
                except ChromeNotFoundError as error:
                    raise NoBrowser(str(error)) from None
            self._busy += 1
            return self._browser

    def _give_back(self) -> None:
        with self._lock:
            self._busy -= 1
            if not self._busy:
                self._closer = threading.Timer(self._idle, self._close_if_idle)
                self._closer.daemon = True
                self._closer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._busy or self._browser is None:
                return
            browser, self._browser = self._browser, None
        self._wait(browser.close())

    @contextlib.contextmanager
    def turn(self, waiting: Callable[[int], None] | None = None) -> Iterator[None]:
        """One request's turn at the browser (a GIF's frames, a set of PNGs), in the order requests came: while
        others are ahead, `waiting(n)` hears how many, about twice a second. Taking turns keeps each request's
        pictures from queueing behind another's inside the browser, where their time limit would run out."""
        ticket = object()
        with self._turns:
            self._queue.append(ticket)
        try:
            with self._turns:
                while self._queue[0] is not ticket:
                    if waiting:
                        waiting(self._queue.index(ticket))
                    self._turns.wait(timeout=0.5)
            yield
        finally:
            with self._turns:
                self._queue.remove(ticket)
                self._turns.notify_all()

    def pngs(
        self,
        specs: Sequence[dict],
        width: int,
        height: int,
        scale: float = 1,
        done: Callable[[int], None] | None = None,
    ) -> list[bytes]:
        """Each of `specs` as a PNG of `width` × `height` CSS pixels at `scale` (so scale × as many pixels), in
        order; `done(n)` is told each time n pictures are ready."""
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        browser = self._borrow()
        try:
            # Every picture is asked for at once; the open tabs take them in turn (and other visitors' between them).
            futures = [
                asyncio.run_coroutine_threadsafe(browser.calc_fig(spec, opts=opts), self._loop) for spec in specs
            ]
            pictures = []
            for future in futures:
                pictures.append(future.result(TIMEOUT))
                if done:
                    done(len(pictures))
            return pictures
        finally:
            self._give_back()
