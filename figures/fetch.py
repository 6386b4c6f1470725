"""Fetch http(s) pages and feeds politely: a timeout, retries with back-off, a delay per host.

Only the standard library's urllib is used. A fetch either returns the whole body (up to
``max_bytes``) or raises `FetchError` with a reason a person can act on.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from importlib import metadata

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml,"
    " application/xml;q=0.9, application/json;q=0.9, text/csv;q=0.8, text/plain;q=0.8, */*;q=0.5"
)
CHUNK = 64 * 1024


def user_agent() -> str:
    """`figures/<version> (+<project url>)`, the project URL from the package's metadata.

    >>> user_agent().startswith("figures/")
    True
    """
    try:
        meta = metadata.metadata("figures")
        version = meta["Version"]
    except metadata.PackageNotFoundError:
        return "figures"
    urls = [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
    home = (meta.get_all("Home-page") or urls or [None])[0]
    return f"figures/{version} (+{home})" if home else f"figures/{version}"


class FetchError(Exception):
    """A URL that could not be fetched, and why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _Transient(Exception):
    """A failure worth another try: 5xx, 429, a timeout, a dropped connection."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched body, with the URL it came from after redirects and its media type."""

    url: str
    status: int
    media_type: str  # lower case, without parameters: text/html, application/rss+xml...
    charset: str | None
    body: bytes


@dataclass(slots=True)
class Fetcher:
    """Fetches URLs one at a time, keeping a delay between two requests to the same host.

    A 408, 425, 429 or 5xx answer, a timeout or a dropped connection is tried again up
    to ``retries`` times, waiting ``backoff`` seconds, then twice as long each time (or
    what the server's Retry-After asks, up to ``max_wait``).
    """

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    delay: float = 1.0
    max_bytes: int = 20_000_000
    max_wait: float = 120.0
    user_agent: str = field(default_factory=user_agent)
    _not_before: dict[str, float] = field(default_factory=dict, repr=False)

    def get(self, url: str) -> Response:
        """The body of ``url``; raises FetchError when it cannot be had."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL")
        host = parts.netloc.lower()
        attempts = self.retries + 1
        for attempt in range(attempts):
            self._wait_for(host)
            wait = 0.0
            try:
                return self._once(url)
            except _Transient as exc:
                if attempt == attempts - 1:
                    tries = f" (after {attempts} attempts)" if attempts > 1 else ""
                    raise FetchError(url, exc.reason + tries) from None
                wait = self.backoff * 2**attempt
                if exc.retry_after is not None:
                    wait = max(wait, exc.retry_after)
                wait = min(wait, self.max_wait)
            finally:
                self._pause(host, wait)
        raise AssertionError("unreachable")

    def _wait_for(self, host: str) -> None:
        pause = self._not_before.get(host, 0.0) - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def _pause(self, host: str, wait: float) -> None:
        """The host may be asked again after the polite delay, or ``wait`` if longer."""
        self._not_before[host] = time.monotonic() + max(self.delay, wait)

    def _once(self, url: str) -> Response:
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept": ACCEPT}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                headers: Message = resp.headers
                length = headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(
                        url, f"too large: {int(length):,} bytes (limit {self.max_bytes:,})"
                    )
                body = self._read(resp, url)
                return Response(
                    url=resp.geturl(),
                    status=resp.status,
                    media_type=headers.get_content_type().lower(),
                    charset=headers.get_content_charset(),
                    body=body,
                )
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code} {exc.reason}".rstrip()
            if exc.code in RETRY_STATUSES or exc.code >= 500:
                raise _Transient(reason, _retry_after(exc.headers.get("Retry-After"))) from None
            raise FetchError(url, reason) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ssl.SSLError | ssl.CertificateError):
                raise FetchError(url, f"TLS error: {exc.reason}") from None
            if isinstance(exc.reason, socket.gaierror):
                raise FetchError(url, f"unknown host: {exc.reason.strerror}") from None
            raise _Transient(_describe(exc.reason, self.timeout)) from None
        except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise _Transient(_describe(exc, self.timeout)) from None

    def _read(self, resp: http.client.HTTPResponse, url: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while chunk := resp.read(CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"too large: more than {self.max_bytes:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _describe(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
