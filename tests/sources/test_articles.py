"""Ingesting articles: stored once, analysed once, statements queued for review with evidence."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from apps.positions.models import Citation, Position
from apps.sources.models import Article, Outlet
from apps.sources.services.addresses import canonical_url
from apps.sources.services.articles import (
    article_ingest,
    article_ingest_content,
    article_reextract,
    article_submit,
)
from apps.sources.services.pages import UnreadablePage, read_html
from apps.speakers.models import Speaker
from tests.sources.servers import Route
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def page(
    body: str, *, title: str = "Allies meet", published: str = "2024-07-10", canonical: str = ""
) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>{link}'
        f'<meta property="article:published_time" content="{published}T10:00:00Z"></head>'
        f"<body><nav>Home News Sport</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )


# Said by a speaker the starter data knows, in words it does not hold: a new candidate.
STATEMENT = (
    "<p>Ukraine is on an irreversible path to NATO membership, Foreign Secretary David "
    "Lammy said on Wednesday at the summit in Washington.</p>"
    "<p>Allies also discussed air defence for Ukraine and spending on their own armies.</p>"
    "<p>The leaders will meet again next year in the Netherlands for another summit.</p>"
)


@pytest.fixture
def gazetteer_speakers(starter_data):
    """The speakers, roles and events of the starter data, for attribution."""


def test_tracking_parameters_and_fragments_do_not_make_new_articles():
    assert (
        canonical_url("HTTPS://News.Example/a?utm_source=x&id=3#top")
        == "https://news.example/a?id=3"
    )
    first, created = article_submit(url="https://news.example/a?utm_campaign=y")
    again, created_again = article_submit(url="https://news.example/a#comments")
    assert created
    assert not created_again
    assert first.pk == again.pk


def test_a_statement_reported_by_two_outlets_is_one_position_with_two_citations(gazetteer_speakers):
    article_ingest_content(content=page(STATEMENT), url="https://first.example/summit")
    article_ingest_content(
        content=page(STATEMENT.replace("Wednesday", "Wednesday evening"), title="Summit day"),
        url="https://second.example/live",
    )
    position = Position.objects.get(quote="Ukraine is on an irreversible path to NATO membership")
    assert position.status == Position.Status.PENDING
    assert position.speaker.full_name == "David Lammy"
    assert position.said_on == dt.date(2024, 7, 10)
    assert position.method.startswith("rules:")
    assert "speaker-named" in position.extraction_rules
    assert "date-in-attribution" in position.extraction_rules
    assert position.stance_cues == [
        {
            "id": "irreversible",
            "words": "irreversible",
            "stance": "supports_membership_after_war",
            "weight": 3.0,
            "scope": "",
        }
    ]
    assert 0 < position.confidence <= 1
    citations = list(position.citations.select_related("article"))
    assert len(citations) == 2
    for citation in citations:
        assert citation.quoted_text() == position.quote
    assert {c.article.outlet.domain for c in citations} == {"first.example", "second.example"}


def test_ingesting_the_same_page_again_changes_nothing(gazetteer_speakers):
    article = article_ingest_content(content=page(STATEMENT), url="https://first.example/summit")
    counts = (Position.objects.count(), Citation.objects.count(), Article.objects.count())
    analysed_at = article.analysed_at
    again = article_ingest_content(content=page(STATEMENT), url="https://first.example/summit")
    assert again.pk == article.pk
    assert (Position.objects.count(), Citation.objects.count(), Article.objects.count()) == counts
    assert again.analysed_at == analysed_at


def test_the_page_is_kept_compressed_beside_its_text(gazetteer_speakers):
    html = page(STATEMENT)
    article = article_ingest_content(content=html, url="https://first.example/summit")
    article.refresh_from_db()
    assert article.raw_content() == html.encode()
    assert len(bytes(article.raw_compressed)) < len(html.encode())
    assert "irreversible path" in article.text
    assert "newsletter" not in article.text
    assert article.published_on == dt.date(2024, 7, 10)
    assert article.language == "en"


def test_pages_not_about_ukraine_and_nato_are_kept_as_irrelevant():
    article = article_ingest_content(
        content=page(
            "<p>The central bank kept interest rates unchanged on Thursday, citing inflation.</p>"
            * 3
        ),
        url="https://markets.example/rates",
    )
    assert article.status == Article.Status.IRRELEVANT
    assert article.text
    assert not article.raw_compressed  # the page is evidence only where there are citations
    assert not Position.objects.exists()


def test_unknown_speakers_are_proposed_unconfirmed(gazetteer_speakers):
    article_ingest_content(
        content=page(
            "<p>Latvian Foreign Minister Anna Ozola said on Tuesday that Ukraine should receive "
            "an invitation to join NATO as soon as possible.</p>" + STATEMENT
        ),
        url="https://riga.example/ozola",
    )
    speaker = Speaker.objects.get(full_name="Anna Ozola")
    assert not speaker.is_confirmed
    assert speaker.positions.get().reported_role == "Latvian Foreign Minister"


def test_official_channels_are_their_own_kind_of_outlet():
    article_submit(url="https://www.nato.int/cps/en/natohq/opinions_1.htm")
    article_submit(url="https://www.president.gov.ua/en/news/1")
    article_submit(url="https://news.example/1")
    kinds = dict(Outlet.objects.values_list("domain", "kind"))
    assert kinds["nato.int"] == Outlet.Kind.OFFICIAL
    assert kinds["president.gov.ua"] == Outlet.Kind.OFFICIAL
    assert kinds["news.example"] == Outlet.Kind.OTHER


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (b"<html><body><script>var x = 1;</script></body></html>", "No main text"),
    ],
)
def test_unreadable_content_gets_a_clear_error(content, message):
    with pytest.raises(UnreadablePage, match=message):
        article_ingest_content(content=content, url="https://bad.example/page")
    assert not Article.objects.exists()


def test_broken_encodings_are_read_without_failing(gazetteer_speakers):
    latin1 = page(STATEMENT.replace("Lammy", "Lammy’s aide and Lammy")).encode(
        "cp1252", errors="replace"
    )
    article = article_ingest_content(content=latin1 + b"\xff\xfe\x80", url="https://enc.example/a")
    assert article.status == Article.Status.ANALYSED


def test_fetching_by_url_records_what_went_wrong_and_goes_on(
    loopback_server, fetch_loopback, gazetteer_speakers
):
    loopback_server.routes["/good"] = Route(page(STATEMENT).encode())
    loopback_server.routes["/image"] = Route(
        b"\x89PNG" + bytes(100), headers={"Content-Type": "image/png"}
    )
    loopback_server.routes["/huge"] = Route(
        b"<html>" + b"x" * 2000 + b"</html>",
        headers={"Content-Type": "text/html", "Content-Length": "60000000"},
    )
    good, _ = article_submit(url=loopback_server.url("/good"))
    image, _ = article_submit(url=loopback_server.url("/image"))
    huge, _ = article_submit(url=loopback_server.url("/huge"))
    missing, _ = article_submit(url=loopback_server.url("/gone"))
    for article in (image, huge, missing, good):
        article_ingest(article_id=article.pk)
    statuses = dict(Article.objects.values_list("pk", "status"))
    errors = dict(Article.objects.values_list("pk", "error"))
    assert statuses[good.pk] == Article.Status.ANALYSED
    assert statuses[image.pk] == statuses[huge.pk] == statuses[missing.pk] == Article.Status.FAILED
    assert "image/png" in errors[image.pk]
    assert "limit" in errors[huge.pk]
    assert "404" in errors[missing.pk]
    assert Position.objects.filter(citations__article=good).exists()


def test_reextracting_uses_the_stored_text_and_adds_nothing_twice(gazetteer_speakers):
    article = article_ingest_content(content=page(STATEMENT), url="https://first.example/summit")
    before = Citation.objects.count()
    article_reextract(article_id=article.pk)
    assert Citation.objects.count() == before


def test_the_seed_articles_become_pending_positions_with_citations(shared_dir, gazetteer_speakers):
    seeds = shared_dir / "seeds"
    for item in json.loads((seeds / "articles.json").read_text()):
        article_ingest_content(
            content=(seeds / item["article"]).read_bytes(),
            content_type="text/plain",
            published=dt.date.fromisoformat(item["published"]),
            url=f"https://seeds.example/{item['article']}",
        )
    pending = Position.objects.filter(status=Position.Status.PENDING)
    assert pending.count() >= 20
    for citation in Citation.objects.filter(position__in=pending).select_related(
        "article", "position"
    ):
        assert citation.quoted_text() == citation.position.quote


def test_speakers_added_to_the_database_are_recognised_at_once(gazetteer_speakers):
    text = "{name} said on Tuesday that Ukraine will join NATO once the war is over."

    def speaker_of(url: str, name: str) -> str:
        article = article_ingest_content(
            content=text.format(name=name).encode(),
            url=url,
            content_type="text/plain",
            published=dt.date(2025, 3, 5),
        )
        return Position.objects.get(citations__article=article).speaker.full_name

    assert speaker_of("https://wire.example/1", "Jens Stoltenberg") == "Jens Stoltenberg"
    SpeakerFactory(full_name="Marta Kowalczyk")

    # A surname alone names a speaker only through the gazetteer.
    assert speaker_of("https://wire.example/2", "Kowalczyk") == "Marta Kowalczyk"


def test_a_page_gives_its_main_text_and_declared_metadata():
    body = "<p>" + "Allies met in The Hague to talk about defence spending and Ukraine. " * 6
    page = read_html(
        '<html lang="en-GB"><head><title>Summit | Wire</title>'
        '<meta property="og:title" content="Allies meet &amp; talk">'
        '<meta name="author" content="Jane  Reporter">'
        '<meta property="og:site_name" content="The Wire">'
        '<link rel="canonical" href="https://wire.example/summit">'
        '<meta property="article:published_time" content="2025-06-24T09:00:00Z">'
        f"</head><body><nav>Home · World</nav><article>{body}</p></article></body></html>"
    )
    assert (page.title, page.author, page.site_name) == (
        "Allies meet & talk",
        "Jane Reporter",
        "The Wire",
    )
    assert page.canonical_url == "https://wire.example/summit"
    assert page.published.date.isoformat() == "2025-06-24"
    assert page.language == "en"
    assert page.text.startswith("Allies met in The Hague")
    assert "Home" not in page.text


def test_without_declared_metadata_the_title_and_date_come_from_the_page_itself():
    body = (
        '<time datetime="2024-03-03T10:00">3 March</time><p>'
        + "Ministers discussed Ukraine and NATO at length. " * 6
    )
    page = read_html(
        f"<html><head><title>Ministers meet</title></head><body><article>{body}</p></article></body></html>"
    )
    assert page.title == "Ministers meet"
    assert page.published.date.isoformat() == "2024-03-03"
    assert (page.author, page.site_name, page.canonical_url) == ("", "", "")


def test_the_gazetteer_carries_the_events_table_latest_first():
    from apps.positions.gazetteer import gazetteer_from_database, gazetteer_from_starter_data
    from apps.positions.models import Event

    Event.objects.create(name="Vilnius summit", location="Vilnius", starts_on=dt.date(2023, 7, 11))
    Event.objects.create(name="Unplaced talks", starts_on=dt.date(2024, 1, 1))  # no place
    Event.objects.create(name="Riga talks", location="Riga", starts_on=dt.date(2016, 5, 1))
    assert [e.location for e in gazetteer_from_database().events] == ["Vilnius", "Riga"]
    starter = gazetteer_from_starter_data().events
    assert starter[0].starts_on >= starter[-1].starts_on
    assert "Bucharest" in {e.location for e in starter}


def test_an_outlet_is_keyed_by_its_normalised_host():
    from apps.sources.services.addresses import host_of, outlet_for_url

    assert host_of("https://WWW.KyivPost.com./post/1") == "kyivpost.com"
    first = outlet_for_url("https://www.kyivpost.com/post/1")
    assert outlet_for_url("https://kyivpost.com./post/2") == first
