-- Electronic filings add tables (filings, report_summaries, schedules C, D, F, H4,
-- efile_records) and columns; they live in Parquet like the rest, so the catalog needs
-- no new table: applying this migration rewrites every view, which creates theirs.
SELECT 1;
