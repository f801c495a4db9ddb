import { importJWK } from 'jose';
import type { JwsAlgorithm, PublicJwk, SignatureBackend } from '../shared/types.js';

type VerifyParams = AlgorithmIdentifier | RsaPssParams | EcdsaParams;

const PARAMS: Readonly<Record<JwsAlgorithm, VerifyParams>> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  RS384: { name: 'RSASSA-PKCS1-v1_5' },
  RS512: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams,
  PS384: { name: 'RSA-PSS', saltLength: 48 } as RsaPssParams,
  PS512: { name: 'RSA-PSS', saltLength: 64 } as RsaPssParams,
  ES256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  ES384: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
  ES512: { name: 'ECDSA', hash: 'SHA-512' } as EcdsaParams,
  EdDSA: { name: 'Ed25519' },
  Ed25519: { name: 'Ed25519' },
};

/** ECDSA signatures in JWS are raw r||s of fixed length; anything else is invalid, never "converted". */
const ECDSA_SIGNATURE_BYTES: Partial<Record<JwsAlgorithm, number>> = { ES256: 64, ES384: 96, ES512: 132 };

/** WebCrypto signature checks, the backend on every runtime (Workers, Deno, Bun, browsers, Node). */
export const webCryptoBackend: SignatureBackend = {
  name: 'webcrypto',
  async importKey(jwk: PublicJwk, alg: JwsAlgorithm): Promise<unknown> {
    // Only the public members go to importJWK: a JWK carrying "d" must never become a private key here.
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...publicJwk } = jwk as Record<string, unknown>;
    return importJWK({ ...publicJwk, alg: alg === 'Ed25519' ? 'Ed25519' : alg, ext: false }, alg);
  },
  async verify(alg, key, signature, data): Promise<boolean> {
    const expectedLength = ECDSA_SIGNATURE_BYTES[alg];
    if (expectedLength !== undefined && signature.byteLength !== expectedLength) return false;
    return crypto.subtle.verify(PARAMS[alg], key as CryptoKey, signature as BufferSource, data as BufferSource);
  },
};
