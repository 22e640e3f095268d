"""What the analyses share: which committees speak for a candidate, which rows count,
periods, state sets, and running a query into an Arrow table."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa

from moneytrail.errors import MoneytrailError

Period = Literal["week", "month", "quarter", "year"]
PERIODS: tuple[str, ...] = ("week", "month", "quarter", "year")

# An itemized row counts toward totals unless it is a memo entry: memo lines repeat money
# already counted elsewhere (an earmark's conduit line, a credit-card payee's detail).
COUNTS_SQL = "coalesce(memo_code, '') <> 'X'"

# Schedule B lines found in two bulk files (itpas2 and itoth list the same
# committee-to-committee contributions under one sub id) count once: the copy naming
# the candidate wins. A QUALIFY clause for a query over schedule_b.
ONCE_PER_SUB_ID = (
    "QUALIFY sub_id IS NULL OR row_number() OVER ("
    "PARTITION BY sub_id ORDER BY candidate_id IS NULL, source_file, source_line) = 1"
)

# Committee designations that speak for a candidate: P principal, A authorized.
AUTHORIZED_DESIGNATIONS = ("P", "A")


class AnalysisError(MoneytrailError):
    """A question the warehouse cannot answer as asked (unknown id, bad period, ...)."""


def check_dates(since: date | None, until: date | None) -> None:
    """A range of dates that ends before it starts is an error, not an empty answer."""
    if since and until and since > until:
        raise AnalysisError(f"since ({since}) is after until ({until})")


def check_count(name: str, value: int) -> None:
    """Refuse a count of rows or of names to list (``limit``, ``top``) below one."""
    if value < 1:
        raise AnalysisError(f"{name} must be at least 1, not {value}")


def date_conditions(since: date | None, until: date | None, params: dict) -> list[str]:
    """Conditions on a ``date`` column for ``since``/``until`` (inclusive), their values
    put in ``params``."""
    check_dates(since, until)
    params.update({k: v for k, v in (("since", since), ("until", until)) if v})
    return ["date >= $since"] * bool(since) + ["date <= $until"] * bool(until)


def arrow(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | Mapping | None = None
) -> pa.Table:
    """Run one query (parameters by position, or by name as ``$name``) into Arrow."""
    values = dict(params) if isinstance(params, Mapping) else list(params or [])
    return con.sql(sql, params=values).to_arrow_table()


def period_sql(column: str, period: str) -> str:
    """SQL for the first day of the period holding ``column`` (a DATE)."""
    if period not in PERIODS:
        raise AnalysisError(f"unknown period {period!r}; choose one of {', '.join(PERIODS)}")
    return f"CAST(date_trunc('{period}', {column}) AS DATE)"


def candidate_committees(
    con: duckdb.DuckDBPyConnection, candidate_id: str, cycle: int | None = None
) -> list[str]:
    """The committees authorized by a candidate (principal and authorized), from the
    candidate-committee links and the candidate master's principal committee."""
    rows = con.execute(
        f"""
        SELECT committee_id FROM candidate_committee_links
        WHERE candidate_id = ? AND committee_designation IN {AUTHORIZED_DESIGNATIONS}
          AND (? IS NULL OR fec_election_year = ?)
        UNION
        SELECT principal_committee_id FROM candidates
        WHERE candidate_id = ? AND principal_committee_id IS NOT NULL
          AND (? IS NULL OR cycle = ?)
        ORDER BY 1
        """,
        [candidate_id, cycle, cycle, candidate_id, cycle, cycle],
    ).fetchall()
    if not rows:
        raise AnalysisError(
            f"no committees found for candidate {candidate_id}"
            + (f" in cycle {cycle}" if cycle else "")
            + "; load the cn and ccl files for that cycle"
        )
    return [r[0] for r in rows]


def _state_sets_file() -> dict[str, dict]:
    text = (resources.files("moneytrail.analysis") / "state_sets.toml").read_text()
    return tomllib.loads(text)["sets"]


def state_set(spec: str, user_file: Path | None = None) -> list[str]:
    """States named by ``spec``: a set's name from the packaged ``state_sets.toml`` (or the
    user's own file of the same shape, which wins), or a comma-separated list of postal
    codes ("AZ,GA,MI")."""
    sets = _state_sets_file()
    if user_file is not None and user_file.exists():
        sets = {**sets, **tomllib.loads(user_file.read_text())["sets"]}
    if spec in sets:
        return sorted(sets[spec]["states"])
    states = sorted({s.strip().upper() for s in spec.split(",") if s.strip()})
    bad = [s for s in states if len(s) != 2 or not s.isalpha()]
    if bad or not states:
        raise AnalysisError(
            f"{spec!r} is neither a state set ({', '.join(sorted(sets))}) nor a list of "
            "two-letter state codes"
        )
    return states
