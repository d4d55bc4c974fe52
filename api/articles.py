"""Articles as the API serves them: the same rights as the pages, and the fields a CSR acts on.

`access_article` is the one way the API reaches an article: live, not past its expiry, and readable by
the user under the page's view restrictions (as Wagtail applies them when serving the page). Anything
else is a 404, so the API never reveals that a restricted or draft article exists.

What a CSR pastes (an answer's texts, a crisis's what to say, a defect's customer wording, an offer's up-sell
script) is plain text, as the pages' copy buttons copy it: Markdown never reaches a customer.
"""

from django.http import Http404
from wagtail.models import PageViewRestriction

from core.markup import plain_text
from kb import reply_text, selectors
from kb.models import AnswerPage, ArticlePage, CrisisPage, KnownDefectPage, OfferPage


def may_read(user, page):
    """Wagtail's view restrictions for `user`: login and group restrictions; a password-protected page
    is for a browser session that typed the password, never for the API."""
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            continue
        if restriction.restriction_type != PageViewRestriction.GROUPS:
            return False
        if not user.is_superuser and not restriction.groups.filter(pk__in=user.groups.values("pk")).exists():
            return False
    return True


def access_article(user, **lookup):
    """The specific article matching `lookup` (pk=… or external_id=…) if `user` may read it, else Http404."""
    page = ArticlePage.objects.live().unexpired().filter(**lookup).first()
    if page is None or not user.is_authenticated or not may_read(user, page):
        raise Http404
    return page.specific


def offer_part(page):
    return {
        "offer_code": page.offer_code,
        "eligibility": page.eligibility,
        "prices": [
            {"label": price.value["label_text"], "amount": price.value["amount"], "period": price.value["period"]}
            for price in page.prices
        ],
        "valid_from": page.go_live_at or page.first_published_at,
        "valid_until": page.expire_at,
        "channels": list(page.channels or []),
        "upsell_script": plain_text(page.upsell_script, keep_lines=True),
    }


def defect_part(page):
    return {
        "status": page.status,
        "symptoms": page.symptoms,
        "affected_versions": page.affected_versions,
        "workaround": [str(step.value) for step in page.workaround],
        "expected_fix_date": page.expected_fix_date,
        "customer_wording": plain_text(page.customer_wording, keep_lines=True),
    }


def crisis_part(page):
    return {
        "severity": page.severity,
        "status": page.status,
        "regions": page.affected_regions,
        "services": page.affected_services,
        "started_at": page.started_at,
        "ended_at": page.ended_at,
        "what_to_say": plain_text(page.holding_statement, keep_lines=True),
        "what_not_to_say": page.do_not_say,
        "updates": [{"at": item.value["at"], "text": item.value["text"]} for item in page.updates],
        "faq": [{"question": item.value["question"], "answer": item.value["answer"]} for item in page.faq],
    }


def answer_part(page, operator=None, customer_name="", channel=reply_text.DEFAULT_CHANNEL):
    channels = reply_text.channel_texts(page, customer_name, operator)
    return {
        "customer_question": page.customer_question,
        "variants": page.variants,
        "approved_answer": reply_text.copy_text(page, None, customer_name, operator),
        "reply_channel": channel,
        "text": channels[channel],
        "channels": channels,
        "steps": [str(step.value) for step in page.steps],
    }


PARTS = {OfferPage: ("offer", offer_part), KnownDefectPage: ("defect", defect_part),
         CrisisPage: ("crisis", crisis_part), AnswerPage: ("answer", answer_part)}


def article_data(page, operator=None, customer_name="", channel=reply_text.DEFAULT_CHANNEL):
    """What ArticleSerializer shows: the common fields, and the part named after the article's type. An
    answer's texts carry `operator`'s signature and `customer_name` (kb.reply_text), `text` for `channel`."""
    data = {
        "id": page.pk,
        "external_id": page.external_id,
        "type": page.type_code,
        "title": page.title,
        "summary": page.summary,
        "url": page.url,
        "language": page.language,
        "revision": page.live_revision_id,
        "updated_at": page.last_published_at,
        "needs_review": page.needs_review,
        "products": [product.name for product in page.products.all()],
        "tags": [tag.name for tag in page.tags.all()],
        "offer": None, "defect": None, "crisis": None, "answer": None,
    }
    name, part = PARTS[type(page)]
    data[name] = part(page, operator, customer_name, channel) if name == "answer" else part(page)
    return data


def active_crises():
    """The ongoing crises every CSR must know of (kb.selectors), as the crisis banners list them."""
    return list(selectors.active_crises().prefetch_related("products", "tags"))
