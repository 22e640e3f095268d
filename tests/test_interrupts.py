"""Ctrl-C deferred while the main thread waits on its threads, prompt inside a warehouse
query, and never lost (moneytrail.interrupts)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import duckdb
import pytest

from moneytrail import interrupts
from moneytrail.warehouse.catalog import Warehouse


def _ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def _wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)


def test_ctrl_c_asks_the_work_to_stop_and_is_raised_once_the_block_ends():
    asked: list[str] = []
    finished_block = False
    with pytest.raises(KeyboardInterrupt), interrupts.deferred(lambda: asked.append("stop")):
        _ctrl_c()
        _wait_for(lambda: asked)
        finished_block = True
    assert asked == ["stop"]
    assert finished_block
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_thread_joined_through_ctrl_c_is_still_seen_running():
    release = threading.Event()
    worker = threading.Thread(target=release.wait, name="worker")
    worker.start()
    stop = threading.Event()
    try:
        with pytest.raises(KeyboardInterrupt), interrupts.deferred(stop.set):
            threading.Timer(0.05, _ctrl_c).start()
            while not stop.is_set():
                worker.join(0.01)
            # Python 3.11 could mark the worker finished had the join been interrupted.
            assert worker.is_alive()
    finally:
        release.set()
        worker.join(5)
    assert not worker.is_alive()


def test_without_ctrl_c_the_block_runs_as_usual():
    with interrupts.deferred(lambda: pytest.fail("nothing asked to stop")):
        total = sum(range(10))
    assert total == 45
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_error_in_the_block_goes_on_as_itself():
    with pytest.raises(ValueError, match="bad input"), interrupts.deferred(lambda: None):
        raise ValueError("bad input")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_ignored_by_the_caller_stays_ignored():
    asked: list[str] = []
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with interrupts.deferred(lambda: asked.append("stop")):
            _ctrl_c()
            time.sleep(0.05)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert asked == []


def test_outside_the_main_thread_nothing_changes():
    outcome: list[object] = []

    def in_a_thread() -> None:
        try:
            with interrupts.deferred(lambda: None):
                outcome.append(signal.getsignal(signal.SIGINT))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            outcome.append(exc)

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join(5)
    assert outcome == [signal.default_int_handler]


def test_ctrl_c_is_recognised_however_it_surfaces():
    assert interrupts.by_ctrl_c(KeyboardInterrupt())
    # What DuckDB 2.0 raises when Ctrl-C lands inside a query on the main thread.
    assert interrupts.by_ctrl_c(RuntimeError("Query interrupted"))
    assert not interrupts.by_ctrl_c(RuntimeError("something else"))
    assert not interrupts.by_ctrl_c(ValueError("Query interrupted"))


# A join DuckDB takes half a minute over on this machine, and notices Ctrl-C only once it
# has ended (measured: 33 s on its own, with Ctrl-C pressed after 1 s).
LONG_JOIN = "SELECT count(*) AS n FROM range(100000) a(i), range(100000) b(j) WHERE i + j = 7"


def _ctrl_c_to_the_main_thread(after: float) -> None:
    # A terminal's Ctrl-C reaches the main thread, here waiting inside DuckDB.
    main_thread = threading.main_thread().ident
    threading.Timer(after, signal.pthread_kill, (main_thread, signal.SIGINT)).start()


def _watchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ctrl-c-watcher"]


def test_ctrl_c_interrupts_a_warehouse_query_at_once_as_a_keyboard_interrupt(home):
    with pytest.raises(KeyboardInterrupt) as raised, Warehouse(home).reader() as con:
        _ctrl_c_to_the_main_thread(after=0.3)
        con.sql(LONG_JOIN).fetchall()
    # The query was interrupted on its connection, not let run to its end.
    stopped_by = raised.value.__cause__ or raised.value.__context__
    assert isinstance(stopped_by, duckdb.InterruptException)
    # Nothing is left listening for signals.
    assert signal.set_wakeup_fd(-1) == -1
    assert not _watchers()


def test_ctrl_c_interrupts_a_query_on_a_connection_opened_inside_another(home):
    # As an efile load queries the warehouse inside its own interruptible connection.
    with duckdb.connect() as outer, interrupts.interruptible(outer):
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt), Warehouse(home).reader() as con:
            _ctrl_c_to_the_main_thread(after=0.3)
            con.sql(LONG_JOIN).fetchall()
        assert time.monotonic() - started < 10  # not the half minute the join takes
        assert len(_watchers()) == 1  # the outer connection is still watched
        assert outer.sql("SELECT 1").fetchall() == [(1,)]
    assert signal.set_wakeup_fd(-1) == -1
    assert not _watchers()


def test_a_statement_left_uninterrupted_runs_to_its_end_and_ctrl_c_follows(tmp_path):
    # DuckDB 2.0 can deadlock aborting a Parquet COPY: the efile load and the resolve's
    # write-out let their COPYs end.
    out = tmp_path / "numbers.parquet"
    copy = f"COPY (SELECT i FROM range(100000000) t(i)) TO '{out}' (FORMAT parquet)"  # 1.4 s
    raised_as_the_block_ended = False
    with pytest.raises(KeyboardInterrupt), duckdb.connect() as con, interrupts.interruptible(con):
        try:
            with interrupts.uninterrupted(con):
                _ctrl_c_to_the_main_thread(after=0.3)
                con.execute(copy)
        except KeyboardInterrupt:
            raised_as_the_block_ended = True
            raise
    assert raised_as_the_block_ended
    assert duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall() == [(100000000,)]
    assert not _watchers()


def test_a_listener_already_on_the_signals_is_left_in_place(home):
    receiving, sending = socket.socketpair()
    sending.setblocking(False)
    signal.set_wakeup_fd(sending.fileno())
    try:
        assert Warehouse(home).query("SELECT 1 AS one").to_pylist() == [{"one": 1}]
        assert signal.set_wakeup_fd(-1) == sending.fileno()
    finally:
        signal.set_wakeup_fd(-1)
        receiving.close(), sending.close()


def _has_open(pid: int, path: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == str(path) for fd in fds.iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_ctrl_c_in_a_query_command_exits_130_without_a_traceback(home):
    Warehouse(home).ensure()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moneytrail", "sql", LONG_JOIN, "--home", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: _has_open(proc.pid, home / "warehouse.duckdb") or proc.poll() is not None)
        time.sleep(0.3)  # into the query
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert (proc.returncode, stdout, stderr) == (130, "", "")


def _has_mapped(pid: int, library: str) -> bool:
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "moneytrail"], [str(Path(sys.executable).with_name("moneytrail"))]],
    ids=["python -m moneytrail", "the moneytrail script"],
)
def test_ctrl_c_while_the_command_starts_exits_130_without_a_traceback(home, command):
    outcomes = []
    # Pressed as DuckDB's library is mapped, Ctrl-C lands in the command's imports
    # (the commands' own modules come after); tries until one press has.
    for _ in range(5):
        proc = subprocess.Popen(
            [*command, "sql", "SELECT 'ran'", "--home", str(home)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _wait_for(lambda p=proc: _has_mapped(p.pid, "_duckdb") or p.poll() is not None)
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=20)
        finally:
            proc.kill()
        outcomes.append((proc.returncode, stdout, stderr))
        if "ran" not in stdout:
            break
    assert "Traceback" not in "".join(err for _, _, err in outcomes)
    assert outcomes[-1] == (130, "", ""), outcomes


def test_ctrl_c_swallowed_inside_a_warehouse_query_is_raised_when_it_ends(home):
    with pytest.raises(KeyboardInterrupt), Warehouse(home).reader() as con:
        try:
            _ctrl_c()
            time.sleep(5)
        except KeyboardInterrupt:
            pass  # as DuckDB may when Ctrl-C lands as its query ends
        _wait_for(lambda: any(t.presses for t in _watchers()))  # type: ignore[attr-defined]
        assert con.sql("SELECT 42").fetchall() == [(42,)]


def test_ctrl_c_swallowed_as_a_block_ends_is_raised_though_the_watcher_hears_it_late(home):
    # Swallowed at once, as C code around DuckDB may, and the block ends before the
    # watcher thread has run at all.
    wh = Warehouse(home)
    for _ in range(20):
        with pytest.raises(KeyboardInterrupt), wh.reader(), suppress(KeyboardInterrupt):
            _ctrl_c()
    assert not _watchers()


def test_ctrl_c_raised_as_another_error_before_the_watcher_reads_it_is_a_keyboard_interrupt(
    home,
):
    # DuckDB wraps a KeyboardInterrupt raised in Python code it calls (reading a registered
    # Arrow table) in an error of its own; the watcher thread may not have run yet.
    wh = Warehouse(home)
    for _ in range(20):
        with pytest.raises(KeyboardInterrupt), wh.reader():
            try:
                _ctrl_c()
            except KeyboardInterrupt:
                wrapped = "counting the rows failed: KeyboardInterrupt"
                raise duckdb.InvalidInputException(wrapped) from None


# Presses Ctrl-C as pandas is first imported while a filing is read (pyarrow imported it,
# lazily, in code that swallowed Ctrl-C); then says whether reading the filing stopped.
_CTRL_C_AS_PYARROW_IMPORTS_PANDAS = """
import os, signal, sys

class CtrlCOnImportingPandas:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)

from moneytrail.formats.efile.describe import describe_filing
sys.meta_path.insert(0, CtrlCOnImportingPandas())
try:
    describe_filing(sys.argv[1])
    print("read to the end")
except KeyboardInterrupt:
    print("stopped by Ctrl-C")
"""


def test_ctrl_c_as_pandas_is_first_imported_stops_reading_a_filing(shared_data):
    filing = shared_data / "efile" / "fastfec" / "1527862.fec"
    said = subprocess.run(
        [sys.executable, "-c", _CTRL_C_AS_PYARROW_IMPORTS_PANDAS, str(filing)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert said.stdout.strip() == "stopped by Ctrl-C", said.stderr
