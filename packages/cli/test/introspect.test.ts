import { request } from 'node:http';
import { createTestIssuer, nestedJsonText, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, startIntrospectionServer, type IntrospectionLogEntry, type IntrospectionServer } from '../src/index.js';
import { entraConfig, resignWithRawClaims } from './helpers.js';

const CALLER_TOKEN = 'gateway-credential-0123456789';
const CALLER = { authorization: `Bearer ${CALLER_TOKEN}` };

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
  service = await startIntrospectionServer({
    config,
    maxBodyBytes: 20_000,
    callers: [{ bearerToken: CALLER_TOKEN }, { clientId: 'gateway', clientSecret: 'gateway-secret' }],
    log: (entry) => logs.push(entry),
  });
});
afterAll(async () => {
  await service.close();
  await entra.close();
  await auth0.close();
});

const post = (body: string, contentType = 'application/json', headers: Record<string, string> = CALLER) =>
  fetch(`${service.url}/introspect`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
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

  it('answers a DPoP-bound token active with its cnf, for the resource server to check the proof (RFC 9449 §6.2)', async () => {
    const cnf = { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' };
    const { status, body } = await introspect({ token: await entra.mint({ scp: 'Orders.Read', cnf }) });
    expect(status).toBe(200);
    expect(body).toMatchObject({ active: true, cnf });
  });

  it('accepts form data as RFC 7662 sends it', async () => {
    const response = await post(new URLSearchParams({ token: await auth0.mint() }).toString(), 'application/x-www-form-urlencoded');
    expect([response.status, ((await response.json()) as { active: boolean }).active]).toEqual([200, true]);
  });

  it('answers an expired token with active: false and the reason', async () => {
    const { status, body } = await introspect({
      token: await entra.mint({}, { now: Math.floor(Date.now() / 1000) - 7200, expiresInSec: 3600 }),
    });
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
      const req = request(
        `${service.url}/introspect`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...CALLER } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
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
    const response = await fetch(`${service.url}/introspect`, { headers: CALLER });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${service.url}/tokens`)).status).toBe(404);
  });

  it('logs one JSON entry per request, with the outcome and never the token', async () => {
    const token = await entra.mint({}, { now: Math.floor(Date.now() / 1000) - 7200, expiresInSec: 3600 });
    logs.length = 0;
    await introspect({ token });
    expect(logs).toEqual([
      expect.objectContaining({ msg: 'request', method: 'POST', path: '/introspect', status: 200, active: false, code: 'token_expired' }),
    ]);
    expect(JSON.stringify(logs)).not.toContain(token.split('.')[1]);
  });
});

describe('RFC 7662 members', () => {
  it("adds scope, client_id, username and token_type derived from the provider's claims", async () => {
    const { body } = await introspect({
      token: await entra.mint({ scp: 'Orders.Read Orders.Write', preferred_username: 'ada@contoso.example' }),
    });
    expect(body).toMatchObject({
      active: true,
      scope: 'Orders.Read Orders.Write',
      client_id: body.azp,
      username: 'ada@contoso.example',
      token_type: 'Bearer',
      sub: expect.any(String),
      exp: expect.any(Number),
    });
  });

  it('never overwrites a claim that has the name of a derived member', async () => {
    const { body } = await introspect({
      token: await entra.mint({ scp: 'Orders.Read', scope: ['kept', 'as-is'], username: 'claim-value' }),
    });
    expect([body.scope, body.username, body.scp]).toEqual([['kept', 'as-is'], 'claim-value', 'Orders.Read']);
  });

  it('writes an Okta-style scp array as a space-separated scope', async () => {
    const { body } = await introspect({ token: await entra.mint({ scp: ['Orders.Read', 'Orders.Write'] }) });
    expect(body.scope).toBe('Orders.Read Orders.Write');
  });
});

describe('bounded nesting', () => {
  it('answers active: false, not 500, for a validly signed token whose claims nest 4,400 levels', async () => {
    const token = resignWithRawClaims(await entra.mint(), `"deep":${nestedJsonText(4400)}`);
    const { status, body } = await introspect({ token });
    expect(status).toBe(200);
    expect(body).toEqual({ active: false, error: expect.stringMatching(/nest deeper than 32 levels/) });
  });

  it('still accepts claims nested a few levels (Keycloak realm_access.roles)', async () => {
    const { body } = await introspect({ token: await entra.mint({ resource_access: { orders: { roles: ['reader'] } } }) });
    expect(body).toMatchObject({ active: true, resource_access: { orders: { roles: ['reader'] } } });
  });
});

describe('caller authentication', () => {
  it('answers 401 with WWW-Authenticate to a caller without a credential', async () => {
    const response = await post(JSON.stringify({ token: await entra.mint() }), 'application/json', {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="tokenward-introspect", Basic realm="tokenward-introspect"');
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('answers 401 to a wrong bearer credential', async () => {
    const response = await post(JSON.stringify({ token: await entra.mint() }), 'application/json', { authorization: 'Bearer guessed' });
    expect(response.status).toBe(401);
  });

  it('accepts client credentials in HTTP Basic, form-encoded as RFC 6749 says', async () => {
    const basic = Buffer.from('gateway:gateway-secret').toString('base64');
    const response = await post(JSON.stringify({ token: await entra.mint() }), 'application/json', { authorization: `Basic ${basic}` });
    expect([response.status, ((await response.json()) as { active: boolean }).active]).toEqual([200, true]);
  });

  it('accepts client_id and client_secret in the form body', async () => {
    const response = await post(
      new URLSearchParams({ token: await entra.mint(), client_id: 'gateway', client_secret: 'gateway-secret' }).toString(),
      'application/x-www-form-urlencoded',
      {},
    );
    expect([response.status, ((await response.json()) as { active: boolean }).active]).toEqual([200, true]);
  });

  it('keeps /healthz and /readyz open to probes without a credential', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it('refuses to start without callers unless allowUnauthenticated is set', async () => {
    await expect(startIntrospectionServer({ config: entraConfig(entra), log: () => undefined })).rejects.toThrow(/no callers configured/);
  });

  it('refuses unauthenticated callers on a non-loopback address', async () => {
    await expect(
      startIntrospectionServer({ config: entraConfig(entra), host: '0.0.0.0', allowUnauthenticated: true, log: () => undefined }),
    ).rejects.toThrow(/refusing to answer unauthenticated callers on 0\.0\.0\.0/);
  });

  it('reads caller secrets from the environment variables the config names', async () => {
    const config = parseConfig({
      issuers: [{ preset: 'entra', tenantId: entra.tenantId, audience: entra.audience, authority: entra.url }],
      introspection: { callers: [{ clientId: 'sidecar', clientSecretEnv: 'TOKENWARD_TEST_SIDECAR_SECRET' }] },
    });
    process.env.TOKENWARD_TEST_SIDECAR_SECRET = 'from-the-environment';
    const lonely = await startIntrospectionServer({ config, log: () => undefined });
    try {
      const basic = Buffer.from('sidecar:from-the-environment').toString('base64');
      const response = await fetch(`${lonely.url}/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
        body: JSON.stringify({ token: await entra.mint() }),
      });
      expect(response.status).toBe(200);
    } finally {
      delete process.env.TOKENWARD_TEST_SIDECAR_SECRET;
      await lonely.close();
    }
  });

  it('names a missing environment variable, never a value, when the secret is not set', async () => {
    const config = parseConfig({
      issuers: [{ preset: 'entra', tenantId: entra.tenantId, audience: entra.audience, authority: entra.url }],
      introspection: { callers: [{ bearerTokenEnv: 'TOKENWARD_TEST_UNSET_VARIABLE' }] },
    });
    await expect(startIntrospectionServer({ config, log: () => undefined })).rejects.toThrow(/TOKENWARD_TEST_UNSET_VARIABLE is not set/);
  });
});

