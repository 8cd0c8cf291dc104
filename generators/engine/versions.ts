/**
 * Every Python requirement a generated project may declare, with its lower bound, in one table.
 * Layers name requirements; only this table says which versions. Lower bounds, not pins: the
 * generated project's uv.lock pins exact versions, and Dependabot (maintenance) moves them.
 */
export const PYTHON_REQUIREMENTS = {
  // data core
  duckdb: '>=1.1',
  numpy: '>=1.26',
  pandas: '>=2.2',
  pydantic: '>=2.7',
  'pydantic-settings': '>=2.6',
  'scikit-learn': '>=1.5',
  skops: '>=0.11',
  // api
  fastapi: '>=0.115',
  'uvicorn[standard]': '>=0.32',
  httpx: '>=0.27',
  httpx2: '>=2.0',
  // app
  streamlit: '>=1.40',
  // report / website
  matplotlib: '>=3.9',
  tabulate: '>=0.9',
  jupyter: '>=1.1',
  papermill: '>=2.6',
  // production
  'mlflow-skinny': '>=3.10',
  pyyaml: '>=6.0',
  // maintenance
  scipy: '>=1.13',
  'prometheus-client': '>=0.21',
  // pyarrow's S3 client is in its wheel (DuckDB's httpfs is downloaded at run time).
  pyarrow: '>=17',
  'moto[server]': '>=5.0',
  // dev tools
  pytest: '>=8.3',
  'pytest-cov': '>=6.0',
  ruff: '>=0.8',
} as const;

export type Requirement = keyof typeof PYTHON_REQUIREMENTS;

export function requirement(name: Requirement): string {
  return `${name}${PYTHON_REQUIREMENTS[name]}`;
}
