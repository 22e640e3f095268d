-- The counted receipt lines of every recipient, as `moneytrail top` and `moneytrail flow`
-- count them (analysis.contributors.contribution_rows: the recipient's side, refunds
-- negative, lumps replaced by the memo lines that attribute them), kept to the columns
-- the summaries group by. A recipient is a committee (the rows: that function's SQL with
-- its committee filter opened to every committee at once) or a candidate with several
-- committees (the rows: that function's SQL for the candidate's committees, which leaves
-- out the money they move among themselves). <into> creates the table or adds to it.
-- Kept (summary_receipts, ordered by recipient) for the questions the grouped summaries
-- cannot answer: by state, by date, by month or week.
{into}
SELECT {recipient} AS recipient_id, committee_id, kind, role, entity_type,
       contributor_name, contributor_id, contributor_city, contributor_state,
       contributor_employer, date, amount, org_via, non_org, donor_id, top_org_id,
       top_org_name, industry, sector, file_number
FROM ({rows});
