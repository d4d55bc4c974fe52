"""The engines the harness compares, each a function (user, query) -> (ranked article external ids, total).

- `sportello`: the product's own entry point, `search.service.search`, exactly as the search page calls
  it (Elasticsearch, with whatever mode the service chooses for the input);
- `naive`: the baseline a newcomer would write on the same index: one `multi_match` OR query with
  fuzziness over the text fields, permission filter only;
- `database`: the database fallback that answers when Elasticsearch cannot (`make run` without Java).
"""

from kb.models import ArticlePage
from search import analysis, service
from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch import indices
from search.client import get_client
from search.permissions import readable_acl

ARTICLE_TYPES = {"offer", "defect", "crisis", "answer"}
NAIVE_FIELDS = ["title_it", "title_en", "question_it", "question_en", "text_it", "text_en"]
PAGE_SIZE = 10


class ExternalIds:
    """Page id -> external_id of the imported evaluation articles."""

    def __init__(self):
        self.by_page = dict(ArticlePage.objects.exclude(external_id="").values_list("pk", "external_id"))

    def of_hits(self, hits):
        return [self.by_page.get(hit.id, f"{hit.type}:{hit.id}") if hit.type in ARTICLE_TYPES else f"{hit.type}:{hit.id}" for hit in hits]


def sportello(ids):
    def run(user, query):
        response = service.search(user, query, page_size=PAGE_SIZE, source="relevance")
        return ids.of_hits(response.results), response.total

    return run


def database(ids):
    backend = DatabaseSearchBackend()

    def run(user, query):
        response = backend.search(user, service.clean_query(query), {}, 1, PAGE_SIZE, readable_acl(user))
        return ids.of_hits(response.results), response.total

    return run


def naive(ids):
    def run(user, query):
        body = {
            "size": PAGE_SIZE,
            "_source": ["type", "object_id"],
            "track_total_hits": True,
            "query": {
                "bool": {
                    "must": [{"multi_match": {"query": analysis.normalise(query), "fields": NAIVE_FIELDS, "fuzziness": "AUTO"}}],
                    "filter": [{"terms": {"acl": sorted(readable_acl(user))}}],
                }
            },
        }
        response = get_client().search(index=indices(), body=body)
        ranked = []
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            page_id = int(source["object_id"])
            ranked.append(ids.by_page.get(page_id, f"{source['type']}:{page_id}") if source["type"] in ARTICLE_TYPES else f"{source['type']}:{page_id}")
        return ranked, response["hits"]["total"]["value"]

    return run


ENGINES = {"sportello": sportello, "naive": naive, "database": database}
