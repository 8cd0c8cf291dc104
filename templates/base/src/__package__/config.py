"""Settings read from environment variables and from a gitignored ``.env`` file.

Every parameter lives here, out of the code: a variable set in the environment wins over the
same variable in ``.env``, which wins over the default. Names are case-insensitive
(``DATA_SOURCE`` or ``data_source``).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_OUTPUT_DIR = "outputs"
MODEL_RELATIVE_PATH = Path("model") / "model.skops"


class Settings(BaseSettings):
    """Project settings; see ``.env.example`` for the matching environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        protected_namespaces=(),
    )

    data_source: str = Field(
        default="",
        description="Local path, https:// URL or s3:// URI of a .csv, .csv.gz or .parquet file; "
        "empty means the sample shipped in the package.",
    )
    output_dir: Path = Field(
        default=Path(DEFAULT_OUTPUT_DIR),
        description="Folder where the pipeline writes its artifacts.",
    )
    model_path: Path = Field(
        default=Path(DEFAULT_OUTPUT_DIR) / MODEL_RELATIVE_PATH,
        description="Model file the deliverables load; default <OUTPUT_DIR>/model/model.skops.",
    )
    model_uri: str = Field(
        default="",
        description="MLflow model URI the deliverables serve instead of MODEL_PATH, such as "
        "models:/<name>@champion (needs the mlflow extra); empty means MODEL_PATH.",
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="S3-compatible endpoint such as MinIO (e.g. https://minio.example.org); "
        "unset for AWS S3.",
    )
    aws_access_key_id: str | None = None
    aws_secret_access_key: SecretStr | None = None
    aws_session_token: SecretStr | None = None
    aws_region: str | None = None
    log_level: str = "INFO"
    random_seed: int = 42
    test_size: float = Field(default=0.2, gt=0.0, lt=1.0)
    cv_folds: int = Field(default=5, ge=2)

    @model_validator(mode="before")
    @classmethod
    def _default_model_path(cls, data: Any) -> Any:
        """Place the model under ``OUTPUT_DIR`` when ``MODEL_PATH`` is unset or empty."""
        if isinstance(data, dict) and not data.get("model_path"):
            output_dir = data.get("output_dir") or DEFAULT_OUTPUT_DIR
            data = {**data, "model_path": Path(output_dir) / MODEL_RELATIVE_PATH}
        return data

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        """Accept standard level names only, in any case."""
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            msg = f"unknown log level {value!r}"
            raise ValueError(msg)
        return level

    @field_validator("s3_endpoint_url", "aws_region", "aws_access_key_id", mode="before")
    @classmethod
    def _empty_as_none(cls, value: Any) -> Any:
        """Treat ``VAR=`` (empty) like an unset variable."""
        return value or None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the settings, read once and cached (call ``get_settings.cache_clear()`` to reload)."""
    return Settings()
