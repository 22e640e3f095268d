"""The quick-start demo: load a small slice of a cycle and show what is there.

Online it fetches the FEC's small files for a cycle (committees, candidates, their links
and the candidate summaries: a few MB); offline it falls back to a small generated
sample whose file names say SYNTHETIC, so it is labelled wherever a source is shown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from moneytrail.config import download_dir
from moneytrail.progress import Progress
from moneytrail.sources.bulk import fetch_cycle
from moneytrail.sources.download import DownloadError
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import LoadReport, load_files

DEMO_CYCLE = 2024
DEMO_FILES = ["cm", "cn", "ccl", "webl"]


@dataclass
class DemoResult:
    synthetic: bool
    reports: list[LoadReport]
    offline_reason: str | None = None


def run_demo(
    warehouse: Warehouse,
    base: str,
    progress: Progress | None = None,
    *,
    cycle: int = DEMO_CYCLE,
) -> DemoResult:
    """Fetch and load the demo slice, or the synthetic sample when the FEC is unreachable.

    >>> run_demo(Warehouse("/tmp/mt"), "https://www.fec.gov/files/bulk-downloads")  # doctest: +SKIP
    """

    try:
        fetched = fetch_cycle(
            cycle,
            DEMO_FILES,
            base=base,
            dest_dir=download_dir(warehouse.home),
            progress=progress,
        )
    except DownloadError as exc:
        return DemoResult(True, _load_synthetic(warehouse, progress, cycle), str(exc))
    reports = load_files(
        warehouse, [r.path for r in fetched], cycle=cycle, progress=progress, leave_out_empty=True
    )
    return DemoResult(False, reports)


def _load_synthetic(
    warehouse: Warehouse, progress: Progress | None, cycle: int
) -> list[LoadReport]:
    from moneytrail.sources.synthetic import generate_cycle_sample

    folder = Path(warehouse.home) / "synthetic-sample"
    folder.mkdir(parents=True, exist_ok=True)
    files = generate_cycle_sample(folder)
    return load_files(warehouse, sorted(files.values()), cycle=cycle, progress=progress)
