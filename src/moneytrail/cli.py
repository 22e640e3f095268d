"""The ``moneytrail`` command: a thin layer over the library. Each command parses its
options, calls one library function and renders what it returns."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from moneytrail import __version__
from moneytrail.config import download_dir, fec_mirror, home_dir
from moneytrail.errors import MoneytrailError
from moneytrail.output import Format, render
from moneytrail.progress import RichProgress
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import LoadReport, load_files

if TYPE_CHECKING:
    from moneytrail.warehouse.efile_load import EfileReport

app = typer.Typer(
    help="Follow the money in US federal elections: FEC data in a warehouse on your machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        envvar="MONEYTRAIL_HOME",
        show_envvar=True,
        help="Warehouse folder [default: the user data directory].",
    ),
]
MirrorOption = Annotated[
    str | None,
    typer.Option(
        envvar="MONEYTRAIL_FEC_MIRROR",
        show_envvar=True,
        help="Base URL of a server with the FEC's bulk-download layout.",
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _warehouse(home: Path | None) -> Warehouse:
    return Warehouse(home_dir(home))


def _fail(exc: MoneytrailError) -> None:
    hint = " (trying again may help)" if exc.retryable else ""
    err.print(f"[red]error:[/red] {exc}{hint}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        print(f"moneytrail {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Follow the money in US federal elections."""


def _progress() -> RichProgress:
    return RichProgress()


