"""Real Spark servers on loopback: a standalone cluster (a master and one worker) and a Spark
Connect server, started once per test session.

The three processes start together from PySpark's own launch scripts; readiness is awaited
by polling the master's JSON API (a worker has registered) and the Connect port, never by
sleeping a fixed time. The Connect server runs its jobs in its own JVM (`local[2]`): the
cluster is exercised by a driver of our own (`spark://`), and a second cluster application
would only add an executor JVM to a two-core machine. Ports are chosen at run time; logs and work folders go to a temporary
folder, and the tail of a server's log is shown when it fails to start.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.engines.spark_local import QUICK_JVM, unavailable

LOOPBACK = "127.0.0.1"
# A hang guard for a server that never comes up, not a timing assertion.
START_DEADLINE_S = 300.0
CONNECT_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


@dataclass(frozen=True)
class SparkServers:
    master: str  # spark://127.0.0.1:PORT
    connect: str  # sc://127.0.0.1:PORT
    logs: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _spark_home() -> Path:
    try:
        import pyspark
    except ImportError:
        unavailable("PySpark is not installed (pip install -e '.[spark]')")
        raise
    if shutil.which("java") is None:
        unavailable("Java is not installed")
    # The pip package is a Spark distribution: bin/ and jars/ sit next to the Python code.
    return Path(pyspark.__file__).parent


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((LOOPBACK, port)) == 0


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://{LOOPBACK}:{ui_port}/json/", timeout=2) as reply:
            return int(json.load(reply).get("aliveworkers", 0))
    except (OSError, ValueError):
        return 0


class _Processes:
    """The server processes, each in its own process group, stopped in reverse order."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env = folder, env
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, command: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.started.append((name, proc))

    def wait_for(self, what: str, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + START_DEADLINE_S
        while not ready():
            for name, proc in self.started:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited ({proc.returncode}):\n{self.tail(name)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} is not ready:\n{self.tail(self.started[-1][0])}")
            time.sleep(0.25)  # polling interval

    def tail(self, name: str) -> str:
        lines = (self.folder / f"{name}.log").read_text(errors="replace").splitlines()
        return "\n".join(lines[-30:])

    def stop(self) -> None:
        for _, proc in reversed(self.started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc in reversed(self.started):
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="session")
def spark_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkServers]:
    home = _spark_home()
    folder = tmp_path_factory.mktemp("spark-servers")
    env = {
        **os.environ,
        "SPARK_HOME": str(home),
        "SPARK_LOCAL_IP": LOOPBACK,
        "SPARK_LOG_DIR": str(folder),
        "SPARK_WORKER_DIR": str(folder / "work"),
        "SPARK_CONF_DIR": str(folder / "conf"),  # no site settings leak into the tests
        "SPARK_DAEMON_JAVA_OPTS": QUICK_JVM,  # master and worker
        "SPARK_SUBMIT_OPTS": QUICK_JVM,  # the Connect server
    }
    (folder / "conf").mkdir()
    master_port, ui_port, connect_port = free_port(), free_port(), free_port()
    master = f"spark://{LOOPBACK}:{master_port}"
    on_loopback = ["--conf", f"spark.driver.host={LOOPBACK}", "--conf", f"spark.driver.bindAddress={LOOPBACK}"]  # fmt: skip
    servers = _Processes(folder, env)
    try:
        servers.start("master", [
            str(home / "bin" / "spark-class"), "org.apache.spark.deploy.master.Master",
            "--host", LOOPBACK, "--port", str(master_port), "--webui-port", str(ui_port),
        ])  # fmt: skip
        servers.start("worker", [
            str(home / "bin" / "spark-class"), "org.apache.spark.deploy.worker.Worker",
            "--host", LOOPBACK, "--webui-port", "0", "--cores", "2", "--memory", "1g",
            "--work-dir", str(folder / "work"), master,
        ])  # fmt: skip
        servers.start("connect", [
            str(home / "bin" / "spark-submit"), "--class", CONNECT_CLASS,
            "--name", "airlock-tests-connect", "--master", "local[2]", *on_loopback,
            "--conf", f"spark.connect.grpc.binding.address={LOOPBACK}",
            "--conf", f"spark.connect.grpc.binding.port={connect_port}",
            "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
        ])  # fmt: skip
        servers.wait_for("the standalone worker", lambda: _alive_workers(ui_port) >= 1)
        servers.wait_for("the Spark Connect server", lambda: _port_open(connect_port))
    except Exception:
        servers.stop()
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            raise
        pytest.skip(f"Spark servers cannot start here: see {folder}")
    try:
        yield SparkServers(master=master, connect=f"sc://{LOOPBACK}:{connect_port}", logs=folder)
    finally:
        servers.stop()


def run_cli(
    args: list[str], *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed `airlock` command run in a fresh process, as a user runs it (its
    driver JVM with `QUICK_JVM`, through the environment: the command stays as written)."""
    full_env = {
        **os.environ,
        "AIRLOCK_HOME": str(cwd / "ws"),
        "SPARK_LOCAL_IP": LOOPBACK,
        "SPARK_SUBMIT_OPTS": QUICK_JVM,
    }
    full_env.pop("AIRLOCK_DATABASE_URL", None)
    return subprocess.run(
        [str(Path(sys.executable).parent / "airlock"), *args],
        check=False,
        cwd=cwd,
        env={**full_env, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard
    )
