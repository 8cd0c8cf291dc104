"""HTTP API serving the trained model (FastAPI).

Run it locally with::

    uv run uvicorn <package>.api:app --host 127.0.0.1 --port 8000

The API never trains: training stays in the pipeline (``python -m <package>.pipeline``). The
model is loaded at start-up from ``MODEL_URI`` when it is set (an MLflow registry URI such as
``models:/<name>@champion``, which needs the production layer and the ``mlflow`` extra), else from
the file ``MODEL_PATH`` (see :mod:`.config`). Without a model the API still starts: ``/health``
(alive) answers 200 and ``/ready`` answers 503, as do ``/predict`` and ``/model``, until a model is
available and loaded.

``POST /reload`` loads the model again from the same setting, for instance after a new version
was promoted in the registry. It needs ``Authorization: Bearer <RELOAD_TOKEN>`` and is disabled
(403) while ``RELOAD_TOKEN`` is unset; a failed reload keeps the model being served.

Every ``/predict`` call is logged as one JSON record (logger ``<package>.api.predictions``; the
shape is :mod:`.prediction_log`'s, the same as the app's) with the inputs, the outputs and the
latency, so that the logs can later be turned into a table for drift monitoring.
"""

import hmac
import importlib
import json
import logging
import math
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, SecretStr, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict
from sklearn.pipeline import Pipeline

from . import __version__
from .api_text import TEXT
from .config import get_settings
from .logging_config import configure_logging
from .model import load_metadata, load_model, predict
from .pipeline import METRICS
from .prediction_log import finish_record, log_record, start_record
from .schema import (
    CLASS_LABELS,
    EXAMPLE,
    FEATURE_SPECS,
    FEATURES,
    TARGET,
    TASK,
    TITLE,
    column_description,
    column_label,
)

#: Import name of the package (``python -m <PACKAGE>.pipeline`` trains the model).
PACKAGE = __package__ or __name__.rpartition(".")[0]
#: Largest number of records one ``/predict`` call accepts.
MAX_BATCH_SIZE = 1000
#: A 422 answer lists at most this many problems, so that a large invalid batch gets a short reply.
MAX_REPORTED_ERRORS = 20
#: Status of invalid input (Starlette renamed its constant across versions: the number is stable).
UNPROCESSABLE = 422
#: Characters of an invalid input echoed back in a 422 answer; the rest is cut.
MAX_ECHOED_CHARS = 120
#: Optional sibling modules that extend the application, each with an ``install(app)`` function
#: (the maintenance phase adds ``monitoring_api``: Prometheus metrics at ``/metrics``;
#: ``create-livrable add endpoint`` adds ``endpoints``: the routes added to the project; a website
#: beside the API adds ``cross_origin``: CORS for its API page).
EXTENSIONS: tuple[str, ...] = ("monitoring_api", "endpoints", "cross_origin")

logger = logging.getLogger(__name__)
#: One INFO record per prediction request; route this logger to a file to keep the history.
prediction_logger = logging.getLogger(f"{__name__}.predictions")


def described(schema: str) -> dict[str, Any]:
    """The description of a request or response schema, from :mod:`.api_text`.

    Pydantic would take the class's docstring, which is written for the code's readers.
    """
    return {"description": TEXT[f"schema_{schema}"]}


def documented(endpoint: str) -> dict[str, str]:
    """An endpoint's summary and descriptions on ``/docs``, from :mod:`.api_text`.

    FastAPI would take the function's name and docstring, which are written for the code's readers.
    """
    return {
        "summary": TEXT[f"{endpoint}_summary"],
        "description": TEXT[f"{endpoint}_description"],
        "response_description": TEXT["response_ok"],
    }


# --- request and response bodies ----------------------------------------------------------
# Generated from the schema (dataset.json): one field per feature, named by its column (an
# alias, so that any column name works), with its kind, bounds, description and example.


