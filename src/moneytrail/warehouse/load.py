"""Atomic, idempotent loads of bulk files into the warehouse.

A load reads its file into Parquet files under ``staging/`` with no lock on the catalog,
then commits in one short DuckDB transaction: it moves the files under ``tables/``,
records the load, its files and its rejects, and redefines the views. Until that commit
nothing a reader can see has changed; a load killed midway leaves only staging files
and unreferenced Parquet files, which the next load removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import signal
import threading
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from moneytrail import interrupts
from moneytrail.errors import CorruptInputError, LoadError, UnrecognizedFileError
from moneytrail.formats.bulk import reader
from moneytrail.formats.bulk.detect import BulkInput
from moneytrail.formats.bulk.reader import sql_str
from moneytrail.formats.bulk.schema import BulkKind
from moneytrail.progress import Progress
from moneytrail.sources.local import recognise_paths
from moneytrail.warehouse.catalog import Warehouse, write_views

HASH_BLOCK = 8 << 20


@dataclass
class LoadReport:
    """What one load did."""

    source_file: str
    kind: str
    cycle: int | None
    recognised_by: str
    status: str  # loaded | replaced | unchanged (filings also: duplicate, superseded in this load)
    load_id: int | None = None
    replaced_load_id: int | None = None
    rows_read: int = 0
    rows_loaded: dict[str, int] = field(default_factory=dict)
    rows_rejected: int = 0
    fixes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    source_sha256: str = ""

    def describe(self) -> str:
        """What was loaded, in a few words: "indiv, cycle 2024"."""
        return f"{self.kind}, cycle {self.cycle or 'unknown'}"


def dataset_key(item: BulkInput) -> str:
    """What a newer snapshot of the same file replaces: the kind and cycle, or the kind
    and file name when the cycle is unknown."""
    return f"{item.kind.kind}:{item.cycle}" if item.cycle else f"{item.kind.kind}:{item.data_name}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(HASH_BLOCK):
            digest.update(chunk)
    return digest.hexdigest()


def load_files(
    warehouse: Warehouse,
    paths: Iterable[str | os.PathLike[str]],
    *,
    kind: str | None = None,
    cycle: int | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    on_recognised: Callable[[BulkInput], None] | None = None,
    on_left_out: Callable[[Path, str], None] | None = None,
    leave_out_empty: bool = False,
) -> list[LoadReport]:
    """Load bulk files (zipped or not, or folders of them) into the warehouse; one atomic
    load per data file.

    Every file is recognised before any is loaded, so a typo fails fast; a folder's files
    that are no bulk file are reported to ``on_left_out`` with the reason, and so are
    files that hold no rows when ``leave_out_empty`` (else they are refused).

    >>> load_files(Warehouse("/tmp/mt"), ["indiv24.zip"])  # doctest: +SKIP
    [LoadReport(source_file='indiv24.zip!itcont.txt', kind='indiv', ...)]
    """
    inputs = _one_per_dataset(
        recognise_paths(
            list(paths),
            kind=kind,
            cycle=cycle,
            on_left_out=on_left_out,
            leave_out_empty=leave_out_empty,
        )
    )
    if on_recognised:
        for item in inputs:
            on_recognised(item)
    workers = workers or max(1, min(os.cpu_count() or 1, 8))
    reports = []
    with warehouse.write_lock():
        warehouse.ensure()
        collect_garbage(warehouse)
        for item in inputs:
            reports.append(_load_one(warehouse, item, progress, workers))
    return reports


def _one_per_dataset(inputs: list[BulkInput]) -> list[BulkInput]:
    """``inputs`` with a file named twice (or named and reached through its folder) kept
    once. Two files of one kind and cycle would each replace the other: ask for one."""
    unique: dict[tuple[Path, str | None], BulkInput] = {}
    for item in inputs:
        unique.setdefault((item.path.resolve(), item.member), item)
    seen: dict[str, BulkInput] = {}
    for item in unique.values():
        first = seen.setdefault(dataset_key(item), item)
        if first is not item:
            advice = "unzip the one to load" if first.path == item.path else "name the one to load"
            if not item.cycle:
                advice += ", or load each apart with its --cycle"
            raise UnrecognizedFileError(
                f"{first.location} and {item.location} are both {item.kind.kind} files of "
                f"cycle {item.cycle or 'unknown'}, and the warehouse keeps one file per kind "
                f"and cycle; {advice}"
            )
    return list(unique.values())


def collect_garbage(warehouse: Warehouse) -> None:
    """Remove what interrupted loads left: staging files and Parquet files that no
    current load (nor the materialized receipts) references. Call only under the write
    lock."""
    shutil.rmtree(warehouse.staging_dir, ignore_errors=True)
    if not warehouse.tables_dir.exists():
        return
    with warehouse.reader() as con:
        keep = {
            r[0]
            for r in con.execute(
                "SELECT path FROM load_files JOIN loads USING (load_id) WHERE status = 'current' "
                "UNION SELECT path FROM materialized"
            ).fetchall()
        }
    for path in warehouse.tables_dir.rglob("*.parquet"):
        if path.relative_to(warehouse.home).as_posix() not in keep:
            path.unlink(missing_ok=True)


def current_load(warehouse: Warehouse, dataset: str) -> tuple[int, str, int] | None:
    with warehouse.reader() as con:
        found = con.execute(
            "SELECT load_id, source_sha256, source_bytes FROM loads "
            "WHERE dataset = ? AND status = 'current'",
            [dataset],
        ).fetchall()
        return found[0] if found else None


class _Hasher(threading.Thread):
    def __init__(self, path: Path) -> None:
        super().__init__(name="sha256", daemon=True)
        self.path, self.digest, self.error = path, "", None

    def run(self) -> None:
        try:
            self.digest = sha256_of(self.path)
        except OSError as exc:
            self.error = exc


def _load_one(
    warehouse: Warehouse, item: BulkInput, progress: Progress | None, workers: int
) -> LoadReport:
    began = time.perf_counter()
    started_at = datetime.now()
    report = LoadReport(item.display_name, item.kind.kind, item.cycle, item.recognised_by, "loaded")
    dataset = dataset_key(item)
    size = item.path.stat().st_size
    previous = current_load(warehouse, dataset)
    hasher = _Hasher(item.path)
    if previous and previous[2] == size:
        # Same size as what is loaded: hash first, as it is likely the very same file.
        hasher.run()
        if hasher.digest == previous[1]:
            report.status, report.load_id, report.source_sha256 = (
                "unchanged",
                previous[0],
                hasher.digest,
            )
            return report
    else:
        hasher.start()

    stage = warehouse.staging_dir / secrets.token_hex(6)
    stage.mkdir(parents=True)
    finished = False
    try:
        data_path = _extract(item, stage, progress) if item.member else item.path
        staged, fixes = _stage(item, data_path, stage, progress, workers)
        if hasher.is_alive():
            hasher.join()
        if hasher.error:
            raise CorruptInputError(f"{item.path}: cannot be read: {hasher.error}")
        report.source_sha256 = hasher.digest
        if previous and previous[1] == hasher.digest:
            report.status, report.load_id = "unchanged", previous[0]
            finished = True
            return report
        report.fixes = dict(fixes)
        commit = Commit(
            dataset, item.kind.kind, item.cycle, item.display_name, item.path, size,
            item.recognised_by, started_at, staged, report, previous[0] if previous else None,
        )  # fmt: skip
        commit_loads(warehouse, [commit])
        finished = True
    except duckdb.Error as exc:
        raise LoadError(
            f"loading {item.display_name} failed: {one_line(exc)}; the warehouse was left as it was"
        ) from exc
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not interrupts.by_ctrl_c(exc):
            raise
        raise LoadError(
            f"loading {item.display_name} was interrupted; the warehouse was left as it was"
        ) from exc
    except OSError as exc:
        raise LoadError(
            f"loading {item.display_name} failed: {exc.strerror or exc}; "
            "the warehouse was left as it was"
        ) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if progress:
            progress.finish(item.display_name, report.status if finished else "failed")
    report.seconds = time.perf_counter() - began
    return report


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    # DuckDB wraps some I/O errors in JSON; the inner message is the one to show.
    inner = re.search(r'"exception_message":"((?:[^"\\]|\\.)*)"', text)
    if inner:
        text = inner.group(1).replace('\\"', '"')
    return text.splitlines()[0] if text else type(exc).__name__


def _extract(item: BulkInput, stage: Path, progress: Progress | None) -> Path:
    """Unzip the member to the staging folder; zipfile checks its CRC as it reads."""
    target = stage / "input.txt"
    try:
        with zipfile.ZipFile(item.path) as zf:
            info = zf.getinfo(item.member or "")
            if progress:
                progress.start(f"unzip {item.display_name}", info.file_size, 0)
            with zf.open(info) as src, target.open("wb") as out:
                while chunk := src.read(reader.BLOCK):
                    out.write(chunk)
                    if progress:
                        progress.advance(f"unzip {item.display_name}", len(chunk))
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, zlib.error) as exc:
        raise CorruptInputError(
            f"{item.path} is a truncated or corrupt zip ({exc}); nothing was loaded"
        ) from exc
    finally:
        if progress:
            progress.finish(f"unzip {item.display_name}", "unzipped")
    return target


@dataclass
class Staged:
    table_files: dict[str, list[tuple[Path, int]]]  # per table: file, line offset
    rows_read: int
    rejects: pa.Table  # source_line, reason, raw_line


def _stage(
    item: BulkInput, data: Path, stage: Path, progress: Progress | None, workers: int
) -> tuple[Staged, Counter[str]]:
    kind = item.kind
    single = len(kind.targets) == 1
    con = _piece_connection(stage)  # for the CSV path, routing and counting
    fixes: Counter[str] = Counter()
    name = item.display_name
    if progress:
        progress.start(name, data.stat().st_size, 0)

    def stage1_sql(lines_sql: str, k: int) -> tuple[str, Path]:
        fields_sql = reader.typed_fields_sql(kind, lines_sql)
        if single:
            out = stage / f"{kind.targets[0].table}-{k}.parquet"
            select = reader.target_select_sql(kind.targets[0], fields_sql, keep_rejects=True)
        else:
            out = stage / f"fields-{k}.parquet"
            cases = " ".join(
                f"WHEN {t.where or 'true'} THEN {sql_str(t.table)}" for t in kind.targets
            )
            select = f"SELECT *, CASE {cases} END AS _table FROM ({fields_sql})"
        return f"COPY ({select}) TO {sql_str(str(out))} (FORMAT parquet)", out

    try:
        if kind.dialect == "csv":
            con.register("csv_lines", reader.csv_lines_table(data, kind, fixes))
            sql, out = stage1_sql("SELECT * FROM csv_lines", 0)
            con.execute(sql)
            outputs, index = [(out, 0)], None
            if progress:
                progress.advance(name, data.stat().st_size)
        else:

            def pieces(progress: Progress | None, mark_empty_lines: bool):
                return _stage_pieces(
                    con, data, stage, workers,
                    lambda path, first: reader.pipe_lines_sql(path, first, kind),
                    stage1_sql, fixes, progress, name, mark_empty_lines=mark_empty_lines,
                )  # fmt: skip

            outputs, lines, index = pieces(progress, False)
            if _count(con, [p for p, _ in outputs]) != lines:
                # DuckDB's reader skips empty lines, which would shift the line numbers
                # of all that follow: read again, marking them (rare, and slower).
                fixes.clear()
                outputs, lines, index = pieces(None, True)
        table_files = {}
        if single:
            table_files[kind.targets[0].table] = outputs
        else:
            for t in kind.targets:
                out = stage / f"{t.table}-0.parquet"
                routed = reader.target_select_sql(
                    t,
                    f"SELECT * FROM ({_numbered(outputs)}) WHERE _table = {sql_str(t.table)}",
                    keep_rejects=False,
                )
                con.execute(f"COPY ({routed}) TO {sql_str(str(out))} (FORMAT parquet)")
                table_files[t.table] = [(out, 0)]
        rows_read = _count(con, [p for p, _ in outputs])
        rejected = con.execute(
            f"SELECT source_line, reject_reason, raw_line FROM ({_numbered(outputs)}) "
            "WHERE reject_reason IS NOT NULL ORDER BY source_line"
        ).fetchall()
        return Staged(table_files, rows_read, _rejects_table(data, kind, rejected, index)), fixes
    finally:
        con.close()


def _count(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> int:
    return con.execute(f"SELECT count(*) FROM read_parquet([{_listed(paths)}])").fetchall()[0][0]


def _numbered(files: list[tuple[Path, int]]) -> str:
    """The staged files' rows with their line numbers made absolute."""
    return " UNION ALL ".join(
        f"SELECT * REPLACE (source_line + {offset} AS source_line) "
        f"FROM read_parquet({sql_str(str(path))})"
        for path, offset in files
    )


