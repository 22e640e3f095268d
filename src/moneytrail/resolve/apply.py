"""Resolve a warehouse: give every contribution its organization and its donor.

The matching itself lives beside this module (``employers``, ``committees``, ``donors``);
this is the step that reads what the warehouse holds, runs the matchers on what is new,
and writes the results to the catalog tables the ``schedule_a`` view joins (``org_aliases``,
``organizations``, ``committee_orgs``, ``org_contexts``, ``donor_records``, ``donor_pairs``;
see ``warehouse/migrations/004_resolution.sql`` and ``006_org_contexts.sql``).

Work happens in a private in-memory DuckDB fed from a read-only connection, so readers of
the warehouse are not locked out while donors are matched; the results replace the old
ones in one short write transaction at the end, so a failed run changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from moneytrail import interrupts
from moneytrail.errors import MoneytrailError, WarehouseBusyError
from moneytrail.resolve.crp import crp_coding, read_crp_categories
from moneytrail.warehouse.catalog import (
    Warehouse,
    loads_key,
    materialize_schedule_a,
    materialized_path,
    write_views,
)

if TYPE_CHECKING:
    from moneytrail.progress import Progress
    from moneytrail.resolve.employers import EmployerResolver
    from moneytrail.resolve.gleif import GleifImport

OVERRIDES_FILE = "org_overrides.toml"  # in the warehouse folder; the user's corrections
# In the warehouse folder too: subsidiaries' names from the user's GLEIF import.
IMPORTED_ALIASES_FILE = "org_gleif.toml"

# Entity types whose employer names their organization (an individual, a candidate giving
# as a person), and the type whose own name is the organization.
PERSON_TYPES = ("IND", "CAN")
ORGANIZATION_TYPE = "ORG"
# Contributors that are committees: their organization is the PAC's sponsor.
COMMITTEE_TYPES = ("PAC", "COM", "CCM", "PTY")
# The tables a resolve reads (besides its own results): a load of any other leaves
# nothing to resolve.
RESOLVE_READS = ("schedule_a", "committees")

Step = Callable[[str], None]


class ResolveError(MoneytrailError):
    """A resolve run could not finish; the warehouse keeps its earlier results."""


@dataclass
class PartReport:
    part: str
    items: int  # what the part holds after the run (strings, committees, records)
    new_items: int  # what this run matched afresh
    seconds: float
    detail: str = ""


@dataclass
class ResolveReport:
    parts: list[PartReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # writing out receipts, summaries
    # The run whose results stand, when nothing read has changed since it.
    unchanged_since: int | None = None

    def describe(self) -> list[str]:
        lines = []
        if self.unchanged_since is not None:
            lines.append(
                f"nothing to resolve: no receipts, committees or rules changed since resolve "
                f"run {self.unchanged_since} (`moneytrail resolve --full` redoes it all)"
            )
        lines += [
            f"{p.part}: {p.new_items:,} resolved afresh, {p.items:,} in all"
            + (f" ({p.detail})" if p.detail else "")
            + f" in {p.seconds:.1f}s"
            for p in self.parts
        ]
        return lines + self.notes


def overrides_path(home: Path) -> Path:
    return Path(home) / OVERRIDES_FILE


def imported_aliases_path(home: Path) -> Path:
    return Path(home) / IMPORTED_ALIASES_FILE


def employer_resolver(home: Path, *, with_imported: bool = True) -> EmployerResolver:
    """The resolver with what the user added in the warehouse folder: corrections and
    (unless ``with_imported`` is False) imported subsidiaries' names."""
    from moneytrail.resolve.employers import EmployerResolver

    overrides, imported = overrides_path(home), imported_aliases_path(home)
    use_imported = with_imported and imported.exists()
    try:
        return EmployerResolver(
            overrides=overrides if overrides.exists() else None,
            imported=imported if use_imported else None,
        )
    except ValueError as exc:  # also a TOML syntax error
        used = (overrides, imported) if use_imported else (overrides,)
        files = " or ".join(str(f) for f in used if f.exists())
        raise ResolveError(f"{files}: {exc}; fix or remove it, then resolve again") from None


