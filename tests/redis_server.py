"""A real Redis server for the tests that need one (Debian's `redis-server`, on a free loopback port, nothing kept
on disk): skipped with its reason where it is missing, a failure in CI, where it must be there."""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def redis_server(folder: Path):
    """A Redis server's URL while it runs; it stops after."""
    if not Path(REDIS).exists():
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"CI must test the Redis store, but {REDIS} is missing: apt-get install redis-server")
        pytest.skip(f"no Redis server at {REDIS} (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)
