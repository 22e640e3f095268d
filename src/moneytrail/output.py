"""Render query results as a table, CSV or JSON: one place for every command's output."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from enum import StrEnum
from typing import IO

import pyarrow as pa
from rich.console import Console
from rich.table import Table


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, the noun plural unless ``n`` is 1: "1 contribution", "2 lines"."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _plain(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


LIST_SHOWN = 5  # a table cell shows this many items of a list (file numbers, ...)


def render(
    result: pa.Table | list[dict],
    fmt: Format,
    *,
    title: str | None = None,
    out: IO[str] | None = None,
) -> None:
    """Print ``result`` in ``fmt``. Tables are right-aligned for numbers."""
    rows = result.to_pylist() if isinstance(result, pa.Table) else result
    names = result.column_names if isinstance(result, pa.Table) else list(rows[0]) if rows else []
    stream = out or sys.stdout
    if fmt is Format.json:
        json.dump([{k: _plain(v) for k, v in r.items()} for r in rows], stream, indent=1)
        stream.write("\n")
        return
    if fmt is Format.csv:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(names)
        for r in rows:
            writer.writerow([_csv_cell(r[n]) for n in names])
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    numeric = {
        n
        for n in names
        if rows and all(isinstance(r[n], int | float | decimal.Decimal | None) for r in rows)
    }
    for n in names:
        table.add_column(n, justify="right" if n in numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*("" if r[n] is None else _fmt_cell(r[n]) for n in names))
    Console(file=stream, width=max(100, Console().width)).print(table)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | dict):  # one cell: JSON keeps the items apart
        return json.dumps(_plain(value))
    return _plain(value)


def _fmt_cell(value: object) -> str:
    if isinstance(value, list):
        # Lists of file numbers can run to hundreds; the table shows the first few and the
        # count (CSV and JSON carry them all).
        shown = ", ".join(_fmt_cell(v) for v in value[:LIST_SHOWN])
        return shown + (f", … ({len(value):,} in all)" if len(value) > LIST_SHOWN else "")
    if isinstance(value, decimal.Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(_plain(value))
