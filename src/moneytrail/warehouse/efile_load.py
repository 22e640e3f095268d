"""Load electronic filings (`.fec` files, or zips of them such as the FEC's daily bundles)
into the warehouse: the same tables as the bulk files, plus ``filings``.

Each filing is one load (dataset ``efile:<file number>``): its records are streamed to
typed Parquet (``formats.efile.parquet``), mapped onto the tables (``columns.toml``) with
DuckDB, and committed together with the other filings of the same call in one
transaction, so a failure leaves the warehouse as it was. Loading the same filing twice
changes nothing. Which filings count (amendments, 24/48-hour notices) is decided by the
``filings`` view; see ``sql/current_filings.sql``.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail import interrupts
from moneytrail.errors import CorruptInputError, LoadError, UnrecognizedFileError
from moneytrail.formats.bulk.reader import sql_str
from moneytrail.formats.efile import mapping
from moneytrail.formats.efile.parquet import WrittenFiling, write_parquet
from moneytrail.formats.efile.reader import FilingWarning, refuse_unless_filing
from moneytrail.model import table_columns
from moneytrail.progress import Progress
from moneytrail.sources.local import in_folders
from moneytrail.warehouse.catalog import EFILE_KIND, Warehouse
from moneytrail.warehouse.load import (
    Commit,
    LoadReport,
    Staged,
    collect_garbage,
    commit_loads,
    current_load,
    one_line,
    sha256_of,
)

_NUMBERED = re.compile(r"(\d+)\.fec", re.IGNORECASE)
_NOTICE_TYPES = ("24", "48")


@dataclass
class EfileReport(LoadReport):
    """What loading one filing did."""

    file_number: int | None = None
    form_type: str | None = None
    committee_id: str | None = None
    amends_file_number: int | None = None
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        amends = f", amends {self.amends_file_number}" if self.amends_file_number else ""
        return (
            f"{self.form_type or 'unknown form'} by {self.committee_id or 'unknown filer'}"
            f"{amends}, cycle {self.cycle or 'unknown'}"
        )


@dataclass
class _Input:
    path: Path  # the .fec file, or the zip holding it
    member: str | None  # the member of the zip, if any
    file_number: int | None

    @property
    def name(self) -> str:
        return f"{self.path.name}!{self.member}" if self.member else self.path.name

    @property
    def dataset(self) -> str:
        return f"efile:{self.file_number}" if self.file_number else f"efile:{self.name}"


def find_filings(
    paths: Iterable[str | os.PathLike[str]],
    on_left_out: Callable[[Path, str], None] | None = None,
) -> list[_Input]:
    """The filings in ``paths``: `.fec` files, the `.fec` members of zips, and those
    under a folder; a folder's other files are reported to ``on_left_out``."""
    return in_folders(
        paths, _filings_in, what=".fec filings", on_left_out=on_left_out, in_folder=_filings_among
    )


def _filings_in(path: Path) -> list[_Input]:
    """The filing a file named outright is, or the filings of a zip."""
    if not path.is_file():
        raise CorruptInputError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        return [_Input(path, None, _number(path.name))]
    try:
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.lower().endswith(".fec")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptInputError(f"{path} is a truncated or corrupt zip ({exc})") from exc
    if not members:
        raise UnrecognizedFileError(f"{path} holds no .fec filings", reason="a zip of no filings")
    return [_Input(path, m, _number(m)) for m in sorted(members, key=_sort_key)]


def _filings_among(path: Path) -> list[_Input]:
    """A folder's file, which must say it is a filing or a zip by its name."""
    if path.suffix.lower() not in (".fec", ".zip"):
        raise UnrecognizedFileError(f"{path} is no filing", reason="not a .fec filing nor a zip")
    return _filings_in(path)


def _number(name: str) -> int | None:
    match = _NUMBERED.fullmatch(Path(name).name)
    return int(match.group(1)) if match else None


def _sort_key(member: str) -> tuple[int, str]:
    return (_number(member) or 0, member)


