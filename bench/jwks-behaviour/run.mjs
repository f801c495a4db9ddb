#!/usr/bin/env node
/**
 * JWKS behaviour: how many requests reach the key server, and what the caller sees, for each library in
 * a set of key-server scenarios (unknown kids, rotation, a hanging or failing server, cache expiry during an outage). Every library × scenario runs in its own process with its own test issuer
 * (worker.mjs); processes run a few at a time (the scenarios mostly wait, on real timers), longest first.
 *
 *   node bench/jwks-behaviour/run.mjs   # BENCH_JWKS_TOKENS=1000; BENCH_LIBRARIES / BENCH_SCENARIOS narrow it (no RESULTS.md then)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { footer, retrying, writeSection } from '../lib/results.mjs';
import { libraries } from './libraries.mjs';

const only = (name, all) => (process.env[name] ? all.filter((item) => process.env[name].split(',').includes(item)) : all);
const LIBRARIES = only('BENCH_LIBRARIES', Object.keys(libraries));
const SCENARIOS = only('BENCH_SCENARIOS', [
  'c-rotation-outside',
  'b-unknown-kids-503',
  'a-unknown-kids',
  'd-hang-empty-cache',
  'e-ttl-expiry-outage',
  'c-rotation-within',
]);
const FULL = !process.env.BENCH_LIBRARIES && !process.env.BENCH_SCENARIOS;
const PARALLEL = Number(process.env.BENCH_JWKS_PARALLEL ?? 8);
const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const JOB_LIMIT_MS = 90_000;

function runJob(name, scenario) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, name, scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), JOB_LIMIT_MS);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        resolve({ name, scenario, failed: `exited ${code}` });
      }
    });
  });
}

const jobs = SCENARIOS.flatMap((scenario) => LIBRARIES.map((name) => [name, scenario]));
const results = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(PARALLEL, jobs.length) }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const result = await retrying(`${job[1]} ${job[0]}`, async () => {
        const outcome = await runJob(...job);
        if (outcome.failed && /ERR_MODULE_NOT_FOUND|Cannot find module|^exited/.test(outcome.failed)) throw new Error(outcome.failed);
        return outcome;
      }).catch((error) => ({ name: job[0], scenario: job[1], failed: String(error?.message ?? error) }));
      results.push(result);
      process.stderr.write(`jwks ${job[1]} ${job[0]}: ${result.failed ? `FAILED ${result.failed}` : 'done'}\n`);
    }
  }),
);

const s = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const req = (n) => `${n} req`;
const codes = (c) =>
  Object.entries(c)
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ');
const CELLS = {
  'a-unknown-kids': (r) =>
    `**${req(r.requests)}** / ${r.tokens} tokens in ${s(r.elapsedMs)}${r.recoveryMs === null ? `; a valid token still refused 35 s later: ${r.recoveryCode}` : r.recoveryMs > 0 ? `; a valid token then refused (${r.firstCode}) for ${s(r.recoveryMs)}` : ''}`,
  'b-unknown-kids-503': (r) => `**${req(r.requests)}** / ${r.tokens} tokens in ${s(r.elapsedMs)}`,
  'b-recovery': (r) =>
    r.recoveryMs === null
      ? `not within 35 s (${r.recoveryCode})`
      : r.recoveryMs === 0
        ? 'at once'
        : `after ${s(r.recoveryMs)} (${r.firstCode} until then)`,
  'c-rotation-within': (r) => `${r.ok ? '**accepted**' : `rejected (${r.code})`}, ${req(r.requests)}`,
  'c-rotation-outside': (r) => `${r.ok ? '**accepted**' : `rejected (${r.code})`}, ${req(r.requests)}`,
  'd-hang-empty-cache': (r) =>
    (r.pending ? `**still pending at ${s(r.ms)}**` : `gives up at **${s(r.ms)}**: ${r.code}`) + `, ${req(r.requests)}`,
  'e-ttl-expiry-outage': (r) =>
    `${r.accepted === r.of ? '**keeps verifying**' : r.accepted === 0 ? '**stops verifying**' : 'partly'} (${r.accepted}/${r.of} accepted${r.accepted < r.of ? `: ${codes(r.codes)}` : ''}), ${req(r.requests)}`,
};
const COLUMNS = [
  ['a-unknown-kids', '(a) 1,000 random unknown kids, healthy server'],
  ['b-unknown-kids-503', '(b) same, server answers 503'],
  ['b-recovery', '(b) valid token verifies again after the server heals'],
  ['c-rotation-within', '(c) rotated key, first seen 1 s after the last fetch'],
  ['c-rotation-outside', '(c) rotated key, first seen 31 s after the last fetch'],
  ['d-hang-empty-cache', '(d) hung key server, empty cache (bound 10 s)'],
  ['e-ttl-expiry-outage', '(e) TTL expired, server down: 5 tokens with a cached kid'],
];
const cell = (name, column) => {
  const r = results.find((x) => x.name === name && x.scenario === (column === 'b-recovery' ? 'b-unknown-kids-503' : column));
  if (!r) return '—';
  if (r.failed) return `failed: ${r.failed.split('\n')[0]}`;
  return CELLS[column](r);
};
const columns = COLUMNS.filter(([id]) => SCENARIOS.includes(id === 'b-recovery' ? 'b-unknown-kids-503' : id));
const body = [
  "Requests reaching the key server (`issuer.requests.jwks` of `@tokenward/testing`) and what the caller sees. Each library × scenario runs in its own process against its own issuer on 127.0.0.1, on real timers (no fake clocks), with the library's defaults unless said. Bold: the figure each scenario is about.",
  '',
  '- (a), (b): from an empty cache, 1,000 tokens in sequence whose header names a random `kid` (RS256, otherwise valid), the server healthy or answering 503 from the start. Then the server is healthy and a valid token is retried every 250 ms (bound 35 s).',
  "- (c): a valid token warms the cache, then after 1 s or 31 s (jose's and tokenward's cooldown is 30 s) the issuer rotates and a token signed by the new key is verified once.",
  '- (d): the key server accepts the connection and never answers; the first token is verified with nothing cached.',
  "- (e): the server sends no `Cache-Control`; the library's key-cache lifetime is set to 2 s where it has a knob; after 3 s the server drops every connection (outage) and a token with the cached kid is verified 5 times, 200 ms apart.",
  '',
  `| library | ${columns.map(([, title]) => title).join(' | ')} |`,
  `|---|${columns.map(() => '---').join('|')}|`,
  ...LIBRARIES.map((name) => `| ${name} | ${columns.map(([id]) => cell(name, id)).join(' | ')} |`),
  '',
  'Set-ups:',
  ...LIBRARIES.map((name) => `- ${name} ${libraries[name].version()}: ${libraries[name].setup}; (e) lifetime: ${libraries[name].ttl}.`),
  '',
  `Wall time of the whole script: ${s(performance.now() - started)}.`,
  footer(['@tokenward/core', '@tokenward/testing'], 'node bench/jwks-behaviour/run.mjs'),
].join('\n');
if (FULL) writeSection('jwks-behaviour', 'JWKS behaviour', body);
console.log(body);
