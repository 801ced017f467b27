"""Create the first admin user once, and say how to log in.

The credentials come from ADMIN_USERNAME and ADMIN_PASSWORD when set; otherwise a password
is generated, printed, and kept in var/admin-credentials (readable by its owner only) so a
second `make run` can print it again instead of resetting it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = Path(settings.BASE_DIR) / "var" / "admin-credentials"


class Command(BaseCommand):
    help = "Create the admin user if there is none, and print its credentials."

    def handle(self, *args, **options) -> None:
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD", "")
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = password or self._saved_or_new_password()
            user = user_model.objects.create_superuser(username=username, password=password)
            self._save(username, password)
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
        else:
            password = self._saved_password(user)
        admin_group = Group.objects.filter(name="Admin").first()
        if admin_group:
            user.groups.add(admin_group)
        shown = password or "(unchanged; set ADMIN_PASSWORD to reset it)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {settings.SITE_URL}/admin/  user {username}  password {shown}"
            )
        )

    def _saved_or_new_password(self) -> str:
        return secrets.token_urlsafe(12)

    def _save(self, username: str, password: str) -> None:
        CREDENTIALS_FILE.parent.mkdir(exist_ok=True)
        CREDENTIALS_FILE.write_text(f"{username}\n{password}\n")
        CREDENTIALS_FILE.chmod(0o600)

    def _saved_password(self, user) -> str:
        if not CREDENTIALS_FILE.exists():
            return ""
        lines = CREDENTIALS_FILE.read_text().splitlines()
        if len(lines) >= 2 and lines[0] == user.username and user.check_password(lines[1]):
            return lines[1]
        return ""
