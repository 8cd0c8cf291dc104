"""The pipeline, defined once as data: a DAG of steps with declared inputs and outputs.

``STEPS`` is the single source of truth: the CLI runs it, ``graph()`` exports it (``--graph``)
for orchestrators such as Argo Workflows. Artifact paths are relative to ``OUTPUT_DIR``.

Usage::

    python -m <package>.pipeline            # run every step in dependency order
    python -m <package>.pipeline --step train [--force]
    python -m <package>.pipeline --list | --graph

A step is skipped when its fingerprint (content hashes of its inputs, the settings it uses and
the package code) matches the one recorded in ``OUTPUT_DIR/.pipeline-state.json`` and its
outputs are unchanged. Exit codes: 0 success, 1 a step failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .config import Settings, get_settings
from .data_io import file_sha256, load_raw, read_parquet, source_fingerprint, write_parquet
from .logging_config import configure_logging
from .model import evaluate, load_metadata, load_model, save_model, split, train
from .validation import DataValidationError, check_no_leakage, clean, validate

logger = logging.getLogger(__name__)

RAW = "data/raw.parquet"
VALIDATION_REPORT = "data/validation.json"
TRAIN = "data/train.parquet"
TEST = "data/test.parquet"
MODEL = "model/model.skops"
MODEL_METADATA = "model/metadata.json"
METRICS = "metrics/metrics.json"
STATE_FILE = ".pipeline-state.json"

StepStatus = Literal["ran", "skipped"]


class PipelineDefinitionError(ValueError):
    """The step graph is invalid (duplicate name, unknown need, cycle, orphan input...)."""


class MissingInputsError(RuntimeError):
    """A step was asked to run before its inputs exist."""


class StepFailedError(RuntimeError):
    """A step raised an exception (already logged)."""


@dataclass(frozen=True)
class RunContext:
    """What a step receives: the settings, and artifact paths under ``OUTPUT_DIR``."""

    settings: Settings

    @property
    def output_dir(self) -> Path:
        """The folder holding every artifact."""
        return self.settings.output_dir

    def path(self, relative: str) -> Path:
        """Return the absolute location of an artifact given relative to ``OUTPUT_DIR``."""
        return self.output_dir / relative


StepFunc = Callable[[RunContext], None]


@dataclass(frozen=True)
class Step:
    """One node of the DAG.

    Attributes:
        name: unique step name (also the ``--step`` value).
        func: the work; reads ``inputs`` and writes ``outputs`` through the context.
        needs: names of the steps that must run before this one.
        inputs: artifacts read, relative to ``OUTPUT_DIR``; each is an output of a needed step.
        outputs: artifacts written, relative to ``OUTPUT_DIR``.
        settings: ``Settings`` fields the result depends on (part of the fingerprint).
    """

    name: str
    func: StepFunc
    needs: Sequence[str] = ()
    inputs: Sequence[str] = ()
    outputs: Sequence[str] = ()
    settings: Sequence[str] = ()

    def __post_init__(self) -> None:
        """Store the sequences as tuples so a step cannot be mutated."""
        for field_name in ("needs", "inputs", "outputs", "settings"):
            object.__setattr__(self, field_name, tuple(getattr(self, field_name)))

    @property
    def description(self) -> str:
        """First line of the step function's docstring."""
        lines = (self.func.__doc__ or "").strip().splitlines()
        return lines[0] if lines else ""


# --- the steps ---------------------------------------------------------------------------


def _write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented JSON atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def ingest(ctx: RunContext) -> None:
    """Read DATA_SOURCE (default: the packaged sample) and store it as Parquet."""
    df = load_raw(ctx.settings.data_source or None, settings=ctx.settings)
    write_parquet(df, ctx.path(RAW))


def validate_step(ctx: RunContext) -> None:
    """Check columns, dtypes and missing values; write the validation report."""
    report = validate(read_parquet(ctx.path(RAW)))
    _write_json(ctx.path(VALIDATION_REPORT), report)


def split_step(ctx: RunContext) -> None:
    """Clean, split into train/test stratified on the target, and check for leakage."""
    df = clean(read_parquet(ctx.path(RAW)))
    train_df, test_df = split(df, test_size=ctx.settings.test_size, seed=ctx.settings.random_seed)
    check_no_leakage(train_df, test_df)
    write_parquet(train_df, ctx.path(TRAIN))
    write_parquet(test_df, ctx.path(TEST))


