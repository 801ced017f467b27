"""Fetching pages and feeds from URLs that users and feeds supply, safely.

Every hop, redirects included, goes only to a public address: the host name is resolved
once, every address it resolves to is checked, and the connection is made to the checked
address (with the original name for the Host header and TLS), so a name that resolves
differently the second time gets nowhere. Responses are capped in size and time, the
fetcher names itself, respects robots.txt, and waits between requests to one host.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import socket
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.core.cache import cache

from apps.core.numbers import ascii_int

logger = logging.getLogger(__name__)

Resolver = Callable[[str, int], list[str]]

_LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
# Addresses that are never fetched, whatever ipaddress says about them: cloud metadata
# services live at these and must stay out of reach.
_METADATA = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("100.64.0.0/10"),
    ipaddress.ip_network("fd00:ec2::/32"),
)


class FetchError(Exception):
    """A network failure worth retrying later: timeouts, refused connections, 5xx."""


class FetchRefused(Exception):
    """A request that must not be made or will never succeed: bad URL, private address,
    robots.txt, 4xx. Not retried."""


class BadContent(Exception):
    """The response is not something we can read: too large, binary, empty. Not retried."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    content: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_public_address(address: str) -> bool:
    """True only for globally routable unicast addresses; private, loopback, link-local,
    multicast, reserved, shared and cloud-metadata ranges are all refused."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_public_address(str(ip.ipv4_mapped))
    if isinstance(ip, ipaddress.IPv6Address) and (ip.sixtofour or ip.teredo):
        return False
    if any(ip in network for network in _METADATA):
        return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def is_allowed_address(address: str, *, allow_loopback: bool = False) -> bool:
    """The fetch policy: public addresses, plus loopback when the tests turn it on."""
    if is_public_address(address):
        return True
    if not allow_loopback:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _LOOPBACK)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, through the system's resolver."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"Cannot resolve {host}: {error}") from error
    return list(dict.fromkeys(info[4][0] for info in infos))


# The resolver fetchers use unless given one; the tests swap in one that never leaves
# the machine.
default_resolver: Resolver = system_resolver


class SafeFetcher:
    """One fetcher per task; it keeps no connections open between fetches."""

    def __init__(
        self,
        *,
        resolver: Resolver | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
        max_redirects: int | None = None,
        user_agent: str | None = None,
        allow_loopback: bool | None = None,
        respect_robots: bool = True,
        domain_delay: float | None = None,
    ) -> None:
        self.resolver = resolver or default_resolver
        self.timeout = timeout if timeout is not None else settings.FETCH_TIMEOUT
        self.max_bytes = max_bytes if max_bytes is not None else settings.FETCH_MAX_BYTES
        self.max_redirects = (
            max_redirects if max_redirects is not None else settings.FETCH_MAX_REDIRECTS
        )
        self.user_agent = user_agent or settings.FETCH_USER_AGENT
        self.allow_loopback = (
            settings.FETCH_ALLOW_LOOPBACK if allow_loopback is None else allow_loopback
        )
        self.respect_robots = respect_robots
        self.domain_delay = settings.FETCH_DOMAIN_DELAY if domain_delay is None else domain_delay

    def fetch(
        self, url: str, *, headers: dict[str, str] | None = None, accept: str = "text/html"
    ) -> FetchResult:
        """GET `url`, following redirects through public addresses only."""
        current = url
        for _ in range(self.max_redirects + 1):
            if self.respect_robots and not self._robots_allow(current):
                raise FetchRefused(
                    f"robots.txt of {urlsplit(current).hostname} disallows {current}"
                )
            response = self._request(current, headers=headers or {}, accept=accept)
            if response.status in {301, 302, 303, 307, 308}:
                location = response.headers.get("location")
                if not location:
                    raise FetchRefused(f"Redirect without a Location from {current}")
                current = urljoin(current, location)
                continue
            return response
        raise FetchRefused(f"More than {self.max_redirects} redirects from {url}")

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.path in {"/robots.txt"}:
            return True
        key = f"robots:{parts.scheme}://{parts.netloc}"
        rules = cache.get(key)
        if rules is None:
            try:
                result = self._request(
                    f"{parts.scheme}://{parts.netloc}/robots.txt", headers={}, accept="text/plain"
                )
                rules = result.content.decode("utf-8", "replace") if result.status == 200 else ""
            except (FetchError, FetchRefused, BadContent):
                rules = ""  # no readable robots.txt: everything is allowed
            cache.set(key, rules, 24 * 3600)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(rules.splitlines())
        return parser.can_fetch(self.user_agent, url)

    def _request(self, url: str, *, headers: dict[str, str], accept: str) -> FetchResult:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            raise FetchRefused(f"Only http and https URLs are fetched, not {url!r}")
        host = parts.hostname
        if not host:
            raise FetchRefused(f"No host in {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self.resolver(host, port)
        refused = [
            a for a in addresses if not is_allowed_address(a, allow_loopback=self.allow_loopback)
        ]
        if not addresses or refused:
            raise FetchRefused(
                f"{host} resolves to an address that is not public ({', '.join(refused) or 'none'})"
            )
        address = addresses[0]
        self._wait_for_turn(host)
        pool = self._pool(parts.scheme, host, address, port)
        path = parts.path or "/"
        if parts.query:
            path += f"?{parts.query}"
        request_headers = {
            "Host": parts.netloc.rsplit("@", 1)[-1],
            "User-Agent": self.user_agent,
            "Accept": f"{accept}, */*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            **headers,
        }
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers=request_headers,
                redirect=False,
                retries=False,
                preload_content=False,
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
            )
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise FetchError(f"Fetching {url} failed: {error}") from error
        try:
            return self._read(url, response)
        finally:
            response.release_conn()
            pool.close()

    def _pool(self, scheme: str, host: str, address: str, port: int) -> urllib3.HTTPConnectionPool:
        # Connect to the checked address; name the host for virtual hosting and certificates.
        if scheme == "https":
            return urllib3.HTTPSConnectionPool(
                address, port, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED"
            )
        return urllib3.HTTPConnectionPool(address, port)

    def _read(self, url: str, response: urllib3.BaseHTTPResponse) -> FetchResult:
        status = response.status
        headers = {key.lower(): value for key, value in response.headers.items()}
        if status in {301, 302, 303, 307, 308, 304}:
            return FetchResult(url, status, b"", headers.get("content-type", ""), headers)
        if status == 429 or status >= 500:
            raise FetchError(f"{url} answered {status}")
        if status >= 400:
            raise FetchRefused(f"{url} answered {status}")
        declared = ascii_int(headers.get("content-length", ""))
        if declared is not None and declared > self.max_bytes:
            raise BadContent(f"{url} is {declared:,} bytes, over the {self.max_bytes:,}-byte limit")
        chunks: list[bytes] = []
        size = 0
        started = time.monotonic()
        try:
            for chunk in response.stream(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > self.max_bytes:
                    raise BadContent(f"{url} is over the {self.max_bytes:,}-byte limit")
                if time.monotonic() - started > self.timeout * 4:
                    raise FetchError(f"{url} is too slow to download")
                chunks.append(chunk)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise FetchError(f"Reading {url} failed: {error}") from error
        return FetchResult(url, status, b"".join(chunks), headers.get("content-type", ""), headers)

    def _wait_for_turn(self, host: str) -> None:
        """At most one request per host every FETCH_DOMAIN_DELAY seconds, across workers
        that share the cache."""
        if self.domain_delay <= 0:
            return
        deadline = time.monotonic() + 30
        while not cache.add(f"fetch-turn:{host}", 1, timeout=math.ceil(self.domain_delay)):
            if time.monotonic() > deadline:
                raise FetchError(f"Still waiting for a turn to fetch from {host}")
            time.sleep(min(0.1, self.domain_delay))
