"""Compare moneytrail's `.fec` reader with the `fecfile` package, the test oracle.

fecfile (a dev dependency only) reads a filing line by line into dicts; we read it in
bulk into Arrow tables. :func:`differences` lines the two up record by record (both keep
file order) and lists every field where they disagree, after allowing for the differences
that are deliberate. Each allowance is a function below with the reason in its docstring.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from fecfile import fecparser
from fecfile.cache import getMapping

from moneytrail.formats.efile import Filing
from moneytrail.formats.efile.layouts import Registry
from moneytrail.formats.efile.reader import TEXT_RECORD

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
EFILE = SHARED_DATA / "efile"


def fecfile_items(data: bytes) -> tuple[dict, list[tuple[str, Any]]]:
    """fecfile's header and its other items (kind, data) in file order.

    Fed the file's lines as bytes, fecfile decodes each line on its own (UTF-8, else
    Latin-1), which is the closest of its entry points to our per-line decoding;
    ``from_file`` instead re-decodes the whole file as Latin-1 when any byte is not UTF-8.
    """
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    header: dict = {}
    items: list[tuple[str, Any]] = []
    for item in fecparser.iter_lines(lines):
        if item.data_type == "header":
            header = item.data
        else:
            items.append((item.data_type, item.data))
    return header, items


def same_text(theirs: str, mine: str) -> bool:
    """Text equal, or equal bytes decoded two ways.

    For a line that is not UTF-8, fecfile falls back to Latin-1 and we to Windows-1252
    (the encoding such filings really use: 0x92 is a right quote there, a control
    character in Latin-1). Both are right when they decode the same bytes.
    """
    if theirs == mine:
        return True
    try:
        return theirs.encode("latin-1") == mine.encode("cp1252")
    except UnicodeEncodeError:
        return False


def same_value(theirs: Any, mine: Any) -> bool:
    """One field's values agree, allowing for our typing and empty-as-null."""
    if theirs is None or theirs == "":
        # We store empty fields as null; fecfile gives "" (or None when it could not
        # type a value, which our rejects then report).
        return mine is None or mine == ""
    if isinstance(theirs, float):
        return isinstance(mine, Decimal) and float(mine) == theirs
    if isinstance(theirs, dt.datetime):
        return isinstance(mine, dt.date) and theirs.date() == mine
    if isinstance(mine, Decimal):
        # A column the FEC's workbook types as an amount and fecfile leaves as text.
        try:
            return Decimal(theirs.strip().replace(",", "")) == mine
        except InvalidOperation:
            return False
    if isinstance(mine, dt.date):
        return theirs.strip() == mine.strftime("%Y%m%d")
    if mine is None:
        return False
    return same_text(theirs, mine)


def my_rows(filing: Filing) -> list[tuple[str, dict]]:
    """All rows of all layout tables, in file order, as (table name, row)."""
    rows: list[tuple[str, dict]] = []
    for name, table in filing.tables.items():
        if name == TEXT_RECORD or "fields" in table.column_names:
            continue  # F99 text and raw (unknown) record types are checked apart
        rows += [(name, row) for row in table.to_pylist()]
    rows.sort(key=lambda pair: pair[1]["line_number"])
    return rows


def differences(filing: Filing, data: bytes, version: str | None = None) -> list[str]:
    """Every disagreement between our reading of a filing and fecfile's.

    ``data`` is what fecfile reads (normally the file as is); ``version`` is the version
    fecfile reads the records as (default: the header's).
    """
    header, items = fecfile_items(data)
    version = version or header.get("fec_version") or header.get("fec_ver_#")
    problems: list[str] = []

    problems += _header_differences(filing, header)
    texts = [data for kind, data in items if kind == "F99_text"]
    records = [data for kind, data in items if kind != "F99_text"]
    mine_texts = (
        filing.tables[TEXT_RECORD].column("text").to_pylist()
        if TEXT_RECORD in filing.tables
        else []
    )
    if len(texts) != len(mine_texts) or not all(map(same_text, texts, mine_texts)):
        problems.append(f"F99 text differs: {texts!r:.200} vs {mine_texts!r:.200}")

    rows = my_rows(filing)
    if len(rows) != len(records):
        problems.append(f"{len(rows)} records here, {len(records)} in fecfile")
    registry = Registry.load()
    for (name, mine), theirs in zip(rows, records, strict=False):
        line = mine["line_number"]
        form = mine["record_type"]
        raw = getMapping(fecparser.mappings, form, version)
        layout, _ = registry.resolve(form, filing.version_used or "")
        if layout is None or len(layout.columns) != len(raw):
            problems.append(f"line {line}: layout differs ({name} vs {len(raw)} columns)")
            continue
        last = {column: i for i, column in enumerate(raw)}  # a dict keeps the last repeat
        for column, i in last.items():
            ours = layout.columns[i]
            if not same_value(theirs.get(column), mine.get(ours)):
                problems.append(
                    f"line {line} {form} {ours}: fecfile {theirs.get(column)!r}, "
                    f"we {mine.get(ours)!r}"
                )
    return problems


def _header_differences(filing: Filing, theirs: dict) -> list[str]:
    """Header fields that disagree.

    fecfile lower-cases every key and value of a legacy ``/* Header`` block; we keep the
    values as written (a committee's name is not lower case), so those compare
    case-insensitively.
    """
    problems = []
    legacy = "fec_ver_#" in theirs
    for key, value in theirs.items():
        if key == "schedule_counts":
            mine_counts = {k.lower(): v for k, v in filing.header.fields[key].items()}
            if mine_counts != value:
                problems.append(f"header schedule_counts: {value} vs {mine_counts}")
            continue
        mine = filing.header.fields.get(key)
        ok = (mine or "").lower() == (value or "").lower() if legacy else same_value(value, mine)
        if not ok:
            problems.append(f"header {key}: fecfile {value!r}, we {mine!r}")
    return problems


def all_filings() -> list[Path]:
    """Every `.fec` file in ../shared/data/efile (empty when that folder is absent)."""
    return sorted(EFILE.rglob("*.fec")) if EFILE.is_dir() else []


def file_id(path: Path) -> str:
    """A short test id: the path under efile/."""
    return re.sub(r"\.fec$", "", str(path.relative_to(EFILE)))
