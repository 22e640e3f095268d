"""The synthetic cycle the analysis benchmark runs on: consistent files that load."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from moneytrail.sources.synthetic_cycle import generate_cycle
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files


def test_a_small_cycle_is_consistent_and_loads(shared_data: Path, tmp_path: Path) -> None:
    files = generate_cycle(tmp_path / "files", 5_000, samples=shared_data / "fec-bulk/2020-early")
    assert all("SYNTHETIC" in p.name for p in files.values())
    receipts = Counter(line.split("|", 1)[0] for line in files["indiv"].read_text().splitlines())
    biggest, n = receipts.most_common(1)[0]
    assert n >= 1_000  # a fifth of the lines go to one committee
    committees = {line.split("|")[0] for line in files["cm"].read_text().splitlines()}
    candidates = {line.split("|")[0] for line in files["cn"].read_text().splitlines()}
    spent = files["oppexp"].read_text(encoding="latin-1").splitlines()
    ies = [line.split("|") for line in files["pas2"].read_text(encoding="latin-1").splitlines()]
    assert len(spent) == 500 and len(ies) == 50
    assert {line.split("|")[0] for line in spent} <= committees
    assert {f[16] for f in ies} <= candidates and {f[5] for f in ies} <= {"24E", "24A"}

    wh = Warehouse(tmp_path / "wh")
    for kind in ("cm", "cn", "ccl", "indiv", "oppexp", "pas2"):
        (report,) = load_files(wh, [files[kind]], kind=kind, cycle=2024)
        assert report.rows_rejected <= 5, kind  # generate_indiv spoils a few lines on purpose
    held = wh.query(
        "SELECT (SELECT count(*) FROM schedule_b) AS b, (SELECT count(*) FROM schedule_e) AS e"
    ).to_pylist()[0]
    assert held == {"b": 500, "e": 50}
