"""Money flow: where a committee's money came from and where it went; and, for an
organization or a donor, every committee and candidate they funded.

Into a committee: the contributions that count toward it as ``moneytrail top`` counts
them (``contributors.contribution_rows``: the recipient's side, refunds netted, conduit
and joint-fundraising lumps replaced by the memo lines that attribute them), by the kind
of source. Out of it: its disbursements and independent expenditures by purpose, as
``moneytrail spending`` counts them. Both sides name their largest counterparties.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import (
    COUNTS_SQL,
    AnalysisError,
    arrow,
    check_count,
    period_sql,
)
from moneytrail.analysis.contributors import counted_lines, filtered, mark_kept, recipients
from moneytrail.analysis.spending import spending

# The kind of source of each counted receipt (first match wins).
_SOURCE = """
CASE
  WHEN role = 'transfer' THEN 'transfers from affiliated committees'
  WHEN kind = 'candidate' OR entity_type = 'CAN' THEN 'the candidate'
  WHEN kind = 'conduit_unknown' THEN 'via conduits, donor unknown'
  WHEN kind = 'jfc_unknown' THEN 'via joint fundraising, donor unknown'
  WHEN entity_type = 'IND' THEN 'individuals'
  WHEN entity_type = 'PTY' THEN 'party committees'
  WHEN entity_type = 'CCM' THEN 'candidate committees'
  WHEN entity_type IN ('PAC', 'COM') THEN 'PACs and other committees'
  WHEN entity_type = 'ORG' THEN 'organizations'
  ELSE 'other'
END
"""


IN_DIMENSIONS = ("source", "state", "month", "week")


def _check_dimensions(by: tuple[str, ...]) -> None:
    bad = [d for d in by if d not in IN_DIMENSIONS]
    if bad or not by:
        raise AnalysisError(
            f"cannot group by {', '.join(bad) or 'nothing'}; choose from {', '.join(IN_DIMENSIONS)}"
        )


def money_in(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
    top: int = 5,
    states: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    by: tuple[str, ...] = ("source",),
    summaries: bool = True,
) -> pa.Table:
    """Where the money came from: per kind of source (and/or the giver's ``state``, the
    ``month`` or ``week`` of the receipt, as ``by`` asks), the amount (net of refunds),
    the number of lines, the ``top`` sources by amount and the file numbers behind it.
    ``states`` keeps sources in those states; ``since``/``until`` bound the date.
    The answer comes from the pre-computed summaries when they match the warehouse (by
    source alone, without states or dates: the sources themselves; else the lines as
    they were counted), which gives the same table; ``summaries=False`` always counts
    the lines afresh."""
    _check_dimensions(by)
    check_count("top", top)
    committees = recipients(con, committee_id=committee_id, candidate_id=candidate_id, cycle=cycle)
    asked = {"committee_id": committee_id, "candidate_id": candidate_id, "cycle": cycle}
    if summaries and tuple(by) == ("source",) and not (states or since or until):
        from moneytrail.analysis.summaries import money_in_summary  # (it imports us)

        found = money_in_summary(con, **asked, top=top)
        if found is not None:
            return found
    counted, kept_rows = counted_lines(con, committees, cycle, asked=asked, summaries=summaries)
    rows = filtered(counted, states=states, since=since, until=until)
    dims = {
        "source": _SOURCE,
        "state": "contributor_state",
        "month": period_sql("date", "month"),
        "week": period_sql("date", "week"),
    }
    chosen = ", ".join(f"{dims[d]} AS {d}" for d in by)
    names = ", ".join(by)
    # time runs down the table; within a period or state, the largest kinds first
    order = ", ".join([d for d in by if d != "source"] + ["amount DESC"] + list(by))
    same = " AND ".join(f"r.{d} IS NOT DISTINCT FROM f.{d}" for d in by)
    table = arrow(
        con,
        f"""
        WITH counted AS (
            SELECT {chosen}, coalesce(contributor_name, contributor_id) AS who,
                   amount, file_number
            FROM ({rows})
        ),
        by_who AS (
            SELECT {names}, who, sum(amount) AS given, count(*) AS items
            FROM counted GROUP BY ALL
        ),
        -- min_by keeps the largest few without sorting every source's whole list; the
        -- name in the key puts givers of equal sums in a fixed order (A before Z)
        ranked AS (
            SELECT {names}, sum(given) AS amount, sum(items)::BIGINT AS items,
                   min_by(who, {{'given': -given, 'who': who}}, $top) AS top_sources
            FROM by_who GROUP BY ALL
        ),
        files AS (
            SELECT {names},
                   list_sort(list(DISTINCT file_number) FILTER (WHERE file_number IS NOT NULL))
                       AS file_numbers
            FROM counted GROUP BY ALL
        )
        SELECT r.*, f.file_numbers
        FROM ranked r JOIN files f ON {same}
        ORDER BY {order}
        """,
        {"top": top},
    )
    return mark_kept(table, kept_rows)


def money_out(
    con: duckdb.DuckDBPyConnection,
    committee_id: str,
    *,
    top: int = 5,
    states: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    by: tuple[str, ...] = ("source",),
) -> pa.Table:
    """Where the money went: disbursements and independent expenditures by purpose
    category, with the ``top`` payees of each (see ``spending``); ``by`` as for
    ``money_in``, the purpose standing for the source and the payee's state for the
    giver's."""
    _check_dimensions(by)
    return spending(
        con, committee_id, by=tuple("category" if d == "source" else d for d in by),
        top_payees=top, states=states, since=since, until=until,
    )  # fmt: skip


