from __future__ import annotations

from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "apps.digests"

    def ready(self) -> None:
        from apps.core.deletion import register_guard
        from apps.positions.models import Tag
        from apps.positions.review_undo import register_undo_notice
        from apps.speakers.models import Speaker

        # Deleting what a subscriber follows would leave them following everything.
        register_guard(Speaker, _followed_speakers)
        register_guard(Tag, _followed_tags)
        # An approval undone after its week's digest went out was read by subscribers.
        register_undo_notice(_sent_in_digests)


def _followed_speakers(speakers) -> list[str]:
    from apps.digests.services import followed_by_subscribers

    return followed_by_subscribers(speakers, "speakers")


def _followed_tags(tags) -> list[str]:
    from apps.digests.services import followed_by_subscribers

    return followed_by_subscribers(tags, "tags")


def _sent_in_digests(positions) -> list[str]:
    from apps.digests.send_log import digests_sent_since_approval

    return digests_sent_since_approval(positions)
