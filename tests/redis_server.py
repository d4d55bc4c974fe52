"""A Redis server of the test's own (Debian's redis-server, as scripts/with-redis.sh uses), which the test may
stop and start again on the same port to play an outage without touching the suite's shared Redis."""

import shutil
import socket
import subprocess
import tempfile
import time

import pytest


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="sportello-redis-")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while self.cli("ping") != "PONG":
            if time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def cli(self, *args):
        result = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return result.stdout.strip()

    def client_names(self):
        """The name of every client connection open on the server (CLIENT LIST)."""
        names = []
        for line in self.cli("client", "list").splitlines():
            fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
            names.append(fields.get("name", ""))
        return names

    def remove(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def own_redis():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed: run the tests through `make test`, which installs it.")
    server = RedisServer()
    server.start()
    yield server
    server.remove()
