"""Benchmark: a crisis published in the KB reaching every open Sportello page over WebSockets.

Builds a throw-away SQLite database with the demo KB and --clients CSR users, each with a session in the
database, starts a throw-away Redis and the production ASGI server (uvicorn, 2 workers, DEBUG off, the
channels-redis pub/sub layer of config/channel_layers.py), and opens one WebSocket per CSR on /ws/, as
their browser tabs would. This process then publishes a new CrisisPage through Wagtail's real path
(revision.publish() -> page_published -> kb.events.notify_crisis_banners -> group "operators") and every
socket notes when the crisis first appears in a "crisis.banners" message.

Measured twice, right after the sockets are opened and again after --idle seconds of silence: how many
sockets received the crisis, the latency from just before publish() to receipt (p50, p95, max), and the
server's memory (VmRSS of the uvicorn master and of every process it started: the workers and
multiprocessing's resource tracker). Sockets closed while idle count as lost.
Targets: every socket served both times, p95 <= 300 ms, no socket lost while idle. Prints the figures and,
with --write, records them in bench/RESULTS.md.

    .venv/bin/python bench/broadcast.py [--clients 1000] [--idle 600] [--write]
"""

import argparse
import asyncio
import datetime
import json
import logging
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import free_port, logged_in_session, percentile, replace_section, wait_for  # noqa: E402

WORKERS = 2
# Sockets opened at once: more would pile handshakes up behind each other past the open timeout.
BATCH = 100
DELIVERY_TIMEOUT = 30
P95_TARGET_MS = 300
HEADING = "## Broadcast (`bench/broadcast.py`)"


def configure_environment(workdir, redis_url):
    """The bench settings, for this process (which publishes) and the commands and server it starts."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "REDIS_URL": redis_url,
        }
    )
    os.environ.pop("DEBUG", None)
    os.environ.pop("ELASTICSEARCH_URL", None)


def raise_open_files(clients):
    """One descriptor per socket here and in the server (which inherits the limit), plus headroom."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = clients * 2 + 1024
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def start_redis(workdir, port):
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--daemonize", "no", "--dir", str(workdir), "--logfile", str(workdir / "redis.log")],
    )
    wait_for(port)
    return redis


def redis_version(url):
    import redis

    client = redis.Redis.from_url(url)
    try:
        return client.info("server")["redis_version"]
    finally:
        client.close()


def manage(*args):
    out = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{out.stderr[-3000:]}")


def prepare():
    manage("migrate", "--noinput", "-v0")
    manage("load_demo_data", "--quiet-logins")


def create_operators(count):
    """`count` CSR users, each with a logged-in session stored in the database; return the session keys."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from accounts.roles import CSR

    User = get_user_model()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"bench-csr-{number}", password=unusable) for number in range(count)]
    )
    csr = Group.objects.get(name=CSR)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=user.pk, group_id=csr.pk) for user in users])
    with transaction.atomic():
        return [logged_in_session(user) for user in users]


def start_server(port):
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(WORKERS), "--lifespan", "off", "--no-access-log",
         "--log-level", "warning"],
        cwd=ROOT,
    )
    wait_for(port)
    return server


def child_pids(pid):
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def process_role(pid, master):
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    if pid == master:
        return "master"
    if b"multiprocessing.spawn" in command:
        return "worker"
    if b"resource_tracker" in command:
        return "resource tracker"
    return command.split(b"\0")[0].decode()


def socket_inodes(pid):
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def sockets_per_worker(master, port):
    """How the workers split the WebSockets (they accept from one shared socket, not in turn)."""
    established = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":
            established.add(fields[9])
    workers = [pid for pid in child_pids(master) if process_role(pid, master) == "worker"]
    return [len(socket_inodes(pid) & established) for pid in workers]


def server_memory(pid):
    """(role, VmRSS in MB) of the uvicorn master and of each process it started."""
    return [(process_role(process, pid), rss_mb(process)) for process in [pid, *child_pids(pid)]]


class Operator:
    """One CSR's open page: a WebSocket noting when each crisis title first shows up in a banner."""

    def __init__(self, session_key):
        self.session_key = session_key
        self.socket = None
        self.error = None
        self.listening = None
        self.seen = {}

    async def open(self, url, origin):
        try:
            # No client pings, like a browser: only the server's pings keep an idle socket alive.
            self.socket = await connect(
                url, origin=origin, additional_headers={"Cookie": f"sessionid={self.session_key}"},
                ping_interval=None, open_timeout=30,
            )
        except Exception as error:  # noqa: BLE001  (every failure is counted by its reason)
            self.error = f"{type(error).__name__}: {error}"
            return
        self.listening = asyncio.create_task(self.listen())

    async def listen(self):
        try:
            async for message in self.socket:
                event = json.loads(message)
                if event.get("type") == "crisis.banners":
                    now = time.perf_counter()
                    for banner in event["banners"]:
                        self.seen.setdefault(banner["title"], now)
        except ConnectionClosed:
            pass

    @property
    def is_open(self):
        return self.socket is not None and self.socket.state is State.OPEN

    def close_reason(self):
        reason = self.socket.close_reason
        return f"closed with code {self.socket.close_code}" + (f" ({reason})" if reason else "")

    async def close(self):
        if self.socket is not None:
            await self.socket.close()
            await self.listening


