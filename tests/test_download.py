"""The download code (moneytrail.sources.download) in the cases test_sync.py leaves out:
servers that send other validators or none, stalls, refusals, compression on the fly,
a refresh interrupted midway, and malformed URLs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from mirror import Mirror

from moneytrail.sources.bulk import bulk_url
from moneytrail.sources.download import DownloadError, download

FAST = 0.01  # backoff in seconds: retries should not slow the suite down


@pytest.fixture(scope="session")
def small_tree(bulk_2020: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2020/cm20.zip and 2020/indiv20.zip, zipped from the real files as the FEC does."""
    root = tmp_path_factory.mktemp("fec-small")
    (root / "2020").mkdir()
    for archive, member in {"cm20.zip": "cm.txt", "indiv20.zip": "itcont.txt"}.items():
        with zipfile.ZipFile(root / "2020" / archive, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(bulk_2020 / member, member)
    return root


@pytest.fixture
def mirror(small_tree: Path, tmp_path: Path) -> Iterator[Mirror]:
    root = tmp_path / "served"
    shutil.copytree(small_tree, root)  # a copy: tests change files on the server
    server = Mirror(root)
    yield server
    server.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def interrupt(mirror: Mirror, rel: str, dest: Path, after: int) -> None:
    """Leave a part file of ``after`` bytes, as a dropped connection does."""
    mirror.faults.drop_after[rel] = after
    with pytest.raises(DownloadError):
        download(f"{mirror.url}/{rel}", dest, retries=0)
    assert (dest / (Path(rel).name + ".part")).stat().st_size == after


# A plain server whose headers each test chooses, for what the FEC mirror never does.
Handler = Callable[[BaseHTTPRequestHandler], None]


class Plain:
    """Serves whatever ``answer`` writes, at ``url``; ``seen`` holds (method, headers)."""

    def __init__(self, answer: Handler) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []
        plain = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                plain.seen.append((self.command, dict(self.headers)))
                answer(self)

            do_HEAD = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/x.csv"
        # A short poll interval: shutdown() waits up to one interval.
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def methods(self) -> list[str]:
        return [m for m, _ in self.seen]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def plain() -> Iterator[Callable[[Handler], Plain]]:
    servers: list[Plain] = []

    def make(answer: Handler) -> Plain:
        servers.append(Plain(answer))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    h.send_response(status)
    for key, value in headers.items():
        h.send_header(key.replace("_", "-"), value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if h.command == "GET":
        h.wfile.write(body)


@pytest.fixture
def body(bulk_2020: Path) -> bytes:
    return (bulk_2020 / "cm.txt").read_bytes()[:300_000]


# --- Behaviour the spec asks for, not covered in test_sync.py ---------------------------


def test_without_validators_a_head_with_the_same_size_means_cached(plain, body, tmp_path):
    current = {"body": body}
    server = plain(lambda h: send(h, 200, current["body"]))  # no ETag, no Last-Modified
    first = download(server.url, tmp_path)
    second = download(server.url, tmp_path)
    assert (first.status, second.status) == ("downloaded", "cached")
    assert second.sha256 == hashlib.sha256(body).hexdigest()
    assert server.methods() == ["GET", "HEAD"]  # the file itself was fetched once
    current["body"] = body[:-1]  # a different size: fetched again
    assert download(server.url, tmp_path).status == "downloaded"
    assert (tmp_path / "x.csv").read_bytes() == body[:-1]


def test_last_modified_alone_gives_a_304(plain, body, tmp_path):
    stamp = "Wed, 21 Oct 2020 07:28:00 GMT"

    def answer(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-Modified-Since") == stamp:
            send(h, 304, b"")
        else:
            send(h, 200, body, Last_Modified=stamp)

    server = plain(answer)
    download(server.url, tmp_path)
    again = download(server.url, tmp_path)
    assert (again.status, again.last_modified) == ("cached", stamp)
    assert server.seen[-1][1].get("If-Modified-Since") == stamp


def test_the_mirror_answers_if_modified_since_alone(mirror, tmp_path):
    # As a real server does: with no If-None-Match, If-Modified-Since decides.
    url = bulk_url("cm", 2020, mirror.url)
    download(url, tmp_path)
    sidecar = tmp_path / "cm20.zip.meta.json"
    sidecar.write_text(json.dumps({**json.loads(sidecar.read_text()), "etag": None}))
    assert download(url, tmp_path).status == "cached"
    served = mirror.root / "2020" / "cm20.zip"
    later = served.stat().st_mtime + 60
    os.utime(served, (later, later))  # touched on the server since our copy
    assert download(url, tmp_path).status == "downloaded"
    assert [r[2] for r in mirror.log.for_path("2020/cm20.zip")] == [200, 304, 200]


def test_a_stalled_server_times_out_and_is_retried(plain, body, tmp_path):
    stalls = [0.5]  # the first answer comes too late; the second at once

    def answer(h: BaseHTTPRequestHandler) -> None:
        if stalls:
            time.sleep(stalls.pop())
        send(h, 200, body, ETag='"v1"')

    server = plain(answer)
    with httpx.Client(timeout=httpx.Timeout(0.2)) as client:
        result = download(server.url, tmp_path, client=client, backoff=FAST)
    assert result.status == "downloaded"
    assert (tmp_path / "x.csv").read_bytes() == body
    assert len(server.seen) == 2


def test_a_client_error_is_not_retried(mirror, tmp_path):
    mirror.faults.fail_with["2020/cm20.zip"] = 403
    url = bulk_url("cm", 2020, mirror.url)
    with pytest.raises(DownloadError) as info:
        download(url, tmp_path / "dl", backoff=FAST)
    assert not info.value.retryable
    assert url in str(info.value)
    assert len(mirror.log.requests) == 1


def test_a_failed_download_leaves_no_file_under_the_final_name(mirror, tmp_path):
    mirror.faults.drop_after["2020/cm20.zip"] = 10_000
    mirror.faults.fail_with["2020/cm20.zip"] = 500  # checked first: 500, then a drop
    with pytest.raises(DownloadError) as info:
        download(bulk_url("cm", 2020, mirror.url), tmp_path / "dl", retries=1, backoff=FAST)
    assert info.value.retryable
    left = sorted(p.name for p in (tmp_path / "dl").iterdir())
    assert left == ["cm20.zip.part", "cm20.zip.part.json"]


def test_the_sidecar_records_what_was_fetched(mirror, tmp_path):
    result = download(bulk_url("cm", 2020, mirror.url), tmp_path)
    meta = json.loads((tmp_path / "cm20.zip.meta.json").read_text())
    assert meta["url"] == result.url
    assert meta["sha256"] == sha256(mirror.root / "2020" / "cm20.zip")
    assert meta["size"] == (mirror.root / "2020" / "cm20.zip").stat().st_size
    assert meta["etag"] and meta["last_modified"] and meta["fetched_at"]


# --- Defects found by these tests, since fixed in sources/download.py ---


def test_a_part_of_a_file_since_changed_is_fetched_afresh_and_said_so(mirror, tmp_path):
    served = mirror.root / "2020" / "indiv20.zip"
    interrupt(mirror, "2020/indiv20.zip", tmp_path, after=100_000)
    with zipfile.ZipFile(served, "w") as zf:
        zf.writestr("itcont.txt", b"changed\n" * 40_000)
    result = download(bulk_url("indiv", 2020, mirror.url), tmp_path)
    assert result.sha256 == sha256(served)
    assert result.status == "downloaded"  # fetched afresh, not resumed


def test_a_server_that_compresses_on_the_fly_is_downloaded(plain, body, tmp_path):
    def answer(h: BaseHTTPRequestHandler) -> None:
        if "gzip" in h.headers.get("Accept-Encoding", ""):
            send(h, 200, gzip.compress(body), ETag='"gz"', Content_Encoding="gzip")
        else:
            send(h, 200, body, ETag='"id"')

    server = plain(answer)
    result = download(server.url, tmp_path, backoff=FAST)
    assert (tmp_path / "x.csv").read_bytes() == body
    assert result.size == len(body)


def test_an_interrupted_refresh_of_a_changed_file_resumes(mirror, tmp_path, bulk_2020):
    served = mirror.root / "2020" / "cm20.zip"
    download(bulk_url("cm", 2020, mirror.url), tmp_path)
    with zipfile.ZipFile(served, "w", zipfile.ZIP_STORED) as zf:  # a new, larger file
        zf.write(bulk_2020 / "cm.txt", "cm.txt")
    interrupt(mirror, "2020/cm20.zip", tmp_path, after=400_000)
    before = len(mirror.log.requests)
    result = download(bulk_url("cm", 2020, mirror.url), tmp_path)
    assert result.sha256 == sha256(served)
    size = served.stat().st_size
    assert [r[2:] for r in mirror.log.requests[before:]] == [(206, size - 400_000)]


def test_a_url_without_a_scheme_fails_at_once(tmp_path):
    started = time.monotonic()
    with pytest.raises(DownloadError) as info:
        download("localhost:8000/2020/cm20.zip", tmp_path, backoff=0.2)
    assert not info.value.retryable
    assert time.monotonic() - started < 0.2
