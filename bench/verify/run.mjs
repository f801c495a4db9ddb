#!/usr/bin/env node
/**
 * Full verify path with cached keys, tokenward next to its peers, as a ratio to raw `crypto.verify`
 * taken in the same process, sample by sample. Each contender × algorithm runs in its own process.
 * Writes the table to bench/RESULTS.md (between the verify markers) and prints it.
 *
 *   node bench/verify/run.mjs   # BENCH_SAMPLES=15, BENCH_BATCH_MS=60 by default; BENCH_ALGS, BENCH_CONTENDERS narrow it
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@tokenward/testing';

const only = (name, all) => (process.env[name] ? all.filter((item) => process.env[name].split(',').includes(item)) : all);
// BENCH_ALGS=RS256 BENCH_CONTENDERS=tokenward,fast-jwt narrow a run; RESULTS.md is only written by a full one.
const ALGORITHMS = only('BENCH_ALGS', ['RS256', 'ES256', 'EdDSA']);
const CONTENDERS = only('BENCH_CONTENDERS', [
  'minimal-layer',
  'tokenward',
  'fast-jwt',
  'aws-jwt-verify',
  'jose',
  'jsonwebtoken + jwks-rsa',
  'tokenward (tokenCache)',
  'fast-jwt (cache)',
  'tokenward on distinct tokens',
  'tokenward (tokenCache) on distinct tokens',
]);
const DISTINCT_TOKENS = 2_000;
const FULL = !process.env.BENCH_ALGS && !process.env.BENCH_CONTENDERS;
const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

function runWorker(name, config) {
  return new Promise((resolve, reject) => {
    // One core per measurement: the issuer runs in this process, the contender alone in its own.
    const child = spawn(process.execPath, [WORKER, name], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${name} ${config.alg} exited ${code}`)),
    );
    child.stdin.end(JSON.stringify(config));
  });
}

const issuer = await createTestIssuer({ provider: 'entra', algorithms: ALGORITHMS });
const results = [];
try {
  const jwks = issuer.publicJwks();
  for (const alg of ALGORITHMS) {
    const token = await issuer.mint({}, { alg });
    const { kid } = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    const jwk = jwks.keys.find((key) => key.kid === kid);
    // Only the distinct-token contenders read these; each differs from the others by its jti.
    const tokens = [];
    if (CONTENDERS.some((name) => name.endsWith('distinct tokens')))
      for (let i = 0; i < DISTINCT_TOKENS; i++) tokens.push(await issuer.mint({ jti: `bench-${alg}-${i}` }, { alg }));
    const config = { alg, token, tokens, jwk, jwks, issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri };
    for (const name of CONTENDERS) {
      const result = await runWorker(name, config);
      results.push({ ...result, tokenBytes: token.length });
      process.stderr.write(
        `${alg} ${name}: ${result.unsupported ? 'unsupported' : `${result.ratio.toFixed(2)} (${Math.round(result.opsPerSec)} ops/s)`}\n`,
      );
    }
  }
} finally {
  await issuer.close();
}

const cell = (name, alg) => {
  const r = results.find((x) => x.name === name && x.alg === alg);
  return r === undefined || r.unsupported ? '—' : `${r.ratio.toFixed(2)}`;
};
/** Throughput ÷ the minimal layer's: each ratio to its own in-process floor, divided by the minimal layer's. */
const layerCell = (name, alg) => {
  const r = results.find((x) => x.name === name && x.alg === alg);
  const layer = results.find((x) => x.name === 'minimal-layer' && x.alg === alg);
  return r === undefined || r.unsupported || layer === undefined ? '—' : `${(r.ratio / layer.ratio).toFixed(2)}`;
};
const floorCell = (alg) => {
  const r = results.filter((x) => x.alg === alg && !x.unsupported);
  const us = r.map((x) => x.floorUsPerOp).sort((a, b) => a - b)[r.length >> 1];
  return `1.00 (${us.toFixed(1)} µs)`;
};
const versions = [
  ...new Map(results.filter((r) => r.version).map((r) => [r.name, `${r.name} ${r.version}${r.note ? ` (${r.note})` : ''}`])).values(),
];
const lines = [
  '<!-- verify:start -->',
  `Full verify path, keys cached, Entra-shaped access token (${ALGORITHMS.map((alg) => results.find((r) => r.alg === alg)?.tokenBytes).join('/')} characters for ${ALGORITHMS.join('/')}), ratio of throughput to raw \`crypto.verify\` with a cached \`KeyObject\` measured in the same process, median of paired samples. Higher is better; 1.00 is the floor.`,
  '',
  `| full verify path, cached key | ${ALGORITHMS.join(' | ')} |`,
  `|---|${ALGORITHMS.map(() => '---:').join('|')}|`,
  `| raw \`crypto.verify\` (the floor) | ${ALGORITHMS.map(floorCell).join(' | ')} |`,
  ...CONTENDERS.map((name) => `| ${name} | ${ALGORITHMS.map((alg) => cell(name, alg)).join(' | ')} |`),
  '',
  ...(CONTENDERS.includes('minimal-layer')
    ? [
        'The same runs ÷ the minimal layer (`bench/lib/minimal-layer.mjs`: split, base64url-decode and `JSON.parse` header and payload, cached `KeyObject` by `kid`, `alg`/iss/aud/exp/nbf checks, `crypto.verify` — the least a correct verifier does per token): each row\'s ratio to raw `crypto.verify` divided by the minimal layer\'s. 1.00 is "as fast as the least a verifier can do"; above 1 only by skipping the signature (caches). Each figure divides ratios taken in two processes, so a few per cent either side of 1.00 is noise.',
        '',
        `| ÷ minimal layer | ${ALGORITHMS.join(' | ')} |`,
        `|---|${ALGORITHMS.map(() => '---:').join('|')}|`,
        ...CONTENDERS.map((name) => `| ${name} | ${ALGORITHMS.map((alg) => layerCell(name, alg)).join(' | ')} |`),
        '',
        `Absolute, minimal layer: ${ALGORITHMS.map((alg) => {
          const r = results.find((x) => x.name === 'minimal-layer' && x.alg === alg);
          return `${alg} ${Math.round(r.opsPerSec).toLocaleString('en')} ops/s (${r.usPerOp.toFixed(1)} µs)`;
        }).join('; ')}.`,
        '',
      ]
    : []),
  ...(CONTENDERS.includes('tokenward')
    ? [
        `Absolute: ${ALGORITHMS.map((alg) => {
          const r = results.find((x) => x.name === 'tokenward' && x.alg === alg);
          return `tokenward ${alg} ${Math.round(r.opsPerSec).toLocaleString('en')} ops/s (${r.usPerOp.toFixed(1)} µs)`;
        }).join('; ')}.`,
        '',
      ]
    : []),
  ...(CONTENDERS.includes('tokenward on distinct tokens') && CONTENDERS.includes('tokenward (tokenCache) on distinct tokens')
    ? [
        `The token cache's miss path (${DISTINCT_TOKENS.toLocaleString('en')} distinct tokens in turn through its default 1,000 entries: each call a full verification, an insert, an eviction and the result deep-frozen), throughput with the cache ÷ without, same tokens: ${ALGORITHMS.map(
          (alg) => {
            const on = results.find((x) => x.name === 'tokenward (tokenCache) on distinct tokens' && x.alg === alg);
            const off = results.find((x) => x.name === 'tokenward on distinct tokens' && x.alg === alg);
            return `${alg} ${(on.ratio / off.ratio).toFixed(2)}`;
          },
        ).join('; ')} (two processes: a few per cent either side of 1.00 is noise).`,
        '',
      ]
    : []),
  `Versions: ${versions.join('; ')}. Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${new Date().toISOString().slice(0, 10)}.`,
  'Command: `npx -y pnpm@10 bench` (or `node bench/verify/run.mjs` after a build).',
  '<!-- verify:end -->',
];
const section = lines.join('\n');
const existing = existsSync(RESULTS)
  ? readFileSync(RESULTS, 'utf8')
  : '# Benchmark results\n\n## Verify throughput\n\n<!-- verify:start -->\n<!-- verify:end -->\n';
if (FULL) writeFileSync(RESULTS, existing.replace(/<!-- verify:start -->[\s\S]*<!-- verify:end -->/, section));
console.log(section);
