-- Money in (analysis.money_flow.money_in): every recipient's counted receipts by kind of
-- source (<source>) and by who gave, and the file numbers behind each kind of source.
CREATE OR REPLACE TABLE summary_money_in AS
SELECT recipient_id, {source} AS source, coalesce(contributor_name, contributor_id) AS who,
       sum(amount) AS given, count(*) AS items
FROM summary_rows
GROUP BY ALL
ORDER BY recipient_id;

CREATE OR REPLACE TABLE summary_money_in_files AS
SELECT recipient_id, {source} AS source,
       list_sort(list(DISTINCT file_number) FILTER (WHERE file_number IS NOT NULL))
           AS file_numbers
FROM summary_rows
GROUP BY ALL
ORDER BY recipient_id;
