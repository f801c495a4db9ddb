import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitSharesMainEntry } from '../../tsup.config.js';

// The adapter kit is its own entry: an adapter loads it beside the main entry, so what it bundles is paid
// twice. Built as the package builds it (tsup.config.ts).
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
let outDir: string;
let inputs: string[];
let imports: string[];

beforeAll(async () => {
  outDir = await mkdtemp(join(packageDir, 'node_modules', '.adapter-kit-'));
  await build({
    config: false,
    entry: { adapter: join(packageDir, 'src/adapter/index.ts') },
    format: ['esm'],
    platform: 'neutral',
    outDir,
    target: 'es2022',
    splitting: false,
    dts: false,
    silent: true,
    metafile: true,
    esbuildPlugins: [kitSharesMainEntry],
  });
  const metafile = JSON.parse(await readFile(join(outDir, 'metafile-esm.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, { imports: { path: string }[] }>;
  };
  inputs = Object.keys(metafile.inputs).map((input) => input.replaceAll('\\', '/'));
  imports = Object.values(metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
}, 60_000);

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe('the adapter kit entry', () => {
  it('holds the kit', () => {
    expect(inputs.some((input) => input.endsWith('src/adapter/verifier-options.ts'))).toBe(true);
  });

  it.each(['verify/verifier', 'src/keys/', 'src/crypto/', 'src/token/', 'src/http/', 'src/platform/', 'src/issuers/'])(
    'bundles nothing of %s',
    (part) => {
      expect(inputs.filter((input) => input.includes(part))).toEqual([]);
    },
  );

  it.each(['src/shared/errors.ts', 'src/rfc6750/error-response.ts'])('takes %s from the main entry instead of a copy', (part) => {
    expect(inputs.filter((input) => input.endsWith(part))).toEqual([]);
  });

  it('imports only the main entry: no jose, nothing else', () => {
    expect([...new Set(imports)]).toEqual(['@tokenward/core']);
  });
});
