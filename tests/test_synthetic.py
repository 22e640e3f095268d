"""The synthetic-file generator writes what it says it wrote, and the loader reads it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from moneytrail.sources.synthetic import generate_cycle_sample, generate_indiv
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files


def test_generated_file_has_the_rows_and_flaws_it_reports(tmp_path, bulk_2020):
    made = generate_indiv(tmp_path / "itcont.txt", 60_000, samples=bulk_2020, bad_line_rate=5e-4)
    lines = made.path.read_bytes().split(b"\n")
    assert lines.pop() == b""
    assert len(lines) == made.rows == 60_000
    widths = [line.count(b"|") + 1 for line in lines]
    assert sum(w == 9 for w in widths) == made.bad_lines["short_line"] > 0
    assert sum(w == 22 for w in widths) == made.bad_lines["extra_field"] > 0
    assert sum(b"|02302019|" in line for line in lines) == made.bad_lines["impossible_date"]
    assert sum(b"\xd1" in line for line in lines) == made.oddities["latin1_bytes"] > 0
    assert sum(b"|1,000.00|" in line for line in lines) == made.oddities["thousands_amount"]
    sub_ids = [line.rsplit(b"|", 1)[-1] for line in lines]
    assert len(set(sub_ids)) == len(sub_ids)
    # Drawn from the real sample: its committees, places and employers appear.
    real_committees = {line.split("|", 1)[0] for line in (bulk_2020 / "itcont.txt").open()}
    assert {line.split(b"|", 1)[0].decode() for line in lines} <= real_committees


def test_same_seed_same_file(tmp_path):
    a = generate_indiv(tmp_path / "a.txt", 5000, seed=7)
    b = generate_indiv(tmp_path / "b.txt", 5000, seed=7)
    c = generate_indiv(tmp_path / "c.txt", 5000, seed=8)
    assert a.path.read_bytes() == b.path.read_bytes() != c.path.read_bytes()


def test_loading_a_generated_file_rejects_exactly_its_bad_lines(tmp_path, home):
    made = generate_indiv(tmp_path / "itcont.txt", 200_000, bad_line_rate=2e-4, seed=3)
    wh = Warehouse(home)
    [report] = load_files(wh, [made.path], cycle=2024)
    assert report.rows_read == made.rows
    assert report.rows_rejected == sum(made.bad_lines.values()) > 0
    assert report.fixes == {
        "lines not in UTF-8, read as Windows-1252": made.oddities["latin1_bytes"]
    }
    total = wh.query("SELECT sum(contribution_receipt_amount) AS s FROM schedule_a")
    assert total.to_pylist() == [{"s": made.total_amount}]
    # Every reject shows its line exactly as it stands in the file, from either piece.
    lines = made.path.read_bytes().split(b"\n")
    rejects = wh.query("SELECT source_line, raw_line FROM rejects").to_pylist()
    assert max(r["source_line"] for r in rejects) > made.rows // 2  # the second piece too
    for r in rejects:
        assert r["raw_line"] == lines[r["source_line"] - 1].decode("cp1252")
    assert made.total_amount > Decimal(0)


def test_cycle_sample_is_labelled_synthetic(tmp_path: Path, home):
    files = generate_cycle_sample(tmp_path, 3000)
    assert all(p.name.startswith("SYNTHETIC-") for p in files.values())
    wh = Warehouse(home)
    reports = load_files(wh, sorted(files.values()), cycle=2024)
    assert {r.kind for r in reports} == {"indiv", "cm", "cn", "ccl"}
    orphans = wh.query(
        "SELECT count(*) AS n FROM schedule_a a ANTI JOIN committees c USING (committee_id)"
    )
    assert orphans.to_pylist() == [{"n": 0}]
    assert all(r["source_file"].startswith("SYNTHETIC-") for r in wh.loads())