def _feature_field(name: str) -> tuple[Any, Any]:
    """The annotation and the ``Field`` of one feature of the request."""
    spec = FEATURE_SPECS[name]
    constraints: dict[str, Any] = {}
    annotation: Any
    if spec["kind"] == "numeric":
        annotation = float
        constraints = {"strict": True, "allow_inf_nan": False}
        if spec.get("min") is not None:
            constraints["ge"] = spec["min"]
        if spec.get("max") is not None:
            constraints["le"] = spec["max"]
    elif spec["kind"] == "boolean":
        annotation = bool
        constraints = {"strict": True}
    elif spec["codes"] == "integer":
        annotation = int
        constraints = {"strict": True}
    else:
        annotation = str
        constraints = {"min_length": 1}
    description = [column_description(name)]
    if spec["nullable"]:
        annotation = annotation | None
        description.append(TEXT["field_nullable"])
    if spec["kind"] == "categorical":
        seen = ", ".join(map(str, spec["values"][:20]))
        description.append(TEXT["field_seen_values"].format(values=seen))
    field = Field(
        alias=name,
        title=column_label(name),
        description=" ".join(description),
        examples=[EXAMPLE[name]],
        **constraints,
    )
    return annotation, field


#: The features of one record (one row of the model's input). Numeric bounds are plausibility
#: checks, wider than the training data: a value inside them but far from the sample is
#: accepted, and is what drift monitoring looks for.
Record: type[BaseModel] = create_model(
    "Record",
    __config__=ConfigDict(
        extra="forbid",
        populate_by_name=False,
        json_schema_extra={"examples": [dict(EXAMPLE)], "description": TEXT["schema_record"]},
    ),
    **{f"feature_{index}": _feature_field(name) for index, name in enumerate(FEATURES)},
)


class PredictionRequest(BaseModel):
    """A batch of records to predict."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=described("prediction_request"))

    records: list[Record] = Field(  # type: ignore[valid-type]
        min_length=1,
        max_length=MAX_BATCH_SIZE,
        description=TEXT["field_records"].format(max_batch=MAX_BATCH_SIZE),
    )


if TASK == "classification":

    class Prediction(BaseModel):
        """The predicted class of one record and the probability of every class."""

        model_config = ConfigDict(json_schema_extra=described("class_prediction"))

        prediction: str = Field(
            description=TEXT["field_predicted_class"].format(target=column_label(TARGET)),
            examples=[CLASS_LABELS[0]],
        )
        probabilities: dict[str, float] = Field(
            description=TEXT["field_probabilities"],
            examples=[dict.fromkeys(CLASS_LABELS, round(1 / len(CLASS_LABELS), 2))],
        )

else:

    class Prediction(BaseModel):  # type: ignore[no-redef]
        """The predicted value of one record."""

        model_config = ConfigDict(json_schema_extra=described("value_prediction"))

        prediction: float = Field(
            description=TEXT["field_predicted_value"].format(target=column_label(TARGET))
        )


class PredictionResponse(BaseModel):
    """Predictions for a batch, in the order of the request's records."""

    model_config = ConfigDict(
        protected_namespaces=(), json_schema_extra=described("prediction_response")
    )

    request_id: str = Field(description=TEXT["field_request_id"])
    model_trained_at: str | None = Field(description=TEXT["field_model_trained_at"])
    predictions: list[Prediction]


class Health(BaseModel):
    """Liveness of the service, and whether a model is loaded (informative: see ``/ready``)."""

    model_config = ConfigDict(json_schema_extra=described("health"))

    status: Literal["ok", "degraded"] = Field(description=TEXT["field_status"])
    model_loaded: bool = Field(description=TEXT["field_model_loaded"])
    version: str = Field(description=TEXT["field_version"])
    detail: str | None = Field(default=None, description=TEXT["field_detail"])


