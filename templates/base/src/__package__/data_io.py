"""Reading and writing data with DuckDB: local files, https URLs and S3 (AWS or MinIO).

DuckDB reads the source where it is (``read_csv_auto`` / ``read_parquet``); the result becomes a
pandas DataFrame only at the end of :func:`load_raw`.
"""

from __future__ import annotations

import hashlib
import logging
from importlib import resources
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import unquote, urlparse

import duckdb
import pandas as pd

from .config import Settings, get_settings
from .schema import SAMPLE_FILE

logger = logging.getLogger(__name__)

#: Strings read as missing values in CSV files (the sample writes ``NA``).
CSV_NULL_STRINGS: tuple[str, ...] = ("NA", "")
S3_SECRET_NAME = "data_source_s3"

FileFormat = Literal["csv", "parquet"]
_FORMATS: tuple[tuple[str, FileFormat], ...] = (
    (".csv", "csv"),
    (".csv.gz", "csv"),
    (".parquet", "parquet"),
    (".pq", "parquet"),
)
_REMOTE_SCHEMES = frozenset({"http", "https", "s3"})


class SqlExecutor(Protocol):
    """The part of a DuckDB connection used to prepare remote access."""

    def execute(self, query: str, /) -> object:
        """Run one SQL statement."""
        ...


def sample_path() -> Path:
    """Return the path of the sample CSV shipped inside the package.

    Raises:
        RuntimeError: if the package is not installed as plain files (e.g. zipped).
    """
    package = __name__.rpartition(".")[0]
    ref = resources.files(package) / "data" / SAMPLE_FILE
    if not isinstance(ref, Path):
        msg = "the packaged sample is not a plain file; set DATA_SOURCE to a file path or URL"
        raise RuntimeError(msg)
    return ref


def is_remote(source: str) -> bool:
    """Tell whether ``source`` is an http(s) URL or an S3 URI."""
    return urlparse(source).scheme.lower() in _REMOTE_SCHEMES


def source_format(source: str) -> FileFormat:
    """Return the file format of ``source`` from its extension (a URL query string is ignored).

    Raises:
        ValueError: for any extension other than .csv, .csv.gz, .parquet or .pq.
    """
    path = urlparse(source).path if is_remote(source) else source
    name = path.lower()
    for suffix, file_format in _FORMATS:
        if name.endswith(suffix):
            return file_format
    msg = f"unsupported file type for {redact(source)!r}: expected .csv, .csv.gz or .parquet"
    raise ValueError(msg)


def redact(source: str) -> str:
    """Return ``source`` without credentials or query string, safe to log."""
    if not is_remote(source):
        return source
    parsed = urlparse(source)
    host = parsed.hostname or ""
    if parsed.port:
        host = f"{host}:{parsed.port}"
    return f"{parsed.scheme}://{host}{parsed.path}"


def _local_path(source: str) -> Path:
    """Turn a local path or ``file://`` URL into an existing path."""
    parsed = urlparse(source)
    raw = unquote(parsed.path) if parsed.scheme == "file" else source
    path = Path(raw).expanduser()
    if not path.is_file():
        msg = f"data source not found: {path}"
        raise FileNotFoundError(msg)
    return path


