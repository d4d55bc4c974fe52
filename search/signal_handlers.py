"""Search listens to content changes and hands them to the outbox. Nothing here talks to Elasticsearch."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from collaboration.models import Answer, BestPractice, MarketNeed, Question
from kb.models import ArticlePage
from kb.signals import article_verified
from search import outbox, synonyms
from search.backends import database
from search.models import IndexJob, SynonymRule

ARTICLE = "article"


def article_changed(sender, instance, **kwargs):
    # An "index" job re-reads the page: a page no longer visible is removed from the index.
    if isinstance(instance, ArticlePage):
        outbox.queue(ARTICLE, [instance.pk])


def article_deleted(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    outbox.queue(ARTICLE, [instance.pk], action=IndexJob.Action.DELETE)


def page_moved(sender, instance, **kwargs):
    # URLs of the page and everything below it changed.
    ids = ArticlePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    outbox.queue(ARTICLE, ids)


def restriction_changed(sender, instance, raw=False, **kwargs):
    # A view restriction added to a live page (the admin's Privacy setting) hides it and every article
    # below it from CSRs: without a job they stayed in the index, found by everyone, until their next
    # publish. A restriction removed brings them back.
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        outbox.queue(ARTICLE, ArticlePage.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


COLLABORATION_KINDS = {Question: "question", BestPractice: "practice", MarketNeed: "need"}


def post_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        outbox.queue(COLLABORATION_KINDS[sender], [instance.pk])


def post_deleted(sender, instance, **kwargs):
    outbox.queue(COLLABORATION_KINDS[sender], [instance.pk], action=IndexJob.Action.DELETE)


def answer_changed(sender, instance, raw=False, **kwargs):
    # A question's document holds its answers and whether one is certified, in both indices.
    if not raw:
        outbox.queue("question", [instance.question_id])
        database.index_question(instance.question_id)


def synonyms_changed(sender, raw=False, **kwargs):
    # This process uses the new rules from its next search; the others within synonyms.RELOAD_SECONDS.
    if not raw:
        transaction.on_commit(synonyms.forget, robust=True)


def register_signal_handlers():
    page_published.connect(article_changed, dispatch_uid="search-article-published")
    page_unpublished.connect(article_changed, dispatch_uid="search-article-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="search-page-moved")
    article_verified.connect(article_changed, dispatch_uid="search-article-verified")
    post_delete.connect(article_deleted, sender=ArticlePage, dispatch_uid="search-article-deleted")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
    for model, kind in COLLABORATION_KINDS.items():
        post_save.connect(post_saved, sender=model, dispatch_uid=f"search-{kind}-saved")
        post_delete.connect(post_deleted, sender=model, dispatch_uid=f"search-{kind}-deleted")
    post_save.connect(answer_changed, sender=Answer, dispatch_uid="search-answer-saved")
    post_delete.connect(answer_changed, sender=Answer, dispatch_uid="search-answer-deleted")
    post_save.connect(synonyms_changed, sender=SynonymRule, dispatch_uid="search-synonyms-saved")
    post_delete.connect(synonyms_changed, sender=SynonymRule, dispatch_uid="search-synonyms-deleted")
