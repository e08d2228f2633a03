from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airlock.detect import DetectConfig, Engine, Finding
from airlock.detect.config import CustomPattern
from airlock.detect.detector import Detector, Hit, Trigger
from airlock.detect.document import Document
from airlock.detect.engine import resolve_overlaps
from airlock.detect.entities import EntitySpec, Severity
from airlock.detect.matcher import HyperscanMatcher, ReMatcher
from airlock.errors import DetectionError


def _f(start: int, end: int, score: float, entity: str = "X", scope: str = "span") -> Finding:
    return Finding(start, end, entity, "custom", score, "t", scope)  # type: ignore[arg-type]


def test_overlaps_keep_the_higher_score_then_the_longer_span() -> None:
    findings = [
        _f(0, 10, 0.9, "A"),
        _f(5, 12, 0.95, "B"),
        _f(20, 30, 0.8, "C"),
        _f(20, 25, 0.8, "D"),
    ]
    kept = resolve_overlaps(findings)
    assert [(f.entity, f.start) for f in kept] == [("B", 5), ("C", 20)]


def test_document_findings_survive_overlap_resolution() -> None:
    kept = resolve_overlaps([_f(0, 100, 0.6, "DOC", "document"), _f(3, 8, 0.9, "A")])
    assert {f.entity for f in kept} == {"DOC", "A"}


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30), st.floats(0, 1)), max_size=40))
def test_resolved_spans_never_overlap(raw: list[tuple[int, int, float]]) -> None:
    kept = resolve_overlaps([_f(s, s + n, score) for s, n, score in raw])
    for a, b in itertools.pairwise(kept):
        assert a.end <= b.start


PATTERNS = [(r"[a-c]+@[a-c]", False), (r"\b[0-9]{3}-[0-9]{2}\b", False), (r"xy+z", True)]


@settings(max_examples=200)
@given(st.text(alphabet="abc@xyzXYZ0123456789- .", max_size=200))
def test_both_matcher_backends_report_the_same_spans(text: str) -> None:
    data = text.encode("ascii")
    assert HyperscanMatcher(PATTERNS).scan(data) == ReMatcher(PATTERNS).scan(data)


def test_matcher_reports_leftmost_longest_once_per_start() -> None:
    spans = HyperscanMatcher([(r"[0-9]{2,6}", False)]).scan(b"1234567 89")
    assert spans == [(0, 0, 6), (0, 6, 7), (0, 8, 10)] or spans == [(0, 0, 6), (0, 8, 10)]


class _Exploding(Detector):
    name = "exploding"
    entities = (EntitySpec("BOOM", "custom", Severity.LOW, "test"),)

    def triggers(self) -> Sequence[Trigger]:
        return (Trigger("k", "boom"),)

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        raise ValueError(f"cannot handle {doc.text}")


def test_a_failing_detector_fails_the_scan_without_quoting_the_text() -> None:
    engine = Engine(DetectConfig())
    engine._detectors = [_Exploding()]  # the engine's own wiring, with a detector that breaks
    engine._trigger_owner = [(0, "k")]
    engine._matcher = HyperscanMatcher([("boom", False)])
    engine._always = []
    engine._enabled = {"BOOM"}
    with pytest.raises(DetectionError) as info:
        engine.scan("secret-value boom")
    assert "secret-value" not in str(info.value)
    assert "exploding" in str(info.value)
    assert "test_engine.py:" in str(info.value)
    # The chain is cut: a printed traceback cannot show the original message either.
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_unknown_entities_are_rejected() -> None:
    engine = Engine(DetectConfig(custom_patterns=[CustomPattern(entity="T1", pattern="t1")]))
    with pytest.raises(DetectionError, match="NOPE"):
        engine.scan("x", entities=["NOPE"])
    with pytest.raises(DetectionError, match="NOPE"):
        Engine(DetectConfig(entities=["NOPE"]))


