#!/usr/bin/env node
/**
 * Adapter overhead: the same route in Express and Fastify with (i) no auth, (i′) the minimal JWT layer
 * over `crypto.verify` in the handler (no library: the floor of authentication), (ii) core called
 * directly in the handler, (ii+) the same with core's `tokenCache` on, (ii′) core given
 * `headersDistinct`, (iii) the adapter: every request presents the same token, as a browser app does
 * within a token's hour. (iv) core in the handler and (iv+) the same with `tokenCache` on take a pool of
 * distinct valid tokens instead (4,000, minted here before the load, each variant walking it in turn),
 * so behind the default 1,000 entries every request of (iv+) is a miss, an insert and an eviction. One server process per framework hosts all six, each app on its own port (`server.mjs`), so they share the process, its JIT
 * and its heap: between processes the same code costs up to 30% more or less per request here, which
 * would drown a 5% difference. autocannon runs in this process and loads one variant at a time, in
 * rounds whose order rotates; a few fresh server processes repeat that. Each (iii) ÷ (ii) ratio pairs
 * phases of the same round in the same process; the overhead is the median of those ratios − 1.
 *
 *   node bench/adapter-overhead/run.mjs   # BENCH_ADAPTER_PROCESSES=3, BENCH_ADAPTER_ROUNDS=4, BENCH_ADAPTER_SECONDS=2,
 *                                         # BENCH_ADAPTER_WARMUP_SECONDS=1, BENCH_ADAPTER_CONNECTIONS=10,
 *                                         # BENCH_ADAPTER_POOL=4000 (distinct tokens for (iv) and (iv+));
 *                                         # BENCH_FRAMEWORKS=express narrows (no RESULTS.md then)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createTestIssuer } from '@tokenward/testing';
import { footer, median, retrying, writeSection } from '../lib/results.mjs';

const FRAMEWORKS = process.env.BENCH_FRAMEWORKS ? process.env.BENCH_FRAMEWORKS.split(',') : ['express', 'fastify'];
const FULL = !process.env.BENCH_FRAMEWORKS;
const VARIANTS = ['none', 'minimal', 'core', 'core-cache', 'core-distinct', 'adapter', 'core-miss', 'core-miss-cache'];
/** Variants loaded with the pool of distinct tokens instead of the one token. */
const MISS = new Set(['core-miss', 'core-miss-cache']);
const PROCESSES = Number(process.env.BENCH_ADAPTER_PROCESSES ?? 3);
const ROUNDS = Number(process.env.BENCH_ADAPTER_ROUNDS ?? 4);
const SECONDS = Number(process.env.BENCH_ADAPTER_SECONDS ?? 2);
const WARMUP = Number(process.env.BENCH_ADAPTER_WARMUP_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_ADAPTER_CONNECTIONS ?? 10);
const POOL = Number(process.env.BENCH_ADAPTER_POOL ?? 4_000);
// Core's default `tokenCache` size (DEFAULT_TOKEN_CACHE_ENTRIES): the pool must be larger for every request to miss.
const CACHE_ENTRIES = 1_000;
const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const LABELS = {
  none: '(i) no auth',
  minimal: '(i′) minimal JWT layer in the handler, no library',
  core: '(ii) core in the handler',
  'core-cache': '(ii+) same, `tokenCache: true`',
  'core-distinct': '(ii′) core given `headersDistinct`',
  adapter: '(iii) adapter',
  'core-miss': `(iv) core in the handler, ${POOL.toLocaleString('en')} distinct tokens in turn`,
  'core-miss-cache': '(iv+) same, `tokenCache: true` (every request a miss)',
};

