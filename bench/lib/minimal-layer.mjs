/**
 * The minimal JWT layer over `crypto.verify`: the least any correct verifier of an issuer's access tokens
 * must do per token, with its keys already fetched. It is the bench's floor for "a whole verifier", not a
 * product: no discovery, no key refresh, no error types, no size limits, no clock tolerance.
 *
 *   split on '.', base64url-decode and JSON.parse header and payload, pick the cached KeyObject by `kid`,
 *   refuse an `alg` other than the key's, check iss, aud and exp (nbf when present), then crypto.verify.
 */
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';

const DIGEST = { RS256: 'sha256', ES256: 'sha256', EdDSA: null };
const KTY_ALG = { RSA: 'RS256', EC: 'ES256', OKP: 'EdDSA' };

/** `jwks`: `{ keys: [...] }` with `kid` on each key; `algorithms`: the accepted `alg` values. */
export function createMinimalLayer({ jwks, issuer, audience, algorithms = ['RS256'] }) {
  const keys = new Map();
  for (const jwk of jwks.keys) {
    const alg = jwk.alg ?? KTY_ALG[jwk.kty];
    if (!algorithms.includes(alg) || jwk.use === 'enc') continue;
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    keys.set(jwk.kid, { alg, key: alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key });
  }

  /** Returns the payload, or throws `Error` naming the check that failed. */
  return function verifyToken(token) {
    const first = token.indexOf('.');
    const second = token.indexOf('.', first + 1);
    if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) throw new Error('malformed');
    const header = JSON.parse(Buffer.from(token.slice(0, first), 'base64url').toString());
    const entry = keys.get(header.kid);
    if (entry === undefined) throw new Error('unknown kid');
    if (header.alg !== entry.alg) throw new Error('alg mismatch');
    const payload = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString());
    if (payload.iss !== issuer) throw new Error('iss');
    if (Array.isArray(payload.aud) ? !payload.aud.includes(audience) : payload.aud !== audience) throw new Error('aud');
    const now = Date.now() / 1000;
    if (typeof payload.exp !== 'number' || payload.exp <= now) throw new Error('exp');
    if (payload.nbf !== undefined && !(payload.nbf <= now)) throw new Error('nbf');
    const signature = Buffer.from(token.slice(second + 1), 'base64url');
    if (!cryptoVerify(DIGEST[entry.alg], Buffer.from(token.slice(0, second)), entry.key, signature)) throw new Error('signature');
    return payload;
  };
}
