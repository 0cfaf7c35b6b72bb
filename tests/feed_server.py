"""A real HTTP server on 127.0.0.1 for the feed tests, started inside the test.

Each route answers with a :class:`Route`; every request's headers are recorded, so a
test can check what the client sent (validators, User-Agent, Accept-Encoding).
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    location: str | None = None
    #: The handler waits on this before answering (a server too slow to answer).
    hold: threading.Event | None = None
    #: Claimed length is not sent: the body streams until it ends (a huge body).
    stream_repeats: int = 0
    #: A Content-Length claimed larger than the body sent before the connection closes.
    claimed_length: int | None = None


@dataclass
class FeedServer:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def headers_for(self, path: str) -> list[dict[str, str]]:
        return [headers for requested, headers in self.requests if requested == path]


@contextmanager
def feed_server(routes: dict[str, Route]) -> Iterator[FeedServer]:
    server_state = FeedServer("", routes)
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server_state.requests.append(
                (self.path, {k.lower(): v for k, v in self.headers.items()})
            )
            route = server_state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.hold is not None:
                route.hold.wait(timeout=30)
                if release.is_set():
                    return
            if route.location is not None:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            matches_etag = route.etag and self.headers.get("If-None-Match") == route.etag
            matches_date = (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            )
            if matches_etag or matches_date:
                self.send_response(304)
                self.end_headers()
                return
            body = gzip.compress(route.body) if route.gzip else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if route.gzip:
                self.send_header("Content-Encoding", "gzip")
            if route.stream_repeats:
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for _ in range(route.stream_repeats):
                        self.wfile.write(body)
                except OSError:
                    pass
                return
            self.send_header("Content-Length", str(route.claimed_length or len(body)))
            if route.claimed_length:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server_state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        release.set()
        for route in routes.values():
            if route.hold is not None:
                route.hold.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
