"""What a Sportello API token looks like, so that logs can mask one wherever it turns up.

Here in `core` (which imports no app) because the logging configuration and the search log both need
it; the tokens themselves are made in api.tokens.
"""

import logging
import re

TOKEN_PATTERN = re.compile(r"\b(sp[ts]_)[A-Za-z0-9_-]{8,}")
MASK = r"\1[redacted]"


def redact(text):
    """`text` with every token replaced by its kind's prefix and a mask."""
    return TOKEN_PATTERN.sub(MASK, text) if isinstance(text, str) else text


class RedactTokensFilter(logging.Filter):
    """A logging filter that masks tokens in the message and its arguments (access logs, errors…).

    Tokens travel in the Authorization header, which nothing logs, but a client may still put one in a
    URL or a search box by mistake; this keeps it out of every log line that passes a handler.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # the handler reports the broken record itself
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
