"""Quotes and contexts stored before text was cleaned lose their control characters, which
made every Atom feed including them fail (XML cannot carry a form feed)."""

from django.db import migrations

from apps.core.text import clean_text, quote_fingerprint

CONTROL_PATTERN = r"[\x01-\x08\x0b-\x1f\x7f]"


def clean(apps, schema_editor):
    Position = apps.get_model("positions", "Position")
    dirty = Position.objects.filter(quote__regex=CONTROL_PATTERN) | Position.objects.filter(
        context__regex=CONTROL_PATTERN
    )
    for position in dirty.iterator():
        position.quote = clean_text(position.quote)
        position.context = clean_text(position.context)
        position.quote_fingerprint = quote_fingerprint(position.quote)
        position.save(update_fields=["quote", "context", "quote_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [("positions", "0009_extraction_reasons")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
