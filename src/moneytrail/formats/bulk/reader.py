"""Turn a bulk file into typed rows: the SQL that splits, types and checks each line,
and the feeders that stream a file to DuckDB in parallel pieces.

Why pieces through FIFOs: DuckDB's CSV reader cannot say which line a row came from,
and numbering rows in one parallel scan serialises it. So the file is cut at line
boundaries into one piece per core; each piece is streamed through a named pipe to its
own single-threaded query that numbers its lines (``row_number() OVER ()`` is cheap on
one thread) from the piece's known first line. Each line is read whole and split in SQL,
so a short, long or mistyped line is never skipped by the reader: it becomes a row with
a ``reject_reason`` and its raw text, and line numbers stay exact.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from moneytrail.formats.bulk.schema import BulkKind, Field, Target
from moneytrail.model import table_columns

BLOCK = 8 << 20  # bytes read and written at a time
# A byte that never occurs in a cleaned line, so DuckDB reads each line as one column.
LINE_DELIMITER = "\x01"
_SPECIAL = (b"\r", b"\x00", b"\x01")


def sql_str(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


# -- SQL: from the list of raw fields ``f`` to typed, checked values ------------------


def _typed(field_: Field, index: int) -> str:
    raw = f"f[{index + 1}]"
    if field_.type == "VARCHAR":
        return f"NULLIF({raw}, '')"
    if field_.type == "DATE":
        return f"try_strptime({raw}, {sql_str(field_.date_format or '')})::DATE"
    if field_.type.startswith("DECIMAL"):
        # Amounts sometimes carry thousands separators (1,000.00): read them, don't reject.
        return f"TRY_CAST(replace({raw}, ',', '') AS {field_.type})"
    return f"TRY_CAST({raw} AS {field_.type})"


def _reason(kind: BulkKind) -> str:
    n = kind.fields_per_line
    checks = [
        "WHEN line IS NULL OR trim(line) = '' THEN 'empty line'",
        f"WHEN len(f) < {n} THEN 'too few fields: expected {n}, found ' || len(f)",
        f"WHEN len(f) > {n} THEN 'too many fields: expected {n}, found ' || len(f)",
    ]
    if kind.trailing_delimiter:
        checks.append(
            f"WHEN f[{n}] <> '' THEN 'too many fields: expected {n - 1} and an empty last one'"
        )
    for i, fld in enumerate(kind.fields):
        if fld.type == "VARCHAR":
            continue
        what = f"a date ({fld.date_format})" if fld.type == "DATE" else f"a {fld.type.lower()}"
        checks.append(
            f"WHEN f[{i + 1}] <> '' AND \"{fld.name}\" IS NULL "
            f"THEN '{fld.name} is not {what}: ' || f[{i + 1}]"
        )
    return "CASE " + " ".join(checks) + " END"


def typed_fields_sql(kind: BulkKind, lines_sql: str) -> str:
    """SELECT over ``lines_sql`` (columns: line, f, source_line) giving every field typed
    under its FEC name, plus ``source_line``, ``reject_reason`` and ``raw_line``."""
    typed = ", ".join(f'{_typed(fld, i)} AS "{fld.name}"' for i, fld in enumerate(kind.fields))
    reason = _reason(kind)
    return (
        f"SELECT * EXCLUDE (line, f), CASE WHEN reject_reason IS NOT NULL THEN line END AS raw_line "
        f"FROM (SELECT *, {reason} AS reject_reason FROM "
        f"(SELECT line, f, source_line, {typed} FROM ({lines_sql})))"
    )


def target_select_sql(target: Target, fields_sql: str, *, keep_rejects: bool) -> str:
    """SELECT mapping typed fields onto ``target.table``'s columns (NULL where unmapped)."""
    cols = []
    for column, sql_type in table_columns(target.table).items():
        expr = target.columns.get(column)
        cols.append(f'CAST({expr if expr else "NULL"} AS {sql_type}) AS "{column}"')
    cols += ["source_line", "reject_reason", "raw_line"]
    where = []
    if target.where:
        where.append(f"({target.where})")
    if not keep_rejects:
        where.append("reject_reason IS NULL")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT {', '.join(cols)} FROM ({fields_sql}){clause}"


def pipe_lines_sql(path: str, first_line: int) -> str:
    """The lines of a pipe-delimited piece, split into fields and numbered."""
    reader = (
        f"read_csv({sql_str(path)}, delim={sql_str(LINE_DELIMITER)}, quote='', escape='', "
        f"header=false, columns={{'line': 'VARCHAR'}}, auto_detect=false, strict_mode=false, "
        f"new_line='\\n')"
    )
    return (
        f"SELECT line, string_split(line, '|') AS f, "
        f"{first_line - 1} + row_number() OVER () AS source_line FROM {reader}"
    )


# -- Cleaning bytes before DuckDB sees them -------------------------------------------


