"""Database search: Wagtail's own full-text index, for the embedded first run and when Elasticsearch fails.

Two parts, one index:

- `SearchBackend` is what WAGTAILSEARCH_BACKENDS names: Wagtail's database backend for the database in
  use (SQLite FTS5, or PostgreSQL full text with SEARCH_CONFIG), with the text folded in Python
  (`search.analysis.fold`) on the way in and on the way out. SQLite's unicode61 tokenizer already drops
  accents, but PostgreSQL's Italian configuration does not ("qualità" → qualit, "qualita" → qual) and
  drops "perché" as a stop word while "perche" stays, and the `unaccent` extension may not be installed.
  Wagtail keeps the index on save (its signal handlers on ArticlePage and Question; answers through
  search.signal_handlers); `manage.py update_index` rebuilds it.
- `DatabaseSearchBackend` is what search.service calls: articles readers may see and questions of the
  spaces in the user's `readable_acl` (the rule of the Elasticsearch backend), any word of the query
  (OR), and at lower weights what the query is also searched as (`FallbackQuery`: the thesaurus, codes,
  derived forms, corrections of typos; a customer's message without its conversation), then a title (or,
  less, a question an answer answers) that says the query and certified content put first. Same `SearchResponse` as Elasticsearch; snippets are
  plain-text parts (search.snippets), never the stored HTML.

The fallback reads Wagtail's index table itself, in one statement per search: SQLite's FTS5 table (bm25,
`fts5_scores`) or PostgreSQL's tsvectors (BM25 computed in SQL, the title above the body, stems also as
prefixes, `postgres`), with typo corrections from the index's vocabulary on both (`corrections`; pg_trgm
finds them fast on PostgreSQL when it is installed); on another database it goes through Wagtail's search,
without them. The health page says when this fallback answers.

Modules: `index` (the folded Wagtail backend), `query` (clauses and their scores), `postgres` (the score and
the corrections on PostgreSQL), `typos`, `fallback` (the search).
"""

from search.backends.database.fallback import DatabaseSearchBackend
from search.backends.database.index import SearchBackend, index_question

__all__ = ["DatabaseSearchBackend", "SearchBackend", "index_question"]
