"""One JSON object per log line (LOG_FORMAT=json), for log collectors that index fields.

Keys: time (UTC, ISO 8601), level, logger, message, process; `exception` with the traceback when there is
one; `method`, `path` and `status` for Django's request logs.
"""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry.update(method=request.method, path=request.path)
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
