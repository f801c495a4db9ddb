import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../src/index.js';

describe('issuer.fetch (in memory)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'auth0' });
  });
  afterEach(() => issuer.setFault(null));
  afterAll(() => issuer.close());

  it('serves the same status, headers and body as the socket', async () => {
    for (const url of [issuer.jwksUri, issuer.discoveryUrl, `${issuer.url}/missing`]) {
      const [socket, memory] = await Promise.all([fetch(url), issuer.fetch(url)]);
      expect(memory.status).toBe(socket.status);
      for (const name of ['content-type', 'cache-control', 'content-length'])
        expect(memory.headers.get(name)).toBe(socket.headers.get(name));
      expect(await memory.text()).toBe(await socket.text());
      expect(memory.url).toBe(url);
    }
  });

  it('accepts a URL object and a Request', async () => {
    expect((await issuer.fetch(new URL(issuer.jwksUri))).status).toBe(200);
    expect((await issuer.fetch(new Request(issuer.jwksUri))).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const response = await issuer.fetch(issuer.jwksUri, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('counts requests like the socket does', async () => {
    issuer.resetCounters();
    await issuer.fetch(issuer.jwksUri);
    await issuer.fetch(issuer.discoveryUrl);
    await issuer.fetch(`${issuer.url}/missing`);
    expect(issuer.requests).toEqual({ jwks: 1, discovery: 1, total: 3 });
  });

  it('can be handed to jose as the JWKS fetch', async () => {
    let calls = 0;
    const keys = createRemoteJWKSet(new URL(issuer.jwksUri), {
      [customFetch]: (url: string, init: RequestInit) => {
        calls++;
        return issuer.fetch(url, init);
      },
    });
    issuer.resetCounters();
    const { payload } = await jwtVerify(await issuer.mint(), keys, { issuer: issuer.issuer, audience: issuer.audience });
    expect(payload.iss).toBe(issuer.issuer);
    expect(issuer.requests.jwks).toBe(1);
    expect(calls).toBe(1);
  });

  it('rejects with a TypeError, as fetch does, on outage', async () => {
    issuer.setFault({ kind: 'outage' });
    await expect(issuer.fetch(issuer.jwksUri)).rejects.toThrow(new TypeError('fetch failed'));
  });

  it("rejects with the signal's reason when a hang is aborted", async () => {
    issuer.setFault({ kind: 'hang' });
    const error = await issuer.fetch(issuer.jwksUri, { signal: AbortSignal.timeout(30) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('applies latency', async () => {
    issuer.setFault({ kind: 'latency', ms: 60 });
    const started = performance.now();
    await issuer.fetch(issuer.jwksUri);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('applies status, malformed-json and oversized faults', async () => {
    issuer.setFault({ kind: 'status', status: 502 });
    expect((await issuer.fetch(issuer.jwksUri)).status).toBe(502);
    issuer.setFault({ kind: 'malformed-json' });
    await expect((await issuer.fetch(issuer.jwksUri)).json()).rejects.toThrow(SyntaxError);
    issuer.setFault({ kind: 'oversized', bytes: 4096 });
    const oversized = await issuer.fetch(issuer.jwksUri);
    expect(oversized.headers.get('content-length')).toBeNull();
    expect((await oversized.text()).length).toBe(4096);
  });

  it('drips the body in small chunks and errors the body stream on abort', async () => {
    issuer.setFault({ kind: 'slow-drip', chunkDelayMs: 1 });
    const text = await (await issuer.fetch(issuer.jwksUri)).text();
    expect(JSON.parse(text)).toEqual(issuer.publicJwks());
    issuer.setFault({ kind: 'slow-drip', chunkDelayMs: 1000 });
    const response = await issuer.fetch(issuer.jwksUri, { signal: AbortSignal.timeout(30) });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('refuses other origins with a TypeError instead of touching the network', async () => {
    await expect(issuer.fetch('http://127.0.0.1:9/elsewhere')).rejects.toThrow(TypeError);
    await expect(issuer.fetch('https://example.com/')).rejects.toThrow(TypeError);
  });
});

describe('an issuer with listen: false', () => {
  it('starts no server and serves everything through issuer.fetch', async () => {
    const issuer = await createTestIssuer({ provider: 'entra', listen: false });
    expect(issuer.url).toBe('http://127.0.0.1:0');
    const response = await issuer.fetch(issuer.jwksUri);
    expect(((await response.json()) as { keys: unknown[] }).keys).toHaveLength(1);
    await issuer.close();
  });

  it('fails a hung in-memory request when closed', async () => {
    const issuer = await createTestIssuer({ listen: false });
    issuer.setFault({ kind: 'hang' });
    const hung = issuer.fetch(issuer.jwksUri).catch((e: unknown) => e);
    await issuer.close();
    expect(await hung).toBeInstanceOf(TypeError);
    await expect(issuer.fetch(issuer.jwksUri)).rejects.toThrow(TypeError);
  });
});
