"""Outside spending: independent expenditures for and against candidates.

Independent expenditures reach the warehouse from several places that describe the same
money: 24/48-hour notices and the periodic report that later repeats them (Schedule E of
an F3X, F3P or F5), the bulk independent-expenditure file, the 24E/24A lines of the
committee-to-candidate file (itpas2) and again of the committee-to-committee file (itoth,
where they land in ``schedule_b`` with the candidate in ``recipient_committee_id``), an
original report and its amendment. The warehouse already leaves out .fec filings an
amendment replaces, .fec notices a periodic report covers, and bulk rows of reports a
loaded .fec filing speaks for. :func:`ie_lines_sql` counts each expenditure once among
what is left (rules in order; memo lines never count):

1. **Amendments in the bulk IE file.** A filing that a later filing of the same spender
   names as its ``previous_file_number`` is replaced whole (the FEC treats an amended
   report as a complete replacement).
2. **One line, two bulk files.** One line per (spender, file number, transaction id, or
   sub id when there is no transaction id): itpas2, itoth and the IE file list the same
   line with the same ids.
3. **One expenditure, two filings, same transaction id.** Lines of one spender about one
   candidate, on one side and date, with one transaction id: the latest filing's counts
   (a periodic report repeating a notice, an amendment correcting an amount).
4. **One expenditure, two filings, different transaction ids.** Lines of one spender
   about one candidate, on one side, with one date and amount: only the latest filing
   that has such a line counts (all of its lines do, so two equal lines of one report
   stay two).

Rules 3 and 4 ask for the same candidate, side and date as well as the id, so software
that numbers lines afresh in each report ("SE.1") does not merge a spender's monthly
reports. Their cost: two genuinely separate expenditures of one spender, equal in
candidate, side, date and amount, reported in two different filings, count once.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import (
    COUNTS_SQL,
    AnalysisError,
    arrow,
    date_conditions,
    period_sql,
)

# Transaction types of an independent expenditure in the bulk files (FEC, "Transaction
# type code descriptions"): 24E supports the candidate, 24A opposes.
IE_TYPES = {"24E": "S", "24A": "O"}


def _latest(column: str) -> str:
    """The value of ``column`` on the group's latest line that gives one (by date, then
    filing, file and line): filings name a spender or candidate in more than one way, and
    a label should not change from one run to the next."""
    return (
        f"first({column} ORDER BY date DESC NULLS LAST, file_number DESC NULLS LAST, "
        f"source_file DESC, source_line DESC) FILTER (WHERE {column} IS NOT NULL)"
    )


# Per grouping: the grouping columns (name, SQL) and a label column, if any.
BY: dict[str, tuple[list[tuple[str, str]], str | None]] = {
    "spender": ([("committee_id", "committee_id")], f"{_latest('committee_name')} AS spender"),
    "candidate": ([("candidate_id", "candidate_id")], f"{_latest('candidate_name')} AS candidate"),
    "race": (
        [(c, c) for c in ("candidate_office", "candidate_office_state",
                          "candidate_office_district")],
        None,
    ),
    "state": ([("candidate_office_state", "candidate_office_state")], None),
    "month": ([("month", period_sql("date", "month"))], None),
    "week": ([("week", period_sql("date", "week"))], None),
}  # fmt: skip

_LINES = f"""
WITH raw AS (
    SELECT 'schedule_e' AS schedule, committee_id, committee_name, candidate_id,
           candidate_name, candidate_office, candidate_office_state,
           candidate_office_district, support_oppose_indicator,
           coalesce(dissemination_date, expenditure_date) AS date,
           expenditure_amount AS amount, payee_name, payee_state,
           expenditure_description AS purpose, file_number, previous_file_number,
           transaction_id, sub_id, image_number, source_file, source_line
    FROM schedule_e WHERE {{where_e}} AND {COUNTS_SQL}
    UNION ALL
    SELECT 'schedule_b', committee_id, NULL, recipient_committee_id, NULL, NULL, NULL, NULL,
           CASE disbursement_type WHEN '24E' THEN 'S' ELSE 'O' END, disbursement_date,
           disbursement_amount, recipient_name, recipient_state, disbursement_description,
           file_number, NULL, transaction_id, sub_id, image_number, source_file, source_line
    FROM schedule_b
    WHERE disbursement_type IN ('24E', '24A') AND {{where_b}} AND {COUNTS_SQL}
),
-- 1. filings a later filing of the same spender amends
replaced AS (
    SELECT DISTINCT committee_id, previous_file_number AS file_number FROM schedule_e
    WHERE previous_file_number IS NOT NULL
      AND committee_id IN (SELECT DISTINCT committee_id FROM raw)
),
current AS (
    SELECT * FROM raw ANTI JOIN replaced USING (committee_id, file_number)
),
-- 2. the same line from two bulk files (the fuller line wins)
one_per_filing AS (
    SELECT * FROM current
    QUALIFY coalesce(transaction_id, CAST(sub_id AS VARCHAR)) IS NULL OR row_number() OVER (
        PARTITION BY committee_id, file_number, coalesce(transaction_id, CAST(sub_id AS VARCHAR))
        ORDER BY schedule DESC, candidate_office_state IS NULL, source_file, source_line) = 1
),
-- 3. one transaction id in several filings: the latest counts
by_id AS (
    SELECT * FROM one_per_filing
    QUALIFY transaction_id IS NULL OR row_number() OVER (
        PARTITION BY committee_id, candidate_id, support_oppose_indicator, date, transaction_id
        ORDER BY file_number DESC NULLS LAST, source_file, source_line) = 1
),
-- 4. one date and amount in several filings: the latest filing's lines count
lines AS (
    SELECT * FROM by_id
    QUALIFY coalesce(file_number, -1) = max(coalesce(file_number, -1)) OVER (
        PARTITION BY committee_id, candidate_id, support_oppose_indicator, date, amount)
),
spenders AS (
    SELECT committee_id, arg_max(name, cycle) AS name FROM committees
    WHERE committee_id IN (SELECT DISTINCT committee_id FROM lines) GROUP BY 1
),
races AS (
    SELECT candidate_id, arg_max(name, cycle) AS name, arg_max(state, cycle) AS state,
           arg_max(office, cycle) AS office, arg_max(district, cycle) AS district
    FROM candidates
    WHERE candidate_id IN (SELECT DISTINCT candidate_id FROM lines) GROUP BY 1
)
SELECT l.committee_id, coalesce(l.committee_name, s.name) AS committee_name, l.candidate_id,
       coalesce(l.candidate_name, k.name) AS candidate_name,
       coalesce(l.candidate_office, k.office) AS candidate_office,
       coalesce(l.candidate_office_state, k.state) AS candidate_office_state,
       coalesce(l.candidate_office_district, k.district) AS candidate_office_district,
       l.support_oppose_indicator, l.date, l.amount, l.payee_name, l.payee_state,
       l.purpose, l.schedule, l.file_number, l.image_number, l.transaction_id,
       l.source_file, l.source_line
