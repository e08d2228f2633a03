from __future__ import annotations

from pathlib import Path

import pytest

from airlock.detect import DetectConfig, Engine
from airlock.detect.config import CustomPattern, TermList
from airlock.errors import ConfigError

BACKENDS = ["hyperscan", "re"]


def _engine(backend: str, **kwargs: object) -> Engine:
    return Engine(DetectConfig(matcher=backend, **kwargs), base_dir=None)  # type: ignore[arg-type]


def _spans(engine: Engine, text: str) -> list[tuple[str, str]]:
    return [(f.entity, f.value(text)) for f in engine.scan(text)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Status of Project Falcon?", [("CODENAME", "Project Falcon")]),
        ("status of project falcon", [("CODENAME", "project falcon")]),
        ("Falconry is a sport", []),
        ("the falcons flew", []),
        ("ACME-Corp and acme corp", [("CUSTOMER", "acme corp")]),
        ("Bluebird_v2 is not Bluebird.", [("CODENAME", "Bluebird")]),
    ],
)
def test_company_terms_match_whole_words_only(
    backend: str, text: str, expected: list[tuple[str, str]]
) -> None:
    engine = _engine(
        backend,
        custom_terms=[
            TermList(entity="CODENAME", terms=["Project Falcon", "Bluebird", "Falcon"]),
            TermList(entity="CUSTOMER", terms=["ACME Corp"]),
        ],
    )
    assert _spans(engine, text) == expected


def test_case_sensitive_terms_need_the_exact_case() -> None:
    engine = _engine(
        "hyperscan", custom_terms=[TermList(entity="TICKER", terms=["ACME"], ignore_case=False)]
    )
    assert _spans(engine, "acme and ACME") == [("TICKER", "ACME")]


def test_terms_are_read_from_a_file_relative_to_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "terms.txt").write_text("# code names\nOrion\n\nNebula Prime\n", encoding="utf-8")
    config = DetectConfig(custom_terms=[TermList(entity="CODENAME", file=Path("terms.txt"))])
    engine = Engine(config, base_dir=tmp_path)
    text = "Orion ships before Nebula Prime; # code names is a comment"
    assert _spans(engine, text) == [("CODENAME", "Orion"), ("CODENAME", "Nebula Prime")]


def test_missing_term_file_is_a_config_error(tmp_path: Path) -> None:
    config = DetectConfig(custom_terms=[TermList(entity="CODENAME", file=Path("nope.txt"))])
    with pytest.raises(ConfigError, match=r"nope\.txt"):
        Engine(config, base_dir=tmp_path)


def test_non_ascii_terms_and_text_keep_offsets() -> None:
    engine = _engine("hyperscan", custom_terms=[TermList(entity="CUSTOMER", terms=["Müller GmbH"])])
    text = "Straße: Rechnung an MÜLLER GMBH, bitte"
    assert _spans(engine, text) == [("CUSTOMER", "MÜLLER GMBH")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_custom_patterns_use_context_and_report_exact_spans(backend: str) -> None:
    engine = _engine(
        backend,
        custom_patterns=[
            CustomPattern(
                entity="EMPLOYEE_ID", pattern=r"\bEMP-[0-9]{6}\b", score=0.45, context=["employee"]
            ),
            CustomPattern(
                entity="TICKET", pattern=r"TCK-[0-9]{4}", require_context=True, context=["jira"]
            ),
        ],
    )
    text = "employee EMP-123456." + " filler" * 12 + " EMP-654321 has no cue. TCK-1234"
    found = engine.scan(text)
    assert [(f.entity, f.value(text)) for f in found] == [("EMPLOYEE_ID", "EMP-123456")]
    assert found[0].score == pytest.approx(0.55)
    assert _spans(engine, "jira ticket TCK-9876") == [("TICKET", "TCK-9876")]


def test_patterns_hyperscan_cannot_compile_fall_back_to_re() -> None:
    engine = _engine(
        "hyperscan",
        custom_patterns=[CustomPattern(entity="ORDER_REF", pattern=r"(?<=ref=)[0-9]{5}(?![0-9])")],
        entities=["ORDER_REF"],
    )
    assert [d.name for d in engine.detectors] == ["custom_regex"]
    assert _spans(engine, "ref=12345 ref=123456 id=54321") == [("ORDER_REF", "12345")]
