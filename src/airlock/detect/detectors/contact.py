"""Placeholder: this family is being written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from airlock.detect.detector import Detector
from airlock.detect.entities import EntitySpec

if TYPE_CHECKING:
    from airlock.detect.detectors import BuildContext

ENTITIES: list[EntitySpec] = []


def build(ctx: BuildContext) -> list[Detector]:
    return []
