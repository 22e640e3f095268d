"""Top contributors to a committee or a candidate: by organization, industry, sector or
donor.

Only the recipient's side counts: a contribution is what the recipient reported receiving
(Schedule A of the recipient). The giver's side of the same money (a PAC's Schedule B
contribution to a candidate, a conduit's 24T/24I earmark out) never adds, so nothing is
counted twice. Which receipt lines count, and how, is data with its sources:
``receipt_types.toml`` (the FEC's transaction type codes; the summary-page lines that
``.fec`` rows carry instead). In short:

- contributions count, the candidate's own money is shown on its own row, refunds
  (22Y, 22Z, ... and the refund lines of Schedule B) subtract, transfers in count except
  between the committees of one candidate, loans and other receipts are left out;
- memo entries never count, except where they attribute a lump the filer reports on its
  own line (``back_reference_transaction_id`` pointing at it, in the same filing): then
  the memo lines (the real donors behind a joint fundraising transfer or a conduit's
  lump) stand in for the lump. If they add up to more than the lump, they are scaled
  down to it; what they leave uncovered stays with the lump;
- money from a conduit (ActBlue, WinRed) that no memo line attributes is shown as "via
  conduit, donor unknown", and a joint fundraising committee's unattributed transfer as
  "via joint fundraising committee, donor unknown", never as those committees' own giving.

By organization, the parts add up to the recipient's itemized contributions (net of
refunds): ranked organizations (subsidiaries rolled up to the ultimate parent, the PAC,
the employees and the organization itself apart) and committees without a sponsoring
organization, one row for the rest of them, and labelled rows for the candidate's own
money, the non-organizations (RETIRED, SELF EMPLOYED, ...), what resolution left
unresolved, and conduit and joint-fundraising money whose donors are unknown.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import (
    AnalysisError,
    arrow,
    candidate_committees,
    check_count,
    check_dates,
)

By = Literal["organization", "industry", "sector", "donor"]
BY: tuple[str, ...] = ("organization", "industry", "sector", "donor")

_COMMITTEE_ID = re.compile(r"^C\d{8}$")
_CANDIDATE_ID = re.compile(r"^[HSP][0-9A-Z]{8}$")

# Labels of the rows that are not one organization, committee or donor.
LABELS = {
    "candidate": "the candidate (own money)",
    "conduit_unknown": "via conduit, donor unknown",
    "jfc_unknown": "via joint fundraising committee, donor unknown",
    "unresolved": "unresolved",  # no organization or non-organization found for the name
    "other": "all others",
    "committee_no_org": "committees without a sponsoring organization",
    "industry_unknown": "organizations of unknown industry",
    "not_individual": "organizations and committees (not individuals)",
    "no_donor": "individuals not resolved to a donor",
}
# The order in which labelled rows follow the ranked ones.
_KIND_ORDER = (
    "ranked",
    "other",
    "candidate",
    "non_org",
    "committee_no_org",
    "industry_unknown",
    "not_individual",
    "no_donor",
    "conduit_unknown",
    "jfc_unknown",
    "unresolved",
)


@cache
def receipt_rules() -> dict:
    """The packaged ``receipt_types.toml``: transaction types and lines to roles, the
    refund lines of Schedule B and the known conduits."""
    text = (resources.files("moneytrail.analysis") / "receipt_types.toml").read_text()
    return tomllib.loads(text)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _case(column: str, mapping: dict[str, str]) -> str:
    whens = " ".join(f"WHEN {_quote(k)} THEN {_quote(v)}" for k, v in sorted(mapping.items()))
    return f"coalesce(CASE {column} {whens} END, 'other')"


def _role_sql() -> str:
    rules = receipt_rules()
    by_type = _case("receipt_type", rules["transaction_types"])
    by_line = _case("upper(replace(line_number, ' ', ''))", rules["schedule_a_lines"])
    # Bulk rows carry the FEC's transaction type; .fec rows carry the summary-page line.
    return f"CASE WHEN nullif(trim(receipt_type), '') IS NOT NULL THEN {by_type} ELSE {by_line} END"


def _in_list(values: list[str]) -> str:
    return "(" + ", ".join(_quote(v) for v in values) + ")"


_ROWS = """
WITH sel AS (
    SELECT committee_id, receipt_type, line_number, entity_type, contributor_name,
           contributor_id, contributor_city, contributor_state, contributor_employer,
           contribution_receipt_date AS date, contribution_receipt_amount AS amount,
           memo_code, transaction_id, back_reference_transaction_id, source_sha256,
           org_id, org_via, non_org, donor_id, file_number, image_number, source_file,
           source_line, {role} AS role
    FROM schedule_a
    WHERE committee_id IN {committees} {cycle_a}
),
-- Lines that count on their own: no memo entries, nothing from another committee of the
-- same candidate (that money counted where it was first received).
counted AS (
    SELECT * FROM sel
    WHERE role IN ('contribution', 'candidate', 'transfer', 'refund')
      AND coalesce(memo_code, '') <> 'X'
      AND coalesce(contributor_id, '') NOT IN {committees}
),
-- Memo lines that attribute a counted lump of the same filing to the real donors.
kids AS (
    SELECT m.*, p.amount AS lump_amount, p.contributor_id AS lump_id,
           p.contributor_name AS lump_name, p.entity_type AS lump_entity
    FROM sel m
    JOIN counted p ON p.source_sha256 = m.source_sha256 AND p.committee_id = m.committee_id
                  AND p.transaction_id = m.back_reference_transaction_id
    -- a person's line is no lump: memo lines under it give a conduit's details
    WHERE m.memo_code = 'X' AND p.role <> 'refund'
      AND coalesce(p.entity_type, '') NOT IN ('IND', 'CAN')
),
kid_sums AS (
    SELECT source_sha256, committee_id, back_reference_transaction_id AS tid,
           sum(amount) AS attributed, any_value(lump_amount) AS lump_amount
    FROM kids GROUP BY ALL
),
-- Attributions beyond the lump are scaled down to it (the lump is the money received).
scaled AS (
    SELECT k.* REPLACE (
               CASE WHEN s.attributed > s.lump_amount AND s.attributed > 0
                    THEN round(k.amount * s.lump_amount / s.attributed, 2)
                    ELSE k.amount END::DECIMAL(18, 2) AS amount)
    FROM kids k
    JOIN kid_sums s ON s.source_sha256 = k.source_sha256 AND s.committee_id = k.committee_id
                   AND s.tid = k.back_reference_transaction_id
),
covered AS (
    SELECT source_sha256, committee_id, back_reference_transaction_id AS tid,
           sum(amount) AS amount
    FROM scaled GROUP BY ALL
),
-- Schedule B lines that return a contribution (.fec filings): they subtract, attributed
-- to the committee's organization or to the individual of that name who gave.
givers AS (
    -- as the giver's latest contribution names them (one line's values, the same each run)
    SELECT committee_id, upper(contributor_name) AS name, contributor_state AS state,
           org_id, org_via, non_org, donor_id, contributor_employer AS employer
    FROM sel WHERE entity_type = 'IND' AND role = 'contribution'
    QUALIFY row_number() OVER (
        PARTITION BY committee_id, upper(contributor_name), contributor_state
        ORDER BY date DESC NULLS LAST, source_file DESC, source_line DESC) = 1
),
refunds_b AS (
    SELECT b.committee_id, NULL::VARCHAR AS receipt_type, b.line_number, b.entity_type,
           b.recipient_name AS contributor_name, b.recipient_committee_id AS contributor_id,
           b.recipient_city AS contributor_city, b.recipient_state AS contributor_state,
           g.employer AS contributor_employer, b.disbursement_date AS date,
           -b.disbursement_amount AS amount, 'refund' AS role,
           coalesce(co.org_id, g.org_id) AS org_id,
           CASE WHEN co.org_id IS NOT NULL THEN 'pac' ELSE g.org_via END AS org_via,
           g.non_org, g.donor_id, NULL::VARCHAR AS lump_id, NULL::VARCHAR AS lump_name,
           b.file_number, b.image_number, b.source_file, b.source_line
    FROM schedule_b b
    LEFT JOIN committee_orgs co ON co.committee_id = b.recipient_committee_id
    LEFT JOIN givers g ON g.committee_id = b.committee_id
                      AND g.name = upper(b.recipient_name)
                      AND g.state IS NOT DISTINCT FROM b.recipient_state
    WHERE b.committee_id IN {committees} {cycle_b}
      AND upper(replace(b.line_number, ' ', '')) IN {refund_lines}
      AND coalesce(b.memo_code, '') <> 'X'
),
rows AS (
    -- lines that count as they are (lumps no memo line attributes included)
    SELECT c.committee_id, c.receipt_type, c.line_number, c.entity_type, c.contributor_name,
           c.contributor_id, c.contributor_city, c.contributor_state,
           c.contributor_employer, c.date,
           CASE WHEN c.role = 'refund' THEN -c.amount ELSE c.amount END AS amount, c.role,
           c.org_id, c.org_via, c.non_org, c.donor_id, NULL AS lump_id, NULL AS lump_name,
           c.file_number, c.image_number, c.source_file, c.source_line
    FROM counted c
    LEFT JOIN covered v ON v.source_sha256 = c.source_sha256
                       AND v.committee_id = c.committee_id AND v.tid = c.transaction_id
    WHERE v.tid IS NULL
    UNION ALL
    -- what the memo lines leave of a lump stays with the lump
    SELECT c.committee_id, c.receipt_type, c.line_number, c.entity_type, c.contributor_name,
           c.contributor_id, c.contributor_city, c.contributor_state,
           c.contributor_employer, c.date, c.amount - v.amount, c.role,
           c.org_id, c.org_via, c.non_org, c.donor_id, NULL, NULL,
           c.file_number, c.image_number, c.source_file, c.source_line
    FROM counted c
    JOIN covered v ON v.source_sha256 = c.source_sha256
                  AND v.committee_id = c.committee_id AND v.tid = c.transaction_id
    WHERE c.amount <> v.amount
    UNION ALL
    -- the memo lines that attribute a lump, as contributions of the real donors
    SELECT committee_id, receipt_type, line_number, entity_type, contributor_name,
           contributor_id, contributor_city, contributor_state, contributor_employer, date,
           amount, 'contribution', org_id, org_via, non_org, donor_id, lump_id, lump_name,
           file_number, image_number, source_file, source_line
    FROM scaled
    UNION ALL
    SELECT * FROM refunds_b
),
jfcs AS (SELECT DISTINCT committee_id FROM committees WHERE designation = 'J'),
classified AS (
    SELECT r.*,
           CASE
             WHEN r.role = 'candidate' THEN 'candidate'
             WHEN r.entity_type NOT IN ('IND', 'CAN') AND (
                    r.contributor_id IN {conduit_ids}
                    OR regexp_replace(upper(r.contributor_name), '[^A-Z]', '', 'g')
                       IN {conduit_names})
               THEN 'conduit_unknown'
             -- a memo line naming the lump's own committee (its unitemized part)
             WHEN r.lump_name IS NOT NULL AND r.entity_type NOT IN ('IND', 'CAN')
                  AND (r.contributor_id = r.lump_id
                       OR starts_with(upper(r.contributor_name), upper(r.lump_name)))
               THEN CASE WHEN r.lump_id IN {conduit_ids} THEN 'conduit_unknown'
                         ELSE 'jfc_unknown' END
             WHEN r.entity_type NOT IN ('IND', 'CAN') AND r.contributor_id IN (SELECT * FROM jfcs)
               THEN 'jfc_unknown'
             WHEN r.org_id IS NOT NULL THEN 'organization'
             WHEN r.entity_type IN ('IND', 'CAN') AND r.non_org IS NOT NULL THEN 'non_org'
             WHEN r.entity_type IN ('PAC', 'COM', 'CCM', 'PTY') THEN 'committee'
             ELSE 'unresolved'
           END AS kind,
           coalesce(u.org_id, r.org_id) AS top_org_id,
           coalesce(u.name, o.name, r.org_id) AS top_org_name,
           coalesce(u.industry, o.industry) AS industry,
           coalesce(u.sector, o.sector) AS sector
    FROM rows r
    LEFT JOIN organizations o ON o.org_id = r.org_id
    LEFT JOIN organizations u ON u.org_id = coalesce(o.ultimate_parent_id, o.org_id)
)
SELECT * FROM classified
"""


def _rows_sql(committees: list[str], cycle: int | None) -> str:
    rules = receipt_rules()
    conduits = rules["conduits"]
    names = sorted(
        {re.sub(r"[^A-Z]", "", n.upper()) for c in conduits for n in [c["name"], *c["names"]]}
    )
    return _ROWS.format(
        role=_role_sql(),
        committees=_in_list(committees),
        cycle_a=f"AND cycle = {int(cycle)}" if cycle else "",
        cycle_b=f"AND b.cycle = {int(cycle)}" if cycle else "",
        refund_lines=_in_list(rules["schedule_b_refund_lines"]["lines"]),
        conduit_ids=_in_list([c["committee_id"] for c in conduits]),
        conduit_names=_in_list(names),
    )


def recipients(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
) -> list[str]:
    """The committees whose receipts are asked about: the one committee, or all the
    candidate's authorized committees. Raises AnalysisError for an unknown id."""
    if (committee_id is None) == (candidate_id is None):
        raise AnalysisError("give either a committee id or a candidate id, not both or neither")
    if candidate_id is not None:
        cid = candidate_id.strip().upper()
        if not _CANDIDATE_ID.match(cid):
            raise AnalysisError(f"{candidate_id!r} is not a candidate id (like P80001571)")
        return candidate_committees(con, cid, cycle)
    cid = (committee_id or "").strip().upper()
    if not _COMMITTEE_ID.match(cid):
        raise AnalysisError(f"{committee_id!r} is not a committee id (like C00401224)")
    found = con.execute(
        "SELECT (SELECT count(*) FROM committees WHERE committee_id = $c) "
        "+ (SELECT count(*) FROM (SELECT 1 FROM schedule_a WHERE committee_id = $c LIMIT 1))",
        {"c": cid},
    ).fetchall()[0][0]
    if not found:
        raise AnalysisError(f"no committee {cid} in the warehouse")
    return [cid]


