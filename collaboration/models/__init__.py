from collaboration.models.contributions import (
    ArticleReport,
    BestPractice,
    BestPracticeTag,
    MarketNeed,
    MarketNeedStatusChange,
    MarketNeedSupport,
)
from collaboration.models.functions import BusinessCalendar, BusinessFunction, CalendarException
from collaboration.models.impact import ChannelServiceLevel, EventKind, ImpactRule
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
from collaboration.models.signals import BusinessSignal
from collaboration.models.spaces import Space, SpaceGroupObjectPermission, SpaceUserObjectPermission
from collaboration.models.workflow import Review, SignOff, WorkflowStep

__all__ = [
    "Answer",
    "ArticleReport",
    "BestPractice",
    "BestPracticeTag",
    "BusinessCalendar",
    "BusinessFunction",
    "BusinessSignal",
    "CalendarException",
    "ChannelServiceLevel",
    "Comment",
    "EventKind",
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
    "Review",
    "SignOff",
    "Space",
    "SpaceGroupObjectPermission",
    "SpaceUserObjectPermission",
    "Vote",
    "WorkflowStep",
]