def _sql_literal(value: str) -> str:
    """Quote ``value`` as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def s3_secret_sql(settings: Settings) -> str:
    """Build the ``CREATE SECRET`` statement giving DuckDB access to S3 or an S3-compatible store.

    Credentials are included only when set, so a public bucket is read anonymously. With
    ``S3_ENDPOINT_URL`` (MinIO and other S3-compatible stores) the endpoint host, path-style
    URLs and TLS (from the endpoint's scheme: ``http`` disables it) are configured.
    """
    options: list[tuple[str, str]] = [("TYPE", "s3"), ("PROVIDER", "config")]
    if settings.aws_access_key_id:
        options.append(("KEY_ID", _sql_literal(settings.aws_access_key_id)))
    if settings.aws_secret_access_key:
        options.append(("SECRET", _sql_literal(settings.aws_secret_access_key.get_secret_value())))
    if settings.aws_session_token:
        options.append(
            ("SESSION_TOKEN", _sql_literal(settings.aws_session_token.get_secret_value()))
        )
    if settings.aws_region:
        options.append(("REGION", _sql_literal(settings.aws_region)))
    if settings.s3_endpoint_url:
        endpoint = settings.s3_endpoint_url.strip()
        parsed = urlparse(endpoint if "://" in endpoint else f"https://{endpoint}")
        if not parsed.netloc:
            msg = f"invalid S3_ENDPOINT_URL {endpoint!r}"
            raise ValueError(msg)
        use_ssl = parsed.scheme.lower() != "http"
        options += [
            ("ENDPOINT", _sql_literal(parsed.netloc)),
            ("URL_STYLE", "'path'"),
            ("USE_SSL", "true" if use_ssl else "false"),
        ]
    body = ",\n    ".join(f"{key} {value}" for key, value in options)
    return f"CREATE OR REPLACE SECRET {S3_SECRET_NAME} (\n    {body}\n)"


def prepare_remote(con: SqlExecutor, source: str, settings: Settings) -> None:
    """Load DuckDB's ``httpfs`` extension and, for ``s3://``, register the S3 secret."""
    con.execute("INSTALL httpfs")
    con.execute("LOAD httpfs")
    if urlparse(source).scheme.lower() == "s3":
        con.execute(s3_secret_sql(settings))


def load_raw(source: str | Path | None = None, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read the raw data into a pandas DataFrame.

    Args:
        source: local path, ``file://``/``https://`` URL or ``s3://`` URI of a ``.csv``,
            ``.csv.gz`` or ``.parquet`` file. Defaults to ``DATA_SOURCE``, then to the
            packaged sample.
        settings: settings to use (S3 credentials); defaults to :func:`get_settings`.

    Raises:
        FileNotFoundError: if a local source does not exist.
        ValueError: if the extension or URL scheme is not supported.
        duckdb.Error: if DuckDB cannot read the source.
    """
    settings = settings or get_settings()
    text = str(source) if source else settings.data_source or str(sample_path())
    file_format = source_format(text)
    scheme = urlparse(text).scheme.lower()
    if len(scheme) > 1 and scheme not in _REMOTE_SCHEMES | {"file"}:
        msg = f"unsupported URL scheme {scheme!r}: use a path, https:// or s3://"
        raise ValueError(msg)
    con = duckdb.connect()
    try:
        if is_remote(text):
            prepare_remote(con, text, settings)
            location = text
        else:
            location = str(_local_path(text))
        logger.info("reading %s data from %s", file_format, redact(text))
        if file_format == "csv":
            query = "SELECT * FROM read_csv_auto($location, nullstr = $nulls)"
            params: dict[str, object] = {"location": location, "nulls": list(CSV_NULL_STRINGS)}
        else:
            query = "SELECT * FROM read_parquet($location)"
            params = {"location": location}
        df = con.execute(query, params).df()
    finally:
        con.close()
    logger.info("read %d rows x %d columns", len(df), len(df.columns))
    return df


def write_parquet(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` (without its index) to a Parquet file, creating parent folders."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.from_df(df.reset_index(drop=True)).write_parquet(str(target))
    finally:
        con.close()
    return target


def read_parquet(path: str | Path) -> pd.DataFrame:
    """Read a local Parquet file into a pandas DataFrame."""
    con = duckdb.connect()
    try:
        return con.read_parquet(str(path)).df()
    finally:
        con.close()


def file_sha256(path: str | Path) -> str:
    """Return the SHA-256 hex digest of a file's content."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_fingerprint(source: str) -> str | None:
    """Return a content fingerprint of a data source, or ``None`` if it cannot be known.

    Local files (and the packaged sample, for an empty ``source``) are hashed. Remote sources
    return ``None``, since their content can change without their URL changing, and so does
    a missing local file (reading it will report the error).
    """
    text = source or str(sample_path())
    if is_remote(text):
        return None
    try:
        path = _local_path(text)
    except FileNotFoundError:
        return None
    return "sha256:" + file_sha256(path)
