#!/usr/bin/env node
/**
 * The release check: refuses to publish while the project metadata is a placeholder, or while a
 * package is not ready (unversioned, changesets not applied, no licence).
 */
import console from 'node:console';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { isPlaceholder, projectMetadata } from '../pack/metadata.mjs';
import { pendingChangesets, publishedPackages } from './workspace.mjs';

const problems = [];
const meta = projectMetadata();
if (isPlaceholder(meta.repositoryUrl)) {
  problems.push(
    `the repository URL in the root package.json is the placeholder ${meta.repositoryUrl}: set repository, homepage and bugs to the project's public home first`,
  );
}
for (const url of [meta.bugs?.url ?? meta.bugs])
  if (typeof url === 'string' && isPlaceholder(url)) problems.push(`bugs is the placeholder ${url}`);
const pending = pendingChangesets();
if (pending.length > 0)
  problems.push(
    `${pending.length} changesets are not applied yet: run \`changeset version\` (after scripts/release/first-release.mjs) and commit`,
  );
for (const { name, version, dir, manifest } of publishedPackages()) {
  if (version === '0.0.0') problems.push(`${name} is still 0.0.0`);
  if (!existsSync(join(dir, 'LICENSE'))) problems.push(`${name} has no LICENSE`);
  if (!Array.isArray(manifest.files) || !manifest.files.includes('LICENSE')) problems.push(`${name}: files does not list LICENSE`);
}

if (problems.length > 0) {
  console.error(`release check: not publishing:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('release check: ready to publish');
