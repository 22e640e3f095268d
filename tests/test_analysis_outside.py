"""Outside spending on the real 2020 itpas2 sample, plus an independent-expenditure file the
test writes from those very lines: the same expenditure from two files, and a 24-hour
notice later repeated by a periodic report, each counted once."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from clitools import run_cli

from moneytrail.analysis.common import AnalysisError
from moneytrail.analysis.outside import outside_spending
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

# itpas2 columns (pas2_header_file.csv): 0 CMTE_ID, 5 TRANSACTION_TP, 13 TRANSACTION_DT,
# 14 TRANSACTION_AMT, 16 CAND_ID, 17 TRAN_ID, 18 FILE_NUM, 19 MEMO_CD.
SPENDER = "C00032979"
IE_HEADER = (
    "cand_id,cand_name,spe_id,spe_nam,ele_type,can_office_state,can_office_dis,can_office,"
    "cand_pty_aff,exp_amo,exp_date,agg_amo,sup_opp,pur,pay,file_num,amndt_ind,tran_id,"
    "image_num,receipt_dat,fec_election_yr,prev_file_num,dissem_dt"
)


def _ies(sample: Path) -> list[list[str]]:
    with (sample / "itpas2.txt").open(encoding="latin-1") as fh:
        rows = [line.rstrip("\n").split("|") for line in fh]
    return [r for r in rows if r[5] in ("24E", "24A") and r[19] != "X"]


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Path:
    return shared_data / "fec-bulk" / "2020-early"


@pytest.fixture(scope="module")
def wh(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    folder = tmp_path_factory.mktemp("outside")
    mine = [r for r in _ies(sample) if r[0] == SPENDER]
    # The same lines as the bulk IE file would list them (same file number and
    # transaction id), plus the first one as an earlier 24-hour notice (file 1300000).
    ie = folder / "independent_expenditure_2020.csv"
    with ie.open("w", newline="") as fh:
        fh.write(IE_HEADER + "\n")
        w = csv.writer(fh, lineterminator="\n")
        for r, file_number in [(r, r[18]) for r in mine] + [(mine[0], "1300000")]:
            day = datetime.strptime(r[13], "%m%d%Y").strftime("%d-%b-%y").upper()
            w.writerow([r[16], "", r[0], "", "G2018", "", "", "S", "", r[14], day, "",
                        "S" if r[5] == "24E" else "O", "", r[7], file_number, "N", r[17],
                        r[4], day, "2018", "", day])  # fmt: skip
    wh = Warehouse(folder / "wh")
    load_files(wh, [sample / "cn.txt", sample / "cm.txt", sample / "itpas2.txt"], cycle=2020)
    load_files(wh, [ie], kind="ie", cycle=2020)
    return wh


def test_each_expenditure_counts_once(wh: Warehouse, sample: Path) -> None:
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for r in _ies(sample):
        if r[0] == SPENDER:
            expected[r[16]] += Decimal(r[14])
    with wh.reader() as con:
        got = outside_spending(con, committee_id=SPENDER, by="candidate").to_pylist()
        lines = outside_spending(con, committee_id=SPENDER, detail=True).to_pylist()
    assert {r["candidate_id"]: r["total"] for r in got} == dict(expected)
    # The warehouse holds each line twice (itpas2 and the IE file), the first three times.
    n = sum(1 for r in _ies(sample) if r[0] == SPENDER)
    held = wh.query("SELECT count(*) AS n FROM schedule_e WHERE committee_id = ?", [SPENDER])
    assert held.to_pylist()[0]["n"] == 2 * n + 1
    assert len(lines) == n
    assert {line["file_number"] for line in lines} == {1316729}  # the later filing wins


def test_who_helps_or_hurts_a_candidate(wh: Warehouse, sample: Path) -> None:
    by_candidate: dict[str, set[str]] = defaultdict(set)
    for r in _ies(sample):
        by_candidate[r[16]].add(r[0])
    candidate = max(by_candidate, key=lambda c: len(by_candidate[c]))
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for r in _ies(sample):
        if r[16] == candidate:
            expected[(r[0], "S" if r[5] == "24E" else "O")] += Decimal(r[14])
    with wh.reader() as con:
        rows = outside_spending(con, candidate_id=candidate).to_pylist()
    for row in rows:
        assert row["support"] == expected.get((row["committee_id"], "S"))
        assert row["oppose"] == expected.get((row["committee_id"], "O"))


def test_bad_questions(wh: Warehouse) -> None:
    with wh.reader() as con:
        with pytest.raises(AnalysisError, match="not both or neither"):
            outside_spending(con)
        with pytest.raises(AnalysisError, match="cannot group by"):
            outside_spending(con, committee_id=SPENDER, by="colour")


def test_cli(wh: Warehouse) -> None:
    out = run_cli("outside", "--committee", SPENDER, "--by", "month", "-f", "json",
                  home=wh.home).stdout  # fmt: skip
    rows = json.loads(out)
    assert rows[0]["month"] == "2019-01-01" and rows[0]["file_numbers"] == [1316729]
    # The spender's races in the 2020 battlegrounds (MN and WI of its MO, WI, OH, FL, MN).
    swing = json.loads(
        run_cli("outside", "--committee", SPENDER, "--by", "state", "--states",
                "battleground-2020", "-f", "json", home=wh.home).stdout
    )  # fmt: skip
    assert {r["candidate_office_state"] for r in swing} == {"MN", "WI", "FL"}
    bad = run_cli("outside", "--committee", SPENDER, "--side", "both", home=wh.home, check=False)
    assert bad.returncode == 1 and "--side takes support or oppose" in bad.stderr
