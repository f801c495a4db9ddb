/**
 * Key-set expiry under steady traffic: does any verification wait for the key server?
 *
 * One local issuer per contender (127.0.0.1, `@tokenward/testing`, in a child process: issuer-process.mjs),
 * whose JWKS answers 300 ms late and
 * carries no max-age, so each library's own key-cache lifetime (TTL_MS) governs. One verification every
 * 2 ms, one at a time, for EXPIRIES lifetimes; then the issuer rotates its key and removes the old one,
 * and the old token is verified every 10 ms until it is refused (bounded by REMOVAL_BOUND_MS).
 *
 *   node bench/key-refresh/run.mjs                    (after a build; BENCH_EXPIRIES=20 for a short run)
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { libraries } from '../jwks-behaviour/libraries.mjs';
import { footer, writeSection } from '../lib/results.mjs';

const TTL_MS = 1_000;
const LATENCY_MS = 300;
const INTERVAL_MS = 2;
const EXPIRIES = Number(process.env.BENCH_EXPIRIES ?? 100);
const REMOVAL_BOUND_MS = 5_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function tokenward({ issuer, audience, jwksUri }, backgroundRefresh) {
  const { createVerifier, jwks } = await import('@tokenward/core');
  const verifier = createVerifier({
    issuers: [jwks({ issuer, jwksUri, audience })],
    jwks: { cacheMaxAgeMs: TTL_MS, minCacheMaxAgeMs: TTL_MS, backgroundRefresh },
  });
  return { verify: (token) => verifier.verify(token) };
}

const contenders = [
  { name: 'tokenward', setup: 'defaults (backgroundRefresh on)', create: (c) => tokenward(c, true) },
  { name: 'tokenward, backgroundRefresh: false', setup: 'the awaited refetch (the behaviour before)', create: (c) => tokenward(c, false) },
  { name: 'jose', setup: `createRemoteJWKSet, cacheMaxAge ${TTL_MS} ms`, create: (c) => libraries.jose.create(c, { ttlMs: TTL_MS }) },
  {
    name: 'aws-jwt-verify',
    setup: 'JwtVerifier + SimpleJwksCache (a fetched JWKS never expires)',
    create: (c) => libraries['aws-jwt-verify'].create(c),
  },
];

/** The issuer in its own process, so its work is not on the measured thread. */
async function startIssuer() {
  const child = fork(new URL('./issuer-process.mjs', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let next = 0;
  child.on('message', ({ id, value, error }) => {
    const settle = pending.get(id);
    pending.delete(id);
    if (error === undefined) settle.resolve(value);
    else settle.reject(new Error(`issuer process: ${error}`));
  });
  const call = (op, args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, args });
    });
  const urls = await call('start');
  return {
    ...urls,
    mint: () => call('mint'),
    setLatency: (ms) => call('latency', { ms }),
    rotate: () => call('rotate'),
    jwksRequests: () => call('requests'),
    close: () => Promise.all([call('close'), new Promise((resolve) => child.once('exit', resolve))]),
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function measure(contender) {
  const issuer = await startIssuer();
  try {
    const verifier = await contender.create({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri });
    const token = await issuer.mint();
    await issuer.setLatency(LATENCY_MS);
    await verifier.verify(token); // cold: the first fetch is not what this measures
    const before = await issuer.jwksRequests();
    const latencies = [];
    let failures = 0;
    const end = performance.now() + EXPIRIES * TTL_MS;
    while (performance.now() < end) {
      const start = performance.now();
      await verifier.verify(token).catch(() => failures++);
      latencies.push(performance.now() - start);
      await sleep(INTERVAL_MS);
    }
    const requests = (await issuer.jwksRequests()) - before;

    await issuer.rotate();
    const removedAt = performance.now();
    let acceptedFor;
    while (performance.now() - removedAt < REMOVAL_BOUND_MS) {
      const ok = await verifier.verify(token).then(
        () => true,
        () => false,
      );
      if (!ok) {
        acceptedFor = performance.now() - removedAt;
        break;
      }
      await sleep(10);
    }
    const sorted = latencies.sort((a, b) => a - b);
    return {
      verifications: sorted.length,
      failures,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1],
      stalls: sorted.filter((ms) => ms >= 5).length,
      requestsPerExpiry: requests / EXPIRIES,
      acceptedFor,
    };
  } finally {
    await issuer.close();
  }
}

const ms = (value) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
const rows = [];
for (const contender of contenders) {
  process.stderr.write(`key refresh: ${contender.name} (${EXPIRIES} expiries)\n`);
  const r = await measure(contender);
  rows.push(
    `| ${contender.name} | ${r.verifications.toLocaleString('en')} (${r.failures} failed) | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.stalls} | ${r.requestsPerExpiry.toFixed(2)} | ${
      r.acceptedFor === undefined ? `still accepted after ${REMOVAL_BOUND_MS / 1000} s` : `${ms(r.acceptedFor)} ms`
    } |`,
  );
}

const body = [
  `A known \`kid\` under steady traffic across key-set expiries: one verification every ${INTERVAL_MS} ms, one at a time, for ${EXPIRIES} key-cache lifetimes of ${TTL_MS} ms, against a local issuer (127.0.0.1, in its own process, so that only the library's work runs on the measured thread) whose JWKS answers ${LATENCY_MS} ms late. Latency per verification in ms; "≥ 5 ms" counts the verifications that waited (the target: none, and the slowest under 5 ms). Then the issuer rotates and removes the token's key: how long the removed key still verified (bounded at ${REMOVAL_BOUND_MS / 1000} s).`,
  '',
  `| contender | verifications | p50 | p99 | slowest | ≥ 5 ms | key requests per expiry | removed key still accepted for |`,
  '|---|---:|---:|---:|---:|---:|---:|---|',
  ...rows,
  '',
  `Setups: ${contenders.map((c) => `${c.name}: ${c.setup}`).join('; ')}.`,
  footer(['@tokenward/core', 'jose', 'aws-jwt-verify'], 'node bench/key-refresh/run.mjs'),
].join('\n');
console.log(writeSection('key-refresh', 'Key refresh at expiry', body));
