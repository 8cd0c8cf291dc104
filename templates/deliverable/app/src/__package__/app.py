"""The Streamlit app: a prediction form, an overview of the data and the model's metrics.

``app/streamlit_app.py``, the file ``streamlit run`` executes, only calls :func:`main`; the page
is built here from small functions over the data core (:mod:`.data_io`, :mod:`.model`). The app
never trains: it serves ``MODEL_URI`` when it is set (an MLflow registry URI such as
``models:/<name>@champion``, checked again every ``MODEL_TTL_SECONDS``, so that a newly promoted
version is picked up without a restart), else the model the pipeline saved at ``MODEL_PATH``,
and says what to do while there is none. Every prediction is logged as one JSON record, in the
same shape as the API's (:mod:`.prediction_log`).
"""

from __future__ import annotations

import importlib
import json
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sklearn.pipeline import Pipeline

from . import __version__
from .app_text import TEXT
from .config import Settings, get_settings
from .data_io import load_raw, redact
from .logging_config import configure_logging
from .model import load_metadata, load_model, predict
from .pipeline import METRICS
from .prediction_log import finish_record, log_record, start_record
from .schema import (
    BOOLEAN_FEATURES,
    CATEGORICAL_FEATURES,
    CATEGORIES,
    EXAMPLE,
    FEATURE_SPECS,
    NUMERIC_FEATURES,
    TARGET,
    TASK,
)
from .schema import COLUMN_LABELS as LABELS
from .schema import TITLE as DATA_TITLE
from .schema import column_label as label

logger = logging.getLogger(__name__)

PACKAGE = __package__ or __name__.rpartition(".")[0]
#: One JSON record per prediction (the API's records have the same shape).
prediction_logger = logging.getLogger(f"{PACKAGE}.app.predictions")
#: Seconds a model fetched from the registry is kept before MODEL_URI is resolved again.
MODEL_TTL_SECONDS = 300
PIPELINE_COMMAND = f"uv run python -m {PACKAGE}.pipeline"
TITLE = DATA_TITLE
#: Seconds the data stays cached; a remote DATA_SOURCE is re-read after that.
DATA_TTL_SECONDS = 600
#: Selectbox choice sent to the model as a missing value (its imputer fills it in).
UNKNOWN = TEXT["unknown"]
#: The two numbers of the overview's scatter chart: the schema's first two numeric features
#: (the same one twice if it has one; no chart without any).
#: The form's answer, as its metric is labelled.
PREDICTED = TEXT["predicted"].format(target=label(TARGET).lower())
#: The column of the probabilities' table.
PROBABILITY = TEXT["probability_column"]
#: The page's tabs, in order.
TABS = [TEXT["tab_prediction"], TEXT["tab_data"], TEXT["tab_model"]]
_CHARTED: list[str | None] = (NUMERIC_FEATURES * 2)[:2] or [None, None]
CHART_X, CHART_Y = _CHARTED


# --- loading (cached across reruns and sessions) -------------------------------------------


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=TEXT["reading_data"])
def load_data(source: str) -> pd.DataFrame:
    """Read the raw data from ``source`` (empty: the packaged sample), cached for a while."""
    return load_raw(source or None)


@st.cache_resource(max_entries=2, show_spinner=TEXT["loading_model"])
def load_cached_model(path: str, modified_ns: int) -> Pipeline:
    """Load the model once per file version.

    Args:
        path: the model file.
        modified_ns: its modification time, part of the cache key only: a model retrained by
            the pipeline is picked up without restarting the app.
    """
    logger.info("loading model %s (mtime %d)", path, modified_ns)
    return load_model(path)


def find_model(path: Path) -> Pipeline | None:
    """Return the trained model at ``path``, or ``None`` if there is none or it cannot be loaded.

    A file that exists but fails to load (untrusted content, not a pipeline, corrupt) is
    reported on the page rather than raised.
    """
    if not path.is_file():
        return None
    try:
        return load_cached_model(str(path), path.stat().st_mtime_ns)
    except Exception as exc:  # a broken model file must not take the page down
        logger.exception("could not load the model %s", path)
        st.error(TEXT["model_unloadable"].format(path=path, error=exc))
        return None


