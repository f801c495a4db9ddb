#!/usr/bin/env node
/**
 * Makes a package's first changelog entry read "Initial release." instead of the history of its
 * development. For every published package that the registry has never seen, it takes the package
 * out of every pending changeset (deleting a changeset left with no package) and adds one `minor`
 * changeset, "Initial release." (0.0.0 + minor = 0.1.0). Packages already on the registry keep
 * their changesets. Run it right before `changeset version`; once everything is published it
 * changes nothing.
 *
 *   node scripts/release/first-release.mjs [--dry-run] [--registry <url>]
 */
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { CHANGESET_DIR, changesetText, pendingChangesets, publishedPackages } from './workspace.mjs';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const registryAt = args.indexOf('--registry');
const registry = registryAt === -1 ? undefined : args[registryAt + 1];

/** True when the registry has no version of `name` (npm answers E404). */
function neverPublished(name) {
  try {
    execFileSync('npm', ['view', name, 'version', ...(registry ? ['--registry', registry] : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return false;
  } catch (error) {
    if (/E404|404 Not Found/.test(String(error.stderr))) return true;
    throw new Error(`npm view ${name} failed, so it is unknown whether it was ever published:\n${error.stderr}`, { cause: error });
  }
}

const firsts = new Set(
  publishedPackages()
    .map((p) => p.name)
    .filter(neverPublished),
);
if (firsts.size === 0) {
  console.log('first-release: every package is on the registry already; nothing to do');
  process.exit(0);
}

for (const changeset of pendingChangesets()) {
  const kept = changeset.releases.filter((release) => !firsts.has(release.name));
  if (kept.length === changeset.releases.length) continue;
  const path = join(CHANGESET_DIR, changeset.file);
  if (kept.length === 0) {
    console.log(`first-release: remove .changeset/${changeset.file}`);
    if (!dryRun) rmSync(path);
  } else {
    console.log(`first-release: .changeset/${changeset.file} keeps ${kept.map((r) => r.name).join(', ')}`);
    if (!dryRun) writeFileSync(path, changesetText(kept, changeset.summary));
  }
}
for (const name of firsts) {
  const file = `initial-release-${name.replace(/^@/, '').replace(/\//g, '-')}.md`;
  console.log(`first-release: add .changeset/${file} (${name}: minor, "Initial release.")`);
  if (!dryRun) writeFileSync(join(CHANGESET_DIR, file), changesetText([{ name, type: 'minor' }], 'Initial release.'));
}
