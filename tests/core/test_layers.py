"""The apps form one-way layers: a module imports only from its own layer or below.

    core < speakers < sources < extraction < positions < promises < digests

Imports inside functions count too (they hide a loop rather than remove it). The
extraction package, moreover, never imports Django: it is plain Python over text.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[2] / "apps"
LAYERS = ["core", "speakers", "sources", "extraction", "positions", "promises", "digests"]


def imported_apps(path: Path) -> set[str]:
    """The apps a module imports from, at any depth in the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "apps" and len(parts) > 1:
                found.add(parts[1])
            if parts[0] == "django":
                found.add("django")
    return found


def modules():
    for path in sorted(APPS.rglob("*.py")):
        relative = path.relative_to(APPS)
        if relative.parts[0] in LAYERS and "migrations" not in relative.parts:
            yield relative


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for relative in modules():
        layer = LAYERS.index(relative.parts[0])
        for app in imported_apps(APPS / relative) - {"django"}:
            if app in LAYERS and LAYERS.index(app) > layer:
                found.add((relative.as_posix(), app))
    return found


def test_no_import_runs_upward():
    assert upward_imports() == set()


@pytest.mark.parametrize("module", [m for m in modules() if m.parts[0] == "extraction"])
def test_extraction_is_plain_python(module):
    assert "django" not in imported_apps(APPS / module)


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from apps.positions.models import Position\n")
    assert imported_apps(module) == {"positions"}