@st.cache_resource(ttl=MODEL_TTL_SECONDS, max_entries=2, show_spinner=TEXT["fetching_model"])
def load_registered_model(model_uri: str, download_dir: str) -> tuple[Pipeline, dict[str, Any]]:
    """Download and load the model ``model_uri`` names (the ``registry`` module, with MLflow).

    Returns:
        The model and its metadata, with ``registry_version`` added when the registry has one.
    """
    registry = importlib.import_module(".registry", PACKAGE)
    fetched = registry.fetch_model(model_uri, Path(download_dir))
    logger.info("model %s version %s fetched", model_uri, fetched.version)
    return fetched.model, {**fetched.metadata, "registry_version": fetched.version}


def find_registered_model(settings: Settings) -> tuple[Pipeline, dict[str, Any]] | None:
    """Return the model of ``MODEL_URI`` and its metadata, or ``None`` (said on the page)."""
    try:
        return load_registered_model(settings.model_uri, str(settings.output_dir / "served-model"))
    except ModuleNotFoundError as exc:
        missing = (
            TEXT["no_registry_module"]
            if exc.name == f"{PACKAGE}.registry"
            else TEXT["mlflow_missing"].format(module=exc.name)
        )
        st.error(TEXT["model_uri_unservable"].format(uri=settings.model_uri, reason=missing))
    except Exception as exc:  # an unreachable registry must not take the page down
        logger.exception("could not fetch the model %s", settings.model_uri)
        st.error(TEXT["model_unfetchable"].format(uri=settings.model_uri, error=exc))
    return None


def read_metadata(model_path: Path) -> dict[str, Any]:
    """Return the metadata saved next to the model, or ``{}`` if it is absent or unreadable."""
    try:
        return load_metadata(model_path)
    except (OSError, ValueError):
        return {}


def read_metrics(settings: Settings) -> dict[str, Any] | None:
    """Return the metrics written by the pipeline's evaluate step, or ``None`` if absent."""
    path = settings.output_dir / METRICS
    try:
        metrics = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return metrics if isinstance(metrics, dict) else None


# --- page sections -------------------------------------------------------------------------


def render_sidebar(settings: Settings) -> None:
    """Describe the app, its data source and its model in the sidebar."""
    source = redact(settings.data_source) if settings.data_source else TEXT["packaged_sample"]
    with st.sidebar:
        st.header(TEXT["about"])
        st.markdown(TEXT["about_text"].format(target=label(TARGET).lower(), data=DATA_TITLE))
        model = settings.model_uri or settings.model_path
        st.markdown(
            TEXT["about_facts"].format(
                source=source, model=model, package=PACKAGE, version=__version__
            )
        )
        st.caption(TEXT["about_caption"].format(command=PIPELINE_COMMAND))


def render_overview(df: pd.DataFrame) -> None:
    """Show the row count, rows per class, missing values and a scatter chart of ``df``."""
    missing = df.isna().sum()
    first, second, third = st.columns(3)
    first.metric(TEXT["rows"], len(df))
    second.metric(TEXT["columns"], len(df.columns))
    third.metric(TEXT["missing_values"], int(missing.sum()))

    counts_column, missing_column = st.columns(2)
    with counts_column:
        st.subheader(TEXT["rows_per_target"].format(target=label(TARGET).lower()))
        if TARGET in df.columns and TASK == "classification":
            counts = df[TARGET].value_counts(dropna=False).sort_index()
            table = pd.DataFrame(
                {
                    label(TARGET): counts.index.astype(str),
                    TEXT["rows_column"]: counts.to_numpy(),
                    TEXT["share_column"]: (100 * counts.to_numpy() / max(len(df), 1)).round(1),
                }
            )
            st.dataframe(table, hide_index=True)
            st.bar_chart(table, x=label(TARGET), y=TEXT["rows_column"])
        elif TARGET in df.columns:
            st.dataframe(df[TARGET].describe().to_frame(label(TARGET)))
        else:
            st.info(TEXT["no_target_column"].format(target=TARGET))
    with missing_column:
        st.subheader(TEXT["missing_values"])
        st.dataframe(
            pd.DataFrame(
                {
                    TEXT["column_column"]: [str(column) for column in missing.index],
                    TEXT["missing_column"]: missing.to_numpy(),
                    TEXT["share_column"]: (100 * missing.to_numpy() / max(len(df), 1)).round(1),
                }
            ),
            hide_index=True,
        )

    if CHART_X is not None and CHART_Y is not None:
        st.subheader(TEXT["chart_title"].format(x=label(CHART_X), y=label(CHART_Y).lower()))
        plotted = list(dict.fromkeys([CHART_X, CHART_Y, TARGET]))
        if all(column in df.columns for column in plotted):
            points = df[plotted].dropna().rename(columns=dict(LABELS))
            color = label(TARGET) if TASK == "classification" else None
            st.scatter_chart(points, x=label(CHART_X), y=label(CHART_Y), color=color)
        else:
            st.info(TEXT["chart_needs_columns"].format(columns=plotted))

    with st.expander(TEXT["first_rows"]):
        st.dataframe(df.head(20))


