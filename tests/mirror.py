"""A local stand-in for the FEC's bulk-download server, for testing the real download
code: a real HTTP server on 127.0.0.1 with Range, ETag and Last-Modified support, and
faults on demand (a connection dropped midway, a 500)."""

from __future__ import annotations

import email.utils
import hashlib
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def _not_modified(headers: Message, etag: str, mtime: float) -> bool:
    """A GET's conditions as a real server weighs them (RFC 9110, 13.2.2): If-None-Match
    decides alone when sent; otherwise If-Modified-Since, to the second."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError):
        return False  # an invalid date is ignored, as the RFC says


@dataclass
class Faults:
    drop_after: dict[str, int] = field(default_factory=dict)  # path -> bytes, once
    fail_with: dict[str, int] = field(default_factory=dict)  # path -> status, once


@dataclass
class Log:
    requests: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # method, path, status, body bytes

    def for_path(self, path: str) -> list[tuple[str, str, int, int]]:
        return [r for r in self.requests if r[1] == path]

    def statuses(self) -> Counter:
        return Counter(r[2] for r in self.requests)


class Mirror:
    """Serves ``root`` at ``url`` until closed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.faults = Faults()
        self.log = Log()
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_HEAD(self) -> None:
                mirror._serve(self, body=False)

            def do_GET(self) -> None:
                mirror._serve(self, body=True)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _serve(self, handler: BaseHTTPRequestHandler, *, body: bool) -> None:
        rel = handler.path.lstrip("/")
        target = (self.root / rel).resolve()
        method = "GET" if body else "HEAD"
        if rel in self.faults.fail_with:
            status = self.faults.fail_with.pop(rel)
            self.log.requests.append((method, rel, status, 0))
            handler.send_response(status)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if not target.is_file() or self.root.resolve() not in target.parents:
            self.log.requests.append((method, rel, 404, 0))
            handler.send_error(404)
            return
        data = target.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        mtime = target.stat().st_mtime
        modified = email.utils.formatdate(mtime, usegmt=True)
        if _not_modified(handler.headers, etag, mtime):
            self.log.requests.append((method, rel, 304, 0))
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Last-Modified", modified)
            handler.end_headers()
            return
        start, status = 0, 200
        wanted = re.fullmatch(r"bytes=(\d+)-", handler.headers.get("Range", ""))
        if_range = handler.headers.get("If-Range")
        if wanted and (if_range is None or if_range in (etag, modified)):
            start = int(wanted.group(1))
            if start >= len(data):
                self.log.requests.append((method, rel, 416, 0))
                handler.send_response(416)
                handler.send_header("Content-Range", f"bytes */{len(data)}")
                handler.end_headers()
                return
            status = 206
        payload = data[start:]
        cut = self.faults.drop_after.pop(rel, None) if body else None
        sent = payload if cut is None else payload[:cut]
        # Each request is logged before its response goes out: the client may send its
        # next request as soon as it has this one, and the log must keep their order.
        self.log.requests.append((method, rel, status, len(sent) if body else 0))
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("ETag", etag)
        handler.send_header("Last-Modified", modified)
        handler.send_header("Accept-Ranges", "bytes")
        if status == 206:
            handler.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        handler.end_headers()
        if not body:
            return
        handler.wfile.write(sent)
        handler.wfile.flush()
        if cut is not None:
            handler.close_connection = True
            handler.connection.shutdown(2)  # drop the connection midway, as networks do
