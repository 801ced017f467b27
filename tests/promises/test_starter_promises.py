"""The starter promises: built on starter positions, sourced by them, loaded once."""

from __future__ import annotations

import pytest

from apps.positions.starter import starter_data_load
from apps.promises.models import Promise, PromiseLink, StatusChange
from apps.promises.starter import read_starter_promises, starter_position

pytestmark = pytest.mark.django_db


def test_they_load_with_the_starter_data_and_loading_again_changes_nothing():
    loaded = starter_data_load()
    counts = (Promise.objects.count(), PromiseLink.objects.count(), StatusChange.objects.count())
    assert counts[0] == len(read_starter_promises()) >= 7
    assert f"{counts[0]} promises" in loaded.others
    starter_data_load()
    assert counts == (
        Promise.objects.count(), PromiseLink.objects.count(), StatusChange.objects.count()
    )  # fmt: skip

    # Every status is backed by the source of a statement linked to the promise.
    for promise in Promise.objects.prefetch_related("links__position__citations__article"):
        sources = {
            citation.article.url
            for link in promise.links.all()
            for citation in link.position.citations.all()
        }
        for change in promise.status_changes.all():
            assert change.imported  # history, not the first digest's news
            assert change.evidence_links, promise.slug
            assert set(change.evidence_links) <= sources, promise.slug
        for link in promise.links.all():
            link.full_clean()
        assert promise.links.filter(relation=PromiseLink.Relation.MAKES).exists(), promise.slug

    # Summit declarations and pledges of leaders are among them.
    makers = {promise.made_by.full_name for promise in Promise.objects.select_related("made_by")}
    assert "NATO" in makers
    assert len(makers - {"NATO"}) >= 5


def test_a_link_to_no_starter_position_is_named():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="no position.* of NATO start with 'Nothing'"):
        starter_position("NATO", "Nothing", "some-promise")
