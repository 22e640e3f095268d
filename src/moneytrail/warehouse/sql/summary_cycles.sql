-- The cycles each committee's receipt lines and refunds are from: the summaries count
-- all of them, so they answer a question about one cycle only for a committee whose
-- lines are all from that cycle.
CREATE OR REPLACE TABLE summary_cycles AS
SELECT committee_id, list_sort(list(DISTINCT cycle))
           AS cycles
FROM (SELECT committee_id, cycle FROM schedule_a
      UNION ALL SELECT committee_id, cycle FROM schedule_b)
GROUP BY committee_id
ORDER BY committee_id;
