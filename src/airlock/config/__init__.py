"""Configuration files: YAML validated by pydantic models, errors with file and line."""

from airlock.config.yaml_model import load_yaml_model

__all__ = ["load_yaml_model"]
