"""HTTP API serving the trained model (FastAPI).

Run it locally with::

    uv run uvicorn <package>.api:app --host 127.0.0.1 --port 8000

The model is loaded once, at start-up, from ``MODEL_PATH`` (see :mod:`.config`); training stays
in the pipeline (``python -m <package>.pipeline``). Without a model the API still starts:
``/health`` says so and ``/predict`` and ``/model`` answer 503 until a model is trained and the
API restarted.

Every ``/predict`` call is logged as one JSON record (logger ``<package>.api.predictions``) with
the inputs, the outputs and the latency, so that the logs can later be turned into a table for
drift monitoring.
"""

import importlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field
from sklearn.pipeline import Pipeline

from . import __version__
from .config import get_settings
from .logging_config import configure_logging
from .model import load_metadata, load_model, predict
from .pipeline import METRICS
from .schema import EXAMPLE

#: Import name of the package (``python -m <PACKAGE>.pipeline`` trains the model).
PACKAGE = __name__.rpartition(".")[0]
#: Largest number of records one ``/predict`` call accepts.
MAX_BATCH_SIZE = 1000
#: Optional sibling modules that extend the application, each with an ``install(app)`` function
#: (the maintenance phase adds ``monitoring_api``: Prometheus metrics at ``/metrics``).
EXTENSIONS: tuple[str, ...] = ("monitoring_api",)

logger = logging.getLogger(__name__)
#: One INFO record per prediction request; route this logger to a file to keep the history.
prediction_logger = logging.getLogger(f"{__name__}.predictions")

Island = Literal["Biscoe", "Dream", "Torgersen"]
Sex = Literal["female", "male"]


# --- request and response bodies ----------------------------------------------------------


class Penguin(BaseModel):
    """The features of one penguin (one row of the model's input).

    Numeric bounds are physical plausibility checks, wider than the training data: a value
    inside them but far from the sample is accepted, and is what drift monitoring looks for.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [dict(EXAMPLE)]})

    island: Island = Field(description="Island of the Palmer Archipelago where it was observed.")
    bill_length_mm: float = Field(
        gt=0, le=100, strict=True, allow_inf_nan=False, description="Bill length (mm)."
    )
    bill_depth_mm: float = Field(
        gt=0, le=50, strict=True, allow_inf_nan=False, description="Bill depth (mm)."
    )
    flipper_length_mm: float = Field(
        gt=0, le=400, strict=True, allow_inf_nan=False, description="Flipper length (mm)."
    )
    body_mass_g: float = Field(
        gt=0, le=10_000, strict=True, allow_inf_nan=False, description="Body mass (g)."
    )
    sex: Sex | None = Field(
        description="Sex of the penguin; null when unknown (the model imputes it)."
    )


class PredictionRequest(BaseModel):
    """A batch of penguins to classify."""

    model_config = ConfigDict(extra="forbid")

    records: list[Penguin] = Field(
        min_length=1,
        max_length=MAX_BATCH_SIZE,
        description=f"Between 1 and {MAX_BATCH_SIZE} penguins; predictions come back in order.",
    )


class Prediction(BaseModel):
    """The predicted species of one penguin and the probability of every species."""

    prediction: str = Field(description="Most probable species.", examples=["Gentoo"])
    probabilities: dict[str, float] = Field(
        description="Probability of each species; they sum to 1.",
        examples=[{"Adelie": 0.01, "Chinstrap": 0.02, "Gentoo": 0.97}],
    )


class PredictionResponse(BaseModel):
    """Predictions for a batch, in the order of the request's records."""

    model_config = ConfigDict(protected_namespaces=())

    request_id: str = Field(description="Identifier of this call, also in the prediction log.")
    model_trained_at: str | None = Field(description="When the model answering was trained.")
    predictions: list[Prediction]


class Health(BaseModel):
    """Liveness of the service and whether a model is loaded."""

    status: Literal["ok", "degraded"] = Field(
        description="'ok' when a model is loaded, 'degraded' when the API runs without one."
    )
    model_loaded: bool
    version: str = Field(description="Version of the package serving the API.")
    detail: str | None = Field(default=None, description="Why no model is loaded, if so.")


class ModelInfo(BaseModel):
    """What the loaded model is: training date, parameters, scores, features and classes."""

    model_config = ConfigDict(protected_namespaces=())

    model_path: str
    trained_at: str | None
    package_version: str | None = Field(description="Package version that trained the model.")
    target: str | None
    features: list[str]
    classes: list[str]
    params: dict[str, Any] = Field(description="Hyper-parameters chosen by cross-validation.")
    cv_score: float | None = Field(description="Best cross-validated score.")
    scoring: str | None = Field(description="Metric of the cross-validated score.")
    test_metrics: dict[str, Any] | None = Field(
        description="Scores on the held-out test set (metrics/metrics.json), when they were "
        "computed for this very model; null otherwise."
    )


# --- the model, loaded once ---------------------------------------------------------------


@dataclass(frozen=True)
class LoadedModel:
    """A model ready to serve, with its metadata and (if available) its test metrics."""

    model: Pipeline
    path: Path
    metadata: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] | None = None


