#!/usr/bin/env node
/**
 * `prepack` / `postpack` of every published package (npm and pnpm run both around `pack` and
 * `publish`): prepack writes the manifest and README the package is published with, postpack puts
 * the workspace files back. The originals wait in node_modules/, which is never packed; a prepack
 * that finds them there (an interrupted pack) restores them first.
 *
 *   node ../../scripts/pack/pack-hooks.mjs prepack|postpack|restore
 */
import console from 'node:console';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { packageDirectory, projectMetadata, publishedManifest, WORKSPACE_ROOT } from './metadata.mjs';
import { absoluteLinks } from './readme-links.mjs';

const STAMPED = ['package.json', 'README.md'];
const packageDir = process.cwd();
const backupDir = join(packageDir, 'node_modules', '.tokenward-pack-originals');

/** Replaces a file in one step, so a concurrent reader sees the old or the new content, never half. */
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

function restore() {
  if (!existsSync(backupDir)) return false;
  for (const name of STAMPED) {
    const saved = join(backupDir, name);
    if (existsSync(saved)) writeAtomically(join(packageDir, name), readFileSync(saved));
  }
  rmSync(backupDir, { recursive: true, force: true });
  return true;
}

function prepack() {
  if (restore()) console.warn('tokenward pack: restored package.json/README.md left by an interrupted pack');
  const meta = projectMetadata();
  const directory = packageDirectory(packageDir);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const readmePath = join(packageDir, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined;
  // Compute everything before touching a file, so a failure leaves the workspace as it was.
  const stampedManifest = `${JSON.stringify(publishedManifest(manifest, meta, directory), null, 2)}\n`;
  const stampedReadme = readme === undefined ? undefined : absoluteLinks(readme, { ...meta, directory, root: WORKSPACE_ROOT });

  mkdirSync(backupDir, { recursive: true });
  for (const name of STAMPED) if (existsSync(join(packageDir, name))) copyFileSync(join(packageDir, name), join(backupDir, name));
  writeAtomically(join(packageDir, 'package.json'), stampedManifest);
  if (stampedReadme !== undefined) writeAtomically(readmePath, stampedReadme);
}

const command = process.argv[2];
if (command === 'prepack') prepack();
else if (command === 'postpack' || command === 'restore') restore();
else {
  console.error('usage: pack-hooks.mjs prepack|postpack|restore');
  process.exit(2);
}
