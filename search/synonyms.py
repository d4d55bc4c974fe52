"""Query-time synonym expansion from search/synonyms.txt.

The file is re-read when it changes, so editing it needs neither a reindex nor a restart. Matching is
done on accent-folded, lower-case words, so "portabilita" finds the "portabilità" group too.
"""

import logging
import os
import re
import threading

from django.conf import settings

from search.analysis import fold

logger = logging.getLogger(__name__)

MAX_VARIANTS = 8
WORD = re.compile(r"\w+(?:'\w+)?", re.UNICODE)

_lock = threading.Lock()
_cache = {"mtime": None, "path": None, "groups": []}


def parse(text):
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = [" ".join(WORD.findall(fold(member))) for member in line.split(",")]
        members = [member for member in dict.fromkeys(members) if member]
        if len(members) > 1:
            groups.append(members)
    return groups


def groups():
    path = settings.SEARCH_SYNONYMS_FILE
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        logger.warning("synonyms file missing path=%s", path)
        return []
    with _lock:
        if _cache["mtime"] != mtime or _cache["path"] != path:
            with open(path, encoding="utf-8") as handle:
                _cache.update(mtime=mtime, path=path, groups=parse(handle.read()))
        return _cache["groups"]


def expand(query):
    """Alternative phrasings of `query`, each with one synonym swapped in (at most MAX_VARIANTS)."""
    words = " ".join(WORD.findall(fold(query)))
    if not words:
        return []
    padded = f" {words} "
    variants = []
    for group in groups():
        for member in group:
            if f" {member} " not in padded:
                continue
            for other in group:
                if other == member:
                    continue
                variant = padded.replace(f" {member} ", f" {other} ", 1).strip()
                if variant not in variants and variant != words:
                    variants.append(variant)
                if len(variants) >= MAX_VARIANTS:
                    return variants
    return variants
