"""Throw-away production services for the benchmarks: PostgreSQL (Debian's, default settings), Redis and
Elasticsearch nodes started from the distribution `scripts/elasticsearch.sh fetch` keeps in the cache.

Run as root, PostgreSQL and Elasticsearch refuse to start, so they run as the system users `postgres`
(created by Debian's package) and `sportello-es` (created by scripts/elasticsearch.sh).
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ES_VERSION = os.environ.get("ES_VERSION", "8.19.21")
ES_USER = "sportello-es"


def say(message):
    print(message, file=sys.stderr, flush=True)


def is_root():
    return os.geteuid() == 0


def as_user(user):
    """The prefix that runs a command as `user` when this process is root, else nothing."""
    return ["runuser", "-u", user, "--"] if is_root() else []


def give_to(user, *paths):
    if is_root():
        subprocess.run(["chown", "-R", f"{user}:", *map(str, paths)], check=True)


def apt_install(*packages):
    apt = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-o", "DPkg::Lock::Timeout=300", "-y", "-qq"]
    sudo = [] if is_root() else ["sudo"]
    say(f"installing Debian packages: {' '.join(packages)}")
    if subprocess.run([*sudo, *apt, "install", *packages], capture_output=True).returncode:
        subprocess.run([*sudo, *apt, "update"], check=True, capture_output=True)
        subprocess.run([*sudo, *apt, "install", *packages], check=True, capture_output=True)


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise RuntimeError(f"{what} within {timeout} s")


# PostgreSQL


def postgres_bin():
    """Debian's server binaries (initdb and pg_ctl are not on PATH for ordinary users)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        apt_install("postgresql")
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent


class Postgres:
    """A fresh cluster from initdb with every setting at its default (max_connections included), on
    127.0.0.1:`port`, trusting local connections; database `sportello`, owner `sportello`."""

    def __init__(self, workdir, port):
        self.bin, self.port = postgres_bin(), port
        self.data = Path(workdir) / "postgres"
        self.user = "postgres" if is_root() else os.environ.get("USER", "")
        self.url = f"postgres://sportello@127.0.0.1:{port}/sportello"

    def run(self, *command, **kwargs):
        return subprocess.run([*as_user(self.user), *map(str, command)], check=True, capture_output=True,
                              text=True, **kwargs)

    def start(self):
        self.data.mkdir(parents=True)
        give_to(self.user, self.data.parent)
        self.run(self.bin / "initdb", "-D", self.data, "-U", "sportello", "--auth=trust", "--encoding=UTF8",
                 "--locale=C.UTF-8")
        self.run(self.bin / "pg_ctl", "-D", self.data, "-l", self.data / "server.log", "-w", "-o",
                 f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")
        self.run(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "sportello", "sportello")
        return self

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def setting(self, name):
        return self.run(self.bin / "postgres", "-D", self.data, "-C", name).stdout.strip()


# Redis


class Redis:
    """redis-server on 127.0.0.1:`port`, nothing saved; `restart()` is a crash and a start."""

    def __init__(self, workdir, port):
        if not shutil.which("redis-server"):
            apt_install("redis-server")
        self.workdir, self.port, self.process = Path(workdir), port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log")],
        )
        wait_until(lambda: subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True)
                   .stdout.strip() == b"PONG", 20, "Redis did not answer")
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(20)

    def restart(self):
        self.stop(signal.SIGKILL)
        self.start()


# Elasticsearch


def es_cache():
    default = Path("/var/cache/sportello") if is_root() else Path.home() / ".cache" / "sportello"
    return Path(os.environ.get("SPORTELLO_CACHE", default))


def es_fetch():
    """The distribution with the hunspell dictionaries installed in its config (scripts/elasticsearch.sh)."""
    subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), "fetch"], check=True, stdout=subprocess.DEVNULL)
    return es_cache() / f"elasticsearch-{ES_VERSION}"


def http_json(url, timeout=5):
    import json

    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


