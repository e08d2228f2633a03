"""Choosing how to reach Spark: what a `sc://` master needs on this side."""

from __future__ import annotations

import subprocess
import sys


def test_a_connect_master_without_its_client_names_the_extra_to_install() -> None:
    # A real interpreter in which `import grpc` fails, as on an install without the client.
    code = (
        "import sys; sys.modules['grpc'] = None\n"
        "from airlock.engines import spark as engine\n"
        "from airlock.errors import ConfigError\n"
        "try:\n"
        "    engine.get_session(engine.SparkOptions(master='sc://127.0.0.1:1'))\n"
        "except ConfigError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Spark Connect master needs its client" in done.stdout
    assert "grpcio" in done.stdout
    assert "pip install 'airlock[spark]'" in done.stdout
