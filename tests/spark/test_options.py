"""Spark options without a Spark session: sources.yaml rules, secrets, the missing extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from airlock.assess.sources import SourcesFile, SourceSpec
from airlock.config import load_yaml_model
from airlock.engines import spark as engine
from airlock.errors import ConfigError


def test_spark_fields_need_engine_spark_and_spark_needs_data(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("version: 1\nsources:\n  - path: /data\n    master: local[2]\n")
    with pytest.raises(ConfigError, match=r"sources.yaml:3: .*master: only with engine: spark"):
        load_yaml_model(path, SourcesFile)
    with pytest.raises(ValueError, match="needs path, tables or schemas"):
        SourceSpec(engine="spark", master="local[2]")
    with pytest.raises(ValueError, match="put the Spark URL in master"):
        SourceSpec(engine="spark", url="sc://host:15002")
    spec = SourceSpec(engine="spark", path="s3a://bucket/orders/", format="parquet")
    assert spec.master is None  # local[*] when not given


def test_secrets_come_from_the_environment_and_are_never_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBX_TOKEN", "dapi-secret-123")
    master = "sc://adb-1.azuredatabricks.net:443/;token=${DBX_TOKEN};x-databricks-cluster-id=1"
    assert "dapi-secret-123" in engine.expand_env(master, "the Spark master")
    assert engine.redact_master(engine.expand_env(master, "m")) == (
        "sc://adb-1.azuredatabricks.net:443/"
    )
    assert engine.redact_master("spark://user:pw@host:7077") == "spark://host:7077"
    options = engine.SparkOptions(conf={"spark.hadoop.fs.s3a.secret.key": "${S3_SECRET}"})
    with pytest.raises(ConfigError, match="S3_SECRET is not set") as caught:
        engine.settings(options)
    assert "${" not in str(caught.value)


def test_local_sessions_stay_on_loopback_with_the_ui_off() -> None:
    conf = engine.settings(engine.SparkOptions(master="local[2]", conf={"spark.ui.enabled": "1"}))
    assert conf["spark.driver.bindAddress"] == "127.0.0.1"
    assert conf["spark.ui.enabled"] == "1"  # the user's setting wins
    remote = engine.settings(engine.SparkOptions(master="spark://host:7077"))
    assert "spark.driver.bindAddress" not in remote


def test_a_missing_pyspark_names_the_extra_to_install() -> None:
    # A real interpreter in which `import pyspark` fails, as on an install without the extra.
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "from airlock.engines.spark import require_pyspark\n"
        "from airlock.errors import ConfigError\n"
        "try:\n    require_pyspark()\nexcept ConfigError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'airlock[spark]'" in done.stdout


def test_command_line_sources_for_spark_are_paths_or_storage_uris() -> None:
    from airlock.assess.sources.spark import spec_for_argument

    spec = spec_for_argument("s3a://lake/orders/", "yarn", {"spark.executor.memory": "8g"})
    assert (spec.engine, spec.path, spec.master) == ("spark", "s3a://lake/orders/", "yarn")
    assert spec_for_argument("/data/orders", "local[2]", {}).path == "/data/orders"
    with pytest.raises(ConfigError, match="--engine spark reads paths and storage URIs"):
        spec_for_argument("postgresql://app@db/crm", "local[2]", {})
    assert engine.parse_pairs(["a.b=1", "c=x=y"]) == {"a.b": "1", "c": "x=y"}
    with pytest.raises(ConfigError, match="KEY=VALUE"):
        engine.parse_pairs(["novalue"])