def render_model_info(
    model_path: Path | str, metadata: Mapping[str, Any], metrics: Mapping[str, Any] | None
) -> None:
    """Show how the model was trained and, if the pipeline evaluated it, its test metrics."""
    trained_at = metadata.get("trained_at")
    params = metadata.get("params", {})
    if trained_at is None:
        st.markdown(TEXT["model_trained_unknown"].format(model=model_path, params=params))
    else:
        st.markdown(TEXT["model_trained"].format(model=model_path, at=trained_at, params=params))
    if metrics is None:
        st.info(TEXT["no_metrics"].format(command=PIPELINE_COMMAND, metrics=METRICS))
        return
    first, second, third, fourth = st.columns(4)
    cv_score = metrics.get("cv_score")
    if TASK == "classification":
        first.metric(TEXT["test_accuracy"], f"{metrics.get('accuracy', float('nan')):.1%}")
        second.metric(TEXT["f1_macro"], f"{metrics.get('f1_macro', float('nan')):.3f}")
        third.metric(TEXT["cv_accuracy"], "-" if cv_score is None else f"{cv_score:.1%}")
    else:
        first.metric(TEXT["test_mae"], f"{metrics.get('mae', float('nan')):.3f}")
        second.metric(TEXT["test_rmse"], f"{metrics.get('rmse', float('nan')):.3f}")
        third.metric(TEXT["test_r2"], f"{metrics.get('r2', float('nan')):.3f}")
    fourth.metric(TEXT["test_rows"], metrics.get("n_test", "-"))

    per_class = metrics.get("per_class")
    if per_class:
        st.subheader(TEXT["per_class"])
        st.dataframe(pd.DataFrame.from_dict(per_class, orient="index").round(3))
    confusion = metrics.get("confusion_matrix")
    if confusion:
        st.subheader(TEXT["confusion_matrix"])
        labels = confusion["labels"]
        st.dataframe(pd.DataFrame(confusion["matrix"], index=labels, columns=labels))
    with st.expander(TEXT["model_metadata"]):
        st.json(dict(metadata))


def _number_input(column: str) -> float | None:
    """A number input within the schema's bounds; a nullable one can be cleared (missing)."""
    spec = FEATURE_SPECS[column]
    example = EXAMPLE[column]
    step = 1.0 if spec["integer"] else 0.1
    return st.number_input(
        label(column),
        min_value=None if spec.get("min") is None else float(spec["min"]),
        max_value=None if spec.get("max") is None else float(spec["max"]),
        value=None if example is None else float(example),
        step=step,
        format="%.0f" if spec["integer"] else "%.2f",
        placeholder=UNKNOWN if spec["nullable"] else None,
        key=f"input_{column}",
    )


def _choice_text(value: Any) -> str:
    """How a choice reads in a select box: a boolean in words, anything else as it is."""
    if value is True:
        return TEXT["yes"]
    if value is False:
        return TEXT["no"]
    return str(value)


def _choice_input(column: str, options: list[Any], nullable: bool) -> Any:
    """A select box of ``options`` (and ``UNKNOWN``, sent as missing, when it may be empty)."""
    choices = [*options, UNKNOWN] if nullable else list(options)
    default = EXAMPLE.get(column)
    index = choices.index(default) if default in choices else len(choices) - 1
    choice = st.selectbox(
        label(column), choices, index=index, format_func=_choice_text, key=f"input_{column}"
    )
    return None if choice == UNKNOWN else choice


