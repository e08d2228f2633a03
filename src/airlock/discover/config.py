"""Discovery settings (`--config discover.yaml`; later a `discover:` section of airlock.yaml)."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from airlock.config import load_yaml_model
from airlock.config.yaml_model import parse_yaml


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
    # The file this came from and the line of each `services:` entry, for errors found once
    # the catalog is loaded (an unknown service id).
    _path: Path | None = PrivateAttr(default=None)
    _service_lines: dict[str, int] = PrivateAttr(default_factory=dict)

    def where(self, service_id: str) -> tuple[Path | None, int | None]:
        """(file, line) where `service_id` was given a status, as far as known."""
        return self._path, self._service_lines.get(service_id)

    @field_validator("allowed_regions")
    @classmethod
    def _regions(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        regions = []
        for region in value:
            code = region.strip().upper()
            if code != "GLOBAL" and not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"{region!r} is not an ISO country code, EU or global")
            regions.append("global" if code == "GLOBAL" else code)
        return regions

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
    config = load_yaml_model(path, DiscoverConfig).resolve(path.parent)
    config._path = path
    _, root = parse_yaml(path.read_text(encoding="utf-8"), path)
    config._service_lines = _key_lines(root, "services")
    return config


def _key_lines(root: yaml.Node | None, section: str) -> dict[str, int]:
    """Key -> 1-based line for the keys of mapping `section` in a YAML node tree."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if key.value == section and isinstance(value, yaml.MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return {}
