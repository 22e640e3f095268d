"""Committee summary: moneytrail summary."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from moneytrail.cli.common import (
    CycleOption,
    FormatOption,
    HomeOption,
    app,
    err,
    fail,
    open_warehouse,
)
from moneytrail.errors import MoneytrailError
from moneytrail.output import Format, render

# The columns a terminal shows, under short headers; CSV and JSON carry them all.
TABLE_COLUMNS = {"committee_id": "committee", "report_type": "report",
                 "coverage_end_date": "through", "receipts": "receipts",
                 "itemized_receipts": "itemized", "disbursements": "spent",
                 "cash_on_hand_end": "cash", "debts_owed_by_committee": "debts",
                 "explanation": "receipts not itemized"}  # fmt: skip


@app.command("summary")
def summary_command(
    committee_id: Annotated[str | None, typer.Argument(help="A committee id.")] = None,
    candidate: Annotated[
        str | None, typer.Option(help="A candidate id: all of their authorized committees.")
    ] = None,
    cycle: CycleOption = None,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Receipts, disbursements, cash on hand and debts per reporting period.

    From the reports' summary pages (amendments applied), with the itemized sums beside
    them and the gap explained."""
    from moneytrail.analysis.committee_summary import committee_summary

    try:
        with open_warehouse(home).reader() as con:
            result = committee_summary(
                con, committee_id=committee_id, candidate_id=candidate, cycle=cycle
            )
    except MoneytrailError as exc:
        fail(exc)
    if result.num_rows == 0:
        err.print("no reports or cycle totals loaded for that committee", highlight=False)
        return
    if fmt is Format.table:
        result = result.select(list(TABLE_COLUMNS)).rename_columns(list(TABLE_COLUMNS.values()))
    render(result, fmt)


@app.command("next-report")
def next_report_command(
    committee_id: Annotated[str, typer.Argument(help="A committee id.")],
    as_of: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="The day to count from.")
    ] = None,
    count: Annotated[int, typer.Option(help="How many upcoming reports to list.")] = 1,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """When a committee's next report is due.

    From its filing frequency and the FEC's reporting calendar; pre-primary reports,
    which depend on the state, are not listed."""
    from moneytrail.analysis.reporting import next_report

    try:
        with open_warehouse(home).reader() as con:
            result = next_report(con, committee_id, as_of.date() if as_of else None, count)
    except MoneytrailError as exc:
        fail(exc)
    if result.num_rows == 0:
        err.print(f"{committee_id} owes no periodic reports (terminated or waived)")
        return
    render(result, fmt)
