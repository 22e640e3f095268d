"""Spending categories: explain-purpose."""

from __future__ import annotations

from typing import Annotated

import typer

from moneytrail.cli.common import FormatOption, app
from moneytrail.output import Format, render


@app.command("explain-purpose")
def explain_purpose(
    text: Annotated[str, typer.Argument(help='A purpose text, e.g. "DIGITAL ADS - META".')],
    category_code: Annotated[
        str | None,
        typer.Option(help="The FEC category code (001-012), used when the text says nothing."),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show which spending category a purpose text gets, by which rule, and why."""
    from moneytrail.classify.purpose import classify_purpose

    decision = classify_purpose(text, category_code).as_dict()
    if fmt is Format.table:  # one decision reads better as field/value lines
        render([{"field": k, "value": v} for k, v in decision.items()], fmt)
    else:
        render([decision], fmt)
