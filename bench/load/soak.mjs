#!/usr/bin/env node
/**
 * Bounded soak of the example APIs: BENCH_SOAK_SECONDS (default 90) of mixed traffic (10,000 distinct
 * valid tokens, every other request expired / forged / garbage) against each example, in a child process
 * started with --expose-gc and the probe (lib.mjs). Samples the API's VmRSS (/proc/<pid>/status) and
 * heap (process.memoryUsage() over IPC) every BENCH_SOAK_SAMPLE_SECONDS, and compares the heap and RSS
 * after a full GC at the end of the soak with the same after the warm-up. Fails (exit 1) when the growth
 * passes the bound:
 *
 *   heap used after GC: + BENCH_SOAK_HEAP_BOUND_MB (default 5 MiB)
 *   RSS after GC:       + BENCH_SOAK_RSS_BOUND_MB  (default 32 MiB)
 *
 * Why that bound holds by construction: the examples use core's defaults, so the verifier keeps one JWKS
 * cache per key source (here one set of a few keys), no token cache (off by default; when on, an LRU of
 * `maxEntries`, default 1,000), and nothing per request; revocation is not configured.
 *
 *   node bench/load/soak.mjs   # BENCH_SOAK_SECONDS=90, BENCH_SOAK_WARMUP_SECONDS=10, BENCH_SOAK_SAMPLE_SECONDS=5,
 *                              # BENCH_LOAD_CONNECTIONS=10; BENCH_FRAMEWORKS=express narrows (no RESULTS.md then)
 */
import { footer, writeSection } from '../lib/results.mjs';
import { FRAMEWORKS_ALL, invalidTokens, load, mb, mix, startApi, startIssuer, statusCounts, validTokens } from './lib.mjs';

const FRAMEWORKS = process.env.BENCH_FRAMEWORKS ? process.env.BENCH_FRAMEWORKS.split(',') : FRAMEWORKS_ALL;
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 90);
const WARMUP = Number(process.env.BENCH_SOAK_WARMUP_SECONDS ?? 10);
const SAMPLE = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 10);
const HEAP_BOUND_MB = Number(process.env.BENCH_SOAK_HEAP_BOUND_MB ?? 5);
const RSS_BOUND_MB = Number(process.env.BENCH_SOAK_RSS_BOUND_MB ?? 32);
const FULL = !process.env.BENCH_FRAMEWORKS && !process.env.BENCH_SOAK_SECONDS;
const MiB = 1024 * 1024;

const started = performance.now();
const dev = await startIssuer();
const results = [];
try {
  const tokens = mix(await validTokens(dev, 10_000), await invalidTokens(dev, 1_000));
  for (const framework of FRAMEWORKS) {
    const api = await startApi(framework, dev, { exposeGc: true });
    try {
      const startRss = api.rss();
      if (WARMUP > 0) await load(api.url, tokens, { seconds: WARMUP, connections: CONNECTIONS });
      const before = await api.memory(true);
      const rssBefore = api.rss();
      const samples = [];
      const t0 = performance.now();
      const sampler = setInterval(() => {
        const rss = api.rss();
        void api.memory(false).then((m) => samples.push({ at: Math.round((performance.now() - t0) / 1000), rss, heapUsed: m.heapUsed }));
      }, SAMPLE * 1000);
      let result;
      try {
        result = await load(api.url, tokens, { seconds: SECONDS, connections: CONNECTIONS });
      } finally {
        clearInterval(sampler);
      }
      const after = await api.memory(true);
      const rssAfter = api.rss();
      const statuses = statusCounts(result);
      const unexpected = Object.keys(statuses).filter((code) => code !== '200' && code !== '401');
      if (result.errors || result.timeouts || unexpected.length > 0)
        throw new Error(`${framework}: ${result.errors} errors, ${result.timeouts} timeouts, statuses ${JSON.stringify(statuses)}`);
      const entry = {
        framework,
        requests: result.requests.total,
        rps: result.requests.average,
        p99: result.latency.p99,
        statuses,
        startRss,
        rssBefore,
        rssAfter,
        heapBefore: before.heapUsed,
        heapAfter: after.heapUsed,
        peakRss: Math.max(rssBefore, rssAfter, ...samples.map((s) => s.rss)),
        peakHeap: Math.max(...samples.map((s) => s.heapUsed)),
        samples,
      };
      entry.heapGrowth = entry.heapAfter - entry.heapBefore;
      entry.rssGrowth = entry.rssAfter - entry.rssBefore;
      entry.pass = entry.heapGrowth <= HEAP_BOUND_MB * MiB && entry.rssGrowth <= RSS_BOUND_MB * MiB;
      results.push(entry);
      process.stderr.write(
        `soak ${framework}: ${entry.requests} requests, heap after GC ${mb(entry.heapBefore)} → ${mb(entry.heapAfter)} MiB, RSS ${mb(entry.rssBefore)} → ${mb(entry.rssAfter)} MiB (peak ${mb(entry.peakRss)}): ${entry.pass ? 'within' : 'BEYOND'} the bound\n`,
      );
      process.stderr.write(
        `  samples (s: RSS MiB / heap MiB): ${samples.map((s) => `${s.at}: ${mb(s.rss)}/${mb(s.heapUsed)}`).join(', ')}\n`,
      );
    } finally {
      await api.stop();
    }
  }
} finally {
  await dev.close();
}

