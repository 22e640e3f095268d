"""Per-committee summaries that answer the heaviest single-committee questions without
counting and grouping the committee's receipt lines on each call.

On a 10-million-row cycle, counting the lines of a presidential-size committee (two
million receipts, one and a half million donors) takes seconds: the lumps, memo lines
and refunds are worked through and every donor ranked with their most frequent name,
city and employer. ``refresh_summaries`` (run by every resolve) does that for every
committee, and for every candidate with several committees, and keeps:

- the groups ``top_contributors`` ranks (``summary_top_<by>``) and the sources
  ``money_in`` lists (``summary_money_in``), so an unfiltered question reads one
  recipient's groups in rank order;
- the counted lines themselves with state and date (``summary_receipts``, ordered by
  recipient), for questions by state, date, month or week.

The lines that count are taken from the analyses' own SQL
(``analysis.contributors.contribution_rows``) with its committee filter opened to all
committees, so the summaries cannot drift from what the analyses count.

Every summary is one recipient's alone, so a refresh regroups only the recipients whose
counted lines changed: it fingerprints each recipient's lines (the sum of their rows'
hashes, with their count), compares them with the last refresh's
(``summary_fingerprints``) and replaces those recipients' rows. What else a summary shows
(the committee names a giving committee is shown by) and how it is counted (the rules,
DuckDB's hash) make up the refresh's basis; when that changed, or when asked
(``whole``), every recipient is regrouped.

A summary is valid for the loads of the tables it reads (``SUMMARIES_READ``), the
resolve run and the counting rules it was made from (``summary_state``); the answering
functions here return None whenever it is missing or stale or the question is one it
cannot answer (a cycle other than the recipient's only one, a set of committees other
than the one summarised), and the analyses then count the lines. ``answered_from``
tells which way an answer came.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import AUTHORIZED_DESIGNATIONS, arrow, candidate_committees
from moneytrail.analysis.contributors import BY, _quote, _rows_sql, ranking_parts, recipients
from moneytrail.analysis.money_flow import _SOURCE
from moneytrail.formats.bulk.reader import sql_str
from moneytrail.warehouse.catalog import loads_key

SUMMARY_MEMORY = "3GB"  # grouping ten million lines spills to disk beyond this

# A committee id that names no committee: _rows_sql's committee list, opened up below.
_EVERY = "C_EVERY_COMMITTEE"

# Schema metadata on an answer that came from the summaries (the figures are the same).
ANSWERED_FROM = b"moneytrail.answered_from"


def _sql_file(name: str) -> str:
    return (resources.files("moneytrail.analysis") / "sql" / name).read_text()


def every_committee_rows_sql() -> str:
    """contribution_rows' SQL for all committees at once: each committee's lines as that
    function selects them for the committee alone (lines from the committee itself left
    out, as a one-committee question leaves them out)."""
    sql = _rows_sql([_EVERY], None)
    one = f"committee_id IN ('{_EVERY}')"
    own = f"coalesce(contributor_id, '') NOT IN ('{_EVERY}')"
    # Fail loudly if the analysis's SQL changed shape, rather than summarise other lines.
    if sql.count(one) != 2 or sql.count(own) != 1 or sql.count(_EVERY) != 3:
        raise RuntimeError("contributors._rows_sql changed; update analysis.summaries")
    return sql.replace(own, "coalesce(contributor_id, '') <> committee_id").replace(
        one, "committee_id IS NOT NULL"
    )


def _candidate_rows(candidate_id: str, committees: list[str]) -> str:
    """The statement that adds a candidate's lines (all its committees together)."""
    return _sql_file("summary_receipts.sql").format(
        into="INSERT INTO summary_rows",
        recipient=_quote(candidate_id),
        rows=_rows_sql(committees, None),
    )


@cache
def _statements() -> dict[str, str]:
    """Every statement refresh_summaries runs and every answering query, filled in."""
    found = {
        "rows": _sql_file("summary_receipts.sql").format(
            into="CREATE OR REPLACE TEMP TABLE summary_rows AS",
            recipient="committee_id",
            rows=every_committee_rows_sql(),
        ),
        # (the statement for one candidate, so that a change to it makes summaries stale)
        "candidate_rows": _candidate_rows("P00000000", ["C00000000", "C00000001"]),
    }
    for by in BY:
        parts = ranking_parts(by)
        found[f"top_{by}"] = _sql_file("summary_top_contributors.sql").format(**parts)
        found[f"answer_top_{by}"] = _sql_file("summary_top_answer.sql").format(**parts)
    found["money_in"] = _sql_file("summary_money_in.sql").format(source=_SOURCE)
    found["answer_money_in"] = _sql_file("summary_money_in_answer.sql")
    found["recipients"] = _sql_file("summary_recipients.sql")
    found["keep_rows"] = (
        "CREATE OR REPLACE TABLE summary_receipts AS "
        "SELECT * FROM summary_rows ORDER BY recipient_id, date"
    )
    found["fingerprints"] = (
        "CREATE OR REPLACE TEMP TABLE summary_new_fingerprints AS "
        "SELECT recipient_id, sum(hash(r)) AS fingerprint, count(*) AS lines "
        "FROM summary_rows r GROUP BY recipient_id"
    )
    found["changed"] = _sql_file("summary_changed.sql")
    return found