FROM lines l LEFT JOIN spenders s USING (committee_id) LEFT JOIN races k USING (candidate_id)
"""


def ie_lines_sql(*, candidate: bool) -> str:
    """SQL for the counted independent-expenditure lines about the candidate (``candidate``
    true) or by the spender (false) named by the ``$id`` parameter, each expenditure once
    (rules in the module docstring). Columns: spender, candidate and race, side, ``date``
    (dissemination date when known), ``amount``, payee, ``purpose``, ``schedule`` (the
    table the line came from) and the line's filing ids and source."""
    if candidate:
        return _LINES.format(where_e="candidate_id = $id", where_b="recipient_committee_id = $id")
    return _LINES.format(where_e="committee_id = $id", where_b="committee_id = $id")


def _known(con: duckdb.DuckDBPyConnection, candidate_id: str | None, committee_id: str | None):
    if candidate_id:
        sql = (
            "SELECT EXISTS (SELECT 1 FROM candidates WHERE candidate_id = $id) "
            "OR EXISTS (SELECT 1 FROM schedule_e WHERE candidate_id = $id) "
            "OR EXISTS (SELECT 1 FROM schedule_b WHERE recipient_committee_id = $id "
            "AND disbursement_type IN ('24E', '24A'))"
        )
        what = f"candidate {candidate_id}"
    else:
        sql = (
            "SELECT EXISTS (SELECT 1 FROM committees WHERE committee_id = $id) "
            "OR EXISTS (SELECT 1 FROM schedule_e WHERE committee_id = $id) "
            "OR EXISTS (SELECT 1 FROM schedule_b WHERE committee_id = $id)"
        )
        what = f"committee {committee_id}"
    if not con.execute(sql, {"id": candidate_id or committee_id}).fetchall()[0][0]:
        raise AnalysisError(f"no {what} in the warehouse")


