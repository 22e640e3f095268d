-- Money in to one recipient (a committee, or a candidate's committees) from its summary
-- rows; the same columns and order as analysis.money_flow.money_in.
WITH ranked AS (
    SELECT source, sum(given) AS amount, sum(items)::BIGINT AS items,
           min_by(who, {'given': -given, 'who': who}, $top) AS top_sources  -- as money_in ranks
    FROM summary_money_in WHERE recipient_id = $recipient
    GROUP BY ALL
),
files AS (
    SELECT source, file_numbers FROM summary_money_in_files WHERE recipient_id = $recipient
)
SELECT source, amount, items, top_sources, file_numbers
FROM ranked JOIN files USING (source)
ORDER BY amount DESC
