"""Train and score the model for one parameter set: the unit of a training grid.

Usage::

    python -m <package>.experiment --param C=0.5

It reads the train and test sets the pipeline's ``split`` step wrote in ``OUTPUT_DIR``, fits the
model with the given parameters (no search: the grid is the search), scores it by
cross-validation on the train set and on the test set, writes
``OUTPUT_DIR/experiments/<params>/metrics.json`` and logs the run to MLflow when
``MLFLOW_TRACKING_URI`` is set. Argo Workflows fans it out over a list of parameter sets
(``deploy/argo/train-grid.yaml``); a shell loop or a CI matrix does the same on one machine.

Exit codes: 0 success, 2 usage error (unknown or invalid parameter, missing inputs).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

from .config import Settings, get_settings
from .dag import write_json
from .data_io import read_parquet
from .logging_config import configure_logging
from .model import IS_CLASSIFIER, SCORING, build_pipeline, evaluate, features, target
from .pipeline import TEST, TRAIN
from .tracking import log_run, numeric_metrics

logger = logging.getLogger(__name__)

PACKAGE = __package__ or __name__.rpartition(".")[0]
EXPERIMENTS_DIR = "experiments"
#: The test metrics an experiment reports, by task.
TEST_METRICS: tuple[str, ...] = ("accuracy", "f1_macro") if IS_CLASSIFIER else ("mae", "rmse", "r2")


def _positive_float(text: str) -> float:
    """Parse a strictly positive, finite number."""
    value = float(text)
    if not 0 < value < float("inf"):
        msg = f"expected a positive number, got {text!r}"
        raise ValueError(msg)
    return value


#: Parameters a grid may set: name -> parser of its value. ``C`` is the inverse regularisation
#: strength for either task, as in ``model.py`` (a regressor's ``alpha`` is ``1 / C``).
PARAMETERS: Mapping[str, Callable[[str], Any]] = {"C": _positive_float}


def parse_params(pairs: Sequence[str]) -> dict[str, Any]:
    """Turn ``["C=0.5"]`` into ``{"C": 0.5}``, checking names and values.

    Raises:
        ValueError: for a malformed pair, an unknown name, a bad value or a repeated name.
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            msg = f"expected NAME=VALUE, got {pair!r}"
            raise ValueError(msg)
        if name not in PARAMETERS:
            msg = f"unknown parameter {name!r} (known: {', '.join(sorted(PARAMETERS))})"
            raise ValueError(msg)
        if name in params:
            msg = f"parameter {name!r} given twice"
            raise ValueError(msg)
        params[name] = PARAMETERS[name](raw.strip())
    return params


def run_label(params: Mapping[str, Any]) -> str:
    """A file-name-safe label of a parameter set, e.g. ``C=0.5``."""
    return "_".join(f"{name}={params[name]}" for name in sorted(params)) or "defaults"


def run_experiment(params: Mapping[str, Any], settings: Settings | None = None) -> dict[str, Any]:
    """Fit and score the model for ``params``; write and return its metrics.

    Raises:
        FileNotFoundError: if the ``split`` step has not written the train and test sets.
    """
    settings = settings or get_settings()
    train_file, test_file = settings.output_dir / TRAIN, settings.output_dir / TEST
    for path in (train_file, test_file):
        if not path.is_file():
            msg = f"{path} not found: run `python -m {PACKAGE}.pipeline --step split` first"
            raise FileNotFoundError(msg)
    train_df, test_df = read_parquet(train_file), read_parquet(test_file)
    model = build_pipeline(regularization=params.get("C", 1.0), seed=settings.random_seed)
    splitter = StratifiedKFold if IS_CLASSIFIER else KFold
    cv = splitter(n_splits=settings.cv_folds, shuffle=True, random_state=settings.random_seed)
    scores = cross_val_score(model, features(train_df), target(train_df), scoring=SCORING, cv=cv)
    model.fit(features(train_df), target(train_df))
    test_metrics = evaluate(model, test_df)
    result: dict[str, Any] = {
        "params": dict(params),
        "scoring": SCORING,
        "cv_score": float(scores.mean()),
        "cv_std": float(scores.std()),
        **{key: test_metrics[key] for key in TEST_METRICS},
        "n_train": len(train_df),
        "n_test": test_metrics["n_test"],
    }
    label = run_label(params)
    out = settings.output_dir / EXPERIMENTS_DIR / label / "metrics.json"
    write_json(out, result)
    run_id = log_run(
        params={**params, "random_seed": settings.random_seed, "cv_folds": settings.cv_folds},
        metrics=numeric_metrics(
            {key: result[key] for key in ("cv_score", "cv_std", *TEST_METRICS)}
        ),
        model=model,
        artifacts=[Path(out)],
        tags={"kind": "grid"},
        run_name=f"grid {label}",
    )
    result["mlflow_run_id"] = run_id
    logger.info(
        "experiment %s: cv %s=%.4f, test %s=%.4f",
        label,
        SCORING,
        result["cv_score"],
        TEST_METRICS[0],
        result[TEST_METRICS[0]],
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; prints the result as one JSON line on standard output."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}.experiment",
        description="Train and score the model for one parameter set (one point of a grid).",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"a model parameter; known: {', '.join(sorted(PARAMETERS))} (repeatable)",
    )
    args = parser.parse_args(argv)
    configure_logging("INFO")
    try:
        params = parse_params(args.param)
        settings = get_settings()
        configure_logging(settings.log_level)
        result = run_experiment(params, settings)
    except (ValueError, FileNotFoundError) as exc:
        logger.error("%s", exc)
        return 2
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