def funded_by(
    con: duckdb.DuckDBPyConnection,
    *,
    org_id: str | None = None,
    donor_id: str | None = None,
    cycle: int | None = None,
) -> pa.Table:
    """Every committee an organization (with everything it owns: its employees, its PACs,
    itself) or a donor gave to, with the committee's party and candidate, largest first.
    Memo lines are left out; amounts are as the recipients reported them."""
    if (org_id is None) == (donor_id is None):
        raise AnalysisError("give an organization or a donor, not both or neither")
    if org_id is not None:
        who = """
            WITH RECURSIVE family(org_id) AS (
                SELECT $id::VARCHAR
                UNION SELECT o.org_id FROM organizations o JOIN family f
                    ON o.parent_id = f.org_id
            )
            SELECT * FROM schedule_a WHERE org_id IN (SELECT org_id FROM family)
        """
        exists = "SELECT count(*) FROM organizations WHERE org_id = $id"
    else:
        who = "SELECT * FROM schedule_a WHERE donor_id = $id"
        exists = "SELECT count(*) FROM donor_records WHERE donor_id = $id"
    found = con.execute(exists, {"id": org_id or donor_id}).fetchall()[0][0]
    if not found:
        raise AnalysisError(
            f"no {'organization' if org_id else 'donor'} {org_id or donor_id!r} in the "
            "warehouse; run `moneytrail resolve` after loading"
        )
    return arrow(
        con,
        f"""
        WITH given AS (
            {who}
        ),
        committee AS (
            SELECT committee_id, arg_max(name, cycle) AS committee_name,
                   arg_max(party, cycle) AS committee_party,
                   arg_max(candidate_id, cycle) AS candidate_id
            FROM committees GROUP BY committee_id
        ),
        candidate AS (
            SELECT candidate_id, arg_max(name, cycle) AS candidate_name,
                   arg_max(party, cycle) AS candidate_party
            FROM candidates GROUP BY candidate_id
        )
        SELECT g.committee_id, c.committee_name, c.candidate_id, k.candidate_name,
               coalesce(k.candidate_party, c.committee_party) AS party,
               sum(g.contribution_receipt_amount) AS amount, count(*) AS contributions,
               list(DISTINCT g.org_via) FILTER (WHERE g.org_via IS NOT NULL) AS via,
               list_sort(list(DISTINCT g.file_number)
                   FILTER (WHERE g.file_number IS NOT NULL)) AS file_numbers
        FROM given g
        LEFT JOIN committee c USING (committee_id)
        LEFT JOIN candidate k ON k.candidate_id = c.candidate_id
        WHERE {COUNTS_SQL} AND ($cycle IS NULL OR g.cycle = $cycle)
        GROUP BY ALL ORDER BY amount DESC, g.committee_id
        """,
        {"id": org_id or donor_id, "cycle": cycle},
    )
