"""Tables and figures for the Quarto documents, from the data and the pipeline's artifacts.

The documents (``report/`` or ``website/``) call these functions and compute nothing themselves,
so every number they show is covered by the tests. This module gathers what they use from
:mod:`.report_common` (settings, inputs, artifacts, columns by kind), :mod:`.report_tables`
(pandas tables, and :func:`to_markdown` for a ``#| output: asis`` cell) and
:mod:`.report_figures` (matplotlib figures), so a document imports one name.

Quarto runs a document's code in the document's folder, not at the project root.
:func:`project_settings` therefore finds the project root (the nearest folder with a
``pyproject.toml``), reads its ``.env`` and resolves a relative ``OUTPUT_DIR``, ``MODEL_PATH`` or
``DATA_SOURCE`` against it: the documents read what ``python -m <package>.pipeline`` wrote,
whichever folder they run from.

Nothing here knows the data set: columns, their kinds and labels come from :mod:`.schema` (that
is, ``dataset.json``), the task decides which scores and figures apply, and every word a table or
figure shows comes from :mod:`.wording`, in the documents' language.
"""

from __future__ import annotations

from .report_common import (
    IS_CLASSIFICATION,
    MAX_BARS,
    MAX_PANELS,
    NOT_AVAILABLE,
    PACKAGE,
    PALETTE,
    PIPELINE_COMMAND,
    SINGLE_COLOUR,
    Artifacts,
    ArtifactsNotFoundError,
    category_columns,
    class_order,
    filter_class,
    find_project_root,
    focus_label,
    load_artifacts,
    load_data,
    markdown_text,
    number,
    numeric_columns,
    project_settings,
    require_classification,
    require_columns,
    resolve_source,
    say,
    value_text,
)
from .report_figures import (
    ReportFigure,
    category_counts_figure,
    class_colour,
    confusion_matrix_figure,
    distribution_figure,
    holdout_predictions,
    numeric_distributions_figure,
    predicted_vs_true_figure,
    scatter_figure,
    target_figure,
)
from .report_tables import (
    category_counts_table,
    confusion_matrix_table,
    crosstab_table,
    example_prediction_table,
    example_table,
    focus_table,
    intro_markdown,
    metrics_table,
    missing_values_table,
    model_table,
    per_class_table,
    schema_table,
    summary_table,
    target_table,
    to_markdown,
    tuning_table,
    validation_table,
)

__all__ = [
    "IS_CLASSIFICATION",
    "MAX_BARS",
    "MAX_PANELS",
    "NOT_AVAILABLE",
    "PACKAGE",
    "PALETTE",
    "PIPELINE_COMMAND",
    "SINGLE_COLOUR",
    "Artifacts",
    "ArtifactsNotFoundError",
    "ReportFigure",
    "category_columns",
    "category_counts_figure",
    "category_counts_table",
    "class_colour",
    "class_order",
    "confusion_matrix_figure",
    "confusion_matrix_table",
    "crosstab_table",
    "distribution_figure",
    "example_prediction_table",
    "example_table",
    "filter_class",
    "find_project_root",
    "focus_label",
    "focus_table",
    "holdout_predictions",
    "intro_markdown",
    "load_artifacts",
    "load_data",
    "markdown_text",
    "metrics_table",
    "missing_values_table",
    "model_table",
    "number",
    "numeric_columns",
    "numeric_distributions_figure",
    "per_class_table",
    "predicted_vs_true_figure",
    "project_settings",
    "require_classification",
    "require_columns",
    "resolve_source",
    "say",
    "scatter_figure",
    "schema_table",
    "summary_table",
    "target_figure",
    "target_table",
    "to_markdown",
    "tuning_table",
    "validation_table",
    "value_text",
]