def filtered(
    rows: str,
    *,
    states: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> str:
    """``rows`` (SQL of counted lines) kept to contributors in ``states`` and dates from
    ``since`` to ``until``, inclusive."""
    check_dates(since, until)
    where = []
    if states:
        where.append(f"contributor_state IN {_in_list([s.upper() for s in states])}")
    if since:
        where.append(f"date >= DATE '{since.isoformat()}'")
    if until:
        where.append(f"date <= DATE '{until.isoformat()}'")
    return f"SELECT * FROM ({rows}) WHERE {' AND '.join(where)}" if where else rows


def contribution_rows(
    con: duckdb.DuckDBPyConnection, committees: list[str], cycle: int | None = None
) -> str:
    """SQL of every line that counts toward ``committees`` (after lumps are replaced by
    the memo lines that attribute them), signed (refunds negative), each with its
    ``kind``, its organization rolled up to the ultimate parent and its provenance."""
    return _rows_sql(committees, cycle)


def counted_lines(
    con: duckdb.DuckDBPyConnection,
    committees: list[str],
    cycle: int | None,
    *,
    asked: dict,
    summaries: bool,
) -> tuple[str, bool]:
    """SQL of the lines that count toward the recipient ``asked`` (committee_id,
    candidate_id, cycle) with the columns the analyses group by: the lines the summaries
    kept when they match the warehouse (and ``summaries``), else ``contribution_rows``;
    and whether they are the kept ones (``mark_kept``)."""
    if summaries:
        from moneytrail.analysis.summaries import summary_rows_sql  # (it imports us)

        if (kept := summary_rows_sql(con, **asked)) is not None:
            return kept, True
    return _rows_sql(committees, cycle), False


_FILES = "list_sort(list_distinct(flatten(list({col}))))"

_GROUP_KEYS = {
    # by: (ranked kinds, key expression, name expression, extra columns)
    "organization": (
        ("organization", "committee"),
        "CASE group_kind WHEN 'organization' THEN top_org_id "
        "WHEN 'committee' THEN coalesce(contributor_id, upper(contributor_name)) "
        "WHEN 'non_org' THEN non_org ELSE group_kind END",
    ),
    "industry": (("organization",), "CASE group_kind WHEN 'organization' THEN industry "
                 "WHEN 'non_org' THEN non_org ELSE group_kind END"),
    "sector": (("organization",), "CASE group_kind WHEN 'organization' THEN sector "
               "WHEN 'non_org' THEN non_org ELSE group_kind END"),
    "donor": (("donor",), "CASE group_kind WHEN 'donor' THEN donor_id ELSE group_kind END"),
}  # fmt: skip


# The three parts of an organization's giving; labelled rows have none.
_PARTS = (
    ", ".join(
        f"sum(amount) FILTER (WHERE org_via = '{via}' "
        f"AND group_kind IN ('organization', 'industry_unknown')) AS {name}"
        for via, name in (
            ("pac", "pac_amount"),
            ("employer", "employees_amount"),
            ("organization", "organization_amount"),
        )
    )
    + ","
)


def _kind_sql(by: str) -> str:
    """The row kind for a grouping: buckets that only exist in some groupings."""
    if by == "organization":
        return "kind"
    if by in ("industry", "sector"):
        return (
            "CASE WHEN kind = 'committee' THEN 'committee_no_org' "
            f"WHEN kind = 'organization' AND {by} IS NULL THEN 'industry_unknown' ELSE kind END"
        )
    return (
        "CASE WHEN kind IN ('candidate', 'conduit_unknown', 'jfc_unknown') THEN kind "
        "WHEN entity_type NOT IN ('IND', 'CAN') THEN 'not_individual' "
        "WHEN donor_id IS NULL THEN 'no_donor' ELSE 'donor' END"
    )


# What top_contributors shows for each group, per grouping. A donor's name, place and
# employer are their lines' most frequent, the first in order on a tie: mode() alone picks
# whichever its threads met first, so the same warehouse could show two names. A committee
# that gave is named as the committee master's latest cycle names it, as flow does. Only an
# organization's row has an industry and sector: a labelled row (the candidate's own
# money, a joint fundraiser's unknown donors) gathers lines of many.
_CITY_STATE = "concat_ws(', ', contributor_city, contributor_state)"
_COLUMNS = {
    "donor": f"""
        any_value(group_key) FILTER (WHERE group_kind = 'donor') AS donor_id,
        CASE WHEN any_value(group_kind) = 'donor'
             THEN mode(contributor_name ORDER BY contributor_name) END AS name,
        CASE WHEN any_value(group_kind) = 'donor'
             THEN mode({_CITY_STATE} ORDER BY {_CITY_STATE}) END AS city_state,
        CASE WHEN any_value(group_kind) = 'donor'
             THEN mode(contributor_employer ORDER BY contributor_employer) END AS employer,""",
    "organization": f"""
        any_value(top_org_id) FILTER (WHERE group_kind = 'organization') AS org_id,
        CASE any_value(group_kind)
          WHEN 'organization' THEN any_value(top_org_name)
          WHEN 'committee' THEN coalesce(any_value(cm.name),
                                         mode(contributor_name ORDER BY contributor_name))
               || coalesce(' (' || any_value(contributor_id) || ')', '')
          WHEN 'non_org' THEN replace(any_value(non_org), '_', ' ')
        END AS name,
        any_value(industry) FILTER (WHERE group_kind = 'organization') AS industry,
        any_value(sector) FILTER (WHERE group_kind = 'organization') AS sector,
        {_PARTS}""",
    **{
        by: f"""
        CASE any_value(group_kind) WHEN 'organization' THEN any_value({by})
          WHEN 'non_org' THEN replace(any_value(non_org), '_', ' ') END AS {by},
        CASE WHEN any_value(group_kind) IN ('organization', 'industry_unknown')
             THEN count(DISTINCT top_org_id) END AS organizations,
        {_PARTS}"""
        for by in ("industry", "sector")
    },
}
_NAMES = {
    "donor": "donor_id, name, city_state, employer",
    "organization": "org_id, name, industry, sector, pac_amount, employees_amount, "
    "organization_amount",
    **{
        by: f"{by}, organizations, pac_amount, employees_amount, organization_amount"
        for by in ("industry", "sector")
    },
}


def ranking_parts(by: str) -> dict[str, str]:
    """The SQL pieces of one grouping, shared by top_contributors and the summaries:
    ``kind`` and ``key`` (the group of a line), ``columns`` (what a group shows, as
    aggregates), ``ranked`` (the kinds that are ranked), ``names`` (the columns shown),
    ``others`` (the "all others" row's columns), ``shown_names`` (labels filled in) and
    ``order`` (the labelled rows' order: a CASE on kind, closed by the caller)."""
    ranked_kinds, key = _GROUP_KEYS[by]
    names = _NAMES[by]
    parts = names.split(", ")
    label_col = by if by in ("industry", "sector") else "name"
    labels = "CASE kind " + " ".join(
        f"WHEN {_quote(k)} THEN {_quote(v)}" for k, v in LABELS.items()
    )
    return {
        "by": by,
        "kind": _kind_sql(by),
        "key": key,
        "columns": _COLUMNS[by],
        "ranked": _in_list(list(ranked_kinds)),
        "names": names,
        "others": ", ".join(f"sum({n})" if n.endswith("_amount") else "NULL" for n in parts),
        "shown_names": ", ".join(
            f"coalesce({n}, {labels} END) AS {n}" if n == label_col else n for n in parts
        ),
        "order": "CASE kind "
        + " ".join(f"WHEN {_quote(k)} THEN {i}" for i, k in enumerate(_KIND_ORDER)),
    }


def top_contributors(
    con: duckdb.DuckDBPyConnection,
    *,
    committee_id: str | None = None,
    candidate_id: str | None = None,
    cycle: int | None = None,
    by: By | str = "organization",
    limit: int = 25,
    detail: bool = False,
    states: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    summaries: bool = True,
) -> pa.Table:
    """Who gave to a committee, or to a candidate (all their authorized committees), as
    the recipients reported it, counting each dollar once (see the module's docstring).

    ``by``: ``organization`` (ultimate parent; ``pac_amount``, ``employees_amount`` and
    ``organization_amount`` apart, and their ``total``), ``industry``, ``sector`` or
    ``donor`` (deduplicated individuals: most frequent name, city/state, employer, the
    first in order on a tie). The
    ``limit`` largest come first (``rank``), then one row for all the others, then the
    labelled rows (``kind``) that are no one organization or donor, so the ``total``
    column adds up to the itemized contributions net of refunds. Each row has its
    ``contributions`` and the ``file_numbers`` of the reports behind it.

    ``detail``: the counted lines themselves, with the group they fall in, ``file_number``,
    ``image_number``, ``source_file`` and ``source_line``. ``states`` keeps contributors
    from those states; ``since``/``until`` bound the date (inclusive).

    Without ``detail`` the answer comes from the pre-computed summaries
    (``moneytrail.analysis.summaries``) when they match the warehouse: the ranked groups
    themselves, or with states or dates the lines as they were counted. Either gives the
    same table; ``summaries=False`` always counts the lines afresh."""
    if by not in BY:
        raise AnalysisError(f"cannot rank by {by!r}; choose one of {', '.join(BY)}")
    check_count("limit", limit)
    committees = recipients(con, committee_id=committee_id, candidate_id=candidate_id, cycle=cycle)
    asked = {"committee_id": committee_id, "candidate_id": candidate_id, "cycle": cycle}
    if summaries and not (detail or states or since or until):
        from moneytrail.analysis.summaries import top_contributors_summary  # (imports us)

        found = top_contributors_summary(con, **asked, by=by, limit=limit)
        if found is not None:
            return found
    counted, kept_rows = counted_lines(
        con, committees, cycle, asked=asked, summaries=summaries and not detail
    )
    rows = filtered(counted, states=states, since=since, until=until)
    parts = ranking_parts(by)
    base = (
        f"SELECT *, {parts['key']} AS group_key "
        f"FROM (SELECT *, {parts['kind']} AS group_kind FROM ({rows}))"
    )
    if detail:
        return arrow(
            con,
            f"""
            SELECT committee_id, group_kind AS kind, group_key AS "group", top_org_name AS
                   organization, org_via, date, amount, contributor_name, contributor_city,
                   contributor_state, contributor_employer, receipt_type, line_number,
                   file_number, image_number, source_file, source_line
            FROM ({base}) ORDER BY date, amount DESC, source_file, source_line
            """,
        )
    table = arrow(
        con,
        f"""
        WITH g AS (
            SELECT group_kind AS kind, group_key, {parts["columns"]}
                   sum(amount) AS total, count(*)::BIGINT AS contributions,
                   list_sort(list(DISTINCT file_number) FILTER (WHERE file_number IS NOT NULL))
                       AS file_numbers
            FROM ({base}) b
            LEFT JOIN (SELECT committee_id AS cid, arg_max(name, cycle) AS name FROM committees
                       GROUP BY 1) cm ON cm.cid = b.contributor_id
            GROUP BY group_kind, group_key
        ),
        r AS (
            SELECT *, CASE WHEN kind IN {parts["ranked"]}
                           THEN row_number() OVER (PARTITION BY kind IN {parts["ranked"]}
                                                   ORDER BY total DESC, group_key) END AS rank
            FROM g
        ),
        shown AS (
            SELECT rank, kind, {parts["names"]}, total, contributions, file_numbers
            FROM r WHERE rank IS NULL OR rank <= $limit
            UNION ALL
            SELECT NULL, 'other', {parts["others"]}, sum(total), sum(contributions)::BIGINT,
                   {_FILES.format(col="file_numbers")}
            FROM r WHERE rank > $limit HAVING count(*) > 0
        )
        SELECT rank, kind, {parts["shown_names"]}, total, contributions, file_numbers
        FROM shown
        ORDER BY rank IS NULL, rank, {parts["order"]} END, total DESC
        """,
        {"limit": limit},
    )
    return mark_kept(table, kept_rows)


def mark_kept(table: pa.Table, kept_rows: bool) -> pa.Table:
    """An answer counted from the lines kept by the summaries says so."""
    if not kept_rows:
        return table
    from moneytrail.analysis.summaries import marked

    return marked(table, "summary_receipts")
