"""Helpers shared by the benchmarks: a keep-alive HTTP client, sessions, percentiles, ports, RESULTS.md."""

import http.client
import socket
import time
from http.cookies import SimpleCookie


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One keep-alive HTTP/1.1 connection with the CSR's session cookie."""

    def __init__(self, port, session_key):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Cookie": f"sessionid={session_key}", "Accept-Language": "it"}

    def get(self, url):
        started = time.perf_counter()
        self.connection.request("GET", url, headers=self.headers)
        response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return elapsed


def logged_in_session(user):
    """The key of a new database session logged in as `user` (call with Django set up)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def remember_cookies(cookies, response):
    """Keep `cookies` (a dict) as a browser would after `response` (httpx): set, replaced, or deleted
    when the server expires them."""
    for header in response.headers.get_list("set-cookie"):
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or not morsel.value:
                cookies.pop(name, None)
            else:
                cookies[name] = morsel.value


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def wait_for(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def replace_section(path, heading, text):
    """Replace one `## ` section of RESULTS.md, keeping the others."""
    content = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    start = content.find(heading)
    if start == -1:
        content = content.rstrip("\n") + "\n\n" + text
    else:
        end = content.find("\n## ", start + len(heading))
        content = content[:start] + text + ("" if end == -1 else content[end:])
    path.write_text(content.rstrip("\n") + "\n", encoding="utf-8")


def production_django(name, extra_env=None):
    """Set up Django as production runs it, for a bench on the real Elasticsearch node: production settings,
    a throwaway SQLite database (or DATABASE_URL), its own index prefix, the per-minute search rates off (one
    bench user sends thousands of requests a minute), then migrate. Returns (workdir, index prefix, env)."""
    import os
    import secrets
    import tempfile
    from pathlib import Path

    if not os.environ.get("ELASTICSEARCH_URL"):
        raise SystemExit("ELASTICSEARCH_URL is not set: run through scripts/with-elasticsearch.sh")
    workdir = Path(tempfile.mkdtemp(prefix=f"sportello-bench-{name}-"))
    prefix = f"bench-{os.getpid()}"
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SEARCH_INDEX_PREFIX": prefix,
        "SEARCH_RATE_PER_MINUTE": "0", "SUGGEST_RATE_PER_MINUTE": "0",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        **(extra_env or {}),
    }
    env.pop("DEBUG", None)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return workdir, prefix, env
