"""Outside spending: independent expenditures for and against candidates.

Independent expenditures reach the warehouse from several places that describe the same
money: 24/48-hour notices and the periodic report that later repeats them, the bulk
independent-expenditure file and the 24E/24A lines of the committee-to-candidate file,
an original report and its amendment. The warehouse already drops .fec notices a
periodic report covers and filings an amendment replaces; here each expenditure counts
once more generally:

1. one line per (spender, file number, transaction id): the same line from two bulk
   files is one line;
2. one line per (spender, transaction id) across filings: the latest filing that reports
   it wins — a periodic report repeating a notice, or an amendment, comes later.

Lines without a transaction id are kept as they are. Memo lines never count.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import COUNTS_SQL, AnalysisError, arrow, period_sql

# Per grouping: the grouping columns (name, SQL) and a label column, if any.
BY: dict[str, tuple[list[tuple[str, str]], str | None]] = {
    "spender": ([("committee_id", "committee_id")], "any_value(committee_name) AS spender"),
    "candidate": ([("candidate_id", "candidate_id")], "any_value(candidate_name) AS candidate"),
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
WITH picked AS (
    SELECT e.*, coalesce(e.dissemination_date, e.expenditure_date) AS date,
           coalesce(e.committee_name, c.name) AS spender,
           coalesce(e.candidate_name, k.name) AS candidate_label,
           coalesce(e.candidate_office_state, k.state) AS race_state,
           coalesce(e.candidate_office, k.office) AS race_office,
           coalesce(e.candidate_office_district, k.district) AS race_district
    FROM schedule_e e
    LEFT JOIN (SELECT committee_id, arg_max(name, cycle) AS name FROM committees GROUP BY 1) c
           USING (committee_id)
    LEFT JOIN (SELECT candidate_id, arg_max(name, cycle) AS name, arg_max(state, cycle) AS state,
                      arg_max(office, cycle) AS office, arg_max(district, cycle) AS district
               FROM candidates GROUP BY 1) k USING (candidate_id)
    WHERE {COUNTS_SQL} AND {{where}}
),
-- 1. the same line from two files
one_per_filing AS (
    SELECT * FROM picked
    QUALIFY transaction_id IS NULL OR row_number() OVER (
        PARTITION BY committee_id, file_number, transaction_id
        ORDER BY (race_state IS NULL), source_file, source_line) = 1
),
-- 2. the same expenditure in several filings: the latest counts
lines AS (
    SELECT * FROM one_per_filing
    QUALIFY transaction_id IS NULL OR row_number() OVER (
        PARTITION BY committee_id, transaction_id
        ORDER BY file_number DESC NULLS LAST, source_file, source_line) = 1
)
SELECT committee_id, spender AS committee_name, candidate_id,
       candidate_label AS candidate_name, race_office AS candidate_office,
       race_state AS candidate_office_state, race_district AS candidate_office_district,
       support_oppose_indicator, date, expenditure_amount AS amount, payee_name,
       expenditure_description, file_number, image_number, transaction_id, source_file,
       source_line
FROM lines
"""


def outside_spending(
    con: duckdb.DuckDBPyConnection,
    *,
    candidate_id: str | None = None,
    committee_id: str | None = None,
    by: str = "spender",
    support_oppose: str | None = None,
    states: list[str] | None = None,
    detail: bool = False,
) -> pa.Table:
    """Independent expenditures about ``candidate_id`` (who is spending to help or hurt
    them) or by ``committee_id`` (whom a spender helped or hurt), grouped ``by`` spender,
    candidate, race, state, month or week: ``support``, ``oppose`` and ``total``, the
    number of lines and the file numbers. ``support_oppose`` ('S' or 'O') keeps one side,
    ``states`` the races in those states; ``detail`` lists the lines themselves."""
    if (candidate_id is None) == (committee_id is None):
        raise AnalysisError("give a candidate or a spending committee, not both or neither")
    if by not in BY:
        raise AnalysisError(f"cannot group by {by}; choose from {', '.join(BY)}")
    if support_oppose not in (None, "S", "O"):
        raise AnalysisError("support_oppose is S (support) or O (oppose)")
    where = "candidate_id = $id" if candidate_id else "committee_id = $id"
    params: dict[str, object] = {"id": candidate_id or committee_id}
    lines = _LINES.format(where=where)
    if support_oppose:
        lines = f"SELECT * FROM ({lines}) WHERE support_oppose_indicator = $so"
        params["so"] = support_oppose
    if states:
        lines = f"SELECT * FROM ({lines}) WHERE candidate_office_state IN (SELECT unnest($st))"
        params["st"] = list(states)
    if detail:
        return arrow(con, f"SELECT * FROM ({lines}) ORDER BY date, amount DESC", params)
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
