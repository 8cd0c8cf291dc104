"""Statistical monitoring: has the data the model sees drifted away from the data it learnt from?

``python -m <package>.drift`` compares a **current** sample with a **reference**, by default the
training split the pipeline wrote (``OUTPUT_DIR/data/train.parquet``), column by column (on a
packaged sample with a ``year`` column, with nothing set, its latest year against the training
rows of the years before: the sample is the training data, so anything else would compare it
with itself). The columns and their kinds come from the data description (``schema.py``):

- numeric features: the two-sample Kolmogorov-Smirnov test, and the population stability index
  (PSI) over the reference's deciles plus one bin for missing values;
- categorical and boolean features: the chi-squared test of homogeneity on the category counts
  (missing values count as a category), and the PSI over the categories;
- the target, when the current sample has it: the label distribution (a regression's values, as a
  numeric column) of the latest data, or, in prediction logs, the distribution of the predictions
  (prediction drift, the first sign of concept drift when the true labels come late or never).

A column has drifted when its test rejects "same distribution" (p-value below ``--p-value``) and
the shift is large enough to matter (PSI at least ``--psi``): on many rows a test alone flags
differences too small to matter, and on few rows the PSI alone is noisy. ``--psi 0`` keeps the
test alone. Conventional PSI readings: below 0.1 stable, 0.1 to 0.25 a moderate shift, above
0.25 a major one.

The current sample is, by default, the latest data (``DATA_SOURCE``, else the packaged sample).
``--current`` names another: a CSV or Parquet file (path, ``https://`` URL or ``s3://`` URI), or
the API's prediction log (local ``.jsonl``/``.ndjson``/``.log`` files, or a folder of them), whose
records' inputs become the rows; for the API and the app, also the Parquet table their logs are
exported to (``python -m <package>.monitoring_store export``: an ``s3://bucket/prefix/`` or a
local folder of ``date=…`` partitions). The report is written as JSON and Markdown to
``OUTPUT_DIR/monitoring/`` (``--report-dir``) and printed.

Usage::

    python -m <package>.drift                                   # latest data vs training data
    python -m <package>.drift --current predictions.jsonl --window 7d
    python -m <package>.drift --current s3://bucket/new.parquet --p-value 0.001 --psi 0.25

Every option also reads an environment variable (or ``.env``): ``DRIFT_REFERENCE``,
``DRIFT_CURRENT``, ``DRIFT_REPORT_DIR``, ``DRIFT_P_VALUE`` (default 0.01), ``DRIFT_PSI`` (0.2),
``DRIFT_MAX_DRIFTED`` (0), ``DRIFT_MIN_ROWS`` (30) and ``DRIFT_WINDOW`` (e.g. ``7d``, ``12h`` or
an ISO date; prediction logs only). Command-line options win over the environment.

Exit codes: 0 no drift beyond the thresholds (or too few rows to judge: the report says so),
1 more than ``--max-drifted`` columns drifted, 2 usage or input error (such as no reference yet:
run the pipeline first).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from scipy import stats

from .config import Settings, get_settings
from .data_io import load_raw, redact
from .drift_logs import is_log_source, parse_window, read_prediction_log
from .logging_config import configure_logging
from .pipeline import TRAIN
from .schema import (
    BOOLEAN_FEATURES,
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    TARGET,
    TASK,
    coerce_dtypes,
)

logger = logging.getLogger(__name__)

PACKAGE = __package__ or __name__.rpartition(".")[0]
#: Observation year, when the packaged sample has one: the default check then compares its latest
#: year with the years before.
YEAR = "year"
#: Report folder, relative to ``OUTPUT_DIR``.
REPORT_DIR = "monitoring"
REPORT_NAME = "drift"
#: Category standing for a missing value in the categorical comparisons.
MISSING = "(missing)"
#: Floor of a bin's share in the PSI, so that an empty bin does not make it infinite.
PSI_EPSILON = 1e-4
#: Quantile bins of the reference for the PSI of a numeric column (plus one for missing values).
PSI_BINS = 10

ColumnKind = Literal["numeric", "categorical", "boolean", "target", "prediction"]
CurrentKind = Literal["data", "prediction log"]
Status = Literal["drift", "no drift", "insufficient data"]


class DriftSettings(BaseSettings):
    """Drift-check options, from ``DRIFT_*`` environment variables or ``.env``."""

    model_config = SettingsConfigDict(
        env_prefix="DRIFT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    reference: str = Field(
        default="",
        description="Training data to compare with (CSV or Parquet; path, URL or s3:// URI); "
        "empty means OUTPUT_DIR/data/train.parquet.",
    )
    current: str = Field(
        default="",
        description="Recent data (CSV or Parquet) or prediction logs (.jsonl, .ndjson, .log, or "
        "a folder of them); empty means the latest data (DATA_SOURCE, else the sample).",
    )
    report_dir: str = Field(default="", description="Report folder; empty: OUTPUT_DIR/monitoring.")
    p_value: float = Field(default=0.01, gt=0.0, lt=1.0)
    psi: float = Field(default=0.2, ge=0.0)
    max_drifted: int = Field(default=0, ge=0)
    min_rows: int = Field(default=30, ge=1)
    window: str = Field(default="", description="Only log records this recent (7d, 12h, a date).")


@dataclass(frozen=True)
class Thresholds:
    """When a column counts as drifted, and when the whole check fails."""

    p_value: float = 0.01
    psi: float = 0.2
    max_drifted: int = 0
    min_rows: int = 30


@dataclass(frozen=True)
class ColumnDrift:
    """The comparison of one column."""

    column: str
    kind: ColumnKind
    test: Literal["kolmogorov-smirnov", "chi-squared"]
    statistic: float | None
    p_value: float | None
    psi: float
    missing_reference: float
    missing_current: float
    drifted: bool
    note: str = ""


@dataclass(frozen=True)
class Sample:
    """A data set and where it came from (credentials and query strings removed)."""

    data: pd.DataFrame
    source: str
    kind: CurrentKind = "data"


@dataclass(frozen=True)
class DriftReport:
    """The outcome of a drift check."""

    status: Status
    generated_at: str
    reference: dict[str, Any]
    current: dict[str, Any]
    thresholds: Thresholds
    columns: list[ColumnDrift] = field(default_factory=list)

    @property
    def drifted(self) -> list[str]:
        """Names of the drifted columns."""
        return [column.column for column in self.columns if column.drifted]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-serialisable data."""
        return {
            "status": self.status,
            "generated_at": self.generated_at,
            "reference": self.reference,
            "current": self.current,
            "thresholds": asdict(self.thresholds),
            "drifted": self.drifted,
            "columns": [asdict(column) for column in self.columns],
        }


