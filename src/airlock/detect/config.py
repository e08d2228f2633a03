"""Configuration of the detection engine (the `detect:` section of `airlock.yaml`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

_ENTITY_ID = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")


def _check_region(value: str) -> str:
    import phonenumbers

    region = value.upper()
    if phonenumbers.country_code_for_region(region) == 0:
        raise ValueError(f"{value!r} is not a region code phone numbers know (e.g. US, GB, DE)")
    return region


Region = Annotated[str, AfterValidator(_check_region)]  # per item: errors name the list index


def _check_entity_id(value: str) -> str:
    if not _ENTITY_ID.match(value):
        raise ValueError("entity ids are upper-case letters, digits and '_' (e.g. PROJECT_NAME)")
    return value


class CustomPattern(BaseModel):
    """A company-specific regex entity (category `custom`)."""

    model_config = ConfigDict(extra="forbid")

    entity: str
    pattern: str
    score: float = Field(default=0.85, ge=0, le=1)
    context: list[str] = Field(default_factory=list)
    require_context: bool = False
    ignore_case: bool = False
    severity: Literal["low", "medium", "high", "critical"] = "medium"

    _entity = field_validator("entity")(_check_entity_id)

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from exc
        return value


class TermList(BaseModel):
    """Company terms (code names, customers) matched as whole words, from a list or file."""

    model_config = ConfigDict(extra="forbid")

    entity: str
    terms: list[str] = Field(default_factory=list)
    file: Path | None = None
    ignore_case: bool = True
    score: float = Field(default=0.9, ge=0, le=1)
    severity: Literal["low", "medium", "high", "critical"] = "medium"

    _entity = field_validator("entity")(_check_entity_id)


class PersonConfig(BaseModel):
    """How person names are found: context cues and a name dictionary, plus NER if wanted."""

    model_config = ConfigDict(extra="forbid")

    ner: Literal["auto", "off", "on"] = "off"
    ner_model: str = "en_core_web_sm"


class DetectConfig(BaseModel):
    """Settings for `Engine`. Defaults give the built-in detectors without NER."""

    model_config = ConfigDict(extra="forbid")

    default_region: str = Field(default="US", min_length=2, max_length=2)
    # Regions also tried for a national-format number next to a phone cue ("Tel.",
    # "call me at"); [] keeps phones strictly to the default region.
    phone_regions: list[Region] = Field(
        default_factory=lambda: ["GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "US", "CA"]
    )
    min_score: float = Field(default=0.5, ge=0, le=1)
    entities: list[str] | None = None
    disabled_entities: list[str] = Field(default_factory=list)
    person: PersonConfig = Field(default_factory=PersonConfig)
    custom_patterns: list[CustomPattern] = Field(default_factory=list)
    custom_terms: list[TermList] = Field(default_factory=list)
    matcher: Literal["auto", "hyperscan", "re"] = "auto"

    @field_validator("default_region")
    @classmethod
    def _upper_region(cls, value: str) -> str:
        return _check_region(value)
