"""The FEC's bulk-download files for a cycle: where they are, and fetching them."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import httpx

from moneytrail.model import election_cycle
from moneytrail.sources.download import DownloadResult, Progress, download


@cache
def bulk_files() -> dict[str, dict[str, str]]:
    """The files the FEC publishes per cycle, by the name users type (indiv, cm, ...)."""
    with (resources.files("moneytrail.sources") / "bulk_files.toml").open("rb") as fh:
        return tomllib.load(fh)["files"]


def bulk_url(name: str, cycle: int, base: str) -> str:
    """The URL of one bulk file.

    >>> bulk_url("indiv", 2024, "https://www.fec.gov/files/bulk-downloads")
    'https://www.fec.gov/files/bulk-downloads/2024/indiv24.zip'
    """
    election_cycle(cycle)
    files = bulk_files()
    if name not in files:
        raise ValueError(f"unknown bulk file {name!r}; known: {', '.join(files)}")
    path = files[name]["path"].format(yyyy=cycle, yy=f"{cycle % 100:02d}")
    return f"{base.rstrip('/')}/{path}"


def fetch_cycle(
    cycle: int,
    names: list[str] | None,
    *,
    base: str,
    dest_dir: Path,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> list[DownloadResult]:
    """Download a cycle's bulk files (all, or ``names``) into ``dest_dir/<cycle>/``.

    >>> fetch_cycle(2024, ["cm", "cn"], base=fec_mirror(), dest_dir=Path("dl"))  # doctest: +SKIP
    """
    urls = [bulk_url(n, cycle, base) for n in (names or list(bulk_files()))]
    own = client is None
    client = client or httpx.Client(follow_redirects=True, timeout=httpx.Timeout(30.0))
    try:
        return [
            download(url, dest_dir / str(cycle), client=client, progress=progress) for url in urls
        ]
    finally:
        if own:
            client.close()