# --- statistics ----------------------------------------------------------------------------


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    """Population stability index of two distributions given as shares of the same bins.

    ``sum((actual - expected) * ln(actual / expected))``, each share floored at
    :data:`PSI_EPSILON`. 0 means identical distributions; it grows with the shift.
    """
    expected_shares = np.clip(np.asarray(expected, dtype=float), PSI_EPSILON, None)
    actual_shares = np.clip(np.asarray(actual, dtype=float), PSI_EPSILON, None)
    return float(
        np.sum((actual_shares - expected_shares) * np.log(actual_shares / expected_shares))
    )


def _missing_share(series: pd.Series) -> float:
    """Share of missing values (0 for an empty series)."""
    return float(series.isna().mean()) if len(series) else 0.0


def numeric_drift(
    column: str,
    reference: pd.Series,
    current: pd.Series,
    thresholds: Thresholds,
    kind: ColumnKind = "numeric",
) -> ColumnDrift:
    """Compare a numeric column: Kolmogorov-Smirnov test and PSI over the reference's deciles."""
    ref = pd.to_numeric(reference, errors="coerce").to_numpy(dtype=float)
    cur = pd.to_numeric(current, errors="coerce").to_numpy(dtype=float)
    ref_values = ref[~np.isnan(ref)]
    cur_values = cur[~np.isnan(cur)]
    quantiles = np.linspace(0.0, 1.0, PSI_BINS + 1)[1:-1]
    edges = np.unique(np.quantile(ref_values, quantiles)) if len(ref_values) else np.array([])

    def shares(values: np.ndarray) -> np.ndarray:
        present = values[~np.isnan(values)]
        counts = np.bincount(
            np.searchsorted(edges, present, side="right"), minlength=len(edges) + 1
        )
        counts = np.append(counts, np.isnan(values).sum())
        return counts / max(len(values), 1)

    index = psi(shares(ref), shares(cur))
    if len(ref_values) and len(cur_values):
        result = stats.ks_2samp(ref_values, cur_values)
        statistic, p_value, note = float(result.statistic), float(result.pvalue), ""
    else:
        statistic, p_value, note = None, None, "no values to test on one side"
    return ColumnDrift(
        column=column,
        kind=kind,
        test="kolmogorov-smirnov",
        statistic=statistic,
        p_value=p_value,
        psi=index,
        missing_reference=_missing_share(reference),
        missing_current=_missing_share(current),
        drifted=_is_drift(p_value, index, thresholds),
        note=note,
    )


