"""A statement whose text gives no date is placed, sorted and filtered by when it was
first reported (the earliest publication date among its sources): `reported_on`, and
`dated_on`, the date said or else that. The timeline's indexes follow `dated_on`."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

ORDER_SQL = {
    "postgresql": 'CREATE INDEX IF NOT EXISTS "position_timeline_idx" ON "positions_position" '
    '("status", "dated_on" DESC NULLS LAST, "id" DESC)',
    "sqlite": 'CREATE INDEX IF NOT EXISTS "position_timeline_idx" ON "positions_position" '
    '("status", "dated_on" DESC, "id" DESC)',
}
PREVIOUS_ORDER_SQL = {
    vendor: sql.replace('"dated_on"', '"said_on"') for vendor, sql in ORDER_SQL.items()
}


def fill_dates(apps, schema_editor):
    Position = apps.get_model("positions", "Position")
    Citation = apps.get_model("positions", "Citation")
    earliest = (
        Citation.objects.filter(position=OuterRef("pk"), article__published_on__isnull=False)
        .order_by("article__published_on")
        .values("article__published_on")[:1]
    )
    Position.objects.update(
        reported_on=Subquery(earliest), dated_on=Coalesce("said_on", Subquery(earliest))
    )


def order_index(statements):
    def run(apps, schema_editor):
        schema_editor.execute('DROP INDEX IF EXISTS "position_timeline_idx"')
        sql = statements.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('positions', '0010_clean_control_characters'),
        ('speakers', '0002_messages_for_duplicates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='position',
            options={'ordering': [models.OrderBy(models.F('dated_on'), descending=True, nulls_last=True), '-id'], 'permissions': [('review_position', 'Can approve or reject positions')]},
        ),
        migrations.RemoveIndex(
            model_name='position',
            name='position_speaker_date_idx',
        ),
        migrations.RemoveIndex(
            model_name='position',
            name='position_stance_date_idx',
        ),
        migrations.RemoveIndex(
            model_name='position',
            name='position_facets_idx',
        ),
        migrations.AddField(
            model_name='position',
            name='dated_on',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='position',
            name='reported_on',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop),
        migrations.RunPython(order_index(ORDER_SQL), order_index(PREVIOUS_ORDER_SQL)),
        migrations.AddIndex(
            model_name='position',
            index=models.Index(fields=['status', 'speaker', 'stance', 'dated_on'], name='position_facets_idx'),
        ),
        migrations.AddIndex(
            model_name='position',
            index=models.Index(fields=['speaker', 'dated_on'], name='position_speaker_date_idx'),
        ),
        migrations.AddIndex(
            model_name='position',
            index=models.Index(fields=['stance', 'dated_on'], name='position_stance_date_idx'),
        ),
    ]
