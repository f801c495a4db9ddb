#!/usr/bin/env node
/**
 * Load test of the example APIs (examples/express-api, examples/fastify-api) on 127.0.0.1: GET /api/orders
 * (scope Orders.Read) under autocannon, in four scenarios:
 *
 *   one-token     the same valid token on every request
 *   distinct-10k  10,000 distinct valid tokens, each request the next one
 *   invalid-50    every other request invalid: expired, forged (foreign key under the published kid), garbage
 *   jwks-outage   the dev issuer drops every connection and the API's cached keys are past their max-age
 *                 (the API's clock moved forward 1 h 1 min through the probe): stale keys, within the
 *                 1 h stale-if-error window, must keep every valid request at 200
 *
 * Each run is a fresh API process (the example's own `src/server.ts`, see lib.mjs), autocannon in this
 * process; runs interleave round by round, medians over rounds. Bounded: every run lasts
 * BENCH_LOAD_WARMUP_SECONDS + BENCH_LOAD_SECONDS.
 *
 *   node bench/load/run.mjs   # BENCH_LOAD_ROUNDS=3, BENCH_LOAD_SECONDS=5, BENCH_LOAD_WARMUP_SECONDS=1, BENCH_LOAD_CONNECTIONS=10
 *                             # BENCH_FRAMEWORKS / BENCH_LOAD_SCENARIOS narrow the run (no RESULTS.md then)
 */
import { footer, median, retrying, writeSection } from '../lib/results.mjs';
import { FRAMEWORKS_ALL, invalidTokens, load, mix, startApi, startIssuer, statusCounts, validTokens } from './lib.mjs';

const SCENARIOS_ALL = ['one-token', 'distinct-10k', 'invalid-50', 'jwks-outage'];
const FRAMEWORKS = process.env.BENCH_FRAMEWORKS ? process.env.BENCH_FRAMEWORKS.split(',') : FRAMEWORKS_ALL;
const SCENARIOS = process.env.BENCH_LOAD_SCENARIOS ? process.env.BENCH_LOAD_SCENARIOS.split(',') : SCENARIOS_ALL;
const FULL = !process.env.BENCH_FRAMEWORKS && !process.env.BENCH_LOAD_SCENARIOS;
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 10);
const DISTINCT = 10_000;
/** The dev issuer's key responses say max-age=3600: one minute past it. */
const PAST_MAX_AGE_MS = 3_600_000 + 60_000;

const LABELS = {
  'one-token': 'valid, one token',
  'distinct-10k': 'valid, 10,000 distinct tokens',
  'invalid-50': '50% invalid (expired / forged / garbage)',
  'jwks-outage': 'JWKS outage, keys past max-age (stale window)',
};

