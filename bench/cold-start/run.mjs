#!/usr/bin/env node
/**
 * Cold start: process start → first verified token, discovery and JWKS fetched from a local issuer on
 * 127.0.0.1 (served by this process). Every run is a fresh `node` process (children/<name>.mjs); runs are
 * interleaved round by round (the order rotates), and each contender's wall time is compared with the raw
 * baseline's of the same round. Peak RSS is the child's `process.resourceUsage().maxRSS` at exit. Each child also
 * reports its phases (boot, import, setup, first verify; `lib/cold-child.mjs`), tabled against the baseline's.
 *
 *   node bench/cold-start/run.mjs        # BENCH_COLD_RUNS=15 rounds; BENCH_CONTENDERS narrows (no RESULTS.md then)
 */
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@tokenward/testing';
import { interleavedRounds, paired, runChild } from '../lib/cold-process.mjs';
import { footer, median, writeSection } from '../lib/results.mjs';

const ALL = ['raw', 'tokenward', 'aws-jwt-verify', 'jose', 'empty'];
const CONTENDERS = process.env.BENCH_CONTENDERS
  ? ALL.filter((name) => name === 'raw' || process.env.BENCH_CONTENDERS.split(',').includes(name))
  : ALL;
const FULL = !process.env.BENCH_CONTENDERS;
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const TIMEOUT_MS = 15_000;
const LABELS = {
  raw: 'raw baseline: `node:http` + `crypto.createPublicKey` + `crypto.verify`',
  tokenward: 'tokenward: `createVerifier` + `oidc()`',
  'aws-jwt-verify': 'aws-jwt-verify: `JwtVerifier` + `jwksUri`',
  jose: 'jose: `createRemoteJWKSet` + `jwtVerify`',
  empty: '_reference: `node` running an empty module_',
};
const FETCHES = { raw: 'discovery + JWKS', tokenward: 'discovery + JWKS', 'aws-jwt-verify': 'JWKS', jose: 'JWKS', empty: 'none' };

const issuer = await createTestIssuer({ provider: 'entra' });
const PHASES = ['boot', 'import', 'setup', 'firstVerify'];
const childFile = (name) => fileURLToPath(new URL(`./children/${name}.mjs`, import.meta.url));
let samples;
try {
  const config = {
    token: await issuer.mint({}),
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUri: issuer.jwksUri,
    discoveryUrl: issuer.discoveryUrl,
  };
  samples = await interleavedRounds(CONTENDERS, RUNS, async (name) => {
    const before = issuer.requests.total;
    const result = await runChild(childFile(name), config, { timeoutMs: TIMEOUT_MS });
    return { ...result, requests: issuer.requests.total - before };
  });
} finally {
  await issuer.close();
}
const requests = Object.fromEntries(CONTENDERS.map((name) => [name, Math.max(...samples[name].map((s) => s.requests))]));

const inProcess = (s) => PHASES.reduce((sum, phase) => sum + s.phases[phase], 0);
const rows = CONTENDERS.map((name) => {
  const runs = samples[name];
  const wall = paired(samples, name, 'raw', (s) => s.ms);
  return {
    name,
    ms: wall.median,
    ratio: wall.ratio,
    rss: median(runs.map((s) => s.maxRssMb)),
    rssMax: Math.max(...runs.map((s) => s.maxRssMb)),
    phases: [...PHASES.map((phase) => paired(samples, name, 'raw', (s) => s.phases[phase])), paired(samples, name, 'raw', inProcess)],
  };
});
const phaseCell = (name, { median: ms, diff }) =>
  name === 'raw' ? `${ms.toFixed(1)}` : `${ms.toFixed(1)} (${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)})`;
const body = [
  `Process start → first verified token (Entra-shaped RS256 access token; the issuer runs in the parent on 127.0.0.1). ${RUNS} fresh \`node\` processes per row, interleaved round by round; wall time from \`spawn()\` to the child printing "verified". Ratio: median over rounds of the row's time ÷ the raw baseline's in the same round (lower is better). Peak RSS: the child's \`process.resourceUsage().maxRSS\` at exit, median (max). Targets: tokenward ≤ 1.10× baseline, ≤ 50 MB.`,
  '',
  '| cold start | fetches | median wall | × raw baseline | peak RSS, MB |',
  '|---|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${LABELS[r.name]} | ${FETCHES[r.name]} (${requests[r.name]} request${requests[r.name] === 1 ? '' : 's'}) | ${r.ms.toFixed(1)} ms | ${r.ratio.toFixed(2)}× | ${r.rss.toFixed(1)} (${r.rssMax.toFixed(1)}) |`,
  ),
  '',
  `Where the time goes: each child's phases, measured in the child with \`performance.now()\` (milliseconds from process start, \`performance.timeOrigin\`). **boot**: process start → the child's first line; **import**: \`await import()\` of what the contender's code imports (raw: \`node:crypto\` + \`node:http\`; tokenward: \`@tokenward/core\`; jose: \`jose\`; aws-jwt-verify: its three entry points + \`node:http\`); **setup**: creating the verifier (raw: its fetch helper); **first verify**: the first verified token, discovery / JWKS fetch and key import included. Median ms, and in brackets the median over rounds of the difference to the raw baseline's same phase in the same round. The wall time above also holds what comes before \`timeOrigin\` (spawning the process) and the pipe back to the parent.`,
  '',
  '| phases, ms (Δ raw baseline) | boot | import | setup | first verify | boot → verified |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${LABELS[r.name]} | ${r.phases.map((phase) => phaseCell(r.name, phase)).join(' | ')} |`),
  '',
  footer(['@tokenward/core', 'aws-jwt-verify', 'jose'], 'node bench/cold-start/run.mjs'),
].join('\n');
if (FULL) writeSection('cold-start', 'Cold start and peak RSS', body);
console.log(body);
