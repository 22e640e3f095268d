"""Render query results as a table, CSV or JSON: one place for every command's output."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import os
import sys
from enum import StrEnum
from typing import IO

import pyarrow as pa
from rich.console import Console
from rich.measure import Measurement
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
WHOLE_WIDTH = 24  # a one-word cell up to this long (an id, a code) is never broken
TEXT_WIDTH = 10  # a column of text is squeezed no narrower than this
UNBOUNDED = 100_000  # wider than any table


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
    _print_table(names, rows, title, stream)


def _print_table(names: list[str], rows: list[dict], title: str | None, stream: IO[str]) -> None:
    """Draw the rows for a reader: on a terminal as wide as it is, elsewhere (a file, a pipe)
    a row to a line. A number, a date or an id is never broken or cut off: a table too
    wide for the terminal first breaks its headings between words and its text between
    lines, and failing that, each row is drawn as a block of its own."""
    cells = {n: ["" if r[n] is None else _fmt_cell(r[n]) for r in rows] for n in names}
    console = Console(file=stream)
    wide = _table(names, rows, cells, title, narrow_headings=False)
    if not (console.is_terminal or os.environ.get("COLUMNS", "").isdigit()):
        console.width = UNBOUNDED  # a file or a pipe: a row to a line, nothing to measure
        console.print(wide)
        return
    if _widest(console, wide) <= console.width:
        console.print(wide)
        return
    # Rich cuts the right-hand columns off a table it cannot draw within the console's
    # width at its columns' least widths, so it is given only tables that fit.
    narrow = _table(names, rows, cells, title, narrow_headings=True)
    if _narrowest(narrow) <= console.width:
        console.print(narrow)
    else:
        _print_records(console, names, cells, len(rows), title)


def _table(
    names: list[str],
    rows: list[dict],
    cells: dict[str, list[str]],
    title: str | None,
    *,
    narrow_headings: bool,
) -> Table:
    """The rich table of ``cells``: a column of figures, dates or ids is never narrower than
    its widest cell, and a column of text may be squeezed to TEXT_WIDTH. Headings are the
    column names; with ``narrow_headings``, their words (split at "_") on as many lines
    as a column of figures needs to stay narrow, and columns with no value are left
    out."""
    table = Table(title=title, show_lines=False, header_style="bold")
    if narrow_headings and rows:
        names = [n for n in names if any(cells[n])]  # a column with nothing in it
    for n in names:
        numeric = bool(rows) and all(
            isinstance(r[n], int | float | decimal.Decimal | None) for r in rows
        )
        dated = all(isinstance(r[n], dt.date | None) for r in rows)  # datetimes too
        longest = max(map(len, cells[n]), default=0)
        words = n.split("_")
        one_word = longest <= WHOLE_WIDTH and all(len(c.split()) <= 1 for c in cells[n])
        if numeric or dated or one_word:
            width = max(longest, *map(len, words)) if narrow_headings else max(longest, len(n))
            table.add_column(
                _lines(words, width) if narrow_headings else n,
                justify="right" if numeric else "left",
                no_wrap=True,
                min_width=width,
            )
        else:
            heading = " ".join(words) if narrow_headings else n
            table.add_column(heading, overflow="fold", min_width=min(longest, TEXT_WIDTH))
    for k in range(len(rows)):
        table.add_row(*(cells[n][k] for n in names))
    return table


def _widest(console: Console, table: Table) -> int:
    """The width of ``table`` with every cell on one line."""
    return Measurement.get(console, console.options.update_width(UNBOUNDED), table).maximum


def _narrowest(table: Table) -> int:
    """The narrowest ``table`` can be drawn with each column at its least width: a column
    of text breaks a long word (rich's own least width keeps words whole). Each column
    takes a space either side of its cells and a border line."""
    return sum(column.min_width or 0 for column in table.columns) + 3 * len(table.columns) + 1


def _print_records(
    console: Console, names: list[str], cells: dict[str, list[str]], count: int, title: str | None
) -> None:
    """Each row as a block of "column  value" lines (as psql's expanded display), for a
    terminal too narrow for the table. Blank values are left out, as the table shows
    them blank."""
    if title:
        console.print(title, style="italic", highlight=False)
    width = max(map(len, names))
    for k in range(count):
        console.rule(f"row {k + 1}", align="left", style="dim")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, min_width=width)
        grid.add_column(overflow="fold")
        for n in names:
            if cells[n][k]:
                grid.add_row(n, cells[n][k])
        console.print(grid, highlight=False)


def _lines(words: list[str], width: int) -> str:
    """The words on as few lines of at most ``width`` as their order allows."""
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


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
        shown = "; ".join(_fmt_cell(v) for v in value[:LIST_SHOWN])
        return shown + (f"; … ({len(value):,} in all)" if len(value) > LIST_SHOWN else "")
    if isinstance(value, decimal.Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(_plain(value))
