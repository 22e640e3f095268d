-- The recipients a refresh regroups: those whose counted lines (summary_rows) differ from
-- the last refresh's, by fingerprint (the sum of their rows' hashes) or count, and those
-- summarised only now or no longer. Then summary_rows is cut to their lines, for the
-- summary statements to add their groups in place of the old.
CREATE OR REPLACE TEMP TABLE summary_changed AS
SELECT coalesce(n.recipient_id, o.recipient_id) AS recipient_id
FROM summary_new_fingerprints n
FULL JOIN summary_fingerprints o ON o.recipient_id = n.recipient_id
WHERE n.fingerprint IS DISTINCT FROM o.fingerprint OR n.lines IS DISTINCT FROM o.lines;

DELETE FROM summary_rows
WHERE recipient_id NOT IN (SELECT recipient_id FROM summary_changed);
