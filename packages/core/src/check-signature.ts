import { SignatureInvalidError } from './errors.js';
import type { KeyResolver, ResolvedKey } from './jwks/index.js';
import type { ParsedJws } from './token/parse-token.js';
import type { IssuerConfig, JwsAlgorithm, SignatureBackend } from './types.js';

function judge(valid: boolean): void {
  if (!valid) throw new SignatureInvalidError('the token signature is invalid');
}

function verifyWith(jws: ParsedJws, backend: SignatureBackend, resolved: ResolvedKey): ResolvedKey | Promise<ResolvedKey> {
  let valid: boolean | Promise<boolean>;
  try {
    valid = backend.verify(resolved.alg, resolved.key, jws.signature, jws.signingInput);
  } catch (cause) {
    throw new SignatureInvalidError('the token signature is invalid', { cause });
  }
  if (typeof valid === 'boolean') {
    judge(valid);
    return resolved;
  }
  return valid.then(
    (answer) => (judge(answer), resolved),
    (cause: unknown) => {
      throw new SignatureInvalidError('the token signature is invalid', { cause });
    },
  );
}

/**
 * Verifies a parsed JWS with the issuer's key for its `kid`. The token's `alg` is only a claim to be
 * checked: the resolver accepts it only when it is supported, allowed by the issuer, and allowed by
 * the key's own type (and `alg`, when the key names one), so `none` and HMAC never reach a key.
 * Synchronous when the key is cached and the backend answers synchronously (node:crypto); may throw.
 */
export function checkSignature(
  jws: ParsedJws,
  issuer: IssuerConfig,
  keys: KeyResolver,
  backend: SignatureBackend,
): ResolvedKey | Promise<ResolvedKey> {
  const { kid, alg } = jws.header;
  // Cached keys are found without a promise; anything else (a fetch, an import, an error) goes through resolve.
  const cached = keys.peek(issuer, kid, alg as JwsAlgorithm);
  if (cached !== undefined) return verifyWith(jws, backend, cached);
  return keys.resolve(issuer, kid, alg as JwsAlgorithm).then((key) => verifyWith(jws, backend, key));
}
