-- Resolved itemized receipts written out once per resolve run, ordered by committee, so a
-- question about one committee reads a few row groups instead of joining the resolve
-- tables to every row. Valid only for the set of loads it was made from (loads_key); the
-- views fall back to the joining definition whenever a load or a resolve changes things.
CREATE TABLE materialized (
    table_name VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, loads_key VARCHAR NOT NULL
);
