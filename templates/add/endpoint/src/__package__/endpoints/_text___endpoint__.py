"""Every text one added endpoint shows to people, in the project's language.

Its OpenAPI documentation (``/docs``: the summary, the description, each schema's and each
field's description) is read from here, as the API's own texts are read from ``api_text.py``;
reword (or translate) them in this one file when the endpoint does what it is meant to.
"""

from typing import Final

TEXT: Final[dict[str, str]] = {
    "summary": "Measure a text (stub)",
    "description": (
        "A stub to replace: it answers with the number of characters of the text it is sent. "
        "Say here what the endpoint computes."
    ),
    "schema_request": "What the endpoint reads.",
    "schema_response": "What the endpoint answers.",
    "field_text": "The text to answer about.",
    "field_endpoint": "The endpoint that answered.",
    "field_length": "Number of characters of the text received.",
}
