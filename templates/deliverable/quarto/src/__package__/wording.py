"""The words the documents' tables and figures show, in the documents' language.

:mod:`.reporting` builds every table header, row name, axis label and figure title from
:data:`WORDS`, so that a report in another language needs only this file in that language. Keys
are English identifiers the code uses; values are what people read. A value with ``{name}``
placeholders is filled by :func:`.reporting.say`.
"""

from __future__ import annotations

from typing import Final

WORDS: Final[dict[str, str]] = {
    # Table headers.
    "variable": "variable",
    "column": "column",
    "label": "label",
    "role": "role",
    "kind": "kind",
    "values": "values",
    "value": "value",
    "item": "item",
    "count": "count",
    "missing": "missing",
    "share": "share",
    "mean": "mean",
    "std": "std",
    "min": "min",
    "median": "median",
    "max": "max",
    "metric": "metric",
    "precision": "precision",
    "recall": "recall",
    "f1": "F1",
    "support": "test rows",
    "probability": "probability",
    "prediction": "prediction",
    "parameters": "parameters",
    "mean_score": "mean score",
    "confusion_corner": "true \u2193 / predicted \u2192",
    # Roles and kinds of the columns.
    "role_target": "target",
    "role_feature": "feature",
    "role_id": "row id",
    "role_ignored": "ignored",
    "kind_numeric": "number",
    "kind_integer": "whole number",
    "kind_categorical": "category",
    "kind_boolean": "yes/no",
    "kind_labels": "class",
    "yes": "yes",
    "no": "no",
    "may_be_missing": "may be missing",
    "range": "{low} to {high}",
    "missing_value": "(missing)",
    "other_values": "(other)",
    # Validation report.
    "checks_passed": "checks passed",
    "checks_run": "checks run",
    "rows_read": "rows read",
    "rows_kept": "rows kept",
    "rows_dropped": "rows dropped (no target, repeated id)",
    "max_missing": "max missing share per feature",
    # Scores.
    "accuracy": "accuracy (test set)",
    "f1_macro": "macro F1 (test set)",
    "cv_accuracy": "accuracy (cross-validation, training set)",
    "mae": "mean absolute error (test set)",
    "rmse": "root mean squared error (test set)",
    "r2": "R\u00b2 (test set)",
    "cv_r2": "R\u00b2 (cross-validation, training set)",
    # The model.
    "trained_at": "trained at (UTC)",
    "package_version": "package version",
    "tuned_parameters": "tuned parameters",
    "cv_score": "cross-validated score",
    "cv_score_value": "{score} ({scoring}, {folds} folds)",
    "training_rows": "training rows",
    "test_rows": "test rows",
    "features": "features",
    "classes": "classes",
    "training_sha": "training data SHA-256",
    "versions": "versions",
    "not_available": "n/a",
    # How numbers are written: decimal mark, thousands mark (none: no grouping), percent.
    "decimal_mark": ".",
    "thousands_mark": "",
    "percent": "%",
    # The focus of a report.
    "rows_in_data": "rows in the data",
    "share_of_data": "share of the data",
    "test_scores": "test scores",
    "not_in_test_set": "not in the test set",
    "test_precision": "test precision",
    "test_recall": "test recall",
    "test_f1": "test F1",
    # The report's opening sentences (Markdown).
    "intro_focus": "This report looks closely at the rows whose {target} is **{focus}**.",
    "intro_trained": (
        "It was computed from the data and from the artifacts of the model trained on {date} (UTC)."
    ),
    # Figures.
    "number_of_rows": "Number of rows",
    "distribution_of": "Distribution of {column}",
    "numeric_distributions": "Distribution of the numeric columns",
    "by_class": "{column} by {target}",
    "against": "{y} against {x}",
    "first_of": "(the first {shown} of {total})",
    "nothing_to_draw": "No {what} in this data set.",
    "numeric_columns": "numeric column",
    "categorical_columns": "categorical or yes/no column",
    "predicted": "Predicted {target}",
    "true": "True {target}",
    "confusion_title": "Confusion matrix (test set)",
    "predicted_vs_true": "Predictions against true values (test set)",
    "perfect_prediction": "perfect prediction",
    "rows": "Rows",
    "rows_per_value": "Rows per value",
}
