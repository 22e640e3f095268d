-- Top contributors to one recipient from its summary rows: the first $limit ranked
-- groups, one row for the rest, then the labelled rows; the same columns and order as
-- analysis.contributors.top_contributors.
WITH r AS (
    SELECT * FROM summary_top_{by} WHERE recipient_id = $recipient
),
shown AS (
    SELECT rank, kind, {names}, total, contributions, file_numbers
    FROM r WHERE rank IS NULL OR rank <= $limit
    UNION ALL
    SELECT NULL, 'other', {others}, sum(total), sum(contributions)::BIGINT,
           coalesce((SELECT list_sort(list(file_number)) FROM summary_top_{by}_files
                     WHERE recipient_id = $recipient AND last_rank > $limit), [])
    FROM r WHERE rank > $limit HAVING count(*) > 0
)
SELECT rank, kind, {shown_names}, total, contributions, file_numbers
FROM shown
ORDER BY rank IS NULL, rank, {order} END, total DESC
