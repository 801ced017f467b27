"""The site outlives its cache: with the cache's Redis stopped, every public page is served
from the database, and when Redis returns, counts are right again.

The Redis here is the test's own, started on a free loopback port and stopped mid-test.
"""

from __future__ import annotations

import shutil

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.positions.models import Position
from tests.conftest import need
from tests.core.redis_server import PrivateRedis
from tests.positions.factories import CitationFactory, PositionFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_redis(settings):
    need(shutil.which("redis-server") is not None, "needs redis-server to start a private Redis")
    redis = PrivateRedis()
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"retry_after": 0},
        }
    }
    yield redis
    redis.stop()


def public_urls(speaker_slug: str, position_id: int) -> list[str]:
    return [
        reverse("positions:timeline"),
        reverse("positions:timeline") + "?stance=supports_membership_now",
        reverse("positions:facets"),
        reverse("positions:detail", args=[position_id]),
        reverse("positions:matrix"),
        reverse("positions:trends"),
        reverse("positions:export_csv"),
        reverse("positions:export_json"),
        reverse("positions:feed"),
        reverse("speakers:detail", args=[speaker_slug]),
        reverse("speakers:suggest") + "?speaker_q=St",
        reverse("digests:subscribe"),
    ]


def test_every_public_page_is_served_while_the_cache_is_down(client, private_redis):
    speaker = SpeakerFactory(full_name="Jens Stoltenberg", is_confirmed=True)
    position = PositionFactory(speaker=speaker, stance="supports_membership_now")
    CitationFactory(position=position)
    urls = public_urls(speaker.slug, position.pk)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)  # warms the cache

    private_redis.stop()
    served = [client.get(url).status_code for url in urls]

    assert served == [200] * len(urls)
    assert cache.failures > 0


def test_counts_are_right_again_when_the_cache_returns(client, private_redis):
    speaker = SpeakerFactory(full_name="Jens Stoltenberg", is_confirmed=True)
    PositionFactory(speaker=speaker, stance="supports_membership_now")
    timeline = reverse("positions:timeline")

    def counted() -> int:
        # What the timeline fetches after its results.
        counts = client.get(
            reverse("positions:facets"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="facets"
        )
        return counts.context["facets"].total

    assert counted() == 1

    private_redis.stop()
    # Approved while the cache is down: the cached counts could not be told.
    PositionFactory(speaker=speaker, stance="opposes_membership", status=Position.Status.APPROVED)
    assert client.get(timeline).status_code == 200
    private_redis.start()  # an empty Redis on the same port, as after a restart or a pause

    assert counted() == 2
    assert client.get(timeline).context["page"].paginator.count == 2
