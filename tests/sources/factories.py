from __future__ import annotations

import datetime as dt

import factory

from apps.sources.models import Article, Feed, Outlet


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Daily Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")
    country = "GB"
    kind = Outlet.Kind.NEWSPAPER


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    url = factory.Sequence(lambda n: f"https://feeds{n}.example/rss.xml")
    outlet = factory.SubFactory(OutletFactory)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    published_on = dt.date(2024, 7, 10)
    text = "Leaders met in Washington. Ukraine is on an irreversible path to NATO membership."
    status = Article.Status.ANALYSED
