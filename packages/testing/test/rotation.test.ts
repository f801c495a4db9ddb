import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../src/index.js';
import { verify } from './helpers.js';

const open: TestIssuer[] = [];
async function issuerWith(...args: Parameters<typeof createTestIssuer>): Promise<TestIssuer> {
  const issuer = await createTestIssuer(...args);
  open.push(issuer);
  return issuer;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((i) => i.close()));
});

const kidsOf = (issuer: TestIssuer) => issuer.publicJwks().keys.map((k) => k.kid);

describe('key rotation', () => {
  it('publishes the new key next to the old one and makes it the default signer', async () => {
    const issuer = await issuerWith();
    const old = issuer.keys[0]?.kid;
    const { kid } = await issuer.rotate();
    expect(kid).not.toBe(old);
    expect(kidsOf(issuer)).toEqual([old, kid]);
    expect(issuer.keys.map((k) => [k.kid, k.active])).toEqual([
      [old, false],
      [kid, true],
    ]);
    const { protectedHeader } = await verify(issuer, await issuer.mint());
    expect(protectedHeader.kid).toBe(kid);
  });

  it('unpublishes the previous signer with keepOld false', async () => {
    const issuer = await issuerWith();
    const old = issuer.keys[0]?.kid ?? '';
    const { kid } = await issuer.rotate({ keepOld: false });
    expect(kidsOf(issuer)).toEqual([kid]);
    expect(issuer.keys.find((k) => k.kid === old)?.published).toBe(false);
    await expect(verify(issuer, await issuer.mint({}, { kid: old }))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('rotates to another algorithm', async () => {
    const issuer = await issuerWith();
    await issuer.rotate({ alg: 'ES384' });
    const { protectedHeader } = await verify(issuer, await issuer.mint());
    expect(protectedHeader.alg).toBe('ES384');
  });

  it('lists the algorithms of published keys in discovery after a rotation', async () => {
    const issuer = await issuerWith();
    await issuer.rotate({ alg: 'PS256' });
    const doc = (await (await fetch(issuer.discoveryUrl)).json()) as { id_token_signing_alg_values_supported: string[] };
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256', 'PS256']);
  });

  it('generates keys once the committed ones of a family run out', async () => {
    const issuer = await issuerWith({ algorithms: ['ES512'] });
    const rotated = [await issuer.rotate(), await issuer.rotate()];
    const kids = kidsOf(issuer);
    expect(new Set(kids).size).toBe(3);
    expect(kids[0]).toMatch(/^tokenward-test-p521-/);
    expect(rotated[1]?.kid).not.toMatch(/^tokenward-test-/);
    await expect(verify(issuer, await issuer.mint())).resolves.toBeDefined();
  });

  it('removes a key from the JWKS while mint() can still sign with it', async () => {
    const issuer = await issuerWith({ algorithms: ['RS256', 'ES256'] });
    const removed = issuer.keys[1]?.kid ?? '';
    issuer.removeKey(removed);
    expect(kidsOf(issuer)).toEqual([issuer.keys[0]?.kid]);
    await expect(verify(issuer, await issuer.mint({}, { kid: removed }))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('keeps a removed active key as the default signer, so new tokens stop verifying', async () => {
    const issuer = await issuerWith();
    issuer.removeKey(issuer.keys[0]?.kid ?? '');
    expect(issuer.publicJwks().keys).toEqual([]);
    await expect(verify(issuer, await issuer.mint())).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('throws on removeKey for an unknown kid', async () => {
    const issuer = await issuerWith();
    expect(() => issuer.removeKey('nope')).toThrow(TypeError);
  });

  it('never gives two open issuers the same key', async () => {
    const [a, b] = [await issuerWith(), await issuerWith()];
    expect(a.keys[0]?.kid).not.toBe(b.keys[0]?.kid);
    await expect(verify(b, await a.mint({ iss: b.issuer }))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('returns keys to the pool on close', async () => {
    const first = await createTestIssuer();
    const kid = first.keys[0]?.kid;
    await first.close();
    const second = await issuerWith();
    expect(second.keys[0]?.kid).toBe(kid);
  });
});

describe('key rotation with the next key published ahead (nextKey: true)', () => {
  /** A verifier with jose's default cooldown (30 s): an unknown kid soon after a fetch is not refetched. */
  const verifierOf = (issuer: TestIssuer) => {
    const keys = createRemoteJWKSet(new URL(issuer.jwksUri));
    return (token: string) => jwtVerify(token, keys, { issuer: issuer.issuer });
  };

  it('verifies a token of the rotated key with a verifier that fetched the keys just before the rotation', async () => {
    const issuer = await issuerWith({ nextKey: true });
    const verify = verifierOf(issuer);
    await verify(await issuer.mint());
    const { kid } = await issuer.rotate();
    const { protectedHeader } = await verify(await issuer.mint());
    expect(protectedHeader.kid).toBe(kid);
    expect(issuer.requests.jwks).toBe(1);
  });

  it('publishes the current key and the next one, and rotate() makes the next one current', async () => {
    const issuer = await issuerWith({ nextKey: true });
    const [current, next] = issuer.keys;
    expect(issuer.keys.map((k) => [k.active, k.next])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(kidsOf(issuer)).toEqual([current?.kid, next?.kid]);
    const { kid } = await issuer.rotate();
    expect(kid).toBe(next?.kid);
    const upcoming = issuer.keys.find((k) => k.next);
    expect(upcoming?.kid).not.toBe(current?.kid);
    expect(kidsOf(issuer)).toEqual([current?.kid, next?.kid, upcoming?.kid]);
  });

  it('unpublishes the previous signer with keepOld false and keeps the new next key published', async () => {
    const issuer = await issuerWith({ nextKey: true });
    const old = issuer.keys[0]?.kid;
    const { kid } = await issuer.rotate({ keepOld: false });
    expect(kidsOf(issuer)).toEqual([kid, issuer.keys.find((k) => k.next)?.kid]);
    expect(kidsOf(issuer)).not.toContain(old);
  });

  it('rotates to another algorithm with a key that was not announced, and announces the next key of that algorithm', async () => {
    const issuer = await issuerWith({ nextKey: true });
    const announced = issuer.keys.find((k) => k.next)?.kid;
    const { kid } = await issuer.rotate({ alg: 'ES256' });
    expect(kid).not.toBe(announced);
    expect(kidsOf(issuer)).not.toContain(announced);
    expect(issuer.keys.find((k) => k.next)?.alg).toBe('ES256');
    const { protectedHeader } = await verify(issuer, await issuer.mint());
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid });
  });

  it('publishes no next key by default, so rotate() adds a key the JWKS never carried', async () => {
    const issuer = await issuerWith();
    const before = kidsOf(issuer);
    const { kid } = await issuer.rotate();
    expect(before).not.toContain(kid);
    expect(issuer.keys.some((k) => k.next)).toBe(false);
  });

  it('rejects a nextKey that is not a boolean', async () => {
    await expect(createTestIssuer({ nextKey: 'yes' as unknown as boolean })).rejects.toThrow(TypeError);
  });
});
