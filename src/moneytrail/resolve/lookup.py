"""Looking up what resolution decided: why a string means an organization, what an
organization holds, and which contributions make up a donor (and the weights that joined
them). Read-only; the CLI and the HTTP API render these."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from moneytrail.errors import MoneytrailError
from moneytrail.resolve.employers.tables import DISCOVERED_SOURCE, INDUSTRY_REASON_AFTER


class NotFoundError(MoneytrailError):
    """No such organization or donor in the warehouse."""


@dataclass
class StringExplanation:
    raw: str
    text: str  # the resolver's step-by-step explanation
    stored: dict | None  # what the warehouse's org_aliases holds for the string, if anything
    contributions: int
    amount: float
    suggestion: dict | None = None  # its review_queue row, when its donors' PAC gifts offer one
    # Where the string alone named nothing, or only an organization of its own: what its
    # lines settled (org_contexts), one row per rule and answer, with their contributions
    # and dollars.
    in_context: list[dict] = field(default_factory=list)
    # The industry the warehouse gave the organization of its own the string is stored as,
    # where the string alone says none (read off its donors' occupations): naics, industry,
    # sector and source of its organizations row, and the reason for the industry.
    industry: dict | None = None


def explain_string(con: duckdb.DuckDBPyConnection, raw: str, home: Path) -> StringExplanation:
    """Why ``raw`` (an employer or organization name as filed) means what it means: the
    resolver's reasoning now (with the user's overrides), and what the warehouse stored and
    how much money carries the string."""
    from moneytrail.resolve.apply import employer_resolver

    match = employer_resolver(home).resolve(raw)
    stored_rows = con.sql("SELECT * FROM org_aliases WHERE raw = ?", params=[raw]).fetchall()
    names = [d[0] for d in con.sql("SELECT * FROM org_aliases LIMIT 0").description]
    n, amount = con.execute(
        "SELECT count(*), coalesce(sum(contribution_receipt_amount), 0) FROM schedule_a "
        "WHERE contributor_employer = ? OR (entity_type = 'ORG' AND contributor_name = ?)",
        [raw, raw],
    ).fetchall()[0]
    offered = review_queue(con, limit=1, suggested_only=True, employer=raw).to_pylist()
    in_context = (
        con.sql(
            """
        SELECT c.rule, coalesce(c.org_id, c.non_org) AS answer, any_value(c.org_name) AS name,
               count(*) AS contributions, sum(s.contribution_receipt_amount) AS amount,
               min(c.reason) AS example  -- the first in order: the same each run
        FROM org_contexts c JOIN schedule_a s
          ON s.contributor_employer = c.employer AND s.committee_id = c.committee_id
         AND s.contributor_name IS NOT DISTINCT FROM c.contributor_name
         AND s.contributor_state IS NOT DISTINCT FROM c.contributor_state
         AND s.contributor_occupation IS NOT DISTINCT FROM c.contributor_occupation
        WHERE c.employer = ?
        GROUP BY ALL ORDER BY amount DESC, answer
        """,
            params=[raw],
        )
        .to_arrow_table()
        .to_pylist()
    )
    stored = dict(zip(names, stored_rows[0], strict=True)) if stored_rows else None
    industry = None
    if stored is not None and stored["org_id"] is not None and match.naics is None:
        rows = (
            con.sql(
                "SELECT naics, industry, sector, source FROM organizations "
                "WHERE org_id = ? AND kind = 'discovered' AND naics IS NOT NULL",
                params=[stored["org_id"]],
            )
            .to_arrow_table()
            .to_pylist()
        )
        if rows:
            industry = rows[0]
            industry["reason"] = industry["source"].removeprefix(
                DISCOVERED_SOURCE + INDUSTRY_REASON_AFTER
            )
    return StringExplanation(
        raw,
        match.explanation,
        stored,
        n,
        float(amount),
        offered[0] if offered else None,
        in_context,
        industry,
    )


def organization(con: duckdb.DuckDBPyConnection, org_id: str) -> dict:
    """One organization: identity, parent chain, industry, and its subsidiaries."""
    rows = con.execute("SELECT * FROM organizations WHERE org_id = ?", [org_id]).fetchall()
    if not rows:
        raise NotFoundError(
            f"no organization {org_id!r} in the warehouse; run `moneytrail resolve` after "
            "loading, or look one up with `moneytrail orgs explain NAME`"
        )
    names = [d[0] for d in con.description]
    org = dict(zip(names, rows[0], strict=True))
    chain = [org_id]
    parent = org.get("parent_id")
    while parent and parent not in chain:  # guard against a cycle in the data
        chain.append(parent)
        found = con.execute(
            "SELECT parent_id FROM organizations WHERE org_id = ?", [parent]
        ).fetchall()
        parent = found[0][0] if found else None
    org["parents"] = chain[1:]
    org["subsidiaries"] = [
        r[0]
        for r in con.execute(
            "SELECT org_id FROM organizations WHERE parent_id = ? ORDER BY org_id", [org_id]
        ).fetchall()
    ]
    return org


_FAMILY = """
    WITH RECURSIVE family(org_id) AS (
        SELECT ?::VARCHAR
        UNION SELECT o.org_id FROM organizations o JOIN family f ON o.parent_id = f.org_id
    )
