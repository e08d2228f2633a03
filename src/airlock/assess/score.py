"""The scoring rules: each trait is the weighted mean of its criteria, each criterion a
measured figure mapped linearly from `bad` (0 points) to `good` (100 points), or a declared
answer (yes 100, partial 50, no 0). Criteria with nothing to go on are left out and shown
as unknown. docs/assess.md lists every rule; `RULES` is the single source of both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from airlock.assess.evidence import Facts
from airlock.assess.model import Criterion, Evidence, GovernanceEvidence, SourceReport, TraitScore
from airlock.assess.questionnaire import POINTS, Questionnaire

TRAITS: dict[str, str] = {
    "storage": "Data storage",
    "quality": "Data quality",
    "governance": "Security & governance",
    "integration": "System integration",
}
DECLARED_WEIGHT = 0.5


def scale(value: float, good: float, bad: float) -> int:
    """100 at `good` (or better), 0 at `bad` (or worse), linear between."""
    if good == bad:
        return 100 if value == good else 0
    fraction = (value - bad) / (good - bad)
    return round(100 * min(1.0, max(0.0, fraction)))


def pct(value: float) -> str:
    return f"{value:.1%}"


@dataclass(frozen=True)
class Rule:
    """A measured criterion: `figure(facts)` mapped from `bad` to `good`."""

    trait: str
    id: str
    label: str
    figure: Callable[[Facts], float | None]
    good: float
    bad: float
    weight: float
    shown: Callable[[float], str]
    # "sampled" when the figure comes from the sample (formats inferred, detection run)
    evidence: Evidence = "measured"


def _sensitive_in_files(facts: Facts) -> float | None:
    if not facts.sensitive_tables:
        return 0.0
    loose = sum(1 for s, _ in facts.sensitive_tables if s.storage in ("file", "embedded"))
    return loose / len(facts.sensitive_tables)


RULES: tuple[Rule, ...] = (
    Rule("quality", "completeness", "Cells that are null, blank or a placeholder",
         lambda f: f.missing_share, 0.02, 0.30, 2.0, pct),
    Rule("quality", "duplicate_rows", "Exact duplicate rows",
         lambda f: f.duplicate_row_share, 0.001, 0.05, 1.5, pct),
    Rule("quality", "duplicate_keys", "Repeated values in candidate keys",
         lambda f: f.key_duplicate_share, 0.001, 0.05, 1.0, pct),
    Rule("quality", "near_duplicates", "Near-duplicates after normalization (e-mail, phone, case)",
         lambda f: f.near_duplicate_share, 0.002, 0.05, 1.0, pct),
    Rule("quality", "standardization", "Values outside their column's dominant format (mean)",
         lambda f: f.nonconformance, 0.01, 0.20, 1.5, pct),
    Rule("quality", "typing", "Text columns holding numbers or dates",
         lambda f: f.text_typed_share, 0.0, 0.30, 0.5, pct, "sampled"),
    Rule("quality", "staleness", "Rows not updated within the staleness window",
         lambda f: f.stale_share, 0.05, 0.50, 1.0, pct),
    Rule("quality", "recency", "Age of the newest record (median over tables)",
         lambda f: f.median_age_days, 30, 730, 0.5, lambda v: f"{v:.0f} days"),
    Rule("storage", "managed", "Rows held in managed databases, warehouses or lakes",
         lambda f: f.managed_share, 0.9, 0.2, 2.0, pct),
    Rule("storage", "fragmentation", "Business entities spread over several systems",
         lambda f: f.fragmented_share, 0.0, 0.6, 1.0, pct),
    Rule("storage", "naming", "Columns following their table's naming convention",
         lambda f: f.naming_consistency, 0.95, 0.6, 1.0, pct),
    Rule("storage", "documentation", "Tables and columns with comments",
         lambda f: f.documented_share, 0.6, 0.0, 1.0, pct),
    Rule("integration", "connectivity", "Sources reachable by connection (not only by export)",
         lambda f: f.connection_share, 0.9, 0.2, 2.0, pct),
    Rule("integration", "loose_copies", "Rows living in loose files (exports, spreadsheets)",
         lambda f: None if f.managed_share is None else 1 - f.managed_share, 0.1, 0.8, 1.0, pct),
    Rule("governance", "sensitive_unstructured", "Free-text or code columns holding sensitive data",
         lambda f: float(len(f.free_text_sensitive)), 0, 5, 1.5, lambda v: f"{v:.0f} columns",
         "sampled"),
    Rule("governance", "credentials", "Columns holding credentials (keys, tokens, passwords)",
         lambda f: float(len(f.credentials)), 0, 1, 1.5, lambda v: f"{v:.0f} columns", "sampled"),
    Rule("governance", "sensitive_in_files", "Tables with sensitive data kept in loose files",
         _sensitive_in_files, 0.0, 0.5, 1.5, pct, "sampled"),
)  # fmt: skip


def _governance_rules(sources: list[SourceReport]) -> list[Criterion]:
    """Criteria from the engines' own access metadata (PostgreSQL today)."""
    found = [s.governance for s in sources if s.governance is not None]
    evidence: list[GovernanceEvidence] = [g for g in found if g.tables]
    if not evidence:
        return []
    tables = sum(g.tables for g in evidence)
    public = sum(len(g.public_tables) + len(g.broad_access_tables) for g in evidence) / tables
    superuser = sum(len(g.superuser_owned) for g in evidence) / tables
    rls = sum(len(g.rls_tables) for g in evidence) / tables
    tls = [g.tls for g in evidence if g.tls is not None]
    out = [
        Criterion(id="open_access", label="Tables readable by PUBLIC or every login role",
                  score=scale(public, 0.0, 0.2), weight=2.0, evidence="measured",
                  detail=f"{pct(public)} of {tables} tables"),
        Criterion(id="superuser_owned", label="Tables owned by a superuser",
                  score=scale(superuser, 0.0, 0.5), weight=1.0, evidence="measured",
                  detail=f"{pct(superuser)} of {tables} tables"),
        Criterion(id="row_level_security", label="Tables with row-level security",
                  score=scale(rls, 0.5, 0.0), weight=0.5, evidence="measured",
                  detail=f"{pct(rls)} of {tables} tables"),
    ]  # fmt: skip
    if tls:
        share = sum(1 for t in tls if t) / len(tls)
        out.append(Criterion(id="tls", label="Database connections encrypted (TLS)",
                             score=round(100 * share), weight=1.0, evidence="measured",
                             detail=f"{sum(tls)} of {len(tls)} connections"))  # fmt: skip
    return out


