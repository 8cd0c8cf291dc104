"""Technical monitoring of the API: Prometheus metrics at ``/metrics``, prediction log in a file.

``api.create_app()`` calls :func:`install` when this module exists. It adds:

- request metrics, from a pure ASGI middleware: ``http_requests_total`` (by method, route and
  status code), ``http_request_duration_seconds`` (a latency histogram, by method and route),
  ``http_requests_in_progress`` and ``http_request_exceptions_total`` (unhandled errors, by
  exception type). Routes are labelled by their template (``/predict``), never by the raw URL, and
  every unknown path shares the label ``<unmatched>``, so the number of series stays small;
- prediction metrics, read from the API's prediction log records: ``model_predictions_total``
  (``/predict`` calls, by status), ``model_predicted_records_total`` (records, by predicted
  class, or all under ``value`` for a regression, whose values would make a series each: a change
  in this mix is the first visible sign of drift) and
  ``model_prediction_duration_seconds`` (time spent in the model);
- ``GET /metrics`` in Prometheus' text format, with the process metrics of ``prometheus_client``
  (resident memory, CPU time, open files) on Linux;
- with ``PREDICTION_LOG_FILE`` set (environment or ``.env``), the prediction log appended to that
  file, one JSON record per line: what ``python -m <package>.drift --current <file>`` reads.

The prediction log is the raw material of monitoring, so :func:`install` keeps its logger at INFO
even when ``LOG_LEVEL`` is higher. Metrics live in the process: run one uvicorn worker per
container (as the image does) and let Prometheus scrape every pod.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .api_text import TEXT
from .schema import TASK

PACKAGE = __package__ or __name__.rpartition(".")[0]
METRICS_PATH = "/metrics"
#: Route label of requests that match no route (404s): one series, whatever the URL.
UNMATCHED = "<unmatched>"
PREDICTION_LOGGER = f"{PACKAGE}.api.predictions"
#: Latency buckets (seconds) for a small model answering in milliseconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter("http_requests_total", "HTTP requests answered.", ["method", "path", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["method", "path"],
    buckets=LATENCY_BUCKETS,
)
IN_PROGRESS = Gauge("http_requests_in_progress", "HTTP requests being answered.", ["method"])
EXCEPTIONS = Counter(
    "http_request_exceptions_total",
    "HTTP requests that raised an unhandled exception (answered 500).",
    ["method", "path", "exception"],
)
PREDICTIONS = Counter("model_predictions_total", "Calls to /predict, by outcome.", ["status"])
PREDICTED_RECORDS = Counter(
    "model_predicted_records_total", "Records predicted, by predicted class.", ["prediction"]
)
PREDICTION_LATENCY = Histogram(
    "model_prediction_duration_seconds",
    "Time spent in the model for one /predict call.",
    buckets=LATENCY_BUCKETS,
)


class MonitoringSettings(BaseSettings):
    """Monitoring options, from the environment or ``.env``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    prediction_log_file: Path | None = Field(
        default=None, description="Append every prediction record to this file (JSON lines)."
    )


def route_label(scope: Scope) -> str:
    """The template of the route ``scope`` matched (``/predict``), or :data:`UNMATCHED`.

    FastAPI records the matched route in the scope; routes it does not record (``/docs``) are
    matched again here. A right path with a wrong method (405) keeps the route's template.
    """
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    for route in getattr(scope.get("app"), "routes", ()):
        template = getattr(route, "path", None)
        if isinstance(template, str) and route.matches(scope)[0] != Match.NONE:
            return template
    return UNMATCHED


class MetricsMiddleware:
    """Count and time every HTTP request except ``/metrics`` itself (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, recording its route, status code and duration."""
        if scope["type"] != "http" or scope["path"] == METRICS_PATH:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        status = 500  # unless a response starts: an exception escaping the app means 500

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        start = time.perf_counter()
        IN_PROGRESS.labels(method).inc()
        try:
            await self.app(scope, receive, send_and_record)
        except Exception as exc:
            EXCEPTIONS.labels(method, route_label(scope), type(exc).__name__).inc()
            status = 500
            raise
        finally:
            path = route_label(scope)
            REQUESTS.labels(method, path, str(status)).inc()
            LATENCY.labels(method, path).observe(time.perf_counter() - start)
            IN_PROGRESS.labels(method).dec()


class PredictionMetricsHandler(logging.Handler):
    """Turn the API's prediction log records into metrics."""

    def emit(self, record: logging.LogRecord) -> None:
        """Count the call, its predicted classes and the model's latency."""
        prediction: Any = getattr(record, "prediction", None)
        if not isinstance(prediction, Mapping):
            return
        PREDICTIONS.labels(str(prediction.get("status", "unknown"))).inc()
        latency = prediction.get("latency_ms")
        if isinstance(latency, int | float):
            PREDICTION_LATENCY.observe(latency / 1000)
        for output in prediction.get("outputs") or ():
            if isinstance(output, Mapping) and "prediction" in output:
                label = str(output["prediction"]) if TASK == "classification" else "value"
                PREDICTED_RECORDS.labels(label).inc()


def metrics() -> Response:
    """Every metric of the process, in Prometheus' text exposition format."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


class PredictionFileHandler(logging.FileHandler):
    """Append each prediction record, as the JSON its message is, to a file."""


#: Marks the handlers :func:`install` attached, so that calling it again replaces them.
_INSTALLED = "_installed_by_monitoring"


def _install_handlers(logger: logging.Logger, handlers: list[logging.Handler]) -> None:
    """Attach ``handlers`` to ``logger`` after removing those a previous call attached."""
    for existing in list(logger.handlers):
        if getattr(existing, _INSTALLED, False):
            logger.removeHandler(existing)
            existing.close()
    for handler in handlers:
        setattr(handler, _INSTALLED, True)
        logger.addHandler(handler)


def install(app: FastAPI, settings: MonitoringSettings | None = None) -> None:
    """Add the metrics middleware, ``GET /metrics`` and the prediction-log handlers to ``app``."""
    settings = settings or MonitoringSettings()
    app.add_middleware(MetricsMiddleware)
    app.add_api_route(
        METRICS_PATH,
        metrics,
        methods=["GET"],
        tags=["service"],
        summary=TEXT["metrics_summary"],
        description=TEXT["metrics_description"],
        response_class=Response,
        responses={200: {"content": {"text/plain": {}}, "description": TEXT["metrics_response"]}},
    )
    prediction_logger = logging.getLogger(PREDICTION_LOGGER)
    if prediction_logger.level == logging.NOTSET:
        prediction_logger.setLevel(logging.INFO)
    handlers: list[logging.Handler] = [PredictionMetricsHandler()]
    if settings.prediction_log_file is not None:
        path = settings.prediction_log_file
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = PredictionFileHandler(path, encoding="utf-8", delay=True)
        file_handler.setFormatter(logging.Formatter("%(message)s"))
        handlers.append(file_handler)
    _install_handlers(prediction_logger, handlers)
