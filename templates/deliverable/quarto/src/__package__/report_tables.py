"""The documents' tables: pandas DataFrames with plain columns (no index), headers and row names
from :mod:`.wording`; :func:`to_markdown` turns one into Markdown for a ``#| output: asis`` cell.
The documents use these through :mod:`.reporting`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .model import load_model, predict
from .report_common import (
    IS_CLASSIFICATION,
    MAX_BARS,
    NOT_AVAILABLE,
    PIPELINE_COMMAND,
    Artifacts,
    category_columns,
    class_order,
    filter_class,
    markdown_text,
    number,
    numeric_columns,
    require_columns,
    say,
    value_text,
)
from .schema import (
    CLASS_LABELS,
    EXAMPLE,
    FEATURE_SPECS,
    ID_COLUMN,
    IGNORED_COLUMNS,
    REQUIRED_COLUMNS,
    TARGET,
    TASK,
    column_label,
    label_text,
)
from .wording import WORDS


def summary_table(df: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Describe numeric columns: one row each with count, missing, mean, std, min, median, max.

    ``columns`` defaults to :func:`numeric_columns`; no numeric column gives a table without rows.
    """
    columns = numeric_columns() if columns is None else list(columns)
    require_columns(df, columns)
    rows = []
    for column in columns:
        values = pd.to_numeric(df[column], errors="raise").astype("float64")
        rows.append(
            {
                WORDS["variable"]: column,
                WORDS["count"]: int(values.notna().sum()),
                WORDS["missing"]: int(values.isna().sum()),
                WORDS["mean"]: values.mean(),
                WORDS["std"]: values.std(),
                WORDS["min"]: values.min(),
                WORDS["median"]: values.median(),
                WORDS["max"]: values.max(),
            }
        )
    keys = ("variable", "count", "missing", "mean", "std", "min", "median", "max")
    return pd.DataFrame(rows, columns=[WORDS[key] for key in keys])


def _counts(series: pd.Series, column: str) -> pd.Series:
    """Rows per value of ``series`` as people read them (missing counted), most frequent first."""
    texts = pd.Series([value_text(column, value) for value in series], dtype=object)
    return texts.value_counts(sort=True)


