"""Spending by purpose against totals computed here from the raw files: the real 2020
operating-expenditure, committee-to-candidate and committee-to-committee samples (the
last two list many lines alike), and real `.fec` reports with memo lines that itemize
card and vendor payments, a 24-hour notice, and an amendment derived from a real report."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from clitools import run_cli
from efile_oracle import fecfile_items

from moneytrail.analysis.common import AnalysisError
from moneytrail.analysis.spending import spending
from moneytrail.classify.purpose import classify_purpose
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.efile_load import load_filings
from moneytrail.warehouse.load import load_files

# oppexp columns (oppexp_header_file.csv), 0-based.
CMTE, NAME, STATE, DATE, AMOUNT, PURPOSE, CODE, MEMO, FILE, TRAN, BACK = (
    0, 8, 10, 12, 13, 15, 16, 18, 22, 23, 24
)  # fmt: skip
# What the FEC's transaction types of the sample's purpose-less lines are (FEC,
# "Transaction type code descriptions"): contributions, transfers, coordinated party
# spending and loan repayments pass money on; 22Z gives a contribution back.
PASSED_ON = {"24K", "24G", "24Z", "24C", "20C"}
FS = b"\x1c"

# (date as filed, amount, category, payee state, file number)
Line = tuple[str, Decimal, str, str, str]


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="latin-1") as fh:
        return [line.rstrip("\n").split("|") for line in fh]


def expected_lines(sample: Path, committee: str) -> list[Line]:
    """Each dollar the committee spent, counted once, read straight from the files.

    oppexp: memo lines only where they itemize a payment on its own line, which then
    counts only for what they leave uncovered. itpas2 and itoth: one line per sub id
    (the two files share lines); their 24E/24A lines are independent expenditures,
    placed in no state here since the bulk lines do not name the race's state."""
    mine = [r for r in _read(sample / "oppexp.txt") if r[CMTE] == committee]
    payments = {(r[FILE], r[TRAN]): r for r in mine if r[MEMO] != "X"}
    parts = [r for r in mine if r[MEMO] == "X" and (r[FILE], r[BACK]) in payments]
    covered: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for r in parts:
        covered[(r[FILE], r[BACK])] += Decimal(r[AMOUNT])

    def category(r: list[str]) -> str:
        return classify_purpose(r[PURPOSE], r[CODE] or None).category

    out: list[Line] = []
    for key, r in payments.items():
        left = Decimal(r[AMOUNT]) - covered.get(key, Decimal(0))
        if key not in covered or left != 0:
            out.append((r[DATE], left, category(r), r[STATE], r[FILE]))
    out += [(r[DATE], Decimal(r[AMOUNT]), category(r), r[STATE], r[FILE]) for r in parts]
    # itpas2 (sub id at 21, memo 19, file 18) and itoth (sub id 20, memo 18, file 17).
    by_sub: dict[str, Line] = {}
    for name, sub, memo, file in (("itpas2.txt", 21, 19, 18), ("itoth.txt", 20, 18, 17)):
        for r in _read(sample / name):
            if r[0] != committee or not r[5].startswith("2") or r[memo] == "X":
                continue
            if r[5] in ("24E", "24A"):
                kind, state = "other", None
            elif r[5] in PASSED_ON:
                kind, state = "transfers_contributions", r[9]
            elif r[5] == "22Z":
                kind, state = "refunds", r[9]
            else:
                kind, state = "other", r[9]
            by_sub.setdefault(r[sub], (r[13], Decimal(r[14]), kind, state, r[file]))
    return out + list(by_sub.values())


