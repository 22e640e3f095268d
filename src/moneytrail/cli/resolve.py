"""Entity resolution: resolve, orgs explain|show|review|alias|import-crp|import-gleif, donors
show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.common import (
    FormatOption,
    HomeOption,
    app,
    err,
    fail,
    open_warehouse,
    progress_bar,
)
from moneytrail.errors import MoneytrailError
from moneytrail.output import Format, counted, render
from moneytrail.resolve.apply import resolve_warehouse

orgs_app = typer.Typer(
    help="Organizations: which company or group each employer string means, and why.",
    no_args_is_help=True,
)
donors_app = typer.Typer(help="Deduplicated individual donors.", no_args_is_help=True)
app.add_typer(orgs_app, name="orgs")
app.add_typer(donors_app, name="donors")


def _say(message: str) -> None:
    err.print(f"[dim]{message}[/dim]", highlight=False)


def run_resolve(home: Path | None, *, orgs: bool = True, donors: bool = True, full: bool = False):
    """Resolve the warehouse and print what each part did (shared with load commands)."""
    report = resolve_warehouse(
        open_warehouse(home), orgs=orgs, donors=donors, full=full, on_step=_say
    )
    for line in report.describe():
        err.print(line, highlight=False)
    return report


@app.command()
def resolve(
    only: Annotated[
        str | None, typer.Option(help="Run one part only: orgs or donors (default: both).")
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Resolve everything again, not only what is new.")
    ] = False,
    home: HomeOption = None,
) -> None:
    """Give every contribution its organization (org_id) and donor (donor_id).

    Employer strings map to organizations (rolled up to their parents) or to recognised
    non-organizations; sponsored PACs link to their organization; individual contributors
    are deduplicated into donors with stable ids. `load` runs this for what it loaded
    unless given --no-resolve. With no receipts, committees or rules changed since the
    last run there is nothing to do but refresh the summaries.
    """
    if only not in (None, "orgs", "donors"):
        fail(MoneytrailError(f"--only takes orgs or donors, not {only!r}"))
    try:
        run_resolve(home, orgs=only != "donors", donors=only != "orgs", full=full)
    except MoneytrailError as exc:
        fail(exc)


@orgs_app.command("explain")
def orgs_explain(
    text: Annotated[str, typer.Argument(help='An employer as filed, e.g. "AMAZON WEB SVCS".')],
    home: HomeOption = None,
) -> None:
    """Show which organization (or non-organization) a string means, by which rule, and why."""
    from moneytrail.resolve.lookup import explain_string

    wh = open_warehouse(home)
    try:
        with wh.reader() as con:
            found = explain_string(con, text, wh.home)
    except MoneytrailError as exc:
        fail(exc)
    print(found.text)
    if found.contributions:
        stored = found.stored
        if stored is None:
            state = "not resolved yet (run `moneytrail resolve`)"
        elif stored["org_id"] or stored["non_org"]:
            state = f"stored as {stored['org_id'] or stored['non_org']} ({stored['method']})"
        else:
            state = "stored as unresolved"
        print(
            f"in this warehouse: {counted(found.contributions, 'contribution')}, "
            f"${found.amount:,.2f}; {state}"
        )
    if found.industry:
        made = found.industry
        print(
            f"its industry in this warehouse: NAICS {made['naics']} ({made['industry']}), "
            f"sector {made['sector']}; {made['reason']}"
        )
    for settled in found.in_context:
        answer = settled["answer"] + (f" ({settled['name']})" if settled["name"] else "")
        print(
            f"read with its line ({settled['rule']}): "
            f"{counted(settled['contributions'], 'contribution')}, ${settled['amount']:,.2f} "
            f"→ {answer}; e.g. {settled['example']}"
        )
    if found.suggestion:
        offer = found.suggestion
        print(
            f"its donors suggest {offer['suggested_org_id']} ({offer['suggested']}): "
            f"{offer['evidence']}, a corporation's PAC, which may ask only its own people; "
            f'accept with: moneytrail orgs alias "{found.raw}" {offer["suggested_org_id"]}'
        )


@orgs_app.command("show")
def orgs_show(
    org_id: Annotated[str, typer.Argument(help="An org_id, e.g. amazon.")],
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """Show an organization: parents, subsidiaries, industry, and the strings that mean it."""
    from moneytrail.resolve.lookup import (
        organization,
        organization_aliases,
        organization_totals,
    )

    try:
        with open_warehouse(home).reader() as con:
            org = organization(con, org_id)
            totals = organization_totals(con, org_id)
            aliases = organization_aliases(con, org_id)
    except MoneytrailError as exc:
        fail(exc)
    if fmt is Format.table:
        shown = {k: ", ".join(v) if isinstance(v, list) else v for k, v in org.items()}
        render([{"field": k, "value": v} for k, v in shown.items()], fmt, title=org["name"])
        render(totals, fmt, title="Given, as recipients reported it: employees, itself, PACs")
        render(aliases, fmt, title="Strings filed that mean it (or one it owns)")
    else:
        render([{**org, "totals": totals.to_pylist(), "aliases": aliases.to_pylist()}], fmt)


@orgs_app.command("review")
def orgs_review(
    limit: Annotated[int, typer.Option(min=1, help="How many strings to list.")] = 30,
    suggested: Annotated[
        bool,
        typer.Option(
            "--suggested", help="Only strings whose donors' PAC gifts suggest an organization."
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """List the employer strings with the most money that name no registry organization.

    Each is either unresolved (no organization found) or discovered (taken as an
    organization of its own, with no parent). Where its donors gave to a corporation's PAC,
    which may ask only that corporation's group's own people, the corporation is suggested,
    with the gifts that say so. Check one with `orgs explain`, accept it with `orgs alias`.
    """
    from moneytrail.resolve.lookup import review_queue

    try:
        with open_warehouse(home).reader() as con:
            rows = review_queue(con, limit=limit, suggested_only=suggested)
    except MoneytrailError as exc:
        fail(exc)
    if fmt is not Format.table:
        render(rows, fmt)
        return
    if rows.num_rows == 0:
        err.print(
            "nothing to review: every employer string with money names a registry "
            "organization or a non-organization (or nothing is loaded and resolved yet)",
            highlight=False,
        )
        return
    # The terminal gets the columns a reader scans; CSV and JSON carry the suggestion's name.
    shown = rows.select(
        ["employer", "contributions", "amount", "status", "suggested_org_id", "evidence"]
    ).rename_columns(["employer", "gifts", "amount", "status", "suggested", "evidence"])
    render(shown, fmt, title="Employer strings without a registry organization, most money first")
    err.print(
        'check one with: moneytrail orgs explain "EMPLOYER"; accept one with: moneytrail '
        'orgs alias "EMPLOYER" SUGGESTED, or many with --format csv and orgs alias --file',
        highlight=False,
    )


@orgs_app.command("alias")
def orgs_alias(
    text: Annotated[
        str | None, typer.Argument(help='An employer as filed, e.g. "ACME WIDGETS".')
    ] = None,
    org_id: Annotated[
        str | None,
        typer.Argument(help="The org_id (or non-organization, e.g. RETIRED) it means."),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Create ORG_ID as a new organization with this name.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            exists=True,
            dir_okay=False,
            help="A CSV of corrections: employer and org_id (or suggested_org_id, as "
            "`orgs review --format csv` writes it), optional name; rows with no org_id "
            "are skipped.",
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Correct a mapping: TEXT means ORG_ID from now on, whatever the rules say.

    The correction goes to org_overrides.toml in the warehouse folder (edit it by hand if
    you like), survives reloads, and is applied at once. --file records many at once; if
    any of them is refused, none is recorded.
    """
    from moneytrail.resolve.apply import add_overrides, overrides_path, read_corrections
    from moneytrail.resolve.employers import EmployerResolver

    wh = open_warehouse(home)
    try:
        if file is not None and text is None:
            corrections = read_corrections(file)
        elif file is None and text is not None and org_id is not None:
            corrections = [(text, org_id, name)]
        else:
            raise MoneytrailError("give TEXT and ORG_ID, or --file CORRECTIONS.csv, not both")
        path = overrides_path(wh.home)
        before = path.read_text() if path.exists() else None
        add_overrides(wh.home, corrections)
        try:
            EmployerResolver(overrides=path)  # refuses an unknown target
        except ValueError as exc:
            # Put the file back as it was: a refused correction records nothing.
            if before is None:
                path.unlink()
            else:
                path.write_text(before)
            raise MoneytrailError(f"not recorded: {exc}") from None
        err.print(f"{len(corrections):,} recorded in {path}", highlight=False)
        if wh.exists():
            run_resolve(home, donors=False)
    except MoneytrailError as exc:
        fail(exc)


