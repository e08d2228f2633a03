"""The optional assessment.yaml: what cannot be measured (ownership, encryption at rest,
written policies, ...), declared by the organization. Each answer becomes a criterion whose
evidence is `declared`; unanswered questions are left out of the scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from airlock.config import load_yaml_model


def _yaml_bool(value: Any) -> Any:
    # YAML 1.1 reads an unquoted yes/no as a boolean; people write them unquoted.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


Answer = Annotated[Literal["yes", "partial", "no"], BeforeValidator(_yaml_bool)]
POINTS: dict[str, int] = {"yes": 100, "partial": 50, "no": 0}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StorageAnswers(_Section):
    central_warehouse: Answer | None = Field(
        default=None, description="Analytical data lives in a central warehouse or lake."
    )
    data_catalog: Answer | None = Field(
        default=None, description="A data catalog with a business glossary is maintained."
    )


class QualityAnswers(_Section):
    regular_cleansing: Answer | None = Field(
        default=None, description="Data is cleansed and deduplicated on a schedule."
    )
    quality_monitoring: Answer | None = Field(
        default=None, description="Data-quality checks run automatically and alert owners."
    )


class GovernanceAnswers(_Section):
    data_owners: Answer | None = Field(default=None, description="Every dataset has an owner.")
    role_based_access: Answer | None = Field(
        default=None, description="Access is granted by role, not per person."
    )
    encryption_at_rest: Answer | None = Field(
        default=None, description="Stores are encrypted at rest."
    )
    access_reviews: Answer | None = Field(
        default=None, description="Access rights are reviewed at least yearly."
    )
    written_policies: Answer | None = Field(
        default=None, description="Classification and retention policies are written down."
    )


class IntegrationAnswers(_Section):
    apis: Answer | None = Field(default=None, description="Core systems expose documented APIs.")
    automated_pipelines: Answer | None = Field(
        default=None, description="Data moves by scheduled pipelines, not manual export/entry."
    )


class Questionnaire(_Section):
    """The schema of assessment.yaml."""

    version: int = Field(default=1, ge=1, le=1)
    organization: str | None = None
    storage: StorageAnswers = Field(default_factory=StorageAnswers)
    quality: QualityAnswers = Field(default_factory=QualityAnswers)
    governance: GovernanceAnswers = Field(default_factory=GovernanceAnswers)
    integration: IntegrationAnswers = Field(default_factory=IntegrationAnswers)

    def answers(self) -> dict[str, tuple[str, str, str]]:
        """`{trait.question: (trait, answer, description)}` for every answered question."""
        out: dict[str, tuple[str, str, str]] = {}
        for trait in ("storage", "quality", "governance", "integration"):
            section: _Section = getattr(self, trait)
            for name, field in type(section).model_fields.items():
                value = getattr(section, name)
                if value is not None:
                    out[f"{trait}.{name}"] = (trait, value, field.description or name)
        return out


def load_questionnaire(path: Path | None) -> Questionnaire:
    """assessment.yaml, or an empty questionnaire. Raises ConfigError with file and line."""
    if path is None:
        return Questionnaire()
    return load_yaml_model(path, Questionnaire)
