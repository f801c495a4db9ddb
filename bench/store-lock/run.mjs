#!/usr/bin/env node
/**
 * Does the fleet fetch lock change what an identity provider sees? N verifiers (separate key caches,
 * one shared store) against a real local issuer whose key endpoint answers in BENCH_LOCK_LATENCY_MS:
 * JWKS requests on a cold start (all verify their first token at once) and on a key rotation (all
 * meet the new kid at once), for the Redis store (a private redis-server on 127.0.0.1) and the KV
 * store (Miniflare's KV), each with its lock, without its lock methods, and with a lock that always
 * grants (the shared-store reads kept, the coordination removed). Runs from the sources:
 *
 *   node --conditions=source --import tsx bench/store-lock/run.mjs   # BENCH_LOCK_INSTANCES=8, BENCH_LOCK_ROUNDS=5
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startRedis } from '../lib/redis-server.mjs';
import { footer, median, writeSection } from '../lib/results.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const from = (pkg) => createRequire(`${root}packages/${pkg}/package.json`);
const load = async (pkg, name) => import(pathToFileURL(from(pkg).resolve(name)).href);
const { Redis } = await load('redis', 'ioredis');
const { Miniflare } = await load('kv', 'miniflare');
const { createVerifier, jwks } = await import(pathToFileURL(`${root}packages/core/src/index.ts`).href);
const { createRedisKeyStore } = await import(pathToFileURL(`${root}packages/redis/src/index.ts`).href);
const { createKvKeyStore } = await import(pathToFileURL(`${root}packages/kv/src/index.ts`).href);
const { createTestIssuer } = await import(pathToFileURL(`${root}packages/testing/src/index.ts`).href);

const INSTANCES = Number(process.env.BENCH_LOCK_INSTANCES ?? 8);
const ROUNDS = Number(process.env.BENCH_LOCK_ROUNDS ?? 5);
const LATENCY_MS = Number(process.env.BENCH_LOCK_LATENCY_MS ?? 100);

/** The store as shipped, without its lock methods, or with a lock that every instance wins at once. */
function variant(store, kind) {
  if (kind === 'lock') return store;
  const { acquireLock: _acquire, releaseLock: _release, ...rest } = store;
  if (kind === 'no lock methods') return { get: rest.get, set: rest.set, onRejected: rest.onRejected };
  return { get: rest.get, set: rest.set, onRejected: rest.onRejected, acquireLock: () => true, releaseLock: () => undefined };
}

async function round(backend, kind, n) {
  const issuer = await createTestIssuer({ provider: 'generic' });
  issuer.setFault({ kind: 'latency', ms: LATENCY_MS, target: 'keys' });
  const prefix = `bench-lock:${crypto.randomUUID()}:`;
  const stores = Array.from({ length: n }, () => variant(backend.store(prefix), kind));
  // cooldownMs 0: the rotation is met as if the last fetch were older than the cooldown.
  const verifiers = stores.map((store) =>
    createVerifier({
      issuers: [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience })],
      jwks: { store, cooldownMs: 0, timeoutMs: 5_000, storeTimeoutMs: 2_000 },
    }),
  );
  try {
    const first = await issuer.mint();
    issuer.resetCounters();
    const cold = await Promise.allSettled(verifiers.map((v) => v.verify(first)));
    const coldRequests = issuer.requests.jwks;
    await issuer.rotate({ keepOld: true });
    const rotated = await issuer.mint();
    issuer.resetCounters();
    const rotation = await Promise.allSettled(verifiers.map((v) => v.verify(rotated)));
    const rotationRequests = issuer.requests.jwks;
    const refusedOf = (settled) => settled.filter((r) => r.status === 'rejected');
    const codes = [...refusedOf(cold), ...refusedOf(rotation)].map((r) => r.reason?.code ?? String(r.reason));
    return { coldRequests, rotationRequests, coldRefused: refusedOf(cold).length, rotationRefused: refusedOf(rotation).length, codes };
  } finally {
    await issuer.close();
  }
}

const redisServer = await startRedis();
const clients = [];
const mf = new Miniflare({
  modules: true,
  script: 'export default { fetch: () => new Response(null) }',
  compatibilityDate: '2025-07-18',
  kvNamespaces: ['KV'],
});
const kv = await mf.getKVNamespace('KV');
const backends = [
  {
    name: 'redis (redis-server, SET NX PX lock)',
    store: (prefix) => {
      const client = new Redis(redisServer.url);
      clients.push(client);
      return createRedisKeyStore({ client, prefix, timeoutMs: 2_000 });
    },
  },
  { name: 'kv (Miniflare KV, best-effort marker)', store: (prefix) => createKvKeyStore(kv, { prefix, timeoutMs: 2_000 }) },
];
const sum = (values) => values.reduce((a, b) => a + b, 0);
const KINDS = ['lock', 'no lock methods', 'lock always granted'];
const rows = [];
try {
  for (const backend of backends) {
    for (const kind of KINDS) {
      const results = [];
      for (let r = 0; r < ROUNDS; r++) results.push(await round(backend, kind, INSTANCES));
      const list = (key) => results.map((x) => x[key]);
      rows.push({
        backend: backend.name,
        kind,
        cold: list('coldRequests'),
        rotation: list('rotationRequests'),
        coldRefused: sum(list('coldRefused')),
        rotationRefused: sum(list('rotationRefused')),
        codes: [...new Set(list('codes').flat())],
      });
      process.stderr.write(`store-lock ${backend.name} / ${kind}: cold ${list('coldRequests')} rotation ${list('rotationRequests')}\n`);
    }
  }
} finally {
  for (const client of clients) client.disconnect();
  await mf.dispose();
  redisServer.stop();
}

const cell = (values) => `**${median(values)}** (${Math.min(...values)}–${Math.max(...values)})`;
const table = [
  `${INSTANCES} verifiers, one shared store, key endpoint answering in ${LATENCY_MS} ms; JWKS requests the issuer saw, median (min–max) of ${ROUNDS} rounds.`,
  '',
  '| store | variant | cold start (all verify at once) | key rotation (all meet the new kid at once) | tokens refused (cold / rotation, of all rounds) |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.backend} | ${row.kind} | ${cell(row.cold)} | ${cell(row.rotation)} | ${row.coldRefused} / ${row.rotationRefused}${row.codes.length ? ` (${row.codes.join(', ')})` : ''} |`,
  ),
  '',
  footer(['ioredis', 'miniflare'], 'node --conditions=source --import tsx bench/store-lock/run.mjs', {
    needsBuild: false,
    resolvers: { ioredis: from('redis'), miniflare: from('kv') },
  }),
].join('\n');
console.log(table);
if (!process.env.BENCH_LOCK_INSTANCES && !process.env.BENCH_LOCK_ROUNDS && !process.env.BENCH_LOCK_LATENCY_MS)
  writeSection('store-lock', 'Fleet fetch lock: JWKS requests with and without it', table);
