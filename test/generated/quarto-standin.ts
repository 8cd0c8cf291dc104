/**
 * A stand-in for `quarto render` on machines where Quarto cannot be installed.
 *
 * Quarto renders a `.qmd` in two steps: it executes the `{python}` cells in a Jupyter kernel
 * (cwd = the document's folder, the `-P` parameters injected after the cell tagged
 * `parameters`), then hands the Markdown with the cells' outputs to pandoc. This module does the
 * same with what is here:
 *
 * 1. pandoc (Debian's) reads the `.qmd` source as Markdown: the front matter must be valid YAML
 *    and the body valid pandoc Markdown (pandoc treats a ```` ```{python} ```` fence as a code
 *    block with class `{python}` and the `#|` options as code).
 * 2. The cells run in order, in one namespace, with the project's Python (default
 *    `uv run --no-sync python`), cwd = the document's folder. As in Jupyter, a cell's last
 *    expression is displayed: a matplotlib figure is saved as PNG, an object with
 *    `_repr_markdown_` / `_repr_html_` / `_repr_png_` gives Markdown / HTML / an image,
 *    anything else its repr. Pyplot figures left open are saved too. `#| eval: false` skips a cell; `#| output: asis` passes
 *    its stdout through as Markdown; `#| include: false` and `#| output: false` hide outputs.
 * 3. The cells are replaced by their outputs (a `tbl-cap` becomes a pandoc table caption, a
 *    `fig-cap` an image caption) and pandoc renders the result to HTML, which must succeed.
 *
 * A failing cell throws with its label, its line in the `.qmd`, the traceback and the output so
 * far. What this cannot prove: Quarto's own layer (its YAML schema, `_quarto.yml` projects and
 * navbars, themes and SCSS, cross-references, shortcodes, embed-resources, the Jupyter kernel).
 *
 * Node ≥ 20, no dependency beyond node:*.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PythonCell {
  /** 0-based position among the document's `{python}` cells. */
  index: number;
  /** 1-based line of the cell's first code line in the `.qmd`. */
  line: number;
  /** The cell's code, `#|` option lines included (they are comments). */
  code: string;
  /** `#| key: value` options, values as written (surrounding quotes removed). */
  options: Record<string, string>;
}

export type ParamValue = string | number | boolean;

export interface StandInOptions {
  /** Parameters, as `quarto render … -P name:value` would set them. */
  params?: Record<string, ParamValue>;
  /** Environment of the Python process (default: this process's, with UV_PYTHON_DOWNLOADS=never). */
  env?: NodeJS.ProcessEnv;
  /** Keep the executed Markdown, the HTML and the figures in this folder (default: a temp dir, removed). */
  outDir?: string;
  /** Per-process time limit (default 10 minutes). */
  timeoutMs?: number;
}

export interface CellOutput {
  kind: 'figure' | 'markdown' | 'html' | 'text';
  /** The content, or for a figure the PNG's file name inside the output folder. */
  value: string;
}

export interface CellResult {
  index: number;
  label: string;
  skipped: boolean;
  stdout: string;
  stderr: string;
  warnings: string[];
  outputs: CellOutput[];
}

export interface StandInResult {
  /** pandoc's HTML for the executed document. */
  html: string;
  /** pandoc's HTML for the `.qmd` source, before execution. */
  sourceHtml: string;
  /** The executed Markdown handed to pandoc. */
  markdown: string;
  cells: CellResult[];
  /** `<table` elements and PNG figures in the executed document. */
  tables: number;
  figures: number;
}

const DEFAULT_PYTHON = 'uv run --no-sync python';
const FENCE = /^(`{3,}|~{3,})\s*(.*)$/;
const PYTHON_INFO = /^\{python(?:[\s,][^}]*)?\}\s*$/;
const OPTION = /^#\|\s?(.*)$/;

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return quoted ? (quoted[2] ?? '') : trimmed;
}

interface Block {
  cell: PythonCell;
  /** 0-based line indexes of the opening and closing fences. */
  start: number;
  end: number;
}

function scan(qmd: string): { lines: string[]; blocks: Block[] } {
  const lines = qmd.split(/\r?\n/);
  const blocks: Block[] = [];
  let open: { marker: string; start: number; python: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (!open) {
      if (fence) open = { marker: fence[1] ?? '```', start: i, python: PYTHON_INFO.test(fence[2] ?? '') };
      continue;
    }
    const closes =
      fence &&
      (fence[2] ?? '') === '' &&
      fence[1]?.[0] === open.marker[0] &&
      (fence[1]?.length ?? 0) >= open.marker.length;
    if (!closes) continue;
    if (open.python) {
      const codeLines = lines.slice(open.start + 1, i);
      const options: Record<string, string> = {};
      for (const codeLine of codeLines) {
        const option = OPTION.exec(codeLine);
        if (!option) break;
        const pair = /^([\w-]+)\s*:\s*(.*)$/.exec(option[1] ?? '');
        if (pair?.[1]) options[pair[1]] = unquote(pair[2] ?? '');
      }
      blocks.push({
        cell: { index: blocks.length, line: open.start + 2, code: codeLines.join('\n'), options },
        start: open.start,
        end: i,
      });
    }
    open = undefined;
  }
  if (open) throw new Error(`unclosed code fence opened at line ${open.start + 1}`);
  return { lines, blocks };
}

