-- Top contributors, one table per grouping (<by>): every recipient's groups (an
-- organization, a donor, an industry, a labelled bucket) with what
-- analysis.contributors.top_contributors shows for each, and the group's rank among the
-- ranked kinds. A question about one committee or candidate then reads its groups only,
-- in rank order, instead of counting and grouping its lines. <kind>, <key>, <columns> and <ranked> are
-- the grouping's expressions, as top_contributors has them.
CREATE OR REPLACE TABLE summary_top_{by} AS
WITH b AS (
    SELECT *, {key} AS group_key FROM (SELECT *, {kind} AS group_kind FROM summary_rows)
),
g AS (
    SELECT recipient_id, group_kind AS kind, group_key, {columns}
           sum(amount) AS total, count(*)::BIGINT AS contributions,
           list_sort(list(DISTINCT file_number) FILTER (WHERE file_number IS NOT NULL))
               AS file_numbers
    FROM b
    LEFT JOIN (SELECT committee_id AS cid, arg_max(name, cycle) AS name FROM committees
               GROUP BY 1) cm ON cm.cid = b.contributor_id
    GROUP BY recipient_id, group_kind, group_key
)
SELECT *, CASE WHEN kind IN {ranked}
               THEN row_number() OVER (PARTITION BY recipient_id, kind IN {ranked}
                                       ORDER BY total DESC, group_key) END AS rank
FROM g
ORDER BY recipient_id, rank NULLS FIRST;

-- For "all others" (the groups ranked below the limit): a file number is among theirs
-- when the lowest-ranked group it appears in is ranked below the limit. (For the
-- recipients of summary_rows: a refresh that regroups some recipients adds theirs.)
CREATE OR REPLACE TABLE summary_top_{by}_files AS
SELECT recipient_id, file_number, max(rank) AS last_rank
FROM (SELECT recipient_id, unnest(file_numbers) AS file_number, rank
      FROM summary_top_{by}
      WHERE rank IS NOT NULL
        AND recipient_id IN (SELECT DISTINCT recipient_id FROM summary_rows))
GROUP BY ALL
ORDER BY recipient_id;