class Readiness(BaseModel):
    """The model being served, when the API is ready to predict."""

    model_config = ConfigDict(protected_namespaces=(), json_schema_extra=described("readiness"))

    ready: Literal[True] = Field(default=True, description=TEXT["field_ready"])
    model_source: str = Field(description=TEXT["field_model_source"])
    model_version: str | None = Field(description=TEXT["field_model_version"])
    trained_at: str | None = Field(description=TEXT["field_trained_at"])


class ValidationProblem(BaseModel):
    """One reason why the request was rejected."""

    model_config = ConfigDict(json_schema_extra=described("validation_problem"))

    loc: list[str | int] = Field(description=TEXT["field_loc"])
    msg: str = Field(description=TEXT["field_msg"])
    type: str = Field(description=TEXT["field_type"])
    input: str | int | float | bool | None = Field(
        default=None, description=TEXT["field_input"].format(max_chars=MAX_ECHOED_CHARS)
    )


class ValidationFailure(BaseModel):
    """Body of a 422 answer: the first problems found, and how many there were."""

    model_config = ConfigDict(json_schema_extra=described("validation_failure"))

    detail: list[ValidationProblem] = Field(
        description=TEXT["field_problems"].format(max_errors=MAX_REPORTED_ERRORS)
    )
    error_count: int = Field(description=TEXT["field_error_count"])


class ModelInfo(BaseModel):
    """What the loaded model is: training date, parameters, scores, features and classes."""

    model_config = ConfigDict(protected_namespaces=(), json_schema_extra=described("model_info"))

    model_path: str = Field(description=TEXT["field_model_path"])
    trained_at: str | None = Field(description=TEXT["field_trained_at"])
    package_version: str | None = Field(description=TEXT["field_package_version"])
    target: str | None = Field(description=TEXT["field_target"])
    features: list[str] = Field(description=TEXT["field_features"])
    classes: list[str] = Field(description=TEXT["field_classes"])
    params: dict[str, Any] = Field(description=TEXT["field_params"])
    cv_score: float | None = Field(description=TEXT["field_cv_score"])
    scoring: str | None = Field(description=TEXT["field_scoring"])
    test_metrics: dict[str, Any] | None = Field(description=TEXT["field_test_metrics"])


# --- the model, loaded once ---------------------------------------------------------------


@dataclass(frozen=True)
class LoadedModel:
    """A model ready to serve, with its metadata and (if available) its test metrics."""

    model: Pipeline
    path: Path
    metadata: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] | None = None
    #: Where it came from: MODEL_URI, or the path when MODEL_URI is unset.
    source: str = ""
    #: Version in the MLflow model registry, when it came from there.
    version: str | None = None


@dataclass(frozen=True)
class ModelState:
    """What the last load found: a loaded model, or the reason there is none."""

    path: Path
    loaded: LoadedModel | None = None
    error: str | None = None


def _read_metrics(metrics_path: Path, trained_at: str | None) -> dict[str, Any] | None:
    """Read the pipeline's test metrics if they were computed for the model of ``trained_at``."""
    try:
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(metrics, dict) or metrics.get("model_trained_at") != trained_at:
        logger.info("no test metrics for this model in %s", metrics_path)
        return None
    return {
        key: value for key, value in metrics.items() if key not in {"cv_score", "model_trained_at"}
    }


def load_model_state(model_path: Path, metrics_path: Path) -> ModelState:
    """Load the model, its metadata and its test metrics; never raises.

    Args:
        model_path: the ``.skops`` file written by the pipeline's ``train`` step.
        metrics_path: the pipeline's ``metrics/metrics.json``.

    Returns:
        The state, with ``loaded`` set on success and ``error`` explaining a failure.
    """
    try:
        model = load_model(model_path)
    except FileNotFoundError as exc:
        logger.warning("API starting without a model: %s", exc)
        return ModelState(path=model_path, error=TEXT["model_file_missing"].format(path=model_path))
    except Exception as exc:
        logger.exception("API starting without a model: cannot load %s", model_path)
        error = TEXT["model_unloadable"].format(path=model_path, error=exc)
        return ModelState(path=model_path, error=error)
    try:
        metadata = load_metadata(model_path)
    except (OSError, ValueError):
        logger.warning("no readable metadata next to %s", model_path)
        metadata = {}
    metrics = _read_metrics(metrics_path, metadata.get("trained_at"))
    logger.info("model loaded from %s (trained at %s)", model_path, metadata.get("trained_at"))
    loaded = LoadedModel(model, model_path, metadata, metrics, source=str(model_path))
    return ModelState(path=model_path, loaded=loaded, error=None)