def categorical_drift(
    column: str,
    reference: pd.Series,
    current: pd.Series,
    thresholds: Thresholds,
    kind: ColumnKind = "categorical",
) -> ColumnDrift:
    """Compare a categorical column: chi-squared test of homogeneity and PSI over categories."""
    ref = reference.astype(object).where(reference.notna(), MISSING).astype(str)
    cur = current.astype(object).where(current.notna(), MISSING).astype(str)
    categories = sorted(set(ref) | set(cur))
    ref_counts = ref.value_counts().reindex(categories, fill_value=0).to_numpy()
    cur_counts = cur.value_counts().reindex(categories, fill_value=0).to_numpy()
    index = psi(ref_counts / max(len(ref), 1), cur_counts / max(len(cur), 1))
    note = ""
    if not len(ref) or not len(cur):
        statistic, p_value, note = None, None, "no values to test on one side"
    elif len(categories) < 2:
        statistic, p_value = 0.0, 1.0
    else:
        result = stats.chi2_contingency(np.vstack([ref_counts, cur_counts]))
        statistic, p_value = float(result.statistic), float(result.pvalue)
    unseen = sorted(set(cur) - set(ref))
    if unseen:
        note = f"not in the reference: {', '.join(unseen)}"
    return ColumnDrift(
        column=column,
        kind=kind,
        test="chi-squared",
        statistic=statistic,
        p_value=p_value,
        psi=index,
        missing_reference=_missing_share(reference),
        missing_current=_missing_share(current),
        drifted=_is_drift(p_value, index, thresholds),
        note=note,
    )


def _is_drift(p_value: float | None, index: float, thresholds: Thresholds) -> bool:
    """Significant (or untestable) and large enough: see the module docstring."""
    significant = p_value is None or p_value < thresholds.p_value
    return significant and index >= thresholds.psi


#: The features in the order of the report: numeric, categorical, then boolean columns.
FEATURE_ORDER: list[str] = [*NUMERIC_FEATURES, *CATEGORICAL_FEATURES, *BOOLEAN_FEATURES]


def compare(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    thresholds: Thresholds | None = None,
    *,
    target_kind: ColumnKind = "target",
) -> list[ColumnDrift]:
    """Compare every feature (in :data:`FEATURE_ORDER`), and the target when ``current`` has it.

    Args:
        reference: the data the model learnt from.
        current: the data to check; the target column is optional.
        thresholds: drift thresholds (default :class:`Thresholds`).
        target_kind: ``"target"`` for true labels or values, ``"prediction"`` for predictions.

    Raises:
        ValueError: if a feature column is missing or a numeric column holds text.
    """
    thresholds = thresholds or Thresholds()
    for name, frame in (("reference", reference), ("current data", current)):
        absent = [c for c in FEATURE_ORDER if c not in frame.columns]
        if absent:
            msg = f"the {name} has no column(s) {absent}"
            raise ValueError(msg)
    reference = coerce_dtypes(reference)
    current = coerce_dtypes(current)
    results = [
        numeric_drift(column, reference[column], current[column], thresholds)
        for column in NUMERIC_FEATURES
    ]
    results += [
        categorical_drift(column, reference[column], current[column], thresholds)
        for column in CATEGORICAL_FEATURES
    ]
    results += [
        categorical_drift(
            column, _flags(reference[column]), _flags(current[column]), thresholds, "boolean"
        )
        for column in BOOLEAN_FEATURES
    ]
    if TARGET in reference.columns and TARGET in current.columns:
        compare_target = numeric_drift if TASK == "regression" else categorical_drift
        results.append(
            compare_target(TARGET, reference[TARGET], current[TARGET], thresholds, target_kind)
        )
    return results


def _flags(series: pd.Series) -> pd.Series:
    """A boolean column (0/1 after ``coerce_dtypes``) as ``True``/``False`` categories."""
    return series.map({1.0: "True", 0.0: "False"}).where(series.notna())


