import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';
import { bearer, bindingsFor, eventually } from './helpers.js';

// Keys that live one second, so real time (workerd's clock) can expire them; a slow key server, so the
// refresh a request starts is still running when that request is answered.
let fetchIssuer: TestIssuer;
let honoIssuer: TestIssuer;
let workers: Workers;

const shortLived = () => createTestIssuer({ provider: 'entra', jwksCacheControl: 'max-age=1' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  [fetchIssuer, honoIssuer] = await Promise.all([shortLived(), shortLived()]);
  const extra = { WARM: 'false', MIN_CACHE_MAX_AGE_MS: '0' };
  workers = await startWorkers({ refreshfetch: bindingsFor(fetchIssuer, extra), refreshhono: bindingsFor(honoIssuer, extra) });
});

afterAll(async () => {
  await workers?.dispose();
  await Promise.all([fetchIssuer, honoIssuer].map((issuer) => issuer?.close()));
});

describe.each([
  ['withAuth', () => fetchIssuer, 'http://refreshfetch.fetch.test/me'],
  ['Hono', () => honoIssuer, 'http://refreshhono.hono.test/api/me'],
])('%s: keys refreshed behind the traffic in workerd', (_name, issuerOf, url) => {
  it('answers with the expired keys while the refresh runs, and the refresh lands after the response (ctx.waitUntil)', async () => {
    const issuer = issuerOf();
    const token = await issuer.mint({});
    expect((await workers.fetch(url, bearer(token))).status).toBe(200);
    expect(issuer.requests.jwks).toBe(1);

    await issuer.rotate({ keepOld: false }); // the token's key leaves the set
    issuer.setFault({ kind: 'latency', ms: 300 });
    await sleep(1_100);
    expect((await workers.fetch(url, bearer(token))).status).toBe(200);
    await eventually(() => issuer.requests.jwks === 2);

    // Once the refresh has landed, the removed key stops verifying; bounded: 40 tries, 50 ms apart.
    let status = 200;
    for (let attempt = 0; attempt < 40 && status === 200; attempt++) {
      await sleep(50);
      status = (await workers.fetch(url, bearer(token))).status;
    }
    expect(status).toBe(401);
    expect(issuer.requests.jwks).toBe(2);
  });
});
