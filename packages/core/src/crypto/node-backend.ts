/**
 * Signature checks on `node:crypto`, reached only through the `node` export condition. On Node,
 * `crypto.verify` with a `KeyObject` imported once per key costs far less per token than
 * `crypto.subtle.verify` (measured in bench/). WebCrypto stays the backend everywhere else.
 */

import { constants, createPublicKey, verify, type JsonWebKey, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import type { JwsAlgorithm, PublicJwk, SignatureBackend } from '../shared/types.js';

type Digest = 'sha256' | 'sha384' | 'sha512';

interface Scheme {
  readonly digest: Digest | null;
  readonly kty: 'RSA' | 'EC' | 'OKP';
  readonly pssSaltLength?: number;
  /** ECDSA signatures in JWS are raw r||s of this length; anything else is invalid, never "converted". */
  readonly ecdsaBytes?: number;
  readonly curve?: string;
}

const SCHEMES: Readonly<Record<JwsAlgorithm, Scheme>> = {
  RS256: { digest: 'sha256', kty: 'RSA' },
  RS384: { digest: 'sha384', kty: 'RSA' },
  RS512: { digest: 'sha512', kty: 'RSA' },
  PS256: { digest: 'sha256', kty: 'RSA', pssSaltLength: 32 },
  PS384: { digest: 'sha384', kty: 'RSA', pssSaltLength: 48 },
  PS512: { digest: 'sha512', kty: 'RSA', pssSaltLength: 64 },
  ES256: { digest: 'sha256', kty: 'EC', ecdsaBytes: 64, curve: 'prime256v1' },
  ES384: { digest: 'sha384', kty: 'EC', ecdsaBytes: 96, curve: 'secp384r1' },
  ES512: { digest: 'sha512', kty: 'EC', ecdsaBytes: 132, curve: 'secp521r1' },
  EdDSA: { digest: null, kty: 'OKP', curve: 'ed25519' },
  Ed25519: { digest: null, kty: 'OKP', curve: 'ed25519' },
};

const KEY_TYPE: Readonly<Record<Scheme['kty'], string>> = { RSA: 'rsa', EC: 'ec', OKP: 'ed25519' };

/** What `crypto.verify` is given per algorithm, built once per imported key. */
type PreparedKey = KeyObject | VerifyKeyObjectInput;

interface NodeKey {
  readonly alg: JwsAlgorithm;
  readonly input: PreparedKey;
}

function prepare(key: KeyObject, scheme: Scheme): PreparedKey {
  if (scheme.pssSaltLength !== undefined) {
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.pssSaltLength };
  }
  if (scheme.ecdsaBytes !== undefined) return { key, dsaEncoding: 'ieee-p1363' };
  return key;
}

export const nodeCryptoBackend: SignatureBackend = {
  name: 'node:crypto',
  async importKey(jwk: PublicJwk, alg: JwsAlgorithm): Promise<unknown> {
    const scheme = SCHEMES[alg];
    // Only the public members are imported: a JWK carrying "d" must never become a private key here.
    const { kty, n, e, crv, x, y } = jwk;
    if (kty !== scheme.kty) throw new TypeError(`a ${alg} key must have kty ${scheme.kty}, found ${String(kty)}`);
    const members: JsonWebKey = kty === 'RSA' ? { kty, n, e } : kty === 'EC' ? { kty, crv, x, y } : { kty, crv, x };
    const key = createPublicKey({ key: members, format: 'jwk' });
    if (key.asymmetricKeyType !== KEY_TYPE[scheme.kty]) {
      throw new TypeError(`a ${alg} key must be ${KEY_TYPE[scheme.kty]}, found ${String(key.asymmetricKeyType)}`);
    }
    if (scheme.curve !== undefined && scheme.kty === 'EC' && key.asymmetricKeyDetails?.namedCurve !== scheme.curve) {
      throw new TypeError(`a ${alg} key must be on ${scheme.curve}, found ${String(key.asymmetricKeyDetails?.namedCurve)}`);
    }
    const prepared: NodeKey = { alg, input: prepare(key, scheme) };
    return prepared;
  },
  verify(alg, key, signature, data): boolean {
    const scheme = SCHEMES[alg];
    const prepared = key as NodeKey;
    if (prepared.alg !== alg) return false;
    if (scheme.ecdsaBytes !== undefined && signature.byteLength !== scheme.ecdsaBytes) return false;
    return verify(scheme.digest, data, prepared.input, signature);
  },
};
