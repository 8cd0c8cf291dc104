"""Cross-origin requests: the website's API page calls the API from the reader's browser.

A browser lets a page call another origin only when that origin says so (CORS). The API allows
the local previews (``quarto preview`` on localhost or 127.0.0.1, any port) and the origins
listed in ``CORS_ORIGINS`` (comma-separated, e.g. the published site's). Only what the page
needs is allowed: ``GET`` and ``POST`` with a JSON body, no credentials.
"""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The origins of a local preview of the website.
LOOPBACK_ORIGINS = r"https?://(localhost|127\.0\.0\.1)(:\d+)?"


class CrossOriginSettings(BaseSettings):
    """Which other origins may call the API, from the environment or ``.env``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    cors_origins: str = Field(
        default="",
        description="Comma-separated origins allowed besides the local previews "
        "(e.g. https://user.github.io).",
    )

    def origins(self) -> list[str]:
        """The listed origins, without blanks or trailing slashes (a browser sends none)."""
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]


def install(app: FastAPI, settings: CrossOriginSettings | None = None) -> None:
    """Answer the browser's cross-origin checks for the allowed origins (api.py's extension)."""
    settings = settings or CrossOriginSettings()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.origins(),
        allow_origin_regex=LOOPBACK_ORIGINS,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
    )
