import { algorithmsForKey } from '../crypto/algorithms.js';
import { decodeBase64Url } from '../token/base64url.js';
import type { PublicJwk } from '../shared/types.js';
import { hasRocaFingerprint } from './roca.js';

export const MIN_RSA_MODULUS_BITS = 2048;

/** Members only a private or symmetric key has. A published key carrying them is compromised. */
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const EC_COORDINATE_BYTES: Readonly<Record<string, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };
const ED25519_PUBLIC_BYTES = 32;

function bitLength(bytes: Uint8Array): number {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  if (start === bytes.length) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start] as number));
}

function decoded(value: unknown): Uint8Array | undefined {
  return typeof value === 'string' && value.length > 0 ? decodeBase64Url(value) : undefined;
}

function rsaProblem(jwk: PublicJwk): string | undefined {
  const n = decoded(jwk.n);
  const e = decoded(jwk.e);
  if (!n || !e) return 'its RSA "n" or "e" is missing or not base64url';
  const bits = bitLength(n);
  if (bits < MIN_RSA_MODULUS_BITS) return `its RSA modulus has ${bits} bits, at least ${MIN_RSA_MODULUS_BITS} are required`;
  const exponentBits = bitLength(e);
  // e = 1 makes "signatures" trivial; an even e is not a valid RSA exponent.
  if (exponentBits < 2 || ((e[e.length - 1] as number) & 1) === 0) return 'its RSA public exponent is not an odd number ≥ 3';
  if (hasRocaFingerprint(n)) return 'its RSA modulus has the ROCA weakness (CVE-2017-15361)';
  return undefined;
}

function ecProblem(jwk: PublicJwk): string | undefined {
  const size = typeof jwk.crv === 'string' ? EC_COORDINATE_BYTES[jwk.crv] : undefined;
  if (size === undefined) return 'its EC curve is not P-256, P-384 or P-521';
  const x = decoded(jwk.x);
  const y = decoded(jwk.y);
  if (!x || !y) return 'its EC "x" or "y" is missing or not base64url';
  if (x.length !== size || y.length !== size) return `its EC coordinates are not ${size} bytes long`;
  return undefined;
}

function okpProblem(jwk: PublicJwk): string | undefined {
  if (jwk.crv !== 'Ed25519') return 'its OKP curve is not Ed25519';
  const x = decoded(jwk.x);
  if (!x || x.length !== ED25519_PUBLIC_BYTES) return `its Ed25519 "x" is not ${ED25519_PUBLIC_BYTES} base64url bytes`;
  return undefined;
}

function materialProblem(jwk: PublicJwk): string | undefined {
  switch (jwk.kty) {
    case 'RSA':
      return rsaProblem(jwk);
    case 'EC':
      return ecProblem(jwk);
    case 'OKP':
      return okpProblem(jwk);
    default:
      return 'its key type ("kty") is not RSA, EC or OKP';
  }
}

function usageProblem(jwk: PublicJwk): string | undefined {
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'its "use" is not "sig"';
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops) || !jwk.key_ops.every((op) => typeof op === 'string'))
      return 'its "key_ops" is not an array of strings';
    if (!jwk.key_ops.includes('verify')) return 'its "key_ops" do not include "verify"';
  }
  if (jwk.alg !== undefined && algorithmsForKey(jwk).length === 0)
    return 'its "alg" is not a supported signature algorithm for its key type';
  return undefined;
}

/**
 * Says why a published key must not be used to verify signatures, or returns undefined when it
 * may. Such keys are skipped, never fatal to their set. A key that publishes private members
 * (`d`, …) is skipped rather than stripped: its private half is public, so anyone could have
 * signed with it.
 */
export function whyKeyIsUnusable(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return 'it is not a JSON object';
  const jwk = candidate as PublicJwk;
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') return 'its "kid" is not a string';
  if (SECRET_MEMBERS.some((member) => member in jwk)) return 'it publishes private or secret key material';
  return materialProblem(jwk) ?? usageProblem(jwk);
}
