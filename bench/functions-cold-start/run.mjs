#!/usr/bin/env node
/**
 * Azure Functions cold start: the first request of a cold Functions worker, that is the handler module's import
 * and its first verified request, on real `@azure/functions` objects (`HttpRequest`, `InvocationContext`), keys
 * fetched from a local Entra-shaped issuer on 127.0.0.1 (served by this process). Contenders: a v4 handler with
 * no auth, the @tokenward/azure-functions handler as its README writes it, and the same handler verifying with
 * jose by hand. Every run is a fresh `node` process (children/worker.mjs with children/handlers/<name>.mjs),
 * interleaved round by round like cold-start (lib/cold-process.mjs).
 *
 *   node bench/functions-cold-start/run.mjs      # BENCH_FUNCTIONS_COLD_RUNS=15 rounds (setting it does not write RESULTS.md)
 */
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@tokenward/testing';
import { interleavedRounds, paired, runChild } from '../lib/cold-process.mjs';
import { footer, median, writeSection } from '../lib/results.mjs';

const CONTENDERS = ['baseline', 'tokenward', 'jose'];
const FULL = process.env.BENCH_FUNCTIONS_COLD_RUNS === undefined;
const RUNS = Number(process.env.BENCH_FUNCTIONS_COLD_RUNS ?? 15);
const LABELS = {
  baseline: 'baseline: v4 `app.http` handler, no auth',
  tokenward: 'tokenward: `withAuth` + `entra()` (README)',
  jose: 'jose by hand: `createRemoteJWKSet` + `jwtVerify`',
};
const WORKER = fileURLToPath(new URL('./children/worker.mjs', import.meta.url));

const issuer = await createTestIssuer({ provider: 'entra' });
let samples;
try {
  const config = {
    token: await issuer.mint({ scp: 'Orders.Read' }),
    tenantId: issuer.tenantId,
    authority: issuer.url,
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUri: issuer.jwksUri,
  };
  samples = await interleavedRounds(
    CONTENDERS,
    RUNS,
    async (contender) => {
      const before = issuer.requests.total;
      // stderr piped: @azure/functions warns that it runs outside the Functions host ("test mode").
      const result = await runChild(WORKER, { ...config, contender }, { stderr: 'pipe' });
      return { ...result, requests: issuer.requests.total - before };
    },
    { label: 'functions cold start' },
  );
} finally {
  await issuer.close();
}

const cell = (name, { median: ms, diff }) =>
  name === 'baseline' ? `${ms.toFixed(1)} ms` : `${ms.toFixed(1)} ms (${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)})`;
const rows = CONTENDERS.map((name) => {
  const runs = samples[name];
  const requests = Math.max(...runs.map((s) => s.requests));
  return {
    name,
    requests,
    wall: paired(samples, name, 'baseline', (s) => s.ms),
    import: paired(samples, name, 'baseline', (s) => s.phases.import),
    firstRequest: paired(samples, name, 'baseline', (s) => s.phases.firstRequest),
    rss: median(runs.map((s) => s.maxRssMb)),
    rssMax: Math.max(...runs.map((s) => s.maxRssMb)),
  };
});
const body = [
  `The first request of a cold Functions worker: a fresh \`node\` process imports \`@azure/functions\` and the handler module (its verifier created at module scope), builds a real \`HttpRequest\` (\`Authorization: Bearer …\`, an Entra-shaped RS256 access token with \`scp: Orders.Read\`) and \`InvocationContext\`, and calls the handler, which must answer 200; afterwards a garbage token must be answered 401 with a \`WWW-Authenticate\` challenge. The keys come from \`createTestIssuer({ provider: 'entra' })\` in the parent on 127.0.0.1. The Functions host and its worker's own start-up are not part of it (\`@azure/functions\` runs in its test mode). ${RUNS} fresh processes per row, interleaved round by round; wall time from \`spawn()\` to the child printing "verified". × baseline: median over rounds of the row's time ÷ the no-auth baseline's in the same round. Phases measured in the child with \`performance.now()\`: **import** (\`@azure/functions\` + the handler module), **first request** (building the request and context, the handler's call, key fetch and verification included); in brackets the median difference to the baseline's same phase in the same round. Peak RSS: the child's \`process.resourceUsage().maxRSS\` at exit, median (max).`,
  '',
  '| contender | fetches | median wall spawn → verified | × baseline | import phase | first request phase | peak RSS, MB |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${LABELS[r.name]} | ${r.requests} request${r.requests === 1 ? '' : 's'} | ${r.wall.median.toFixed(1)} ms | ${r.wall.ratio.toFixed(2)}× | ${cell(r.name, r.import)} | ${cell(r.name, r.firstRequest)} | ${r.rss.toFixed(1)} (${r.rssMax.toFixed(1)}) |`,
  ),
  '',
  footer(['@tokenward/azure-functions', '@tokenward/core', '@azure/functions', 'jose'], 'node bench/functions-cold-start/run.mjs'),
].join('\n');
if (FULL) writeSection('functions-cold-start', 'Azure Functions cold start', body);
console.log(body);
