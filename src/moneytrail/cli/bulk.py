"""Bulk files: load, sync, and looking at what the warehouse holds (sql, status, demo)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.common import (
    FormatOption,
    HomeOption,
    LeftOut,
    MirrorOption,
    app,
    checked_cycle,
    comma_list,
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
from moneytrail.warehouse.load import load_files


@app.command()
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="Bulk files, zipped or not, or folders of them.")
    ],
    kind: Annotated[
        str | None, typer.Option(help="What the files are (indiv, cm, ...), if not recognised.")
    ] = None,
    cycle: Annotated[
        int | None,
        typer.Option(
            callback=checked_cycle, help="Election cycle (even year), if not in the file name."
        ),
    ] = None,
    no_resolve: NoResolveOption = False,
    home: HomeOption = None,
) -> None:
    """Load local FEC bulk files into the warehouse, then resolve what they brought.

    Recognises each file's kind from its name or shape and says what it found; a folder
    stands for every bulk file under it, and the others are listed as left out. Loading
    the same file twice changes nothing; a newer snapshot replaces the older one.
    """
    wh = open_warehouse(home)
    left_out = LeftOut()

    def said(item) -> None:
        left_out.say()  # recognition is over: what it left out comes first
        err.print(
            f"{item.display_name}: {item.kind.kind} ({item.kind.title}), cycle "
            f"{item.cycle or 'unknown'} [dim](by {item.recognised_by})[/dim]",
            highlight=False,
        )

    try:
        with progress_bar() as progress:
            reports = load_files(
                wh,
                paths,
                kind=kind,
                cycle=cycle,
                progress=progress,
                on_recognised=said,
                on_left_out=left_out,
            )
    except MoneytrailError as exc:
        left_out.say()
        fail(exc)
    print_reports(reports)
    resolve_after_load(home, reports, no_resolve)


@app.command()
def sync(
    cycle: Annotated[
        int, typer.Option(callback=checked_cycle, help="Election cycle (even year), e.g. 2024.")
    ],
    files: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated subset: indiv,cm,cn,ccl,pas2,oth,oppexp,weball,webk,"
            "webl,ie (default: all)."
        ),
    ] = None,
    mirror: MirrorOption = None,
    no_load: Annotated[bool, typer.Option("--no-load", help="Download only.")] = False,
    no_resolve: NoResolveOption = False,
    home: HomeOption = None,
) -> None:
    """Download a cycle's bulk files from the FEC (or a mirror), load and resolve them.

    Downloads resume where they stopped; a file unchanged on the server is neither
    fetched nor loaded again.
    """
    from moneytrail.sources.bulk import fetch_cycle

    wh = open_warehouse(home)
    names = comma_list(files) if files else None
    try:
        with progress_bar() as progress:
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
        left_out = LeftOut()
        with progress_bar() as progress:
            reports = load_files(
                wh,
                [r.path for r in results],
                cycle=cycle,
                progress=progress,
                on_left_out=left_out,
                leave_out_empty=True,  # a kind with nothing filed yet keeps what is loaded
            )
        left_out.say()
    except (MoneytrailError, ValueError) as exc:
        fail(exc if isinstance(exc, MoneytrailError) else MoneytrailError(str(exc)))
    print_reports(reports)
    resolve_after_load(home, reports, no_resolve)


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
        result = open_warehouse(home).query(query)
    except MoneytrailError as exc:
        fail(exc)
    render(result, fmt)


@app.command()
def status(fmt: FormatOption = Format.table, home: HomeOption = None) -> None:
    """Show what is loaded: per table, rows, sources, cycles and when."""
    from moneytrail.analysis.summaries import summaries_status

    wh = open_warehouse(home)
    try:
        rows = wh.status()
        with wh.reader() as con:
            summaries = summaries_status(con)
    except MoneytrailError as exc:
        fail(exc)
    if summaries:
        rows.append(summaries)
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

    wh = open_warehouse(home)
    try:
        with progress_bar() as progress:
            result = run_demo(wh, fec_mirror(mirror), progress)
    except MoneytrailError as exc:
        fail(exc)
    if result.synthetic:
        err.print(
            f"[yellow]The FEC could not be reached ({result.offline_reason}); loaded a "
            "SYNTHETIC sample instead. Its figures are made up.[/yellow]",
            highlight=False,
        )
    print_reports(result.reports)
    render(wh.status(), Format.table, title=f"moneytrail warehouse at {wh.home}")
    title, query = DEMO_QUERIES[result.synthetic]
    render(wh.query(query), Format.table, title=title)
    err.print('Try: moneytrail sql "SELECT * FROM committees LIMIT 5"', highlight=False)
