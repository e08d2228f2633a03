"""The Spark driver's stderr: launcher noise stays out, real errors still reach the user.

(That a whole CLI run prints no launcher line is checked on every run of
test_spark_cluster.py: local, standalone and Spark Connect.)
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from airlock.engines.spark import JVM_NOTICES, pass_stderr
from tests.discover.conftest import write_log
from tests.discover.test_readers import SQUID
from tests.engines.conftest import run_cli


def test_the_driver_stderr_passes_every_line_but_the_jvm_notice() -> None:
    (notice,) = JVM_NOTICES
    lines = [
        notice + b"\n",
        b"12:00:01 ERROR SparkContext: Error initializing SparkContext.\n",
        b"java.io.IOException: No space left on device\n",
        notice + b" and more\n",  # not the notice itself: passed on
        b"a last line without newline",
    ]
    driver_read, driver_write = os.pipe()
    out_read, out_write = os.pipe()
    copier = threading.Thread(target=pass_stderr, args=(os.fdopen(driver_read, "rb"), out_write))
    copier.start()
    with os.fdopen(driver_write, "wb") as driver:
        driver.write(b"".join(lines))
    copier.join()
    os.close(out_write)
    with os.fdopen(out_read, "rb") as out:
        assert out.read() == b"".join(lines[1:])


def test_a_driver_that_cannot_start_still_says_why(tmp_path: Path) -> None:
    write_log(tmp_path / "access.log", SQUID)
    done = run_cli(
        ["discover", "access.log", "--engine", "spark", "--spark-master", "local[1]",
         "--spark-conf", "spark.driver.memory=12q", "--no-store"],
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Invalid maximum heap size: -Xmx12q" in done.stderr  # the JVM's own words
    assert "Spark at local[1]: cannot start a session" in done.stderr