const sign = (bytes) => `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`;
const rows = results.map(
  (r) =>
    `| ${r.framework} | ${r.requests.toLocaleString('en')} (${Math.round(r.rps).toLocaleString('en')} req/s, p99 ${r.p99} ms) | ${mb(r.heapBefore)} → ${mb(r.heapAfter)} (**${sign(r.heapGrowth)}**) | ${mb(r.rssBefore)} → ${mb(r.rssAfter)} (**${sign(r.rssGrowth)}**) | ${mb(r.peakHeap)} / ${mb(r.peakRss)} | ${(Math.max(0, r.heapGrowth) / r.requests).toFixed(2)} | ${r.pass ? 'yes' : '**NO**'} |`,
);
const series = results.map(
  (r) =>
    `- ${r.framework}, every ${SAMPLE} s (RSS / heap used, MiB, no forced GC): ${r.samples.map((s) => `${mb(s.rss)}/${mb(s.heapUsed)}`).join(', ')}`,
);
const wall = Math.round((performance.now() - started) / 1000);
const body = [
  `Each example API (\`src/server.ts\`, unmodified) in a child process started with \`--expose-gc\` and the bench's probe preloaded; ${WARMUP} s of warm-up, then ${SECONDS} s of mixed traffic: 10,000 distinct valid tokens, every other request expired / forged / garbage (autocannon, ${CONNECTIONS} connections). Memory is read from outside the app: VmRSS from \`/proc/<pid>/status\`, heap from \`process.memoryUsage()\` over the IPC channel (after two full GCs for the before/after figures). "Before" is after the warm-up.`,
  '',
  `**Bound** (the script fails beyond it): heap used after GC grows by at most ${HEAP_BOUND_MB} MiB and RSS by at most ${RSS_BOUND_MB} MiB over the soak. It holds by construction: the verifier keeps one JWKS cache per key source (one key set of a few keys here; at most \`maxResponseBytes\`, 256 KiB, of JSON per source), the verified-token cache is off by default (when on: an LRU of \`maxEntries\`, default 1,000 tokens), and nothing is kept per request or per invalid token. A leak as small as ${results.map((r) => `${Math.ceil((HEAP_BOUND_MB * MiB) / r.requests)} bytes per request (${r.framework})`).join(', ')} would cross the heap bound over this many requests. RSS includes tsx, which the examples run under.`,
  '',
  '| framework | requests in the soak | heap used after GC, MiB | RSS after GC, MiB | peak heap / RSS during, MiB | heap growth, bytes per request | within the bound |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...rows,
  '',
  ...series,
  '',
  `Wall time of the whole script: ${wall} s. Shared 2-core machine.`,
  '',
  // Not part of `npx -y pnpm@10 bench` (it would push the whole run past ~12 minutes): say so in the footer.
  footer(
    ['@tokenward/core', '@tokenward/express', '@tokenward/fastify', '@tokenward/cli', 'express', 'fastify', 'autocannon'],
    'node bench/load/soak.mjs',
  ).replace('`npx -y pnpm@10 bench` builds and runs every script', 'not part of `npx -y pnpm@10 bench`, run it on its own'),
].join('\n');
if (FULL) writeSection('soak', 'Soak: memory of the example APIs', body);
console.log(body);
if (results.some((r) => !r.pass)) process.exitCode = 1;
