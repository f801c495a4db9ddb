/**
 * Runs test/fixtures/worker.ts in workerd: bundled by esbuild from the package sources (the `source`
 * condition), served by Miniflare. Each named worker is its own isolate (a fleet instance); all of
 * them are bound to one KV namespace, as the isolates of a deployed Worker are.
 */

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const FIXTURE = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));
const NAMESPACE_ID = 'tokenward-kv-test';

let bundle: Promise<string> | undefined;

function bundleWorker(): Promise<string> {
  return (bundle ??= build({
    entryPoints: [FIXTURE],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'workerd', 'worker'],
    write: false,
    logLevel: 'silent',
  }).then((result) => {
    const [file] = result.outputFiles;
    if (file === undefined) throw new Error('esbuild produced no output');
    return file.text;
  }));
}

export type Bindings = Record<string, string>;

/** What the host sees of the shared namespace. */
export interface KvView {
  get(key: string): Promise<string | null>;
  list(prefix: string): Promise<string[]>;
  put(key: string, value: string): Promise<void>;
}

export interface Workers {
  /** Sends a request to the named worker's isolate: `http://<name>.kv.test/...`. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  readonly kv: KvView;
  dispose(): Promise<void>;
}

export async function startWorkers(workers: Record<string, Bindings>): Promise<Workers> {
  const script = await bundleWorker();
  const mf = new Miniflare({
    workers: Object.entries(workers).map(([name, bindings]) => ({
      name,
      modules: true,
      script,
      compatibilityDate: '2025-07-18',
      bindings,
      kvNamespaces: { TOKENWARD_KV: NAMESPACE_ID },
      routes: [`${name}.kv.test/*`],
    })),
  });
  await mf.ready;
  const namespace = await mf.getKVNamespace('TOKENWARD_KV');
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
    kv: {
      get: (key) => namespace.get(key),
      async list(prefix) {
        const { keys } = await namespace.list({ prefix });
        return keys.map((key) => key.name);
      },
      put: (key, value) => namespace.put(key, value),
    },
    dispose: () => mf.dispose(),
  };
}
