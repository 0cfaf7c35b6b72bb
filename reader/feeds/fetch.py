"""Fetching a feed over HTTP as a good citizen, with the standard library only.

* conditional requests: the last check's ``ETag`` and ``Last-Modified`` are sent
  back (``If-None-Match``, ``If-Modified-Since``), and a 304 costs no body;
* a ``User-Agent`` that names reader, and ``Accept-Encoding: gzip``;
* a timeout on connecting and on every read, and one on the whole transfer;
* a size limit on the body as sent and as unpacked (a small gzip can unpack huge);
* redirects followed (at most five, http and https only) and recorded, so the
  subscription knows where its feed now lives.

Every failure is a :class:`FetchError` with a one-line message.
"""

from __future__ import annotations

import email.message
import http.client
import re
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from reader import __version__
from reader.errors import ReaderError

USER_AGENT = f"reader/{__version__} (terminal reader for Chinese news; feed updater)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 65536
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


class FetchError(ReaderError):
    """A feed that could not be fetched; the message says why, in one line."""


@dataclass(frozen=True)
class Fetched:
    """A fetch's outcome: ``body`` is None when the server said "not modified"."""

    status: int
    body: bytes | None
    final_url: str
    redirects: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None
    #: Where the feed now lives when every redirect on the way was permanent
    #: (301, 308): the next fetch should go there directly.
    moved_to: str | None = None
    #: The media type the server gave (``text/html``), lower case; None if none.
    content_type: str | None = None


class _RecordingRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects like urllib does, but only to http(s) and at most
    :data:`MAX_REDIRECTS` times, remembering each address it went to."""

    max_redirections = MAX_REDIRECTS

    def __init__(self) -> None:
        self.chain: list[str] = []
        self.permanent = True

    def moved_to(self) -> str | None:
        """The last address, if every redirect to it was permanent."""
        return self.chain[-1] if self.chain and self.permanent else None

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"redirected to a non-web address: {printable(newurl)}")
        if len(self.chain) >= MAX_REDIRECTS:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects")
        request = super().redirect_request(req, fp, code, msg, headers, newurl)
        if request is not None:
            self.chain.append(newurl)
            self.permanent = self.permanent and code in (301, 308)
            for name in ("If-none-match", "If-modified-since"):
                if req.has_header(name):
                    request.add_header(name, req.get_header(name))
        return request


def check_url(url: str) -> str:
    """``url`` if it is an http(s) address with a host, else a one-line error."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ReaderError(f"not an http(s) address: {url}")
    return url.strip()


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Fetched:
    """GET ``url`` (conditionally, when validators are given)."""
    check_url(url)
    redirects = _RecordingRedirects()
    opener = urllib.request.build_opener(redirects)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
            "text/xml;q=0.9, */*;q=0.5",
            "Accept-Encoding": "gzip",
        },
    )
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    deadline = time.monotonic() + timeout * 3
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304:
            return Fetched(
                304,
                None,
                error.url or url,
                redirects.chain,
                etag=error.headers.get("ETag"),
                last_modified=error.headers.get("Last-Modified"),
                moved_to=redirects.moved_to(),
            )
        raise FetchError(printable(f"HTTP {error.code} {error.reason}")) from None
    except FetchError:
        raise
    except urllib.error.URLError as error:
        raise FetchError(_reason(error.reason)) from None
    except (TimeoutError, OSError, ValueError, http.client.HTTPException) as error:
        raise FetchError(_reason(error)) from None
    with response:
        headers: email.message.Message = response.headers
        length = headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"feed too large: {int(length)} bytes (limit {max_bytes})")
        body = _read_limited(response, max_bytes, deadline, timeout)
        if length and length.isdigit() and len(body) < int(length):
            raise FetchError(f"connection closed after {len(body)} of {length} bytes")
        if "gzip" in (headers.get("Content-Encoding") or "").lower():
            body = _gunzip(body, max_bytes)
        return Fetched(
            response.status,
            body,
            response.url or url,
            redirects.chain,
            etag=headers.get("ETag"),
            last_modified=headers.get("Last-Modified"),
            charset=headers.get_content_charset(),
            moved_to=redirects.moved_to(),
            content_type=headers.get_content_type() if headers.get("Content-Type") else None,
        )


def _read_limited(response, max_bytes: int, deadline: float, timeout: float) -> bytes:  # type: ignore[no-untyped-def]
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"feed too large: over {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out: transfer took over {timeout * 3:g} s")
            chunks.append(chunk)
    except FetchError:
        raise
    except (TimeoutError, OSError, ValueError, http.client.HTTPException) as error:
        raise FetchError(_reason(error)) from None
    return b"".join(chunks)


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    """Unpack a gzip body, refusing to unpack more than ``max_bytes``."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(body, max_bytes + 1)
    except zlib.error:
        raise FetchError("bad gzip body") from None
    if len(data) > max_bytes or unpacker.unconsumed_tail:
        raise FetchError(f"feed too large: unpacks to over {max_bytes} bytes")
    return data


def _reason(error: object) -> str:
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, http.client.IncompleteRead):
        return f"connection closed after {len(error.partial)} bytes"
    return printable(str(error)) or type(error).__name__


def printable(text: str, limit: int = 160) -> str:
    """Text from a server (a reason phrase, an address) as one plain line: control
    characters, escape sequences included, become spaces."""
    return " ".join(_CONTROLS.sub(" ", text).split())[:limit]
