"""Endpoints added with ``create-livrable add endpoint``: one module each, with a ``router``.

The API installs this package as one of its ``EXTENSIONS``: ``install(app)`` includes the router
of every module of ``MODULES``, in order (``add endpoint`` appends to it), documenting the API's
own error answers for each (its handlers answer an unreadable or invalid body for every route).
"""

import importlib

from fastapi import FastAPI

#: Endpoint modules of this package, each with an ``APIRouter`` named ``router``.
MODULES: list[str] = [
]


def install(app: FastAPI) -> None:
    """Include the router of every module of ``MODULES`` in ``app``."""
    # Imported here, not at the top: the API imports this package while it builds its application,
    # and this package may be imported first (``from <package>.endpoints import <name>``).
    from .. import api

    for name in MODULES:
        module = importlib.import_module(f".{name}", __name__)
        app.include_router(module.router, responses=api.BODY_ERRORS)