async def open_all(operators, port):
    url, origin = f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}"
    for start in range(0, len(operators), BATCH):
        await asyncio.gather(*(operator.open(url, origin) for operator in operators[start:start + BATCH]))
    # A refused socket may be closed right after the handshake: give it the time to show.
    await asyncio.sleep(1)
    return Counter(operator.error or operator.close_reason() for operator in operators if not operator.is_open)


def publish_crisis(label):
    """Create a crisis draft and publish it as an editor would; return its title and when publish ran."""
    from django.utils import timezone

    from kb.models import CrisisPage
    from kb.site_tree import SECTION_FOR_TYPE, section_by_slug

    token = secrets.token_hex(4)
    page = CrisisPage(
        title=f"Disservizio di prova {label} {token}",
        slug=f"bench-crisi-{token}",
        summary="Crisi creata dal benchmark delle notifiche in tempo reale.",
        review_by=timezone.localdate() + datetime.timedelta(days=90),
        severity="critical",
        status="active",
        affected_regions="Lombardia",
        holding_statement="Siamo a conoscenza del disservizio, aggiornamento entro un'ora.",
        live=False,
    )
    section_by_slug(SECTION_FOR_TYPE["crisis"]).add_child(instance=page)
    revision = page.save_revision()
    started = time.perf_counter()
    revision.publish()
    return page.title, started, time.perf_counter()


async def broadcast(operators, label, server_pid):
    title, started, finished = await asyncio.to_thread(publish_crisis, label)
    deadline = time.perf_counter() + DELIVERY_TIMEOUT
    while time.perf_counter() < deadline and not all(title in o.seen for o in operators if o.is_open):
        await asyncio.sleep(0.05)
    latencies = [(o.seen[title] - started) * 1000 for o in operators if title in o.seen]
    return {
        "delivered": len(latencies),
        "publish": (finished - started) * 1000,
        "p50": statistics.median(latencies) if latencies else None,
        "p95": percentile(latencies, 0.95) if latencies else None,
        "max": max(latencies) if latencies else None,
        "memory": server_memory(server_pid),
    }


async def stay_idle(operators, seconds):
    """Wait `seconds` without traffic from this side; return why the sockets open before were lost."""
    was_open = [operator for operator in operators if operator.is_open]
    ends = time.monotonic() + seconds
    while (left := ends - time.monotonic()) > 0:
        await asyncio.sleep(min(left, 60))
        lost = sum(not operator.is_open for operator in was_open)
        elapsed = seconds - max(ends - time.monotonic(), 0)
        print(f"  idle {elapsed:.0f}/{seconds} s, sockets lost so far: {lost}", flush=True)
    return Counter(operator.close_reason() for operator in was_open if not operator.is_open)


def verdict(ok):
    return "ok" if ok else "MISSED"


def print_round(name, figures, clients):
    memory = figures["memory"]
    delivered, p95 = figures["delivered"], figures["p95"]
    print(f"{name}: delivered {delivered}/{clients} [{verdict(delivered == clients)}]", flush=True)
    if delivered:
        print(f"  latency p50 {figures['p50']:.1f} ms  p95 {p95:.1f} ms [target <= {P95_TARGET_MS}: "
              f"{verdict(p95 <= P95_TARGET_MS)}]  max {figures['max']:.1f} ms  "
              f"(publish() itself took {figures['publish']:.1f} ms)")
    print(f"  server RSS {sum(mb for _role, mb in memory):.0f} MB "
          f"({', '.join(f'{role} {mb:.0f}' for role, mb in memory)})", flush=True)


