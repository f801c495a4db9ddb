import { describe, expect, it } from 'vitest';
import { algorithmsForKey, defaultAlgorithmsForKey } from '../../src/crypto/algorithms.js';

describe('defaultAlgorithmsForKey', () => {
  it.each([
    ['an RSA key', { kty: 'RSA' }, ['RS256']],
    ['a P-256 key', { kty: 'EC', crv: 'P-256' }, ['ES256']],
    ['a P-384 key', { kty: 'EC', crv: 'P-384' }, ['ES384']],
    ['a P-521 key', { kty: 'EC', crv: 'P-521' }, ['ES512']],
    ['an Ed25519 key (EdDSA, and Ed25519, its fully specified name)', { kty: 'OKP', crv: 'Ed25519' }, ['EdDSA', 'Ed25519']],
  ])('gives %s that names no alg one algorithm', (_what, jwk, expected) => {
    expect(defaultAlgorithmsForKey(jwk)).toEqual(expected);
  });

  it('gives a key that names its alg exactly that alg', () => {
    expect(defaultAlgorithmsForKey({ kty: 'RSA', alg: 'PS384' })).toEqual(['PS384']);
  });

  it('gives a key of an unsupported type or curve nothing', () => {
    expect(defaultAlgorithmsForKey({ kty: 'EC', crv: 'secp256k1' })).toEqual([]);
    expect(defaultAlgorithmsForKey({ kty: 'oct' })).toEqual([]);
  });
});

describe('algorithmsForKey', () => {
  it('lists every algorithm an RSA key that names no alg could verify, for an issuer to choose from', () => {
    expect(algorithmsForKey({ kty: 'RSA' })).toEqual(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']);
  });
});