function pythonLiteral(value: ParamValue): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`parameter value ${value} is not finite`);
    return String(value);
  }
  return JSON.stringify(value); // a JSON string is a valid Python str literal
}

/** Runs the cells, one namespace, outputs and errors as JSON; argv: cells.json results.json outdir. */
const DRIVER = String.raw`
import ast, contextlib, io, json, sys, traceback, warnings
from pathlib import Path

cells = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
results_path, out_dir = Path(sys.argv[2]), Path(sys.argv[3])
namespace = {"__name__": "__main__"}
results = []


def is_figure(value):
    module = sys.modules.get("matplotlib.figure")
    return module is not None and isinstance(value, module.Figure)


def save_png(data, index, outputs):
    name = f"cell-{index}-{len(outputs)}.png"
    (out_dir / name).write_bytes(data)
    outputs.append({"kind": "figure", "value": name})


def save_figure(figure, index, outputs):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    save_png(buffer.getvalue(), index, outputs)


def display(value, index, outputs):
    if value is None:
        return
    if is_figure(value):
        save_figure(value, index, outputs)
    elif hasattr(value, "_repr_markdown_") and value._repr_markdown_() is not None:
        outputs.append({"kind": "markdown", "value": value._repr_markdown_()})
    elif hasattr(value, "_repr_html_") and value._repr_html_() is not None:
        outputs.append({"kind": "html", "value": value._repr_html_()})
    elif hasattr(value, "_repr_png_") and value._repr_png_() is not None:
        save_png(value._repr_png_(), index, outputs)
    else:
        outputs.append({"kind": "text", "value": repr(value)})


for cell in cells:
    index, label = cell["index"], cell["label"]
    result = {"index": index, "label": label, "skipped": cell["skip"], "stdout": "",
              "stderr": "", "warnings": [], "outputs": []}
    results.append(result)
    if cell["skip"]:
        continue
    stdout, stderr, caught = io.StringIO(), io.StringIO(), []
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
                warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            filename = f"<{cell['document']} cell {index} {label} line {cell['line']}>"
            tree = ast.parse(cell["code"], filename)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, filename, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
                display(value, index, result["outputs"])
            pyplot = sys.modules.get("matplotlib.pyplot")
            if pyplot is not None:
                for number in pyplot.get_fignums():
                    save_figure(pyplot.figure(number), index, result["outputs"])
                pyplot.close("all")
    except BaseException:
        result["error"] = traceback.format_exc()
    result["stdout"], result["stderr"] = stdout.getvalue(), stderr.getvalue()
    result["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
    if "error" in result:
        break

results_path.write_text(json.dumps(results), encoding="utf-8")
sys.exit(1 if any("error" in r for r in results) else 0)
`;

