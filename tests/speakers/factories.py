from __future__ import annotations

import datetime as dt

import factory

from apps.speakers.models import Organisation, Role, Speaker, SpeakerAlias


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Government of Country {n}")
    short_name = ""
    kind = Organisation.Kind.GOVERNMENT
    country = "UA"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    full_name = factory.Sequence(lambda n: f"Speaker Number{n}")
    slug = factory.LazyAttribute(lambda o: o.full_name.lower().replace(" ", "-"))
    country = "UA"


class SpeakerAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerAlias

    speaker = factory.SubFactory(SpeakerFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    speaker = factory.SubFactory(SpeakerFactory)
    title = "Minister of Foreign Affairs"
    organisation = factory.SubFactory(OrganisationFactory)
    started_on = dt.date(2020, 1, 1)
    ended_on = None
