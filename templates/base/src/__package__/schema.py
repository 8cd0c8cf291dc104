"""Data contract: target, feature lists, expected column kinds and dtype coercion."""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import pandas as pd

ColumnKind = Literal["numeric", "string"]

TARGET: Final = "species"
NUMERIC_FEATURES: Final[list[str]] = [
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
]
CATEGORICAL_FEATURES: Final[list[str]] = ["island", "sex"]
FEATURES: Final[list[str]] = NUMERIC_FEATURES + CATEGORICAL_FEATURES
REQUIRED_COLUMNS: Final[list[str]] = [*FEATURES, TARGET]

#: Expected kind of every required column ("numeric" or "string").
EXPECTED_DTYPES: Final[dict[str, ColumnKind]] = {
    **dict.fromkeys(NUMERIC_FEATURES, "numeric"),
    **dict.fromkeys(CATEGORICAL_FEATURES, "string"),
    TARGET: "string",
}

#: Values seen in the sample, for forms and documentation (others are accepted at prediction).
CATEGORIES: Final[dict[str, list[str]]] = {
    "island": ["Biscoe", "Dream", "Torgersen"],
    "sex": ["female", "male"],
    TARGET: ["Adelie", "Chinstrap", "Gentoo"],
}

#: One valid input row, for API docs, forms and smoke tests.
EXAMPLE: Final[dict[str, float | str]] = {
    "island": "Biscoe",
    "bill_length_mm": 45.2,
    "bill_depth_mm": 14.8,
    "flipper_length_mm": 212.0,
    "body_mass_g": 5200.0,
    "sex": "female",
}

#: Human labels for the columns (tables, charts, forms); any other column shows its own name.
COLUMN_LABELS: Final[dict[str, str]] = {
    "bill_length_mm": "Bill length (mm)",
    "bill_depth_mm": "Bill depth (mm)",
    "flipper_length_mm": "Flipper length (mm)",
    "body_mass_g": "Body mass (g)",
    "island": "Island",
    "sex": "Sex",
    TARGET: "Species",
}


def column_label(column: str) -> str:
    """Return the human label of ``column``."""
    return COLUMN_LABELS.get(column, column.replace("_", " ").capitalize())


def has_kind(series: pd.Series, kind: ColumnKind) -> bool:
    """Tell whether ``series`` has the expected column kind.

    An all-missing column counts as either kind, since readers cannot infer its type.
    """
    if kind == "numeric":
        return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    # pandas 2 reads text as ``object`` holding str and None, which is_string_dtype rejects;
    # infer_dtype looks at the values instead.
    return (
        pd.api.types.is_string_dtype(series)
        or isinstance(series.dtype, pd.CategoricalDtype)
        or pd.api.types.infer_dtype(series, skipna=True) in {"string", "empty"}
        or bool(series.isna().all())
    )


def coerce_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with numeric columns as ``float64`` and string columns as ``object``.

    Missing values become ``NaN`` in both cases, which is what scikit-learn's imputers expect,
    whatever the reader produced (nullable ``Int64``, pandas ``str`` dtype, ``None``...).
    Only the columns of :data:`EXPECTED_DTYPES` present in ``df`` are touched.

    Raises:
        ValueError: if a numeric column holds values that are not numbers.
    """
    out = df.copy()
    for column, kind in EXPECTED_DTYPES.items():
        if column not in out.columns:
            continue
        series = out[column]
        if kind == "numeric":
            out[column] = pd.to_numeric(series, errors="raise").astype("float64")
        else:
            out[column] = series.astype(object).where(series.notna(), np.nan)
    return out
