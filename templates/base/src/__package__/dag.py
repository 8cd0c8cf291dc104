"""A small DAG engine: steps declared as data, checked, ordered, fingerprinted and run.

The project's steps are declared in :mod:`.pipeline`; this module knows nothing about them.
A step is skipped when its fingerprint (content hashes of its inputs, the settings it uses and
its own code: the module of its function and the package modules that module imports, directly
or not) matches the one recorded in ``OUTPUT_DIR/.pipeline-state.json`` and its outputs still
have the recorded content. Editing a module no step imports (the API, the app) re-runs nothing;
``--force`` re-runs regardless.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import inspect
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from .config import Settings
from .data_io import file_sha256
from .validation import DataValidationError

logger = logging.getLogger(__name__)

STATE_FILE = ".pipeline-state.json"

StepStatus = Literal["ran", "skipped"]
#: Turns a setting's value into a fingerprint of the content it names (``None``: unknowable).
ContentFingerprint = Callable[[Any], str | None]


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
        """Return the location of an artifact given relative to ``OUTPUT_DIR``."""
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


# --- checking the graph ------------------------------------------------------------------


def topological_order(steps: Sequence[Step]) -> list[Step]:
    """Order ``steps`` so that each comes after its needs (definition order breaks ties).

    Raises:
        PipelineDefinitionError: on a cycle or an unknown need.
    """
    known = {step.name for step in steps}
    for step in steps:
        unknown = [need for need in step.needs if need not in known]
        if unknown:
            msg = f"step {step.name!r} needs unknown step(s) {unknown}"
            raise PipelineDefinitionError(msg)
    ordered: list[Step] = []
    done: set[str] = set()
    pending = list(steps)
    while pending:
        ready = [step for step in pending if set(step.needs) <= done]
        if not ready:
            msg = f"cycle between steps {sorted(step.name for step in pending)}"
            raise PipelineDefinitionError(msg)
        ordered += ready
        done.update(step.name for step in ready)
        pending = [step for step in pending if step.name not in done]
    return ordered


def _ancestors(name: str, by_name: Mapping[str, Step]) -> set[str]:
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
    """Check the DAG: unique names and outputs, known needs, no cycle, inputs made upstream.

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


def graph_of(steps: Sequence[Step]) -> dict[str, list[dict[str, Any]]]:
    """Return the DAG as plain data: ``{"steps": [{"name", "needs", "inputs", "outputs"}]}``."""
    return {
        "steps": [
            {
                "name": step.name,
                "needs": list(step.needs),
                "inputs": list(step.inputs),
                "outputs": list(step.outputs),
            }
            for step in topological_order(steps)
        ]
    }


# --- running -----------------------------------------------------------------------------


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented JSON atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


#: The package folder: the code a step may depend on, apart from its own module.
PACKAGE_ROOT = Path(__file__).resolve().parent
PACKAGE = PACKAGE_ROOT.name


def _module_file(parts: Sequence[str]) -> Path | None:
    """The source of the package module ``PACKAGE.<parts>``, if it exists."""
    base = PACKAGE_ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if parts and candidate.is_file():
            return candidate
    return None


def _imported_modules(source: Path) -> set[Path]:
    """The package modules ``source`` imports (relative or absolute imports), with their parents."""
    try:
        inside = source.resolve().relative_to(PACKAGE_ROOT).with_suffix("").parts
    except ValueError:
        inside = None  # a file outside the package (a test's step): absolute imports only
    here = list(inside[:-1]) if inside else []
    targets: list[list[str]] = []
    for node in ast.walk(ast.parse(source.read_bytes(), filename=str(source))):
        if isinstance(node, ast.Import):
            targets += [
                a.name.split(".")[1:] for a in node.names if a.name.startswith(f"{PACKAGE}.")
            ]
        elif isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".") if node.module else []
            if node.level and inside is not None:
                base = here[: len(here) - (node.level - 1)] + module
            elif not node.level and module[:1] == [PACKAGE]:
                base = module[1:]
            else:
                continue
            targets += [base] + [[*base, alias.name] for alias in node.names]
    found = set()
    for parts in targets:
        for depth in range(1, len(parts) + 1):
            module = _module_file(parts[:depth])
            if module is not None:
                found.add(module)
    return found


def _source_of(func: Callable[..., Any]) -> Path | None:
    """The file defining ``func`` (through ``functools.partial`` and wrappers), if known."""
    while isinstance(func, functools.partial):
        func = func.func
    try:
        source = inspect.getsourcefile(inspect.unwrap(func))
    except TypeError:  # a builtin or a callable object without source
        return None
    return Path(source).resolve() if source else None


