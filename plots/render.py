"""Figures drawn as PNG pictures by plotly.js itself, in one headless Chromium kept open (through kaleido).

The browser is the system's (Debian's `chromium`, or BROWSER_PATH): nothing is downloaded, and MathJax (which
kaleido would fetch from a CDN) is off. One browser with a few tabs serves every picture of a process: starting
one costs about two seconds, a picture in an open one a fraction of that.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence

import kaleido
from choreographer.browsers import ChromeNotFoundError

TABS = 2
"""Pictures drawn at once: one per core of a small server."""
TIMEOUT = 60


class NoBrowser(RuntimeError):
    """No Chromium on this machine to draw pictures with."""


class Renderer:
    """One Chromium, driven from a thread of its own, that turns Plotly figure specs into PNG bytes."""

    def __init__(self, tabs: int = TABS) -> None:
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="renderer", daemon=True).start()
        try:
            self._kaleido = self._wait(self._open(tabs))
        except ChromeNotFoundError as error:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise NoBrowser(str(error)) from None

    async def _open(self, tabs: int) -> kaleido.Kaleido:
        browser = kaleido.Kaleido(n=tabs, mathjax=False, timeout=TIMEOUT)
        await browser.open()
        return browser

    def _wait(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(TIMEOUT)

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
        # Every picture is asked for at once; the open tabs take them in turn (and other visitors' between them).
        futures = [
            asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop) for spec in specs
        ]
        pictures = []
        for future in futures:
            pictures.append(future.result(TIMEOUT))
            if done:
                done(len(pictures))
        return pictures
