"""The two staff groups: Editor reviews and edits; Admin may do everything, users included."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {
    "positions": [
        "view_position", "add_position", "change_position", "review_position",
        "view_historicalposition",
        "view_citation", "add_citation", "change_citation", "delete_citation",
        "view_tag", "add_tag", "change_tag",
        "view_event", "add_event", "change_event",
    ],
    "speakers": [
        "view_speaker", "add_speaker", "change_speaker", "merge_speaker",
        "view_speakeralias", "add_speakeralias", "change_speakeralias", "delete_speakeralias",
        "view_role", "add_role", "change_role", "delete_role",
        "view_organisation", "add_organisation", "change_organisation",
    ],
    "sources": [
        "view_article", "add_article", "change_article",
        "view_feed", "add_feed", "change_feed",
        "view_outlet", "add_outlet", "change_outlet",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        editor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.set(Permission.objects.all())


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("positions", "0002_quote_search_index"),
        ("speakers", "0001_initial"),
        ("sources", "0001_initial"),
        ("digests", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
