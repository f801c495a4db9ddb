/**
 * The README's first command. Starts a local Entra-shaped dev issuer and the Express example
 * (examples/express-api) on 127.0.0.1, mints tokens for several personas, calls the example's protected
 * routes over HTTP and prints who gets in and why the others do not. Then plays key rotation and an
 * issuer outage against an API whose clock the demo can move forward. No cloud account needed.
 *
 *   npx -y pnpm@10 demo            run and exit
 *   npx -y pnpm@10 demo --serve    keep the dev issuer (port 4000) and the API (port 3000) running
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inspectToken, startDevIssuer, type DevIssuer } from '@tokenward/cli';
import { createVerifier, entra, requireScopes, toErrorResponse } from '@tokenward/core';

interface Row {
  readonly persona: string;
  readonly request: string;
  readonly status: string;
  readonly reason: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OTHER_TENANT = '0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const serve = process.argv.includes('--serve');

/** Runs the Express example as its own process, configured by environment like in production. */
async function startExample(dev: DevIssuer): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'examples/express-api/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TENANT_ID: dev.tenantId,
      API_CLIENT_ID: dev.audience,
      AUTHORITY: dev.url,
      HOST: '127.0.0.1',
      PORT: serve ? '3000' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Express example did not start within 30 s')), 30_000);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Express example exited with code ${code}`));
    });
  });
  return { url, process: child };
}

/** What the response says: the RFC 6750 error_description (or the challenge), or what the route returned. */
async function reasonOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as {
    error_description?: string;
    orders?: unknown[];
    deleted?: string;
    caller?: string;
  };
  if (response.ok) {
    if (body.orders) return `ok: ${body.orders.length} orders`;
    if (body.deleted) return `ok: deleted order ${body.deleted}`;
    return 'ok';
  }
  return body.error_description ?? response.headers.get('www-authenticate') ?? response.statusText;
}