async def run(session_keys, port, server_pid, idle):
    operators = [Operator(key) for key in session_keys]
    try:
        print(f"opening {len(operators)} WebSockets, {BATCH} at a time …", flush=True)
        started = time.perf_counter()
        failures = await open_all(operators, port)
        opened = sum(operator.is_open for operator in operators)
        print(f"open: {opened}/{len(operators)} in {time.perf_counter() - started:.1f} s", flush=True)
        for reason, count in failures.most_common():
            print(f"  {count} failed: {reason}")
        split = sockets_per_worker(server_pid, port)
        print(f"sockets per worker: {' + '.join(map(str, split))}", flush=True)
        first = await broadcast(operators, "1", server_pid)
        print_round("crisis 1 (sockets just opened)", first, len(operators))
        print(f"leaving the sockets idle for {idle} s …", flush=True)
        lost = await stay_idle(operators, idle)
        print(f"sockets lost while idle: {sum(lost.values())} [{verdict(not lost)}]")
        for reason, count in lost.most_common():
            print(f"  {count} lost: {reason}")
        second = await broadcast(operators, "2", server_pid)
        print_round(f"crisis 2 (after {idle} s idle)", second, len(operators))
        return {"failed": sum(failures.values()), "split": split, "first": first, "lost": sum(lost.values()),
                "second": second}
    finally:
        await asyncio.gather(*(operator.close() for operator in operators))


def stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--idle", type=int, default=600, help="seconds the sockets stay idle between the crises")
    parser.add_argument("--write", action="store_true", help="record the figures in bench/RESULTS.md")
    args = parser.parse_args()

    raise_open_files(args.clients)
    workdir = Path(tempfile.mkdtemp(prefix="sportello-bench-"))
    processes = []
    try:
        redis_port = free_port()
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        processes.append(start_redis(workdir, redis_port))
        configure_environment(workdir, redis_url)
        print(f"preparing database and {args.clients} CSR sessions in {workdir} …", flush=True)
        prepare()
        import django

        django.setup()
        logging.disable(logging.INFO)  # one line per page published would bury the figures
        session_keys = create_operators(args.clients)
        # A running publisher has its URLconf, code and connections loaded: the first publish of this
        # process would otherwise add ~0.5 s of imports to the first round.
        publish_crisis("warm-up")
        port = free_port()
        server = start_server(port)
        processes.append(server)
        setup = {"redis": redis_version(redis_url)}
        figures = asyncio.run(run(session_keys, port, server.pid, args.idle))
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
    if args.write:
        write_results(figures, setup, args)


def write_results(figures, setup, args):
    lines = [
        HEADING,
        "",
        f"uvicorn, {WORKERS} workers, production settings (DEBUG off), SQLite, demo KB; channels-redis pub/sub "
        f"layer on Redis {setup['redis']}. {args.clients} logged-in CSRs, one WebSocket each on `/ws/`, opened "
        f"{BATCH} at a time from one asyncio process (websockets, no client pings) on the same machine; the workers "
        f"held {' and '.join(map(str, figures['split']))} of them. A new "
        "crisis is published through `revision.publish()`; latency runs from just before `publish()` to the "
        f"socket reading the `crisis.banners` message that lists it. Second round after {args.idle} s without "
        f"messages (only uvicorn's pings). Run on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores. Targets: every socket served "
        f"both times, p95 ≤ {P95_TARGET_MS} ms, no socket lost while idle.",
        "",
        "| round | delivered | p50 ms | p95 ms | max ms | sockets lost while idle | server RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    rounds = (("sockets just opened", "first", "–"), (f"after {args.idle} s idle", "second", figures["lost"]))
    for name, key, lost in rounds:
        round_ = figures[key]
        numbers = " | ".join("–" if round_[f] is None else f"{round_[f]:.1f}" for f in ("p50", "p95", "max"))
        lines.append(f"| {name} | {round_['delivered']}/{args.clients} | {numbers} | {lost} | "
                     f"{sum(mb for _role, mb in round_['memory']):.0f} |")
    if figures["failed"]:
        lines += ["", f"{figures['failed']} of {args.clients} sockets failed to open."]
    lines.append("")
    replace_section(ROOT / "bench" / "RESULTS.md", HEADING, "\n".join(lines))


if __name__ == "__main__":
    main()
