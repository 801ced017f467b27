"""Where an uncached timeline request spends its time: EXPLAIN ANALYZE of every query.

    python bench/explain_timeline.py "stance=conditional&from=2020-01-01"
    python bench/explain_timeline.py "" "q=membership" --plans

Runs on the timeline benchmark's database (see timeline_latency.py; seed it there first).
For each filter, the full page, the HTMX results and the counts request the page makes
after them are requested in process with Django's cache emptied, every SQL query they
make is captured, and each is run again under
EXPLAIN (ANALYZE, BUFFERS): its execution time and the plan's top lines are printed, the
slowest first, with the request's own time (Python included).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time

from setup_django import REPO_ROOT
from timeline_latency import BENCH_DATABASE, DEFAULT_CACHE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("queries", nargs="+", help='URL query strings, "" for no filter')
    parser.add_argument("--plans", action="store_true", help="print whole plans")
    parser.add_argument("--positions", type=int, default=100_000)
    arguments = parser.parse_args()

    suffix = "" if arguments.positions == 100_000 else f"_{arguments.positions}"
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE + suffix)
    os.environ.setdefault("CACHE_URL", DEFAULT_CACHE)
    sys.path.insert(0, str(REPO_ROOT))
    import setup_django

    setup_django.setup()
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for query in arguments.queries:
            suffix = f"?{query}" if query else ""
            for label, path, headers in (
                ("full page", f"/{suffix}", {}),
                ("HTMX results", f"/{suffix}", {"HX-Request": "true", "HX-Target": "results"}),
                # what the page asks for after its results
                ("counts", f"/facets/{suffix}", {"HX-Request": "true", "HX-Target": "facets"}),
            ):
                cache.clear()
                client.get(path, headers=headers)  # compile templates, open the connection
                cache.clear()
                reset_queries()  # a full query log shows a capture no change
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path, headers=headers)
                elapsed = (time.perf_counter() - started) * 1000
                sql_time = sum(float(q["time"]) for q in captured.captured_queries) * 1000
                print(
                    f"\n== {path} {label}: {response.status_code}, {elapsed:.1f} ms in all, "
                    f"{len(captured)} queries taking {sql_time:.1f} ms as run"
                )
                with connection.cursor() as cursor:
                    # Re-run each query under EXPLAIN with the parameters it was sent with.
                    plans = []
                    for sql in (q["sql"] for q in captured.captured_queries):
                        # EXPLAIN ANALYZE runs the query: reads only, never a write in a WITH
                        if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or re.search(
                            r"\b(?:INSERT|UPDATE|DELETE)\b", sql, re.IGNORECASE
                        ):
                            continue
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                        lines = [row[0] for row in cursor.fetchall()]
                        ms = next(
                            float(line.split(":")[1].split()[0])
                            for line in lines
                            if line.startswith("Execution Time")
                        )
                        plans.append((ms, sql, lines))
                for ms, sql, lines in sorted(plans, key=lambda plan: -plan[0]):
                    print(f"  {ms:7.2f} ms  {sql[:150]}")
                    shown = lines if arguments.plans else lines[:4]
                    for line in shown:
                        print(f"              {line[:150]}")


if __name__ == "__main__":
    main()
