-- The counted receipt lines of every committee at once, as `moneytrail top` and
-- `moneytrail flow` count them for one committee (analysis.contributors.contribution_rows:
-- the recipient's side, refunds negative, lumps replaced by the memo lines that attribute
-- them), kept to the columns the summaries group by. <rows> is that function's SQL with
-- its committee filter opened to all committees (see warehouse.summaries).
CREATE OR REPLACE TEMP TABLE summary_rows AS
SELECT committee_id, kind, role, entity_type, contributor_name, contributor_id,
       contributor_city, contributor_state, contributor_employer, amount, org_via, non_org,
       donor_id, top_org_id, top_org_name, industry, sector, file_number
FROM ({rows});