def load_filings(
    warehouse: Warehouse,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    on_failed: Callable[[str, str], None] | None = None,
    on_left_out: Callable[[Path, str], None] | None = None,
) -> list[EfileReport]:
    """Load `.fec` filings (files, zips of them, or folders of either) into the
    warehouse, atomically; a folder's other files are reported to ``on_left_out``.

    A filing that cannot be read at all fails the whole call, unless ``on_failed`` is
    given (for daily bundles of thousands of filings): then it is reported there with
    the reason, and the others load.

    >>> load_filings(Warehouse("/tmp/mt"), ["1527862.fec"])  # doctest: +SKIP
    [EfileReport(source_file='1527862.fec', kind='efile', ..., form_type='F3PN')]
    """
    inputs = find_filings(paths, on_left_out)
    reports: list[EfileReport] = []
    with warehouse.write_lock():
        warehouse.ensure()
        collect_garbage(warehouse)
        stage = warehouse.staging_dir / secrets.token_hex(6)
        stage.mkdir(parents=True)
        commits: list[Commit] = []
        try:
            with duckdb.connect() as con, interrupts.interruptible(con):
                con.execute("SET threads = 2")
                con.execute("SET memory_limit = '512MB'")
                for k, item in enumerate(inputs):
                    try:
                        report, commit = _stage_one(warehouse, con, item, stage / str(k), progress)
                    except (CorruptInputError, UnrecognizedFileError) as exc:
                        if on_failed is None:
                            raise
                        on_failed(item.name, str(exc))
                        continue
                    reports.append(report)
                    if commit is not None:
                        _add(commits, commit)
            if commits:
                commit_loads(warehouse, commits)
        except duckdb.Error as exc:
            raise LoadError(
                f"loading filings failed: {one_line(exc)}; the warehouse was left as it was"
            ) from exc
        except (KeyboardInterrupt, RuntimeError) as exc:
            if not interrupts.by_ctrl_c(exc):
                raise
            raise LoadError(
                "loading filings was interrupted; the warehouse was left as it was"
            ) from exc
        except OSError as exc:
            raise LoadError(
                f"loading filings failed: {exc.strerror or exc}; the warehouse was left as it was"
            ) from exc
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    return reports


def _add(commits: list[Commit], commit: Commit) -> None:
    """Add a staged filing, unless this call already staged the same one (a filing given
    twice, or both alone and in a day's bundle): the same bytes are loaded once, and a
    different version replaces the one staged before it."""
    for k, earlier in enumerate(commits):
        if earlier.dataset != commit.dataset:
            continue
        if earlier.report.source_sha256 == commit.report.source_sha256:
            commit.report.status = "duplicate"
            return
        commit.replaces = earlier.replaces
        earlier.report.status = "superseded in this load"
        del commits[k]
        break
    commits.append(commit)


@contextmanager
def _opened(item: _Input, stage: Path) -> Iterator[Path]:
    """The filing as a file on disk (zip members are extracted to the staging folder)."""
    if item.member is None:
        yield item.path
        return
    target = stage / "filing.fec"
    try:
        with (
            zipfile.ZipFile(item.path) as zf,
            zf.open(item.member) as src,
            target.open("wb") as out,
        ):
            shutil.copyfileobj(src, out, 8 << 20)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise CorruptInputError(f"{item.name}: truncated or corrupt in its zip ({exc})") from exc
    try:
        yield target
    finally:
        target.unlink(missing_ok=True)  # a day's bundle can hold gigabytes


