"""Every text the app shows to people, in the project's language.

The app's code (:mod:`.app`) reads its titles, labels, help and messages from here and never
spells one itself, so the page can be reworded (or translated) in this one file, and the tests
compare the page with these texts rather than with English words. A ``{name}`` is filled in by
the app with ``str.format``; keep each one when rewording. Labels of the data's columns come from
``dataset.json``.
"""

from typing import Final

TEXT: Final[dict[str, str]] = {
    # --- loading
    "reading_data": "Reading the data...",
    "loading_model": "Loading the model...",
    "fetching_model": "Fetching the model...",
    "model_unloadable": "Could not load the model `{path}`: {error}",
    "model_unfetchable": "Could not fetch the model `{uri}`: {error}",
    "model_uri_unservable": "MODEL_URI={uri} cannot be served: {reason}",
    "no_registry_module": "the package has no registry module (it comes with the production phase)",
    "mlflow_missing": "{module} is missing (install the mlflow extra: uv sync --extra mlflow)",
    # --- sidebar
    "about": "About",
    "about_text": (
        "Predicts {target} from the features of the {data} data with the scikit-learn model "
        "trained by the project's pipeline, and shows the data it learnt from."
    ),
    "about_facts": (
        "- **Data**: `{source}`\n- **Model**: `{model}`\n- **Package**: `{package}` {version}"
    ),
    "packaged_sample": "the packaged sample",
    "about_caption": "The data is described in `dataset.json`. Retrain with `{command}`.",
    # --- data overview
    "rows": "Rows",
    "columns": "Columns",
    "missing_values": "Missing values",
    "rows_per_target": "Rows per {target}",
    "rows_column": "rows",
    "share_column": "share (%)",
    "column_column": "column",
    "missing_column": "missing",
    "no_target_column": "The data has no `{target}` column.",
    "chart_title": "{x} and {y}",
    "chart_needs_columns": "The chart needs the columns {columns}.",
    "first_rows": "First rows",
    # --- model
    "model_trained": "Model `{model}`, trained {at} with parameters `{params}`.",
    "model_trained_unknown": (
        "Model `{model}`, trained at an unknown time with parameters `{params}`."
    ),
    "no_metrics": "No metrics yet: `{command}` writes them to `OUTPUT_DIR/{metrics}`.",
    "test_accuracy": "Test accuracy",
    "f1_macro": "F1 (macro)",
    "cv_accuracy": "Cross-validated accuracy",
    "test_mae": "Test MAE",
    "test_rmse": "Test RMSE",
    "test_r2": "Test R²",
    "test_rows": "Test rows",
    "per_class": "Per class",
    "confusion_matrix": "Confusion matrix (rows: true, columns: predicted)",
    "model_metadata": "Model metadata",
    # --- prediction form
    "unknown": "(unknown)",
    "yes": "Yes",
    "no": "No",
    "predict": "Predict",
    "imputed_hint": "Fields left {unknown} are imputed by the model.",
    "predicted": "Predicted {target}",
    "probability_delta": "{share:.0%} probability",
    "probability_column": "probability",
    "probability_title": "Probability",
    # --- the page
    "invalid_settings": "Invalid settings (check the environment and `.env`): {error}",
    "no_model_warning": (
        "No trained model at `{path}`. Train one with `{command}`, then reload this page. The data "
        "overview works meanwhile."
    ),
    "tab_prediction": "Prediction",
    "tab_data": "Data",
    "tab_model": "Model",
    "form_waits_for_model": "The prediction form appears once a model is available.",
    "data_unreadable": "Could not read the data: {error}",
    "no_model_yet": "No model yet: `{command}` trains and evaluates one.",
    # --- a page added with `create-livrable add page` (its stub)
    "page_glance": "The data has {rows} rows and {columns} columns.",
}
