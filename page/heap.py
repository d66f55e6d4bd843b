"""The server's memory once its first page is drawn: what lives as long as the process is kept out of the way of
Python's full garbage collections."""

import functools
import gc


@functools.cache
def settle() -> None:
    """Once per process, after its first page: freeze every object alive then (the modules, their tables, the
    first caches), so that a full collection no longer walks them. Under a class each full collection walked
    them all, about 170 ms with every thread stopped, every few seconds (`bench/load.py`; these stalls reached
    the students' slowest reruns). Frozen objects are still freed when nothing refers to them; only a cycle
    among them would outlive its use, and at the first page the process holds one visitor's session."""
    gc.freeze()
