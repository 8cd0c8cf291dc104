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
    "reading_data": "Lecture des données…",
    "loading_model": "Chargement du modèle…",
    "fetching_model": "Récupération du modèle…",
    "model_unloadable": "Impossible de charger le modèle `{path}` : {error}",
    "model_unfetchable": "Impossible de récupérer le modèle `{uri}` : {error}",
    "model_uri_unservable": "MODEL_URI={uri} ne peut pas être servi : {reason}",
    "no_registry_module": (
        "le paquet n’a pas de module registry (il arrive avec la phase de production)"
    ),
    "mlflow_missing": "{module} manque (installez l’extra mlflow : uv sync --extra mlflow)",
    # --- sidebar
    "about": "À propos",
    "about_text": (
        "Prédit « {target} » à partir des variables des données « {data} » avec le modèle "
        "scikit-learn entraîné par le pipeline du projet, et montre les données dont il a appris."
    ),
    "about_facts": (
        "- **Données** : `{source}`\n- **Modèle** : `{model}`\n- **Paquet** : `{package}` {version}"
    ),
    "packaged_sample": "l’échantillon fourni avec le paquet",
    "about_caption": (
        "Les données sont décrites dans `dataset.json`. Pour réentraîner : `{command}`."
    ),
    # --- data overview
    "rows": "Lignes",
    "columns": "Colonnes",
    "missing_values": "Valeurs manquantes",
    "rows_per_target": "Lignes par {target}",
    "rows_column": "lignes",
    "share_column": "part (%)",
    "column_column": "colonne",
    "missing_column": "manquantes",
    "no_target_column": "Les données n’ont pas de colonne `{target}`.",
    "chart_title": "{x} et {y}",
    "chart_needs_columns": "Le graphique a besoin des colonnes {columns}.",
    "first_rows": "Premières lignes",
    # --- model
    "model_trained": "Modèle `{model}`, entraîné le {at} avec les paramètres `{params}`.",
    "model_trained_unknown": (
        "Modèle `{model}`, entraîné à une date inconnue avec les paramètres `{params}`."
    ),
    "no_metrics": "Pas encore de métriques : `{command}` les écrit dans `OUTPUT_DIR/{metrics}`.",
    "test_accuracy": "Exactitude (test)",
    "f1_macro": "F1 (macro)",
    "cv_accuracy": "Exactitude (validation croisée)",
    "test_mae": "MAE (test)",
    "test_rmse": "RMSE (test)",
    "test_r2": "R² (test)",
    "test_rows": "Lignes de test",
    "per_class": "Par classe",
    "confusion_matrix": "Matrice de confusion (lignes : classe réelle, colonnes : classe prédite)",
    "model_metadata": "Métadonnées du modèle",
    # --- prediction form
    "unknown": "(inconnu)",
    "yes": "Oui",
    "no": "Non",
    "predict": "Prédire",
    "imputed_hint": "Les champs laissés à {unknown} sont imputés par le modèle.",
    "predicted": "Prédiction ({target})",
    "probability_delta": "probabilité de {share:.0%}",
    "probability_column": "probabilité",
    "probability_title": "Probabilité",
    # --- the page
    "invalid_settings": "Réglages invalides (vérifiez l’environnement et `.env`) : {error}",
    "no_model_warning": (
        "Aucun modèle entraîné à `{path}`. Entraînez-en un avec `{command}`, puis rechargez cette "
        "page. L’aperçu des données fonctionne en attendant."
    ),
    "tab_prediction": "Prédiction",
    "tab_data": "Données",
    "tab_model": "Modèle",
    "form_waits_for_model": "Le formulaire de prédiction apparaît dès qu’un modèle est disponible.",
    "data_unreadable": "Impossible de lire les données : {error}",
    "no_model_yet": "Pas encore de modèle : `{command}` en entraîne et en évalue un.",
    # --- a page added with `create-livrable add page` (its stub)
    "page_glance": "Les données ont {rows} lignes et {columns} colonnes.",
}
