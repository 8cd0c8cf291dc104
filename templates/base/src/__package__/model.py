"""The model: one scikit-learn Pipeline, its training, evaluation, persistence and prediction.

Deliverables load the trained model with :func:`load_model` and call :func:`predict`; the
metadata written next to the model is read with :func:`load_metadata`.
"""

from __future__ import annotations

import importlib
import json
import logging
import platform
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import sklearn
import skops
import skops.io as sio
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import (
    accuracy_score,
    classification_report,
    confusion_matrix,
    f1_score,
    mean_absolute_error,
    mean_squared_error,
    r2_score,
)
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from . import __version__
from .schema import (
    BOOLEAN_FEATURES,
    CATEGORICAL_FEATURES,
    FEATURES,
    NUMERIC_FEATURES,
    TARGET,
    TASK,
    coerce_dtypes,
)

logger = logging.getLogger(__name__)

#: Values of the inverse regularisation strength ``C`` tried by cross-validation (a regressor's
#: ``alpha`` is ``1 / C``).
C_GRID: tuple[float, ...] = (0.1, 1.0, 10.0)
IS_CLASSIFIER: bool = TASK == "classification"
#: The estimator's step in the pipeline, and the parameter the grid tunes.
STEP = "classifier" if IS_CLASSIFIER else "regressor"
PARAM = "C" if IS_CLASSIFIER else "alpha"
SCORING = "accuracy" if IS_CLASSIFIER else "r2"
METADATA_FILE = "metadata.json"
#: Top-level modules whose classes a model file may contain beyond skops' defaults.
TRUSTED_MODULES: frozenset[str] = frozenset({"sklearn", "numpy", "builtins"})

ModelInput: TypeAlias = pd.DataFrame | Mapping[str, Any] | Sequence[Mapping[str, Any]]


class UntrustedModelError(RuntimeError):
    """The model file holds types this project does not trust."""


def build_pipeline(regularization: float = 1.0, seed: int = 42) -> Pipeline:
    """Return the untrained model: preprocessing (``ColumnTransformer``) + a linear model.

    Numeric features are imputed with the median and standardised; booleans (0/1) are imputed
    with the most frequent value; categorical features (text or integer codes) are imputed with
    the most frequent value and one-hot encoded, ignoring unknown categories. The estimator
    follows the task: a logistic regression for classification, a ridge regression otherwise.

    Args:
        regularization: inverse regularisation strength ``C`` (``alpha = 1 / C`` for ridge).
        seed: random state of the classifier.
    """
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    categorical = Pipeline(
        [
            ("impute", SimpleImputer(strategy="most_frequent")),
            ("encode", OneHotEncoder(handle_unknown="ignore")),
        ]
    )
    boolean = SimpleImputer(strategy="most_frequent")
    parts = [
        ("numeric", numeric, NUMERIC_FEATURES),
        ("boolean", boolean, BOOLEAN_FEATURES),
        ("categorical", categorical, CATEGORICAL_FEATURES),
    ]
    # A ColumnTransformer refuses no columns at all; a data set may lack a kind.
    preprocess = ColumnTransformer([part for part in parts if part[2]])
    estimator = (
        LogisticRegression(C=regularization, max_iter=2000, random_state=seed)
        if IS_CLASSIFIER
        else Ridge(alpha=1.0 / regularization)
    )
    return Pipeline([("preprocess", preprocess), (STEP, estimator)])


def features(df: pd.DataFrame) -> pd.DataFrame:
    """Select the feature columns in model order, with coerced dtypes.

    Raises:
        ValueError: listing the missing feature columns.
    """
    missing = [column for column in FEATURES if column not in df.columns]
    if missing:
        msg = f"missing feature columns: {missing}"
        raise ValueError(msg)
    return coerce_dtypes(df[FEATURES])


def target(df: pd.DataFrame) -> pd.Series:
    """Return the target column: labels as text (classification), numbers (regression)."""
    return coerce_dtypes(df[[TARGET]])[TARGET]