async function startServer(framework, config) {
  const child = spawn(process.execPath, [SERVER, framework], {
    env: { ...process.env, ADAPTER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  let out = '';
  for await (const chunk of child.stdout) {
    out += chunk;
    if (out.includes('\n')) break;
  }
  clearTimeout(timer);
  if (!out.includes('\n')) throw new Error(`${framework}: the server exited before listening (is the build there? see its stderr above)`);
  const { ports } = JSON.parse(out.split('\n')[0]);
  return {
    urls: Object.fromEntries(VARIANTS.map((variant) => [variant, `http://127.0.0.1:${ports[variant]}/orders`])),
    /** The server's CPU time so far (user + system), in µs. */
    async cpu() {
      child.send('cpu');
      const [usage] = await once(child, 'message');
      return usage.user + usage.system;
    },
    async stop() {
      const closed = once(child, 'exit');
      child.disconnect();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await closed;
      clearTimeout(kill);
    },
  };
}

/**
 * Where each distinct-token variant is in the pool. Each keeps walking it across phases and processes, so
 * a token comes back to a variant only after POOL − 1 others: behind CACHE_ENTRIES entries, never a hit.
 */
const next = { 'core-miss': 0, 'core-miss-cache': 0 };
let pool = [];
const nextHeaders = (variant) => ({ authorization: `Bearer ${pool[next[variant]++ % pool.length]}` });

/** autocannon on one variant: the one token, or (MISS) the next token of the pool on every request, shared by all connections. */
const load = (url, variant, headers, duration) =>
  MISS.has(variant)
    ? autocannon({
        url,
        connections: CONNECTIONS,
        duration,
        pipelining: 1,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, headers: nextHeaders(variant) }) }],
      })
    : autocannon({ url, headers, connections: CONNECTIONS, duration, pipelining: 1 });

const issuer = await createTestIssuer({ provider: 'entra' });
const runs = [];
let tokenBytes;
try {
  // issuer and jwks are for the minimal layer, which has no discovery: its keys are given, as the floor's are.
  const config = {
    tenantId: issuer.tenantId,
    audience: issuer.audience,
    authority: issuer.url,
    issuer: issuer.issuer,
    jwks: issuer.publicJwks(),
  };
  const token = await issuer.mint({ scp: 'Orders.Read' });
  tokenBytes = token.length;
  const headers = { authorization: `Bearer ${token}` };
  if (POOL <= CACHE_ENTRIES) throw new Error(`BENCH_ADAPTER_POOL must exceed the cache's ${CACHE_ENTRIES} entries`);
  const t0 = performance.now();
  for (let i = 0; i < POOL; i++) pool.push(await issuer.mint({ scp: 'Orders.Read' }));
  if (new Set(pool).size !== POOL) throw new Error('the pool holds a token twice');
  process.stderr.write(`adapter: minted ${POOL} distinct tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  for (let proc = 0; proc < PROCESSES; proc++) {
    for (const framework of FRAMEWORKS) {
      const server = await retrying(framework, () => startServer(framework, config));
      try {
        for (const variant of VARIANTS) {
          const check = await fetch(server.urls[variant], { headers: MISS.has(variant) ? nextHeaders(variant) : headers });
          const body = await check.json();
          if (check.status !== 200 || typeof body.subject !== 'string')
            throw new Error(`${framework} ${variant}: ${check.status} ${JSON.stringify(body)}`);
          if (WARMUP > 0) await load(server.urls[variant], variant, headers, WARMUP);
        }
        for (let round = 0; round < ROUNDS; round++) {
          const shift = proc + round;
          for (const variant of VARIANTS.map((_, i) => VARIANTS[(i + shift) % VARIANTS.length])) {
            const cpuBefore = await server.cpu();
            const result = await load(server.urls[variant], variant, headers, SECONDS);
            const cpuUs = (await server.cpu()) - cpuBefore;
            if (result.non2xx || result.errors || result.timeouts)
              throw new Error(`${framework} ${variant}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
            const rps = result.requests.total / result.duration;
            runs.push({
              proc,
              round,
              framework,
              variant,
              rps,
              p99: result.latency.p99,
              p50: result.latency.p50,
              cpuPerRequest: cpuUs / result.requests.total,
            });
            process.stderr.write(
              `adapter process ${proc + 1} round ${round + 1} ${framework} ${variant}: ${Math.round(rps)} req/s, p99 ${result.latency.p99} ms, ${(cpuUs / result.requests.total).toFixed(1)} µs CPU/req\n`,
            );
          }
        }
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await issuer.close();
}

