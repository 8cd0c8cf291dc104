"""What the website's API page (``website/api.qmd``) hands to its Observable JS cells.

The page calls the API from the reader's browser, so the site only needs to know where the API
is: ``API_URL`` when the site is rendered (default: the API started locally with
``uv run uvicorn <package>.api:app --host 127.0.0.1 --port 8000``). The API lets the page's
origin call it through :mod:`.cross_origin`.
"""

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
