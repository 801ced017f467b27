"""Promises: statuses set with a dated note and evidence, the index and a promise's page,
the feed of status changes, the digest, and the starter promises."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.positions.models import Position
from apps.promises.admin import StatusChangeInline
from apps.promises.models import Promise, PromiseLink, StatusChange
from apps.promises.services import record_status_change
from apps.speakers.services import speaker_merge
from tests.conftest import permissions
from tests.digests.conftest import Inbox
from tests.positions.factories import PositionFactory, TagFactory
from tests.promises.factories import PromiseFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_status_follows_the_latest_change_by_date_not_by_entry(editor):
    promise = PromiseFactory()
    assert promise.status == Promise.Status.IN_PROGRESS
    record_status_change(
        promise, status="broken", on=dt.date(2024, 1, 1), note="Deadline passed.", by=editor
    )
    # An older change entered later does not overwrite the newer one.
    record_status_change(promise, status="stalled", on=dt.date(2020, 1, 1), note="Nothing.")
    promise.refresh_from_db()
    assert (promise.status, promise.status_since) == ("broken", dt.date(2024, 1, 1))
    assert promise.status_changes.get(status="broken").set_by == editor


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"evidence": "javascript:alert(1)"}, r"is not a web address \(http or https\)"),
        ({"evidence": "https://example.org/a\nftp://example.org/b"}, "“ftp://example.org/b”"),
        ({"status": "forgotten"}, "is not a valid choice"),
        ({"note": ""}, "This field cannot be blank"),
    ],
)
def test_a_bad_status_change_is_refused_whole_and_says_why(changes, message):
    promise = PromiseFactory()
    arguments = {
        "status": "kept",
        "on": dt.date(2024, 1, 1),
        "note": "Done.",
        "evidence": "https://example.org/a",
    } | changes
    with pytest.raises(ValidationError, match=message):
        record_status_change(promise, **arguments)
    promise.refresh_from_db()
    assert promise.status == Promise.Status.IN_PROGRESS
    assert not StatusChange.objects.exists()


def test_only_a_user_with_review_permission_sets_a_status(rf, editor, django_user_model):

    inline = StatusChangeInline(Promise, admin_site=admin.site)
    request = rf.get("/")
    request.user = editor
    assert inline.has_add_permission(request)
    assert not inline.has_change_permission(request)  # history is not rewritten
    helper = django_user_model.objects.create_user(username="helper", is_staff=True)
    helper.user_permissions.add(*permissions("change_promise"))
    request.user = django_user_model.objects.get(pk=helper.pk)
    assert not inline.has_add_permission(request)


def test_the_admin_records_a_new_status_with_its_editor(client, editor):
    promise = PromiseFactory(title="Ukraine will become a member", slug="member")
    client.force_login(editor)
    url = reverse("admin:promises_promise_change", args=[promise.pk])
    data = {
        "title": promise.title,
        "slug": promise.slug,
        "made_by": promise.made_by.pk,
        "made_to": "Ukraine",
        "first_made_on": "2008-04-03",
        "first_made_precision": "day",
        "content": "Membership.",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-0-status": "stalled",
        "status_changes-0-changed_on": "2019-05-01",
        "status_changes-0-note": "No step in years.",
        "status_changes-0-evidence": "https://example.org/report",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    promise.refresh_from_db()
    assert promise.status == "stalled"
    assert promise.status_changes.get().set_by == editor
    # A link that is not a web address is refused, and nothing is recorded.
    data["status_changes-0-evidence"] = "file:///etc/passwd"
    data["status_changes-0-status"] = "kept"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is not a web address" in unescape(response.content.decode())
    assert promise.status_changes.count() == 1


@pytest.fixture
def promises():
    nato = SpeakerFactory(full_name="NATO", slug="nato")
    biden = SpeakerFactory(full_name="Joe Biden", slug="joe-biden")
    bucharest = PromiseFactory(
        title="Ukraine will become a member of NATO", slug="bucharest", made_by=nato,
        first_made_on=dt.date(2008, 4, 3),
    )  # fmt: skip
    support = PromiseFactory(
        title="US support for Euro-Atlantic aspirations", slug="us-support", made_by=biden,
        first_made_on=dt.date(2009, 7, 21),
    )  # fmt: skip
    made = PositionFactory(
        speaker=nato, said_on=dt.date(2008, 4, 3), quote="These countries will become members."
    )
    later = PositionFactory(
        speaker=nato, said_on=dt.date(2023, 7, 11), quote="An invitation when allies agree."
    )
    hidden = PositionFactory(
        speaker=nato, status=Position.Status.PENDING, quote="Not reviewed yet, not public."
    )
    PromiseLink.objects.create(promise=bucharest, position=later, relation="qualifies")
    PromiseLink.objects.create(promise=bucharest, position=made, relation="makes")
    PromiseLink.objects.create(promise=bucharest, position=hidden, relation="keeps")
    record_status_change(
        bucharest, status="stalled", on=dt.date(2016, 7, 9), note="Not named at Warsaw.",
        evidence="https://example.org/warsaw",
    )  # fmt: skip
    record_status_change(
        bucharest, status="in_progress", on=dt.date(2024, 7, 10), note="Irreversible path.",
        evidence="https://example.org/washington",
    )  # fmt: skip
    record_status_change(support, status="kept", on=dt.date(2021, 9, 1), note="Reaffirmed.")
    return {"bucharest": bucharest, "support": support}


def titles(client, **query) -> list[str]:
    response = client.get(reverse("promises:index"), query)
    assert response.status_code == 200
    return [promise.title for promise in response.context["promises"]]


def test_the_index_filters_by_who_promised_status_and_period(client, promises):
    assert titles(client) == [
        "US support for Euro-Atlantic aspirations", "Ukraine will become a member of NATO",
    ]  # fmt: skip
    assert titles(client, status="kept") == ["US support for Euro-Atlantic aspirations"]
    assert titles(client, speaker="nato") == ["Ukraine will become a member of NATO"]
    assert titles(client, **{"from": "2009-01-01"}) == ["US support for Euro-Atlantic aspirations"]
    assert titles(client, to="2008-12-31", status="in_progress") == [
        "Ukraine will become a member of NATO"
    ]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"status": "forgotten"}, "“forgotten” is not a status of a promise."),
        ({"speaker": "nobody"}, "No one who made a promise is known as “nobody”."),
        ({"from": "2008-13-45"}, "Dates are written YYYY-MM-DD."),
    ],
)
def test_a_bad_filter_is_named_and_left_out(client, promises, query, named):
    response = client.get(reverse("promises:index"), query)
    assert named in unescape(response.content.decode())
    assert len(response.context["promises"]) == 2


def test_a_promise_page_shows_its_status_history_and_public_statements_in_order(client, promises):
    html = unescape(client.get(promises["bucharest"].get_absolute_url()).content.decode())
    assert 'Status: <span class="promise-status status-in_progress">In progress</span>' in html
    assert html.index("Not named at Warsaw.") < html.index("Irreversible path.")
    assert '<a href="https://example.org/warsaw" rel="noopener nofollow">' in html
    assert html.index("These countries will become members.") < html.index(
        "An invitation when allies agree."
    )
    assert "<strong>Makes it</strong>" in html
    assert "<strong>Qualifies it</strong>" in html
    assert "Not reviewed yet" not in html


def test_the_feed_carries_status_changes_newest_first_and_says_how_many(client, promises):
    response = client.get(reverse("promises:feed"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "US support for Euro-Atlantic aspirations: Kept",
        "Ukraine will become a member of NATO: In progress",
        "Ukraine will become a member of NATO: Stalled",
    ]
    assert feed.find(f"{ATOM}subtitle").text.endswith("entries 1–3 of 3.")
    assert "https://example.org/warsaw" in entries[2].find(f"{ATOM}summary").text


def test_the_feed_links_to_its_next_page(client, promises, monkeypatch):
    monkeypatch.setattr("apps.promises.feeds.FEED_SIZE", 2)
    feed = ET.fromstring(client.get(reverse("promises:feed")).content)
    assert len(feed.findall(f"{ATOM}entry")) == 2
    next_link = feed.find(f"{ATOM}link[@rel='next']").get("href")
    assert next_link.endswith("/promises/feed.atom?page=2")
    assert client.get(reverse("promises:feed"), {"page": 3}).status_code == 404


def test_a_speaker_merge_moves_their_promises(promises):
    duplicate = SpeakerFactory(full_name="Joseph R. Biden", slug="joseph-biden")
    moved = PromiseFactory(made_by=duplicate)
    speaker_merge(keep=promises["support"].made_by, duplicate=duplicate)
    moved.refresh_from_db()
    assert moved.made_by == promises["support"].made_by


def test_tags_and_a_speaker_choose_which_status_changes_a_digest_holds(promises):
    from apps.digests.models import Subscription
    from apps.digests.selection import matching, week_content
    from apps.digests.weeks import iso_week

    membership = TagFactory(name="membership")
    promises["bucharest"].tags.add(membership)
    content = week_content(iso_week(timezone.localdate()))
    assert len(content.status_changes) == 3

    def changes_for(**choices) -> set[str]:
        subscription = Subscription.objects.create(email=f"{len(choices)}-{choices}@example.org")
        subscription.speakers.set(choices.get("speakers", []))
        subscription.tags.set(choices.get("tags", []))
        return {change.promise.slug for change in matching(content, subscription).changes}

    assert changes_for() == {"bucharest", "us-support"}
    assert changes_for(speakers=[promises["support"].made_by]) == {"us-support"}
    assert changes_for(tags=[membership]) == {"bucharest"}
    assert changes_for(speakers=[SpeakerFactory()]) == set()


def test_a_week_with_only_a_status_change_still_sends_a_digest(promises, smtp):
    from apps.digests.models import Subscription
    from apps.digests.weekly import digest_preview, digest_run
    from apps.digests.weeks import iso_week

    week = iso_week(timezone.localdate())
    Subscription.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    report = digest_run(week)
    assert (report.positions, report.sent) == (0, 1)
    (message,) = smtp.messages
    assert message["Subject"] == f"Ukraine and NATO: 3 promise updates, week {week}"
    text = Inbox.text(message)
    assert "Ukraine will become a member of NATO (NATO): now in progress" in text
    assert "http://testserver/promises/bucharest/" in text
    assert digest_preview(week)["changes"] == 3


def test_a_statement_page_names_the_promises_it_belongs_to(client, promises):
    made = PromiseLink.objects.get(relation="makes").position
    html = unescape(client.get(made.get_absolute_url()).content.decode())
    assert "Part of a promise" in html
    assert (
        'Makes it: <a href="/promises/bucharest/">Ukraine will become a member of NATO</a>' in html
    )
    assert "In progress</span>" in html
    unlinked = PositionFactory(quote="Said about something else.")
    assert "Part of a promise" not in client.get(unlinked.get_absolute_url()).content.decode()
