"""The registry of entity types: id, category, severity and a short description.

Entity ids reuse Microsoft Presidio's names where one exists, so rule sets migrate.
Each detector module declares the entities it finds; `all_entities()` collects them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from airlock.detect.finding import Category


class Severity(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.upper()]
        except KeyError:
            choices = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {name!r} (choose from {choices})") from None


@dataclass(frozen=True, slots=True)
class EntitySpec:
    id: str
    category: Category
    severity: Severity
    description: str
    presidio: bool = False  # the id is also a Presidio entity name


def entity_index(specs: list[EntitySpec]) -> dict[str, EntitySpec]:
    """Index specs by id; an id declared twice must be declared identically."""
    index: dict[str, EntitySpec] = {}
    for spec in specs:
        seen = index.get(spec.id)
        if seen is not None and seen != spec:
            raise ValueError(f"entity {spec.id} is declared twice with different attributes")
        index[spec.id] = spec
    return index
