from collaboration.models.contributions import (
    ArticleReport,
    BestPractice,
    BestPracticeTag,
    MarketNeed,
    MarketNeedStatusChange,
    MarketNeedSupport,
)
from collaboration.models.impact import ImpactRule
from collaboration.models.questions import (
    Answer,
    Comment,
    Follow,
    Mention,
    PostRevision,
    Priority,
    Question,
    QuestionTag,
    Vote,
)
from collaboration.models.spaces import Space, SpaceGroupObjectPermission, SpaceUserObjectPermission

__all__ = [
    "Answer",
    "ArticleReport",
    "BestPractice",
    "BestPracticeTag",
    "Comment",
    "Follow",
    "ImpactRule",
    "MarketNeed",
    "MarketNeedStatusChange",
    "MarketNeedSupport",
    "Mention",
    "PostRevision",
    "Priority",
    "Question",
    "QuestionTag",
    "Space",
    "SpaceGroupObjectPermission",
    "SpaceUserObjectPermission",
    "Vote",
]
