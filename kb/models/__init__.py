from kb.models.acknowledgements import CrisisAcknowledgement
from kb.models.articles import ArticlePage, ArticlePageTag, Language
from kb.models.preferences import ReplyChannelPreference
from kb.models.page_types import (
    ARTICLE_TYPES,
    AnswerPage,
    Channel,
    CrisisPage,
    CrisisSeverity,
    CrisisStatus,
    DefectStatus,
    KnownDefectPage,
    OfferPage,
)
from kb.models.sections import HomePage, SectionIndexPage
from kb.models.taxonomy import Product, ProductLine, Topic
from kb.models.views import ArticleViewDay

__all__ = [
    "ARTICLE_TYPES",
    "AnswerPage",
    "ArticlePage",
    "ArticlePageTag",
    "ArticleViewDay",
    "Channel",
    "CrisisAcknowledgement",
    "CrisisPage",
    "CrisisSeverity",
    "CrisisStatus",
    "DefectStatus",
    "HomePage",
    "KnownDefectPage",
    "Language",
    "OfferPage",
    "Product",
    "ProductLine",
    "ReplyChannelPreference",
    "SectionIndexPage",
    "Topic",
]
