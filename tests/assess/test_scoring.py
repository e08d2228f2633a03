"""Scoring rules, maturity level, hierarchy of needs and the questionnaire."""

from __future__ import annotations

from pathlib import Path

import pytest

from airlock.assess.maturity import hierarchy, maturity
from airlock.assess.model import Criterion, TraitScore
from airlock.assess.questionnaire import load_questionnaire
from airlock.assess.score import scale, traits
from airlock.errors import ConfigError


@pytest.mark.parametrize(
    ("value", "good", "bad", "expected"),
    [(0.0, 0.02, 0.30, 100), (0.02, 0.02, 0.30, 100), (0.16, 0.02, 0.30, 50),
     (0.5, 0.02, 0.30, 0), (0.9, 0.9, 0.2, 100), (0.55, 0.9, 0.2, 50), (0.1, 0.9, 0.2, 0)],
)  # fmt: skip
def test_scale_is_linear_between_bad_and_good(
    value: float, good: float, bad: float, expected: int
) -> None:
    assert scale(value, good, bad) == expected


def _trait(tid: str, score: int, extra: dict[str, int] | None = None) -> TraitScore:
    criteria = [Criterion(id=k, label=k, score=v, weight=1, evidence="measured", detail="")
                for k, v in (extra or {}).items()]  # fmt: skip
    return TraitScore(id=tid, name=tid, score=score, evidence="measured", criteria=criteria)  # type: ignore[arg-type]


def test_trait_is_the_weighted_mean_and_unknown_criteria_are_left_out() -> None:
    items = [
        Criterion(id="quality.a", label="a", score=100, weight=3, evidence="measured", detail=""),
        Criterion(id="quality.b", label="b", score=0, weight=1, evidence="declared", detail=""),
        Criterion(id="quality.c", label="c", score=None, weight=5, evidence="unknown", detail=""),
    ]
    quality = next(t for t in traits(items) if t.id == "quality")
    assert quality.score == 75
    assert quality.evidence == "mixed"


def test_level_is_capped_one_above_the_weakest_trait() -> None:
    strong = [_trait(t, 95) for t in ("storage", "quality", "governance")]
    result = maturity([*strong, _trait("integration", 10)])
    assert result.score == 74
    assert result.level == 2 and result.name == "Emerging"
    assert (
        maturity([_trait(t, 92) for t in ("storage", "quality", "governance", "integration")]).name
        == "AI-optimized"
    )


def test_hierarchy_stops_at_the_first_unmet_stage_and_names_the_blockers() -> None:
    scored = [
        _trait("storage", 80, {"storage.documentation": 20}),
        _trait("quality", 70, {"quality.completeness": 90, "quality.duplicate_keys": 95}),
        _trait("governance", 80),
        _trait("integration", 80),
    ]
    result = hierarchy(scored, rows=10)
    assert result.reached == "explore"
    blocked = next(s for s in result.stages if not s.reached)
    assert blocked.id == "aggregate"
    assert blocked.blockers == [
        "tables and columns are documented (storage.documentation 20, needs 50)"
    ]
    assert hierarchy(scored, rows=0).reached is None


def test_questionnaire_answers_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "assessment.yaml"
    path.write_text("governance:\n  data_owners: partial\n  encryption_at_rest: yes\n")
    answers = load_questionnaire(path).answers()
    assert answers["governance.data_owners"][1] == "partial"
    assert answers["governance.encryption_at_rest"][1] == "yes"
    path.write_text("governance:\n  data_owners: maybe\n")
    with pytest.raises(ConfigError) as info:
        load_questionnaire(path)
    assert f"{path}:2:" in str(info.value) and "governance.data_owners" in str(info.value)


def test_criteria_from_the_sample_say_sampled() -> None:
    from airlock.assess.evidence import gather
    from airlock.assess.questionnaire import Questionnaire
    from airlock.assess.score import criteria

    found = {c.id: c.evidence for c in criteria(gather([], {}), [], Questionnaire())}
    assert found["governance.credentials"] == "sampled"
    assert found["governance.sensitive_unstructured"] == "sampled"
    assert found["quality.completeness"] == "unknown"  # nothing measured
