"""Spark sessions: one per process, created from `SparkOptions`, reused by every source.

A JVM holds one SparkContext, so every Spark source of a run must agree on the master; the
first source creates the session and later ones reuse it (its `spark_conf` is applied as
runtime configuration where Spark allows). The session is stopped at exit (`stop`).

Credentials never appear in options: `${VAR}` in the master URL (a Databricks token in a
Spark Connect URL) and in `spark_conf` values is read from the environment, and the master
is shown with its parameters dropped (`redact_master`).

The terminal is the user's: a driver JVM started here logs errors only (`LOG4J2`), and its
stderr reaches ours through `pass_stderr`, without the JVM's start-up notice.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import re
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ConfigDict, Field

from airlock.errors import ConfigError, SourceError

log = logging.getLogger(__name__)
EXTRA_HINT = "install the Spark extra: pip install 'airlock[spark]'"
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Local mode on a laptop or CI box: no web UI, no listening on public interfaces, few
# shuffle partitions (Spark's default of 200 costs ~200 tiny tasks per aggregate).
LOCAL_DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
}
# Everywhere: Arrow for results, no progress bars on the terminal, UTC like DuckDB. A Spark
# Connect server (Databricks serverless) refuses most settings: only the time zone is sent.
CONNECT_SAFE = frozenset({"spark.sql.session.timeZone"})
COMMON_DEFAULTS = {
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.level": "ERROR",
    "spark.sql.session.timeZone": "UTC",
}
DELTA_CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}


class SparkOptions(BaseModel):
    """Where Spark runs: `master` is `local[N]`, `spark://host:7077`, `yarn`, `k8s://...`
    or a Spark Connect URL `sc://host:15002` (Databricks); `conf` is passed through."""

    model_config = ConfigDict(extra="forbid")

    master: str = "local[*]"
    conf: dict[str, str] = Field(default_factory=dict)
    app_name: str = "airlock"
    delta: bool = False

    @property
    def connect(self) -> bool:
        return self.master.startswith("sc://")

    @property
    def local(self) -> bool:
        return self.master.startswith("local")


def require_pyspark() -> Any:
    """The `pyspark.sql` module, or a ConfigError naming the extra to install."""
    try:
        return importlib.import_module("pyspark.sql")
    except ImportError:
        raise ConfigError(f"engine spark needs PySpark; {EXTRA_HINT}") from None


def require_connect() -> None:
    """Raise ConfigError naming the extra when the Spark Connect client (gRPC, protobuf)
    is not installed: a `sc://` master needs it, a local or cluster master does not."""
    try:
        importlib.import_module("pyspark.sql.connect.utils").check_dependencies("airlock")
    except ImportError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"a Spark Connect master needs its client ({reason}); {EXTRA_HINT}"
        ) from None


def expand_env(text: str, where: str) -> str:
    """`text` with `${VAR}` replaced from the environment (a missing one is named, not shown)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigError(f"environment variable {name} is not set (used in {where})")
        return os.environ[name]

    return _VAR.sub(value, text)


def parse_pairs(items: list[str], option: str = "--spark-conf") -> dict[str, str]:
    """`KEY=VALUE` command-line settings as a dict. Raises ConfigError (naming the key only)."""
    conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{option} {key.strip()!r}: use KEY=VALUE")
        conf[key.strip()] = value
    return conf


def redact_master(master: str) -> str:
    """The master safe to print: Spark Connect parameters (`;token=...`) and user info dropped."""
    shown = master.split(";", 1)[0].split("?", 1)[0]
    if "://" in shown and "@" in shown.split("://", 1)[1].split("/", 1)[0]:
        scheme, rest = shown.split("://", 1)
        shown = f"{scheme}://{rest.split('@', 1)[1]}"
    return shown


# The driver's log: errors only, on stderr. Spark's default profile prints a page of INFO
# and WARN lines at start-up that say nothing to someone running an assessment. The gateway
# logger gets a level of its own because PySpark's gateway otherwise sets the console to
# WARN and prints that it did ("Setting default log level to "WARN"." and a hint).
LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""
# Printed by the JVM itself, not by a logger, when Spark 4's launcher adds the vector
# module to the driver; no setting turns it off, so the driver's stderr is passed on
# without this exact line.
JVM_NOTICES = frozenset({b"WARNING: Using incubator modules: jdk.incubator.vector"})


def _log_config() -> str:
    folder = Path(tempfile.gettempdir()) / f"airlock-spark-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / "log4j2.properties"
    if not path.exists() or path.read_text() != LOG4J2:
        path.write_text(LOG4J2)
    return path.as_uri()


