"""Nothing reaches the public without review: edits and history reverts of a published
position send it back to the queue unless the editor may review, and never write status or
reviewer from history. Each path is tried with each combination of permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from apps.positions.models import Position
from apps.positions.stances import Stance
from tests.conftest import permissions
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

PERMISSIONS = {
    "view only": ["view_position"],
    "change without review": ["view_position", "change_position"],
    "review without change": ["view_position", "review_position"],
    "change and review": ["view_position", "change_position", "review_position"],
}
MAY_CHANGE = {"change without review", "change and review"}


@pytest.fixture
def reviewer(django_user_model):
    """The editor who approved the position first."""
    user = django_user_model.objects.create_user("rita", password="pw-rita-1", is_staff=True)
    user.user_permissions.add(*permissions(*PERMISSIONS["change and review"]))
    return user


@pytest.fixture(params=list(PERMISSIONS))
def staff(request, django_user_model):
    user = django_user_model.objects.create_user("sam", password="pw-sam-1", is_staff=True)
    user.user_permissions.add(*permissions(*PERMISSIONS[request.param]))
    user.grants = request.param
    # What the admin will check, read back as it reads it (CI once saw these missing).
    granted = django_user_model.objects.get(pk=user.pk).get_all_permissions()
    assert granted == {f"positions.{codename}" for codename in PERMISSIONS[request.param]}, (
        granted,
        list(Permission.objects.filter(codename__endswith="_position").values_list(
            "content_type__app_label", "content_type__model", "codename"
        )),
    )  # fmt: skip
    return user


@pytest.fixture
def published(reviewer):
    """An approved position whose first version said something else, with a different stance."""
    position = PositionFactory(
        status=Position.Status.PENDING,
        quote="Ukraine should never join NATO",
        stance=Stance.OPPOSES,
    )
    position.quote = "Ukraine will join NATO once the war is over"
    position.stance = Stance.SUPPORTS_AFTER_WAR
    position.save()
    position.approve(by=reviewer)
    return position


@pytest.fixture
def rejected(reviewer):
    """A position approved once, then rejected."""
    position = PositionFactory(status=Position.Status.PENDING, quote="An old approved quote")
    position.approve(by=reviewer)
    position.quote = "A later quote that was rejected"
    position.save()
    position.reject(by=reviewer)
    return position


def form_data(form) -> dict:
    """What the browser would send back for an admin form, unchanged."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple | set) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            data[name] = [getattr(item, "pk", item) for item in items]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def change_form_data(client, position: Position) -> dict:
    """The change form as a superuser sees it, with its inline management data."""
    response = client.get(reverse("admin:positions_position_change", args=[position.pk]))
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in form_data(formset.management_form).items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            for key, value in form_data(form).items():
                data[f"{form.prefix}-{key}"] = value
    return data


def permissions_a_request_finds(user: User) -> set[str]:
    """The user's permissions as a new request would find them."""
    return type(user).objects.get(pk=user.pk).get_all_permissions()


def oldest_version(position: Position):
    return position.history.order_by("history_date", "history_id").first()


def revert_url(position: Position, version) -> str:
    return reverse(
        "admin:positions_position_simple_history", args=[position.pk, version.history_id]
    )


def revert_data(client, position: Position, version) -> dict:
    return form_data(client.get(revert_url(position, version)).context["adminform"].form)


@pytest.fixture
def superuser_client(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="pw-boss-1")
    client.force_login(boss)
    return client


def test_a_revert_never_publishes_an_unreviewed_change(superuser_client, staff, published):
    client = superuser_client
    first = oldest_version(published)
    data = revert_data(client, published, first)
    assert data["quote"] == "Ukraine should never join NATO"
    before = timezone.now()

    client.force_login(staff)
    response = client.post(revert_url(published, first), data)

    published.refresh_from_db()
    if staff.grants not in MAY_CHANGE:
        assert response.status_code == 403
        assert published.quote == "Ukraine will join NATO once the war is over"
        assert published.status == Position.Status.APPROVED
        return
    assert response.status_code == 302
    assert published.quote == "Ukraine should never join NATO"
    assert published.stance == Stance.OPPOSES
    if staff.grants == "change and review":
        assert published.status == Position.Status.APPROVED
        assert published.reviewed_by == staff
        assert published.reviewed_at >= before
    else:
        assert published.status == Position.Status.PENDING
        assert (published.reviewed_by, published.reviewed_at) == (None, None)


def test_a_revert_never_brings_back_an_old_status(superuser_client, staff, rejected):
    client = superuser_client
    approved_version = rejected.history.filter(status=Position.Status.APPROVED).earliest(
        "history_date"
    )
    data = revert_data(client, rejected, approved_version)
    assert data["quote"] == "An old approved quote"

    client.force_login(staff)
    response = client.post(revert_url(rejected, approved_version), data)

    rejected.refresh_from_db()
    assert response.status_code == (302 if staff.grants in MAY_CHANGE else 403)
    assert rejected.status == Position.Status.REJECTED
    assert not Position.objects.approved().filter(pk=rejected.pk).exists()