def test_entity_filter_limits_the_findings() -> None:
    config = DetectConfig(
        custom_patterns=[
            CustomPattern(entity="T1", pattern="t1"),
            CustomPattern(entity="T2", pattern="t2"),
        ]
    )
    engine = Engine(config)
    assert [f.entity for f in engine.scan("t1 t2", entities=["T2"])] == ["T2"]
    assert [
        f.entity
        for f in Engine(config.model_copy(update={"disabled_entities": ["T1"]})).scan("t1 t2")
    ] == ["T2"]


def test_min_score_drops_weak_findings() -> None:
    config = DetectConfig(custom_patterns=[CustomPattern(entity="T1", pattern="t1", score=0.4)])
    assert Engine(config).scan("t1") == []
    assert len(Engine(config.model_copy(update={"min_score": 0.3})).scan("t1")) == 1


def test_non_ascii_text_keeps_character_offsets() -> None:
    engine = Engine(
        DetectConfig(custom_patterns=[CustomPattern(entity="T1", pattern="TCK-[0-9]{4}")])
    )
    text = "Größe 😀 naïve TCK-1234 ünd"
    (finding,) = engine.scan(text)
    assert finding.value(text) == "TCK-1234"


def test_finding_repr_and_preview_never_show_the_value() -> None:
    text = "token: ABCDEFGHIJKLMNOP1234"
    finding = _f(7, len(text), 0.9)
    assert "ABCDEFGH" not in repr(finding)
    preview = finding.preview(text)
    assert preview.endswith("1234")
    assert "ABCDEFGH" not in preview


def test_code_regions_do_not_hide_the_values_inside_them() -> None:
    region = Finding(0, 100, "PROPRIETARY_CODE", "code", 0.98, "proprietary_code")
    secret = Finding(10, 30, "AWS_SECRET_KEY", "credential", 0.95, "credentials")
    assert set(resolve_overlaps([region, secret])) == {region, secret}


def test_builtin_entities_are_known_without_their_detector() -> None:
    engine = Engine(DetectConfig(entities=["PROPRIETARY_CODE", "EMAIL_ADDRESS"]))
    assert "PROPRIETARY_CODE" in engine.entities
    assert engine.scan("mail a.b@example.com", entities=["PROPRIETARY_CODE"]) == []


def _hits_by_definition(engine: Engine, data: bytes) -> dict[int, list[Hit]]:
    # Each trigger's leftmost-longest spans (`Matcher.scan`), grouped by detector.
    grouped: dict[int, list[Hit]] = {}
    for pid, start, end in engine._matcher.scan(data):
        owner, key = engine._trigger_owner[pid]
        grouped.setdefault(owner, []).append(Hit(key, start, end))
    return grouped


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def default_engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(matcher=request.param))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Maria ",
                "Garcia ",
                "de ",
                "la ",
                "Dear ",
                "Name: ",
                "a@b.co ",
                "4111 ",
                "1111 ",
                "+1 415 555 0100 ",
                "van ",
                "é",
                "'",
                "-",
                "\n",
                ", ",
                "AKIA",
                "ABCDEFGHIJKLMNOP ",
            ]
        ),
        max_size=60,
    )
)
def test_each_detector_gets_the_leftmost_longest_spans_of_its_triggers(
    default_engine: Engine, pieces: list[str]
) -> None:
    data = "".join(pieces).encode("ascii", "replace")
    assert default_engine._hits(data) == _hits_by_definition(default_engine, data)


def test_matches_are_sorted_with_the_longest_span_of_a_start_first() -> None:
    raw = HyperscanMatcher([(r"[0-9]{2,6}", False)]).matches(b"1234567 89")
    assert raw == sorted(raw)
    assert raw[0] == (0, 0, -6)


def test_the_document_reads_the_text_one_byte_per_character() -> None:
    text = "Größe 😀 naïve"
    assert Document(text).ascii == b"Gr??e ? na?ve"
    assert len(Document(text).ascii) == len(text)
    data = text.encode("ascii", "replace")
    assert Document(text, data).ascii is data  # the engine's copy is shared, not redone
