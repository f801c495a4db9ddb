#!/usr/bin/env node
/**
 * The fleet's failure paths at key-set expiry: N verifiers (separate key caches, one real Redis through
 * @tokenward/redis) under steady traffic while the key endpoint fails, hangs, or the lock holder has
 * crashed. Reported: requests that reached the key endpoint, the slowest verification, verifications
 * that waited ≥ 100 ms, failures. Runs from the sources of BENCH_ROOT (default: this checkout), so two
 * checkouts can be compared side by side:
 *
 *   node --conditions=source --import tsx bench/fleet-failure/run.mjs
 *   BENCH_BEFORE=/path/to/older/checkout node --conditions=source --import tsx bench/fleet-failure/run.mjs
 *
 * With BENCH_BEFORE, the same scenarios also run on that checkout's sources (a child process with
 * BENCH_ROOT set), and its rows are printed beside this checkout's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startRedis } from '../lib/redis-server.mjs';
import { footer, writeSection } from '../lib/results.mjs';

const here = fileURLToPath(new URL('../../', import.meta.url));
const root = process.env.BENCH_ROOT ? `${process.env.BENCH_ROOT.replace(/\/$/, '')}/` : here;
const from = (pkg) => createRequire(`${root}packages/${pkg}/package.json`);
const { Redis } = await import(pathToFileURL(from('redis').resolve('ioredis')).href);
const { createVerifier, jwks } = await import(pathToFileURL(`${root}packages/core/src/index.ts`).href);
const { createRedisKeyStore } = await import(pathToFileURL(`${root}packages/redis/src/index.ts`).href);
const { createTestIssuer } = await import(pathToFileURL(`${here}packages/testing/src/index.ts`).href);

const INSTANCES = Number(process.env.BENCH_FLEET_INSTANCES ?? 16);
const WINDOW_MS = Number(process.env.BENCH_FLEET_WINDOW_MS ?? 15_000);
const TTL_MS = 2_000;
const INTERVAL_MS = 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const scenarios = [
  {
    name: 'failing provider (500s) at expiry',
    atExpiry: (issuer) => issuer.setFault({ kind: 'status', status: 500 }),
  },
  {
    name: 'hanging provider at expiry (timeoutMs 5 s)',
    atExpiry: (issuer) => issuer.setFault({ kind: 'hang' }),
  },
  {
    name: 'crashed lock holder at expiry (healthy provider)',
    // A lock nobody will release, set as a holder would (its default life: timeoutMs + 2 × storeTimeoutMs).
    atExpiry: async (issuer, { admin, prefix }) => admin.set(`${prefix}jwks-lock:${issuer.jwksUri}`, 'crashed', 'PX', 7_000),
  },
];

async function run(scenario, redisUrl) {
  const issuer = await createTestIssuer({ jwksCacheControl: 'no-store' });
  const prefix = `bench-fleet:${crypto.randomUUID()}:`;
  const admin = new Redis(redisUrl);
  const clients = Array.from({ length: INSTANCES }, () => new Redis(redisUrl, { enableOfflineQueue: false }));
  try {
    const verifiers = clients.map((client) =>
      createVerifier({
        issuers: [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience })],
        jwks: { store: createRedisKeyStore({ client, prefix }), cacheMaxAgeMs: TTL_MS, minCacheMaxAgeMs: 0 },
      }),
    );
    await Promise.all(
      clients.map((client) => (client.status === 'ready' ? undefined : new Promise((resolve) => client.once('ready', resolve)))),
    );
    const token = await issuer.mint({}, { expiresInSec: 3_600 });
    await Promise.all(verifiers.map((v) => v.verify(token)));
    await sleep(TTL_MS);
    issuer.resetCounters();
    await scenario.atExpiry(issuer, { admin, prefix });

    const latencies = [];
    let failures = 0;
    const end = performance.now() + WINDOW_MS;
    await Promise.all(
      verifiers.map(async (verifier) => {
        while (performance.now() < end) {
          const start = performance.now();
          await verifier.verify(token).catch(() => failures++);
          latencies.push(performance.now() - start);
          await sleep(INTERVAL_MS);
        }
      }),
    );
    issuer.setFault(null);
    return {
      requests: issuer.requests.jwks,
      verifications: latencies.length,
      slowest: Math.max(...latencies),
      waited: latencies.filter((ms) => ms >= 100).length,
      failures,
    };
  } finally {
    for (const client of [admin, ...clients]) client.disconnect();
    await issuer.close();
  }
}

const revision = (dir) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const code = process.env.BENCH_ROOT ? `before (${revision(root)})` : `this checkout (${revision(here)})`;
const redis = await startRedis();
const rows = [];
try {
  for (const scenario of scenarios) {
    process.stderr.write(`fleet failure: ${scenario.name}\n`);
    const r = await run(scenario, redis.url);
    rows.push(
      `| ${scenario.name} | ${code} | ${r.requests} | ${r.verifications.toLocaleString('en')} | ${r.slowest < 10 ? r.slowest.toFixed(1) : r.slowest.toFixed(0)} | ${r.waited} | ${r.failures} |`,
    );
  }
} finally {
  redis.stop();
}
if (process.env.BENCH_ROWS_ONLY) {
  console.log(JSON.stringify(rows));
  process.exit(0);
}
if (process.env.BENCH_BEFORE) {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_ROOT: process.env.BENCH_BEFORE, BENCH_BEFORE: '', BENCH_ROWS_ONLY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => child.once('exit', resolve));
  const before = JSON.parse(out.trim().split('\n').pop() ?? '[]');
  const merged = [];
  rows.forEach((row, i) => merged.push(row, ...(before[i] === undefined ? [] : [before[i]])));
  rows.splice(0, rows.length, ...merged);
}

const table = [
  `${INSTANCES} verifiers in one process, each with its own key cache, sharing one redis-server (127.0.0.1) through \`@tokenward/redis\` (clients with \`enableOfflineQueue: false\`); keys live ${TTL_MS / 1000} s; each verifier verifies a token of a known \`kid\` every ${INTERVAL_MS} ms for ${WINDOW_MS / 1000} s from the moment the set expires and the fault starts.`,
  '',
  '| at expiry | code | key requests in the window | verifications | slowest, ms | waited ≥ 100 ms | failed |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
  footer(['ioredis'], 'node --conditions=source --import tsx bench/fleet-failure/run.mjs', {
    needsBuild: false,
    resolvers: { ioredis: from('redis') },
  }),
].join('\n');
console.log(table);
if (!process.env.BENCH_FLEET_INSTANCES && !process.env.BENCH_FLEET_WINDOW_MS)
  writeSection('fleet-failure', 'Fleet failure paths at key expiry', table);