@orgs_app.command("import-crp")
def orgs_import_crp(
    path: Annotated[
        Path, typer.Argument(help="OpenSecrets' CRP_Categories.txt.", exists=True, dir_okay=False)
    ],
    home: HomeOption = None,
) -> None:
    """Import OpenSecrets' industry categories as an alternative coding (table org_crp).

    OpenSecrets licenses its categories for non-commercial use; moneytrail ships none of
    them. Each organization gets the category its NAICS code maps to.
    """
    from moneytrail.resolve.apply import import_crp

    try:
        categories, coded = import_crp(open_warehouse(home), path)
    except MoneytrailError as exc:
        fail(exc)
    err.print(
        f"{categories:,} categories imported; {coded:,} organizations coded "
        '(see: moneytrail sql "SELECT * FROM org_crp")',
        highlight=False,
    )


@orgs_app.command("import-gleif")
def orgs_import_gleif(
    level1: Annotated[
        Path,
        typer.Argument(
            help="GLEIF's Level 1 golden copy (LEI-CDF, CSV or its zip).",
            exists=True,
            dir_okay=False,
        ),
    ],
    level2: Annotated[
        Path,
        typer.Argument(
            help="GLEIF's Level 2 golden copy (RR-CDF relationships, CSV or its zip).",
            exists=True,
            dir_okay=False,
        ),
    ],
    country: Annotated[
        list[str],
        typer.Option(
            metavar="CODE",
            help="Keep entities with a legal or head-office address in this country "
            "(ISO code; repeat for more; ALL for every country).",
        ),
    ] = ["US"],  # noqa: B006 - Typer reads list defaults, never mutates them
    home: HomeOption = None,
) -> None:
    """Import subsidiaries' names from GLEIF's open register of legal entities.

    Each entity whose nearest consolidating parent is a registry organization becomes an
    alias of it (CROWLEY LINER SERVICES → Crowley), with its LEI and its parent's as the
    source. Download both files (free, CC0) from
    https://www.gleif.org/en/lei-data/gleif-golden-copy. The aliases go to org_gleif.toml
    in the warehouse folder (importing again replaces it); packaged aliases win over them.
    """
    from moneytrail.resolve.apply import import_gleif_aliases, imported_aliases_path

    wh = open_warehouse(home)
    codes = frozenset(c.upper() for c in country)
    countries = frozenset() if "ALL" in codes else codes
    try:
        with progress_bar() as bar:
            report = import_gleif_aliases(wh.home, level1, level2, countries, bar)
    except MoneytrailError as exc:
        fail(exc)
    err.print(
        f"{len(report.aliases):,} subsidiaries' names of {report.organizations:,} "
        f"organizations imported to {imported_aliases_path(wh.home)} "
        f"(from {report.entities:,} legal entities, "
        f"{report.relationships:,} consolidation relationships)",
        highlight=False,
    )
    for reason, n in report.skipped.most_common():
        _say(f"  left out {counted(n, 'name')}: {reason}")
    for name, lines in report.bad_lines.items():
        if lines:
            numbers = [str(n) for n in lines[:5] if n >= 0]
            where = ""
            if numbers:
                listed = ", ".join(numbers) + (", ..." if len(lines) > 5 else "")
                where = f" ({'line' if len(lines) == 1 else 'lines'} {listed})"
            _say(f"  {name}: skipped {counted(len(lines), 'line')} it could not read{where}")
    if wh.exists():
        run_resolve(home, donors=False)


