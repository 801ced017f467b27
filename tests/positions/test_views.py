"""The analyst's pages: timeline filters, fragments, exports, bad input and escaping."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.positions.models import Position
from apps.positions.stances import Stance
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.sources.factories import ArticleFactory, OutletFactory
from tests.speakers.factories import OrganisationFactory, RoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
# The timeline asking for its counts after its results (the facets placeholder).
COUNTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "facets"}


@pytest.fixture
def world():
    """Two speakers, three outlets, approved and unreviewed positions."""
    nato = OrganisationFactory(
        name="North Atlantic Treaty Organization",
        short_name="NATO",
        slug="nato",
        kind="alliance",
        country="",
    )
    kremlin = OrganisationFactory(
        name="Government of Russia", slug="russian-government", country="RU"
    )
    jens = SpeakerFactory(full_name="Jens Stoltenberg", slug="jens-stoltenberg", country="NO")
    RoleFactory(
        speaker=jens,
        title="NATO Secretary General",
        organisation=nato,
        started_on=dt.date(2014, 10, 1),
        ended_on=dt.date(2024, 10, 1),
    )
    peskov = SpeakerFactory(full_name="Dmitry Peskov", slug="dmitry-peskov", country="RU")
    RoleFactory(
        speaker=peskov,
        title="Kremlin spokesman",
        organisation=kremlin,
        started_on=dt.date(2012, 5, 22),
    )
    reuters = OutletFactory(name="Reuters", slug="reuters", domain="reuters.com")
    kyiv = OutletFactory(
        name="Kyiv Independent", slug="kyiv-independent", domain="kyivindependent.com"
    )
    irreversible = TagFactory(name="irreversible", slug="irreversible")
    after_war = PositionFactory(
        speaker=jens, quote="All allies agree that Ukraine will become a member once the war is over",
        stance=Stance.SUPPORTS_AFTER_WAR, said_on=dt.date(2023, 4, 21),
    )  # fmt: skip
    after_war.tags.add(irreversible)
    long_term = PositionFactory(
        speaker=jens, quote="Ukraine's rightful place is in the Euro-Atlantic family",
        stance=Stance.SUPPORTS_LONG_TERM, said_on=dt.date(2016, 7, 9),
    )  # fmt: skip
    never = PositionFactory(
        speaker=peskov, quote="Ukraine must never join NATO <script>alert('x')</script>",
        stance=Stance.OPPOSES, said_on=dt.date(2024, 12, 3), is_direct=False,
    )  # fmt: skip
    pending = PositionFactory(
        speaker=peskov, quote="An unreviewed candidate about NATO", status=Position.Status.PENDING
    )
    for position, outlet in (
        (after_war, reuters),
        (after_war, kyiv),
        (long_term, reuters),
        (never, kyiv),
        (pending, kyiv),
    ):
        CitationFactory(
            position=position,
            article=ArticleFactory(outlet=outlet, text=f"He said: {position.quote}."),
        )
    return {"after_war": after_war, "long_term": long_term, "never": never, "pending": pending}


def quotes_in(response) -> set[str]:
    ids = [card.pk for card in response.context["page"].object_list]
    return set(Position.objects.filter(pk__in=ids).values_list("quote", flat=True))


def test_the_timeline_shows_approved_positions_newest_first_grouped_by_month(client, world):
    response = client.get(reverse("positions:timeline"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"].object_list] == [
        world["never"].pk,
        world["after_war"].pk,
        world["long_term"].pk,
    ]
    html = response.content.decode()
    assert "December 2024" in html
    assert "April 2023" in html
    assert "An unreviewed candidate" not in html
    assert "NATO Secretary General" in html  # the role held on that date
    assert "Reported by 2 outlets" in html


def test_article_text_is_escaped_everywhere(client, world):
    for url in (reverse("positions:timeline"), world["never"].get_absolute_url()):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;" in body, url
    feed = ET.fromstring(client.get(reverse("positions:feed")).content)
    summaries = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert any("&lt;script&gt;" in text for text in summaries)  # HTML inside the feed, escaped
    assert not any("<script>" in text for text in summaries)


FILTERS = [
    ("speaker=jens-stoltenberg", {"after_war", "long_term"}),
    ("speaker=jens-stoltenberg&speaker=dmitry-peskov", {"after_war", "long_term", "never"}),
    ("stance=opposes_membership&stance=supports_membership_long_term", {"long_term", "never"}),
    ("from=2020-01-01&to=2023-12-31", {"after_war"}),
    ("country=ru", {"never"}),
    ("org=nato", {"after_war", "long_term"}),
    ("outlet=reuters", {"after_war", "long_term"}),
    ("tag=irreversible", {"after_war"}),
    ("q=rightful", {"long_term"}),
    ("q=never+join", {"never"}),
    ("speaker=jens-stoltenberg&outlet=kyiv-independent", {"after_war"}),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_filters_use_the_plain_parameter_names(client, world, query, expected):
    response = client.get(f"{reverse('positions:timeline')}?{query}")
    assert response.status_code == 200
    assert quotes_in(response) == {world[name].quote for name in expected}


def test_counts_stand_next_to_each_filter_value(client, world):
    facets = client.get(
        reverse("positions:facets") + "?speaker=jens-stoltenberg", **COUNTS
    ).context["facets"]
    stances = {value.value: value.count for value in facets.stances}
    assert stances[Stance.SUPPORTS_AFTER_WAR] == 1
    assert stances[Stance.OPPOSES] == 0
    speakers = {value.value: value.count for value in facets.speakers}
    assert speakers == {"jens-stoltenberg": 2, "dmitry-peskov": 1}  # a facet ignores its own filter
    assert {value.value: value.count for value in facets.outlets} == {
        "reuters": 2,
        "kyiv-independent": 1,
    }
    assert facets.total == 2


def test_search_words_are_highlighted(client, world):
    html = client.get(reverse("positions:timeline") + "?q=rightful").content.decode()
    assert "<mark>rightful</mark>" in html


def test_an_htmx_request_gets_only_the_results_and_fresh_counts(client, world):
    url = reverse("positions:timeline") + "?stance=opposes_membership"
    response = client.get(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="results"' in html
    assert "Ukraine must never join NATO" in html
    # Counts not cached yet are fetched by a second request, which caches them ...
    assert "(counting…)" in html
    assert 'hx-get="/facets/?stance=opposes_membership" hx-trigger="load"' in html
    counts = client.get(
        reverse("positions:facets") + "?stance=opposes_membership", **COUNTS
    ).content.decode()
    assert 'id="facets"' in counts
    assert (
        '<h2 id="results-heading" tabindex="-1" hx-swap-oob="true">1 position matches</h2>'
        in counts
    )
    assert "<html" not in counts
    # ... and come with the results from then on.
    again = client.get(url, **HTMX).content.decode()
    assert 'id="facets" hx-swap-oob="true"' in again
    assert "1 position matches" in again
    assert "HX-Request" in response["Vary"]


def test_cached_counts_change_when_a_position_is_approved(client, world, editor):
    url, counts = reverse("positions:timeline"), reverse("positions:facets")
    assert client.get(counts, **COUNTS).context["facets"].total == 3
    assert client.get(url).context["facets"].total == 3
    assert client.get(url, **HTMX).context["facets"].total == 3
    world["pending"].approve(by=editor)
    assert client.get(url, **HTMX).context["facets"] is None
    assert client.get(url).context["facets"] is None
    assert client.get(counts, **COUNTS).context["facets"].total == 4


def test_the_page_shows_its_results_before_counting_and_fetches_the_counts(client, world):
    url = reverse("positions:timeline") + "?stance=opposes_membership&speaker=dmitry-peskov"
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "Ukraine must never join NATO" in html
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]  # no counting
    assert "(counting…)" in html
    assert 'hx-get="/facets/?stance=opposes_membership&amp;speaker=dmitry-peskov"' in html
    # Until the counts come, the stances can be chosen and the other filters stay set.
    assert 'value="opposes_membership" checked' in html
    assert '<input type="hidden" name="speaker" value="dmitry-peskov">' in html
    # Without JavaScript, a link shows the page with every filter and its count.
    assert (
        '<noscript><p><a href="/facets/?stance=opposes_membership&amp;speaker=dmitry-peskov">'
        in html
    )
    page = client.get(
        reverse("positions:facets") + "?stance=opposes_membership&speaker=dmitry-peskov"
    )
    assert "<html" in page.content.decode()
    assert page.context["facets"].total == 1
    assert "1 position matches" in page.content.decode()


def test_cached_cards_follow_edits_and_searches(client, world):
    url = reverse("positions:timeline")
    assert "Dmitry Peskov" in client.get(url).content.decode()
    speaker = world["never"].speaker
    speaker.full_name = "Dmitriy Peskov"
    speaker.save()
    html = client.get(url).content.decode()
    assert "Dmitriy Peskov" in html
    assert "Dmitry Peskov" not in html
    assert "<mark>" not in html
    assert "<mark>" in client.get(url, {"q": "never"}).content.decode()


def test_the_full_page_works_without_javascript(client, world):
    html = client.get(reverse("positions:timeline") + "?stance=opposes_membership").content.decode()
    assert '<form id="filter-form" method="get"' in html
    assert "hx-swap-oob" not in html
    assert 'id="stance-opposes_membership" value="opposes_membership" checked' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2024-02-30", "Dates are written YYYY-MM-DD."),
        ("to=yesterday", "Dates are written YYYY-MM-DD."),
        ("from=2024-01-01&to=2023-01-01", "The end date is before the start date."),
        ("speaker=nobody-at-all", "No speaker is known as “nobody-at-all”."),
        ("country=Ukraine", "A country is a two-letter code"),
        ("stance=maybe", "Select a valid choice"),
        ("utm_source=x", "Unknown parameter “utm_source”."),
        ("speaker=%27%3B+DROP+TABLE+positions%3B--", "Not a valid name in a link"),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error(client, world, query, message):
    response = client.get(f"{reverse('positions:timeline')}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_odd_search_text_is_harmless(client, world):
    for text in [
        "'; DROP TABLE positions; --",
        "<img src=x onerror=alert(1)>",
        "&&||!!",
        "\\x00",
        "a" * 250,
    ]:
        response = client.get(reverse("positions:timeline"), {"q": text})
        assert response.status_code == 200
        assert "<img src=x" not in response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_page_beyond_the_last_is_not_found(client, world, headers):
    response = client.get(reverse("positions:timeline"), {"page": "999999"}, **headers)
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999", "²"])
@pytest.mark.parametrize(
    "url",
    [
        reverse("positions:timeline"),
        reverse("speakers:directory"),
        reverse("speakers:detail", args=["jens-stoltenberg"]),
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_page_number_that_is_not_one_shows_the_first_page_and_says_so(
    client, world, page, url, headers
):
    response = client.get(url, {"page": page}, **headers)
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert f"“{page}” is not a page number: the first page is shown." in unescape(
        response.content.decode()
    )


def test_pages_before_the_count_is_known_link_onwards_without_a_total(client, world, settings):
    settings.TIMELINE_PAGE_SIZE = 2
    url = reverse("positions:timeline")
    first = client.get(url, **HTMX).content.decode()
    assert "Page 1</span>" in first
    assert 'rel="next"' in first
    second = client.get(url, {"page": 2}, **HTMX).content.decode()
    assert "Page 2</span>" in second
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
    assert client.get(url, {"page": 3}, **HTMX).status_code == 404
    # Once counted, the total shows.
    client.get(reverse("positions:facets"), **COUNTS)
    assert "Page 1 of 2</span>" in client.get(url).content.decode()


def test_unreviewed_positions_have_no_public_page(client, world):
    assert client.get(world["pending"].get_absolute_url()).status_code == 404
    assert client.get(reverse("positions:detail", args=[999999])).status_code == 404


def test_the_position_page_shows_the_quote_in_context_and_how_to_cite_it(client, world):
    html = client.get(world["after_war"].get_absolute_url()).content.decode()
    assert f"He said: <mark>{world['after_war'].quote}</mark>." in html
    assert "2 reports, earliest first." in html
    assert "Jens Stoltenberg (NATO Secretary General), 21 April 2023:" in html
    assert "Accession Tracker, http://testserver/positions/" in html


def test_a_report_in_other_words_says_so_beside_its_passage(client, world):
    position = world["after_war"]
    citation = position.citations.first()
    page = position.get_absolute_url()
    assert "Reported in other words" not in client.get(page).content.decode()
    citation.other_wording = True
    citation.save()
    html = client.get(page).content.decode()
    assert html.count("Reported in other words") == 1


def test_csv_export_streams_the_current_filter(client, world):
    response = client.get(reverse("positions:export_csv") + "?speaker=jens-stoltenberg")
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["quote"] for row in rows] == [world["after_war"].quote, world["long_term"].quote]
    assert rows[0]["said_on"] == "2023-04-21"
    assert rows[0]["outlets"] == "Reuters; Kyiv Independent"


def test_json_export_holds_the_same_positions(client, world):
    response = client.get(reverse("positions:export_json") + "?stance=opposes_membership")
    data = json.loads(b"".join(response.streaming_content))
    assert [item["quote"] for item in data] == [world["never"].quote]
    assert data[0]["stance"] == "opposes_membership"
    assert data[0]["permalink"].endswith(world["never"].get_absolute_url())


def test_exports_refuse_an_invalid_filter(client, world):
    assert client.get(reverse("positions:export_csv") + "?from=garbage").status_code == 400
    assert client.get(reverse("positions:feed") + "?to=2020-99-99").status_code == 400


def test_the_atom_feed_follows_a_filter(client, world):
    response = client.get(reverse("positions:feed") + "?speaker=dmitry-peskov")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    assert "Dmitry Peskov" in entries[0].find("{http://www.w3.org/2005/Atom}title").text


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_exports_and_the_feed_take_every_filter_the_page_takes(client, world, query, expected):
    permalinks = {world[name].get_absolute_url() for name in expected}
    csv_response = client.get(f"{reverse('positions:export_csv')}?{query}")
    rows = csv.DictReader(io.StringIO(b"".join(csv_response.streaming_content).decode()))
    assert {urlsplit(row["permalink"]).path for row in rows} == permalinks
    json_response = client.get(f"{reverse('positions:export_json')}?{query}")
    data = json.loads(b"".join(json_response.streaming_content))
    assert {urlsplit(item["permalink"]).path for item in data} == permalinks
    atom = ET.fromstring(client.get(f"{reverse('positions:feed')}?{query}").content)
    links = {
        urlsplit(entry.find("{http://www.w3.org/2005/Atom}link").get("href")).path
        for entry in atom.findall("{http://www.w3.org/2005/Atom}entry")
    }
    assert links == permalinks


def test_pages_keep_the_filters(client, world, settings):
    settings.TIMELINE_PAGE_SIZE = 1
    query = "stance=opposes_membership&stance=supports_membership_long_term"
    html = client.get(f"{reverse('positions:timeline')}?{query}").content.decode()
    (next_link,) = re.findall(r'<a[^>]*rel="next"[^>]*>', html)
    href = unescape(re.search(r'href="([^"]*)"', next_link).group(1))
    assert parse_qs(urlsplit(href).query) == {
        "stance": ["opposes_membership", "supports_membership_long_term"],
        "page": ["2"],
    }
    second = client.get(f"{reverse('positions:timeline')}{href}")
    assert quotes_in(second) <= {world["never"].quote, world["long_term"].quote}
    assert len(quotes_in(second)) == 1


@pytest.mark.parametrize("page_size", [5, 25, 60])
def test_the_number_of_queries_does_not_grow_with_the_page_size(
    client, world, django_assert_max_num_queries, settings, page_size
):
    settings.TIMELINE_PAGE_SIZE = page_size
    speaker = world["never"].speaker
    for index in range(60):
        position = PositionFactory(
            speaker=speaker, quote=f"Ukraine must never join NATO, said again {index}"
        )
        CitationFactory(position=position)
        CitationFactory(position=position)
        position.tags.add(*world["after_war"].tags.all())
    with django_assert_max_num_queries(10):
        response = client.get(reverse("positions:timeline"), {"q": "never"})
    assert len(response.context["page"].object_list) == page_size
    with django_assert_max_num_queries(10):
        client.get(
            reverse("positions:timeline"),
            {
                "speaker": ["dmitry-peskov", "jens-stoltenberg"],
                "org": "nato",
                "outlet": "reuters",
                "tag": "irreversible",
            },
            **HTMX,
        )


def test_speaker_page_matrix_and_trends(client, world):
    html = client.get(reverse("speakers:detail", args=["jens-stoltenberg"])).content.decode()
    assert "NATO Secretary General" in html
    assert "Supports membership in the long term → " in html
    matrix = client.get(reverse("positions:matrix")).content.decode()
    assert "Jens Stoltenberg" in matrix
    assert "shifted" in matrix
    trends = client.get(reverse("positions:trends")).content.decode()
    assert "<svg" in trends
    assert "2023" in trends
    # A bad parameter on a page: the page without it, and a message naming it.
    week = client.get(reverse("positions:matrix") + "?period=week&order=loudest")
    assert week.status_code == 200
    assert "“week” is not a period here: shown by year." in week.content.decode()
    assert "“loudest” is not an order here" in week.content.decode()
    assert week.context["table"].periods[0] == "2016"
    assert client.get(reverse("speakers:detail", args=["nobody"])).status_code == 404


def test_speaker_suggestions_add_to_the_current_filter(client, world):
    html = client.get(
        reverse("speakers:suggest"), {"speaker_q": "stolt", "stance": "opposes_membership"}
    ).content.decode()
    assert "Add Jens Stoltenberg" in html
    assert "stance=opposes_membership&amp;speaker=jens-stoltenberg" in html


def test_moving_an_article_to_another_outlet_moves_its_citations(client, world):
    citation = world["long_term"].citations.get()
    other = OutletFactory(name="Other Wire", slug="other-wire", domain="other.example")
    article = citation.article
    article.outlet = other
    article.save()
    response = client.get(reverse("positions:timeline") + "?outlet=other-wire")
    assert quotes_in(response) == {world["long_term"].quote}


@pytest.mark.parametrize(
    "url",
    [
        reverse("positions:export_csv"),
        reverse("positions:export_json"),
        reverse("positions:feed"),
        reverse("speakers:detail", args=["dmitry-peskov"]),
    ],
)
def test_unreviewed_positions_reach_no_public_page_or_export(client, world, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert b"Ukraine must never join NATO" in body
    assert b"An unreviewed candidate" not in body


def test_the_matrix_shows_every_year_a_legend_and_links_each_cell(client, world):
    response = client.get(reverse("positions:matrix"))
    table = response.context["table"]
    # 2016 to 2024, the silent years included, as in Trends.
    assert table.periods == [str(year) for year in range(2016, 2025)]
    # Most positions first: Stoltenberg's two before Peskov's one (the unreviewed is not counted).
    assert [row.name for row in table.rows] == ["Jens Stoltenberg", "Dmitry Peskov"]
    html = response.content.decode()
    assert 'class="legend"' in html
    assert "Supports membership after the war" in html
    link = (
        reverse("positions:timeline")
        + "?speaker=jens-stoltenberg&amp;from=2023-01-01&amp;to=2023-12-31"
    )
    assert f'href="{link}"' in html
    # The link finds what the cell counted.
    cell_page = client.get(link.replace("&amp;", "&"))
    assert quotes_in(cell_page) == {world["after_war"].quote}

    by_name = client.get(reverse("positions:matrix") + "?order=name&from=2023-01-15")
    assert [row.name for row in by_name.context["table"].rows] == [
        "Dmitry Peskov",
        "Jens Stoltenberg",
    ]
    # A cell's dates are narrowed to the filter's.
    assert "from=2023-01-15&amp;speaker=jens-stoltenberg&amp;to=2023-12-31" in (
        by_name.content.decode()
    )
