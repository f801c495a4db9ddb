/**
 * Shared by the cold-start scripts (cold-start, functions-cold-start): one fresh `node` process per sample,
 * timed from `spawn()` to the child printing "verified", and the rounds that interleave the contenders.
 *
 * A child imports `cold-child.mjs` first (its phase marks and the report it prints at exit); its last stdout
 * line is that report (`{ maxRssMb, phases }`).
 */
import { spawn } from 'node:child_process';
import { median, retrying } from './results.mjs';

/**
 * Runs `file` (a path) in a fresh `node`, with `config` as JSON in `COLD_CONFIG`. Resolves
 * `{ ms, maxRssMb, phases }`: `ms` from `spawn()` to the line "verified" on the child's stdout; the rest from
 * the child's last stdout line. Rejects when the child exits non-zero, does not verify or outlives `timeoutMs`.
 * `stderr: 'pipe'` keeps the child's stderr out of the console (expected warnings), and in the error if it fails.
 */
export function runChild(file, config, { timeoutMs = 15_000, stderr = 'inherit' } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let verifiedMs;
    let out = '';
    let err = '';
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, COLD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', stderr],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (verifiedMs === undefined && out.includes('verified\n')) verifiedMs = Number(process.hrtime.bigint() - started) / 1e6;
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 || verifiedMs === undefined) return reject(new Error(`${file} exited ${code} without verifying:\n${out}${err}`));
      const { maxRssMb, phases } = JSON.parse(out.trim().split('\n').pop());
      resolve({ ms: verifiedMs, maxRssMb, phases });
    });
  });
}

/**
 * One unrecorded round (it warms the OS file cache), then `runs` rounds, each running every contender once
 * with `sample(name)` (retried when it fails), the order rotating by one each round.
 * Returns `{ [name]: [{ round, ...sample }] }`.
 */
export async function interleavedRounds(contenders, runs, sample, { label = 'cold start' } = {}) {
  const samples = Object.fromEntries(contenders.map((name) => [name, []]));
  for (const name of contenders) await retrying(name, () => sample(name));
  for (let round = 0; round < runs; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const name of order) samples[name].push({ round, ...(await retrying(name, () => sample(name))) });
    process.stderr.write(`${label} round ${round + 1}/${runs}\n`);
  }
  return samples;
}

/**
 * Paired figures against a baseline: the median of `pick(sample)`, the median over rounds of the sample's value
 * ÷ the baseline's in the same round, and of the difference to it.
 */
export function paired(samples, name, baseline, pick) {
  const base = new Map(samples[baseline].map((s) => [s.round, pick(s)]));
  const runs = samples[name];
  return {
    median: median(runs.map(pick)),
    ratio: median(runs.map((s) => pick(s) / base.get(s.round))),
    diff: median(runs.map((s) => pick(s) - base.get(s.round))),
  };
}
