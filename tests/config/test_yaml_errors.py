from __future__ import annotations

from pathlib import Path

import pytest

from airlock.config import load_yaml_model
from airlock.errors import ConfigError
from airlock.workspace import WorkspaceConfig


def _load(tmp_path: Path, text: str) -> WorkspaceConfig:
    path = tmp_path / "airlock.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml_model(path, WorkspaceConfig)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("version: 1\ndetect:\n  min_score: 2\n", 3, "detect.min_score"),
        ("version: 1\ndetect:\n  colour: blue\n", 3, "detect.colour: Extra inputs"),
        ("detect:\n  custom_patterns:\n    - entity: X1\n      pattern: 'a('\n", 4, "pattern"),
        ("detect:\n  custom_patterns:\n    - entity: bad id\n      pattern: a\n", 3, "entity"),
        ("detect:\n  min_score: 0.5\n  min_score: 0.6\n", 3, "duplicate key 'min_score'"),
        ("detect:\n  entities: [A, B\n", 3, "invalid YAML"),
        ("version: 7\n", 1, "version"),
    ],
)
def test_config_errors_name_file_line_and_field(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert info.value.line == line
    assert info.value.path == str(tmp_path / "airlock.yaml")
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"{tmp_path / 'airlock.yaml'}:{line}: ")


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    config = _load(tmp_path, "")
    assert config.detect.min_score == 0.5
    assert config.detect.default_region == "US"


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_yaml_model(tmp_path / "nope.yaml", WorkspaceConfig)


def test_unknown_phone_region_is_an_error_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, "detect:\n  phone_regions:\n    - GB\n    - XX\n")
    assert info.value.line == 4
    assert "XX" in str(info.value)