class ElasticsearchNode:
    """One node of a cluster on loopback: HTTP on `http_port`, transport on `transport_port`, its own data
    and logs under `run_dir`. `seeds` are the transport ports of every master-eligible node."""

    def __init__(self, home, run_dir, name, http_port, transport_port, seeds, cluster_name, heap="320m"):
        self.home, self.run_dir, self.name = Path(home), Path(run_dir), name
        self.http_port, self.transport_port = http_port, transport_port
        self.seeds, self.cluster_name, self.heap = seeds, cluster_name, heap
        self.url = f"http://127.0.0.1:{http_port}"
        self.pid_file = self.run_dir / "es.pid"

    def launch(self):
        """Start the node in the background (the launcher returns once the node runs); returns the launcher."""
        for sub in ("data", "logs", "tmp"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        give_to(ES_USER, self.run_dir)
        java_home = Path(os.path.realpath(shutil.which("java"))).parent.parent
        command = [
            *as_user(ES_USER), "env", f"ES_JAVA_HOME={java_home}", f"ES_JAVA_OPTS=-Xms{self.heap} -Xmx{self.heap}",
            f"ES_TMPDIR={self.run_dir / 'tmp'}", str(self.home / "bin" / "elasticsearch"), "-d", "-p",
            str(self.pid_file),
            f"-Ecluster.name={self.cluster_name}", f"-Enode.name={self.name}", "-Enetwork.host=127.0.0.1",
            f"-Ehttp.port={self.http_port}", f"-Etransport.port={self.transport_port}",
            "-Ediscovery.seed_hosts=" + ",".join(f"127.0.0.1:{port}" for port in self.seeds["ports"]),
            "-Ecluster.initial_master_nodes=" + ",".join(self.seeds["names"]),
            "-Expack.security.enabled=false", "-Ecluster.routing.allocation.disk.threshold_enabled=false",
            "-Eaction.destructive_requires_name=false",
            f"-Epath.data={self.run_dir / 'data'}", f"-Epath.logs={self.run_dir / 'logs'}",
        ]
        log = open(self.run_dir / "logs" / "startup.out", "w")
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def pid(self):
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def kill(self):
        """SIGKILL: the machine lost power, nothing is flushed or handed over."""
        pid = self.pid()
        if pid:
            os.kill(pid, signal.SIGKILL)
            wait_until(lambda: not Path(f"/proc/{pid}").exists() or
                       Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z", 30, f"{self.name} did not die")

    def stop(self):
        pid = self.pid()
        if not pid:
            return
        os.kill(pid, signal.SIGTERM)
        try:
            wait_until(lambda: not Path(f"/proc/{pid}").exists(), 60, "")
        except RuntimeError:
            os.kill(pid, signal.SIGKILL)


class ElasticsearchCluster:
    """`size` master-eligible data nodes from the same distribution, bound to loopback."""

    def __init__(self, workdir, http_ports, transport_ports, cluster_name="sportello-cluster-check", heap="320m"):
        home = es_fetch()
        names = [f"node-{number + 1}" for number in range(len(http_ports))]
        seeds = {"ports": transport_ports, "names": names}
        self.nodes = [
            ElasticsearchNode(home, Path(workdir) / name, name, http, transport, seeds, cluster_name, heap)
            for name, http, transport in zip(names, http_ports, transport_ports)
        ]
        self.url = ",".join(node.url for node in self.nodes)

    def start(self, nodes=None, timeout=300):
        launchers = [node.launch() for node in nodes or self.nodes]
        for launcher in launchers:
            launcher.wait(timeout)
        self.wait_for_health("green", timeout)
        return self

    def node(self, name):
        return next(node for node in self.nodes if node.name == name)

    def alive(self):
        return [node for node in self.nodes if node.pid()]

    def health(self, status="green", timeout=1):
        node = self.alive()[0]
        wanted = len(self.alive())
        return http_json(f"{node.url}/_cluster/health?wait_for_status={status}&wait_for_nodes={wanted}"
                         f"&timeout={timeout}s", timeout=timeout + 5)

    def wait_for_health(self, status, timeout):
        def ready():
            try:
                return not self.health(status)["timed_out"]
            except OSError:
                return False
        wait_until(ready, timeout, f"the cluster was not {status} with {len(self.alive())} nodes")

    def stop(self):
        for node in self.nodes:
            node.stop()
