"""Outlet kinds analysts asked for: "official source" (was "government"), aggregator,
blog; and a separate state-controlled flag."""

from django.db import migrations, models


def rename_government(apps, schema_editor):
    apps.get_model("sources", "Outlet").objects.filter(kind="government").update(kind="official")


def rename_official(apps, schema_editor):
    apps.get_model("sources", "Outlet").objects.filter(kind="official").update(kind="government")


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0003_article_queued_at'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='outlet',
            name='outlet_kind_valid',
        ),
        migrations.RunPython(rename_government, rename_official),
        migrations.AddField(
            model_name='outlet',
            name='state_controlled',
            field=models.BooleanField(default=False, help_text='Owned or editorially controlled by a state (a wire service can be).'),
        ),
        migrations.AlterField(
            model_name='outlet',
            name='kind',
            field=models.CharField(choices=[('official', 'Official source'), ('news_agency', 'News agency'), ('newspaper', 'Newspaper or magazine'), ('broadcaster', 'Broadcaster'), ('think_tank', 'Think tank'), ('aggregator', 'Aggregator'), ('blog', 'Blog, forum or personal site'), ('other', 'Other')], default='other', max_length=20),
        ),
        migrations.AddConstraint(
            model_name='outlet',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['official', 'news_agency', 'newspaper', 'broadcaster', 'think_tank', 'aggregator', 'blog', 'other'])), name='outlet_kind_valid'),
        ),
    ]
