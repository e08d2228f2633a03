"""What CLI commands share: building the engine the workspace asks for."""

from __future__ import annotations

from airlock.detect import Engine
from airlock.settings import get_settings
from airlock.workspace import load_workspace


def build_engine() -> Engine:
    """The detection engine configured by the current workspace (defaults without one)."""
    return load_workspace(get_settings()).engine()
