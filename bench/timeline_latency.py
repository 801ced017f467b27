"""Timeline latency at 100,000 positions: PostgreSQL, gunicorn, cached and uncached.

    python bench/timeline_latency.py                      # seeds the data set once
    python bench/timeline_latency.py --seed 1 --seed 2 --filters 60
    python bench/timeline_latency.py --positions 1000000  # its own database

The database is DATABASE_URL, by default a PostgreSQL database of its own
(accession_bench on 127.0.0.1), created, migrated and filled by
`manage.py seed_synthetic --positions N` the first time. The site runs under gunicorn on
loopback with DEBUG off and a Redis cache, as in production. The script prints, for the
HTMX results fragment and for the full page:

- uncached: for each seed, filter combinations drawn at random from the data set's own
  values (speakers, organisations, countries, stances, kinds, date ranges, outlets, source
  kinds, tags, words, pages), each requested once with Django's cache emptied before it,
  so every card is rendered and every count computed. PostgreSQL's buffers stay warm (the
  data set fits in memory): this measures the product's work, not the disk. Reported for
  the HTMX results and the counts request made after them; and for the full page, which
  shows its results first and then fetches its counts, each request and the slower of
  the two ("full page with counts"; without JavaScript a link asks for the counted page);
- the table view, uncached, for each drawn filter under each sort (date both ways,
  speaker, country, stance, outlet), beside its default order (the timeline's);
- cached: twenty fixed filters requested repeatedly, as analysts clicking through filters
  others have used;

and the most SQL queries any filter took at several page sizes (in process, same code).
With each seed it lists the drawn filters whose results and counts took longest
(`--slowest N`), to be looked at with explain_timeline.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

from setup_django import REPO_ROOT, create_database

BENCH_DATABASE = "postgres://postgres@127.0.0.1:5432/accession_bench"
# Words analysts search for, found in real and synthetic quotes alike.
SEARCH_WORDS = ["membership", "invitation", "alliance", "war", "irreversible", "reforms", "consensus", "guarantees", "corruption", "door", "decide", "red line", "security guarantees", "join NATO", "never", "conditions", "expansion", "criteria"]  # fmt: skip
DEFAULT_CACHE = "redis://127.0.0.1:6379/3"


def prepare_database(positions: int) -> bool:
    """Create, migrate and seed the benchmark database unless it is there already; True
    when it was seeded now."""
    create_database(fresh=False)

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder.Migration.objects.count
    before = applied() if MigrationRecorder(connection).has_table() else 0
    call_command("migrate", verbosity=0)
    from apps.positions.management.commands.seed_synthetic import compact_for_reading
    from apps.positions.models import Position

    # A migration that rewrote rows leaves old versions behind, as a bulk load does.
    if before and applied() > before:
        print("Migrated the data set; compacting it as seeding does...", flush=True)
        compact_for_reading()

    have = Position.objects.filter(speaker__slug__startswith="synthetic-").count()
    if have < positions:
        print(f"Seeding {positions:,} synthetic positions (a few minutes, once)...", flush=True)
        call_command("seed_synthetic", positions=positions)
    call_command("load_starter_data", verbosity=0)
    # The starter data's tags and outlets are rare among synthetic ones: statistics taken
    # before it was loaded know nothing of them, and the planner then takes each for
    # common (1.6 s for such a tag's page at a million positions, 0.07 ms after this).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return have < positions


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


def random_filters(seed: int, count: int) -> list[dict[str, str | list[str]]]:
    """`count` filter combinations drawn with `seed` from the values in the database: one
    to three filters each (now and then a later page), every value equally likely, so
    rare speakers and outlets come up as often as busy ones."""
    from apps.positions.forms import SOURCE_CHOICES
    from apps.positions.models import Position, Tag
    from apps.positions.stances import CommitmentKind, Stance
    from apps.sources.models import Outlet
    from apps.speakers.models import Organisation, Speaker

    speakers = list(
        Speaker.objects.filter(positions__status=Position.Status.APPROVED)
        .distinct()
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    organisations = list(Organisation.objects.order_by("slug").values_list("slug", flat=True))
    countries = sorted(set(Speaker.objects.exclude(country="").values_list("country", flat=True)))
    outlets = list(Outlet.objects.order_by("slug").values_list("slug", flat=True))
    tags = list(Tag.objects.order_by("slug").values_list("slug", flat=True))
    stances = [stance.value for stance in Stance]
    first_day, last_day = dt.date(2008, 1, 1), dt.date(2025, 12, 31)

    def some_day(rng: random.Random) -> dt.date:
        return first_day + dt.timedelta(days=rng.randrange((last_day - first_day).days))

    def date_range(rng: random.Random) -> dict[str, str]:
        start, end = sorted([some_day(rng), some_day(rng)])
        shape = rng.choice(["from", "to", "both"])
        return {"from": start.isoformat()} if shape == "from" else (
            {"to": end.isoformat()} if shape == "to" else {"from": start.isoformat(), "to": end.isoformat()}
        )  # fmt: skip

    draws = {
        "speaker": lambda rng: {"speaker": rng.sample(speakers, rng.choice([1, 1, 1, 2]))},
        "org": lambda rng: {"org": rng.choice(organisations)},
        "country": lambda rng: {"country": rng.choice(countries)},
        "stance": lambda rng: {"stance": rng.sample(stances, rng.choice([1, 1, 2]))},
        "kind": lambda rng: {"kind": rng.choice(CommitmentKind.values)},
        "dates": date_range,
        "outlet": lambda rng: {"outlet": rng.choice(outlets)},
        "source": lambda rng: {"source": rng.choice([v for v, _ in SOURCE_CHOICES if v])},
        "tag": lambda rng: {"tag": rng.choice(tags)},
        "q": lambda rng: {"q": rng.choice(SEARCH_WORDS)},
    }
    rng = random.Random(seed)  # noqa: S311 - benchmark draws, not secrets
    combinations = []
    for _ in range(count):
        query: dict[str, str | list[str]] = {}
        for name in rng.sample(sorted(draws), rng.choices([1, 2, 3], weights=[4, 4, 2])[0]):
            query |= draws[name](rng)
        if rng.random() < 0.15:
            query["page"] = str(rng.randint(2, 5))
        combinations.append(query)
    return combinations


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
    # A drawn page past the last one is a 404, as it should be; anything else is a fault.
    if response.status != 200 and not (response.status == 404 and "page=" in path):
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
    from django.db import connection, reset_queries
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    worst = 0
    with override_settings(TIMELINE_PAGE_SIZE=page_size, ALLOWED_HOSTS=["testserver"]):
        requests = [
            request
            for path in paths
            for request in (
                (path, {}),
                (path, {"HX-Request": "true", "HX-Target": "results"}),
                # what the page asks for after its results
                (facets_path(path), {"HX-Request": "true", "HX-Target": "facets"}),
            )
        ]
        for path, headers in requests:
            # The query log keeps the last 9,000: once full, a capture sees no change.
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, headers=headers)
            assert response.status_code == 200 or "page=" in path, (path, response.status_code)
            worst = max(worst, len(queries))
    return worst


def as_path(query: dict[str, str | list[str]]) -> str:
    return f"/?{urlencode(query, doseq=True)}" if query else "/"


def measure_uncached(connection: http.client.HTTPConnection, paths: list[str]) -> dict:
    """Each filter once with Django's cache emptied: the HTMX results, then the counts
    request the page makes after them (as a browser would, the results' own cache entries
    then made); and, the cache emptied again, the full page, which shows its results
    first, then its counts request. "Full page with counts" is the slower of those two."""
    from django.core.cache import cache

    timings = {"results": [], "counts": [], "page": [], "page_counts": [], "page_with_counts": []}
    for path in paths:
        cache.clear()
        timings["results"].append(timed_get(connection, path, htmx=True))
        timings["counts"].append(timed_get(connection, facets_path(path), htmx=True))
        cache.clear()
        page = timed_get(connection, path, htmx=False)
        counts = timed_get(connection, facets_path(path), htmx=True)
        timings["page"].append(page)
        timings["page_counts"].append(counts)
        timings["page_with_counts"].append(max(page, counts))
    return timings


# The table view's sorts beside its default (the timeline's order): each within twice the
# default's time is the aim.
TABLE_SORTS = ["-date", "date", "speaker", "-country", "stance", "outlet"]


def table_path(path: str, sort: str) -> str:
    query = path.partition("?")[2]
    return f"/table/?{query}{'&' if query else ''}sort={sort}"


def measure_table(connection: http.client.HTTPConnection, paths: list[str]) -> dict:
    """Each filter once per sort on the table page, with Django's cache emptied before it."""
    from django.core.cache import cache

    timings = {sort: [] for sort in TABLE_SORTS}
    for path in paths:
        for sort in TABLE_SORTS:
            cache.clear()
            timings[sort].append(timed_get(connection, table_path(path, sort), htmx=False))
    return timings


