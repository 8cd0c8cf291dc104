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
from .data_io import is_remote, load_raw
from .model import load_model, predict
from .pipeline import METRICS, MODEL, MODEL_METADATA, VALIDATION_REPORT
from .schema import (
    CATEGORICAL_FEATURES,
    CATEGORIES,
    EXAMPLE,
    EXPECTED_DTYPES,
    NUMERIC_FEATURES,
    REQUIRED_COLUMNS,
    TARGET,
    coerce_dtypes,
    column_label,
)

logger = logging.getLogger(__name__)

PACKAGE: Final = __package__ or __name__.rpartition(".")[0]
PIPELINE_COMMAND: Final = f"uv run python -m {PACKAGE}.pipeline"

#: One colour per species, the same in every figure (the palmerpenguins palette).
SPECIES_COLOURS: Final[dict[str, str]] = {
    "Adelie": "#ff8c00",
    "Chinstrap": "#a034f0",
    "Gentoo": "#159090",
}
_FALLBACK_COLOURS: Final = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")
NOT_AVAILABLE: Final = "n/a"


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


def _species_order(labels: Iterable[Any]) -> list[str]:
    """Known species first in the schema's order, then any other label alphabetically."""
    present = {str(label) for label in labels if pd.notna(label)}
    known = [label for label in CATEGORIES[TARGET] if label in present]
    return known + sorted(present - set(known))


def filter_species(df: pd.DataFrame, species: str) -> pd.DataFrame:
    """Keep the rows of one species.

    Raises:
        ValueError: if no row has that species (the message lists the species present).
    """
    _require_columns(df, [TARGET])
    selected = df[df[TARGET] == species]
    if selected.empty:
        msg = f"unknown species {species!r}: expected one of {_species_order(df[TARGET])}"
        raise ValueError(msg)
    return selected.reset_index(drop=True)


def summary_table(df: pd.DataFrame, columns: Sequence[str] = NUMERIC_FEATURES) -> pd.DataFrame:
    """Describe numeric columns: one row each with count, missing, mean, std, min, median, max."""
    _require_columns(df, columns)
    rows = []
    for column in columns:
        values = pd.to_numeric(df[column], errors="raise").astype("float64")
        rows.append(
            {
                "variable": column,
                "count": int(values.notna().sum()),
                "missing": int(values.isna().sum()),
                "mean": values.mean(),
                "std": values.std(),
                "min": values.min(),
                "median": values.median(),
                "max": values.max(),
            }
        )
    return pd.DataFrame(rows)


def species_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Count the rows of each species (rows without a species are left out), with their share."""
    _require_columns(df, [TARGET])
    counts = df[TARGET].dropna().astype(str).value_counts()
    order = _species_order(counts.index)
    total = int(counts.sum())
    return pd.DataFrame(
        {
            TARGET: order,
            "count": [int(counts[label]) for label in order],
            "share": [counts[label] / total for label in order],
        }
    )


def missing_values_table(
    df: pd.DataFrame, columns: Sequence[str] = REQUIRED_COLUMNS
) -> pd.DataFrame:
    """Count the missing values of each column, with their share of the rows."""
    _require_columns(df, columns)
    return pd.DataFrame(
        {
            "column": list(columns),
            "missing": [int(df[column].isna().sum()) for column in columns],
            "share": [float(df[column].isna().mean()) if len(df) else 0.0 for column in columns],
        }
    )


def crosstab_table(df: pd.DataFrame, column: str = "island") -> pd.DataFrame:
    """Count the species within each value of ``column`` (e.g. the species on each island)."""
    _require_columns(df, [column, TARGET])
    table = pd.crosstab(df[column].fillna("(missing)"), df[TARGET])
    table = table.reindex(columns=_species_order(table.columns), fill_value=0)
    out = table.reset_index()
    out.columns.name = None
    return out


def _role(column: str) -> str:
    """The role of a required column in the model."""
    if column == TARGET:
        return "target"
    return "categorical feature" if column in CATEGORICAL_FEATURES else "numeric feature"


def schema_table() -> pd.DataFrame:
    """Describe the data contract: each required column, its role, kind and known values."""
    return pd.DataFrame(
        {
            "column": REQUIRED_COLUMNS,
            "role": [_role(column) for column in REQUIRED_COLUMNS],
            "kind": [EXPECTED_DTYPES[column] for column in REQUIRED_COLUMNS],
            "values": [", ".join(CATEGORIES.get(column, [])) for column in REQUIRED_COLUMNS],
        }
    )


def validation_table(validation: Mapping[str, Any]) -> pd.DataFrame:
    """Summarise the pipeline's validation report (``data/validation.json``) as item/value rows."""
    rows = [
        ("checks passed", "yes" if validation.get("passed") else "no"),
        ("checks run", ", ".join(validation.get("checks", [])) or NOT_AVAILABLE),
        ("rows read", validation.get("n_rows_raw", NOT_AVAILABLE)),
        ("rows kept", validation.get("n_rows_clean", NOT_AVAILABLE)),
        ("rows dropped (no species, duplicates)", validation.get("n_rows_dropped", NOT_AVAILABLE)),
        ("max missing share per feature", validation.get("max_missing_fraction", NOT_AVAILABLE)),
    ]
    return pd.DataFrame({"item": [item for item, _ in rows], "value": [str(v) for _, v in rows]})


