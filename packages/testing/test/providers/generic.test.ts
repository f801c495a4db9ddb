import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, sortedKeys, verify } from '../helpers.js';

describe("provider 'generic'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('uses the server origin as issuer and serves keys at /.well-known/jwks.json', () => {
    expect(issuer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(issuer.issuer).toBe(issuer.url);
    expect(issuer.jwksUri).toBe(`${issuer.url}/.well-known/jwks.json`);
    expect(issuer.discoveryUrl).toBe(`${issuer.url}/.well-known/openid-configuration`);
  });

  it('serves a discovery document naming the issuer, jwks_uri and token endpoint', async () => {
    const { status, body } = await getJson(issuer.discoveryUrl);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      token_endpoint: `${issuer.url}/token`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('serves a JWKS of public RSA keys with kid, use and alg', async () => {
    const { body, headers } = await getJson(issuer.jwksUri);
    const { keys } = body as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(sortedKeys(keys[0] ?? {})).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: issuer.keys[0]?.kid });
    expect(headers.get('cache-control')).toBe('public, max-age=3600');
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('mints user tokens that verify against the served JWKS', async () => {
    const { payload, protectedHeader } = await verify(issuer, await issuer.mint());
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: issuer.keys[0]?.kid });
    expect(sortedKeys(payload)).toEqual(['aud', 'exp', 'iat', 'iss', 'scope', 'sub']);
    expect(payload).toMatchObject({ iss: issuer.issuer, aud: 'https://api.example.test', sub: 'user-1234' });
    expect(payload.exp).toBe((payload.iat ?? 0) + 3600);
  });

  it('mints app tokens whose subject is the client', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload).toMatchObject({ sub: 'tokenward-client', client_id: 'tokenward-client', scope: 'read' });
  });

  it('answers unknown paths with a 404 JSON body', async () => {
    const { status, body } = await getJson(`${issuer.url}/nope`);
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'not_found', path: '/nope' });
  });

  it('answers other methods on a known path with 405', async () => {
    const response = await fetch(issuer.jwksUri, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
