/**
 * Bundles the `tokenward` bin from source once per run, so each CLI child process starts from one plain
 * JavaScript file instead of transpiling core, testing and the CLI through tsx again (seconds per process
 * on a loaded machine, where these tests run beside every other package's).
 */
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

// One folder below the package, as the bin is in dist/, so it finds ../package.json for --version.
const OUT_DIR = fileURLToPath(new URL('../.test-bin/', import.meta.url));
export const TEST_BIN = `${OUT_DIR}cli.mjs`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await mkdir(OUT_DIR, { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
    outfile: TEST_BIN,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source', 'node'],
    logLevel: 'warning',
  });
  project.provide('tokenwardBin', TEST_BIN);
  return () => rm(OUT_DIR, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    tokenwardBin: string;
  }
}
