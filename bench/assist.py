"""Benchmark: the agent-desktop API at 50k documents — assist, the "non dire" reply check, and search with a
token against the page's own search, side by side in one run.

Loads bench/search.py's synthetic corpus (default 50,000 documents) into fresh indices on the node at
ELASTICSEARCH_URL, and into the database what the reply check reads: ongoing crises with their "what not to
say", offers (half of them expired) and revoked certified answers, each with the answer certified in its place. Serves
Sportello with uvicorn (1 worker, production settings) on loopback, then measures, in one run:
`POST /api/v1/assist` and `POST /api/v1/check-reply` with a personal token, and the same queries through
`GET /api/v1/search` with the token and `GET /api/search` with the page's session (alternating, so both meet
the same load). Prints the figures and, with --write, records them in bench/RESULTS.md.

    scripts/with-elasticsearch.sh .venv/bin/python bench/assist.py [--documents 50000] [--requests 300] [--write]
"""

import argparse
import datetime
import http.client
import importlib.util
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import Client, free_port, logged_in_session, percentile, production_django, replace_section, wait_for  # noqa: E402

# bench/search.py, by path: as a module named `search` it would hide Sportello's search app.
_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)

HEADING = "## Assist, reply check and API search (`bench/assist.py`)"
SUBJECTS = ["fibra", "modem", "roaming", "fattura", "SIM", "eSIM", "decoder", "linea fissa", "app", "ricarica",
            "portabilità", "rete mobile", "centrale", "area clienti", "pagamenti", "giga", "chiamate", "sms"]
CITIES = ["Milano", "Roma", "Napoli", "Torino", "Bologna", "Firenze", "Bari", "Palermo", "Genova", "Verona"]
FORBIDDEN = [
    "Non dire che è colpa del fornitore {who}.",
    "Non promettere rimborsi automatici per il disservizio {subject}.",
    "Non dire che il servizio {subject} tornerà entro oggi.",
    "Non indicare un orario di ripristino per {city}.",
    "Non parlare di attacco informatico alla rete {subject}.",
]
SUPPLIERS = ["Open Fiber", "FiberCop", "Infratel", "Enel", "Terna"]
DRAFTS = [
    # clean drafts: what a CSR writes most of the time
    "Buongiorno, ho verificato la sua linea e risulta tutto regolare. Le consiglio di riavviare il modem.",
    "Gentile cliente, la fattura di marzo comprende il canone e i costi di attivazione come da contratto.",
    "Le confermo che la portabilità del numero sarà completata entro tre giorni lavorativi.",
    "Per attivare il roaming in Svizzera può usare l'app, sezione Estero, oppure chiamare il servizio clienti.",
    "Ho aperto una segnalazione al secondo livello, la ricontatteremo appena avremo notizie.",
    "Il tecnico passerà domani tra le 8 e le 13, le arriverà un SMS di conferma la sera prima.",
    # drafts with a conflict
    "Ci scusiamo, il guasto è colpa del fornitore Open Fiber e non nostra.",
    "Le confermo che riceverà un rimborso automatico per il disservizio fibra.",
    "Può attivare l'offerta con il codice PROMO-0004 a 19,90 € al mese.",
    "Per il rimborso deve inviare una PEC all'ufficio legale allegando tre fatture pagate e il documento.",
]


