/**
 * The maintenance loop of an API project, run for real on loopback: train → register → promote →
 * serve the promoted model → log predictions → detect drift → retrain → promote → reload.
 *
 * Two real servers on loopback carry it: an S3 server (moto's, from the project's dev group) and an
 * MLflow tracking server (`mlflow server`, SQLite backend store) whose artifacts live in that S3
 * (`--artifacts-destination s3://mlflow/mlflow`). The project's steps only know
 * MLFLOW_TRACKING_URI=http://127.0.0.1:<port> and hold no S3 credentials: their artifacts go through
 * the server's proxy, and the scenario checks that the champion's MLmodel is an object in the bucket.
 * The API is the project's uvicorn server reading MODEL_URI=models:/<package>@champion; the traffic
 * is shifted on purpose (heavier penguins with longer flippers, all from one island), and the drift
 * check reads the prediction log the API wrote. Then the monitoring half of the loop runs on the
 * same S3 server: the export job writes the log as Parquet to s3://, the drift check reads that
 * table back and names the drifted columns, and the real Quarto renders the monitoring dashboard
 * from it. Nothing is mocked; everything stops before it returns, also when a step fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answersOf } from './production-checks.js';
import { ENV, freePort, run, withServer } from './harness.js';
import { remoteFetches, render } from './quarto-render.js';

const TOKEN = 'loop-reload-token';

interface Ready {
  ready: boolean;
  model_source: string;
  model_version: string | null;
}

/**
 * fetch, retried once when the connection drops: the client may reuse a keep-alive connection
 * that uvicorn closed while a retrain ran (every call here is idempotent or rejected whole).
 */
