"""Spending by purpose: what a committee spent, on what, when and where.

Each disbursement (Schedule B) and independent expenditure (Schedule E) gets a category
from its free-text purpose (``moneytrail.classify.purpose``: canvassing, digital ads,
TV/radio, mail, texting, phone banking, polling, …); a disbursement with no purpose text
at all (the bulk committee-to-candidate and committee-to-committee files never carry
one) gets it from its FEC transaction type (``disbursement_types.toml``). Categories are
computed once per distinct (purpose, category code, type), not once per line.

Totals count each dollar once:

- memo entries are left out, except where they itemize a payment the filer also reports
  as one line (a credit-card bill, a reimbursement, a payment to a vendor who paid
  others): then the itemized lines (``back_reference_transaction_id`` pointing at the
  payment) stand in for the payment, so "CREDIT CARD PAYMENT" becomes the digital ads and
  travel it paid for; any part of the payment they do not cover stays with the payment;
- a line found in two bulk files (itpas2 and itoth list the same contributions with the
  same sub id) counts once;
- independent expenditures are counted as ``moneytrail.analysis.outside`` counts them
  (a 24/48-hour notice repeated by a later report, an amendment, the same line from the
  IE file, itpas2 and itoth: once), never also as disbursements; they are dated by their
  dissemination date when known and placed in the state of the race they are about
  (from the line, else the candidate master; the payee's state when neither says).
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import (
    COUNTS_SQL,
    ONCE_PER_SUB_ID,
    AnalysisError,
    arrow,
    date_conditions,
    period_sql,
)
from moneytrail.analysis.outside import IE_TYPES, ie_lines_sql
from moneytrail.classify.purpose import categories, normalize_purpose_sql, purpose_category_sql

DIMENSIONS = ("category", "month", "week", "state", "schedule")


@cache
def type_categories() -> dict[str, str]:
    """FEC transaction type → spending category, for lines with no purpose text."""
    text = (resources.files("moneytrail.analysis") / "disbursement_types.toml").read_text()
    return {code: v["category"] for code, v in tomllib.loads(text)["types"].items()}


_IE_TYPES = ", ".join(f"'{t}'" for t in IE_TYPES)

_ROWS = """
WITH b AS (
    SELECT 'schedule_b' AS schedule, file_number, transaction_id,
           back_reference_transaction_id AS parent, memo_code,
           disbursement_date AS date, disbursement_amount AS amount,
           disbursement_description AS purpose, disbursement_purpose_category AS code,
           disbursement_type AS type, recipient_name AS payee, recipient_state AS state,
           candidate_id, image_number, source_file, source_line
    FROM schedule_b
    WHERE committee_id = $committee AND coalesce(disbursement_type, '') NOT IN ({ie_types})
    {once}
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
ies AS ({ies}),
rows AS (
    SELECT p.* REPLACE (p.amount - coalesce(i.amount, 0) AS amount)
    FROM payments p
    LEFT JOIN itemized i ON i.file_number IS NOT DISTINCT FROM p.file_number
                        AND i.parent = p.transaction_id
    WHERE i.parent IS NULL OR p.amount <> i.amount
    UNION ALL
    SELECT * FROM parts
    UNION ALL
    SELECT 'schedule_e', file_number, transaction_id, NULL, NULL, date, amount, purpose,
           NULL, NULL, payee_name, coalesce(candidate_office_state, payee_state),
           candidate_id, image_number, source_file, source_line
    FROM ies
),
-- each distinct purpose classified once
texts AS (SELECT DISTINCT purpose, code, type FROM rows),
classified AS (
    SELECT purpose, code, type,
           CASE WHEN {normalized} = '' AND {by_type} IS NOT NULL THEN {by_type}
                ELSE {category} END AS category
    FROM texts
)
SELECT r.*, c.category FROM rows r
JOIN classified c ON c.purpose IS NOT DISTINCT FROM r.purpose
                 AND c.code IS NOT DISTINCT FROM r.code
                 AND c.type IS NOT DISTINCT FROM r.type
"""


def _rows_sql() -> str:
    whens = " ".join(f"WHEN '{t}' THEN '{c}'" for t, c in sorted(type_categories().items()))
    return _ROWS.format(
        ie_types=_IE_TYPES,
        once=ONCE_PER_SUB_ID,
        counts=COUNTS_SQL,
        ies=ie_lines_sql(candidate=False),
        normalized=normalize_purpose_sql("purpose"),
        by_type=f"(CASE type {whens} ELSE NULL END)",
        category=purpose_category_sql("purpose", "code"),
    )


def _check(con: duckdb.DuckDBPyConnection, committee_id: str, wanted: list[str] | None) -> None:
    known = {c.id for c in categories()}
    unknown = sorted(set(wanted or []) - known)
    if unknown:
        raise AnalysisError(
            f"unknown categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}; "
            f"choose from {', '.join(sorted(known))}"
        )
    found = con.execute(
        "SELECT EXISTS (SELECT 1 FROM committees WHERE committee_id = $c) "
        "OR EXISTS (SELECT 1 FROM schedule_b WHERE committee_id = $c) "
        "OR EXISTS (SELECT 1 FROM schedule_e WHERE committee_id = $c)",
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
    only those (a disbursement's state is its payee's, an independent expenditure's the
    race's). Each row: the grouping columns, ``amount``, ``items``, the ``payees`` paid
    most in the group (at most ``top_payees``), and the ``file_numbers`` of the reports
    behind it. With ``detail``, the lines themselves, with their file and image numbers
    and source lines."""
    bad = [d for d in by if d not in DIMENSIONS]
    if bad or not by:
        raise AnalysisError(
            f"cannot group by {', '.join(bad) or 'nothing'}; choose from {', '.join(DIMENSIONS)}"
        )
    params: dict[str, object] = {"committee": committee_id, "id": committee_id}
    where = ["TRUE", *date_conditions(since, until, params)]
    if top_payees < 0:
        raise AnalysisError("top_payees cannot be negative")
    _check(con, committee_id, categories_)
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
            f"SELECT date, amount, category, purpose, payee, state, candidate_id, schedule, "
            f"file_number, image_number, transaction_id, source_file, source_line "
            f"FROM ({base}) ORDER BY date, amount DESC, source_file, source_line",
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
    order = [d for d in by if d != "category"] + ["amount DESC"] + list(by)
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
