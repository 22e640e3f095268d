"""Money flow: moneytrail flow, moneytrail funded."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from moneytrail.cli.common import (
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


@app.command("flow")
def flow_command(
    committee_id: Annotated[str, typer.Argument(help="A committee id.")],
    cycle: Annotated[int | None, typer.Option(help="Election cycle (even year).")] = None,
    top: Annotated[int, typer.Option(help="How many counterparties to name per row.")] = 5,
    states: StatesOption = None,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Where a committee's money came from (individuals, PACs, parties, candidates,
    transfers, …) and where it went (by purpose), with the largest of each."""
    from moneytrail.analysis.money_flow import money_in, money_out

    wh = open_warehouse(home)
    try:
        chosen = chosen_states(states, wh.home)
        first, last = (since.date() if since else None), (until.date() if until else None)
        with wh.reader() as con:
            came = money_in(
                con, committee_id=committee_id, cycle=cycle, top=top, states=chosen,
                since=first, until=last,
            )  # fmt: skip
            went = money_out(con, committee_id, top=top, states=chosen, since=first, until=last)
    except MoneytrailError as exc:
        fail(exc)
    if fmt is Format.table:
        render(came, fmt, title=f"Into {committee_id}")
        render(went, fmt, title=f"Out of {committee_id}")
    else:
        render([{"in": came.to_pylist(), "out": went.to_pylist()}], fmt)


@app.command("funded")
def funded_command(
    org: Annotated[
        str | None, typer.Option(help="An org_id (everything it owns included).")
    ] = None,
    donor: Annotated[str | None, typer.Option(help="A donor_id.")] = None,
    cycle: Annotated[int | None, typer.Option(help="Election cycle (even year).")] = None,
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
