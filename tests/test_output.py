"""Tables as a reader sees them, from the real command on the 2020 sample's warehouse: every
figure whole whatever the terminal's width, and nothing cut off."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from clitools import run_cli

TOP = ("top", "--committee", "C00000935", "--limit", "5")  # the DCCC: nine columns


def _figures(home: Path) -> list[dict]:
    """The rows of TOP as CSV, to hold the drawn tables to."""
    return list(csv.DictReader(io.StringIO(run_cli(*TOP, "-f", "csv", home=home).stdout)))


def _drawn(home: Path, columns: int | None) -> str:
    env = {"COLUMNS": str(columns)} if columns else {}
    if not columns:
        env["COLUMNS"] = ""  # as a pipe to a file is: no terminal, no width asked for
    return run_cli(*TOP, home=home, env=env).stdout


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"[│┃]", line)[1:-1]]


@pytest.mark.parametrize("columns", [100, 120, 140])
def test_a_squeezed_table_keeps_every_figure_whole(sample_2020_home: Path, columns: int) -> None:
    rows = _figures(sample_2020_home)
    drawn = _drawn(sample_2020_home, columns).splitlines()
    assert all(len(line) <= columns for line in drawn), "wider than the terminal"
    # Squeezed, it leaves out the columns with nothing in them: here the industry and the
    # organization's own money (the DCCC's largest givers are committees).
    blank = {name for name in rows[0] if not any(row[name] for row in rows)}
    assert {"industry", "organization_amount"} <= blank
    headings = " ".join(" ".join(_cells(line)) for line in drawn if line.startswith("┃"))
    assert "total" in headings and not {"industry", "organization"} & set(headings.split())
    # The name column wraps, so a row's first line holds its figures.
    firsts = [_cells(line) for line in drawn if line.startswith("│") and _cells(line)[-1]]
    assert len(firsts) == len(rows)
    for row, cells in zip(rows, firsts, strict=True):
        total = f"{float(row['total']):,.2f}"
        assert total in cells, (total, cells)
        assert row["contributions"] in cells and row["file_numbers"].strip('[]"') in cells


def test_a_terminal_too_narrow_for_the_table_gets_a_block_per_row(sample_2020_home: Path) -> None:
    rows = _figures(sample_2020_home)
    drawn = _drawn(sample_2020_home, 80)
    assert "┃" not in drawn and all(len(line) <= 80 for line in drawn.splitlines())
    blocks = re.split(r"^row \d+ ─+$", drawn, flags=re.M)[1:]
    assert len(blocks) == len(rows)
    for row, block in zip(rows, blocks, strict=True):
        shown = dict(line.split(None, 1) for line in block.strip().splitlines())
        assert shown["total"].strip() == f"{float(row['total']):,.2f}"
        assert shown["name"].strip() == row["name"]
        assert "organization_amount" not in shown or row["organization_amount"]


@pytest.mark.parametrize("columns", [None, 250], ids=["a file", "a wide terminal"])
def test_a_table_with_room_gives_each_row_one_line(
    sample_2020_home: Path, columns: int | None
) -> None:
    rows = _figures(sample_2020_home)
    drawn = _drawn(sample_2020_home, columns).splitlines()
    body = [line for line in drawn if line.startswith("│")]
    assert [_cells(line)[1] for line in body] == [row["name"] for row in rows]
    headings = [_cells(line) for line in drawn if line.startswith("┃")]
    assert len(headings) == 1, "headings broken over lines"
    assert all(heading in rows[0] for heading in headings[0])


def test_a_listing_cell_parts_its_items_with_semicolons(sample_2020_home: Path) -> None:
    """Donors' names hold commas ("ARONSON, JEFFREY"), so commas would not tell where one
    item of a list ends."""
    flow = ("flow", "C00000935", "--top", "2")
    rows = csv.DictReader(io.StringIO(run_cli(*flow, "-f", "csv", home=sample_2020_home).stdout))
    listed = {row["source"]: json.loads(row["top_sources"]) for row in rows if row["top_sources"]}
    drawn = run_cli(*flow, home=sample_2020_home, env={"COLUMNS": "400"}).stdout
    table_rows = {_cells(line)[0]: _cells(line) for line in drawn.splitlines() if line[:1] == "│"}
    assert any("," in item for items in listed.values() for item in items)
    for source, items in listed.items():
        assert "; ".join(items) in table_rows[source]


def test_a_narrow_terminal_keeps_a_table_whole_breaking_only_its_text(
    sample_2020_home: Path,
) -> None:
    """`status` at 80 columns: the long table names break, the times they were loaded
    (a date and a time, two words) do not."""
    drawn = run_cli("status", home=sample_2020_home, env={"COLUMNS": "80"}).stdout
    assert "┃" in drawn and all(len(line) <= 80 for line in drawn.splitlines())
    rows = [_cells(line) for line in drawn.splitlines() if line.startswith("│")]
    loaded = [cells[-1] for cells in rows if cells[1].isdigit()]
    assert loaded and all(re.fullmatch(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)?", at) for at in loaded)
    assert [cells for cells in rows if not cells[1]], "no table name broke over two lines"