def _stage_one(
    warehouse: Warehouse,
    con: duckdb.DuckDBPyConnection,
    item: _Input,
    stage: Path,
    progress: Progress | None,
) -> tuple[EfileReport, Commit | None]:
    began, started_at = time.perf_counter(), datetime.now()
    stage.mkdir(parents=True)
    by = "file name" if item.file_number else "content"
    report = EfileReport(item.name, EFILE_KIND, None, by, "loaded")
    report.file_number = item.file_number
    with _opened(item, stage) as path:
        report.source_sha256 = sha256_of(path)
        previous = current_load(warehouse, item.dataset)
        if previous and previous[1] == report.source_sha256:
            report.status, report.load_id = "unchanged", previous[0]
            return report, None
        size = path.stat().st_size
        if progress:
            progress.start(item.name, size, 0)
        finished = False
        try:
            with warnings.catch_warnings():
                # They are kept in the report (and shown by the CLI) rather than raised.
                warnings.simplefilter("ignore", FilingWarning)
                written = write_parquet(
                    path,
                    stage / "records",
                    file_number=item.file_number,
                    on_bytes=(lambda n: progress.advance(item.name, n)) if progress else None,
                )
            refuse_unless_filing(item.name, written.header, written.cover)
            staged = _map_records(con, written, stage)
            shutil.rmtree(stage / "records")  # mapped: only the tables' files are kept
            finished = True
        finally:
            if progress:
                progress.finish(item.name, report.status if finished else "failed")
    cover = written.cover
    report.form_type = cover.form_type if cover else None
    report.committee_id = cover.committee_id if cover else None
    report.amends_file_number = _amends(written)
    report.warnings = written.warnings
    report.cycle = _cycle(staged.period_end)
    report.seconds = time.perf_counter() - began
    commit = Commit(
        item.dataset, EFILE_KIND, report.cycle, item.name, item.path, size,
        report.recognised_by, started_at, staged.staged, report,
        previous[0] if previous else None,
    )  # fmt: skip
    return report, commit


def _amends(written: WrittenFiling) -> int | None:
    cover, report_id = written.cover, written.header.report_id
    if cover is None or not cover.is_amendment or not report_id:
        return None
    match = re.fullmatch(r"\s*FEC-?(\d+)\s*", report_id, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _cycle(day: date | None) -> int | None:
    return day.year + day.year % 2 if day else None


@dataclass
class _Mapped:
    staged: Staged
    period_end: date | None  # the end of the period covered, or the filing date


def _map_records(con: duckdb.DuckDBPyConnection, written: WrittenFiling, stage: Path) -> _Mapped:
    """Map the filing's record files onto the warehouse tables, and build its filings row."""
    facts = _facts(written)
    con.register("filing_facts", pa.Table.from_pylist([facts]))
    out = stage / "tables"
    out.mkdir()
    table_files: dict[str, list[tuple[Path, int]]] = {}

    def copy(table: str, select: str) -> None:
        path = out / f"{table}-{len(table_files.get(table, []))}.parquet"
        with interrupts.uninterrupted(con):  # one filing's table: Ctrl-C waits for it
            con.execute(
                f"COPY (SELECT *, CAST(NULL AS VARCHAR) AS reject_reason, "
                f"CAST(NULL AS VARCHAR) AS raw_line FROM ({select})) "
                f"TO {sql_str(str(path))} (FORMAT parquet, COMPRESSION zstd)"
            )
        table_files.setdefault(table, []).append((path, 0))

    try:
        for layout, paths in written.files.items():
            files = ", ".join(sql_str(str(p)) for p in paths)
            schema = (
                con.sql(f"SELECT * FROM read_parquet([{files}], union_by_name = true) LIMIT 0")
                .to_arrow_table()
                .schema
            )
            has_number = "file_number" in schema.names
            number = "" if has_number else ", CAST(NULL AS BIGINT) AS file_number"
            relation = (
                f"(SELECT r.*{number}, {sql_str(layout)} AS layout, f.* "
                f"FROM read_parquet([{files}], union_by_name = true) r CROSS JOIN filing_facts f)"
            )
            for table_map in mapping.maps_for(layout):
                copy(table_map.table, mapping.select_sql(con, table_map, relation, schema))
            if not mapping.is_modelled(layout):
                copy(mapping.CATCH_ALL, mapping.catch_all_sql(schema, relation))
        start, end = _coverage(con, written, table_files)
        filing = _filing_row(written, facts, start, end)
        columns = table_columns("filings")
        typed = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in columns.items())
        con.register("filing_row", pa.Table.from_pylist([filing]))
        copy("filings", f"SELECT {typed}, source_line FROM filing_row")
        con.unregister("filing_row")
    finally:
        con.unregister("filing_facts")
    rejects = pa.table(
        {
            "source_line": pa.array([r.line_number for r in written.rejects], pa.int64()),
            "reason": [
                r.reason + ("" if not r.loaded else " (row kept, the field left empty)")
                for r in written.rejects
            ],
            "raw_line": [r.line for r in written.rejects],
        }
    )
    rows_read = sum(written.rows.values()) + sum(1 for r in written.rejects if not r.loaded)
    return _Mapped(Staged(table_files, rows_read, rejects), end or filing["filing_date"])


