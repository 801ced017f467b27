"""One position as a flat record, the same in CSV, JSON and (in part) the Atom feed."""

from __future__ import annotations

from apps.positions.models import Position

EXPORT_FIELDS = [
    "id", "said_on", "date_precision", "speaker", "speaker_slug", "role", "country", "stance",
    "stance_label", "kind", "kind_reviewed", "direct", "quote", "tags", "event", "outlets",
    "outlet_kinds", "source_urls", "first_reported", "first_reported_basis", "permalink",
]  # fmt: skip


# A cell starting with one of these is a formula to a spreadsheet, which may run it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would read as a formula, quoted so it reads as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def export_row(position: Position, *, site_url: str) -> dict[str, object]:
    """Expects a position prepared by timeline.for_display (no query per row)."""
    citations = list(position.citations.all())
    first_reported, basis = position.first_reported()
    return {
        "id": position.pk,
        "said_on": position.said_on_iso or None,
        "date_precision": position.said_precision or None,
        "speaker": position.speaker.full_name,
        "speaker_slug": position.speaker.slug,
        "role": position.role_display,
        "country": position.speaker.country,
        "stance": position.stance,
        "stance_label": position.get_stance_display(),
        "kind": position.kind or None,
        # False: extraction suggested the kind and no editor has confirmed it yet.
        "kind_reviewed": position.kind_reviewed,
        "direct": position.is_direct,
        "quote": position.quote,
        "tags": "; ".join(tag.name for tag in position.tags.all()),
        "event": position.event.name if position.event else "",
        "outlets": "; ".join(
            dict.fromkeys(str(c.article.outlet or "") for c in citations if c.article.outlet)
        ),
        # Each outlet's kind, in the same order: "News agency, state-controlled".
        "outlet_kinds": "; ".join(
            dict.fromkeys(
                f"{c.article.outlet}: {c.article.outlet.rating}"
                for c in citations
                if c.article.outlet
            )
        ),
        "source_urls": " ".join(
            c.article.url for c in citations if c.article.url.startswith("http")
        ),
        "first_reported": first_reported or None,
        # "published": the earliest source's publication date; "said": no source is dated,
        # so the date the statement was made stands in.
        "first_reported_basis": basis or None,
        "permalink": f"{site_url}{position.get_absolute_url()}",
    }
