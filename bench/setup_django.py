"""Make the repository importable and Django configured for a benchmark script."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("SHARED_DIR", REPO_ROOT.parent / "shared"))


def setup() -> None:
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def create_database(*, fresh: bool) -> None:
    """Create the configured PostgreSQL database if it is missing (dropped first when
    `fresh`), so a benchmark needs nothing made by hand; SQLite files make themselves."""
    import psycopg
    from django.conf import settings

    if not settings.IS_POSTGRES:
        return
    database = settings.DATABASES["default"]
    admin = psycopg.connect(
        host=database["HOST"],
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
    finally:
        admin.close()
