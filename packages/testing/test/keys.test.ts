import { importJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateTestKey, TEST_KEYS, toPublicJwk, WEAK_KEYS } from '../src/index.js';

describe('TEST_KEYS', () => {
  it('holds 6 RSA-2048, 3 P-256, 2 P-384, 2 P-521 and 3 Ed25519 keys with unique kids', () => {
    expect(TEST_KEYS.rsa).toHaveLength(6);
    expect(TEST_KEYS.p256).toHaveLength(3);
    expect(TEST_KEYS.p384).toHaveLength(2);
    expect(TEST_KEYS.p521).toHaveLength(2);
    expect(TEST_KEYS.ed25519).toHaveLength(3);
    const all = Object.values(TEST_KEYS).flat();
    expect(new Set(all.map((k) => k.kid)).size).toBe(all.length);
    for (const k of TEST_KEYS.rsa) expect(Buffer.from(k.n, 'base64url').length * 8).toBe(2048);
  });

  it('import and sign with jose for every family', async () => {
    const pairs = [
      [TEST_KEYS.rsa[0], 'PS384'],
      [TEST_KEYS.p256[0], 'ES256'],
      [TEST_KEYS.p384[0], 'ES384'],
      [TEST_KEYS.p521[0], 'ES512'],
      [TEST_KEYS.ed25519[0], 'EdDSA'],
    ] as const;
    for (const [jwk, alg] of pairs) {
      const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg }).sign(await importJWK(jwk, alg));
      await expect(jwtVerify(token, await importJWK(toPublicJwk(jwk), alg))).resolves.toBeDefined();
    }
  });
});

describe('toPublicJwk()', () => {
  it('keeps only the public members', () => {
    expect(toPublicJwk(TEST_KEYS.p256[0])).toEqual({
      kid: TEST_KEYS.p256[0].kid,
      kty: 'EC',
      crv: 'P-256',
      x: TEST_KEYS.p256[0].x,
      y: TEST_KEYS.p256[0].y,
    });
    expect(Object.keys(toPublicJwk(TEST_KEYS.rsa[0])).sort()).toEqual(['e', 'kid', 'kty', 'n']);
  });
});

describe('WEAK_KEYS', () => {
  it('holds a private RSA-1024 key that jose refuses to sign with', async () => {
    expect(Buffer.from(WEAK_KEYS.rsa1024.n, 'base64url').length * 8).toBe(1024);
    const key = await importJWK(WEAK_KEYS.rsa1024, 'RS256');
    await expect(new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign(key)).rejects.toThrow(/2048/);
  });

  it('holds a public RSA key with exponent 1', () => {
    expect(WEAK_KEYS.rsaExponent1).toMatchObject({ kty: 'RSA', e: 'AQ' });
    expect(WEAK_KEYS.rsaExponent1).not.toHaveProperty('d');
  });
});

describe('generateTestKey()', () => {
  it('returns an extractable private key and a public JWK whose kid is the thumbprint', async () => {
    const key = await generateTestKey('ES256');
    expect(key.privateKey.extractable).toBe(true);
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256', kid: key.kid });
    expect(key.kid).toMatch(/^[\w-]{43}$/);
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(key.privateKey);
    await expect(jwtVerify(token, await importJWK(key.publicJwk, 'ES256'))).resolves.toBeDefined();
  });

  it('uses the kid it is given', async () => {
    expect((await generateTestKey('EdDSA', 'mine')).publicJwk.kid).toBe('mine');
  });

  it('rejects an unknown algorithm', async () => {
    await expect(generateTestKey('HS256' as never)).rejects.toThrow(TypeError);
  });
});
