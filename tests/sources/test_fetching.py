"""The safe fetcher: public addresses only, checked at connect time, with limits.

Live requests go only to servers these tests start on loopback. Every other range is
tested through the pure classification function, never over the network.
"""

from __future__ import annotations

import time

import pytest

from apps.sources.services.fetching import (
    BadContent,
    FetchError,
    FetchRefused,
    SafeFetcher,
    is_allowed_address,
    is_public_address,
)
from tests.sources.servers import Route, loopback_resolver

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1", "10.255.255.254", "172.16.0.1", "172.31.255.254", "192.168.1.1",
        "169.254.169.254", "169.254.0.1", "127.0.0.1", "127.1.2.3", "0.0.0.0",  # noqa: S104
        "100.64.0.1", "100.100.100.200", "224.0.0.1", "239.255.255.250", "255.255.255.255",
        "192.0.2.1", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254",
        "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "2002:a00:1::", "64:ff9b::a00:1",
        "not-an-address", "",
    ],
)  # fmt: skip
def test_private_loopback_link_local_multicast_and_metadata_addresses_are_not_public(address):
    assert not is_public_address(address)
    assert not is_allowed_address(address, allow_loopback=False)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "151.101.1.67", "2606:4700:4700::1111", "2a00:1450:4001::200e"],
)
def test_global_unicast_addresses_are_public(address):
    assert is_public_address(address)


def test_the_test_switch_allows_loopback_only_never_private_ranges():
    assert is_allowed_address("127.0.0.1", allow_loopback=True)
    assert is_allowed_address("::1", allow_loopback=True)
    for address in ("10.0.0.1", "192.168.1.1", "169.254.169.254", "172.16.0.1"):
        assert not is_allowed_address(address, allow_loopback=True)


def test_a_loopback_target_is_refused_before_any_request(loopback_server, settings):
    settings.FETCH_ALLOW_LOOPBACK = False
    loopback_server.routes["/"] = Route(b"<html>secret</html>")
    with pytest.raises(FetchRefused, match="not public"):
        SafeFetcher(respect_robots=False, domain_delay=0).fetch(loopback_server.url("/"))
    assert loopback_server.requests == []


def test_a_name_resolving_to_loopback_is_refused(loopback_server, settings):
    settings.FETCH_ALLOW_LOOPBACK = False
    fetcher = SafeFetcher(resolver=loopback_resolver(), respect_robots=False, domain_delay=0)
    with pytest.raises(FetchRefused, match="127.0.0.1"):
        fetcher.fetch(loopback_server.url("/", host="news.example"))
    assert loopback_server.requests == []


def test_a_name_with_any_private_address_is_refused(settings):
    settings.FETCH_ALLOW_LOOPBACK = True
    resolver = loopback_resolver({"mixed.example": ["127.0.0.1", "10.1.2.3"]})
    with pytest.raises(FetchRefused, match="10.1.2.3"):
        SafeFetcher(resolver=resolver, respect_robots=False, domain_delay=0).fetch(
            "http://mixed.example/"
        )


@pytest.mark.parametrize(
    "scheme_url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "http:///nohost"]
)
def test_only_http_and_https_urls_are_fetched(scheme_url):
    with pytest.raises(FetchRefused):
        SafeFetcher(respect_robots=False, domain_delay=0).fetch(scheme_url)


def test_fetches_from_the_checked_address_with_the_host_name_and_a_user_agent(
    loopback_server, fetch_loopback
):
    loopback_server.routes["/page"] = Route(b"<html><body>Hello</body></html>")
    resolver = loopback_resolver()
    result = SafeFetcher(resolver=resolver, respect_robots=False).fetch(
        loopback_server.url("/page", host="news.example")
    )
    assert result.status == 200
    assert result.content == b"<html><body>Hello</body></html>"
    request = loopback_server.requests[0]
    assert request["headers"]["Host"] == f"news.example:{loopback_server.port}"
    assert request["headers"]["User-Agent"].startswith("AccessionTrackerBot/")


