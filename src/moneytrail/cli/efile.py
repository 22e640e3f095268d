"""Raw electronic filings: efile show, check, load, get, day."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from moneytrail.cli.common import (
    FormatOption,
    HomeOption,
    LeftOut,
    MirrorOption,
    app,
    err,
    fail,
    open_warehouse,
    print_reports,
    progress_bar,
)
from moneytrail.cli.resolve import NoResolveOption, resolve_after_load
from moneytrail.config import download_dir, fec_mirror
from moneytrail.errors import MoneytrailError
from moneytrail.output import Format, render
from moneytrail.warehouse.catalog import Warehouse

if TYPE_CHECKING:
    from moneytrail.warehouse.efile_load import EfileReport

T = TypeVar("T")

efile_app = typer.Typer(
    help="Raw electronic filings (.fec): read them as the FEC receives them.",
    no_args_is_help=True,
)
app.add_typer(efile_app, name="efile")


def _read_filing(read: Callable[[Path], T], path: Path) -> T:
    """``read(path)``, the reader's warnings kept for the command to say once, and a file
    that cannot be read, or is no filing, ended with one line."""
    from moneytrail.formats.efile.reader import FilingWarning

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FilingWarning)
            return read(path)
    except MoneytrailError as exc:
        fail(exc)
    except (OSError, ValueError) as exc:
        fail(MoneytrailError(f"{path}: cannot be read: {exc}"))


@efile_app.command("show")
def efile_show(
    path: Annotated[Path, typer.Argument(help="A .fec file.", exists=True, dir_okay=False)],
    fmt: FormatOption = Format.table,
) -> None:
    """Print a filing's cover, summary totals and rows per record type, loading nothing."""
    import json

    from moneytrail.formats.efile.describe import describe_filing

    about = _read_filing(describe_filing, path)
    if fmt is Format.json:
        print(json.dumps(about, indent=1))
        return
    amended = " (amendment)" if about["amendment"] else ""
    print(
        f"{path.name}: {about['form_type']}{amended} by {about['committee_id']}, "
        f"{about['coverage_from']} to {about['coverage_through']}; format "
        f"{about['fec_version']}"
        + (
            f" read as {about['version_used']}"
            if about["version_used"] != about["fec_version"]
            else ""
        )
        + (f"; {about['software']}" if about["software"] else "")
    )
    render([{"field": k, "value": v} for k, v in about["cover"].items()], fmt, title="Cover")
    amounts = {k: Decimal(v) for k, v in about["summary"].items()}
    nonzero = [{"line": k, "amount": v} for k, v in amounts.items() if v != 0]
    if nonzero:
        render(nonzero, fmt, title="Summary (non-zero totals)")
    render(
        [{"record_type": k, "rows": v} for k, v in about["records"].items()], fmt, title="Records"
    )
    if about["rejects"]:
        render(about["rejects"], fmt, title="Lines that could not be read")
    for warning in about["warnings"]:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)


@efile_app.command("check")
def efile_check(
    path: Annotated[Path, typer.Argument(help="A .fec file.", exists=True, dir_okay=False)],
    fmt: FormatOption = Format.table,
) -> None:
    """Reconcile a periodic report's itemized lines with its summary page.

    For each summary line with itemizations (Schedule A receipts, Schedule B
    disbursements), the summary figure beside the sum and count of the itemized lines
    (memo entries left out), and whether they agree. Exits 1 when a line differs.
    """
    import json

    from moneytrail.formats.efile.reconcile import reconcile_filing

    result = _read_filing(reconcile_filing, path).to_dict()
    if fmt is Format.json:
        print(json.dumps(result, indent=1))
    else:
        period = (
            f", {result['coverage_from']} to {result['coverage_through']}"
            if result["coverage_from"]
            else ""
        )
        print(
            f"{path.name}: {result['form_type']} by {result['committee_id']} "
            f"({result['committee_name']}){period}"
        )
        if result["rows"]:
            columns = ("line", "description", "summary_amount", "itemized_sum",
                       "itemized_count", "difference", "status")  # fmt: skip
            rows = [{c: r[c] for c in columns} for r in result["rows"]]
            render(rows, fmt, title="Summary page against itemized lines")
        for note in result["notes"]:
            err.print(f"note: {note}", highlight=False)
    if result["periodic"] and not result["ok"]:
        raise typer.Exit(1)


