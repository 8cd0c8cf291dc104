"""The prediction logs as a Parquet table on S3 (or a local folder), and the queries over it.

``python -m <package>.monitoring_store export`` reads prediction log records (the JSON records of
``prediction_log.py``, in any form the drift check accepts: the API's log file, JSON log lines,
plain log lines) and writes them as one row per predicted record to a Parquet table partitioned
by day, ``<table>/date=YYYY-MM-DD/part-<digest>.parquet``. ``summary`` prints the table's
volume, errors and latency per day. The drift check (``--current <table>``) and the monitoring
dashboard (``monitoring/dashboard.qmd``) read the same table through :func:`read_predictions`.

Where things are: ``--logs``/``MONITORING_LOGS`` is a log file, a folder of them, or an
``s3://bucket/prefix/`` of them (where a log shipper drops the pods' logs);
``--table``/``MONITORING_TABLE`` is ``s3://bucket/prefix/`` or a local folder (default
``OUTPUT_DIR/monitoring/predictions``). S3 credentials come from ``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN`` and ``AWS_REGION``; an S3-compatible store
(MinIO) from ``S3_ENDPOINT_URL`` or ``AWS_ENDPOINT_URL``.

Why pyarrow and not DuckDB's ``s3://`` reader: DuckDB reads S3 through its ``httpfs`` extension,
which it downloads from extensions.duckdb.org at run time, and a cluster or CI runner without
internet access cannot. pyarrow's S3 client is inside its wheel, so pyarrow reads and writes the
files, and DuckDB queries them as an Arrow dataset (no extension needed).

Exporting is idempotent: a part's name is the digest of the rows it holds, so exporting the same
logs again rewrites the same files, and the readers drop the rows exported twice (the same
``request_id`` and ``position``) when a log that grew is exported again. Each file is written
whole (a local file under a temporary name first, then renamed; an S3 object only exists once
its upload completes), so an interrupted export leaves no half-written part.

Exit codes: 0 done, 2 usage or input error (no log, unreadable table, bad settings).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from .config import Settings, get_settings
from .data_io import redact
from .drift_logs import LOG_SUFFIXES, _prediction_record, _timestamp, parse_window
from .logging_config import configure_logging
from .schema import BOOLEAN_FEATURES, CATEGORICAL_FEATURES, NUMERIC_FEATURES, TARGET

logger = logging.getLogger(__name__)

PACKAGE = __package__ or __name__.rpartition(".")[0]
#: Table folder, relative to ``OUTPUT_DIR``, when ``MONITORING_TABLE`` is not set.
DEFAULT_TABLE = "monitoring/predictions"
#: The partition column (hive style: ``date=2026-01-31``).
PARTITION = "date"
#: Columns of a row besides the features: where, when and how each record was predicted.
META_SCHEMA = pa.schema(
    [
        ("request_id", pa.string()),
        ("position", pa.int32()),
        ("timestamp", pa.timestamp("ms", tz="UTC")),
        ("source", pa.string()),
        ("model_version", pa.string()),
        ("model_trained_at", pa.string()),
        ("status", pa.string()),
        ("latency_ms", pa.float64()),
        ("n_records", pa.int32()),
        ("prediction", pa.string()),
    ]
)


#: The inputs the table keeps, in its column order (from the schema).
INPUTS: list[str] = [*NUMERIC_FEATURES, *CATEGORICAL_FEATURES, *BOOLEAN_FEATURES]


def table_schema() -> pa.Schema:
    """The table's schema: the metadata, then the features with the types the model expects.

    Fixed, not inferred, so that every day's files agree (a day of text in a numeric column
    would otherwise make the table unreadable as a whole).

    Raises:
        ValueError: if a feature is named like a metadata or the partition column.
    """
    inputs = {*NUMERIC_FEATURES, *CATEGORICAL_FEATURES, *BOOLEAN_FEATURES}
    clash = sorted(inputs & {*META_SCHEMA.names, PARTITION})
    if clash:
        msg = f"feature name(s) {clash} clash with the prediction table's own columns"
        raise ValueError(msg)
    fields = [pa.field(name, pa.float64()) for name in NUMERIC_FEATURES]
    fields += [pa.field(name, pa.string()) for name in CATEGORICAL_FEATURES]
    fields += [pa.field(name, pa.bool_()) for name in BOOLEAN_FEATURES]
    return pa.schema([*META_SCHEMA, *fields])


class MonitoringSettings(BaseSettings):
    """Where the logs and the table are, from ``MONITORING_*`` variables or ``.env``."""

    model_config = SettingsConfigDict(
        env_prefix="MONITORING_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    logs: str = Field(default="", description="Log file, folder of them, or s3:// prefix.")
    table: str = Field(
        default="",
        description=f"s3://bucket/prefix/ or a folder; empty: OUTPUT_DIR/{DEFAULT_TABLE}",
    )


# --- storage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """A folder or file on a pyarrow file system (``path`` has no scheme)."""

    filesystem: pafs.FileSystem
    path: str
    uri: str

    @property
    def is_s3(self) -> bool:
        """Whether it lives on S3."""
        return isinstance(self.filesystem, pafs.S3FileSystem)


def s3_filesystem(settings: Settings) -> pafs.S3FileSystem:
    """pyarrow's S3 client, for AWS or an S3-compatible store (``S3_ENDPOINT_URL``).

    Raises:
        ValueError: if the endpoint is not a URL.
    """
    options: dict[str, Any] = {}
    if settings.aws_access_key_id and settings.aws_secret_access_key:
        options["access_key"] = settings.aws_access_key_id
        options["secret_key"] = settings.aws_secret_access_key.get_secret_value()
        if settings.aws_session_token:
            options["session_token"] = settings.aws_session_token.get_secret_value()
    options["region"] = settings.aws_region or "us-east-1"
    endpoint = (settings.s3_endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or "").strip()
    if endpoint:
        parsed = urlparse(endpoint if "://" in endpoint else f"https://{endpoint}")
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            msg = f"invalid S3 endpoint {redact(endpoint)!r}: expected http(s)://host[:port]"
            raise ValueError(msg)
        options["endpoint_override"] = parsed.netloc
        options["scheme"] = parsed.scheme
        # MinIO and most S3-compatible stores serve path-style URLs only.
        options["force_virtual_addressing"] = False
    return pafs.S3FileSystem(**options)


def locate(uri: str | Path, settings: Settings) -> Location:
    """Resolve ``uri`` (``s3://bucket/prefix``, ``file://`` or a path) to a file system and path.

    Raises:
        ValueError: for another scheme, or an ``s3://`` URI without a bucket.
    """
    text = str(uri).strip()
    parsed = urlparse(text)
    scheme = parsed.scheme.lower()
    if scheme == "s3":
        if not parsed.netloc:
            msg = f"no bucket in {redact(text)!r}: expected s3://bucket/prefix/"
            raise ValueError(msg)
        path = f"{parsed.netloc}/{parsed.path.strip('/')}".rstrip("/")
        return Location(s3_filesystem(settings), path, f"s3://{path}")
    if scheme == "file":
        text = parsed.path
    elif scheme and len(scheme) > 1:
        msg = f"unsupported scheme {scheme!r} in {redact(text)!r}: use a path or s3://"
        raise ValueError(msg)
    local = Path(text).expanduser().resolve()
    return Location(pafs.LocalFileSystem(), local.as_posix(), local.as_posix())


def default_table(settings: Settings) -> str:
    """``OUTPUT_DIR/monitoring/predictions``."""
    return str(settings.output_dir / DEFAULT_TABLE)


# --- from log records to rows ------------------------------------------------------------------


def _log_files(location: Location) -> list[str]:
    """The log files at ``location``: itself if it is a file, else its log files (recursive)."""
    info = location.filesystem.get_file_info(location.path)
    if info.type == pafs.FileType.File:
        return [location.path]
    if info.type != pafs.FileType.Directory:
        msg = f"prediction log not found: {redact(location.uri)}"
        raise FileNotFoundError(msg)
    found = location.filesystem.get_file_info(pafs.FileSelector(location.path, recursive=True))
    return sorted(
        item.path
        for item in found
        if item.type == pafs.FileType.File and Path(item.path).suffix.lower() in LOG_SUFFIXES
    )


def read_log_records(location: Location) -> Iterator[dict[str, Any]]:
    """Yield the prediction records found in the log files at ``location`` (others skipped)."""
    for name in _log_files(location):
        with location.filesystem.open_input_stream(name) as stream:
            text = stream.read().decode("utf-8", errors="replace")
        for line in text.splitlines():
            record = _prediction_record(line)
            if record is not None:
                yield record


def _number(value: Any) -> float | None:
    """A finite float, or ``None`` (text, booleans, infinities and NaN are not measurements)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if number == number and abs(number) != float("inf") else None


def _text(value: Any) -> str | None:
    """Text as is, scalars as text, anything else (lists, mappings) as ``None``."""
    if value is None or isinstance(value, list | dict):
        return None
    return str(value)


def _flag(value: Any) -> bool | None:
    """A boolean as is, anything else (text, numbers, lists) as ``None``."""
    return value if isinstance(value, bool) else None


def _integer(value: Any) -> int | None:
    """A 32-bit integer, or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**31:
        return None
    return value


def rows_of(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per predicted record of a log record, typed as :func:`table_schema` says.

    A record without a parseable timestamp yields no row (it belongs to no day).
    """
    stamp = _timestamp(record)
    if stamp is None:
        return []
    outputs = record.get("outputs") if isinstance(record.get("outputs"), list) else []
    meta = {
        "request_id": _text(record.get("request_id")),
        "timestamp": stamp.astimezone(UTC),
        "source": _text(record.get("source")),
        "model_version": _text(record.get("model_version")),
        "model_trained_at": _text(record.get("model_trained_at")),
        "status": _text(record.get("status")),
        "latency_ms": _number(record.get("latency_ms")),
        "n_records": _integer(record.get("n_records")),
    }
    rows = []
    for position, inputs in enumerate(record.get("inputs") or []):
        if not isinstance(inputs, dict):
            continue
        output = outputs[position] if position < len(outputs) else None
        row = {**meta, "position": position}
        row["prediction"] = _text(output.get("prediction")) if isinstance(output, dict) else None
        row.update({name: _number(inputs.get(name)) for name in NUMERIC_FEATURES})
        row.update({name: _text(inputs.get(name)) for name in CATEGORICAL_FEATURES})
        row.update({name: _flag(inputs.get(name)) for name in BOOLEAN_FEATURES})
        rows.append(row)
    return rows


def _digest(rows: Sequence[Mapping[str, Any]]) -> str:
    """A name for a part that depends only on the rows it holds."""
    keys = sorted(f"{row['request_id']}\x1f{row['position']}" for row in rows)
    return hashlib.sha256("\x1e".join(keys).encode()).hexdigest()[:20]


def _write_part(table: pa.Table, location: Location, name: str) -> None:
    """Write one part whole: an S3 object appears when its upload completes, a local file is
    renamed into place."""
    filesystem = location.filesystem
    final = f"{location.path}/{name}"
    if location.is_s3:
        # No create_dir: on S3 it would add empty "folder" objects that S3 does not need.
        pq.write_table(table, final, filesystem=filesystem)
        return
    filesystem.create_dir(location.path, recursive=True)
    temporary = f"{location.path}/.{name}.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(table, temporary, filesystem=filesystem)
        filesystem.move(temporary, final)
    finally:
        if filesystem.get_file_info(temporary).type != pafs.FileType.NotFound:
            filesystem.delete_file(temporary)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    records: int
    rows: int
    skipped: int
    parts: list[str]


def export(records: Iterable[Mapping[str, Any]], table: Location) -> ExportResult:
    """Write the rows of ``records`` to the Parquet table at ``table``, one part per day."""
    schema = table_schema()
    by_day: dict[str, list[dict[str, Any]]] = {}
    count = skipped = 0
    for record in records:
        count += 1
        rows = rows_of(record)
        if not rows:
            skipped += 1
        for row in rows:
            by_day.setdefault(row["timestamp"].date().isoformat(), []).append(row)
    parts = []
    for day, rows in sorted(by_day.items()):
        folder = Location(table.filesystem, f"{table.path}/{PARTITION}={day}", table.uri)
        name = f"part-{_digest(rows)}.parquet"
        _write_part(pa.Table.from_pylist(rows, schema=schema), folder, name)
        parts.append(f"{PARTITION}={day}/{name}")
    return ExportResult(count, sum(len(r) for r in by_day.values()), skipped, parts)


# --- reading the table back --------------------------------------------------------------------


def dataset(table: Location) -> ds.Dataset:
    """The table as a pyarrow dataset (the day becomes the ``date`` column).

    Raises:
        FileNotFoundError: if there is no table (nothing exported yet).
    """
    info = table.filesystem.get_file_info(table.path)
    if info.type != pafs.FileType.Directory:
        msg = f"no prediction table at {redact(table.uri)}: run the export first"
        raise FileNotFoundError(msg)
    partitioning = ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive")
    return ds.dataset(
        table.path,
        filesystem=table.filesystem,
        format="parquet",
        schema=table_schema().append(pa.field(PARTITION, pa.string())),
        partitioning=partitioning,
        # Temporary files of an export in progress, and anything else that is not a part.
        exclude_invalid_files=False,
        ignore_prefixes=[".", "_"],
    )


def connect(table: Location) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection where the view ``predictions`` is the table, each row once."""
    con = duckdb.connect()
    con.register("prediction_files", dataset(table))
    # A log exported twice (it grew in between) holds the same rows twice: keep one.
    con.execute(
        "CREATE VIEW predictions AS SELECT * FROM prediction_files "
        "QUALIFY row_number() OVER (PARTITION BY request_id, position ORDER BY date) = 1"
    )
    return con


def read_predictions(table: Location, since: datetime | None = None) -> pd.DataFrame:
    """Every row of the table (each once), the oldest first; only those since ``since``."""
    con = connect(table)
    try:
        query = "SELECT * FROM predictions"
        parameters: list[Any] = []
        if since is not None:
            query += " WHERE timestamp >= ?"
            parameters.append(since)
        return con.execute(f"{query} ORDER BY timestamp, request_id, position", parameters).df()
    finally:
        con.close()


def drift_rows(table: Location, since: datetime | None = None) -> pd.DataFrame:
    """The rows the drift check compares: the answered ones, the prediction as the target."""
    rows = read_predictions(table, since)
    rows = rows[rows["status"] == "ok"]
    rows = rows[[*INPUTS, "prediction"]]
    return rows.rename(columns={"prediction": TARGET}).reset_index(drop=True)


def daily_summary(table: Location, since: datetime | None = None) -> pd.DataFrame:
    """Per day: calls, predicted records, errors and latency quantiles (milliseconds)."""
    con = connect(table)
    try:
        where = "WHERE timestamp >= ?" if since is not None else ""
        return con.execute(
            f"""
            SELECT date,
                   count(DISTINCT request_id) AS calls,
                   count(*) AS records,
                   count(DISTINCT CASE WHEN status <> 'ok' THEN request_id END) AS failed_calls,
                   round(quantile_cont(latency_ms, 0.5), 1) AS latency_p50_ms,
                   round(quantile_cont(latency_ms, 0.95), 1) AS latency_p95_ms
            FROM predictions {where}
            GROUP BY date ORDER BY date
            """,
            [since] if since is not None else [],
        ).df()
    finally:
        con.close()


def is_prediction_table(source: str) -> bool:
    """Whether ``source`` names a prediction table: an ``s3://`` prefix (no file suffix) or a
    local folder holding ``date=…`` partitions."""
    parsed = urlparse(source)
    if parsed.scheme.lower() == "s3":
        return not Path(parsed.path).suffix
    path = Path(source)
    return path.is_dir() and any(path.glob(f"{PARTITION}=*"))


# --- command line -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """Command-line options; defaults come from ``MONITORING_*`` (see the module docstring)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}.monitoring_store",
        description="Export prediction logs to a Parquet table (S3 or a folder), or summarise it.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export_parser = commands.add_parser("export", help="logs → Parquet, one part per day")
    export_parser.add_argument("--logs", help="log file, folder or s3:// prefix (MONITORING_LOGS)")
    export_parser.add_argument("--table", help="s3://bucket/prefix/ or folder (MONITORING_TABLE)")
    summary_parser = commands.add_parser("summary", help="calls, errors and latency per day")
    summary_parser.add_argument("--table", help="s3://bucket/prefix/ or folder (MONITORING_TABLE)")
    summary_parser.add_argument("--window", default="", help="only this recent: 7d, 12h, a date")
    return parser


def _fail(message: str) -> int:
    """Say what went wrong in one line on standard error; return the usage/input exit code."""
    sys.stderr.write(f"error: {message}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code (see the module docstring)."""
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
        options = MonitoringSettings()
    except ValidationError as exc:
        return _fail(f"invalid settings: {exc.errors()[0]['msg']}")
    configure_logging(settings.log_level)
    try:
        table = locate(args.table or options.table or default_table(settings), settings)
        if args.command == "export":
            logs = args.logs or options.logs
            if not logs:
                return _fail("no logs to export: set --logs or MONITORING_LOGS")
            result = export(read_log_records(locate(logs, settings)), table)
            said = {
                "table": redact(table.uri),
                "records": result.records,
                "rows": result.rows,
                "skipped_records": result.skipped,
                "parts": result.parts,
            }
            sys.stdout.write(json.dumps(said) + "\n")
            return 0
        summary = daily_summary(table, parse_window(args.window))
        sys.stdout.write(summary.to_string(index=False) + "\n")
        return 0
    except (OSError, ValueError, duckdb.Error, pa.ArrowException) as exc:
        text = str(exc).strip()
        return _fail(text.splitlines()[0] if text else type(exc).__name__)


if __name__ == "__main__":
    sys.exit(main())
