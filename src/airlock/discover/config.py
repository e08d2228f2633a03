"""Discovery settings (`--config discover.yaml`; later a `discover:` section of airlock.yaml)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from airlock.config import load_yaml_model


class Status(StrEnum):
    """How the company treats a service. Services the config does not list are `unsanctioned`."""

    sanctioned = "sanctioned"
    tolerated = "tolerated"
    prohibited = "prohibited"
    unsanctioned = "unsanctioned"


GATEWAY_ID = "airlock-gateway"


class DiscoverConfig(BaseModel):
    """The schema of discover.yaml (reference: docs/discover.md)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(default=1, ge=1, le=1)
    # Extra catalog files (same schema as the shipped catalog); relative to this file.
    catalog: list[Path] = Field(default_factory=list)
    # Service id -> status; ids are checked against the catalog when a run starts.
    services: dict[str, Status] = Field(default_factory=dict)
    # Host names of the company's Airlock gateway: traffic there is the sanctioned path.
    gateway_hosts: list[str] = Field(default_factory=list)
    # CSV mapping IP addresses or user names to a person and department.
    identity_map: Path | None = None
    # Extra column mappings for generic CSV/TSV/JSONL exports (see mappings/).
    mappings: list[Path] = Field(default_factory=list)
    # Where company data may be processed (ISO codes, EU, global); None: no residency rule.
    allowed_regions: list[str] | None = None
    # Uploads at or above this many bytes to a non-sanctioned service are listed one by one.
    large_upload_bytes: int = Field(default=1_000_000, ge=1)

    @field_validator("gateway_hosts")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [host.strip().lower().rstrip(".") for host in value if host.strip()]

    def resolve(self, base: Path) -> DiscoverConfig:
        """A copy with relative file paths made relative to `base` (the config's folder)."""

        def fix(path: Path) -> Path:
            return path if path.is_absolute() else base / path

        return self.model_copy(
            update={
                "catalog": [fix(p) for p in self.catalog],
                "mappings": [fix(p) for p in self.mappings],
                "identity_map": fix(self.identity_map) if self.identity_map else None,
            }
        )


def load_config(path: Path | None) -> DiscoverConfig:
    """The config in `path` (relative paths resolved against its folder), or the defaults."""
    if path is None:
        return DiscoverConfig()
    return load_yaml_model(path, DiscoverConfig).resolve(path.parent)
