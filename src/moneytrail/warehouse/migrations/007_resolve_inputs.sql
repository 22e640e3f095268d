-- What each resolve run read: the digest of the current loads that can change the
-- receipts or the committee master (moneytrail.warehouse.catalog.loads_key). A resolve
-- whose inputs and resolver version match its parts' last run has nothing to do, so a
-- load of other tables (disbursements, candidates, summaries) is not resolved again.
-- The receipts written out (materialized) are keyed the same way, by schedule_a's loads.
ALTER TABLE resolve_runs ADD COLUMN inputs_key VARCHAR;
