"""Assist: from a customer's words to the answers, defects, crises and peer questions that fit.

No second search: the text goes through `search.service.search`, which switches to assist mode for a
customer's message (search.queries: the conversation dropped, `more_like_this` on what is left, the
thesaurus bridging the customer's words) with the user's rights. The ranked hits are then sorted into
what a CSR acts on, each with the words that made it match. An answer's `answer` is the index's copy, written
for no channel: callers make it the text to paste (kb.reply_text.fill_answers, panel.answers.with_copy_texts).
"""

from collaboration.access import visible_questions
from collaboration.models import Question
from kb.models import CrisisPage, CrisisStatus, KnownDefectPage
from search import service

# One request over everything, enough for every group to fill after offers, practices and needs.
POOL_SIZE = 30
PER_GROUP = 5
GROUPS = {"answer": "answers", "defect": "defects", "crisis": "crises", "question": "questions"}
CLOSED_QUESTIONS = (Question.Status.CLOSED, Question.Status.DUPLICATE)


def matched_words(hit):
    """Why it matched: the words the engine marked in the document (the database fallback marks only its
    snippet, so those)."""
    if hit.matched:
        return hit.matched
    words = []
    for text, marked in hit.snippet_parts:
        word = " ".join(text.split()).lower()
        if marked and word and word not in words:
            words.append(word)
    return words


def statuses(user, hits):
    """{(type, id): status} for defects, crises and questions, read from the database in one query each."""
    ids = {kind: [hit.id for hit in hits if hit.type == kind] for kind in ("defect", "crisis", "question")}
    found = {}
    for kind, model in (("defect", KnownDefectPage.objects), ("crisis", CrisisPage.objects),
                        ("question", visible_questions(user))):
        if ids[kind]:
            found.update({(kind, pk): status for pk, status in model.filter(pk__in=ids[kind]).values_list("pk", "status")})
    return found


def fits(hit, status):
    if hit.type == "crisis":
        return status is not None and status != CrisisStatus.RESOLVED
    if hit.type == "question":
        return status is not None and status not in CLOSED_QUESTIONS
    return hit.type in GROUPS


def assist(user, text, channel=None, product=None, contact_id=None):
    """The groups of AssistResponseSerializer for `text`, ranked, at most PER_GROUP each."""
    if not service.clean_query(text):
        return {**{name: [] for name in GROUPS.values()}, "channel": channel, "contact_id": contact_id,
                "took_ms": 0, "degraded": False}
    response = service.search(user, text, {"product": product} if product else {}, 1, POOL_SIZE, source="api",
                              facets=False)
    found = statuses(user, response.results)
    groups = {name: [] for name in GROUPS.values()}
    for hit in response.results:
        status = found.get((hit.type, hit.id))
        if not fits(hit, status) or len(groups[GROUPS[hit.type]]) >= PER_GROUP:
            continue
        groups[GROUPS[hit.type]].append({
            "type": hit.type, "id": hit.id, "title": hit.title, "url": hit.url, "score": hit.score,
            "certified": hit.certified, "status": status, "answer": hit.answer,
            "why": matched_words(hit), "snippet": hit.snippet,
        })
    return {**groups, "channel": channel, "contact_id": contact_id, "took_ms": response.took_ms,
            "degraded": bool(response.message)}
