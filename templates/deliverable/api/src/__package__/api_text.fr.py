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
    "title": "API {package}",
    "description": (
        "Prédit « {target} » ({task}) à partir des variables des données « {data} », telles que "
        "les décrit le `dataset.json` du paquet.\n\n- `POST /predict` prédit un lot de 1 à "
        "{max_batch} enregistrements et renvoie, pour chacun, la prédiction (et, pour une "
        "classification, la probabilité de chaque classe).\n- `GET /model` décrit le modèle servi "
        "(date d’entraînement, paramètres, scores).\n- `GET /health` dit si le service est vivant "
        "(vivacité : 200 avec ou sans modèle).\n- `GET /ready` répond 200 avec le modèle servi, "
        "503 tant qu’il n’y en a pas (disponibilité).\n- `POST /reload` recharge le modèle depuis "
        "`MODEL_URI` ou `MODEL_PATH` (jeton `RELOAD_TOKEN`).\n\nUne entrée invalide reçoit 422 et "
        "les premiers problèmes trouvés, chacun avec un court extrait ; un corps illisible comme "
        "texte reçoit 400. 503 signifie qu’aucun modèle n’est chargé : entraînez-en un avec "
        "`python -m {package}.pipeline` (ou promouvez-en un dans le registre), puis rechargez."
    ),
    "task_classification": "classification",
    "task_regression": "régression",
    "tag_service": "Le service est-il vivant et prêt ? Recharger son modèle.",
    "tag_model": "Les prédictions, et le modèle qui les fait.",
    "response_ok": "Réponse en cas de succès.",
    # --- endpoints
    "health_summary": "Vivacité",
    "health_description": "200 dès que le processus répond, avec ou sans modèle (voir `/ready`).",
    "ready_summary": "Disponibilité",
    "ready_description": "200 avec le modèle servi, 503 tant qu’il n’y en a aucun à servir.",
    "reload_summary": "Recharger le modèle",
    "reload_description": (
        "Recharge le modèle depuis `MODEL_URI` (ou `MODEL_PATH`), par exemple après une promotion. "
        "Demande `Authorization: Bearer <RELOAD_TOKEN>`. En cas d’échec, le modèle servi jusque-là "
        "reste en place."
    ),
    "predict_summary": "Prédire",
    "predict_description": (
        "Prédit chaque enregistrement du lot : une classe avec la probabilité de chaque classe, ou "
        "un nombre pour une régression."
    ),
    "model_summary": "Le modèle servi",
    "model_description": (
        "Quand le modèle a été entraîné, ses paramètres, ses scores et ses classes."
    ),
    "metrics_summary": "Métriques Prometheus",
    "metrics_description": (
        "Les métriques du service (requêtes, latences, prédictions) pour Prometheus."
    ),
    "metrics_response": "Les métriques, en texte.",
    # --- answers other than 200
    "no_model_response": (
        "Aucun modèle n’est chargé : entraînez-en un avec le pipeline et redémarrez l’API."
    ),
    "unreadable_body_response": (
        "Le corps n’a pas pu être lu comme du texte (pas en UTF-8, par exemple)."
    ),
    "invalid_body_response": (
        "Le corps n’est pas du JSON valide ou ne respecte pas le schéma : les {max_errors} "
        "premiers problèmes, chacun avec un court extrait de la valeur fautive."
    ),
    "wrong_token_response": "Jeton d’accès absent ou erroné.",
    "reload_disabled_response": "Le rechargement est désactivé : RELOAD_TOKEN n’est pas défini.",
    "reload_failed_response": (
        "Le modèle n’a pas pu être chargé ; celui servi auparavant, s’il y en a un, reste en place."
    ),
    # --- schemas
    "schema_record": "Les variables d’un enregistrement (une ligne de l’entrée du modèle).",
    "schema_prediction_request": "Un lot d’enregistrements à prédire.",
    "schema_class_prediction": (
        "La classe prédite d’un enregistrement et la probabilité de chaque classe."
    ),
    "schema_value_prediction": "La valeur prédite d’un enregistrement.",
    "schema_prediction_response": (
        "Les prédictions d’un lot, dans l’ordre des enregistrements de la requête."
    ),
    "schema_health": "La vivacité du service, et si un modèle est chargé (voir `/ready`).",
    "schema_readiness": "Le modèle servi, quand l’API est prête à prédire.",
    "schema_validation_problem": "Une raison du refus de la requête.",
    "schema_validation_failure": (
        "Corps d’une réponse 422 : les premiers problèmes trouvés, et leur nombre."
    ),
    "schema_model_info": (
        "Ce qu’est le modèle chargé : date d’entraînement, paramètres, scores, classes."
    ),
    "schema_error": "Corps d’une réponse d’erreur, comme 503.",
    # --- fields
    "field_nullable": "Null quand la valeur est inconnue (le modèle l’impute).",
    "field_seen_values": "Valeurs vues à l’entraînement : {values} (d’autres sont acceptées).",
    "field_records": (
        "Entre 1 et {max_batch} enregistrements ; les prédictions reviennent dans l’ordre."
    ),
    "field_predicted_class": "Valeur la plus probable de « {target} ».",
    "field_probabilities": "Probabilité de chaque classe ; leur somme vaut 1.",
    "field_predicted_value": "Valeur prédite de « {target} ».",
    "field_request_id": "Identifiant de cet appel, repris dans le journal des prédictions.",
    "field_model_trained_at": "Date d’entraînement du modèle qui répond.",
    "field_status": (
        "« ok » quand un modèle est chargé, « degraded » quand l’API tourne sans modèle."
    ),
    "field_model_loaded": "Un modèle est-il chargé ?",
    "field_version": "Version du paquet qui sert l’API.",
    "field_detail": "Pourquoi aucun modèle n’est chargé, le cas échéant.",
    "field_ready": "Toujours vrai : une API sans modèle répond 503 à la place.",
    "field_model_source": "MODEL_URI, ou MODEL_PATH quand MODEL_URI n’est pas défini.",
    "field_model_version": (
        "Version dans le registre de modèles, quand il est servi depuis MLflow ; null sinon."
    ),
    "field_trained_at": "Date d’entraînement du modèle.",
    "field_loc": "Où se trouve le problème, par exemple body, records, 0, sex.",
    "field_msg": "Ce qui ne va pas (les mots du validateur).",
    "field_type": "Genre de problème (le code du validateur).",
    "field_input": (
        "La valeur fautive, coupée à {max_chars} caractères ; les nombres non finis et les "
        "conteneurs sont donnés en texte."
    ),
    "field_problems": "Au plus {max_errors} problèmes, dans l’ordre où ils ont été trouvés.",
    "field_error_count": "Nombre de problèmes trouvés, signalés ou non.",
    "field_model_path": "Fichier d’où le modèle a été chargé.",
    "field_package_version": "Version du paquet qui a entraîné le modèle.",
    "field_target": "Colonne que le modèle prédit.",
    "field_features": "Colonnes que le modèle lit, dans l’ordre.",
    "field_classes": "Classes que le modèle peut répondre (vide pour une régression).",
    "field_params": "Hyperparamètres choisis par validation croisée.",
    "field_cv_score": "Meilleur score en validation croisée.",
    "field_scoring": "Métrique du score en validation croisée.",
    "field_test_metrics": (
        "Scores sur le jeu de test mis de côté (metrics/metrics.json), quand ils ont été calculés "
        "pour ce modèle précis ; null sinon."
    ),
    "field_error_detail": "Ce qui a échoué, et que faire.",
    # --- the detail of error answers, and why no model is loaded
    "no_model_loaded": (
        "Aucun modèle chargé : {error}. Entraînez-en un avec `uv run python -m {package}.pipeline` "
        "(ou promouvez-en un dans le registre que nomme MODEL_URI), puis redémarrez l’API ou "
        "appelez POST /reload."
    ),
    "reload_disabled": "Le rechargement est désactivé : définissez RELOAD_TOKEN.",
    "wrong_token": "Jeton d’accès absent ou erroné.",
    "reload_failed": "Échec du rechargement : {error}",
    "no_lifespan": "l’application a été démarrée sans son cycle de vie (lifespan)",
    "model_file_missing": "aucun fichier de modèle à {path} (lancez d’abord le pipeline)",
    "model_unloadable": "impossible de charger {path} : {error}",
    "model_unfetchable": "impossible de récupérer {uri} : {error}",
    "model_uri_unservable": "MODEL_URI={uri} ne peut pas être servi : {reason}",
    "no_registry_module": (
        "le paquet n’a pas de module registry (il arrive avec la phase de production)"
    ),
    "mlflow_missing": "{module} manque (installez l’extra mlflow : uv sync --extra mlflow)",
}
