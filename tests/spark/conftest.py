"""One real Spark session (local[2], UI off, bound to 127.0.0.1) for every Spark test.

In CI (`CI=true`) a missing PySpark or Java fails the run instead of skipping: the Spark
tests must run next to the DuckDB ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from airlock.engines import spark as engine

LOCAL = engine.SparkOptions(
    master="local[2]",
    # Tiny data: two shuffle partitions, and no broadcast timeouts on a busy CI box.
    conf={"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"},
)


def _unavailable(message: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}: in CI the Spark tests must run")
    pytest.skip(message)


@pytest.fixture(scope="package")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The process's Spark session, stopped after the last Spark test."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _unavailable("PySpark is not installed (pip install -e '.[spark]')")
    # Managed tables of the tests go to a temporary warehouse, not ./spark-warehouse.
    warehouse = tmp_path_factory.mktemp("spark-warehouse")
    options = LOCAL.model_copy(
        update={"conf": {**LOCAL.conf, "spark.sql.warehouse.dir": str(warehouse)}}
    )
    try:
        session = engine.get_session(options)
    except Exception as exc:  # no Java, or a JVM that cannot start
        _unavailable(f"Spark cannot start here ({type(exc).__name__})")
    yield session
    engine.stop()