def by_category(lines: list[Line]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for _, amount, kind, _, _ in lines:
        totals[kind] += amount
    return dict(totals)


def _day(text: str) -> date:
    """oppexp writes dates MM/DD/YYYY, itpas2 and itoth MMDDYYYY."""
    return datetime.strptime(text.replace("/", ""), "%m%d%Y").date()


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Path:
    return shared_data / "fec-bulk" / "2020-early"


@pytest.fixture(scope="module")
def wh(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("spending"))
    files = ("cm.txt", "cn.txt", "oppexp.txt", "itpas2.txt", "itoth.txt")
    load_files(wh, [sample / f for f in files], cycle=2020)
    return wh


def test_itemized_payments_count_once(wh: Warehouse, sample: Path) -> None:
    # C00277541 itemizes card and vendor payments in memo lines that point back at them.
    lines = expected_lines(sample, "C00277541")
    with wh.reader() as con:
        got = spending(con, "C00277541")
    assert {r["category"]: r["amount"] for r in got.to_pylist()} == by_category(lines)
    memo_lines = sum(
        1 for r in _read(sample / "oppexp.txt") if r[CMTE] == "C00277541" and r[MEMO] == "X"
    )
    assert memo_lines > 0 and sum(got.column("items").to_pylist()) == len(lines)


def test_lines_of_two_bulk_files_count_once(wh: Warehouse, sample: Path) -> None:
    # C00032979 gives to candidates and makes independent expenditures; itpas2 and itoth
    # both list those lines, and itoth files the expenditures among its disbursements.
    lines = expected_lines(sample, "C00032979")
    with wh.reader() as con:
        got = spending(con, "C00032979", by=("schedule", "category")).to_pylist()
        held = con.execute(
            "SELECT count(*) FROM schedule_b WHERE committee_id = 'C00032979'"
        ).fetchall()[0][0]
    totals = {(r["schedule"], r["category"]): r["amount"] for r in got}
    ies = sum(amount for day, amount, kind, state, _ in lines if state is None)
    assert totals[("schedule_e", "other")] == ies
    assert (
        totals[("schedule_b", "transfers_contributions")]
        == by_category([line for line in lines if line[3] is not None])["transfers_contributions"]
    )
    assert sum(r["items"] for r in got) == len(lines) < held


def test_since_month_categories_and_contributions(wh: Warehouse, sample: Path) -> None:
    lines = [line for line in expected_lines(sample, "C00010603")
             if _day(line[0]) >= date(2019, 1, 15)]  # fmt: skip
    wanted = {"digital_ads", "payroll_staff", "transfers_contributions"}
    expected: dict[tuple[date, str], Decimal] = defaultdict(Decimal)
    for day, amount, kind, _, _ in lines:
        if kind in wanted:
            expected[(_day(day).replace(day=1), kind)] += amount
    with wh.reader() as con:
        got = spending(
            con, "C00010603", since=date(2019, 1, 15), categories_=sorted(wanted),
            by=("month", "category"),
        )  # fmt: skip
    assert {(r["month"], r["category"]): r["amount"] for r in got.to_pylist()} == expected
    assert len({kind for _, kind in expected}) == 3
    files = {line[4] for line in lines if line[2] in wanted}
    assert set().union(*got.column("file_numbers").to_pylist()) == {int(f) for f in files}


def test_by_week_and_state_with_a_state_set(wh: Warehouse, sample: Path) -> None:
    swing = ["AZ", "FL", "GA", "MI", "MN", "NV", "NH", "NC", "PA", "WI"]
    expected: dict[tuple[date, str], Decimal] = defaultdict(Decimal)
    for day, amount, _, state, _ in expected_lines(sample, "C00010603"):
        if state in swing:
            d = _day(day)
            expected[(date.fromordinal(d.toordinal() - d.weekday()), state)] += amount
    with wh.reader() as con:
        got = spending(con, "C00010603", states=swing, by=("week", "state")).to_pylist()
    assert {(r["week"], r["state"]): r["amount"] for r in got} == expected
    assert all(len(r["payees"]) <= 3 for r in got)


def test_detail_rows_trace_to_the_file(wh: Warehouse, sample: Path) -> None:
    with wh.reader() as con:
        lines = spending(con, "C00277541", detail=True).to_pylist()
    raw = (sample / "oppexp.txt").read_text(encoding="latin-1").splitlines()
    assert len(lines) == len(expected_lines(sample, "C00277541"))
    for line in lines:
        fields = raw[line["source_line"] - 1].split("|")
        assert fields[CMTE] == "C00277541" and fields[4] == line["image_number"]
        assert int(fields[FILE]) == line["file_number"]


def test_bad_questions_say_so(wh: Warehouse) -> None:
    with wh.reader() as con:
        with pytest.raises(AnalysisError, match="unknown category lawn_signs"):
            spending(con, "C00010603", categories_=["lawn_signs"])
        with pytest.raises(AnalysisError, match="no committee C09999999"):
            spending(con, "C09999999")
        with pytest.raises(AnalysisError, match="cannot group by"):
            spending(con, "C00010603", by=("colour",))
        with pytest.raises(AnalysisError, match="is after until"):
            spending(con, "C00010603", since=date(2019, 2, 1), until=date(2019, 1, 1))


def test_cli(wh: Warehouse, sample: Path) -> None:
    out = run_cli(
        "spending", "C00010603", "--since", "2019-01-15", "--category", "digital_ads",
        "--by", "month", "--format", "json", home=wh.home,
    ).stdout  # fmt: skip
    rows = json.loads(out)
    assert rows[0]["month"] == "2019-01-01" and rows[0]["file_numbers"] == [1317362]
    expected = sum(
        amount for day, amount, kind, _, _ in expected_lines(sample, "C00010603")
        if kind == "digital_ads" and _day(day) >= date(2019, 1, 15)
    )  # fmt: skip
    assert Decimal(str(rows[0]["amount"])) == expected
    states = run_cli(
        "spending", "C00010603", "--states", "battleground-2020", "--by", "state", "-f", "csv",
        home=wh.home,
    ).stdout  # fmt: skip
    found = {line.split(",")[0] for line in states.splitlines()[1:]}
    assert found and found <= {"AZ", "FL", "GA", "MI", "MN", "NV", "NH", "NC", "PA", "WI"}
    bad = run_cli("spending", "C00010603", "--category", "yard_signs", home=wh.home,
                  check=False)  # fmt: skip
    assert bad.returncode == 1 and "unknown category yard_signs" in bad.stderr
    bad = run_cli("spending", "C00010603", "--since", "2019-13-01", home=wh.home, check=False)
    assert bad.returncode != 0
    # The option's own name, not the library's argument (it said "top_payees").
    bad = run_cli("spending", "C00010603", "--payees", "-1", home=wh.home, check=False)
    assert bad.returncode == 2 and "'--payees'" in bad.stderr and "top_payees" not in bad.stderr


# -- .fec reports: memo itemizations, a notice, an amendment --------------------------------


def _items(path: Path, prefix: str) -> list[dict]:
    return [
        d for kind, d in fecfile_items(path.read_bytes())[1]
        if kind == "itemization" and isinstance(d, dict)
        and str(d.get("form_type", "")).startswith(prefix)
    ]  # fmt: skip


def efile_expected(path: Path) -> dict[str, Decimal]:
    """Spending by category of one filing's Schedule B, as fecfile reads it: memo lines
    that point back at a payment of the filing stand in for it."""
    sb = _items(path, "SB")
    payments = {d["transaction_id_number"]: d for d in sb if d["memo_code"] != "X"}
    parts = [
        d for d in sb if d["memo_code"] == "X" and d["back_reference_tran_id_number"] in payments
    ]
    covered: dict[str, Decimal] = defaultdict(Decimal)
    for d in parts:
        covered[d["back_reference_tran_id_number"]] += Decimal(str(d["expenditure_amount"]))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for tran, d in payments.items():
        left = Decimal(str(d["expenditure_amount"])) - covered.get(tran, Decimal(0))
        if tran not in covered or left != 0:
            kind = classify_purpose(d["expenditure_purpose_descrip"], d["category_code"] or None)
            totals[kind.category] += left
    for d in parts:
        kind = classify_purpose(d["expenditure_purpose_descrip"], d["category_code"] or None)
        totals[kind.category] += Decimal(str(d["expenditure_amount"]))
    return dict(totals)


@pytest.fixture(scope="module")
def efile(shared_data: Path) -> Path:
    return shared_data / "efile"


@pytest.fixture(scope="module")
def efile_wh(efile: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    folder = tmp_path_factory.mktemp("spending_efile")
    # The report 1550126 amends (1542500), as it might have been: an F3N with one more
    # disbursement. The amendment replaces it whole.
    lines = (efile / "fastfec" / "1550126.fec").read_bytes().split(b"\n")
    extra = next(line for line in lines if line.startswith(b"SB")).split(FS)
    extra[2] = b"ORIGINAL-ONLY-1"
    original = folder / "1542500.fec"
    original.write_bytes(b"\n".join([
        lines[0].replace(b"FEC-1542500", b""), lines[1].replace(b"F3A" + FS, b"F3N" + FS, 1),
        *lines[2:], FS.join(extra),
    ]))  # fmt: skip
    wh = Warehouse(folder / "wh")
    load_filings(wh, [original])
    load_filings(wh, [
        efile / "fastfec" / "1527862.fec", efile / "fastfec" / "1544132.fec",
        efile / "fastfec" / "1550126.fec", efile / "fecfile" / "20180616" / "1238394.fec",
    ])  # fmt: skip
    return wh


@pytest.mark.parametrize(
    ("name", "committee"),
    [("1527862.fec", "C00703975"), ("1544132.fec", "C00431353"), ("1550126.fec", "C00772335")],
)
def test_efile_reports(efile_wh: Warehouse, efile: Path, name: str, committee: str) -> None:
    path = efile / "fastfec" / name
    with efile_wh.reader() as con:
        got = spending(con, committee).to_pylist()
        files = set().union(*(r["file_numbers"] for r in got))
    assert {r["category"]: r["amount"] for r in got} == efile_expected(path)
    assert files == {int(name.split(".")[0])}  # the amendment, never the report it replaced


def test_efile_notice_by_race_state(efile_wh: Warehouse, efile: Path) -> None:
    se = _items(efile / "fecfile" / "20180616" / "1238394.fec", "SE")
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for d in se:
        kind = classify_purpose(d["expenditure_purpose_descrip"]).category
        expected[(d["candidate_state"], kind)] += Decimal(str(d["expenditure_amount"]))
    with efile_wh.reader() as con:
        got = spending(con, "C00484642", by=("state", "category")).to_pylist()
        only_mt = spending(con, "C00484642", states=["MT"], by=("schedule",)).to_pylist()
    assert {(r["state"], r["category"]): r["amount"] for r in got} == expected
    assert only_mt[0]["schedule"] == "schedule_e" and only_mt[0]["amount"] == sum(
        v for (state, _), v in expected.items() if state == "MT"
    )
