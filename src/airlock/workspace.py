"""The workspace: a folder with `airlock.yaml` and the SQLite database (or a database URL).

`airlock init` creates it; every command finds it through `AIRLOCK_HOME` (default
`./.airlock`). Without a workspace, commands run on the built-in defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from airlock.config import load_yaml_model
from airlock.detect.config import DetectConfig
from airlock.errors import ConfigError
from airlock.gateway.config import GatewayConfig
from airlock.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine as SqlEngine

    from airlock.detect.engine import Engine


class WorkspaceConfig(BaseModel):
    """The schema of `airlock.yaml` (see docs/configuration.md)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(default=1, ge=1, le=1)
    detect: DetectConfig = Field(default_factory=DetectConfig)
    gateway: GatewayConfig = Field(default_factory=GatewayConfig)


DEFAULT_CONFIG = """\
# Airlock workspace configuration. Reference: docs/configuration.md
version: 1

detect:
  # Region used to read phone numbers written without a +country prefix.
  default_region: US
  # Other regions tried for a national-format number next to a phone cue ("Tel.").
  phone_regions: [GB, DE, FR, ES, IT, NL, IN, AU, US, CA]
  # Findings scored below this are dropped (0..1).
  min_score: 0.5
  # Only these entities (null: all); `airlock entities` lists them.
  entities: null
  disabled_entities: []
  person:
    # Person-name NER with spaCy: off | auto | on (needs `pip install 'airlock[ner]'`
    # and a spaCy model package installed locally).
    ner: "off"
  # Company terms (code names, customers), matched as whole words.
  custom_terms: []
  #  - entity: PROJECT_CODENAME
  #    file: terms/projects.txt     # one term per line, relative to this folder
  #    terms: ["Project Falcon"]
  # Company-specific patterns.
  custom_patterns: []
  #  - entity: EMPLOYEE_ID
  #    pattern: "EMP-[0-9]{6}"
  #    context: [employee]
"""


@dataclass
class Workspace:
    home: Path
    config: WorkspaceConfig
    database_url: str
    exists: bool

    @property
    def config_path(self) -> Path:
        return self.home / "airlock.yaml"

    def database(self) -> SqlEngine:
        """The workspace database, migrated to the current schema."""
        from airlock.store import open_database

        return open_database(self.database_url)

    def engine(self) -> Engine:
        """The detection engine this workspace configures (with its code fingerprints)."""
        from airlock.detect.engine import Engine
        from airlock.store.fingerprints import load_index

        fingerprints = load_index(self.database()) if self.exists else None
        return Engine(self.config.detect, fingerprints=fingerprints, base_dir=self.home)


def load_workspace(settings: Settings) -> Workspace:
    """The workspace `settings` point at; built-in defaults when it does not exist."""
    home = settings.home
    path = settings.config_path
    if path.is_file():
        config = load_yaml_model(path, WorkspaceConfig)
        return Workspace(home, config, settings.resolved_database_url, exists=True)
    if home.exists() and not home.is_dir():
        raise ConfigError("workspace path exists and is not a folder", path=home)
    return Workspace(home, WorkspaceConfig(), settings.resolved_database_url, exists=False)


def init_workspace(settings: Settings, *, force: bool = False) -> Workspace:
    """Create the workspace folder, its config (kept unless `force`) and its database."""
    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    path = settings.config_path
    if force or not path.exists():
        path.write_text(DEFAULT_CONFIG, encoding="utf-8")
    workspace = load_workspace(settings)
    workspace.database().dispose()
    return workspace
