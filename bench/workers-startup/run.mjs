#!/usr/bin/env node
/**
 * Startup of a Cloudflare Worker in workerd (Miniflare 3, the runtime @tokenward/workers' tests use):
 * the Workers of workers-bundle-size.mjs (built by the same lib/worker-builds.mjs, their authority read
 * from an `AUTHORITY` binding so they reach a local Entra-shaped issuer on 127.0.0.1), next to a Worker
 * with no auth and no framework (the baseline). Every sample is a fresh Miniflare, so a fresh workerd
 * process and isolate; samples are interleaved round by round, the order rotating.
 *
 *   (a) startup: wall time from `new Miniflare()` to `await mf.ready` (workerd boots, compiles and
 *       evaluates the script); also minus the baseline's startup in the same round, the Worker's own share;
 *   (b) first verified request: from ready to the first 200 answer of `mf.dispatchFetch` with a valid
 *       token (discovery / JWKS fetched from the issuer, keys imported), then a second token (warm).
 *
 * Each sample checks that both answers are 200 and that a forged token (right kid, foreign key) gets 401.
 *
 * The script goes to Miniflare as an explicit module list: given `modules: true` and `script` (as the
 * tests' harness does), Miniflare first parses the script with acorn in Node to find its imports, which
 * grows with the bundle and on a loaded machine costs more than workerd's own compile; no deployed Worker
 * pays it.
 *
 *   node bench/workers-startup/run.mjs     # BENCH_WORKER_STARTUP_RUNS=10 rounds, after a build
 */
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createTestIssuer } from '@tokenward/testing';
import { footer, median, retrying, versionOf, writeSection } from '../lib/results.mjs';
import { BUILD_FLAGS, benchDir, bundle, esbuildVersion, requireFromWorkers, workerSources } from '../lib/worker-builds.mjs';

const { Miniflare } = await import(pathToFileURL(requireFromWorkers.resolve('miniflare')).href);

const ROUNDS = Number(process.env.BENCH_WORKER_STARTUP_RUNS ?? 20);
const TIMEOUT_MS = 30_000;
const COMPATIBILITY_DATE = '2025-07-18'; // the harness's (packages/workers/test/harness.ts)

const BASELINE = {
  id: 'baseline',
  name: '_baseline: no auth, no framework_',
  resolveDir: benchDir,
  source: `export default { fetch: () => Response.json({ subject: 'nobody' }) };`,
};
// Which of the shared Workers run, in table order; the Hono route without auth is the floor of the other Hono rows.
const IDS = ['tokenward', 'jose', 'aws-jwt-verify', 'hono-baseline', 'hono-jwk', 'hono-tokenward'];
const NO_AUTH = new Set(['baseline', 'hono-baseline']);

const local = workerSources({ authorityFromEnv: true });
const deployed = workerSources();
const workers = [BASELINE, ...IDS.map((id) => local.find((worker) => worker.id === id))];

const gzipOf = async (worker) => {
  const [file] = (await bundle(worker)).outputFiles;
  return { script: file.text, gzip: gzipSync(file.contents).byteLength };
};
for (const worker of workers) {
  Object.assign(worker, await gzipOf(worker));
  const asDeployed = deployed.find((other) => other.id === worker.id);
  worker.sizeDelta = asDeployed === undefined ? 0 : worker.gzip - (await gzipOf(asDeployed)).gzip;
}

const withTimeout = (promise, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref()),
  ]);

/** One GET /orders; the body read, the status checked. */
async function get(mf, token, expected, what) {
  const response = await mf.dispatchFetch('http://worker.test/orders', token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const body = await response.text();
  if (response.status !== expected) throw new Error(`${what}: expected ${expected}, got ${response.status} ${body.slice(0, 200)}`);
}

async function sample(worker, issuer, bindings) {
  const [first, second, forged] = await Promise.all([
    issuer.mint({ scp: 'Orders.Read' }),
    issuer.mint({ scp: 'Orders.Read' }),
    issuer.mint({ scp: 'Orders.Read' }, { signWith: 'foreign' }),
  ]);
  const requests = () => issuer.requests.total;
  const started = performance.now();
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: worker.script }],
    compatibilityDate: COMPATIBILITY_DATE,
    bindings,
  });
  try {
    await withTimeout(mf.ready, `${worker.id} startup`);
    const ready = performance.now();
    const before = requests();
    await withTimeout(get(mf, first, 200, `${worker.id} first request`), worker.id);
    const answered = performance.now();
    const afterFirst = requests();
    await withTimeout(get(mf, second, 200, `${worker.id} second request`), worker.id);
    const warm = performance.now();
    const afterSecond = requests();
    // Outside the timings: a Worker that lets anything through cannot win.
    if (!NO_AUTH.has(worker.id)) await withTimeout(get(mf, forged, 401, `${worker.id} forged token`), worker.id);
    return {
      startup: ready - started,
      first: answered - ready,
      second: warm - answered,
      fetches: [afterFirst - before, afterSecond - afterFirst],
    };
  } finally {
    await mf.dispose();
  }
}

