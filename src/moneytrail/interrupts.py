"""Ctrl-C: deferred while the main thread waits on threads of its own, prompt inside a
query, never lost, and recognised however it surfaces.

Python raises KeyboardInterrupt wherever the main thread happens to be. Inside
``Thread.join`` that is unsafe on Python 3.11: a join interrupted at the wrong moment
marks the thread it waits for as finished while it still runs (CPython bpo-45274; the
fix proposed in python/cpython#31290 was not merged). A load that then stops its
threads believes them stopped, and one can outlive the load, still holding its DuckDB
connection: at interpreter exit DuckDB reports the connection as leaked, or the
process aborts ("FATAL: exception not rethrown") as the thread is torn down inside
DuckDB. So where the main thread waits on threads, Ctrl-C only asks the work to stop,
and KeyboardInterrupt is raised once the threads are joined.

Inside a DuckDB query on the main thread, DuckDB notices Ctrl-C late, and raises a
plain RuntimeError("Query interrupted") instead of KeyboardInterrupt. The warehouse's
connections (``interruptible``) interrupt their query at once and raise
KeyboardInterrupt, as everywhere else in Python; except a statement that must not be
aborted (``uninterrupted``: DuckDB 2.0 can deadlock aborting a Parquet COPY), which runs
to its end first.
"""

from __future__ import annotations

import select
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress

import duckdb


@contextmanager
def deferred(on_interrupt: Callable[[], None]) -> Iterator[None]:
    """Within the block, Ctrl-C calls ``on_interrupt`` (which should make the block end
    soon) instead of raising; KeyboardInterrupt is raised when the block has ended.

    Only where Ctrl-C would raise KeyboardInterrupt in the first place.
    """
    if not _python_raises_on_ctrl_c():
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


