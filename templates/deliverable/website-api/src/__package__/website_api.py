"""What the website's API page (``website/api.qmd``) hands to its Observable JS cells.

The page calls the API from the reader's browser, so the site only needs to know where the API
is: ``API_URL`` when the site is rendered (default: the API started locally with
``uv run uvicorn <package>.api:app --host 127.0.0.1 --port 8000``). The API lets the page's
origin call it through :mod:`.cross_origin`.

The values reach Observable JS as the ``<script type="ojs-define">`` element Quarto's own
``ojs_define()`` writes, printed by the page's Python cell as HTML: ``ojs_define()`` is a notebook
display output, for which Quarto adds require.js and jQuery from a CDN to the page.
"""

import json
import os
from typing import Any, Final

from .schema import EXAMPLE

DEFAULT_API_URL: Final = "http://127.0.0.1:8000"
#: The routes the page calls; ``tests/test_website_api.py`` checks that the API has each.
ROUTES: Final = ("/health", "/predict")


def api_url() -> str:
    """The API's base URL, without a trailing slash.

    Raises:
        ValueError: ``API_URL`` is not an http(s) URL (the browser could not fetch it).
    """
    url = os.environ.get("API_URL", "").strip() or DEFAULT_API_URL
    if not url.startswith(("http://", "https://")):
        msg = f"API_URL must start with http:// or https://, not {url!r}"
        raise ValueError(msg)
    return url.rstrip("/")


def page_values() -> dict[str, Any]:
    """The values the page's Observable JS reads: the API's URL and an example record."""
    return {"api_url": api_url(), "example": dict(EXAMPLE)}


def ojs_define_script() -> str:
    """The page's values as the element Quarto's Observable JS runtime reads them from.

    Every ``<`` is written ``\\u003c`` (the same JSON string), so no value can close the element
    or open a comment in it.
    """
    contents = [{"name": name, "value": value} for name, value in page_values().items()]
    payload = json.dumps({"contents": contents}).replace("<", "\\u003c")
    return f'<script type="ojs-define">{payload}</script>'