def split(
    df: pd.DataFrame, test_size: float = 0.2, seed: int = 42
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split cleaned data into train and test sets, stratified on the target's classes."""
    train_df, test_df = train_test_split(
        df,
        test_size=test_size,
        random_state=seed,
        stratify=target(df) if IS_CLASSIFIER else None,
    )
    logger.info("split: %d train rows, %d test rows", len(train_df), len(test_df))
    return train_df.reset_index(drop=True), test_df.reset_index(drop=True)


def _json_number(value: Any) -> float | int | str | None:
    """Convert a numpy scalar to a JSON-friendly Python value."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def train(
    train_df: pd.DataFrame, folds: int = 5, seed: int = 42
) -> tuple[Pipeline, dict[str, Any]]:
    """Tune ``C`` by stratified k-fold cross-validation and refit on all of ``train_df``.

    Returns:
        The fitted pipeline and a JSON-serialisable summary of the search (best parameters,
        best cross-validated score, score of every candidate).
    """
    splitter = StratifiedKFold if IS_CLASSIFIER else KFold
    cv = splitter(n_splits=folds, shuffle=True, random_state=seed)
    grid = list(C_GRID) if IS_CLASSIFIER else [1.0 / c for c in C_GRID]
    search = GridSearchCV(
        build_pipeline(seed=seed),
        param_grid={f"{STEP}__{PARAM}": grid},
        scoring=SCORING,
        cv=cv,
        n_jobs=1,
        refit=True,
    )
    search.fit(features(train_df), target(train_df))
    results = search.cv_results_
    summary: dict[str, Any] = {
        "scoring": SCORING,
        "cv_folds": folds,
        "best_params": {
            key.removeprefix(f"{STEP}__"): _json_number(value)
            for key, value in search.best_params_.items()
        },
        "best_cv_score": float(search.best_score_),
        "candidates": [
            {
                "params": {
                    key.removeprefix(f"{STEP}__"): _json_number(value)
                    for key, value in params.items()
                },
                "mean_score": float(mean),
                "std_score": float(std),
            }
            for params, mean, std in zip(
                results["params"],
                results["mean_test_score"],
                results["std_test_score"],
                strict=True,
            )
        ],
    }
    logger.info("best %s=%.4f with %s", SCORING, summary["best_cv_score"], summary["best_params"])
    return search.best_estimator_, summary


def evaluate(model: Pipeline, test_df: pd.DataFrame) -> dict[str, Any]:
    """Score ``model`` on held-out data.

    Returns:
        For classification: ``n_test``, ``accuracy``, ``f1_macro``, ``per_class`` (precision,
        recall, f1, support per label) and ``confusion_matrix`` (``labels`` and ``matrix``, rows
        = true labels). For regression: ``n_test``, ``mae``, ``rmse`` and ``r2``.

    Raises:
        ValueError: if the true labels include labels the model does not know (a label written
            differently in the data than in training would otherwise score as silent zeros).
    """
    y_true = target(test_df)
    y_pred = model.predict(features(test_df))
    if not IS_CLASSIFIER:
        return _regression_metrics(y_true, y_pred, len(test_df))
    labels = [str(label) for label in model.classes_]
    unknown = sorted(set(y_true.dropna()) - set(labels))
    if unknown:
        msg = (
            f"the test data's {TARGET!r} has labels the model does not know: {unknown} "
            f"(the model knows {labels}); are the labels written as in dataset.json?"
        )
        raise ValueError(msg)
    report = classification_report(y_true, y_pred, labels=labels, output_dict=True, zero_division=0)
    per_class = {
        label: {
            "precision": float(report[label]["precision"]),
            "recall": float(report[label]["recall"]),
            "f1": float(report[label]["f1-score"]),
            "support": int(report[label]["support"]),
        }
        for label in labels
    }
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    metrics: dict[str, Any] = {
        "n_test": len(test_df),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "f1_macro": float(f1_score(y_true, y_pred, labels=labels, average="macro")),
        "per_class": per_class,
        "confusion_matrix": {"labels": labels, "matrix": matrix.tolist()},
    }
    logger.info("test accuracy=%.4f f1_macro=%.4f", metrics["accuracy"], metrics["f1_macro"])
    return metrics


def _regression_metrics(y_true: pd.Series, y_pred: np.ndarray, n_test: int) -> dict[str, Any]:
    """Mean absolute error, root mean squared error and R² of a regression."""
    metrics: dict[str, Any] = {
        "n_test": n_test,
        "mae": float(mean_absolute_error(y_true, y_pred)),
        "rmse": float(np.sqrt(mean_squared_error(y_true, y_pred))),
        "r2": float(r2_score(y_true, y_pred)),
    }
    logger.info("test mae=%.4f rmse=%.4f r2=%.4f", metrics["mae"], metrics["rmse"], metrics["r2"])
    return metrics


def metadata_path(model_path: str | Path) -> Path:
    """Return the path of the ``metadata.json`` written next to a model file."""
    return Path(model_path).with_name(METADATA_FILE)


def save_model(model: Pipeline, path: str | Path, metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Save ``model`` with skops and write ``metadata.json`` next to it.

    Args:
        model: the fitted pipeline.
        path: destination, conventionally ending in ``.skops``; parent folders are created.
        metadata: JSON-serialisable facts to record (e.g. ``params``, ``cv_score``, data hashes);
            ``trained_at``, features, classes and versions are added.

    Returns:
        The metadata written.
    """
    target_path = Path(path)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, target_path)
    record: dict[str, Any] = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "package_version": __version__,
        "target": TARGET,
        "features": list(FEATURES),
        "numeric_features": list(NUMERIC_FEATURES),
        "categorical_features": list(CATEGORICAL_FEATURES),
        "task": TASK,
        "classes": [str(label) for label in getattr(model, "classes_", [])],
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "skops": skops.__version__,
        },
        **metadata,
    }
    metadata_path(target_path).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    logger.info("model saved to %s", target_path)
    return record


