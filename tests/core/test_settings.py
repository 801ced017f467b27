"""Production settings refuse unsafe values; the defaults run the product on its own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT


def import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ENV"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=REPO_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_default_secret_key():
    result = import_settings(DJANGO_ENV="production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = import_settings(
        DJANGO_ENV="production", SECRET_KEY="x" * 50, DEBUG="1", ALLOWED_HOSTS="example.org"
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_the_test_only_loopback_switch():
    result = import_settings(
        DJANGO_ENV="production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="example.org",
        FETCH_ALLOW_LOOPBACK="1",
    )
    assert result.returncode != 0
    assert "FETCH_ALLOW_LOOPBACK" in result.stderr


def test_production_starts_with_safe_values():
    result = import_settings(
        DJANGO_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


@pytest.mark.parametrize("value", ["staging", "prod"])
def test_unknown_environment_names_are_refused(value):
    result = import_settings(DJANGO_ENV=value)
    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr


def test_without_a_broker_tasks_run_in_process():
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.CELERY_TASK_ALWAYS_EAGER)"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"


def production_settings(*names: str, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ENV"}}
    production = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
    }
    code = f"import config.settings as s; print(*(getattr(s, n, None) for n in {names!r}))"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**clean, **production, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_production_cookies_are_https_only_unless_trying_it_on_plain_http():
    assert production_settings("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE") == ["True", "True"]
    assert production_settings(
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", SECURE_COOKIES="0"
    ) == [
        "False",
        "False",
    ]
    assert production_settings("SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="0") == ["None"]


def test_the_deploy_check_warns_about_a_site_url_without_https(settings):
    from apps.core.checks import site_url_is_https

    settings.SITE_URL = "http://localhost:8000"
    assert [warning.id for warning in site_url_is_https(None)] == ["accession.W001"]
    settings.SITE_URL = "https://accession.example"
    assert site_url_is_https(None) == []


def test_a_redis_cache_url_gets_the_cache_the_site_outlives():
    code = "import config.settings as s; print(s.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, "CACHE_URL": "redis://127.0.0.1:6379/1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "apps.core.cache.ResilientRedisCache"


def test_without_a_site_url_links_use_the_address_make_run_serves_on():
    code = "import config.settings as s; print(s.SITE_URL)"
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**environment, "PORT": "8010"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8010"


@pytest.mark.django_db
def test_postgresql_connections_price_random_reads_as_on_ssd(postgres):
    """The counts' covering index is only chosen when a random page read is priced near a
    sequential one (config/settings.py); the setting reaches every pooled connection."""
    from django.db import connection

    expected = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        (value,) = cursor.fetchone()
    assert float(value) == float(expected)


@pytest.mark.parametrize(
    ("cost", "expected"),
    [
        ("", "-c search_path=public"),  # left to the server (a pooler refusing options)
        ("2", "-c search_path=public -c random_page_cost=2.0"),
    ],
)
def test_the_random_page_cost_joins_the_options_the_database_url_gives(cost, expected):
    url = "postgres://postgres@127.0.0.1:5432/accession?options=-c%20search_path%3Dpublic"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DATABASES['default']['OPTIONS']['options'])",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": url, "DATABASE_RANDOM_PAGE_COST": cost},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected
