"""Where moneytrail keeps its warehouse and downloads, and where it fetches from."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

FEC_BULK_BASE = "https://www.fec.gov/files/bulk-downloads"


def home_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse folder: ``explicit`` if given, else ``$MONEYTRAIL_HOME``, else the
    user's data directory (``~/.local/share/moneytrail`` on Linux).

    >>> home_dir("/tmp/mt")
    PosixPath('/tmp/mt')
    """
    chosen = explicit or os.environ.get("MONEYTRAIL_HOME") or user_data_dir("moneytrail")
    return Path(chosen).expanduser().resolve()


def download_dir(home: Path) -> Path:
    """The download cache inside a warehouse folder."""
    return home / "downloads"


def fec_mirror(explicit: str | None = None) -> str:
    """Base URL of the FEC bulk-download tree: ``explicit``, ``$MONEYTRAIL_FEC_MIRROR``,
    or the FEC itself. A mirror must keep the FEC's layout below this base."""
    return (explicit or os.environ.get("MONEYTRAIL_FEC_MIRROR") or FEC_BULK_BASE).rstrip("/")
