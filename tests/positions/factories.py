from __future__ import annotations

import datetime as dt

import factory

from apps.core.dates import DatePrecision
from apps.positions.models import Citation, Event, Position, Tag
from apps.positions.stances import Stance
from tests.sources.factories import ArticleFactory
from tests.speakers.factories import SpeakerFactory


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"tag {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Summit {n}")
    kind = Event.Kind.SUMMIT
    starts_on = dt.date(2024, 7, 9)
    ends_on = dt.date(2024, 7, 11)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    speaker = factory.SubFactory(SpeakerFactory)
    quote = factory.Sequence(lambda n: f"Ukraine will join NATO, statement number {n}")
    is_direct = True
    said_on = dt.date(2024, 7, 10)
    said_precision = DatePrecision.DAY
    stance = Stance.SUPPORTS_AFTER_WAR
    status = Position.Status.APPROVED
    method = "factory"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    position = factory.SubFactory(PositionFactory)
    article = factory.SubFactory(
        ArticleFactory,
        text=factory.LazyAttribute(lambda o: f"He said: {o.factory_parent.position.quote}."),
    )
    quote_start = 9
    quote_end = factory.LazyAttribute(lambda o: 9 + len(o.position.quote))
