import path from 'node:path';
import { type DoctorKey, say } from './messages.js';
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

/** Token shapes, and what a match looks like (a message key: said in the report's language). */
const TOKENS: readonly (readonly [RegExp, DoctorKey, string?])[] = [
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'secret_awsKeyId'],
  [/aws_secret_access_key\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i, 'secret_awsSecret'],
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, 'secret_privateKey'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'secret_token', 'GitHub'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/, 'secret_token', 'GitHub'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'secret_token', 'GitLab'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'secret_token', 'Slack'],
  [/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, 'secret_googleKey'],
  [/(?<![\w-])sk-(?:proj-|svcacct-)?[A-Za-z0-9]{32,}/, 'secret_apiKey'],
  [/\bhf_[A-Za-z0-9]{34,}\b/, 'secret_token', 'Hugging Face'],
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
  const state = file.tracked ? 'Committed' : repo.filesFromGit ? 'NotIgnored' : 'NotIgnoredByGitignore';
  if (ENV_FILE.test(name)) return { path: file.path, what: say(`secret_envFile${state}`) };
  if (KEY_FILE.test(name)) return { path: file.path, what: say(`secret_keyFile${state}`) };
  return undefined;
}

/** Token-shaped strings in a file's text. */
export function tokenFindings(rel: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const [pattern, key, service] of TOKENS) {
    const match = pattern.exec(text);
    if (match) findings.push({ path: rel, line: lineOf(text, match.index), what: say(key, { service: service ?? '' }) });
  }
  return findings;
}
