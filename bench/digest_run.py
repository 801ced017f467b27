"""The weekly digest run for 10,000 subscribers into an SMTP sink on loopback.

    python bench/digest_run.py                 # 10,000 subscribers, PostgreSQL
    python bench/digest_run.py --subscribers 2000

The database is DATABASE_URL, by default a PostgreSQL database of its own
(accession_digest_bench on 127.0.0.1), rebuilt on each run: the starter data, 60 of its
positions approved in the benchmark week, and subscribers with assorted choices (a third
everything, the rest some speakers, stances or tags). An aiosmtpd sink in another process
takes the mail. The script prints the run's time, digests per second, and its queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import time

from setup_django import REPO_ROOT, create_database

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/accession_digest_bench"
WEEK = "2025-W10"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database() -> None:
    from django.core.management import call_command

    create_database(fresh=True)
    call_command("migrate", verbosity=0)
    call_command("load_starter_data", verbosity=0)


def seed(subscribers: int, rng: random.Random) -> None:
    from django.utils import timezone

    from apps.digests.models import Subscription
    from apps.digests.weeks import week_bounds
    from apps.positions.models import Position, Tag
    from apps.positions.stances import Stance
    from apps.speakers.models import Speaker

    start, _ = week_bounds(WEEK)
    chosen = list(Position.objects.approved().order_by("pk").values_list("pk", flat=True))
    for pk in rng.sample(chosen, 60):
        reviewed = start + dt.timedelta(hours=rng.randrange(7 * 24))
        # Approved that week as if found by ingestion: imported starter data is not news.
        Position.objects.filter(pk=pk).update(reviewed_at=reviewed, method="benchmark")
    speakers = list(
        Speaker.objects.filter(positions__isnull=False).distinct().values_list("pk", flat=True)
    )
    tags = list(Tag.objects.values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    for index in range(subscribers):
        kind = index % 3
        stances = rng.sample(Stance.values, rng.randint(1, 3)) if kind == 2 and index % 2 else []
        rows.append(
            Subscription(email=f"reader{index}@bench.example", stances=stances, confirmed_at=now)
        )
    created = Subscription.objects.bulk_create(rows, batch_size=2000)
    speaker_links, tag_links = [], []
    for index, subscription in enumerate(created):
        if index % 3 == 1:
            for speaker in rng.sample(speakers, rng.randint(1, 3)):
                speaker_links.append(
                    Subscription.speakers.through(
                        subscription_id=subscription.pk, speaker_id=speaker
                    )
                )
        elif index % 3 == 2 and not index % 2:
            for tag in rng.sample(tags, rng.randint(1, 2)):
                tag_links.append(
                    Subscription.tags.through(subscription_id=subscription.pk, tag_id=tag)
                )
    Subscription.speakers.through.objects.bulk_create(speaker_links, batch_size=5000)
    Subscription.tags.through.objects.bulk_create(tag_links, batch_size=5000)


def start_sink(port: int, aiosmtpd: bool) -> subprocess.Popen:
    command = (
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c",
         "aiosmtpd.handlers.Sink"]
        if aiosmtpd
        else [sys.executable, str(REPO_ROOT / "bench" / "smtp_sink.py"), str(port)]
    )  # fmt: skip
    sink = subprocess.Popen(command)  # noqa: S603 - our own command line
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return sink
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("the SMTP sink did not start") from None
            time.sleep(0.1)


def start_workers(count: int, queue: str) -> list[subprocess.Popen]:
    from config.celery import app

    workers = []
    for index in range(count):
        name = f"bench-{index}-{queue}@localhost"
        workers.append(
            subprocess.Popen(  # noqa: S603 - our own command line
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--loglevel=warning",
                    "-Q",
                    queue,
                    "-n",
                    name,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=REPO_ROOT,
            )  # fmt: skip
        )
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[name], timeout=0.5):
            if time.monotonic() > deadline:
                raise SystemExit("a worker did not start")
    return workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--workers", type=int, default=0, help="send through this many Celery workers on Redis"
    )
    parser.add_argument("--aiosmtpd", action="store_true", help="aiosmtpd's sink instead")
    arguments = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    port = free_port()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    if arguments.workers:
        os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
        os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-digest-{os.getpid()}"
    sys.path.insert(0, str(REPO_ROOT))
    import setup_django

    setup_django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from apps.digests.models import DigestSend
    from apps.digests.tasks import send_weekly_digests
    from apps.digests.weekly import digest_run

    print(f"Preparing {arguments.subscribers:,} subscribers...", flush=True)
    fresh_database()
    seed(arguments.subscribers, random.Random(7))
    expected = digest_run(WEEK, dry_run=True)

    sink = start_sink(port, arguments.aiosmtpd)
    workers = start_workers(arguments.workers, os.environ.get("CELERY_TASK_DEFAULT_QUEUE", ""))
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            if workers:
                send_weekly_digests.delay(week=WEEK)
                while DigestSend.objects.filter(sent_at__isnull=False).count() < expected.sent:
                    time.sleep(0.1)
                    reset_queries()
            else:
                report = digest_run(WEEK)
            elapsed = time.perf_counter() - started
    finally:
        for process in [*workers, sink]:
            process.terminate()
            process.wait(timeout=30)

    sent = DigestSend.objects.filter(sent_at__isnull=False).count()
    sink_name = "aiosmtpd sink" if arguments.aiosmtpd else "minimal sink (bench/smtp_sink.py)"
    how = f"{arguments.workers} Celery workers" if workers else "one process"
    print(
        f"Digest run, week {WEEK}, {connection.vendor}, {how}, {sink_name}: "
        f"{expected.subscribers:,} subscribers, {sent:,} digests sent "
        f"({expected.nothing_new:,} had nothing new), {expected.batches} parts of "
        f"{arguments.subscribers // max(expected.batches, 1)}"
    )
    print(f"  time {elapsed:.1f} s, {sent / elapsed:.0f} digests/s")
    if not workers:
        reads = sum(1 for query in queries.captured_queries if query["sql"].startswith("SELECT"))
        writes = len(queries.captured_queries) - reads
        print(
            f"  queries: {reads} reads and {writes} writes, {(reads + writes) / report.batches:.1f}"
            f" per batch of {arguments.subscribers // report.batches}"
        )


if __name__ == "__main__":
    main()
