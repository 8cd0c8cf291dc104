"""Data contract: target, feature lists, expected column kinds and dtype coercion.

Everything here derives from ``dataset.json`` next to this module, the one file that describes
the data (target and task, each feature's kind, categories, bounds, missing values, an example
row, labels for people). To bring your own data, edit that file (or regenerate the project with
``--dataset FILE --target COL``) and put the sample in ``data/``: the model, the validation, the
deliverable and the tests follow.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

ColumnKind = Literal["numeric", "string", "boolean"]
Task = Literal["classification", "regression"]

#: The data description, as written in ``dataset.json``.
DATASET: Final[dict[str, Any]] = json.loads(
    resources.files(__package__ or __name__.rpartition(".")[0])
    .joinpath("dataset.json")
    .read_text(encoding="utf-8")
)

TITLE: Final[str] = DATASET["title"]
SAMPLE_FILE: Final[str] = DATASET["sampleFile"]
TARGET: Final[str] = DATASET["target"]["name"]
TASK: Final[Task] = DATASET["target"]["task"]
#: How the target's labels are written in the table ("text", "integer", "boolean"); None for
#: regression.
LABEL_TYPE: Final[str | None] = DATASET["target"].get("labelType")
#: Column identifying a row (de-duplication uses it); None when the data has none.
ID_COLUMN: Final[str | None] = DATASET.get("idColumn")
IGNORED_COLUMNS: Final[list[str]] = list(DATASET.get("ignored", []))
#: Every feature's description from ``dataset.json``, by column name, in table order.
FEATURE_SPECS: Final[dict[str, dict[str, Any]]] = {f["name"]: f for f in DATASET["features"]}

NUMERIC_FEATURES: Final[list[str]] = [n for n, f in FEATURE_SPECS.items() if f["kind"] == "numeric"]
BOOLEAN_FEATURES: Final[list[str]] = [n for n, f in FEATURE_SPECS.items() if f["kind"] == "boolean"]
CATEGORICAL_FEATURES: Final[list[str]] = [
    n for n, f in FEATURE_SPECS.items() if f["kind"] == "categorical"
]
#: Model order: numbers, then booleans (as 0/1), then categories (one-hot encoded).
FEATURES: Final[list[str]] = NUMERIC_FEATURES + BOOLEAN_FEATURES + CATEGORICAL_FEATURES
REQUIRED_COLUMNS: Final[list[str]] = [*FEATURES, TARGET]
NULLABLE_FEATURES: Final[list[str]] = [n for n in FEATURES if FEATURE_SPECS[n]["nullable"]]


def _column_kind(spec: dict[str, Any]) -> ColumnKind:
    """The kind of values a column holds in the table."""
    kind = spec["kind"]
    if kind == "boolean":
        return "boolean"
    if kind == "categorical":
        return "numeric" if spec["codes"] == "integer" else "string"
    return "numeric"


def _target_kind() -> ColumnKind:
    if TASK == "regression" or LABEL_TYPE == "integer":
        return "numeric"
    return "boolean" if LABEL_TYPE == "boolean" else "string"


#: Expected kind of every required column ("numeric", "string" or "boolean").
EXPECTED_DTYPES: Final[dict[str, ColumnKind]] = {
    **{name: _column_kind(FEATURE_SPECS[name]) for name in FEATURES},
    TARGET: _target_kind(),
}


def label_text(value: Any) -> str:
    """The text form of a label or category code: what the model is trained on and answers.

    ``1``, ``1.0`` and ``"1"`` are the same integer code; ``True`` is ``"True"``.
    """
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


#: Values seen in the sample, for forms and documentation (others are accepted at prediction),
#: in the table's own type; the target's labels (classification only) as well.
CATEGORIES: Final[dict[str, list[Any]]] = {
    **{name: list(FEATURE_SPECS[name]["values"]) for name in CATEGORICAL_FEATURES},
    **({TARGET: list(DATASET["target"]["labels"])} if TASK == "classification" else {}),
}
#: The target's labels as the model names its classes (text), in display order.
CLASS_LABELS: Final[list[str]] = [label_text(v) for v in CATEGORIES.get(TARGET, [])]

#: One valid input row, for API docs, forms and smoke tests.
EXAMPLE: Final[dict[str, Any]] = {
    name: float(value) if spec["kind"] == "numeric" and value is not None else value
    for name, spec in FEATURE_SPECS.items()
    for value in [DATASET["example"][name]]
}

#: Human labels for the columns (tables, charts, forms); any other column shows its own name.
COLUMN_LABELS: Final[dict[str, str]] = {
    **{name: spec["label"] for name, spec in FEATURE_SPECS.items()},
    TARGET: DATASET["target"]["label"],
}


def column_label(column: str) -> str:
    """Return the human label of ``column``."""
    return COLUMN_LABELS.get(column, column.replace("_", " ").capitalize())


def column_description(column: str) -> str:
    """Return the description of ``column`` for documentation (its label when it has none)."""
    spec = FEATURE_SPECS.get(column) or (DATASET["target"] if column == TARGET else {})
    return spec.get("description") or column_label(column)


_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def _as_boolean(value: Any) -> float:
    """1.0, 0.0 or NaN from a boolean written as a bool, a 0/1 number or a word."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return math.nan
    if isinstance(value, bool | np.bool_):
        return float(bool(value))
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return float(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return 1.0
    if text in _FALSE:
        return 0.0
    msg = f"{value!r} is not a boolean"
    raise ValueError(msg)


def has_kind(series: pd.Series, kind: ColumnKind) -> bool:
    """Tell whether ``series`` has the expected column kind.

    An all-missing column counts as any kind, since readers cannot infer its type.
    """
    if bool(series.isna().all()):
        return True
    if kind == "numeric":
        return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if kind == "boolean":
        try:
            series.dropna().map(_as_boolean)
        except ValueError:
            return False
        return True
    # pandas 2 reads text as ``object`` holding str and None, which is_string_dtype rejects;
    # infer_dtype looks at the values instead.
    return (
        pd.api.types.is_string_dtype(series)
        or isinstance(series.dtype, pd.CategoricalDtype)
        or pd.api.types.infer_dtype(series, skipna=True) in {"string", "empty"}
    )


def _as_text(series: pd.Series) -> pd.Series:
    """Codes or labels as text (``label_text``) in an ``object`` column, missing values as NaN.

    Built from a list: ``Series.map`` would let pandas 3 infer its ``str`` dtype instead.
    """
    values = [label_text(v) if pd.notna(v) else np.nan for v in series.astype(object)]
    return pd.Series(values, index=series.index, dtype=object)


def coerce_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with every known column in the form the model takes.

    Numbers become ``float64``, booleans ``float64`` 0/1, categories (text or integer codes) and
    classification labels ``object`` text (see :func:`label_text`), regression targets
    ``float64``. Missing values become ``NaN`` in every case, which is what scikit-learn's
    imputers expect, whatever the reader produced (nullable ``Int64``, pandas ``str``, ``None``...).
    Only the columns of :data:`EXPECTED_DTYPES` present in ``df`` are touched.

    Raises:
        ValueError: if a numeric column holds values that are not numbers, or a boolean column
            values that are not booleans.
    """
    out = df.copy()
    for column in EXPECTED_DTYPES:
        if column not in out.columns:
            continue
        series = out[column]
        spec = FEATURE_SPECS.get(column)
        if column == TARGET and spec is None:
            if TASK == "regression":
                out[column] = pd.to_numeric(series, errors="raise").astype("float64")
            elif LABEL_TYPE == "boolean":
                flags = series.astype(object).map(_as_boolean).astype("float64")
                out[column] = _as_text(flags.map(lambda b: b == 1.0).where(flags.notna()))
            else:
                out[column] = _as_text(series)
        elif spec["kind"] == "numeric":
            out[column] = pd.to_numeric(series, errors="raise").astype("float64")
        elif spec["kind"] == "boolean":
            out[column] = series.astype(object).map(_as_boolean).astype("float64")
        elif spec["codes"] == "integer":
            out[column] = _as_text(pd.to_numeric(series, errors="raise"))
        else:
            out[column] = series.astype(object).where(series.notna(), np.nan)
    return out
