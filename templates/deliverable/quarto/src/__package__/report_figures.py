"""The documents' figures: matplotlib ``Figure`` objects drawn on the non-interactive Agg canvas
without pyplot, so they need no display and leak no global state. Returned as a cell's last value,
Jupyter (hence Quarto) shows one exactly once: through matplotlib's inline integration when Quarto
set it up, else through the figure's own ``_repr_png_``. The documents use these through
:mod:`.reporting`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .data_io import read_parquet
from .model import features, load_model, target
from .pipeline import TEST
from .report_common import (
    IS_CLASSIFICATION,
    MAX_BARS,
    MAX_PANELS,
    NOT_AVAILABLE,
    PALETTE,
    SINGLE_COLOUR,
    Artifacts,
    category_columns,
    class_order,
    numeric_columns,
    require_columns,
    say,
    value_text,
)
from .report_tables import target_table
from .schema import (
    CLASS_LABELS,
    NUMERIC_FEATURES,
    TARGET,
    column_label,
)
from .wording import WORDS


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
    require_columns(df, [column])
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
    require_columns(df, columns)
    if not columns:
        return _message_figure(say("nothing_to_draw", what=say("numeric_columns")))
    title = say("distribution_of", column=", ".join(_short_label(c) for c in columns[:3]))
    if len(columns) > 3:
        title = say("numeric_distributions")
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
    require_columns(df, columns)
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
    require_columns(df, [TARGET])
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
        require_columns(df, [TARGET])
        x = x or _most_related(df)
        y = y or TARGET
    if x is None or y is None:
        return _message_figure(say("nothing_to_draw", what=say("numeric_columns")))
    require_columns(df, [x, y])
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
