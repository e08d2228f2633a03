"""The process's local Spark session (local[2], UI off, bound to 127.0.0.1) for Spark tests.

Every module that needs it asks for it through its own `spark` fixture; the session starts
once and is shared (one SparkContext per process), and it stops when the process ends. In CI
(`CI=true`) a missing PySpark or Java fails the run instead of skipping.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from airlock.engines import spark as engine

# JVMs of the tests compile with the quick compiler only: they run small jobs for a minute,
# and the optimizing compiler's threads would take CPU from them on a two-core machine.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
LOCAL = engine.SparkOptions(
    master="local[2]",
    # Tiny data: two shuffle partitions, and no broadcast timeouts on a busy CI box.
    conf={
        "spark.sql.shuffle.partitions": "2",
        "spark.default.parallelism": "2",
        "spark.driver.defaultJavaOptions": QUICK_JVM,
    },
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(message: str) -> None:
    """Skip a Spark test here, fail it in CI: there the Spark tests must run."""
    if in_ci():
        pytest.fail(f"{message}: in CI the Spark tests must run")
    pytest.skip(message)


def local_session(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The local session, created on first use with a temporary warehouse (managed tables
    of the tests never land in ./spark-warehouse)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        unavailable("PySpark is not installed (pip install -e '.[spark]')")
    warehouse = tmp_path_factory.mktemp("spark-warehouse")
    options = LOCAL.model_copy(
        update={"conf": {**LOCAL.conf, "spark.sql.warehouse.dir": str(warehouse)}}
    )
    try:
        return engine.get_session(options)
    except Exception as exc:  # no Java, or a JVM that cannot start
        unavailable(f"Spark cannot start here ({type(exc).__name__})")
        raise