const pick = (framework, variant) => runs.filter((r) => r.framework === framework && r.variant === variant);
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
/** cost(a) ÷ cost(b) − 1 for each pair of phases in the same round of the same process. */
const ratios = (framework, a, b, cost) =>
  pick(framework, a).map((ra) => cost(ra) / cost(pick(framework, b).find((rb) => rb.proc === ra.proc && rb.round === ra.round)) - 1);
const extra = (framework, a, b, cost) => median(ratios(framework, a, b, cost));
const PAIRS = PROCESSES * ROUNDS;
const byRps = (r) => 1 / r.rps;
const byCpu = (r) => r.cpuPerRequest;
/** Authentication's own server CPU per request (variant − no auth), paired, as a multiple of the minimal layer's. */
const authShare = (framework, variant) =>
  median(
    pick(framework, variant).map((ra) => {
      const same = (v) => pick(framework, v).find((r) => r.proc === ra.proc && r.round === ra.round).cpuPerRequest;
      return (ra.cpuPerRequest - same('none')) / (same('minimal') - same('none'));
    }),
  );
const rows = [];
for (const framework of FRAMEWORKS) {
  for (const variant of VARIANTS) {
    const r = pick(framework, variant);
    const versus = {
      adapter: 'core',
      core: 'none',
      minimal: 'none',
      'core-cache': 'core',
      'core-distinct': 'core',
      'core-miss': 'core',
      'core-miss-cache': 'core-miss',
    }[variant];
    const overhead = (cost) =>
      versus === undefined
        ? ''
        : variant === 'adapter' || variant === 'core-miss-cache'
          ? `**${pct(extra(framework, variant, versus, cost))}**`
          : pct(extra(framework, variant, versus, cost));
    const overLayer = (cost) => (variant === 'none' ? '' : `${(1 + extra(framework, variant, 'minimal', cost)).toFixed(2)}×`);
    rows.push(
      `| ${framework} | ${LABELS[variant]} | ${Math.round(median(r.map((x) => x.rps))).toLocaleString('en')} | ${median(r.map((x) => x.p50))} | ${median(r.map((x) => x.p99))} | ${median(r.map((x) => x.cpuPerRequest)).toFixed(1)} | ${overhead(byRps)} | ${overhead(byCpu)} | ${overLayer(byRps)} | ${overLayer(byCpu)} |`,
    );
  }
}
const body = [
  `Loopback load test: GET /orders needing scope \`Orders.Read\`, Entra-shaped RS256 token (${tokenBytes} characters), the same token on every request (as a browser app sends it within the token's hour) in (i) to (iii), keys warmed before the load. (iv) and (iv+) send ${POOL.toLocaleString('en')} distinct valid tokens of the same shape instead (minted before the load, each request the next one, each variant walking the pool in turn across phases and processes): a token comes back to a variant only after ${(POOL - 1).toLocaleString('en')} others, so behind the cache's default ${CACHE_ENTRIES.toLocaleString('en')} entries every request of (iv+) is a miss, an insert and an eviction — traffic that never presents a token twice. One server process per framework serves the ${VARIANTS.length} variants, each app on its own port, so they share the process, its JIT state and its heap (the same code's cost per request differs by up to 30% from one process to the next here). autocannon (${CONNECTIONS} connections) in the parent loads one variant at a time: ${WARMUP} s warm-up each, then ${ROUNDS} rounds of ${SECONDS} s per variant in rotating order, in ${PROCESSES} fresh server processes. Server CPU: the server process's \`process.cpuUsage()\` (user + system) over a phase ÷ requests served, which the other load on a shared machine disturbs far less than req/s. req/s to server CPU: medians over the ${PAIRS} phases of each variant.`,
  '',
  `Extra cost per request: the median, over the ${PAIRS} pairs of phases run in the same round of the same process, of the cost ratio − 1. For (iii) the adapter over (ii) core called directly (target ≤ 5%); for (i′) the minimal layer and (ii) core's authentication over (i) no auth; for (ii+) core with its token cache over (ii) without; for (ii′) reading \`headersDistinct\` (every \`Authorization\` line, which both adapters pass to core so that two headers are answered 400) over (ii); for (iv) distinct tokens over (ii) one token, both without cache (by req/s it includes autocannon building each request afresh in the parent, on the same two cores; server CPU is the fairer column); for (iv+) the token cache's miss path over (iv), the same load without it. "× minimal layer": the same paired median of the row's cost ÷ (i′)'s, the whole request included (1.00× = as cheap as the least a correct verifier does in the handler).`,
  '',
  '| framework | variant | req/s | p50 ms | p99 ms | server CPU µs/req | extra cost, by req/s | extra cost, by server CPU | × minimal layer, by req/s | × minimal layer, by server CPU |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  `Spread of the adapter's ${PAIRS} pairs, by server CPU: ${FRAMEWORKS.map((f) => {
    const r = ratios(f, 'adapter', 'core', byCpu);
    return `${f} ${pct(Math.min(...r))} to ${pct(Math.max(...r))}`;
  }).join('; ')}.`,
  '',
  `Token cache on a miss, (iv+) over (iv): ${FRAMEWORKS.map((f) => {
    const r = ratios(f, 'core-miss-cache', 'core-miss', byCpu);
    return `${f} ${pct(extra(f, 'core-miss-cache', 'core-miss', byCpu))} by server CPU (${PAIRS} pairs, ${pct(Math.min(...r))} to ${pct(Math.max(...r))}), ${pct(extra(f, 'core-miss-cache', 'core-miss', byRps))} by req/s`;
  }).join('; ')}.`,
  '',
  `Adapter over (ii′) instead of (ii): ${FRAMEWORKS.map((f) => `${f} ${pct(extra(f, 'adapter', 'core-distinct', byRps))} by req/s, ${pct(extra(f, 'adapter', 'core-distinct', byCpu))} by server CPU`).join('; ')}.`,
  '',
  `Authentication alone (server CPU per request minus (i)'s, paired), as a multiple of the minimal layer's: ${FRAMEWORKS.map((f) => `${f} (ii) core ${authShare(f, 'core').toFixed(2)}×, (ii+) with \`tokenCache\` ${authShare(f, 'core-cache').toFixed(2)}×, (iii) adapter ${authShare(f, 'adapter').toFixed(2)}×, (iv) distinct tokens ${authShare(f, 'core-miss').toFixed(2)}×, (iv+) with \`tokenCache\` ${authShare(f, 'core-miss-cache').toFixed(2)}×`).join('; ')}.`,
  '',
  '(i′) is `bench/lib/minimal-layer.mjs` in the handler: `Bearer ` prefix, split, base64url-decode and `JSON.parse` header and payload, the `KeyObject` for the `kid` (imported once from the JWKS), `alg`/iss/aud/exp/nbf, `crypto.verify`, then the `scp` check; 401/403 with `WWW-Authenticate` otherwise. No library, no discovery, no key refresh: a floor, not a product. (ii) is `await verifier.authenticate(req.headers)` + `requireScopes` + `toErrorResponse` in the handler; (ii+) the same with a second verifier created with `tokenCache: true` (default `maxEntries`, 1,000); (iii) is `tokenward({ verifier }, { scopes })` before the handler in Express, and the plugin with `config.tokenward` in Fastify. (iv) is the handler and verifier of (ii); (iv+) the handler of (ii+) with a third verifier, also `tokenCache: true`, of its own, so the one token of (ii+) and the churn of (iv+) never share a cache. Same verifier settings (`entra()` preset, no token cache) in (ii), (ii′), (iii) and (iv).',
  '',
  footer(
    ['@tokenward/core', '@tokenward/express', '@tokenward/fastify', 'express', 'fastify', 'autocannon'],
    'node bench/adapter-overhead/run.mjs',
  ),
].join('\n');
if (FULL) writeSection('adapter-overhead', 'Adapter overhead', body);
console.log(body);
