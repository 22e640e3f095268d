"""Spending: moneytrail spending (by purpose) and outside (independent expenditures)."""

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
    comma_list,
    err,
    fail,
    open_warehouse,
)
from moneytrail.errors import MoneytrailError
from moneytrail.output import Format, render


@app.command("spending")
def spending_command(
    committee_id: Annotated[str, typer.Argument(help="The spending committee, e.g. C00010603.")],
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    category: Annotated[
        str | None,
        typer.Option(help="Comma-separated categories, e.g. canvassing_field,digital_ads."),
    ] = None,
    by: Annotated[
        str, typer.Option(help="Comma-separated: category, month, week, state, schedule.")
    ] = "category",
    states: StatesOption = None,
    payees: Annotated[int, typer.Option(min=0, help="How many top payees to name per row.")] = 3,
    rows: Annotated[bool, typer.Option("--rows", help="List the itemized lines instead.")] = False,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """What a committee spent on what, when and where.

    Disbursements and independent expenditures by purpose category (see
    explain-purpose), month or week, and state.

    Example: moneytrail spending C00010603 --since 2024-06-01
    --category canvassing_field,digital_ads,texting_sms,phone_banking --by month,category
    """
    from moneytrail.analysis.spending import spending

    wh = open_warehouse(home)
    try:
        chosen = chosen_states(states, wh.home)
        with wh.reader() as con:
            result = spending(
                con,
                committee_id,
                since=since.date() if since else None,
                until=until.date() if until else None,
                categories_=comma_list(category) if category else None,
                states=chosen,
                by=tuple(comma_list(by)),
                detail=rows,
                top_payees=payees,
            )
    except MoneytrailError as exc:
        fail(exc)
    if result.num_rows == 0:
        err.print("no spending matches", highlight=False)
        return
    render(result, fmt, title=f"Spending by {committee_id}" if fmt is Format.table else None)


@app.command("outside")
def outside_command(
    candidate_id: Annotated[
        str | None,
        typer.Argument(help="Who is spending to help or hurt this candidate, e.g. S2WI00219."),
    ] = None,
    committee: Annotated[
        str | None, typer.Option(help="A spender instead: whom it helped or hurt.")
    ] = None,
    by: Annotated[
        str, typer.Option(help="spender, candidate, race, state, month or week.")
    ] = "spender",
    support: Annotated[bool, typer.Option("--support", help="Only spending for.")] = False,
    oppose: Annotated[bool, typer.Option("--oppose", help="Only spending against.")] = False,
    since: Annotated[datetime | None, DateOption] = None,
    until: Annotated[datetime | None, DateOption] = None,
    states: StatesOption = None,
    rows: Annotated[bool, typer.Option("--rows", help="List the expenditures instead.")] = False,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Independent expenditures for and against a candidate, by spender, race, state or time.

    Each is counted once: 24/48-hour notices and the reports that repeat them, amendments,
    the same line in several bulk files.

    Example: moneytrail outside S2WI00219 --by spender --oppose
    """
    from moneytrail.analysis.outside import outside_spending

    if support and oppose:
        fail(MoneytrailError("--support and --oppose exclude each other; give neither for both"))
    if (candidate_id is None) == (committee is None):
        fail(MoneytrailError("give a CANDIDATE_ID or --committee ID, not both or neither"))
    wh = open_warehouse(home)
    try:
        chosen = chosen_states(states, wh.home)
        with wh.reader() as con:
            result = outside_spending(
                con,
                candidate_id=candidate_id,
                committee_id=committee,
                by=by,
                support_oppose="S" if support else "O" if oppose else None,
                states=chosen,
                since=since.date() if since else None,
                until=until.date() if until else None,
                detail=rows,
            )
    except MoneytrailError as exc:
        fail(exc)
    if result.num_rows == 0:
        err.print("no independent expenditures match", highlight=False)
        return
    title = f"Independent expenditures: {candidate_id or committee}"
    render(result, fmt, title=title if fmt is Format.table else None)
