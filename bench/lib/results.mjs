/**
 * Shared bits of the bench scripts: RESULTS.md sections between markers, package versions, medians,
 * and the footer every section carries (versions, Node, CPU, date, command).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
const require = createRequire(new URL('../package.json', import.meta.url));

/** Replaces `<!-- name:start -->…<!-- name:end -->` in RESULTS.md, or appends it under `## title`. */
export function writeSection(name, title, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const pattern = new RegExp(`${start}[\\s\\S]*${end}`);
  if (pattern.test(text)) text = text.replace(pattern, () => section);
  else text = `${text.trimEnd()}\n\n## ${title}\n\n${section}\n`;
  writeFileSync(RESULTS, text);
  return section;
}

/**
 * Installed version of a package (read from its package.json), as the bench resolves it or, for a
 * dependency of one of the workspace's packages (`ioredis` of packages/redis), as `resolver` does.
 */
export function versionOf(name, resolver = require) {
  try {
    return resolver(`${name}/package.json`).version;
  } catch {
    try {
      let dir = dirname(resolver.resolve(name));
      for (let i = 0; i < 6; i++, dir = dirname(dir)) {
        try {
          const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
          if (pkg.name === name) return pkg.version;
        } catch {}
      }
    } catch {}
    return '?';
  }
}

export const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function footer(packages, command, { needsBuild = true, resolvers = {} } = {}) {
  const versions = packages.map((name) => `${name} ${versionOf(name, resolvers[name])}`).join(', ');
  return [
    `Versions: ${versions}. Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, shared), ${new Date().toISOString().slice(0, 10)}.`,
    `Command: \`${command}\` (${needsBuild ? 'after a build; ' : ''}\`npx -y pnpm@10 bench\` builds and runs every script).`,
  ].join('\n');
}

/**
 * Runs `task`, and again (up to `tries` times, `waitMs` apart) when it fails: a child that cannot import
 * the workspace packages' dist while a build rewrites them is retried instead of failing the whole run.
 */
export async function retrying(label, task, { tries = 3, waitMs = 5_000 } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= tries) throw error;
      process.stderr.write(`${label}: ${String(error?.message ?? error).split('\n')[0]}; retrying in ${waitMs / 1000} s\n`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
