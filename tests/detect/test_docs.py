from __future__ import annotations

from pathlib import Path

from airlock.detect.detectors import builtin_entities

DOC = Path(__file__).resolve().parents[2] / "docs" / "detection.md"


def test_every_entity_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = sorted({s.id for s in builtin_entities()} - {w.strip("`") for w in text.split()})
    assert missing == []


def test_the_engine_declares_at_least_forty_credential_formats() -> None:
    credentials = {s.id for s in builtin_entities() if s.category == "credential"}
    assert len(credentials) >= 40
