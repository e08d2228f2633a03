from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airlock.cli.main import app
from airlock.errors import SourceError
from airlock.settings import get_settings
from airlock.store.fingerprints import FingerprintStore
from airlock.workspace import load_workspace

runner = CliRunner()

BILLING = textwrap.dedent(
    '''
    def settle_invoice(ledger, invoice, fx_rates, *, rounding="bankers"):
        """Settle an invoice against the ledger in the invoice currency."""
        rate = fx_rates.lookup(invoice.currency, ledger.currency, invoice.issued_on)
        amount = round_money(invoice.total * rate, mode=rounding)
        entry = ledger.open_entry(invoice.customer_id, amount, memo=invoice.number)
        for line in invoice.lines:
            entry.allocate(line.account_code, round_money(line.net * rate, mode=rounding))
        if entry.unallocated() != 0:
            entry.allocate(SUSPENSE_ACCOUNT, entry.unallocated())
        return entry.close(reference=f"INV-{invoice.number}-{ledger.period}")
    '''
)

OTHER = textwrap.dedent(
    """
    import json

    def load(path):
        with open(path) as handle:
            return json.load(handle)
    """
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "payments"
    (root / "billing").mkdir(parents=True)
    (root / "billing" / "settle.py").write_text(BILLING)
    (root / "util.py").write_text(OTHER)
    (root / "README.md").write_text(BILLING)  # not source code: not indexed
    (root / ".gitignore").write_text("build/\n")
    (root / "build").mkdir()
    (root / "build" / "copy.py").write_text(BILLING)
    return root


def _scan_json(text: str) -> list[dict[str, object]]:
    import orjson

    result = runner.invoke(app, ["scan", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    document = orjson.loads(result.stdout)
    return list(document["findings"])


def test_a_copied_fragment_is_flagged_with_its_file(workspace_env: Path, repo: Path) -> None:
    result = runner.invoke(app, ["fingerprint", str(repo)])
    assert result.exit_code == 0, result.output
    assert "2 files indexed" in result.output
    fragment = "\n".join(BILLING.splitlines()[3:10])
    prompt = f"Can you make this faster?\n\n{fragment}\n\nThanks!"
    found = [f for f in _scan_json(prompt) if f["entity"] == "PROPRIETARY_CODE"]
    assert len(found) == 1
    assert found[0]["detail"] == "payments/billing/settle.py"
    assert fragment not in str(found)


def test_unrelated_code_is_not_flagged(workspace_env: Path, repo: Path) -> None:
    runner.invoke(app, ["fingerprint", str(repo)])
    prompt = "def area(r):\n    import math\n    return math.pi * r * r\n"
    assert not [f for f in _scan_json(prompt) if f["entity"] == "PROPRIETARY_CODE"]


def test_reindexing_skips_unchanged_and_forgets_deleted_files(
    workspace_env: Path, repo: Path
) -> None:
    runner.invoke(app, ["fingerprint", str(repo)])
    (repo / "util.py").unlink()
    result = runner.invoke(app, ["fingerprint", str(repo)])
    assert "0 files indexed" in result.output
    assert "1 unchanged, 1 removed" in result.output
    result = runner.invoke(app, ["fingerprint", "--remove", "payments"])
    assert "removed 1 files" in result.output
    store = FingerprintStore(load_workspace(get_settings()).database(), "tokens-k12-w10-v1")
    assert store.roots() == []


def test_fingerprints_round_trip_through_postgres(
    workspace_env: Path, repo: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRLOCK_DATABASE_URL", postgres_url)
    runner.invoke(app, ["fingerprint", "--name", "pg-payments", str(repo)])
    index = load_workspace(get_settings()).engine()
    fragment = "\n".join(BILLING.splitlines()[2:11])
    found = [f for f in index.scan(fragment) if f.entity == "PROPRIETARY_CODE"]
    assert [f.detail for f in found] == ["pg-payments/billing/settle.py"]
    runner.invoke(app, ["fingerprint", "--remove", "pg-payments"])


def test_fingerprint_needs_a_folder(workspace_env: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fingerprint", str(tmp_path / "missing")])
    assert isinstance(result.exception, SourceError)
    assert "not a folder" in str(result.exception)