def _listed(paths: list[Path]) -> str:
    return ", ".join(sql_str(str(p)) for p in paths)


def _rejects_table(
    data: Path, kind: BulkKind, rejected: list[tuple], index: reader.LineIndex | None
) -> pa.Table:
    """The rejected lines with their reasons and text. Where the SQL could not rebuild
    the text exactly (a line with too many fields; quoted CSV), it is read from the file."""
    exact = kind.dialect == "pipe"
    missing = [n for n, why, _ in rejected if not exact or why.startswith(reader.TOO_MANY)]
    from_file = reader.read_lines(data, missing, index) if missing else {}
    lines, reasons, texts = [], [], []
    delimiter = "," if kind.dialect == "csv" else "|"
    for number, why, text in rejected:
        text = from_file.get(number, text)
        lines.append(number)
        reasons.append(reader.complete_reason(why, text or "", delimiter))
        texts.append(text)
    return pa.table(
        {
            "source_line": pa.array(lines, pa.int64()),
            "reason": pa.array(reasons, pa.string()),
            "raw_line": pa.array(texts, pa.string()),
        }
    )


def _stage_pieces(
    con: duckdb.DuckDBPyConnection,
    data: Path,
    stage: Path,
    workers: int,
    lines_sql: Callable[[str, int], str],
    stage1_sql: Callable[[str, int], tuple[str, Path]],
    fixes: Counter[str],
    progress: Progress | None,
    name: str,
    *,
    mark_empty_lines: bool = False,
) -> tuple[list[tuple[Path, int]], int, reader.LineIndex]:
    """Run one feeder and one query per piece of ``data``, all at once; return the files
    written with the line offset of each (a piece numbers its lines from 1, so that all
    pieces start at once), the number of lines in ``data`` and where its lines stand.

    If anything fails or the user interrupts, every feeder stops, so every query meets
    the end of its input, and every thread is joined before the error goes on: no thread
    is left blocked on a pipe, nor running past the load."""
    ranges = reader.split_ranges(data, workers)
    cancel = threading.Event()
    errors: list[BaseException] = []
    feeders: list[reader.Feeder] = []
    queries: list[tuple[threading.Thread, duckdb.DuckDBPyConnection]] = []
    outputs: list[Path] = []
    lock = threading.Lock()

    def advance(n: int) -> None:
        if progress:
            with lock:
                progress.advance(name, n)

    def run(cursor: duckdb.DuckDBPyConnection, sql: str) -> None:
        # Ctrl-C is the main thread's to handle: it stops every piece in order. A query
        # thread that took the signal itself would interrupt only its own query.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            cursor.execute(sql)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
            # Without its traceback: that would hold this frame, its connection and, through
            # ``errors``, itself, a cycle that keeps the connection alive to interpreter exit.
            errors.append(exc.with_traceback(None))
            cancel.set()

    # Ctrl-C stops the pieces and is raised once they are joined, never inside a join.
    with interrupts.deferred(cancel.set):
        try:
            for k, (start, end) in enumerate(ranges):
                fifo = stage / f"piece-{k}.fifo"
                fifo.unlink(missing_ok=True)
                feeder = reader.Feeder(data, start, end, fifo, advance, cancel, mark_empty_lines)
                feeder.begin()
                feeders.append(feeder)
                sql, out = stage1_sql(lines_sql(str(feeder.fifo), 1), k)
                outputs.append(out)
                # A database of its own per piece: a piece interrupted midway then cannot
                # leave another connection busy.
                cursor = _piece_connection(stage)
                thread = threading.Thread(target=run, args=(cursor, sql), name=f"piece-{k}")
                thread.start()
                queries.append((thread, cursor))
            for thread, _ in queries:
                while thread.is_alive() and not cancel.is_set():
                    thread.join(0.1)
        except BaseException:
            cancel.set()
            raise
        finally:
            if cancel.is_set():
                _stop(queries, feeders)
            for feeder in feeders:
                feeder.join()
            for thread, cursor in queries:
                thread.join()
                with contextlib.suppress(duckdb.Error):
                    cursor.close()
    if errors:
        raise errors[0]
    for feeder in feeders:
        if feeder.error:
            raise feeder.error
        fixes.update(feeder.fixes)
    offsets = [0]
    for feeder in feeders:
        offsets.append(offsets[-1] + feeder.lines)
    index = reader.LineIndex.from_feeders(feeders, [o + 1 for o in offsets[:-1]])
    return list(zip(outputs, offsets, strict=False)), offsets[-1], index


