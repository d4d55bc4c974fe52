"""Small builders for test data. Articles are created and published the way the admin does it:
through a revision, so live/draft/scheduled states are the real ones."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from kb.models import AnswerPage, CrisisPage, KnownDefectPage, OfferPage
from kb.site_tree import ensure_site_tree, section_for_type

_numbers = itertools.count(1)

TYPE_DEFAULTS = {
    OfferPage: lambda: {
        "offer_code": f"OFF-{next(_numbers)}",
        "eligibility": "Nuovi clienti con linea fissa attiva.",
        "upsell_script": "Le propongo di aggiungere la fibra a 24,90 euro al mese.",
        "channels": ["phone", "chat"],
    },
    KnownDefectPage: lambda: {
        "symptoms": "Il modem si riavvia ogni sera verso le 21.",
        "status": "workaround",
        "customer_wording": "Stiamo rilasciando un aggiornamento del modem.",
    },
    CrisisPage: lambda: {
        "severity": "critical",
        "status": "active",
        "affected_regions": "Lombardia",
        "holding_statement": "Siamo a conoscenza del disservizio, aggiornamento alle ore 14:30.",
        "do_not_say": "Non promettere indennizzi.",
    },
    AnswerPage: lambda: {
        "customer_question": "Come faccio a disdire il contratto?",
        "question_variants": "voglio disdire\ncessare la linea",
        "approved_answer": "Può recedere in qualsiasi momento chiamando il servizio clienti.",
    },
}


def make_user(username, *roles, **fields):
    user = get_user_model().objects.create_user(username=username, password="pw", **fields)
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


def build_article(model, **fields):
    number = next(_numbers)
    values = {
        "title": f"{model._meta.verbose_name} {number}",
        "slug": f"{model.type_code}-{number}",
        "summary": f"Riassunto dell'articolo {number}.",
        "review_by": timezone.localdate() + datetime.timedelta(days=90),
        "live": False,
    }
    values.update(TYPE_DEFAULTS[model]())
    values.update(fields)
    return model(**values)


def draft_article(model, section=None, user=None, **fields):
    page = build_article(model, **fields)
    if section is None:
        ensure_site_tree()
        section = section_for_type(model.type_code)
    section.add_child(instance=page)
    page.save_revision(user=user)
    return page


def published_article(model, section=None, user=None, **fields):
    page = draft_article(model, section=section, user=user, **fields)
    page.get_latest_revision().publish(user=user)
    page.refresh_from_db()
    return page
