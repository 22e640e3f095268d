"""Read FEC electronic filings (`.fec` files) of every format version into Arrow tables.

A filing is a header (an ``HDR`` record, or the multi-line ``/* Header`` block of versions
1 and 2), a cover record (F3X, F3, F24, ...) and any number of itemization records
(Schedule A, B, ...), one per line. Versions 6 and later separate fields with the ASCII
28 character (FS, ``\\x1c``); older ones are comma-separated with double quotes; paper
transcriptions (versions "P1.0" to "P3.4") use FS too.

Two entry points:

* :func:`parse_filing` reads a whole filing into a :class:`Filing`: header, cover record,
  one ``pyarrow.Table`` per record type, counts and rejects.
* :func:`iter_filing` streams it: a :class:`FilingReader` that yields ``(record type,
  pyarrow.Table)`` batches block by block, so a multi-gigabyte filing never sits in
  memory whole.

The hot path works on blocks of megabytes in C++: a run of lines that all have the same
number of fields (in practice, nearly all of a large filing) is split into columns by
Arrow's multi-threaded CSV reader with FS as the delimiter; other lines are split into
lines and fields with ``split_pattern`` and each column gathered with one ``take``.
Either way lines are grouped by record type with a vectorised look-up and each column is
typed with one cast. Python touches a line only when something about it is unusual: it
is not UTF-8, it belongs to a comma-separated (pre-v6) filing, it sits in an F99 text
block, or it is reported as a reject. ``write_parquet`` (``parquet.py``) writes on a
thread of its own, so on two cores reading and writing overlap.

Column names per record type and version come from ``mappings.json`` (see
``layouts.py``); dates (YYYYMMDD) become ``date32`` and amounts ``decimal128(14, 2)``
per ``types.json``; every other field is text, with empty fields as null. Every table
also has ``line_number`` (1-based, in the file), ``record_type`` (the line's form type,
e.g. ``SA11AI``) and, when known, ``file_number``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from moneytrail import interrupts
from moneytrail.errors import UnrecognizedFileError
from moneytrail.formats.efile.layouts import AMOUNT_TYPE, DATE_TYPE, Layout, Registry

FS = "\x1c"  # the field separator of format versions 6 and later, and of paper filings
BLOCK_SIZE = 8 << 20  # bytes per block: amortises per-call overhead, yet pipelines well
# Runs of at least this many lines with the same number of fields are split into columns
# by Arrow's CSV reader (multi-threaded, no per-field gather); shorter runs and ragged
# stretches take the general path.
_MIN_UNIFORM_LINES = 512
TEXT_RECORD = "F99_TEXT"  # our record type for the free text between [BEGINTEXT]/[ENDTEXT]
_TEXT_MARKER = re.compile(rb"\[\s*(BEGIN|END)\s*TEXT\s*\]", re.IGNORECASE)
_AMOUNT_LIMIT = Decimal(10) ** 12  # decimal128(14, 2) holds up to 999,999,999,999.99
_CENT = Decimal("0.01")
# The first letter of these versions says the filing is comma-separated (fecfile's rule).
_COMMA_MAJORS = ("1", "2", "3", "4", "5")

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO


class FilingWarning(UserWarning):
    """Something about a filing was read in a fallback way (unknown version, raw records)."""


@dataclass(frozen=True)
class Reject:
    """A line the reader could not read as written.

    ``loaded`` says whether the line's row is still in its table (read with the problem
    field as null, or extra fields ignored) or was left out of every table.
    """

    line_number: int
    record_type: str | None
    reason: str
    line: str
    loaded: bool


@dataclass
class Header:
    """The filing's header record (or legacy header block), normalised.

    ``fields`` holds every header field as written (legacy headers: their ``key = value``
    lines with lower-cased keys, plus ``schedule_counts``).
    """

    fec_version: str | None
    software_name: str | None = None
    software_version: str | None = None
    report_id: str | None = None
    report_number: str | None = None
    comment: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Cover:
    """The filing's first record after the header: the form it files and for whom."""

    form_type: str  # as written, e.g. "F3XA"
    base_form: str  # without the N/A/T suffix, e.g. "F3X"
    committee_id: str | None
    coverage_from: date | None
    coverage_through: date | None
    amendment_indicator: str | None  # N (new), A (amendment), T (termination), or None
    fields: dict[str, Any]

    @property
    def is_amendment(self) -> bool:
        """True when the form type says this filing amends an earlier one."""
        return self.amendment_indicator == "A"


@dataclass
class Filing:
    """A whole filing read by :func:`parse_filing`."""

    header: Header
    cover: Cover | None
    tables: dict[str, pa.Table]
    rejects: list[Reject]
    warnings: list[str]
    file_number: int | None
    version_used: str | None  # the version whose layouts were used (differs if unknown)

    @property
    def fec_version(self) -> str | None:
        """The format version the header claims."""
        return self.header.fec_version

    @property
    def record_counts(self) -> dict[str, int]:
        """Rows per record type (table name), e.g. ``{"F3XN": 1, "SA": 2192, ...}``."""
        return {name: table.num_rows for name, table in self.tables.items()}

    @property
    def is_amendment(self) -> bool:
        """True when the cover record's form type marks an amendment."""
        return self.cover is not None and self.cover.is_amendment

    @property
    def amends_file_number(self) -> int | None:
        """The file number of the filing this one amends, when the header names it.

        Electronic amendments carry the original's id in the header's report id
        ("FEC-1542500"); older ones and paper filings often do not, and give None.
        """
        if not self.is_amendment or not self.header.report_id:
            return None
        match = re.fullmatch(r"\s*FEC-?(\d+)\s*", self.header.report_id, re.IGNORECASE)
        return int(match.group(1)) if match else None


