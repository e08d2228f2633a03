"""Options that mean the same thing in several commands (assess, discover), defined once.

Factories, not shared objects: each command gets its own typer option.
"""

from __future__ import annotations

from typing import Any

import typer


def html_option() -> Any:
    return typer.Option(None, "--html", help="Write a self-contained HTML report (works offline).")


def compare_option() -> Any:
    return typer.Option(
        None,
        "--compare",
        help="Compare with an earlier run: its id, 'last', or a JSON report file.",
    )


def threads_option() -> Any:
    return typer.Option(None, "--threads", min=1, help="DuckDB threads.")


def spark_master_option() -> Any:
    return typer.Option(
        "local[*]",
        "--spark-master",
        help="With --engine spark: local[N], spark://host:7077, yarn, k8s://..., or a "
        "Spark Connect URL sc://host:15002 (${VAR} is read from the environment).",
    )


def spark_conf_option() -> Any:
    return typer.Option(
        [],
        "--spark-conf",
        metavar="KEY=VALUE",
        help="With --engine spark: a Spark setting, repeatable "
        "(--spark-conf spark.executor.memory=8g).",
    )
