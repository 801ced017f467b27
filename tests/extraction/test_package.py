"""The extraction package is plain Python: it imports and runs without Django."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

PROGRAM = """
import datetime, sys
from apps.extraction import extract_statements
found = extract_statements(
    "NATO Secretary General Jens Stoltenberg said on Tuesday that Ukraine will join NATO "
    "once the war is over.",
    published=datetime.date(2023, 4, 21),
)
print(len(found), found[0].stance, found[0].said_on)
print(sorted(name for name in sys.modules if name.split(".")[0] == "django"))
"""


def test_the_extraction_package_runs_without_django():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == [
        "1 supports_membership_after_war 2023-04-18",
        "[]",
    ]