async function call(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/**
 * The export → S3 → drift → dashboard half of the loop, on the same moto S3 server that holds
 * MLflow's artifacts (`endpoint`): `monitoring_store export` writes the prediction log to
 * s3://monitoring/predictions/ as day partitions; `drift --current s3://…` reads it back, exits 1
 * and names the shifted columns; `quarto render monitoring/dashboard.qmd` draws the same table
 * (80 records) with no warning and no web fetch. Returns what it checked.
 */
async function monitoringOnS3(
  dir: string,
  pkg: string,
  python: string,
  env: NodeJS.ProcessEnv,
  work: string,
  predictions: string,
  reference: string,
  endpoint: string,
): Promise<string> {
  const table = 's3://monitoring/predictions/';
  const s3: NodeJS.ProcessEnv = { ...env, ...s3Credentials(endpoint), S3_ENDPOINT_URL: endpoint };
  run(python, ['-c', `import boto3, os; boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"]).create_bucket(Bucket="monitoring")`], dir, s3);
  const exported = run(python, ['-m', `${pkg}.monitoring_store`, 'export', '--logs', predictions, '--table', table], dir, s3);
  const summary = JSON.parse(exported.stdout) as { rows: number; parts: string[] };
  if (summary.rows !== 80 || summary.parts.length === 0 || !summary.parts.every((p) => /^date=\d{4}-\d{2}-\d{2}\/part-[0-9a-f]+\.parquet$/.test(p))) {
    throw new Error(`the export wrote ${exported.stdout}`);
  }
  const reportDir = path.join(work, 'drift-s3');
  const drift = spawnSync(
    python,
    ['-m', `${pkg}.drift`, '--current', table, '--reference', reference, '--report-dir', reportDir],
    { cwd: dir, env: s3, encoding: 'utf8' },
  );
  const said = `${drift.stdout}${drift.stderr}`;
  if (drift.status !== 1) throw new Error(`drift on the S3 table exited ${drift.status}, expected 1:\n${said}`);
  const report = JSON.parse(readFileSync(path.join(reportDir, 'drift.json'), 'utf8')) as {
    drifted: string[];
    current: { source: string; rows: number; kind: string };
  };
  if (report.current.source !== table || report.current.rows !== 80 || report.current.kind !== 'prediction log') {
    throw new Error(`drift read ${JSON.stringify(report.current)}, not the 80 rows of ${table}`);
  }
  for (const column of ['body_mass_g', 'flipper_length_mm']) {
    if (!report.drifted.includes(column) || !said.includes(column)) throw new Error(`drift on S3 does not name ${column}:\n${said}`);
  }
  const html = path.join(dir, 'monitoring/dashboard.html');
  rmSync(html, { force: true });
  render(dir, ['monitoring/dashboard.qmd'], {
    ...s3,
    MONITORING_TABLE: table,
    DRIFT_REFERENCE: reference,
    DRIFT_REPORT_DIR: reportDir,
  });
  const page = readFileSync(html, 'utf8');
  const figures = page.match(/<img\b[^>]*src="data:image\/png;base64,/g)?.length ?? 0;
  const tables = page.match(/<table\b/g)?.length ?? 0;
  if (figures < 3 || tables < 2) throw new Error(`dashboard.html has ${figures} figures and ${tables} tables`);
  const box = (title: string) => new RegExp(`${title}\\s*</p>\\s*<p class="value-box-value">\\s*([^<]*?)\\s*<`).exec(page)?.[1];
  if (box('Predicted records') !== '80' || box('Drift') !== 'drift') {
    throw new Error(`dashboard.html shows ${box('Predicted records')} predicted records and drift "${box('Drift')}", expected 80 and "drift"`);
  }
  const remote = remoteFetches(page);
  if (remote.length > 0) throw new Error(`dashboard.html fetches ${remote.join(', ')} when opened`);
  rmSync(html, { force: true });
  return `moto S3 on loopback: export → ${table} (${summary.parts.length} part(s)), drift read it back: exit 1, drifted [${report.drifted.join(', ')}]; quarto rendered the dashboard (${figures} figures, ${tables} tables, self-contained)`;
}

/** Fake credentials for moto (it accepts any), and no instance-metadata lookup that would leave loopback. */
function s3Credentials(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: 'loop',
    AWS_SECRET_ACCESS_KEY: 'loop-secret',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    MLFLOW_S3_ENDPOINT_URL: endpoint,
  };
}

const ARTIFACTS_BUCKET = 'mlflow';

/**
 * moto's S3 server, then an MLflow tracking server whose artifacts live in s3://mlflow/mlflow, both
 * on free loopback ports; runs `fn` with their addresses and stops both, also when `fn` throws.
 * The project depends on mlflow-skinny, a client without the server's SQL store, so the server runs
 * from the full `mlflow` at the very same version, layered over the project's own environment
 * (`uv run --no-sync --with mlflow==<version>`: boto3 for its S3 access comes from moto, in the dev
 * group). Only the server gets the S3 credentials.
 */
async function withS3AndTracking<T>(
  dir: string,
  python: string,
  env: NodeJS.ProcessEnv,
  work: string,
  fn: (s3Endpoint: string, trackingUri: string) => Promise<T>,
): Promise<T> {
  const s3Port = await freePort();
  const s3Endpoint = `http://127.0.0.1:${s3Port}`;
  const s3 = { ...env, ...s3Credentials(s3Endpoint) };
  return withServer(
    python,
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(s3Port)],
    dir,
    `${s3Endpoint}/moto-api/`,
    async () => {
      run(python, ['-c', `import boto3, os; boto3.client("s3", endpoint_url=os.environ["MLFLOW_S3_ENDPOINT_URL"]).create_bucket(Bucket="${ARTIFACTS_BUCKET}")`], dir, s3);
      const version = run(python, ['-c', 'from importlib.metadata import version; print(version("mlflow-skinny"))'], dir, env).stdout.trim();
      const trackingPort = await freePort();
      const trackingUri = `http://127.0.0.1:${trackingPort}`;
      return withServer(
        'uv',
        ['run', '--no-sync', '--with', `mlflow==${version}`, 'mlflow', 'server', '--host', '127.0.0.1', '--port', String(trackingPort),
          '--workers', '1', '--backend-store-uri', `sqlite:///${path.join(work, 'mlflow.db')}`,
          '--artifacts-destination', `s3://${ARTIFACTS_BUCKET}/mlflow`],
        dir,
        `${trackingUri}/health`,
        () => fn(s3Endpoint, trackingUri),
        s3,
        // The first run downloads the full mlflow into uv's cache.
        300_000,
      );
    },
    s3,
    60_000,
  );
}

