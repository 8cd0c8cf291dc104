"""Experiment tracking with MLflow, switched on by ``MLFLOW_TRACKING_URI``.

MLflow is optional (the ``mlflow`` extra: ``uv sync --extra mlflow``; the container image has it).
Without ``MLFLOW_TRACKING_URI``, or without MLflow installed, every function here does nothing
and returns ``None``: the pipeline and the tests never need a tracking server.

Two entry points log runs:

- ``python -m <package>.tracking`` logs the last pipeline run found in ``OUTPUT_DIR`` (the model's
  parameters and cross-validated score, the test metrics, the model itself and its metadata).
  Run it after the pipeline; the Argo workflow runs it when the pipeline succeeds.
- :mod:`.experiment` logs one run per parameter set of a training grid.

Standard MLflow variables apply: ``MLFLOW_EXPERIMENT_NAME`` (default: the package name),
``MLFLOW_TRACKING_USERNAME`` / ``MLFLOW_TRACKING_PASSWORD`` or ``MLFLOW_TRACKING_TOKEN``, and
``MLFLOW_S3_ENDPOINT_URL`` for an S3-compatible artifact store. ``MLFLOW_REGISTERED_MODEL_NAME``,
when set, also registers each logged model under that name in the model registry.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import sklearn
import skops
import skops.io as sio
from sklearn.pipeline import Pipeline

from . import __version__
from .config import Settings, get_settings
from .logging_config import configure_logging
from .model import IS_CLASSIFIER, load_metadata, load_model, metadata_path
from .pipeline import METRICS

logger = logging.getLogger(__name__)

#: The test metrics of ``metrics.json`` a pipeline run logs, by task.
PIPELINE_METRICS: tuple[str, ...] = (
    ("accuracy", "f1_macro", "per_class") if IS_CLASSIFIER else ("mae", "rmse", "r2")
)

#: Import name of the package; also the default MLflow experiment name.
PACKAGE = __package__ or __name__.rpartition(".")[0]
TRACKING_URI_ENV = "MLFLOW_TRACKING_URI"
EXPERIMENT_ENV = "MLFLOW_EXPERIMENT_NAME"
REGISTERED_MODEL_ENV = "MLFLOW_REGISTERED_MODEL_NAME"
#: Environment variables copied into run tags when set (the CI and the image can set them).
TAG_ENV = {"GIT_COMMIT": "git_commit", "IMAGE": "image", "ARGO_WORKFLOW": "argo_workflow"}


def tracking_enabled() -> bool:
    """Tell whether runs are logged: ``MLFLOW_TRACKING_URI`` set and MLflow importable."""
    return _mlflow() is not None


def _mlflow() -> ModuleType | None:
    """Return the ``mlflow`` module, or ``None`` when tracking is off or MLflow is missing."""
    if not os.environ.get(TRACKING_URI_ENV, "").strip():
        return None
    try:
        return importlib.import_module("mlflow")
    except ImportError:
        logger.warning(
            "%s is set but MLflow is not installed (uv sync --extra mlflow): tracking is off",
            TRACKING_URI_ENV,
        )
        return None


def numeric_metrics(values: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """Keep the numbers of a (nested) mapping, as ``prefix.key`` names MLflow accepts."""
    metrics: dict[str, float] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            metrics[name] = float(value)
        elif isinstance(value, Mapping):
            metrics |= numeric_metrics(value, prefix=f"{name}.")
    return metrics


def _tags(extra: Mapping[str, str] | None) -> dict[str, str]:
    """Run tags: package version, what the environment says about the run, and ``extra``."""
    tags = {"package": PACKAGE, "package_version": __version__}
    tags |= {tag: os.environ[var] for var, tag in TAG_ENV.items() if os.environ.get(var)}
    return tags | dict(extra or {})


def log_run(
    *,
    params: Mapping[str, Any],
    metrics: Mapping[str, float],
    model: Pipeline | None = None,
    artifacts: Sequence[Path] = (),
    tags: Mapping[str, str] | None = None,
    run_name: str | None = None,
    model_metadata: Mapping[str, Any] | None = None,
) -> str | None:
    """Log one run: parameters, metrics, files and the model (scikit-learn flavour, skops format).

    ``model_metadata`` (the pipeline's ``metadata.json``) is stored in the model's ``MLmodel``
    file, so that a model served from the registry still says when and how it was trained.

    Returns:
        The MLflow run id, or ``None`` when tracking is off (nothing is logged).
    """
    mlflow = _mlflow()
    if mlflow is None:
        return None
    mlflow.set_experiment(os.environ.get(EXPERIMENT_ENV) or PACKAGE)
    with mlflow.start_run(run_name=run_name) as run:
        mlflow.set_tags(_tags(tags))
        mlflow.log_params({key: str(value) for key, value in params.items()})
        mlflow.log_metrics(dict(metrics))
        for path in artifacts:
            mlflow.log_artifact(str(path))
        if model is not None:
            importlib.import_module("mlflow.sklearn").log_model(
                model,
                name="model",
                serialization_format="skops",
                # MLflow reloads the model to check it: trust the types this fitted pipeline holds
                # (it was trained in this process, or loaded through model.load_model's checks).
                skops_trusted_types=sio.get_untrusted_types(data=sio.dumps(model)),
                registered_model_name=os.environ.get(REGISTERED_MODEL_ENV) or None,
                metadata=dict(model_metadata) if model_metadata else None,
                # Explicit requirements: MLflow would otherwise infer them, slowly.
                pip_requirements=[
                    f"scikit-learn=={sklearn.__version__}",
                    f"skops=={skops.__version__}",
                ],
            )
        run_id: str = run.info.run_id
    logger.info("logged MLflow run %s to %s", run_id, os.environ[TRACKING_URI_ENV])
    return run_id


def log_pipeline_run(settings: Settings | None = None) -> str | None:
    """Log the model and metrics the pipeline last wrote in ``OUTPUT_DIR`` as one MLflow run.

    Returns:
        The MLflow run id, or ``None`` when tracking is off.

    Raises:
        FileNotFoundError: if the pipeline has not written its model and metrics yet.
    """
    if not tracking_enabled():
        logger.info("tracking is off (%s is not set): nothing logged", TRACKING_URI_ENV)
        return None
    settings = settings or get_settings()
    model_file = settings.model_path
    metrics_file = settings.output_dir / METRICS
    model = load_model(model_file)
    metadata = load_metadata(model_file)
    test_metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    params: dict[str, Any] = {
        **dict(metadata.get("params", {})),
        **{f"settings.{key}": value for key, value in metadata.get("settings", {}).items()},
        "data.train_sha256": metadata.get("data", {}).get("train_sha256"),
        "data.n_train": metadata.get("data", {}).get("n_train"),
    }
    metrics = numeric_metrics(
        {
            "cv_score": metadata.get("cv_score"),
            **{key: test_metrics.get(key) for key in PIPELINE_METRICS},
        }
    )
    return log_run(
        params=params,
        metrics=metrics,
        model=model,
        artifacts=[metadata_path(model_file), metrics_file],
        tags={"trained_at": str(metadata.get("trained_at"))},
        run_name=f"pipeline {metadata.get('trained_at')}",
        model_metadata=metadata,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: log the last pipeline run (exit 0 also when tracking is off)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}.tracking",
        description="Log the model and metrics of the last pipeline run to MLflow, "
        f"when {TRACKING_URI_ENV} is set.",
    )
    parser.add_argument(
        "--promote",
        metavar="ALIAS",
        default="",
        help="also register the logged model (MLFLOW_REGISTERED_MODEL_NAME, else the package "
        "name) and point this registry alias at it, e.g. champion",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level)
    try:
        run_id = log_pipeline_run(settings)
    except FileNotFoundError as exc:
        logger.error("%s (run the pipeline first)", exc)
        return 2
    if run_id is not None and args.promote:
        registry = importlib.import_module(".registry", PACKAGE)
        name = os.environ.get(REGISTERED_MODEL_ENV) or PACKAGE
        registry.promote_run(run_id, name=name, alias=args.promote)
    return 0


if __name__ == "__main__":
    sys.exit(main())
