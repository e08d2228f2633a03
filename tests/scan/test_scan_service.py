"""The scan service over real files: chunk boundaries, positions, filters, unreadable inputs."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from airlock.detect import DetectConfig, Engine, Finding
from airlock.detect.config import CustomPattern
from airlock.detect.entities import EntitySpec, Severity
from airlock.scan import Discovery, ScanFinding, ScanService, Source, discover

TICKET = "TCK-" + "123456"  # built by concatenation: no literal value to grep for
PATTERNS = [
    CustomPattern(entity="TICKET", pattern=r"TCK-[0-9]{6}", severity="high"),
    CustomPattern(entity="LOWTAG", pattern=r"LOW-[0-9]{4}", severity="low", score=0.6),
]


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(custom_patterns=PATTERNS, matcher=request.param))


def _scan_text(service: ScanService, text: str, name: str = "t.txt") -> list[ScanFinding]:
    result = service.scan_stream(Source(name, None), io.BytesIO(text.encode()))
    assert result.error is None
    return result.findings


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 13, 32])
def test_a_value_across_a_chunk_boundary_is_found_exactly_once(engine: Engine, chunk: int) -> None:
    service = ScanService(engine, chunk_chars=chunk, overlap_chars=16)
    for lead in range(chunk + len(TICKET) + 2):  # the value straddles every boundary offset
        text = "ab\n" + "x" * lead + " " + TICKET + " tail\nmore"
        found = _scan_text(service, text)
        start = text.index(TICKET)
        assert [(f.entity, f.start, f.end) for f in found] == [
            ("TICKET", start, start + len(TICKET))
        ], f"lead={lead}"
        assert (found[0].line, found[0].column) == (2, lead + 2)
        assert (found[0].end_line, found[0].end_column) == (2, lead + 2 + len(TICKET))


@pytest.mark.parametrize("chunk", [1, 7, 50, 4096])
def test_lines_and_columns_match_the_text_for_any_chunk_size(engine: Engine, chunk: int) -> None:
    rng = random.Random(7)
    parts: list[str] = []
    for _ in range(120):
        roll = rng.random()
        if roll < 0.15:
            parts.append("TCK-" + "".join(rng.choice("0123456789") for _ in range(6)))
        elif roll < 0.35:
            parts.append(rng.choice(["\n", "\r\n", "\n\n"]))
        else:
            parts.append(rng.choice(["alpha", "beta", "é", "x" * rng.randint(1, 30)]))
        parts.append(" ")
    text = "".join(parts)
    service = ScanService(engine, chunk_chars=chunk, overlap_chars=16)
    found = _scan_text(service, text)
    expected = [i for i in range(len(text)) if text.startswith("TCK-", i)]
    assert [f.start for f in found] == expected
    for f in found:
        assert (f.line, f.column) == _position(text, f.start)
        assert (f.end_line, f.end_column) == _position(text, f.end)
        assert f.preview.endswith(text[f.end - 2 : f.end])
        assert text[f.start : f.end] not in f.preview


def test_entities_and_min_score_filter_findings(engine: Engine) -> None:
    text = f"{TICKET} and LOW-1234"
    everything = ScanService(engine)
    assert [f.entity for f in _scan_text(everything, text)] == ["TICKET", "LOWTAG"]
    only_low = ScanService(engine, entities=["LOWTAG"])
    assert [f.entity for f in _scan_text(only_low, text)] == ["LOWTAG"]
    confident = ScanService(engine, min_score=0.7)
    assert [f.entity for f in _scan_text(confident, text)] == ["TICKET"]


def test_findings_carry_the_entity_severity_and_category(engine: Engine) -> None:
    found = _scan_text(ScanService(engine), f"{TICKET} LOW-1234")
    assert [(f.severity, f.category, f.detector) for f in found] == [
        (Severity.HIGH, "custom", "custom_patterns"),
        (Severity.LOW, "custom", "custom_patterns"),
    ]


def test_a_folder_run_counts_files_bytes_binaries_and_errors(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(f"first {TICKET}\n")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01" + TICKET.encode())
    (tmp_path / "c.txt").write_bytes(b"broken \xff utf-8 " + TICKET.encode())
    os.symlink(tmp_path / "gone", tmp_path / "dangling")
    found = discover(["dangling", "."])
    report = ScanService(engine).run(found)
    assert [(e.path, e.message) for e in report.errors] == [
        ("dangling", "no such file or directory")
    ]
    assert [(f.path, f.line, f.column) for f in report.findings] == [
        ("a.txt", 1, 7),
        ("c.txt", 1, 16),  # the invalid byte became one replacement character
    ]
    assert (report.files_scanned, report.files_skipped) == (2, 1)
    assert (
        report.bytes_scanned
        == (tmp_path / "a.txt").stat().st_size + (tmp_path / "c.txt").stat().st_size
    )


def test_an_unreadable_input_is_reported_and_the_run_goes_on(
    engine: Engine, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TICKET)
    folder = tmp_path / "folder"
    folder.mkdir()
    sources = [Source("folder", folder), Source("<stdin>", None), Source("good.txt", good)]
    report = ScanService(engine).run(Discovery(sources=sources))
    assert [(e.path, e.message) for e in report.errors] == [
        ("folder", "is a directory"),
        ("<stdin>", "standard input is not available"),
    ]
    assert [f.path for f in report.findings] == ["good.txt"]
    assert report.files_scanned == 1


def test_a_utf16_file_is_scanned_with_positions_in_characters(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("é\nid: TCK-654321".encode("utf-16"))
    result = ScanService(engine).scan_source(Source("wide.txt", path))
    assert [(f.line, f.column, f.start) for f in result.findings] == [(2, 5, 6)]


class _DocumentSignal:
    """A scanner reporting a document-scope signal on windows that contain `def `.

    No built-in family emits document findings yet; this stands in for one (the spans
    still come from the real engine) to prove the service reports it once per file.
    """

    def __init__(self, engine: Engine):
        self._engine = engine
        spec = EntitySpec("SOURCE_CODE", "code", Severity.MEDIUM, "source code")
        self.entities: Mapping[str, EntitySpec] = {**engine.entities, "SOURCE_CODE": spec}

    def scan(self, text: str, *, entities: Iterable[str] | None = None) -> list[Finding]:
        found = self._engine.scan(text)
        if "def " in text:
            score = 0.9 if "return" in text else 0.7
            found.insert(0, Finding(0, len(text), "SOURCE_CODE", "code", score, "t", "document"))
        return found


def test_a_document_signal_is_reported_once_per_file_with_its_best_score(engine: Engine) -> None:
    text = "intro\n" * 10 + "def f():\n    return 1\n" + "def g(): pass\n" + TICKET
    service = ScanService(_DocumentSignal(engine), chunk_chars=8, overlap_chars=16)
    found = _scan_text(service, text)
    documents = [f for f in found if f.scope == "document"]
    assert [(d.entity, d.line, d.start, d.end, d.score) for d in documents] == [
        ("SOURCE_CODE", None, 0, len(text), 0.9)
    ]
    assert documents[0].preview == "<source_code>"
    assert [f.entity for f in found if f.scope == "span"] == ["TICKET"]
