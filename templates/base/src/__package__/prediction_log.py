"""One JSON record per prediction call, the same shape from the API and the app.

These records are the raw material of monitoring: routed to a file (``PREDICTION_LOG_FILE`` in
the API's maintenance phase) or collected from the pods' logs, they are what the drift check
reads (``python -m <package>.drift --current <file>``): each record's ``inputs`` become rows.

A record holds: ``event`` ("prediction"), ``request_id``, ``timestamp`` (UTC, ISO 8601),
``source`` ("api" or "app"), ``model_trained_at``, ``model_version`` (registry version, or
null), ``n_records``, ``inputs`` (one mapping of features per row), ``status`` ("ok" or
"error"), ``latency_ms`` and, on success, ``outputs`` (the predictions) or, on failure, ``error``.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

EVENT = "prediction"

Source = Literal["api", "app"]


def start_record(
    inputs: Sequence[Mapping[str, Any]],
    *,
    source: Source,
    model_trained_at: str | None,
    model_version: str | None = None,
) -> dict[str, Any]:
    """The record of a call about to predict ``inputs`` (finish it with :func:`finish_record`)."""
    return {
        "event": EVENT,
        "request_id": uuid.uuid4().hex,
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "source": source,
        "model_trained_at": model_trained_at,
        "model_version": model_version,
        "n_records": len(inputs),
        "inputs": [dict(row) for row in inputs],
    }


def finish_record(
    record: dict[str, Any],
    started: float,
    *,
    outputs: Sequence[Mapping[str, Any]] | None = None,
    error: BaseException | None = None,
) -> dict[str, Any]:
    """Add the outcome and the latency since ``started`` (a ``time.perf_counter()`` value)."""
    record["status"] = "error" if error is not None else "ok"
    record["latency_ms"] = round((time.perf_counter() - started) * 1000, 3)
    if error is not None:
        record["error"] = repr(error)
    else:
        record["outputs"] = [dict(output) for output in outputs or ()]
    return record


def log_record(logger: logging.Logger, record: Mapping[str, Any]) -> None:
    """Log ``record`` as one line of JSON (ERROR when the call failed, INFO otherwise).

    The record also travels as the log record's ``prediction`` attribute, for handlers that
    count or store it without parsing the message.
    """
    level = logging.ERROR if record.get("status") == "error" else logging.INFO
    logger.log(level, json.dumps(record), extra={"prediction": dict(record)})
