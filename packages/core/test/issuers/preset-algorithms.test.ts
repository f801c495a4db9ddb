import { createTestIssuer, type TestIssuer, type TestIssuerOptions } from '@tokenward/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { auth0, createVerifier, entra, keys, type PublicJwk } from '../../src/index.js';
import { rejection } from '../support/rejection.js';

const open: TestIssuer[] = [];

async function issuerFor(options: TestIssuerOptions): Promise<TestIssuer> {
  const issuer = await createTestIssuer(options);
  open.push(issuer);
  return issuer;
}

afterAll(async () => {
  await Promise.all(open.map((issuer) => issuer.close()));
});

describe('one algorithm per key by default (RFC 8725 §3.1)', () => {
  it('entra() refuses a PS256 token signed with an Entra key, which names no alg', async () => {
    const issuer = await issuerFor({ provider: 'entra', algorithms: ['RS256', 'PS256'] });
    const verifier = createVerifier({
      issuers: entra({ tenantId: issuer.tenantId as string, audience: issuer.audience, authority: issuer.url }),
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ key: { alg: 'RS256' } });
    expect(await rejection(verifier.verify(await issuer.mint({}, { alg: 'PS256' })))).toMatchObject({
      code: 'algorithm_not_allowed',
      found: 'PS256',
    });
  });

  it.each(['RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const)(
    'a static RSA key that names no alg does not verify %s without algorithms',
    async (alg) => {
      const issuer = await issuerFor({ provider: 'entra', algorithms: ['RS256', alg] });
      const published = issuer.publicJwks().keys as PublicJwk[];
      const verifier = createVerifier({ issuers: [keys({ issuer: issuer.issuer, keys: published, audience: issuer.audience })] });
      expect(await rejection(verifier.verify(await issuer.mint({}, { alg })))).toMatchObject({ code: 'algorithm_not_allowed' });
    },
  );

  it('a static RSA key that names no alg verifies another RSA algorithm the issuer lists in algorithms', async () => {
    const issuer = await issuerFor({ provider: 'entra', algorithms: ['PS256'] });
    const published = issuer.publicJwks().keys as PublicJwk[];
    const verifier = createVerifier({
      issuers: [keys({ issuer: issuer.issuer, keys: published, audience: issuer.audience, algorithms: ['PS256'] })],
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ key: { alg: 'PS256' } });
  });

  it('auth0() verifies RS256 only, and PS256 when algorithms says the tenant signs with it', async () => {
    const issuer = await issuerFor({ provider: 'auth0', algorithms: ['PS256'] });
    const byDefault = createVerifier({ issuers: [auth0({ domain: 'unused.example', authority: issuer.url, audience: issuer.audience })] });
    expect(await rejection(byDefault.verify(await issuer.mint()))).toMatchObject({
      code: 'algorithm_not_allowed',
      expected: ['RS256'],
      found: 'PS256',
    });
    const configured = createVerifier({
      issuers: [auth0({ domain: 'unused.example', authority: issuer.url, audience: issuer.audience, algorithms: ['PS256'] })],
    });
    await expect(configured.verify(await issuer.mint())).resolves.toMatchObject({ key: { alg: 'PS256' } });
  });
});
