"""manage.py ingest and manage.py extract."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.positions.models import Position
from apps.sources.models import Article

pytestmark = pytest.mark.django_db

TEXT = (
    "NATO summit\n\n"
    "NATO Secretary General Jens Stoltenberg said on Tuesday that Ukraine will become a member "
    "of the alliance once the war is over.\n\n"
    "Allies also agreed on new air defence deliveries for the coming winter months.\n\n"
    "“Ukraine’s future is in NATO,” he told reporters, adding that allies were united."
)


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "summit.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_extract_prints_json_and_writes_nothing(text_file):
    out = StringIO()
    call_command(
        "extract", str(text_file), "--format", "json", "--published", "2024-07-10", stdout=out
    )
    statements = json.loads(out.getvalue())
    assert [s["speaker"] for s in statements] == ["Jens Stoltenberg", "Jens Stoltenberg"]
    first = statements[0]
    assert {"speaker", "role", "quote", "direct", "said_on", "stance", "confidence"} <= set(first)
    assert first["said_on"] == "2024-07-09"
    assert first["stance"] == "supports_membership_after_war"
    assert statements[1]["direct"] is True
    assert not Article.objects.exists()
    assert not Position.objects.exists()


def test_extract_reads_html_files_and_dates_them_from_the_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="en"><head><meta property="article:published_time" content="2023-02-28T08:00:00Z"></head>'
        "<body><article><p>Jens Stoltenberg said on Tuesday that Ukraine will become a member of NATO "
        "one day, a long-term perspective for the alliance.</p><p>Other news followed in the afternoon "
        "about trade and the weather in the capital.</p></article></body></html>",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("extract", str(page), stdout=out)
    (statement,) = json.loads(out.getvalue())
    assert statement["said_on"] == "2023-02-28"
    assert statement["stance"] == "supports_membership_long_term"


def test_bad_arguments_get_clear_errors(text_file):
    with pytest.raises(CommandError, match="1 of 1 files could not be read"):
        call_command("extract", "missing.txt", stderr=StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("ingest", str(text_file), "--published", "10/07/2024")


def test_ingest_stores_a_text_file_with_its_address_and_date(text_file, starter_data):
    out = StringIO()
    call_command(
        "ingest",
        str(text_file),
        "--published",
        "2024-07-10",
        "--url",
        "https://wire.example/summit",
        stdout=out,
    )
    article = Article.objects.get(url="https://wire.example/summit")
    assert article.published_on.isoformat() == "2024-07-10"
    assert article.status == Article.Status.ANALYSED
    assert "2 statements" in out.getvalue()
    assert (
        Position.objects.filter(status=Position.Status.PENDING, citations__article=article).count()
        == 2
    )


def test_ingest_queues_urls_and_refuses_other_schemes():
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("ingest", "ftp://example.org/file", stderr=StringIO())


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_bad_file_is_named_and_the_others_are_still_read(
    tmp_path, text_file, command, starter_data
):
    articles = Article.objects.count()
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    out, err = StringIO(), StringIO()
    sources = [str(binary), str(tmp_path / "missing.txt"), str(text_file), str(empty)]

    with pytest.raises(CommandError, match="3 of 4"):
        call_command(command, *sources, "--published", "2024-07-10", stdout=out, stderr=err)

    errors = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in errors] == [str(binary), sources[1], str(empty)]
    assert "No such file" in errors[1]
    if command == "extract":
        assert {item["file"] for item in json.loads(out.getvalue())} == {str(text_file)}
    else:
        assert f"{text_file}: article" in out.getvalue()
        assert Article.objects.count() == articles + 1


@pytest.mark.parametrize(
    "address", ["javascript:alert(document.cookie)", "data:text/html,<script>1</script>", "//x"]
)
def test_ingest_refuses_an_address_that_is_not_http_or_https(text_file, address):
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("ingest", str(text_file), "--url", address, stderr=err, stdout=StringIO())
    assert "not an http or https address" in err.getvalue()
    assert not Article.objects.exists()


def test_ingest_names_a_text_file_with_a_nul_byte_and_goes_on(tmp_path, text_file, starter_data):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"NATO summit\x00 notes about Ukraine")
    articles = Article.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2"):
        call_command(
            "ingest", str(broken), str(text_file), "--published", "2024-07-10",
            stderr=err, stdout=StringIO(),
        )  # fmt: skip
    assert err.getvalue().startswith(f"{broken}: ")
    assert "NUL" in err.getvalue()
    assert Article.objects.count() == articles + 1