@donors_app.command("show")
def donors_show(
    donor_id: Annotated[str, typer.Argument(help="A donor_id, from schedule_a.donor_id.")],
    fmt: FormatOption = Format.table,
    home: HomeOption = None,
) -> None:
    """List every contribution of a donor, and the match weights that joined its records."""
    from moneytrail.resolve.lookup import donor_contributions, donor_links

    try:
        with open_warehouse(home).reader() as con:
            rows = donor_contributions(con, donor_id)
            links = donor_links(con, donor_id)
    except MoneytrailError as exc:
        fail(exc)
    if fmt is Format.table:
        # The terminal gets the columns a reader scans; CSV and JSON carry every column.
        shown = rows.select(
            ["date", "amount", "committee_name", "contributor_name", "contributor_city",
             "contributor_state", "contributor_employer", "file_number", "image_number"]
        ).rename_columns(
            ["date", "amount", "to", "name as filed", "city", "st", "employer", "file", "image"]
        )  # fmt: skip
        render(shown, fmt, title=f"Contributions of donor {donor_id}")
        if links.num_rows:
            render(links, fmt, title="Why these records are one donor (scored pairs)")
        else:
            err.print("one record: nothing needed joining", highlight=False)
    else:
        render([{"contributions": rows.to_pylist(), "links": links.to_pylist()}], fmt)


NoResolveOption = Annotated[
    bool,
    typer.Option(
        "--no-resolve", help="Do not run `moneytrail resolve` on what was loaded afterwards."
    ),
]


def resolve_after_load(home: Path | None, reports: list, no_resolve: bool) -> None:
    """After a load that changed the warehouse, resolve what it brought. The load stands
    whatever happens here; a failure says so and how to finish the job."""
    if no_resolve or not any(r.status in ("loaded", "replaced") for r in reports):
        return
    try:
        run_resolve(home)
    except MoneytrailError as exc:
        err.print(
            f"[red]error:[/red] the load is kept, but resolving it failed: {exc}; "
            "run `moneytrail resolve` to try again",
            highlight=False,
        )
        raise typer.Exit(1) from None
