/**
 * Shared by bench/load/run.mjs and bench/load/soak.mjs: the dev issuer, token sets, the example APIs as
 * child processes, autocannon runs that rotate through many tokens, and memory probes.
 *
 * The APIs are the unmodified examples (examples/express-api, examples/fastify-api), started through their
 * production entry `src/server.ts` the way its header says (`TENANT_ID=… API_CLIENT_ID=… node --import tsx
 * src/server.ts`), with AUTHORITY pointing at the dev issuer of `@tokenward/cli` that runs in this process.
 * Without `--conditions=source` the workspace packages load from their built dist (build first).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { startDevIssuer } from '@tokenward/cli';

export const FRAMEWORKS_ALL = ['express', 'fastify'];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = pathToFileURL(fileURLToPath(new URL('./probe.mjs', import.meta.url))).href;
/** Long enough for the outage scenario's clock shift (max-age 1 h + 1 min) and a long soak. */
export const TOKEN_LIFETIME_SEC = 6 * 3600;
export const PATH = '/api/orders';

export function startIssuer() {
  return startDevIssuer({ provider: 'entra' });
}

/** `count` distinct valid `user` tokens (each its own `jti`). */
export async function validTokens(dev, count) {
  const tokens = [];
  for (let i = 0; i < count; i++)
    tokens.push(await dev.mint('user', { expiresInSec: TOKEN_LIFETIME_SEC, claims: { jti: `load-${i}-${crypto.randomUUID()}` } }));
  if (new Set(tokens).size !== count) throw new Error('minted tokens are not distinct');
  return tokens;
}

/** Invalid tokens of three kinds, `count` of each: expired, forged (signed by a key not in the JWKS under the published kid), garbage. */
export async function invalidTokens(dev, count) {
  const expired = [];
  const forged = [];
  const garbage = [];
  for (let i = 0; i < count; i++) {
    expired.push(await dev.mint('expired', { claims: { jti: `expired-${i}` } }));
    forged.push(
      await dev.testIssuer.mint({ scp: 'Orders.Read', jti: `forged-${i}` }, { signWith: 'foreign', expiresInSec: TOKEN_LIFETIME_SEC }),
    );
    garbage.push(`${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url')}.not-a-jwt.${i}`);
  }
  return { expired, forged, garbage };
}

/** valid, expired, valid, forged, valid, garbage, …: every other request is invalid. */
export function mix(valid, { expired, forged, garbage }) {
  const invalid = [];
  for (let i = 0; i < expired.length; i++) invalid.push(expired[i], forged[i], garbage[i]);
  const out = [];
  for (let i = 0; i < Math.max(valid.length, invalid.length); i++) out.push(valid[i % valid.length], invalid[i % invalid.length]);
  return out;
}

/**
 * Starts examples/<framework>-api/src/server.ts in a child process configured by environment, with the
 * probe preloaded and an IPC channel. Resolves once it prints `listening on <url>`.
 */
export async function startApi(framework, dev, { exposeGc = false } = {}) {
  const cwd = `${ROOT}examples/${framework}-api`;
  const args = [...(exposeGc ? ['--expose-gc'] : []), '--import', 'tsx', '--import', PROBE, 'src/server.ts'];
  const env = { ...process.env, TENANT_ID: dev.tenantId, API_CLIENT_ID: dev.audience, AUTHORITY: dev.url, PORT: '0', HOST: '127.0.0.1' };
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  let out = '';
  try {
    for await (const chunk of child.stdout) {
      out += chunk;
      if (/listening on \S+\n/.test(out)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  const match = /listening on (\S+)\n/.exec(out);
  if (!match) throw new Error(`${framework}: the API exited before listening (is the build there? see its stderr above)`);
  child.stdout.resume();
  const base = match[1].replace('0.0.0.0', '127.0.0.1');
  const ask = async (message, reply) => {
    const answer = new Promise((resolve) => {
      const on = (m) => {
        if (m?.type === reply) {
          child.off('message', on);
          resolve(m);
        }
      };
      child.on('message', on);
    });
    child.send(message);
    return answer;
  };
  return {
    framework,
    pid: child.pid,
    url: `${base}${PATH}`,
    /** process.memoryUsage() of the API (after two full GCs when `gc`). */
    memory: (gc = false) => ask({ type: 'memory', gc }, 'memory'),
    /** VmRSS of the API process from /proc, in bytes. */
    rss: () => rssOf(child.pid),
    shiftClock: (ms) => ask({ type: 'shift-clock', ms }, 'shifted'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb[1]) * 1024;
}

/** autocannon against `url`, each request carrying the next token of `tokens` (shared by every connection). */
export function load(url, tokens, { seconds, connections }) {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, headers: { authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
      },
    ],
  });
}

/** Count of responses per status code, from autocannon's result. */
export function statusCounts(result) {
  const counts = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) counts[code] = count;
  return counts;
}

export const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
