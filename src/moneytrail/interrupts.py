"""Ctrl-C: deferred while the main thread waits on threads of its own, and recognised
however it surfaces.

Python raises KeyboardInterrupt wherever the main thread happens to be. Inside
``Thread.join`` that is unsafe on Python 3.11: a join interrupted at the wrong moment
marks the thread it waits for as finished while it still runs (CPython bpo-45274; the
fix proposed in python/cpython#31290 was not merged). A load that then stops its
threads believes them stopped, and one can outlive the load, still holding its DuckDB
connection: at interpreter exit DuckDB reports the connection as leaked, or the
process aborts ("FATAL: exception not rethrown") as the thread is torn down inside
DuckDB. So where the main thread waits on threads, Ctrl-C only asks the work to stop,
and KeyboardInterrupt is raised once the threads are joined.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def deferred(on_interrupt: Callable[[], None]) -> Iterator[None]:
    """Within the block, Ctrl-C calls ``on_interrupt`` (which should make the block end
    soon) instead of raising; KeyboardInterrupt is raised when the block has ended.

    Only where Ctrl-C would raise KeyboardInterrupt in the first place: in the main
    thread, with Python's own handler in place (not ignored, nor taken by the caller).
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    received = threading.Event()

    def ask_to_stop(signum: int, frame: object) -> None:
        received.set()
        on_interrupt()

    signal.signal(signal.SIGINT, ask_to_stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if received.is_set():
        raise KeyboardInterrupt


def by_ctrl_c(exc: BaseException) -> bool:
    """Whether ``exc`` is how Ctrl-C surfaced: KeyboardInterrupt, or the plain
    RuntimeError("Query interrupted") that DuckDB raises in its place when Ctrl-C lands
    inside a query on the main thread (catch ``(KeyboardInterrupt, RuntimeError)``, then
    ask this)."""
    return isinstance(exc, KeyboardInterrupt) or (
        isinstance(exc, RuntimeError) and str(exc) == "Query interrupted"
    )
