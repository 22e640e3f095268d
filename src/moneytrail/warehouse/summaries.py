"""Per-committee summaries that answer the heaviest single-committee questions without
counting and grouping the committee's receipt lines on each call.

On a 10-million-row cycle, top contributors to a presidential-size committee (two
million receipts, one and a half million donors) took 1.5 s by organization and 4-5 s
by donor, nearly all of it grouping the lines (most frequent name, city and employer of
each donor); money in took 0.9 s. ``refresh_summaries`` computes, for every committee at
once, the groups those analyses show (``sql/summary_*.sql``), so the question reads one
committee's groups in rank order. The lines that count are taken from the analyses' own
SQL (``analysis.contributors.contribution_rows``) with its committee filter opened to
all committees, so the summaries cannot drift from what the analyses count.

A summary is valid for the loads, the resolve run and the counting rules it was made
from (``summary_state``); ``top_contributors_summary`` and ``money_in_summary`` return
None whenever it is missing or stale, or the question is one it cannot answer (several
committees, a state or date filter, a cycle other than the committee's only one), and
the caller asks the analysis itself.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import arrow
from moneytrail.analysis.contributors import (
    _GROUP_KEYS,
    _KIND_ORDER,
    _PARTS,
    LABELS,
    _kind_sql,
    _quote,
    _rows_sql,
)
from moneytrail.analysis.money_flow import _SOURCE
from moneytrail.formats.bulk.reader import sql_str
from moneytrail.warehouse.catalog import loads_key

BYS = ("organization", "industry", "sector", "donor")
SUMMARY_MEMORY = "3GB"  # grouping ten million lines spills to disk beyond this

# A committee id that names no committee: _rows_sql's committee list, opened up below.
_EVERY = "C_EVERY_COMMITTEE"

# What top_contributors shows for each group, per grouping (its ``columns`` and ``names``).
_COLUMNS = {
    "donor": """
        any_value(group_key) FILTER (WHERE group_kind = 'donor') AS donor_id,
        CASE WHEN any_value(group_kind) = 'donor' THEN mode(contributor_name) END AS name,
        CASE WHEN any_value(group_kind) = 'donor'
             THEN mode(concat_ws(', ', contributor_city, contributor_state)) END AS city_state,
        CASE WHEN any_value(group_kind) = 'donor' THEN mode(contributor_employer) END
            AS employer,""",
    "organization": f"""
        any_value(top_org_id) FILTER (WHERE group_kind = 'organization') AS org_id,
        CASE any_value(group_kind)
          WHEN 'organization' THEN any_value(top_org_name)
          WHEN 'committee' THEN coalesce(any_value(cm.name), mode(contributor_name))
               || coalesce(' (' || any_value(contributor_id) || ')', '')
          WHEN 'non_org' THEN replace(any_value(non_org), '_', ' ')
        END AS name,
        any_value(industry) AS industry, any_value(sector) AS sector,
        {_PARTS}""",
    **{
        by: f"""
        CASE any_value(group_kind) WHEN 'organization' THEN any_value({by})
          WHEN 'non_org' THEN replace(any_value(non_org), '_', ' ') END AS {by},
        CASE WHEN any_value(group_kind) IN ('organization', 'industry_unknown')
             THEN count(DISTINCT top_org_id) END AS organizations,
        {_PARTS}"""
        for by in ("industry", "sector")
    },
}
_NAMES = {
    "donor": "donor_id, name, city_state, employer",
    "organization": "org_id, name, industry, sector, pac_amount, employees_amount, "
    "organization_amount",
    **{
        by: f"{by}, organizations, pac_amount, employees_amount, organization_amount"
        for by in ("industry", "sector")
    },
}


def _sql_file(name: str) -> str:
    return (resources.files("moneytrail.warehouse") / "sql" / name).read_text()


def _in_list(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join(_quote(v) for v in values) + ")"


def every_committee_rows_sql() -> str:
    """contribution_rows' SQL for all committees at once: each committee's lines as that
    function selects them for the committee alone (lines from the committee itself left
    out, as a one-committee question leaves them out)."""
    sql = _rows_sql([_EVERY], None)
    one = f"committee_id IN ('{_EVERY}')"
    own = f"coalesce(contributor_id, '') NOT IN ('{_EVERY}')"
    # Fail loudly if the analysis's SQL changed shape, rather than summarise other lines.
    if sql.count(one) != 2 or sql.count(own) != 1 or sql.count(_EVERY) != 3:
        raise RuntimeError("contributors._rows_sql changed; update warehouse.summaries")
    return sql.replace(own, "coalesce(contributor_id, '') <> committee_id").replace(
        one, "committee_id IS NOT NULL"
    )


def _top_parts(by: str) -> dict[str, str]:
    ranked_kinds, key = _GROUP_KEYS[by]
    names = _NAMES[by]
    parts = names.split(", ")
    label_col = by if by in ("industry", "sector") else "name"
    labels = "CASE kind " + " ".join(
        f"WHEN {_quote(k)} THEN {_quote(v)}" for k, v in LABELS.items()
    )
    return {
        "by": by,
        "kind": _kind_sql(by),
        "key": key,
        "columns": _COLUMNS[by],
        "ranked": _in_list(list(ranked_kinds)),
        "names": names,
        "others": ", ".join(f"sum({n})" if n.endswith("_amount") else "NULL" for n in parts),
        "shown_names": ", ".join(
            f"coalesce({n}, {labels} END) AS {n}" if n == label_col else n for n in parts
        ),
        "order": "CASE kind "
        + " ".join(f"WHEN {_quote(k)} THEN {i}" for i, k in enumerate(_KIND_ORDER)),
    }


@cache
def _statements() -> dict[str, str]:
    """Every statement refresh_summaries runs and every answering query, filled in."""
    found = {"rows": _sql_file("summary_receipts.sql").format(rows=every_committee_rows_sql())}
    for by in BYS:
        parts = _top_parts(by)
        found[f"top_{by}"] = _sql_file("summary_top_contributors.sql").format(**parts)
        found[f"answer_top_{by}"] = _sql_file("summary_top_answer.sql").format(**parts)
    found["money_in"] = _sql_file("summary_money_in.sql").format(source=_SOURCE)
    found["answer_money_in"] = _sql_file("summary_money_in_answer.sql")
    found["cycles"] = _sql_file("summary_cycles.sql")
    return found


def _rules_digest() -> str:
    """What the summaries were computed by: a change of counting rules makes them stale."""
    text = "\n".join(f"{k}\n{v}" for k, v in sorted(_statements().items()))
    return hashlib.md5(text.encode()).hexdigest()


def summaries_key(con: duckdb.DuckDBPyConnection) -> str:
    """The loads, the last resolve run and the rules a summary must have been made from."""
    run = con.execute("SELECT coalesce(max(run_id), 0) FROM resolve_runs").fetchall()[0][0]
    return f"{loads_key(con)}:{run}:{_rules_digest()}"


@dataclass
class SummaryReport:
    """What a refresh did: whether anything was (re)computed, the rows, the time."""

    refreshed: bool
    rows: dict[str, int]
    seconds: float

    def describe(self) -> str:
        if not self.refreshed:
            return "summaries: already up to date"
        counts = ", ".join(f"{k} {v:,}" for k, v in self.rows.items())
        return f"summaries refreshed in {self.seconds:.1f}s ({counts})"


def refresh_summaries(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> SummaryReport:
    """Recompute every summary from the warehouse's current rows, in one transaction.

    ``con``: a read-write connection to the catalog (``Warehouse.writer()``), outside any
    transaction, opened by moneytrail (``file_search_path`` set). Does nothing when the
    summaries already match the loads, the resolve run and the rules, unless ``force``."""
    started = time.perf_counter()
    key = summaries_key(con)
    con.execute(
        "CREATE TABLE IF NOT EXISTS summary_state "
        "(summaries_key VARCHAR, refreshed_at TIMESTAMP, seconds DOUBLE)"
    )
    if (
        not force
        and con.execute(
            "SELECT count(*) FROM summary_state WHERE summaries_key = ?", [key]
        ).fetchall()[0][0]
    ):
        return SummaryReport(False, {}, time.perf_counter() - started)
    # Spills go to the connection's temporary directory (beside the catalog by default).
    previous = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    con.execute(f"SET memory_limit = '{SUMMARY_MEMORY}'")
    statements = _statements()
    try:
        con.execute(statements["rows"])
        con.execute("BEGIN")
        try:
            for by in BYS:
                con.execute(statements[f"top_{by}"])
            con.execute(statements["money_in"])
            con.execute(statements["cycles"])
            con.execute("DELETE FROM summary_state")
            con.execute(
                "INSERT INTO summary_state VALUES (?, now(), ?)",
                [key, time.perf_counter() - started],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.execute("DROP TABLE IF EXISTS summary_rows")
        con.execute(f"SET memory_limit = {sql_str(previous)}")
    rows = {
        name: con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        for name in [f"summary_top_{by}" for by in BYS] + ["summary_money_in"]
    }
    return SummaryReport(True, rows, time.perf_counter() - started)


def summaries_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the summaries exist and match the warehouse as it is now."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'summary_state'"
    ).fetchall()[0][0]
    if not exists:
        return False
    found = con.execute("SELECT summaries_key FROM summary_state").fetchall()
    return bool(found) and found[0][0] == summaries_key(con)


def _answerable(con: duckdb.DuckDBPyConnection, committee_id: str, cycle: int | None) -> bool:
    """The summaries count every cycle of a committee: they answer a question about one
    cycle only when that is the only cycle the committee's lines are from."""
    if not summaries_current(con):
        return False
    if cycle is None:
        return True
    found = con.execute(
        "SELECT cycles FROM summary_cycles WHERE committee_id = ?", [committee_id]
    ).fetchall()
    return bool(found) and found[0][0] == [cycle]


def top_contributors_summary(
    con: duckdb.DuckDBPyConnection,
    committee_id: str,
    *,
    by: str = "organization",
    limit: int = 25,
    cycle: int | None = None,
) -> pa.Table | None:
    """``top_contributors(con, committee_id=..., by=..., limit=..., cycle=...)`` without
    states, dates or detail, from the summaries: the same table, or None when the
    summaries cannot answer (missing, stale, or another cycle is asked about)."""
    if by not in BYS or not _answerable(con, committee_id, cycle):
        return None
    return arrow(
        con,
        _statements()[f"answer_top_{by}"],
        {"committee": committee_id, "limit": limit},
    )


def money_in_summary(
    con: duckdb.DuckDBPyConnection, committee_id: str, *, top: int = 5, cycle: int | None = None
) -> pa.Table | None:
    """``money_in(con, committee_id=..., top=..., cycle=...)`` without states or dates,
    from the summaries: the same table, or None when the summaries cannot answer."""
    if not _answerable(con, committee_id, cycle):
        return None
    return arrow(con, _statements()["answer_money_in"], {"committee": committee_id, "top": top})
