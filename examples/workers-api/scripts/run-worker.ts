/**
 * Runs src/worker.ts in workerd through Miniflare 3, listening on 127.0.0.1: bundled by esbuild from the
 * sources (as wrangler would), with the bindings given. Wrangler itself needs Node 22 and downloads;
 * Miniflare is the same runtime, offline.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const ENTRY = fileURLToPath(new URL('../src/worker.ts', import.meta.url));

export interface RunningWorker {
  readonly url: string;
  dispose(): Promise<void>;
}

export async function runWorker(bindings: Record<string, string>, port = 0): Promise<RunningWorker> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'workerd', 'worker'],
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]?.text;
  if (script === undefined) throw new Error('esbuild produced no output');
  const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-07-18', bindings, host: '127.0.0.1', port });
  const url = await mf.ready;
  return { url: url.origin, dispose: () => mf.dispose() };
}