"""


def organization_totals(con: duckdb.DuckDBPyConnection, org_id: str) -> pa.Table:
    """What the organization and everything it owns gave, as the recipients reported it
    (itemized receipts, memo entries left out): through its employees, itself, and its
    PACs — each apart, and the total (the widely used "PAC + employees" method)."""
    return con.sql(
        _FAMILY
        + """
        SELECT coalesce(org_via, 'total') AS via, count(*) AS contributions,
               sum(contribution_receipt_amount) AS amount,
               list(DISTINCT file_number ORDER BY file_number)
                   FILTER (WHERE file_number IS NOT NULL) AS file_numbers
        FROM schedule_a
        WHERE org_id IN (SELECT org_id FROM family) AND coalesce(memo_code, '') <> 'X'
        GROUP BY ROLLUP (org_via) ORDER BY org_via NULLS LAST
        """,
        params=[org_id],
    ).to_arrow_table()


def organization_aliases(con: duckdb.DuckDBPyConnection, org_id: str) -> pa.Table:
    """The strings that resolved to the organization (or one it owns), alone (org_aliases)
    or read with their lines (org_contexts: method "line: <rule>"), with how and the money
    their lines carry to it, largest first."""
    return con.sql(
        _FAMILY
        + """
        , strings AS (
            SELECT raw, org_id, method, confidence FROM org_aliases
            WHERE org_id IN (SELECT org_id FROM family)
            UNION ALL
            SELECT employer, org_id, 'line: ' || string_agg(DISTINCT rule, ', ' ORDER BY rule),
                   max(confidence)
            FROM org_contexts WHERE org_id IN (SELECT org_id FROM family)
            GROUP BY employer, org_id
        ),
        -- each line counted where it went: a string's lines that their context settled
        -- elsewhere are not its alias's
        lines AS (
            SELECT CASE WHEN entity_type = 'ORG' THEN contributor_name
                        ELSE contributor_employer END AS raw,
                   org_id, contribution_receipt_amount AS amount
            FROM schedule_a WHERE org_via IN ('employer', 'organization')
        )
        SELECT a.raw, a.org_id, a.method, a.confidence::DECIMAL(4, 3) AS confidence,
               count(s.raw) AS contributions,
               coalesce(sum(s.amount), 0) AS amount
        FROM strings a LEFT JOIN lines s ON s.raw = a.raw AND s.org_id = a.org_id
        GROUP BY ALL ORDER BY amount DESC, a.raw, a.method
        """,
        params=[org_id],
    ).to_arrow_table()


def review_queue(
    con: duckdb.DuckDBPyConnection,
    *,
    limit: int = 30,
    suggested_only: bool = False,
    employer: str | None = None,
) -> pa.Table:
    """The employer strings carrying the most money that name no registry organization: left
    unresolved, or taken as an organization of their own (discovered, with no parent),
    counting the lines their context did not settle (org_contexts). Where their donors gave
    to a corporation's PAC, which may ask only the corporation's group's own people (not a
    membership organization's, which asks its members', nor a network's, which asks its
    affiliates': context.toml), that corporation is offered as the likely employer, with
    the gifts that say so. What to read first when correcting mappings (`moneytrail orgs
    alias`). ``employer``: that string's row alone."""
    from moneytrail.resolve.apply import PERSON_TYPES
    from moneytrail.resolve.committees import membership_naics, own_people_org_types
    from moneytrail.resolve.context import ContextRules

    types = own_people_org_types()
    members = membership_naics()
    not_members = " AND ".join("NOT starts_with(coalesce(o.naics, ''), ?)" for _ in members)
    networks = sorted(ContextRules.load().network_sponsors)
    return con.sql(
        f"""
        WITH open AS (
            SELECT a.raw, a.org_id, a.org_name
            FROM org_aliases a LEFT JOIN organizations o USING (org_id)
            WHERE a.non_org IS NULL AND (a.org_id IS NULL OR o.kind = 'discovered')
        ),
        gifts AS (
            SELECT s.contributor_employer AS raw, s.committee_id,
                   s.contribution_receipt_amount AS amount
            FROM schedule_a s JOIN open ON open.raw = s.contributor_employer
            WHERE coalesce(s.entity_type, 'IND') IN {PERSON_TYPES}
              AND coalesce(s.memo_code, '') <> 'X'
              AND (?::VARCHAR IS NULL OR s.contributor_employer = ?)
              -- the lines their context settled are done
              AND (s.org_id IS NOT DISTINCT FROM open.org_id AND s.non_org IS NULL)
        ),
        per_string AS (
            SELECT raw, count(*) AS contributions, sum(amount) AS amount
            FROM gifts GROUP BY raw
        ),
        pacs AS (
            SELECT committee_id, arg_max(name, cycle) AS name FROM committees
            WHERE organization_type IN ({", ".join("?" for _ in types)}) GROUP BY 1
        ),
        offers AS (
            SELECT DISTINCT ON (g.raw) g.raw, co.org_id, o.name AS org_name,
                   count(*) AS gifts, mode(p.name ORDER BY p.name) AS pac
            FROM gifts g
            JOIN pacs p USING (committee_id)
            JOIN committee_orgs co USING (committee_id)
            JOIN organizations o ON o.org_id = co.org_id AND o.kind <> 'discovered'
                 -- a membership organization's PAC asks its members' people, and a
                 -- network's its affiliates'
                 AND {not_members} AND o.org_id NOT IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY g.raw, co.org_id, o.name
            ORDER BY g.raw, gifts DESC, sum(g.amount) DESC, co.org_id
        )
        SELECT s.raw AS employer, s.contributions, s.amount,
               CASE WHEN open.org_id IS NULL THEN 'unresolved' ELSE 'discovered' END AS status,
               f.org_id AS suggested_org_id, f.org_name AS suggested,
               CASE WHEN f.org_id IS NOT NULL
                    THEN f.gifts || ' of ' || s.contributions || ' gifts to ' || f.pac END
                   AS evidence
        FROM per_string s JOIN open USING (raw) LEFT JOIN offers f USING (raw)
        WHERE NOT ? OR f.org_id IS NOT NULL
        ORDER BY s.amount DESC, s.raw
        LIMIT ?
        """,
        params=[employer, employer, *types, *members, networks, suggested_only, limit],
    ).to_arrow_table()