def metrics_table(metrics: Mapping[str, Any]) -> pd.DataFrame:
    """Headline scores: test accuracy, test macro F1 and cross-validated accuracy if recorded."""
    rows = [
        ("accuracy (test set)", metrics["accuracy"]),
        ("macro F1 (test set)", metrics["f1_macro"]),
    ]
    if metrics.get("cv_score") is not None:
        rows.append(("accuracy (cross-validation, training set)", metrics["cv_score"]))
    return pd.DataFrame(
        {"metric": [name for name, _ in rows], "value": [float(value) for _, value in rows]}
    )


def per_class_table(metrics: Mapping[str, Any]) -> pd.DataFrame:
    """Precision, recall, F1 and support (test rows) of each species."""
    per_class = metrics["per_class"]
    order = _species_order(per_class)
    return pd.DataFrame(
        {
            TARGET: order,
            "precision": [float(per_class[label]["precision"]) for label in order],
            "recall": [float(per_class[label]["recall"]) for label in order],
            "f1": [float(per_class[label]["f1"]) for label in order],
            "support": [int(per_class[label]["support"]) for label in order],
        }
    )


def confusion_matrix_table(metrics: Mapping[str, Any]) -> pd.DataFrame:
    """The test confusion matrix: one row per true species, one column per predicted species."""
    labels = [str(label) for label in metrics["confusion_matrix"]["labels"]]
    matrix = np.asarray(metrics["confusion_matrix"]["matrix"], dtype=int)
    table = pd.DataFrame(matrix, columns=labels)
    table.insert(0, "true \u2193 / predicted \u2192", labels)
    return table


def _cv_score_text(metadata: Mapping[str, Any]) -> str:
    """Format the cross-validated score, e.g. ``0.978 (accuracy, 5 folds)``, or ``n/a``."""
    score = metadata.get("cv_score")
    if not isinstance(score, int | float):
        return NOT_AVAILABLE
    search = metadata.get("search", {})
    return f"{score:.3f} ({search.get('scoring', 'score')}, {search.get('cv_folds', '?')} folds)"


