"""One exception root for everything Airlock raises on purpose.

Catch `AirlockError` at a boundary (CLI, HTTP handler) and turn it into a clear message.
Messages never carry a detected value: callers pass masked previews only.
"""

from __future__ import annotations

from pathlib import Path


class AirlockError(Exception):
    """Base of all errors Airlock raises deliberately."""


class ConfigError(AirlockError):
    """A configuration file or setting is invalid; names the file and line when known."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.detail = message
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


class StoreError(AirlockError):
    """The workspace database cannot be opened, migrated or queried."""


class SourceError(AirlockError):
    """An input (file, folder, stream, database) cannot be read."""


class DetectionError(AirlockError):
    """The detection engine could not be built or failed while scanning."""


class PolicyDenied(AirlockError):
    """A policy forbids the request; the message says why (never with raw values)."""


class UpstreamError(AirlockError):
    """An upstream provider failed; never carries upstream credentials."""
