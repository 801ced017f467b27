"""Ingestion throughput: pages turned into stored articles per second, and peak memory.

    python bench/ingest_throughput.py            # in one process, the worker's own code path
    python bench/ingest_throughput.py --worker   # through a real Celery worker on Redis,
                                                 # pages served over HTTP on loopback

The 181 pages of ../shared/corpora/article-extraction-benchmark go through fetching (in
--worker mode), main-text extraction, metadata, language, relevance and storage (page
compressed, text, hash). The five seed articles measure the rate for relevant articles,
which also go through statement extraction and recording.

The database is a fresh SQLite file unless DATABASE_URL is set; --worker needs
CELERY_BROKER_URL (or uses redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from setup_django import REPO_ROOT, SHARED_DIR

CORPUS = SHARED_DIR / "corpora" / "article-extraction-benchmark"


def prepare_environment(worker: bool) -> None:
    if "DATABASE_URL" not in os.environ:
        database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    if worker:
        os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
        os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-{uuid.uuid4().hex[:8]}"
    # Every page comes from one loopback host here: no per-host spacing, loopback allowed.
    os.environ["FETCH_DOMAIN_DELAY"] = "0"
    os.environ["FETCH_ALLOW_LOOPBACK"] = "1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def load_pages() -> list[tuple[str, bytes]]:
    truth = json.loads((CORPUS / "ground-truth.json").read_text())
    pages = []
    for key, item in sorted(truth.items()):
        pages.append(
            (
                item.get("url") or f"https://bench.example/{key}",
                gzip.decompress((CORPUS / "html" / f"{key}.html.gz").read_bytes()),
            )
        )
    return pages


def peak_rss_mb(pid: int | None = None) -> float:
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def warm_up_as_a_worker() -> None:
    """Load what a worker loads at start (each app's worker_init hook), before timing."""
    from apps.positions.apps import warm_up_worker as warm_positions
    from apps.sources.apps import warm_up_worker as warm_sources

    warm_sources()
    warm_positions()


def reference_rate(pages: list[tuple[str, bytes]]) -> float:
    """trafilatura alone on this machine, as the corpus README measures it, for scale."""
    import trafilatura

    trafilatura.bare_extraction(pages[0][1], with_metadata=True)
    started = time.perf_counter()
    for _, content in pages:
        trafilatura.bare_extraction(content, with_metadata=True)
    elapsed = time.perf_counter() - started
    print(
        f"reference, trafilatura bare_extraction(with_metadata=True) alone: {len(pages) / elapsed:.1f} pages/s"
    )
    return len(pages) / elapsed


def in_process(pages: list[tuple[str, bytes]], reference: float) -> None:
    from apps.sources.models import Article
    from apps.sources.services.articles import article_ingest_content

    warm_up_as_a_worker()
    started = time.perf_counter()
    for url, content in pages:
        article_ingest_content(content=content, url=url, origin=Article.Origin.URL)
    elapsed = time.perf_counter() - started
    # The benchmark's pages only, not the starter data's sources.
    ingested = Article.objects.filter(url__in=[url for url, _ in pages])
    stored = ingested.exclude(text="").count()
    relevant = ingested.filter(status=Article.Status.ANALYSED).count()
    rate = len(pages) / elapsed
    print(
        f"benchmark pages, in process: {len(pages)} pages in {elapsed:.2f} s = {rate:.1f} pages/s "
        f"= {rate / reference:.2f} x trafilatura alone ({stored} stored with text, {relevant} "
        f"relevant and extracted); peak memory {peak_rss_mb():.0f} MB"
    )


def seeds_rate() -> None:
    from apps.positions.models import Citation
    from apps.sources.models import Article
    from apps.sources.services.articles import article_ingest_content

    warm_up_as_a_worker()
    seeds = SHARED_DIR / "seeds"
    articles = json.loads((seeds / "articles.json").read_text())
    import datetime as dt

    started = time.perf_counter()
    for item in articles:
        article_ingest_content(
            content=(seeds / item["article"]).read_bytes(),
            content_type="text/plain",
            url=f"https://seeds.example/{item['article']}",
            published=dt.date.fromisoformat(item["published"]),
            origin=Article.Origin.FILE,
        )
    elapsed = time.perf_counter() - started
    citations = Citation.objects.filter(article__url__startswith="https://seeds.example/").count()
    print(
        f"relevant articles (seeds), in process: {len(articles)} in {elapsed:.2f} s = "
        f"{len(articles) / elapsed:.1f} articles/s, {citations} statements recorded"
    )


class PageServer:
    def __init__(self, pages: dict[str, bytes]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                body = pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def through_worker(pages: list[tuple[str, bytes]]) -> None:
    from apps.sources.models import Article
    from apps.sources.tasks import ingest_article
    from config.celery import app

    served = {f"/page/{index}": content for index, (_, content) in enumerate(pages)}
    server = PageServer(served)
    articles = [
        Article.objects.create(url=f"http://127.0.0.1:{server.port}{path}") for path in served
    ]
    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    profile = (
        ["-m", "cProfile", "-o", os.environ["PROFILE_WORKER"]]
        if os.environ.get("PROFILE_WORKER")
        else []
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, *profile, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=warning", "-n", f"{queue}@localhost", "--without-gossip", "--without-mingle"],
        cwd=REPO_ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        while not app.control.ping(destination=[f"{queue}@localhost"], timeout=0.5):
            time.sleep(0.2)
        started = time.perf_counter()
        for article in articles:
            ingest_article.delay(article_id=article.pk)
        # Poll gently: this process also serves the pages, on the same two cores.
        ids = [article.pk for article in articles]
        while Article.objects.filter(pk__in=ids, status=Article.Status.QUEUED).exists():
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        memory = peak_rss_mb(worker.pid)
        ticks = os.sysconf(os.sysconf_names["SC_CLK_TCK"])
        fields = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / ticks
    finally:
        worker.terminate()
        worker.wait(20)
    failed = Article.objects.filter(
        pk__in=[a.pk for a in articles], status=Article.Status.FAILED
    ).count()
    print(
        f"benchmark pages, one worker on Redis, fetched over HTTP: {len(pages)} pages in {elapsed:.2f} s = "
        f"{len(pages) / elapsed:.1f} pages/s ({failed} failed); worker peak memory {memory:.0f} MB, "
        f"worker CPU {cpu:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", action="store_true", help="run through a real Celery worker")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"The benchmark corpus is not at {CORPUS}; set SHARED_DIR.", file=sys.stderr)
        return 2
    prepare_environment(args.worker)
    from setup_django import create_database, setup

    setup()
    from django.core.management import call_command

    create_database(fresh=True)
    call_command("migrate", verbosity=0)
    call_command("load_starter_data", verbosity=0)
    pages = load_pages()
    reference = reference_rate(pages)
    if args.worker:
        through_worker(pages)
    else:
        in_process(pages, reference)
    seeds_rate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
