"""Data validation run inside the pipeline: schema, missing values and train/test leakage."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from .schema import (
    EXPECTED_DTYPES,
    FEATURES,
    ID_COLUMN,
    REQUIRED_COLUMNS,
    TARGET,
    TASK,
    coerce_dtypes,
    has_kind,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_MISSING_FRACTION = 0.2


class DataValidationError(ValueError):
    """The data breaks the contract the model relies on."""


def check_schema(df: pd.DataFrame) -> None:
    """Check that every required column is present with the expected kind of dtype.

    Raises:
        DataValidationError: listing the missing columns, or the columns of the wrong kind.
    """
    missing = [column for column in REQUIRED_COLUMNS if column not in df.columns]
    if missing:
        msg = f"missing required columns: {missing}"
        raise DataValidationError(msg)
    wrong = {
        column: str(df[column].dtype)
        for column, kind in EXPECTED_DTYPES.items()
        if not has_kind(df[column], kind)
    }
    if wrong:
        expected = {column: EXPECTED_DTYPES[column] for column in wrong}
        msg = f"unexpected dtypes {wrong}, expected {expected}"
        raise DataValidationError(msg)


def missing_fractions(df: pd.DataFrame) -> dict[str, float]:
    """Return the fraction of missing values of each feature and of the target."""
    columns = [column for column in REQUIRED_COLUMNS if column in df.columns]
    if df.empty:
        return dict.fromkeys(columns, 0.0)
    return {column: round(float(df[column].isna().mean()), 6) for column in columns}


def check_missing(
    df: pd.DataFrame, max_fraction: float = DEFAULT_MAX_MISSING_FRACTION
) -> dict[str, float]:
    """Check missing values: at most ``max_fraction`` per feature, none in the target.

    Run it on cleaned data (see :func:`clean`), where rows without a target are gone.

    Returns:
        The fraction of missing values per column.

    Raises:
        DataValidationError: if the data is empty, a feature has too many missing values, or
            the target has any.
    """
    if df.empty:
        msg = "no rows left to validate"
        raise DataValidationError(msg)
    fractions = missing_fractions(df)
    too_many = {
        column: fraction
        for column, fraction in fractions.items()
        if column in FEATURES and fraction > max_fraction
    }
    if too_many:
        msg = f"too many missing values (max {max_fraction:.0%}): {too_many}"
        raise DataValidationError(msg)
    if fractions.get(TARGET, 0.0) > 0:
        msg = f"the target {TARGET!r} has missing values"
        raise DataValidationError(msg)
    return fractions


def row_hashes(df: pd.DataFrame) -> pd.Series:
    """Hash each row over the features and the target present, after dtype coercion."""
    columns = [column for column in REQUIRED_COLUMNS if column in df.columns]
    if not columns:
        columns = sorted(df.columns)
    return pd.util.hash_pandas_object(coerce_dtypes(df[columns]), index=False)


def check_no_leakage(train: pd.DataFrame, test: pd.DataFrame) -> None:
    """Check that no record of ``test`` is also in ``train``, by the id column of the schema.

    Without an id column (``ID_COLUMN`` is None) there is nothing that tells a record from a
    different one with the same values, so identical rows are legitimate and nothing is checked.

    Raises:
        DataValidationError: with the number of shared ids.
    """
    if ID_COLUMN is None:
        return
    shared = set(train[ID_COLUMN].dropna()) & set(test[ID_COLUMN].dropna())
    if shared:
        msg = f"{len(shared)} {ID_COLUMN!r} value(s) shared by train and test (leakage)"
        raise DataValidationError(msg)


def clean(df: pd.DataFrame) -> pd.DataFrame:
    """Drop rows without a target and repeated ids; coerce dtypes; reset the index.

    Only a row whose id (``ID_COLUMN``) was already seen is a duplicate, so that a random split
    cannot put one record in both train and test; without an id column, rows with the same
    values are distinct records and all stay. Feature values stay missing: the model's imputers
    handle them.
    """
    if TARGET not in df.columns:
        msg = f"missing target column {TARGET!r}"
        raise DataValidationError(msg)
    cleaned = coerce_dtypes(df).dropna(subset=[TARGET])
    if ID_COLUMN is not None and ID_COLUMN in cleaned.columns:
        cleaned = cleaned.loc[~cleaned[ID_COLUMN].duplicated().to_numpy()]
    return cleaned.reset_index(drop=True)


def validate(
    df: pd.DataFrame, max_missing_fraction: float = DEFAULT_MAX_MISSING_FRACTION
) -> dict[str, Any]:
    """Validate raw data and return a JSON-serialisable report.

    Runs :func:`check_schema` on the raw data, then :func:`clean` and :func:`check_missing`.

    Raises:
        DataValidationError: on the first failed check.
    """
    check_schema(df)
    cleaned = clean(df)
    fractions = check_missing(cleaned, max_fraction=max_missing_fraction)
    class_counts = (
        cleaned[TARGET].value_counts().sort_index() if TASK == "classification" else pd.Series()
    )
    report: dict[str, Any] = {
        "passed": True,
        "checks": ["schema", "missing_values"],
        "n_rows_raw": len(df),
        "n_rows_clean": len(cleaned),
        "n_rows_dropped": len(df) - len(cleaned),
        "columns": [str(column) for column in df.columns],
        "max_missing_fraction": max_missing_fraction,
        "missing_fraction_raw": missing_fractions(df),
        "missing_fraction_clean": fractions,
        "class_counts": {str(label): int(count) for label, count in class_counts.items()},
    }
    logger.info(
        "validation passed: %d rows (%d dropped)", report["n_rows_clean"], report["n_rows_dropped"]
    )
    return report
