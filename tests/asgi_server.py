"""Sportello's real ASGI app served by uvicorn in a subprocess, and a small HTTP client with cookies."""

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Uvicorn:
    def __init__(self, env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.port), "--lifespan", "off", "--log-level", "warning"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "ALLOWED_HOSTS": "127.0.0.1",
                 "DEBUG": "0", **env},
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    pytest.fail("uvicorn did not start")
                time.sleep(0.2)

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)


class Browser:
    """Enough of a browser for server-side pages: cookies, CSRF token, no redirects followed."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base_url + path}
        try:
            with self.opener.open(urllib.request.Request(self.base_url + path, data=body, headers=headers), timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path):
        return self.request(path)

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def use_session_of(self, user):
        """Log in as `user` through a session made by Django's test client (stored in the database)."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        value = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.cookies.set_cookie(http.cookiejar.Cookie(
            0, settings.SESSION_COOKIE_NAME, value, None, False, "127.0.0.1", False, False, "/", True, False,
            None, False, None, None, {},
        ))

    def log_in(self, username, password):
        self.get("/accounts/login/")
        status, _html = self.request("/accounts/login/", {"username": username, "password": password,
                                                          "csrfmiddlewaretoken": self.cookie("csrftoken")})
        assert status == 302, f"login of {username} answered {status}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
