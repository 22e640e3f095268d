"""Stream a `.fec` filing into typed Parquet files, one per record type.

This is the whole path from a raw filing to typed columnar data: the reader yields Arrow
batches block by block and each goes straight to its record type's Parquet writer, so a
filing of any size costs a few blocks of memory. The warehouse load maps these files onto
its tables; the benchmark (``bench/bench_efile.py``) measures exactly this function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail.formats.efile.reader import (
    BLOCK_SIZE,
    Cover,
    FilingReader,
    Header,
    Reject,
    Source,
)


@dataclass
class WrittenFiling:
    """What :func:`write_parquet` wrote: per record type, its Parquet files and rows."""

    header: Header
    cover: Cover | None
    file_number: int | None
    version_used: str | None
    files: dict[str, list[Path]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bytes_read: int = 0


class _Writers:
    """One open Parquet writer per record type (and per schema, should one change)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.open: dict[str, tuple[pa.Schema, pq.ParquetWriter]] = {}
        self.files: dict[str, list[Path]] = {}

    def write(self, record_type: str, table: pa.Table) -> None:
        current = self.open.get(record_type)
        if current is not None and not current[0].equals(table.schema):
            # A record type's columns are fixed by its layout; raw records of unknown
            # types can differ in shape, so they go to a new file rather than fail.
            current[1].close()
            current = None
        if current is None:
            paths = self.files.setdefault(record_type, [])
            path = self.out_dir / f"{_safe(record_type)}-{len(paths)}.parquet"
            paths.append(path)
            current = (table.schema, pq.ParquetWriter(path, table.schema, compression="zstd"))
            self.open[record_type] = current
        current[1].write_table(table)

    def close(self) -> None:
        for _, writer in self.open.values():
            writer.close()
        self.open.clear()


def _safe(record_type: str) -> str:
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in record_type) or "unnamed"


def write_parquet(
    source: Source,
    out_dir: str | Path,
    *,
    file_number: int | None = None,
    block_size: int = BLOCK_SIZE,
    on_bytes: Callable[[int], None] | None = None,
) -> WrittenFiling:
    """Write every record of a filing to ``out_dir/<record type>-<n>.parquet``.

    Columns are those of :func:`~moneytrail.formats.efile.iter_filing`: the FEC's field
    names for the filing's version, dates as ``date32``, amounts as ``decimal128(14, 2)``,
    plus ``line_number``, ``record_type`` and ``file_number``. ``on_bytes`` is called with
    the number of bytes read as reading goes (for a progress bar).

    >>> written = write_parquet("1527862.fec", "/tmp/out")  # doctest: +SKIP
    >>> written.rows
    {'F3P': 1, 'SA': 2224, 'SB': 744}
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    reader = FilingReader(source, file_number=file_number, block_size=block_size)
    writers = _Writers(out)
    seen = 0
    try:
        for record_type, table in reader:
            writers.write(record_type, table)
            if on_bytes is not None:
                done = reader.bytes_read
                on_bytes(done - seen)
                seen = done
    finally:
        writers.close()
    return WrittenFiling(
        header=reader.header,
        cover=reader.cover,
        file_number=reader.file_number,
        version_used=reader.version_used,
        files=writers.files,
        rows=dict(reader.counts),
        rejects=list(reader.rejects),
        warnings=list(reader.warnings),
        bytes_read=reader.bytes_read,
    )
