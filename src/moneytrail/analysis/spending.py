"""Spending by purpose: what a committee spent, on what, when and where.

Each disbursement (Schedule B) and independent expenditure (Schedule E) gets a category
from its free-text purpose (``moneytrail.classify.purpose``: canvassing, digital ads,
TV/radio, mail, texting, phone banking, polling, …). Totals count each dollar once:

- memo entries are left out, except where they itemize a payment the filer also reports
  as one line (a credit-card bill, a reimbursement, a payment to a vendor who paid
  others): then the itemized lines (``back_reference_transaction_id`` pointing at the
  payment) stand in for the payment, so "CREDIT CARD PAYMENT" becomes the digital ads and
  travel it paid for; any part of the payment they do not cover stays with the payment;
- independent expenditures are dated by their dissemination date when known and placed
  in the state of the race they are about.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import COUNTS_SQL, AnalysisError, arrow, period_sql
from moneytrail.classify.purpose import categories, purpose_category_sql

DIMENSIONS = ("category", "month", "week", "state", "schedule")

_ROWS = """
WITH b AS (
    SELECT 'schedule_b' AS schedule, file_number, transaction_id,
           back_reference_transaction_id AS parent, memo_code,
           disbursement_date AS date, disbursement_amount AS amount,
           disbursement_description AS purpose, disbursement_purpose_category AS code,
           recipient_name AS payee, recipient_state AS state,
           image_number, source_file, source_line
    FROM schedule_b WHERE committee_id = $committee
),
payments AS (SELECT * FROM b WHERE {counts}),
-- memo lines that itemize a payment reported on its own line
parts AS (
    SELECT m.* FROM b m
    JOIN payments p ON p.file_number IS NOT DISTINCT FROM m.file_number
                   AND p.transaction_id = m.parent
    WHERE m.memo_code = 'X'
),
itemized AS (
    SELECT file_number, parent, sum(amount) AS amount FROM parts GROUP BY ALL
),
rows AS (
    SELECT p.* REPLACE (p.amount - coalesce(i.amount, 0) AS amount)
    FROM payments p
    LEFT JOIN itemized i ON i.file_number IS NOT DISTINCT FROM p.file_number
                        AND i.parent = p.transaction_id
    WHERE i.parent IS NULL OR p.amount <> i.amount
    UNION ALL
    SELECT * FROM parts
    UNION ALL
    SELECT 'schedule_e', file_number, transaction_id, back_reference_transaction_id,
           memo_code, coalesce(dissemination_date, expenditure_date), expenditure_amount,
           expenditure_description, NULL, payee_name,
           coalesce(candidate_office_state, payee_state), image_number, source_file,
           source_line
    FROM schedule_e WHERE committee_id = $committee AND {counts}
)
SELECT *, {category} AS category FROM rows
"""


def _rows_sql() -> str:
    return _ROWS.format(counts=COUNTS_SQL, category=purpose_category_sql("purpose", "code"))


def _check(con: duckdb.DuckDBPyConnection, committee_id: str, wanted: list[str] | None) -> None:
    known = {c.id for c in categories()}
    unknown = sorted(set(wanted or []) - known)
    if unknown:
        raise AnalysisError(
            f"unknown categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}; "
            f"choose from {', '.join(sorted(known))}"
        )
    found = con.execute(
        "SELECT (SELECT count(*) FROM committees WHERE committee_id = $c) "
        "+ (SELECT count(*) FROM schedule_b WHERE committee_id = $c) "
        "+ (SELECT count(*) FROM schedule_e WHERE committee_id = $c)",
        {"c": committee_id},
    ).fetchall()[0][0]
    if not found:
        raise AnalysisError(f"no committee {committee_id} in the warehouse")


def spending(
    con: duckdb.DuckDBPyConnection,
    committee_id: str,
    *,
    since: date | None = None,
    until: date | None = None,
    categories_: list[str] | None = None,
    states: list[str] | None = None,
    by: tuple[str, ...] = ("category",),
    detail: bool = False,
    top_payees: int = 3,
) -> pa.Table:
    """What ``committee_id`` spent, by category and/or month, week, state or schedule.

    ``since``/``until`` bound the date (inclusive); ``categories_`` and ``states`` keep
    only those. Each row: the grouping columns, ``amount``, ``items``, the ``payees``
    paid most in the group, and the ``file_numbers`` of the reports behind it. With
    ``detail``, the itemized lines themselves, with their image numbers and sources."""
    bad = [d for d in by if d not in DIMENSIONS]
    if bad or not by:
        raise AnalysisError(
            f"cannot group by {', '.join(bad) or 'nothing'}; choose from {', '.join(DIMENSIONS)}"
        )
    _check(con, committee_id, categories_)
    where = ["TRUE"]
    params: dict[str, object] = {"committee": committee_id}
    if since:
        where.append("date >= $since")
        params["since"] = since
    if until:
        where.append("date <= $until")
        params["until"] = until
    if categories_:
        where.append("category IN (SELECT unnest($categories))")
        params["categories"] = list(categories_)
    if states:
        where.append("state IN (SELECT unnest($states))")
        params["states"] = list(states)
    base = f"SELECT * FROM ({_rows_sql()}) WHERE {' AND '.join(where)}"
    if detail:
        return arrow(
            con,
            f"SELECT date, amount, category, purpose, payee, state, schedule, file_number, "
            f"image_number, source_file, source_line FROM ({base}) "
            "ORDER BY date, amount DESC",
            params,
        )
    dims = {
        "category": "category",
        "month": period_sql("date", "month"),
        "week": period_sql("date", "week"),
        "state": "state",
        "schedule": "schedule",
    }
    chosen = [f"{dims[d]} AS {d}" for d in by]
    names = ", ".join(by)
    order = [d for d in by if d != "category"] + ["amount DESC"]
    params["top"] = top_payees
    return arrow(
        con,
        f"""
        WITH by_payee AS (
            SELECT {", ".join(chosen)}, payee, sum(amount) AS paid, count(*) AS items,
                   list(DISTINCT file_number) FILTER (WHERE file_number IS NOT NULL) AS files
            FROM ({base}) GROUP BY ALL
        )
        SELECT {names}, sum(paid) AS amount, sum(items)::BIGINT AS items,
               list(payee ORDER BY paid DESC, payee)[1:$top] AS payees,
               list_sort(list_distinct(flatten(list(files)))) AS file_numbers
        FROM by_payee GROUP BY ALL ORDER BY {", ".join(order)}
        """,
        params,
    )
