"""Committee summary: what each report says the committee raised, spent, holds and owes,
with the itemized lines beside it and the gap between them explained.

Per reporting period the figures come from the summary page of the report that counts
(``filings.is_current``: an amendment replaces what it amends). Beside them, the sums of
the report's own itemized Schedule A and B lines (memo lines left out: they repeat money
counted on another line). Receipts differ from their itemized sum by what the summary
page says was not itemized (contributions from individuals of $200 or less a year, the
report's own "unitemized" line) and by receipts itemized on other schedules or below
other thresholds; the ``explanation`` column says how much of the gap each accounts for.
`moneytrail efile check FILE` reconciles one filing line by line.

Committees known only from the FEC's bulk files have no summary pages in the warehouse;
for them the cycle totals of the committee summary file (webk) are shown, marked so.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import (
    COUNTS_SQL,
    ONCE_PER_SUB_ID,
    AnalysisError,
    arrow,
    candidate_committees,
)

_PERIODS = f"""
WITH reports AS (
    SELECT s.*, f.form_type AS filed_form
    FROM report_summaries s JOIN filings f USING (file_number)
    WHERE f.is_current AND s.committee_id IN (SELECT unnest($committees))
      AND ($cycle IS NULL OR f.cycle = $cycle)
),
receipts AS (
    SELECT file_number, sum(contribution_receipt_amount) AS itemized
    FROM schedule_a WHERE file_number IN (SELECT file_number FROM reports) AND {COUNTS_SQL}
    GROUP BY ALL
),
disbursements AS (
    SELECT file_number, sum(disbursement_amount) AS itemized FROM (
        SELECT file_number, disbursement_amount FROM schedule_b
        WHERE file_number IN (SELECT file_number FROM reports) AND {COUNTS_SQL}
        {ONCE_PER_SUB_ID}
    ) GROUP BY ALL
)
SELECT r.committee_id, 'report summary page' AS source, r.form_type, r.report_type,
       r.coverage_start_date, r.coverage_end_date,
       r.total_receipts_period AS receipts,
       coalesce(a.itemized, 0) AS itemized_receipts,
       r.total_receipts_period - coalesce(a.itemized, 0) AS receipts_not_itemized,
       r.individual_unitemized_contributions_period AS unitemized_individual_contributions,
       r.total_disbursements_period AS disbursements,
       coalesce(b.itemized, 0) AS itemized_disbursements,
       r.cash_on_hand_beginning_period AS cash_on_hand_beginning,
       r.cash_on_hand_end_period AS cash_on_hand_end,
       r.debts_owed_by_committee, r.debts_owed_to_committee,
       [r.file_number] AS file_numbers
FROM reports r
LEFT JOIN receipts a USING (file_number)
LEFT JOIN disbursements b USING (file_number)
"""

_CYCLE_TOTALS = """
SELECT committee_id, 'cycle totals (webk)' AS source, NULL AS form_type, NULL AS report_type,
       NULL::DATE AS coverage_start_date, NULL::DATE AS coverage_end_date,
       receipts, NULL::DECIMAL(14,2) AS itemized_receipts,
       NULL::DECIMAL(14,2) AS receipts_not_itemized,
       NULL::DECIMAL(14,2) AS unitemized_individual_contributions, disbursements,
       NULL::DECIMAL(14,2) AS itemized_disbursements, cash_on_hand_beginning,
       cash_on_hand_end, debts_owed_by_committee, NULL::DECIMAL(14,2) AS debts_owed_to_committee,
       []::BIGINT[] AS file_numbers
FROM committee_summaries
WHERE committee_id IN (SELECT unnest($committees)) AND ($cycle IS NULL OR cycle = $cycle)
  AND committee_id NOT IN (SELECT committee_id FROM report_summaries)
"""


def _explain(row: dict) -> str:
    gap = row["receipts_not_itemized"]
    if gap is None:
        return "no itemized lines in the warehouse for these totals"
    if gap == 0:
        return "every receipt itemized"
    unitemized = row["unitemized_individual_contributions"] or 0
    rest = gap - unitemized
    parts = []
    if unitemized:
        parts.append(f"{unitemized:,.2f} unitemized individual contributions")
    if rest:
        parts.append(
            f"{rest:,.2f} "
            + ("not itemized on Schedule A (other unitemized receipts, or itemized elsewhere)"
               if rest > 0 else "more itemized than reported (check the report)")
        )  # fmt: skip
    return "; ".join(parts)


def committee_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
) -> pa.Table:
    """One row per reporting period of the committee (or of all a candidate's authorized
    committees), oldest first: receipts, disbursements, cash on hand and debts from the
    summary page of the report that counts, the itemized sums beside them, and an
    ``explanation`` of the receipts the itemized lines do not show."""
    if (committee_id is None) == (candidate_id is None):
        raise AnalysisError("give a committee or a candidate, not both or neither")
    committees = [committee_id] if committee_id else candidate_committees(con, candidate_id, cycle)
    params = {"committees": committees, "cycle": cycle}
    table = arrow(
        con,
        f"SELECT * FROM ({_PERIODS} UNION ALL BY NAME {_CYCLE_TOTALS}) "
        "ORDER BY committee_id, coverage_start_date NULLS LAST, coverage_end_date",
        params,
    )
    if table.num_rows == 0:
        known = con.execute(
            "SELECT count(*) FROM committees WHERE committee_id IN (SELECT unnest($c))",
            {"c": committees},
        ).fetchall()[0][0]
        if not known:
            raise AnalysisError(f"no committee {', '.join(committees)} in the warehouse")
    explanations = pa.array([_explain(r) for r in table.to_pylist()], pa.string())
    return table.append_column("explanation", explanations)
