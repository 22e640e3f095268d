-- File numbers whose rows the electronic filings loaded speak for: every loaded .fec
-- filing and every filing one of them amends. Bulk-file rows with these file numbers are
-- left out of the views, so a report is never counted from both sources, nor in a version
-- an amendment replaced. Rewritten with the views after every load.
CREATE TABLE efile_claimed (file_number BIGINT PRIMARY KEY);
