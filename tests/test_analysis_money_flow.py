"""Money flow on the real 2020 sample: sources by kind against the raw lines, the same
total as `moneytrail top`, and what an organization funded."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from clitools import run_cli

from moneytrail.analysis.common import AnalysisError
from moneytrail.analysis.contributors import top_contributors
from moneytrail.analysis.money_flow import funded_by, money_in, money_out
from moneytrail.warehouse.catalog import Warehouse

DCCC = "C00000935"


@pytest.fixture(scope="module")
def sample(bulk_2020: Path) -> Path:
    return bulk_2020


@pytest.fixture(scope="module")
def home(sample_2020_home: Path) -> Path:
    return sample_2020_home  # these tests only read it


def _raw(sample: Path, *names: str) -> list[list[str]]:
    rows = []
    for name in names:
        with (sample / name).open(encoding="latin-1") as fh:
            rows += [line.rstrip("\n").split("|") for line in fh]
    return rows


def _dccc_individuals(sample: Path) -> dict[str, Decimal]:
    """What each individual gave the DCCC, net, by name as filed, from the raw lines."""
    # indiv/oth columns: 0 CMTE_ID, 5 TRANSACTION_TP, 6 ENTITY_TP, 7 NAME, 14 AMOUNT,
    # 18 MEMO_CD. The DCCC's individual lines: contributions (15), earmarked ones (15E), to
    # its headquarters account (31), and refunds (22Y); its 41 and 42 lines are no receipts.
    sign = {"15": 1, "15E": 1, "31": 1, "22Y": -1}
    given: dict[str, Decimal] = {}
    for r in _raw(sample, "itcont.txt", "itoth.txt"):
        if r[0] == DCCC and r[6] == "IND" and r[18] != "X" and r[5] in sign:
            given[r[7]] = given.get(r[7], Decimal(0)) + sign[r[5]] * Decimal(r[14])
    return given


def test_individuals_and_the_whole(home: Path, sample: Path) -> None:
    expected = sum(_dccc_individuals(sample).values())
    wh = Warehouse(home)
    with wh.reader() as con:
        came = {r["source"]: r for r in money_in(con, committee_id=DCCC).to_pylist()}
        top = top_contributors(con, committee_id=DCCC, by="donor").to_pylist()
    assert came["individuals"]["amount"] == expected
    # The kinds of source add up to what `moneytrail top` counts for the committee.
    assert sum(r["amount"] for r in came.values()) == sum(r["total"] for r in top)
    assert all(r["file_numbers"] for r in came.values())


def test_givers_of_equal_sums_are_named_in_one_order(home: Path, sample: Path) -> None:
    # The DCCC's two largest individual givers gave the same sum; whichever way the table
    # is made (from the summaries or by counting the lines), and however many are asked
    # for, they come largest first and, within a sum, in alphabetical order.
    given = _dccc_individuals(sample)
    ranked = sorted(given, key=lambda name: (-given[name], name))
    assert given[ranked[0]] == given[ranked[1]], "the sample's two largest givers tie"
    wh = Warehouse(home)
    with wh.reader() as con:
        for top in (1, 2, 4):
            for summaries in (True, False):
                came = money_in(con, committee_id=DCCC, top=top, summaries=summaries)
                individuals = next(r for r in came.to_pylist() if r["source"] == "individuals")
                assert individuals["top_sources"] == ranked[:top], (top, summaries)


def test_money_out_is_spending_by_purpose(home: Path, sample: Path) -> None:
    # Everything the DCCC paid out, as the raw files have it: operating expenditures
    # (oppexp: 13 AMOUNT, 18 MEMO_CD), payments to other committees (itoth types 2x) and to
    # candidates (itpas2 other than 24E/24A), memo lines left out — memo lines that itemize
    # a payment move its money between categories but not the total.
    expected = sum(
        Decimal(r[13]) for r in _raw(sample, "oppexp.txt") if r[0] == DCCC and r[18] != "X"
    )
    expected += sum(
        Decimal(r[14])
        for r in _raw(sample, "itoth.txt")
        if r[0] == DCCC and r[5].startswith("2") and r[18] != "X"
    )
    expected += sum(
        Decimal(r[14])
        for r in _raw(sample, "itpas2.txt")
        if r[0] == DCCC and r[5] not in ("24E", "24A") and r[19] != "X"
    )
    with Warehouse(home).reader() as con:
        went = money_out(con, DCCC).to_pylist()
    schedule_e = sum(
        Decimal(r[14])
        for r in _raw(sample, "itpas2.txt")
        if r[0] == DCCC and r[5] in ("24E", "24A") and r[19] != "X"
    )
    assert sum(r["amount"] for r in went) == expected + schedule_e


def test_what_an_organization_funded(home: Path, sample: Path) -> None:
    google = re.compile(r"^GOOGLE(,? (LLC|INC\.?))?$")
    employees: dict[str, Decimal] = {}
    for r in _raw(sample, "itcont.txt", "itoth.txt"):
        if r[6] == "IND" and r[18] != "X" and google.match(r[11].strip()):
            employees[r[0]] = employees.get(r[0], Decimal(0)) + Decimal(r[14])
    with Warehouse(home).reader() as con:
        rows = {r["committee_id"]: r for r in funded_by(con, org_id="alphabet").to_pylist()}
    # Google's NetPAC gave the DCCC 15,000 (itoth, OTHER_ID C00428623).
    assert rows[DCCC]["via"] == ["pac"] and rows[DCCC]["amount"] == 15_000
    assert rows[DCCC]["party"] == "DEM"
    for committee, amount in employees.items():
        assert rows[committee]["amount"] >= amount


def test_errors(home: Path) -> None:
    with Warehouse(home).reader() as con:
        with pytest.raises(AnalysisError, match="not both or neither"):
            funded_by(con)
        with pytest.raises(AnalysisError, match="no organization 'nope'"):
            funded_by(con, org_id="nope")
        with pytest.raises(AnalysisError, match="is after until"):
            money_in(con, committee_id=DCCC, since=date(2020, 1, 2), until=date(2020, 1, 1))
    # Naming no giver per row was DuckDB's error and a traceback.
    none_named = run_cli("flow", DCCC, "--top", "0", home=home, check=False)
    assert (none_named.returncode, none_named.stderr) == (
        1, "error: top must be at least 1, not 0\n"
    )  # fmt: skip


def test_cli(home: Path) -> None:
    flow = json.loads(run_cli("flow", DCCC, "-f", "json", home=home).stdout)
    assert {"in", "out"} <= set(flow[0])
    funded = run_cli("funded", "--org", "alphabet", "-f", "csv", home=home).stdout
    assert funded.splitlines()[0].startswith("committee_id,committee_name")


def test_by_state_and_time(home: Path, sample: Path) -> None:
    # indiv/oth: 9 STATE, 13 TRANSACTION_DT (MMDDYYYY).
    sign = {"15": 1, "15E": 1, "31": 1, "22Y": -1}
    swing = {"AZ", "FL", "GA", "MI", "MN", "NV", "NH", "NC", "PA", "WI"}  # battleground-2020
    expected = sum(
        sign[r[5]] * Decimal(r[14])
        for r in _raw(sample, "itcont.txt", "itoth.txt")
        if r[0] == DCCC and r[6] == "IND" and r[18] != "X" and r[5] in sign
        and r[9] in swing and r[13][4:] + r[13][:4] >= "20190115"
    )  # fmt: skip
    with Warehouse(home).reader() as con:
        came = money_in(
            con, committee_id=DCCC, states=sorted(swing), since=date(2019, 1, 15)
        ).to_pylist()
        top = top_contributors(
            con, committee_id=DCCC, by="donor", states=sorted(swing), since=date(2019, 1, 15)
        ).to_pylist()
    assert {r["source"]: r["amount"] for r in came}["individuals"] == expected
    assert sum(r["amount"] for r in came) == sum(r["total"] for r in top)
    out = run_cli(
        "top", "--committee", DCCC, "--by", "donor", "--states", "battleground-2020",
        "--since", "2019-01-15", "-f", "json", home=home,
    ).stdout  # fmt: skip
    assert sum(Decimal(r["total"]) for r in json.loads(out)) == sum(r["total"] for r in top)


def test_money_in_and_out_by_state_and_month(home: Path, sample: Path) -> None:
    # The DCCC's individuals per giver's state and month of receipt, from the raw lines
    # (indiv/oth: 9 STATE, 13 TRANSACTION_DT MMDDYYYY).
    sign = {"15": 1, "15E": 1, "31": 1, "22Y": -1}
    expected: dict[tuple[str, date], Decimal] = {}
    for r in _raw(sample, "itcont.txt", "itoth.txt"):
        if r[0] == DCCC and r[6] == "IND" and r[18] != "X" and r[5] in sign:
            key = (r[9] or None, date(int(r[13][4:]), int(r[13][:2]), 1))
            expected[key] = expected.get(key, Decimal(0)) + sign[r[5]] * Decimal(r[14])
    with Warehouse(home).reader() as con:
        rows = money_in(con, committee_id=DCCC, by=("source", "state", "month")).to_pylist()
        whole = money_in(con, committee_id=DCCC).to_pylist()
        out_by_month = money_out(con, DCCC, by=("month",)).to_pylist()
        went = money_out(con, DCCC).to_pylist()
        with pytest.raises(AnalysisError, match="choose from source, state, month, week"):
            money_in(con, committee_id=DCCC, by=("county",))
    found = {(r["state"], r["month"]): r["amount"] for r in rows if r["source"] == "individuals"}
    assert found == expected
    assert len(expected) > 20  # many states, two months
    assert sum(r["amount"] for r in rows) == sum(r["amount"] for r in whole)
    months = [r["month"] for r in out_by_month]
    assert months == sorted(months)
    assert sum(r["amount"] for r in out_by_month) == sum(r["amount"] for r in went)
    # One CSV for both sides, each row saying which.
    csv_out = run_cli("flow", DCCC, "--by", "month", "-f", "csv", home=home).stdout.splitlines()
    assert csv_out[0].startswith("direction,month,amount,items,top_sources,file_numbers")
    sides = [line.split(",", 1)[0] for line in csv_out[1:]]
    assert sides == sorted(sides) and set(sides) == {"in", "out"}
