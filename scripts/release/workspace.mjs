/** The published packages of the workspace and the pending changesets, for the release scripts. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../pack/metadata.mjs';

export const CHANGESET_DIR = join(WORKSPACE_ROOT, '.changeset');

/** @returns {{ name: string, version: string, dir: string, manifest: Record<string, unknown> }[]} */
export function publishedPackages() {
  const packagesDir = join(WORKSPACE_ROOT, 'packages');
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir, manifest }));
}

const RELEASE_LINE = /^\s*(["']?)([^"':\s]+)\1\s*:\s*(major|minor|patch|none)\s*$/;

/**
 * Pending changesets: `{ file, releases: [{ name, type }], summary }`.
 * @returns {{ file: string, releases: { name: string, type: string }[], summary: string }[]}
 */
export function pendingChangesets() {
  return readdirSync(CHANGESET_DIR)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => {
      const text = readFileSync(join(CHANGESET_DIR, file), 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`.changeset/${file} has no front matter`);
      const releases = match[1]
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const release = RELEASE_LINE.exec(line);
          if (!release) throw new Error(`.changeset/${file}: cannot read the release line ${JSON.stringify(line)}`);
          return { name: release[2], type: release[3] };
        });
      return { file, releases, summary: match[2] };
    });
}

/** The text of a changeset file. */
export function changesetText(releases, summary) {
  return `---\n${releases.map(({ name, type }) => `"${name}": ${type}`).join('\n')}\n---\n\n${summary.trim()}\n`;
}
