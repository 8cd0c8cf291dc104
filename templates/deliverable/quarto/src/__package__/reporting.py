"""Tables and figures for the Quarto documents, from the data and the pipeline's artifacts.

The documents (``report/`` or ``website/``) call these functions and compute nothing themselves,
so every number they show is covered by the tests. Tables are pandas DataFrames with plain
columns (no index); :func:`to_markdown` turns them into Markdown for a ``#| output: asis`` cell.
Figures are matplotlib ``Figure`` objects drawn on the non-interactive Agg canvas without pyplot:
they need no display and leak no global state. Returned as a cell's last value, Jupyter (hence
Quarto) shows one exactly once: through matplotlib's inline integration when Quarto set it up,
else through the figure's own ``_repr_png_``.

Quarto runs a document's code in the document's folder, not at the project root.
:func:`project_settings` therefore finds the project root (the nearest folder with a
``pyproject.toml``), reads its ``.env`` and resolves a relative ``OUTPUT_DIR``, ``MODEL_PATH`` or
``DATA_SOURCE`` against it: the documents read what ``python -m <package>.pipeline`` wrote,
whichever folder they run from.

Nothing here knows the data set: columns, their kinds and labels come from :mod:`.schema` (that
is, ``dataset.json``), the task decides which scores and figures apply, and every word a table or
figure shows comes from :mod:`.wording`, in the documents' language.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .config import Settings
from .data_io import is_remote, load_raw, read_parquet
from .model import features, load_model, predict, target
from .pipeline import METRICS, MODEL, MODEL_METADATA, TEST, VALIDATION_REPORT
from .schema import (
    BOOLEAN_FEATURES,
    CATEGORICAL_FEATURES,
    CLASS_LABELS,
    EXAMPLE,
    FEATURE_SPECS,
    ID_COLUMN,
    IGNORED_COLUMNS,
    NUMERIC_FEATURES,
    REQUIRED_COLUMNS,
    TARGET,
    TASK,
    coerce_dtypes,
    column_label,
    label_text,
)
from .wording import WORDS

logger = logging.getLogger(__name__)

PACKAGE: Final = __package__ or __name__.rpartition(".")[0]
PIPELINE_COMMAND: Final = f"uv run python -m {PACKAGE}.pipeline"

IS_CLASSIFICATION: Final = TASK == "classification"
#: Class colours by position in the schema's labels (the first three: the palmerpenguins palette).
PALETTE: Final = (
    "#ff8c00",
    "#a034f0",
    "#159090",
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
)
SINGLE_COLOUR: Final = "#1f5f7a"
NOT_AVAILABLE: Final = WORDS["not_available"]
#: At most this many small charts in one figure, and bars in one chart (the rest is "other").
MAX_PANELS: Final = 9
MAX_BARS: Final = 12
#: ASCII punctuation: backslash-escaped in Markdown cells, so that names print as written.
_MARKDOWN_PUNCTUATION: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def say(key: str, **values: Any) -> str:
    """The text of :data:`.wording.WORDS` under ``key``, its ``{placeholders}`` filled."""
    return WORDS[key].format(**values)


class ArtifactsNotFoundError(FileNotFoundError):
    """The pipeline's artifacts are absent: it has not run with this ``OUTPUT_DIR``."""


@dataclass(frozen=True)
class Artifacts:
    """What the pipeline wrote under ``OUTPUT_DIR`` and the documents read."""

    output_dir: Path
    metrics: dict[str, Any]
    metadata: dict[str, Any]
    validation: dict[str, Any]

    @property
    def model_path(self) -> Path:
        """The model file these metrics and metadata describe."""
        return self.output_dir / MODEL


# --- settings and inputs -------------------------------------------------------------------


