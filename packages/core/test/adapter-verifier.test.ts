import { describe, expect, it } from 'vitest';
import { createVerifier, jwks, verifierFrom } from '../src/index.js';

const options = { issuers: [jwks({ issuer: 'https://issuer.test', audience: 'api', jwksUri: 'https://issuer.test/keys' })] };

describe('verifierFrom', () => {
  it('takes a ready verifier as it is', () => {
    const verifier = createVerifier(options);
    expect(verifierFrom({ verifier }, 'test')).toBe(verifier);
  });

  it('creates a verifier from verifier options', () => {
    expect(verifierFrom(options, 'test').issuers).toHaveLength(1);
  });

  it('rejects a verifier that is not one, naming the adapter', () => {
    expect(() => verifierFrom({ verifier: {} as never }, 'express')).toThrow(
      new TypeError('tokenward: express: verifier must be a verifier from createVerifier()'),
    );
  });

  it('reports mistakes in the options through createVerifier', () => {
    expect(() => verifierFrom({ issuers: [], clockTolerance: 1 } as never, 'express')).toThrow(/unknown option 'clockTolerance'/);
  });
});
