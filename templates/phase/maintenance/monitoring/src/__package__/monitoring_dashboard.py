"""What the monitoring dashboard (``monitoring/dashboard.qmd``) shows, computed here and tested.

The dashboard reads the exported prediction table (``MONITORING_TABLE``, see
:mod:`.monitoring_store`), the training split as the reference (``DRIFT_REFERENCE``, else
``OUTPUT_DIR/data/train.parquet``) and the latest drift report (``DRIFT_REPORT_DIR``, else
``OUTPUT_DIR/monitoring/drift.json``). Relative paths are read from the project root, whatever
folder Quarto runs the cells in. Figures are matplotlib ``Figure`` objects made without pyplot
(no global state: the kernel shows them as they are returned).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from .config import Settings
from .data_io import load_raw, redact
from .drift import REPORT_DIR, REPORT_NAME, DriftSettings
from .monitoring_store import MonitoringSettings, default_table, locate, read_predictions
from .pipeline import TRAIN
from .schema import BOOLEAN_FEATURES, CATEGORICAL_FEATURES, NUMERIC_FEATURES, column_label


def project_root(start: Path | None = None) -> Path:
    """The nearest folder holding a ``pyproject.toml``, from ``start`` (default: cwd) up."""
    origin = (start or Path.cwd()).resolve()
    return next((f for f in (origin, *origin.parents) if (f / "pyproject.toml").is_file()), origin)


def _at_root(value: str | Path, root: Path) -> str:
    """A relative local path made absolute against ``root``; URIs stay as they are."""
    text = str(value)
    if not text or "://" in text or Path(text).is_absolute():
        return text
    return str(root / text)


#: The inputs the dashboard plots, in the schema's order.
INPUTS = [*NUMERIC_FEATURES, *CATEGORICAL_FEATURES, *BOOLEAN_FEATURES]


@dataclass(frozen=True)
class Monitoring:
    """Everything the dashboard shows."""

    table: str
    predictions: pd.DataFrame
    reference: pd.DataFrame | None
    drift: dict[str, Any] | None


def load(start: Path | None = None) -> Monitoring:
    """Read the table, the reference and the drift report (the last two may be absent).

    Raises:
        FileNotFoundError: if nothing has been exported yet.
    """
    root = project_root(start)
    settings = Settings(_env_file=root / ".env")
    output_dir = Path(_at_root(settings.output_dir, root))
    options = DriftSettings(_env_file=root / ".env")
    table = _at_root(MonitoringSettings(_env_file=root / ".env").table, root)
    table = table or default_table(settings.model_copy(update={"output_dir": output_dir}))
    predictions = read_predictions(locate(table, settings))
    reference_path = _at_root(options.reference, root) or str(output_dir / TRAIN)
    try:
        reference = load_raw(reference_path, settings=settings)
    except FileNotFoundError:
        reference = None
    report_dir = Path(_at_root(options.report_dir, root) or output_dir / REPORT_DIR)
    report_file = report_dir / f"{REPORT_NAME}.json"
    drift = json.loads(report_file.read_text(encoding="utf-8")) if report_file.is_file() else None
    return Monitoring(redact(table), predictions, reference, drift)


def headline(data: Monitoring) -> dict[str, str]:
    """The value boxes: calls, predicted records, failed calls, p95 latency, drift status."""
    rows = data.predictions
    calls = rows["request_id"].nunique()
    failed = rows.loc[rows["status"] != "ok", "request_id"].nunique()
    latency = rows.drop_duplicates("request_id")["latency_ms"].quantile(0.95)
    return {
        "calls": f"{calls:,}",
        "records": f"{len(rows):,}",
        "failed": f"{failed / calls:.1%}" if calls else "-",
        "latency_p95": "-" if pd.isna(latency) else f"{latency:.0f} ms",
        "drift": data.drift["status"] if data.drift else "not checked yet",
    }


def volume_by_day(data: Monitoring) -> pd.DataFrame:
    """Calls, predicted records and failed calls per day."""
    rows = data.predictions
    calls = rows.drop_duplicates("request_id")
    failed = calls[calls["status"] != "ok"]
    table = pd.DataFrame(
        {
            "calls": calls.groupby("date")["request_id"].count(),
            "records": rows.groupby("date")["request_id"].count(),
            "failed calls": failed.groupby("date")["request_id"].count(),
        }
    )
    return table.fillna(0).astype(int).rename_axis("day")


def volume_figure(data: Monitoring) -> Figure:
    """Predicted records per hour."""
    rows = data.predictions
    per_hour = rows.set_index("timestamp").resample("1h")["request_id"].count()
    figure = Figure(figsize=(7, 3))
    axes = figure.subplots()
    axes.bar(per_hour.index, per_hour.to_numpy(), width=1 / 24, align="edge")
    axes.set_ylabel("predicted records per hour")
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def latency_figure(data: Monitoring) -> Figure:
    """Latency of each call (ms), with its 95th percentile."""
    calls = data.predictions.drop_duplicates("request_id")
    figure = Figure(figsize=(7, 3))
    axes = figure.subplots()
    axes.hist(calls["latency_ms"].dropna(), bins=30)
    p95 = calls["latency_ms"].quantile(0.95)
    if not pd.isna(p95):
        axes.axvline(p95, color="black", linestyle="--", label=f"p95 {p95:.0f} ms")
        axes.legend()
    axes.set_xlabel("latency per call (ms)")
    axes.set_ylabel("calls")
    figure.tight_layout()
    return figure


def inputs_figure(data: Monitoring) -> Figure:
    """Each input's distribution in the traffic against the training sample (shares)."""
    columns = 3
    rows_needed = -(-len(INPUTS) // columns)
    figure = Figure(figsize=(4 * columns, 3 * rows_needed))
    grid = figure.subplots(rows_needed, columns, squeeze=False)
    for axes, column in zip(grid.flat, INPUTS, strict=False):
        _distribution(axes, data, column)
    for axes in list(grid.flat)[len(INPUTS) :]:
        axes.set_visible(False)
    figure.tight_layout()
    return figure


#: Categories drawn per input; the rest of the traffic's categories are summed as "(other)".
TOP_CATEGORIES = 10


def _top_shares(values: pd.Series) -> pd.Series:
    """Shares of the most frequent categories (missing values as one), the rest as "(other)"."""
    shares = values.astype(object).fillna("(missing)").astype(str).value_counts(normalize=True)
    if len(shares) <= TOP_CATEGORIES:
        return shares
    top = shares.iloc[:TOP_CATEGORIES]
    return pd.concat([top, pd.Series({"(other)": 1.0 - top.sum()})])


def _distribution(axes: Any, data: Monitoring, column: str) -> None:
    """One input: training and traffic as shares, side by side."""
    samples = {"traffic": data.predictions[column]}
    if data.reference is not None and column in data.reference.columns:
        samples = {"training": data.reference[column], **samples}
    if column in NUMERIC_FEATURES:
        values = [pd.to_numeric(s, errors="coerce").dropna() for s in samples.values()]
        axes.hist(
            values, bins=20, density=True, label=list(samples), histtype="stepfilled", alpha=0.5
        )
        axes.set_ylabel("density")
    else:
        shares = pd.DataFrame({name: _top_shares(s) for name, s in samples.items()}).fillna(0)
        shares.plot.bar(ax=axes, rot=0)
        axes.set_ylabel("share")
    axes.set_title(column_label(column))
    axes.legend()


def drift_table(data: Monitoring) -> pd.DataFrame:
    """The latest drift report's columns: test, p-value, PSI and verdict."""
    if not data.drift:
        return pd.DataFrame(columns=["column", "kind", "test", "p-value", "PSI", "drifted"])
    rows = pd.DataFrame(data.drift["columns"])
    rows = rows[["column", "kind", "test", "p_value", "psi", "drifted"]]
    return rows.rename(columns={"p_value": "p-value", "psi": "PSI"}).round(4)


def markdown_table(table: pd.DataFrame, index: bool = False) -> str:
    """``table`` as a Markdown table.

    The dashboard prints tables as Markdown, not HTML: Quarto takes any HTML output of a cell
    for a JavaScript widget and adds require.js and jQuery from a CDN, which an offline render
    cannot fetch and a reader's browser would then request.
    """
    frame = table.reset_index() if index else table

    def cell(value: Any) -> str:
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        # Values come from the traffic: never let one become HTML or break the table.
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |"]
    lines.append("|" + "---|" * len(frame.columns))
    lines += [
        "| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    return "\n".join(lines) + "\n"
