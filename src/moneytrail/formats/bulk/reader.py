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

import contextlib
import csv
import errno
import fcntl
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
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


def sql_str(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


# -- SQL: from raw text fields c0, c1, ... to typed, checked values --------------------
#
# DuckDB's reader gives every line as text columns c0..cN, one more than a well-formed
# line has: a short line leaves the last ones NULL (an empty field is '' instead, as no
# text reads as NULL), a long one fills the spare. No line is ever skipped, so numbering
# rows in order gives exact line numbers.

_NO_NULL = "\x01"  # never in a cleaned line, so no field text reads as NULL


def _raw(index: int) -> str:
    return f"c{index}"


def _typed(field_: Field, index: int) -> str:
    raw = _raw(index)
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
    present = "[" + ", ".join(_raw(i) for i in range(n)) + "]"
    checks = [
        f"WHEN {_raw(1)} IS NULL AND trim({_raw(0)}) = '' THEN 'empty line'",
        f"WHEN {_raw(n - 1)} IS NULL THEN 'too few fields: expected {n}, found ' || "
        f"len(list_filter({present}, lambda x: x IS NOT NULL))",
        f"WHEN {_raw(n)} IS NOT NULL THEN '{TOO_MANY} {n}'",
    ]
    if kind.trailing_delimiter:
        checks.append(f"WHEN {_raw(n - 1)} <> '' THEN '{TOO_MANY} {n}'")
    for i, fld in enumerate(kind.fields):
        if fld.type == "VARCHAR":
            continue
        what = f"a date ({fld.date_format})" if fld.type == "DATE" else f"a {fld.type.lower()}"
        checks.append(
            f"WHEN {_raw(i)} <> '' AND \"{fld.name}\" IS NULL "
            f"THEN '{fld.name} is not {what}: ' || {_raw(i)}"
        )
    return "CASE " + " ".join(checks) + " END"


# The SQL cannot count the fields of a line longer than it reads; the loader completes
# this reason from the raw line (see ``complete_reason``).
TOO_MANY = "too many fields: expected"


def complete_reason(reason: str, raw_line: str, delimiter: str) -> str:
    """Add the field count to a too-many-fields reason, from the raw line."""
    if reason.startswith(TOO_MANY):
        return f"{reason}, found {raw_line.count(delimiter) + 1}"
    return reason


def typed_fields_sql(kind: BulkKind, lines_sql: str) -> str:
    """SELECT over ``lines_sql`` (columns c0..cN and source_line) giving every field
    typed under its FEC name, plus ``source_line`` and ``reject_reason``."""
    typed = ", ".join(f'{_typed(fld, i)} AS "{fld.name}"' for i, fld in enumerate(kind.fields))
    raws = ", ".join(_raw(i) for i in range(kind.fields_per_line + 1))
    return (
        f"SELECT * EXCLUDE ({raws}) FROM (SELECT *, {_reason(kind)} AS reject_reason FROM "
        f"(SELECT {raws}, source_line, {typed} FROM ({lines_sql})))"
    )


def target_select_sql(target: Target, fields_sql: str, *, keep_rejects: bool) -> str:
    """SELECT mapping typed fields onto ``target.table``'s columns (NULL where unmapped)."""
    cols = []
    for column, sql_type in table_columns(target.table).items():
        expr = target.columns.get(column)
        cols.append(f'CAST({expr if expr else "NULL"} AS {sql_type}) AS "{column}"')
    cols += ["source_line", "reject_reason"]
    where = []
    if target.where:
        where.append(f"({target.where})")
    if not keep_rejects:
        where.append("reject_reason IS NULL")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT {', '.join(cols)} FROM ({fields_sql}){clause}"


def raw_columns(kind: BulkKind) -> list[str]:
    """The text columns a line is read into: one per field, and one spare."""
    return [_raw(i) for i in range(kind.fields_per_line + 1)]


def pipe_lines_sql(path: str, first_line: int, kind: BulkKind) -> str:
    """The lines of a pipe-delimited piece as text columns, numbered from ``first_line``."""
    columns = ", ".join(f"'{c}': 'VARCHAR'" for c in raw_columns(kind))
    reader = (
        f"read_csv({sql_str(path)}, delim='|', quote='', escape='', header=false, "
        f"columns={{{columns}}}, auto_detect=false, strict_mode=false, null_padding=true, "
        f"nullstr={sql_str(_NO_NULL)}, new_line='\\n')"
    )
    return f"SELECT *, {first_line - 1} + row_number() OVER () AS source_line FROM {reader}"


# -- Cleaning bytes before DuckDB sees them -------------------------------------------


def _needs_cleaning(block: bytes) -> bool:
    # Checked at memory speed; true for few blocks of real files.
    if any(b in block for b in _SPECIAL) or b"\n\n" in block or block.startswith(b"\n"):
        return True
    if block.isascii():
        return False
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _clean_line(line: bytes, fixes: Counter[str]) -> bytes:
    if line.endswith(b"\r"):
        line = line[:-1]
    if any(b in line for b in _SPECIAL):
        for b in _SPECIAL:
            line = line.replace(b, b" ")
        fixes["control characters replaced by spaces"] += 1
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        line = decode_legacy(line).encode("utf-8")
        fixes["lines not in UTF-8, read as Windows-1252"] += 1
    return line or b" "


def decode_legacy(line: bytes) -> str:
    """Text in Windows-1252, or Latin-1 for the few bytes Windows-1252 leaves undefined."""
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def clean_block(block: bytes, fixes: Counter[str]) -> bytes:
    """Make a block of whole lines safe to stream: valid UTF-8, no carriage returns or
    control bytes that would split a line. Lines in another encoding are read as
    Windows-1252 (Latin-1 where that has no character), as the FEC's files mix them.
    An empty line becomes a single space, which DuckDB's reader would otherwise skip."""
    if not _needs_cleaning(block):
        return block
    ends = block.endswith(b"\n")
    lines = block.split(b"\n")
    if ends:
        lines.pop()
    return b"\n".join(_clean_line(line, fixes) for line in lines) + (b"\n" if ends else b"")


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
            with contextlib.suppress(OSError):  # a bigger pipe means fewer context switches
                fcntl.fcntl(fd, _F_SETPIPE_SZ, 1 << 20)
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

    def release_reader(self) -> None:
        """Let a reader blocked opening the FIFO go on (it then sees the end of input)."""
        with contextlib.suppress(OSError):  # no reader waiting, or the FIFO is gone
            os.close(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK))