def criteria(facts: Facts, sources: list[SourceReport], answers: Questionnaire) -> list[Criterion]:
    """Every criterion of every trait, in trait order (ids are `trait.criterion`)."""
    out: list[Criterion] = []
    for rule in RULES:
        value = rule.figure(facts)
        out.append(
            Criterion(
                id=f"{rule.trait}.{rule.id}",
                label=rule.label,
                score=None if value is None else scale(value, rule.good, rule.bad),
                weight=rule.weight,
                evidence="unknown" if value is None else rule.evidence,
                detail="not measurable on these sources" if value is None else rule.shown(value),
            )
        )
    for item in _governance_rules(sources):
        out.append(item.model_copy(update={"id": f"governance.{item.id}"}))
    for key, (_, answer, description) in answers.answers().items():
        out.append(Criterion(id=key, label=description, score=POINTS[answer],
                             weight=DECLARED_WEIGHT, evidence="declared",
                             detail=f"declared: {answer}"))  # fmt: skip
    return out


def traits(items: list[Criterion]) -> list[TraitScore]:
    """The four trait scores (weighted mean of their scored criteria)."""
    out = []
    for trait, name in TRAITS.items():
        mine = [c for c in items if c.id.split(".", 1)[0] == trait]
        scored = [c for c in mine if c.score is not None]
        weight = sum(c.weight for c in scored)
        score = round(sum((c.score or 0) * c.weight for c in scored) / weight) if weight else 0
        kinds = {c.evidence for c in scored}
        evidence: Evidence = "unknown" if not kinds else kinds.pop() if len(kinds) == 1 else "mixed"
        out.append(TraitScore(id=trait, name=name, score=score, evidence=evidence,
                              criteria=mine))  # fmt: skip
    return out
