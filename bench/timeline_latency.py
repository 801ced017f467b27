"""Timeline latency at 100,000 positions: PostgreSQL, gunicorn, 20 filter combinations.

    python bench/timeline_latency.py                      # seeds the data set once
    python bench/timeline_latency.py --rounds 50 --workers 2

The database is DATABASE_URL, by default a PostgreSQL database of its own
(accession_bench on 127.0.0.1), created, migrated and filled by
`manage.py seed_synthetic --positions N` the first time. The site runs under gunicorn on
loopback with DEBUG off and a Redis cache, as in production. The script prints, for the
HTMX results fragment and for the full page:

- cold: the first request of each filter after the cache is emptied (the processes warmed
  up first), so every card is rendered and every count computed: the HTMX results, then
  the counts the page fetches after them, and the full page, which has both;
- warm: repeated requests, as analysts clicking through filters others have used;

and the most SQL queries any filter took at several page sizes (in process, same code).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

from setup_django import REPO_ROOT, create_database

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/accession_bench"
DEFAULT_CACHE = "redis://127.0.0.1:6379/3"


def prepare_database(positions: int) -> None:
    """Create, migrate and seed the benchmark database unless it is there already."""
    create_database(fresh=False)

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from apps.positions.models import Position

    have = Position.objects.filter(speaker__slug__startswith="synthetic-").count()
    if have < positions:
        print(f"Seeding {positions:,} synthetic positions (a few minutes, once)...", flush=True)
        call_command("seed_synthetic", positions=positions)
    call_command("load_starter_data", verbosity=0)


def filter_combinations() -> list[dict[str, str | list[str]]]:
    """Twenty filters an analyst might use, on real values of the data set."""
    from django.db.models import Count

    from apps.positions.models import Tag
    from apps.sources.models import Outlet
    from apps.speakers.models import Organisation, Speaker

    busy_speakers = list(
        Speaker.objects.annotate(n=Count("positions"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[:3]
    )
    quiet_speaker = (
        Speaker.objects.annotate(n=Count("positions"))
        .filter(n__gt=0)
        .order_by("n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    outlets = list(
        Outlet.objects.annotate(n=Count("articles"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[:2]
    )
    tags = list(
        Tag.objects.annotate(n=Count("positions"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[:2]
    )
    organisations = list(
        Organisation.objects.annotate(n=Count("roles"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[:2]
    )
    return [
        {},
        {"stance": "opposes_membership"},
        {"stance": ["supports_now", "supports_after_war"]},
        {"speaker": busy_speakers[0]},
        {"speaker": busy_speakers[:3]},
        {"speaker": quiet_speaker},
        {"org": organisations[0]},
        {"country": "UA"},
        {"country": "RU", "stance": "opposes_membership"},
        {"from": "2022-02-24"},
        {"from": "2023-07-01", "to": "2023-07-31"},
        {"outlet": outlets[0]},
        {"outlet": outlets[1], "stance": "conditional"},
        {"tag": tags[0]},
        {"tag": tags[1], "from": "2020-01-01"},
        {"q": "invitation"},
        {"q": "irreversible path", "country": "DE"},
        {"q": "membership", "stance": "supports_long_term", "from": "2015-01-01"},
        {"org": organisations[1], "tag": tags[0], "q": "alliance"},
        {"page": "3", "stance": "conditional"},
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [
            str(REPO_ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=REPO_ROOT,
        env=environment,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def facets_path(path: str) -> str:
    return "/facets/" + path.removeprefix("/")


def timed_get(connection: http.client.HTTPConnection, path: str, htmx: bool) -> float:
    headers = {"HX-Request": "true", "HX-Target": "results"} if htmx else {}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return elapsed * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(label: str, timings: list[float]) -> None:
    print(
        f"  {label:<22} n={len(timings):>5}  p50 {statistics.median(timings):6.1f} ms"
        f"  p95 {percentile(timings, 0.95):6.1f} ms  max {max(timings):6.1f} ms"
    )


def most_queries(paths: list[str], page_size: int) -> int:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    worst = 0
    with override_settings(TIMELINE_PAGE_SIZE=page_size, ALLOWED_HOSTS=["testserver"]):
        for path in paths:
            for headers in ({}, {"HX-Request": "true", "HX-Target": "results"}):
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.status_code)
                worst = max(worst, len(queries))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30, help="warm requests per filter")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    arguments = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("CACHE_URL", DEFAULT_CACHE)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(REPO_ROOT))
    import setup_django

    setup_django.setup()
    from django.conf import settings
    from django.core.cache import cache

    if not settings.IS_POSTGRES:
        raise SystemExit("The timeline benchmark runs on PostgreSQL: set DATABASE_URL.")
    prepare_database(arguments.positions)
    paths = [
        f"/?{urlencode(query, doseq=True)}" if query else "/" for query in filter_combinations()
    ]

    port = free_port()
    server = start_gunicorn(port, arguments.workers)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(2 * arguments.workers):  # every worker imports and compiles once
            for path in paths:
                timed_get(connection, path, htmx=False)
        cache.clear()
        cold = {"results": [], "counts": [], "page": []}
        for path in paths:
            cold["results"].append(timed_get(connection, path, htmx=True))
            cold["counts"].append(timed_get(connection, facets_path(path), htmx=True))
        cache.clear()
        for path in paths:
            cold["page"].append(timed_get(connection, path, htmx=False))
        warm = {"results": [], "page": []}
        for _ in range(arguments.rounds):
            for path in paths:
                warm["results"].append(timed_get(connection, path, htmx=True))
                warm["page"].append(timed_get(connection, path, htmx=False))
    finally:
        server.terminate()
        server.wait(timeout=10)

    from apps.positions.models import Position

    print(
        f"Timeline on PostgreSQL, {Position.objects.count():,} positions, "
        f"gunicorn with {arguments.workers} workers, {len(paths)} filters"
    )
    print("Cold cache (nothing cached, every count computed):")
    report("HTMX results", cold["results"])
    report("HTMX counts after them", cold["counts"])
    report("full page", cold["page"])
    print(f"Warm ({arguments.rounds} rounds):")
    report("HTMX results", warm["results"])
    report("full page", warm["page"])
    print("Most SQL queries per request, over all filters, full page and HTMX:")
    for page_size in (10, 25, 100):
        cache.clear()
        print(f"  page size {page_size:>3}: {most_queries(paths, page_size)}")


if __name__ == "__main__":
    main()