const issuer = await createTestIssuer({ provider: 'entra' });
const bindings = { TENANT_ID: issuer.tenantId, AUDIENCE: issuer.audience, AUTHORITY: issuer.url };
const samples = Object.fromEntries(workers.map((worker) => [worker.id, []]));
try {
  // One unrecorded round: the workerd binary and the bundles into the OS cache, Miniflare's first start.
  for (const worker of workers) await retrying(worker.id, () => sample(worker, issuer, bindings));
  for (let round = 0; round < ROUNDS; round++) {
    const order = workers.map((_, i) => workers[(i + round) % workers.length]);
    for (const worker of order) {
      samples[worker.id].push({ round, ...(await retrying(worker.id, () => sample(worker, issuer, bindings))) });
    }
    process.stderr.write(`workers startup round ${round + 1}/${ROUNDS}\n`);
  }
} finally {
  await issuer.close();
}

const baselineOf = (round) => samples.baseline.find((s) => s.round === round);
const ms = (value) => `${value.toFixed(1)} ms`;
const signed = (value) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} ms`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const rows = workers.map((worker) => {
  const runs = samples[worker.id];
  const fetches = runs.at(-1).fetches;
  return {
    name: worker.name,
    gzip: worker.gzip,
    startup: median(runs.map((s) => s.startup)),
    startupOwn: median(runs.map((s) => s.startup - baselineOf(s.round).startup)),
    first: median(runs.map((s) => s.first)),
    firstOwn: median(runs.map((s) => s.first - baselineOf(s.round).first)),
    second: median(runs.map((s) => s.second)),
    fetches: `${fetches[0]} / ${fetches[1]}`,
  };
});
const maxDelta = Math.max(...workers.map((worker) => Math.abs(worker.sizeDelta)));

const body = [
  `Fresh workerd per sample (Miniflare ${versionOf('miniflare', requireFromWorkers)}, one Worker given as an ES module, compatibility date ${COMPATIBILITY_DATE}); ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}, each starting every Worker once in a rotating order, after one unrecorded warm-up round; medians over rounds. **Startup**: wall time from \`new Miniflare()\` to \`await mf.ready\`: workerd boots, compiles the script and evaluates its top level. **− baseline**: median over rounds of the row's startup minus the no-auth baseline's in the same round, the Worker's own share of it. **First request**: from ready to the 200 answer of \`mf.dispatchFetch\` with a valid Entra-shaped RS256 token, which includes the key fetches from the local issuer on 127.0.0.1 (discovery and/or JWKS: "issuer requests") and the key import; **second**: another valid token right after (warm; Hono's jwk() fetches the key set again on every request). Every sample checks both answers are 200 and a forged token (published kid, foreign key) gets 401.`,
  '',
  `These are wall times: workerd reports no script startup time of its own (the startup CPU time Cloudflare shows on deploy is measured by its edge, not by the local runtime; inside the isolate the clock stands still until I/O), so the startup includes workerd's boot and Miniflare's set-up, which the baseline column takes out. The script is handed to Miniflare as an explicit module list: with \`modules: true\` and \`script\` Miniflare would first parse it with acorn in Node to find its imports, a cost that grows with the bundle and that no deployed Worker pays. Bundles: esbuild ${esbuildVersion}, ${BUILD_FLAGS} (lib/worker-builds.mjs, shared with workers-bundle-size), with the authority read from an \`AUTHORITY\` binding instead of Entra's literal URL; gzipped, they are within ${maxDelta} bytes of the workers-bundle-size table's.`,
  '',
  '| Worker | minified + gzip | startup | − baseline | first verified request | − baseline | second request | issuer requests (1st / 2nd) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${kib(r.gzip)} | ${ms(r.startup)} | ${signed(r.startupOwn)} | ${ms(r.first)} | ${signed(r.firstOwn)} | ${ms(r.second)} | ${r.fetches} |`,
  ),
  '',
  footer(['@tokenward/core', 'jose', 'aws-jwt-verify', 'hono', 'miniflare'], 'node bench/workers-startup/run.mjs', {
    resolvers: { hono: requireFromWorkers, miniflare: requireFromWorkers },
  }),
].join('\n');
writeSection('workers-startup', 'Workers startup in workerd', body);
console.log(body);
