-- Entity resolution (moneytrail resolve): who the raw strings of the filings are.
-- These tables are small next to the itemizations and are rewritten by each resolve run;
-- the schedule_a view joins them to give every contribution its org_id and donor_id.

-- Per raw string (a contributor's employer, or the name of an organization that gave):
-- the organization or recognised non-organization it means, how that was decided and how
-- sure it is. Manual entries come from the user's overrides and win over everything.
CREATE TABLE org_aliases (
    raw VARCHAR, normalized VARCHAR, org_id VARCHAR, org_name VARCHAR, non_org VARCHAR,
    method VARCHAR, confidence REAL, matched VARCHAR
);
-- Every organization an alias or a committee points at, with its parents and industry.
CREATE TABLE organizations (
    org_id VARCHAR PRIMARY KEY, name VARCHAR, parent_id VARCHAR, ultimate_parent_id VARCHAR,
    naics VARCHAR, industry VARCHAR, sector VARCHAR, kind VARCHAR, source VARCHAR
);
-- Corporate, labor, membership and trade PACs and the organization that sponsors them.
CREATE TABLE committee_orgs (
    committee_id VARCHAR PRIMARY KEY, org_id VARCHAR, method VARCHAR, confidence REAL,
    matched VARCHAR
);
-- Donor records (an individual's name, place, employer and occupation as filed, keyed by
-- moneytrail.resolve.donors.record_key_sql) and the donor each belongs to.
CREATE TABLE donor_records (record_key VARCHAR, donor_id VARCHAR);
-- The scored record pairs that joined records into donors, to explain each donor.
CREATE TABLE donor_pairs (
    record_key_l VARCHAR, record_key_r VARCHAR, match_weight DOUBLE,
    match_probability DOUBLE, comparisons VARCHAR
);
-- OpenSecrets' categories, when a user imports their file (moneytrail orgs import-crp),
-- and each organization's category through the NAICS crosswalk: an alternative coding.
CREATE TABLE crp_categories (
    catcode VARCHAR, catname VARCHAR, catorder VARCHAR, industry VARCHAR, sector VARCHAR,
    sector_long VARCHAR
);
CREATE TABLE org_crp (
    org_id VARCHAR, catcode VARCHAR, catname VARCHAR, industry VARCHAR, sector VARCHAR
);
-- One row per resolve run and part (orgs, committees, donors).
CREATE TABLE resolve_runs (
    run_id BIGINT, part VARCHAR, finished_at TIMESTAMP, seconds DOUBLE, items BIGINT,
    new_items BIGINT, resolver_version VARCHAR
);
-- The donor record key of an itemized row: its name, place, employer and occupation as
-- filed, compared without case, surrounding spaces or ZIP+4. Rows with one key are one
-- record and always one donor. moneytrail.resolve.donors.record_key_sql is the same
-- expression for databases without this macro (a test holds them equal).
CREATE MACRO donor_record_key(name, city, state, zip, employer, occupation) AS md5(concat_ws('|',
    coalesce(upper(trim(name)), ''), coalesce(upper(trim(city)), ''),
    coalesce(upper(trim(state)), ''), coalesce(left(trim(zip), 5), ''),
    coalesce(upper(trim(employer)), ''), coalesce(upper(trim(occupation)), '')));
