"""Reasons, given by the apps above, why objects of an app below must not be deleted.

A lower app cannot ask a higher one (the layers run one way), so the higher one registers
its reasons here (in its apps.py) and the lower app's admin asks this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models

Guard = Callable[[Iterable[models.Model]], list[str]]

_guards: dict[type[models.Model], list[Guard]] = defaultdict(list)


def register_guard(model: type[models.Model], guard: Guard) -> None:
    """`guard(objects)` gives the reasons, if any, that these objects must stay."""
    if guard not in _guards[model]:
        _guards[model].append(guard)


def reasons_to_keep(model: type[models.Model], objects: Iterable[models.Model]) -> list[str]:
    objects = list(objects)
    return [reason for guard in _guards[model] for reason in guard(objects)]


class GuardedDeletionAdmin:
    """A ModelAdmin mixin: the delete confirmation lists the registered reasons as
    protected, so the objects cannot be deleted while any holds."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, needed, [*protected, *reasons_to_keep(self.model, objs)]