def parse_filing(
    source: Source, *, file_number: int | None = None, block_size: int = BLOCK_SIZE
) -> Filing:
    """Read a whole `.fec` filing: header, cover, one Arrow table per record type, rejects.

    ``source`` is a path, the file's bytes, or a binary file object. ``file_number`` (the
    FEC's number for the filing) defaults to the file name's digits ("1527862.fec").

    Example::

        >>> filing = parse_filing("../shared/data/efile/fastfec/1527862.fec")
        >>> filing.cover.form_type, filing.record_counts["SA"]
        ('F3PN', 2224)
        >>> filing.tables["SA"].column("contribution_amount").type
        Decimal128Type(decimal128(14, 2))
    """
    reader = FilingReader(source, file_number=file_number, block_size=block_size)
    parts: dict[str, list[pa.Table]] = {}
    for name, table in reader:
        parts.setdefault(name, []).append(table)
    tables = {name: pa.concat_tables(batches) for name, batches in parts.items()}
    return Filing(
        header=reader.header,
        cover=reader.cover,
        tables=tables,
        rejects=reader.rejects,
        warnings=reader.warnings,
        file_number=reader.file_number,
        version_used=reader.version_used,
    )


def iter_filing(
    source: Source, *, file_number: int | None = None, block_size: int = BLOCK_SIZE
) -> FilingReader:
    """Stream a filing: iterate the result for ``(record type, pyarrow.Table)`` batches.

    The header is read at once; the cover is known after the first batch; rejects and
    warnings are complete when iteration ends. Memory stays around a few blocks.

    Example::

        >>> reader = iter_filing("big.fec")
        >>> for record_type, batch in reader:
        ...     writer_for(record_type).write_table(batch)
        >>> reader.rejects
        []
    """
    return FilingReader(source, file_number=file_number, block_size=block_size)


def refuse_unless_filing(name: str | None, header: Header, cover: Cover | None) -> None:
    """Raise UnrecognizedFileError when what was read is no FEC filing at all: neither a
    header naming a format version nor a cover of a form the format knows (a bulk file,
    a readme). Known once the input has been read to its end."""
    if header.fec_version is None and cover is None:
        raise UnrecognizedFileError(
            f"{name or 'the input'} is not an FEC electronic filing: it has no header record "
            "and no form the format knows"
        )


