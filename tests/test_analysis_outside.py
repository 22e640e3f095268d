"""Outside spending against totals computed here from the raw files: the real 2020 itpas2
and itoth samples (which list the same 24E/24A lines), an independent-expenditure file the
test writes from those very lines (the same line again, a 24-hour notice repeated by a
later filing with or without its transaction id, an amended filing), and real `.fec`
24/48-hour notices with a periodic report derived from one of them."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from clitools import run_cli
from efile_oracle import fecfile_items

from moneytrail.analysis.common import AnalysisError
from moneytrail.analysis.outside import outside_spending
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.efile_load import load_filings
from moneytrail.warehouse.load import load_files

# itpas2 columns (pas2_header_file.csv): 0 CMTE_ID, 5 TRANSACTION_TP, 13 TRANSACTION_DT,
# 14 TRANSACTION_AMT, 16 CAND_ID, 17 TRAN_ID, 18 FILE_NUM, 19 MEMO_CD, 21 SUB_ID.
# itoth has no CAND_ID: 15 OTHER_ID (the candidate, for 24E/24A), 16 TRAN_ID,
# 17 FILE_NUM, 18 MEMO_CD, 20 SUB_ID.
SPENDER = "C00032979"
IE_HEADER = (
    "cand_id,cand_name,spe_id,spe_nam,ele_type,can_office_state,can_office_dis,can_office,"
    "cand_pty_aff,exp_amo,exp_date,agg_amo,sup_opp,pur,pay,file_num,amndt_ind,tran_id,"
    "image_num,receipt_dat,fec_election_yr,prev_file_num,dissem_dt"
)
FS = b"\x1c"
BUNDLE = ("1238394", "1238403", "1238405", "1238409")  # the 2018-06-16 bundle's F24s


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="latin-1") as fh:
        return [line.rstrip("\n").split("|") for line in fh]


def raw_ies(sample: Path) -> dict[str, tuple[str, str, str, Decimal, str]]:
    """Every counted IE line of itpas2 and itoth by sub id: (spender, candidate, side,
    amount, MMDDYYYY date). The two files list many lines alike; the sub id says which."""
    lines = {}
    for r in _read(sample / "itpas2.txt"):
        if r[5] in ("24E", "24A") and r[19] != "X":
            lines[r[21]] = (r[0], r[16], "S" if r[5] == "24E" else "O", Decimal(r[14]), r[13])
    for r in _read(sample / "itoth.txt"):
        if r[5] in ("24E", "24A") and r[18] != "X":
            lines[r[20]] = (r[0], r[15], "S" if r[5] == "24E" else "O", Decimal(r[14]), r[13])
    return lines


def _ie_row(r: list[str], file_number: str, tran: str, amount: str, prev: str = "") -> list:
    day = datetime.strptime(r[13], "%m%d%Y").strftime("%d-%b-%y").upper()
    return [r[16], "", r[0], "", "G2018", "", "", "S", "", amount, day, "",
            "S" if r[5] == "24E" else "O", "", r[7], file_number, "N", tran, r[4], day,
            "2018", prev, day]  # fmt: skip


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Path:
    return shared_data / "fec-bulk" / "2020-early"


@pytest.fixture(scope="module")
def mine(sample: Path) -> list[list[str]]:
    return [
        r for r in _read(sample / "itpas2.txt")
        if r[0] == SPENDER and r[5] in ("24E", "24A") and r[19] != "X"
    ]  # fmt: skip


@pytest.fixture(scope="module")
def wh(sample: Path, mine: list[list[str]], tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    folder = tmp_path_factory.mktemp("outside")
    ie = folder / "independent_expenditure_2020.csv"
    with ie.open("w", newline="") as fh:
        fh.write(IE_HEADER + "\n")
        w = csv.writer(fh, lineterminator="\n")
        # The spender's lines as the bulk IE file lists them (same file and transaction id).
        w.writerows(_ie_row(r, r[18], r[17], r[14]) for r in mine)
        # The first line in an earlier 24-hour notice under the same transaction id, the
        # second under another id: both repeated by the later report (file 1316729).
        w.writerow(_ie_row(mine[0], "1300000", mine[0][17], mine[0][14]))
        w.writerow(_ie_row(mine[1], "1300001", "NOTICE-7", mine[1][14]))
        # A filing (1300002) of one expenditure, amended by 1300003 which reports
        # another amount under another id: only the amendment counts.
        w.writerow(_ie_row(mine[2], "1300002", "ORIG-1", "111.00"))
        w.writerow(_ie_row(mine[2], "1300003", "AMND-1", "222.00", prev="1300002"))
    wh = Warehouse(folder / "wh")
    bulk = [sample / f for f in ("cn.txt", "cm.txt", "itpas2.txt", "itoth.txt")]
    load_files(wh, bulk, cycle=2020)
    load_files(wh, [ie], kind="ie", cycle=2020)
    return wh


def test_each_expenditure_counts_once(wh: Warehouse, sample: Path, mine: list) -> None:
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for spender, candidate, _, amount, _ in raw_ies(sample).values():
        if spender == SPENDER:
            expected[candidate] += amount
    expected[mine[2][16]] += Decimal("222.00")
    with wh.reader() as con:
        got = outside_spending(con, committee_id=SPENDER, by="candidate").to_pylist()
        lines = outside_spending(con, committee_id=SPENDER, detail=True).to_pylist()
    assert {r["candidate_id"]: r["total"] for r in got} == dict(expected)
    # Held five times over (itpas2, itoth, the IE file, notices), counted once each.
    held = wh.query(
        "SELECT (SELECT count(*) FROM schedule_e WHERE committee_id = $c) "
        "+ (SELECT count(*) FROM schedule_b WHERE committee_id = $c "
        "AND disbursement_type IN ('24E', '24A')) AS n",
        {"c": SPENDER},
    )
    assert held.to_pylist()[0]["n"] == 3 * len(mine) + 4
    assert len(lines) == len(mine) + 1
    # The later filing wins: the report over the notices, the amendment over its original.
    assert {line["file_number"] for line in lines} == {1316729, 1300003}


def test_every_spender_matches_the_raw_lines(wh: Warehouse, sample: Path) -> None:
    # itoth has 24E/24A lines itpas2 lacks; they count, the shared ones once.
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for spender, _, side, amount, _ in raw_ies(sample).values():
        if spender != SPENDER:
            expected[(spender, side)] += amount
    itpas2_only = {
        (r[0], "S" if r[5] == "24E" else "O")
        for r in _read(sample / "itpas2.txt")
        if r[5] in ("24E", "24A")
    }
    assert set(expected) - itpas2_only, "the sample's itoth has lines itpas2 lacks"
    with wh.reader() as con:
        for spender in {s for s, _ in expected}:
            row = outside_spending(con, committee_id=spender, by="spender").to_pylist()[0]
            assert row["support"] == expected.get((spender, "S")), spender
            assert row["oppose"] == expected.get((spender, "O")), spender


def test_who_helps_or_hurts_a_candidate(wh: Warehouse, sample: Path) -> None:
    by_candidate: dict[str, set[str]] = defaultdict(set)
    for spender, candidate, *_ in raw_ies(sample).values():
        by_candidate[candidate].add(spender)
    candidate = max(sorted(by_candidate), key=lambda c: len(by_candidate[c]))
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for spender, cand, side, amount, _ in raw_ies(sample).values():
        if cand == candidate and spender != SPENDER:
            expected[(spender, side)] += amount
    with wh.reader() as con:
        rows = outside_spending(con, candidate_id=candidate).to_pylist()
        against = outside_spending(con, candidate_id=candidate, support_oppose="O").to_pylist()
    assert {r["committee_id"] for r in rows} == by_candidate[candidate]
    for row in rows:
        if row["committee_id"] != SPENDER:
            assert row["support"] == expected.get((row["committee_id"], "S"))
            assert row["oppose"] == expected.get((row["committee_id"], "O"))
    assert {r["committee_id"] for r in against} == {s for s, side in expected if side == "O"}
    assert all(r["support"] is None for r in against)


def test_by_month_and_dates(wh: Warehouse, sample: Path) -> None:
    expected: dict[date, Decimal] = defaultdict(Decimal)
    for spender, _, _, amount, day in raw_ies(sample).values():
        if spender == "C00688408":
            expected[date(int(day[4:]), int(day[:2]), 1)] += amount
    with wh.reader() as con:
        got = outside_spending(con, committee_id="C00688408", by="month").to_pylist()
        later = outside_spending(con, committee_id="C00688408", since=date(2019, 1, 1))
    assert {r["month"]: r["total"] for r in got} == dict(expected)
    assert later.num_rows == 0 and max(expected) < date(2019, 1, 1)


def test_bad_questions(wh: Warehouse) -> None:
    with wh.reader() as con:
        with pytest.raises(AnalysisError, match="not both or neither"):
            outside_spending(con)
        with pytest.raises(AnalysisError, match="cannot group by"):
            outside_spending(con, committee_id=SPENDER, by="colour")
        with pytest.raises(AnalysisError, match="no candidate H9XX99999"):
            outside_spending(con, candidate_id="H9XX99999")
        with pytest.raises(AnalysisError, match="no committee C09999999"):
            outside_spending(con, committee_id="C09999999")
        with pytest.raises(AnalysisError, match="is after until"):
            outside_spending(con, committee_id=SPENDER, since=date(2020, 1, 2),
                             until=date(2020, 1, 1))  # fmt: skip


def test_cli(wh: Warehouse, mine: list) -> None:
    out = run_cli("outside", "--committee", SPENDER, "--by", "month", "-f", "json",
                  home=wh.home).stdout  # fmt: skip
    rows = json.loads(out)
    assert rows[0]["month"] == "2019-01-01" and rows[0]["file_numbers"] == [1300003, 1316729]
    # The spender's races in the 2020 battlegrounds (MN, WI and FL of MO, WI, OH, FL, MN).
    swing = json.loads(
        run_cli("outside", "--committee", SPENDER, "--by", "state", "--states",
                "battleground-2020", "-f", "json", home=wh.home).stdout
    )  # fmt: skip
    assert {r["candidate_office_state"] for r in swing} == {"MN", "WI", "FL"}
    helped = json.loads(
        run_cli("outside", mine[0][16], "--support", "-f", "json", home=wh.home).stdout
    )
    assert SPENDER in {r["committee_id"] for r in helped}
    bad = run_cli("outside", "--committee", SPENDER, "--support", "--oppose", home=wh.home,
                  check=False)  # fmt: skip
    assert bad.returncode == 1 and "exclude each other" in bad.stderr
    unknown = run_cli("outside", "H9XX99999", home=wh.home, check=False)
    assert unknown.returncode == 1 and "no candidate H9XX99999" in unknown.stderr


# -- .fec notices and the periodic report that repeats them ------------------------------


def _se_lines(path: Path) -> list[dict]:
    """The counted Schedule E lines of a filing, as fecfile reads them."""
    return [
        d for kind, d in fecfile_items(path.read_bytes())[1]
        if kind == "itemization" and isinstance(d, dict)
        and str(d.get("form_type", "")).startswith("SE") and d.get("memo_code") != "X"
    ]  # fmt: skip


@pytest.fixture(scope="module")
def efile_wh(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    folder = tmp_path_factory.mktemp("outside_efile")
    efile = shared_data / "efile"
    notices = [efile / "fecfile" / "20180616" / f"{n}.fec" for n in BUNDLE]
    notices.append(efile / "fech" / "data" / "752356.fec")
    # A June report of C00637512 that itemizes its 24-hour notice's expenditure again
    # under a new transaction id: the real F3X federal-refunds.fec, re-addressed.
    notice = notices[2].read_bytes().split(b"\n")
    committee = notice[1].split(FS)[1]
    ie_lines = []
    for line in notice:
        if line.startswith(b"SE"):
            fields = line.split(FS)
            fields[2] = b"JUNE-REPORT-" + fields[2]
            ie_lines.append(FS.join(fields))
    lines = (efile / "fec-parse" / "federal-refunds.fec").read_bytes().split(b"\n")
    cover = lines[1].split(FS)
    old, cover[1] = cover[1], committee
    cover[13], cover[14] = b"20180601", b"20180630"  # coverage from, through
    body = [line.replace(old, committee) for line in lines[2:] if line.strip()]
    report = folder / "9000001.fec"
    report.write_bytes(b"\n".join([lines[0], FS.join(cover), *body, *ie_lines]))
    # The bulk IE file's line of C00484642's largest notice expenditure as a later
    # periodic report (9000002) lists it, with a transaction id of its own.
    big = max(_se_lines(notices[0]), key=lambda d: d["expenditure_amount"])
    day = big["dissemination_date"].strftime("%d-%b-%y").upper()
    ie = folder / "independent_expenditure_2018.csv"
    ie.write_text(
        IE_HEADER + "\n" + ",".join([
            big["candidate_id_number"], "", big["filer_committee_id_number"], "", "G2018",
            big["candidate_state"], "", "S", "", f"{big['expenditure_amount']:.2f}", day, "",
            big["support_oppose_code"], "MEDIA BUY", "WATERFRONT STRATEGIES", "9000002", "N",
            "PERIODIC-1", "", day, "2018", "", day,
        ]) + "\n"
    )  # fmt: skip
    wh = Warehouse(folder / "wh")
    load_filings(wh, notices)
    load_filings(wh, [report])
    load_files(wh, [ie], kind="ie", cycle=2018)
    return wh


def test_notices_count_once(efile_wh: Warehouse, shared_data: Path) -> None:
    bundle = shared_data / "efile" / "fecfile" / "20180616"
    paths = [bundle / f"{n}.fec" for n in BUNDLE] + [
        shared_data / "efile" / "fech" / "data" / "752356.fec"
    ]
    with efile_wh.reader() as con:
        for path in paths:
            se = _se_lines(path)
            spender = se[0]["filer_committee_id_number"]
            expected = {
                "S": sum(Decimal(str(d["expenditure_amount"])) for d in se
                         if d["support_oppose_code"] == "S") or None,
                "O": sum(Decimal(str(d["expenditure_amount"])) for d in se
                         if d["support_oppose_code"] == "O") or None,
            }  # fmt: skip
            got = outside_spending(con, committee_id=spender).to_pylist()
            assert len(got) == 1, path.name
            assert (got[0]["support"], got[0]["oppose"]) == (expected["S"], expected["O"])
            lines = outside_spending(con, committee_id=spender, detail=True).to_pylist()
            assert len(lines) == len(se), path.name
        # The report replaced the notice, and the bulk periodic line the notice's twin.
        june = outside_spending(con, committee_id="C00637512", detail=True).to_pylist()
        assert {line["file_number"] for line in june} == {9000001}
        waterfront = outside_spending(con, committee_id="C00484642", detail=True).to_pylist()
        assert sorted(line["file_number"] for line in waterfront) == [1238394, 1238394, 9000002]


def test_detail_rows_trace_to_their_filings(efile_wh: Warehouse, shared_data: Path) -> None:
    with efile_wh.reader() as con:
        lines = outside_spending(con, committee_id="C00487470", detail=True).to_pylist()
    assert {line["file_number"] for line in lines} == {1238409}
    bundle = shared_data / "efile" / "fecfile" / "20180616"
    for line in lines:
        raw = (bundle / line["source_file"]).read_bytes().split(b"\n")[line["source_line"] - 1]
        assert raw.startswith(b"SE") and line["transaction_id"].encode() in raw.split(FS)


def test_a_spender_and_a_candidate_are_named_as_their_latest_line_names_them(
    efile_wh: Warehouse,
) -> None:
    # Every spender of the filings, and every candidate it spent on: each is named as the
    # latest of the lines grouped under it names it (one candidate id's lines name two).
    def latest(lines: list[dict], column: str) -> str | None:
        named = [line for line in lines if line[column] is not None]
        order = ("date", "file_number", "source_file", "source_line")
        newest = max(named, key=lambda x: tuple(x[k] for k in order), default=None)
        return newest[column] if newest else None

    with efile_wh.reader() as con:
        spenders = [
            r[0] for r in con.execute("SELECT DISTINCT committee_id FROM schedule_e").fetchall()
        ]
        for spender in spenders:
            lines = outside_spending(con, committee_id=spender, detail=True).to_pylist()
            by_candidate = defaultdict(list)
            for line in lines:
                by_candidate[line["candidate_id"]].append(line)
            for row in outside_spending(con, committee_id=spender, by="candidate").to_pylist():
                mine = by_candidate[row["candidate_id"]]
                assert row["candidate"] == latest(mine, "candidate_name"), spender
            for candidate in by_candidate.keys() - {None}:
                about = outside_spending(con, candidate_id=candidate, detail=True).to_pylist()
                rows = outside_spending(con, candidate_id=candidate, by="spender").to_pylist()
                got = {r["committee_id"]: r["spender"] for r in rows}
                assert got[spender] == latest(
                    [x for x in about if x["committee_id"] == spender], "committee_name"
                )


def test_a_renamed_spender_is_shown_by_its_newest_name(tmp_path: Path) -> None:
    # Five expenditures of one spender about one candidate; the newest, in the middle of
    # the file and under the lowest file number, names both its own way and counts.
    ie = tmp_path / "independent_expenditure_2020.csv"
    older = [("DOE, JOHN", "OLD NAME PAC", "500.00", f"1{k}-JAN-20", f"130001{k}", f"A-{k}")
             for k in range(4)]  # fmt: skip
    newest = ("DOE, JOHN Q", "NEW NAME PAC", "1000.00", "15-MAR-20", "1300005", "B-1")
    rows = [*older[:2], newest, *older[2:]]
    with ie.open("w", newline="") as fh:
        fh.write(IE_HEADER + "\n")
        csv.writer(fh, lineterminator="\n").writerows(
            ["H0XX00001", candidate, "C00999999", spender, "G2020", "XX", "01", "H", "",
             amount, day, "", "S", "MAILERS", "PRINTER", file_number, "N", tran, "", day,
             "2020", "", day]
            for candidate, spender, amount, day, file_number, tran in rows
        )  # fmt: skip
    wh = Warehouse(tmp_path / "wh")
    load_files(wh, [ie], kind="ie", cycle=2020)
    with wh.reader() as con:
        spenders = outside_spending(con, candidate_id="H0XX00001").to_pylist()
        candidates = outside_spending(con, committee_id="C00999999", by="candidate").to_pylist()
    assert [(r["spender"], r["total"]) for r in spenders] == [("NEW NAME PAC", Decimal(3000))]
    assert [r["candidate"] for r in candidates] == ["DOE, JOHN Q"]
