/**
 * Imported first (statically) by every cold-start child. `boot` is `performance.now()` when this module runs,
 * that is the time from process start (`performance.timeOrigin`) to the child's first line; `lap(name)` records
 * the time since the previous mark as phase `name`. At exit it prints the last stdout line the parent reads:
 * `{ maxRssMb, phases }` (peak RSS from `process.resourceUsage().maxRSS`; phases in ms).
 */
const phases = { boot: performance.now() };
let last = phases.boot;

export function lap(name) {
  const now = performance.now();
  phases[name] = now - last;
  last = now;
}

process.on('exit', () => {
  process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, phases })}\n`);
});
