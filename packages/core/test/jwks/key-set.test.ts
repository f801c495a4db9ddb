import { beforeAll, describe, expect, it } from 'vitest';
import { buildKeySet } from '../../src/keys/key-set.js';
import type { PublicJwk } from '../../src/shared/types.js';
import { publicKey } from './helpers.js';

let a: PublicJwk;
let b: PublicJwk;
let ec: PublicJwk;

beforeAll(async () => {
  [a, b, ec] = await Promise.all([publicKey('a'), publicKey('b'), publicKey('a', 'ec')]);
});

describe('buildKeySet', () => {
  it('indexes usable keys by kid with the algorithms each verifies by default and could verify', () => {
    const set = buildKeySet([a, { ...b, alg: 'PS256' }]);
    expect(set.withKid('a')[0]).toMatchObject({ algorithms: ['RS256'], family: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] });
    expect(set.withKid('b')[0]).toMatchObject({ algorithms: ['PS256'], family: ['PS256'] });
    expect(set.withKid('c')).toEqual([]);
  });

  it('skips an unusable key without dropping the rest of the set', () => {
    const set = buildKeySet([{ ...a, use: 'enc' }, b]);
    expect(set.entries.map((e) => e.kid)).toEqual(['b']);
  });

  it('remembers why a kid was skipped', () => {
    const set = buildKeySet([{ ...a, use: 'enc' }]);
    expect(set.rejectionOf('a')).toBe('its "use" is not "sig"');
  });

  it('keeps the first of two keys sharing a kid and an algorithm', () => {
    const set = buildKeySet([a, { ...b, kid: 'a' }]);
    expect(set.withKid('a')).toHaveLength(1);
    expect(set.withKid('a')[0]?.jwk.n).toBe(a.n);
    expect(set.rejected).toEqual([{ kid: 'a', reason: 'another key with the same "kid" and algorithm comes first in the set' }]);
  });

  it('keeps both keys sharing a kid when their algorithms differ', () => {
    const set = buildKeySet([a, ec]);
    expect(set.withKid('a').map((e) => e.jwk.kty)).toEqual(['RSA', 'EC']);
  });

  it('keeps both RSA keys sharing a kid when each names a different alg', () => {
    const set = buildKeySet([
      { ...a, alg: 'RS256' },
      { ...b, kid: 'a', alg: 'PS256' },
    ]);
    expect(set.withKid('a')).toHaveLength(2);
  });

  it('drops an exact duplicate silently', () => {
    const set = buildKeySet([a, { ...a }]);
    expect(set.entries).toHaveLength(1);
    expect(set.rejected).toEqual([]);
  });

  it('does not report a rejection for a kid that also has a usable key', () => {
    const set = buildKeySet([a, { ...b, kid: 'a' }]);
    expect(set.rejectionOf('a')).toBeUndefined();
  });

  it('keeps keys without a kid', () => {
    const { kid: _kid, ...anonymous } = a;
    const set = buildKeySet([anonymous]);
    expect(set.entries).toHaveLength(1);
    expect(set.entries[0]?.kid).toBeUndefined();
  });

  it('freezes the keys it keeps', () => {
    expect(Object.isFrozen(buildKeySet([a]).entries[0]?.jwk)).toBe(true);
  });

  it('carries rejections made earlier (unreadable certificates)', () => {
    const set = buildKeySet([], [{ kid: 'x', reason: 'its certificate is not a PEM string' }]);
    expect(set.rejectionOf('x')).toBe('its certificate is not a PEM string');
  });
});
