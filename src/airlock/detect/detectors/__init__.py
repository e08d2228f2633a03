"""The registry of detector families: one module per family, each with `build(ctx)`.

To add a family, write a module with `ENTITIES` and `build(ctx) -> list[Detector]`
and list it in `FAMILIES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from airlock.detect.config import DetectConfig
from airlock.detect.detector import Detector
from airlock.detect.entities import EntitySpec

if TYPE_CHECKING:
    from airlock.detect.fingerprint import FingerprintIndex


@dataclass(frozen=True)
class BuildContext:
    """What a family may need to build its detectors."""

    config: DetectConfig
    fingerprints: FingerprintIndex | None = None
    base_dir: Path | None = None  # relative files in the config are resolved from here


def families() -> list[ModuleType]:
    from airlock.detect.detectors import (
        code,
        contact,
        credentials,
        custom,
        financial,
        government,
        person,
    )

    return [contact, government, person, financial, credentials, code, custom]


def builtin_entities() -> list[EntitySpec]:
    """Every entity a built-in family can report (custom entities excluded)."""
    specs: list[EntitySpec] = []
    for family in families():
        specs.extend(family.ENTITIES)
    return specs


def build_detectors(ctx: BuildContext) -> list[Detector]:
    detectors: list[Detector] = []
    for family in families():
        detectors.extend(family.build(ctx))
    return detectors