def _print_reports(reports: list[LoadReport]) -> None:
    for r in reports:
        if r.status == "unchanged":
            err.print(f"{r.source_file}: unchanged since load {r.load_id}; nothing to do")
            continue
        if r.status in ("duplicate", "superseded in this load"):
            why = (
                "the same as a file given before it"
                if r.status == "duplicate"
                else ("a later version of it was given too")
            )
            err.print(f"{r.source_file}: skipped: {why}", highlight=False)
            continue
        tables = ", ".join(f"{n:,} → {t}" for t, n in r.rows_loaded.items())
        verb = f"replaced load {r.replaced_load_id}" if r.status == "replaced" else "loaded"
        line = (
            f"{r.source_file} ({r.describe()}): {verb} as load "
            f"{r.load_id}: {r.rows_read:,} lines read, {tables}; {r.rows_rejected:,} rejected"
        )
        if r.fixes:
            line += "; " + ", ".join(f"{n:,} {what}" for what, n in r.fixes.items())
        err.print(line + f" in {r.seconds:.1f}s", highlight=False)
        for warning in getattr(r, "warnings", []):
            err.print(f"  [yellow]warning:[/yellow] {warning}", highlight=False)
    rejected = sum(r.rows_rejected for r in reports)
    if rejected:
        err.print(
            f"{rejected:,} lines could not be read; see them with: "
            'moneytrail sql "SELECT * FROM rejects"',
            highlight=False,
        )


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Bulk files, zipped or not.")],
    kind: Annotated[
        str | None, typer.Option(help="What the files are (indiv, cm, ...), if not recognised.")
    ] = None,
    cycle: Annotated[
        int | None, typer.Option(help="Election cycle (even year), if not in the file name.")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Load local FEC bulk files into the warehouse.

    Recognises each file's kind from its name or shape and says what it found. Loading
    the same file twice changes nothing; a newer snapshot replaces the older one.
    """
    wh = _warehouse(home)

    def said(item) -> None:
        err.print(
            f"{item.display_name}: {item.kind.kind} ({item.kind.title}), cycle "
            f"{item.cycle or 'unknown'} [dim](by {item.recognised_by})[/dim]",
            highlight=False,
        )

    try:
        with _progress() as progress:
            reports = load_files(
                wh, paths, kind=kind, cycle=cycle, progress=progress, on_recognised=said
            )
    except MoneytrailError as exc:
        _fail(exc)
    _print_reports(reports)


@app.command()
def sync(
    cycle: Annotated[int, typer.Option(help="Election cycle (even year), e.g. 2024.")],
    files: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated subset: indiv,cm,cn,ccl,pas2,oth,oppexp,weball,webk,"
            "webl,ie [default: all]."
        ),
    ] = None,
    mirror: MirrorOption = None,
    no_load: Annotated[bool, typer.Option("--no-load", help="Download only.")] = False,
    home: HomeOption = None,
) -> None:
    """Download a cycle's bulk files from the FEC (or a mirror) and load them.

    Downloads resume where they stopped; a file unchanged on the server is neither
    fetched nor loaded again.
    """
    from moneytrail.sources.bulk import fetch_cycle

    wh = _warehouse(home)
    names = [n.strip() for n in files.split(",")] if files else None
    try:
        with _progress() as progress:
            results = fetch_cycle(
                cycle,
                names,
                base=fec_mirror(mirror),
                dest_dir=download_dir(wh.home),
                progress=progress,
            )
        for r in results:
            err.print(f"{r.path.name}: {r.status} ({r.size:,} bytes)", highlight=False)
        if no_load:
            return
        with _progress() as progress:
            reports = load_files(wh, [r.path for r in results], cycle=cycle, progress=progress)
    except (MoneytrailError, ValueError) as exc:
        _fail(exc if isinstance(exc, MoneytrailError) else MoneytrailError(str(exc)))
    _print_reports(reports)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A read-only SQL query (DuckDB dialect).")],
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Run a read-only SQL query on the warehouse and print the result.

    Tables: committees, candidates, candidate_committee_links, schedule_a, schedule_b,
    schedule_c, schedule_d, schedule_e, schedule_f, schedule_h4, filings,
    report_summaries, efile_records, candidate_summaries, committee_summaries, loads,
    rejects.
    """
    try:
        result = _warehouse(home).query(query)
    except MoneytrailError as exc:
        _fail(exc)
    render(result, fmt)


@app.command()
def status(fmt: FormatOption = Format.table, home: HomeOption = None) -> None:
    """Show what is loaded: per table, rows, sources, cycles and when."""
    wh = _warehouse(home)
    try:
        rows = wh.status()
    except MoneytrailError as exc:
        _fail(exc)
    if fmt is Format.table:
        err.print(f"warehouse: {wh.home}", highlight=False)
    render(rows, fmt, title="moneytrail warehouse" if fmt is Format.table else None)


DEMO_QUERIES = {
    False: (
        "The ten campaigns with the most receipts in the current-campaigns file",
        "SELECT candidate_name, party, state, district, receipts, cash_on_hand_end, "
        "coverage_end_date, source_file FROM candidate_summaries "
        "ORDER BY receipts DESC NULLS LAST LIMIT 10",
    ),
    True: (
        "SYNTHETIC SAMPLE: the ten committees with the most itemized receipts",
        "SELECT c.committee_id, c.name, count(*) AS contributions, "
        "sum(a.contribution_receipt_amount) AS total, a.source_file "
        "FROM schedule_a a JOIN committees c USING (committee_id) "
        "GROUP BY ALL ORDER BY total DESC LIMIT 10",
    ),
}


@app.command()
def demo(
    mirror: MirrorOption = None,
    home: HomeOption = None,
) -> None:
    """Load a small slice of the 2024 cycle and show what is there.

    Online: the FEC's committee, candidate, linkage and campaign-summary files (a few MB).
    Offline: a small generated sample, labelled SYNTHETIC wherever it is shown.
    """
    from moneytrail.demo import run_demo

    wh = _warehouse(home)
    try:
        with _progress() as progress:
            result = run_demo(wh, fec_mirror(mirror), progress)
    except MoneytrailError as exc:
        _fail(exc)
    if result.synthetic:
        err.print(
            f"[yellow]The FEC could not be reached ({result.offline_reason}); loaded a "
            "SYNTHETIC sample instead. Its figures are made up.[/yellow]",
            highlight=False,
        )
    _print_reports(result.reports)
    render(wh.status(), Format.table, title=f"moneytrail warehouse at {wh.home}")
    title, query = DEMO_QUERIES[result.synthetic]
    render(wh.query(query), Format.table, title=title)
    err.print('Try: moneytrail sql "SELECT * FROM committees LIMIT 5"', highlight=False)


efile_app = typer.Typer(
    help="Raw electronic filings (.fec): read them as the FEC receives them.",
    no_args_is_help=True,
)
app.add_typer(efile_app, name="efile")


@efile_app.command("show")
def efile_show(
    path: Annotated[Path, typer.Argument(help="A .fec file.", exists=True, dir_okay=False)],
    fmt: FormatOption = Format.table,
) -> None:
    """Print a filing's cover, summary totals and rows per record type, loading nothing."""
    import json

    from moneytrail.formats.efile.describe import describe_filing

    try:
        about = describe_filing(path)
    except (OSError, ValueError) as exc:
        _fail(MoneytrailError(f"{path}: cannot be read: {exc}"))
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
    nonzero = [{"line": k, "amount": v} for k, v in about["summary"].items() if float(v) != 0]
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

    try:
        result = reconcile_filing(path).to_dict()
    except (OSError, ValueError) as exc:
        _fail(MoneytrailError(f"{path}: cannot be read: {exc}"))
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
    wh: Warehouse, paths: list[Path], *, keep_going: bool = False
) -> list[EfileReport]:
    from moneytrail.warehouse.efile_load import load_filings

    failed: list[tuple[str, str]] = []
    with _progress() as progress:
        reports = load_filings(
            wh,
            paths,
            progress=progress,
            on_failed=(lambda name, why: failed.append((name, why))) if keep_going else None,
        )
    _print_reports(reports)
    for name, why in failed:
        err.print(f"[yellow]skipped[/yellow] {name}: {why}", highlight=False)
    return reports


