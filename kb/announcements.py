"""Whether publishing an article announces it (notifications of new offers, defects and crises).

Loading an existing knowledge base (the demo content, a first import of another system's export) publishes
hundreds of articles that are not news: announcing them would greet every account with an inbox full of old
articles. Such loads run inside `without_announcements()`; anything published normally is announced.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_quiet = ContextVar("kb_publications_quiet", default=False)


@contextmanager
def without_announcements():
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def announcements_wanted():
    return not _quiet.get()
