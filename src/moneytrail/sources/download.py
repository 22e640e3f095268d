"""Resumable, cached HTTP downloads.

A file is streamed into ``<name>.part`` and renamed into place only when complete, so a
half file never stands under the final name. An interrupted download resumes with a
Range request (``If-Range`` guards against the file having changed meanwhile). A
finished file keeps its validators in ``<name>.meta.json``; the next request is
conditional, and a 304 means nothing is fetched again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from moneytrail.errors import MoneytrailError
from moneytrail.progress import Progress

CHUNK = 1 << 20


class DownloadError(MoneytrailError):
    """A download failed; ``retryable`` says whether trying later may work."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass
class DownloadResult:
    url: str
    path: Path
    status: str  # downloaded | resumed | cached
    size: int
    sha256: str
    etag: str | None
    last_modified: str | None


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def _part_paths(path: Path) -> tuple[Path, Path]:
    part = path.with_name(path.name + ".part")
    return part, part.with_name(part.name + ".json")


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _hash_file(path: Path) -> hashlib._Hash:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK * 8):
            digest.update(chunk)
    return digest


def download(
    url: str,
    dest_dir: Path,
    *,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    retries: int = 3,
    backoff: float = 0.5,
) -> DownloadResult:
    """Fetch ``url`` into ``dest_dir`` (named as the URL's last part), resuming a partial
    download and skipping one the server says is unchanged.

    >>> download(bulk_url("cm", 2024, FEC_BULK_BASE), Path("dl"))  # doctest: +SKIP
    DownloadResult(url=..., status='downloaded', size=..., ...)
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / url.rstrip("/").rsplit("/", 1)[-1]
    own_client = client is None
    client = client or httpx.Client(follow_redirects=True, timeout=httpx.Timeout(30.0))
    try:
        for attempt in range(retries + 1):
            try:
                return _attempt(client, url, path, progress)
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                # A malformed URL will not get better by trying again.
                raise DownloadError(f"cannot download {url!r}: {exc}", retryable=False) from exc
            except DownloadError as exc:
                if not exc.retryable or attempt == retries:
                    raise
            except httpx.TransportError as exc:
                # Connection refused or dropped midway, timeouts: the part file stays,
                # and the next attempt resumes from it.
                if attempt == retries:
                    raise DownloadError(
                        f"could not download {url}: {exc.__class__.__name__}: {exc}",
                        retryable=True,
                    ) from exc
            time.sleep(backoff * (attempt + 1))
        raise AssertionError("unreachable")
    finally:
        if own_client:
            client.close()


def _attempt(
    client: httpx.Client, url: str, path: Path, progress: Progress | None
) -> DownloadResult:
    name = path.name
    meta = _read_json(_meta_path(path)) if path.exists() else None
    part, part_meta_path = _part_paths(path)
    part_meta = _read_json(part_meta_path) if part.exists() else None
    # Bytes as stored on the server: a body compressed on the fly would not add up to
    # its Content-Length, nor could a Range of it be resumed.
    headers: dict[str, str] = {"Accept-Encoding": "identity"}
    validator = part_meta and (part_meta.get("etag") or part_meta.get("last_modified"))
    if validator:
        # A part left by an interrupted download (even of a newer version of a file we
        # already have): resume it; If-Range makes the server send it all if it changed.
        headers["Range"] = f"bytes={part.stat().st_size}-"
        headers["If-Range"] = validator
    elif meta:
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
        if len(headers) == 1 and _unchanged_by_size(client, url, meta):
            return _cached(url, path, meta, progress)

    with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304 and meta:
            return _cached(url, path, meta, progress)
        if response.status_code == 404:
            raise DownloadError(f"the server has no file at {url}", retryable=False)
        if response.status_code == 416:
            part.unlink(missing_ok=True)  # our part no longer fits the file: start over
            raise DownloadError(f"{url}: stale partial download discarded", retryable=True)
        if response.status_code >= 500:
            raise DownloadError(
                f"the server answered {response.status_code} for {url}", retryable=True
            )
        if response.status_code not in (200, 206):
            raise DownloadError(
                f"the server answered {response.status_code} for {url}", retryable=False
            )
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        resumed = response.status_code == 206
        if resumed:
            total = int(response.headers["content-range"].rsplit("/", 1)[-1])
            mode, digest, completed = "ab", _hash_file(part), part.stat().st_size
        else:
            length = response.headers.get("content-length")
            total = int(length) if length else None
            mode, digest, completed = "wb", hashlib.sha256(), 0
            part_meta_path.write_text(json.dumps({"etag": etag, "last_modified": last_modified}))
        if progress:
            progress.start(name, total, completed)
        with part.open(mode) as out:
            # Unsized: each chunk is written as it arrives, so a drop loses nothing.
            for chunk in response.iter_raw():
                out.write(chunk)
                digest.update(chunk)
                completed += len(chunk)
                if progress:
                    progress.advance(name, len(chunk))
    if total is not None and completed != total:
        raise DownloadError(
            f"{url}: got {completed:,} of {total:,} bytes; will resume", retryable=True
        )
    os.replace(part, path)
    part_meta_path.unlink(missing_ok=True)
    status = "resumed" if resumed else "downloaded"
    result = DownloadResult(url, path, status, completed, digest.hexdigest(), etag, last_modified)
    record = {**asdict(result), "path": path.name, "fetched_at": datetime.now(UTC).isoformat()}
    _meta_path(path).write_text(json.dumps(record, indent=1))
    if progress:
        progress.finish(name, status)
    return result


def _unchanged_by_size(client: httpx.Client, url: str, meta: dict) -> bool:
    # A server that gives no validators: the same size is the best sign we have.
    head = client.head(url)
    return head.status_code == 200 and head.headers.get("content-length") == str(meta["size"])


def _cached(url: str, path: Path, meta: dict, progress: Progress | None) -> DownloadResult:
    if progress:
        progress.start(path.name, meta["size"], meta["size"])
        progress.finish(path.name, "cached")
    return DownloadResult(
        url,
        path,
        "cached",
        meta["size"],
        meta["sha256"],
        meta.get("etag"),
        meta.get("last_modified"),
    )
