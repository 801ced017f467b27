"""Shared fixtures: personas, the shared data folder, and which services the run uses."""

from __future__ import annotations

import copy
import importlib
import ipaddress
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import override_settings

from config.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("SHARED_DIR", REPO_ROOT.parent / "shared"))
# CI sets REQUIRE_SERVICES=1: a missing service then fails the run instead of skipping tests.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-extraction-snapshots",
        action="store_true",
        help="rewrite tests/extraction/snapshots from today's extractor (name the rule and why in the commit)",
    )


def pytest_report_header(config: pytest.Config) -> list[str]:
    database = settings.DATABASES["default"]
    broker = settings.CELERY_BROKER_URL or "none (tasks in-process)"
    return [
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''} {database['NAME']}",
        f"broker: {broker}",
        f"shared data: {SHARED_DIR} ({'present' if SHARED_DIR.exists() else 'absent'})",
    ]


def need(condition: bool, reason: str) -> None:
    """Skip a test whose service is missing, or fail it when CI requires every service."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture
def shared_dir() -> Path:
    need(SHARED_DIR.exists(), f"the shared data folder {SHARED_DIR} is absent")
    return SHARED_DIR


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Hash test passwords cheaply (each deliberate PBKDF2 hash costs about half a second),
    and give each test process a cache of its own: tests run in parallel (pytest-xdist),
    and one clearing a shared cache (CACHE_URL may name Redis) would empty the others'."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
            }
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached counts never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Unit tests run tasks in-process; the worker tests start a real worker of their own."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _no_dns_outside_the_machine(monkeypatch):
    """Tests never resolve real host names: test names and loopback map to 127.0.0.1."""
    from apps.sources.services import fetching

    def resolve(host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]  # a literal address needs no lookup
        except ValueError:
            pass
        if host == "localhost" or host.endswith((".example", ".test", ".localhost")):
            return ["127.0.0.1"]
        raise fetching.FetchError(f"Tests do not resolve real host names ({host})")

    monkeypatch.setattr(fetching, "default_resolver", resolve)


# The apps whose rows the starter data makes (speakers, outlets, positions, promises and
# their history).
STARTER_APPS = ("core", "sources", "speakers", "positions", "promises", "digests")


@pytest.fixture(scope="session")
def _starter_snapshot(django_db_setup, django_db_blocker) -> list[tuple[type, list]]:
    """The starter data loaded once per run and kept as rows per model, many-to-many
    tables included: restoring them takes a fraction of a second, running the loader
    again several seconds in every test that needs the data."""
    from django.apps import apps
    from django.db import transaction

    from apps.positions.starter import starter_data_load

    snapshot = []
    with django_db_blocker.unblock(), transaction.atomic():
        starter_data_load()
        for label in STARTER_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                snapshot.append((model, list(model._base_manager.all())))
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def starter_data(_starter_snapshot) -> None:
    """The starter data in the test's database, as `load_starter_data` leaves it; tests of
    the loader itself call `starter_data_load` instead."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from apps.positions.timeline_cache import bump_data_version

    with transaction.atomic(), connection.constraint_checks_disabled():
        for model, rows in _starter_snapshot:
            model._base_manager.bulk_create([copy.copy(row) for row in rows])
        connection.check_constraints()
    # Rows came with their ids: the next row made by the test must not reuse one.
    models = [model for model, _ in _starter_snapshot]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            # What each position carries for the counts (outlet, tag and outlet-kind arrays),
            # kept by triggers as citations and tags are inserted: refreshed whatever order
            # the rows went in.
            cursor.execute(
                "SELECT positions_refresh_links(ARRAY(SELECT id FROM positions_position))"
            )
    # What the loader's save signals do: nothing cached before the restore is served after it.
    bump_data_version()


@pytest.fixture
def postgres() -> None:
    need(settings.IS_POSTGRES, "needs PostgreSQL: set DATABASE_URL to a postgres:// URL")


def permissions(*codenames: str) -> list[Permission]:
    """The named permissions, made again if a transactional test's flush left none on this
    worker (its post_migrate can run with content types cached from before the flush)."""
    found = list(Permission.objects.filter(codename__in=codenames))
    if len({permission.codename for permission in found}) < len(set(codenames)):
        _restore_permissions()
        found = list(Permission.objects.filter(codename__in=codenames))
    return found


def _restore_permissions() -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)


def staff_group(name: str) -> Group:
    """A group made by migration 0003; remade if a transactional test's flush removed it."""
    if not Group.objects.filter(name=name).exists():
        from django.apps import apps

        if not Permission.objects.exists():
            _restore_permissions()
        groups = importlib.import_module("apps.positions.migrations.0003_editor_and_admin_groups")
        groups.create_groups(apps, None)
    return Group.objects.get(name=name)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="erin", password="editor-password-1", is_staff=True
    )
    user.groups.add(staff_group("Editor"))
    return user


@pytest.fixture
def site_admin(django_user_model):
    user = django_user_model.objects.create_user(
        username="ada", password="admin-password-1", is_staff=True
    )
    user.groups.add(staff_group("Admin"))
    return user


@pytest.fixture
def analyst(django_user_model):
    """A logged-in user without staff rights: reads the site, never reaches the admin."""
    return django_user_model.objects.create_user(username="ana", password="analyst-password-1")


@pytest.fixture
def loopback_server():
    from tests.sources.servers import LoopbackServer

    with LoopbackServer() as server:
        yield server


@pytest.fixture
def fetch_loopback(settings):
    """Let the fetcher reach the tests' own loopback servers (never anything else)."""
    settings.FETCH_ALLOW_LOOPBACK = True
    settings.FETCH_DOMAIN_DELAY = 0
    settings.FETCH_TIMEOUT = 2.0
    return settings


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, fetch_loopback):
    """A real worker on Redis and PostgreSQL; tasks sent from the test go to it."""
    from tests.sources.workers import WorkerProcess

    need(settings.IS_POSTGRES, "a worker test needs PostgreSQL: set DATABASE_URL")
    need(bool(settings.CELERY_BROKER_URL), "a worker test needs Redis: set CELERY_BROKER_URL")
    queue = f"test-{os.getpid()}-{tmp_path.name}"[:60]
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    workers: list[WorkerProcess] = []

    def start(**options) -> WorkerProcess:
        worker = WorkerProcess(queue, tmp_path, **options).start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)
