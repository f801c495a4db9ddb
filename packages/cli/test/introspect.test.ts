import { request } from 'node:http';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, startIntrospectionServer, type IntrospectionLogEntry, type IntrospectionServer } from '../src/index.js';
import { entraConfig } from './helpers.js';

let entra: TestIssuer;
let auth0: TestIssuer;
let service: IntrospectionServer;
const logs: IntrospectionLogEntry[] = [];

beforeAll(async () => {
  entra = await createTestIssuer({ provider: 'entra' });
  auth0 = await createTestIssuer({ provider: 'auth0' });
  const config = parseConfig({
    issuers: [
      { id: 'corp', preset: 'entra', tenantId: entra.tenantId, audience: entra.audience, authority: entra.url },
      { id: 'partners', preset: 'auth0', domain: 'partners.example', audience: auth0.audience, authority: auth0.url },
    ],
    jwks: { timeoutMs: 2000 },
  });
  service = await startIntrospectionServer({ config, maxBodyBytes: 20_000, log: (entry) => logs.push(entry) });
});
afterAll(async () => {
  await service.close();
  await entra.close();
  await auth0.close();
});

const post = (body: string, contentType = 'application/json') =>
  fetch(`${service.url}/introspect`, { method: 'POST', headers: { 'content-type': contentType }, body });
const introspect = async (fields: Record<string, string>) => {
  const response = await post(JSON.stringify(fields));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('POST /introspect', () => {
  it('answers a valid token with active: true and its claims', async () => {
    const { status, body } = await introspect({ token: await entra.mint({ scp: 'Orders.Read' }) });
    expect(status).toBe(200);
    expect(body).toMatchObject({ active: true, iss: entra.issuer, aud: entra.audience, scp: 'Orders.Read' });
  });

  it('accepts form data as RFC 7662 sends it', async () => {
    const response = await post(new URLSearchParams({ token: await auth0.mint() }).toString(), 'application/x-www-form-urlencoded');
    expect([response.status, ((await response.json()) as { active: boolean }).active]).toEqual([200, true]);
  });

  it('answers an expired token with active: false and the reason', async () => {
    const { status, body } = await introspect({ token: await entra.mint({}, { now: Math.floor(Date.now() / 1000) - 7200, expiresInSec: 3600 }) });
    expect(status).toBe(200);
    expect(body).toEqual({ active: false, error: expect.stringMatching(/expired/) });
  });

  it('answers a forged token with active: false', async () => {
    const { body } = await introspect({ token: await entra.mint({}, { signWith: 'foreign' }) });
    expect(body).toEqual({ active: false, error: expect.stringMatching(/signature/) });
  });

  it('answers a malformed token with active: false', async () => {
    const { status, body } = await introspect({ token: 'not.a.token' });
    expect([status, body.active]).toEqual([200, false]);
  });

  it('never lets a claim named "active" overrule the verdict', async () => {
    const { body } = await introspect({ token: await entra.mint({ active: false }) });
    expect(body.active).toBe(true);
  });

  it('checks the token against the identity_provider named in the request', async () => {
    const { body } = await introspect({ token: await auth0.mint(), identity_provider: 'corp' });
    expect(body).toEqual({ active: false, error: expect.stringMatching(/issuer/) });
  });

  it('answers an unknown identity_provider with 400', async () => {
    const { status, body } = await introspect({ token: await auth0.mint(), identity_provider: 'nobody' });
    expect([status, body.error]).toEqual([400, 'invalid_request']);
  });

  it('answers a body without a token with 400', async () => {
    const { status, body } = await introspect({ tokn: 'x' });
    expect([status, body.error]).toEqual([400, 'invalid_request']);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await post('{"token": ');
    expect(response.status).toBe(400);
  });

  it('answers a body over the size limit with 413', async () => {
    const response = await post(JSON.stringify({ token: 'x'.repeat(30_000) }));
    expect(response.status).toBe(413);
  });

  it('answers an oversized body sent without Content-Length with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${service.url}/introspect`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      for (let i = 0; i < 30; i++) req.write('x'.repeat(1000));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers another content type with 415', async () => {
    const response = await post('token=abc', 'text/plain');
    expect(response.status).toBe(415);
  });

  it('answers GET with 405 and Allow: POST', async () => {
    const response = await fetch(`${service.url}/introspect`);
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${service.url}/tokens`)).status).toBe(404);
  });

  it('logs one JSON entry per request, with the outcome and never the token', async () => {
    const token = await entra.mint({}, { now: Math.floor(Date.now() / 1000) - 7200, expiresInSec: 3600 });
    logs.length = 0;
    await introspect({ token });
    expect(logs).toEqual([expect.objectContaining({ msg: 'request', method: 'POST', path: '/introspect', status: 200, active: false, code: 'token_expired' })]);
    expect(JSON.stringify(logs)).not.toContain(token.split('.')[1]);
  });
});

describe('health and readiness', () => {
  it('answers /healthz with 200', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it('answers /readyz with 200 once every issuer\'s keys were fetched', async () => {
    expect(await service.warmed).toBe(true);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  });

  it('answers /readyz with 503 while the keys cannot be fetched', async () => {
    const down = await createTestIssuer({ provider: 'entra' });
    down.setFault({ kind: 'status', status: 500 });
    const lonely = await startIntrospectionServer({ config: entraConfig(down), log: () => undefined });
    try {
      expect((await fetch(`${lonely.url}/readyz`)).status).toBe(503);
    } finally {
      await lonely.close();
      await down.close();
    }
  });

  it('answers 503 temporarily_unavailable, not active: false, when the keys cannot be fetched', async () => {
    const down = await createTestIssuer({ provider: 'entra' });
    const token = await down.mint();
    down.setFault({ kind: 'status', status: 500 });
    const lonely = await startIntrospectionServer({ config: entraConfig(down), log: () => undefined });
    try {
      const response = await fetch(`${lonely.url}/introspect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([503, 'temporarily_unavailable']);
    } finally {
      await lonely.close();
      await down.close();
    }
  });
});

describe('shutdown', () => {
  it('lets a request in flight finish, then stops listening', async () => {
    const slow = await createTestIssuer({ provider: 'entra' });
    const token = await slow.mint();
    // Keys take 300 ms, so the request below is still waiting for them when close() is called.
    slow.setFault({ kind: 'latency', ms: 300 });
    const lonely = await startIntrospectionServer({ config: entraConfig(slow), log: () => undefined });
    try {
      const pending = fetch(`${lonely.url}/introspect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await lonely.close();
      const response = await pending;
      expect([response.status, ((await response.json()) as { active: boolean }).active]).toEqual([200, true]);
      await expect(fetch(`${lonely.url}/healthz`)).rejects.toThrow();
    } finally {
      await slow.close();
    }
  });
});