def settings(options: SparkOptions) -> dict[str, str]:
    """The configuration a new session gets: defaults, then the user's (user wins)."""
    conf = dict(COMMON_DEFAULTS)
    if not options.connect:
        conf["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile={_log_config()}"
    if options.local:
        conf.update(LOCAL_DEFAULTS)
    if options.delta:
        conf.update(DELTA_CONF)
    for key, raw in options.conf.items():
        conf[key] = expand_env(str(raw), f"spark_conf.{key}")
    return conf


@dataclass
class _Sessions:
    """The process's Spark session and the options that made it."""

    session: Any = None
    master: str | None = None
    owned: bool = False


_STATE = _Sessions()


def get_session(options: SparkOptions) -> Any:
    """The process's session, created from `options` on first use. Raises ConfigError when
    PySpark is missing or a second master is asked for, SourceError when Spark cannot start."""
    sql = require_pyspark()
    master = expand_env(options.master, "the Spark master")
    current = _STATE.session
    if current is not None and not _stopped(current):
        if _STATE.master is not None and master != _STATE.master:
            raise ConfigError(
                f"one Spark master per run: {redact_master(_STATE.master)} is in use, "
                f"{redact_master(master)} was asked for"
            )
        _apply_runtime(current, options)
        return current
    conf = settings(options)
    if options.connect:
        require_connect()
    if options.local:
        # Spark picks the host's first interface address unless told; local mode stays local.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        builder = sql.SparkSession.builder.appName(options.app_name)
        builder = builder.remote(master) if options.connect else builder.master(master)
        if options.delta and not options.connect:
            builder = _with_delta(builder)
        elif not options.connect:
            _start_driver(master, options.app_name, conf)
        for key, value in conf.items():
            if not options.connect or key in CONNECT_SAFE or key in options.conf:
                builder = builder.config(key, value)
        session = builder.getOrCreate()
    except ConfigError:
        raise
    except Exception as exc:
        # Py4J/gRPC messages may echo the master URL with its token: keep the type only
        # (the JVM's own reason, such as a bad -Xmx, is on stderr).
        log.debug("Spark session failed", exc_info=True)
        raise SourceError(
            f"Spark at {redact_master(master)}: cannot start a session ({type(exc).__name__})"
        ) from None
    _STATE.session, _STATE.master, _STATE.owned = session, master, True
    atexit.register(stop)
    return session


def _start_driver(master: str, app_name: str, conf: dict[str, str]) -> None:
    """Start the driver JVM with its stderr passed through `pass_stderr`, and its
    SparkContext; nothing when this process already has a JVM (a session was stopped and
    a new one is made: the JVM, and its stderr, are reused)."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    # PySpark keeps the JVM gateway on the class; only it knows whether one is up.
    if getattr(SparkContext, "_gateway", None) is not None:
        return
    spark_conf = SparkConf().setMaster(master).setAppName(app_name).setAll(list(conf.items()))
    # Our own pipe, read from before the JVM starts: a JVM that fails at once (a bad -Xmx)
    # still gets its reason to the terminal.
    read_end, write_end = os.pipe()
    reader = threading.Thread(
        target=pass_stderr, args=(os.fdopen(read_end, "rb"), 2), name="spark-stderr", daemon=True
    )
    reader.start()
    try:
        # `popen_kwargs` is PySpark's documented hook for capturing the JVM's output.
        gateway = launch_gateway(spark_conf, popen_kwargs={"stderr": write_end})  # type: ignore[no-untyped-call]
    except Exception:
        os.close(write_end)
        reader.join(timeout=10)  # the JVM has exited: its last words are on their way
        raise
    os.close(write_end)
    SparkContext(conf=spark_conf, gateway=gateway)


def pass_stderr(source: IO[bytes], target: int) -> None:
    """Copy the driver's stderr to file descriptor `target` line by line, as it comes,
    leaving out the JVM's own notices (`JVM_NOTICES`); every log line and error passes.
    Reads to the end whatever happens to `target`: a JVM writing to a full pipe would hang."""
    writable = True
    with source:
        for line in iter(source.readline, b""):
            if not writable or line.rstrip(b"\r\n") in JVM_NOTICES:
                continue
            view = memoryview(line)
            try:
                while view:
                    view = view[os.write(target, view) :]
            except OSError:  # our stderr is gone (a closed terminal): keep draining
                writable = False


def _with_delta(builder: Any) -> Any:
    try:
        delta = importlib.import_module("delta")
    except ImportError:
        raise ConfigError(
            "format: delta needs delta-spark: pip install 'delta-spark>=4,<5'"
        ) from None
    return delta.configure_spark_with_delta_pip(builder)


def _apply_runtime(session: Any, options: SparkOptions) -> None:
    """A later source's `spark_conf`: set what Spark lets a running session change."""
    for key, value in options.conf.items():
        try:
            session.conf.set(key, expand_env(str(value), f"spark_conf.{key}"))
        except Exception:  # static settings (executor memory) only apply to a new session
            log.debug("spark_conf %s: not changeable in a running session", key)


def _stopped(session: Any) -> bool:
    context = getattr(session, "_sc", None)
    return context is not None and getattr(context, "_jsc", None) is None


def stop() -> None:
    """Stop the session if Airlock created it (at exit, or at the end of a benchmark)."""
    if _STATE.session is not None and _STATE.owned:
        _STATE.session.stop()
    _STATE.session, _STATE.master, _STATE.owned = None, None, False


def ibis_backend(session: Any) -> Any:
    """An ibis PySpark backend over `session` (closing it must not stop the session)."""
    import ibis

    # ibis passes verifySchema=False when it uploads a small table; Spark Connect ignores
    # the option and says so on stderr at every upload.
    warnings.filterwarnings("ignore", message="'verifySchema' is ignored", category=UserWarning)
    return ibis.pyspark.connect(session)