def resolver_version(home: Path) -> str:
    """A digest of everything that decides an employer's organization: the packaged data
    files, the user's overrides and imported aliases. When it changes, every string is
    resolved again."""
    digest = hashlib.sha256()
    data = resources.files("moneytrail.resolve") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    user_files = (("overrides", overrides_path(home)), ("imported", imported_aliases_path(home)))
    for label, path in user_files:
        if path.exists():
            digest.update(label.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _fresh_db(home: Path) -> duckdb.DuckDBPyConnection:
    scratch = Path(home) / "staging" / "resolve"
    scratch.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    # Matching millions of donor records may outgrow memory; let DuckDB spill to disk.
    con.execute(f"SET temp_directory = '{scratch}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def resolve_warehouse(
    wh: Warehouse,
    *,
    orgs: bool = True,
    donors: bool = True,
    full: bool = False,
    on_step: Step | None = None,
) -> ResolveReport:
    """Match what is new in the warehouse (everything with ``full``) and store the results;
    nothing, when no receipts, committees or rules changed since the last run.

    Organizations: each distinct employer string of individuals' contributions (and the
    name of each organization that gave) goes through the employer resolver with the
    user's overrides; sponsored PACs are linked to their organization. Donors: each
    distinct donor record goes through record linkage, keeping earlier donor ids."""
    say = on_step or (lambda _msg: None)
    report = ResolveReport()
    if not wh.exists():
        raise ResolveError(f"there is no warehouse at {wh.home}; load some files first")
    wh.ensure()  # a warehouse made by an earlier moneytrail gets the columns read below
    version = resolver_version(wh.home)
    try:
        with wh.reader() as con:
            inputs = loads_key(con, RESOLVE_READS)
            if not full:
                report.unchanged_since = _unchanged_since(con, inputs, version, orgs, donors)
        if report.unchanged_since is None:
            _resolve_and_store(wh, report, version, inputs, orgs=orgs, donors=donors,
                               full=full, say=say)  # fmt: skip
    except duckdb.Error as exc:
        raise ResolveError(f"resolve failed, nothing was changed: {exc}") from exc
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not interrupts.by_ctrl_c(exc):
            raise
        raise ResolveError("resolving was interrupted, nothing was changed") from exc
    report.notes.extend(_after_storing(wh, say, full=full))
    return report


def _resolve_and_store(
    wh: Warehouse,
    report: ResolveReport,
    version: str,
    inputs: str,
    *,
    orgs: bool,
    donors: bool,
    full: bool,
    say: Step,
) -> None:
    """Match the warehouse's strings, PACs and donor records in a private database, then
    store the results (and the parts' reports) in one transaction."""
    work = _fresh_db(wh.home)
    try:
        with wh.reader() as con:
            if orgs:
                _read_org_inputs(con, work, version, full)
            if donors:
                _read_donor_inputs(con, work)
        if orgs:
            resolver = employer_resolver(wh.home)
            report.parts.extend(_resolve_orgs(work, resolver, say))
            # The lines of the strings that named nothing alone, read once they are known.
            with wh.reader() as con:
                _read_context_lines(con, work)
                _read_donor_occupations(con, work)
            report.parts.append(_resolve_contexts(work, resolver, say))
            _collect_organizations(work, resolver)
        if donors:
            if orgs:  # donors compared on the organizations this run resolved
                work.execute(f"CREATE TABLE employer_orgs AS {_employer_orgs('aliases', 'orgs')}")
            else:  # or on those the last run stored
                resolver = employer_resolver(wh.home)
                with wh.reader() as con:
                    stored = con.sql(_employer_orgs("org_aliases", "organizations"))
                    work.register("employer_orgs_in", stored.to_arrow_table())
                work.execute("CREATE TABLE employer_orgs AS SELECT * FROM employer_orgs_in")
            report.parts.append(_resolve_donors(work, resolver, say, full=full))
        _store(wh, work, report, version, inputs, orgs=orgs, donors=donors)
    finally:
        work.close()


def _unchanged_since(
    con: duckdb.DuckDBPyConnection, inputs: str, version: str, orgs: bool, donors: bool
) -> int | None:
    """The last run, if every part asked for last ran on these inputs by these rules."""
    asked = ["organizations"] * orgs + ["donors"] * donors
    last = con.execute(
        "SELECT run_id, inputs_key, resolver_version FROM resolve_runs "
        "WHERE list_contains($asked, part) "
        "QUALIFY run_id = max(run_id) OVER (PARTITION BY part)",
        {"asked": asked},
    ).fetchall()
    if last and len(last) == len(asked) and all(r[1:] == (inputs, version) for r in last):
        return max(r[0] for r in last)
    return None


def _after_storing(wh: Warehouse, say: Step, *, full: bool) -> list[str]:
    """Write the resolved receipts out, then refresh the analyses' summaries (every
    recipient's with ``full``): steps the stored results stand without. A step that fails
    is skipped, with a note saying why; Ctrl-C skips the step it lands in and the one
    after: one press ends the command."""
    steps = [
        (
            _write_receipts_out,
            "receipts not written out ({}); questions about one committee read the "
            "joining view instead, more slowly",
        ),
        (
            partial(_refresh_summaries, whole=full),
            "summaries not refreshed ({}); the analyses count the lines",
        ),
    ]
    notes: list[str] = []
    interrupted = False
    for step, skipped in steps:
        if interrupted:
            notes.append(skipped.format("interrupted"))
            continue
        try:
            if note := step(wh, say):
                notes.append(note)
        except (duckdb.Error, WarehouseBusyError, KeyboardInterrupt, RuntimeError) as exc:
            # A DuckDB error, another load holding the write lock (taken after the results
            # were stored) or Ctrl-C skips the step; anything else goes on.
            interrupted = interrupts.by_ctrl_c(exc)
            if not (interrupted or isinstance(exc, duckdb.Error | WarehouseBusyError)):
                raise
            notes.append(skipped.format("interrupted" if interrupted else _first_line(exc)))
    return notes


def _write_receipts_out(wh: Warehouse, say: Step) -> None:
    """The resolved receipts to one Parquet file, ordered by committee, for the
    schedule_a view to read (until then it joins the resolve's tables), unless the
    file written last still holds them."""
    with wh.reader() as con:
        if materialized_path(con, "schedule_a") is not None:
            return
    say("writing the resolved receipts out, ordered by committee")
    with wh.write_lock(), wh.writer() as con:
        materialize_schedule_a(con, wh.home, wh.staging_dir / "materialize")


def _refresh_summaries(wh: Warehouse, say: Step, *, whole: bool) -> str:
    """Bring the analyses' per-committee summaries up to date with the resolved ledger
    (they group by organization and donor, so they follow every resolve); ``whole``
    regroups every committee, not only those whose lines changed."""
    # Imported here: analysis sits above resolve.
    from moneytrail.analysis.summaries import refresh_summaries

    def starting() -> None:
        say("summarising the committees' contributors for the analyses")

    with wh.write_lock(), wh.writer() as con:
        return refresh_summaries(con, whole=whole, on_start=starting).describe()


def _first_line(exc: BaseException) -> str:
    """DuckDB's messages go on with advice over several lines; the first says what."""
    return str(exc).strip().splitlines()[0]


# ---------------------------------------------------------------- organizations


def _read_org_inputs(
    con: duckdb.DuckDBPyConnection, work: duckdb.DuckDBPyConnection, version: str, full: bool
) -> None:
    strings = con.sql(
        f"""
        SELECT raw, sum(amount) AS amount, sum(n) AS contributions FROM (
            SELECT contributor_employer AS raw, contribution_receipt_amount AS amount, 1 AS n
            FROM schedule_a
            WHERE coalesce(entity_type, 'IND') IN {PERSON_TYPES}
            UNION ALL
            SELECT contributor_name, contribution_receipt_amount, 1 FROM schedule_a
            WHERE entity_type = '{ORGANIZATION_TYPE}'
        ) WHERE raw IS NOT NULL GROUP BY raw
        """
    ).to_arrow_table()
    work.register("all_strings", strings)
    work.execute("CREATE TABLE strings AS SELECT * FROM all_strings")
    previous = con.sql("SELECT * FROM org_aliases").to_arrow_table()
    last = con.execute(
        "SELECT resolver_version FROM resolve_runs WHERE part = 'organizations' "
        "ORDER BY run_id DESC LIMIT 1"
    ).fetchall()
    # Aliases resolved by other rules (data files or overrides since changed) are redone.
    if full or not last or last[0][0] != version:
        previous = previous.slice(0, 0)
    work.register("previous_aliases", previous)
    work.execute("CREATE TABLE previous_aliases_t AS SELECT * FROM previous_aliases")
    committees = con.sql("SELECT * FROM committees").to_arrow_table()
    work.register("committees_in", committees)
    work.execute("CREATE TABLE committees AS SELECT * FROM committees_in")


def _resolve_orgs(
    work: duckdb.DuckDBPyConnection, resolver: EmployerResolver, say: Step
) -> list[PartReport]:
    from moneytrail.resolve.committees import link_committees
    from moneytrail.resolve.employers import resolve_employers_arrow

    started = time.perf_counter()
    new = work.sql(
        "SELECT raw FROM strings WHERE raw NOT IN (SELECT raw FROM previous_aliases_t)"
    ).to_arrow_table()
    say(f"resolving {new.num_rows:,} employer and organization names")
    resolved = resolve_employers_arrow(new.column("raw"), resolver=resolver)
    work.register("resolved_new", resolved)
    alias_columns = (
        "raw", "normalized", "org_id", "org_name", "non_org", "method", "confidence", "matched"
    )  # fmt: skip
    have = set(resolved.schema.names)
    select = ", ".join(c if c in have else f"NULL AS {c}" for c in alias_columns)
    work.execute(
        f"""
        CREATE TABLE aliases AS
        SELECT {", ".join(alias_columns)} FROM previous_aliases_t
        WHERE raw IN (SELECT raw FROM strings)
        UNION ALL BY NAME
        SELECT {select} FROM resolved_new
        """
    )
    aliases_part = PartReport(
        "organizations",
        work.execute("SELECT count(*) FROM aliases").fetchall()[0][0],
        new.num_rows,
        time.perf_counter() - started,
        _attributed(work),
    )

    started = time.perf_counter()
    say("linking PACs to the organizations that sponsor them")
    linked = link_committees(work.sql("SELECT * FROM committees").to_arrow_table(), resolver)
    work.register("linked", linked)
    work.execute(
        "CREATE TABLE committee_links AS "
        "SELECT committee_id, org_id, org_name, method, confidence, matched FROM linked"
    )
    committees_part = PartReport(
        "sponsored PACs",
        linked.num_rows,
        linked.num_rows,
        time.perf_counter() - started,
    )
    return [aliases_part, committees_part]


def _read_context_lines(con: duckdb.DuckDBPyConnection, work: duckdb.DuckDBPyConnection) -> None:
    """The distinct lines (employer, donor name, state and occupation, committee), each with
    its smallest gift, of the individuals' contributions whose employer string resolved to
    nothing, or only to an organization of its own while some of its donors gave to a
    registry corporation's PAC (the sponsor's PAC rules, moneytrail.resolve.context)."""
    from moneytrail.resolve.committees import own_people_org_types
    from moneytrail.resolve.employers import DISCOVERED_PREFIX

    # What the warehouse query needs from this run: the open strings, and the PACs of
    # registry organizations (only those can name a discovered string's corporation).
    lent = {
        "open_strings": "SELECT raw, org_id IS NOT NULL AS discovered FROM aliases "
        "WHERE non_org IS NULL AND (org_id IS NULL OR starts_with(org_id, $discovered))",
        "registry_pacs": "SELECT committee_id FROM committee_links "
        "WHERE org_id IS NOT NULL AND NOT starts_with(org_id, $discovered)",
    }
    for name, query in lent.items():
        table = work.sql(query, params={"discovered": DISCOVERED_PREFIX}).to_arrow_table()
        con.register(name, table)
    types = own_people_org_types()
    lines = con.sql(
        f"""
        WITH person_lines AS (
            SELECT contributor_employer AS employer, contributor_name, contributor_state,
                   contributor_occupation, committee_id,
                   CAST(contribution_receipt_amount AS DOUBLE) AS amount, discovered
            FROM schedule_a JOIN open_strings ON open_strings.raw = contributor_employer
            WHERE coalesce(entity_type, 'IND') IN {PERSON_TYPES}
        ),
        on_own_peoples_pacs AS (
            SELECT DISTINCT employer FROM person_lines
            WHERE discovered
              AND committee_id IN (SELECT committee_id FROM registry_pacs)
              AND committee_id IN (
                  SELECT committee_id FROM committees
                  WHERE organization_type IN ({", ".join("?" for _ in types)}))
        )
        SELECT employer, contributor_name, contributor_state, contributor_occupation,
               committee_id, min(amount) AS smallest_gift
        FROM person_lines
        WHERE NOT discovered OR employer IN (SELECT employer FROM on_own_peoples_pacs)
        GROUP BY ALL
        """,
        params=list(types),
    ).to_arrow_table()
    for name in lent:
        con.unregister(name)
    work.register("context_lines_in", lines)
    work.execute("CREATE TABLE context_lines AS SELECT * FROM context_lines_in")


def _resolve_contexts(
    work: duckdb.DuckDBPyConnection, resolver: EmployerResolver, say: Step
) -> PartReport:
    from moneytrail.resolve.committees import own_people_org_types
    from moneytrail.resolve.context import ContextReader, own_people_sponsors

    started = time.perf_counter()
    lines = work.sql("SELECT * FROM context_lines").to_arrow_table()
    say(f"reading {lines.num_rows:,} lines of open employer strings with their donors and PACs")
    sponsors = own_people_sponsors(
        work.sql("SELECT * FROM committees").to_arrow_table(),
        work.sql("SELECT * FROM committee_links").to_arrow_table(),
        own_people_org_types(),
        resolver.registry,
    )
    decided = ContextReader(resolver, sponsors).decide_table(lines)
    work.register("contexts_in", decided)
    work.execute("CREATE TABLE contexts AS SELECT * FROM contexts_in")
    by_rule = work.execute(
        "SELECT rule, count(*) FROM contexts GROUP BY rule ORDER BY rule"
    ).fetchall()
    detail = ", ".join(f"{rule} {n:,}" for rule, n in by_rule) or "none settled"
    # Every line is read afresh each run (the rules are cheap and lines come and go).
    return PartReport(
        "lines of open employer strings",
        lines.num_rows,
        decided.num_rows,
        time.perf_counter() - started,
        detail,
    )


def _read_donor_occupations(
    con: duckdb.DuckDBPyConnection, work: duckdb.DuckDBPyConnection
) -> None:
    """Per employer string taken as an organization of its own, how many donors gave each
    occupation: a discovered organization's industry when its name's words say none."""
    from moneytrail.resolve.employers import DISCOVERED_PREFIX

    discovered = work.sql(
        "SELECT raw FROM aliases WHERE starts_with(org_id, $discovered)",
        params={"discovered": DISCOVERED_PREFIX},
    ).to_arrow_table()
    con.register("discovered_strings", discovered)
    occupations = con.sql(
        f"""
        SELECT contributor_employer AS raw, contributor_occupation AS occupation,
               count(DISTINCT contributor_name) AS donors
        FROM schedule_a JOIN discovered_strings ON discovered_strings.raw = contributor_employer
        WHERE coalesce(entity_type, 'IND') IN {PERSON_TYPES}
          AND contributor_occupation IS NOT NULL
        GROUP BY ALL
        """
    ).to_arrow_table()
    con.unregister("discovered_strings")
    work.register("donor_occupations_in", occupations)
    work.execute("CREATE TABLE donor_occupations AS SELECT * FROM donor_occupations_in")


def _collect_organizations(work: duckdb.DuckDBPyConnection, resolver: EmployerResolver) -> None:
    """Every registry organization plus each one an alias, a PAC or a line found."""
    from moneytrail.resolve.employers import organizations_arrow

    found = work.sql(
        "SELECT DISTINCT org_id, org_name FROM aliases WHERE org_id IS NOT NULL "
        "UNION SELECT org_id, org_name FROM committee_links WHERE org_id IS NOT NULL "
        "UNION SELECT org_id, org_name FROM contexts WHERE org_id IS NOT NULL"
    ).to_arrow_table()
    donors: dict[str, dict[str, int]] = {}
    for org_id, occupation, n in work.execute(
        "SELECT a.org_id, o.occupation, sum(o.donors) FROM donor_occupations o "
        "JOIN aliases a USING (raw) GROUP BY ALL"
    ).fetchall():
        donors.setdefault(org_id, {})[occupation] = int(n)
    work.register("orgs_found", organizations_arrow(found, resolver, donors))
    work.execute("CREATE TABLE orgs AS SELECT * FROM orgs_found")


def _attributed(work: duckdb.DuckDBPyConnection) -> str:
    org, non_org, total = work.execute(
        """
        SELECT sum(s.amount) FILTER (WHERE a.org_id IS NOT NULL),
               sum(s.amount) FILTER (WHERE a.non_org IS NOT NULL), sum(s.amount)
        FROM strings s LEFT JOIN aliases a USING (raw)
        """
    ).fetchall()[0]
    if not total:
        return "no itemized dollars yet"
    return (
        f"{float(org or 0) / float(total):.1%} of named dollars to an organization, "
        f"{float(non_org or 0) / float(total):.1%} to a non-organization"
    )


# ---------------------------------------------------------------- donors


def _read_donor_inputs(con: duckdb.DuckDBPyConnection, work: duckdb.DuckDBPyConnection) -> None:
    from moneytrail.resolve.donors import RECORD_COLUMNS, record_key_sql

    firsts = ", ".join(f"any_value({c}) AS {c}" for c in RECORD_COLUMNS)
    records = con.sql(
        f"""
        SELECT {record_key_sql()} AS record_key, {firsts}, count(*) AS contributions
        FROM schedule_a WHERE entity_type = 'IND' AND contributor_name IS NOT NULL
        GROUP BY ALL
        """
    ).to_arrow_table()
    work.register("records_in", records)
    work.execute("CREATE TABLE donor_input AS SELECT * FROM records_in")
    previous = con.sql("SELECT record_key, donor_id FROM donor_records").to_arrow_table()
    work.register("previous_in", previous)
    work.execute("CREATE TABLE previous_donors AS SELECT * FROM previous_in")


def _employer_orgs(aliases: str, organizations: str) -> str:
    """Each employer string's organization's ultimate parent (NULL for none): what donor
    matching compares employers on, so it sees the organizations the warehouse shows."""
    return (
        f"SELECT a.raw, o.ultimate_parent_id AS employer_org "
        f"FROM {aliases} a LEFT JOIN {organizations} o USING (org_id)"
    )


def _resolve_donors(
    work: duckdb.DuckDBPyConnection, resolver: EmployerResolver, say: Step, *, full: bool
) -> PartReport:
    from moneytrail.resolve.donors import resolve_donors

    started = time.perf_counter()
    records, new = work.execute(
        "SELECT count(*), count(*) FILTER (WHERE record_key NOT IN "
        "(SELECT record_key FROM previous_donors)) FROM donor_input"
    ).fetchall()[0]
    if (
        not full
        and new == 0
        and records == work.execute("SELECT count(*) FROM previous_donors").fetchall()[0][0]
    ):
        say("donors: no new contributor records")
        work.execute("CREATE TABLE donor_assignments AS SELECT * FROM previous_donors")
        return PartReport("donors", records, 0, time.perf_counter() - started, "unchanged")
    say(f"matching {records:,} contributor records ({new:,} new) into donors")
    resolve_donors(
        work,
        "donor_input",
        previous="previous_donors",
        employer_orgs="employer_orgs",
        resolver=resolver,  # for strings the organizations do not hold yet
    )
    donors = work.execute("SELECT count(DISTINCT donor_id) FROM donor_assignments").fetchall()[0][0]
    return PartReport("donors", records, new, time.perf_counter() - started, f"{donors:,} donors")


# ---------------------------------------------------------------- storing


def _store(
    wh: Warehouse,
    work: duckdb.DuckDBPyConnection,
    report: ResolveReport,
    version: str,
    inputs: str,
    *,
    orgs: bool,
    donors: bool,
) -> None:
    tables: dict[str, pa.Table] = {}
    if orgs:
        tables["org_aliases"] = work.sql("SELECT * FROM aliases").to_arrow_table()
        tables["committee_orgs"] = work.sql("SELECT * FROM committee_links").to_arrow_table()
        tables["org_contexts"] = work.sql("SELECT * FROM contexts").to_arrow_table()
        tables["organizations"] = work.sql("SELECT * FROM orgs").to_arrow_table()
    if donors:
        tables["donor_records"] = work.sql(
            "SELECT record_key, donor_id FROM donor_assignments"
        ).to_arrow_table()
        if work.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'donor_pairs'"
        ).fetchall()[0][0]:
            tables["donor_pairs"] = work.sql("SELECT * FROM donor_pairs").to_arrow_table()
    with wh.write_lock(), wh.writer() as con:
        if orgs:
            # A user who imported OpenSecrets' categories keeps that coding current.
            categories = con.sql("SELECT * FROM crp_categories").to_arrow_table()
            if categories.num_rows:
                tables["org_crp"] = crp_coding(tables["organizations"], categories)
        con.execute("BEGIN")
        try:
            for name, table in tables.items():
                con.register("incoming", table)
                columns = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
                present = set(table.schema.names)
                select = ", ".join(c if c in present else "NULL" for c in columns)
                con.execute(f"DELETE FROM {name}")
                con.execute(f"INSERT INTO {name} SELECT {select} FROM incoming")
                con.unregister("incoming")
            run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM resolve_runs").fetchall()
            for part in report.parts:
                con.execute(
                    "INSERT INTO resolve_runs VALUES (?, ?, now(), ?, ?, ?, ?, ?)",
                    [run_id[0][0], part.part, part.seconds, part.items, part.new_items,
                     version, inputs],
                )  # fmt: skip
            # The receipts written out by the last run no longer match: join until rewritten.
            con.execute("DELETE FROM materialized WHERE table_name = 'schedule_a'")
            write_views(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def read_overrides(home: Path) -> dict:
    path = overrides_path(home)
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ResolveError(f"{path}: not valid TOML: {exc}") from exc


def import_crp(wh: Warehouse, path: Path) -> tuple[int, int]:
    """Import OpenSecrets' category file as an alternative coding: (categories, coded
    organizations). Resolve runs keep the coding current afterwards."""
    categories = read_crp_categories(path)
    with wh.write_lock(), wh.writer() as con:
        organizations = con.sql("SELECT * FROM organizations").to_arrow_table()
        coding = crp_coding(organizations, categories)
        con.execute("BEGIN")
        for name, table in (("crp_categories", categories), ("org_crp", coding)):
            con.register("incoming", table)
            con.execute(f"DELETE FROM {name}")
            con.execute(f"INSERT INTO {name} SELECT * FROM incoming")
            con.unregister("incoming")
        con.execute("COMMIT")
    return categories.num_rows, coding.num_rows


def import_gleif_aliases(
    home: Path,
    level1: Path,
    level2: Path,
    countries: frozenset[str],
    progress: Progress | None = None,
) -> GleifImport:
    """Import the names of registry organizations' subsidiaries from GLEIF's golden copy
    into the warehouse folder's imported-aliases file (replacing an earlier import). The
    next resolve applies them."""
    from moneytrail.resolve.gleif import import_gleif, write_aliases

    # Matched against the packaged registry and the user's corrections, not a former import.
    resolver = employer_resolver(home, with_imported=False)
    report = import_gleif(level1, level2, resolver, countries, progress)
    Path(home).mkdir(parents=True, exist_ok=True)
    write_aliases(imported_aliases_path(home), report, Path(level1), Path(level2))
    return report


Correction = tuple[str, str, str | None]  # (string as filed, org_id, new organization's name)


def add_overrides(home: Path, corrections: Iterable[Correction]) -> Path:
    """Record the user's corrections "``raw`` means ``target``" in the warehouse's overrides
    file (creating ``target`` as a new organization called ``name`` when one is given) and
    return the file. The next resolve applies them; they survive reloads because they live
    in a file the loads never touch."""
    from moneytrail.resolve.employers import toml_string

    data = read_overrides(home)
    aliases = dict(data.get("overrides", {}))
    orgs = dict(data.get("organizations", {}))
    for raw, target, name in corrections:
        aliases[raw.strip().upper()] = target
        if name is not None:
            orgs[target] = {**orgs.get(target, {}), "name": name}
    lines = [
        "# Corrections to moneytrail's organization matching, applied by `moneytrail resolve`.",
        "# [overrides]: a string as filed (or its normalized form) = an org_id, a",
        "# non-organization (RETIRED, SELF_EMPLOYED, ...) or a discovered n: id.",
        "# [organizations.<id>]: organizations of your own (name; optional parent, naics).",
        "",
        "[overrides]",
        *(f"{toml_string(k)} = {toml_string(v)}" for k, v in sorted(aliases.items())),
    ]
    for org_id, fields in sorted(orgs.items()):
        lines += ["", f"[organizations.{toml_string(org_id)}]"]
        lines += [f"{k} = {toml_string(str(v))}" for k, v in fields.items()]
    path = overrides_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_suffix(".toml.new")
    staged.write_text("\n".join(lines) + "\n")
    staged.replace(path)  # a half-written file would break every later resolve
    return path


def read_corrections(path: Path) -> list[Correction]:
    """The corrections in a CSV file with a header: ``employer`` and ``org_id`` (or
    ``suggested_org_id``, as `moneytrail orgs review --format csv` writes it), and an
    optional ``name`` for a new organization. Rows with no org_id are skipped, so a review
    file can be applied after blanking the suggestions one rejects."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            columns = set(reader.fieldnames or ())
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResolveError(f"{path}: cannot read the corrections: {exc}") from exc
    target = next((c for c in ("org_id", "suggested_org_id") if c in columns), None)
    if "employer" not in columns or target is None:
        raise ResolveError(f"{path}: needs the columns employer and org_id (or suggested_org_id)")
    corrections: list[Correction] = []
    for number, row in enumerate(rows, start=1):
        org_id = (row[target] or "").strip()
        if not org_id:
            continue
        raw = (row["employer"] or "").strip()
        if not raw:
            raise ResolveError(f"{path}, row {number}: an org_id with no employer")
        corrections.append((raw, org_id, (row.get("name") or "").strip() or None))
    return corrections
