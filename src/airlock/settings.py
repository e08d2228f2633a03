"""Process settings from the environment (`AIRLOCK_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = Path(".airlock")
CONFIG_FILENAME = "airlock.yaml"
DATABASE_FILENAME = "airlock.db"


class Settings(BaseSettings):
    """Environment overrides. `home` is the workspace folder (config + SQLite database)."""

    model_config = SettingsConfigDict(env_prefix="AIRLOCK_", extra="ignore")

    home: Path = Field(default=DEFAULT_HOME)
    database_url: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    log_format: Literal["text", "json"] = "text"

    @property
    def config_path(self) -> Path:
        return self.home / CONFIG_FILENAME

    @property
    def resolved_database_url(self) -> str:
        """The database URL: `AIRLOCK_DATABASE_URL` or the workspace's SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / DATABASE_FILENAME).resolve()}"


def get_settings() -> Settings:
    """Read the settings from the environment now (not cached: tests change the env)."""
    return Settings()
