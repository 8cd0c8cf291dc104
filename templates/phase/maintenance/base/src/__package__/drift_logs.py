"""Prediction logs as the drift check reads them: the API's records, found in any log format.

The API logs one JSON record per ``/predict`` call (logger ``<package>.api.predictions``): its
inputs, outputs and timestamp. These helpers find such records in plain, JSON or message-only log
lines, keep those of a time window, and turn them into rows (the inputs, and the prediction as
the target), for ``drift.py`` and ``monitoring_store.py``.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from .schema import TARGET

#: Files read as prediction logs (one record per line); anything else is read as a table.
LOG_SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson", ".log")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_window(window: str, now: datetime | None = None) -> datetime | None:
    """Turn ``"7d"``, ``"12h"``, ``"30m"``, ``"2w"`` or an ISO date into the window's start.

    Raises:
        ValueError: if ``window`` is neither a duration nor a date.
    """
    if not window.strip():
        return None
    now = now or datetime.now(UTC)
    match = _DURATION.match(window)
    if match:
        amount, unit = match.groups()
        return now - timedelta(**{_DURATION_UNITS[unit]: float(amount)})
    try:
        start = datetime.fromisoformat(window.strip())
    except ValueError:
        msg = f"invalid window {window!r}: use a duration such as 7d, 12h, 30m or an ISO date"
        raise ValueError(msg) from None
    return start if start.tzinfo else start.replace(tzinfo=UTC)


def _prediction_record(line: str) -> dict[str, Any] | None:
    """Find the API's prediction record in one log line, whatever the log format.

    Accepted: the record itself as JSON, a plain log line ending in it (``... INFO
    <package>.api.predictions: {...}``) and a JSON log line carrying it under ``prediction``
    (or as its ``message``).
    """
    start = line.find("{")
    if start < 0:
        return None
    try:
        entry = json.loads(line[start:])
    except ValueError:
        return None
    if not isinstance(entry, dict):
        return None
    candidates: list[Any] = [entry.get("prediction"), entry]
    message = entry.get("message")
    if isinstance(message, str) and message.lstrip().startswith("{"):
        with contextlib.suppress(ValueError):
            candidates.append(json.loads(message))
    for candidate in candidates:
        if (
            isinstance(candidate, dict)
            and candidate.get("event") == "prediction"
            and isinstance(candidate.get("inputs"), list)
        ):
            return candidate
    return None


def _log_files(path: Path) -> list[Path]:
    """The log files at ``path``: itself, or the log files of a folder (sorted)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in LOG_SUFFIXES)
    if not path.is_file():
        msg = f"prediction log not found: {path} (logs are read from local files)"
        raise FileNotFoundError(msg)
    return [path]


def _timestamp(record: Mapping[str, Any]) -> datetime | None:
    """The record's timestamp, or ``None`` if it has none that parses."""
    value = record.get("timestamp")
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iter_prediction_rows(
    path: str | Path, since: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """Yield one row per predicted record: its inputs, and the predicted class as the target.

    Args:
        path: a log file or a folder of them (``.jsonl``, ``.ndjson``, ``.log``).
        since: keep only records stamped at or after this time (records without a timestamp
            are then left out).
    """
    for log_file in _log_files(Path(path)):
        with log_file.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                record = _prediction_record(line)
                if record is None:
                    continue
                if since is not None:
                    stamp = _timestamp(record)
                    if stamp is None or stamp < since:
                        continue
                outputs = record.get("outputs") or []
                for position, inputs in enumerate(record["inputs"]):
                    if not isinstance(inputs, dict):
                        continue
                    row = dict(inputs)
                    if position < len(outputs) and isinstance(outputs[position], dict):
                        row[TARGET] = outputs[position].get("prediction")
                    yield row


def read_prediction_log(path: str | Path, since: datetime | None = None) -> pd.DataFrame:
    """The inputs the API received (and what it predicted), as a DataFrame."""
    return pd.DataFrame.from_records(list(iter_prediction_rows(path, since)))


def is_log_source(source: str) -> bool:
    """Tell whether ``source`` names prediction logs rather than a data table."""
    path = Path(source)
    return path.suffix.lower() in LOG_SUFFIXES or path.is_dir()
