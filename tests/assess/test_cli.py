"""`airlock assess` end to end: JSON that matches its schema, HTML, stored runs, --compare,
and no sensitive value in any output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from airlock.cli.main import app

from .conftest import Planted, make_rows

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _leaks(text: str, planted: Planted) -> list[str]:
    values = [v for v in planted.column("email") if v] + [v for v in planted.column("phone")]
    return [v for v in values if v.strip() in text]


def test_assess_writes_valid_json_html_and_stores_the_run(
    workspace_env: Path, files: dict[str, Path], planted: Planted, tmp_path: Path
) -> None:
    _invoke("init")
    out = _invoke("assess", str(files["parquet"]), str(files["sqlite"]),
                  "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"))  # fmt: skip
    assert "Data readiness:" in out and "Stored as assessment run 1." in out
    document = json.loads((tmp_path / "r.json").read_text())
    schema = json.loads(_invoke("assess", "--schema"))
    jsonschema.validate(document, schema)
    assert document["schema_version"] == 1 and document["run_id"] == 1
    assert {t["id"] for t in document["traits"]} == {"storage", "quality", "governance",
                                                     "integration"}  # fmt: skip
    html = (tmp_path / "r.html").read_text()
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    for text in (out, (tmp_path / "r.json").read_text(), html):
        assert _leaks(text, planted) == []


def test_compare_shows_what_improved(workspace_env: Path, tmp_path: Path) -> None:
    _invoke("init")
    data = tmp_path / "data"
    data.mkdir()
    messy = make_rows().arrow()
    pq.write_table(messy, data / "customers.parquet")
    _invoke("assess", str(data))
    # Clean up: drop the duplicate rows and the placeholder statuses.
    rows = messy.to_pylist()[:400]
    for row in rows:
        if row["status"] is None or row["status"].strip().lower() in ("n/a", "unknown", "-", ""):
            row["status"] = "active"
    pq.write_table(pa.Table.from_pylist(rows, schema=messy.schema), data / "customers.parquet")
    out = _invoke("assess", str(data), "--compare", "last", "--json", str(tmp_path / "after.json"))
    assert "Compared with run 1" in out
    after = json.loads((tmp_path / "after.json").read_text())
    ids = {i["id"] for i in after["plan"]}
    assert "duplicate_rows:data.customers.parquet" not in ids
    assert "fixed" in out and "0 findings fixed" not in out


def test_no_source_is_a_clear_error(workspace_env: Path) -> None:
    from airlock.errors import ConfigError

    result = runner.invoke(app, ["assess"])
    assert isinstance(result.exception, ConfigError)
    assert "at least one SOURCE" in str(result.exception)