def missing_for_registry(exc: ModuleNotFoundError) -> str:
    """Say what serving from the registry lacks: the registry module, or MLflow."""
    if exc.name == f"{PACKAGE}.registry":
        return TEXT["no_registry_module"]
    return TEXT["mlflow_missing"].format(module=exc.name)


def load_registered_state(model_uri: str, download_dir: Path) -> ModelState:
    """Download the model named by ``model_uri`` from MLflow and load it; never raises.

    The download and the checks are the ``registry`` module's (production layer); a project
    without it, or without MLflow installed, gets a state that says so.
    """
    try:
        registry = importlib.import_module(".registry", PACKAGE)
        fetched = registry.fetch_model(model_uri, download_dir)
    except ModuleNotFoundError as exc:
        error = TEXT["model_uri_unservable"].format(uri=model_uri, reason=missing_for_registry(exc))
        logger.warning("API without a model: %s", error)
        return ModelState(path=download_dir, error=error)
    except Exception as exc:
        logger.exception("API without a model: cannot fetch %s", model_uri)
        error = TEXT["model_unfetchable"].format(uri=model_uri, error=exc)
        return ModelState(path=download_dir, error=error)
    loaded = LoadedModel(
        fetched.model,
        fetched.path,
        dict(fetched.metadata),
        None,
        source=model_uri,
        version=fetched.version,
    )
    logger.info("model %s version %s loaded from the registry", model_uri, fetched.version)
    return ModelState(path=fetched.path, loaded=loaded, error=None)


def load_configured_state() -> ModelState:
    """Load the model the settings name: ``MODEL_URI`` if set, else ``MODEL_PATH``."""
    settings = get_settings()
    if settings.model_uri:
        return load_registered_state(settings.model_uri, settings.output_dir / "served-model")
    return load_model_state(settings.model_path, settings.output_dir / METRICS)


class ApiSettings(BaseSettings):
    """Options of the API itself, from the environment or ``.env``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    reload_token: SecretStr | None = Field(
        default=None,
        description="Bearer token that POST /reload requires; unset disables reloading.",
    )


#: Serialises reloads: two at once would download into the same folder.
_reload_lock = threading.Lock()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Configure logging and load the model once, when the server starts."""
    settings = get_settings()
    configure_logging(settings.log_level)
    app.state.model_state = load_configured_state()
    yield


def get_model_state(request: Request) -> ModelState:
    """Return what start-up loaded (dependency)."""
    state: ModelState | None = getattr(request.app.state, "model_state", None)
    if state is None:
        return ModelState(path=Path(), error=TEXT["no_lifespan"])
    return state


def require_model(state: Annotated[ModelState, Depends(get_model_state)]) -> LoadedModel:
    """Return the loaded model, or answer 503 saying how to train one (dependency).

    Raises:
        HTTPException: 503 when no model is loaded.
    """
    if state.loaded is None:
        raise HTTPException(
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=TEXT["no_model_loaded"].format(error=state.error, package=PACKAGE),
        )
    return state.loaded


class ErrorMessage(BaseModel):
    """Body of an error answer such as 503."""

    model_config = ConfigDict(json_schema_extra=described("error"))

    detail: str = Field(description=TEXT["field_error_detail"])


