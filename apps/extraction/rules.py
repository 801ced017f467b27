"""The register of extraction rules (data/rules.toml): each rule's id, purpose and the
example sentences it must handle. Statements name these ids in `rules`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Example:
    text: str
    published: str
    expect: dict[str, object]


@dataclass(frozen=True)
class Rule:
    id: str
    purpose: str
    examples: tuple[Example, ...]


@cache
def registered_rules() -> dict[str, Rule]:
    data = tomllib.loads((DATA / "rules.toml").read_text(encoding="utf-8"))
    return {
        entry["id"]: Rule(
            id=entry["id"],
            purpose=entry["purpose"],
            examples=tuple(
                Example(
                    text=example["text"],
                    published=example["published"],
                    expect={k: v for k, v in example.items() if k not in {"text", "published"}},
                )
                for example in entry.get("example", [])
            ),
        )
        for entry in data["rule"]
    }