def find_project_root(start: str | Path | None = None) -> Path:
    """Return the nearest folder holding a ``pyproject.toml``, from ``start`` (default: cwd) up.

    Falls back to ``start`` itself when no folder above it has one.
    """
    origin = Path(start or Path.cwd()).resolve()
    for folder in (origin, *origin.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return origin


def resolve_source(source: str, root: Path) -> str:
    """Resolve a relative local data source against ``root``; URLs and absolute paths stay."""
    if not source or is_remote(source) or source.startswith("file:"):
        return source
    path = Path(source).expanduser()
    return str(path if path.is_absolute() else root / path)


def project_settings(start: str | Path | None = None) -> Settings:
    """Read the settings as the pipeline does from the project root, whatever the cwd.

    The environment wins over the root's ``.env``, which wins over the defaults (see
    :mod:`.config`); relative ``OUTPUT_DIR``, ``MODEL_PATH`` and local ``DATA_SOURCE`` are then
    made absolute against the project root (see :func:`find_project_root`).
    """
    root = find_project_root(start)
    settings = Settings(_env_file=root / ".env")
    updates: dict[str, Any] = {"data_source": resolve_source(settings.data_source, root)}
    for name in ("output_dir", "model_path"):
        path: Path = getattr(settings, name)
        if not path.is_absolute():
            updates[name] = root / path
    return settings.model_copy(update=updates)


def load_data(source: str = "", settings: Settings | None = None) -> pd.DataFrame:
    """Read the raw data with :func:`.data_io.load_raw` and normalise its dtypes.

    Args:
        source: a path (relative to the project root), URL or ``s3://`` URI; empty means
            ``DATA_SOURCE``, then the packaged sample.
        settings: defaults to :func:`project_settings`.
    """
    settings = settings or project_settings()
    chosen = resolve_source(source, find_project_root()) if source else settings.data_source
    return coerce_dtypes(load_raw(chosen or None, settings=settings))


def _read_json(path: Path) -> dict[str, Any]:
    """Read a JSON object from ``path``, naming the file in any error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        msg = f"{path} is not valid JSON ({exc}); re-run `{PIPELINE_COMMAND} --force`"
        raise ValueError(msg) from exc
    if not isinstance(data, dict):
        msg = f"{path} should hold a JSON object"
        raise TypeError(msg)
    return data


def load_artifacts(settings: Settings | None = None) -> Artifacts:
    """Read the metrics, the model metadata and the validation report the pipeline wrote.

    Args:
        settings: defaults to :func:`project_settings` (``OUTPUT_DIR`` from the project root).

    Raises:
        ArtifactsNotFoundError: naming the missing files and the command that writes them.
    """
    settings = settings or project_settings()
    output_dir = Path(settings.output_dir)
    paths = {
        name: output_dir / relative
        for name, relative in (
            ("metrics", METRICS),
            ("metadata", MODEL_METADATA),
            ("validation", VALIDATION_REPORT),
        )
    }
    logger.info("reading the pipeline's artifacts from %s", output_dir)
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        msg = (
            f"pipeline artifacts not found: {', '.join(missing)}. Run `{PIPELINE_COMMAND}` "
            f"first, with the same OUTPUT_DIR (here {output_dir})."
        )
        raise ArtifactsNotFoundError(msg)
    loaded = {name: _read_json(path) for name, path in paths.items()}
    return Artifacts(output_dir=output_dir, **loaded)


# --- tables --------------------------------------------------------------------------------


def _require_columns(df: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise ``ValueError`` naming the columns of ``columns`` absent from ``df``."""
    absent = [column for column in columns if column not in df.columns]
    if absent:
        msg = f"missing columns: {absent}"
        raise ValueError(msg)


def _require_classification(what: str) -> None:
    """Raise ``ValueError`` when the task has no classes (a regression)."""
    if not IS_CLASSIFICATION:
        msg = f"{what} needs classes, and the target {TARGET!r} is a regression target"
        raise ValueError(msg)


def numeric_columns() -> list[str]:
    """The numeric features, and the target when it is a number (regression)."""
    return [*NUMERIC_FEATURES, *([] if IS_CLASSIFICATION else [TARGET])]


def category_columns() -> list[str]:
    """The categorical and yes/no features, in the schema's order."""
    return [*CATEGORICAL_FEATURES, *BOOLEAN_FEATURES]


def class_order(labels: Iterable[Any]) -> list[str]:
    """Known classes first in the schema's order, then any other label alphabetically."""
    present = {label_text(label) for label in labels if pd.notna(label)}
    known = [label for label in CLASS_LABELS if label in present]
    return known + sorted(present - set(known))


def value_text(column: str, value: Any) -> str:
    """A cell as people read it: yes/no for a yes/no column, codes as written, a missing mark."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return say("missing_value")
    if column in BOOLEAN_FEATURES:
        return say("yes") if float(value) == 1.0 else say("no")
    return label_text(value)


def focus_label(df: pd.DataFrame, focus: str = "") -> str:
    """The class a report focuses on: ``focus`` if given, else the first class of the data.

    A regression has no classes: its focus is ``""`` (the whole data).

    Raises:
        ValueError: if ``focus`` is not a class of the data (the message lists the classes), or
            is given for a regression.
    """
    if not IS_CLASSIFICATION:
        if focus:
            msg = f"a regression has no classes to focus on (got focus={focus!r}); leave it empty"
            raise ValueError(msg)
        return ""
    _require_columns(df, [TARGET])
    present = class_order(df[TARGET])
    if not focus:
        if not present:
            msg = f"no row has a {TARGET!r} to focus on"
            raise ValueError(msg)
        return present[0]
    if focus not in present:
        msg = f"unknown class {focus!r} of {TARGET!r}: expected one of {present}"
        raise ValueError(msg)
    return focus


def filter_class(df: pd.DataFrame, label: str) -> pd.DataFrame:
    """Keep the rows of one class of the target.

    Raises:
        ValueError: if no row has that class (the message lists the classes present).
    """
    _require_classification("filter_class")
    _require_columns(df, [TARGET])
    selected = df[df[TARGET] == label]
    if selected.empty:
        msg = f"unknown class {label!r} of {TARGET!r}: expected one of {class_order(df[TARGET])}"
        raise ValueError(msg)
    return selected.reset_index(drop=True)


def summary_table(df: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Describe numeric columns: one row each with count, missing, mean, std, min, median, max.

    ``columns`` defaults to :func:`numeric_columns`; no numeric column gives a table without rows.
    """
    columns = numeric_columns() if columns is None else list(columns)
    _require_columns(df, columns)
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
    _require_columns(df, columns)
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
    _require_columns(df, [TARGET])
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
    _require_columns(df, columns)
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
    _require_columns(df, [column, TARGET])
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
    """A bound as written in ``dataset.json``: 0 rather than 0.0."""
    return label_text(value)


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


def _item_table(rows: Sequence[tuple[str, Any]]) -> pd.DataFrame:
    """Item/value rows, the values as text."""
    return pd.DataFrame(
        {
            WORDS["item"]: [item for item, _ in rows],
            WORDS["value"]: [str(value) for _, value in rows],
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
        score=score,
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
        (WORDS["share_of_data"], f"{len(subset) / df[TARGET].notna().sum():.1%}"),
    ]
    if scores is None:
        rows.append((WORDS["test_scores"], WORDS["not_in_test_set"]))
    else:
        rows += [
            (WORDS["test_precision"], f"{scores['precision']:.3f}"),
            (WORDS["test_recall"], f"{scores['recall']:.3f}"),
            (WORDS["test_f1"], f"{scores['f1']:.3f}"),
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


def markdown_text(value: Any) -> str:
    """Text that Markdown prints as written: ASCII punctuation escaped, one line.

    Column names and values come from the user's data: a ``|`` would split a table cell, a
    ``*`` or ``_`` start emphasis, quotes become curly and ``<`` start HTML.
    """
    text = " ".join(str(value).splitlines())
    return "".join(f"\\{c}" if c in _MARKDOWN_PUNCTUATION else c for c in text)


def to_markdown(df: pd.DataFrame, *, floatfmt: str = ".3f", index: bool = False) -> str:
    """Render a table as a Markdown pipe table (print it in a ``#| output: asis`` cell).

    Headers and text cells are escaped (:func:`markdown_text`); numbers are formatted with
    ``floatfmt``. A table without rows gets one row of "n/a", since a pipe table needs a body.
    """
    out = df.copy()
    if out.empty:
        out = pd.DataFrame([[NOT_AVAILABLE] * len(out.columns)], columns=out.columns)
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            cells = [markdown_text(v) if isinstance(v, str) else v for v in out[column]]
            out[column] = pd.Series(cells, index=out.index, dtype=object)
    out.columns = [markdown_text(column) for column in out.columns]
    return out.to_markdown(index=index, floatfmt=floatfmt, missingval="")


# --- figures -------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Text matplotlib draws as written (a ``$`` would start math mode)."""
    return text.replace("$", r"\$")


def _short_label(column: str) -> str:
    """The label of a column without its unit, for titles: "Body mass"."""
    return column_label(column).split(" (")[0]


def class_colour(label: str, position: int = 0) -> str:
    """The colour of a class: by its place in the schema's labels, else by ``position``."""
    if label in CLASS_LABELS:
        position = CLASS_LABELS.index(label)
    return PALETTE[position % len(PALETTE)]


class ReportFigure(Figure):
    """A matplotlib ``Figure`` that Jupyter can display even without matplotlib's integration.

    Quarto registers matplotlib's display formatters when it starts the kernel; some Quarto and
    IPython combinations fail to, and a figure made without pyplot would then show as text. IPython
    falls back to ``_repr_png_``, so these figures always display, once.
    """

    def _repr_png_(self) -> bytes:
        """Render the figure to PNG bytes."""
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()


def _new_figure(figsize: tuple[float, float] | None = None) -> tuple[Figure, Axes]:
    """A figure on the Agg canvas, with one axes; ``figsize`` defaults to the rcParams."""
    figure = ReportFigure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _message_figure(text: str) -> Figure:
    """A figure that says why there is nothing to draw (a document still renders)."""
    figure, ax = _new_figure(figsize=(7, 1.2))
    ax.axis("off")
    ax.text(0.5, 0.5, _plain(text), ha="center", va="center")
    return figure


def _grid(count: int, title: str) -> tuple[Figure, list[Axes]]:
    """A figure with ``count`` small axes, three per row, and a title."""
    ncols = min(3, count)
    nrows = -(-count // ncols)
    figure = ReportFigure(figsize=(3.2 * ncols, 2.6 * nrows + 0.4), layout="constrained")
    FigureCanvasAgg(figure)
    axes = [figure.add_subplot(nrows, ncols, i + 1) for i in range(count)]
    figure.suptitle(_plain(title))
    return figure, axes


def _panels(columns: Sequence[str], title: str) -> tuple[Figure, list[Axes], list[str]]:
    """The first ``MAX_PANELS`` of ``columns`` on a grid; the title says when some are left out."""
    shown = list(columns)[:MAX_PANELS]
    if len(columns) > MAX_PANELS:
        title = f"{title} {say('first_of', shown=len(shown), total=len(columns))}"
    figure, axes = _grid(len(shown), title)
    return figure, axes, shown


def _numeric_values(df: pd.DataFrame, column: str) -> pd.Series:
    """A column as float64, refusing text."""
    if not pd.api.types.is_numeric_dtype(df[column]):
        msg = f"column {column!r} is not numeric"
        raise ValueError(msg)
    return df[column].astype("float64")


def _histogram(ax: Axes, df: pd.DataFrame, column: str, bins: int) -> None:
    """Histogram of ``column`` on ``ax``: one per class on shared bins, or one for a regression."""
    values = _numeric_values(df, column).dropna()
    if values.empty:
        ax.text(0.5, 0.5, NOT_AVAILABLE, ha="center", va="center", transform=ax.transAxes)
        return
    edges = np.histogram_bin_edges(values, bins=bins)
    if IS_CLASSIFICATION and TARGET in df.columns:
        for position, label in enumerate(class_order(df[TARGET])):
            group = _numeric_values(df.loc[df[TARGET] == label], column).dropna()
            ax.hist(group, bins=edges, alpha=0.55, color=class_colour(label, position), label=label)
    else:
        ax.hist(values, bins=edges, color=SINGLE_COLOUR, alpha=0.85)
    ax.set_xlabel(_plain(column_label(column)))


def distribution_figure(df: pd.DataFrame, column: str, *, bins: int = 20) -> Figure:
    """Histogram of a numeric column, overlaid by class for a classification.

    Raises:
        ValueError: if the column is absent, not numeric, or has no value.
    """
    _require_columns(df, [column])
    if _numeric_values(df, column).dropna().empty:
        msg = f"column {column!r} has no value to plot"
        raise ValueError(msg)
    figure, ax = _new_figure()
    _histogram(ax, df, column, bins)
    ax.set_ylabel(say("number_of_rows"))
    if IS_CLASSIFICATION and TARGET in df.columns and column != TARGET:
        label = say("by_class", column=_short_label(column), target=_short_label(TARGET).lower())
        ax.set_title(_plain(label))
        ax.legend(title=_plain(column_label(TARGET)))
    else:
        ax.set_title(_plain(say("distribution_of", column=_short_label(column).lower())))
    return figure


def numeric_distributions_figure(
    df: pd.DataFrame, columns: Sequence[str] | None = None, *, bins: int = 20
) -> Figure:
    """One small histogram per numeric column (default: :func:`numeric_columns`), by class."""
    columns = numeric_columns() if columns is None else list(columns)
    _require_columns(df, columns)
    if not columns:
        return _message_figure(say("nothing_to_draw", what=say("numeric_columns")))
    title = say("distribution_of", column=", ".join(_short_label(c) for c in columns[:3]))
    if len(columns) > 3:
        title = say("distribution_of", column=say("numeric_columns"))
    figure, axes, shown = _panels(columns, title)
    for ax, column in zip(axes, shown, strict=True):
        _histogram(ax, df, column, bins)
    if IS_CLASSIFICATION and TARGET in df.columns and axes[0].get_legend_handles_labels()[0]:
        axes[0].legend(title=_plain(column_label(TARGET)), fontsize="small")
    return figure


def category_counts_figure(df: pd.DataFrame, columns: Sequence[str] | None = None) -> Figure:
    """One bar chart per categorical or yes/no column (default: :func:`category_columns`).

    Bars are stacked by class for a classification; missing values are a bar of their own.
    """
    columns = category_columns() if columns is None else list(columns)
    _require_columns(df, columns)
    if not columns:
        return _message_figure(say("nothing_to_draw", what=say("categorical_columns")))
    figure, axes, shown = _panels(columns, say("rows_per_value"))
    by_class = IS_CLASSIFICATION and TARGET in df.columns
    for ax, column in zip(axes, shown, strict=True):
        texts = pd.Series([value_text(column, v) for v in df[column]], index=df.index, dtype=object)
        order = list(texts.value_counts().index[:MAX_BARS])
        kept = texts.where(texts.isin(order), say("other_values"))
        if len(order) < texts.nunique():
            order.append(say("other_values"))
        positions = np.arange(len(order))
        if by_class:
            bottom = np.zeros(len(order))
            for position, label in enumerate(class_order(df[TARGET])):
                counts = kept[df[TARGET] == label].value_counts().reindex(order, fill_value=0)
                ax.bar(
                    positions,
                    counts.to_numpy(),
                    bottom=bottom,
                    color=class_colour(label, position),
                    label=label,
                )
                bottom += counts.to_numpy()
        else:
            counts = kept.value_counts().reindex(order, fill_value=0)
            ax.bar(positions, counts.to_numpy(), color=SINGLE_COLOUR)
        ax.set_xticks(positions, labels=[_plain(v) for v in order], rotation=30, ha="right")
        ax.set_title(_plain(column_label(column)), fontsize="medium")
    if by_class and axes[0].get_legend_handles_labels()[0]:
        axes[0].legend(title=_plain(column_label(TARGET)), fontsize="small")
    return figure


def target_figure(df: pd.DataFrame) -> Figure:
    """Rows per class (classification), or the target's histogram (regression)."""
    _require_columns(df, [TARGET])
    if not IS_CLASSIFICATION:
        return distribution_figure(df, TARGET)
    table = target_table(df)
    figure, ax = _new_figure()
    labels = [str(label) for label in table[TARGET]]
    colours = [class_colour(label, i) for i, label in enumerate(labels)]
    ax.bar(range(len(labels)), table[WORDS["count"]], color=colours)
    ax.set_xticks(range(len(labels)), labels=[_plain(label) for label in labels])
    ax.set_xlabel(_plain(column_label(TARGET)))
    ax.set_ylabel(say("number_of_rows"))
    ax.set_title(_plain(column_label(TARGET)))
    return figure


def _most_related(df: pd.DataFrame) -> str | None:
    """The numeric feature most correlated (in absolute value) with a regression target."""
    best, best_score = None, -1.0
    y = pd.to_numeric(df[TARGET], errors="coerce")
    for column in NUMERIC_FEATURES:
        if column not in df.columns:
            continue
        score = abs(df[column].astype("float64").corr(y))
        if pd.notna(score) and score > best_score:
            best, best_score = column, float(score)
    return best or (NUMERIC_FEATURES[0] if NUMERIC_FEATURES else None)


def scatter_figure(
    df: pd.DataFrame,
    x: str | None = None,
    y: str | None = None,
    *,
    highlight: str | None = None,
) -> Figure:
    """Scatter ``y`` against ``x``: coloured by class, ``highlight`` fading the other classes.

    Defaults: the first two numeric features (classification); the target against the numeric
    feature most correlated with it (regression). Without enough numeric columns, the figure
    says so.
    """
    if IS_CLASSIFICATION:
        x = x or (NUMERIC_FEATURES[0] if len(NUMERIC_FEATURES) >= 2 else None)
        y = y or (NUMERIC_FEATURES[1] if len(NUMERIC_FEATURES) >= 2 else None)
    else:
        _require_columns(df, [TARGET])
        x = x or _most_related(df)
        y = y or TARGET
    if x is None or y is None:
        return _message_figure(say("nothing_to_draw", what=say("numeric_columns")))
    _require_columns(df, [x, y])
    figure, ax = _new_figure()
    if IS_CLASSIFICATION and TARGET in df.columns:
        for position, label in enumerate(class_order(df[TARGET])):
            group = df[df[TARGET] == label]
            focused = highlight is None or label == highlight
            ax.scatter(
                group[x],
                group[y],
                s=26 if focused else 14,
                alpha=0.85 if focused else 0.25,
                color=class_colour(label, position),
                edgecolors="none",
                label=label,
            )
        ax.legend(title=_plain(column_label(TARGET)))
    else:
        ax.scatter(df[x], df[y], s=20, alpha=0.7, color=SINGLE_COLOUR, edgecolors="none")
    ax.set_xlabel(_plain(column_label(x)))
    ax.set_ylabel(_plain(column_label(y)))
    ax.set_title(_plain(say("against", y=_short_label(y), x=_short_label(x).lower())))
    return figure


def confusion_matrix_figure(metrics: Mapping[str, Any]) -> Figure:
    """Heat map of the test confusion matrix, each cell annotated with its count."""
    labels = [str(label) for label in metrics["confusion_matrix"]["labels"]]
    matrix = np.asarray(metrics["confusion_matrix"]["matrix"], dtype=int)
    figure, ax = _new_figure()
    image = ax.imshow(matrix, cmap="Blues")
    threshold = matrix.max() / 2 if matrix.size else 0
    for (row, col), count in np.ndenumerate(matrix):
        colour = "white" if count > threshold else "black"
        ax.text(col, row, str(count), ha="center", va="center", color=colour)
    plain = [_plain(label) for label in labels]
    ax.set_xticks(range(len(labels)), labels=plain)
    ax.set_yticks(range(len(labels)), labels=plain)
    target_name = _short_label(TARGET).lower()
    ax.set_xlabel(_plain(say("predicted", target=target_name)))
    ax.set_ylabel(_plain(say("true", target=target_name)))
    ax.set_title(say("confusion_title"))
    figure.colorbar(image, ax=ax, label=say("rows"))
    return figure


def holdout_predictions(artifacts: Artifacts) -> pd.DataFrame:
    """The test set's true and predicted targets (the pipeline's ``data/test.parquet``)."""
    test_df = read_parquet(artifacts.output_dir / TEST)
    model = load_model(artifacts.model_path)
    return pd.DataFrame({"true": target(test_df), "predicted": model.predict(features(test_df))})


def predicted_vs_true_figure(artifacts: Artifacts) -> Figure:
    """Predicted against true values on the test set, with the diagonal of perfect predictions.

    Raises:
        ValueError: for a classification (see :func:`confusion_matrix_figure`).
    """
    if IS_CLASSIFICATION:
        msg = "predicted_vs_true_figure is for a regression; use confusion_matrix_figure"
        raise ValueError(msg)
    frame = holdout_predictions(artifacts)
    figure, ax = _new_figure()
    ax.scatter(frame["true"], frame["predicted"], s=20, alpha=0.7, color=SINGLE_COLOUR)
    low = float(min(frame["true"].min(), frame["predicted"].min()))
    high = float(max(frame["true"].max(), frame["predicted"].max()))
    ax.plot(
        [low, high], [low, high], color="#888888", linestyle="--", label=say("perfect_prediction")
    )
    target_name = _short_label(TARGET).lower()
    ax.set_xlabel(_plain(say("true", target=target_name)))
    ax.set_ylabel(_plain(say("predicted", target=target_name)))
    ax.set_title(say("predicted_vs_true"))
    ax.legend()
    return figure
