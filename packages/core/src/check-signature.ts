import { SignatureInvalidError } from './errors.js';
import type { KeyResolver, ResolvedKey } from './jwks/index.js';
import type { ParsedJws } from './token/parse-token.js';
import type { IssuerConfig, JwsAlgorithm, SignatureBackend } from './types.js';

/**
 * Verifies a parsed JWS with the issuer's key for its `kid`. The token's `alg` is only a claim to be
 * checked: the resolver accepts it only when it is supported, allowed by the issuer, and allowed by
 * the key's own type (and `alg`, when the key names one), so `none` and HMAC never reach a key.
 */
export async function checkSignature(
  jws: ParsedJws,
  issuer: IssuerConfig,
  keys: KeyResolver,
  backend: SignatureBackend,
): Promise<ResolvedKey> {
  const resolved = await keys.resolve(issuer, jws.header.kid, jws.header.alg as JwsAlgorithm);
  let valid: boolean;
  try {
    valid = await backend.verify(resolved.alg, resolved.key, jws.signature, jws.signingInput);
  } catch (cause) {
    throw new SignatureInvalidError('the token signature is invalid', { cause });
  }
  if (!valid) throw new SignatureInvalidError('the token signature is invalid');
  return resolved;
}