FilingsMirrorOption = Annotated[
    str | None,
    typer.Option(
        "--mirror",
        envvar="MONEYTRAIL_FILINGS_MIRROR",
        show_envvar=True,
        help="Base URL of a server serving filings as <base>/<file number>.fec.",
    ),
]


def _load_filings(
    wh: Warehouse, paths: list[Path], *, no_resolve: bool, keep_going: bool = False
) -> list[EfileReport]:
    from moneytrail.warehouse.efile_load import load_filings

    failed: list[tuple[str, str]] = []
    left_out = LeftOut()
    with progress_bar() as progress:
        reports = load_filings(
            wh,
            paths,
            progress=progress,
            on_failed=(lambda name, why: failed.append((name, why))) if keep_going else None,
            on_left_out=left_out,
        )
    print_reports(reports)
    left_out.say()
    for name, why in failed:
        err.print(f"[yellow]skipped[/yellow] {name}: {why}", highlight=False)
    resolve_after_load(wh.home, reports, no_resolve)
    return reports


@efile_app.command("load")
def efile_load(
    paths: Annotated[
        list[Path],
        typer.Argument(help=".fec files, zips of them (daily bundles), or folders of either."),
    ],
    no_resolve: NoResolveOption = False,
    home: HomeOption = None,
) -> None:
    """Load local .fec filings into the warehouse, all in one atomic step.

    Records land in the same tables as the bulk files (schedule_a, schedule_b, ...), each
    filing's cover in filings, report totals in report_summaries, and any record type no
    table models in efile_records. Amended filings stop counting (filings.is_current).
    """
    try:
        _load_filings(open_warehouse(home), paths, no_resolve=no_resolve)
    except MoneytrailError as exc:
        fail(exc)


@efile_app.command("get")
def efile_get(
    file_numbers: Annotated[list[int], typer.Argument(help="FEC file numbers, e.g. 1821798.")],
    mirror: FilingsMirrorOption = None,
    no_load: Annotated[bool, typer.Option("--no-load", help="Download only.")] = False,
    no_resolve: NoResolveOption = False,
    home: HomeOption = None,
) -> None:
    """Download filings by file number from the FEC (or a mirror) and load them."""
    from moneytrail.sources.efile import fetch_filings, filings_base

    wh = open_warehouse(home)
    try:
        with progress_bar() as progress:
            results = fetch_filings(
                file_numbers,
                base=filings_base(mirror),
                dest_dir=download_dir(wh.home) / "filings",
                progress=progress,
            )
        for r in results:
            err.print(f"{r.path.name}: {r.status} ({r.size:,} bytes)", highlight=False)
        if not no_load:
            _load_filings(wh, [r.path for r in results], no_resolve=no_resolve)
    except (MoneytrailError, ValueError) as exc:
        fail(exc if isinstance(exc, MoneytrailError) else MoneytrailError(str(exc)))


@efile_app.command("day")
def efile_day(
    day: Annotated[
        datetime, typer.Argument(formats=["%Y-%m-%d"], help="The day, e.g. 2024-10-15.")
    ],
    mirror: MirrorOption = None,
    no_load: Annotated[bool, typer.Option("--no-load", help="Download only.")] = False,
    no_resolve: NoResolveOption = False,
    home: HomeOption = None,
) -> None:
    """Download and load the FEC's bundle of every filing received on one day.

    A filing in the bundle that cannot be read at all is skipped and named; the rest load.
    """
    from moneytrail.sources.efile import fetch_day

    wh = open_warehouse(home)
    try:
        with progress_bar() as progress:
            result = fetch_day(
                day.date(),
                bulk_base=fec_mirror(mirror),
                dest_dir=download_dir(wh.home) / "electronic",
                progress=progress,
            )
        err.print(f"{result.path.name}: {result.status} ({result.size:,} bytes)", highlight=False)
        if not no_load:
            _load_filings(wh, [result.path], no_resolve=no_resolve, keep_going=True)
    except MoneytrailError as exc:
        fail(exc)