def donor_contributions(con: duckdb.DuckDBPyConnection, donor_id: str) -> pa.Table:
    """Every itemized contribution of a donor, as filed, with where it came from."""
    table = con.sql(
        """
        SELECT a.contribution_receipt_date AS date, a.contribution_receipt_amount AS amount,
               a.committee_id, c.name AS committee_name, a.contributor_name, a.contributor_city,
               a.contributor_state, a.contributor_zip, a.contributor_employer,
               a.contributor_occupation, a.memo_code, a.file_number, a.image_number,
               a.source_file, a.source_line
        FROM schedule_a a
        LEFT JOIN (SELECT committee_id, arg_max(name, cycle) AS name FROM committees GROUP BY 1) c
               USING (committee_id)
        WHERE a.donor_id = ?
        ORDER BY date, amount DESC
        """,
        params=[donor_id],
    ).to_arrow_table()
    if table.num_rows == 0:
        raise NotFoundError(f"no donor {donor_id!r} in the warehouse; run `moneytrail resolve`")
    return table


def donor_links(con: duckdb.DuckDBPyConnection, donor_id: str) -> pa.Table:
    """The scored pairs of the donor's records that joined them, strongest first, with
    the records' names and places so a reader can judge each link."""
    return con.sql(
        """
        WITH mine AS (SELECT record_key FROM donor_records WHERE donor_id = ?),
        shown AS (
            SELECT DISTINCT ON (key) key, label FROM (
                SELECT donor_record_key(contributor_name, contributor_city, contributor_state,
                           contributor_zip, contributor_employer, contributor_occupation) AS key,
                       concat_ws(' / ', contributor_name,
                           concat_ws(' ', contributor_city, contributor_state,
                                     left(contributor_zip, 5)),
                           contributor_employer, contributor_occupation) AS label
                FROM schedule_a WHERE donor_id = ?
            )
        )
        SELECT l.label AS record, r.label AS linked_to, round(p.match_weight, 2) AS match_weight,
               round(p.match_probability, 4) AS match_probability,
               p.comparisons
        FROM donor_pairs p
        JOIN shown l ON l.key = p.record_key_l
        JOIN shown r ON r.key = p.record_key_r
        WHERE p.record_key_l IN (SELECT record_key FROM mine)
        ORDER BY p.match_weight DESC
        """,
        params=[donor_id, donor_id],
    ).to_arrow_table()
