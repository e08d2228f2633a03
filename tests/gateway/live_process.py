"""`airlock serve` as a real subprocess, for signals and multi-replica tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.gateway.conftest import http


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_workspace(home: Path, gateway: dict[str, object]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "airlock.yaml").write_text(yaml.safe_dump({"version": 1, "gateway": gateway}))


class ServeProcess:
    def __init__(self, home: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "AIRLOCK_HOME": str(home), **(env or {})}
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "airlock"), "serve", "--port", str(self.port)],
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._wait_ready()

    def _wait_ready(self, deadline_s: float = 30) -> None:
        # A readiness probe, like a load balancer's: poll /readyz until it answers 200.
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited: {self.proc.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                if http("GET", f"{self.url}/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError("gateway did not become ready")

    def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
