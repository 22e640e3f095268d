"""Reporting schedules and next due dates, against the FEC's published calendars (dates
written here from the FEC's 2020 and 2024 reporting-date tables, not from the code)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from clitools import run_cli

from moneytrail.analysis.common import AnalysisError
from moneytrail.analysis.reporting import general_election, next_report, schedule
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files


def test_general_elections() -> None:
    assert general_election(2020) == date(2020, 11, 3)
    assert general_election(2024) == date(2024, 11, 5)
    assert general_election(2026) == date(2026, 11, 3)
    assert general_election(2025) is None


def test_election_year_quarterly_candidate_committee() -> None:
    due = {r.code: r.due for r in schedule("Q", 2024, "H")}
    # FEC 2024 quarterly filers: Apr 15, Jul 15, Oct 15, pre-general Oct 24 (books close
    # Oct 16), post-general Dec 5, year-end Jan 31 2025.
    assert due == {
        "Q1": date(2024, 4, 15), "Q2": date(2024, 7, 15), "Q3": date(2024, 10, 15),
        "12G": date(2024, 10, 24), "30G": date(2024, 12, 5), "YE": date(2025, 1, 31),
    }  # fmt: skip
    pre = next(r for r in schedule("Q", 2024, "H") if r.code == "12G")
    assert pre.period_end == date(2024, 10, 16)


def test_off_year_pacs_file_twice_candidates_four_times() -> None:
    assert [(r.code, r.due) for r in schedule("Q", 2025, "Q")] == [
        ("MY", date(2025, 7, 31)), ("YE", date(2026, 1, 31)),
    ]  # fmt: skip
    assert [r.code for r in schedule("Q", 2025, "S")] == ["Q1", "Q2", "Q3", "YE"]


def test_monthly_filers_in_an_election_year() -> None:
    reports = schedule("M", 2020, "Y")
    codes = [r.code for r in reports]
    # The November and December monthlies give way to the pre- and post-general reports
    # (2020: Oct 22 and Dec 3).
    assert "M11" not in codes and "M12" not in codes
    assert {r.code: r.due for r in reports}["12G"] == date(2020, 10, 22)
    assert {r.code: r.due for r in reports}["30G"] == date(2020, 12, 3)
    assert {r.code: r.due for r in reports}["M3"] == date(2020, 3, 20)
    assert len(codes) == 12  # M2..M10 (nine), 12G, 30G and YE


@pytest.fixture(scope="module")
def wh(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("reporting"))
    load_files(wh, [shared_data / "fec-bulk" / "2020-early" / "cm.txt"], cycle=2020)
    return wh


def test_next_report_from_the_committee_master(wh: Warehouse, shared_data: Path) -> None:
    # DCCC (C00000935) files monthly per the 2020 committee master.
    fields = next(
        line.split("|")
        for line in (shared_data / "fec-bulk/2020-early/cm.txt").open(encoding="latin-1")
        if line.startswith("C00000935|")
    )
    assert fields[11] == "M"
    with wh.reader() as con:
        rows = next_report(con, "C00000935", date(2020, 10, 21), count=2).to_pylist()
    assert [(r["report"], r["due"], r["days_left"]) for r in rows] == [
        ("12G", date(2020, 10, 22), 1), ("30G", date(2020, 12, 3), 43),
    ]  # fmt: skip
    with wh.reader() as con, pytest.raises(AnalysisError, match="no committee C09999999"):
        next_report(con, "C09999999")
    # Before, 0 read as a committee that owes nothing and -1 as all reports but the last.
    for count in ("0", "-1"):
        refused = run_cli("next-report", "C00000935", "--count", count, home=wh.home, check=False)
        assert (refused.returncode, refused.stderr) == (
            1, f"error: count must be at least 1, not {count}\n"
        )  # fmt: skip


def test_terminated_committees_owe_nothing(wh: Warehouse, shared_data: Path) -> None:
    terminated = next(
        line.split("|")[0]
        for line in (shared_data / "fec-bulk/2020-early/cm.txt").open(encoding="latin-1")
        if line.split("|")[11] == "T"
    )
    with wh.reader() as con:
        assert next_report(con, terminated, date(2020, 5, 1)).num_rows == 0
    out = run_cli("next-report", terminated, home=wh.home)
    assert "owes no periodic reports" in out.stderr


def test_cli(wh: Warehouse) -> None:
    rows = json.loads(
        run_cli("next-report", "C00000935", "--as-of", "2020-03-01", "-f", "json",
                home=wh.home).stdout
    )  # fmt: skip
    assert rows == [
        {"committee_id": "C00000935", "name": rows[0]["name"], "frequency": "monthly",
         "report": "M3", "report_name": "Monthly (February)", "period_end": "2020-02-29",
         "due": "2020-03-20", "days_left": 19}
    ]  # fmt: skip
