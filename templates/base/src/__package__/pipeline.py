"""The pipeline, defined once as data: ingest -> validate -> split -> train -> evaluate.

``STEPS`` is the single source of truth: the CLI runs it and :func:`graph` exports it
(``--graph``) for orchestrators such as Argo Workflows. Artifact paths are relative to
``OUTPUT_DIR``.

Usage::

    python -m <package>.pipeline                    # every step, in dependency order
    python -m <package>.pipeline --step train [--force]
    python -m <package>.pipeline --list | --graph

Up-to-date steps are skipped (see :mod:`.dag`). Exit codes: 0 success, 1 a step failed,
2 usage error (bad arguments or settings, missing inputs for ``--step``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from .config import Settings, get_settings
from .dag import (
    MissingInputsError,
    RunContext,
    Step,
    StepFailedError,
    StepStatus,
    check_graph,
    graph_of,
    run_steps,
    topological_order,
    write_json,
)
from .data_io import file_sha256, load_raw, read_parquet, source_fingerprint, write_parquet
from .logging_config import configure_logging
from .model import evaluate, load_metadata, load_model, save_model, split, train
from .validation import check_no_leakage, clean, validate

logger = logging.getLogger(__name__)

RAW = "data/raw.parquet"
VALIDATION_REPORT = "data/validation.json"
TRAIN = "data/train.parquet"
TEST = "data/test.parquet"
MODEL = "model/model.skops"
MODEL_METADATA = "model/metadata.json"
METRICS = "metrics/metrics.json"


def ingest(ctx: RunContext) -> None:
    """Read DATA_SOURCE (default: the packaged sample) and store it as Parquet."""
    df = load_raw(ctx.settings.data_source or None, settings=ctx.settings)
    write_parquet(df, ctx.path(RAW))


def validate_step(ctx: RunContext) -> None:
    """Check columns, dtypes and missing values; write the validation report."""
    report = validate(read_parquet(ctx.path(RAW)))
    write_json(ctx.path(VALIDATION_REPORT), report)


def split_step(ctx: RunContext) -> None:
    """Clean, split train/test stratified on the target, and check for leakage."""
    df = clean(read_parquet(ctx.path(RAW)))
    train_df, test_df = split(df, test_size=ctx.settings.test_size, seed=ctx.settings.random_seed)
    check_no_leakage(train_df, test_df)
    write_parquet(train_df, ctx.path(TRAIN))
    write_parquet(test_df, ctx.path(TEST))


def train_step(ctx: RunContext) -> None:
    """Tune C by cross-validation, fit the model and save it with its metadata."""
    train_df = read_parquet(ctx.path(TRAIN))
    model, search = train(train_df, folds=ctx.settings.cv_folds, seed=ctx.settings.random_seed)
    save_model(
        model,
        ctx.path(MODEL),
        metadata={
            "params": search["best_params"],
            "cv_score": search["best_cv_score"],
            "search": search,
            "data": {
                "train_file": TRAIN,
                "train_sha256": file_sha256(ctx.path(TRAIN)),
                "n_train": len(train_df),
            },
            "settings": {
                "random_seed": ctx.settings.random_seed,
                "test_size": ctx.settings.test_size,
                "cv_folds": ctx.settings.cv_folds,
            },
        },
    )


def evaluate_step(ctx: RunContext) -> None:
    """Score the saved model on the test set and write the metrics."""
    model = load_model(ctx.path(MODEL))
    metrics = evaluate(model, read_parquet(ctx.path(TEST)))
    metadata = load_metadata(ctx.path(MODEL))
    metrics["cv_score"] = metadata.get("cv_score")
    metrics["model_trained_at"] = metadata.get("trained_at")
    write_json(ctx.path(METRICS), metrics)


STEPS: list[Step] = [
    Step("ingest", ingest, outputs=[RAW], settings=["data_source"]),
    Step("validate", validate_step, needs=["ingest"], inputs=[RAW], outputs=[VALIDATION_REPORT]),
    Step(
        "split",
        split_step,
        needs=["validate"],
        inputs=[RAW, VALIDATION_REPORT],
        outputs=[TRAIN, TEST],
        settings=["test_size", "random_seed"],
    ),
    Step(
        "train",
        train_step,
        needs=["split"],
        inputs=[TRAIN],
        outputs=[MODEL, MODEL_METADATA],
        settings=["cv_folds", "random_seed"],
    ),
    Step(
        "evaluate",
        evaluate_step,
        needs=["train", "split"],
        inputs=[MODEL, MODEL_METADATA, TEST],
        outputs=[METRICS],
    ),
]
check_graph(STEPS)

#: Settings naming external content, fingerprinted by that content (remote: always re-read).
CONTENT_SETTINGS = {"data_source": source_fingerprint}


def graph() -> dict[str, list[dict[str, Any]]]:
    """Return the pipeline DAG: ``{"steps": [{"name", "needs", "inputs", "outputs"}]}``."""
    return graph_of(STEPS)


def run(
    names: Iterable[str] | None = None, *, force: bool = False, settings: Settings | None = None
) -> dict[str, StepStatus]:
    """Run the named steps (default: all) in dependency order; see :func:`.dag.run_steps`."""
    return run_steps(
        STEPS,
        settings or get_settings(),
        names,
        force=force,
        content_settings=CONTENT_SETTINGS,
    )


def _parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}" if __spec__ is not None else None,
        description="Run the data pipeline: " + " -> ".join(step.name for step in STEPS) + ".",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--step", choices=[step.name for step in STEPS], help="run one step only")
    action.add_argument("--list", action="store_true", help="list the steps and exit")
    action.add_argument("--graph", action="store_true", help="print the DAG as JSON and exit")
    parser.add_argument("--force", action="store_true", help="run steps even if up to date")
    parser.add_argument("--log-level", help="override LOG_LEVEL (DEBUG, INFO, WARNING...)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code (0 ok, 1 step failed, 2 usage)."""
    args = _parser().parse_args(argv)
    if args.graph:
        sys.stdout.write(json.dumps(graph(), indent=2) + "\n")
        return 0
    if args.list:
        for step in topological_order(STEPS):
            needs = ", ".join(step.needs) or "-"
            sys.stdout.write(f"{step.name:<10} needs: {needs:<15} {step.description}\n")
        return 0
    configure_logging("INFO")
    try:
        settings = get_settings()
        configure_logging(args.log_level or settings.log_level)
    except (ValidationError, ValueError) as exc:
        logger.error("invalid settings: %s", exc)
        return 2
    try:
        statuses = run([args.step] if args.step else None, force=args.force, settings=settings)
    except MissingInputsError as exc:
        logger.error("%s (run the steps it needs first)", exc)
        return 2
    except StepFailedError:
        return 1
    ran = sum(status == "ran" for status in statuses.values())
    logger.info("pipeline done: %d step(s) ran, %d skipped", ran, len(statuses) - ran)
    return 0


if __name__ == "__main__":
    sys.exit(main())