/**
 * Where the registry's champion lives, checked in the bucket itself: the model version's artifacts
 * resolve to mlflow-artifacts:/… (the server's proxy) and its MLmodel is an object under
 * s3://mlflow/mlflow/… in moto. Returns the S3 key of that MLmodel.
 */
function championInS3(dir: string, python: string, env: NodeJS.ProcessEnv, pkg: string, s3Endpoint: string): string {
  const script = `
import json, sys, boto3
from mlflow import MlflowClient
client = MlflowClient()
version = client.get_model_version_by_alias(sys.argv[1], "champion")
uri = client.get_model_version_download_uri(sys.argv[1], version.version)
prefix = "mlflow-artifacts:"
if not uri.startswith(prefix):
    sys.exit(f"version {version.version} resolves to {uri}, not to the server's artifact store")
key = "mlflow/" + uri[len(prefix):].lstrip("/").rstrip("/") + "/MLmodel"
s3 = boto3.client("s3", endpoint_url=sys.argv[2])
s3.head_object(Bucket="${ARTIFACTS_BUCKET}", Key=key)
objects = s3.list_objects_v2(Bucket="${ARTIFACTS_BUCKET}", Prefix="mlflow/").get("KeyCount", 0)
print(json.dumps({"version": version.version, "uri": uri, "key": key, "objects": objects}))
`;
  const out = run(python, ['-c', script, pkg, s3Endpoint], dir, { ...env, ...s3Credentials(s3Endpoint) });
  const found = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}') as { version: string; uri: string; key: string; objects: number };
  return `s3://${ARTIFACTS_BUCKET}/${found.key} (version ${found.version}, ${found.uri}; ${found.objects} objects under s3://${ARTIFACTS_BUCKET}/mlflow/)`;
}

/**
 * train → register → promote → serve → shifted traffic → drift (local log, then S3) → retrain →
 * promote → reload, against the tracking server named by env.MLFLOW_TRACKING_URI.
 */
