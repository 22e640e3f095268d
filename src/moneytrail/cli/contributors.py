"""Top contributors: moneytrail top."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from moneytrail.cli.common import (
    CycleOption,
    DateOption,
    FormatOption,
    HomeOption,
    StatesOption,
    app,
    chosen_states,
    err,
    fail,
    open_warehouse,
)
from moneytrail.errors import MoneytrailError
from moneytrail.output import Format, render


@app.command("top")
def top_command(
    committee: Annotated[
        str | None, typer.Option("--committee", help="The recipient committee, e.g. C00000935.")
    ] = None,
    candidate: Annotated[
        str | None,
        typer.Option("--candidate", help="A candidate: all their authorized committees."),
    ] = None,
    cycle: CycleOption = None,
    by: Annotated[
        str, typer.Option(help="organization, industry, sector or donor.")
    ] = "organization",
    limit: Annotated[int, typer.Option(help="How many to rank before 'all others'.")] = 25,
    rows: Annotated[
        bool, typer.Option("--rows", help="List the counted itemized lines instead.")
    ] = False,
    states: StatesOption = None,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Who gave to a committee or a candidate: organizations, industries, sectors or donors.

    Organizations show their PAC, their employees and the organization itself apart, with
    subsidiaries rolled up. The rows add up to the recipient's itemized contributions net
    of refunds; conduit (ActBlue, WinRed) and joint-fundraising money counts for the real
    donors, once.

    Example: moneytrail top --committee C00000935 --cycle 2020 --by organization
    """
    from moneytrail.analysis.contributors import top_contributors

    wh = open_warehouse(home)
    try:
        with wh.reader() as con:
            result = top_contributors(
                con,
                committee_id=committee,
                candidate_id=candidate,
                cycle=cycle,
                by=by,
                limit=limit,
                detail=rows,
                states=chosen_states(states, wh.home),
                since=since.date() if since else None,
                until=until.date() if until else None,
            )
    except MoneytrailError as exc:
        fail(exc)
    if result.num_rows == 0:
        err.print("no contributions match", highlight=False)
        return
    title = None
    if fmt is Format.table:
        title = f"Top contributors to {committee or candidate} by {by}"
        # A terminal is narrow: the ids and codings stay in CSV and JSON.
        result = result.drop_columns(
            [
                c
                for c in ("kind", "org_id", "sector", "donor_id")
                if c in result.column_names and not (rows or c == by)
            ]
        )
    render(result, fmt, title=title)