# A statement that makes a summary table whole, as _adding turns it into one that adds.
_MAKES = re.compile(r"CREATE OR REPLACE TABLE (summary_\w+) AS\b")


def _adding(statement: str) -> str:
    """``statement`` (one or more that each make a summary table from summary_rows) made
    to add summary_rows' groups to the tables instead: for the recipients a refresh
    regroups, their old rows deleted first."""
    added, made = _MAKES.subn(r"INSERT INTO \1", statement)
    # Fail loudly if a statement makes its table some other way, rather than replace it.
    if made == 0 or made != statement.count("CREATE "):
        raise RuntimeError("a summary statement changed shape; update summaries._adding")
    return added


# The tables of rows per summarised recipient, whose rows a partial refresh deletes and
# adds (summary_recipients, remade whole by every refresh, aside).
PER_RECIPIENT_TABLES = (
    *(f"summary_top_{by}{part}" for by in BY for part in ("", "_files")),
    "summary_money_in",
    "summary_money_in_files",
    "summary_receipts",
)


@cache
def _rules_digest() -> str:
    """What the summaries were computed by: a change of counting rules makes them stale."""
    text = "\n".join(f"{k}\n{v}" for k, v in sorted(_statements().items()))
    return hashlib.md5(text.encode()).hexdigest()


# The loaded tables the summaries are made from: the statements' (the receipts, the
# disbursements for refunds, the committee master) and candidate_sets' (the candidate
# master and its links). What resolve writes is covered by the run id; a load of only
# other tables (the FEC's summary files, say) leaves the summaries as they are.
SUMMARIES_READ = (
    "schedule_a",
    "schedule_b",
    "committees",
    "candidates",
    "candidate_committee_links",
)


def summaries_key(con: duckdb.DuckDBPyConnection) -> str:
    """The loads, the last resolve run and the rules a summary must have been made from."""
    run = con.execute("SELECT coalesce(max(run_id), 0) FROM resolve_runs").fetchall()[0][0]
    return f"{loads_key(con, SUMMARIES_READ)}:{run}:{_rules_digest()}"


def _basis(con: duckdb.DuckDBPyConnection) -> str:
    """What a summary depends on besides its recipient's counted lines: the committee
    names givers are shown by, the counting rules, and the hash that fingerprints the
    lines (DuckDB's, which a new DuckDB may compute otherwise)."""
    # (a filing's load writes no committee master row)
    names = loads_key(con, ("committees",), filings=False)
    return f"{names}:{_rules_digest()}:{duckdb.__version__}"


@dataclass
class SummaryReport:
    """What a refresh did: whether anything was (re)computed, the rows, the time."""

    refreshed: bool
    rows: dict[str, int]
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)
    # Of the recipients summarised, how many were regrouped (all of them when whole).
    regrouped: int = 0
    recipients: int = 0
    whole: bool = True

    def describe(self) -> str:
        if not self.refreshed:
            return "summaries: already up to date"
        counts = ", ".join(f"{k} {v:,}" for k, v in self.rows.items())
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in self.steps.items())
        which = (
            f"all {self.recipients:,} recipients regrouped"
            if self.whole
            else f"{self.regrouped:,} of {self.recipients:,} recipients regrouped, "
            "whose counted lines changed"
        )
        return f"summaries refreshed in {self.seconds:.1f}s: {which} ({counts}; {steps})"


