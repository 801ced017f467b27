"""Undoing a review decision: ten minutes, one's own, back as it was, and told what a
digest already sent."""

from __future__ import annotations

import re
import time
from html import unescape
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.digests.models import DigestSend, Subscription
from apps.digests.weeks import iso_week
from apps.positions.models import Position
from tests.conftest import staff_group
from tests.positions.factories import PositionFactory
from tests.positions.test_review_admin import decide_on_card

pytestmark = pytest.mark.django_db

REVIEW = reverse("admin:positions_position_review")
UNDO = reverse("admin:positions_position_review_undo")


def approve_in_bulk(client, candidate) -> dict[str, str]:
    """Approve one candidate from the queue; the undo button's fields."""
    response = client.post(REVIEW, {"bulk": "approve", "selected": [candidate.pk]}, follow=True)
    return undo_form(response)


def undo_form(response) -> dict[str, str]:
    """The hidden fields of the undo button in the page's messages."""
    html = response.content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" class="undo-decision">(.*?)</form>', html
    )
    assert form, "no undo button in the messages"
    assert form.group(1) == UNDO
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    return {name: unescape(value) for name, value in fields.items()}


@pytest.fixture
def candidates():
    return PositionFactory.create_batch(
        2, status=Position.Status.PENDING, kind="promise", kind_reviewed=False
    )


def test_a_bulk_approval_is_undone_as_it_was(client, editor, candidates):
    client.force_login(editor)
    ids = [c.pk for c in candidates]
    response = client.post(REVIEW, {"bulk": "approve", "selected": ids}, follow=True)
    assert "Approved 2 candidate(s)." in response.content.decode()
    assert set(Position.objects.filter(pk__in=ids).values_list("status", "kind_reviewed")) == {
        ("approved", True)
    }

    response = client.post(UNDO, undo_form(response), follow=True)
    assert "Undone: 2 candidate(s) back in the review queue." in response.content.decode()
    for position in Position.objects.filter(pk__in=ids):
        assert position.status == Position.Status.PENDING
        assert (position.reviewed_by, position.reviewed_at) == (None, None)
        assert position.kind_reviewed is False
        reasons = list(position.history.values_list("history_change_reason", flat=True))
        assert reasons[0] == "Decision undone: back to review"
        assert "Approved in review" in reasons


def test_one_candidate_approved_from_its_card_can_be_undone(client, editor, candidates):
    client.force_login(editor)
    candidate = candidates[0]
    response = decide_on_card(client, candidate, "reject", kind=candidate.kind, follow=True)
    candidate.refresh_from_db()
    assert candidate.status == Position.Status.REJECTED
    client.post(UNDO, undo_form(response))
    candidate.refresh_from_db()
    assert candidate.status == Position.Status.PENDING


def test_after_ten_minutes_nothing_is_undone(client, editor, candidates):
    client.force_login(editor)
    response = client.post(REVIEW, {"bulk": "reject", "selected": [candidates[0].pk]}, follow=True)
    form = undo_form(response)
    later = time.time() + 601
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(UNDO, form, follow=True)
    assert "More than ten minutes have passed" in response.content.decode()
    candidates[0].refresh_from_db()
    assert candidates[0].status == Position.Status.REJECTED


def test_only_the_deciding_editor_can_undo(client, editor, django_user_model, candidates):
    client.force_login(editor)
    form = approve_in_bulk(client, candidates[0])
    colleague = django_user_model.objects.create_user(username="colm", is_staff=True)
    colleague.groups.add(staff_group("Editor"))
    client.force_login(colleague)
    response = client.post(UNDO, form, follow=True)
    assert "Only the editor who made this decision can undo it." in response.content.decode()
    candidates[0].refresh_from_db()
    assert candidates[0].status == Position.Status.APPROVED


def test_a_forged_token_and_a_get_change_nothing(client, editor, candidates):
    client.force_login(editor)
    client.post(REVIEW, {"bulk": "approve", "selected": [candidates[0].pk]})
    assert client.get(UNDO).status_code == 405
    response = client.post(UNDO, {"token": "forged"}, follow=True)
    assert "This undo link is not valid." in response.content.decode()
    candidates[0].refresh_from_db()
    assert candidates[0].status == Position.Status.APPROVED


def test_a_decision_changed_since_is_left_alone(client, editor, candidates):
    client.force_login(editor)
    form = approve_in_bulk(client, candidates[0])
    candidates[0].refresh_from_db()
    candidates[0].reject(by=editor)
    response = client.post(UNDO, form, follow=True)
    assert "Nothing to undo: these candidates were changed since." in response.content.decode()
    candidates[0].refresh_from_db()
    assert candidates[0].status == Position.Status.REJECTED


def test_the_undo_says_when_a_digest_already_went_out(client, editor, candidates):
    client.force_login(editor)
    form = approve_in_bulk(client, candidates[0])
    week = iso_week(timezone.localdate())
    DigestSend.objects.create(
        subscription=Subscription.objects.create(
            email="reader@example.org", confirmed_at=timezone.now()
        ),
        week=week,
        sent_at=timezone.now(),
        position_count=3,
    )
    html = client.post(UNDO, form, follow=True).content.decode()
    assert f"The digest for {week} was already sent to 1 subscriber(s)" in html
    assert "Undone: 1 candidate(s)" in html


def test_messages_name_a_position_without_cutting_a_word():
    position = PositionFactory.build(
        quote="Ukraine's future is in NATO, and the path to membership is irreversible "
        "as allies agreed at the Washington summit"
    )
    name = str(position).split(": ", 1)[1]
    assert name.endswith(" …")
    assert position.quote.startswith(name.removesuffix(" …"))
    assert position.quote[len(name.removesuffix(" …"))] == " "
