import { describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuerOptions } from '../src/index.js';

const rejects = (options: TestIssuerOptions, message: RegExp) => expect(createTestIssuer(options)).rejects.toThrow(message);

describe('createTestIssuer() options', () => {
  it('rejects an unknown provider', () => rejects({ provider: 'ping' as never }, /provider must be one of/));
  it('rejects an unknown option', () => rejects({ tenant: 'x' } as never, /no option "tenant"/));
  it('rejects an empty algorithm list', () => rejects({ algorithms: [] }, /non-empty/));
  it('rejects an unknown algorithm', () => rejects({ algorithms: ['HS256' as never] }, /must be one of/));
  it('rejects a repeated algorithm', () => rejects({ algorithms: ['RS256', 'RS256'] }, /must not repeat/));
  it('rejects a provider-specific option given to another provider', () =>
    rejects({ provider: 'auth0', tenantId: 'x' }, /tenantId applies to entra/));
  it('rejects an entra tenant that is not a GUID', () => rejects({ provider: 'entra', tenantId: 'contoso.onmicrosoft.com' }, /GUID/));
  it('rejects a malformed cognito user pool id', () => rejects({ provider: 'cognito', userPoolId: 'pool' }, /<region>_<id>/));
  it('rejects an invalid port', () => rejects({ port: 70000 }, /port/));
  it('rejects a port together with listen: false', () => rejects({ port: 1234, listen: false }, /listen/));

  it('rejects an origin together with listen: true', () => rejects({ origin: 'http://127.0.0.1:4000' }, /origin needs listen: false/));
  it('rejects an origin with a path', () => rejects({ origin: 'http://127.0.0.1:4000/tenant', listen: false }, /without a path/));

  it('announces the given origin when it does not listen, and serves it through issuer.fetch', async () => {
    const issuer = await createTestIssuer({ provider: 'entra', listen: false, origin: 'http://127.0.0.1:4999' });
    expect(issuer.issuer).toBe(`http://127.0.0.1:4999/${issuer.tenantId}/v2.0`);
    const response = await issuer.fetch(issuer.discoveryUrl);
    expect(await response.json()).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
    await issuer.close();
  });

  it('binds the requested port', async () => {
    const probe = await createTestIssuer();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const issuer = await createTestIssuer({ port });
    expect(issuer.url).toBe(`http://127.0.0.1:${port}`);
    await issuer.close();
  });

  it('publishes one key per algorithm and signs with the first by default', async () => {
    const issuer = await createTestIssuer({ algorithms: ['ES384', 'RS512', 'EdDSA'], listen: false });
    expect(issuer.keys.map((k) => [k.alg, k.active])).toEqual([
      ['ES384', true],
      ['RS512', false],
      ['EdDSA', false],
    ]);
    expect(issuer.publicJwks().keys.map((k) => k.alg)).toEqual(['ES384', 'RS512', 'EdDSA']);
    await issuer.close();
  });
});
