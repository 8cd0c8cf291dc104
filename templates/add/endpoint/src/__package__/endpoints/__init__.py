"""Endpoints added with ``create-livrable add endpoint``: one module each, with a ``router``.

The API installs this package as one of its ``EXTENSIONS``: ``install(app)`` includes the router
of every module of ``MODULES``, in order (``add endpoint`` appends to it).
"""

import importlib

from fastapi import FastAPI

#: Endpoint modules of this package, each with an ``APIRouter`` named ``router``.
MODULES: list[str] = [
]


def install(app: FastAPI) -> None:
    """Include the router of every module of ``MODULES`` in ``app``."""
    for name in MODULES:
        module = importlib.import_module(f".{name}", __name__)
        app.include_router(module.router)
