"""Produce the document on demand: run the pipeline, render with Quarto, collect the result.

Usage (the container image's command)::

    python -m <package>.render [--skip-pipeline] [--dest DIR]

The pipeline runs first (up-to-date steps are skipped), then ``quarto render`` on the Quarto
project (``report/`` or ``website/``), then the rendered files are copied to ``DIR`` (default
``OUTPUT_DIR/site``), ready to publish as a static site. Quarto is not a Python package: it must
be on ``PATH`` (the image installs it; elsewhere see https://quarto.org/docs/get-started/).

Exit codes: 0 success, 1 the pipeline or the render failed, 2 usage error, 3 Quarto not found.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import get_settings
from .dag import MissingInputsError, StepFailedError
from .logging_config import configure_logging
from .pipeline import run

logger = logging.getLogger(__name__)

PACKAGE = __package__ or __name__.rpartition(".")[0]
#: Folders that may hold the Quarto project, in the order they are looked for.
PROJECT_DIRS = ("report", "website")
SITE_DIR = "site"


class QuartoNotFoundError(RuntimeError):
    """The ``quarto`` command is not on ``PATH``."""


def find_project(root: Path) -> Path:
    """Return the Quarto project folder under ``root`` (the one holding ``_quarto.yml``).

    Raises:
        FileNotFoundError: if neither ``report/`` nor ``website/`` holds a ``_quarto.yml``.
    """
    for name in PROJECT_DIRS:
        if (root / name / "_quarto.yml").is_file():
            return root / name
    msg = f"no Quarto project ({' or '.join(f'{n}/_quarto.yml' for n in PROJECT_DIRS)}) in {root}"
    raise FileNotFoundError(msg)


def quarto_executable() -> str:
    """Return the path of ``quarto``.

    Raises:
        QuartoNotFoundError: if it is not on ``PATH``.
    """
    found = shutil.which("quarto")
    if found is None:
        msg = "quarto not found on PATH: install it (https://quarto.org/docs/get-started/)"
        raise QuartoNotFoundError(msg)
    return found


def render(project: Path) -> None:
    """Run ``quarto render`` on ``project``.

    Raises:
        QuartoNotFoundError: if Quarto is not installed.
        subprocess.CalledProcessError: if the render fails (Quarto printed why).
    """
    command = [quarto_executable(), "render", str(project)]
    logger.info("rendering: %s", " ".join(command))
    subprocess.run(command, check=True)


def collect(project: Path, dest: Path) -> list[Path]:
    """Copy the rendered files of ``project`` to ``dest`` (replaced) and return what was copied.

    A website's output folder (``_site/``) is copied whole; for a report, every ``*.html`` with
    its ``*_files/`` folder, the first page doubling as ``index.html``.

    Raises:
        FileNotFoundError: if the project holds no rendered output.
    """
    if dest.exists():
        shutil.rmtree(dest)
    site = project / "_site"
    if site.is_dir():
        shutil.copytree(site, dest)
        return sorted(path for path in dest.rglob("*") if path.is_file())
    pages = sorted(project.glob("*.html"))
    if not pages:
        msg = f"no rendered output in {project} (expected _site/ or *.html)"
        raise FileNotFoundError(msg)
    dest.mkdir(parents=True)
    copied = [Path(shutil.copy2(page, dest)) for page in pages]
    for resources in sorted(project.glob("*_files")):
        shutil.copytree(resources, dest / resources.name)
    if not (dest / "index.html").exists():
        copied.append(Path(shutil.copy2(pages[0], dest / "index.html")))
    return copied


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}.render",
        description="Run the pipeline, render the Quarto project and collect the static site.",
    )
    parser.add_argument(
        "--skip-pipeline", action="store_true", help="render from the existing artifacts"
    )
    parser.add_argument(
        "--dest", type=Path, help="where to copy the site (default OUTPUT_DIR/site)"
    )
    parser.add_argument("--root", type=Path, default=Path(), help="project root (default: cwd)")
    args = parser.parse_args(argv)
    configure_logging("INFO")
    settings = get_settings()
    configure_logging(settings.log_level)
    try:
        project = find_project(args.root)
    except FileNotFoundError as exc:
        logger.error("%s", exc)
        return 2
    if not args.skip_pipeline:
        try:
            run(settings=settings)
        except (MissingInputsError, StepFailedError):
            logger.error("the pipeline failed: nothing rendered")
            return 1
    try:
        render(project)
        copied = collect(project, args.dest or settings.output_dir / SITE_DIR)
    except QuartoNotFoundError as exc:
        logger.error("%s", exc)
        return 3
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        logger.error("render failed: %s", exc)
        return 1
    logger.info(
        "site ready: %d file(s) in %s", len(copied), args.dest or settings.output_dir / SITE_DIR
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
