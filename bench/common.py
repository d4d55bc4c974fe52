"""Helpers shared by the benchmarks: a keep-alive HTTP client, sessions, percentiles, ports, RESULTS.md."""

import http.client
import socket
import time


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