def clean_block(block: bytes, fixes: Counter[str]) -> bytes:
    """Make a block of whole lines safe to stream: valid UTF-8, no carriage returns or
    control bytes that would split a line. Lines in another encoding are read as
    Windows-1252 (Latin-1 where that has no character), as the FEC's files mix them."""
    try:
        block.decode("utf-8")
        if not any(b in block for b in _SPECIAL):
            return block
    except UnicodeDecodeError:
        pass
    out = []
    for line in block.split(b"\n"):
        if line.endswith(b"\r"):
            line = line[:-1]
        if any(b in line for b in _SPECIAL):
            for b in _SPECIAL:
                line = line.replace(b, b" ")
            fixes["control characters replaced by spaces"] += 1
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = line.decode("cp1252")
            except UnicodeDecodeError:
                text = line.decode("latin-1")
            line = text.encode("utf-8")
            fixes["lines not in UTF-8, read as Windows-1252"] += 1
        out.append(line)
    return b"\n".join(out)


def split_ranges(path: Path, pieces: int, min_piece: int = 4 << 20) -> list[tuple[int, int]]:
    """Byte ranges covering ``path``, cut just after a newline, about equal in size."""
    size = path.stat().st_size
    pieces = max(1, min(pieces, size // min_piece or 1))
    cuts = [0]
    with path.open("rb") as fh:
        for k in range(1, pieces):
            fh.seek(max(size * k // pieces, cuts[-1]))
            fh.readline()
            pos = fh.tell()
            if cuts[-1] < pos < size:
                cuts.append(pos)
    cuts.append(size)
    return list(zip(cuts, cuts[1:], strict=False))


def count_lines(path: Path, start: int, end: int) -> int:
    """Newlines in ``path[start:end]``."""
    total = 0
    with path.open("rb") as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            chunk = fh.read(min(BLOCK, left))
            if not chunk:
                break
            total += chunk.count(b"\n")
            left -= len(chunk)
    return total


@dataclass
class Feeder:
    """Streams ``path[start:end]`` into the FIFO at ``fifo``, cleaned, in a thread."""

    path: Path
    start: int
    end: int
    fifo: Path
    on_bytes: Callable[[int], None]
    cancel: threading.Event
    fixes: Counter[str] = field(default_factory=Counter)
    error: BaseException | None = None
    thread: threading.Thread | None = None

    def begin(self) -> None:
        os.mkfifo(self.fifo)
        self.thread = threading.Thread(target=self._run, name=f"feed-{self.fifo.name}", daemon=True)
        self.thread.start()

    def _open(self) -> int | None:
        # Opening a FIFO for writing blocks until a reader opens it; poll instead, so a
        # query that fails before it reads does not leave this thread stuck for ever.
        while not self.cancel.is_set():
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.005)
                continue
            os.set_blocking(fd, True)
            return fd
        return None

    def _run(self) -> None:
        try:
            fd = self._open()
            if fd is None:
                return
            try:
                self._pump(fd)
            finally:
                os.close(fd)
        except BrokenPipeError:
            pass  # the reading query stopped early; its own error tells why
        except BaseException as exc:  # noqa: BLE001 - handed to the loader to report
            self.error = exc

    def _pump(self, fd: int) -> None:
        carry = b""
        with self.path.open("rb") as fh:
            fh.seek(self.start)
            left = self.end - self.start
            while left > 0 and not self.cancel.is_set():
                chunk = fh.read(min(BLOCK, left))
                if not chunk:
                    break
                left -= len(chunk)
                self.on_bytes(len(chunk))
                data = carry + chunk
                cut = data.rfind(b"\n") + 1 if left > 0 else len(data)
                carry = data[cut:]
                view = memoryview(clean_block(data[:cut], self.fixes))
                while view:
                    written = os.write(fd, view)
                    view = view[written:]

    def join(self) -> None:
        if self.thread:
            self.thread.join()


# -- Quoted CSV (the independent-expenditure file) -------------------------------------


def csv_lines_table(path: Path, kind: BulkKind, fixes: Counter[str]) -> pa.Table:
    """A quoted, comma-separated file as a table of (line, f, source_line), the same
    shape ``pipe_lines_sql`` gives, so the same typing SQL applies. These files are
    small (tens of MB a cycle), so Python's csv module reads them."""
    raw = path.read_bytes()
    text = clean_block(raw, fixes).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    lines, fields, numbers = [], [], []
    previous_end = 0
    for row in reader:
        first_line = previous_end + 1
        previous_end = reader.line_num
        if first_line == 1 and kind.header_starts and ",".join(row).lower().startswith(
            kind.header_starts
        ):
            continue
        fields.append(row)
        lines.append(",".join(row))
        numbers.append(first_line)
    return pa.table(
        {
            "line": pa.array(lines, pa.string()),
            "f": pa.array(fields, pa.list_(pa.string())),
            "source_line": pa.array(numbers, pa.int64()),
        }
    )