def _file_number_from_name(name: str | None) -> int | None:
    """The FEC file number a file's name gives ("1527862.fec" -> 1527862), if it does."""
    if not name:
        return None
    match = re.fullmatch(r"(\d+)(\.fec)?", Path(name).name, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _decode_line(raw: bytes) -> tuple[str, bool]:
    """A line as text: UTF-8 if it is, else Windows-1252 (else Latin-1), and which it was.

    Decoding per line, not per file, keeps one stray Windows-1252 byte from garbling the
    UTF-8 names elsewhere in the same filing.
    """
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252"), False
        except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
            return raw.decode("latin-1"), False


def _unquote(value: str) -> str:
    """A field without one pair of surrounding double quotes, as the open parsers do."""
    return value[1:-1] if value[:1] == '"' and value[-1:] == '"' else value


def _split_line(text: str, comma: bool) -> tuple[list[str], bool]:
    """Fields of one line (the slow path), and whether it had an unterminated quote."""
    if not comma or FS in text:
        return [_unquote(v) for v in text.split(FS)], False
    if '"' not in text:
        return text.split(","), False
    try:
        fields = next(csv.reader([text]), [""]) or [""]
    except csv.Error:  # e.g. a NUL byte: fall back to a plain split, flagged as broken
        return text.split(","), True
    # An odd number of quote characters means a quoted field never closed: csv then runs
    # that field to the end of the line.
    return [_unquote(v) for v in fields], text.count('"') % 2 == 1


def _string_array(data: bytes) -> pa.StringArray:
    """One Arrow string holding ``data`` (raises ArrowInvalid if it is not UTF-8)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int32).tobytes())
    binary = pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)])
    return binary.cast(pa.string())  # validates UTF-8 in C++


def _null_if_empty(values: pa.Array) -> pa.Array:
    """``values`` with empty strings as null, without copying the string data."""
    if len(values) == 0:
        return values
    if values.type == pa.string() and not values.offset and not values.null_count:
        # The common case (fresh field values): the bitmap straight from the offsets.
        offsets = np.frombuffer(values.buffers()[1], dtype=np.int32, count=len(values) + 1)
        bitmap = np.packbits(np.diff(offsets) > 0, bitorder="little")
        buffers = values.buffers()
        return pa.Array.from_buffers(
            values.type, len(values), [pa.py_buffer(bitmap), buffers[1], buffers[2]]
        )
    if values.offset:  # the bitmap below would be misaligned with a sliced array
        return pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)
    lengths = pc.binary_length(values)
    present = pc.greater(lengths, 0)
    if values.null_count:
        present = pc.and_kleene(present, pc.is_valid(values))
    present = present.fill_null(False)
    bitmap = present.buffers()[1]
    buffers = values.buffers()
    return pa.Array.from_buffers(
        values.type, len(values), [bitmap, buffers[1], buffers[2]], offset=values.offset
    )


class _BlockLines:
    """The text of a block's lines (an Arrow array, or Python strings on the slow path)."""

    def __init__(self, lines: pa.Array | list[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def text(self, i: int) -> str:
        """Line ``i`` of the block, without its newline."""
        line = self._lines[i]
        return line if isinstance(line, str) else (line.as_py() or "")


class _SpanLines(_BlockLines):
    """The lines of ``data[lo:hi]``, found and decoded only when one is asked for (for a
    reject's text): the CSV reader's path never splits the lines otherwise."""

    def __init__(self, data: bytes, lo: int, hi: int) -> None:
        self._data, self._lo, self._hi = data, lo, hi
        self._bounds: tuple[np.ndarray, np.ndarray] | None = None

    def _lines_at(self) -> tuple[np.ndarray, np.ndarray]:
        if self._bounds is None:
            span = np.frombuffer(self._data, np.uint8, count=self._hi - self._lo, offset=self._lo)
            breaks = np.flatnonzero(span == 10) + self._lo
            starts = np.concatenate(([self._lo], breaks + 1))
            self._bounds = (starts, np.concatenate((breaks, [self._hi])))
        return self._bounds

    def __len__(self) -> int:
        return len(self._lines_at()[0])

    def text(self, i: int) -> str:
        starts, ends = self._lines_at()
        return self._data[starts[i] : ends[i]].decode("utf-8")


def _uniform_runs(block: bytes) -> tuple[list[tuple[int, int, int]], np.ndarray, np.ndarray]:
    """Runs of consecutive lines with the same number of fields (at least two), long
    enough for the CSV reader: ``(first line, end line, fields)``; and every line's start
    and end offset in ``block``."""
    data = np.frombuffer(block, dtype=np.uint8)
    breaks = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(block)]))
    if block.endswith(b"\n"):  # an empty last line: reduceat needs starts inside the data
        counts = np.add.reduceat(data == 28, starts[:-1], dtype=np.int32) + 1
        counts = np.append(counts, 1)
    else:
        counts = np.add.reduceat(data == 28, starts, dtype=np.int32) + 1
    change = np.flatnonzero(np.diff(counts)) + 1
    run_starts = np.concatenate(([0], change))
    run_ends = np.concatenate((change, [len(counts)]))
    long = np.flatnonzero((run_ends - run_starts >= _MIN_UNIFORM_LINES) & (counts[run_starts] >= 2))
    runs = [(int(run_starts[r]), int(run_ends[r]), int(counts[run_starts[r]])) for r in long]
    return runs, starts, ends


def _read_uniform(data: memoryview, width: int, quotes: bool) -> list[pa.Array] | None:
    """The columns of lines that all have ``width`` FS-separated fields (empty as null),
    or None if the CSV reader sees them otherwise. ``quotes``: the lines may hold '"'."""
    names = [str(j) for j in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 20),
            parse_options=pacsv.ParseOptions(
                delimiter=FS, quote_char=False, double_quote=False, escape_char=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                check_utf8=False,  # the block was validated (or transcoded) already
            ),
        )
    except pa.ArrowInvalid:
        return None
    columns = [column.combine_chunks() for column in table.columns]
    if quotes:
        # Quotes are read as written (the reader's quoting would treat a stray one
        # differently); drop one surrounding pair as the general path does.
        columns = [_unquote_column(column) for column in columns]
    return columns


def _unquote_column(values: pa.Array) -> pa.Array:
    """Values without one pair of surrounding double quotes, empty ones then null."""
    quoted = pc.and_(pc.starts_with(values, '"'), pc.ends_with(values, '"'))
    if not pc.any(quoted).as_py():
        return values
    return _null_if_empty(pc.if_else(quoted, pc.utf8_slice_codeunits(values, 1, -1), values))


