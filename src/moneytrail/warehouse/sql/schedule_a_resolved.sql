-- schedule_a as loaded plus who each contribution is from, as `moneytrail resolve`
-- last decided (NULL where it has not run or found nothing):
--   org_id   the organization: for an individual, their employer's; for an organization
--            that gave, its own; for a committee that gave, the organization sponsoring it.
--            An employer string that names nothing alone, or only an organization of its
--            own, may be settled by its line (org_contexts: the donor's own name, state or
--            occupation, or the corporation's PAC given to), which then wins
--   org_via  how: 'employer', 'organization' or 'pac'
--   non_org  for an individual whose employer is no organization: RETIRED, SELF-EMPLOYED, ...
--   donor_id the deduplicated individual donor
SELECT r.*,
       coalesce(pac.org_id, ctx.org_id, alias.org_id) AS org_id,
       CASE WHEN pac.org_id IS NOT NULL THEN 'pac'
            WHEN alias.org_id IS NOT NULL AND r.entity_type = 'ORG' THEN 'organization'
            WHEN coalesce(ctx.org_id, alias.org_id) IS NOT NULL THEN 'employer' END AS org_via,
       coalesce(ctx.non_org, alias.non_org) AS non_org,
       donor.donor_id AS donor_id
FROM ({rows}) r
LEFT JOIN org_aliases alias
       ON alias.raw = CASE WHEN r.entity_type = 'ORG' THEN r.contributor_name
                           WHEN coalesce(r.entity_type, 'IND') IN ('IND', 'CAN')
                           THEN r.contributor_employer END
LEFT JOIN org_contexts ctx
       ON coalesce(r.entity_type, 'IND') IN ('IND', 'CAN')
      AND ctx.employer = r.contributor_employer
      AND ctx.contributor_name IS NOT DISTINCT FROM r.contributor_name
      AND ctx.contributor_state IS NOT DISTINCT FROM r.contributor_state
      AND ctx.contributor_occupation IS NOT DISTINCT FROM r.contributor_occupation
      AND ctx.committee_id = r.committee_id
LEFT JOIN committee_orgs pac
       ON r.entity_type IN ('PAC', 'COM', 'CCM', 'PTY') AND pac.committee_id = r.contributor_id
LEFT JOIN donor_records donor
       ON r.entity_type = 'IND'
      AND donor.record_key = donor_record_key(r.contributor_name, r.contributor_city,
              r.contributor_state, r.contributor_zip, r.contributor_employer,
              r.contributor_occupation)