def _facts(written: WrittenFiling) -> dict:
    """The cover record's facts every row of the filing may use (``filing_*``)."""
    cover = written.cover
    fields = cover.fields if cover else {}
    signed = fields.get("date_signed")
    signed = signed if isinstance(signed, date) else None
    end = cover.coverage_through if cover else None
    return {
        "filing_committee_name": fields.get("committee_name") or fields.get("organization_name"),
        "filing_amendment_indicator": cover.amendment_indicator if cover else None,
        "filing_report_type": _report_type(fields),
        "filing_report_year": (end or signed).year if (end or signed) else None,
        "filing_date": signed,
        "filing_amends_file_number": _amends(written),
    }


def _report_type(fields: dict) -> str | None:
    # A 24/48-hour notice says so in report_type (F24, F5); periodic reports in report_code.
    notice = fields.get("report_type")
    if notice in _NOTICE_TYPES:
        return notice
    return fields.get("report_code") or notice


def _coverage(
    con: duckdb.DuckDBPyConnection,
    written: WrittenFiling,
    table_files: dict[str, list[tuple[Path, int]]],
) -> tuple[date | None, date | None]:
    """The period a filing covers: its cover's dates, or for notices (which have none) the
    first and last date of the expenditures it reports."""
    cover = written.cover
    if cover and cover.coverage_from and cover.coverage_through:
        return cover.coverage_from, cover.coverage_through
    ies = table_files.get("schedule_e")
    if not ies:
        return None, None
    files = ", ".join(sql_str(str(p)) for p, _ in ies)
    start, end = con.execute(
        f"SELECT min(expenditure_date), max(expenditure_date) FROM read_parquet([{files}])"
    ).fetchall()[0]
    return start, end


def _filing_row(written: WrittenFiling, facts: dict, start: date | None, end: date | None) -> dict:
    cover, header = written.cover, written.header
    form = cover.form_type if cover else None
    year_of = end or facts["filing_date"]
    return {
        "file_number": written.file_number,
        "committee_id": cover.committee_id if cover else None,
        "committee_name": facts["filing_committee_name"],
        "form_type": form,
        "base_form": cover.base_form if cover else None,
        "report_type": facts["filing_report_type"],
        "report_year": year_of.year if year_of else None,
        "amendment_indicator": facts["filing_amendment_indicator"],
        "amends_file_number": facts["filing_amends_file_number"],
        "coverage_start_date": start,
        "coverage_end_date": end,
        "filing_date": facts["filing_date"],
        "fec_version": header.fec_version,
        "version_used": written.version_used,
        "software": " ".join(p for p in (header.software_name, header.software_version) if p)
        or None,
        "records": sum(written.rows.values()),
        "source_line": _cover_line(written),
    }


def _cover_line(written: WrittenFiling) -> int | None:
    """The line of the cover record: the first line of its record type's file."""
    if written.cover is None:
        return None
    paths = written.files.get(written.cover.base_form)
    if not paths:
        return None
    lines = pq.read_table(paths[0], columns=["line_number"]).column(0)
    return lines[0].as_py() if len(lines) else None
