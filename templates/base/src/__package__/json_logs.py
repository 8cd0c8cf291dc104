"""Structured logs: one JSON object per line, for a log collector to parse without regexes.

:class:`JsonFormatter` is a standard ``logging.Formatter``. The container image runs the API with
``uvicorn --log-config deploy/uvicorn-logging.json``, which installs it on the root logger, so the
application's records, the prediction log and uvicorn's access log all come out as JSON.
Elsewhere, :func:`use_json_logs` installs it from Python.

Each line has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``, the exception if
any, and every ``extra=`` field of the record (the API's prediction log passes the whole
prediction record as ``extra={"prediction": ...}``, which becomes a JSON object, not a string).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

#: Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's copy of the message with terminal colours
}


def _jsonable(value: Any) -> Any:
    """Return ``value`` if JSON can encode it as is, else its ``str``."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


class JsonFormatter(logging.Formatter):
    """Format a record as a single-line JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the JSON line for ``record``."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = _jsonable(value)
        return json.dumps(entry, ensure_ascii=False)


def use_json_logs(level: str = "INFO") -> None:
    """Send every log record to standard error as JSON, replacing the root logger's handlers."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
