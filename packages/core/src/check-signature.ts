import { algorithmsForKey, isSupportedAlgorithm, SUPPORTED_ALGORITHMS } from './crypto/algorithms.js';
import { AlgorithmNotAllowedError, SignatureInvalidError } from './errors.js';
import type { CompiledIssuer } from './issuer-registry.js';
import type { KeyResolver, ResolvedKey } from './jwks/index.js';
import type { ParsedJws } from './token/parse-token.js';
import type { SignatureBackend } from './types.js';

/**
 * Verifies a parsed JWS with the issuer's key for its `kid`. The token's `alg` is only a claim to be
 * checked: it must be a supported asymmetric algorithm, allowed by the issuer, and one the key's own
 * type (and `alg`, when the key names one) allows. `none` and HMAC can never get this far.
 */
export async function checkSignature(
  jws: ParsedJws,
  issuer: CompiledIssuer,
  keys: KeyResolver,
  backend: SignatureBackend,
): Promise<ResolvedKey> {
  const alg = jws.header.alg;
  if (!isSupportedAlgorithm(alg) || (issuer.algorithms !== null && !issuer.algorithms.has(alg))) {
    throw new AlgorithmNotAllowedError('the token is signed with an algorithm this issuer does not allow', {
      claim: 'alg',
      expected: issuer.algorithms ? [...issuer.algorithms] : SUPPORTED_ALGORITHMS,
      found: alg,
    });
  }
  const resolved = await keys.resolve(issuer.config, jws.header.kid, alg);
  const allowed = algorithmsForKey(resolved.jwk);
  if (!allowed.includes(alg)) {
    throw new AlgorithmNotAllowedError('the token\'s algorithm does not fit its key', { claim: 'alg', expected: allowed, found: alg });
  }
  let valid: boolean;
  try {
    valid = await backend.verify(alg, resolved.key, jws.signature, jws.signingInput);
  } catch (cause) {
    throw new SignatureInvalidError('the token signature is invalid', { cause });
  }
  if (!valid) throw new SignatureInvalidError('the token signature is invalid');
  return resolved;
}