def test_a_name_that_resolves_differently_later_is_still_connected_at_the_checked_address(
    loopback_server, fetch_loopback
):
    """Resolved once per hop: a second, private answer is never asked for nor used."""
    loopback_server.routes["/"] = Route(b"<html>ok</html>")
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])
    asked: list[str] = []

    def rebinding_resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return next(answers)

    result = SafeFetcher(resolver=rebinding_resolver, respect_robots=False).fetch(
        loopback_server.url("/", host="rebind.example")
    )
    assert result.status == 200
    assert asked == ["rebind.example"]
    assert len(loopback_server.requests) == 1


def test_redirects_are_followed_and_every_hop_is_checked(loopback_server, fetch_loopback):
    loopback_server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    loopback_server.routes["/b"] = Route(b"<html>b</html>")
    result = SafeFetcher(respect_robots=False).fetch(loopback_server.url("/a"))
    assert result.url.endswith("/b")
    loopback_server.routes["/to-private"] = Route(
        status=301, headers={"Location": "http://10.0.0.1/admin"}
    )
    with pytest.raises(FetchRefused, match="10.0.0.1"):
        SafeFetcher(respect_robots=False).fetch(loopback_server.url("/to-private"))
    loopback_server.routes["/to-metadata"] = Route(
        status=307, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with pytest.raises(FetchRefused, match="169.254.169.254"):
        SafeFetcher(respect_robots=False).fetch(loopback_server.url("/to-metadata"))


def test_redirect_loops_end(loopback_server, fetch_loopback):
    loopback_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchRefused, match="redirects"):
        SafeFetcher(respect_robots=False, max_redirects=3).fetch(loopback_server.url("/loop"))
    assert len(loopback_server.requests) == 4


def test_responses_over_the_size_cap_are_refused(loopback_server, fetch_loopback):
    big = b"<html>" + b"x" * 300_000 + b"</html>"
    loopback_server.routes["/declared"] = Route(big)
    loopback_server.routes["/streamed"] = Route(
        big, headers={"Content-Type": "text/html", "Content-Length": ""}, chunks=10
    )
    fetcher = SafeFetcher(respect_robots=False, max_bytes=100_000)
    with pytest.raises(BadContent, match="limit"):
        fetcher.fetch(loopback_server.url("/declared"))
    with pytest.raises(BadContent, match="limit"):
        fetcher.fetch(loopback_server.url("/streamed"))


def test_slow_servers_time_out_as_retryable_errors(loopback_server, fetch_loopback):
    loopback_server.routes["/slow"] = Route(b"<html>late</html>", delay=1.5)
    with pytest.raises(FetchError):
        SafeFetcher(respect_robots=False, timeout=0.3).fetch(loopback_server.url("/slow"))


def test_server_errors_retry_and_client_errors_do_not(loopback_server, fetch_loopback):
    loopback_server.routes["/down"] = Route(status=503)
    with pytest.raises(FetchError, match="503"):
        SafeFetcher(respect_robots=False).fetch(loopback_server.url("/down"))
    with pytest.raises(FetchRefused, match="404"):
        SafeFetcher(respect_robots=False).fetch(loopback_server.url("/missing"))


def test_robots_txt_is_respected(loopback_server, fetch_loopback):
    loopback_server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
    )
    loopback_server.routes["/private/page"] = Route(b"<html>no</html>")
    loopback_server.routes["/public/page"] = Route(b"<html>yes</html>")
    fetcher = SafeFetcher()
    with pytest.raises(FetchRefused, match="robots.txt"):
        fetcher.fetch(loopback_server.url("/private/page"))
    assert fetcher.fetch(loopback_server.url("/public/page")).status == 200
    assert "/private/page" not in [r["path"] for r in loopback_server.requests]


def test_requests_to_one_host_are_spaced_out(loopback_server, fetch_loopback):
    loopback_server.routes["/x"] = Route(b"<html>x</html>")
    fetcher = SafeFetcher(respect_robots=False, domain_delay=1)
    started = time.monotonic()
    fetcher.fetch(loopback_server.url("/x"))
    fetcher.fetch(loopback_server.url("/x"))
    assert time.monotonic() - started >= 0.9
