"""Raw electronic filings from the FEC: single filings by number and daily bundles."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import httpx

from moneytrail.sources.download import DownloadResult, Progress, download


@cache
def _urls() -> dict:
    with (resources.files("moneytrail.sources") / "efile_urls.toml").open("rb") as fh:
        return tomllib.load(fh)


def filings_base(explicit: str | None = None) -> str:
    """Base URL single filings are fetched from: ``explicit``,
    ``$MONEYTRAIL_FILINGS_MIRROR``, or the FEC's document server. A mirror must serve
    ``<base>/<file number>.fec``."""
    chosen = explicit or os.environ.get("MONEYTRAIL_FILINGS_MIRROR") or _urls()["filing"]["base"]
    return chosen.rstrip("/")


def filing_url(file_number: int, base: str) -> str:
    """The URL of one filing.

    >>> filing_url(1527862, "https://docquery.fec.gov/dcdev/posted")
    'https://docquery.fec.gov/dcdev/posted/1527862.fec'
    """
    if file_number <= 0:
        raise ValueError(f"{file_number} is not an FEC file number")
    return f"{base}/{_urls()['filing']['path'].format(file_number=file_number)}"


def daily_url(day: date, bulk_base: str) -> str:
    """The URL of the bundle of one day's filings, below the bulk-download base.

    >>> daily_url(date(2024, 10, 15), "https://www.fec.gov/files/bulk-downloads")
    'https://www.fec.gov/files/bulk-downloads/electronic/20241015.zip'
    """
    return f"{bulk_base}/{_urls()['daily']['path'].format(yyyymmdd=day.strftime('%Y%m%d'))}"


def _client() -> httpx.Client:
    return httpx.Client(follow_redirects=True, timeout=httpx.Timeout(30.0))


def fetch_filings(
    file_numbers: Iterable[int],
    *,
    base: str,
    dest_dir: Path,
    progress: Progress | None = None,
) -> list[DownloadResult]:
    """Download filings by file number into ``dest_dir`` (resumed, cached)."""
    urls = [filing_url(n, base) for n in file_numbers]
    with _client() as client:
        return [download(url, dest_dir, client=client, progress=progress) for url in urls]


def fetch_day(
    day: date, *, bulk_base: str, dest_dir: Path, progress: Progress | None = None
) -> DownloadResult:
    """Download the bundle of every filing received on ``day`` into ``dest_dir``."""
    with _client() as client:
        return download(daily_url(day, bulk_base), dest_dir, client=client, progress=progress)
