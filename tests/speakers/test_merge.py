"""Merging duplicate speakers: everything moves to the one kept, nothing is lost."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.forms import modelform_factory

from apps.digests.models import Subscription
from apps.positions.models import Citation, Position
from apps.speakers.models import Role, Speaker, SpeakerAlias
from apps.speakers.services import likely_duplicates, speaker_find, speaker_merge
from tests.conftest import permissions
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.speakers.factories import (
    OrganisationFactory,
    RoleFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    keep = SpeakerFactory(full_name="Jens Stoltenberg", slug="jens-stoltenberg", country="")
    duplicate = SpeakerFactory(
        full_name="J. Stoltenberg",
        slug="j-stoltenberg",
        country="NO",
        wikidata_id="Q57637",
        is_confirmed=False,
    )
    return keep, duplicate


def test_positions_aliases_roles_and_name_move_to_the_speaker_kept(pair):
    keep, duplicate = pair
    own = PositionFactory(speaker=keep, quote="The door is open")
    moved = PositionFactory(speaker=duplicate, quote="Ukraine will become a member")
    SpeakerAliasFactory(speaker=duplicate, name="NATO chief")
    RoleFactory(speaker=duplicate, title="NATO Secretary General", started_on=dt.date(2014, 10, 1))

    result = speaker_merge(keep=keep, duplicate=duplicate)

    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    assert set(keep.positions.values_list("pk", flat=True)) == {own.pk, moved.pk}
    assert set(SpeakerAlias.objects.filter(speaker=keep).values_list("name", flat=True)) == {
        "NATO chief",
        "J. Stoltenberg",
    }
    assert Role.objects.get(speaker=keep).title == "NATO Secretary General"
    assert (result.counts["positions_moved"], result.aliases_moved, result.roles_moved) == (
        1,
        1,
        1,
    )
    keep.refresh_from_db()
    # What only the duplicate knew is kept.
    assert (keep.country, keep.wikidata_id) == ("NO", "Q57637")
    assert speaker_find("J. Stoltenberg") == keep


def test_a_statement_credited_to_both_becomes_one_position_with_every_report(pair, editor):
    keep, duplicate = pair
    kept = PositionFactory(
        speaker=keep, quote="Ukraine's future is in NATO", status=Position.Status.PENDING
    )
    twin = PositionFactory(
        speaker=duplicate, quote="Ukraine’s future is in NATO.", status=Position.Status.PENDING
    )
    twin.approve(by=editor)
    kept_report = CitationFactory(position=kept)
    other_report = CitationFactory(position=twin)
    same_article = CitationFactory(position=twin, article=kept_report.article)
    twin.tags.add(TagFactory(name="membership"))

    result = speaker_merge(keep=keep, duplicate=duplicate)

    assert result.counts["positions_folded"] == 1
    assert not Position.objects.filter(pk=twin.pk).exists()
    kept.refresh_from_db()
    assert set(kept.citations.values_list("pk", flat=True)) == {kept_report.pk, other_report.pk}
    assert not Citation.objects.filter(pk=same_article.pk).exists()
    assert list(kept.tags.values_list("name", flat=True)) == ["membership"]
    # The approval of either counts for the one position.
    assert kept.status == Position.Status.APPROVED
    assert kept.reviewed_by == editor


def test_aliases_and_roles_both_have_are_not_doubled(pair):
    keep, duplicate = pair
    SpeakerAliasFactory(speaker=keep, name="Stoltenberg")
    SpeakerAliasFactory(speaker=duplicate, name="stoltenberg")
    nato = OrganisationFactory(name="NATO")
    for speaker in (keep, duplicate):
        RoleFactory(
            speaker=speaker,
            title="Secretary General",
            organisation=nato,
            started_on=dt.date(2014, 10, 1),
        )

    speaker_merge(keep=keep, duplicate=duplicate)

    assert keep.aliases.filter(normalised="stoltenberg").count() == 1
    assert keep.roles.count() == 1


def test_subscribers_following_the_duplicate_follow_the_speaker_kept(pair):
    keep, duplicate = pair
    only_duplicate = Subscription.objects.create(email="one@example.org")
    only_duplicate.speakers.set([duplicate])
    both = Subscription.objects.create(email="both@example.org")
    both.speakers.set([keep, duplicate])

    result = speaker_merge(keep=keep, duplicate=duplicate)

    assert result.links_moved == 1
    assert list(only_duplicate.speakers.all()) == [keep]
    assert list(both.speakers.all()) == [keep]


def test_the_move_is_recorded_in_each_position_history(pair, editor):
    keep, duplicate = pair
    moved = PositionFactory(speaker=duplicate)
    duplicate_id = duplicate.pk
    speaker_merge(keep=keep, duplicate=duplicate)
    latest = moved.history.latest()
    assert latest.speaker_id == keep.pk
    assert latest.prev_record.speaker_id == duplicate_id


def test_a_speaker_cannot_be_merged_into_itself(pair):
    keep, _ = pair
    with pytest.raises(ValueError, match="itself"):
        speaker_merge(keep=keep, duplicate=keep)
    assert Speaker.objects.filter(pk=keep.pk).exists()


MERGE_URL = "/admin/speakers/speaker/"


def test_an_editor_merges_speakers_in_the_admin(client, editor, pair):
    keep, duplicate = pair
    moved = PositionFactory(speaker=duplicate)
    client.force_login(editor)
    chosen = {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]}
    # First the choice of which to keep; nothing changes yet.
    asking = client.post(MERGE_URL, chosen)
    assert asking.status_code == 200
    assert "Keep which speaker?" in asking.content.decode()
    assert Speaker.objects.count() == 2

    done = client.post(MERGE_URL, {**chosen, "keep": keep.pk}, follow=True)
    assert "Merged J. Stoltenberg into Jens Stoltenberg: 1 position(s) moved" in (
        done.content.decode()
    )
    assert list(Speaker.objects.values_list("pk", flat=True)) == [keep.pk]
    moved.refresh_from_db()
    assert moved.speaker == keep
    # The admin's own log says who merged what.
    entry = LogEntry.objects.get(object_id=str(keep.pk))
    assert entry.user == editor
    assert "J. Stoltenberg" in entry.get_change_message()


def test_merging_needs_two_speakers_and_the_permission(client, editor, django_user_model, pair):
    keep, duplicate = pair
    client.force_login(editor)
    response = client.post(
        MERGE_URL, {"action": "merge", "_selected_action": [keep.pk]}, follow=True
    )
    assert "Select two or more speakers to merge." in response.content.decode()

    clerk = django_user_model.objects.create_user(
        username="clerk", password="clerk-password-1", is_staff=True
    )
    clerk.user_permissions.add(*permissions("view_speaker", "change_speaker"))
    client.force_login(clerk)
    client.post(
        MERGE_URL, {"action": "merge", "_selected_action": [keep.pk, duplicate.pk], "keep": keep.pk}
    )
    assert Speaker.objects.count() == 2


def test_an_alias_the_speaker_already_has_is_refused_with_a_message(pair):
    keep, _ = pair
    SpeakerAliasFactory(speaker=keep, name="Stoltenberg")
    form = modelform_factory(SpeakerAlias, fields=["speaker", "name"])(
        {"speaker": keep.pk, "name": "  STOLTENBERG "}
    )
    assert not form.is_valid()
    assert form.non_field_errors() == ["This speaker already has this name or alias."]
    assert keep.aliases.count() == 1


def test_the_merge_form_shows_roles_aliases_and_latest_statements(client, editor, pair):
    keep, duplicate = pair
    RoleFactory(speaker=keep, title="Secretary General", organisation__name="NATO")
    SpeakerAliasFactory(speaker=duplicate, name="Stoltenberg")
    PositionFactory(speaker=duplicate, quote="Ukraine's rightful place is in NATO")
    client.force_login(editor)
    html = client.post(
        MERGE_URL, {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]}
    ).content.decode()
    assert "Secretary General, NATO (from 2020)" in html
    assert "Stoltenberg</dd>" in html
    assert "“Ukraine&#x27;s rightful place is in NATO” (approved)" in html
    assert html.count("none recorded") == 1  # the duplicate has no role


@pytest.mark.parametrize(
    ("proposed", "known", "alias", "expected"),
    [
        ("Peter Szijjarto", "Péter Szijjártó", "", True),  # accents folded
        ("J. Stoltenberg", "Jens Stoltenberg", "", True),  # an initial agrees
        ("Stoltenberg", "Jens Stoltenberg", "", True),  # surname alone
        ("The NATO chief", "Mark Rutte", "the NATO chief", True),  # a name it goes by
        ("Anna Stoltenberg", "Jens Stoltenberg", "", False),  # another person
        ("Jens Stoltenberger", "Jens Stoltenberg", "", False),
    ],
)
def test_likely_duplicates_of_a_proposed_speaker(proposed, known, alias, expected):
    existing = SpeakerFactory(full_name=known)
    if alias:
        SpeakerAliasFactory(speaker=existing, name=alias)
    new = SpeakerFactory(full_name=proposed, is_confirmed=False)
    assert (likely_duplicates(new) == [existing]) is expected


def test_the_review_queue_offers_to_merge_a_likely_duplicate(client, editor, pair):
    keep, duplicate = pair  # Jens Stoltenberg, and the unconfirmed J. Stoltenberg
    PositionFactory(speaker=duplicate, status=Position.Status.PENDING)
    client.force_login(editor)
    html = client.get("/admin/positions/position/review/").content.decode()
    offer = re.search(
        r'<form method="post" action="([^"]+)" class="merge-offer">(.*?)</form>', html, re.S
    )
    assert offer, "no merge offer"
    assert "Possibly the same as" in offer.group(2)
    assert "Jens Stoltenberg" in offer.group(2)
    fields = re.findall(r'name="([^"]+)" value="([^"]*)"', offer.group(2))
    response = client.post(
        offer.group(1), {name: [v for n, v in fields if n == name] for name, _ in fields}
    )
    assert "Keep which speaker?" in response.content.decode()
    assert Speaker.objects.count() == 2
