/**
 * One contender, one algorithm, in its own process. Samples alternate between the raw floor and the
 * contender, so each ratio compares two batches taken moments apart on the same core.
 *   node worker.mjs <contender> (config on stdin as JSON)  →  one JSON line on stdout
 */
import { contenders, rawFloor } from './contenders.mjs';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const TARGET_MS = Number(process.env.BENCH_BATCH_MS ?? 60);

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}

async function time(subject, n) {
  const start = process.hrtime.bigint();
  if (subject.sync) for (let i = 0; i < n; i++) subject.run();
  else for (let i = 0; i < n; i++) await subject.run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Ops per batch so that a batch lasts about TARGET_MS. */
async function calibrate(subject) {
  let n = 50;
  for (;;) {
    const ms = await time(subject, n);
    if (ms >= TARGET_MS / 4 || n >= 1e6) return Math.max(10, Math.round((n * TARGET_MS) / ms));
    n *= 4;
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const name = process.argv[2];
const config = await readStdin();
const subject = await contenders[name](config);
if (subject === undefined) {
  process.stdout.write(`${JSON.stringify({ name, alg: config.alg, unsupported: true })}\n`);
  process.exit(0);
}
const floor = rawFloor(config);
const [floorN, subjectN] = [await calibrate(floor), await calibrate(subject)];
const ratios = [];
const floorRates = [];
const subjectRates = [];
for (let i = 0; i < SAMPLES; i++) {
  const floorMs = await time(floor, floorN);
  const subjectMs = await time(subject, subjectN);
  const floorRate = floorN / floorMs;
  const subjectRate = subjectN / subjectMs;
  floorRates.push(floorRate * 1000);
  subjectRates.push(subjectRate * 1000);
  ratios.push(subjectRate / floorRate);
}
process.stdout.write(
  `${JSON.stringify({
    name,
    alg: config.alg,
    version: subject.version,
    note: subject.note,
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    opsPerSec: median(subjectRates),
    floorOpsPerSec: median(floorRates),
    usPerOp: (1000 / median(subjectRates)) * 1000,
    floorUsPerOp: (1000 / median(floorRates)) * 1000,
  })}\n`,
);