ServedModel = Annotated[LoadedModel, Depends(require_model)]
NO_MODEL: dict[int | str, dict[str, Any]] = {
    status.HTTP_503_SERVICE_UNAVAILABLE: {
        "model": ErrorMessage,
        "description": TEXT["no_model_response"],
    }
}
#: Answers of an endpoint that reads a JSON body, besides its own.
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    status.HTTP_400_BAD_REQUEST: {
        "model": ErrorMessage,
        "description": TEXT["unreadable_body_response"],
    },
    UNPROCESSABLE: {
        "model": ValidationFailure,
        "description": TEXT["invalid_body_response"].format(max_errors=MAX_REPORTED_ERRORS),
    },
}


# --- endpoints ----------------------------------------------------------------------------

router = APIRouter()


@router.get("/health", tags=["service"], **documented("health"))
def health(state: Annotated[ModelState, Depends(get_model_state)]) -> Health:
    """Liveness: 200 whenever the process answers, with or without a model (see ``/ready``)."""
    loaded = state.loaded is not None
    return Health(
        status="ok" if loaded else "degraded",
        model_loaded=loaded,
        version=__version__,
        detail=state.error,
    )


@router.get("/ready", tags=["service"], responses=NO_MODEL, **documented("ready"))
def ready(served: ServedModel) -> Readiness:
    """Readiness: 200 with the model being served, 503 while there is none to serve."""
    return Readiness(
        model_source=served.source,
        model_version=served.version,
        trained_at=served.metadata.get("trained_at"),
    )


RELOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    status.HTTP_401_UNAUTHORIZED: {
        "model": ErrorMessage,
        "description": TEXT["wrong_token_response"],
    },
    status.HTTP_403_FORBIDDEN: {
        "model": ErrorMessage,
        "description": TEXT["reload_disabled_response"],
    },
    status.HTTP_503_SERVICE_UNAVAILABLE: {
        "model": ErrorMessage,
        "description": TEXT["reload_failed_response"],
    },
}


@router.post(
    "/reload",
    tags=["service"],
    responses=RELOAD_RESPONSES | BODY_ERRORS,
    **documented("reload"),
)
def reload_model(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> Readiness:
    """Load the model again from MODEL_URI (or MODEL_PATH), e.g. after a promotion.

    Needs ``Authorization: Bearer <RELOAD_TOKEN>``. On failure the model served so far stays.
    """
    token = ApiSettings().reload_token
    if token is None or not token.get_secret_value():
        raise HTTPException(status.HTTP_403_FORBIDDEN, TEXT["reload_disabled"])
    scheme, _, given = (authorization or "").partition(" ")
    expected = token.get_secret_value().encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            TEXT["wrong_token"],
            headers={"WWW-Authenticate": "Bearer"},
        )
    with _reload_lock:
        state = load_configured_state()
        if state.loaded is None:
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                TEXT["reload_failed"].format(error=state.error),
            )
        request.app.state.model_state = state
    loaded = state.loaded
    return Readiness(
        model_source=loaded.source,
        model_version=loaded.version,
        trained_at=loaded.metadata.get("trained_at"),
    )


@router.post("/predict", tags=["model"], responses=NO_MODEL | BODY_ERRORS, **documented("predict"))
def predict_records(body: PredictionRequest, served: ServedModel) -> PredictionResponse:
    """Predict each record of the batch (a class with the probability of every class, or a
    number for a regression)."""
    inputs = [record.model_dump(by_alias=True) for record in body.records]
    trained_at = served.metadata.get("trained_at")
    record = start_record(
        inputs, source="api", model_trained_at=trained_at, model_version=served.version
    )
    request_id = record["request_id"]
    start = time.perf_counter()
    try:
        outputs = predict(served.model, inputs)
    except Exception as exc:
        log_record(prediction_logger, finish_record(record, start, error=exc))
        raise
    log_record(prediction_logger, finish_record(record, start, outputs=outputs))
    return PredictionResponse(
        request_id=request_id,
        model_trained_at=trained_at,
        predictions=[Prediction(**output) for output in outputs],
    )


