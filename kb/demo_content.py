"""Demo content: a realistic Italian telecom contact-center knowledge base.

Loaded through the same importer that real exports use, so the demo also exercises it. Running it
again changes nothing (the importer skips unchanged lines, users and taxonomy are get-or-create).
"""

from pathlib import Path

from django.contrib.auth import get_user_model

from kb import site_tree
from kb.announcements import without_announcements
from kb.importing import import_articles
from kb.models import Product, ProductLine, Topic
from kb.section_rights import section_owner_group

DEMO_ARTICLES = Path(__file__).parent / "demo" / "articles.jsonl"

PRODUCTS = [
    ("Mobile Giga", ProductLine.MOBILE),
    ("Mobile Young", ProductLine.MOBILE),
    ("eSIM", ProductLine.MOBILE),
    ("Roaming Estero", ProductLine.MOBILE),
    ("Fibra Casa", ProductLine.FIXED),
    ("Fibra Business", ProductLine.BUSINESS),
    ("ADSL Casa", ProductLine.FIXED),
    ("FWA Casa", ProductLine.FIXED),
    ("Modem Aurora Hub", ProductLine.DEVICES),
    ("TV Aurora", ProductLine.TV),
    ("Fatturazione", ProductLine.BILLING),
]
TOPICS = [
    "Fatturazione e pagamenti",
    "Attivazioni",
    "Guasti tecnici",
    "Disdetta e recesso",
    "Portabilità",
    "Offerte commerciali",
    "Roaming",
    "Sicurezza e frodi",
]
# Which demo content owner owns which section.
SECTION_OWNERS = {
    "offerte": "redazione.offerte",
    "guasti-noti": "redazione.tecnica",
    "crisi": "redazione.crisi",
    "procedure": "redazione.procedure",
}


def load_taxonomy():
    for name, line in PRODUCTS:
        Product.objects.get_or_create(name=name, defaults={"line": line})
    for name in TOPICS:
        Topic.objects.get_or_create(name=name)


def grant_demo_sections():
    User = get_user_model()
    for slug, username in SECTION_OWNERS.items():
        section = site_tree.section_by_slug(slug)
        user = User.objects.filter(username=username).first()
        if section and user:
            user.groups.add(section_owner_group(section))


def load_demo_content():
    site_tree.ensure_site_tree()
    load_taxonomy()
    grant_demo_sections()
    # The demo is an existing knowledge base, not news: no account starts with an inbox of old articles.
    with DEMO_ARTICLES.open("rb") as lines, without_announcements():
        return import_articles(lines)