def outside_spending(
    con: duckdb.DuckDBPyConnection,
    *,
    candidate_id: str | None = None,
    committee_id: str | None = None,
    by: str = "spender",
    support_oppose: str | None = None,
    states: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    detail: bool = False,
) -> pa.Table:
    """Independent expenditures about ``candidate_id`` (who is spending to help or hurt
    them) or by ``committee_id`` (whom a spender helped or hurt), grouped ``by`` spender,
    candidate, race, state, month or week: ``support``, ``oppose`` and ``total``, the
    number of ``lines`` and the ``file_numbers`` behind them. ``support_oppose`` ('S' or
    'O') keeps one side, ``states`` the races in those states, ``since``/``until`` the
    dates (dissemination date when known; inclusive). ``detail`` lists the lines
    themselves, with their file and image numbers and source lines."""
    if (candidate_id is None) == (committee_id is None):
        raise AnalysisError("give a candidate or a spending committee, not both or neither")
    if by not in BY:
        raise AnalysisError(f"cannot group by {by}; choose from {', '.join(BY)}")
    if support_oppose not in (None, "S", "O"):
        raise AnalysisError("support_oppose is S (support) or O (oppose)")
    params: dict[str, object] = {"id": candidate_id or committee_id}
    where = ["TRUE", *date_conditions(since, until, params)]
    _known(con, candidate_id, committee_id)
    if support_oppose:
        where.append("support_oppose_indicator = $so")
        params["so"] = support_oppose
    if states:
        where.append("candidate_office_state IN (SELECT unnest($st))")
        params["st"] = list(states)
    lines = (
        f"SELECT * FROM ({ie_lines_sql(candidate=candidate_id is not None)}) "
        f"WHERE {' AND '.join(where)}"
    )
    if detail:
        return arrow(
            con,
            f"SELECT * EXCLUDE (purpose), purpose AS expenditure_description FROM ({lines}) "
            "ORDER BY date, amount DESC, source_file, source_line",
            params,
        )
    columns, label = BY[by]
    keys = ", ".join(name for name, _ in columns)
    selected = ", ".join(f"{sql} AS {name}" for name, sql in columns)
    return arrow(
        con,
        f"""
        SELECT {selected}{", " + label if label else ""},
               sum(amount) FILTER (WHERE support_oppose_indicator = 'S') AS support,
               sum(amount) FILTER (WHERE support_oppose_indicator = 'O') AS oppose,
               sum(amount) AS total, count(*) AS lines,
               list_sort(list(DISTINCT file_number) FILTER (WHERE file_number IS NOT NULL))
                   AS file_numbers
        FROM ({lines})
        GROUP BY {keys} ORDER BY total DESC NULLS LAST, {keys}
        """,
        params,
    )
