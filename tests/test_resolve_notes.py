"""A resolve whose results are stored stands even when what follows it fails: writing
the resolved receipts out (the view then joins them) and refreshing the analyses'
summaries (the analyses then count the lines). Both are made to fail the way they fail
on a machine too small for them: out of memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.analysis import summaries
from moneytrail.analysis.contributors import top_contributors
from moneytrail.analysis.summaries import answered_from
from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.warehouse import catalog
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files


def test_resolve_stands_when_writing_out_and_summarising_run_out_of_memory(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = shared_data / "fec-bulk" / "2020-early"
    wh = Warehouse(tmp_path / "wh")
    load_files(wh, [sample / "cm.txt", sample / "itcont.txt"], cycle=2020)
    monkeypatch.setattr(catalog, "MATERIALIZE_MEMORY", "1MB")
    monkeypatch.setattr(summaries, "SUMMARY_MEMORY", "1MB")
    report = resolve_warehouse(wh)
    written, summarised = report.notes
    assert written.startswith("receipts not written out (Out of Memory Error")
    assert summarised.startswith("summaries not refreshed (Out of Memory Error")
    assert all("\n" not in line for line in report.describe())
    with wh.reader() as con:
        # The resolve tables are there and the view joins them.
        resolved = con.execute(
            "SELECT count(*) FILTER (WHERE donor_id IS NOT NULL), "
            "count(*) FILTER (WHERE org_id IS NOT NULL OR non_org IS NOT NULL) FROM schedule_a"
        ).fetchall()[0]
        assert min(resolved) > 50_000
        assert catalog.materialized_path(con, "schedule_a") is None
        cid = con.execute(
            "SELECT committee_id FROM schedule_a GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0][0]
        top = top_contributors(con, committee_id=cid, by="donor")
        assert answered_from(top) is None and top.num_rows > 3
    assert not list((wh.staging_dir / "materialize").glob("*.parquet"))
