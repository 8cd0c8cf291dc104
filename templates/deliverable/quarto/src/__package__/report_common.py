"""What the documents' tables and figures share: settings, inputs, the pipeline's artifacts, the
schema's columns seen by kind and class, and text as Markdown prints it.

Quarto runs a document's code in the document's folder, not at the project root.
:func:`project_settings` therefore finds the project root (the nearest folder with a
``pyproject.toml``), reads its ``.env`` and resolves a relative ``OUTPUT_DIR``, ``MODEL_PATH`` or
``DATA_SOURCE`` against it: the documents read what ``python -m <package>.pipeline`` wrote,
whichever folder they run from. The documents use these through :mod:`.reporting`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from .config import Settings
from .data_io import is_remote, load_raw
from .pipeline import METRICS, MODEL, MODEL_METADATA, VALIDATION_REPORT
from .schema import (
    BOOLEAN_FEATURES,
    CATEGORICAL_FEATURES,
    CLASS_LABELS,
    NUMERIC_FEATURES,
    TARGET,
    TASK,
    coerce_dtypes,
    label_text,
)
from .wording import WORDS

logger = logging.getLogger(__name__)
PACKAGE: Final = __package__ or __name__.rpartition(".")[0]
PIPELINE_COMMAND: Final = f"uv run python -m {PACKAGE}.pipeline"
IS_CLASSIFICATION: Final = TASK == "classification"
#: Class colours by position in the schema's labels (the first three: the palmerpenguins palette).
PALETTE: Final = (
    "#ff8c00",
    "#a034f0",
    "#159090",
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
)
SINGLE_COLOUR: Final = "#1f5f7a"
NOT_AVAILABLE: Final = WORDS["not_available"]
#: At most this many small charts in one figure, and bars in one chart (the rest is "other").
MAX_PANELS: Final = 9
MAX_BARS: Final = 12
#: ASCII punctuation: backslash-escaped in Markdown cells, so that names print as written.
_MARKDOWN_PUNCTUATION: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def say(key: str, **values: Any) -> str:
    """The text of :data:`.wording.WORDS` under ``key``, its ``{placeholders}`` filled."""
    return WORDS[key].format(**values)


def number(value: float, spec: str = ".3f") -> str:
    """A number as the documents' language writes it, formatted by ``spec``.

    The marks come from :data:`.wording.WORDS`: ``4201.8``, ``0.912`` and ``12.5%`` in English,
    ``4 201,8``, ``0,912`` and ``12,5 %`` in French (narrow no-break spaces).
    """
    grouping = "," if WORDS["thousands_mark"] else ""
    text = format(value, grouping + spec)
    if text.endswith("%"):
        text = text[:-1] + WORDS["percent"]
    marks = {",": WORDS["thousands_mark"], ".": WORDS["decimal_mark"]}
    return "".join(marks.get(char, char) for char in text)


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


def require_columns(df: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise ``ValueError`` naming the columns of ``columns`` absent from ``df``."""
    absent = [column for column in columns if column not in df.columns]
    if absent:
        msg = f"missing columns: {absent}"
        raise ValueError(msg)


def require_classification(what: str) -> None:
    """Raise ``ValueError`` when the task has no classes (a regression)."""
    if not IS_CLASSIFICATION:
        msg = f"{what} needs classes, and the target {TARGET!r} is a regression target"
        raise ValueError(msg)


def numeric_columns() -> list[str]:
    """The numeric features, and the target when it is a number (regression)."""
    return [*NUMERIC_FEATURES, *([] if IS_CLASSIFICATION else [TARGET])]


def category_columns() -> list[str]:
    """The categorical and yes/no features, in the schema's order."""
    return [*CATEGORICAL_FEATURES, *BOOLEAN_FEATURES]


def class_order(labels: Iterable[Any]) -> list[str]:
    """Known classes first in the schema's order, then any other label alphabetically."""
    present = {label_text(label) for label in labels if pd.notna(label)}
    known = [label for label in CLASS_LABELS if label in present]
    return known + sorted(present - set(known))


def value_text(column: str, value: Any) -> str:
    """A cell as people read it: yes/no for a yes/no column, codes as written, a missing mark,
    a number with the language's decimal mark."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return say("missing_value")
    if column in BOOLEAN_FEATURES:
        return say("yes") if float(value) == 1.0 else say("no")
    if column in numeric_columns():
        return label_text(value).replace(".", WORDS["decimal_mark"])
    return label_text(value)


def focus_label(df: pd.DataFrame, focus: str = "") -> str:
    """The class a report focuses on: ``focus`` if given, else the first class of the data.

    A regression has no classes: its focus is ``""`` (the whole data).

    Raises:
        ValueError: if ``focus`` is not a class of the data (the message lists the classes), or
            is given for a regression.
    """
    if not IS_CLASSIFICATION:
        if focus:
            msg = f"a regression has no classes to focus on (got focus={focus!r}); leave it empty"
            raise ValueError(msg)
        return ""
    require_columns(df, [TARGET])
    present = class_order(df[TARGET])
    if not focus:
        if not present:
            msg = f"no row has a {TARGET!r} to focus on"
            raise ValueError(msg)
        return present[0]
    if focus not in present:
        msg = f"unknown class {focus!r} of {TARGET!r}: expected one of {present}"
        raise ValueError(msg)
    return focus


def filter_class(df: pd.DataFrame, label: str) -> pd.DataFrame:
    """Keep the rows of one class of the target.

    Raises:
        ValueError: if no row has that class (the message lists the classes present).
    """
    require_classification("filter_class")
    require_columns(df, [TARGET])
    selected = df[df[TARGET] == label]
    if selected.empty:
        msg = f"unknown class {label!r} of {TARGET!r}: expected one of {class_order(df[TARGET])}"
        raise ValueError(msg)
    return selected.reset_index(drop=True)


def markdown_text(value: Any) -> str:
    """Text that Markdown prints as written: ASCII punctuation escaped, one line.

    Column names and values come from the user's data: a ``|`` would split a table cell, a
    ``*`` or ``_`` start emphasis, quotes become curly and ``<`` start HTML.
    """
    text = " ".join(str(value).splitlines())
    return "".join(f"\\{c}" if c in _MARKDOWN_PUNCTUATION else c for c in text)