def code_fingerprint(func: Callable[..., Any] | None = None) -> str:
    """Hash the code a step runs: its function's module and the package modules it imports.

    Followed transitively, so a change in a helper the step uses re-runs it, while a change in a
    module no step imports (the API, the app) re-runs nothing. The package's ``__init__.py`` is
    always part of it. Without ``func``, or when its source is unknown, every module of the package.
    """
    start = _source_of(func) if func is not None else None
    if start is None:
        files = set(PACKAGE_ROOT.rglob("*.py"))
    else:
        files = {start, PACKAGE_ROOT / "__init__.py"}
        pending = list(files)
        while pending:
            for module in _imported_modules(pending.pop()) - files:
                files.add(module)
                pending.append(module)
    digest = hashlib.sha256()
    for source in sorted(f for f in files if f.is_file()):
        name = source.relative_to(PACKAGE_ROOT) if source.is_relative_to(PACKAGE_ROOT) else source
        digest.update(Path(name).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def fingerprint(
    step: Step,
    ctx: RunContext,
    code: str,
    content_settings: Mapping[str, ContentFingerprint] | None = None,
) -> str | None:
    """Fingerprint what ``step`` depends on; ``None`` when that cannot be known.

    Args:
        step: the step.
        ctx: the run context (settings and artifact folder).
        code: fingerprint of the step's code (see :func:`code_fingerprint`).
        content_settings: settings that name external content (e.g. a data source), mapped
            to a function fingerprinting that content; ``None`` from it makes the step
            always run.
    """
    content_settings = content_settings or {}
    settings: dict[str, Any] = {}
    for name in step.settings:
        value = getattr(ctx.settings, name)
        if name in content_settings:
            value = content_settings[name](value)
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


def load_state(path: Path) -> dict[str, Any]:
    """Read the state file; an absent or unreadable one means nothing was recorded."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"steps": {}}
    if not isinstance(state, dict) or not isinstance(state.get("steps"), dict):
        return {"steps": {}}
    return state


def missing_inputs(step: Step, ctx: RunContext) -> list[str]:
    """Return the inputs of ``step`` that do not exist yet."""
    return [item for item in step.inputs if not ctx.path(item).is_file()]


def _outputs_unchanged(step: Step, ctx: RunContext, recorded: Mapping[str, Any]) -> bool:
    """Tell whether every output exists with the hash recorded after its last run."""
    hashes = recorded.get("outputs", {})
    return all(
        ctx.path(item).is_file() and hashes.get(item) == file_sha256(ctx.path(item))
        for item in step.outputs
    )


def _execute(step: Step, ctx: RunContext) -> None:
    """Call the step and check it wrote its outputs; log and wrap any failure."""
    try:
        step.func(ctx)
        absent = [item for item in step.outputs if not ctx.path(item).is_file()]
        if absent:
            msg = f"step {step.name!r} did not write {absent}"
            raise RuntimeError(msg)
    except (DataValidationError, FileNotFoundError) as exc:
        # Expected failures (bad data, missing file): the message says it all, no traceback.
        logger.error("step %s failed: %s: %s", step.name, type(exc).__name__, exc)
        raise StepFailedError(step.name) from exc
    except Exception as exc:
        logger.exception("step %s failed", step.name)
        raise StepFailedError(step.name) from exc


def run_steps(
    steps: Sequence[Step],
    settings: Settings,
    names: Iterable[str] | None = None,
    *,
    force: bool = False,
    content_settings: Mapping[str, ContentFingerprint] | None = None,
) -> dict[str, StepStatus]:
    """Run the named steps of ``steps`` (default: all) in dependency order, skipping fresh ones.

    Returns:
        ``{step name: "ran" | "skipped"}`` in execution order.

    Raises:
        KeyError: for an unknown step name.
        MissingInputsError: if a step's inputs are absent.
        StepFailedError: if a step raised (the cause is chained and already logged).
    """
    dag = topological_order(steps)
    if names is not None:
        wanted = set(names)
        unknown = wanted - {step.name for step in dag}
        if unknown:
            msg = f"unknown step(s) {sorted(unknown)}"
            raise KeyError(msg)
        dag = [step for step in dag if step.name in wanted]
    ctx = RunContext(settings)
    ctx.output_dir.mkdir(parents=True, exist_ok=True)
    state_path = ctx.path(STATE_FILE)
    state = load_state(state_path)
    codes: dict[Path | None, str] = {}
    statuses: dict[str, StepStatus] = {}
    for step in dag:
        missing = missing_inputs(step, ctx)
        if missing:
            msg = f"step {step.name!r} cannot run: missing inputs {missing} in {ctx.output_dir}"
            raise MissingInputsError(msg)
        try:
            source = _source_of(step.func)
            if source not in codes:
                codes[source] = code_fingerprint(step.func)
            current = fingerprint(step, ctx, codes[source], content_settings)
        except Exception as exc:
            logger.exception("step %s: cannot fingerprint its inputs", step.name)
            raise StepFailedError(step.name) from exc
        recorded = state["steps"].get(step.name, {})
        if (
            not force
            and current is not None
            and recorded.get("fingerprint") == current
            and _outputs_unchanged(step, ctx, recorded)
        ):
            logger.info("step %s: skipped (up to date)", step.name)
            statuses[step.name] = "skipped"
            continue
        logger.info("step %s: running", step.name)
        started = time.perf_counter()
        _execute(step, ctx)
        state["steps"][step.name] = {
            "fingerprint": current,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "outputs": {item: file_sha256(ctx.path(item)) for item in step.outputs},
        }
        write_json(state_path, state)
        logger.info("step %s: done in %.2f s", step.name, time.perf_counter() - started)
        statuses[step.name] = "ran"
    return statuses
