"""An article imported with the largest body `import_kb` accepts is indexed and searchable on the real
node, and searches keep finding every other article too (a 10 MB body once made them drop all)."""

import json

import pytest

from kb.import_schema import MAX_BODY_CHARACTERS
from kb.importing import import_articles
from tests.kb.test_import import ANSWER, OFFER

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def test_the_largest_accepted_body_leaves_search_whole(csr_client, index_pending, home):
    filler = "Il cliente chiede della rimodulazione del canone e della fattura. "
    body = (filler * (MAX_BODY_CHARACTERS // len(filler) + 1))[:MAX_BODY_CHARACTERS - 20] + " fibra inverno"
    report = import_articles([
        json.dumps({**ANSWER, "external_id": "ANS-BIG", "title": "Rimodulazione del canone fibra", "body": body}),
        json.dumps(OFFER),
    ])
    assert (report.created, report.failed) == (2, 0)
    index_pending()

    data = csr_client.get("/api/search", {"q": "fibra inverno"}).json()
    titles = {hit["title"] for hit in data["results"]}
    assert {"Rimodulazione del canone fibra", "Fibra Inverno"} <= titles
    assert not data.get("message")  # answered by Elasticsearch, not the fallback