def _excerpt(value: Any) -> str | int | float | bool | None:
    """A short, JSON-safe stand-in for an invalid input (never the whole of a large body)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) < 2**53:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    try:
        text = value if isinstance(value, str) else json.dumps(value, default=str)
    except (TypeError, ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= MAX_ECHOED_CHARS else text[: MAX_ECHOED_CHARS - 1] + "…"


def _location(loc: Any) -> list[str | int]:
    """The path of a problem, as strings and indices."""
    parts = loc if isinstance(loc, list | tuple) else [loc]
    return [
        part if isinstance(part, int) and not isinstance(part, bool) else str(part)
        for part in parts
    ]


async def validation_failed(request: Request, exc: Exception) -> JSONResponse:
    """Answer 422 with the first problems and bounded excerpts of the offending values.

    FastAPI's own answer echoes every input whole (a 1,000-record batch comes back entire) and
    fails with 500 on the non-finite numbers (``1e999``, ``NaN``) that Python's JSON parser accepts.
    """
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    problems = [
        ValidationProblem(
            loc=_location(error.get("loc", ())),
            msg=str(error.get("msg", ""))[: MAX_ECHOED_CHARS * 2],
            type=str(error.get("type", "")),
            input=_excerpt(error.get("input")),
        )
        for error in errors[:MAX_REPORTED_ERRORS]
    ]
    body = ValidationFailure(detail=problems, error_count=len(errors))
    return JSONResponse(status_code=UNPROCESSABLE, content=body.model_dump(mode="json"))


@router.get("/model", tags=["model"], responses=NO_MODEL, **documented("model"))
def model_info(served: ServedModel) -> ModelInfo:
    """Describe the loaded model: when it was trained, its parameters, scores and classes."""
    metadata = served.metadata
    search = metadata.get("search")
    return ModelInfo(
        model_path=str(served.path),
        trained_at=metadata.get("trained_at"),
        package_version=metadata.get("package_version"),
        target=metadata.get("target"),
        features=list(metadata.get("features", [])),
        classes=[str(label) for label in getattr(served.model, "classes_", [])],
        params=dict(metadata.get("params", {})),
        cv_score=metadata.get("cv_score"),
        scoring=search.get("scoring") if isinstance(search, dict) else None,
        test_metrics=served.metrics,
    )


#: The task as the description names it.
TASK_NAME = TEXT[f"task_{TASK}"]
DESCRIPTION = TEXT["description"].format(
    target=column_label(TARGET),
    task=TASK_NAME,
    data=TITLE,
    max_batch=MAX_BATCH_SIZE,
    package=PACKAGE,
)
#: The tags that group the endpoints on ``/docs``, described.
TAGS = [
    {"name": "service", "description": TEXT["tag_service"]},
    {"name": "model", "description": TEXT["tag_model"]},
]


def install_extensions(application: FastAPI, names: tuple[str, ...] = EXTENSIONS) -> list[str]:
    """Call ``install(application)`` of each extension module present in the package.

    Returns:
        The names of the extensions installed. A module that is absent is skipped; one that
        fails to import (a missing dependency, say) raises.
    """
    installed: list[str] = []
    for name in names:
        try:
            module = importlib.import_module(f".{name}", PACKAGE)
        except ModuleNotFoundError as exc:
            if exc.name != f"{PACKAGE}.{name}":
                raise
            continue
        module.install(application)
        installed.append(name)
    return installed


def create_app() -> FastAPI:
    """Build the FastAPI application (the model is loaded when it starts)."""
    application = FastAPI(
        title=TEXT["title"].format(package=PACKAGE),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        version=__version__,
        lifespan=lifespan,
    )
    application.include_router(router)
    application.add_exception_handler(RequestValidationError, validation_failed)
    install_extensions(application)
    return application


app = create_app()
