-- The catalog: what was loaded, from where, into which Parquet files; and the lines
-- that could not be read. Data rows live in Parquet under tables/, read through views.
CREATE TABLE loads (
    load_id        BIGINT PRIMARY KEY,
    dataset        VARCHAR NOT NULL,   -- what a newer snapshot replaces: kind:cycle
    kind           VARCHAR NOT NULL,   -- indiv, cm, ... (see formats/bulk/schemas)
    cycle          SMALLINT,
    source_file    VARCHAR NOT NULL,   -- as shown to users: name or zip!member
    source_path    VARCHAR NOT NULL,
    source_sha256  VARCHAR NOT NULL,
    source_bytes   BIGINT NOT NULL,
    recognised_by  VARCHAR NOT NULL,   -- name, shape or given
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP NOT NULL,
    rows_read      BIGINT NOT NULL,
    rows_loaded    BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL,
    lines_fixed    BIGINT NOT NULL,    -- lines re-encoded or cleaned, but kept
    status         VARCHAR NOT NULL,   -- current | replaced
    replaced_by    BIGINT
);

CREATE TABLE load_files (
    load_id     BIGINT NOT NULL,
    table_name  VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,      -- relative to the warehouse folder
    rows        BIGINT NOT NULL,
    line_offset BIGINT NOT NULL        -- added to the file's source_line: a piece of a
                                       -- file numbers its lines from 1
);

CREATE TABLE rejects (
    load_id      BIGINT NOT NULL,
    source_file  VARCHAR NOT NULL,
    source_line  BIGINT NOT NULL,
    reason       VARCHAR NOT NULL,
    raw_line     VARCHAR
);
