#!/usr/bin/env node
/**
 * Token cache memory: the heap a verifier's `tokenCache` holds when full at its default 1,000 entries,
 * for Entra-shaped tokens of the usual size and at the 16 KB `maxTokenBytes` limit (the same shape with
 * a `groups` claim of GUIDs long enough to reach it). The parent mints the tokens with the test issuer
 * (which also serves the keys on 127.0.0.1); each measurement is a fresh `node --expose-gc` process
 * (`child.mjs`) that verifies them through a verifier without cache (the control) and one with, and
 * reads `heapUsed` after full GCs between the steps. Medians over the processes.
 *
 *   node bench/token-cache-memory/run.mjs   # BENCH_TOKEN_CACHE_PROCESSES=3 (setting it does not write RESULTS.md)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@tokenward/testing';
import { footer, median, retrying, writeSection } from '../lib/results.mjs';

const PROCESSES = Number(process.env.BENCH_TOKEN_CACHE_PROCESSES ?? 3);
const FULL = process.env.BENCH_TOKEN_CACHE_PROCESSES === undefined;
// Core's defaults: `tokenCache: true` keeps DEFAULT_TOKEN_CACHE_ENTRIES, and `maxTokenBytes` refuses longer tokens.
const ENTRIES = 1_000;
const MAX_TOKEN_BYTES = 16_384;
const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

const issuer = await createTestIssuer({ provider: 'entra' });
const dir = mkdtempSync(join(tmpdir(), 'token-cache-memory-'));

/** The largest number of GUIDs in `groups` that keeps the token within maxTokenBytes. */
async function groupsForMax() {
  const length = async (n) => (await issuer.mint({ scp: 'Orders.Read', groups: Array.from({ length: n }, () => randomUUID()) })).length;
  let low = 0;
  let high = 1;
  while ((await length(high)) <= MAX_TOKEN_BYTES) high *= 2;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if ((await length(mid)) <= MAX_TOKEN_BYTES) low = mid;
    else high = mid;
  }
  return low;
}

function runChild(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD], {
      env: { ...process.env, TOKEN_CACHE_MEMORY: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && out.trim()) resolve(JSON.parse(out.trim().split('\n').pop()));
      else reject(new Error(`child exited with ${signal ?? code} (is the build there? see its stderr above)`));
    });
  });
}

const shapes = [];
try {
  const groups = await groupsForMax();
  const SHAPES = [
    { name: 'typical', label: 'Entra access token, usual claims', claims: () => ({ scp: 'Orders.Read' }) },
    {
      name: 'max',
      label: `the same with \`groups\`: ${groups} GUIDs (at the ${MAX_TOKEN_BYTES.toLocaleString('en')}-byte \`maxTokenBytes\` limit)`,
      claims: () => ({ scp: 'Orders.Read', groups: Array.from({ length: groups }, () => randomUUID()) }),
    },
  ];
  for (const shape of SHAPES) {
    // Three sets of ENTRIES distinct tokens: warm-up, the fill, and the turnover that evicts the fill.
    const t0 = performance.now();
    const tokens = [];
    for (let i = 0; i < 3 * ENTRIES; i++) tokens.push(await issuer.mint(shape.claims()));
    if (new Set(tokens).size !== tokens.length) throw new Error(`${shape.name}: a token minted twice`);
    const longest = Math.max(...tokens.map((t) => Buffer.byteLength(t)));
    if (longest > MAX_TOKEN_BYTES) throw new Error(`${shape.name}: a token of ${longest} bytes, over maxTokenBytes`);
    const file = join(dir, `${shape.name}.txt`);
    writeFileSync(file, tokens.map((t) => `Bearer ${t}\n`).join(''));
    process.stderr.write(
      `token-cache-memory: minted ${tokens.length} ${shape.name} tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const runs = [];
    for (let proc = 0; proc < PROCESSES; proc++) {
      // Alternate which verifier sees the tokens first, so neither step always pays for the other's leftovers.
      const order = proc % 2 ? ['fill', 'control'] : ['control', 'fill'];
      const config = { file, entries: ENTRIES, order, tenantId: issuer.tenantId, audience: issuer.audience, authority: issuer.url };
      const result = await retrying(`token-cache-memory ${shape.name}`, () => runChild(config));
      runs.push(result);
      process.stderr.write(
        `token-cache-memory ${shape.name} process ${proc + 1}: cache full ${(result.fill / 1024).toFixed(0)} KiB, control ${(result.control / 1024).toFixed(0)} KiB, after turnover ${(result.turnover / 1024).toFixed(0)} KiB, token text ${(result.text / 1024).toFixed(0)} KiB\n`,
      );
    }
    shapes.push({ ...shape, runs, longest });
  }
} finally {
  await issuer.close();
  rmSync(dir, { recursive: true, force: true });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const perEntry = (bytes) => `${(bytes / ENTRIES / 1024).toFixed(2)} KiB`;
const range = (values, format) => `${format(Math.min(...values))} to ${format(Math.max(...values))}`;
const rows = shapes.map(({ label, runs }) => {
  const m = (key) => median(runs.map((r) => r[key]));
  return `| ${label} | ${Math.round(m('tokenChars')).toLocaleString('en')} | ${mib(m('fill'))} | **${perEntry(m('fill'))}** (${range(
    runs.map((r) => r.fill),
    perEntry,
  )}) | ${perEntry(m('text'))} | ${(m('fill') / m('text')).toFixed(1)}× | ${kib(m('control'))} | ${kib(m('turnover'))} |`;
});
const body = [
  `Heap a verifier's token cache holds when full: ${ENTRIES.toLocaleString('en')} distinct Entra-shaped RS256 tokens (core's default \`maxEntries\`), minted by the test issuer in the parent. Each of ${PROCESSES} fresh \`node --expose-gc\` processes per row presents each token once as a fresh \`Authorization\` header string (the way Node's HTTP parser hands one to a handler; the tokens wait off the V8 heap as Buffer views, so nothing but the cache holds the strings) to \`verifier.authenticate()\`, and reads \`process.memoryUsage().heapUsed\` after four full GCs between steps. Both verifiers are created and warmed before the first reading, and ${ENTRIES.toLocaleString('en')} other tokens are verified first through each code path (a separate verifier, \`maxEntries: 10\`, for the cached one), so JIT code and feedback are in every reading.`,
  '',
  `**Cache full**: heap after the ${ENTRIES.toLocaleString('en')} tokens went through the verifier with \`tokenCache: true\` minus before, i.e. from empty to full. **Control**: the same tokens through a verifier without cache, same process, same reading (what verification itself leaves on the heap; the two steps alternate in order between processes). **After turnover**: ${ENTRIES.toLocaleString('en')} more distinct tokens through the full cache, every one an insert and an eviction, minus the cache-full reading: the bound holds if this stays near zero. **Token text alone**: the same tokens' text kept in an array the way core keeps it (a slice, after \`Bearer \`, of a fresh header string), the least any per-token cache keyed by the token holds; "× text" is the cache's entry ÷ that (the rest is the decoded, frozen header and claims, the result object and the map entry). Medians over the processes; per entry = total ÷ ${ENTRIES.toLocaleString('en')}, with the range over processes.`,
  '',
  '| tokens | characters | cache full, total | cache full, per entry | token text alone, per entry | × text | control (no cache) | after turnover |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  footer(['@tokenward/core', '@tokenward/testing'], 'node bench/token-cache-memory/run.mjs'),
].join('\n');
if (FULL) writeSection('token-cache-memory', 'Token cache memory', body);
console.log(body);
