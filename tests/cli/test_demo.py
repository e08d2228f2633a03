from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from airlock.cli.main import app

runner = CliRunner()


def test_demo_scans_the_examples_and_sends_a_governed_request(workspace_env: Path) -> None:
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    # The scan part: findings of several families, values masked.
    for entity in (
        "CREDIT_CARD",
        "IBAN_CODE",
        "AWS_ACCESS_KEY",
        "FINANCIAL_STATEMENT",
        "PROJECT_CODENAME",
    ):
        assert entity in out
    assert "GB82 WEST 1234 5698 7654 32" not in out
    # The gateway part: what would leave is pseudonymized, masked and redacted.
    preview = out[out.index("preview provider: what would leave") :]
    assert "<PERSON_1>" in preview
    assert "<EMAIL_ADDRESS_1>" in preview
    assert "**** **** **** 1111" in preview
    assert "[AWS_ACCESS_KEY]" in preview
    assert "maria.garcia@example.com" not in preview
    assert "AKIA4TQ7RZ2MXW5KJ3PL" not in preview
    # The demo leaves no workspace behind.
    assert not workspace_env.exists()
