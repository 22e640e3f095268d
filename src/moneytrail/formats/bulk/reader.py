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

import bisect
import codecs
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
    typed under its FEC name, plus ``source_line``, ``reject_reason`` and ``raw_line``."""
    typed = ", ".join(f'{_typed(fld, i)} AS "{fld.name}"' for i, fld in enumerate(kind.fields))
    raws = ", ".join(_raw(i) for i in range(kind.fields_per_line + 1))
    # A rejected line's text, rebuilt from its fields: exact but for a line with too many
    # fields, whose surplus the reader dropped (the loader reads those from the file).
    raw_line = f"CASE WHEN reject_reason IS NOT NULL THEN concat_ws('|', {raws}) END AS raw_line"
    return (
        f"SELECT * EXCLUDE ({raws}), {raw_line} FROM "
        f"(SELECT *, {_reason(kind)} AS reject_reason FROM "
        f"(SELECT {raws}, source_line, {typed} FROM ({lines_sql})))"
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


def decode_legacy(line: bytes) -> str:
    """Text in Windows-1252, or Latin-1 for the few bytes Windows-1252 leaves undefined."""
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _line_bounds(block: bytes, at: int) -> tuple[int, int]:
    end = block.find(b"\n", at)
    return block.rfind(b"\n", 0, at) + 1, len(block) if end < 0 else end


def _replace_lines(block: bytes, starts: list[int], fix) -> bytes:
    """``block`` with the lines starting at ``starts`` replaced by ``fix(line)``."""
    out, pos = [], 0
    for start in sorted(set(starts)):
        _, end = _line_bounds(block, start)
        out += [block[pos:start], fix(block[start:end])]
        pos = end
    out.append(block[pos:])
    return b"".join(out)


def _fix_control_bytes(block: bytes, fixes: Counter[str]) -> bytes:
    starts = []
    for byte in _SPECIAL:
        at = block.find(byte)
        while at >= 0:
            start, end = _line_bounds(block, at)
            starts.append(start)
            at = block.find(byte, end)
    if not starts:
        return block

    def blank(line: bytes) -> bytes:
        for byte in _SPECIAL:
            line = line.replace(byte, b" ")
        return line

    fixes["lines with control characters, replaced by spaces"] += len(set(starts))
    return _replace_lines(block, starts, blank)


def _fix_encoding(block: bytes, fixes: Counter[str]) -> bytes:
    starts, pos, view = [], 0, memoryview(block)
    while True:
        try:
            codecs.utf_8_decode(view[pos:], "strict", True)
            break
        except UnicodeDecodeError as exc:
            start, end = _line_bounds(block, pos + exc.start)
            starts.append(start)
            pos = end
    if not starts:
        return block
    fixes["lines not in UTF-8, read as Windows-1252"] += len(starts)
    return _replace_lines(block, starts, lambda line: decode_legacy(line).encode("utf-8"))


def clean_block(block: bytes, fixes: Counter[str], *, mark_empty_lines: bool = False) -> bytes:
    """Make a block of whole lines safe to stream: valid UTF-8, no carriage returns or
    control bytes that would split a line. Lines in another encoding are read as
    Windows-1252 (Latin-1 where that has no character), as the FEC's files mix them.
    Only the lines at fault are touched, so a block with one odd line stays cheap.

    With ``mark_empty_lines``, an empty line becomes a single space, which DuckDB's
    reader would otherwise skip. Looking for them costs more than the rest together,
    so the loader does it only for a file where it counted fewer rows than lines."""
    if any(byte in block for byte in _SPECIAL):
        if b"\r\n" in block:
            block = block.replace(b"\r\n", b"\n")  # Windows line ends are not a fault
        block = _fix_control_bytes(block, fixes)
    if not block.isascii():
        block = _fix_encoding(block, fixes)
    if mark_empty_lines:
        if block.startswith(b"\n"):
            block = b" " + block
        while b"\n\n" in block:
            block = block.replace(b"\n\n", b"\n \n")
    return block


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


@dataclass
class Feeder:
    """Streams ``path[start:end]`` into the FIFO at ``fifo``, cleaned, in a thread."""

    path: Path
    start: int
    end: int
    fifo: Path
    on_bytes: Callable[[int], None]
    cancel: threading.Event
    mark_empty_lines: bool = False
    fixes: Counter[str] = field(default_factory=Counter)
    blocks: list[tuple[int, int, int]] = field(default_factory=list)  # offset, bytes, newlines
    last_byte: bytes = b""

    @property
    def lines(self) -> int:
        """Lines streamed: newlines, and one more if the range ends without one."""
        return sum(b[2] for b in self.blocks) + (self.last_byte not in (b"\n", b""))

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
        carry, offset = b"", self.start
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
                # Where each block's lines stand in the file, to find rejected lines later.
                self.blocks.append((offset, cut, data.count(b"\n", 0, cut)))
                self.last_byte = data[cut - 1 : cut] or self.last_byte
                offset += cut
                cleaned = clean_block(
                    data[:cut], self.fixes, mark_empty_lines=self.mark_empty_lines
                )
                view = memoryview(cleaned)
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


@dataclass(frozen=True)
class LineIndex:
    """Where blocks of lines stand in a file: first line number, byte offset, length."""

    first_lines: list[int]
    offsets: list[int]
    lengths: list[int]

    @classmethod
    def from_feeders(cls, feeders: list[Feeder], first_lines: list[int]) -> LineIndex:
        starts, offsets, lengths = [], [], []
        for feeder, first_line in zip(feeders, first_lines, strict=True):
            line = first_line
            for offset, length, newlines in feeder.blocks:
                starts.append(line)
                offsets.append(offset)
                lengths.append(length)
                line += newlines
        return cls(starts, offsets, lengths)


def read_lines(path: Path, numbers: list[int], index: LineIndex | None = None) -> dict[int, str]:
    """The text of the given (1-based) lines of ``path``, as it stands in the file: how
    rejected lines are shown. With an ``index`` only the blocks holding them are read;
    without, the file is scanned once."""
    if index is None:
        return _scan_lines(path, numbers)
    found: dict[int, str] = {}
    with path.open("rb") as fh:
        cached: tuple[int, list[bytes]] | None = None
        for number in sorted(set(numbers)):
            k = bisect.bisect_right(index.first_lines, number) - 1
            if k < 0:
                continue
            if cached is None or cached[0] != k:
                fh.seek(index.offsets[k])
                cached = (k, fh.read(index.lengths[k]).split(b"\n"))
            lines = cached[1]
            position = number - index.first_lines[k]
            if position < len(lines):
                found[number] = _text(lines[position])
    return found


def _scan_lines(path: Path, numbers: list[int]) -> dict[int, str]:
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
