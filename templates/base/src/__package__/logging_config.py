"""Logging set-up shared by the pipeline and the deliverables (stdlib ``logging`` only).

``LOG_FORMAT=json`` in the environment switches to one JSON object per line (what a log
collector wants in a container); anything else gives human-readable lines.
"""

from __future__ import annotations

import logging
import os
import sys

from .json_logs import JsonFormatter

LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


def configure_logging(level: str = "INFO") -> None:
    """Configure the root logger to write to standard error at ``level``.

    A handler is added only when the root logger has none, so calling this function again
    (or under pytest, whose capture handlers are already installed) only changes the level.

    Args:
        level: a standard level name such as ``"DEBUG"``, ``"INFO"`` or ``"WARNING"``.

    Raises:
        ValueError: if ``level`` is not a known level name.
    """
    numeric_level = logging.getLevelNamesMapping().get(level.upper())
    if numeric_level is None:
        msg = f"unknown log level {level!r}"
        raise ValueError(msg)
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        json_wanted = os.environ.get("LOG_FORMAT", "").lower() == "json"
        handler.setFormatter(JsonFormatter() if json_wanted else logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
    root.setLevel(numeric_level)
