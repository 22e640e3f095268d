"""The warehouse: one DuckDB file (the catalog and the views) over Parquet files.

Layout of a warehouse folder::

    warehouse.duckdb          loads, load_files, rejects, and one view per data table
    tables/<table>/*.parquet  the rows, one or more files per load, never modified
    staging/                  a load in progress; emptied before each load
    downloads/                the download cache

Views name their Parquet files relative to the folder; every connection moneytrail
opens sets ``file_search_path`` to it, so the folder can be moved.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail import interrupts
from moneytrail.errors import QueryError, WarehouseBusyError
from moneytrail.formats.bulk.reader import sql_str
from moneytrail.model import all_columns, table_names

CATALOG = "warehouse.duckdb"
# Statement types ``query`` runs; the connection is read-only as well, but COPY ... TO
# or ATTACH could still write files elsewhere.
_READ_ONLY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("moneytrail.warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text()))
    return sorted(found)


class Warehouse:
    """A warehouse folder. Cheap to construct; connections are opened per use.

    >>> wh = Warehouse("/tmp/mt-doc")          # doctest: +SKIP
    >>> wh.query("SELECT count(*) FROM schedule_a").fetchall()  # doctest: +SKIP
    """

    def __init__(self, home: str | os.PathLike[str]) -> None:
        self.home = Path(home)
        self.catalog_path = self.home / CATALOG
        self.tables_dir = self.home / "tables"
        self.staging_dir = self.home / "staging"

    # -- connections -----------------------------------------------------------------

    def _connect(self, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        last: Exception | None = None
        # A writer holds the file for a moment at the end of each load; wait it out.
        for attempt in range(40):
            try:
                con = duckdb.connect(str(self.catalog_path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
                last = exc
                time.sleep(0.05 * (attempt + 1))
        else:
            raise WarehouseBusyError(
                f"the warehouse {self.catalog_path} is locked by another process: {last}"
            )
        con.execute(f"SET file_search_path = {sql_str(str(self.home))}")
        return con

    def exists(self) -> bool:
        return self.catalog_path.exists()

    def ensure(self) -> None:
        """Create the folder and catalog if missing and bring the catalog up to date."""
        self.home.mkdir(parents=True, exist_ok=True)
        with self._connect(read_only=False) as con, interrupts.interruptible(con):
            self._migrate(con)

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        current = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] or 0
        pending = [(n, sql) for n, sql in _migrations() if n > current]
        if not pending:
            return
        con.execute("BEGIN")
        for number, sql in pending:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?)", [number])
        write_views(con)
        con.execute("COMMIT")

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection to the warehouse (created empty if it does not exist).
        Ctrl-C inside one of its queries raises KeyboardInterrupt, as the writer's do."""
        if not self.exists():
            self.ensure()
        con = self._connect(read_only=True)
        try:
            with interrupts.interruptible(con):
                yield con
        finally:
            con.close()

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection, for the short commit at the end of a load."""
        self.ensure()
        con = self._connect(read_only=False)
        try:
            with interrupts.interruptible(con):
                yield con
        finally:
            con.close()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Only one load at a time may stage files in a warehouse folder."""
        self.home.mkdir(parents=True, exist_ok=True)
        with (self.home / ".write.lock").open("w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise WarehouseBusyError(
                    f"another moneytrail load is writing to {self.home}; wait for it to finish"
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- reading ---------------------------------------------------------------------

    def query(self, sql: str, params: list | None = None) -> pa.Table:
        """Run a read-only query and return its result as an Arrow table.

        >>> Warehouse(home).query("SELECT count(*) AS n FROM committees")  # doctest: +SKIP
        """
        with self.reader() as con:
            try:
                statements = con.extract_statements(sql)
                if len(statements) != 1:
                    raise QueryError(f"give one statement at a time, not {len(statements)}")
                if statements[0].type not in _READ_ONLY_STATEMENTS:
                    raise QueryError(
                        f"only queries may run here (SELECT, EXPLAIN), not "
                        f"{statements[0].type.name}"
                    )
                return con.sql(sql, params=params or None).to_arrow_table()
            except duckdb.Error as exc:
                raise QueryError(_first_line(str(exc))) from exc

    def status(self) -> list[dict]:
        """What is loaded, per table: rows, sources, cycles, and when last loaded."""
        with self.reader() as con:
            rows = con.execute(
                """
                SELECT table_name, rows,
                       concat_ws(', ', files, CASE filings WHEN 0 THEN NULL
                           WHEN 1 THEN '1 .fec filing' ELSE filings || ' .fec filings' END)
                           AS sources,
                       cycles, loaded_at
                FROM (
                    SELECT f.table_name, sum(f.rows) AS rows,
                           string_agg(DISTINCT l.source_file, ', ' ORDER BY l.source_file)
                               FILTER (WHERE l.kind <> 'efile') AS files,
                           count(DISTINCT l.load_id) FILTER (WHERE l.kind = 'efile') AS filings,
                           string_agg(DISTINCT l.cycle::VARCHAR, ', ' ORDER BY l.cycle::VARCHAR)
                               AS cycles,
                           max(l.finished_at) AS loaded_at
                    FROM load_files f JOIN loads l USING (load_id)
                    WHERE l.status = 'current'
                    GROUP BY f.table_name
                )
                """
            ).fetchall()
            rejects = con.execute("SELECT count(*) FROM rejects").fetchall()[0][0]
            resolved = con.execute(
                """
                SELECT t.name, t.n, r.at FROM (
                    SELECT 'organizations' AS name, count(*) AS n FROM organizations
                    UNION ALL SELECT 'org_aliases', count(*) FROM org_aliases
                    UNION ALL SELECT 'committee_orgs', count(*) FROM committee_orgs
                    UNION ALL SELECT 'donors', count(DISTINCT donor_id) FROM donor_records
                ) t, (SELECT max(finished_at) AS at FROM resolve_runs) r
                """
            ).fetchall()
        found = {r[0]: r for r in rows}
        result = []
        for table in table_names():
            r = found.get(table)
            result.append(
                {
                    "table": table,
                    "rows": int(r[1]) if r else 0,
                    "sources": r[2] if r else "",
                    "cycles": r[3] if r else "",
                    "loaded_at": r[4] if r else None,
                }
            )
        result.append(
            {"table": "rejects", "rows": rejects, "sources": "", "cycles": "", "loaded_at": None}
        )
        # What `moneytrail resolve` last made of it (not loaded: derived from the rows).
        result.extend(
            {"table": name, "rows": n, "sources": "moneytrail resolve", "cycles": "",
             "loaded_at": at}
            for name, n, at in resolved
            if n
        )  # fmt: skip
        return result

    def loads(self) -> list[dict]:
        """Every load, newest first."""
        with self.reader() as con:
            cur = con.execute("SELECT * FROM loads ORDER BY load_id DESC")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message


EFILE_KIND = "efile"  # loads.kind of electronic filings


def write_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)define one view per data table over the Parquet files of current loads.

    Bulk loads (few, large files): per-load constants (cycle, source, sha256) and per-file
    line offsets are applied by the view rather than stored in every row; rows of reports
    that loaded electronic filings speak for are left out (``efile_claimed``). Electronic
    filings (many small files): one scan per table over the files of every filing that
    counts, joined to ``loads`` by the load id in the file name; the files of filings
    superseded by an amendment (see ``sql/current_filings.sql``) are left out, so totals
    count each report once. Rows a load rejected stay in its files but are filtered out."""
    files = con.execute(
        """
        SELECT f.table_name, l.load_id, l.kind, l.cycle, l.source_file, l.source_sha256,
               f.path, f.line_offset
        FROM load_files f JOIN loads l USING (load_id)
        WHERE l.status = 'current'
        ORDER BY l.load_id, f.path
        """
    ).fetchall()
    home = Path(con.execute("SELECT current_setting('file_search_path')").fetchall()[0][0])
    efile = [f for f in files if f[2] == EFILE_KIND]
    bulk = [f for f in files if f[2] != EFILE_KIND]
    _create_view(con, "filings", bulk, efile, home)
    superseded = {
        r[0] for r in con.execute("SELECT load_id FROM filings WHERE NOT is_current").fetchall()
    }
    con.execute("DELETE FROM efile_claimed")
    con.execute(
        "INSERT INTO efile_claimed SELECT file_number FROM filings WHERE file_number IS NOT NULL "
        "UNION SELECT amends_file_number FROM filings WHERE amends_file_number IS NOT NULL"
    )
    claimed = con.execute("SELECT count(*) FROM efile_claimed").fetchall()[0][0] > 0
    counting = [f for f in efile if f[1] not in superseded]
    for table in table_names():
        if table != "filings":
            _create_view(con, table, bulk, counting, home, skip_claimed=claimed)
    fast = materialized_path(con, "schedule_a")
    if fast is not None:
        con.execute(
            f"CREATE OR REPLACE VIEW schedule_a AS SELECT * FROM read_parquet({sql_str(fast)})"
        )


MATERIALIZED_DIR = "tables/schedule_a_resolved"
MATERIALIZE_MEMORY = "3GB"


def materialize_schedule_a(con: duckdb.DuckDBPyConnection, home: Path, staging: Path) -> None:
    """Write the resolved receipts (the joining view's rows, ordered by committee and date)
    to one Parquet file and point the schedule_a view at it. Called after a resolve; the
    next load that brings receipts or a filing falls back to the joining view until the
    next resolve writes it again (``materialized_path``). A failure leaves the joining
    view, which gives the same rows."""
    key = loads_key(con, ("schedule_a",))
    name = f"{MATERIALIZED_DIR}/{key[:12]}-{time.time_ns()}.parquet"
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / Path(name).name
    joined = staging / f"{staged.stem}.joined.parquet"
    con.execute(f"SET temp_directory = {sql_str(str(staging))}")
    # Joining and sorting ten million wide rows must spill to disk rather than take the
    # machine. In one statement the joins' tables and the sort ran out of memory even so
    # (11 million rows, 3 GB): the rows are joined out first, then sorted from the file.
    con.execute(f"SET memory_limit = '{MATERIALIZE_MEMORY}'")
    con.execute("SET preserve_insertion_order = false")
    try:
        # Ctrl-C waits for the COPY under way (2.8 million receipts: 3 s each), then skips
        # the rest: DuckDB could hang for good aborting a Parquet COPY (1 of 40 interrupts).
        with interrupts.uninterrupted(con):
            con.execute(
                f"COPY (SELECT * FROM schedule_a) TO {sql_str(str(joined))} "
                "(FORMAT parquet, ROW_GROUP_SIZE 100000)"
            )
        with interrupts.uninterrupted(con):
            con.execute(
                f"COPY (SELECT * FROM read_parquet({sql_str(str(joined))}) "
                "ORDER BY committee_id, contribution_receipt_date) "
                f"TO {sql_str(str(staged))} (FORMAT parquet, ROW_GROUP_SIZE 100000)"
            )
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        joined.unlink(missing_ok=True)
    target = home / name
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)
    con.execute("BEGIN")
    con.execute("DELETE FROM materialized WHERE table_name = 'schedule_a'")
    con.execute("INSERT INTO materialized VALUES ('schedule_a', ?, ?)", [name, key])
    write_views(con)
    con.execute("COMMIT")
    for old in target.parent.glob("*.parquet"):
        if old != target:
            old.unlink(missing_ok=True)


def loads_key(
    con: duckdb.DuckDBPyConnection, feeding: tuple[str, ...] = (), *, filings: bool = True
) -> str:
    """A digest of the set of current loads: what a summary, a materialized table or a
    resolve run was made from. With ``feeding``, only the loads that can change those
    tables' rows: those that wrote rows to one of them, and every electronic filing (a
    filing hides the rows of the bulk report it stands for, and an amendment its
    original's) unless ``filings`` is False (for tables no filing's load touches)."""
    return con.execute(
        """
        SELECT md5(coalesce(string_agg(load_id::VARCHAR, ',' ORDER BY load_id), ''))
        FROM loads
        WHERE status = 'current'
          AND (len($feeding) = 0 OR ($filings AND kind = $efile) OR load_id IN (
              SELECT load_id FROM load_files WHERE list_contains($feeding, table_name)))
        """,
        {"feeding": list(feeding), "efile": EFILE_KIND, "filings": filings},
    ).fetchall()[0][0]


def materialized_path(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The file a table's rows were materialized to, if it still matches the loads that
    feed the table (a load of other tables leaves it as it is)."""
    found = con.execute(
        "SELECT path, loads_key FROM materialized WHERE table_name = ?", [table]
    ).fetchall()
    if found and found[0][1] == loads_key(con, (table,)):
        return found[0][0]
    return None


