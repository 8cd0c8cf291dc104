import path from 'node:path';
import type { Repo, RepoFile } from './repo.js';

/**
 * Secrets that would be (or are) committed: environment files, private key files, and strings
 * shaped like well-known tokens. The finding names the file and line, never the secret.
 */
export interface SecretFinding {
  path: string;
  line?: number;
  what: string;
}

const TOKENS: readonly (readonly [RegExp, string])[] = [
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'looks like an AWS access key id'],
  [/aws_secret_access_key\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i, 'looks like an AWS secret access key'],
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, 'holds a private key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'looks like a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/, 'looks like a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'looks like a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'looks like a Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, 'looks like a Google API key'],
  [/(?<![\w-])sk-(?:proj-|svcacct-)?[A-Za-z0-9]{32,}/, 'looks like an API secret key (sk-…)'],
  [/\bhf_[A-Za-z0-9]{34,}\b/, 'looks like a Hugging Face token'],
];

/** .env, .env.local, .env.production… but not the templates meant to be shared. */
const ENV_FILE = /^\.env(\.(?!(example|sample|template|dist|defaults)$)[\w.-]+)?$/;
const KEY_FILE = /^(id_(rsa|dsa|ecdsa|ed25519)|.+\.(p12|pfx|jks|keystore))$/;
function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** An environment or key file, found by its name alone. */
export function nameFinding(repo: Repo, file: RepoFile): SecretFinding | undefined {
  const name = path.posix.basename(file.path);
  const state = file.tracked ? 'is committed' : repo.filesFromGit ? 'is not ignored' : 'is not ignored by .gitignore';
  if (ENV_FILE.test(name)) return { path: file.path, what: `environment file ${state}` };
  if (KEY_FILE.test(name)) return { path: file.path, what: `key file ${state}` };
  return undefined;
}

/** Token-shaped strings in a file's text. */
export function tokenFindings(rel: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const [pattern, what] of TOKENS) {
    const match = pattern.exec(text);
    if (match) findings.push({ path: rel, line: lineOf(text, match.index), what });
  }
  return findings;
}