@dataclass(frozen=True)
class ModelState:
    """What start-up found at ``MODEL_PATH``: a loaded model, or the reason there is none."""

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
        return ModelState(path=model_path, error=str(exc))
    except Exception as exc:
        logger.exception("API starting without a model: cannot load %s", model_path)
        return ModelState(path=model_path, error=f"cannot load {model_path}: {exc}")
    try:
        metadata = load_metadata(model_path)
    except (OSError, ValueError):
        logger.warning("no readable metadata next to %s", model_path)
        metadata = {}
    metrics = _read_metrics(metrics_path, metadata.get("trained_at"))
    logger.info("model loaded from %s (trained at %s)", model_path, metadata.get("trained_at"))
    return ModelState(
        path=model_path, loaded=LoadedModel(model, model_path, metadata, metrics), error=None
    )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Configure logging and load the model once, when the server starts."""
    settings = get_settings()
    configure_logging(settings.log_level)
    app.state.model_state = load_model_state(settings.model_path, settings.output_dir / METRICS)
    yield


def get_model_state(request: Request) -> ModelState:
    """Return what start-up loaded (dependency)."""
    state: ModelState | None = getattr(request.app.state, "model_state", None)
    if state is None:
        return ModelState(path=Path(), error="the application was started without its lifespan")
    return state


def require_model(state: Annotated[ModelState, Depends(get_model_state)]) -> LoadedModel:
    """Return the loaded model, or answer 503 saying how to train one (dependency).

    Raises:
        HTTPException: 503 when no model is loaded.
    """
    if state.loaded is None:
        raise HTTPException(
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=f"No model loaded: {state.error}. Train one with "
            f"`uv run python -m {PACKAGE}.pipeline`, then restart the API.",
        )
    return state.loaded


class ErrorMessage(BaseModel):
    """Body of an error answer such as 503."""

    detail: str


ServedModel = Annotated[LoadedModel, Depends(require_model)]
NO_MODEL: dict[int | str, dict[str, Any]] = {
    status.HTTP_503_SERVICE_UNAVAILABLE: {
        "model": ErrorMessage,
        "description": "No model is loaded: train one with the pipeline and restart the API.",
    }
}


# --- endpoints ----------------------------------------------------------------------------

router = APIRouter()


@router.get("/health", tags=["service"])
def health(state: Annotated[ModelState, Depends(get_model_state)]) -> Health:
    """Tell whether the service is up and a model is loaded (always 200 while the process runs)."""
    loaded = state.loaded is not None
    return Health(
        status="ok" if loaded else "degraded",
        model_loaded=loaded,
        version=__version__,
        detail=state.error,
    )


@router.post("/predict", tags=["model"], responses=NO_MODEL)
def predict_species(body: PredictionRequest, served: ServedModel) -> PredictionResponse:
    """Predict the species of each penguin of the batch, with the probability of every species."""
    request_id = uuid.uuid4().hex
    inputs = [record.model_dump() for record in body.records]
    trained_at = served.metadata.get("trained_at")
    log_record: dict[str, Any] = {
        "event": "prediction",
        "request_id": request_id,
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "model_trained_at": trained_at,
        "n_records": len(inputs),
        "inputs": inputs,
    }
    start = time.perf_counter()
    try:
        outputs = predict(served.model, inputs)
    except Exception as exc:
        log_record |= {
            "status": "error",
            "error": repr(exc),
            "latency_ms": round((time.perf_counter() - start) * 1000, 3),
        }
        prediction_logger.error(json.dumps(log_record), extra={"prediction": log_record})
        raise
    log_record |= {
        "status": "ok",
        "latency_ms": round((time.perf_counter() - start) * 1000, 3),
        "outputs": outputs,
    }
    prediction_logger.info(json.dumps(log_record), extra={"prediction": log_record})
    return PredictionResponse(
        request_id=request_id,
        model_trained_at=trained_at,
        predictions=[Prediction(**output) for output in outputs],
    )


@router.get("/model", tags=["model"], responses=NO_MODEL)
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
        classes=[str(label) for label in served.model.classes_],
        params=dict(metadata.get("params", {})),
        cv_score=metadata.get("cv_score"),
        scoring=search.get("scoring") if isinstance(search, dict) else None,
        test_metrics=served.metrics,
    )


DESCRIPTION = f"""
Predicts the species of a penguin (Adelie, Chinstrap or Gentoo) from its island, bill, flipper,
body mass and sex.

- `POST /predict` classifies a batch of 1 to {MAX_BATCH_SIZE} penguins and returns, for each, the
  predicted species and the probability of every species.
- `GET /model` describes the model being served (training date, parameters, scores).
- `GET /health` tells whether the service is up and a model is loaded.

Invalid input is answered with 422 and the list of problems. 503 means no model is loaded:
train one with `python -m {PACKAGE}.pipeline` and restart the API.
"""


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
        title=f"{PACKAGE} API",
        description=DESCRIPTION.strip(),
        version=__version__,
        lifespan=lifespan,
    )
    application.include_router(router)
    install_extensions(application)
    return application


app = create_app()