def setup_guard_content(offers, crises, revoked):
    """What check-reply reads, made in the database (pages added without revisions: their number, not their
    history, is what the check's rules depend on)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from collaboration.models import Answer, Question, Space
    from kb.models import CrisisPage, OfferPage
    from kb.site_tree import section_for_type

    rng = random.Random(11)
    now = timezone.now()
    review_by = (now + datetime.timedelta(days=365)).date()
    section = section_for_type("crisis")
    for number in range(crises):
        subject, city = rng.choice(SUBJECTS), rng.choice(CITIES)
        items = "\n".join("- " + line.format(who=rng.choice(SUPPLIERS), subject=subject, city=city)
                          for line in rng.sample(FORBIDDEN, 4))
        section.add_child(instance=CrisisPage(
            title=f"Disservizio {subject} {city} {number}", slug=f"bench-crisi-{number}", summary="Disservizio.",
            severity="major", status="active", holding_statement=f"Siamo a conoscenza del disservizio {subject} a {city}.",
            do_not_say=items, review_by=review_by, live=True, first_published_at=now,
        ))
    section = section_for_type("offer")
    for number in range(offers):
        expired = number % 2 == 0
        amount = f"{rng.randint(5, 59)}.{rng.choice(['00', '90', '99', '49'])}"
        section.add_child(instance=OfferPage(
            title=f"Offerta {rng.choice(SUBJECTS)} {number}", slug=f"bench-offerta-{number}", summary="Offerta.",
            offer_code=f"PROMO-{number:04d}", eligibility="Tutti i clienti.", review_by=review_by,
            prices=[("price", {"label_text": "Canone", "amount": amount, "period": "month"})],
            live=not expired, expired=expired, first_published_at=now - datetime.timedelta(days=90),
            expire_at=now - datetime.timedelta(days=1) if expired else None,
        ))
    user = get_user_model().objects.get(username="operatore")
    space = Space.objects.create(name="Bench", slug="bench", kind=Space.Kind.ALL_OPERATORS)
    for number in range(revoked):
        question = Question.objects.create(space=space, author=user, title=f"Rimborso {number}", body="Come?",
                                           body_html="<p>Come?</p>")
        Answer.objects.create(question=question, author=user, body_html="", revoked_at=now, revoked_reason="Cambiata.",
                              body=f"Per il rimborso {rng.choice(SUBJECTS)} il cliente deve inviare una PEC all'ufficio "
                                   f"legale allegando tre fatture pagate e il documento numero {number}.")
        Answer.objects.create(question=question, author=user, body_html="", certified_at=now,
                              body="Il rimborso si chiede dall'area clienti, sezione Pagamenti.")


class TokenClient:
    """One keep-alive connection calling /api/v1/ with a bearer token."""

    def __init__(self, port, secret):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "it", "Content-Type": "application/json"}

    def call(self, method, url, body=None):
        started = time.perf_counter()
        self.connection.request(method, url, body=json.dumps(body) if body is not None else None, headers=self.headers)
        response = self.connection.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}: {payload[:200]!r}")
        return elapsed, payload


def latencies(samples):
    return {"p50": percentile(samples, 0.5) * 1000, "p95": percentile(samples, 0.95) * 1000}


def measure(call, values, requests, warm_up=20):
    samples = []
    for number in range(requests + warm_up):
        elapsed = call(values[number % len(values)])
        if number >= warm_up:
            samples.append(elapsed)
    return latencies(samples)


def side_by_side(page, token, values, requests, warm_up=20):
    """The page's search and the API's, alternating request by request, so both meet the same load."""
    page_samples, token_samples = [], []
    for number in range(requests + warm_up):
        query = quote(values[number % len(values)])
        page_time = page.get(f"/api/search?q={query}")
        token_time, _payload = token.call("GET", f"/api/v1/search?q={query}")
        if number >= warm_up:
            page_samples.append(page_time)
            token_samples.append(token_time)
    return latencies(page_samples), latencies(token_samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--crises", type=int, default=40)
    parser.add_argument("--revoked", type=int, default=200)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    workdir, prefix, env = production_django("assist", {"API_RATE_PER_TOKEN": "1000000/min", "API_RATE_PER_USER": "1000000/min"})
    from django.contrib.auth import get_user_model
    from accounts.demo import create_demo_users
    from api import tokens
    from api.reply_check import rules
    from kb.site_tree import ensure_site_tree
    from search.client import get_client

    create_demo_users()
    ensure_site_tree()
    csr = get_user_model().objects.get(username="operatore")
    session_key = logged_in_session(csr)
    _token, secret = tokens.create_personal_token(csr, "bench", 30)

    print(f"adding {args.crises} crises, {args.offers} offers and {args.revoked} revoked answers …", flush=True)
    setup_guard_content(args.offers, args.crises, args.revoked)
    started = time.perf_counter()
    built = rules.build()
    build_ms = (time.perf_counter() - started) * 1000
    print(f"reply-check rules built in {build_ms:.0f} ms", flush=True)
    print(f"making and indexing {args.documents} synthetic documents into {prefix}-article …", flush=True)
    written, _rate = bench_search.load_corpus(args.documents)

    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--lifespan", "off", "--no-access-log", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    try:
        wait_for(port)
        token = TokenClient(port, secret)
        flagged = sum(bool(json.loads(token.call("POST", "/api/v1/check-reply", {"text": draft})[1])["conflicts"])
                      for draft in DRAFTS)
        check = measure(lambda draft: token.call("POST", "/api/v1/check-reply", {"text": draft, "channel": "chat"})[0],
                        DRAFTS, args.requests)
        assist = measure(lambda text: token.call("POST", "/api/v1/assist", {"text": text, "channel": "chat"})[0],
                         bench_search.MESSAGES, args.requests)
        page, api = side_by_side(Client(port, session_key), token, bench_search.QUERIES, args.requests)
    finally:
        server.terminate()
        server.wait(10)
        get_client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
        shutil.rmtree(workdir, ignore_errors=True)
    ratio50, ratio95 = api["p50"] / page["p50"], api["p95"] / page["p95"]
    print(f"POST /api/v1/check-reply  p50 {check['p50']:6.1f} ms  p95 {check['p95']:6.1f} ms  "
          f"({flagged} of {len(DRAFTS)} drafts flagged)")
    print(f"POST /api/v1/assist       p50 {assist['p50']:6.1f} ms  p95 {assist['p95']:6.1f} ms")
    print(f"GET /api/search (page)    p50 {page['p50']:6.1f} ms  p95 {page['p95']:6.1f} ms")
    print(f"GET /api/v1/search token  p50 {api['p50']:6.1f} ms  p95 {api['p95']:6.1f} ms")
    print(f"token API / page ratio    p50 {ratio50:.2f}  p95 {ratio95:.2f}")
    if args.write:
        lines = [
            HEADING,
            "",
            f"{written} synthetic documents (bench/search.py's corpus) on one Elasticsearch 8.19 node (512 MB heap), "
            f"and in the database {len(built.crises)} ongoing crises with 4 \"what not to say\" items each, "
            f"{len(built.offers)} offers (half expired, by code and price) and {len(built.revoked)} revoked certified "
            f"answers; uvicorn with 1 worker, production settings, SQLite. {args.requests} sequential requests per "
            f"measurement after 20 warm-up requests, with a personal token; page and token search alternate request "
            f"by request over {len(bench_search.QUERIES)} queries. Run on {time.strftime('%Y-%m-%d')} on the shared "
            "2-core machine while other engineers ran their tests (load average above 10): absolute figures are "
            "pessimistic, the ratio is fair. Targets: assist p95 ≤ 150 ms, check-reply p95 ≤ 100 ms, token API ≤ "
            "1.2 × the page's search.",
            "",
            "| measure | p50 ms | p95 ms |",
            "|---|---|---|",
            f"| `POST /api/v1/check-reply` ({len(DRAFTS)} drafts of 1–2 sentences, {flagged} with a conflict) | "
            f"{check['p50']:.1f} | {check['p95']:.1f} |",
            f"| `POST /api/v1/assist` ({len(bench_search.MESSAGES)} customer messages) | {assist['p50']:.1f} | {assist['p95']:.1f} |",
            f"| `GET /api/search`, the page's session | {page['p50']:.1f} | {page['p95']:.1f} |",
            f"| `GET /api/v1/search`, a token | {api['p50']:.1f} | {api['p95']:.1f} |",
            "",
            f"Token API / page ratio: **{ratio50:.2f}** at p50, **{ratio95:.2f}** at p95. Building the reply check's "
            f"rules from the database (once per process and per publish): **{build_ms:.0f} ms**.",
            "",
        ]
        replace_section(ROOT / "bench" / "RESULTS.md", HEADING, "\n".join(lines))


if __name__ == "__main__":
    main()
