from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airlock.cli.main import app
from airlock.detect import Engine
from airlock.logs import configure_logging

runner = CliRunner()
CARD = "4111 1111 1111 1111"
EMAIL = "maria.garcia@example.com"


def test_debug_json_logs_carry_no_detected_value(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG", "json")
    try:
        engine = Engine()
        text = f"card {CARD} mail {EMAIL}"
        findings = engine.scan(text)
        logging.getLogger("airlock.test").debug("findings: %s", findings)
        logging.getLogger("airlock.test").info(
            "scanned", extra={"fields": {"count": len(findings)}}
        )
    finally:
        configure_logging("WARNING", "text")
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert any(line["msg"].startswith("engine built") for line in lines)
    assert any(line.get("count") == 2 for line in lines)
    assert CARD not in err
    assert EMAIL not in err
    assert "CREDIT_CARD" in err


def test_scan_output_and_errors_never_show_values(workspace_env: Path, tmp_path: Path) -> None:
    target = tmp_path / "leak.txt"
    target.write_text(f"card {CARD}\nmail {EMAIL}\n")
    for fmt in ("table", "json", "sarif"):
        result = runner.invoke(app, ["scan", str(target), "--format", fmt])
        assert result.exit_code == 0
        assert CARD not in result.output
        assert EMAIL not in result.output
