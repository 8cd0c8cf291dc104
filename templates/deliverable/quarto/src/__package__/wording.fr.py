"""The words the documents' tables and figures show, in the documents' language (French).

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
    "column": "colonne",
    "label": "libellé",
    "role": "rôle",
    "kind": "nature",
    "values": "valeurs",
    "value": "valeur",
    "item": "élément",
    "count": "effectif",
    "missing": "manquantes",
    "share": "part",
    "mean": "moyenne",
    "std": "écart-type",
    "min": "min",
    "median": "médiane",
    "max": "max",
    "metric": "score",
    "precision": "précision",
    "recall": "rappel",
    "f1": "F1",
    "support": "lignes de test",
    "probability": "probabilité",
    "prediction": "prédiction",
    "parameters": "paramètres",
    "mean_score": "score moyen",
    "confusion_corner": "réel \u2193 / prédit \u2192",
    # Roles and kinds of the columns.
    "role_target": "cible",
    "role_feature": "variable",
    "role_id": "identifiant de ligne",
    "role_ignored": "ignorée",
    "kind_numeric": "nombre",
    "kind_integer": "nombre entier",
    "kind_categorical": "catégorie",
    "kind_boolean": "oui/non",
    "kind_labels": "classe",
    "yes": "oui",
    "no": "non",
    "may_be_missing": "peut manquer",
    "range": "de {low} à {high}",
    "missing_value": "(manquante)",
    "other_values": "(autres)",
    # Validation report.
    "checks_passed": "contrôles réussis",
    "checks_run": "contrôles exécutés",
    "rows_read": "lignes lues",
    "rows_kept": "lignes gardées",
    "rows_dropped": "lignes écartées (sans cible, identifiant répété)",
    "max_missing": "part maximale de valeurs manquantes par variable",
    # Scores.
    "accuracy": "exactitude (jeu de test)",
    "f1_macro": "F1 macro (jeu de test)",
    "cv_accuracy": "exactitude (validation croisée, jeu d\u2019entraînement)",
    "mae": "erreur absolue moyenne (jeu de test)",
    "rmse": "racine de l\u2019erreur quadratique moyenne (jeu de test)",
    "r2": "R\u00b2 (jeu de test)",
    "cv_r2": "R\u00b2 (validation croisée, jeu d\u2019entraînement)",
    # The model.
    "trained_at": "entraîné le (UTC)",
    "package_version": "version du paquet",
    "tuned_parameters": "paramètres réglés",
    "cv_score": "score en validation croisée",
    "cv_score_value": "{score} ({scoring}, {folds} plis)",
    "training_rows": "lignes d\u2019entraînement",
    "test_rows": "lignes de test",
    "features": "variables",
    "classes": "classes",
    "training_sha": "SHA-256 des données d\u2019entraînement",
    "versions": "versions",
    "not_available": "n.\u00a0d.",
    # How numbers are written: decimal mark, thousands mark (none: no grouping), percent.
    "decimal_mark": ",",
    "thousands_mark": "\u202f",
    "percent": "\u202f%",
    # The focus of a report.
    "rows_in_data": "lignes dans les données",
    "share_of_data": "part des données",
    "test_scores": "scores de test",
    "not_in_test_set": "absente du jeu de test",
    "test_precision": "précision de test",
    "test_recall": "rappel de test",
    "test_f1": "F1 de test",
    # The report's opening sentences (Markdown).
    "intro_focus": (
        "Ce rapport regarde de près les lignes dont la valeur de «\u202f{target}\u202f» est "
        "**{focus}**."
    ),
    "intro_trained": (
        "Il a été calculé à partir des données et des artefacts du modèle entraîné le {date} (UTC)."
    ),
    # Figures.
    "number_of_rows": "Nombre de lignes",
    "distribution_of": "Distribution de {column}",
    "numeric_distributions": "Distribution des colonnes numériques",
    "by_class": "{column} selon {target}",
    "against": "{y} en fonction de {x}",
    "first_of": "(les {shown} premières sur {total})",
    "nothing_to_draw": "Aucune {what} dans ces données.",
    "numeric_columns": "colonne numérique",
    "categorical_columns": "colonne catégorielle ou oui/non",
    "predicted": "Valeur prédite ({target})",
    "true": "Valeur réelle ({target})",
    "confusion_title": "Matrice de confusion (jeu de test)",
    "predicted_vs_true": "Prédictions en fonction des valeurs réelles (jeu de test)",
    "perfect_prediction": "prédiction parfaite",
    "rows": "Lignes",
    "rows_per_value": "Lignes par valeur",
}