@contextmanager
def interruptible(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within the block, Ctrl-C interrupts ``con``'s query at once and is raised as
    KeyboardInterrupt, whatever error the interrupted query raised, or if it raised none.

    DuckDB notices Ctrl-C itself only between the pieces of work the main thread takes
    on, which can be seconds apart or not until the query ends (Ctrl-C took 15 s to stop
    a self-join of the 2020 sample's contributions). So a thread woken by the signal
    interrupts the query, and every other interruptible connection open around it. Only
    where Ctrl-C would raise KeyboardInterrupt anyway, and nothing else listens for
    signals (an event loop may); elsewhere the block runs as it is.
    """
    watcher = _CtrlCWatcher.watch(con)
    began_at = watcher.presses if watcher else 0
    try:
        yield
    except GeneratorExit:
        # Closed unfinished: Ctrl-C's KeyboardInterrupt was raised in the ``with``
        # statement's own exit before it reached here (Python's handler runs where it may).
        raise
    except BaseException as exc:
        by_this_block = watcher is not None and watcher.unheard_since(began_at)
        if not (by_this_block or by_ctrl_c(exc)):
            raise
        if watcher:
            watcher.raised()
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise KeyboardInterrupt from exc
    finally:
        if watcher:
            watcher.unwatch(con)
    # Pressed, yet nothing raised: DuckDB (or C code around it) swallowed the
    # KeyboardInterrupt.
    if watcher and watcher.unheard_since(began_at):
        watcher.raised()
        raise KeyboardInterrupt


@contextmanager
def uninterrupted(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within the block, Ctrl-C lets ``con``'s statements run to their end, and is raised
    as KeyboardInterrupt when the block ends. For statements that must not be aborted:
    DuckDB 2.0 can deadlock aborting a Parquet COPY (its main thread waits forever in
    ``TaskExecutor::DrainTasks``; 1 of 120 interrupted efile loads hung so). Keep the
    block short: Ctrl-C waits for it."""
    watcher = _CtrlCWatcher.current
    # DuckDB interrupts a query itself when Python's handler raises as it checks signals.
    with deferred(lambda: None), watcher.paused(con) if watcher else nullcontext():
        yield


class _CtrlCWatcher(threading.Thread):
    """Interrupts the queries of the open interruptible connections each time Ctrl-C is
    pressed; one at a time, while any is open. Python's signal handlers run only between
    the main thread's bytecodes, which a query holds off; the wakeup file descriptor,
    which Python writes each signal's number to as it arrives, does not wait."""

    current: _CtrlCWatcher | None = None  # set and cleared by the main thread only

    def __init__(self) -> None:
        super().__init__(name="ctrl-c-watcher", daemon=True)
        self._counted = 0  # presses read from the wakeup descriptor
        self.heard = 0  # the presses by the last time a block raised KeyboardInterrupt
        self._connections: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()
        self._receiving, self._sending = socket.socketpair()
        self._sending.setblocking(False)

    @classmethod
    def watch(cls, con: duckdb.DuckDBPyConnection) -> _CtrlCWatcher | None:
        if not _python_raises_on_ctrl_c():
            return None
        if cls.current is None:
            watcher = cls()
            previous = signal.set_wakeup_fd(watcher._sending.fileno(), warn_on_full_buffer=False)
            if previous != -1:  # someone else listens: leave them be
                signal.set_wakeup_fd(previous)
                watcher._receiving.close()
                watcher._sending.close()
                return None
            watcher.start()
            cls.current = watcher
        with cls.current._lock:
            cls.current._connections.append(con)
        return cls.current

    @contextmanager
    def paused(self, con: duckdb.DuckDBPyConnection) -> Iterator[None]:
        """Within the block, Ctrl-C does not interrupt ``con`` (still counted as pressed)."""
        with self._lock:
            others = [c for c in self._connections if c is not con]
            taken = len(self._connections) - len(others)
            self._connections = others
        try:
            yield
        finally:
            with self._lock:
                self._connections.extend([con] * taken)

    @property
    def presses(self) -> int:
        """Times Ctrl-C was pressed: read, and not read yet. Python's own handler may have
        run, and DuckDB swallowed its KeyboardInterrupt, before this thread has run."""
        with self._lock:  # a press is read and counted under it at once
            try:
                unread = self._receiving.recv(256, socket.MSG_PEEK | socket.MSG_DONTWAIT)
            except OSError:  # none waiting, or the thread has ended (having read them all)
                unread = b""
            return self._counted + unread.count(signal.SIGINT)

    def raised(self) -> None:
        """Every press so far is being raised: no enclosing block raises it again."""
        self.heard = self.presses

    def unheard_since(self, began_at: int) -> bool:
        """Whether Ctrl-C was pressed since ``began_at`` and not raised since."""
        return self.presses > max(began_at, self.heard)

    def unwatch(self, con: duckdb.DuckDBPyConnection) -> None:
        """Stop interrupting ``con``; with the last connection, stop listening."""
        with self._lock:
            self._connections.remove(con)
            if self._connections:
                return
        type(self).current = None
        try:
            signal.set_wakeup_fd(-1)
        finally:
            self._sending.close()  # which ends the thread
            self.join()

    def run(self) -> None:
        with self._receiving:
            while True:
                select.select([self._receiving], [], [])
                with self._lock:
                    received = self._receiving.recv(256)  # readable: it does not block
                    self._counted += received.count(signal.SIGINT)
                    connections = list(self._connections) if signal.SIGINT in received else []
                if not received:
                    return  # the sending end was closed
                for con in connections:
                    with suppress(duckdb.Error):  # its query may have just ended
                        con.interrupt()


def _python_raises_on_ctrl_c() -> bool:
    """Whether Ctrl-C raises KeyboardInterrupt here: in the main thread, with Python's
    own handler in place (not ignored, nor taken by the caller)."""
    return (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )


def by_ctrl_c(exc: BaseException) -> bool:
    """Whether ``exc`` is how Ctrl-C surfaced: KeyboardInterrupt, or the plain
    RuntimeError("Query interrupted") that DuckDB raises in its place when Ctrl-C lands
    inside a query on the main thread, on a connection not made ``interruptible`` (catch
    ``(KeyboardInterrupt, RuntimeError)``, then ask this)."""
    return isinstance(exc, KeyboardInterrupt) or (
        isinstance(exc, RuntimeError) and str(exc) == "Query interrupted"
    )


def import_pandas_before_pyarrow() -> None:
    """Import pandas, so that pyarrow need not. pyarrow imports it the first time it
    converts a value, in code that swallows what is raised there: Ctrl-C landing in that
    import (about 0.2 s) was lost, and the work went on (3 of 16 efile loads interrupted in
    their first 1.3 s), or it left pyarrow believing pandas absent, to fail later with a
    TypeError. Imported here, Ctrl-C is raised as anywhere, and pyarrow finds pandas
    imported. Called where the work that converts begins rather than at start-up, which
    it would slow by a third (0.2 s of 0.7 s)."""
    with suppress(ImportError):  # pyarrow does without pandas too
        import pandas  # noqa: F401
        import pyarrow.pandas_compat  # noqa: F401
