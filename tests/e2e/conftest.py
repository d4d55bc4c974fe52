"""Browser journeys: the real ASGI server (uvicorn) and worker on the demo data, real Elasticsearch,
Debian's Chromium driven by Playwright. Each journey saves a screenshot of its final state under
test-results/e2e/; a failing one also saves the page's console log."""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results" / "e2e"
AXE = ROOT / "var" / "e2e-tools" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "sportello-demo"

pytestmark = pytest.mark.e2e


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Sportello on a fresh demo database, as `make run` serves it, against the test Elasticsearch."""
    if not settings.ELASTICSEARCH_URL:
        pytest.fail("ELASTICSEARCH_URL is not set: run the browser journeys through `make test`.")
    workdir = tmp_path_factory.mktemp("e2e")
    prefix = f"e2e-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        "SEARCH_INDEX_PREFIX": prefix,
        # localhost: a second origin, not allowed to frame the side panel (tests/e2e/test_panel.py).
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SPORTELLO_EMBED_ORIGINS": f"http://127.0.0.1:{port}",
        "DEBUG": "0",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_data", "--quiet-logins"], ["search_index", "rebuild"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    uvicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--lifespan", "off", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    worker = subprocess.Popen([*manage, "run_worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120  # importing the project alone can take a minute on a loaded machine
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.time() > deadline or uvicorn.poll() is not None:
                pytest.fail("the Sportello server did not start")
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    for process in (uvicorn, worker):
        process.terminate()
    for process in (uvicorn, worker):
        try:
            # The worker ends the task it is running first, which on a loaded machine can take a while.
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    from search.client import get_client

    get_client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.journey_failed = report.failed


@pytest.fixture
def new_page(request, browser, server):
    """Open pages in fresh browser contexts (one per person); screenshots and console logs at the end."""
    contexts, pages, unprotected = [], [], []
    RESULTS.mkdir(parents=True, exist_ok=True)

    def open_page(locale="it-IT", javascript=True):
        context = browser.new_context(
            locale=locale, base_url=server, viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        context.set_default_timeout(15000)
        # Report every Content-Security-Policy violation, whichever page of the journey it happens on.
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        page = context.new_page()
        page.console_messages = []
        page.on("console", lambda message: page.console_messages.append(f"{message.type}: {message.text}"))
        page.on("response", lambda response: check_policy_header(response, server, unprotected))
        contexts.append(context)
        pages.append(page)
        return page

    yield open_page
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    for number, page in enumerate(pages):
        suffix = f"-{number}" if number else ""
        page.screenshot(path=str(RESULTS / f"{name}{suffix}.png"), full_page=True)
        if getattr(request.node, "journey_failed", False):
            (RESULTS / f"{name}{suffix}.console.log").write_text("\n".join(page.console_messages), encoding="utf-8")
    for context in contexts:
        context.close()
    violations = [line for page in pages for line in page.console_messages if CSP_CONSOLE.search(line)]
    assert violations == [], f"Content-Security-Policy violations during the journey: {violations}"
    assert unprotected == [], f"pages served without a Content-Security-Policy header: {unprotected}"


# Chromium logs a violation as "Refused to …" and fires securitypolicyviolation; the init script turns
# the event into a console message too, so nothing the policy blocks goes unnoticed.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
                  + `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""
CSP_CONSOLE = re.compile(r"CSP violation|Content Security Policy", re.I)


def check_policy_header(response, server, unprotected):
    """Every page (HTML document) Sportello serves must carry its Content-Security-Policy."""
    request = response.request
    if request.resource_type == "document" and response.url.startswith(server) and response.status < 300:
        if "content-security-policy" not in response.headers:
            unprotected.append(response.url)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click('form[action="/accounts/login/"] button[type=submit]')
    page.wait_for_url("**/")


def serious_accessibility_violations(page):
    """axe-core's WCAG 2.1 A/AA rules on the current page; only serious and critical ones returned."""
    # Evaluated through the DevTools protocol, not added as an inline <script> the page's CSP would refuse.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
