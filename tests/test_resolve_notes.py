"""A resolve whose results are stored stands even when what follows it fails: writing
the resolved receipts out (the view then joins them) and refreshing the analyses'
summaries (the analyses then count the lines). Both are made to fail the way they fail
on a machine too small for them: out of memory; one Ctrl-C skips both; and so does
another load holding the write lock they need."""

from __future__ import annotations

import fcntl
import os
import signal
from contextlib import ExitStack
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


def test_one_ctrl_c_as_the_receipts_are_written_out_skips_that_and_the_summaries(
    shared_data: Path, tmp_path: Path
) -> None:
    sample = shared_data / "fec-bulk" / "2020-early"
    wh = Warehouse(tmp_path / "wh")
    load_files(wh, [sample / "cm.txt", sample / "itcont.txt"], cycle=2020)
    said: list[str] = []

    def say(message: str) -> None:
        said.append(message)
        if message.startswith("writing the resolved receipts out"):
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the step begins

    report = resolve_warehouse(wh, donors=False, on_step=say)  # organizations: quicker
    assert report.notes == [
        "receipts not written out (interrupted); questions about one committee read the "
        "joining view instead, more slowly",
        "summaries not refreshed (interrupted); the analyses count the lines",
    ]
    assert not [message for message in said if message.startswith("summarising")]
    with wh.reader() as con:
        assert con.execute("SELECT count(DISTINCT run_id) FROM resolve_runs").fetchall() == [(1,)]
        resolved = "SELECT count(*) FROM schedule_a WHERE org_id IS NOT NULL OR non_org IS NOT NULL"
        assert con.execute(resolved).fetchall()[0][0] > 50_000
        assert catalog.materialized_path(con, "schedule_a") is None


def test_a_load_writing_as_the_receipts_are_written_out_leaves_the_resolve_standing(
    shared_data: Path, tmp_path: Path
) -> None:
    """Another load may take the warehouse's write lock between the stored results and the
    steps after them: those steps are skipped, saying so, and the resolve stands."""
    sample = shared_data / "fec-bulk" / "2020-early"
    wh = Warehouse(tmp_path / "wh")
    load_files(wh, [sample / "cm.txt", sample / "itcont.txt"], cycle=2020)
    with ExitStack() as other_load:

        def say(message: str) -> None:
            if message.startswith("writing the resolved receipts out"):
                # The lock a load takes (its own open file, as another process's would be).
                lock = other_load.enter_context((wh.home / ".write.lock").open("w"))
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)

        report = resolve_warehouse(wh, donors=False, on_step=say)
    busy = f"another moneytrail load is writing to {wh.home}; wait for it to finish"
    assert report.notes == [
        f"receipts not written out ({busy}); questions about one committee read the "
        "joining view instead, more slowly",
        f"summaries not refreshed ({busy}); the analyses count the lines",
    ]
    with wh.reader() as con:
        assert con.execute("SELECT count(DISTINCT run_id) FROM resolve_runs").fetchall() == [(1,)]
        assert catalog.materialized_path(con, "schedule_a") is None
    resolve_warehouse(wh, donors=False)  # with the lock free, the next resolve writes out
    with wh.reader() as con:
        assert catalog.materialized_path(con, "schedule_a") is not None
