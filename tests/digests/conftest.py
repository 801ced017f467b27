"""A real SMTP server on loopback for the digest tests, and a week of approved positions."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
import threading

import pytest

from apps.positions.models import Position
from apps.positions.stances import Stance
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.speakers.factories import SpeakerFactory

WEEK = "2025-W10"  # Monday 3 to Sunday 9 March 2025


class Inbox:
    """What the SMTP server received, parsed; aiosmtpd calls handle_DATA per message."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self.defer: dict[str, int] = {}  # address: how many more times to say "later"
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 No such mailbox"
        if self.defer.get(address):
            self.defer[address] -= 1
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    @classmethod
    def links(cls, message) -> list[str]:
        return re.findall(r"https?://\S+", cls.text(message))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    settings.SITE_URL = "http://testserver"
    yield inbox
    controller.stop()


def approved_in_week(day: int = 5, **kwargs) -> Position:
    reviewed = dt.datetime(2025, 3, day, 12, 0, tzinfo=dt.UTC)
    return PositionFactory(status=Position.Status.APPROVED, reviewed_at=reviewed, **kwargs)


@pytest.fixture
def week():
    """Three positions approved in WEEK, one of them a change of stance, and one before."""
    rutte = SpeakerFactory(full_name="Mark Rutte", slug="mark-rutte")
    orban = SpeakerFactory(full_name="Viktor Orban", slug="viktor-orban", country="HU")
    guarantees = TagFactory(name="security guarantees")
    PositionFactory(
        speaker=orban,
        status=Position.Status.APPROVED,
        stance=Stance.CONDITIONAL,
        said_on=dt.date(2024, 6, 1),
        reviewed_at=dt.datetime(2024, 6, 2, tzinfo=dt.UTC),
        quote="Membership is a question for later",
    )
    shifted = approved_in_week(
        speaker=orban,
        stance=Stance.OPPOSES,
        kind="refusal",
        said_on=dt.date(2025, 3, 4),
        quote="Ukraine's membership would mean war with Russia",
    )
    door = approved_in_week(
        speaker=rutte,
        stance=Stance.SUPPORTS_LONG_TERM,
        kind="promise",
        said_on=dt.date(2025, 3, 5),
        quote="The path to membership is irreversible & <b>clear</b>",
    )
    door.tags.add(guarantees)
    CitationFactory(position=door)
    PositionFactory(status=Position.Status.PENDING, quote="A candidate nobody reviewed yet")
    return {"rutte": rutte, "orban": orban, "shifted": shifted, "door": door, "tag": guarantees}