def category_counts_table(df: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows per value of each categorical or yes/no column, with their share (missing counted).

    ``columns`` defaults to :func:`category_columns`. A column with more than ``MAX_BARS``
    values shows the most frequent ones and groups the rest as "(other)".
    """
    columns = category_columns() if columns is None else list(columns)
    require_columns(df, columns)
    rows = []
    for column in columns:
        counts = _counts(df[column], column)
        shown = counts.iloc[:MAX_BARS]
        if len(counts) > MAX_BARS:
            shown = pd.concat(
                [shown, pd.Series({say("other_values"): counts.iloc[MAX_BARS:].sum()})]
            )
        total = int(counts.sum())
        rows += [
            {
                WORDS["column"]: column,
                WORDS["value"]: str(value),
                WORDS["count"]: int(count),
                WORDS["share"]: count / total if total else 0.0,
            }
            for value, count in shown.items()
        ]
    keys = ("column", "value", "count", "share")
    return pd.DataFrame(rows, columns=[WORDS[key] for key in keys])


def target_table(df: pd.DataFrame) -> pd.DataFrame:
    """The target: rows per class with their share (classification), or its summary (regression).

    Rows without a target are left out of the class counts.
    """
    require_columns(df, [TARGET])
    if not IS_CLASSIFICATION:
        return summary_table(df, [TARGET])
    counts = df[TARGET].dropna().map(label_text).value_counts()
    order = class_order(counts.index)
    total = int(counts.sum())
    return pd.DataFrame(
        {
            TARGET: order,
            WORDS["count"]: [int(counts[label]) for label in order],
            WORDS["share"]: [counts[label] / total for label in order],
        }
    )


def missing_values_table(
    df: pd.DataFrame, columns: Sequence[str] = REQUIRED_COLUMNS
) -> pd.DataFrame:
    """Count the missing values of each column, with their share of the rows."""
    require_columns(df, columns)
    return pd.DataFrame(
        {
            WORDS["column"]: list(columns),
            WORDS["missing"]: [int(df[column].isna().sum()) for column in columns],
            WORDS["share"]: [
                float(df[column].isna().mean()) if len(df) else 0.0 for column in columns
            ],
        }
    )


def crosstab_table(df: pd.DataFrame, column: str | None = None) -> pd.DataFrame:
    """The target within each value of ``column`` (default: the first categorical feature).

    Classification: rows per class for each value. Regression: rows, mean and median of the
    target for each value.

    Raises:
        ValueError: if the data has no categorical or yes/no feature and no column is given.
    """
    if column is None:
        if not category_columns():
            msg = "the data has no categorical or yes/no feature to cross with the target"
            raise ValueError(msg)
        column = category_columns()[0]
    require_columns(df, [column, TARGET])
    values = pd.Series([value_text(column, v) for v in df[column]], index=df.index, dtype=object)
    if IS_CLASSIFICATION:
        table = pd.crosstab(values, df[TARGET].map(label_text, na_action="ignore"))
        table = table.reindex(columns=class_order(table.columns), fill_value=0)
        out = table.reset_index()
        out.columns.name = None
        return out.rename(columns={"row_0": column, out.columns[0]: column})
    grouped = pd.to_numeric(df[TARGET], errors="raise").groupby(values)
    return pd.DataFrame(
        {
            column: [str(value) for value in grouped.size().index],
            WORDS["count"]: [int(n) for n in grouped.size()],
            WORDS["mean"]: list(grouped.mean()),
            WORDS["median"]: list(grouped.median()),
        }
    )


def _number(value: float) -> str:
    """A bound as written in ``dataset.json`` (0 rather than 0.0), in the language's writing."""
    return label_text(value).replace(".", WORDS["decimal_mark"])


def _schema_row(column: str) -> tuple[str, str, str, str]:
    """Role, kind, values and whether it may be missing, for one feature or the target."""
    if column == TARGET:
        if IS_CLASSIFICATION:
            return WORDS["role_target"], WORDS["kind_labels"], ", ".join(CLASS_LABELS), WORDS["no"]
        return WORDS["role_target"], WORDS["kind_numeric"], "", WORDS["no"]
    spec = FEATURE_SPECS[column]
    missing = WORDS["yes"] if spec["nullable"] else WORDS["no"]
    if spec["kind"] == "numeric":
        kind = WORDS["kind_integer"] if spec.get("integer") else WORDS["kind_numeric"]
        low, high = spec.get("min"), spec.get("max")
        bounds = (
            say("range", low=_number(low), high=_number(high))
            if low is not None and high is not None
            else ""
        )
        return WORDS["role_feature"], kind, bounds, missing
    if spec["kind"] == "boolean":
        return WORDS["role_feature"], WORDS["kind_boolean"], "", missing
    values = ", ".join(label_text(value) for value in spec["values"])
    return WORDS["role_feature"], WORDS["kind_categorical"], values, missing


def schema_table() -> pd.DataFrame:
    """Describe the data contract: each column, its label, role, kind, known values, missing."""
    rows = [(column, column_label(column), *_schema_row(column)) for column in REQUIRED_COLUMNS]
    if ID_COLUMN is not None:
        rows.append((ID_COLUMN, ID_COLUMN, WORDS["role_id"], "", "", ""))
    rows += [(column, column, WORDS["role_ignored"], "", "", "") for column in IGNORED_COLUMNS]
    keys = ("column", "label", "role", "kind", "values", "may_be_missing")
    return pd.DataFrame(rows, columns=[WORDS[key] for key in keys])


def _text(value: Any) -> str:
    """A value of an item table as text: ``0.2`` as the language writes it, others as ``str``."""
    if isinstance(value, float | np.floating) and not pd.isna(value):
        return label_text(value).replace(".", WORDS["decimal_mark"])
    return str(value)


def _item_table(rows: Sequence[tuple[str, Any]]) -> pd.DataFrame:
    """Item/value rows, the values as text (a decimal number as the language writes it)."""
    return pd.DataFrame(
        {
            WORDS["item"]: [item for item, _ in rows],
            WORDS["value"]: [_text(value) for _, value in rows],
        }
    )


def validation_table(validation: Mapping[str, Any]) -> pd.DataFrame:
    """Summarise the pipeline's validation report (``data/validation.json``) as item/value rows."""
    return _item_table(
        [
            (WORDS["checks_passed"], WORDS["yes"] if validation.get("passed") else WORDS["no"]),
            (WORDS["checks_run"], ", ".join(validation.get("checks", [])) or NOT_AVAILABLE),
            (WORDS["rows_read"], validation.get("n_rows_raw", NOT_AVAILABLE)),
            (WORDS["rows_kept"], validation.get("n_rows_clean", NOT_AVAILABLE)),
            (WORDS["rows_dropped"], validation.get("n_rows_dropped", NOT_AVAILABLE)),
            (WORDS["max_missing"], validation.get("max_missing_fraction", NOT_AVAILABLE)),
        ]
    )


def metrics_table(metrics: Mapping[str, Any]) -> pd.DataFrame:
    """Headline scores of the test set (by task), and the cross-validated score if recorded.

    Raises:
        ValueError: if ``metrics`` holds neither classification nor regression scores.
    """
    if "accuracy" in metrics:
        rows = [(WORDS["accuracy"], metrics["accuracy"]), (WORDS["f1_macro"], metrics["f1_macro"])]
        cv_name = WORDS["cv_accuracy"]
    elif "r2" in metrics:
        rows = [
            (WORDS["mae"], metrics["mae"]),
            (WORDS["rmse"], metrics["rmse"]),
            (WORDS["r2"], metrics["r2"]),
        ]
        cv_name = WORDS["cv_r2"]
    else:
        msg = f"metrics hold no known score ({sorted(metrics)}); re-run `{PIPELINE_COMMAND}`"
        raise ValueError(msg)
    if metrics.get("cv_score") is not None:
        rows.append((cv_name, metrics["cv_score"]))
    return pd.DataFrame(
        {
            WORDS["metric"]: [name for name, _ in rows],
            WORDS["value"]: [float(value) for _, value in rows],
        }
    )


def per_class_table(metrics: Mapping[str, Any]) -> pd.DataFrame:
    """Precision, recall, F1 and support (test rows) of each class (classification only)."""
    per_class = metrics["per_class"]
    order = class_order(per_class)
    return pd.DataFrame(
        {
            TARGET: order,
            WORDS["precision"]: [float(per_class[label]["precision"]) for label in order],
            WORDS["recall"]: [float(per_class[label]["recall"]) for label in order],
            WORDS["f1"]: [float(per_class[label]["f1"]) for label in order],
            WORDS["support"]: [int(per_class[label]["support"]) for label in order],
        }
    )


def confusion_matrix_table(metrics: Mapping[str, Any]) -> pd.DataFrame:
    """The test confusion matrix: one row per true class, one column per predicted class."""
    labels = [str(label) for label in metrics["confusion_matrix"]["labels"]]
    matrix = np.asarray(metrics["confusion_matrix"]["matrix"], dtype=int)
    table = pd.DataFrame(matrix, columns=labels)
    table.insert(0, WORDS["confusion_corner"], labels)
    return table


def _cv_score_text(metadata: Mapping[str, Any]) -> str:
    """Format the cross-validated score, e.g. ``0.978 (accuracy, 5 folds)``, or ``n/a``."""
    score = metadata.get("cv_score")
    if not isinstance(score, int | float):
        return NOT_AVAILABLE
    search = metadata.get("search", {})
    return say(
        "cv_score_value",
        score=number(score),
        scoring=search.get("scoring", "score"),
        folds=search.get("cv_folds", "?"),
    )


def model_table(
    metadata: Mapping[str, Any], metrics: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Facts about the trained model, as item/value rows (from ``model/metadata.json``)."""
    data = metadata.get("data", {})
    versions = metadata.get("versions", {})
    params = metadata.get("params", {})
    rows: list[tuple[str, Any]] = [
        (WORDS["trained_at"], metadata.get("trained_at", NOT_AVAILABLE)),
        (WORDS["package_version"], metadata.get("package_version", NOT_AVAILABLE)),
        (
            WORDS["tuned_parameters"],
            ", ".join(f"{k}={v}" for k, v in params.items()) or NOT_AVAILABLE,
        ),
        (WORDS["cv_score"], _cv_score_text(metadata)),
        (WORDS["training_rows"], data.get("n_train", NOT_AVAILABLE)),
        (WORDS["test_rows"], (metrics or {}).get("n_test", NOT_AVAILABLE)),
        (WORDS["features"], ", ".join(metadata.get("features", [])) or NOT_AVAILABLE),
    ]
    if metadata.get("task", TASK) == "classification":
        rows.append((WORDS["classes"], ", ".join(metadata.get("classes", [])) or NOT_AVAILABLE))
    rows += [
        (WORDS["training_sha"], str(data.get("train_sha256", NOT_AVAILABLE))[:16]),
        (
            WORDS["versions"],
            ", ".join(f"{k} {v}" for k, v in versions.items()) or NOT_AVAILABLE,
        ),
    ]
    return _item_table(rows)


def tuning_table(metadata: Mapping[str, Any]) -> pd.DataFrame:
    """Every candidate of the cross-validated search with its mean and std score."""
    candidates = metadata.get("search", {}).get("candidates", [])
    return pd.DataFrame(
        {
            WORDS["parameters"]: [
                ", ".join(f"{k}={v}" for k, v in c["params"].items()) for c in candidates
            ],
            WORDS["mean_score"]: [float(c["mean_score"]) for c in candidates],
            WORDS["std"]: [float(c["std_score"]) for c in candidates],
        }
    )


def example_prediction_table(
    artifacts: Artifacts, example: Mapping[str, Any] = EXAMPLE
) -> pd.DataFrame:
    """Load the trained model and predict one row.

    Classification: the probability of each class, by decreasing probability (the first row is
    the prediction). Regression: one row, the predicted value.
    """
    (result,) = predict(load_model(artifacts.model_path), dict(example))
    if "probabilities" not in result:
        return pd.DataFrame({TARGET: [float(result["prediction"])]})
    probabilities = sorted(result["probabilities"].items(), key=lambda item: -item[1])
    return pd.DataFrame(
        {
            TARGET: [label for label, _ in probabilities],
            WORDS["probability"]: [value for _, value in probabilities],
        }
    )


def example_table(example: Mapping[str, Any] = EXAMPLE) -> pd.DataFrame:
    """One input row as feature/label/value rows, to show what the model receives."""
    return pd.DataFrame(
        {
            WORDS["variable"]: list(example),
            WORDS["label"]: [column_label(column) for column in example],
            WORDS["value"]: [value_text(column, value) for column, value in example.items()],
        }
    )


def focus_table(df: pd.DataFrame, metrics: Mapping[str, Any], label: str) -> pd.DataFrame:
    """What the report says about one class: rows, share and test scores."""
    subset = filter_class(df, label)
    scores = metrics.get("per_class", {}).get(label)
    rows: list[tuple[str, Any]] = [
        (WORDS["rows_in_data"], len(subset)),
        (WORDS["share_of_data"], number(len(subset) / df[TARGET].notna().sum(), ".1%")),
    ]
    if scores is None:
        rows.append((WORDS["test_scores"], WORDS["not_in_test_set"]))
    else:
        rows += [
            (WORDS["test_precision"], number(scores["precision"])),
            (WORDS["test_recall"], number(scores["recall"])),
            (WORDS["test_f1"], number(scores["f1"])),
            (WORDS["test_rows"], scores["support"]),
        ]
    return _item_table(rows)


def intro_markdown(artifacts: Artifacts, focus: str = "") -> str:
    """The report's opening sentences: its focus class, if any, and when the model was trained."""
    sentences = []
    if focus:
        target_label = markdown_text(column_label(TARGET).lower())
        sentences.append(say("intro_focus", target=target_label, focus=markdown_text(focus)))
    trained_at = artifacts.metadata.get("trained_at") or NOT_AVAILABLE
    sentences.append(say("intro_trained", date=markdown_text(trained_at)))
    return " ".join(sentences)


def _cell(value: Any, floatfmt: str) -> Any:
    """A cell of a text column: text escaped, a decimal number in the language's writing."""
    if isinstance(value, str):
        return markdown_text(value)
    if isinstance(value, float | np.floating) and not pd.isna(value):
        return number(value, floatfmt)
    return value


def to_markdown(df: pd.DataFrame, *, floatfmt: str = ".3f", index: bool = False) -> str:
    """Render a table as a Markdown pipe table (print it in a ``#| output: asis`` cell).

    Headers and text cells are escaped (:func:`markdown_text`); decimal numbers are formatted
    with ``floatfmt`` and the language's decimal mark (:func:`number`), right-aligned. A table
    without rows gets one row of "n/a", since a pipe table needs a body.
    """
    out = df.copy()
    if out.empty:
        out = pd.DataFrame([[NOT_AVAILABLE] * len(out.columns)], columns=out.columns)
    align: list[str] = []
    if index:
        align.append("right" if pd.api.types.is_numeric_dtype(out.index) else "left")
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values):
            cells = ["" if pd.isna(v) else number(v, floatfmt) for v in values]
        elif pd.api.types.is_integer_dtype(values) and not pd.api.types.is_bool_dtype(values):
            cells = ["" if pd.isna(v) else number(int(v), "d") for v in values]
        elif pd.api.types.is_numeric_dtype(values):
            cells = ["" if pd.isna(v) else str(v) for v in values]
        else:
            cells = [_cell(v, floatfmt) for v in values]
            align.append("left")
            out[column] = pd.Series(cells, index=out.index, dtype=object)
            continue
        align.append("right")
        out[column] = pd.Series(cells, index=out.index, dtype=object)
    out.columns = [markdown_text(column) for column in out.columns]
    return out.to_markdown(index=index, missingval="", colalign=align, disable_numparse=True)