class FilingReader:
    """Streaming reader of one filing; see :func:`iter_filing`.

    ``name`` is the input's file name, if it has one. Attributes filled as reading goes:
    ``header``, ``version_used``, ``cover``, ``rejects``, ``warnings``, ``counts`` (rows per
    record type), ``bytes_read``.
    """

    def __init__(
        self, source: Source, *, file_number: int | None = None, block_size: int = BLOCK_SIZE
    ) -> None:
        interrupts.import_pandas_before_pyarrow()
        self.registry = Registry.load()
        self.block_size = max(block_size, 1 << 10)
        self._stream, name = self._open(source)
        self.name = name
        self.file_number = file_number if file_number is not None else _file_number_from_name(name)
        self.rejects: list[Reject] = []
        self.warnings: list[str] = []
        self.counts: dict[str, int] = {}
        self.cover: Cover | None = None
        self._warned: set[str] = set()
        self._in_text = False
        self._text_lines: list[str] = []
        self._text_start = 0
        self._header_text = ""
        self._last_line: int | None = None  # set when the input ends without a line break
        self._pending = b""  # bytes read but not yet processed (starts at self._line_no)
        self._line_no = 1  # line number of the first line in self._pending
        self.bytes_read = 0  # of the input so far, for progress reporting
        self.header = self._read_header()
        self.version_used, problem = (
            self.registry.effective_version(self.header.fec_version)
            if self.header.fec_version
            else (None, "the filing has no header record naming its format version")
        )
        if problem:
            self._warn(problem)
            if self.header.fec_version:  # a header naming a version no map knows
                self.rejects.append(Reject(1, "HDR", problem, self._header_text, True))
        version = self.version_used or ""
        self._comma = version[:1] in _COMMA_MAJORS

    # ----------------------------------------------------------------- input and header

    @staticmethod
    def _open(source: Source) -> tuple[IO[bytes], str | None]:
        """A binary stream over ``source`` and a file name when there is one."""
        if isinstance(source, bytes | bytearray | memoryview):
            return io.BytesIO(bytes(source)), None
        if isinstance(source, str | os.PathLike):
            return open(source, "rb"), os.fspath(source)  # noqa: SIM115 - closed at end
        return source, getattr(source, "name", None)

    def _read_more(self) -> bool:
        """Append the next chunk of the input to ``_pending``; False at end of input."""
        chunk = self._stream.read(self.block_size)
        if not chunk:
            return False
        self.bytes_read += len(chunk)
        self._pending += chunk
        return True

    def _take_line(self) -> bytes | None:
        """Remove and return the next line of ``_pending`` (None at end of input)."""
        while b"\n" not in self._pending:
            if not self._read_more():
                if not self._pending:
                    return None
                line, self._pending = self._pending, b""
                self._line_no += 1
                return line.rstrip(b"\r")
        line, self._pending = self._pending.split(b"\n", 1)
        self._line_no += 1
        return line.rstrip(b"\r")

    def _read_header(self) -> Header:
        """Read the header record (or legacy header block) off the front of the input."""
        first = self._take_line()
        if first is None:
            return Header(fec_version=None)
        first = first.lstrip(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark some software adds
        text, _ = _decode_line(first)
        self._header_text = text
        if text.lstrip().startswith("/*"):
            return self._read_legacy_header()
        fields, _ = _split_line(text, comma=FS not in text)
        if fields[0].strip().upper() != "HDR":
            # No header: keep the line for the data pass and read with no known version.
            self._pending = first + b"\n" + self._pending
            self._line_no -= 1
            return Header(fec_version=None)
        electronic = len(fields) > 2 and fields[1].strip().upper() == "FEC"
        version = (fields[2] if electronic else fields[1] if len(fields) > 1 else "").strip()
        effective, _ = self.registry.effective_version(version)
        layout, _ = self.registry.resolve("HDR", effective or version)
        names = layout.columns if layout else ()
        values = {n: (v if v != "" else None) for n, v in zip(names, fields, strict=False)}
        for extra, value in enumerate(fields[len(names) :], start=len(names) + 1):
            values[f"field_{extra}"] = value
        return Header(
            fec_version=version or None,
            software_name=values.get("soft_name"),
            software_version=values.get("soft_ver"),
            report_id=values.get("report_id"),
            report_number=values.get("report_number"),
            comment=values.get("comment"),
            fields=values,
        )

    def _read_legacy_header(self) -> Header:
        """The ``/* Header`` ... ``/* End Header`` block of format versions 1 and 2."""
        values: dict[str, Any] = {}
        counts: dict[str, int] = {}
        in_counts = False
        while (raw := self._take_line()) is not None:
            text, _ = _decode_line(raw)
            if text.lstrip().startswith("/*"):
                break
            if text.strip().lower().startswith("schedule_counts"):
                in_counts = True
                continue
            key, _, value = text.partition("=")
            key, value = key.strip().lower(), value.strip()
            if not key:
                continue
            if in_counts:
                try:
                    counts[key.upper()] = int(value)
                except ValueError:
                    counts[key.upper()] = 0
            else:
                values[key] = value
        values["schedule_counts"] = counts
        return Header(
            fec_version=values.get("fec_ver_#") or None,
            software_name=values.get("soft_name") or None,
            software_version=values.get("soft_ver#") or None,
            fields=values,
        )

    # -------------------------------------------------------------------- data lines

    def __iter__(self) -> Iterator[tuple[str, pa.Table]]:
        """Yield ``(record type, table)`` batches in file order, block by block."""
        try:
            at_end = False
            while not at_end:
                cut = self._pending.rfind(b"\n")
                while cut < 0 or len(self._pending) < self.block_size // 2:
                    if not self._read_more():
                        at_end = True
                        break
                    cut = self._pending.rfind(b"\n")
                if at_end:
                    block, self._pending = self._pending, b""
                    if block and not block.endswith(b"\n"):
                        self._last_line = self._line_no + block.count(b"\n")
                else:
                    block, self._pending = self._pending[:cut], self._pending[cut + 1 :]
                if block.endswith(b"\n"):
                    block = block[:-1]
                if not block and at_end:
                    break
                first = self._line_no
                count = block.count(b"\n") + 1
                self._line_no += count
                yield from self._process_block(block, first, count)
            if self._in_text:  # a text block that never closed: keep what it had
                yield from self._flush_text()
            # Rejects are found group by group within a block; report them in file order.
            self.rejects.sort(key=lambda reject: reject.line_number)
        finally:
            if self._stream is not None and hasattr(self._stream, "close"):
                self._stream.close()

    def _process_block(
        self, block: bytes, first: int, count: int
    ) -> Iterator[tuple[str, pa.Table]]:
        """Tables for one block of ``count`` whole lines starting at line ``first``."""
        # ("[" first: a byte search is far cheaper than the pattern, and rare in filings.)
        if not self._in_text and (b"[" not in block or not _TEXT_MARKER.search(block)):
            yield from self._process_lines(block, first, count)
            return
        # F99 free text: split the block into runs of record lines and text lines.
        lines = block.split(b"\n")
        run_start = 0
        for i, raw in enumerate(lines):
            stripped = raw.strip().upper().replace(b" ", b"")
            if not self._in_text and stripped == b"[BEGINTEXT]":
                if i > run_start:
                    yield from self._process_lines(
                        b"\n".join(lines[run_start:i]), first + run_start
                    )
                self._in_text, self._text_lines, self._text_start = True, [], first + i
            elif self._in_text and stripped == b"[ENDTEXT]":
                yield from self._flush_text()
                run_start = i + 1
            elif self._in_text:
                self._text_lines.append(_decode_line(raw)[0])
                run_start = i + 1
        if not self._in_text and run_start < len(lines):
            yield from self._process_lines(b"\n".join(lines[run_start:]), first + run_start)

    def _flush_text(self) -> Iterator[tuple[str, pa.Table]]:
        """The text block just closed, as a one-row table."""
        self._in_text = False
        columns: dict[str, pa.Array] = {
            "line_number": pa.array([self._text_start], pa.int64()),
            "record_type": pa.array([TEXT_RECORD]),
            "text": pa.array(["\n".join(self._text_lines)]),
        }
        self._text_lines = []
        yield from self._emit(TEXT_RECORD, columns, 1)

    def _emit(
        self, name: str, columns: dict[str, pa.Array], n: int
    ) -> Iterator[tuple[str, pa.Table]]:
        """Add ``file_number`` when known, count the rows, and yield the table."""
        if self.file_number is not None:
            columns = dict(columns)
            at = list(columns).index("record_type") + 1
            items = list(columns.items())
            items.insert(at, ("file_number", pa.array(np.full(n, self.file_number), pa.int64())))
            columns = dict(items)
        self.counts[name] = self.counts.get(name, 0) + n
        yield name, pa.Table.from_pydict(columns)

    def _process_lines(
        self, block: bytes, first: int, count: int | None = None
    ) -> Iterator[tuple[str, pa.Table]]:
        """Tables for one block of record lines (no F99 text) starting at line ``first``
        (``count`` of them, when the caller has counted)."""
        block = self._normalise(block)
        if not block or self._comma or b"\r" in block:
            # Comma-separated fields, or a bare CR (the CSV reader would end a line
            # there): all through the general path.
            yield from self._process_general(block, first)
            return
        # Most blocks are all lines of one shape: hand the whole block to the CSV reader
        # (it refuses a line with another number of fields), and count the fields of
        # every line only when it does not fit.
        quotes = b'"' in block
        n = block.count(b"\n") + 1 if count is None else count
        end = block.find(b"\n")
        width = block.count(FS.encode(), 0, len(block) if end < 0 else end) + 1
        if width >= 2 and n >= _MIN_UNIFORM_LINES:
            columns = _read_uniform(memoryview(block), width, quotes)
            if columns is not None and len(columns[0]) == n:
                yield from self._process_uniform(block, 0, len(block), first, columns)
                return
        runs, starts, ends = _uniform_runs(block)
        done = 0  # lines of the block handled so far
        for begin, end, width in runs:
            if begin > done:  # the ragged stretch before this run
                yield from self._process_general(
                    block[starts[done] : ends[begin - 1]], first + done
                )
            lo, hi = int(starts[begin]), int(ends[end - 1])
            columns = _read_uniform(memoryview(block)[lo:hi], width, quotes)
            if columns is not None and len(columns[0]) == end - begin:
                yield from self._process_uniform(block, lo, hi, first + begin, columns)
            else:  # not split as expected: play safe
                yield from self._process_general(block[lo:hi], first + begin)
            done = end
        if done < len(starts):
            yield from self._process_general(block[starts[done] : ends[-1]], first + done)

    @staticmethod
    def _normalise(block: bytes) -> bytes:
        """The block with CRLF line ends as LF and every line valid UTF-8 (lines that are
        not are read as Windows-1252, see :func:`_decode_line`)."""
        if b"\r" in block:
            block = block.replace(b"\r\n", b"\n")
        try:
            _string_array(block)  # validates UTF-8 in C++
        except pa.ArrowInvalid:
            # Not UTF-8 throughout: transcode the offending lines (Windows-1252) and go on
            # with a block that is.
            parts = block.split(b"\n")
            for i, raw in enumerate(parts):
                text, was_utf8 = _decode_line(raw)
                if not was_utf8:
                    parts[i] = text.encode("utf-8")
            block = b"\n".join(parts)
        return block

    def _split_block(self, block: bytes, first: int) -> tuple[_BlockLines, pa.ListArray, set[int]]:
        """Lines and their fields; line numbers whose quoting was broken (slow path)."""
        broken: set[int] = set()
        if not self._comma:
            # Lines, then fields, split in C++ (about 350 MB/s on one core).
            lines = pc.split_pattern(_string_array(block), "\n").flatten()
            fields = pc.split_pattern(lines, FS)
            if b'"' in block:
                fields = self._strip_quotes(fields)
            return _BlockLines(lines), fields, broken
        # Comma-separated versions (1 to 5): Python's csv per line, as the format predates
        # the field separator and these filings are small.
        texts = block.decode("utf-8").split("\n")
        rows = []
        for i, text in enumerate(texts):
            row, open_quote = _split_line(text, comma=True)
            if open_quote:
                broken.add(first + i)
            rows.append(row)
        return _BlockLines(texts), pa.array(rows, pa.list_(pa.string())), broken

    @staticmethod
    def _strip_quotes(fields: pa.ListArray) -> pa.ListArray:
        """Fields without one pair of surrounding double quotes (FS files with quoting)."""
        values = fields.values
        quoted = pc.and_(pc.starts_with(values, '"'), pc.ends_with(values, '"'))
        values = pc.if_else(quoted, pc.utf8_slice_codeunits(values, 1, -1), values)
        return pa.ListArray.from_arrays(fields.offsets, values)

    def _process_uniform(
        self, block: bytes, lo: int, hi: int, first: int, columns: list[pa.Array]
    ) -> Iterator[tuple[str, pa.Table]]:
        """Lines ``block[lo:hi]``, all with ``len(columns)`` fields, as split into
        ``columns`` by Arrow's CSV reader: grouped by record type as on the general path."""
        n, width = len(columns[0]), len(columns)
        form = pc.utf8_upper(pc.utf8_trim_whitespace(columns[0])).fill_null("")
        if not all(self._layout(v) for v in pc.unique(form).to_pylist()):
            # Record types kept raw (as lists of fields) are built by the general path.
            yield from self._process_general(block[lo:hi], first)
            return
        numbers = np.arange(first, first + n, dtype=np.int64)
        lines = _SpanLines(block, lo, hi)
        counts = np.full(n, width, dtype=np.int64)

        def field(j: int, rows: np.ndarray, whole: bool) -> pa.Array | None:
            if j >= width:
                return None
            return columns[j] if whole else columns[j].take(pa.array(rows))

        def extra(layout_width: int, rows: np.ndarray, long: np.ndarray) -> np.ndarray:
            # Every line has the same fields: non-empty extras are valid values in them.
            present = np.zeros(len(long), dtype=bool)
            index = pa.array(rows[long])
            for j in range(layout_width, width):
                present |= columns[j].take(index).is_valid().to_numpy(zero_copy_only=False)
            return present

        yield from self._groups(form, numbers, lines, set(), counts, field, extra, None)

    def _process_general(self, block: bytes, first: int) -> Iterator[tuple[str, pa.Table]]:
        """Group one stretch of lines by record type and build a table per group."""
        lines, fields, broken = self._split_block(block, first)
        n = len(lines)
        if n == 0:
            return
        numbers = np.arange(first, first + n, dtype=np.int64)
        offsets = fields.offsets.to_numpy()
        lengths = np.diff(offsets)
        values = _null_if_empty(fields.values)
        form = pc.utf8_upper(pc.utf8_trim_whitespace(pc.list_element(fields, 0)))
        form = form.fill_null("")

        # Lines with one field: blank ones are skipped (as by every parser); others have
        # no separator at all and cannot be read.
        single = lengths < 2
        if single.any():
            for i in np.flatnonzero(single):
                text = lines.text(int(i))
                if text.strip():
                    self.rejects.append(
                        Reject(int(numbers[i]), None, "no field separator on the line", text, False)
                    )

        def field(j: int, rows: np.ndarray, whole: bool) -> pa.Array | None:
            present = lengths[rows] > j
            starts = offsets[:-1][rows] + j
            if present.all():
                return values.take(pa.array(starts))
            if present.any():
                return values.take(pa.array(starts, mask=~present))
            return None

        def extra(width: int, rows: np.ndarray, long: np.ndarray) -> np.ndarray:
            valid = values.is_valid().to_numpy(zero_copy_only=False)
            starts, counts = offsets[:-1][rows], lengths[rows]
            return np.array([valid[starts[k] + width : starts[k] + counts[k]].any() for k in long])

        raw = (fields, single)
        yield from self._groups(form, numbers, lines, broken, lengths, field, extra, raw)

    def _groups(
        self,
        form: pa.Array,
        numbers: np.ndarray,
        lines: _BlockLines,
        broken: set[int],
        counts: np.ndarray,
        field: Callable[[int, np.ndarray, bool], pa.Array | None],
        extra: Callable[[int, np.ndarray, np.ndarray], np.ndarray],
        raw: tuple[pa.ListArray, np.ndarray] | None,
    ) -> Iterator[tuple[str, pa.Table]]:
        """One table per record type of a stretch of lines, in order of first appearance.

        ``field(j, rows, whole)`` gives field ``j`` of the lines ``rows`` (``whole``: all
        of the stretch), null where a line has fewer fields, or None when none has it;
        ``extra(width, rows, long)`` says which of the lines ``rows[long]`` have non-empty
        fields beyond ``width``. ``raw`` (the fields as lists, and the lines with a single
        field) is needed only where a record type has no layout.
        """
        # Group lines by record type with integer codes: one Python look-up per distinct
        # form type, then vectorised work per group.
        uniques = pc.unique(form)
        codes = pc.index_in(form, value_set=uniques).to_numpy(zero_copy_only=False)
        if raw is not None:
            codes = np.where(raw[1], -1, codes)
        present, first_index = np.unique(codes, return_index=True)
        for code, _ in sorted(zip(present, first_index, strict=True), key=lambda p: p[1]):
            if code < 0:
                continue
            value = uniques[int(code)].as_py()
            layout = self._layout(value)
            key = layout.name if layout else (value or "?")
            rows = np.flatnonzero(codes == code)
            if layout is None:
                assert raw is not None  # _process_uniform leaves such runs to this path
                columns = self._raw_columns(raw[0], rows, numbers, form)
                reason = (
                    f"record type {value!r} is in no column map for version "
                    f"{self.version_used}: its fields are kept unnamed"
                )
                for i in rows:
                    self.rejects.append(
                        Reject(int(numbers[i]), value, reason, lines.text(int(i)), True)
                    )
            else:
                columns = self._layout_columns(
                    layout, lines, rows, numbers, form, broken, counts[rows], field, extra
                )
            if self.cover is None and layout is not None:
                self.cover = self._make_cover(layout, columns)
            yield from self._emit(key, columns, len(rows))

    def _layout(self, form: str) -> Layout | None:
        """The layout of a form type in this filing's version, warning about fallbacks."""
        if self.version_used is None:
            layout, exact = None, False
        else:
            layout, exact = self.registry.resolve(form, self.version_used)
        if layout is not None and not layout.columns:
            self._warn(
                f"record type {form!r} has no known columns in version {self.version_used}: "
                f"its lines are kept raw in table {form!r}"
            )
            return None
        if layout is None:
            self._warn(f"unknown record type {form!r}: its lines are kept raw in table {form!r}")
        elif not exact:
            self._warn(
                f"record type {form!r} has no layout for version {self.version_used}; "
                f"read with the layout for versions {layout.versions}"
            )
        return layout

    def _warn(self, message: str) -> None:
        """Record a filing-level warning once, and raise it as a FilingWarning."""
        if message in self._warned:
            return
        self._warned.add(message)
        self.warnings.append(message)
        warnings.warn(message, FilingWarning, stacklevel=4)

    @staticmethod
    def _raw_columns(
        fields: pa.ListArray, rows: np.ndarray, numbers: np.ndarray, form: pa.Array
    ) -> dict[str, pa.Array]:
        """An unknown record type: every field kept, as a list of strings per line."""
        index = pa.array(rows)
        return {
            "line_number": pa.array(numbers[rows]),
            "record_type": form.take(index),
            "fields": fields.take(index),
        }

    def _layout_columns(
        self,
        layout: Layout,
        lines: _BlockLines,
        rows: np.ndarray,
        numbers: np.ndarray,
        form: pa.Array,
        broken: set[int],
        counts: np.ndarray,
        field: Callable[[int, np.ndarray, bool], pa.Array | None],
        extra: Callable[[int, np.ndarray, np.ndarray], np.ndarray],
    ) -> dict[str, pa.Array]:
        """Columns of one record type: one gather per column, typed by the layout.

        ``counts`` are the fields on each of the lines ``rows``; ``field`` and ``extra``
        are as for :meth:`_groups`.
        """
        whole = len(rows) == len(numbers)
        line_numbers = numbers[rows]
        columns: dict[str, pa.Array] = {
            "line_number": pa.array(line_numbers),
            "record_type": form if whole else form.take(pa.array(rows)),
        }
        width = len(layout.columns)
        for j, name in enumerate(layout.columns):
            taken = field(j, rows, whole)
            if taken is None:
                columns[name] = pa.nulls(len(rows), layout.arrow_type(name))
                continue
            if name in layout.amounts:
                taken = self._amounts(taken, name, layout, line_numbers, lines, rows)
            elif name in layout.dates:
                taken = self._dates(taken, name, layout, line_numbers, lines, rows)
            columns[name] = taken
        self._check_widths(layout, counts, width, line_numbers, lines, rows, extra)
        for number in sorted(broken.intersection(line_numbers.tolist())):
            i = int(np.searchsorted(numbers, number))
            self.rejects.append(
                Reject(
                    number,
                    layout.name,
                    "unterminated quote: the quoted field runs to the end of the line",
                    lines.text(i),
                    True,
                )
            )
        return columns

    def _check_widths(
        self,
        layout: Layout,
        counts: np.ndarray,
        width: int,
        line_numbers: np.ndarray,
        lines: _BlockLines,
        rows: np.ndarray,
        extra: Callable[[int, np.ndarray, np.ndarray], np.ndarray],
    ) -> None:
        """Report lines with non-empty fields beyond the layout (they are ignored), and a
        last line cut short by the end of the file.

        Fewer fields than the layout is otherwise normal (software leaves out trailing
        empty fields) and is read as nulls; more fields that are all empty is padding.
        """
        if self._last_line is not None:
            # The input ends without a line break: if its last line is also short, the
            # file was most likely cut off midway through it.
            for k in np.flatnonzero((line_numbers == self._last_line) & (counts < width - 1)):
                self.rejects.append(
                    Reject(
                        self._last_line,
                        layout.name,
                        f"the file ends midway through this line ({int(counts[k])} of "
                        f"{width} fields): it looks truncated; the missing fields are empty",
                        lines.text(int(rows[k])),
                        True,
                    )
                )
        long = np.flatnonzero(counts > width)
        if len(long) == 0:
            return
        for k in long[extra(width, rows, long)]:
            self.rejects.append(
                Reject(
                    int(line_numbers[k]),
                    layout.name,
                    f"{int(counts[k])} fields where the layout for versions "
                    f"{layout.versions} has {width}; the non-empty extra fields are ignored",
                    lines.text(int(rows[k])),
                    True,
                )
            )

    def _type_reject(
        self,
        layout: Layout,
        line_number: int,
        line_index: int,
        lines: _BlockLines,
        reason: str,
    ) -> None:
        """Record a field that could not be typed (its row stays, with the field null)."""
        self.rejects.append(Reject(line_number, layout.name, reason, lines.text(line_index), True))

    def _amounts(
        self,
        text: pa.Array,
        name: str,
        layout: Layout,
        line_numbers: np.ndarray,
        lines: _BlockLines,
        rows: np.ndarray,
    ) -> pa.Array:
        """Text to decimal128(14, 2); a value that is no amount becomes null and a reject."""
        trimmed = _null_if_empty(pc.utf8_trim_whitespace(text))
        try:
            return pc.cast(trimmed, AMOUNT_TYPE)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        # Slow path, only for columns with a bad value: per value, in Python.
        out: list[Decimal | None] = []
        for k, value in enumerate(trimmed.to_pylist()):
            if value is None:
                out.append(None)
                continue
            cleaned = value.replace(",", "").replace("$", "")
            try:
                amount = Decimal(cleaned)
                if not amount.is_finite() or abs(amount) >= _AMOUNT_LIMIT:
                    raise InvalidOperation
            except InvalidOperation:
                out.append(None)
                reason = f"{name}: {value!r} is not an amount; stored as null"
                self._type_reject(layout, int(line_numbers[k]), int(rows[k]), lines, reason)
                continue
            rounded = amount.quantize(_CENT, rounding=ROUND_HALF_EVEN)
            if rounded != amount or cleaned != value:
                reason = f"{name}: {value!r} read as {rounded}"
                self._type_reject(layout, int(line_numbers[k]), int(rows[k]), lines, reason)
            out.append(rounded)
        return pa.array(out, AMOUNT_TYPE)

    def _dates(
        self,
        text: pa.Array,
        name: str,
        layout: Layout,
        line_numbers: np.ndarray,
        lines: _BlockLines,
        rows: np.ndarray,
    ) -> pa.Array:
        """YYYYMMDD text to date32; a value that is no such date becomes null and a reject."""
        trimmed = _null_if_empty(pc.utf8_trim_whitespace(text))
        parsed = pc.strptime(trimmed, format="%Y%m%d", unit="s", error_is_null=True)
        parsed = parsed.cast(DATE_TYPE)
        # Arrow's strptime accepts 7 digits ("2012061") and rolls impossible days over
        # ("20200231" -> March 2); the format has exactly 8 digits of a real date, so the
        # parsed day must be the written one.
        written_day = pc.cast(pc.utf8_slice_codeunits(trimmed, 6, 8), pa.int8(), safe=False)
        good = pc.and_(pc.equal(pc.utf8_length(trimmed), 8), pc.equal(pc.day(parsed), written_day))
        bad = pc.and_(pc.is_valid(trimmed), pc.invert(good.fill_null(False)))
        if pc.any(bad).as_py():
            for k in np.flatnonzero(bad.to_numpy(zero_copy_only=False)):
                value = trimmed[int(k)].as_py()
                reason = f"{name}: {value!r} is not a YYYYMMDD date; stored as null"
                self._type_reject(layout, int(line_numbers[k]), int(rows[k]), lines, reason)
            parsed = pc.if_else(good, parsed, pa.scalar(None, parsed.type))
        return parsed

    @staticmethod
    def _make_cover(layout: Layout, columns: dict[str, pa.Array]) -> Cover:
        """The cover record from the first row of the first record type of the filing."""
        row = {name: array[0].as_py() for name, array in columns.items()}
        form_type = str(row.get("form_type") or row.get("record_type") or "").strip()
        match = re.fullmatch(r"(F\d+[A-Z]?)([NAT])", form_type.upper())
        base, indicator = (match.group(1), match.group(2)) if match else (form_type.upper(), None)
        if base not in {"F3", "F3X", "F3P", "F3L", "F1", "F1M", "F2", "F24", "F4", "F5", "F6",
                        "F7", "F8", "F9", "F13"}:  # fmt: skip
            # e.g. "F99", "F10": no amendment suffix; keep the form as written.
            base, indicator = form_type.upper(), None
        coverage_from = row.get("coverage_from_date")
        coverage_through = row.get("coverage_through_date")
        return Cover(
            form_type=form_type,
            base_form=base,
            committee_id=row.get("filer_committee_id_number"),
            coverage_from=coverage_from if isinstance(coverage_from, date) else None,
            coverage_through=coverage_through if isinstance(coverage_through, date) else None,
            amendment_indicator=indicator,
            fields=row,
        )
