/**
 * The size budget of a Worker protected by withAuth + entra(): bundled as Wrangler would (esbuild, ESM,
 * minified, workerd conditions) from the package sources and gzipped as Cloudflare reports it. Raising the
 * budget is a decision: measure against the peers first (`node bench/workers-bundle-size.mjs`).
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { WORKER_BUILD } from './harness.js';

/**
 * Gzipped bytes, set at the figure of bench/RESULTS.md's "Workers bundle size" plus ~1 %. Raised from
 * 27,136 (26,844 measured) to 28,672 (28,359) for two capabilities, per the parts table: the fleet's
 * shared failure backoff in the key cache (+0.7 KiB) and Entra step-up, its error and challenge
 * (+0.8 KiB). No peer in that table offers either, nor the guarantees it lists. Raised to 30,720
 * (30,423) for token location (the opt-in cookie and query parameter, one token per request: +0.9 KiB)
 * and observability events (`onEvent` and the key cache's reports: +0.7 KiB), each its own row of the
 * parts table, which no peer there offers. Raised to 35,200 (34,788) for DPoP (RFC 9449 proofs, replay
 * detection, server nonces and the DPoP challenge, on by default as `mode: 'allowed'`: +3.1 KiB in its
 * own row, +1.3 KiB in the errors, answers and verifier), which no peer there offers.
 */
const BUDGET_BYTES = 35_200;

const WORKER = `
  import { entra } from '@tokenward/core';
  import { withAuth } from '@tokenward/workers';
  export default {
    fetch: withAuth((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.AUDIENCE })] }), { scopes: 'Orders.Read' },
      (request, env, ctx, auth) => Response.json({ subject: auth.principal.subject })),
  };`;

describe('bundle size', () => {
  it('a withAuth + entra() Worker stays within its gzipped budget', async () => {
    const result = await build({
      ...WORKER_BUILD,
      minify: true,
      stdin: { contents: WORKER, resolveDir: fileURLToPath(new URL('..', import.meta.url)), sourcefile: 'worker.js', loader: 'js' },
    });
    const gzipped = gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).byteLength;
    expect(gzipped, `gzipped ${gzipped} B, budget ${BUDGET_BYTES} B`).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(gzipped).toBeGreaterThan(10_000); // a bundle that lost its code is no pass
  });
});
