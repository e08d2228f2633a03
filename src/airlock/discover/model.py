"""What a discovery run produces: one report, serializable to JSON and stored per run."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class Level(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Risk(BaseModel):
    score: int = Field(ge=0, le=100)
    level: Level
    reasons: list[str] = Field(default_factory=list)


class ServiceUsage(BaseModel):
    id: str
    name: str
    vendor: str
    category: str
    status: str
    dedicated: bool = True
    requests: int = 0
    users: int = 0
    bytes_out: int = 0
    bytes_in: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    hosts: list[str] = Field(default_factory=list)
    risk: Risk


class DailyPoint(BaseModel):
    day: date
    service_id: str
    requests: int
    users: int
    bytes_out: int


class UserUsage(BaseModel):
    person: str
    department: str
    services: list[str]
    requests: int
    bytes_out: int
    shadow_requests: int
    shadow_bytes_out: int
    largest_upload: int
    risk: Risk


class DepartmentUsage(BaseModel):
    department: str
    users: int
    requests: int
    bytes_out: int
    shadow_users: int
    shadow_requests: int
    shadow_bytes_out: int
    services: list[str]


class Upload(BaseModel):
    ts: datetime
    person: str
    department: str
    src_ip: str | None
    service_id: str
    host: str
    bytes_out: int


class RecommendationKind(StrEnum):
    migrate = "migrate"
    block = "block"
    review = "review"


class Recommendation(BaseModel):
    kind: RecommendationKind
    priority: int = Field(ge=1)
    target: str
    title: str
    detail: str


class FileReport(BaseModel):
    path: str
    format: str
    lines: int
    malformed: int
    examples: list[str] = Field(default_factory=list)
    error: str | None = None


class SkippedFile(BaseModel):
    path: str
    reason: str


class Totals(BaseModel):
    files: int = 0
    lines: int = 0
    malformed: int = 0
    events: int = 0
    ai_events: int = 0
    sanctioned_requests: int = 0
    shadow_requests: int = 0
    ai_users: int = 0
    ai_services: int = 0
    ai_bytes_out: int = 0
    shadow_bytes_out: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    # With --since/--until: the span of the whole logs (the fields above cover the window).
    logs_first_seen: datetime | None = None
    logs_last_seen: datetime | None = None


class DiscoveryReport(BaseModel):
    """A whole run: inputs, totals, per service/user/department usage, risks, advice."""

    run_id: int | None = None
    created_at: datetime
    airlock_version: str
    catalog_version: str
    since: datetime | None = None
    until: datetime | None = None
    inputs: list[str]
    files: list[FileReport]
    skipped: list[SkippedFile] = Field(default_factory=list)
    identities: int = 0
    totals: Totals
    services: list[ServiceUsage]
    daily: list[DailyPoint]
    users: list[UserUsage]
    departments: list[DepartmentUsage]
    uploads: list[Upload]
    recommendations: list[Recommendation]
