#!/usr/bin/env node
/**
 * `pnpm release`: build, test, the release check, then `changeset publish` (which publishes every
 * package whose version is not on the registry yet, through `pnpm publish`, and tags it). npm
 * provenance is asked for where it can be produced: publishing to registry.npmjs.org from a CI job
 * with an OIDC identity (GitHub Actions with `id-token: write`, GitLab CI with SIGSTORE_ID_TOKEN).
 */
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';
import { WORKSPACE_ROOT } from '../pack/metadata.mjs';

function pnpm(args, env = process.env) {
  const execPath = process.env.npm_execpath ?? '';
  const [command, prefix] = /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['npx', ['-y', 'pnpm@10']];
  execFileSync(command, [...prefix, ...args], { cwd: WORKSPACE_ROOT, stdio: 'inherit', env });
}

function registry() {
  return execFileSync('npm', ['config', 'get', 'registry'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' }).trim();
}

function provenanceAvailable() {
  const ci =
    (process.env.GITHUB_ACTIONS === 'true' && process.env.ACTIONS_ID_TOKEN_REQUEST_URL) ||
    (process.env.GITLAB_CI && process.env.SIGSTORE_ID_TOKEN);
  return Boolean(ci) && /^https:\/\/registry\.npmjs\.org\/?$/.test(registry());
}

pnpm(['run', 'build']);
pnpm(['test']);
execFileSync(process.execPath, ['scripts/release/check.mjs'], { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
const env = { ...process.env };
if (provenanceAvailable()) env.NPM_CONFIG_PROVENANCE = 'true';
else console.log('release: publishing without provenance (it needs registry.npmjs.org and a CI job with an OIDC identity)');
pnpm(['exec', 'changeset', 'publish'], env);