def train_step(ctx: RunContext) -> None:
    """Tune and fit the model by cross-validation; save it with its metadata."""
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
    """Score the saved model on the test set; write the metrics."""
    model = load_model(ctx.path(MODEL))
    metrics = evaluate(model, read_parquet(ctx.path(TEST)))
    metadata = load_metadata(ctx.path(MODEL))
    metrics["cv_score"] = metadata.get("cv_score")
    metrics["model_trained_at"] = metadata.get("trained_at")
    _write_json(ctx.path(METRICS), metrics)


STEPS: list[Step] = [
    Step("ingest", ingest, outputs=[RAW], settings=["data_source"]),
    Step(
        "validate", validate_step, needs=["ingest"], inputs=[RAW], outputs=[VALIDATION_REPORT]
    ),
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
        inputs=[MODEL, TEST],
        outputs=[METRICS],
    ),
]


# --- the graph ---------------------------------------------------------------------------


def topological_order(steps: Sequence[Step]) -> list[Step]:
    """Order ``steps`` so that each comes after its needs (definition order breaks ties).

    Raises:
        PipelineDefinitionError: on a cycle or an unknown need.
    """
    by_name = {step.name: step for step in steps}
    for step in steps:
        unknown = [need for need in step.needs if need not in by_name]
        if unknown:
            msg = f"step {step.name!r} needs unknown step(s) {unknown}"
            raise PipelineDefinitionError(msg)
    ordered: list[Step] = []
    done: set[str] = set()
    pending = list(steps)
    while pending:
        ready = [step for step in pending if set(step.needs) <= done]
        if not ready:
            names = sorted(step.name for step in pending)
            msg = f"cycle between steps {names}"
            raise PipelineDefinitionError(msg)
        for step in ready:
            ordered.append(step)
            done.add(step.name)
        pending = [step for step in pending if step.name not in done]
    return ordered


def _ancestors(name: str, by_name: dict[str, Step]) -> set[str]:
    """Names of every step ``name`` depends on, directly or not."""
    seen: set[str] = set()
    stack = list(by_name[name].needs)
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(by_name[current].needs)
    return seen


def check_graph(steps: Sequence[Step]) -> None:
    """Check the DAG: unique names and outputs, known needs, no cycle, inputs produced upstream.

    Raises:
        PipelineDefinitionError: describing the first problem found.
    """
    names = [step.name for step in steps]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        msg = f"duplicate step names {duplicates}"
        raise PipelineDefinitionError(msg)
    topological_order(steps)
    producer: dict[str, str] = {}
    for step in steps:
        for output in step.outputs:
            if output in producer:
                msg = f"{output!r} is written by both {producer[output]!r} and {step.name!r}"
                raise PipelineDefinitionError(msg)
            producer[output] = step.name
    by_name = {step.name: step for step in steps}
    for step in steps:
        upstream = _ancestors(step.name, by_name)
        for item in step.inputs:
            if producer.get(item) not in upstream:
                msg = f"input {item!r} of step {step.name!r} is not an output of a step it needs"
                raise PipelineDefinitionError(msg)
    unknown_settings = sorted(
        {name for step in steps for name in step.settings} - set(Settings.model_fields)
    )
    if unknown_settings:
        msg = f"unknown settings {unknown_settings}"
        raise PipelineDefinitionError(msg)


