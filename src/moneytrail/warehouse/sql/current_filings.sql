-- Which electronic filings count: the rules behind filings.is_current.
--
-- {filings} is every loaded filing. A filing stops counting when another one supersedes it:
--   1. an amendment names it as the filing it amends (the header's report id, "FEC-1542500");
--   2. a later filing of the same report: same committee, form, report type and coverage
--      period, with a higher file number (an amendment filed without naming the original;
--      the FEC treats every amended report as a complete replacement). Not for 24/48-hour
--      notices, where two filings of one period are two sets of expenditures;
--   3. a 24/48-hour notice (F24, or F5 with report type 24/48) once a periodic report of the
--      same committee covers all of the notice's expenditure dates: the report itemizes
--      the same expenditures again on Schedule E.
-- Source: FEC, "Amending reports" and "24- and 48-hour reports of independent expenditures"
-- (https://www.fec.gov/help-candidates-and-committees/), 11 CFR 104.4 and 104.5.
WITH f AS ({filings}),
notice AS (
    SELECT *, base_form = 'F24' OR (base_form = 'F5' AND report_type IN ('24', '48'))
        AS is_notice
    FROM f
)
SELECT n.* EXCLUDE (is_notice),
    NOT EXISTS (
        SELECT 1 FROM notice AS later
        WHERE later.load_id <> n.load_id AND (
            later.amends_file_number = n.file_number
            OR (NOT n.is_notice AND NOT later.is_notice
                AND later.committee_id = n.committee_id
                AND later.base_form = n.base_form
                AND later.report_type IS NOT DISTINCT FROM n.report_type
                AND later.coverage_start_date = n.coverage_start_date
                AND later.coverage_end_date = n.coverage_end_date
                AND later.file_number > n.file_number)
            OR (n.is_notice AND NOT later.is_notice
                AND later.committee_id = n.committee_id
                AND later.base_form IN ('F3X', 'F3', 'F3P', 'F5')
                AND later.coverage_start_date <= n.coverage_start_date
                AND later.coverage_end_date >= n.coverage_end_date)
        )
    ) AS is_current
FROM notice AS n
