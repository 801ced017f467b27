"""The set-up commands `make run` calls, and the benchmark data set."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.core.management.commands import ensure_admin
from apps.positions.models import Citation, Position, Tag
from apps.sources.models import Article, Outlet
from apps.speakers.models import Organisation, Speaker
from tests.conftest import staff_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / "var" / "admin-credentials"
    monkeypatch.setattr(ensure_admin, "CREDENTIALS_FILE", path)
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    staff_group("Admin")
    return path


def run_ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_the_first_run_creates_an_admin_and_prints_a_password_kept_for_the_next(
    credentials_file,
):
    printed = run_ensure_admin()
    password = printed.split("password ")[1].strip()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)
    assert list(admin.groups.values_list("name", flat=True)) == ["Admin"]
    assert oct(credentials_file.stat().st_mode & 0o777) == "0o600"

    assert run_ensure_admin() == printed  # a second `make run` shows the same login
    assert get_user_model().objects.count() == 1


def test_credentials_from_the_environment_win(credentials_file, monkeypatch):
    run_ensure_admin()
    monkeypatch.setenv("ADMIN_PASSWORD", "a-password-from-the-environment")
    assert "password a-password-from-the-environment" in run_ensure_admin()
    assert (
        get_user_model()
        .objects.get(username="admin")
        .check_password("a-password-from-the-environment")
    )


def test_without_the_saved_file_the_password_is_not_reset(credentials_file):
    run_ensure_admin()
    credentials_file.unlink()
    assert "unchanged; set ADMIN_PASSWORD to reset it" in run_ensure_admin()


def test_the_starter_data_command_loads_once_and_says_what_it_did():
    out = StringIO()
    call_command("load_starter_data", stdout=out)
    first = Position.objects.count()
    assert f"Starter data: {first} positions ({first} new)" in out.getvalue()
    out = StringIO()
    call_command("load_starter_data", stdout=out)
    assert f"({0} new)" in out.getvalue()
    assert Position.objects.count() == first


def test_the_synthetic_data_set_is_reproducible_and_marked():
    call_command("seed_synthetic", "--positions", "200", "--speakers", "20", "--outlets", "10",
                 stdout=StringIO())  # fmt: skip
    first = sorted(Position.objects.values_list("quote", "stance", "said_on"))
    assert len(first) == 200
    assert Speaker.objects.filter(slug__startswith="synthetic-").count() == 20
    assert Citation.objects.count() >= 200
    with pytest.raises(CommandError, match="loaded already"):
        call_command("seed_synthetic", "--positions", "10", stdout=StringIO())
    for model in (Position, Article, Outlet, Speaker, Organisation, Tag):
        model.objects.all().delete()
    call_command("seed_synthetic", "--positions", "200", "--speakers", "20", "--outlets", "10",
                 stdout=StringIO())  # fmt: skip
    assert sorted(Position.objects.values_list("quote", "stance", "said_on")) == first


def test_synthetic_positions_are_dated_and_kinded_like_real_ones():
    """The timeline places, sorts and filters by dated_on: a data set without it would
    benchmark a timeline of undated statements."""
    call_command("seed_synthetic", "--positions", "300", "--speakers", "20", "--outlets", "10",
                 "--chunk", "70", stdout=StringIO())  # fmt: skip
    positions = list(Position.objects.prefetch_related("citations__article"))
    assert len(positions) == 300
    for position in positions:
        earliest = min(c.article.published_on for c in position.citations.all())
        assert position.reported_on == earliest
        assert position.dated_on == position.said_on
        assert position.kind
    assert len({position.kind for position in positions}) == 5


def test_synthetic_counts_must_be_positive():
    with pytest.raises(CommandError, match="positive"):
        call_command("seed_synthetic", "--positions", "0")