def _is_trusted(type_name: str) -> bool:
    """Accept a class (not a function) defined under one of :data:`TRUSTED_MODULES`."""
    module_name, _, attribute = type_name.rpartition(".")
    if module_name.split(".")[0] not in TRUSTED_MODULES:
        return False
    try:
        candidate = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError):
        return False
    return isinstance(candidate, type)


def load_model(path: str | Path) -> Pipeline:
    """Load a model saved by :func:`save_model`, refusing untrusted content.

    skops lists the types of the file that are not in its default trusted set; they are accepted
    only if they are classes from scikit-learn, NumPy or Python's builtins.

    Raises:
        FileNotFoundError: if ``path`` does not exist.
        UntrustedModelError: if the file holds any other type.
        TypeError: if the file does not hold a scikit-learn ``Pipeline``.
    """
    model_file = Path(path)
    if not model_file.is_file():
        msg = f"model file not found: {model_file} (run the pipeline first)"
        raise FileNotFoundError(msg)
    untrusted = sio.get_untrusted_types(file=model_file)
    rejected = [name for name in untrusted if not _is_trusted(name)]
    if rejected:
        msg = f"refusing to load {model_file}: untrusted types {rejected}"
        raise UntrustedModelError(msg)
    model = sio.load(model_file, trusted=untrusted)
    if not isinstance(model, Pipeline):
        msg = f"{model_file} holds a {type(model).__name__}, not a scikit-learn Pipeline"
        raise TypeError(msg)
    return model


def load_metadata(model_path: str | Path) -> dict[str, Any]:
    """Read the ``metadata.json`` written next to a model file."""
    return json.loads(metadata_path(model_path).read_text(encoding="utf-8"))


def predict(model: Pipeline, data: ModelInput) -> list[dict[str, Any]]:
    """Predict the class of each row with the probability of every class (or a number).

    Args:
        model: a fitted pipeline, e.g. from :func:`load_model`.
        data: a DataFrame, one record (mapping) or a sequence of records holding the features;
            missing values (``None``/``NaN``) are imputed, unknown categories ignored.

    Returns:
        One ``{"prediction": label, "probabilities": {label: probability}}`` per row, in order;
        for regression, one ``{"prediction": number}`` per row.

    Raises:
        ValueError: if a feature column is missing or a numeric value is not a number.
    """
    if isinstance(data, pd.DataFrame):
        frame = data
    elif isinstance(data, Mapping):
        frame = pd.DataFrame([data])
    else:
        frame = pd.DataFrame(list(data))
    if frame.empty:
        return []
    x = features(frame)
    if not IS_CLASSIFIER:
        return [{"prediction": float(value)} for value in model.predict(x)]
    labels = [str(label) for label in model.classes_]
    probabilities = model.predict_proba(x)
    return [
        {
            "prediction": labels[int(np.argmax(row))],
            "probabilities": {
                label: float(value) for label, value in zip(labels, row, strict=True)
            },
        }
        for row in probabilities
    ]
