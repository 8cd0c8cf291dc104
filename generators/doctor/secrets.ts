import path from 'node:path';
import type { Repo } from './repo.js';

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
/** Files larger than this are data, not configuration: not scanned for tokens. */
const MAX_SCANNED = 1024 * 1024;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function secretFindings(repo: Repo): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const file of repo.files()) {
    const name = path.posix.basename(file.path);
    const state = file.tracked ? 'is committed' : repo.filesFromGit ? 'is not ignored' : 'is not ignored by .gitignore';
    if (ENV_FILE.test(name)) {
      findings.push({ path: file.path, what: `environment file ${state}` });
      continue;
    }
    if (KEY_FILE.test(name)) {
      findings.push({ path: file.path, what: `key file ${state}` });
      continue;
    }
    if (file.size > MAX_SCANNED) continue;
    const text = repo.readText(file.path);
    if (text === undefined) continue;
    for (const [pattern, what] of TOKENS) {
      const match = pattern.exec(text);
      if (match) findings.push({ path: file.path, line: lineOf(text, match.index), what });
    }
  }
  return findings;
}
