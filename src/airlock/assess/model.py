"""The assessment report: the JSON document `airlock assess --json` writes (schema_version 1).

Its JSON Schema is `AssessmentReport.model_json_schema()` (`airlock assess --schema`), and
docs/assess.md describes every field. Counts are rows; shares are fractions 0..1.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1
Evidence = Literal["measured", "sampled", "declared", "mixed", "unknown"]
TraitId = Literal["storage", "quality", "governance", "integration"]


class FormatShare(BaseModel):
    name: str
    label: str
    rows: int = Field(description="Rows in this format (sampled rows when evidence=sampled).")
    evidence: Literal["measured", "sampled"] = "measured"
    share: float = Field(
        description="Of the column's meaningful values (not null/blank/placeholder)."
    )


class EntityHit(BaseModel):
    entity: str
    category: str
    severity: str
    rows: int = Field(description="Sampled values holding this entity.")
    share: float = Field(description="Of the sampled rows.")


class ColumnProfile(BaseModel):
    name: str
    dtype: str
    kind: str = Field(description="email|date|phone|number|code|text|empty, or the typed kind.")
    comment: str | None = None
    rows: int
    nulls: int
    empty: int = 0
    placeholders: int = 0
    missing_share: float
    approx_distinct: int | None = None
    key_candidate: bool = False
    distinct: int | None = None
    duplicate_values: int | None = None
    normalizer: str | None = None
    near_duplicates: int | None = Field(
        default=None, description="Extra duplicates that appear only after normalization."
    )
    formats: list[FormatShare] = Field(default_factory=list)
    dominant_format: str | None = None
    dominant_share: float | None = None
    stored_as_text: str | None = Field(
        default=None, description="number|date when a text column holds typed values."
    )
    shape: str | None = None
    shape_share: float | None = Field(default=None, description="From the sample.")
    newest: datetime | None = None
    stale: int | None = None
    sensitive: list[EntityHit] = Field(default_factory=list)
    sample_size: int = 0
    unsupported: list[str] = Field(default_factory=list)


class TableProfile(BaseModel):
    source: str
    name: str
    format: str | None = None
    rows: int
    bytes: int | None = None
    comment: str | None = None
    columns: list[ColumnProfile]
    exact_duplicate_rows: int | None = None
    naming_style: str | None = None
    naming_consistency: float | None = None
    documented_share: float = 0.0
    freshness_column: str | None = None
    newest: datetime | None = None
    age_days: float | None = None
    stale_rows: int | None = None
    entities: list[str] = Field(default_factory=list)
    sample_size: int = 0
    seconds: float = 0.0
    error: str | None = None


class GovernanceEvidence(BaseModel):
    engine: str
    tls: bool | None = None
    tables: int = 0
    public_tables: list[str] = Field(default_factory=list)
    superuser_owned: list[str] = Field(default_factory=list)
    rls_tables: list[str] = Field(default_factory=list)
    roles: int | None = None
    broad_access_tables: list[str] = Field(
        default_factory=list, description="Readable by every login role."
    )


class SourceReport(BaseModel):
    name: str
    format: str
    location: str = Field(description="Path, or URL with the password redacted.")
    storage: str
    reachable_by: Literal["connection", "export"]
    engine: str
    tables: list[TableProfile] = Field(default_factory=list)
    governance: GovernanceEvidence | None = None
    errors: list[str] = Field(default_factory=list)
    accuracy: dict[str, str] = Field(
        default_factory=dict,
        description="How this engine computes approximate, distinct and sampled figures.",
    )

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


class Criterion(BaseModel):
    id: str
    label: str
    score: int | None
    weight: float
    evidence: Evidence
    detail: str


class TraitScore(BaseModel):
    id: TraitId
    name: str
    score: int
    evidence: Evidence
    criteria: list[Criterion]


class Maturity(BaseModel):
    level: int
    name: str
    description: str
    score: int


class Stage(BaseModel):
    id: str
    name: str
    reached: bool
    blockers: list[str] = Field(default_factory=list)


class Hierarchy(BaseModel):
    reached: str | None = Field(description="Id of the highest stage reached.")
    stages: list[Stage]


class Remediation(BaseModel):
    id: str
    trait: TraitId
    severity: Literal["critical", "high", "medium", "low"]
    impact: float = Field(description="Sort key: trait weight x severity x share affected.")
    where: str
    title: str
    detail: str
    rows: int | None = None
    share: float | None = None
    action: str
    evidence: Evidence = "measured"


class InventoryEntry(BaseModel):
    entity: str
    systems: list[str]
    tables: list[str]


class Estate(BaseModel):
    sources: int
    tables: int
    columns: int
    rows: int
    managed_rows: int
    loose_file_rows: int
    connection_sources: int
    export_sources: int
    inventory: list[InventoryEntry] = Field(default_factory=list)


class AssessmentReport(BaseModel):
    schema_version: int = SCHEMA_VERSION
    created_at: datetime
    airlock_version: str
    run_id: int | None = None
    seconds: float = 0.0
    sample_rows: int
    stale_after_days: int
    sources: list[SourceReport]
    estate: Estate
    traits: list[TraitScore]
    overall: int
    maturity: Maturity
    hierarchy: Hierarchy
    plan: list[Remediation]
    declared: dict[str, str] = Field(
        default_factory=dict, description="Questionnaire answers (assessment.yaml)."
    )

    def trait(self, trait_id: str) -> TraitScore:
        return next(t for t in self.traits if t.id == trait_id)