def read_lines(path: Path, numbers: list[int]) -> dict[int, str]:
    """The text of the given (1-based) lines of ``path``, in one pass: how rejected lines
    are shown exactly as they stand in the file, however they were split."""
    wanted = sorted(set(numbers))
    found: dict[int, str] = {}
    line, carry, i = 1, b"", 0
    with path.open("rb") as fh:
        while i < len(wanted):
            chunk = fh.read(BLOCK)
            data = carry + chunk
            if not chunk:  # the last line, if it has no newline
                if data and wanted[i] == line:
                    found[line] = _text(data)
                break
            complete = data.count(b"\n")
            if wanted[i] < line + complete:
                parts = data.split(b"\n")
                while i < len(wanted) and wanted[i] < line + complete:
                    found[wanted[i]] = _text(parts[wanted[i] - line])
                    i += 1
            carry = data[data.rfind(b"\n") + 1 :] if complete else data
            line += complete
    return found


def _text(raw: bytes) -> str:
    raw = raw.removesuffix(b"\r")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_legacy(raw)


# -- Quoted CSV (the independent-expenditure file) -------------------------------------


def csv_lines_table(path: Path, kind: BulkKind, fixes: Counter[str]) -> pa.Table:
    """A quoted, comma-separated file as the same text columns ``pipe_lines_sql`` gives
    (c0..cN, NULL past a short row's end, the spare filled by a long row), so the same
    typing SQL applies. These files are small (tens of MB a cycle): Python's csv reads
    them."""
    text = clean_block(path.read_bytes(), fixes).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    width = kind.fields_per_line + 1
    columns: list[list[str | None]] = [[] for _ in range(width)]
    numbers = []
    previous_end = 0
    for row in reader:
        first_line = previous_end + 1
        previous_end = reader.line_num
        if (
            first_line == 1
            and kind.header_starts
            and ",".join(row).lower().startswith(kind.header_starts)
        ):
            continue
        row = row or [" "]  # an empty line, as the pipe reader sees it
        for k in range(width):
            columns[k].append(row[k] if k < len(row) else None)
        numbers.append(first_line)
    table = {f"c{k}": pa.array(col, pa.string()) for k, col in enumerate(columns)}
    table["source_line"] = pa.array(numbers, pa.int64())
    return pa.table(table)
