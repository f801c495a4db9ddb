import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../src/index.js';

describe('faults over HTTP', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterEach(() => issuer.setFault(null));
  afterAll(() => issuer.close());

  it('delays responses by the latency', async () => {
    issuer.setFault({ kind: 'latency', ms: 120 });
    const started = performance.now();
    const response = await fetch(issuer.jwksUri);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(response.status).toBe(200);
  });

  it('answers with the injected status and a JSON error body', async () => {
    issuer.setFault({ kind: 'status', status: 503 });
    const response = await fetch(issuer.jwksUri);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'injected_fault', status: 503 });
  });

  it('serves a truncated document that does not parse, labelled as JSON', async () => {
    issuer.setFault({ kind: 'malformed-json' });
    const response = await fetch(issuer.jwksUri);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('streams 2 MiB of valid JSON without Content-Length by default when oversized', async () => {
    issuer.setFault({ kind: 'oversized' });
    const response = await fetch(issuer.jwksUri);
    expect(response.headers.get('content-length')).toBeNull();
    const text = await response.text();
    expect(text.length).toBe(2 * 1024 * 1024);
    expect((JSON.parse(text) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it('pads an oversized response to the requested bytes', async () => {
    issuer.setFault({ kind: 'oversized', bytes: 10_000 });
    expect((await (await fetch(issuer.jwksUri)).text()).length).toBe(10_000);
  });

  it('drops the connection without a response on outage', async () => {
    issuer.setFault({ kind: 'outage' });
    await expect(fetch(issuer.jwksUri)).rejects.toThrow(TypeError);
  });

  it('never answers on hang, so the caller times out', async () => {
    issuer.setFault({ kind: 'hang' });
    const error = await fetch(issuer.jwksUri, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('sends headers at once and valid JSON a few bytes at a time on slow-drip', async () => {
    issuer.setFault({ kind: 'slow-drip', chunkDelayMs: 2 });
    const response = await fetch(issuer.jwksUri);
    const bodyStarted = performance.now();
    const reader = response.body?.getReader();
    let chunks = 0;
    let text = '';
    for (let r = await reader?.read(); r && !r.done; r = await reader?.read()) {
      chunks++;
      text += new TextDecoder().decode(r.value);
    }
    expect(chunks).toBeGreaterThan(10);
    expect(performance.now() - bodyStarted).toBeGreaterThanOrEqual(20);
    expect(JSON.parse(text)).toEqual(issuer.publicJwks());
  });

  it('applies to discovery and keys by default but not to other paths', async () => {
    issuer.setFault({ kind: 'status', status: 500 });
    expect((await fetch(issuer.discoveryUrl)).status).toBe(500);
    expect((await fetch(issuer.jwksUri)).status).toBe(500);
    expect((await fetch(`${issuer.url}/elsewhere`)).status).toBe(404);
  });

  it("limits the fault to keys with target 'keys'", async () => {
    issuer.setFault({ kind: 'status', status: 500, target: 'keys' });
    expect((await fetch(issuer.discoveryUrl)).status).toBe(200);
    expect((await fetch(issuer.jwksUri)).status).toBe(500);
  });

  it("limits the fault to discovery with target 'discovery'", async () => {
    issuer.setFault({ kind: 'status', status: 500, target: 'discovery' });
    expect((await fetch(issuer.discoveryUrl)).status).toBe(500);
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
  });

  it('recovers when the fault is cleared', async () => {
    issuer.setFault({ kind: 'outage' });
    issuer.setFault(null);
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
  });

  it('rejects invalid faults with a TypeError', () => {
    expect(() => issuer.setFault({ kind: 'status', status: 99 })).toThrow(TypeError);
    expect(() => issuer.setFault({ kind: 'latency', ms: -1 })).toThrow(TypeError);
    expect(() => issuer.setFault({ kind: 'explode' } as never)).toThrow(/kind must be one of/);
    expect(() => issuer.setFault({ kind: 'hang', target: 'token' } as never)).toThrow(/target/);
  });
});

describe('request counters', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'entra' });
  });
  afterAll(() => issuer.close());

  it('count key, discovery and all requests that reach the server', async () => {
    issuer.resetCounters();
    await fetch(issuer.jwksUri);
    await fetch(`${issuer.url}/common/discovery/v2.0/keys`);
    await fetch(issuer.discoveryUrl);
    await fetch(`${issuer.url}/missing`);
    expect(issuer.requests).toEqual({ jwks: 2, discovery: 1, total: 4 });
  });

  it('count requests that fail by injected fault', async () => {
    issuer.resetCounters();
    issuer.setFault({ kind: 'outage' });
    await fetch(issuer.jwksUri).catch(() => undefined);
    issuer.setFault(null);
    expect(issuer.requests.jwks).toBe(1);
  });

  it('reset to zero', async () => {
    await fetch(issuer.jwksUri);
    issuer.resetCounters();
    expect(issuer.requests).toEqual({ jwks: 0, discovery: 0, total: 0 });
  });
});

describe('jwksCacheControl', () => {
  it('sets the Cache-Control header of key responses', async () => {
    const issuer = await createTestIssuer({ jwksCacheControl: 'no-store' });
    expect((await fetch(issuer.jwksUri)).headers.get('cache-control')).toBe('no-store');
    await issuer.close();
  });

  it('sends no Cache-Control on key responses when null', async () => {
    const issuer = await createTestIssuer({ jwksCacheControl: null });
    expect((await fetch(issuer.jwksUri)).headers.get('cache-control')).toBeNull();
    await issuer.close();
  });
});
