import { beforeAll, describe, expect, it } from 'vitest';
import { whyKeyIsUnusable } from '../../src/keys/check-public-key.js';
import type { PublicJwk } from '../../src/shared/types.js';
import { publicKey } from './helpers.js';

/** base64url of big-endian bytes. */
function b64u(bytes: number[] | Uint8Array): string {
  return Buffer.from(Uint8Array.from(bytes)).toString('base64url');
}

let rsa: PublicJwk;
let ec: PublicJwk;
let ed: PublicJwk;

beforeAll(async () => {
  [rsa, ec, ed] = await Promise.all([publicKey('rsa'), publicKey('ec', 'ec'), publicKey('ed', 'ed25519')]);
});

describe('whyKeyIsUnusable', () => {
  it('accepts a 2048-bit RSA key, a P-256 key and an Ed25519 key', () => {
    expect(whyKeyIsUnusable(rsa)).toBeUndefined();
    expect(whyKeyIsUnusable(ec)).toBeUndefined();
    expect(whyKeyIsUnusable(ed)).toBeUndefined();
  });

  it('rejects something that is not an object', () => {
    expect(whyKeyIsUnusable('key')).toBe('it is not a JSON object');
    expect(whyKeyIsUnusable([rsa])).toBe('it is not a JSON object');
  });

  it('rejects a key type other than RSA, EC or OKP', () => {
    expect(whyKeyIsUnusable({ kty: 'oct', kid: 'h' })).toMatch(/kty/);
  });

  it('rejects a symmetric key, whose secret is published', () => {
    expect(whyKeyIsUnusable({ kty: 'oct', k: 'c2VjcmV0' })).toBe('it publishes private or secret key material');
  });

  it('rejects a key that publishes its private exponent', () => {
    expect(whyKeyIsUnusable({ ...rsa, d: 'AQAB' })).toBe('it publishes private or secret key material');
  });

  it('rejects an RSA modulus under 2048 bits, counting bits after leading zero bytes', async () => {
    const weak = await publicKey('weak', 'rsa1024');
    expect(whyKeyIsUnusable(weak)).toBe('its RSA modulus has 1024 bits, at least 2048 are required');
    const padded = Buffer.concat([Buffer.alloc(2), Buffer.from(weak.n as string, 'base64url')]);
    expect(whyKeyIsUnusable({ ...weak, n: b64u(padded) })).toMatch(/1024 bits/);
  });

  it('counts a 2048-bit modulus with a leading zero byte as 2048 bits', () => {
    const padded = Buffer.concat([Buffer.alloc(1), Buffer.from(rsa.n as string, 'base64url')]);
    expect(whyKeyIsUnusable({ ...rsa, n: b64u(padded) })).toBeUndefined();
  });

  it('rejects a public exponent of 1', () => {
    expect(whyKeyIsUnusable({ ...rsa, e: b64u([1]) })).toBe('its RSA public exponent is not an odd number ≥ 3');
  });

  it('rejects an even public exponent', () => {
    expect(whyKeyIsUnusable({ ...rsa, e: b64u([1, 0, 0]) })).toMatch(/exponent/);
  });

  it('accepts the exponent 3', () => {
    expect(whyKeyIsUnusable({ ...rsa, e: b64u([3]) })).toBeUndefined();
  });

  it('rejects an RSA key whose n is missing or not base64url', () => {
    expect(whyKeyIsUnusable({ kty: 'RSA', e: 'AQAB' })).toMatch(/"n" or "e"/);
    expect(whyKeyIsUnusable({ ...rsa, n: `${rsa.n}==` })).toMatch(/"n" or "e"/);
  });

  it('rejects an EC curve other than P-256, P-384 or P-521', () => {
    expect(whyKeyIsUnusable({ ...ec, crv: 'secp256k1' })).toBe('its EC curve is not P-256, P-384 or P-521');
  });

  it('rejects an EC key without y', () => {
    const { y: _y, ...noY } = ec;
    expect(whyKeyIsUnusable(noY)).toMatch(/"x" or "y"/);
  });

  it('rejects EC coordinates of the wrong length for the curve', () => {
    expect(whyKeyIsUnusable({ ...ec, crv: 'P-384' })).toBe('its EC coordinates are not 48 bytes long');
  });

  it('rejects an OKP curve other than Ed25519', () => {
    expect(whyKeyIsUnusable({ ...ed, crv: 'X25519' })).toBe('its OKP curve is not Ed25519');
  });

  it('rejects a key whose use is not sig', () => {
    expect(whyKeyIsUnusable({ ...rsa, use: 'enc' })).toBe('its "use" is not "sig"');
    expect(whyKeyIsUnusable({ ...rsa, use: 'sig' })).toBeUndefined();
  });

  it('rejects a key whose key_ops leave out verify', () => {
    expect(whyKeyIsUnusable({ ...rsa, key_ops: ['encrypt'] })).toBe('its "key_ops" do not include "verify"');
    expect(whyKeyIsUnusable({ ...rsa, key_ops: ['verify'] })).toBeUndefined();
  });

  it('rejects malformed key_ops', () => {
    expect(whyKeyIsUnusable({ ...rsa, key_ops: 'verify' })).toMatch(/not an array of strings/);
  });

  it('rejects an alg that is not a signature algorithm of the key type', () => {
    expect(whyKeyIsUnusable({ ...rsa, alg: 'RSA-OAEP' })).toMatch(/"alg"/);
    expect(whyKeyIsUnusable({ ...rsa, alg: 'ES256' })).toMatch(/"alg"/);
    expect(whyKeyIsUnusable({ ...rsa, alg: 'HS256' })).toMatch(/"alg"/);
  });

  it('rejects a kid that is not a string', () => {
    expect(whyKeyIsUnusable({ ...rsa, kid: 7 })).toBe('its "kid" is not a string');
  });
});
