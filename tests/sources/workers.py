"""A real Celery worker in a subprocess, on the test database and the machine's Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tests.conftest import REPO_ROOT


class WorkerProcess:
    def __init__(
        self,
        queue: str,
        log_dir: Path,
        *,
        visibility_timeout: int = 3600,
        environment: dict[str, str] | None = None,
    ) -> None:
        self.extra_environment = environment or {}
        self.queue = queue
        self.name = f"test-{uuid.uuid4().hex[:8]}@localhost"
        self.log_path = log_dir / f"{self.name.split('@')[0]}.log"
        self.visibility_timeout = visibility_timeout
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        database = connection.settings_dict
        url = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
            f"{database['NAME']}"
        )
        return {
            **os.environ,
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "FETCH_ALLOW_LOOPBACK": "1",
            "FETCH_DOMAIN_DELAY": "0",
            "DJANGO_ENV": "development",
            "PYTHONUNBUFFERED": "1",
            **self.extra_environment,
        }

    def start(self, timeout: float = 30) -> WorkerProcess:
        log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
                "--loglevel=info", "-Q", self.queue, "-n", self.name, "--without-gossip",
                "--without-mingle", "--without-heartbeat",
            ],
            cwd=REPO_ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited at start:\n{self.log()}")
            if celery_app.control.ping(destination=[self.name], timeout=0.5):
                return self
        raise RuntimeError(f"The worker did not start in {timeout}s:\n{self.log()}")

    def kill(self) -> None:
        """Kill without warning, as the OOM killer or a lost machine would."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


def wait_for(condition, timeout: float = 60.0, interval: float = 0.25, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")
