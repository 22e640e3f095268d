-- What each summarised recipient is: its committees and the cycles of their receipt
-- lines and refunds. The summaries count every cycle, so they answer a question about
-- one cycle only for a recipient whose lines are all from that cycle (a NULL cycle
-- among them answers none), and a candidate's question only for the same committees.
-- summary_candidate_sets (candidate_id, committees) is registered by the caller.
CREATE OR REPLACE TABLE summary_recipients AS
WITH lines AS (
    SELECT committee_id, cycle FROM schedule_a
    UNION ALL SELECT committee_id, cycle FROM schedule_b
),
per_committee AS (
    SELECT committee_id, list(DISTINCT cycle) AS cycles FROM lines GROUP BY 1
)
SELECT committee_id AS recipient_id, [committee_id] AS committees,
       list_sort(cycles) AS cycles
FROM per_committee
UNION ALL
SELECT s.candidate_id, any_value(s.committees), list_sort(list(DISTINCT l.cycle))
FROM summary_candidate_sets s, unnest(s.committees) AS m(committee_id)
LEFT JOIN lines l ON l.committee_id = m.committee_id
GROUP BY s.candidate_id
ORDER BY recipient_id;
