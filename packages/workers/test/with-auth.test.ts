import type { TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';
import { bearer, bindingsFor, entraIssuer } from './helpers.js';

// `withAuth` in workerd: the fixture's *.fetch.test routes.
let issuer: TestIssuer;
let down: TestIssuer;
let workers: Workers;

beforeAll(async () => {
  [issuer, down] = await Promise.all([entraIssuer(), entraIssuer()]);
  down.setFault({ kind: 'outage' });
  workers = await startWorkers({ api: bindingsFor(issuer), down: bindingsFor(down, { WARM: 'false' }) });
});

afterAll(async () => {
  await workers?.dispose();
  await Promise.all([issuer?.close(), down?.close()]);
});

describe('withAuth', () => {
  it('calls the handler with the verified token when the token has the required scope', async () => {
    const response = await workers.fetch('http://api.fetch.test/orders', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: expect.any(String), clientId: issuer.clientId });
  });

  it('answers a request without a token with 401 and a bare Bearer challenge carrying the realm', async () => {
    const response = await workers.fetch('http://api.fetch.test/orders');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="orders", DPoP realm="orders", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers a token without the scope with 403 insufficient_scope naming the scope', async () => {
    const response = await workers.fetch('http://api.fetch.test/orders', bearer(await issuer.mint()));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="orders", error="insufficient_scope", .*scope="Orders.Read"/);
  });

  it('answers a token without the app role with 403', async () => {
    const response = await workers.fetch('http://api.fetch.test/admin', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'insufficient_scope' });
  });

  it('answers an expired token with 401 invalid_token', async () => {
    const response = await workers.fetch('http://api.fetch.test/me', bearer(await issuer.mint({}, { expiresInSec: -600 })));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers two Authorization headers, which Web Headers join into "a, b", with 400 invalid_request', async () => {
    const token = await issuer.mint({ scp: 'Orders.Read' });
    const response = await workers.fetch('http://api.fetch.test/orders', {
      headers: [
        ['authorization', `Bearer ${token}`],
        ['authorization', `Bearer ${token}`],
      ],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 403 forbidden when an env-aware requirement check rejects the calling client', async () => {
    const allowed = await workers.fetch('http://api.fetch.test/policy', bearer(await issuer.mint()));
    const other = await workers.fetch('http://api.fetch.test/policy', bearer(await issuer.mint({ azp: 'another-client' })));
    expect(allowed.status).toBe(200);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error_description: expect.stringContaining('client application not allowed') });
  });

  it('answers an authorization error thrown by the handler itself like one from the requirement', async () => {
    const response = await workers.fetch('http://api.fetch.test/policy-in-handler', bearer(await issuer.mint({ azp: 'another-client' })));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('lets errors that are not token problems propagate from the handler', async () => {
    const response = await workers.fetch('http://api.fetch.test/boom', bearer(await issuer.mint()));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('a bug in the handler');
  });

  it('answers 503 temporarily_unavailable without a challenge, not 500, when the issuer is unreachable', async () => {
    const response = await workers.fetch('http://down.fetch.test/me', bearer(await down.mint()));
    expect(response.status).toBe(503);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });
});

describe('withAuth with tokenLocation', () => {
  it('reads the query parameter and answers Cache-Control: private', async () => {
    const token = await issuer.mint({ oid: 'user-1' });
    const response = await workers.fetch(`http://api.fetch.test/events?access_token=${token}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ subject: 'user-1' });
    expect(response.headers.get('cache-control')).toBe('private');
  });

  it('copies a response whose headers are immutable to add Cache-Control', async () => {
    const token = await issuer.mint();
    const response = await workers.fetch(`http://api.fetch.test/events/redirect?access_token=${token}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.com/elsewhere');
    expect(response.headers.get('cache-control')).toBe('private');
  });

  it('answers a token in the header and the query with 400 invalid_request', async () => {
    const token = await issuer.mint();
    const response = await workers.fetch(`http://api.fetch.test/events?access_token=${token}`, bearer(token));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});