def check(reference: Sample, current: Sample, thresholds: Thresholds | None = None) -> DriftReport:
    """Compare two samples and decide: drift, no drift, or too few rows to tell."""
    thresholds = thresholds or Thresholds()
    too_few = min(len(reference.data), len(current.data)) < thresholds.min_rows
    columns = (
        []
        if too_few
        else compare(
            reference.data,
            current.data,
            thresholds,
            target_kind="prediction" if current.kind == "prediction log" else "target",
        )
    )
    drifted = sum(column.drifted for column in columns)
    status: Status = (
        "insufficient data"
        if too_few
        else "drift"
        if drifted > thresholds.max_drifted
        else "no drift"
    )
    return DriftReport(
        status=status,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        reference={"source": reference.source, "rows": len(reference.data)},
        current={"source": current.source, "rows": len(current.data), "kind": current.kind},
        thresholds=thresholds,
        columns=columns,
    )


# --- reading the samples (prediction logs: drift_logs.py) ----------------------------------


def _prediction_table(source: str, settings: Settings, since: datetime | None) -> Sample | None:
    """The exported prediction table at ``source`` (``monitoring_store.py``), if it names one."""
    # Only the API and the app log predictions, so only they have the module.
    if importlib.util.find_spec(f"{PACKAGE}.monitoring_store") is None:
        return None
    from . import monitoring_store

    if not monitoring_store.is_prediction_table(source):
        return None
    rows = monitoring_store.drift_rows(monitoring_store.locate(source, settings), since)
    return Sample(rows, redact(source), "prediction log")


def load_current(source: str, settings: Settings, since: datetime | None = None) -> Sample:
    """Read the current sample: prediction logs, a data table, or (empty) the latest data."""
    table = _prediction_table(source, settings, since) if source else None
    if table is not None:
        return table
    if source and is_log_source(source):
        return Sample(read_prediction_log(source, since), source, "prediction log")
    if since is not None:
        logger.warning("the window applies to prediction logs only: ignored for a data table")
    data = load_raw(source or None, settings=settings)
    label = redact(source) if source else redact(settings.data_source) or "the packaged sample"
    return Sample(data, label)


def load_reference(source: str, settings: Settings) -> Sample:
    """Read the reference: ``source``, or the training split the pipeline wrote.

    Raises:
        FileNotFoundError: if there is no reference yet (the hint says to run the pipeline).
    """
    location = source or str(settings.output_dir / TRAIN)
    try:
        data = load_raw(location, settings=settings)
    except FileNotFoundError as exc:
        msg = f"{exc}; run the pipeline first (python -m {PACKAGE}.pipeline) or set DRIFT_REFERENCE"
        raise FileNotFoundError(msg) from None
    return Sample(data, redact(location))


# --- the report ----------------------------------------------------------------------------


def _number(value: float | None, digits: int = 3) -> str:
    """Format a number for the Markdown table (``-`` when absent)."""
    if value is None:
        return "-"
    if value != 0 and abs(value) < 10 ** (-digits):
        return f"{value:.1e}"
    return f"{value:.{digits}f}"


def to_markdown(report: DriftReport) -> str:
    """Render the report as Markdown."""
    limits = report.thresholds
    count = len(report.columns)
    drifted = len(report.drifted)
    if report.status == "insufficient data":
        headline = (
            f"**Not enough data to judge**: fewer than {limits.min_rows} rows "
            f"(reference {report.reference['rows']}, current {report.current['rows']})."
        )
    elif report.status == "drift":
        headline = (
            f"**Drift detected**: {drifted} of {count} columns drifted "
            f"({', '.join(report.drifted)}); at most {limits.max_drifted} allowed."
        )
    else:
        headline = (
            f"**No drift beyond the thresholds**: {drifted} of {count} columns drifted; "
            f"at most {limits.max_drifted} allowed."
        )
    lines = [
        "# Data drift report",
        "",
        headline,
        "",
        f"- Generated: {report.generated_at}",
        f"- Reference: `{report.reference['source']}` ({report.reference['rows']} rows)",
        f"- Current: `{report.current['source']}` ({report.current['rows']} rows, "
        f"{report.current['kind']})",
        f"- A column drifts when its test's p-value is below {limits.p_value} and its PSI is at "
        f"least {limits.psi}.",
        "",
    ]
    if report.columns:
        lines += [
            "| column | kind | test | statistic | p-value | PSI | missing (reference → current) "
            "| drifted | note |",
            "|---|---|---|---:|---:|---:|---|---|---|",
        ]
        for c in report.columns:
            lines.append(
                f"| {c.column} | {c.kind} | {c.test} | {_number(c.statistic)} "
                f"| {_number(c.p_value)} | {_number(c.psi)} "
                f"| {c.missing_reference:.1%} → {c.missing_current:.1%} "
                f"| {'**yes**' if c.drifted else 'no'} | {c.note.replace('|', '/')} |"
            )
        lines += [
            "",
            "PSI: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a major shift.",
        ]
    return "\n".join(lines) + "\n"


