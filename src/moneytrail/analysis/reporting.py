"""A committee's reporting schedule and the date its next report is due.

The rules (which reports a quarterly or monthly filer owes, when, and what changes in an
election year) are data, with their sources, in ``reporting_schedule.toml``; the
committee's filing frequency comes from the committee master.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa

from moneytrail.analysis.common import AnalysisError, check_count


@cache
def _rules() -> dict:
    text = (resources.files("moneytrail.analysis") / "reporting_schedule.toml").read_text()
    return tomllib.loads(text)


def general_election(year: int) -> date | None:
    """The federal general election of ``year`` (even years): the Tuesday after the
    first Monday in November."""
    if year % 2:
        return None
    first = date(year, 11, 1)
    first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return first_monday + timedelta(days=1)


@dataclass(frozen=True)
class Report:
    code: str
    name: str
    period_end: date
    due: date


def _fixed(entry: dict, year: int) -> Report:
    month, day = (int(x) for x in entry["period_end"].split("-"))
    due_month, due_day = (int(x) for x in entry["due"].split("-"))
    due_year = year + 1 if entry.get("next_year") else year
    return Report(
        entry["code"], entry["name"], date(year, month, day), date(due_year, due_month, due_day)
    )


def _relative(entry: dict, election: date) -> Report:
    return Report(
        entry["code"],
        entry["name"],
        election + timedelta(days=entry["period_end_days"]),
        election + timedelta(days=entry["due_days"]),
    )


def schedule(frequency: str, year: int, committee_type: str | None = None) -> list[Report]:
    """The reports a filer of ``frequency`` (Q or M) and ``committee_type`` owes for
    ``year``, by due date."""
    rules = _rules()
    election = general_election(year)
    reports: list[Report] = []
    candidate = committee_type in rules["semiannual"]["candidate_committee_types"]
    if frequency == "Q" and not election and not candidate:
        reports = [_fixed(e, year) for e in rules["semiannual"]["odd_year"]]
    elif frequency == "Q":
        reports = [_fixed(e, year) for e in rules["quarterly"]["every_year"]]
        if election:
            reports += [_relative(e, election) for e in rules["quarterly"]["election_year"]]
    elif frequency == "M":
        monthly = rules["monthly"]
        skipped = {int(m) for m in monthly["election_year_replaces"]} if election else set()
        for month in range(2, 13):
            if month in skipped:
                continue
            period_end = date(year, month, 1) - timedelta(days=1)
            due = date(year, month, monthly["every_month_due_day"])
            reports.append(Report(f"M{month}", f"Monthly ({period_end:%B})", period_end, due))
        reports.append(_fixed(monthly["year_end"], year))
        if election:
            reports += [_relative(e, election) for e in monthly["election_year"]]
    else:
        return []
    return sorted(reports, key=lambda r: r.due)


def _frequency(con: duckdb.DuckDBPyConnection, committee_id: str) -> tuple[str, str, str]:
    rows = con.execute(
        "SELECT filing_frequency, name, committee_type FROM committees WHERE committee_id = ? "
        "ORDER BY cycle DESC NULLS LAST LIMIT 1",
        [committee_id],
    ).fetchall()
    if not rows:
        raise AnalysisError(
            f"no committee {committee_id} in the warehouse; load a committee master (cm)"
        )
    return (rows[0][0] or "").strip(), rows[0][1], rows[0][2]


def next_report(
    con: duckdb.DuckDBPyConnection, committee_id: str, as_of: date | None = None, count: int = 1
) -> pa.Table:
    """The next ``count`` reports ``committee_id`` owes on or after ``as_of`` (default
    today): code, name, the period it closes, the due date and the days left. Empty for
    a terminated committee (the ``frequency`` column says why)."""
    check_count("count", count)
    today = as_of or date.today()
    frequency, name, committee_type = _frequency(con, committee_id)
    described = _rules()["frequencies"].get(frequency, f"unknown ({frequency or 'blank'})")
    upcoming = [
        r
        for y in (today.year - 1, today.year, today.year + 1)
        for r in schedule(frequency, y, committee_type)
    ]
    upcoming = sorted((r for r in upcoming if r.due >= today), key=lambda r: r.due)[:count]
    return pa.Table.from_pylist(
        [
            {"committee_id": committee_id, "name": name, "frequency": described,
             "report": r.code, "report_name": r.name, "period_end": r.period_end,
             "due": r.due, "days_left": (r.due - today).days}
            for r in upcoming
        ],
        schema=pa.schema(
            [("committee_id", pa.string()), ("name", pa.string()), ("frequency", pa.string()),
             ("report", pa.string()), ("report_name", pa.string()),
             ("period_end", pa.date32()), ("due", pa.date32()), ("days_left", pa.int32())]
        ),
    )  # fmt: skip
