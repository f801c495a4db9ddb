import { beforeAll, describe, expect, it } from 'vitest';
import { buildKeySet, type KeySet } from '../../src/keys/key-set.js';
import { selectKey } from '../../src/keys/select-key.js';
import type { PublicJwk } from '../../src/shared/types.js';
import { publicKey } from './helpers.js';

let rsa: PublicJwk;
let ec: PublicJwk;
let set: KeySet;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([publicKey('r1'), publicKey('e1', 'ec')]);
  set = buildKeySet([rsa, ec, { ...rsa, kid: 'weak', e: 'AQ' }]);
});

describe('selectKey', () => {
  it('finds the key named by kid that can verify the algorithm', () => {
    expect(selectKey(set, 'r1', 'RS256')).toMatchObject({ kind: 'found', entry: { kid: 'r1' } });
  });

  it('finds a key that names no alg for another algorithm of its family only when the issuer lists it', () => {
    expect(selectKey(set, 'r1', 'PS256')).toEqual({ kind: 'wrong-algorithm', allowed: ['RS256'] });
    expect(selectKey(set, 'r1', 'PS256', ['PS256'])).toMatchObject({ kind: 'found', entry: { kid: 'r1' } });
  });

  it('reports a kid that is not in the set as missing', () => {
    expect(selectKey(set, 'nope', 'RS256')).toEqual({ kind: 'missing' });
  });

  it('reports a kid that names only a rejected key with the reason', () => {
    expect(selectKey(set, 'weak', 'RS256')).toEqual({ kind: 'rejected', reason: 'its RSA public exponent is not an odd number ≥ 3' });
  });

  it('reports the algorithms a named key allows when the token uses another', () => {
    expect(selectKey(set, 'e1', 'RS256')).toEqual({ kind: 'wrong-algorithm', allowed: ['ES256'] });
  });

  it('without a kid, uses the only key that can verify the algorithm', () => {
    expect(selectKey(set, undefined, 'ES256')).toMatchObject({ kind: 'found', entry: { kid: 'e1' } });
  });

  it('without a kid, refuses to choose among several candidates', async () => {
    const two = buildKeySet([rsa, await publicKey('r2')]);
    expect(selectKey(two, undefined, 'RS256')).toEqual({ kind: 'ambiguous', candidates: 2 });
  });

  it('without a kid, reports missing when no key can verify the algorithm', () => {
    expect(selectKey(set, undefined, 'EdDSA')).toEqual({ kind: 'missing' });
  });
});
