"""Money flow: moneytrail flow, moneytrail funded."""

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
    comma_list,
    err,
    fail,
    open_warehouse,
)
from moneytrail.errors import MoneytrailError
from moneytrail.output import Format, render


@app.command("flow")
def flow_command(
    committee_id: Annotated[str, typer.Argument(help="A committee id.")],
    cycle: CycleOption = None,
    top: Annotated[int, typer.Option(help="How many counterparties to name per row.")] = 5,
    by: Annotated[
        str,
        typer.Option(
            help="Comma-separated: source (the purpose, for the money out), state (the "
            "giver's, the payee's), month, week."
        ),
    ] = "source",
    states: StatesOption = None,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Where a committee's money came from and where it went, with the largest of each.

    Money in by kind of source (individuals, PACs, parties, candidates, transfers, …);
    money out by purpose.

    Example: moneytrail flow C00000935 --by month,source --since 2019-01-01
    """
    from moneytrail.analysis.money_flow import money_in, money_out

    wh = open_warehouse(home)
    dims = tuple(comma_list(by))
    try:
        chosen = chosen_states(states, wh.home)
        first, last = (since.date() if since else None), (until.date() if until else None)
        with wh.reader() as con:
            came = money_in(
                con, committee_id=committee_id, cycle=cycle, top=top, states=chosen,
                since=first, until=last, by=dims,
            )  # fmt: skip
            went = money_out(
                con, committee_id, top=top, states=chosen, since=first, until=last, by=dims
            )
    except MoneytrailError as exc:
        fail(exc)
    if fmt is Format.table:
        render(came, fmt, title=f"Into {committee_id}")
        render(went, fmt, title=f"Out of {committee_id}")
    elif fmt is Format.json:
        render([{"in": came.to_pylist(), "out": went.to_pylist()}], fmt)
    else:  # one CSV: the rows in, then the rows out, each with the other side's columns empty
        names = list(dict.fromkeys(["direction", *came.column_names, *went.column_names]))
        rows = [
            {n: row.get(n) for n in names}
            for side, table in (("in", came), ("out", went))
            for row in ({"direction": side, **r} for r in table.to_pylist())
        ]
        render(rows, fmt)


@app.command("funded")
def funded_command(
    org: Annotated[
        str | None, typer.Option(help="An org_id (everything it owns included).")
    ] = None,
    donor: Annotated[str | None, typer.Option(help="A donor_id.")] = None,
    cycle: CycleOption = None,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Every committee and candidate an organization or a donor funded, with party."""
    from moneytrail.analysis.money_flow import funded_by

    try:
        with open_warehouse(home).reader() as con:
            result = funded_by(con, org_id=org, donor_id=donor, cycle=cycle)
    except MoneytrailError as exc:
        fail(exc)
    if result.num_rows == 0:
        err.print("no contributions found", highlight=False)
        return
    render(result, fmt)