def measure_cached(connection: http.client.HTTPConnection, paths: list[str], rounds: int) -> dict:
    timings = {"results": [], "page": []}
    for path in paths:  # fill the cache first
        timed_get(connection, path, htmx=True)
        timed_get(connection, path, htmx=False)
    for _ in range(rounds):
        for path in paths:
            timings["results"].append(timed_get(connection, path, htmx=True))
            timings["page"].append(timed_get(connection, path, htmx=False))
    return timings


def database_figures() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument(
        "--seed", type=int, action="append", help="draws of uncached filters (default 1 and 2)"
    )
    parser.add_argument("--filters", type=int, default=60, help="uncached filters per seed")
    parser.add_argument("--rounds", type=int, default=30, help="cached requests per filter")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--slowest",
        type=int,
        default=5,
        help="list the drawn filters whose results and counts took longest (explain_timeline.py)",
    )
    arguments = parser.parse_args()
    seeds = arguments.seed or [1, 2]

    # Each size has its own database, so both stay seeded.
    suffix = "" if arguments.positions == 100_000 else f"_{arguments.positions}"
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE + suffix)
    os.environ.setdefault("CACHE_URL", DEFAULT_CACHE)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(REPO_ROOT))
    import setup_django

    setup_django.setup()
    from django.conf import settings
    from django.core.cache import cache

    if not settings.IS_POSTGRES:
        raise SystemExit("The timeline benchmark runs on PostgreSQL: set DATABASE_URL.")
    started = time.perf_counter()
    seeded = prepare_database(arguments.positions)
    load_time = time.perf_counter() - started
    fixed_paths = [as_path(query) for query in filter_combinations()]
    drawn = {seed: [as_path(q) for q in random_filters(seed, arguments.filters)] for seed in seeds}

    port = free_port()
    server = start_gunicorn(port, arguments.workers)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(2 * arguments.workers):  # every worker imports and compiles once
            for path in fixed_paths:
                timed_get(connection, path, htmx=False)
        uncached = {seed: measure_uncached(connection, paths) for seed, paths in drawn.items()}
        table = {seed: measure_table(connection, paths) for seed, paths in drawn.items()}
        cache.clear()
        cached = measure_cached(connection, fixed_paths, arguments.rounds)
    finally:
        server.terminate()
        server.wait(timeout=10)

    from apps.positions.models import Position

    print(
        f"Timeline on PostgreSQL, {Position.objects.count():,} positions "
        f"({Position.objects.approved().count():,} approved), database {database_figures()}, "
        f"gunicorn with {arguments.workers} workers"
    )
    if seeded:
        print(f"Data set seeded and loaded in {load_time:.0f} s")
    for seed, timings in uncached.items():
        print(f"Uncached, seed {seed}: {len(drawn[seed])} drawn filters, each once, cache emptied")
        report("HTMX results", timings["results"])
        report("counts after them", timings["counts"])
        report("full page, results", timings["page"])
        report("counts after the page", timings["page_counts"])
        report("full page with counts", timings["page_with_counts"])
        for kind in ("results", "counts"):
            slowest = sorted(zip(timings[kind], drawn[seed], strict=True), reverse=True)
            for elapsed, path in slowest[: arguments.slowest]:
                print(f"  {'':<22} {kind:7} {elapsed:6.1f} ms  {path}")
    for seed, timings in table.items():
        default = percentile(timings["-date"], 0.95)
        print(f"Table page, seed {seed}, uncached, by sort (p95 as a multiple of the default's):")
        for sort, sorted_timings in timings.items():
            ratio = percentile(sorted_timings, 0.95) / default
            report(f"sort={sort}", sorted_timings)
            print(f"  {'':<22} {ratio:.2f} x the default order's p95")
    print(f"Cached: {len(fixed_paths)} fixed filters, {arguments.rounds} rounds")
    report("HTMX results", cached["results"])
    report("full page", cached["page"])
    print("Most SQL queries per request, over all filters, full page, HTMX results and counts:")
    # The fixed filters and a few drawn ones: the count does not grow with the data.
    every_path = fixed_paths + [path for paths in drawn.values() for path in paths[:5]]
    for page_size in (10, 25, 100):
        cache.clear()
        print(f"  page size {page_size:>3}: {most_queries(every_path, page_size)}")


if __name__ == "__main__":
    main()
