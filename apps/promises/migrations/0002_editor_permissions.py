"""Editors curate promises; setting a status also needs the review permission (admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = [
    "view_promise", "add_promise", "change_promise", "view_historicalpromise",
    "view_promiselink", "add_promiselink", "change_promiselink", "delete_promiselink",
    "view_statuschange", "add_statuschange",
]  # fmt: skip


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("promises")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="promises", codename__in=EDITOR_CODENAMES
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.remove(
            *editor.permissions.filter(content_type__app_label="promises")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("promises", "0001_initial"),
        ("positions", "0003_editor_and_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
