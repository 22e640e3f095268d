"""Spending by purpose on the real 2020 operating-expenditure sample, against totals
computed here from the raw pipe-delimited lines."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from clitools import run_cli

from moneytrail.analysis.common import AnalysisError
from moneytrail.analysis.spending import spending
from moneytrail.classify.purpose import classify_purpose
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

# oppexp columns (oppexp_header_file.csv), 0-based.
CMTE, NAME, STATE, DATE, AMOUNT, PURPOSE, CODE, MEMO, FILE, TRAN, BACK = (
    0, 8, 10, 12, 13, 15, 16, 18, 22, 23, 24
)  # fmt: skip


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Path:
    return shared_data / "fec-bulk" / "2020-early"


@pytest.fixture(scope="module")
def wh(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("spending"))
    load_files(wh, [sample / "cm.txt", sample / "oppexp.txt", sample / "itpas2.txt"], cycle=2020)
    return wh


def expected_rows(sample: Path, committee: str) -> list[tuple[str, Decimal, str, str, str]]:
    """(date, amount, purpose, code, payee) of each dollar counted once: memo lines only
    where they itemize a payment on its own line, which then counts only for what they
    leave uncovered. Read straight from the file."""
    with (sample / "oppexp.txt").open(encoding="latin-1") as fh:
        rows = [line.rstrip("\n").split("|") for line in fh]
    mine = [r for r in rows if r[CMTE] == committee]
    payments = {(r[FILE], r[TRAN]): r for r in mine if r[MEMO] != "X"}
    parts = [r for r in mine if r[MEMO] == "X" and (r[FILE], r[BACK]) in payments]
    covered: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for r in parts:
        covered[(r[FILE], r[BACK])] += Decimal(r[AMOUNT])
    out = []
    for key, r in payments.items():
        left = Decimal(r[AMOUNT]) - covered.get(key, Decimal(0))
        if key not in covered or left != 0:
            out.append((r[DATE], left, r[PURPOSE], r[CODE], r[NAME]))
    out += [(r[DATE], Decimal(r[AMOUNT]), r[PURPOSE], r[CODE], r[NAME]) for r in parts]
    return out


def by_category(rows) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for _, amount, purpose, code, _ in rows:
        totals[classify_purpose(purpose, code or None).category] += amount
    return dict(totals)


def test_itemized_payments_count_once(wh: Warehouse, sample: Path) -> None:
    # C00277541 itemizes card and vendor payments in memo lines that point back at them.
    rows = expected_rows(sample, "C00277541")
    with wh.reader() as con:
        got = spending(con, "C00277541")
    totals = {r["category"]: r["amount"] for r in got.to_pylist()}
    assert totals == by_category(rows)
    memo_lines = sum(
        1
        for line in (sample / "oppexp.txt").open(encoding="latin-1")
        if line.startswith("C00277541|") and line.split("|")[MEMO] == "X"
    )
    assert memo_lines > 0 and sum(got.column("items").to_pylist()) == len(rows)


def test_since_month_and_categories(wh: Warehouse, sample: Path) -> None:
    rows = [
        r
        for r in expected_rows(sample, "C00010603")
        if date(int(r[0][6:]), int(r[0][:2]), int(r[0][3:5])) >= date(2019, 1, 15)
    ]
    wanted = {"digital_ads", "payroll_staff"}
    expected = {k: v for k, v in by_category(rows).items() if k in wanted}
    with wh.reader() as con:
        got = spending(
            con, "C00010603", since=date(2019, 1, 15), categories_=sorted(wanted),
            by=("month", "category"),
        )  # fmt: skip
    assert set(got.column("month").to_pylist()) == {date(2019, 1, 1)}
    assert {r["category"]: r["amount"] for r in got.to_pylist()} == expected
    assert all(fns == [1317362] for fns in got.column("file_numbers").to_pylist())


def test_detail_rows_trace_to_the_file(wh: Warehouse, sample: Path) -> None:
    with wh.reader() as con:
        lines = spending(con, "C00277541", detail=True).to_pylist()
    raw = (sample / "oppexp.txt").read_text(encoding="latin-1").splitlines()
    for line in lines:
        fields = raw[line["source_line"] - 1].split("|")
        assert fields[CMTE] == "C00277541" and fields[4] == line["image_number"]


def test_independent_expenditures_count(wh: Warehouse, sample: Path) -> None:
    with (sample / "itpas2.txt").open(encoding="latin-1") as fh:
        ies = [r.split("|") for r in fh if r.split("|")[5] in ("24E", "24A")]
    spender = max({r[0] for r in ies}, key=lambda c: sum(r[0] == c for r in ies))
    # itpas2 columns: 14 TRANSACTION_AMT, 19 MEMO_CD (pas2_header_file.csv).
    expected = sum(Decimal(r[14]) for r in ies if r[0] == spender and r[19] != "X")
    with wh.reader() as con:
        got = spending(con, spender, by=("schedule",)).to_pylist()
    assert {r["schedule"]: r["amount"] for r in got}["schedule_e"] == expected


def test_bad_questions_say_so(wh: Warehouse) -> None:
    with wh.reader() as con, pytest.raises(AnalysisError, match="unknown category"):
        spending(con, "C00010603", categories_=["lawn_signs"])
    with wh.reader() as con, pytest.raises(AnalysisError, match="no committee C09999999"):
        spending(con, "C09999999")
    with wh.reader() as con, pytest.raises(AnalysisError, match="cannot group by"):
        spending(con, "C00010603", by=("colour",))


def test_cli(wh: Warehouse) -> None:
    out = run_cli(
        "spending", "C00010603", "--since", "2019-01-15", "--category", "digital_ads",
        "--by", "month", "--format", "json", home=wh.home,
    ).stdout  # fmt: skip
    rows = json.loads(out)
    assert rows[0]["month"] == "2019-01-01" and rows[0]["file_numbers"] == [1317362]
    states = run_cli(
        "spending", "C00010603", "--states", "battleground-2020", "--by", "state", "-f", "csv",
        home=wh.home,
    ).stdout  # fmt: skip
    found = {line.split(",")[0] for line in states.splitlines()[1:]}
    assert found and found <= {"AZ", "FL", "GA", "MI", "MN", "NV", "NH", "NC", "PA", "WI"}
