"""The MLflow model registry: promote the best run, and fetch the model a URI names.

Training and serving meet here. The pipeline (or the training grid) logs runs with
:mod:`.tracking`; ``python -m <package>.registry promote-best`` then picks the run with the best
score in the experiment, registers its model under ``MLFLOW_REGISTERED_MODEL_NAME`` and points the
alias (``champion`` by default) at that version. The deliverables serve ``MODEL_URI`` (for
example ``models:/<name>@champion``) through :func:`fetch_model`, which downloads the model and
loads it with :func:`.model.load_model`'s checks on the types the file holds.

Usage::

    python -m <package>.registry promote-best            # best run of the experiment → champion
    python -m <package>.registry promote-best --metric accuracy --alias challenger

Needs ``MLFLOW_TRACKING_URI`` and the ``mlflow`` extra. Exit codes: 0 promoted, 2 usage error or
nothing to promote (no tracking, no such experiment, no run with the metric).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import re
import shutil
import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sklearn.pipeline import Pipeline

from .config import get_settings
from .logging_config import configure_logging
from .model import load_model

logger = logging.getLogger(__name__)

#: Import name of the package (``__name__`` is ``__main__`` under ``python -m``).
PACKAGE = __package__ or __name__.rpartition(".")[0]
DEFAULT_ALIAS = "champion"
DEFAULT_METRIC = "cv_score"
#: ``models:/<name>@<alias>`` or ``models:/<name>/<version>``.
_MODELS_URI = re.compile(r"^models:/(?P<name>[^/@]+)(?:@(?P<alias>[^/]+)|/(?P<version>\d+))$")


class RegistryError(RuntimeError):
    """Nothing to promote or fetch, said in one line."""


@dataclass(frozen=True)
class FetchedModel:
    """A model downloaded from MLflow, loaded, with the version it is in the registry."""

    model: Pipeline
    path: Path
    metadata: Mapping[str, Any] = field(default_factory=dict)
    version: str | None = None


def _mlflow() -> Any:
    """The ``mlflow`` module (raises ModuleNotFoundError without the extra)."""
    return importlib.import_module("mlflow")


def pinned_uri(model_uri: str) -> tuple[str, str | None]:
    """Turn ``models:/<name>@<alias>`` into ``models:/<name>/<version>``, with that version.

    Resolving the alias once, before the download, makes the version reported the version
    downloaded even if the alias moves meanwhile. Other URIs are returned as they are.
    """
    match = _MODELS_URI.match(model_uri)
    if match is None:
        return model_uri, None
    if match["version"]:
        return model_uri, match["version"]
    client = _mlflow().MlflowClient()
    version = str(client.get_model_version_by_alias(match["name"], match["alias"]).version)
    return f"models:/{match['name']}/{version}", version


def fetch_model(model_uri: str, destination: Path) -> FetchedModel:
    """Download the model ``model_uri`` names into a fresh folder under ``destination`` and load it.

    Older downloads under ``destination`` are removed once the new model has loaded.

    Raises:
        ModuleNotFoundError: without MLflow.
        FileNotFoundError: if what was downloaded holds no ``.skops`` model.
        Exception: whatever MLflow raises for an unknown model, alias or server.
    """
    mlflow = _mlflow()
    uri, version = pinned_uri(model_uri)
    target = destination / uuid.uuid4().hex
    target.mkdir(parents=True)
    try:
        local = Path(mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=str(target)))
        files = sorted(local.rglob("*.skops"))
        if not files:
            msg = f"{model_uri} holds no .skops model"
            raise FileNotFoundError(msg)
        model = load_model(files[0])
        metadata: Mapping[str, Any] = {}
        mlmodel = next(iter(sorted(local.rglob("MLmodel"))), None)
        if mlmodel is not None:
            metadata = importlib.import_module("mlflow.models").Model.load(mlmodel).metadata or {}
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    for older in destination.iterdir():
        if older != target and older.is_dir():
            shutil.rmtree(older, ignore_errors=True)
    return FetchedModel(model=model, path=files[0], metadata=metadata, version=version)


def promote_best(
    *, experiment: str, name: str, metric: str = DEFAULT_METRIC, alias: str = DEFAULT_ALIAS
) -> str:
    """Register the model of the experiment's best run under ``name`` and point ``alias`` at it.

    Returns:
        The registered version.

    Raises:
        RegistryError: if the experiment does not exist or no run has ``metric`` and a model.
    """
    client = _mlflow().MlflowClient()
    found = client.get_experiment_by_name(experiment)
    if found is None:
        msg = f"no MLflow experiment named {experiment!r}"
        raise RegistryError(msg)
    runs = client.search_runs(
        [found.experiment_id],
        filter_string=f"metrics.`{metric}` > -1e308",
        order_by=[f"metrics.`{metric}` DESC", "attributes.start_time DESC"],
        max_results=1,
    )
    if not runs:
        msg = f"no run of {experiment!r} has the metric {metric!r}"
        raise RegistryError(msg)
    best = runs[0]
    version = promote_run(best.info.run_id, name=name, alias=alias)
    logger.info("best run %s: %s=%s", best.info.run_id, metric, best.data.metrics.get(metric))
    return version


def promote_run(run_id: str, *, name: str, alias: str = DEFAULT_ALIAS) -> str:
    """Register the model run ``run_id`` logged under ``name`` and point ``alias`` at it.

    A run whose model is already registered under ``name`` (the pipeline registers its model
    itself when ``MLFLOW_REGISTERED_MODEL_NAME`` is set) keeps its version.

    Returns:
        The registered version.

    Raises:
        RegistryError: if the run logged no model.
    """
    mlflow = _mlflow()
    client = mlflow.MlflowClient()
    existing = client.search_model_versions(f"name = '{name}' and run_id = '{run_id}'")
    if existing:
        version = str(max(int(found.version) for found in existing))
    else:
        experiment_id = client.get_run(run_id).info.experiment_id
        models = mlflow.search_logged_models(
            experiment_ids=[experiment_id],
            filter_string=f"source_run_id = '{run_id}'",
            output_format="list",
        )
        if not models:
            msg = f"run {run_id} logged no model"
            raise RegistryError(msg)
        version = str(mlflow.register_model(models[0].model_uri, name).version)
    client.set_registered_model_alias(name, alias, version)
    logger.info("run %s is %s version %s, alias %s", run_id, name, version, alias)
    return version


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}.registry",
        description="Promote the best MLflow run of the experiment to a registry alias.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    best = commands.add_parser("promote-best", help="register the best run and set the alias")
    best.add_argument(
        "--experiment",
        default=os.environ.get("MLFLOW_EXPERIMENT_NAME") or PACKAGE,
        help="MLflow experiment (default: MLFLOW_EXPERIMENT_NAME, else the package name)",
    )
    best.add_argument(
        "--name",
        default=os.environ.get("MLFLOW_REGISTERED_MODEL_NAME") or PACKAGE,
        help="registered model (default: MLFLOW_REGISTERED_MODEL_NAME, else the package name)",
    )
    best.add_argument("--metric", default=DEFAULT_METRIC, help="higher is better")
    best.add_argument("--alias", default=DEFAULT_ALIAS)
    args = parser.parse_args(argv)
    configure_logging(get_settings().log_level)
    if not os.environ.get("MLFLOW_TRACKING_URI", "").strip():
        logger.error("MLFLOW_TRACKING_URI is not set: no registry to promote in")
        return 2
    try:
        version = promote_best(
            experiment=args.experiment, name=args.name, metric=args.metric, alias=args.alias
        )
    except ModuleNotFoundError as exc:
        logger.error("MLflow is not installed (%s): uv sync --extra mlflow", exc.name)
        return 2
    except RegistryError as exc:
        logger.error("%s", exc)
        return 2
    sys.stdout.write(f"{args.name} version {version} is now @{args.alias}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
