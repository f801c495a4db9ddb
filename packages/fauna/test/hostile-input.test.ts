/**
 * The claims provider against @tokenward/testing's hostile-input table, over real sockets: the provider's
 * `fetch` behind a node:http server on 127.0.0.1 (test/node-host.ts), the real driver, the local Fauna.
 */
import type { TestIssuer } from '@tokenward/testing';
import { HOSTILE_CLAIMS_CASES, sendHostileClaims } from '@tokenward/testing/fauna';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaimsProvider, type ClaimsProvider } from '../src/index.js';
import { startBackend, startEntra, EXTENSION_APP_ID, type Backend } from './helpers.js';
import { serveFetch, type NodeHost } from './node-host.js';

let backend: Backend;
let entra: TestIssuer;
let provider: ClaimsProvider;
let host: NodeHost;

beforeAll(async () => {
  [backend, entra] = await Promise.all([startBackend(), startEntra()]);
  provider = createClaimsProvider({
    tenantId: entra.tenantId ?? '',
    audience: EXTENSION_APP_ID,
    authority: entra.url,
    fauna: backend.client(),
    collection: backend.collection,
  });
  host = await serveFetch((request) => provider.fetch(request));
});
afterAll(async () => {
  await host.close();
  await backend.close();
  await entra.close();
});

describe('hostile input over a real socket', () => {
  it.each(HOSTILE_CLAIMS_CASES.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    const answer = await sendHostileClaims(`${host.url}/api/fauna-claims`, hostile, {
      token: await entra.mint({}, { profile: 'app' }),
      tenantId: entra.tenantId ?? '',
    });
    expect(hostile.expect.status).toContain(answer.status);
    if (hostile.expect.error !== undefined) expect(JSON.parse(answer.body)).toMatchObject({ error: hostile.expect.error });
    if (hostile.expect.answersWithinBytes !== undefined) expect(answer.bodyBytesSent).toBeLessThan(hostile.expect.answersWithinBytes);
    // Whatever came in, the answer is small and never echoes the body back.
    expect(answer.body.length).toBeLessThan(4096);
  });

  it('stops reading a 20 MiB chunked body without Content-Length at 64 KiB: 413, and the server takes little more off the socket', async () => {
    const chunked = HOSTILE_CLAIMS_CASES.find((hostile) => hostile.name === '20 MiB chunked without Content-Length');
    if (chunked === undefined) throw new Error('the table has no chunked case');
    const before = host.bytesRead;
    const answer = await sendHostileClaims(`${host.url}/api/fauna-claims`, chunked, {
      token: await entra.mint({}, { profile: 'app' }),
      tenantId: entra.tenantId ?? '',
    });
    expect(answer.status).toBe(413);
    expect(host.bytesRead - before).toBeLessThan(1024 * 1024);
  });
});
