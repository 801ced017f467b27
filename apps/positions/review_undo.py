"""Taking back a review decision: an editor who approved or rejected by mistake has ten
minutes to put the candidates back in the queue as they were.

The decision travels in a signed token (who decided, what, and each candidate's kind
confirmation before it), so nothing is stored for the many decisions never undone. An
undo restores status, reviewer, review time and kind confirmation, and leaves a history
entry saying so. Apps above (digests) register what an editor should be told first, for
example that a digest already carried an approved position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction

from apps.positions.models import Position

UNDO_SECONDS = 600
_SALT = "positions.review-undo"

Notice = Callable[[list[Position]], list[str]]
_notices: list[Notice] = []


class UndoRefused(Exception):
    """The token is not valid any more, or not this editor's."""


@dataclass
class Decision:
    """What one review action did: the status given and, by position id, whether its kind
    was confirmed before."""

    status: str
    kind_reviewed_before: dict[int, bool] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.kind_reviewed_before)


def register_undo_notice(notice: Notice) -> None:
    """`notice(positions)` gives what an editor undoing these decisions should know."""
    if notice not in _notices:
        _notices.append(notice)


def review(positions: Iterable[Position], status: str, *, by: object) -> Decision:
    """Give each position this status unless it has it already."""
    decision = Decision(status)
    for position in positions:
        if position.status != status:
            decision.kind_reviewed_before[position.pk] = position.kind_reviewed
            position.review(status, by=by)
    return decision


def undo_token(decision: Decision, *, by: object) -> str:
    payload = {
        "status": decision.status,
        "by": getattr(by, "pk", None),
        "kinds": {str(pk): before for pk, before in decision.kind_reviewed_before.items()},
    }
    return signing.dumps(payload, salt=_SALT, compress=True)


@dataclass
class Undone:
    count: int
    notices: list[str]


@transaction.atomic
def undo_review(token: str, *, by: object) -> Undone:
    """Put back in the queue the positions a decision changed and nothing changed since.

    Raises UndoRefused, changing nothing, when the token is forged, older than ten
    minutes or another editor's."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=UNDO_SECONDS)
    except signing.SignatureExpired as error:
        raise UndoRefused(
            "More than ten minutes have passed: this can no longer be undone."
        ) from error
    except signing.BadSignature as error:
        raise UndoRefused("This undo link is not valid.") from error
    if payload["by"] != getattr(by, "pk", None):
        raise UndoRefused("Only the editor who made this decision can undo it.")
    kinds = {int(pk): before for pk, before in payload["kinds"].items()}
    positions = list(
        Position.objects.select_for_update().filter(pk__in=kinds, status=payload["status"])
    )
    notices = [text for notice in _notices for text in notice(positions)]
    for position in positions:
        position.status = Position.Status.PENDING
        position.reviewed_by = None
        position.reviewed_at = None
        position.kind_reviewed = kinds[position.pk]
        position._change_reason = "Decision undone: back to review"
        position.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "kind_reviewed", "updated_at"]
        )
    return Undone(len(positions), notices)
