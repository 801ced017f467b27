"""Finer statistics on each position's arrays of outlet and tag ids (migration 0013).

With the default statistics target, PostgreSQL keeps the commonest ids of an array
column and guesses every other at half the rarest kept one's frequency; at a million
positions that guess put a tag held by a handful of positions at about 5,000, so the
newest-first page walked the whole timeline index to find them (1.6 s, measured with
bench/explain_timeline.py). A larger sample keeps rarer ids and lowers the guess for the
rest, and the planner then reads the few matching positions from the arrays' index.
"""

from __future__ import annotations

from django.db import migrations

from apps.core.migration_operations import postgres_only

COLUMNS = ("outlet_ids", "tag_ids")

FORWARD_SQL = [
    *(
        f"ALTER TABLE positions_position ALTER COLUMN {column} SET STATISTICS 1000"
        for column in COLUMNS
    ),
    "ANALYZE positions_position",
]
BACKWARD_SQL = [
    f"ALTER TABLE positions_position ALTER COLUMN {column} SET STATISTICS -1" for column in COLUMNS
]


class Migration(migrations.Migration):
    dependencies = [("positions", "0016_citation_other_wording")]

    operations = [postgres_only(FORWARD_SQL, BACKWARD_SQL)]