const started = performance.now();
const dev = await startIssuer();
const runs = [];
try {
  const t0 = performance.now();
  const valid = await validTokens(dev, DISTINCT);
  const invalid = await invalidTokens(dev, 1_000);
  const tokensFor = { 'one-token': valid.slice(0, 1), 'distinct-10k': valid, 'invalid-50': mix(valid, invalid), 'jwks-outage': valid };
  process.stderr.write(
    `load: minted ${DISTINCT} valid and ${3 * 1_000} invalid tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );

  for (let round = 0; round < ROUNDS; round++) {
    for (const framework of FRAMEWORKS) {
      const order = SCENARIOS.map((_, i) => SCENARIOS[(i + round) % SCENARIOS.length]);
      for (const scenario of order) {
        const api = await retrying(`${framework} ${scenario}`, () => startApi(framework, dev));
        try {
          const check = await fetch(api.url, { headers: { authorization: `Bearer ${valid[0]}` } });
          if (check.status !== 200) throw new Error(`${framework}: a valid token got ${check.status} ${await check.text()}`);
          const tokens = tokensFor[scenario];
          if (WARMUP > 0) await load(api.url, scenario === 'jwks-outage' ? valid : tokens, { seconds: WARMUP, connections: CONNECTIONS });
          let jwksBefore = dev.testIssuer.requests.jwks;
          if (scenario === 'jwks-outage') {
            dev.testIssuer.setFault({ kind: 'outage' });
            await api.shiftClock(PAST_MAX_AGE_MS);
            jwksBefore = dev.testIssuer.requests.jwks;
          }
          let result;
          try {
            result = await load(api.url, tokens, { seconds: SECONDS, connections: CONNECTIONS });
          } finally {
            dev.testIssuer.setFault(null);
          }
          const jwks = dev.testIssuer.requests.jwks - jwksBefore;
          const statuses = statusCounts(result);
          const total = result.requests.total;
          if (result.errors || result.timeouts)
            throw new Error(`${framework} ${scenario}: ${result.errors} errors, ${result.timeouts} timeouts`);
          const unexpected = Object.keys(statuses).filter((code) => !(code === '200' || (scenario === 'invalid-50' && code === '401')));
          if (unexpected.length > 0) throw new Error(`${framework} ${scenario}: unexpected statuses ${JSON.stringify(statuses)}`);
          const okShare = (statuses['200'] ?? 0) / total;
          if (scenario === 'invalid-50' && Math.abs(okShare - 0.5) > 0.01)
            throw new Error(`${framework} ${scenario}: ${(okShare * 100).toFixed(1)}% answered 200, expected 50%`);
          runs.push({
            round,
            framework,
            scenario,
            rps: result.requests.average,
            p50: result.latency.p50,
            p99: result.latency.p99,
            total,
            statuses,
            jwks,
          });
          process.stderr.write(
            `load round ${round + 1} ${framework} ${scenario}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${JSON.stringify(statuses)}, ${jwks} JWKS requests\n`,
          );
        } finally {
          await api.stop();
        }
      }
    }
  }
} finally {
  await dev.close();
}

const pick = (framework, scenario) => runs.filter((r) => r.framework === framework && r.scenario === scenario);
const fmt = (n) => Math.round(n).toLocaleString('en');
const rows = [];
for (const framework of FRAMEWORKS) {
  for (const scenario of SCENARIOS) {
    const r = pick(framework, scenario);
    const total = r.reduce((sum, x) => sum + x.total, 0);
    const by = (code) => r.reduce((sum, x) => sum + (x.statuses[code] ?? 0), 0);
    const split =
      scenario === 'invalid-50'
        ? `${((by('200') / total) * 100).toFixed(1)}% 200, ${((by('401') / total) * 100).toFixed(1)}% 401`
        : `${((by('200') / total) * 100).toFixed(1)}% 200`;
    const jwks = scenario === 'jwks-outage' ? `${r.map((x) => x.jwks).join(' / ')} (all failed)` : r.map((x) => x.jwks).join(' / ');
    rows.push(
      `| ${framework} | ${LABELS[scenario]} | **${fmt(median(r.map((x) => x.rps)))}** | ${median(r.map((x) => x.p50))} | **${median(r.map((x) => x.p99))}** | ${fmt(total)} | ${split} | ${jwks} |`,
    );
  }
}
const wall = Math.round((performance.now() - started) / 1000);
const body = [
  `The example APIs themselves (\`examples/express-api\`, \`examples/fastify-api\`, unmodified, started through their \`src/server.ts\` with \`TENANT_ID\`, \`API_CLIENT_ID\` and \`AUTHORITY\` pointing at \`@tokenward/cli\`'s dev issuer), GET /api/orders needing scope \`Orders.Read\`, Entra-shaped RS256 tokens, loopback only. Each run is a fresh API process; autocannon (${CONNECTIONS} connections, no pipelining) in the parent, ${WARMUP} s warm-up then ${SECONDS} s measured, ${ROUNDS} interleaved rounds, medians of req/s and latency. The examples run with core's defaults: token cache off, so every request is a full verification.`,
  '',
  '- **distinct tokens**: each request carries the next of 10,000 distinct valid tokens (autocannon `setupRequest`), so nothing can be served from a per-token cache.',
  '- **50% invalid**: valid, expired, valid, forged (signed by a key not in the JWKS, under the published `kid`), valid, garbage (not a JWT), …; the invalid ones must answer 401 and the valid ones 200, nothing else.',
  `- **JWKS outage**: after the warm-up the dev issuer drops every connection (\`setFault({ kind: 'outage' })\`) and the API's clock is moved 1 h 1 min forward (the probe preloaded into the API wraps \`Date.now\`), so its cached keys are past their max-age (3600 s) and inside the stale-if-error window (1 h): every request must still answer 200. "JWKS requests" counts the failed attempts the issuer saw during the measured ${SECONDS} s, per round (one per backoff window: 1 s, 2 s, 4 s …).`,
  '',
  '| framework | scenario | req/s | p50 ms | p99 ms | requests (all rounds) | answers | JWKS requests during the run, per round |',
  '|---|---|---:|---:|---:|---:|---|---|',
  ...rows,
  '',
  `Shared 2-core machine, load generator and API on the same cores: req/s moves 20–40% between runs; compare scenarios within a framework. Wall time of the whole script: ${wall} s.`,
  '',
  footer(
    ['@tokenward/core', '@tokenward/express', '@tokenward/fastify', '@tokenward/cli', 'express', 'fastify', 'autocannon'],
    'node bench/load/run.mjs',
  ),
].join('\n');
if (FULL) writeSection('load', 'Load: the example APIs', body);
console.log(body);
