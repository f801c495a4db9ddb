#!/usr/bin/env node
/**
 * Cold start: process start → first verified token, discovery and JWKS fetched from a local issuer on
 * 127.0.0.1 (served by this process). Every run is a fresh `node` process (children/<name>.mjs); runs are
 * interleaved round by round (the order rotates), and each contender's wall time is compared with the raw
 * baseline's of the same round. Peak RSS is the child's `process.resourceUsage().maxRSS` at exit.
 *
 *   node bench/cold-start/run.mjs        # BENCH_COLD_RUNS=15 rounds; BENCH_CONTENDERS narrows (no RESULTS.md then)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@tokenward/testing';
import { footer, median, retrying, writeSection } from '../lib/results.mjs';

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

function runChild(name, config) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let verifiedMs;
    let out = '';
    const child = spawn(process.execPath, [fileURLToPath(new URL(`./children/${name}.mjs`, import.meta.url))], {
      env: { ...process.env, COLD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (verifiedMs === undefined && out.includes('verified\n')) verifiedMs = Number(process.hrtime.bigint() - started) / 1e6;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 || verifiedMs === undefined) return reject(new Error(`${name} exited ${code} without verifying:\n${out}`));
      resolve({ ms: verifiedMs, maxRssMb: JSON.parse(out.trim().split('\n').pop()).maxRssMb });
    });
  });
}

const issuer = await createTestIssuer({ provider: 'entra' });
const samples = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
const requests = Object.fromEntries(CONTENDERS.map((name) => [name, 0]));
try {
  const config = {
    token: await issuer.mint({}),
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUri: issuer.jwksUri,
    discoveryUrl: issuer.discoveryUrl,
  };
  // One unrecorded round warms the OS file cache.
  for (const name of CONTENDERS) await retrying(name, () => runChild(name, config));
  for (let round = 0; round < RUNS; round++) {
    const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
    for (const name of order) {
      const before = issuer.requests.total;
      samples[name].push({ round, ...(await retrying(name, () => runChild(name, config))) });
      requests[name] = Math.max(requests[name], issuer.requests.total - before);
    }
    process.stderr.write(`cold start round ${round + 1}/${RUNS}\n`);
  }
} finally {
  await issuer.close();
}

const rawMs = (round) => samples.raw.find((s) => s.round === round).ms;
const rows = CONTENDERS.map((name) => {
  const runs = samples[name];
  return {
    name,
    ms: median(runs.map((s) => s.ms)),
    ratio: median(runs.map((s) => s.ms / rawMs(s.round))),
    rss: median(runs.map((s) => s.maxRssMb)),
    rssMax: Math.max(...runs.map((s) => s.maxRssMb)),
  };
});
const body = [
  `Process start → first verified token (Entra-shaped RS256 access token; the issuer runs in the parent on 127.0.0.1). ${RUNS} fresh \`node\` processes per row, interleaved round by round; wall time from \`spawn()\` to the child printing "verified". Ratio: median over rounds of the row's time ÷ the raw baseline's in the same round (lower is better). Peak RSS: the child's \`process.resourceUsage().maxRSS\` at exit, median (max). Targets: tokenward ≤ 1.15× baseline, ≤ 50 MB.`,
  '',
  '| cold start | fetches | median wall | × raw baseline | peak RSS, MB |',
  '|---|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${LABELS[r.name]} | ${FETCHES[r.name]} (${requests[r.name]} request${requests[r.name] === 1 ? '' : 's'}) | ${r.ms.toFixed(1)} ms | ${r.ratio.toFixed(2)}× | ${r.rss.toFixed(1)} (${r.rssMax.toFixed(1)}) |`,
  ),
  '',
  footer(['@tokenward/core', 'aws-jwt-verify', 'jose'], 'node bench/cold-start/run.mjs'),
].join('\n');
if (FULL) writeSection('cold-start', 'Cold start and peak RSS', body);
console.log(body);
