/**
 * The project metadata every published package carries, read from the root package.json (its one
 * source), and the manifest a package is published with.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The export condition through which this repository's tests and type checks read `src/`. */
export const SOURCE_CONDITION = 'source';

/** The branch README links point at (changesets' base branch). */
function baseBranch() {
  const config = JSON.parse(readFileSync(join(WORKSPACE_ROOT, '.changeset', 'config.json'), 'utf8'));
  return config.baseBranch ?? 'main';
}

/**
 * @typedef {object} ProjectMetadata
 * @property {string} repositoryUrl  git URL, as npm's `repository.url`
 * @property {string} webUrl         the repository's web address (no `git+`, no `.git`)
 * @property {string} branch
 * @property {string} license
 * @property {unknown} author
 * @property {unknown} [contributors]
 * @property {unknown} bugs
 * @property {string} nodeEngine
 */

/** @returns {ProjectMetadata} */
export function projectMetadata() {
  const root = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8'));
  const repositoryUrl = typeof root.repository === 'string' ? root.repository : root.repository?.url;
  if (typeof repositoryUrl !== 'string') throw new Error('root package.json: repository.url is missing');
  for (const field of ['license', 'author', 'bugs', 'engines']) {
    if (root[field] === undefined) throw new Error(`root package.json: ${field} is missing`);
  }
  return {
    repositoryUrl,
    webUrl: repositoryUrl.replace(/^git\+/, '').replace(/\.git$/, ''),
    branch: baseBranch(),
    license: root.license,
    author: root.author,
    contributors: root.contributors,
    bugs: root.bugs,
    nodeEngine: root.engines.node,
  };
}

/** True while the repository address is the placeholder (a reserved `.invalid` host, RFC 2606). */
export function isPlaceholder(url) {
  try {
    return new URL(url.replace(/^git\+/, '')).hostname.endsWith('.invalid');
  } catch {
    return true;
  }
}

/** The package's folder relative to the workspace root, with `/` separators. */
export function packageDirectory(packageDir) {
  return relative(WORKSPACE_ROOT, packageDir).split(sep).join('/');
}

/** `exports` without the repository-only `source` condition (it points at `src/`, which is not shipped). */
export function withoutSourceCondition(exportsField) {
  if (Array.isArray(exportsField)) return exportsField.map(withoutSourceCondition);
  if (exportsField === null || typeof exportsField !== 'object') return exportsField;
  const out = {};
  for (const [key, value] of Object.entries(exportsField)) {
    if (key !== SOURCE_CONDITION) out[key] = withoutSourceCondition(value);
  }
  return out;
}

/**
 * The manifest a workspace package is published with: the project's metadata stamped in, no
 * `source` condition, no scripts (they only make sense in this repository).
 */
export function publishedManifest(manifest, meta, directory) {
  const { scripts: _scripts, repository: _repository, ...rest } = manifest;
  const published = {
    ...rest,
    license: meta.license,
    author: meta.author,
    ...(meta.contributors !== undefined ? { contributors: meta.contributors } : {}),
    repository: { type: 'git', url: meta.repositoryUrl, directory },
    homepage: `${meta.webUrl}/tree/${meta.branch}/${directory}#readme`,
    bugs: meta.bugs,
  };
  if (manifest.exports !== undefined) published.exports = withoutSourceCondition(manifest.exports);
  return published;
}