def write_report(report: DriftReport, directory: Path) -> tuple[Path, Path]:
    """Write ``drift.json`` and ``drift.md`` into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / f"{REPORT_NAME}.json"
    markdown_path = directory / f"{REPORT_NAME}.md"
    json_path.write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
    markdown_path.write_text(to_markdown(report), encoding="utf-8")
    return json_path, markdown_path


# --- command line --------------------------------------------------------------------------


def by_year(reference: Sample, current: Sample) -> tuple[Sample, Sample]:
    """The default on the packaged sample: its latest year against the earlier years of training.

    The sample *is* the training data, so comparing it with its own training split would always
    say "no drift": instead the latest year observed is compared with the training rows of the
    years before, a real comparison over time. Samples without a ``year`` column, or with a
    single year, are returned as they are, and so are data whose ``year`` is a feature (it would
    drift by construction).
    """
    if (
        YEAR in FEATURE_ORDER
        or YEAR not in reference.data.columns
        or YEAR not in current.data.columns
    ):
        return reference, current
    latest = current.data[YEAR].max()
    earlier = reference.data[reference.data[YEAR] < latest]
    if earlier.empty:
        return reference, current
    first = earlier[YEAR].min()
    return (
        Sample(
            earlier.reset_index(drop=True), f"{reference.source}, {int(first)}-{int(latest) - 1}"
        ),
        Sample(
            current.data[current.data[YEAR] == latest].reset_index(drop=True),
            f"{current.source}, {int(latest)}",
        ),
    )


def run_check(options: DriftSettings, settings: Settings) -> DriftReport:
    """Read both samples as ``options`` say and compare them."""
    since = parse_window(options.window)
    reference = load_reference(options.reference, settings)
    current = load_current(options.current, settings, since)
    if not (options.reference or options.current or settings.data_source):
        reference, current = by_year(reference, current)
    thresholds = Thresholds(
        p_value=options.p_value,
        psi=options.psi,
        max_drifted=options.max_drifted,
        min_rows=options.min_rows,
    )
    return check(reference, current, thresholds)


def _parser() -> argparse.ArgumentParser:
    """Build the command-line parser (every option defaults to its DRIFT_* variable)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}.drift",
        description="Compare recent data or prediction logs with the training data "
        "(Kolmogorov-Smirnov, chi-squared, PSI); exit 1 on drift.",
    )
    parser.add_argument("--reference", help="training data (default: OUTPUT_DIR/" + TRAIN + ")")
    parser.add_argument(
        "--current", help="recent data or prediction logs (default: the latest data)"
    )
    parser.add_argument("--report-dir", help=f"report folder (default: OUTPUT_DIR/{REPORT_DIR})")
    parser.add_argument("--p-value", type=float, help="test significance level (default 0.01)")
    parser.add_argument("--psi", type=float, help="minimum PSI of a drift (default 0.2)")
    parser.add_argument(
        "--max-drifted", type=int, help="drifted columns tolerated before failing (default 0)"
    )
    parser.add_argument("--min-rows", type=int, help="fewer rows: no verdict (default 30)")
    parser.add_argument("--window", help="prediction logs only: 7d, 12h, 30m or an ISO date")
    parser.add_argument("--log-level", help="override LOG_LEVEL (DEBUG, INFO, WARNING...)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code (0 no drift, 1 drift, 2 error)."""
    args = _parser().parse_args(argv)
    configure_logging("INFO")
    overrides = {
        name: getattr(args, name)
        for name in DriftSettings.model_fields
        if getattr(args, name, None) is not None
    }
    try:
        settings = get_settings()
        configure_logging(args.log_level or settings.log_level)
        options = DriftSettings(**overrides)
    except (ValidationError, ValueError) as exc:
        logger.error("invalid settings: %s", exc)
        return 2
    try:
        report = run_check(options, settings)
    except (OSError, ValueError, duckdb.Error) as exc:
        logger.error("%s", exc)
        return 2
    directory = Path(options.report_dir) if options.report_dir else settings.output_dir / REPORT_DIR
    json_path, markdown_path = write_report(report, directory)
    sys.stdout.write(to_markdown(report))
    logger.info("drift report written to %s and %s", json_path, markdown_path)
    if report.status == "drift":
        logger.error("drift in %s", ", ".join(report.drifted))
        return 1
    if report.status == "insufficient data":
        logger.warning("too few rows to judge drift (minimum %d)", options.min_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
