/**
 * Runs test/fixtures/worker.ts in workerd: bundled by esbuild from the package sources (the `source`
 * condition), served by Miniflare, one isolate per named worker so each scenario can start cold.
 */

import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { Miniflare } from 'miniflare';

const FIXTURE = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));

let bundle: Promise<string> | undefined;

/** The fixture as one ES module, built once per test process. */
export function bundleWorker(entry = FIXTURE): Promise<string> {
  if (entry !== FIXTURE) return buildScript(entry);
  return (bundle ??= buildScript(entry));
}

/** How Wrangler bundles a Worker (ESM for workerd), from the workspace packages' sources. */
export const WORKER_BUILD = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['source', 'workerd', 'worker'],
  write: false,
  logLevel: 'silent',
} as const satisfies BuildOptions;

async function buildScript(entry: string): Promise<string> {
  const result = await build({ ...WORKER_BUILD, entryPoints: [entry] });
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error('esbuild produced no output');
  return file.text;
}

export type Bindings = Record<string, string>;

export interface Workers {
  /** Sends a request to the named worker's isolate (Miniflare routes `http://<name>.<adapter>.test/...`). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

/**
 * Starts one workerd process with a worker per entry of `workers`, each its own isolate with its own
 * bindings. A request to `http://<name>.fetch.test/orders` reaches worker `<name>` through `withAuth`,
 * `http://<name>.hono.test/api/orders` through the Hono app.
 */
export async function startWorkers(workers: Record<string, Bindings>, entry?: string): Promise<Workers> {
  const script = await bundleWorker(entry);
  const mf = new Miniflare({
    workers: Object.entries(workers).map(([name, bindings]) => ({
      name,
      modules: true,
      script,
      compatibilityDate: '2025-07-18',
      bindings,
      routes: [`${name}.fetch.test/*`, `${name}.hono.test/*`],
    })),
  });
  await mf.ready;
  return {
    async fetch(url, init) {
      // Miniflare speaks undici; read the body here so nothing is left open when the test ends.
      const response = await mf.dispatchFetch(url, init as never);
      const body = await response.arrayBuffer();
      return new Response(body.byteLength === 0 ? null : body, {
        status: response.status,
        headers: response.headers as unknown as Headers,
      });
    },
    dispose: () => mf.dispose(),
  };
}
