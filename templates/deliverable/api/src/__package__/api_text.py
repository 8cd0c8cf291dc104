"""Every text the API shows to people, in the project's language.

The OpenAPI document (``/docs``, ``/openapi.json``: the title, the description, each endpoint's
summary and description, each schema and field description) and the ``detail`` of the error
answers are read from here; :mod:`.api` never spells one itself, so the API can be reworded (or
translated) in this one file, and the tests compare answers with these texts rather than with
English words. A ``{name}`` is filled in with ``str.format``; keep each one when rewording. The
descriptions of the data's columns come from ``dataset.json``.
"""

from typing import Final

TEXT: Final[dict[str, str]] = {
    # --- the document
    "title": "{package} API",
    "description": (
        "Predicts {target} ({task}) from the features of the {data} data, as described in the "
        "package's `dataset.json`.\n\n- `POST /predict` predicts a batch of 1 to {max_batch} "
        "records and returns, for each, the prediction (and, for a classification, the probability "
        "of every class).\n- `GET /model` describes the model being served (training date, "
        "parameters, scores).\n- `GET /health` tells whether the service is alive (liveness: 200 "
        "with or without a model).\n- `GET /ready` answers 200 with the model being served, 503 "
        "while there is none (readiness).\n- `POST /reload` loads the model again from `MODEL_URI` "
        "or `MODEL_PATH` (bearer `RELOAD_TOKEN`).\n\nInvalid input is answered with 422 and the "
        "first problems found, each with a short excerpt; a body that cannot be read as text gets "
        "400. 503 means no model is loaded: train one with `python -m {package}.pipeline` (or "
        "promote one in the registry) and reload."
    ),
    "task_classification": "classification",
    "task_regression": "regression",
    "tag_service": "Whether the service is alive and ready; reloading its model.",
    "tag_model": "Predictions, and the model that makes them.",
    "response_ok": "Successful answer.",
    # --- endpoints
    "health_summary": "Liveness",
    "health_description": (
        "200 whenever the process answers, with or without a model (see `/ready`)."
    ),
    "ready_summary": "Readiness",
    "ready_description": "200 with the model being served, 503 while there is none to serve.",
    "reload_summary": "Reload the model",
    "reload_description": (
        "Loads the model again from `MODEL_URI` (or `MODEL_PATH`), e.g. after a promotion. Needs "
        "`Authorization: Bearer <RELOAD_TOKEN>`. On failure the model served so far stays."
    ),
    "predict_summary": "Predict",
    "predict_description": (
        "Predicts each record of the batch: a class with the probability of every class, or a "
        "number for a regression."
    ),
    "model_summary": "The model served",
    "model_description": "When the model was trained, its parameters, scores and classes.",
    "metrics_summary": "Prometheus metrics",
    "metrics_description": (
        "The service's metrics (requests, latencies, predictions) for Prometheus."
    ),
    "metrics_response": "Metrics, as text.",
    # --- answers other than 200
    "no_model_response": "No model is loaded: train one with the pipeline and restart the API.",
    "unreadable_body_response": "The body could not be read as text (not UTF-8, for instance).",
    "invalid_body_response": (
        "The body is not valid JSON or does not match the schema: the first {max_errors} problems, "
        "each with a short excerpt of the offending value."
    ),
    "wrong_token_response": "Missing or wrong bearer token.",
    "reload_disabled_response": "Reloading is disabled: RELOAD_TOKEN is not set.",
    "reload_failed_response": (
        "The model could not be loaded; the one served before, if any, stays."
    ),
    # --- schemas
    "schema_record": "The features of one record (one row of the model's input).",
    "schema_prediction_request": "A batch of records to predict.",
    "schema_class_prediction": (
        "The predicted class of one record and the probability of every class."
    ),
    "schema_value_prediction": "The predicted value of one record.",
    "schema_prediction_response": "Predictions for a batch, in the order of the request's records.",
    "schema_health": "Liveness of the service, and whether a model is loaded (see `/ready`).",
    "schema_readiness": "The model being served, when the API is ready to predict.",
    "schema_validation_problem": "One reason why the request was rejected.",
    "schema_validation_failure": "Body of a 422 answer: the first problems found, and how many.",
    "schema_model_info": "What the loaded model is: training date, parameters, scores, classes.",
    "schema_error": "Body of an error answer such as 503.",
    # --- fields
    "field_nullable": "Null when unknown (the model imputes it).",
    "field_seen_values": "Seen in training: {values} (others are accepted).",
    "field_records": "Between 1 and {max_batch} records; predictions come back in order.",
    "field_predicted_class": "Most probable value of {target}.",
    "field_probabilities": "Probability of each class; they sum to 1.",
    "field_predicted_value": "Predicted value of {target}.",
    "field_request_id": "Identifier of this call, also in the prediction log.",
    "field_model_trained_at": "When the model answering was trained.",
    "field_status": "'ok' when a model is loaded, 'degraded' when the API runs without one.",
    "field_model_loaded": "Whether a model is loaded.",
    "field_version": "Version of the package serving the API.",
    "field_detail": "Why no model is loaded, if so.",
    "field_ready": "Always true: an API without a model answers 503 instead.",
    "field_model_source": "MODEL_URI, or MODEL_PATH when MODEL_URI is unset.",
    "field_model_version": (
        "Version in the model registry, when served from MLflow; null otherwise."
    ),
    "field_trained_at": "When the model was trained.",
    "field_loc": "Where the problem is, e.g. body, records, 0, sex.",
    "field_msg": "What is wrong (the validator's words).",
    "field_type": "Kind of problem (the validator's code).",
    "field_input": (
        "The offending value, cut to {max_chars} characters; non-finite numbers and containers are "
        "given as text."
    ),
    "field_problems": "At most {max_errors} problems, in the order they were found.",
    "field_error_count": "Number of problems found, reported or not.",
    "field_model_path": "File the model was loaded from.",
    "field_package_version": "Package version that trained the model.",
    "field_target": "Column the model predicts.",
    "field_features": "Columns the model reads, in order.",
    "field_classes": "Classes the model can answer (empty for a regression).",
    "field_params": "Hyper-parameters chosen by cross-validation.",
    "field_cv_score": "Best cross-validated score.",
    "field_scoring": "Metric of the cross-validated score.",
    "field_test_metrics": (
        "Scores on the held-out test set (metrics/metrics.json), when they were computed for this "
        "very model; null otherwise."
    ),
    "field_error_detail": "What went wrong, and what to do.",
    # --- the detail of error answers, and why no model is loaded
    "no_model_loaded": (
        "No model loaded: {error}. Train one with `uv run python -m {package}.pipeline` (or "
        "promote one in the registry named by MODEL_URI), then restart the API or call POST "
        "/reload."
    ),
    "reload_disabled": "Reloading is disabled: set RELOAD_TOKEN.",
    "wrong_token": "Missing or wrong bearer token.",
    "reload_failed": "Reload failed: {error}",
    "no_lifespan": "the application was started without its lifespan",
    "model_file_missing": "no model file at {path} (run the pipeline first)",
    "model_unloadable": "cannot load {path}: {error}",
    "model_unfetchable": "cannot fetch {uri}: {error}",
    "model_uri_unservable": "MODEL_URI={uri} cannot be served: {reason}",
    "no_registry_module": "the package has no registry module (it comes with the production phase)",
    "mlflow_missing": "{module} is missing (install the mlflow extra: uv sync --extra mlflow)",
}