def _create_view(
    con: duckdb.DuckDBPyConnection,
    table: str,
    bulk: list[tuple],
    efile: list[tuple],
    home: Path,
    *,
    skip_claimed: bool = False,
) -> None:
    columns = all_columns(table)
    # Bulk rows of reports that loaded .fec filings speak for (see efile_claimed).
    unclaimed = (
        " AND (file_number IS NULL OR file_number NOT IN (SELECT file_number FROM efile_claimed))"
        if skip_claimed and "file_number" in columns
        else ""
    )
    own = [c for c in columns if c not in _PROVENANCE_PROJECTED and c != "source_line"]
    parts = []
    for tname, load_id, _, cycle, source, sha, path, offset in bulk:
        if tname != table:
            continue
        present = set(pq.read_schema(home / path).names)
        # Files written before a column was added to the model read it as NULL.
        values = [_q(c) if c in present else f"CAST(NULL AS {columns[c]}) AS {_q(c)}" for c in own]
        parts.append(
            f"SELECT {', '.join(values)}, "
            f"CAST({'NULL' if cycle is None else cycle} AS SMALLINT) AS cycle, "
            f"CAST({load_id} AS BIGINT) AS load_id, {sql_str(source)} AS source_file, "
            f"{sql_str(sha)} AS source_sha256, source_line + {offset} AS source_line "
            f"FROM read_parquet({sql_str(path)}) WHERE reject_reason IS NULL{unclaimed}"
        )
    efile_paths = [sql_str(f[6]) for f in efile if f[0] == table]
    if efile_paths:
        parts.append(
            f"SELECT {', '.join(f'p.{_q(c)}' for c in own)}, l.cycle, l.load_id, "
            "l.source_file, l.source_sha256, p.source_line FROM (SELECT *, "
            r"CAST(regexp_extract(filename, '(\d+)-\d+\.parquet$', 1) AS BIGINT) AS _load_id "
            f"FROM read_parquet([{', '.join(efile_paths)}], filename = true, "
            "union_by_name = true)) p JOIN loads l ON l.load_id = p._load_id "
            "WHERE p.reject_reason IS NULL"
        )
    if not parts:
        typed = ", ".join(f"CAST(NULL AS {t}) AS {_q(c)}" for c, t in columns.items())
        parts = [f"SELECT {typed} WHERE false"]
    body = " UNION ALL ".join(parts)
    if table == "filings":
        body = _CURRENT_FILINGS.format(filings=body)
    elif table == "schedule_a":
        body = _RESOLVED_SCHEDULE_A.format(rows=body)
    con.execute(f"CREATE OR REPLACE VIEW {table} AS {body}")


_CURRENT_FILINGS = (
    resources.files("moneytrail.warehouse") / "sql" / "current_filings.sql"
).read_text()
_RESOLVED_SCHEDULE_A = (
    resources.files("moneytrail.warehouse") / "sql" / "schedule_a_resolved.sql"
).read_text()
_PROVENANCE_PROJECTED = {"cycle", "load_id", "source_file", "source_sha256"}


def _q(name: str) -> str:
    return f'"{name}"'