async function call(rows: Row[], persona: string, base: string, method: string, path: string, token: string | undefined): Promise<void> {
  const response = await fetch(`${base}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  rows.push({ persona, request: `${method} ${path}`, status: String(response.status), reason: await reasonOf(response) });
}

/** The example's read route, in process, with a verifier whose clock the demo can move forward. */
async function startClockApi(
  dev: DevIssuer,
  clock: { skewMs: number },
): Promise<{ url: string; server: Server; warm: () => Promise<void> }> {
  const verifier = createVerifier({
    issuers: [entra({ tenantId: dev.tenantId ?? '', audience: dev.audience, authority: dev.url })],
    now: () => Date.now() + clock.skewMs,
  });
  const server = createServer((req, res) => {
    verifier
      .authenticate(req.headersDistinct)
      .then((token) => {
        requireScopes(token, 'Orders.Read');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"orders":[]}');
      })
      .catch((error: unknown) => {
        const { status, headers, body } = toErrorResponse(error);
        res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, warm: () => verifier.warm() };
}

function printTable(title: string, rows: readonly Row[]): void {
  const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => r[key].length));
  const line = (r: Row) =>
    `${r.persona.padEnd(width('persona'))}  ${r.request.padEnd(width('request'))}  ${r.status.padEnd(6)}  ${r.reason}`;
  console.log(`\n${title}\n`);
  console.log(line({ persona: 'persona', request: 'request', status: 'status', reason: 'reason' }));
  console.log('-'.repeat(width('persona') + width('request') + 80));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const dev = await startDevIssuer({ provider: 'entra', port: serve ? 4000 : 0 });
  const example = await startExample(dev).catch(async (error: unknown) => {
    await dev.close();
    throw error;
  });
  const stopExample = () =>
    new Promise<void>((resolve) => {
      if (example.process.exitCode !== null) return resolve();
      example.process.once('exit', () => resolve());
      example.process.kill('SIGTERM');
    });
  try {
    const api = example.url;
    const rows: Row[] = [];
    await call(rows, 'no token', api, 'GET', '/api/orders', undefined);
    await call(rows, 'user (Orders.Read)', api, 'GET', '/api/orders', await dev.mint('user'));
    await call(rows, 'user (Orders.Read)', api, 'DELETE', '/api/orders/1001', await dev.mint('user'));
    await call(rows, 'admin (+ role Orders.Admin)', api, 'DELETE', '/api/orders/1001', await dev.mint('admin'));
    await call(rows, 'daemon app (Orders.Admin)', api, 'GET', '/api/orders', await dev.mint('app'));
    await call(rows, 'daemon app (Orders.Admin)', api, 'DELETE', '/api/orders/1002', await dev.mint('app'));
    await call(rows, 'expired token', api, 'GET', '/api/orders', await dev.mint('expired'));
    await call(rows, 'token for another API', api, 'GET', '/api/orders', await dev.mint('user', { claims: { aud: 'api://billing' } }));
    const graphToken = await dev.mint('user', { scopes: ['User.Read'], claims: { aud: GRAPH } });
    await call(rows, 'Microsoft Graph token', api, 'GET', '/api/orders', graphToken);
    await call(rows, 'user of another tenant', api, 'GET', '/api/orders', await dev.mint('user', { claims: { tid: OTHER_TENANT } }));
    await call(
      rows,
      'forged signature',
      api,
      'GET',
      '/api/orders',
      await dev.testIssuer.mint({ scp: 'Orders.Read' }, { signWith: 'foreign' }),
    );
    await call(
      rows,
      'unknown signing key',
      api,
      'GET',
      '/api/orders',
      await dev.testIssuer.mint({ scp: 'Orders.Read' }, { header: { kid: 'not-published' } }),
    );
    printTable(
      `tokenward demo: the Express example at ${api}, trusting a local Entra-shaped dev issuer at ${dev.url} (tenant ${dev.tenantId})`,
      rows,
    );

    // Key rotation and outages play out over minutes and hours: this API's clock jumps ahead instead.
    const clock = { skewMs: 0 };
    const clockApi = await startClockApi(dev, clock);
    const lifecycle: Row[] = [];
    try {
      await clockApi.warm();
      const issuer = dev.testIssuer;
      const mintAtClock = () => issuer.mint({ scp: 'Orders.Read' }, { now: Math.floor((Date.now() + clock.skewMs) / 1000) });
      // An unknown kid refetches the keys at most once per 30 s cooldown, so a flood of random kids cannot
      // hammer the issuer; a key rotated in after that window is picked up at first sight.
      await issuer.rotate();
      const rotated = await mintAtClock();
      await call(lifecycle, 'new key, within 30 s cooldown', clockApi.url, 'GET', '/api/orders', rotated);
      clock.skewMs += 31_000;
      await call(lifecycle, 'new key, 31 s later', clockApi.url, 'GET', '/api/orders', rotated);
      // The issuer's JWKS says max-age=3600; stale keys keep verifying for staleIfErrorMs (1 h) after that.
      issuer.setFault({ kind: 'outage' });
      clock.skewMs += 11 * 60_000;
      await call(lifecycle, 'issuer down, keys 11 min old', clockApi.url, 'GET', '/api/orders', await mintAtClock());
      clock.skewMs += 80 * 60_000;
      await call(lifecycle, 'issuer down, keys expired 30 min ago', clockApi.url, 'GET', '/api/orders', await mintAtClock());
      clock.skewMs += 60 * 60_000;
      await call(lifecycle, 'issuer down, past the stale limit', clockApi.url, 'GET', '/api/orders', await mintAtClock());
      issuer.setFault(null);
    } finally {
      clockApi.server.close();
    }
    printTable('Key rotation and an issuer outage (the read route, in process, with a clock the demo moves forward)', lifecycle);
    console.log(`\nKey set requests that reached the dev issuer: ${dev.testIssuer.requests.jwks}`);
    // What `tokenward inspect` says about one of the rejected tokens (in process; the token goes nowhere).
    const report = await inspectToken(graphToken, {
      issuer: dev.issuer,
      audience: [dev.audience, `api://${dev.audience}`],
      scopes: ['Orders.Read'],
    });
    console.log(`\ntokenward inspect on the Microsoft Graph token (exit code ${report.exitCode}):`);
    console.log(`  ${report.diagnosis.summary}\n  Fix: ${report.diagnosis.fix}`);
    console.log(`Any token, in detail: npx -y pnpm@10 --filter @tokenward/cli tokenward inspect <token> --issuer ${dev.issuer}`);

    if (serve) {
      console.log(`\nServing: the API at ${api}, the dev issuer at ${dev.url}.`);
      console.log(
        `  TOKEN=$(curl -s -X POST ${dev.mintEndpoint} -d persona=user | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
      );
      console.log(`  curl ${api}/api/orders -H "Authorization: Bearer $TOKEN"`);
      console.log('Ctrl+C stops both.');
      // process.on, not once: the listeners must outlive the first signal while the servers close.
      await new Promise<void>((resolve) => {
        process.on('SIGINT', () => resolve());
        process.on('SIGTERM', () => resolve());
      });
    }
  } finally {
    await stopExample();
    await dev.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
