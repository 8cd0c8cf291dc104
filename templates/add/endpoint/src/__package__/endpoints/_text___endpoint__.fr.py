"""Every text one added endpoint shows to people, in the project's language.

Its OpenAPI documentation (``/docs``: the summary, the description, each schema's and each
field's description) is read from here, as the API's own texts are read from ``api_text.py``;
reword (or translate) them in this one file when the endpoint does what it is meant to.
"""

from typing import Final

TEXT: Final[dict[str, str]] = {
    "summary": "Mesurer un texte (ébauche)",
    "description": (
        "Une ébauche à remplacer : ce point d’accès répond par le nombre de caractères du "
        "texte qu’il reçoit. Dites ici ce qu’il calcule."
    ),
    "schema_request": "Ce que lit le point d’accès.",
    "schema_response": "Ce que répond le point d’accès.",
    "field_text": "Le texte sur lequel répondre.",
    "field_endpoint": "Le point d’accès qui a répondu.",
    "field_length": "Nombre de caractères du texte reçu.",
}
