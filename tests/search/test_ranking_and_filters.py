"""Ranking, facets, visibility (permissions, drafts, expiry) on the real index."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kb.models import AnswerPage, KnownDefectPage, OfferPage
from search import service
from search.documents import ArticleDocument
from search.indexing import bulk_index
from tests.factories import draft_article, published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def raw_document(object_id, title, **fields):
    values = dict(
        meta={"id": object_id}, kind="article", type="answer", object_id=str(object_id), title_it=title,
        text_it=title, folded=title.lower(), spelling=title, url=f"/x/{object_id}/", summary=title,
        acl=["all"], certified=True, needs_review=False, updated_at=timezone.now(), status="approved",
    )
    values.update(fields)
    values["suggest"] = {"input": [title], "contexts": {"acl": values["acl"]}}
    return ArticleDocument(**values)


def test_certified_content_ranks_above_unverified(csr, search_index):
    bulk_index("article", [
        raw_document(9001, "Rimborso del deposito cauzionale", certified=False),
        raw_document(9002, "Rimborso del deposito cauzionale", certified=True),
    ], refresh=True)
    ids = [hit.id for hit in service.search(csr, "rimborso deposito").results]
    assert ids == [9002, 9001]


def test_fresh_content_ranks_above_stale(csr, search_index):
    bulk_index("article", [
        raw_document(9101, "Configurare la segreteria telefonica", updated_at=timezone.now() - datetime.timedelta(days=400)),
        raw_document(9102, "Configurare la segreteria telefonica", updated_at=timezone.now()),
    ], refresh=True)
    assert [hit.id for hit in service.search(csr, "segreteria").results] == [9102, 9101]


@pytest.mark.parametrize("query", [
    "sms truffa bolletta",
    "buongiorno, mi è arrivato un sms che dice che la bolletta non è stata pagata con un link per pagare, è vostro?",
])
def test_what_is_going_on_now_ranks_above_the_same_subject_closed_or_standing(csr, search_index, query):
    title = "SMS truffa sulla bolletta non pagata: cosa dire al cliente"
    bulk_index("article", [
        raw_document(9201, title, type="answer", status="approved"),
        raw_document(9202, title, type="crisis", status="resolved"),
        raw_document(9203, title, type="crisis", status="active"),
        raw_document(9204, title, type="defect", status="fixed"),
        raw_document(9205, title, type="defect", status="workaround"),
    ], refresh=True)
    ids = [hit.id for hit in service.search(csr, query).results]
    assert set(ids[:2]) == {9203, 9205}  # the open crisis and the defect not yet fixed
    assert set(ids[2:]) == {9201, 9202, 9204}


def test_title_weighs_more_than_body(csr, index_pending):
    body_only = published_article(AnswerPage, title="Procedura generica", summary="Altro.",
                                  approved_answer="Per la portabilità serve il codice ICCID.")
    in_title = published_article(AnswerPage, title="Portabilità del numero", summary="Numero.",
                                 approved_answer="Serve un documento.")
    index_pending()
    ids = [hit.id for hit in service.search(csr, "portabilità").results]
    assert ids.index(in_title.pk) < ids.index(body_only.pk)


def test_content_in_a_space_the_user_cannot_read_is_never_returned(csr, search_index):
    bulk_index("article", [
        raw_document(9201, "Listino riservato esperti", acl=["space:42"]),
        raw_document(9202, "Listino pubblico operatori"),
    ], refresh=True)
    response = service.search(csr, "listino")
    assert [hit.id for hit in response.results] == [9202]
    assert response.total == 1
    assert sum(entry["count"] for entry in response.facets["type"]) == 1
    assert [s["id"] for s in service.suggest(csr, "listino")] == [9202]


def test_drafts_are_not_indexed(csr, index_pending):
    draft_article(AnswerPage, title="Bozza segreta sul roaming")
    index_pending()
    assert service.search(csr, "bozza segreta").total == 0


def test_expired_offer_disappears_before_and_after_the_scheduler(csr, index_pending):
    offer = published_article(OfferPage, title="Promo Natale fibra", expire_at=timezone.now() + datetime.timedelta(days=1))
    index_pending()
    assert service.search(csr, "promo natale").total == 1
    # Past its expiry the query filter hides it at once, before the worker unpublishes it...
    OfferPage.objects.filter(pk=offer.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))
    OfferPage.objects.get(pk=offer.pk).save_revision()
    from search.client import get_client
    from search.indexing import alias

    get_client().update(index=alias("article"), id=offer.pk, doc={"expire_at": timezone.now() - datetime.timedelta(seconds=1)},
                        refresh=True)
    assert service.search(csr, "promo natale").total == 0
    # ...and when it does, the unpublish removes it from the index.
    call_command("publish_scheduled", verbosity=0)
    index_pending()
    assert get_client().count(index=alias("article"))["count"] == 0


def test_unpublishing_removes_the_hit(csr, index_pending):
    page = published_article(KnownDefectPage, title="Guasto centrale Bologna")
    index_pending()
    assert service.search(csr, "centrale bologna").total == 1
    page.unpublish()
    index_pending()
    assert service.search(csr, "centrale bologna").total == 0


def test_deleting_removes_the_hit(csr, index_pending):
    page = published_article(KnownDefectPage, title="Guasto centrale Torino")
    index_pending()
    page.delete()
    index_pending()
    assert service.search(csr, "centrale torino").total == 0


def test_editing_updates_the_hit(csr, index_pending):
    page = published_article(AnswerPage, title="Costo della SIM sostitutiva")
    index_pending()
    page.title = "Prezzo del cambio SIM"
    page.save_revision().publish()
    index_pending()
    assert [h.title for h in service.search(csr, "cambio sim").results] == ["Prezzo del cambio SIM"]


def test_facets_count_every_value_and_filters_apply(csr, index_pending):
    for number in range(15):
        page = published_article(AnswerPage, title=f"Domanda roaming {number}")
        page.tags.add(f"paese-{number}")
        page.save_revision().publish()
    published_article(KnownDefectPage, title="Roaming bloccato in Svizzera", status="investigating")
    index_pending()
    response = service.search(csr, "roaming")
    assert len(response.facets["tag"]) == 15  # more than the ten a terms aggregation shows by default
    assert {"value": "defect", "count": 1} in response.facets["type"]
    assert {"value": "investigating", "count": 1} in response.facets["status"]
    filtered = service.search(csr, "roaming", {"type": "defect"})
    assert [hit.title for hit in filtered.results] == ["Roaming bloccato in Svizzera"]
    # The type facet still shows the other types, so the filter can be changed.
    assert {"value": "answer", "count": 15} in filtered.facets["type"]


def test_snippets_are_plain_text_with_the_matched_words_marked(csr, index_pending):
    published_article(AnswerPage, title="Codice PUK perso", approved_answer="Il <b>PUK</b> è sulla <script>x()</script>tessera.",
                      summary="<img src=x onerror=alert(1)>**Sulla** tessera")
    index_pending()
    hit = service.search(csr, "puk").results[0]
    assert ("PUK", True) in hit.snippet_parts
    assert "<" not in hit.snippet and "**" not in hit.snippet


def test_results_page_prints_snippets_escaped(csr_client, csr, index_pending):
    published_article(AnswerPage, title="Codice PUK perso", summary="<img src=x onerror=alert(1)> tessera",
                      approved_answer="Il PUK è sulla **tessera**.", customer_question="Ho perso il <b>PUK</b>")
    index_pending()
    page = csr_client.get("/search/", {"q": "tessera"}).content.decode()
    assert "onerror" not in page and "<b>PUK" not in page
    assert "<mark>tessera</mark>" in page


def test_an_approved_answer_is_shown_on_the_results_page_as_plain_text(csr_client, index_pending):
    published_article(AnswerPage, title="Codice PUK perso", approved_answer="Il PUK è sulla **tessera** della SIM.")
    index_pending()
    page = csr_client.get("/search/", {"q": "puk"}).content.decode()
    assert "Il PUK è sulla tessera della SIM." in page
    assert 'data-copy-target="answer-' in page


def test_did_you_mean_on_a_typo_even_when_results_are_found(csr, index_pending):
    published_article(AnswerPage, title="Disdetta della fibra", customer_question="Voglio disdire la fibra")
    index_pending()
    response = service.search(csr, "disdeta fibra")
    assert response.results[0].title == "Disdetta della fibra"
    assert response.suggestion == "disdetta fibra"


def test_no_did_you_mean_when_every_word_is_known(csr, index_pending):
    published_article(AnswerPage, title="Disdetta della fibra", customer_question="Voglio disdire la fibra")
    index_pending()
    assert service.search(csr, "disdetta fibra").suggestion is None


def test_did_you_mean_never_tells_a_word_only_private_content_holds(csr, expert, experts_space, everyone, index_pending):
    """The suggester reads the whole index: a CSR's typo must not be corrected into a word that only a
    private space's question holds (an oracle for what it says); an expert, who may read it, gets it."""
    from collaboration.models import Question

    Question.objects.create(space=experts_space, author=expert, title="Procedura ornitorinco per i rimborsi",
                            body="La procedura ornitorinco vale solo per il back office.")
    published_article(AnswerPage, title="Rimborso della bolletta", customer_question="Voglio un rimborso")
    index_pending()
    assert "ornitorinco" in (service.search(expert, "procedura ornitorinko").suggestion or "")
    assert service.search(csr, "procedura ornitorinko").suggestion is None


def test_did_you_mean_when_few_results(csr, index_pending):
    published_article(AnswerPage, title="Portabilità del numero mobile", customer_question="Voglio portare il numero")
    index_pending()
    response = service.search(csr, "numeri mobbile portabilta xyzzy")
    assert response.suggestion
    assert "mobile" in response.suggestion


def test_a_view_restriction_added_to_a_live_article_takes_it_out_of_search_and_back(csr, index_pending):
    """The admin's Privacy setting on a published page (or its section) is no publish: the article and
    those below it must still leave the index at once, and come back when the restriction is removed."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from accounts import roles

    article = published_article(AnswerPage, title="Piano di uscita dei clienti business")
    index_pending()
    assert [hit.id for hit in service.search(csr, "piano uscita clienti business").results] == [article.pk]
    restriction = PageViewRestriction.objects.create(page=article.get_parent(), restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name=roles.EXPERT)])
    index_pending()
    assert service.search(csr, "piano uscita clienti business").results == []
    restriction.delete()
    index_pending()
    assert [hit.id for hit in service.search(csr, "piano uscita clienti business").results] == [article.pk]
