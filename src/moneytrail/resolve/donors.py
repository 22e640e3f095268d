"""Individual contributors → donors, by probabilistic record linkage (Splink on DuckDB).

A *record* is a contributor as filed: name, city, state, ZIP, employer, occupation. Rows
with the same record (``record_key_sql``) are always one donor; distinct records are
compared within blocks (same surname and ZIP; same surname, first initial and city; same
surname, first name and state) with a Fellegi-Sunter model whose parameters ship in
``data/donor_model.json`` (trained by ``tools/train_donor_model.py`` on the real samples:
u by random sampling, m by expectation maximisation; term-frequency adjustment on
surnames and first names), so a run needs no training and gives the same answer every
time. Pairs at or above ``MATCH_PROBABILITY`` join, except where generational suffixes
conflict (a JR and a SR are two people) or first names differ beyond a nickname,
initial or near spelling (relatives at one address); joined records form donors by
connected components.

Donor ids are stable: a donor keeps the id an earlier run gave the records it holds (the
id with the most contributions when several meet); a new donor's id is derived from its
smallest record key.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

if TYPE_CHECKING:
    from moneytrail.resolve.employers import EmployerResolver

RECORD_COLUMNS = (
    "contributor_name",
    "contributor_city",
    "contributor_state",
    "contributor_zip",
    "contributor_employer",
    "contributor_occupation",
)
MODEL_FILE = "donor_model.json"
# Pairs scored at least this likely to be one person join; chosen on the real samples so
# that the weakest joined pairs still agree on surname, first name and place.
MATCH_PROBABILITY = 0.95
# Splink's working tables can outgrow memory at 10 million contributions; spill instead.
MEMORY_LIMIT = "4GB"


def record_key_sql(
    name: str = "contributor_name",
    city: str = "contributor_city",
    state: str = "contributor_state",
    zip: str = "contributor_zip",  # noqa: A002 - the FEC's column word
    employer: str = "contributor_employer",
    occupation: str = "contributor_occupation",
) -> str:
    """A DuckDB expression for a row's donor record key: md5 over the six fields upper-
    cased and trimmed, ZIP cut to 5, NULL as ''. The warehouse's ``donor_record_key``
    macro (migration 004) is the same expression."""
    parts = [
        f"coalesce(upper(trim({name})), '')",
        f"coalesce(upper(trim({city})), '')",
        f"coalesce(upper(trim({state})), '')",
        f"coalesce(left(trim({zip}), 5), '')",
        f"coalesce(upper(trim({employer})), '')",
        f"coalesce(upper(trim({occupation})), '')",
    ]
    return f"md5(concat_ws('|', {', '.join(parts)}))"


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class NameRules:
    canonical: dict[str, str]  # nickname or name → the name it is listed under
    generational: frozenset[str]
    dropped: frozenset[str]

    @classmethod
    def load(cls) -> NameRules:
        text = (resources.files("moneytrail.resolve") / "data" / "nicknames.toml").read_text()
        data = tomllib.loads(text)
        forms: dict[str, set[str]] = {}
        for name, nicks in data["names"].items():
            forms.setdefault(name, set()).add(name)
            for nick in nicks:
                forms.setdefault(nick, set()).add(name)
        # A form shared by two names (CHRIS) cannot say which; it stays itself.
        canonical = {form: next(iter(names)) for form, names in forms.items() if len(names) == 1}
        return cls(
            canonical,
            frozenset(data["suffixes"]["generational"]),
            frozenset(data["suffixes"]["dropped"]),
        )


_PUNCT = re.compile(r"[^A-Z, ]+")


@dataclass(frozen=True)
class ParsedName:
    last: str | None
    first: str | None
    first_canonical: str | None
    middle_initial: str | None
    suffix: str | None
    middle_name: str | None = None  # for people known by it ("FRANCES KAY" is KAY)


def parse_name(raw: str | None, rules: NameRules) -> ParsedName:
    """FEC names are mostly "LAST, FIRST MIDDLE SUFFIX"; some are "FIRST LAST"."""
    text = _PUNCT.sub(" ", (raw or "").upper().replace(".", ""))
    if "," in text:
        last_part, _, rest = text.partition(",")
        last_tokens = last_part.split()
        rest_tokens = rest.replace(",", " ").split()
    else:
        tokens = text.split()
        trailing = []
        while tokens and (tokens[-1] in rules.generational or tokens[-1] in rules.dropped):
            trailing.insert(0, tokens.pop())
        last_tokens = tokens[-1:]
        rest_tokens = tokens[:-1] + trailing
    suffix = None
    # "SMITH JR, ROBERT": a suffix may sit in the surname part too.
    while last_tokens and last_tokens[-1] in rules.generational | rules.dropped:
        token = last_tokens.pop()
        suffix = token if token in rules.generational else suffix
    given = []
    for token in rest_tokens:
        if token in rules.generational:
            suffix = token
        elif token not in rules.dropped:
            given.append(token)
    last = " ".join(last_tokens) or None
    first = given[0] if given else None
    middle = given[1][0] if len(given) > 1 else None
    canonical = rules.canonical.get(first, first) if first else None
    middle_name = given[1] if len(given) > 1 and len(given[1]) > 1 else None
    return ParsedName(last, first, canonical, middle, suffix, middle_name)


@cache
def _name_rules() -> NameRules:
    return NameRules.load()


# ---------------------------------------------------------------- preparing records


def prepare_records(
    con: duckdb.DuckDBPyConnection,
    records: str,
    out: str,
    *,
    employer_orgs: str | None = None,
    resolver: EmployerResolver | None = None,
) -> int:
    """Create table ``out``: one row per record with the fields the model compares.

    A record's employer is compared as its organization's ultimate parent: from table
    ``employer_orgs`` (raw, employer_org) where it holds the string, else resolved here
    with ``resolver`` (the packaged one by default)."""
    rules = _name_rules()
    names = con.execute(f"SELECT DISTINCT contributor_name FROM {records}").fetchall()
    parsed = [(n[0], parse_name(n[0], rules)) for n in names]
    con.register(
        "_parsed_names",
        pa.table(
            {
                "contributor_name": [n for n, _ in parsed],
                "last_name": [p.last for _, p in parsed],
                "first_name": [p.first for _, p in parsed],
                "first_canonical": [p.first_canonical for _, p in parsed],
                "middle_initial": [p.middle_initial for _, p in parsed],
                "middle_name": [p.middle_name for _, p in parsed],
                "suffix": [p.suffix for _, p in parsed],
            }
        ),
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {out} AS
        SELECT r.record_key, n.last_name, n.first_name, n.first_canonical,
               left(n.first_name, 1) AS first_initial, n.middle_initial, n.middle_name,
               n.suffix,
               nullif(left(trim(r.contributor_zip), 5), '') AS zip5,
               nullif(upper(trim(r.contributor_city)), '') AS city,
               nullif(upper(trim(r.contributor_state)), '') AS state,
               nullif(regexp_replace(upper(r.contributor_employer),
                      '[^A-Z0-9 ]|\\b(INC|LLC|CORP|CORPORATION|CO|COMPANY|LTD|LLP)\\b', '', 'g'),
                      '') AS employer,
               nullif(upper(trim(r.contributor_occupation)), '') AS occupation,
               r.contributions
        FROM {records} r JOIN _parsed_names n USING (contributor_name)
        WHERE n.last_name IS NOT NULL
        """
    )
    con.unregister("_parsed_names")
    con.execute(
        f"UPDATE {out} SET employer = nullif(trim(regexp_replace(employer, ' +', ' ', 'g')), '')"
    )
    # The employer's organization, so "PWC" and "PRICEWATERHOUSECOOPERS LLP" agree; a
    # non-organization (RETIRED, SELF-EMPLOYED) says nothing about who the donor is.
    from moneytrail.resolve.employers import RESULT_SCHEMA, resolve_employers_arrow

    known = employer_orgs or "(SELECT NULL::VARCHAR AS raw, NULL::VARCHAR AS employer_org LIMIT 0)"
    unknown = con.sql(
        f"SELECT DISTINCT r.contributor_employer FROM {records} r "
        f"ANTI JOIN {known} k ON k.raw = r.contributor_employer"
    ).to_arrow_table()
    resolved = (
        resolve_employers_arrow(unknown.column(0), resolver=resolver)
        if unknown.num_rows
        else RESULT_SCHEMA.empty_table()
    )
    con.register("_resolved_here", resolved)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {out} AS
        WITH employer_orgs AS (
            SELECT raw, employer_org FROM {known}
            UNION ALL SELECT raw, ultimate_parent_id FROM _resolved_here
        )
        SELECT p.*, e.employer_org
        FROM {out} p
        JOIN (SELECT record_key, contributor_employer FROM {records}) r USING (record_key)
        LEFT JOIN employer_orgs e ON e.raw IS NOT DISTINCT FROM r.contributor_employer
        """
    )
    con.unregister("_resolved_here")
    return con.execute(f"SELECT count(*) FROM {out}").fetchall()[0][0]


# ---------------------------------------------------------------- the model


def _comparison(
    name: str,
    null: tuple[str, str],
    levels: list[tuple[str, str] | dict],
    otherwise: str = "differs",
):
    """A comparison from its null level, its levels in order (SQL, label) and a last
    level for everything else."""
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=name,
        comparison_levels=[
            {"sql_condition": null[0], "label_for_charts": null[1], "is_null_level": True},
            *(
                level
                if isinstance(level, dict)
                else {"sql_condition": level[0], "label_for_charts": level[1]}
                for level in levels
            ),
            {"sql_condition": "ELSE", "label_for_charts": otherwise},
        ],
    )


def settings_dict() -> dict:
    """The model's shape: comparisons and blocking rules (parameters come from training)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    first_name = _comparison(
        "first_name",
        ("first_name_l IS NULL OR first_name_r IS NULL", "null"),
        [
            {
                "sql_condition": "first_name_l = first_name_r",
                "label_for_charts": "exact",
                "tf_adjustment_column": "first_name",
                "tf_adjustment_weight": 1.0,
            },
            ("first_canonical_l = first_canonical_r", "same name by nickname"),
            ("jaro_winkler_similarity(first_name_l, first_name_r) >= 0.9", "near spelling"),
            (
                "first_name_l = middle_name_r OR middle_name_l = first_name_r",
                "known by the middle name",
            ),
            (
                "(length(first_name_l) = 1 OR length(first_name_r) = 1) "
                "AND first_initial_l = first_initial_r",
                "initial agrees",
            ),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_key",
        probability_two_random_records_match=1e-5,
        comparisons=[
            cl.ExactMatch("last_name").configure(term_frequency_adjustments=True),
            first_name,
            _comparison(
                "middle_initial",
                ("middle_initial_l IS NULL OR middle_initial_r IS NULL", "missing"),
                [("middle_initial_l = middle_initial_r", "same")],
            ),
            _comparison(
                "suffix",
                ("suffix_l IS NULL AND suffix_r IS NULL", "neither"),
                [
                    ("suffix_l = suffix_r", "same"),
                    ("suffix_l IS NULL OR suffix_r IS NULL", "one only"),
                ],
                otherwise="conflict",
            ),
            _comparison(
                "zip5",
                ("zip5_l IS NULL OR zip5_r IS NULL", "null"),
                [
                    ("zip5_l = zip5_r", "same ZIP"),
                    ("left(zip5_l, 3) = left(zip5_r, 3)", "same ZIP area"),
                ],
            ),
            _comparison(
                "city",
                ("city_l IS NULL OR city_r IS NULL", "null"),
                [
                    ("city_l = city_r AND state_l = state_r", "same city"),
                    ("state_l = state_r", "same state"),
                ],
            ),
            _comparison(
                "employer",
                ("employer_org_l IS NULL OR employer_org_r IS NULL", "no organization named"),
                [("employer_org_l = employer_org_r", "same organization")],
            ),
            _comparison(
                "occupation",
                ("occupation_l IS NULL OR occupation_r IS NULL", "null"),
                [
                    ("occupation_l = occupation_r", "same"),
                    ("jaro_winkler_similarity(occupation_l, occupation_r) >= 0.88", "similar"),
                ],
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("last_name", "zip5"),
            block_on("last_name", "first_initial", "city", "state"),
            block_on("last_name", "first_canonical", "state"),
            # Movers across states who stay with their employer.
            block_on("last_name", "first_canonical", "employer_org"),
        ],
        retain_intermediate_calculation_columns=True,
    )
    return settings.get_settings("duckdb").as_dict()


def model_path() -> Path:
    return Path(str(resources.files("moneytrail.resolve") / "data" / MODEL_FILE))


# ---------------------------------------------------------------- resolving


@dataclass
class DonorResolution:
    records: int
    donors: int
    pairs: int
    seconds: float


Say = Callable[[str], None]

# The per-comparison parts of a pair's weight, for explaining a link to a reader.
_EXPLAINED = (
    ("last_name", "surname"),
    ("first_name", "first name"),
    ("middle_initial", "middle initial"),
    ("suffix", "suffix"),
    ("zip5", "ZIP"),
    ("city", "city"),
    ("employer", "employer"),
    ("occupation", "occupation"),
)


def resolve_donors(
    con: duckdb.DuckDBPyConnection,
    records: str,
    *,
    previous: str | None = None,
    employer_orgs: str | None = None,
    resolver: EmployerResolver | None = None,
    model: Path | None = None,
    on_step: Say | None = None,
) -> DonorResolution:
    """Match the records of table ``records`` (record_key, the RECORD_COLUMNS and
    ``contributions``) into donors. Creates ``donor_assignments(record_key, donor_id)``
    for every record and ``donor_pairs(record_key_l, record_key_r, match_weight,
    match_probability, comparisons)`` for the scored pairs that joined records. With
    ``previous`` (record_key, donor_id), earlier ids carry over. Employers are compared
    as organizations: see ``prepare_records`` for ``employer_orgs`` and ``resolver``."""
    from splink import Linker
    from splink.internals.duckdb.database_api import DuckDBAPI

    say = on_step or (lambda _m: None)
    started = time.perf_counter()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    n = prepare_records(
        con, records, "donor_prepared", employer_orgs=employer_orgs, resolver=resolver
    )
    say(f"scoring pairs of {n:,} contributor records")
    api = DuckDBAPI(con)
    linker = Linker(api.register("donor_prepared"), str(model or model_path()), log_level="WARNING")
    predictions = linker.inference.predict(threshold_match_probability=MATCH_PROBABILITY)
    # Some disagreements are vetoes whatever else agrees: a generational-suffix conflict
    # (a JR and a SR), and first names that differ beyond a nickname, an initial or a
    # near spelling (relatives at one address share surname, ZIP, often employer).
    explained = " || '; ' || ".join(
        f"'{label} ' || CASE WHEN mw_{col} >= 0 THEN '+' ELSE '' END || round(mw_{col}, 1)::VARCHAR"
        for col, label in _EXPLAINED
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE donor_pairs AS
        SELECT record_key_l, record_key_r, match_weight, match_probability,
               {explained} AS comparisons
        FROM {predictions.physical_name}
        WHERE gamma_suffix <> 0 AND gamma_first_name <> 0
        """
    )
    say("forming donors from the joined pairs")
    _connected_components(con)
    _assign_ids(con, records, previous)
    pairs = con.execute("SELECT count(*) FROM donor_pairs").fetchall()[0][0]
    donors = con.execute("SELECT count(DISTINCT donor_id) FROM donor_assignments").fetchall()
    return DonorResolution(
        con.execute(f"SELECT count(*) FROM {records}").fetchall()[0][0],
        donors[0][0],
        pairs,
        time.perf_counter() - started,
    )


def _connected_components(con: duckdb.DuckDBPyConnection) -> None:
    """donor_clusters(record_key, cluster): the smallest record key reachable through
    joined pairs, found by repeated min-label propagation over the edges."""
    con.execute(
        """
        CREATE OR REPLACE TABLE donor_edges AS
        SELECT record_key_l AS a, record_key_r AS b FROM donor_pairs
        UNION ALL SELECT record_key_r, record_key_l FROM donor_pairs
        """
    )
    con.execute(
        "CREATE OR REPLACE TABLE donor_clusters AS "
        "SELECT DISTINCT a AS record_key, a AS cluster FROM donor_edges"
    )
    while True:
        con.execute(
            """
            CREATE OR REPLACE TABLE donor_clusters_next AS
            SELECT c.record_key, least(c.cluster, min(n.cluster)) AS cluster
            FROM donor_clusters c
            JOIN donor_edges e ON e.a = c.record_key
            JOIN donor_clusters n ON n.record_key = e.b
            GROUP BY c.record_key, c.cluster
            """
        )
        changed = con.execute(
            "SELECT count(*) FROM donor_clusters_next x JOIN donor_clusters c USING (record_key) "
            "WHERE x.cluster <> c.cluster"
        ).fetchall()[0][0]
        con.execute("CREATE OR REPLACE TABLE donor_clusters AS SELECT * FROM donor_clusters_next")
        if changed == 0:
            break
    con.execute("DROP TABLE donor_clusters_next")
    con.execute("DROP TABLE donor_edges")


def _assign_ids(con: duckdb.DuckDBPyConnection, records: str, previous: str | None) -> None:
    prior = previous or "(SELECT NULL::VARCHAR AS record_key, NULL::VARCHAR AS donor_id LIMIT 0)"
    con.execute(
        f"""
        CREATE OR REPLACE TABLE donor_assignments AS
        WITH clustered AS (
            SELECT r.record_key, coalesce(c.cluster, r.record_key) AS cluster, r.contributions
            FROM {records} r LEFT JOIN donor_clusters c USING (record_key)
        ),
        -- each earlier id's weight in each new cluster
        claims AS (
            SELECT k.cluster, p.donor_id, sum(k.contributions) AS weight
            FROM clustered k JOIN {prior} p USING (record_key)
            GROUP BY ALL
        ),
        -- an earlier id goes to the cluster holding most of it, and a cluster takes the
        -- heaviest id offered to it (smallest id on ties)
        best_home AS (
            SELECT * FROM claims
            QUALIFY row_number() OVER (PARTITION BY donor_id ORDER BY weight DESC, cluster) = 1
        ),
        kept AS (
            SELECT cluster, donor_id FROM best_home
            QUALIFY row_number() OVER (PARTITION BY cluster ORDER BY weight DESC, donor_id) = 1
        )
        -- a new donor's id: D and the first 12 hex digits of its smallest record key's
        -- md5 (in SQL: Ctrl-C landing in a Python function a query calls surfaces as a
        -- DuckDB error about the function, not as an interruption)
        SELECT k.record_key, coalesce(kept.donor_id, 'D' || left(md5(k.cluster), 12)) AS donor_id
        FROM clustered k LEFT JOIN kept USING (cluster)
        """
    )
