"""Article addresses and the outlets they belong to: one canonical form of a URL (no
tracking parameters or fragment), the host an outlet is known by, and official hosts."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from apps.sources.models import Outlet

# Hosts whose pages are the statement itself: governments, NATO, presidencies, ministries.
OFFICIAL_HOSTS = (
    "nato.int", "kremlin.ru", "mid.ru", "government.ru", "president.gov.ua", "mfa.gov.ua",
    "kmu.gov.ua", "whitehouse.gov", "state.gov", "defense.gov", "war.gov", "elysee.fr",
    "bundesregierung.de", "bundeskanzler.de", "auswaertiges-amt.de", "gov.uk", "europa.eu",
    "president.pl", "gov.pl", "prezident.lt", "president.ee", "valitsus.ee", "kormany.hu",
)  # fmt: skip
OFFICIAL_SUFFIXES = (".gov", ".gov.uk", ".gov.ua", ".gouv.fr", ".gov.pl", ".mil", ".europa.eu")
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref")


class NotAWebAddress(ValueError):
    pass


def canonical_url(url: str) -> str:
    """The URL without fragment or tracking parameters, with a lower-case host; anything
    but an http or https address with a host is refused."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise NotAWebAddress(f"{url!r} is not an http or https address.")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


def host_of(url: str) -> str:
    """The host an outlet is known by: lower case, without "www." or the root's trailing
    dot ("kyivpost.com." is kyivpost.com)."""
    return (urlsplit(url).hostname or "").lower().rstrip(".").removeprefix("www.")


def is_official_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS) or host.endswith(
        OFFICIAL_SUFFIXES
    )


def outlet_for_url(
    url: str,
    *,
    site_name: str = "",
    kind: str = "",
    state_controlled: bool = False,
    country: str = "",
) -> Outlet | None:
    """The outlet publishing at this URL's host; created on first sight, with the kind
    given (a curated list knows it) or guessed from the host."""
    host = host_of(url)
    if not host or not urlsplit(url).scheme.startswith("http"):
        return None
    outlet = Outlet.objects.filter(domain=host).first()
    if outlet is not None:
        return outlet
    if kind not in Outlet.Kind.values:
        kind = Outlet.Kind.OFFICIAL if is_official_host(host) else Outlet.Kind.OTHER
    try:
        with transaction.atomic():
            return Outlet.objects.create(
                domain=host,
                slug=_outlet_slug(host),
                name=(site_name or host)[:200],
                kind=kind,
                state_controlled=state_controlled,
                country=country[:2],
            )
    except IntegrityError:
        return Outlet.objects.filter(domain=host).first()


def _outlet_slug(host: str) -> str:
    """The host as a slug: unique as domains are, without a query to find a free one."""
    return slugify(host.replace(".", "-"))[:100] or "outlet"
