"""Full-text search over quotes: a GIN index on PostgreSQL, nothing elsewhere.

The index expression must stay identical to `PositionQuerySet.search()`'s SearchVector, or
PostgreSQL will not use it. SQLite has no GIN indexes; there the search is plain matching.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(SearchVector("quote", config="english"), name="position_quote_search_idx")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("positions", "Position"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("positions", "Position"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("positions", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
