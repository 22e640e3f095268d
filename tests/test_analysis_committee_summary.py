"""Committee summary on real .fec filings: the summary page's figures and the itemized sums,
checked against the filings as fecfile reads them; amendments applied; webk cycle totals
for committees known only from bulk files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import fecfile
import pytest
from clitools import run_cli

from moneytrail.analysis.committee_summary import committee_summary
from moneytrail.analysis.common import AnalysisError
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.efile_load import load_filings
from moneytrail.warehouse.load import load_files

FS = b"\x1c"


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


@pytest.fixture(scope="module")
def efile_dir(shared_data: Path) -> Path:
    return shared_data / "efile"


@pytest.fixture(scope="module")
def wh(efile_dir: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    folder = tmp_path_factory.mktemp("summary")
    # The report 1550126 amends (1542500), rebuilt from it with one more contribution: only
    # the amendment may count.
    lines = (efile_dir / "fastfec" / "1550126.fec").read_bytes().split(b"\n")
    extra = next(line for line in lines if line.startswith(b"SA")).split(FS)
    extra[2] = b"ORIGINAL-ONLY-1"
    original = folder / "1542500.fec"
    original.write_bytes(
        b"\n".join(
            [lines[0].replace(b"FEC-1542500", b""), lines[1].replace(b"F3A" + FS, b"F3N" + FS, 1)]
            + lines[2:]
            + [FS.join(extra)]
        )
    )
    wh = Warehouse(folder / "wh")
    load_filings(
        wh,
        [efile_dir / "fastfec" / n for n in ("1544132.fec", "1527862.fec", "1550126.fec")]
        + [original],
    )
    load_files(wh, [shared_data / "fec-bulk" / "2020-early" / "webk20.txt"], cycle=2020)
    return wh


def _expected(path: Path) -> dict[str, Decimal]:
    parsed = fecfile.from_file(str(path))
    cover = parsed["filing"]
    counted = [
        r for r in parsed["itemizations"].get("Schedule A", []) if (r.get("memo_code") or "") != "X"
    ]
    return {
        "receipts": _money(cover.get("col_a_total_receipts")),
        "itemized": sum((_money(r["contribution_amount"]) for r in counted), Decimal(0)),
        "unitemized": _money(cover.get("col_a_individual_contributions_unitemized")),
        "cash": _money(cover.get("col_a_cash_on_hand_close_of_period")),
    }


def test_the_gap_is_the_unitemized_contributions(wh: Warehouse, efile_dir: Path) -> None:
    expected = _expected(efile_dir / "fastfec" / "1544132.fec")
    with wh.reader() as con:
        (row,) = committee_summary(con, committee_id="C00431353").to_pylist()
    assert row["receipts"] == expected["receipts"]
    assert row["itemized_receipts"] == expected["itemized"]
    assert row["cash_on_hand_end"] == expected["cash"]
    # Klobuchar's Q3 2021: itemized + unitemized individual contributions = total receipts.
    assert expected["itemized"] + expected["unitemized"] == expected["receipts"]
    assert (
        row["explanation"] == f"{expected['unitemized']:,.2f} unitemized individual contributions"
    )
    assert row["file_numbers"] == [1544132]


def test_an_amendment_replaces_what_it_amends(wh: Warehouse, efile_dir: Path) -> None:
    expected = _expected(efile_dir / "fastfec" / "1550126.fec")
    with wh.reader() as con:
        rows = committee_summary(con, committee_id="C00772335").to_pylist()
    assert [r["file_numbers"] for r in rows] == [[1550126]]
    assert rows[0]["itemized_receipts"] == expected["itemized"]


def test_bulk_only_committees_show_cycle_totals(wh: Warehouse, shared_data: Path) -> None:
    # webk20: CMTE_ID first, TTL_RECEIPTS sixth (webk_headers.csv).
    first = (shared_data / "fec-bulk/2020-early/webk20.txt").read_text().splitlines()[0].split("|")
    with wh.reader() as con:
        (row,) = committee_summary(con, committee_id=first[0]).to_pylist()
    assert row["source"] == "cycle totals (webk)"
    assert row["receipts"] == _money(first[5])
    assert row["explanation"].startswith("no itemized lines")


def test_errors(wh: Warehouse) -> None:
    with wh.reader() as con, pytest.raises(AnalysisError, match="not both or neither"):
        committee_summary(con)
    with wh.reader() as con, pytest.raises(AnalysisError, match="no committee C09999999"):
        committee_summary(con, committee_id="C09999999")


def test_cli(wh: Warehouse) -> None:
    rows = json.loads(run_cli("summary", "C00703975", "-f", "json", home=wh.home).stdout)
    assert rows[0]["form_type"] == "F3PN" and rows[0]["file_numbers"] == [1527862]