function pandoc(markdown: string, cwd: string, what: string): string {
  const result = spawnSync('pandoc', ['-f', 'markdown', '-t', 'html'], {
    cwd,
    input: markdown,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`pandoc could not start (${result.error.message}): is it installed?`);
  if (result.status !== 0) throw new Error(`pandoc failed on ${what} (exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

function fenced(text: string, cls = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${cls}\n${text.replace(/\n$/, '')}\n${fence}`;
}

function renderCell(cell: PythonCell, result: CellResult, figureDir: string): string {
  const { options } = cell;
  if (result.skipped || options.include === 'false' || options.output === 'false') return '';
  const asis = options.output === 'asis';
  const parts: string[] = [];
  if (result.stdout.trim()) parts.push(asis ? result.stdout.trimEnd() : fenced(result.stdout));
  for (const output of result.outputs) {
    if (output.kind === 'figure') {
      const caption = options['fig-cap'] ?? '';
      const id = options.label?.startsWith('fig-') ? `{#${options.label}}` : '';
      parts.push(`![${caption}](${path.join(figureDir, output.value)})${id}`);
    } else if (output.kind === 'text') {
      parts.push(fenced(output.value));
    } else {
      parts.push(output.value.trimEnd());
    }
  }
  if (options['tbl-cap'] && parts.length > 0) parts.push(`: ${options['tbl-cap']}`);
  return parts.join('\n\n');
}

/**
 * Render `qmdPath` (absolute, or relative to `projectDir`) the way `quarto render` would, with
 * pandoc and the project's Python (a command line, split on spaces). Throws on any failure.
 */
export function runQmdStandIn(
  projectDir: string,
  qmdPath: string,
  python: string | string[] = DEFAULT_PYTHON,
  options: StandInOptions = {},
): StandInResult {
  const file = path.resolve(projectDir, qmdPath);
  const documentDir = path.dirname(file);
  const qmd = readFileSync(file, 'utf8');
  const sourceHtml = pandoc(qmd, documentDir, `${qmdPath} (source)`);

  const { lines, blocks } = scan(qmd);
  const params = Object.entries(options.params ?? {});
  const parametersCell = blocks.find((b) => /\bparameters\b/.test(b.cell.options.tags ?? ''));
  if (params.length > 0 && !parametersCell) {
    throw new Error(`${qmdPath}: parameters given but no cell is tagged \`parameters\``);
  }
  const payload = blocks.map(({ cell }) => ({
    index: cell.index,
    label: cell.options.label ?? '',
    line: cell.line,
    document: path.basename(file),
    skip: cell.options.eval === 'false',
    code:
      cell === parametersCell?.cell
        ? `${cell.code}\n# injected parameters\n${params.map(([k, v]) => `${k} = ${pythonLiteral(v)}`).join('\n')}`
        : cell.code,
  }));

  const work = options.outDir ? path.resolve(options.outDir) : mkdtempSync(path.join(os.tmpdir(), 'qmd-standin-'));
  mkdirSync(work, { recursive: true });
  try {
    writeFileSync(path.join(work, 'driver.py'), DRIVER);
    writeFileSync(path.join(work, 'cells.json'), JSON.stringify(payload));
    const [command = 'python', ...args] = Array.isArray(python) ? python : python.trim().split(/\s+/);
    const env: NodeJS.ProcessEnv = options.env ?? {
      ...process.env,
      UV_PYTHON_DOWNLOADS: 'never',
      MPLBACKEND: 'Agg',
    };
    if (!options.env) delete env.VIRTUAL_ENV;
    const run = spawnSync(
      command,
      [...args, path.join(work, 'driver.py'), path.join(work, 'cells.json'), path.join(work, 'results.json'), work],
      { cwd: documentDir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 600_000 },
    );
    if (run.error) throw new Error(`${command} could not start (${run.error.message})`);
    let cells: (CellResult & { error?: string })[] = [];
    try {
      cells = JSON.parse(readFileSync(path.join(work, 'results.json'), 'utf8'));
    } catch {
      throw new Error(
        `${qmdPath}: the cells did not run (\`${command} ${args.join(' ')}\` exited ${run.status} in ${documentDir})\n` +
          `--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
      );
    }
    const failed = cells.find((c) => c.error);
    if (failed || run.status !== 0) {
      const block = failed ? blocks[failed.index] : undefined;
      const where = block ? `cell ${failed?.index} (${failed?.label || 'no label'}, line ${block.cell.line})` : 'a cell';
      throw new Error(
        `${qmdPath}: ${where} failed in ${documentDir}\n${failed?.error ?? run.stderr}` +
          `--- cell stdout\n${failed?.stdout ?? ''}\n--- cell stderr\n${failed?.stderr ?? ''}`,
      );
    }

    const out: string[] = [];
    let next = 0;
    for (const block of blocks) {
      out.push(...lines.slice(next, block.start));
      const result = cells[block.cell.index];
      if (result) out.push('', renderCell(block.cell, result, work), '');
      next = block.end + 1;
    }
    out.push(...lines.slice(next));
    const markdown = out.join('\n');
    const html = pandoc(markdown, documentDir, `${qmdPath} (executed)`);
    if (options.outDir) {
      writeFileSync(path.join(work, 'executed.md'), markdown);
      writeFileSync(path.join(work, 'index.html'), html);
    }
    return {
      html,
      sourceHtml,
      markdown,
      cells: cells.map(({ error: _error, ...cell }) => cell),
      tables: (html.match(/<table\b/g) ?? []).length,
      figures: cells.reduce((n, c) => n + c.outputs.filter((o) => o.kind === 'figure').length, 0),
    };
  } finally {
    if (!options.outDir) rmSync(work, { recursive: true, force: true });
  }
}
