from __future__ import annotations

import datetime as dt

import factory

from apps.promises.models import Promise
from tests.speakers.factories import SpeakerFactory


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise

    title = factory.Sequence(lambda n: f"Promise {n}")
    slug = factory.Sequence(lambda n: f"promise-{n}")
    made_by = factory.SubFactory(SpeakerFactory)
    content = "What was promised."
    first_made_on = dt.date(2008, 4, 3)