def graph(steps: Sequence[Step] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Return the DAG as plain data: ``{"steps": [{"name", "needs", "inputs", "outputs"}]}``."""
    return {
        "steps": [
            {
                "name": step.name,
                "needs": list(step.needs),
                "inputs": list(step.inputs),
                "outputs": list(step.outputs),
            }
            for step in topological_order(STEPS if steps is None else steps)
        ]
    }


check_graph(STEPS)


# --- running -----------------------------------------------------------------------------


def _code_fingerprint() -> str:
    """Hash the package's Python sources, so that editing the code invalidates every step."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for source in sorted(root.rglob("*.py")):
        digest.update(source.relative_to(root).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


#: Settings whose value names external content: they are fingerprinted by that content.
_CONTENT_SETTINGS: dict[str, Callable[[str], str | None]] = {"data_source": source_fingerprint}


def fingerprint(step: Step, ctx: RunContext, code: str) -> str | None:
    """Fingerprint what ``step`` depends on; ``None`` if unknowable (a remote data source)."""
    settings: dict[str, Any] = {}
    for name in step.settings:
        value = getattr(ctx.settings, name)
        if name in _CONTENT_SETTINGS:
            value = _CONTENT_SETTINGS[name](value)
            if value is None:
                return None
        settings[name] = value if isinstance(value, int | float | str | bool) else str(value)
    payload = {
        "step": step.name,
        "code": code,
        "settings": settings,
        "inputs": {item: file_sha256(ctx.path(item)) for item in step.inputs},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _load_state(path: Path) -> dict[str, Any]:
    """Read the state file; an absent or unreadable one means nothing was recorded."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"steps": {}}
    if not isinstance(state, dict) or not isinstance(state.get("steps"), dict):
        return {"steps": {}}
    return state


def _outputs_unchanged(step: Step, ctx: RunContext, recorded: dict[str, Any]) -> bool:
    """Tell whether every output exists with the hash recorded after its last run."""
    hashes = recorded.get("outputs", {})
    return all(
        ctx.path(item).is_file() and hashes.get(item) == file_sha256(ctx.path(item))
        for item in step.outputs
    )


def missing_inputs(step: Step, ctx: RunContext) -> list[str]:
    """Return the inputs of ``step`` that do not exist yet."""
    return [item for item in step.inputs if not ctx.path(item).is_file()]


def _run_one(
    step: Step, ctx: RunContext, state: dict[str, Any], code: str, force: bool
) -> StepStatus:
    """Run ``step`` unless it is up to date; record its fingerprint. Returns its status."""
    missing = missing_inputs(step, ctx)
    if missing:
        msg = f"step {step.name!r} cannot run: missing inputs {missing} in {ctx.output_dir}"
        raise MissingInputsError(msg)
    current = fingerprint(step, ctx, code)
    recorded = state["steps"].get(step.name, {})
    if (
        not force
        and current is not None
        and recorded.get("fingerprint") == current
        and _outputs_unchanged(step, ctx, recorded)
    ):
        logger.info("step %s: skipped (up to date)", step.name)
        return "skipped"
    logger.info("step %s: running", step.name)
    started = time.perf_counter()
    try:
        step.func(ctx)
        absent = [item for item in step.outputs if not ctx.path(item).is_file()]
        if absent:
            msg = f"step {step.name!r} did not write {absent}"
            raise RuntimeError(msg)
    except DataValidationError as exc:
        logger.error("step %s failed: data validation: %s", step.name, exc)
        raise StepFailedError(step.name) from exc
    except Exception as exc:
        logger.exception("step %s failed", step.name)
        raise StepFailedError(step.name) from exc
    state["steps"][step.name] = {
        "fingerprint": current,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "outputs": {item: file_sha256(ctx.path(item)) for item in step.outputs},
    }
    _write_json(ctx.path(STATE_FILE), state)
    logger.info("step %s: done in %.2f s", step.name, time.perf_counter() - started)
    return "ran"


def run(
    names: Iterable[str] | None = None,
    *,
    force: bool = False,
    settings: Settings | None = None,
    steps: Sequence[Step] | None = None,
) -> dict[str, StepStatus]:
    """Run the named steps (default: all), in dependency order.

    Args:
        names: steps to run; their inputs must already exist. ``None`` runs the whole DAG.
        force: run even the steps that are up to date.
        settings: defaults to :func:`get_settings`.
        steps: the DAG; defaults to :data:`STEPS`.

    Returns:
        ``{step name: "ran" | "skipped"}`` in execution order.

    Raises:
        KeyError: for an unknown step name.
        MissingInputsError: if a step's inputs are absent.
        StepFailedError: if a step raised (the cause is chained and already logged).
    """
    dag = topological_order(STEPS if steps is None else steps)
    if names is not None:
        wanted = set(names)
        unknown = wanted - {step.name for step in dag}
        if unknown:
            msg = f"unknown step(s) {sorted(unknown)}"
            raise KeyError(msg)
        dag = [step for step in dag if step.name in wanted]
    ctx = RunContext(settings or get_settings())
    ctx.output_dir.mkdir(parents=True, exist_ok=True)
    state = _load_state(ctx.path(STATE_FILE))
    code = _code_fingerprint()
    return {step.name: _run_one(step, ctx, state, code, force) for step in dag}


# --- command line ------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}" if __spec__ is not None else None,
        description="Run the data pipeline (ingest, validate, split, train, evaluate).",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--step", choices=[step.name for step in STEPS], help="run this step only"
    )
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
            sys.stdout.write(f"{step.name:<10} needs: {needs:<16} {step.description}\n")
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
        logger.error("%s (run the steps before it first)", exc)
        return 2
    except StepFailedError:
        return 1
    ran = sum(status == "ran" for status in statuses.values())
    logger.info("pipeline done: %d step(s) ran, %d skipped", ran, len(statuses) - ran)
    return 0


if __name__ == "__main__":
    sys.exit(main())