def test_the_revert_page_offers_no_revert_without_the_change_permission(client, staff, published):
    client.force_login(staff)
    response = client.get(revert_url(published, oldest_version(published)))
    assert response.status_code == 200  # viewing an old version stays allowed
    assert response.context["revert_disabled"] is (staff.grants not in MAY_CHANGE)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quote", "Ukraine will never join NATO"),
        ("stance", Stance.OPPOSES.value),
        ("said_on", "2021-06-14"),
        ("speaker", "another"),
        ("tags", "added"),
    ],
)
def test_an_edit_of_a_published_position_goes_back_to_review(
    superuser_client, staff, published, field, value
):
    client = superuser_client
    data = change_form_data(client, published)
    if value == "another":
        value = SpeakerFactory(full_name="Another Speaker").pk
    elif value == "added":
        value = [TagFactory(name="veto").pk]
    data[field] = value
    before = timezone.now()

    client.force_login(staff)
    response = client.post(reverse("admin:positions_position_change", args=[published.pk]), data)

    published.refresh_from_db()
    if staff.grants not in MAY_CHANGE:
        assert response.status_code == 403
        assert published.status == Position.Status.APPROVED
        assert published.reviewed_by.username == "rita"
        return
    adminform = response.context.get("adminform") if response.context else None
    assert response.status_code == 302, (
        response.status_code,
        adminform and adminform.form.errors,
        permissions_a_request_finds(staff),
    )
    if staff.grants == "change and review":
        assert (published.status, published.reviewed_by) == (Position.Status.APPROVED, staff)
        assert published.reviewed_at >= before
    else:
        assert published.status == Position.Status.PENDING
        assert (published.reviewed_by, published.reviewed_at) == (None, None)


def test_a_citation_edited_inline_sends_a_published_position_back_to_review(
    superuser_client, django_user_model, published
):
    CitationFactory(position=published)
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-1", is_staff=True)
    clerk.user_permissions.add(
        *permissions(*PERMISSIONS["change without review"], "change_citation")
    )
    data = change_form_data(superuser_client, published)
    data["citations-0-quote_start"] = "0"

    superuser_client.force_login(clerk)
    url = reverse("admin:positions_position_change", args=[published.pk])
    assert superuser_client.post(url, data).status_code == 302

    published.refresh_from_db()
    assert published.citations.get().quote_start == 0
    assert published.status == Position.Status.PENDING


def test_an_unchanged_save_or_a_change_to_an_unpublished_position_keeps_its_status(
    superuser_client, django_user_model, published
):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-1", is_staff=True)
    clerk.user_permissions.add(*permissions(*PERMISSIONS["change without review"]))
    pending = PositionFactory(status=Position.Status.PENDING, said_on=dt.date(2023, 7, 11))
    unchanged = change_form_data(superuser_client, published)
    edited_pending = {**change_form_data(superuser_client, pending), "quote": "Edited words"}

    superuser_client.force_login(clerk)
    superuser_client.post(
        reverse("admin:positions_position_change", args=[published.pk]), unchanged
    )
    superuser_client.post(
        reverse("admin:positions_position_change", args=[pending.pk]), edited_pending
    )

    published.refresh_from_db()
    pending.refresh_from_db()
    assert (published.status, published.reviewed_by.username) == ("approved", "rita")
    assert (pending.status, pending.quote) == ("pending", "Edited words")


def test_the_history_says_who_changed_what_and_who_reviewed_it_after(
    superuser_client, django_user_model, reviewer, published
):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-1", is_staff=True)
    clerk.user_permissions.add(*permissions(*PERMISSIONS["change without review"]))
    data = {**change_form_data(superuser_client, published), "quote": "Ukraine will join NATO"}
    superuser_client.force_login(clerk)
    superuser_client.post(reverse("admin:positions_position_change", args=[published.pk]), data)
    superuser_client.force_login(reviewer)
    superuser_client.post(
        reverse("admin:positions_position_changelist"),
        {"action": "approve", "_selected_action": [published.pk]},
    )

    response = superuser_client.get(
        reverse("admin:positions_position_history", args=[published.pk])
    )
    rows = list(response.context["page_obj"].object_list)
    newest, edit = rows[0], rows[1]
    assert (newest.history_user, newest.status) == (reviewer, "approved")
    assert (edit.history_user, edit.status) == (clerk, "pending")
    assert "quote" in edit.history_change_reason
    assert "back to review" in edit.history_change_reason
    assert newest.history_change_reason == "Approved in review"
    assert newest.reviewed_by == reviewer


def test_permissions_a_transactional_tests_flush_removed_are_made_again():
    Permission.objects.all().delete()  # what such a flush left behind on a worker
    found = permissions("view_position", "review_position")
    assert sorted(p.codename for p in found) == ["review_position", "view_position"]
