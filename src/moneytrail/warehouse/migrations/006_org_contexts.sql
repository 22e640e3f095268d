-- Employer strings that name nothing alone, settled by the rest of their line
-- (moneytrail.resolve.context): the donor's own name, state or occupation, or a gift to a
-- corporation's PAC. Keyed by the line's employer, donor name, state and occupation and
-- recipient committee as filed; the schedule_a view joins it where org_aliases found nothing.
CREATE TABLE org_contexts (
    employer VARCHAR, contributor_name VARCHAR, contributor_state VARCHAR,
    contributor_occupation VARCHAR, committee_id VARCHAR,
    org_id VARCHAR, org_name VARCHAR, non_org VARCHAR, rule VARCHAR, confidence REAL,
    reason VARCHAR
);
