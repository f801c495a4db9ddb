import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, jwks, type Verifier } from '../src/index.js';

// The verified token carries the token as presented (On-Behalf-Of flows pass it on), out of sight of logs.
let issuer: TestIssuer;
let verifier: Verifier;
let cached: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer();
  const issuers = [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })];
  verifier = createVerifier({ issuers });
  cached = createVerifier({ issuers, tokenCache: true });
});

afterAll(() => issuer?.close());

describe('the verified token carries the raw token', () => {
  it('as presented to verify()', async () => {
    const token = await issuer.mint();
    expect((await verifier.verify(token)).token).toBe(token);
  });

  it('as presented in the Authorization header', async () => {
    const token = await issuer.mint();
    expect((await verifier.authenticate({ authorization: `Bearer ${token}` })).token).toBe(token);
  });

  it('from the token cache too, for each token its own', async () => {
    const [first, second] = [await issuer.mint({ sub: 'a' }), await issuer.mint({ sub: 'b' })];
    await cached.verify(first);
    expect([(await cached.verify(first)).token, (await cached.verify(second)).token]).toEqual([first, second]);
  });

  it('not enumerable, so serialising or spreading the result leaves it out', async () => {
    const token = await issuer.mint();
    const result = await verifier.verify(token);
    expect(Object.keys(result)).not.toContain('token');
    expect(JSON.stringify(result)).not.toContain(token);
    expect({ ...result }).not.toHaveProperty('token');
  });

  it('read-only', async () => {
    const result = await verifier.verify(await issuer.mint());
    expect(() => {
      (result as { token: string }).token = 'replaced';
    }).toThrow(TypeError);
  });
});