async function theLoop(
  dir: string,
  pkg: string,
  python: string,
  env: NodeJS.ProcessEnv,
  work: string,
  s3Endpoint: string,
  step: (what: string) => void,
): Promise<void> {
  const train = (name: string) => {
    const outputs = path.join(work, name);
    run(python, ['-m', `${pkg}.pipeline`], dir, { ...env, OUTPUT_DIR: outputs });
    const promoted = run(python, ['-m', `${pkg}.tracking`, '--promote', 'champion'], dir, { ...env, OUTPUT_DIR: outputs });
    const version = /version (\d+), alias champion/.exec(`${promoted.stdout}${promoted.stderr}`)?.[1];
    if (!version) throw new Error(`tracking --promote said no version:\n${promoted.stderr}`);
    return { outputs, version };
  };
  const first = train('train-1');
  if (first.version !== '1') throw new Error(`the first promotion registered version ${first.version}`);
  step('pipeline, tracked and promoted: version 1 @champion');
  step(`the champion's MLmodel is in moto: ${championInS3(dir, python, env, pkg, s3Endpoint)}`);

  const predictions = path.join(work, 'predictions.jsonl');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serving = {
    ...env,
    MODEL_URI: `models:/${pkg}@champion`,
    RELOAD_TOKEN: TOKEN,
    PREDICTION_LOG_FILE: predictions,
    OUTPUT_DIR: path.join(work, 'serving'),
  };
  await withServer(
    python,
    ['-m', 'uvicorn', `${pkg}.api:app`, '--host', '127.0.0.1', '--port', String(port)],
    dir,
    `${base}/ready`,
    async () => {
      const ready = (await (await call(`${base}/ready`)).json()) as Ready;
      if (ready.model_version !== '1') throw new Error(`/ready serves ${JSON.stringify(ready)}, not version 1`);
      step('the API serves models:/…@champion version 1 (/ready)');

      // Shifted traffic: 80 heavy, long-flippered penguins, all from Biscoe.
      for (let i = 0; i < 8; i++) {
        const records = Array.from({ length: 10 }, (_, j) => ({
          island: 'Biscoe',
          bill_length_mm: 44 + ((i + j) % 7),
          bill_depth_mm: 15 + ((i * j) % 4),
          flipper_length_mm: 240 + ((i + 3 * j) % 15),
          body_mass_g: 7000 + 50 * ((i + j) % 11),
          sex: j % 2 ? 'male' : 'female',
        }));
        const response = await call(`${base}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ records }),
        });
        if (response.status !== 200) throw new Error(`/predict answered ${response.status}: ${await response.text()}`);
      }
      step('80 shifted predictions sent and logged');

      const drift = spawnSync(
        python,
        ['-m', `${pkg}.drift`, '--current', predictions, '--reference', path.join(first.outputs, 'data/train.parquet'),
          '--report-dir', path.join(work, 'drift')],
        { cwd: dir, env, encoding: 'utf8' },
      );
      const said = `${drift.stdout}${drift.stderr}`;
      if (drift.status !== 1) throw new Error(`drift on the shifted traffic exited ${drift.status}, expected 1:\n${said}`);
      const report = JSON.parse(readFileSync(path.join(work, 'drift', 'drift.json'), 'utf8')) as { drifted: string[] };
      for (const column of ['body_mass_g', 'flipper_length_mm']) {
        if (!report.drifted.includes(column) || !said.includes(column)) {
          throw new Error(`drift does not name ${column} as drifted (${JSON.stringify(report.drifted)}):\n${said}`);
        }
      }
      step(`drift check on the prediction log: exit 1, drifted [${report.drifted.join(', ')}]`);

      step(await monitoringOnS3(dir, pkg, python, env, work, predictions, path.join(first.outputs, 'data/train.parquet'), s3Endpoint));

      const second = train('train-2');
      if (second.version !== '2') throw new Error(`the retrain registered version ${second.version}`);
      step('retrained, tracked and promoted: version 2 @champion');
      step(`version 2's MLmodel is in moto: ${championInS3(dir, python, env, pkg, s3Endpoint)}`);
      const stale = (await (await call(`${base}/ready`)).json()) as Ready;
      if (stale.model_version !== '1') throw new Error(`served ${stale.model_version} before the reload`);
      const denied = await call(`${base}/reload`, { method: 'POST' });
      if (denied.status !== 401) throw new Error(`/reload without the token answered ${denied.status}`);
      const reloaded = await call(`${base}/reload`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
      const body = (await reloaded.json()) as Ready;
      if (reloaded.status !== 200 || body.model_version !== '2') throw new Error(`/reload: ${reloaded.status} ${JSON.stringify(body)}`);
      const now = (await (await call(`${base}/ready`)).json()) as Ready;
      if (now.model_version !== '2') throw new Error(`/ready after the reload: ${JSON.stringify(now)}`);
      step('POST /reload: the API serves version 2');
    },
    serving,
    180_000,
  );
}

/** The steps it went through, with their durations (ms). */
export async function runLoop(dir: string): Promise<string[]> {
  const { package: pkg } = answersOf(dir);
  const done: string[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'loop-'));
  const started = Date.now();
  let last = started;
  const step = (what: string) => {
    const now = Date.now();
    done.push(`${what} (${((now - last) / 1000).toFixed(1)} s)`);
    last = now;
  };
  try {
    run('uv', ['sync', '--locked', '--extra', 'mlflow', '--group', 'dashboard'], dir);
    step('uv sync --extra mlflow --group dashboard');
    const python = path.join(dir, '.venv/bin/python');
    const env: NodeJS.ProcessEnv = { ...ENV };
    for (const name of Object.keys(env)) {
      if (/^(DRIFT_|MLFLOW_|MODEL_|AWS_|S3_|OUTPUT_DIR$|DATA_SOURCE$)/.test(name)) delete env[name];
    }
    env.CV_FOLDS = '3';
    await withS3AndTracking(dir, python, env, work, async (s3Endpoint, trackingUri) => {
      step(`moto S3 and mlflow server (artifacts in s3://${ARTIFACTS_BUCKET}/mlflow) answer on loopback`);
      env.MLFLOW_TRACKING_URI = trackingUri;
      await theLoop(dir, pkg, python, env, work, s3Endpoint, step);
    });
    done.push(`the loop took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return done;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
