"""The schema of the AI service catalog (services.yaml and a company's own catalog files)."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Labels of lower-case letters, digits and '-'; '*' is a wildcard (see match.py). No trailing dot.
DOMAIN_PATTERN = re.compile(r"^(?:[a-z0-9*](?:[a-z0-9*-]{0,61}[a-z0-9*])?\.)+[a-z0-9-]{2,63}$")
SERVICE_ID = r"^[a-z0-9][a-z0-9-]{0,63}$"


class Category(StrEnum):
    chat = "chat"
    coding = "coding"
    model_api = "model_api"
    model_hub = "model_hub"
    image = "image"
    video = "video"
    voice = "voice"
    meeting = "meeting"
    transcription = "transcription"
    writing = "writing"
    translation = "translation"
    research = "research"
    search = "search"
    productivity = "productivity"
    agents = "agents"
    saas_feature = "saas_feature"


class Account(StrEnum):
    personal = "personal"
    business = "business"
    api = "api"


class Risk(BaseModel):
    """What a security team weighs; None means the vendor does not document it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trains_on_inputs: bool | None
    enterprise_plan: bool | None
    zero_retention: bool | None
    data_residency: list[str] = Field(default_factory=list)
    accounts: list[Account] = Field(min_length=1)

    @field_validator("data_residency")
    @classmethod
    def _regions(cls, value: list[str]) -> list[str]:
        for region in value:
            if region != "global" and not re.fullmatch(r"[A-Z]{2}", region):
                raise ValueError(f"region {region!r} is not an ISO country code, EU or global")
        return value


class Service(BaseModel):
    """One AI service and the domains that identify it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SERVICE_ID)
    name: str = Field(min_length=1)
    vendor: str = Field(min_length=1)
    category: Category
    domains: list[str] = Field(min_length=1)
    dedicated: bool = True
    risk: Risk
    source: str = Field(min_length=10)

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        for domain in value:
            if not DOMAIN_PATTERN.match(domain):
                raise ValueError(f"{domain!r} is not a lower-case domain pattern")
            labels = domain.split(".")
            if any("*" in label for label in labels[-2:]):
                raise ValueError(f"{domain!r}: a wildcard may not cover the registrable domain")
            if sum("*" in label for label in labels) > 1:
                raise ValueError(f"{domain!r}: use at most one label with '*'")
        if len(set(value)) != len(value):
            raise ValueError("a domain is listed twice")
        return value


class Catalog(BaseModel):
    """A catalog file: versioned list of services with unique ids and domains."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_version: int = Field(default=1, ge=1, le=1, alias="schema")
    version: str = Field(min_length=1)
    services: list[Service]

    @model_validator(mode="after")
    def _unique(self) -> Catalog:
        check_unique(self.services)
        return self

    def by_id(self) -> dict[str, Service]:
        return {service.id: service for service in self.services}


def check_unique(services: list[Service]) -> None:
    """Raise ValueError when two services share an id or a domain."""
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for service in services:
        if service.id in ids:
            raise ValueError(f"service id {service.id!r} is listed twice")
        ids.add(service.id)
        for domain in service.domains:
            if domain in owner:
                raise ValueError(
                    f"domain {domain!r} belongs to {owner[domain]!r} and {service.id!r}"
                )
            owner[domain] = service.id