def _piece_connection(stage: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET threads = 1")  # one thread per piece: its lines are numbered in order
    con.execute("SET memory_limit = '1GB'")
    con.execute(f"SET temp_directory = {sql_str(str(stage / 'spill'))}")
    return con


def _stop(
    queries: list[tuple[threading.Thread, duckdb.DuckDBPyConnection]],
    feeders: list[reader.Feeder],
) -> None:
    """Wait for every query's thread once its feeder has stopped (``cancel`` is set):
    the query sees the end of its input and finishes, and its output is thrown away. A
    query still waiting to open its pipe is released by opening the other end once.
    Nothing here may raise: the error that stopped the load is the one to report.

    The queries are not interrupted: DuckDB 2.0 can deadlock aborting a Parquet COPY
    (the aborting thread drains the write queue while a writer waits on the queue's
    lock); it hung 4 of 42 loads interrupted mid-write."""
    for (thread, _), feeder in zip(queries, feeders, strict=False):
        while thread.is_alive():
            feeder.release_reader()
            thread.join(0.05)


@dataclass
class Commit:
    """One staged load, ready to be made visible: where it came from and what it wrote."""

    dataset: str  # what a newer snapshot replaces (see ``loads.dataset``)
    kind: str
    cycle: int | None
    source_file: str  # as shown to users
    source_path: Path
    source_bytes: int
    recognised_by: str
    started_at: datetime
    staged: Staged
    report: LoadReport
    replaces: int | None = None  # the load a newer snapshot replaces


def commit_loads(warehouse: Warehouse, commits: list[Commit]) -> None:
    """Make staged loads visible in one transaction: move their files under ``tables/``,
    record loads, files and rejects, and redefine the views. All or nothing."""
    with duckdb.connect() as probe:
        file_rows = {
            path: probe.execute(
                f"SELECT count(*) FROM read_parquet({sql_str(str(path))}) "
                "WHERE reject_reason IS NULL"
            ).fetchall()[0][0]
            for c in commits
            for files in c.staged.table_files.values()
            for path, _ in files
        }
    moved: list[Path] = []
    with warehouse.writer() as con:
        try:
            con.execute("BEGIN")
            load_id = con.execute("SELECT coalesce(max(load_id), 0) FROM loads").fetchall()[0][0]
            for c in commits:
                load_id += 1
                _record_load(warehouse, con, c, load_id, file_rows, moved)
            write_views(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            for path in moved:
                path.unlink(missing_ok=True)
            raise
    for c in commits:
        if c.replaces:
            c.report.status, c.report.replaced_load_id = "replaced", c.replaces
            for path in warehouse.tables_dir.rglob(f"{c.replaces}-*.parquet"):
                path.unlink(missing_ok=True)


def _record_load(
    warehouse: Warehouse,
    con: duckdb.DuckDBPyConnection,
    c: Commit,
    load_id: int,
    file_rows: dict[Path, int],
    moved: list[Path],
) -> None:
    report = c.report
    report.load_id = load_id
    report.rows_read = c.staged.rows_read
    report.rows_rejected = c.staged.rejects.num_rows
    report.rows_loaded = {
        table: sum(file_rows[p] for p, _ in files) for table, files in c.staged.table_files.items()
    }
    if c.replaces:
        con.execute(
            "UPDATE loads SET status = 'replaced', replaced_by = ? WHERE load_id = ?",
            [load_id, c.replaces],
        )
        con.execute("DELETE FROM rejects WHERE load_id = ?", [c.replaces])
    con.execute(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', NULL)",
        [
            load_id, c.dataset, c.kind, c.cycle, c.source_file, str(c.source_path.resolve()),
            report.source_sha256, c.source_bytes, c.recognised_by, c.started_at,
            datetime.now(), report.rows_read, sum(report.rows_loaded.values()),
            report.rows_rejected, sum(report.fixes.values()),
        ],
    )  # fmt: skip
    for table, files in c.staged.table_files.items():
        folder = warehouse.tables_dir / table
        folder.mkdir(parents=True, exist_ok=True)
        for k, (src, offset) in enumerate(files):
            dest = folder / f"{load_id}-{k}.parquet"
            os.replace(src, dest)
            moved.append(dest)
            relative = dest.relative_to(warehouse.home).as_posix()
            con.execute(
                "INSERT INTO load_files VALUES (?, ?, ?, ?, ?)",
                [load_id, table, relative, file_rows[src], offset],
            )
    con.register("staged_rejects", c.staged.rejects)
    con.execute(
        f"INSERT INTO rejects SELECT {load_id}, {sql_str(c.source_file)}, "
        "source_line, reason, raw_line FROM staged_rejects"
    )
    con.unregister("staged_rejects")
