"""Editors keep speakers in the admin: aliases and dated roles, every alias and report listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.digests.models import Subscription
from apps.speakers.models import Role
from tests.positions.factories import CitationFactory, TagFactory
from tests.speakers.factories import SpeakerAliasFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def change_form_data(response) -> dict:
    """What the admin change form on `response` would post back unchanged, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, dt.date):
                value = value.isoformat()
            data[form.add_prefix(name)] = value
    return data


def test_an_editor_adds_an_alias_and_a_dated_role(client, editor):
    speaker = SpeakerFactory(full_name="Andrii Sybiha")
    client.force_login(editor)
    url = reverse("admin:speakers_speaker_change", args=[speaker.pk])
    data = change_form_data(client.get(url))
    data |= {
        "aliases-0-name": "Andriy Sybiha",
        "roles-0-title": "Minister of Foreign Affairs",
        "roles-0-started_on": "2024-09-05",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert list(speaker.aliases.values_list("name", flat=True)) == ["Andriy Sybiha"]
    role = Role.objects.get(speaker=speaker)
    assert (role.title, role.started_on, role.ended_on) == (
        "Minister of Foreign Affairs",
        dt.date(2024, 9, 5),
        None,
    )
    assert speaker.role_on(dt.date(2025, 1, 1)) == role


def test_a_role_that_ends_before_it_starts_is_refused(client, editor):
    speaker = SpeakerFactory()
    client.force_login(editor)
    url = reverse("admin:speakers_speaker_change", args=[speaker.pk])
    data = change_form_data(client.get(url)) | {
        "roles-0-title": "Prime Minister",
        "roles-0-started_on": "2024-09-05",
        "roles-0-ended_on": "2020-01-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Role.objects.filter(speaker=speaker).exists()


def test_aliases_and_citations_have_searchable_lists(client, editor):
    SpeakerAliasFactory(name="the NATO chief", speaker=SpeakerFactory(full_name="Mark Rutte"))
    SpeakerAliasFactory(name="Zelenskyy")
    citation = CitationFactory(position__quote="The path to membership is irreversible")
    client.force_login(editor)

    aliases = client.get(reverse("admin:speakers_speakeralias_changelist"), {"q": "rutte"})
    assert "the NATO chief" in aliases.content.decode()
    assert "Zelenskyy" not in aliases.content.decode()
    citations = client.get(reverse("admin:positions_citation_changelist"), {"q": "irreversible"})
    assert list(citations.context["cl"].result_list) == [citation]


def test_a_speaker_or_tag_subscribers_follow_cannot_be_deleted(client, site_admin):
    speaker = SpeakerFactory(full_name="Kaja Kallas")
    tag = TagFactory(name="invitation")
    reader = Subscription.objects.create(email="reader@example.org")
    reader.speakers.set([speaker])
    reader.tags.set([tag])
    client.force_login(site_admin)

    for url in (
        reverse("admin:speakers_speaker_delete", args=[speaker.pk]),
        reverse("admin:positions_tag_delete", args=[tag.pk]),
    ):
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 200
        assert "1 subscriber of the weekly digest follows this" in response.content.decode()

    assert list(reader.speakers.all()) == [speaker]
    assert list(reader.tags.all()) == [tag]