def feature_inputs() -> dict[str, Any]:
    """Draw one input per feature (inside a form) and return the record they describe.

    The widget follows the schema: a number input for numbers, a select box for categories
    (integer codes included) and booleans. A categorical value may always be left unknown (the
    model imputes it); a number only when the schema says it can be missing.
    """
    record: dict[str, Any] = {}
    numeric_column, categorical_column = st.columns(2)
    with numeric_column:
        for column in NUMERIC_FEATURES:
            record[column] = _number_input(column)
    with categorical_column:
        for column in BOOLEAN_FEATURES:
            record[column] = _choice_input(column, [True, False], FEATURE_SPECS[column]["nullable"])
        for column in CATEGORICAL_FEATURES:
            record[column] = _choice_input(column, CATEGORIES.get(column, []), nullable=True)
    return record


def render_prediction(model: Pipeline, metadata: Mapping[str, Any]) -> None:
    """Show the prediction form and, once submitted, the predicted class and probabilities."""
    with st.form("prediction"):
        record = feature_inputs()
        submitted = st.form_submit_button(TEXT["predict"], type="primary")
    if not submitted:
        st.caption(TEXT["imputed_hint"].format(unknown=UNKNOWN))
        return
    logged = start_record(
        [record],
        source="app",
        model_trained_at=metadata.get("trained_at"),
        model_version=metadata.get("registry_version"),
    )
    started = time.perf_counter()
    try:
        result = predict(model, record)[0]
    except Exception as exc:
        log_record(prediction_logger, finish_record(logged, started, error=exc))
        raise
    log_record(prediction_logger, finish_record(logged, started, outputs=[result]))
    if TASK != "classification":
        st.metric(PREDICTED, f"{result['prediction']:.4g}")
        return
    probabilities = result["probabilities"]
    winner = result["prediction"]
    result_column, table_column = st.columns([1, 2])
    result_column.metric(
        PREDICTED,
        winner,
        delta=TEXT["probability_delta"].format(share=probabilities[winner]),
        delta_color="off",
    )
    table = pd.DataFrame(
        {label(TARGET): list(probabilities), PROBABILITY: list(probabilities.values())}
    ).sort_values(PROBABILITY, ascending=False)
    table_column.dataframe(
        table,
        hide_index=True,
        column_config={
            PROBABILITY: st.column_config.ProgressColumn(
                TEXT["probability_title"], min_value=0.0, max_value=1.0, format="%.3f"
            )
        },
    )


# --- the page ------------------------------------------------------------------------------


def main() -> None:
    """Build the page: title, sidebar, then the prediction, data and model tabs."""
    st.set_page_config(page_title=TITLE, page_icon="📊", layout="wide")
    st.title(TITLE)
    try:
        settings = get_settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        st.error(TEXT["invalid_settings"].format(error=exc))
        return
    configure_logging(settings.log_level)
    render_sidebar(settings)

    model_path = settings.model_path
    metadata: dict[str, Any] = {}
    if settings.model_uri:
        found = find_registered_model(settings)
        model, metadata = found if found is not None else (None, {})
    else:
        model = find_model(model_path)
        metadata = read_metadata(model_path) if model is not None else {}
    if model is None and not settings.model_uri and not model_path.is_file():
        st.warning(
            TEXT["no_model_warning"].format(path=model_path, command=PIPELINE_COMMAND),
            icon="⚠️",
        )

    predict_tab, data_tab, model_tab = st.tabs(TABS)
    with predict_tab:
        if model is None:
            st.info(TEXT["form_waits_for_model"])
        else:
            render_prediction(model, metadata)
    with data_tab:
        try:
            df = load_data(settings.data_source)
        except Exception as exc:  # an unreachable or malformed source is shown, not raised
            logger.exception("could not read the data")
            st.error(TEXT["data_unreadable"].format(error=exc))
        else:
            render_overview(df)
    with model_tab:
        if model is None:
            st.info(TEXT["no_model_yet"].format(command=PIPELINE_COMMAND))
        else:
            source = settings.model_uri or model_path
            metrics = None if settings.model_uri else read_metrics(settings)
            render_model_info(source, metadata, metrics)