@efile_app.command("load")
def efile_load(
    paths: Annotated[
        list[Path], typer.Argument(help=".fec files, or zips of them (daily bundles).")
    ],
    home: HomeOption = None,
) -> None:
    """Load local .fec filings into the warehouse, all in one atomic step.

    Records land in the same tables as the bulk files (schedule_a, schedule_b, ...), each
    filing's cover in filings, report totals in report_summaries, and any record type no
    table models in efile_records. Amended filings stop counting (filings.is_current).
    """
    try:
        _load_filings(_warehouse(home), paths)
    except MoneytrailError as exc:
        _fail(exc)


@efile_app.command("get")
def efile_get(
    file_numbers: Annotated[list[int], typer.Argument(help="FEC file numbers, e.g. 1821798.")],
    mirror: FilingsMirrorOption = None,
    no_load: Annotated[bool, typer.Option("--no-load", help="Download only.")] = False,
    home: HomeOption = None,
) -> None:
    """Download filings by file number from the FEC (or a mirror) and load them."""
    from moneytrail.sources.efile import fetch_filings, filings_base

    wh = _warehouse(home)
    try:
        with _progress() as progress:
            results = fetch_filings(
                file_numbers,
                base=filings_base(mirror),
                dest_dir=download_dir(wh.home) / "filings",
                progress=progress,
            )
        for r in results:
            err.print(f"{r.path.name}: {r.status} ({r.size:,} bytes)", highlight=False)
        if not no_load:
            _load_filings(wh, [r.path for r in results])
    except (MoneytrailError, ValueError) as exc:
        _fail(exc if isinstance(exc, MoneytrailError) else MoneytrailError(str(exc)))


@efile_app.command("day")
def efile_day(
    day: Annotated[
        datetime, typer.Argument(formats=["%Y-%m-%d"], help="The day, e.g. 2024-10-15.")
    ],
    mirror: MirrorOption = None,
    no_load: Annotated[bool, typer.Option("--no-load", help="Download only.")] = False,
    home: HomeOption = None,
) -> None:
    """Download and load the FEC's bundle of every filing received on one day.

    A filing in the bundle that cannot be read at all is skipped and named; the rest load.
    """
    from moneytrail.sources.efile import fetch_day

    wh = _warehouse(home)
    try:
        with _progress() as progress:
            result = fetch_day(
                day.date(),
                bulk_base=fec_mirror(mirror),
                dest_dir=download_dir(wh.home) / "electronic",
                progress=progress,
            )
        err.print(f"{result.path.name}: {result.status} ({result.size:,} bytes)", highlight=False)
        if not no_load:
            _load_filings(wh, [result.path], keep_going=True)
    except MoneytrailError as exc:
        _fail(exc)


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


def run() -> None:  # pragma: no cover - console entry point wrapper
    sys.exit(app())
