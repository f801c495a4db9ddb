import type { TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';
import { bearer, bindingsFor, entraIssuer, eventually } from './helpers.js';

// Each scenario gets its own issuer (to count its key fetches) and its own isolate (to start cold).
let shared: TestIssuer;
let concurrent: TestIssuer;
let warming: TestIssuer;
let slow: TestIssuer;
let slowWarming: TestIssuer;
let workers: Workers;

beforeAll(async () => {
  [shared, concurrent, warming, slow, slowWarming] = await Promise.all([
    entraIssuer(),
    entraIssuer(),
    entraIssuer(),
    entraIssuer(),
    entraIssuer(),
  ]);
  slow.setFault({ kind: 'latency', ms: 400 });
  slowWarming.setFault({ kind: 'latency', ms: 400 });
  workers = await startWorkers({
    shared: bindingsFor(shared),
    concurrent: bindingsFor(concurrent, { WARM: 'false' }),
    warming: bindingsFor(warming),
    slow: bindingsFor(slow, { WARM: 'false' }),
    slowwarming: bindingsFor(slowWarming),
  });
});

afterAll(async () => {
  await workers?.dispose();
  await Promise.all([shared, concurrent, warming, slow, slowWarming].map((issuer) => issuer?.close()));
});

describe('one verifier per isolate', () => {
  it('builds the verifier once from env and fetches keys once across routes and both adapters', async () => {
    const token = await shared.mint({ scp: 'Orders.Read', roles: ['Orders.Admin'] });
    const urls = ['orders', 'admin', 'me', 'policy'].flatMap((path) => [
      `http://shared.fetch.test/${path}`,
      `http://shared.hono.test/api/${path}`,
    ]);
    for (const url of [...urls, 'http://shared.hono.test/inline']) {
      expect((await workers.fetch(url, bearer(token))).status, url).toBe(200);
    }
    expect(await (await workers.fetch('http://shared.fetch.test/stats')).json()).toMatchObject({ builds: 1 });
    expect(shared.requests.jwks).toBe(1);
  });

  it('shares one key fetch among concurrent first requests', async () => {
    const token = await concurrent.mint({ scp: 'Orders.Read' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => workers.fetch('http://concurrent.fetch.test/orders', bearer(token))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(concurrent.requests.jwks).toBe(1);
  });

  it('lets a request join a key fetch started by another request that is still waiting for it', async () => {
    const token = await slow.mint({ scp: 'Orders.Read' });
    const first = workers.fetch('http://slow.fetch.test/orders', bearer(token));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = workers.fetch('http://slow.hono.test/api/orders', bearer(token));
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    expect(slow.requests.jwks).toBe(1);
  });

  it('warms the keys in the background on the first request, even one without a token', async () => {
    expect((await workers.fetch('http://warming.fetch.test/orders')).status).toBe(401);
    await eventually(() => warming.requests.jwks === 1);
    expect((await workers.fetch('http://warming.fetch.test/orders', bearer(await warming.mint({ scp: 'Orders.Read' })))).status).toBe(200);
    expect(warming.requests.jwks).toBe(1);
  });

  it('lets a request join the key fetch that the first request left running in the background', async () => {
    expect((await workers.fetch('http://slowwarming.fetch.test/orders')).status).toBe(401); // answered at once
    const response = await workers.fetch('http://slowwarming.hono.test/api/orders', bearer(await slowWarming.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
    expect(slowWarming.requests.jwks).toBe(1);
  });
});