describe('withholding reasons (RFC 7662 §2.2)', () => {
  it('answers an inactive token with only "the token is not active", and lists no configured issuer', async () => {
    const quiet = await startIntrospectionServer({
      config: entraConfig(entra),
      allowUnauthenticated: true,
      withholdReasons: true,
      log: () => undefined,
    });
    try {
      const ask = (fields: Record<string, string>) =>
        fetch(`${quiet.url}/introspect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) });
      const expired = await ask({ token: await entra.mint({}, { now: Math.floor(Date.now() / 1000) - 7200, expiresInSec: 3600 }) });
      expect(await expired.json()).toEqual({ active: false, error: 'the token is not active' });
      const unknown = await ask({ token: 'a.b.c', identity_provider: 'nobody' });
      expect(((await unknown.json()) as { error_description: string }).error_description).toBe('unknown identity_provider');
    } finally {
      await quiet.close();
    }
  });
});

describe('health and readiness', () => {
  it('answers /healthz with 200', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it("answers /readyz with 200 once every issuer's keys were fetched", async () => {
    expect(await service.warmed).toBe(true);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  });

  it('answers /readyz with 503 while the keys cannot be fetched', async () => {
    const down = await createTestIssuer({ provider: 'entra' });
    down.setFault({ kind: 'status', status: 500 });
    const lonely = await startIntrospectionServer({ config: entraConfig(down), allowUnauthenticated: true, log: () => undefined });
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
    const lonely = await startIntrospectionServer({ config: entraConfig(down), allowUnauthenticated: true, log: () => undefined });
    try {
      const response = await fetch(`${lonely.url}/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
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
    const lonely = await startIntrospectionServer({ config: entraConfig(slow), allowUnauthenticated: true, log: () => undefined });
    try {
      const pending = fetch(`${lonely.url}/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      // In flight once the server has asked the issuer for keys (counted on arrival, before the 300 ms delay).
      for (let polls = 0; slow.requests.total === 0 && polls < 1_000; polls++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(slow.requests.total).toBeGreaterThan(0);
      await lonely.close();
      const response = await pending;
      expect([response.status, ((await response.json()) as { active: boolean }).active]).toEqual([200, true]);
      await expect(fetch(`${lonely.url}/healthz`)).rejects.toThrow();
    } finally {
      await slow.close();
    }
  });
});
