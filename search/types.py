"""What a search returns, whichever backend answered. The JSON API serialises these as they are."""

from dataclasses import asdict, dataclass, field

from search import snippets


@dataclass
class SearchHit:
    """One result. `snippet` is plain text; `snippet_parts` the same text as (text, marked) pairs, for
    pages that show the matched words (search.snippets); `answer` the approved text of an answer, plain,
    ready to read out or copy; `matched` the words the engine marked anywhere in the document (title,
    questions, text): why it matched, for the assist API."""

    type: str
    id: int
    title: str
    url: str
    snippet_parts: list
    score: float
    certified: bool
    updated_at: str | None
    answer: str | None = None
    matched: list = field(default_factory=list)

    @property
    def snippet(self):
        return snippets.joined(self.snippet_parts)


@dataclass
class SearchResponse:
    query: str
    total: int
    took_ms: int
    results: list[SearchHit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    page: int = 1
    page_size: int = 10
    engine: str = ""
    message: str | None = None
    log_id: int | None = None

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.page_size))

    def as_dict(self):
        data = asdict(self)
        for hit, result in zip(self.results, data["results"]):
            result["snippet"] = hit.snippet
        for result in data["results"]:
            result.pop("matched")
        for internal in ("query", "engine", "log_id", "page_size"):
            data.pop(internal)
        return data
