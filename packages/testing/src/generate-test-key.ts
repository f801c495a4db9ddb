import { importJWK } from 'jose';
import { assertAlgorithm, familyOf } from './algorithms.js';
import { generateKeyMaterial } from './key-pool.js';
import { toPublicJwk } from './keys/jwk-types.js';
import type { TestAlgorithm, TestPublicJwk } from './types.js';

export interface GeneratedTestKey {
  readonly kid: string;
  readonly alg: TestAlgorithm;
  /** Extractable, bound to `alg`: pass it to jose's `SignJWT#sign`. */
  readonly privateKey: CryptoKey;
  /** `{ kty, kid, use: 'sig', alg, … }`, ready for a JWKS or a static key list. */
  readonly publicJwk: TestPublicJwk;
}

/**
 * Generates a fresh key pair that no test issuer publishes (a foreign key, or keys of your own).
 * The kid defaults to the RFC 7638 thumbprint.
 *
 * @example
 * const attacker = await generateTestKey('RS256');
 * const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: issuer.keys[0].kid }).sign(attacker.privateKey);
 */
export async function generateTestKey(alg: TestAlgorithm, kid?: string): Promise<GeneratedTestKey> {
  assertAlgorithm('generateTestKey() alg', alg);
  if (kid !== undefined && (typeof kid !== 'string' || kid.length === 0)) {
    throw new TypeError('@tokenward/testing: generateTestKey() kid must be a non-empty string');
  }
  const material = await generateKeyMaterial(familyOf(alg), kid);
  const privateKey = (await importJWK({ ...material.jwk }, alg, { extractable: true })) as CryptoKey;
  const publicJwk: TestPublicJwk = { ...toPublicJwk(material.jwk), use: 'sig', alg };
  return { kid: material.kid, alg, privateKey, publicJwk };
}