def model_table(
    metadata: Mapping[str, Any], metrics: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Facts about the trained model, as item/value rows (from ``model/metadata.json``)."""
    data = metadata.get("data", {})
    versions = metadata.get("versions", {})
    params = metadata.get("params", {})
    rows = [
        ("trained at (UTC)", metadata.get("trained_at", NOT_AVAILABLE)),
        ("package version", metadata.get("package_version", NOT_AVAILABLE)),
        ("tuned parameters", ", ".join(f"{k}={v}" for k, v in params.items()) or NOT_AVAILABLE),
        ("cross-validated score", _cv_score_text(metadata)),
        ("training rows", data.get("n_train", NOT_AVAILABLE)),
        ("test rows", (metrics or {}).get("n_test", NOT_AVAILABLE)),
        ("features", ", ".join(metadata.get("features", [])) or NOT_AVAILABLE),
        ("classes", ", ".join(metadata.get("classes", [])) or NOT_AVAILABLE),
        ("training data SHA-256", str(data.get("train_sha256", NOT_AVAILABLE))[:16]),
        ("versions", ", ".join(f"{k} {v}" for k, v in versions.items()) or NOT_AVAILABLE),
    ]
    return pd.DataFrame({"item": [item for item, _ in rows], "value": [str(v) for _, v in rows]})


def tuning_table(metadata: Mapping[str, Any]) -> pd.DataFrame:
    """Every candidate of the cross-validated search with its mean and std score."""
    candidates = metadata.get("search", {}).get("candidates", [])
    return pd.DataFrame(
        {
            "parameters": [
                ", ".join(f"{k}={v}" for k, v in c["params"].items()) for c in candidates
            ],
            "mean score": [float(c["mean_score"]) for c in candidates],
            "std": [float(c["std_score"]) for c in candidates],
        }
    )


def example_prediction_table(
    artifacts: Artifacts, example: Mapping[str, Any] = EXAMPLE
) -> pd.DataFrame:
    """Load the trained model and predict one penguin: the probability of each species.

    Rows are sorted by decreasing probability, so the first row is the prediction.
    """
    (result,) = predict(load_model(artifacts.model_path), dict(example))
    probabilities = sorted(result["probabilities"].items(), key=lambda item: -item[1])
    return pd.DataFrame(
        {
            TARGET: [label for label, _ in probabilities],
            "probability": [value for _, value in probabilities],
        }
    )


def example_table(example: Mapping[str, Any] = EXAMPLE) -> pd.DataFrame:
    """One input row as feature/value rows, to show what the model receives."""
    return pd.DataFrame({"feature": list(example), "value": [str(v) for v in example.values()]})


def species_facts_table(df: pd.DataFrame, metrics: Mapping[str, Any], species: str) -> pd.DataFrame:
    """What the report says about one species: rows, share, islands and test scores."""
    subset = filter_species(df, species)
    scores = metrics.get("per_class", {}).get(species)
    rows: list[tuple[str, str]] = [
        ("penguins in the data", str(len(subset))),
        ("share of the data", f"{len(subset) / df[TARGET].notna().sum():.1%}"),
        ("islands", ", ".join(sorted(subset["island"].dropna().astype(str).unique()))),
    ]
    if scores is None:
        rows.append(("test scores", "not in the test set"))
    else:
        rows += [
            ("test precision", f"{scores['precision']:.3f}"),
            ("test recall", f"{scores['recall']:.3f}"),
            ("test F1", f"{scores['f1']:.3f}"),
            ("test rows", str(scores["support"])),
        ]
    return pd.DataFrame({"item": [item for item, _ in rows], "value": [v for _, v in rows]})


def to_markdown(df: pd.DataFrame, *, floatfmt: str = ".3f", index: bool = False) -> str:
    """Render a table as a Markdown pipe table (print it in a ``#| output: asis`` cell)."""
    return df.to_markdown(index=index, floatfmt=floatfmt, missingval="")


# --- figures -------------------------------------------------------------------------------


def _short_label(column: str) -> str:
    """The label of a column without its unit, for titles: "Body mass"."""
    return column_label(column).split(" (")[0]


def species_colour(label: str, position: int = 0) -> str:
    """The colour of a species; unknown labels get a fallback colour by position."""
    return SPECIES_COLOURS.get(label, _FALLBACK_COLOURS[position % len(_FALLBACK_COLOURS)])


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


def scatter_figure(
    df: pd.DataFrame,
    x: str = "flipper_length_mm",
    y: str = "bill_length_mm",
    *,
    highlight: str | None = None,
) -> Figure:
    """Scatter ``y`` against ``x``, one colour per species; ``highlight`` fades the others."""
    _require_columns(df, [x, y, TARGET])
    figure, ax = _new_figure()
    for position, label in enumerate(_species_order(df[TARGET])):
        group = df[df[TARGET] == label]
        focused = highlight is None or label == highlight
        ax.scatter(
            group[x],
            group[y],
            s=26 if focused else 14,
            alpha=0.85 if focused else 0.25,
            color=species_colour(label, position),
            edgecolors="none",
            label=label,
        )
    ax.set_xlabel(column_label(x))
    ax.set_ylabel(column_label(y))
    ax.set_title(f"{_short_label(y)} against {_short_label(x).lower()}")
    ax.legend(title=column_label(TARGET))
    return figure


def distribution_figure(df: pd.DataFrame, column: str, *, bins: int = 20) -> Figure:
    """Overlaid histograms of a numeric column, one per species, on shared bins.

    Raises:
        ValueError: if the column is absent, not numeric, or has no value.
    """
    _require_columns(df, [column, TARGET])
    if not pd.api.types.is_numeric_dtype(df[column]):
        msg = f"column {column!r} is not numeric"
        raise ValueError(msg)
    values = df[column].dropna()
    if values.empty:
        msg = f"column {column!r} has no value to plot"
        raise ValueError(msg)
    edges = np.histogram_bin_edges(values, bins=bins)
    figure, ax = _new_figure()
    for position, label in enumerate(_species_order(df[TARGET])):
        group = df.loc[df[TARGET] == label, column].dropna()
        ax.hist(group, bins=edges, alpha=0.55, color=species_colour(label, position), label=label)
    ax.set_xlabel(column_label(column))
    ax.set_ylabel("Number of penguins")
    ax.set_title(f"{_short_label(column)} by species")
    ax.legend(title=column_label(TARGET))
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
    ax.set_xticks(range(len(labels)), labels=labels)
    ax.set_yticks(range(len(labels)), labels=labels)
    ax.set_xlabel("Predicted species")
    ax.set_ylabel("True species")
    ax.set_title("Confusion matrix (test set)")
    figure.colorbar(image, ax=ax, label="Penguins")
    return figure
