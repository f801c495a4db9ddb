#!/usr/bin/env node
/**
 * Packs the package in the current folder the way a release does (pnpm pack, prepack/postpack
 * included) and checks the tarball as a user would receive it:
 * - the manifest carries the project metadata and no `source` condition or `workspace:` range;
 * - LICENSE is the project's licence; the README has no relative link left;
 * - every file `exports`, `main`, `module`, `types` and `bin` name is in the tarball;
 * - every CommonJS entry loads with require() in a fresh `node` that cannot require ES modules
 *   (Node < 20.19 and Jest's module system cannot), and every ESM entry loads with import();
 * - no CommonJS file calls import() (Jest's CommonJS runtime cannot);
 * - the workspace package.json and README.md are byte for byte what they were before packing.
 *
 * Run from a published package's folder after its build: `node ../../scripts/pack/check-package.mjs`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import console from 'node:console';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { isPlaceholder, packageDirectory, projectMetadata, SOURCE_CONDITION, WORKSPACE_ROOT } from './metadata.mjs';
import { relativeLinks } from './readme-links.mjs';

const packageDir = process.cwd();
// Inside the package's node_modules, so the unpacked entries resolve their dependencies by walking up.
const scratch = join(packageDir, 'node_modules', '.tokenward-pack-check');
const problems = [];
const fail = (message) => problems.push(message);

function pnpm(args) {
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(execPath))
    return execFileSync(process.execPath, [execPath, ...args], { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return execFileSync('npx', ['-y', 'pnpm@10', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
}

function pack() {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  pnpm(['pack', '--pack-destination', scratch]);
  const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  execFileSync('tar', ['-xzf', tarball], { cwd: scratch });
  return join(scratch, 'package');
}

/** Every (conditions, target) leaf of an exports map. */
function exportTargets(value, conditions = []) {
  if (typeof value === 'string') return [{ conditions, target: value }];
  if (Array.isArray(value)) return value.flatMap((v) => exportTargets(v, conditions));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => exportTargets(v, key.startsWith('.') ? conditions : [...conditions, key]));
}

function checkManifest(manifest, meta) {
  const directory = packageDirectory(packageDir);
  if (manifest.repository?.url !== meta.repositoryUrl || manifest.repository?.directory !== directory)
    fail(`repository is ${JSON.stringify(manifest.repository)}, expected ${meta.repositoryUrl} in ${directory}`);
  if (manifest.homepage !== `${meta.webUrl}/tree/${meta.branch}/${directory}#readme`) fail(`homepage is ${manifest.homepage}`);
  if (JSON.stringify(manifest.bugs) !== JSON.stringify(meta.bugs)) fail(`bugs is ${JSON.stringify(manifest.bugs)}`);
  if (JSON.stringify(manifest.author) !== JSON.stringify(meta.author)) fail(`author is ${JSON.stringify(manifest.author)}`);
  if (manifest.license !== meta.license) fail(`license is ${manifest.license}, expected ${meta.license}`);
  if (manifest.engines?.node !== meta.nodeEngine)
    fail(`engines.node is ${manifest.engines?.node}, expected ${meta.nodeEngine} (the root's)`);
  if (manifest.scripts !== undefined) fail('the published manifest has scripts');
  if (!manifest.files?.includes('LICENSE')) fail('files does not list LICENSE');
  for (const { conditions } of exportTargets(manifest.exports)) {
    if (conditions.includes(SOURCE_CONDITION)) fail(`exports keeps the "${SOURCE_CONDITION}" condition`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (String(range).startsWith('workspace:')) fail(`${field}.${name} is ${range}`);
  }
}

function checkFiles(unpacked, manifest) {
  const licence = join(unpacked, 'LICENSE');
  if (!existsSync(licence)) fail('no LICENSE in the tarball');
  else if (readFileSync(licence, 'utf8') !== readFileSync(join(WORKSPACE_ROOT, 'LICENSE'), 'utf8'))
    fail('LICENSE differs from the root LICENSE');
  const readme = join(unpacked, 'README.md');
  if (!existsSync(readme)) fail('no README.md in the tarball');
  else for (const link of relativeLinks(readFileSync(readme, 'utf8'))) fail(`README.md keeps the relative link ${link}`);
  const named = [
    ...exportTargets(manifest.exports).map((t) => t.target),
    manifest.main,
    manifest.module,
    manifest.types,
    ...Object.values(typeof manifest.bin === 'string' ? { bin: manifest.bin } : (manifest.bin ?? {})),
  ].filter((target) => typeof target === 'string' && !target.includes('*'));
  for (const target of new Set(named))
    if (!existsSync(join(unpacked, target))) fail(`${target} is named by the manifest but not in the tarball`);
}

/** Loads `file` in a child node: `require` for .cjs (without require(esm)), `import` otherwise. */
function load(file) {
  const strictCjs = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : [];
  const probe = 'const m = MODULE; if (Object.keys(m).length === 0) throw new Error("the module exports nothing");';
  const args = file.endsWith('.cjs')
    ? [...strictCjs, '-e', probe.replace('MODULE', `require(${JSON.stringify(file)})`)]
    : ['--input-type=module', '-e', probe.replace('MODULE', `await import(${JSON.stringify(pathToFileURL(file).href)})`)];
  const result = spawnSync(process.execPath, args, { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0)
    fail(
      `${file.slice(scratch.length + 1)} does not load: ${(result.stderr || result.error?.message || '').split('\n').find((line) => /Error/.test(line)) ?? result.stderr}`,
    );
}

/** `import()` in a CommonJS file: Node runs it, Jest's CommonJS runtime cannot (it needs --experimental-vm-modules). */
function checkNoDynamicImport(unpacked) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  for (const file of walk(unpacked).filter((f) => f.endsWith('.cjs'))) {
    const calls = readFileSync(file, 'utf8').match(/\bimport\(\s*["'`][^"'`]*["'`]\s*\)/g);
    if (calls) fail(`${file.slice(unpacked.length + 1)} calls ${[...new Set(calls)].join(', ')}, which Jest's CommonJS runtime cannot run`);
  }
}

function checkEntries(unpacked, manifest) {
  const entries = new Set(
    exportTargets(manifest.exports)
      .map((t) => t.target)
      .filter((t) => /\.(c|m)?js$/.test(t)),
  );
  for (const target of [manifest.main, manifest.module]) if (typeof target === 'string') entries.add(target);
  for (const target of entries) load(join(unpacked, target));
  return entries.size;
}

const before = { manifest: readFileSync(join(packageDir, 'package.json')), readme: readFileSync(join(packageDir, 'README.md')) };
let entryCount;
try {
  const meta = projectMetadata();
  const unpacked = pack();
  const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
  checkManifest(manifest, meta);
  checkFiles(unpacked, manifest);
  entryCount = checkEntries(unpacked, manifest);
  checkNoDynamicImport(unpacked);
  if (isPlaceholder(meta.repositoryUrl)) console.log(`note: the repository URL is still the placeholder ${meta.repositoryUrl}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
  if (!readFileSync(join(packageDir, 'package.json')).equals(before.manifest)) fail('packing left package.json changed');
  if (!readFileSync(join(packageDir, 'README.md')).equals(before.readme)) fail('packing left README.md changed');
}

const name = JSON.parse(before.manifest.toString('utf8')).name;
if (problems.length > 0) {
  console.error(`${name}: the packed package is not publishable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`${name}: packed manifest, licence, README links and ${entryCount} entries (require and import) check out`);