def refresh_summaries(
    con: duckdb.DuckDBPyConnection,
    *,
    whole: bool = False,
    on_start: Callable[[], None] | None = None,
) -> SummaryReport:
    """Bring the summaries up to date with the warehouse's current rows, in one
    transaction: regroup the recipients whose counted lines changed since the last
    refresh, or every recipient when the basis changed or ``whole``.

    ``con``: a read-write connection to the catalog (``Warehouse.writer()``), outside any
    transaction, opened by moneytrail (``file_search_path`` set). Does nothing when the
    summaries already match the loads, the resolve run and the rules, unless ``whole``;
    ``on_start`` is called once it is known there is work to do."""
    started = time.perf_counter()
    key = summaries_key(con)
    con.execute(
        "CREATE TABLE IF NOT EXISTS summary_state "
        "(summaries_key VARCHAR, refreshed_at TIMESTAMP, seconds DOUBLE)"
    )
    # (a warehouse summarised by an earlier moneytrail has no basis: it is regrouped whole)
    con.execute("ALTER TABLE summary_state ADD COLUMN IF NOT EXISTS basis VARCHAR")
    if (
        not whole
        and con.execute(
            "SELECT count(*) FROM summary_state WHERE summaries_key = ?", [key]
        ).fetchall()[0][0]
    ):
        return SummaryReport(False, {}, time.perf_counter() - started)
    if on_start:
        on_start()
    basis = _basis(con)
    whole = whole or not _same_basis(con, basis)
    # Spills go to the connection's temporary directory (beside the catalog by default).
    previous = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    con.execute(f"SET memory_limit = '{SUMMARY_MEMORY}'")
    statements = _statements()
    steps: dict[str, float] = {}

    def step(name: str, sql: str) -> None:
        at = time.perf_counter()
        con.execute(sql)
        steps[name] = steps.get(name, 0.0) + time.perf_counter() - at

    def make(name: str, statement: str) -> None:
        step(name, statement if whole else _adding(statement))

    sets = candidate_sets(con)
    try:
        step("receipts", statements["rows"])
        for candidate_id, committees in sets.items():
            step("candidates' receipts", _candidate_rows(candidate_id, committees))
        step("fingerprints", statements["fingerprints"])
        if not whole:
            step("changes", statements["changed"])
        con.execute("BEGIN")
        try:
            if not whole:
                for table in PER_RECIPIENT_TABLES:
                    step(
                        "changes",
                        f"DELETE FROM {table} WHERE recipient_id IN "
                        "(SELECT recipient_id FROM summary_changed)",
                    )
            for by in BY:
                make(f"top by {by}", statements[f"top_{by}"])
            make("money in", statements["money_in"])
            make("receipts kept", statements["keep_rows"])
            con.register(
                "summary_candidate_sets",
                pa.table(
                    {
                        "candidate_id": pa.array(list(sets), pa.string()),
                        "committees": pa.array(list(sets.values()), pa.list_(pa.string())),
                    }
                ),
            )
            step("recipients", statements["recipients"])
            con.unregister("summary_candidate_sets")
            con.execute(
                "CREATE OR REPLACE TABLE summary_fingerprints AS "
                "SELECT * FROM summary_new_fingerprints ORDER BY recipient_id"
            )
            con.execute("DELETE FROM summary_state")
            con.execute(
                "INSERT INTO summary_state BY NAME "
                "SELECT ? AS summaries_key, now() AS refreshed_at, ? AS seconds, ? AS basis",
                [key, time.perf_counter() - started, basis],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        recipients = con.execute("SELECT count(*) FROM summary_fingerprints").fetchall()[0][0]
        regrouped = (
            recipients
            if whole
            else con.execute("SELECT count(*) FROM summary_changed").fetchall()[0][0]
        )
    finally:
        for temporary in ("summary_rows", "summary_new_fingerprints", "summary_changed"):
            con.execute(f"DROP TABLE IF EXISTS {temporary}")
        con.execute(f"SET memory_limit = {sql_str(previous)}")
    rows = {
        name: con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        for name in [f"summary_top_{by}" for by in BY] + ["summary_money_in", "summary_receipts"]
    }
    return SummaryReport(
        True, rows, time.perf_counter() - started, steps, regrouped, recipients, whole
    )


def _same_basis(con: duckdb.DuckDBPyConnection, basis: str) -> bool:
    """Whether the last refresh finished on this basis and its fingerprints and tables
    are all there, so its rows can be kept for the recipients whose lines did not change."""
    return bool(
        con.execute("SELECT count(*) FROM summary_state WHERE basis = ?", [basis]).fetchall()[0][0]
        and _have_tables(con, "summary_fingerprints", *PER_RECIPIENT_TABLES)
    )


def _have_tables(con: duckdb.DuckDBPyConnection, *names: str) -> bool:
    """Whether every one of these tables is in the catalog."""
    found = con.execute(
        "SELECT count(DISTINCT table_name) FROM duckdb_tables() WHERE list_contains(?, table_name)",
        [list(names)],
    ).fetchall()[0][0]
    return found == len(set(names))


def candidate_sets(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every candidate with more than one committee, and its committees as the analyses
    find them (``candidate_committees``, every cycle): a candidate with one committee is
    answered from that committee's summary."""
    several = con.execute(
        f"""
        SELECT candidate_id FROM (
            SELECT candidate_id, committee_id FROM candidate_committee_links
            WHERE committee_designation IN {AUTHORIZED_DESIGNATIONS}
            UNION SELECT candidate_id, principal_committee_id FROM candidates
            WHERE principal_committee_id IS NOT NULL
        ) GROUP BY 1 HAVING count(DISTINCT committee_id) > 1 ORDER BY 1
        """
    ).fetchall()
    return {r[0]: candidate_committees(con, r[0]) for r in several}


def _refreshed_once(con: duckdb.DuckDBPyConnection) -> bool:
    return _have_tables(con, "summary_state")


def summaries_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the summaries exist and match the warehouse as it is now."""
    if not _refreshed_once(con):
        return False
    found = con.execute("SELECT summaries_key FROM summary_state").fetchall()
    return bool(found) and found[0][0] == summaries_key(con)


def summaries_status(con: duckdb.DuckDBPyConnection) -> dict | None:
    """A row for ``moneytrail status``: how many recipients are summarised, when, and
    whether the summaries still match the warehouse (None before the first refresh)."""
    if not _refreshed_once(con):
        return None
    at = con.execute("SELECT max(refreshed_at) FROM summary_state").fetchall()[0][0]
    if at is None:  # (the first refresh did not finish)
        return None
    n = con.execute("SELECT count(*) FROM summary_recipients").fetchall()[0][0]
    state = "current" if summaries_current(con) else "stale: run moneytrail resolve"
    return {"table": "summary_*", "rows": n, "sources": f"moneytrail resolve ({state})",
            "cycles": "", "loaded_at": at}  # fmt: skip


def summary_recipient(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
) -> str | None:
    """The summary that answers for a committee or a candidate (its committee's, or the
    candidate's own when it has several), or None when none can: the summaries are
    missing or stale, or the question is about a cycle (or, for a candidate, a set of
    committees) other than the one summarised. Unknown ids raise AnalysisError, as the
    analyses do."""
    committees = recipients(con, committee_id=committee_id, candidate_id=candidate_id, cycle=cycle)
    if not summaries_current(con):
        return None
    key = committees[0] if len(committees) == 1 else (candidate_id or "").strip().upper()
    found = con.execute(
        "SELECT committees, cycles FROM summary_recipients WHERE recipient_id = ?", [key]
    ).fetchall()
    if not found or sorted(found[0][0]) != sorted(committees):
        return None
    if cycle is not None and found[0][1] != [cycle]:
        return None
    return key


def summary_rows_sql(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
) -> str | None:
    """The counted receipt lines of a committee or candidate, already counted (the
    columns top contributors and money in group by, with state and date), or None when
    the summaries cannot answer for it: for questions by state, date, month or week."""
    key = summary_recipient(con, committee_id=committee_id, candidate_id=candidate_id, cycle=cycle)
    if key is None:
        return None
    return (
        f"SELECT * EXCLUDE (recipient_id) FROM summary_receipts WHERE recipient_id = {_quote(key)}"
    )


def top_contributors_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
    by: str = "organization",
    limit: int = 25,
) -> pa.Table | None:
    """``top_contributors`` with the same arguments (no states, dates or detail), from
    the summaries: the same table, or None when the summaries cannot answer."""
    if by not in BY or limit < 1:
        return None
    key = summary_recipient(con, committee_id=committee_id, candidate_id=candidate_id, cycle=cycle)
    if key is None:
        return None
    return marked(
        arrow(con, _statements()[f"answer_top_{by}"], {"recipient": key, "limit": limit}),
        "summary",
    )


def money_in_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
    top: int = 5,
) -> pa.Table | None:
    """``money_in`` with the same arguments (no states or dates), from the summaries:
    the same table, or None when the summaries cannot answer."""
    key = summary_recipient(con, committee_id=committee_id, candidate_id=candidate_id, cycle=cycle)
    if key is None:
        return None
    return marked(
        arrow(con, _statements()["answer_money_in"], {"recipient": key, "top": top}),
        "summary",
    )


def marked(table: pa.Table, source: str) -> pa.Table:
    """``table`` saying what it was read from (``answered_from``)."""
    return table.replace_schema_metadata(
        {**(table.schema.metadata or {}), ANSWERED_FROM: source.encode()}
    )


def answered_from(table: pa.Table) -> str | None:
    """What an analysis's answer was read from: "summary" (the groups themselves),
    "summary_receipts" (the lines as counted by the last refresh), or None (the lines,
    counted afresh). The figures are the same whichever it was."""
    found = (table.schema.metadata or {}).get(ANSWERED_FROM)
    return found.decode() if found else None
